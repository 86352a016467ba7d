/**
 * The desktop app end to end through Playwright's Electron driver: the same drill as browser mode, plus the
 * security settings users run with. Where no Electron runtime exists (as on machines that cannot download it),
 * the test is skipped and says why; it never passes without running.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { electronHostArgs, findElectronBinary } from '../../scripts/electron-binary.mjs';
import { ROOT, expect, test } from './fixtures';
import { areaFigures, gradeAndSave, homeReady, startDrill } from './steps';

const runtime = findElectronBinary(ROOT);

test('the desktop app runs a drill through the preload bridge, locked down', async () => {
  if (!runtime.path) {
    const why = `Electron end-to-end test skipped: ${runtime.reason}. It runs wherever the Electron runtime is present.`;
    console.log(why);
    test.skip(true, why);
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-electron-'));
  const app = await electron.launch({
    executablePath: runtime.path,
    args: [...electronHostArgs(), ROOT],
    env: { ...process.env, MLDRILL_DATA_DIR: dataDir },
  });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://mldrill/');
    // No Node in the renderer (nodeIntegration off, context isolated, sandboxed); exactly one bridge with two functions.
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, bridge: Object.keys(g.mldrill as object).sort() };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', bridge: ['call', 'openExternal'] });
    // Navigation away from the app is refused.
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await homeReady(page);
    expect(page.url()).toBe('app://mldrill/');

    await startDrill(page, { areas: ['fundamentals'], count: 1 });
    await page.getByLabel('Your answer', { exact: true }).fill('Regularization trades a little bias for less variance.');
    await gradeAndSave(page, 2);
    await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
    await page.getByRole('button', { name: 'Back to Home' }).click();
    await homeReady(page);
    expect(await areaFigures(page, 'fundamentals')).toMatch(/^practised 1 \/ \d+ coverage \d+%$/);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
