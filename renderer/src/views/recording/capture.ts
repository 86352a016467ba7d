/**
 * The parts of recording that are not React: what the browser supports, what a capture error means for the user,
 * turning audio into base64 for the API, and the uploader that sends chunks one at a time, in order, retrying a
 * failure that can pass. Recorder.tsx wires them to MediaRecorder and the screen.
 */
import { RECORDING_MIMES, type RecordingMime } from '../../../../shared/recordings';
import type { ApiError, Result } from '../../../../shared/result';

/** Null when this browser can record; otherwise the sentence to show instead of a Record button that fails. */
export function unsupportedReason(): string | null {
  if (typeof window === 'undefined' || !window.isSecureContext) return 'Recording needs the app itself or browser mode at 127.0.0.1 (a secure page); this page is not one.';
  if (!navigator.mediaDevices?.getUserMedia) return 'This browser cannot use a microphone (no getUserMedia). Use the desktop app, Chrome, Edge or Firefox.';
  if (typeof MediaRecorder === 'undefined') return 'This browser cannot record audio (no MediaRecorder). Use the desktop app, Chrome, Edge or Firefox.';
  if (!pickMime()) return 'This browser cannot record Opus audio in WebM or Ogg, the formats the app keeps. Use the desktop app, Chrome, Edge or Firefox.';
  return null;
}

/** The first format of the service's list this browser records. */
export function pickMime(): RecordingMime | null {
  if (typeof MediaRecorder === 'undefined' || typeof MediaRecorder.isTypeSupported !== 'function') return null;
  return RECORDING_MIMES.find((m) => MediaRecorder.isTypeSupported(m)) ?? null;
}

/** What a failed getUserMedia means, as a sentence that says what to do. */
export function describeCaptureError(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The microphone was not allowed. Allow it for this app (in the browser’s site settings, or the system’s privacy settings) and press Record again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one (or check it is switched on) and press Record again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be started: another app may be using it. Close that app and press Record again.';
    default:
      return `The microphone could not be started (${name || (e instanceof Error ? e.message : String(e))}).`;
  }
}

/** A blob's bytes as base64, without building one huge string of characters first. */
export async function blobToBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Recordings this page is recording or finishing now. A replay of one (beside the checklist, while the recorder
 * still sends its last chunk) must not call it cut short; the list's refetch after finishRecording redraws it.
 */
export const liveRecordings = new Set<number>();

/** Waits before each retry of a chunk whose send failed for a reason that can pass (a busy disk or database). */
export const UPLOAD_RETRY_MS = [500, 1000, 2000, 4000, 8000] as const;

export type SendChunk = (seq: number, data: string, durationMs: number) => Promise<Result<unknown>>;

/**
 * Sends chunks in the order they were recorded, one in flight at a time (the service refuses a gap or a repeat).
 * A retryable failure is retried after UPLOAD_RETRY_MS; a chunk the service says it already has (a reply lost
 * on an earlier try) counts as sent. Any other failure stops the uploads and is kept in `failure`.
 */
export class ChunkUploader {
  private queue: { blob: Blob; durationMs: number }[] = [];
  private running: Promise<void> | null = null;
  sent = 0;
  failure: ApiError | null = null;

  constructor(
    private readonly send: SendChunk,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  push(blob: Blob, durationMs: number): void {
    if (this.failure || blob.size === 0) return;
    this.queue.push({ blob, durationMs });
    this.running ??= this.run().finally(() => (this.running = null));
  }

  /** Settles once every chunk pushed so far is sent, or sending failed. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    for (let next = this.queue.shift(); next && !this.failure; next = this.queue.shift()) {
      const data = await blobToBase64(next.blob);
      for (let tryNo = 0; ; tryNo++) {
        const r = await this.send(this.sent, data, next.durationMs);
        if (r.ok || (tryNo > 0 && r.error.code === 'conflict' && /already stored/.test(r.error.message))) {
          this.sent++;
          break;
        }
        if (!r.error.retryable || tryNo >= UPLOAD_RETRY_MS.length) {
          this.failure = r.error;
          this.queue = [];
          return;
        }
        await this.wait(UPLOAD_RETRY_MS[tryNo]!);
      }
    }
  }
}

/** A level in 0..1 from the loudness of one block of samples (RMS in dBFS, -60 dB silent to 0 dB full scale). */
export function levelOf(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
  return Math.min(1, Math.max(0, (db + 60) / 60));
}

/** The meter's words, for people who cannot see the bar. */
export function levelWords(level: number): string {
  if (level < 0.15) return 'silent: the microphone hears nothing';
  if (level < 0.45) return 'quiet';
  if (level < 0.85) return 'good';
  return 'very loud';
}
