// recording-kb-per-min: the size of one minute of recorded speech, recorded through the real app (`mldrill serve`
// and its page in Chromium, Record pressed in a drill's answer) with Chromium's fake microphone playing English
// spoken by espeak-ng (Chromium loops the file, so a short one fills the minute). The value is the stored file's
// size scaled to exactly one minute of the recording's own duration. Reference: the same minute as 16-bit mono PCM
// WAV at the capture file's rate. Target: value <= 300 KB. Without espeak-ng or Chromium the figure has value null
// and `skipped` says why.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM, fakeMicrophoneArgs, startServe } from '../scripts/serve-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARGET_KB = 300;
const TEXT =
  'Start from the base rate of positives. A missed fraud case costs money while a false alarm costs a phone call, ' +
  'so choose precision and recall over accuracy, set the threshold from the cost of errors, and watch calibration as the data drifts.';

const figure = (fields) => ({ name: 'recording-kb-per-min', unit: 'KB', target: TARGET_KB, ...fields });
const skipped = (why) => [figure({ value: null, reference: null, ratio: null, met: null, skipped: why })];
const round = (x) => Math.round(x * 10) / 10;

/** The speech file Chromium's fake microphone plays, at 48 kHz when sox is there to resample espeak-ng's 22.05 kHz. */
function speechWav(dir) {
  const raw = path.join(dir, 'raw.wav');
  execFileSync('espeak-ng', ['-w', raw, TEXT], { stdio: 'ignore' });
  const file = path.join(dir, 'speech.wav');
  try {
    execFileSync('sox', [raw, '-r', '48000', file], { stdio: 'ignore' });
    return file;
  } catch {
    return raw;
  }
}

/**
 * @param {{ rendererDir?: string, seconds?: number }} [opts] seconds: how long to record (default 60; the value is
 *   scaled to a minute either way).
 */
export async function measureRecording(opts = {}) {
  const seconds = opts.seconds ?? 60;
  const exe = CHROMIUM;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-rec-'));
  let wav;
  try {
    wav = speechWav(work);
  } catch {
    fs.rmSync(work, { recursive: true, force: true });
    return skipped('espeak-ng is not installed (apt-get install espeak-ng), so there is no speech to record');
  }
  const rate = fs.readFileSync(wav).readUInt32LE(24);
  const dataDir = path.join(work, 'data');
  const server = await startServe({ dataDir, env: { MLDRILL_RENDERER_DIR: opts.rendererDir ?? process.env.MLDRILL_RENDERER_DIR ?? path.join(root, 'dist', 'renderer') } });
  let browser;
  try {
    browser = await chromium.launch({
      ...(exe ? { executablePath: exe } : {}),
      args: fakeMicrophoneArgs(wav),
    });
  } catch (e) {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
    return skipped(`Chromium could not start: ${e.message.split('\n')[0]}`);
  }
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.locator('label[data-area="evaluation"] input[type="checkbox"]').check();
    await page.getByLabel('Questions').fill('1');
    await page.getByRole('button', { name: 'Start drill' }).click();
    await page.locator('main.drill[data-phase="answer"]').waitFor();
    await page.getByRole('button', { name: /^Record/ }).click();
    await page.locator('[data-testid="recorder"][data-state="recording"]').waitFor();
    await page.waitForTimeout(seconds * 1000);
    await page.getByRole('button', { name: /Stop recording/ }).click();
    await page.locator('[data-testid^="replay-"][data-ready]').waitFor({ timeout: 30_000 });
    const [row] = await page.evaluate(async () => {
      const res = await fetch('./api/listRecordings', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionStorage.getItem('mldrill.token') ?? ''}` },
        body: JSON.stringify({ sessionId: 1, position: 0 }),
      });
      return (await res.json()).value;
    });
    const files = fs.readdirSync(path.join(dataDir, 'recordings'));
    const bytes = fs.statSync(path.join(dataDir, 'recordings', files[0])).size;
    const minutes = row.durationMs / 60_000;
    const value = bytes / 1024 / minutes;
    const reference = (rate * 2 * 60 + 44) / 1024;
    return [figure({ value: round(value), reference: round(reference), ratio: Math.round((value / reference) * 1000) / 1000, met: value <= TARGET_KB, durationMs: row.durationMs, bytes, captureRate: rate })];
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// `node bench/recording.mjs [seconds]` prints the figure on its own.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await measureRecording({ seconds: process.argv[2] ? Number(process.argv[2]) : undefined }), null, 2));
}
