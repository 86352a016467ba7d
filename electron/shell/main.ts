/**
 * The Electron shell: one window, a locked-down renderer served from app://, and one IPC channel into the same
 * services and dispatcher that browser mode uses. Kept thin on purpose; the policy it applies lives in
 * ../shell-policy.ts where it is unit-tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import type { ShellApi } from '../../shared/api';
import { IPC_CHANNELS } from '../../shared/ipc';
import { describeLink, isSafeExternalUrl, linkConfirmation } from '../../shared/links';
import { err } from '../../shared/result';
import { createDesktopDispatcher, parseFaults } from '../services/dispatch';
import { ServiceError } from '../services/errors';
import { readTextFile, writeFileAtomic } from '../services/files';
import { MAX_PACK_BYTES } from '../../shared/pack-schema';
import { createServices, type Services } from '../services/index';
import { defaultDataDir } from '../services/paths';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, faultSpecFor, isAppUrl, menuTemplate, openDialogFilters, rendererFileFor, spellcheckEnabled } from '../shell-policy';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let services: Services | null = null;

const isFile = (file: string) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
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
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      // With no window yet, a failure here (a database from a newer version, an unreadable data folder) would
      // otherwise leave an invisible process behind.
      const message = e instanceof Error ? e.message : String(e);
      console.error(message);
      dialog.showErrorBox('ML Interview Drill cannot start', message);
      app.exit(1);
    });
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayInApp);
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url));
  contents.on('will-redirect', stayInApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => services?.close());

function start() {
  const root = app.getAppPath();
  const rendererDir = path.join(root, 'dist', 'renderer');
  const bankDir = app.isPackaged ? path.join(process.resourcesPath, 'bank') : path.join(root, 'resources', 'bank');
  // The app needs no camera, microphone, notifications or other permission: refuse them all.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  services = createServices({ dataDir: defaultDataDir(), bankDir });

  // The shell's own methods of the table: they need Electron (native dialogs, the system browser).
  const shellApi: ShellApi = {
    openExternal: async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new ServiceError('invalid-argument', 'Only http and https links can be opened.');
      // The main process asks, so a compromised renderer cannot open links without the user seeing them.
      const choice = await dialog.showMessageBox({
        type: 'question',
        buttons: ['Open in browser', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        // The real host first (not a name put before an @), then the whole URL.
        ...linkConfirmation(url),
      });
      if (choice.response !== 0) return { opened: false };
      // Open exactly what the dialog showed: the parsed, normalised URL.
      await shell.openExternal(describeLink(url).display);
      return { opened: true };
    },
    openFile: async ({ kind }) => {
      const choice = win
        ? await dialog.showOpenDialog(win, { properties: ['openFile'], filters: openDialogFilters(kind) })
        : await dialog.showOpenDialog({ properties: ['openFile'], filters: openDialogFilters(kind) });
      const file = choice.filePaths[0];
      if (choice.canceled || !file) return { cancelled: true };
      return readTextFile(file, MAX_PACK_BYTES);
    },
    saveFile: async ({ suggestedName, text }) => {
      const options = { defaultPath: path.join(app.getPath('documents'), path.basename(suggestedName)) };
      const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { saved: false };
      writeFileAtomic(choice.filePath, text);
      return { saved: true };
    },
  };
  const dispatch = createDesktopDispatcher(services.api, shellApi, parseFaults(faultSpecFor(app.isPackaged, process.env)));

  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(request.url, rendererDir, isFile, path.join, path.sep);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });

  ipcMain.handle(IPC_CHANNELS.call, (event, method: unknown, arg: unknown) => {
    // Only our own page's main frame may call: not a subframe, not a page that navigated elsewhere.
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url)) return err('unauthorized', 'Calls are only accepted from the app window.');
    return dispatch(method, arg);
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
      spellcheck: spellcheckEnabled(process.platform),
    },
  });
  win.once('ready-to-show', () => win?.show());
  // The File menu's commands go to the page, which runs them like its own buttons.
  const template = menuTemplate(process.platform, app.isPackaged, (command) => win?.webContents.send(IPC_CHANNELS.menu, command));
  // The policy file describes items with plain strings; these are Electron's menu roles.
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as Electron.MenuItemConstructorOptions[]));
  void win.loadURL(`${APP_ORIGIN}/`);
}
