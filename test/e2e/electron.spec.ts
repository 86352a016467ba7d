/**
 * The desktop app end to end through Playwright's Electron driver: the same drill as browser mode, plus the
 * security settings users run with. Where no Electron runtime exists (as on machines that cannot download it),
 * each test is skipped and says why; it never passes without running.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { CONTENT_SECURITY_POLICY, desktopMethodNames } from '../../electron/shell-policy';
import { electronHostArgs, findElectronBinary } from '../../scripts/electron-binary.mjs';
import { ROOT, expect, test } from './fixtures';
import { areaFigures, gradeAndSave, homeReady, startDrill } from './steps';

const runtime = findElectronBinary(ROOT);

/** Skips the test, saying why, where there is no runtime; otherwise starts the app on a fresh data folder. */
async function launch() {
  if (!runtime.path) {
    const why = `Electron end-to-end test skipped: ${runtime.reason}. It runs wherever the Electron runtime is present.`;
    console.log(why);
    test.skip(true, why);
    return null;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-electron-'));
  const app = await electron.launch({
    executablePath: runtime.path,
    args: [...electronHostArgs(), ROOT],
    env: { ...process.env, MLDRILL_DATA_DIR: dataDir },
  });
  return {
    app,
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('the desktop app runs a drill through the preload bridge', async () => {
  const run = await launch();
  if (!run) return;
  try {
    const page = await run.app.firstWindow();
    expect(page.url()).toBe('app://mldrill/');
    await homeReady(page);

    await startDrill(page, { areas: ['fundamentals'], count: 1 });
    await page.getByLabel('Your answer', { exact: true }).fill('Regularization trades a little bias for less variance.');
    await gradeAndSave(page, 2);
    await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
    await page.getByRole('button', { name: 'Back to Home' }).click();
    await homeReady(page);
    expect(await areaFigures(page, 'fundamentals')).toMatch(/^practised 1 \/ \d+ coverage \d+%$/);
  } finally {
    await run.close();
  }
});

test('the desktop page has no Node, only the approved bridge, the CSP, and no way out: navigation, windows, permissions', async () => {
  const run = await launch();
  if (!run) return;
  try {
    const page = await run.app.firstWindow();
    expect(page.url()).toBe('app://mldrill/');
    await homeReady(page);

    // No Node in the renderer (nodeIntegration off, context isolated, sandboxed); exactly the preload's two globals.
    const globals = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return {
        require: typeof g.require,
        process: typeof g.process,
        module: typeof g.module,
        mldrill: Object.keys(g.mldrill as object),
        mldrillMenu: Object.keys(g.mldrillMenu as object),
      };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', mldrill: desktopMethodNames(), mldrillMenu: ['onCommand'] });

    // The page is served from app:// with the renderer's CSP.
    const csp = await page.evaluate(async () => (await fetch('app://mldrill/')).headers.get('content-security-policy'));
    expect(csp).toBe(CONTENT_SECURITY_POLICY);

    // No new window, whatever the page asks.
    const opened = await page.evaluate(() => window.open('https://example.com/', '_blank') === null);
    expect(opened).toBe(true);
    expect(run.app.windows()).toHaveLength(1);

    // Every permission refused: notifications, and the microphone, since no recording has been started.
    const permissions = await page.evaluate(async () => ({
      notification: Notification.permission,
      query: (await navigator.permissions.query({ name: 'notifications' as PermissionName })).state,
      microphone: await navigator.mediaDevices.getUserMedia({ audio: true }).then(
        (stream) => {
          for (const t of stream.getTracks()) t.stop();
          return 'granted';
        },
        (e: unknown) => (e as DOMException).name,
      ),
    }));
    // NotFoundError where the machine has no microphone: Chromium answers that before it asks for the permission.
    expect(permissions).toEqual({ notification: 'denied', query: 'denied', microphone: expect.stringMatching(/^(NotAllowedError|NotFoundError)$/) });

    // Navigation away from the app is refused.
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await homeReady(page);
    expect(page.url()).toBe('app://mldrill/');
  } finally {
    await run.close();
  }
});
