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
 * Maps an app:// request to a file under the renderer folder, or null when it would escape it.
 * Unknown paths fall back to index.html so a reload on any route works.
 */
export function rendererFileFor(url: string, rendererDir: string, exists: (file: string) => boolean, join: (...p: string[]) => string, sep: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.split('/').some((seg) => seg === '..')) return null;
  const file = join(rendererDir, ...pathname.split('/').filter(Boolean));
  if (file !== rendererDir && !file.startsWith(rendererDir + sep)) return null;
  return pathname !== '/' && exists(file) ? file : join(rendererDir, 'index.html');
}
