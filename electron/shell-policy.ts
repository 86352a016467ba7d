/** Security policy shared by the Electron shell and the browser-mode server, so both serve the renderer alike. */
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
