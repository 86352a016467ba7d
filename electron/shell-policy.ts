/**
 * Security policy shared by the Electron shell and the browser-mode server, so both serve the renderer alike.
 * Pure functions of their inputs, so the shell stays thin and this is what the tests check.
 */
import type { DesktopBridge } from '../shared/api';
import { bridgeFrom } from '../shared/bridge';
import { IPC_CHANNELS, MENU_COMMANDS, type MenuCommand } from '../shared/ipc';
import { describeLink } from '../shared/links';
import { METHODS, METHOD_NAMES, type ApiMethod } from '../shared/methods';
import type { Result } from '../shared/result';
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  // Replay plays a recording the page fetched through the API, as a blob: URL of its own memory (nothing remote).
  "media-src blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The custom scheme the desktop renderer is served from (never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'mldrill';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The one URL the window loads: the renderer over app://, never a file:// URL. */
export const START_URL = `${APP_ORIGIN}/`;

/**
 * The privileges app:// is registered with (protocol.registerSchemesAsPrivileged): a standard, secure origin whose
 * pages may use fetch. Nothing that loosens the page's own rules: no bypassCSP, no CORS, no service workers.
 */
export const APP_PROTOCOL_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** True for URLs of our own renderer; everything else is denied navigation and IPC. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // host, not hostname: app://mldrill:1234 is another origin. No user name or password either.
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** The headers of every app:// response: the renderer's CSP replaces whatever the file response carried. */
export function appResponseHeaders(upstream: Headers): Headers {
  const headers = new Headers(upstream);
  headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  headers.set('X-Content-Type-Options', 'nosniff');
  return headers;
}

/** The renderer's web preferences, as Electron's BrowserWindow takes them (see windowOptions). */
export interface WebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  devTools: boolean;
  spellcheck: boolean;
}

export interface WindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: false;
  webPreferences: WebPreferences;
}

/**
 * The one window's options. The page gets no Node (no nodeIntegration anywhere, context isolated, sandboxed), keeps
 * the same-origin policy (webSecurity) and loads nothing insecure; no webview tag, no dropped file becoming a
 * navigation, and no developer tools in a packaged build.
 */
export function windowOptions(opts: { preload: string; platform: NodeJS.Platform; packaged: boolean }): WindowOptions {
  return {
    width: 1200,
    height: 820,
    minWidth: 720,
    minHeight: 560,
    title: 'ML Interview Drill',
    show: false,
    webPreferences: {
      preload: opts.preload,
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
      devTools: !opts.packaged,
      spellcheck: spellcheckEnabled(opts.platform),
    },
  };
}

/** What Electron's navigation events hand their listeners (will-navigate, will-frame-navigate, will-redirect). */
export interface NavigationEvent {
  url: string;
  preventDefault(): void;
}

/** will-navigate, will-frame-navigate, will-redirect: a page or frame may only go to another app:// page. */
export function denyNavigationOutsideApp(event: NavigationEvent): void {
  if (!isAppUrl(event.url)) event.preventDefault();
}

/** setWindowOpenHandler: no new windows at all (window.open, target=_blank, middle-click). Links go through openExternal. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** will-attach-webview: never (webviewTag is off as well). */
export function denyWebview(event: { preventDefault(): void }): void {
  event.preventDefault();
}

/** A frame as Electron's IPC event names it (WebFrameMain); only identity and URL matter here. */
export interface FrameLike {
  readonly url: string;
}

/**
 * The IPC sender check: only our own page's main frame may call, not a subframe, not a page that navigated
 * elsewhere, not a frame that is gone (senderFrame is null once it navigated or was destroyed).
 */
export function ipcSenderAllowed(event: { senderFrame: FrameLike | null; sender: { mainFrame: FrameLike } }): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

