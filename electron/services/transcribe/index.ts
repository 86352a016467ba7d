/**
 * Offline transcription for the services: the status of the model folder the user chose, and the transcript of one
 * piece of 16 kHz audio (the renderer cuts longer recordings and joins the texts). Recognition runs in a process of
 * its own (host.ts, worker.ts); this thread only checks file names and passes messages.
 *
 * Nothing here opens a connection: the engine is given absolute paths inside the chosen folder and the audio it was
 * sent, and the transcript goes back to the caller only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TranscriptionStatus } from '../../../shared/api';
import { ServiceError } from '../errors';
import { packageRoot } from '../paths';
import { ChildFailed, TranscriberHost, nodeSpawner, type Spawner } from './host';
import { detectModel, type ModelFiles } from './layout';
import { MAX_CHUNK_SAMPLES, SAMPLE_RATE, type EngineChoice } from './protocol';

export { utilityProcessSpawner, type UtilityProcessLike } from './host';

export interface TranscriptionOptions {
  /** 'fake' only in tests; default 'sherpa', or 'fake' when MLDRILL_TRANSCRIBE_ENGINE=fake (end-to-end tests). */
  engine?: EngineChoice;
  /** How to start the process; default Node's fork (none inside Electron: the shell passes utilityProcessSpawner). */
  spawn?: Spawner | null;
  /** The built worker; default the bundle beside this one (see findTranscribeWorker). */
  workerScript?: string | null;
  idleMs?: number;
  requestTimeoutMs?: number;
}

export interface Transcription {
  status(modelDir: string | null): Promise<TranscriptionStatus>;
  transcribe(modelDir: string | null, pcm16: string): Promise<{ text: string }>;
  close(): void;
}

export const WORKER_FILES = ['transcribe-worker.mjs', 'transcribe-worker.cjs'] as const;

/** The worker bundle beside the running bundle, or (running from source) the one in dist/node/. */
export function findTranscribeWorker(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const name of WORKER_FILES) {
    const file = path.join(here, name);
    if (fs.existsSync(file)) return file;
  }
  try {
    const file = path.join(packageRoot(import.meta.url), 'dist', 'node', WORKER_FILES[0]);
    if (fs.existsSync(file)) return file;
  } catch {
    // Not inside the package: no worker.
  }
  return null;
}

export const NO_MODEL_MESSAGE =
  'No speech model is set up, so recordings are kept without a transcript. To add one, download a sherpa-onnx Moonshine tiny or Whisper tiny.en model, unpack it and choose its folder in Settings → Transcription.';

const ENGINE_NAMES = { moonshine: 'Moonshine', whisper: 'Whisper' } as const;

/** A cached answer for a folder, valid while its files' sizes and times are unchanged. */
interface Checked {
  signature: string;
  status: TranscriptionStatus;
}

function signature(files: ModelFiles): string {
  return Object.entries(files)
    .filter(([k]) => k !== 'engine')
    .map(([, f]) => {
      const st = fs.statSync(f as string);
      return `${f as string}:${st.size}:${st.mtimeMs}`;
    })
    .join('|');
}

/**
 * The line of an engine's output that says what went wrong: onnxruntime's exception text after `what():` when it
 * aborted, otherwise the first line that is not part of a stack dump.
 */
