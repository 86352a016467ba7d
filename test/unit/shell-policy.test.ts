import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, MENU_COMMANDS } from '../../shared/ipc';
import { isSafeExternalUrl } from '../../shared/links';
import { ok } from '../../shared/result';
import {
  APP_ORIGIN,
  APP_PROTOCOL_PRIVILEGES,
  CONTENT_SECURITY_POLICY,
  START_URL,
  appResponseHeaders,
  denyNavigationOutsideApp,
  denyWebview,
  denyWindowOpen,
  desktopMethodNames,
  faultSpecFor,
  ipcSenderAllowed,
  isAppUrl,
  menuTemplate,
  openDialogFilters,
  openExternalAfterConfirm,
  permissionCheckInput,
  permissionDecision,
  permissionRequestInput,
  preloadApi,
  rendererFileFor,
  spellcheckEnabled,
  windowOptions,
  type PermissionInput,
} from '../../electron/shell-policy';

const SHELL = path.join(import.meta.dirname, '..', '..', 'electron', 'shell');
const mainSource = fs.readFileSync(path.join(SHELL, 'main.ts'), 'utf8');
const preloadSource = fs.readFileSync(path.join(SHELL, 'preload.ts'), 'utf8');

const root = path.join(path.sep, 'app', 'dist', 'renderer');
const files = new Set([path.join(root, 'index.html'), path.join(root, 'assets', 'index.js')]);
const resolve = (url: string) => rendererFileFor(url, root, (f) => files.has(f), path.join, path.sep);

describe('shell policy', () => {
  it('serves only files under the renderer folder from app://', () => {
    expect(resolve(`${APP_ORIGIN}/assets/index.js`)).toBe(path.join(root, 'assets', 'index.js'));
    expect(resolve(`${APP_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(resolve(`${APP_ORIGIN}/summary`)).toBe(path.join(root, 'index.html'));
    // The URL parser folds dot segments into the root, so this asks for <renderer>/etc/passwd, which falls back to index.html.
    expect(resolve(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`)).toBe(path.join(root, 'index.html'));
    // Encoded slashes survive URL parsing; the decoded '..' segment is refused.
    expect(resolve(`${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`)).toBeNull();
    expect(resolve('file:///etc/passwd')).toBeNull();
    expect(resolve('app://other-host/index.html')).toBeNull();
  });

  it('recognises only our own origin for navigation and IPC', () => {
    expect(isAppUrl(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppUrl(`${APP_ORIGIN}/drill?x=1#y`)).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
    for (const other of ['app://mldrill.evil/', 'app://mldrill:8080/', 'app://user@mldrill/', 'app://user:pw@mldrill/', 'file:///app/mldrill/', 'http://mldrill/', 'app:mldrill', ''])
      expect(isAppUrl(other), other).toBe(false);
  });

  it('lets only http and https links leave the app', () => {
    expect(isSafeExternalUrl('https://arxiv.org/abs/1706.03762')).toBe(true);
    expect(isSafeExternalUrl('http://example.com')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'data:text/html,x', '']) expect(isSafeExternalUrl(bad)).toBe(false);
  });

  it('has a strict CSP: scripts from self only, nothing inline or remote', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });
});

describe('no network, no test hooks in a packaged app', () => {
  it('spell-checks only where the system’s dictionaries do it (macOS); elsewhere Chromium would download them', () => {
    expect(spellcheckEnabled('darwin')).toBe(true);
    expect(spellcheckEnabled('linux')).toBe(false);
    expect(spellcheckEnabled('win32')).toBe(false);
  });

  it('ignores MLDRILL_FAULTS in a packaged app', () => {
    const env = { MLDRILL_FAULTS: 'saveAttempt:SQLITE_FULL:1' };
    expect(faultSpecFor(true, env)).toBeUndefined();
    expect(faultSpecFor(false, env)).toBe('saveAttempt:SQLITE_FULL:1');
  });

  it('the shell wires both into the window and the dispatcher', () => {
    expect(windowOptions({ preload: 'p', platform: 'linux', packaged: true }).webPreferences.spellcheck).toBe(false);
    expect(windowOptions({ preload: 'p', platform: 'darwin', packaged: true }).webPreferences.spellcheck).toBe(true);
    expect(mainSource).toContain('platform: process.platform');
    expect(mainSource).toContain('parseFaults(faultSpecFor(app.isPackaged, process.env))');
    expect(mainSource).not.toMatch(/process\.env\.MLDRILL_FAULTS/);
  });
});