export interface PermissionInput {
  /** Electron's permission name ('media', 'notifications', 'geolocation', …). */
  permission: string;
  /** The requesting origin (or a URL of it), as Electron reports it. */
  origin: string;
  /** For 'media': what is asked for ('audio' is the microphone, 'video' the camera). */
  mediaTypes: readonly string[];
  /** True only while the user has started a recording (the main process sets it; see electron/shell/main.ts). */
  recordingArmed: boolean;
}

/**
 * Every permission is refused, with one exception: the microphone alone ('media' asking for 'audio' and nothing
 * else), for our own origin, while the user has started a recording. Used for both Electron's permission request
 * and permission check handlers.
 */
export function permissionDecision({ permission, origin, mediaTypes, recordingArmed }: PermissionInput): boolean {
  return permission === 'media' && isAppUrl(origin) && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio') && recordingArmed;
}

/** The input for setPermissionRequestHandler: the origin from the request's details (media requests carry securityOrigin). */
export function permissionRequestInput(
  permission: string,
  details: { requestingUrl?: string; securityOrigin?: string; mediaTypes?: readonly string[] },
  recordingArmed: boolean,
): PermissionInput {
  return { permission, origin: details.securityOrigin ?? details.requestingUrl ?? '', mediaTypes: details.mediaTypes ?? [], recordingArmed };
}

/** The input for setPermissionCheckHandler, which names one media type ('audio', 'video' or 'unknown') per check. */
export function permissionCheckInput(permission: string, requestingOrigin: string, details: { mediaType?: string }, recordingArmed: boolean): PermissionInput {
  return { permission, origin: requestingOrigin, mediaTypes: details.mediaType ? [details.mediaType] : [], recordingArmed };
}

/**
 * The desktop's openExternal: only an http(s) URL (as `new URL` parses it), only after the user confirms, and then
 * exactly the normalised URL the confirmation showed. `confirm` is the native dialog, `open` shell.openExternal.
 */
export async function openExternalAfterConfirm(
  url: string,
  confirm: (normalisedUrl: string) => Promise<boolean>,
  open: (normalisedUrl: string) => Promise<void>,
): Promise<{ opened: boolean } | { refused: string }> {
  const link = describeLink(url);
  if (!link.ok) return { refused: 'Only http and https links can be opened.' };
  if (!(await confirm(link.display))) return { opened: false };
  await open(link.display);
  return { opened: true };
}

/** What the preload needs of ipcRenderer: invoke on the call channel, listen on the menu channel. */
export interface PreloadIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface MenuBridge {
  /** Calls `listener` with each menu command; returns the function that stops listening. */
  onCommand(listener: (command: MenuCommand) => void): () => void;
}

/**
 * Everything the preload exposes, by global name: `mldrill`, one function per method the desktop offers, each an
 * IPC call on the one declared channel; and `mldrillMenu`, which hands the page the menus' commands (only known
 * ones). No raw ipcRenderer, no event objects, nothing else crosses the bridge.
 */
export function preloadApi(ipc: PreloadIpc): { mldrill: DesktopBridge; mldrillMenu: MenuBridge } {
  const mldrill = bridgeFrom<DesktopBridge>(desktopMethodNames(), (method, arg) => ipc.invoke(IPC_CHANNELS.call, method, arg) as Promise<Result<unknown>>);
  const mldrillMenu: MenuBridge = Object.freeze({
    onCommand(listener: (command: MenuCommand) => void): () => void {
      const handler = (_event: unknown, command: unknown) => {
        if ((MENU_COMMANDS as readonly unknown[]).includes(command)) listener(command as MenuCommand);
      };
      ipc.on(IPC_CHANNELS.menu, handler);
      return () => {
        ipc.removeListener(IPC_CHANNELS.menu, handler);
      };
    },
  });
  return { mldrill, mldrillMenu };
}

/**
 * Maps a URL path to a file under the renderer folder, or null when it would escape it. Unknown paths fall back to
 * index.html so a reload on any route works. Used by the app:// handler and the browser-mode server alike.
 */
