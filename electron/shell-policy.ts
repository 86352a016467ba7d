/**
 * Security policy shared by the Electron shell and the browser-mode server, so both serve the renderer alike.
 * Pure functions of their inputs, so the shell stays thin and this is what the tests check.
 */
import type { MenuCommand } from '../shared/ipc';
import { METHODS, METHOD_NAMES, type ApiMethod } from '../shared/methods';
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
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

/** True for URLs of our own renderer; everything else is denied navigation and IPC. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
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