export function explainOutput(text: string): string {
  const lines = text.split('\n').map((l) => l.trim());
  const what = lines.findLast((l) => l.includes('what():'));
  if (what) return what.slice(what.indexOf('what():') + 'what():'.length).trim();
  const stack = /^(\d+: |at |=+|-+|#\d|Native stack|FATAL ERROR|\(node:\d+\))/;
  return lines.find((l) => l !== '' && !stack.test(l)) ?? '';
}

/** The user's sentence for a failure in the transcription process. */
function describeFailure(dir: string, stage: 'engine-missing' | 'load' | 'transcribe' | 'crash', detail: string): string {
  const why = explainOutput(detail).slice(0, 400);
  switch (stage) {
    case 'engine-missing':
      return `Transcription is not available on this computer: ${why}. Recording and replay still work.`;
    case 'load':
      return `The model in ${dir} could not be loaded (${why || 'the speech engine refused it'}). A file is probably damaged, incomplete or from another model: download and unpack the model again, or choose another folder.`;
    case 'crash':
      return `The speech engine stopped while reading the model in ${dir}${why ? ` (${why})` : ''}. A file is probably damaged or incomplete: download and unpack the model again, or choose another folder. The app itself is unaffected.`;
    case 'transcribe':
      return `The speech engine could not transcribe this audio (${why}).`;
  }
}

export function createTranscription(opts: TranscriptionOptions = {}): Transcription {
  const engine: EngineChoice = opts.engine ?? (process.env.MLDRILL_TRANSCRIBE_ENGINE === 'fake' ? 'fake' : 'sherpa');
  const spawn = opts.spawn === undefined ? nodeSpawner() : opts.spawn;
  const script = opts.workerScript === undefined ? findTranscribeWorker() : opts.workerScript;
  const host = spawn && script ? new TranscriberHost({ script, spawn, engine, idleMs: opts.idleMs, requestTimeoutMs: opts.requestTimeoutMs }) : null;
  const checked = new Map<string, Checked>();

  const unavailable = (modelDir: string | null, message: string): TranscriptionStatus => ({ available: false, modelDir, message });

  /** Detects the folder's layout and loads it in the transcription process (once per version of its files). */
  const check = async (modelDir: string | null): Promise<{ status: TranscriptionStatus; files: ModelFiles | null }> => {
    if (modelDir === null) return { status: unavailable(null, NO_MODEL_MESSAGE), files: null };
    if (!host) {
      const why = !spawn
        ? 'this build of the app cannot start the transcription process'
        : 'the transcription worker is missing from this build (run `node scripts/build-node.mjs`)';
      return { status: unavailable(modelDir, `Transcription is not available: ${why}. Recording and replay still work.`), files: null };
    }
    const found = detectModel(modelDir);
    if (!found.ok) return { status: unavailable(modelDir, found.problem), files: null };
    let sig: string;
    try {
      sig = signature(found.files);
    } catch (e) {
      return { status: unavailable(modelDir, `A file of the model cannot be read (${(e as Error).message}).`), files: null };
    }
    const cached = checked.get(found.dir);
    if (cached?.signature === sig) return { status: cached.status, files: cached.status.available ? found.files : null };

    let status: TranscriptionStatus;
    let keep = true;
    try {
      const reply = await host.request({ type: 'load', files: found.files });
      status = reply.ok
        ? {
            available: true,
            engine: found.files.engine,
            modelDir: found.dir,
            message: `${ENGINE_NAMES[found.files.engine]} model ready. Transcripts are made on this computer; audio never leaves it.`,
          }
        : unavailable(found.dir, describeFailure(found.dir, reply.stage === 'engine-missing' ? 'engine-missing' : 'load', reply.message));
    } catch (e) {
      if (e instanceof ChildFailed && e.timedOut) {
        // Slow (a busy machine), not broken: say so, and try again on the next check.
        keep = false;
        status = unavailable(found.dir, `Loading the model in ${found.dir} took too long (${e.message}). Choose “Check again” when the computer is less busy.`);
      } else {
        const stderr = e instanceof ChildFailed ? e.stderr : '';
        status = unavailable(found.dir, describeFailure(found.dir, 'crash', stderr || (e as Error).message));
      }
    }
    if (keep) checked.set(found.dir, { signature: sig, status });
    return { status, files: status.available ? found.files : null };
  };

  return {
    status: async (modelDir) => (await check(modelDir)).status,
    transcribe: async (modelDir, pcm16) => {
      // The schema bounds the text; this bounds the samples and refuses what is not 16-bit PCM.
      if (pcm16.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(pcm16)) {
        throw new ServiceError('invalid-argument', 'The audio must be base64 of 16-bit little-endian PCM at 16 kHz.');
      }
      const bytes = (pcm16.length / 4) * 3 - (pcm16.endsWith('==') ? 2 : pcm16.endsWith('=') ? 1 : 0);
      if (bytes % 2 !== 0) throw new ServiceError('invalid-argument', `The audio has ${bytes} bytes; 16-bit samples need an even number.`);
      if (bytes / 2 > MAX_CHUNK_SAMPLES) {
        throw new ServiceError('invalid-argument', `One call carries at most ${MAX_CHUNK_SAMPLES / SAMPLE_RATE} s of audio; cut longer recordings into pieces.`);
      }
      const { status, files } = await check(modelDir);
      if (!files || !host) throw new ServiceError('not-found', status.message);
      // Under a tenth of a second there is nothing to recognise (and Moonshine refuses very short input).
      if (bytes / 2 < SAMPLE_RATE / 10) return { text: '' };
      let reply;
      try {
        reply = await host.request({ type: 'transcribe', files, pcm16 });
      } catch (e) {
        checked.delete(path.resolve(modelDir!));
        const stderr = e instanceof ChildFailed ? e.stderr : '';
        throw new ServiceError('internal', describeFailure(path.resolve(modelDir!), 'crash', stderr || (e as Error).message), true);
      }
      if (!reply.ok) throw new ServiceError('internal', describeFailure(path.resolve(modelDir!), reply.stage === 'transcribe' ? 'transcribe' : 'load', reply.message));
      return { text: reply.text };
    },
    close: () => host?.close(),
  };
}
