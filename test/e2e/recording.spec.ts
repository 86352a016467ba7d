/**
 * Spoken answers in Chromium with its fake microphone: the capture file is speech made by espeak-ng (or a tone
 * when it is missing) in this file's setup, which runs before the browser starts. A drill answer is recorded beside
 * typing; the saved file is decoded in the page (non-silent, the right length) and replayed from History after the
 * server restarts. A recording cut off by killing the server (SIGKILL) mid-answer replays too.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tone, wavFile } from '../fixtures/wav';
import type { Page } from '@playwright/test';
import { acceptDialogs, answerBox, currentQuestion, startDrill } from './steps';
import { CHROMIUM, fakeMicrophoneArgs, waitForServeUrl } from '../../scripts/serve-process.mjs';
import { ROOT, expect, startServe, test } from './fixtures';

const SPEECH = 'Start from the base rate of positives. Choose precision and recall over accuracy, then set the threshold from the cost of errors.';

/** A 16-bit mono WAV of a 440 Hz tone, for machines without espeak-ng or sox. */
const toneWav = (seconds: number) => wavFile(seconds, tone(440));

/** Made when this file loads, before the browser (which reads it at launch) starts. */
function makeCaptureFile(): { file: string; source: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-voice-'));
  const file = path.join(dir, 'speech.wav');
  try {
    const raw = path.join(dir, 'raw.wav');
    execFileSync('espeak-ng', ['-w', raw, SPEECH], { stdio: 'ignore' });
    try {
      execFileSync('sox', [raw, '-r', '48000', file], { stdio: 'ignore' });
    } catch {
      fs.renameSync(raw, file);
    }
    return { file, source: 'espeak-ng' };
  } catch {
    fs.writeFileSync(file, toneWav(8));
    return { file, source: 'a generated tone (espeak-ng is not installed)' };
  }
}

const capture = makeCaptureFile();
test.use({
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      ...fakeMicrophoneArgs(capture.file),
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

/** Through the page's own API client path: the token the app keeps, POST /api/<method>. */
async function call<T>(page: Page, method: string, arg: unknown): Promise<T> {
  return page.evaluate(
    async ([m, a]) => {
      const res = await fetch(`./api/${m}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionStorage.getItem('mldrill.token') ?? ''}` },
        body: JSON.stringify(a),
      });
      const r = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!r.ok) throw new Error(r.error?.message);
      return r.value;
    },
    [method, arg] as const,
  ) as Promise<T>;
}

