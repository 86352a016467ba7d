/** `npm start` on a machine without the Electron runtime: one line saying so, then browser mode with its URL. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { waitForServeUrl } from '../../scripts/serve-process.mjs';
import { ROOT, expect, test } from './fixtures';
import { homeReady } from './steps';

test('npm start falls back to browser mode, saying why in one line', async ({ page }) => {
  const runtime = findElectronBinary(ROOT);
  test.skip(runtime.path !== null, 'An Electron runtime is installed here, so npm start opens the desktop app instead; electron.spec.ts covers it.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-start-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
    env: { ...process.env, MLDRILL_DATA_DIR: dataDir, MLDRILL_NO_ELECTRON_DOWNLOAD: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const { url, output } = await waitForServeUrl(child);
    const lines = output.split('\n');
    expect(lines[0]).toMatch(/^Electron is not available here \(.+\); starting browser mode instead\.$/);
    await page.goto(url);
    await homeReady(page);
  } finally {
    child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