describe('the application menu', () => {
  const labels = (items: ReturnType<typeof menuTemplate>): string[] =>
    items.flatMap((i) => [i.label ?? i.role ?? '-', ...(i.submenu ? labels(i.submenu) : [])]);

  it('has a Go menu whose accelerators send the go commands', () => {
    const sent: string[] = [];
    const go = menuTemplate('linux', true, (c) => sent.push(c)).find((i) => i.label === 'Go')!;
    const items = (go.submenu ?? []).filter((i) => i.label);
    expect(items.map((i) => [i.label, i.accelerator])).toEqual([
      ['Practice', 'CmdOrCtrl+1'],
      ['Progress', 'CmdOrCtrl+2'],
      ['Questions', 'CmdOrCtrl+3'],
      ['Settings', 'CmdOrCtrl+,'],
    ]);
    for (const i of items) (i.click as () => void)();
    expect(sent).toEqual(['go-practice', 'go-progress', 'go-questions', 'go-settings']);
  });

  it('has no developer tools or reload in a packaged build', () => {
    expect(labels(menuTemplate('linux', true, () => {}))).not.toEqual(expect.arrayContaining(['toggleDevTools']));
    expect(labels(menuTemplate('linux', true, () => {}))).not.toContain('reload');
    expect(labels(menuTemplate('linux', false, () => {}))).toContain('toggleDevTools');
  });

  it('File holds the pack and progress commands, each sending its command to the page', () => {
    const sent: string[] = [];
    const file = menuTemplate('win32', true, (c) => sent.push(c)).find((i) => i.label === 'File')!;
    for (const item of file.submenu!) item.click?.();
    expect(sent).toEqual(['import-pack', 'open-packs', 'new-question', 'export-progress']);
    expect(file.submenu!.find((i) => i.label === 'Import Pack…')?.accelerator).toBe('CmdOrCtrl+O');
  });

  it('the open dialog offers packs as JSON or CSV', () => {
    expect(openDialogFilters('pack')[0]).toEqual({ name: 'Drill packs (JSON or CSV)', extensions: ['json', 'csv'] });
  });
});

describe('the window', () => {
  const options = windowOptions({ preload: '/app/dist/electron/preload.cjs', platform: 'linux', packaged: true });

  it('gives the page no Node: context isolated, sandboxed, no nodeIntegration anywhere, same-origin policy on', () => {
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
      spellcheck: false,
    });
  });

  it('allows developer tools only in a development build', () => {
    expect(windowOptions({ preload: 'p', platform: 'win32', packaged: true }).webPreferences.devTools).toBe(false);
    expect(windowOptions({ preload: 'p', platform: 'win32', packaged: false }).webPreferences.devTools).toBe(true);
    // Everything else stays locked down in a development build too.
    const dev = windowOptions({ preload: 'p', platform: 'darwin', packaged: false }).webPreferences;
    expect(dev).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });

  it('the shell builds its one window from windowOptions, sandboxes every renderer and loads app://, never a file', () => {
    expect(mainSource).toMatch(/new BrowserWindow\(windowOptions\(\{ preload: [^}]*packaged: app\.isPackaged \}\)\)/);
    expect(mainSource.match(/new BrowserWindow\(/g)).toHaveLength(1);
    expect(mainSource).toContain('app.enableSandbox();');
    expect(mainSource).toContain('win.loadURL(START_URL)');
    // No second set of options beside windowOptions' (a comment may name them).
    expect(mainSource).not.toMatch(/loadFile\(|(webPreferences|nodeIntegration|contextIsolation|sandbox|webSecurity)\s*:/);
  });
});

describe('the app:// protocol', () => {
  it('the window loads the renderer from app://, which the protocol handler serves from the renderer folder', () => {
    expect(START_URL).toBe('app://mldrill/');
    expect(new URL(START_URL).protocol).toBe('app:');
    expect(isAppUrl(START_URL)).toBe(true);
    expect(resolve(START_URL)).toBe(path.join(root, 'index.html'));
  });

  it('registers app:// as a standard, secure scheme with nothing that loosens the page’s rules', () => {
    expect(APP_PROTOCOL_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true });
    expect(mainSource).toContain('protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PROTOCOL_PRIVILEGES }])');
    expect(mainSource).toContain('protocol.handle(APP_SCHEME,');
  });

  it('puts the CSP and nosniff on every app:// response, replacing whatever the file response said', () => {
    const headers = appResponseHeaders(new Headers({ 'Content-Type': 'text/html', 'Content-Security-Policy': "default-src *; script-src 'unsafe-inline'" }));
    expect(headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('content-type')).toBe('text/html');
    expect(appResponseHeaders(new Headers()).get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(mainSource).toContain('headers: appResponseHeaders(response.headers)');
  });
});

