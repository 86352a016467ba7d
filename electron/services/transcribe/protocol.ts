/**
 * The messages between the services and the transcription process (worker.ts). The audio travels as base64 of
 * 16-bit little-endian PCM, exactly as it came from the renderer, so both kinds of child process (Node's fork and
 * Electron's utility process) carry it as a plain string.
 */
import type { ModelFiles } from './layout';

/** Bumped when a message changes, so a bundle built from other sources is noticed instead of misread. */
export const TRANSCRIBE_PROTOCOL = 1;

export { TRANSCRIBE_SAMPLE_RATE as SAMPLE_RATE, MAX_TRANSCRIBE_SAMPLES as MAX_CHUNK_SAMPLES } from '../../../shared/transcription';

export type EngineChoice = 'sherpa' | 'fake';

export type ToChild = { type: 'load'; id: number; files: ModelFiles } | { type: 'transcribe'; id: number; files: ModelFiles; pcm16: string };

/** Why a request failed: the engine's package is absent, the model would not load, or decoding failed. */
export type FailureStage = 'engine-missing' | 'load' | 'transcribe';

export type FromChild =
  | { type: 'hello'; protocol: number }
  | { type: 'result'; id: number; ok: true; text: string }
  | { type: 'result'; id: number; ok: false; stage: FailureStage; message: string };

/** Turns base64 of 16-bit PCM into samples in [-1, 1). Throws on text that is not base64 or an odd byte count. */
export function decodePcm16(base64: string): Float32Array {
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new Error('the audio is not base64 text');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 2 !== 0) throw new Error(`the audio has ${bytes.length} bytes; 16-bit samples need an even number`);
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes.readInt16LE(i * 2) / 32768;
  return out;
}