/** Decodes a stored recording in the page: its length in seconds and its loudness (RMS of every sample). */
async function decode(page: Page, recordingId: number): Promise<{ seconds: number; rms: number; bytes: number }> {
  return page.evaluate(async (id) => {
    const parts: Uint8Array[] = [];
    for (let offset = 0; ; ) {
      const res = await fetch('./api/readRecording', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionStorage.getItem('mldrill.token') ?? ''}` },
        body: JSON.stringify({ recordingId: id, offset }),
      });
      const r = (await res.json()) as { ok: true; value: { data: string; done: boolean } };
      const bin = atob(r.value.data);
      const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      parts.push(bytes);
      offset += bytes.length;
      if (r.value.done) break;
    }
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    const buffer = await new AudioContext().decodeAudioData(all.buffer.slice(0));
    const samples = buffer.getChannelData(0);
    let sum = 0;
    for (const s of samples) sum += s * s;
    return { seconds: buffer.duration, rms: Math.sqrt(sum / samples.length), bytes: all.length };
  }, recordingId);
}

const recorder = (page: Page) => page.getByTestId('recorder');
const recordingIdOf = async (page: Page) => Number((await page.locator('[data-testid^="replay-"][data-ready]').first().getAttribute('data-testid'))!.replace('replay-', ''));

test('record an answer beside typing, keep it, and replay it from History after a restart', async ({ page, server, dataDir }) => {
  test.setTimeout(120_000);
  test.info().annotations.push({ type: 'capture', description: capture.source });
  acceptDialogs(page);
  await page.goto(server.url);
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  const q = await currentQuestion(page);

  // Record with the keyboard shortcut, and type while it runs: the box stays editable.
  await answerBox(page).fill('Base rate first.');
  await page.keyboard.press('Alt+r');
  await expect(recorder(page)).toHaveAttribute('data-state', 'recording');
  const began = Date.now();
  await answerBox(page).pressSequentially(' Then PR-AUC.');
  await expect(answerBox(page)).toHaveValue('Base rate first. Then PR-AUC.');
  // The meter hears the speech.
  await expect.poll(async () => Number(await page.getByTestId('recorder-meter').getAttribute('data-level')), { timeout: 10_000 }).toBeGreaterThan(20);
  await expect(page.getByTestId('recorder-meter')).toHaveAttribute('aria-valuetext', /quiet|good|very loud/);
  await expect(page.getByTestId('recorder-elapsed')).toContainText('0:04', { timeout: 15_000 });
  await page.getByRole('button', { name: /Stop recording/ }).click();
  const expected = (Date.now() - began) / 1000;
  await expect(recorder(page)).toHaveAttribute('data-state', 'idle');
  await expect(page.locator('[data-testid^="replay-"][data-ready]')).toBeVisible();
  const id = await recordingIdOf(page);

  const stored = await decode(page, id);
  expect(stored.rms, 'the recording is not silent').toBeGreaterThan(0.01);
  expect(Math.abs(stored.seconds - expected), `decoded ${stored.seconds} s, recorded for ${expected} s`).toBeLessThanOrEqual(1);
  const [row] = await call<{ durationMs: number; status: string; bytes: number }[]>(page, 'listRecordings', { sessionId: 1, position: 0 });
  expect(row).toMatchObject({ status: 'complete', bytes: stored.bytes });
  expect(Math.abs(row!.durationMs / 1000 - stored.seconds)).toBeLessThanOrEqual(1);
  // One file in the data folder, the bytes the page decoded.
  const files = fs.readdirSync(path.join(dataDir, 'recordings'));
  expect(files).toHaveLength(1);
  expect(fs.statSync(path.join(dataDir, 'recordings', files[0]!)).size).toBe(stored.bytes);

  // Grading shows the replay beside the checklist.
  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await expect(page.locator('main.drill[data-phase="grade"] .grade-panel [data-testid="replay-' + id + '"]')).toBeVisible();
  // Grading is open already (gradeAndSave would start from the answer phase): finish it by hand.
  const boxes = page.locator('.checklist input[type="checkbox"]');
  await boxes.nth(0).check();
  for (const name of ['Conceptual clarity', 'Applied judgment', 'Awareness of constraints', 'Communication']) await page.getByRole('radiogroup', { name }).getByRole('radio').nth(3).check();
  await page.getByRole('button', { name: /Submit grading/ }).click();
  await page.getByRole('button', { name: /Save and (next|finish)/ }).click();
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();

  // A new server process on the same data folder: History replays the recording.
  await server.stop();
  const again = await startServe({ dataDir });
  try {
    await page.goto(again.url);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Questions', exact: true }).click();
    await expect(page.locator('main.browse[data-ready="true"]')).toBeVisible();
    await page.getByRole('group', { name: /^Area\b/ }).getByLabel('Evaluation').check();
    await page.getByRole('group', { name: /^Status\b/ }).getByLabel('Learning').check();
    await page.getByRole('group', { name: /^Status\b/ }).getByLabel('Due').check();
    await page.locator(`tbody tr[data-question="${q.id}"] .browse-open`).click();
    await expect(page.locator('main.history[data-ready="true"]')).toBeVisible();
    const player = page.locator(`article.history-attempt [data-testid="replay-${id}"][data-ready]`);
    await expect(player).toBeVisible();
    await player.getByRole('radio', { name: '2×' }).check();
    await player.getByRole('button', { name: 'Play' }).click();
    await expect(player.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect.poll(() => page.getByTestId(`replay-audio-${id}`).evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 }).toBeGreaterThan(1);
    expect(await page.getByTestId(`replay-audio-${id}`).evaluate((a: HTMLAudioElement) => a.playbackRate)).toBe(2);
    // Pause, then seek with the bar: the total is the recording's length, and the position follows the bar.
    await player.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId(`replay-time-${id}`)).toHaveText(new RegExp(`/ 0:0${Math.floor(stored.seconds)}$`));
    await player.getByRole('slider', { name: 'Position in the recording' }).fill('2');
    await expect.poll(() => page.getByTestId(`replay-audio-${id}`).evaluate((a: HTMLAudioElement) => a.currentTime)).toBeCloseTo(2, 0);
    await expect(page.getByTestId(`replay-time-${id}`)).toHaveText(/^0:02 \//);

    // Settings shows the space used; deleting all (after a confirmation) removes the file and History's player.
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByTestId('recordings-usage')).toHaveText(/^1 recording, \d+ KB/);
    await page.getByRole('button', { name: 'Delete all…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete every recording' }).click();
    await expect(page.getByText('Deleted 1 recording')).toBeVisible();
    await expect(page.getByTestId('recordings-usage')).toHaveText(/^No recorded answers yet/);
    expect(fs.readdirSync(path.join(dataDir, 'recordings'))).toEqual([]);
  } finally {
    await again.stop();
  }
});

test('a recording cut off by the server being killed mid-answer still replays after a restart', async ({ page, dataDir }) => {
  test.setTimeout(90_000);
  acceptDialogs(page);
  // Started by hand rather than by the fixture, so it can be killed without a chance to tidy up.
  const crashing = spawn(process.execPath, [path.join(ROOT, 'bin', 'mldrill.mjs'), 'serve', '--data', dataDir], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const { url } = await waitForServeUrl(crashing);
  await page.goto(url);
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  await page.getByRole('button', { name: /^Record/ }).click();
  await expect(recorder(page)).toHaveAttribute('data-state', 'recording');
  // Six seconds in: the promise is that a crash loses at most the last few seconds, so at least two must survive
  // however slowly a loaded machine acknowledges the one-second chunks.
  await expect(page.getByTestId('recorder-elapsed')).toContainText('0:06', { timeout: 20_000 });
  // SIGKILL while chunks are still coming: nothing marks the recording complete, nothing is flushed on the way out.
  const gone = new Promise((resolve) => crashing.once('exit', resolve));
  crashing.kill('SIGKILL');
  await gone;
  const again = await startServe({ dataDir });
  try {
    await page.goto(again.url);
    await page.getByRole('button', { name: /Resume drill/ }).first().click();
    await expect(page.locator('main.drill[data-phase="answer"]')).toBeVisible();
    const player = page.locator('[data-testid^="replay-"][data-ready]');
    await expect(player).toBeVisible();
    await expect(player).toContainText('The app stopped while this was being recorded');
    const id = await recordingIdOf(page);
    const cut = await decode(page, id);
    expect(cut.seconds, 'what arrived before the server went away').toBeGreaterThanOrEqual(2);
    expect(cut.rms).toBeGreaterThan(0.01);
    await player.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => page.getByTestId(`replay-audio-${id}`).evaluate((a: HTMLAudioElement) => a.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.5);
  } finally {
    await again.stop();
  }
});