describe('navigation, redirects, new windows and webviews', () => {
  const attempt = (handler: (e: { url: string; preventDefault(): void }) => void, url: string) => {
    let prevented = false;
    handler({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };

  it('lets a page or frame move only between app:// pages', () => {
    expect(attempt(denyNavigationOutsideApp, `${APP_ORIGIN}/`)).toBe(false);
    expect(attempt(denyNavigationOutsideApp, `${APP_ORIGIN}/summary`)).toBe(false);
    for (const url of ['https://example.com/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'app://other/', 'about:blank', ''])
      expect(attempt(denyNavigationOutsideApp, url), url).toBe(true);
  });

  it('opens no new window, whatever is asked, and attaches no webview', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
    let prevented = false;
    denyWebview({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('the shell applies the handlers to every web contents: navigation, frame navigation, redirects, window.open, webviews', () => {
    const wiring = /app\.on\('web-contents-created', \(_event, contents\) => \{([^]*?)\n\}\);/.exec(mainSource)?.[1] ?? '';
    for (const line of [
      'contents.setWindowOpenHandler(denyWindowOpen);',
      "contents.on('will-navigate', denyNavigationOutsideApp);",
      "contents.on('will-frame-navigate', denyNavigationOutsideApp);",
      "contents.on('will-redirect', denyNavigationOutsideApp);",
      "contents.on('will-attach-webview', denyWebview);",
    ])
      expect(wiring).toContain(line);
  });
});

describe('permissions', () => {
  const microphone: PermissionInput = { permission: 'media', origin: 'app://mldrill', mediaTypes: ['audio'], recordingArmed: true };

  it('grants the microphone to our own page once the user has started recording', () => {
    expect(permissionDecision(microphone)).toBe(true);
    // Electron reports origins with or without the trailing slash, and request details may name a page URL.
    expect(permissionDecision({ ...microphone, origin: 'app://mldrill/' })).toBe(true);
    expect(permissionDecision({ ...microphone, origin: 'app://mldrill/drill' })).toBe(true);
    expect(permissionDecision({ ...microphone, mediaTypes: ['audio', 'audio'] })).toBe(true);
  });

  it('refuses the microphone before recording starts', () => {
    expect(permissionDecision({ ...microphone, recordingArmed: false })).toBe(false);
  });

  it('refuses the camera, and the microphone asked for together with the camera or with nothing named', () => {
    for (const mediaTypes of [['video'], ['audio', 'video'], ['video', 'audio'], [], ['unknown'], ['audio', 'unknown']])
      expect(permissionDecision({ ...microphone, mediaTypes }), mediaTypes.join()).toBe(false);
  });

  it('refuses the microphone to any other origin', () => {
    for (const origin of ['https://example.com', 'http://127.0.0.1:5173', 'file://', 'null', '', 'app://other', 'app://mldrill:1', 'app://x@mldrill', 'not a url'])
      expect(permissionDecision({ ...microphone, origin }), origin).toBe(false);
  });

  it('refuses every other permission, even to our own page while recording', () => {
    for (const permission of [
      'notifications',
      'geolocation',
      'clipboard-read',
      'clipboard-sanitized-write',
      'display-capture',
      'fullscreen',
      'hid',
      'serial',
      'usb',
      'midi',
      'midiSysex',
      'openExternal',
      'pointerLock',
      'fileSystem',
      'idle-detection',
      'local-fonts',
      'speaker-selection',
      'window-management',
      'mediaKeySystem',
      'unknown',
      'Media',
      '',
    ])
      expect(permissionDecision({ ...microphone, permission }), permission).toBe(false);
  });

  it('reads request details the way Electron gives them: securityOrigin and mediaTypes, else the requesting URL', () => {
    expect(permissionRequestInput('media', { requestingUrl: 'app://mldrill/drill', securityOrigin: 'app://mldrill/', mediaTypes: ['audio'] }, true)).toEqual({
      permission: 'media',
      origin: 'app://mldrill/',
      mediaTypes: ['audio'],
      recordingArmed: true,
    });
    expect(permissionRequestInput('notifications', { requestingUrl: 'https://evil.example/' }, false)).toEqual({
      permission: 'notifications',
      origin: 'https://evil.example/',
      mediaTypes: [],
      recordingArmed: false,
    });
    expect(permissionDecision(permissionRequestInput('media', { requestingUrl: 'app://mldrill/', securityOrigin: 'https://evil.example/', mediaTypes: ['audio'] }, true))).toBe(false);
    expect(permissionDecision(permissionRequestInput('media', { requestingUrl: 'app://mldrill/' }, true))).toBe(false);
  });

  it('reads check details the way Electron gives them: one media type per check', () => {
    expect(permissionCheckInput('media', 'app://mldrill', { mediaType: 'audio' }, true)).toEqual(microphone);
    expect(permissionDecision(permissionCheckInput('media', 'app://mldrill', { mediaType: 'video' }, true))).toBe(false);
    expect(permissionDecision(permissionCheckInput('media', 'app://mldrill', { mediaType: 'unknown' }, true))).toBe(false);
    expect(permissionDecision(permissionCheckInput('media', 'app://mldrill', {}, true))).toBe(false);
  });

  it('the shell decides both requests and checks with permissionDecision, from a flag only Record turns on', () => {
    expect(mainSource).toContain('callback(permissionDecision(permissionRequestInput(permission, details, recording.armed)))');
    expect(mainSource).toContain('permissionDecision(permissionCheckInput(permission, requestingOrigin, details, recording.armed))');
    expect(mainSource).toContain('setDevicePermissionHandler(() => false)');
    // The flag starts false; the page's armRecording call (Record pressed, then Stop) is the one way to turn it on,
    // and a reload or a crashed renderer turns it off.
    expect(mainSource).toContain('const recording = { armed: false };');
    const sets = [...mainSource.matchAll(/recording\.armed\s*=\s*([^;)]+)/g)].map((m) => m[1]!.trim());
    expect(sets.sort()).toEqual(['armed', 'false', 'false']);
    expect(mainSource).toMatch(/armRecording: async \(\{ armed \}\) => \{\s*recording\.armed = armed;/);
    expect(mainSource).toContain("win.webContents.on('did-start-loading', () => (recording.armed = false));");
    expect(mainSource).toContain("win.webContents.on('render-process-gone', () => (recording.armed = false));");
  });

  it('lets replay play the blob the page fetched through the API, and no other media source', () => {
    expect(CONTENT_SECURITY_POLICY).toContain('media-src blob:');
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/media-src[^;]*(https?:|\*|data:)/);
  });
});

describe('opening links', () => {
  const run = async (url: string, answer: boolean) => {
    const asked: string[] = [];
    const opened: string[] = [];
    const outcome = await openExternalAfterConfirm(
      url,
      async (shown) => {
        asked.push(shown);
        return answer;
      },
      async (shown) => {
        opened.push(shown);
      },
    );
    return { outcome, asked, opened };
  };

  it('opens an http(s) link only after the user confirms, and exactly the normalised URL the question showed', async () => {
    expect(await run('https://arxiv.org/abs/1706.03762', true)).toEqual({ outcome: { opened: true }, asked: ['https://arxiv.org/abs/1706.03762'], opened: ['https://arxiv.org/abs/1706.03762'] });
    expect(await run('HTTP://Example.COM:80/a/../b', true)).toEqual({ outcome: { opened: true }, asked: ['http://example.com/b'], opened: ['http://example.com/b'] });
    expect(await run('https://trusted.example@evil.example/', true)).toMatchObject({ asked: ['https://trusted.example@evil.example/'], opened: ['https://trusted.example@evil.example/'] });
  });

  it('opens nothing when the user cancels', async () => {
    expect(await run('https://example.com/', false)).toEqual({ outcome: { opened: false }, asked: ['https://example.com/'], opened: [] });
  });

  it('neither asks nor opens for anything but http and https, as new URL parses it', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://host/share', 'data:text/html,x', 'mailto:a@b.c', 'app://mldrill/', 'ms-settings:', '//example.com', 'example.com', ' ', ''])
      expect(await run(url, true), url).toEqual({ outcome: { refused: 'Only http and https links can be opened.' }, asked: [], opened: [] });
  });

  it('the shell opens links only through openExternalAfterConfirm', () => {
    expect(mainSource.match(/shell\.openExternal\(/g)).toHaveLength(1);
    expect(mainSource).toContain('(shown) => shell.openExternal(shown)');
  });
});

describe('IPC', () => {
  const mainFrame = { url: `${APP_ORIGIN}/` };
  const sender = { mainFrame };

  it('accepts calls only from our page’s main frame', () => {
    expect(ipcSenderAllowed({ senderFrame: mainFrame, sender })).toBe(true);
    expect(ipcSenderAllowed({ senderFrame: { url: `${APP_ORIGIN}/drill` }, sender })).toBe(false); // a subframe, even of our origin
    expect(ipcSenderAllowed({ senderFrame: null, sender })).toBe(false); // navigated away or destroyed
  });

  it('refuses the main frame once it shows anything but app://', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'about:blank', 'app://other/', 'data:text/html,x', '']) {
      const frame = { url };
      expect(ipcSenderAllowed({ senderFrame: frame, sender: { mainFrame: frame } }), url).toBe(false);
    }
  });

  it('the shell checks the sender of every call; the channel names come from shared/ipc.ts', () => {
    expect(mainSource).toContain("if (!ipcSenderAllowed(event)) return err('unauthorized'");
    expect(mainSource.match(/ipcMain\.(handle|on)\(/g)).toEqual(['ipcMain.handle(']);
    expect(mainSource).toContain('ipcMain.handle(IPC_CHANNELS.call,');
    expect(Object.values(IPC_CHANNELS)).toEqual(['mldrill:call', 'mldrill:menu']);
    // No channel name is spelled out anywhere else in the shell.
    expect(`${mainSource}\n${preloadSource}`).not.toMatch(/['"`]mldrill:/);
  });
});

describe('the preload', () => {
  const fakeIpc = () => {
    const invoked: unknown[][] = [];
    const listeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
    return {
      invoked,
      listeners,
      ipc: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return ok('answer');
        },
        on: (channel: string, l: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), l]),
        removeListener: (channel: string, l: (event: unknown, ...args: unknown[]) => void) =>
          listeners.set(
            channel,
            (listeners.get(channel) ?? []).filter((x) => x !== l),
          ),
      },
    };
  };

  it('exposes exactly the approved API: two globals, the desktop methods and one menu function', () => {
    const api = preloadApi(fakeIpc().ipc);
    expect({ globals: Object.keys(api), mldrillMenu: Object.keys(api.mldrillMenu) }).toMatchInlineSnapshot(`
      {
        "globals": [
          "mldrill",
          "mldrillMenu",
        ],
        "mldrillMenu": [
          "onCommand",
        ],
      }
    `);
    // mldrill's keys are the desktop's methods (snapshot in test/unit/methods.test.ts), each a function, frozen.
    expect(Object.keys(api.mldrill)).toEqual(desktopMethodNames());
    for (const value of [...Object.values(api.mldrill), ...Object.values(api.mldrillMenu)]) expect(typeof value).toBe('function');
    expect(Object.isFrozen(api.mldrill)).toBe(true);
    expect(Object.isFrozen(api.mldrillMenu)).toBe(true);
    expect((api.mldrill as unknown as Record<string, unknown>).then).toBeUndefined();
  });

  it('sends each call on the one call channel with its method name and argument', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = preloadApi(ipc);
    expect(await api.mldrill.getSession({ sessionId: 3 })).toEqual(ok('answer'));
    expect(invoked).toEqual([[IPC_CHANNELS.call, 'getSession', { sessionId: 3 }]]);
  });

  it('hands the page only known menu commands, never the event, and stops when asked', () => {
    const { ipc, listeners } = fakeIpc();
    const got: unknown[] = [];
    const stop = preloadApi(ipc).mldrillMenu.onCommand((...args) => got.push(args));
    const emit = (...args: unknown[]) => {
      for (const l of listeners.get(IPC_CHANNELS.menu) ?? []) l({ sender: 'the event' }, ...args);
    };
    emit('import-pack');
    emit('rm -rf');
    emit({ toString: () => 'import-pack' });
    emit(MENU_COMMANDS[MENU_COMMANDS.length - 1]);
    expect(got).toEqual([['import-pack'], [MENU_COMMANDS[MENU_COMMANDS.length - 1]]]);
    stop();
    emit('import-pack');
    expect(got).toHaveLength(2);
    expect(listeners.get(IPC_CHANNELS.menu)).toEqual([]);
  });

  it('the preload exposes preloadApi’s objects under their own names and nothing else', () => {
    expect(preloadSource.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preloadSource).toContain('for (const [name, value] of Object.entries(preloadApi(ipcRenderer))) contextBridge.exposeInMainWorld(name, value);');
  });
});
