/**
 * The Electron shell: one window, a locked-down renderer served from app://, and one IPC channel into the same
 * services and dispatcher that browser mode uses. Kept thin on purpose; the policy it applies lives in
 * ../shell-policy.ts where it is unit-tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, Menu, app, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron';
import type { ShellApi } from '../../shared/api';
import { IPC_CHANNELS } from '../../shared/ipc';
import { linkConfirmation } from '../../shared/links';
import { err } from '../../shared/result';
import { createDesktopDispatcher, parseFaults } from '../services/dispatch';
import { ServiceError } from '../services/errors';
import { readTextFile, writeFileAtomic } from '../services/files';
import { MAX_PACK_BYTES } from '../../shared/pack-schema';
import { createServices, type Services } from '../services/index';
import { defaultDataDir } from '../services/paths';
import { utilityProcessSpawner } from '../services/transcribe/index';
import {
  APP_PROTOCOL_PRIVILEGES,
  APP_SCHEME,
  START_URL,
  appResponseHeaders,
  denyNavigationOutsideApp,
  denyWebview,
  denyWindowOpen,
  faultSpecFor,
  ipcSenderAllowed,
  menuTemplate,
  openDialogFilters,
  openExternalAfterConfirm,
  permissionCheckInput,
  permissionDecision,
  permissionRequestInput,
  rendererFileFor,
  windowOptions,
} from '../shell-policy';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PROTOCOL_PRIVILEGES }]);
// Every renderer is sandboxed, whatever a window's own options say.
app.enableSandbox();

/**
 * The microphone may be granted only while this is true (see permissionDecision in ../shell-policy.ts). The page
 * sets it through the armRecording method when the user presses Record and clears it when recording stops; a
 * reload or a crashed renderer clears it too, so a page that never said "stop" does not keep the grant.
 */
const recording = { armed: false };

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

// Every web contents, including any a page might manage to create: no new windows, no navigation or redirect away
// from app://, no webviews. The handlers are pure functions in ../shell-policy.ts.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(denyWindowOpen);
  contents.on('will-navigate', denyNavigationOutsideApp);
  contents.on('will-frame-navigate', denyNavigationOutsideApp);
  contents.on('will-redirect', denyNavigationOutsideApp);
  contents.on('will-attach-webview', denyWebview);
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => services?.close());

function start() {
  const root = app.getAppPath();
  const rendererDir = path.join(root, 'dist', 'renderer');
  const bankDir = app.isPackaged ? path.join(process.resourcesPath, 'bank') : path.join(root, 'resources', 'bank');
  // No camera, notifications or any other permission; the microphone only for our own page while recording.armed.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permissionDecision(permissionRequestInput(permission, details, recording.armed))),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionDecision(permissionCheckInput(permission, requestingOrigin, details, recording.armed)),
  );
  // HID, serial and USB devices: never.
  session.defaultSession.setDevicePermissionHandler(() => false);

  // Electron's binary is not Node: the transcription engine runs in a utility process (electron/services/transcribe).
  services = createServices({ dataDir: defaultDataDir(), bankDir, startupChecks: true, transcription: { spawn: utilityProcessSpawner(utilityProcess) } });

  // The shell's own methods of the table: they need Electron (native dialogs, the system browser).
  const shellApi: ShellApi = {
    armRecording: async ({ armed }) => {
      recording.armed = armed;
      return { armed };
    },
    openExternal: async ({ url }) => {
      // The main process asks, so a compromised renderer cannot open links without the user seeing them; then it
      // opens exactly what the dialog showed, the parsed and normalised http(s) URL.
      const outcome = await openExternalAfterConfirm(
        url,
        async (shown) => {
          const choice = await dialog.showMessageBox({
            type: 'question',
            buttons: ['Open in browser', 'Cancel'],
            defaultId: 1,
            cancelId: 1,
            // The real host first (not a name put before an @), then the whole URL.
            ...linkConfirmation(shown),
          });
          return choice.response === 0;
        },
        (shown) => shell.openExternal(shown),
      );
      if ('refused' in outcome) throw new ServiceError('invalid-argument', outcome.refused);
      return outcome;
    },
    openFile: async ({ kind }) => {
      const choice = win
        ? await dialog.showOpenDialog(win, { properties: ['openFile'], filters: openDialogFilters(kind) })
        : await dialog.showOpenDialog({ properties: ['openFile'], filters: openDialogFilters(kind) });
      const file = choice.filePaths[0];
      if (choice.canceled || !file) return { cancelled: true };
      return readTextFile(file, MAX_PACK_BYTES);
    },
    chooseFolder: async () => {
      const options = { title: 'Choose the speech model folder', properties: ['openDirectory' as const] };
      const choice = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const folder = choice.filePaths[0];
      return choice.canceled || !folder ? { cancelled: true } : { path: folder };
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
    return new Response(response.body, { status: response.status, headers: appResponseHeaders(response.headers) });
  });

  ipcMain.handle(IPC_CHANNELS.call, (event, method: unknown, arg: unknown) => {
    // Only our own page's main frame may call: not a subframe, not a page that navigated elsewhere.
    if (!ipcSenderAllowed(event)) return err('unauthorized', 'Calls are only accepted from the app window.');
    return dispatch(method, arg);
  });

  // contextIsolation, sandbox, webSecurity on, no nodeIntegration, no devtools when packaged: see windowOptions.
  win = new BrowserWindow(windowOptions({ preload: path.join(root, 'dist', 'electron', 'preload.cjs'), platform: process.platform, packaged: app.isPackaged }));
  win.once('ready-to-show', () => win?.show());
  win.webContents.on('did-start-loading', () => (recording.armed = false));
  win.webContents.on('render-process-gone', () => (recording.armed = false));
  // The File menu's commands go to the page, which runs them like its own buttons.
  const template = menuTemplate(process.platform, app.isPackaged, (command) => win?.webContents.send(IPC_CHANNELS.menu, command));
  // The policy file describes items with plain strings; these are Electron's menu roles.
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as Electron.MenuItemConstructorOptions[]));
  void win.loadURL(START_URL);
}