export function rendererFileForPath(
  pathname: string,
  rendererDir: string,
  isFile: (file: string) => boolean,
  join: (...p: string[]) => string,
  sep: string,
): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const segments = decoded.split(/[/\\]/).filter(Boolean);
  if (segments.some((seg) => seg === '..') || decoded.includes('\0')) return null;
  const file = join(rendererDir, ...segments);
  if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return null;
  return segments.length > 0 && isFile(file) ? file : join(rendererDir, 'index.html');
}

/** The app:// protocol's mapping: only our own origin, then the same path rules as browser mode. */
export function rendererFileFor(url: string, rendererDir: string, isFile: (file: string) => boolean, join: (...p: string[]) => string, sep: string): string | null {
  if (!isAppUrl(url)) return null;
  return rendererFileForPath(new URL(url).pathname, rendererDir, isFile, join, sep);
}

/** The methods the preload exposes: every method of the table the desktop offers, and nothing else. */
export function desktopMethodNames(): ApiMethod[] {
  return METHOD_NAMES.filter((m) => (METHODS[m].hosts as readonly string[]).includes('desktop'));
}

/**
 * Spell-checking without the network: macOS checks with the system's own dictionaries, but on Linux and Windows
 * Chromium would download Hunspell dictionaries from a remote host at run time, so it is off there.
 */
export function spellcheckEnabled(platform: NodeJS.Platform): boolean {
  return platform === 'darwin';
}

/** Fault injection is for tests of a development build only: a packaged app ignores MLDRILL_FAULTS. */
export function faultSpecFor(packaged: boolean, env: Record<string, string | undefined>): string | undefined {
  return packaged ? undefined : env.MLDRILL_FAULTS;
}

/** The file types the native open dialog offers for each kind of file. */
export function openDialogFilters(kind: 'pack' | 'progress'): { name: string; extensions: string[] }[] {
  return kind === 'pack'
    ? [
        { name: 'Drill packs (JSON or CSV)', extensions: ['json', 'csv'] },
        { name: 'All files', extensions: ['*'] },
      ]
    : [
        { name: 'Progress files', extensions: ['json'] },
        { name: 'All files', extensions: ['*'] },
      ];
}

interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

/**
 * The application menu, as data (Electron's Menu.buildFromTemplate takes it). File holds the pack and progress
 * commands; a packaged build has no developer tools (no toggleDevTools, no reload).
 */
export function menuTemplate(platform: NodeJS.Platform, packaged: boolean, run: (command: MenuCommand) => void): MenuItem[] {
  const file: MenuItem = {
    label: 'File',
    submenu: [
      { label: 'Import Pack…', accelerator: 'CmdOrCtrl+O', click: () => run('import-pack') },
      { label: 'Packs', accelerator: 'CmdOrCtrl+Shift+P', click: () => run('open-packs') },
      { label: 'New Question…', accelerator: 'CmdOrCtrl+N', click: () => run('new-question') },
      { type: 'separator' },
      { label: 'Export Progress…', click: () => run('export-progress') },
      { type: 'separator' },
      { role: platform === 'darwin' ? 'close' : 'quit' },
    ],
  };
  const edit: MenuItem = { role: 'editMenu' };
  const go: MenuItem = {
    label: 'Go',
    submenu: [
      { label: 'Practice', accelerator: 'CmdOrCtrl+1', click: () => run('go-practice') },
      { label: 'Progress', accelerator: 'CmdOrCtrl+2', click: () => run('go-progress') },
      { label: 'Questions', accelerator: 'CmdOrCtrl+3', click: () => run('go-questions') },
      { type: 'separator' },
      { label: 'Settings', accelerator: 'CmdOrCtrl+,', click: () => run('go-settings') },
    ],
  };
  const view: MenuItem = {
    label: 'View',
    submenu: [
      ...(packaged ? [] : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' as const }]),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [...(platform === 'darwin' ? [{ role: 'appMenu' }] : []), file, edit, view, go, { role: 'windowMenu' }];
}
