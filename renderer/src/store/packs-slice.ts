/**
 * A pack import, from the file to the installed pack: read (size, strict UTF-8), preview (validated and diffed by
 * the services, nothing written), apply on the user's word with its progress polled. It lives in the store, not in
 * the Packs screen, so an import keeps going (and its result waits) while the user is on another screen.
 */
import type { ImportPreview, ImportProgress, ImportResult } from '../../../shared/api';
import { err, type ApiError, type Result } from '../../../shared/result';
import { readTextFile, type TextFile } from '../files';
import type { GetState, SetState, SliceDeps } from './types';

export type ImportFlow =
  | { stage: 'idle' }
  /** Reading the file, or waiting for the preview. */
  | { stage: 'reading'; fileName: string }
  /** The file could not be read or previewed; `retry` when asking again may help (the preview call failed). */
  | { stage: 'unreadable'; fileName: string; error: ApiError; retry: boolean }
  /** Shown for the user to confirm; `applyError` when the last Apply failed. */
  | { stage: 'preview'; preview: ImportPreview; force: boolean; applyError: ApiError | null }
  | { stage: 'applying'; preview: ImportPreview; force: boolean; progress: ImportProgress | null }
  | { stage: 'done'; preview: ImportPreview; result: ImportResult };

export interface PacksSlice {
  importFlow: ImportFlow;
  /** Reads a dropped or chosen file and previews it. Refused (with a notice) while an import is being applied. */
  importFile(file: Blob & { name: string }): Promise<void>;
  /** Previews a file already read (the desktop's open dialog reads it in the main process). */
  importText(file: TextFile): Promise<void>;
  /** Asks for the preview of the last file again (after a failed call, or when its preview has expired). */
  retryPreview(): Promise<void>;
  /** "Install the older version anyway". */
  setImportForce(force: boolean): void;
  applyImport(): Promise<void>;
  dismissImport(): void;
}

/** How often the progress of an import being applied is asked for. */
export const IMPORT_POLL_MS = 150;

async function guarded<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (e) {
    return err('internal', `The call did not finish: ${e instanceof Error ? e.message : String(e)}`, true);
  }
}

export function createPacksSlice(set: SetState, get: GetState, { transport }: SliceDeps): PacksSlice {
  const api = transport.api;
  /** The file being imported, kept for "Preview again"; outside the state (it can be 20 MB of text). */
  let lastFile: TextFile | null = null;
  /** Each file gets a number; a reply for a file since replaced is dropped. */
  let seq = 0;

  const busy = () => get().importFlow.stage === 'applying';
  const refuseWhileBusy = (fileName: string) =>
    get().reportError({ code: 'conflict', message: 'another import is being applied; wait until it has finished.', retryable: false }, `Could not import ${fileName}`);

  const preview = async (file: TextFile, mine: number) => {
    lastFile = file;
    set({ importFlow: { stage: 'reading', fileName: file.fileName } });
    const r = await guarded(() => api.previewImport({ fileName: file.fileName, text: file.text }));
    if (mine !== seq) return;
    if (!r.ok) {
      set({ importFlow: { stage: 'unreadable', fileName: file.fileName, error: r.error, retry: true } });
      return;
    }
    set({ importFlow: { stage: 'preview', preview: r.value, force: false, applyError: null } });
  };

  return {
    importFlow: { stage: 'idle' },

    importFile: async (file) => {
      if (busy()) return refuseWhileBusy(file.name);
      const mine = ++seq;
      lastFile = null;
      set({ importFlow: { stage: 'reading', fileName: file.name } });
      const read = await readTextFile(file);
      if (mine !== seq) return;
      if (!read.ok) {
        set({ importFlow: { stage: 'unreadable', fileName: file.name, error: read.error, retry: false } });
        return;
      }
      await preview(read.value, mine);
    },

    importText: async (file) => {
      if (busy()) return refuseWhileBusy(file.fileName);
      await preview(file, ++seq);
    },

    retryPreview: async () => {
      if (!lastFile || busy()) return;
      await preview(lastFile, ++seq);
    },

    setImportForce: (force) =>
      set((s) => (s.importFlow.stage === 'preview' ? { importFlow: { ...s.importFlow, force, applyError: null } } : {})),

    applyImport: async () => {
      const flow = get().importFlow;
      if (flow.stage !== 'preview' || !flow.preview.importId) return;
      const { preview: shown, force } = flow;
      const importId = flow.preview.importId;
      const mine = ++seq;
      set({ importFlow: { stage: 'applying', preview: shown, force, progress: null } });

      // One progress request at a time, every IMPORT_POLL_MS, until the apply answers.
      let polling = true;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const poll = async () => {
        const r = await guarded(() => api.getImportProgress({ importId }));
        const now = get().importFlow;
        if (!polling || mine !== seq || now.stage !== 'applying') return;
        if (r.ok) set({ importFlow: { ...now, progress: r.value } });
        timer = setTimeout(() => void poll(), IMPORT_POLL_MS);
      };
      timer = setTimeout(() => void poll(), IMPORT_POLL_MS);

      const r = await guarded(() => api.applyImport({ importId, force }));
      polling = false;
      clearTimeout(timer);
      if (mine !== seq) return;
      if (r.ok) {
        lastFile = null;
        set({ importFlow: { stage: 'done', preview: shown, result: r.value } });
      } else {
        set({ importFlow: { stage: 'preview', preview: shown, force, applyError: r.error } });
      }
    },

    dismissImport: () => {
      if (busy()) return;
      seq++;
      lastFile = null;
      set({ importFlow: { stage: 'idle' } });
    },
  };
}
