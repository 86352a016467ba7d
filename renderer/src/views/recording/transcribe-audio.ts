/**
 * The pure parts of transcribing a recording in the renderer: mixing to mono, cutting long audio at quiet points
 * into pieces the services accept, encoding each piece as base64 of 16-bit PCM, and joining the pieces' texts.
 * Decoding and resampling themselves are Web Audio's (TranscribeButton.tsx); this file has no DOM.
 */
import { MAX_TRANSCRIBE_SECONDS, TRANSCRIBE_SAMPLE_RATE } from '../../../../shared/transcription';

/** The average of the channels: what a mono microphone would have heard. */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0]!;
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  for (const c of channels) for (let i = 0; i < n; i++) out[i]! += c[i]! / channels.length;
  return out;
}

/** Frames of this length are compared when looking for a quiet place to cut. */
const FRAME_SECONDS = 0.05;

export interface Piece {
  start: number;
  end: number;
}

/**
 * Cuts [0, length) into pieces of at most `maxSeconds`. A piece that must end early ends at the quietest frame in
 * its last half (between words, with luck), so no word is split in two when the speaker paused anywhere there.
 */
export function splitAtQuietPoints(samples: Float32Array, rate = TRANSCRIBE_SAMPLE_RATE, maxSeconds = MAX_TRANSCRIBE_SECONDS): Piece[] {
  const max = Math.floor(rate * maxSeconds);
  const frame = Math.max(1, Math.floor(rate * FRAME_SECONDS));
  const pieces: Piece[] = [];
  let start = 0;
  while (samples.length - start > max) {
    let best = start + max;
    let bestEnergy = Infinity;
    // Whole frames only, so the cut (a frame's middle) and the piece stay within `max`.
    for (let f = start + Math.floor(max / 2); f + frame <= start + max; f += frame) {
      let energy = 0;
      for (let i = f; i < f + frame; i++) energy += samples[i]! * samples[i]!;
      if (energy < bestEnergy) {
        bestEnergy = energy;
        best = f + Math.floor(frame / 2);
      }
    }
    pieces.push({ start, end: best });
    start = best;
  }
  if (samples.length > start || pieces.length === 0) pieces.push({ start, end: samples.length });
  return pieces;
}

/** Samples in [-1, 1] as base64 of 16-bit little-endian PCM, clamped (a loud recording clips rather than wraps). */
export function toPcm16Base64(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  // btoa takes a binary string; built in slices, as one String.fromCharCode call per byte is slow and a single
  // call over a megabyte overflows the argument limit.
  let binary = '';
  const SLICE = 0x8000;
  for (let i = 0; i < bytes.length; i += SLICE) binary += String.fromCharCode(...bytes.subarray(i, i + SLICE));
  return btoa(binary);
}

/** The pieces' texts as one answer: trimmed, empty pieces (silence) left out, one space between. */
export function joinTranscripts(texts: readonly string[]): string {
  return texts
    .map((t) => t.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join(' ');
}

/** How many frames `length` frames at `fromRate` become at `toRate` (what an OfflineAudioContext is asked for). */
export function resampledLength(length: number, fromRate: number, toRate = TRANSCRIBE_SAMPLE_RATE): number {
  return Math.max(1, Math.ceil((length * toRate) / fromRate));
}

/** "1:05" for 65 s: how long a recording is, for the progress line. */
export function durationLabel(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
