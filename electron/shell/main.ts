/**
 * The Electron shell: one window, a locked-down renderer served from app://, and one IPC channel into the same
 * services and dispatcher that browser mode uses. Kept thin on purpose; the policy it applies lives in
 * ../shell-policy.ts where it is unit-tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, app, ipcMain, net, protocol, shell } from 'electron';
import { isSafeExternalUrl } from '../../shared/links';
import { err, ok } from '../../shared/result';
import { createDispatcher, parseFaults } from '../services/dispatch';
import { createServices, type Services } from '../services/index';
import { defaultDataDir } from '../services/paths';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl, rendererFileFor } from '../shell-policy';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let services: Services | null = null;
let win: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start, (e: unknown) => {
    console.error(e);
    app.exit(1);
  });
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => services?.close());

function start() {
  const root = app.getAppPath();
  const rendererDir = path.join(root, 'dist', 'renderer');
  const bankDir = app.isPackaged ? path.join(process.resourcesPath, 'bank') : path.join(root, 'resources', 'bank');
  services = createServices({ dataDir: defaultDataDir(), bankDir });
  const dispatch = createDispatcher(services.api, parseFaults(process.env.MLDRILL_FAULTS));

  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, fs.existsSync, path.join, path.sep);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  ipcMain.handle('mldrill:call', (event, method: unknown, arg: unknown) => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) return err('unauthorized', 'calls are only accepted from the app window');
    return dispatch(method, arg);
  });
  ipcMain.handle('mldrill:open-external', async (event, url: unknown) => {
    if (!isAppUrl(event.senderFrame?.url ?? '')) return err('unauthorized', 'calls are only accepted from the app window');
    if (typeof url !== 'string' || !isSafeExternalUrl(url)) return err('invalid-argument', 'only http and https links can be opened');
    await shell.openExternal(url);
    return ok({ opened: true as const });
  });

  win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 560,
    title: 'ML Interview Drill',
    show: false,
    webPreferences: {
      preload: path.join(root, 'dist', 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  });
  win.once('ready-to-show', () => win?.show());
  void win.loadURL(`${APP_ORIGIN}/`);
}
