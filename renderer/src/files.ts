/**
 * The user's files in the renderer: reading a dropped or chosen pack file (size first, then strict UTF-8), and
 * saving a file the services made (a native save dialog on the desktop, a download in browser mode).
 */
import type { ExportedFile } from '../../shared/api';
import { err, ok, type Result } from '../../shared/result';
import type { Transport } from './transport';

/** The largest pack file, as shared/pack-schema.ts's MAX_PACK_BYTES (not imported: that module brings zod). */
export const MAX_PACK_FILE_BYTES = 20 * 1024 * 1024;
/** previewImport's fileName limit. */
const MAX_FILE_NAME = 255;

export interface TextFile {
  fileName: string;
  text: string;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  // One decimal, dropped when it is 0: "20 MB", "20.3 MB".
  if (n < 1024 * 1024) return `${Number((n / 1024).toFixed(1))} KB`;
  return `${Number((n / (1024 * 1024)).toFixed(1))} MB`;
}

/** A name the services accept: no folder, 1–255 characters, keeping the extension when it has to be cut. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() || 'pack.json';
  if (base.length <= MAX_FILE_NAME) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : '';
  return base.slice(0, MAX_FILE_NAME - ext.length) + ext;
}

/** The size check, before a byte is read: a 2 GB file dropped by mistake must not be loaded into memory. */
export function checkFileSize(name: string, size: number, maxBytes = MAX_PACK_FILE_BYTES): string | null {
  if (size > maxBytes) {
    const [is, limit] = [formatBytes(size), formatBytes(maxBytes)];
    return `${name} is ${is === limit ? `over ${limit}` : is}; a pack file can be at most ${limit}. It was not read.`;
  }
  if (size === 0) return `${name} is empty.`;
  return null;
}

/** Strict UTF-8 (a byte-order mark is dropped); a file in another encoding is refused, not read as mojibake. */
export function decodeUtf8(name: string, bytes: ArrayBuffer | Uint8Array): Result<string> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return err(
      'invalid-argument',
      `${name} is not UTF-8 text. Save it again as UTF-8 (in a spreadsheet: "CSV UTF-8"; in an editor: encoding UTF-8) and import it again.`,
    );
  }
}

/** Reads a File the user dropped or chose: the size first, then the bytes as strict UTF-8. */
export async function readTextFile(file: Blob & { name: string }, maxBytes = MAX_PACK_FILE_BYTES): Promise<Result<TextFile>> {
  const fileName = safeFileName(file.name);
  const tooBig = checkFileSize(fileName, file.size, maxBytes);
  if (tooBig) return err('too-large', tooBig);
  let bytes: ArrayBuffer;
  try {
    bytes = await file.arrayBuffer();
  } catch (e) {
    return err('not-found', `${fileName} could not be read${e instanceof Error && e.message ? `: ${e.message}` : ''}.`);
  }
  const text = decodeUtf8(fileName, bytes);
  return text.ok ? ok({ fileName, text: text.value }) : text;
}

const MIME: Record<string, string> = { json: 'application/json', csv: 'text/csv' };

/** Offers the browser's download of a text file (browser mode has no save dialog of its own). */
function download(file: ExportedFile): void {
  const ext = file.fileName.split('.').pop()?.toLowerCase() ?? '';
  const url = URL.createObjectURL(new Blob([file.text], { type: `${MIME[ext] ?? 'text/plain'};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = safeFileName(file.fileName);
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click returns; the delay covers slow starts.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Saves a file the services made: the native save dialog on the desktop (`saved: false` when the user cancels),
 * the browser's download in browser mode.
 */
export async function saveExportedFile(transport: Pick<Transport, 'api' | 'kind'>, file: ExportedFile): Promise<Result<{ saved: boolean; how: 'dialog' | 'download' }>> {
  const saveFile = transport.api.saveFile;
  if (saveFile) {
    let r: Awaited<ReturnType<typeof saveFile>>;
    try {
      r = await saveFile({ suggestedName: safeFileName(file.fileName), text: file.text });
    } catch (e) {
      return err('internal', `The save did not finish: ${e instanceof Error ? e.message : String(e)}`, true);
    }
    return r.ok ? ok({ saved: r.value.saved, how: 'dialog' }) : r;
  }
  try {
    download(file);
  } catch (e) {
    return err('internal', `The download could not start: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  return ok({ saved: true, how: 'download' });
}
