/**
 * Transcription in browser mode with the fake engine (MLDRILL_TRANSCRIBE_ENGINE=fake: the real engine needs a
 * downloaded model, which CI does not have; test/integration/transcribe.test.ts runs the real one where a model is
 * present). What this checks is the app's own path: Settings says how to get a model and takes a folder, then a
 * recording made with Chromium's fake microphone is decoded by Web Audio in the page, resampled to 16 kHz, sent in
 * pieces, and the transcript lands in the answer after what was typed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tone, wavFile } from '../fixtures/wav';
import type { Page } from '@playwright/test';
import { acceptDialogs, answerBox, startDrill } from './steps';
import { CHROMIUM, fakeMicrophoneArgs } from '../../scripts/serve-process.mjs';
import { expect, test } from './fixtures';

/** A 16-bit mono WAV: 1.5 s of a 300 Hz tone, 1 s of silence, 1.5 s of tone, repeated. */
function captureWav(): Buffer {
  const loud = (t: number) => t % 4 < 1.5 || (t % 4 >= 2.5 && t % 4 < 4);
  return wavFile(8, (i, rate) => (loud(i / rate) ? tone(300)(i, rate) : 0));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-transcribe-e2e-'));
const captureFile = path.join(work, 'capture.wav');
fs.writeFileSync(captureFile, captureWav());

/** A folder laid out like sherpa-onnx's Moonshine download; the fake engine reads only the tokens file. */
function modelFolder(name: string, tokens = '<unk> 0\n'): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of ['preprocess.onnx', 'encode.int8.onnx', 'uncached_decode.int8.onnx', 'cached_decode.int8.onnx']) fs.writeFileSync(path.join(dir, f), Buffer.alloc(4096, 1));
  fs.writeFileSync(path.join(dir, 'tokens.txt'), tokens);
  return dir;
}

test.use({
  serverEnv: { MLDRILL_TRANSCRIBE_ENGINE: 'fake' },
  launchOptions: {
    executablePath: CHROMIUM,
    args: fakeMicrophoneArgs(captureFile),
  },
});
test.afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Transcription (optional)' })).toBeVisible();
}

const status = (page: Page) => page.locator('.transcription-status');

test('Settings explains how to get a model, takes a folder, and names what is wrong with a bad one', async ({ page, server }) => {
  await page.goto(server.url);
  await openSettings(page);
  await expect(status(page)).toContainText('No speech model is set up');
  await expect(page.locator('.transcription-help')).toContainText('sherpa-onnx-moonshine-tiny-en-int8.tar.bz2');
  await expect(page.locator('.transcription-help')).toContainText('about 120 MB');

  const folder = page.getByLabel('Model folder');
  await folder.fill(path.join(work, 'nowhere'));
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await expect(status(page)).toContainText('does not exist');

  await folder.fill(modelFolder('broken', 'FAKE-ABORT\n'));
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await expect(status(page)).toContainText('The speech engine stopped while reading the model');

  await folder.fill(modelFolder('good'));
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await expect(status(page)).toContainText('Moonshine model ready');
  await expect(page.locator('.transcription-help')).toHaveCount(0);
});

test('a recorded answer is transcribed into the answer box, after what was typed', async ({ page, server }) => {
  test.setTimeout(90_000);
  acceptDialogs(page);
  await page.goto(server.url);
  await openSettings(page);
  await page.getByLabel('Model folder').fill(modelFolder('good'));
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await expect(status(page)).toContainText('Moonshine model ready');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice', exact: true }).click();
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  await answerBox(page).fill('Typed first.');
  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('recorder')).toHaveAttribute('data-state', 'recording');
  await expect(page.getByTestId('recorder-elapsed')).toContainText('0:03', { timeout: 15_000 });
  await page.getByRole('button', { name: /Stop recording/ }).click();

  await page.getByRole('button', { name: 'Transcribe', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Transcript added to your answer' })).toBeVisible({ timeout: 20_000 });
  // The fake engine describes the 16 kHz audio it was sent: about three seconds, much of it sound.
  const value = await answerBox(page).inputValue();
  const m = /^Typed first\.\n\nheard (\d+\.\d)s with (\d+\.\d)s of sound$/.exec(value);
  expect(m, value).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(2.5);
  expect(Number(m![2])).toBeGreaterThan(0.5);
  expect(Number(m![2])).toBeLessThanOrEqual(Number(m![1]));
});

test('without a model, the drill says how to add one instead of offering to transcribe', async ({ page, server }) => {
  acceptDialogs(page);
  await page.goto(server.url);
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  await page.keyboard.press('Alt+r');
  await expect(page.getByTestId('recorder')).toHaveAttribute('data-state', 'recording');
  await expect(page.getByTestId('recorder-elapsed')).toContainText('0:01', { timeout: 15_000 });
  await page.getByRole('button', { name: /Stop recording/ }).click();
  await expect(page.getByRole('note')).toContainText('No speech model is set up');
  await expect(page.getByRole('note')).toContainText('Settings → Transcription after this drill');
  await expect(page.getByRole('button', { name: 'Transcribe', exact: true })).toHaveCount(0);
});
