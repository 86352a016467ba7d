import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { durationLabel, joinTranscripts, mixToMono, resampledLength, splitAtQuietPoints, toPcm16Base64 } from './transcribe-audio';

/** The 16-bit little-endian samples in base64 text, read back with the DOM's own atob. */
function samplesOf(base64: string): number[] {
  const bin = atob(base64);
  const view = new DataView(Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer);
  return Array.from({ length: bin.length / 2 }, (_, i) => view.getInt16(i * 2, true));
}

const RATE = 1000; // small numbers keep the arrays small; the rules do not depend on the rate

/** A signal loud everywhere except in the given [from, to) second ranges. */
function speech(seconds: number, quiet: [number, number][] = []): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (let i = 0; i < out.length; i++) {
    const t = i / RATE;
    out[i] = quiet.some(([a, b]) => t >= a && t < b) ? 0 : 0.5 * Math.sin(i);
  }
  return out;
}

describe('cutting long recordings', () => {
  it('keeps a recording of up to the limit in one piece', () => {
    expect(splitAtQuietPoints(speech(30), RATE, 30)).toEqual([{ start: 0, end: 30 * RATE }]);
    expect(splitAtQuietPoints(new Float32Array(0), RATE, 30)).toEqual([{ start: 0, end: 0 }]);
  });

  it('cuts in the pause, not at the limit', () => {
    const pieces = splitAtQuietPoints(speech(50, [[21, 21.4]]), RATE, 30);
    expect(pieces).toHaveLength(2);
    const cut = pieces[0]!.end / RATE;
    expect(cut).toBeGreaterThanOrEqual(21);
    expect(cut).toBeLessThan(21.4);
  });

  it('with no pause at all, still cuts within the limit, and never into slivers', () => {
    const pieces = splitAtQuietPoints(speech(95), RATE, 30);
    for (const p of pieces) expect(p.end - p.start).toBeLessThanOrEqual(30 * RATE);
    // The cut is looked for in a piece's second half, so every piece but the last is at least 15 s.
    for (const p of pieces.slice(0, -1)) expect(p.end - p.start).toBeGreaterThanOrEqual(15 * RATE);
  });

  it('always covers the whole recording with contiguous pieces no longer than the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 40 }), (length, maxSeconds) => {
        const samples = new Float32Array(length).map((_, i) => Math.sin(i * 0.37) * ((i * 7919) % 13) * 0.05);
        const pieces = splitAtQuietPoints(samples, RATE, maxSeconds);
        expect(pieces[0]!.start).toBe(0);
        expect(pieces.at(-1)!.end).toBe(length);
        for (let i = 0; i < pieces.length; i++) {
          expect(pieces[i]!.end - pieces[i]!.start).toBeLessThanOrEqual(maxSeconds * RATE);
          if (length > 0) expect(pieces[i]!.end).toBeGreaterThan(pieces[i]!.start);
          if (i > 0) expect(pieces[i]!.start).toBe(pieces[i - 1]!.end);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('encoding a piece', () => {
  it('writes 16-bit little-endian samples, clamping what is out of range', () => {
    expect(samplesOf(toPcm16Base64(Float32Array.of(0, 1, -1, 0.5, 2, -3)))).toEqual([0, 32767, -32768, 16384, 32767, -32768]);
  });

  it('encodes 30 s at 16 kHz (more than one slice of the binary string) exactly', () => {
    const samples = new Float32Array(480_000).map((_, i) => Math.sin(i / 10) * 0.9);
    const encoded = toPcm16Base64(samples);
    expect(encoded.length).toBe(1_280_000);
    const values = samplesOf(encoded);
    expect(values).toHaveLength(480_000);
    // Float32 rounding of the input, then the same scaling: within one step of 16-bit.
    expect(Math.abs(values[123_457]! - Math.sin(12_345.7) * 0.9 * 32767)).toBeLessThanOrEqual(2);
  });
});

describe('the rest', () => {
  it('mixes channels to their average, and passes one channel through', () => {
    expect([...mixToMono([Float32Array.of(1, 0.5, 0), Float32Array.of(0, 0.5, 1)])]).toEqual([0.5, 0.5, 0.5]);
    const one = Float32Array.of(0.25);
    expect(mixToMono([one])).toBe(one);
  });

  it('joins the pieces’ texts with single spaces and leaves out silent pieces', () => {
    expect(joinTranscripts([' First part. ', '', 'second\n part ', '   '])).toBe('First part. second part');
    expect(joinTranscripts([])).toBe('');
  });

  it('works out the resampled length, rounding up so no sound is lost', () => {
    expect(resampledLength(48_000, 48_000)).toBe(16_000);
    expect(resampledLength(44_101, 44_100)).toBe(16_001);
    expect(resampledLength(0, 48_000)).toBe(1);
  });

  it('labels durations as minutes and seconds', () => {
    expect(durationLabel(65.4)).toBe('1:05');
    expect(durationLabel(0)).toBe('0:00');
  });
});
