import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../../shared/result';
import { ChunkUploader, UPLOAD_RETRY_MS, base64ToBytes, blobToBase64, describeCaptureError, levelOf, levelWords } from './capture';

const blob = (text: string) => new Blob([text]);

/** A fake service: answers each send from the script in turn (ok once it runs out), recording what was sent. */
function service(script: Result<unknown>[] = []) {
  const sent: { seq: number; text: string; durationMs: number }[] = [];
  const waits: number[] = [];
  const uploader = new ChunkUploader(
    async (seq, data, durationMs) => {
      sent.push({ seq, text: new TextDecoder().decode(base64ToBytes(data)), durationMs });
      return script.shift() ?? ok({});
    },
    async (ms) => void waits.push(ms),
  );
  return { uploader, sent, waits };
}

describe('the chunk uploader', () => {
  it('sends chunks in order, one at a time, numbered from 0', async () => {
    const { uploader, sent } = service();
    uploader.push(blob('a'), 1000);
    uploader.push(blob('b'), 2000);
    uploader.push(blob(''), 2500);
    uploader.push(blob('c'), 3000);
    await uploader.drain();
    expect(sent).toEqual([
      { seq: 0, text: 'a', durationMs: 1000 },
      { seq: 1, text: 'b', durationMs: 2000 },
      { seq: 2, text: 'c', durationMs: 3000 },
    ]);
    expect(uploader.sent).toBe(3);
    expect(uploader.failure).toBeNull();
  });

  it('retries a failure that can pass, with growing waits, and counts a repeat the service already had as sent', async () => {
    const busy = err('storage', 'the disk is busy', true);
    const { uploader, sent, waits } = service([busy, busy, err('conflict', 'Chunk 0 of recording 1 is already stored (it has 1); a chunk is never stored twice.')]);
    uploader.push(blob('a'), 1000);
    uploader.push(blob('b'), 2000);
    await uploader.drain();
    expect(sent.map((s) => s.seq)).toEqual([0, 0, 0, 1]);
    expect(waits).toEqual([UPLOAD_RETRY_MS[0], UPLOAD_RETRY_MS[1]]);
    expect(uploader.sent).toBe(2);
  });

  it('stops at a failure retrying cannot fix, and sends nothing after it', async () => {
    const refused = err('invalid-argument', 'The first chunk is not audio/webm;codecs=opus audio.');
    const { uploader, sent } = service([refused]);
    uploader.push(blob('a'), 1000);
    uploader.push(blob('b'), 2000);
    await uploader.drain();
    uploader.push(blob('c'), 3000);
    await uploader.drain();
    expect(sent.map((s) => s.text)).toEqual(['a']);
    expect(uploader.failure).toEqual(refused.ok ? null : refused.error);
    expect(uploader.sent).toBe(0);
  });

  it('gives up on a retryable failure after the last wait', async () => {
    const busy = err('storage', 'the disk is full', true);
    const { uploader, sent } = service(Array.from({ length: 10 }, () => busy));
    uploader.push(blob('a'), 1000);
    await uploader.drain();
    expect(sent).toHaveLength(UPLOAD_RETRY_MS.length + 1);
    expect(uploader.failure?.message).toBe('the disk is full');
  });
});

describe('audio helpers', () => {
  it('base64 survives a round trip of every byte value and of a chunk larger than one conversion block', async () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => i % 256);
    const text = await blobToBase64(new Blob([bytes]));
    expect(text).toBe(btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join('')));
    expect(base64ToBytes(text)).toEqual(bytes);
  });

  it('the meter reads silence as 0, full scale as 1, speech-like levels between, with words for each', () => {
    expect(levelOf(new Float32Array(512))).toBe(0);
    expect(levelOf(new Float32Array(512).fill(1))).toBe(1);
    const speech = levelOf(Float32Array.from({ length: 512 }, (_, i) => 0.1 * Math.sin(i / 5)));
    expect(speech).toBeGreaterThan(0.5);
    expect(speech).toBeLessThan(0.9);
    expect(levelWords(0)).toMatch(/^silent/);
    expect(levelWords(speech)).toBe('good');
  });

  it('says what to do for each way the microphone can fail', () => {
    expect(describeCaptureError(Object.assign(new Error('x'), { name: 'NotAllowedError' }))).toMatch(/not allowed.*press Record again/);
    expect(describeCaptureError(Object.assign(new Error('x'), { name: 'NotFoundError' }))).toMatch(/No microphone was found/);
    expect(describeCaptureError(Object.assign(new Error('x'), { name: 'NotReadableError' }))).toMatch(/another app may be using it/);
    expect(describeCaptureError(new Error('weird'))).toBe('The microphone could not be started (Error).');
  });
});
