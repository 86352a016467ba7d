// Finds the Electron runtime that the `electron` package downloads on first use, without triggering a download.
import fs from 'node:fs';
import path from 'node:path';

/** @returns {{ path: string, reason?: undefined } | { path: null, reason: string }} */
export function findElectronBinary(root) {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(pkg, 'package.json'))) return { path: null, reason: 'the electron package is not installed (run npm ci)' };
  const pathFile = path.join(pkg, 'path.txt');
  const rel = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const bin = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? 'electron');
    return fs.existsSync(bin) ? { path: bin } : { path: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no runtime at ${bin}` };
  }
  if (!rel) return { path: null, reason: 'the Electron runtime has not been downloaded (node_modules/electron/path.txt is missing)' };
  const bin = path.join(pkg, 'dist', rel);
  return fs.existsSync(bin) ? { path: bin } : { path: null, reason: `the Electron runtime is missing at ${bin}` };
}

/** Extra switches Electron needs on this host; the renderer's own sandbox stays on (see electron/shell/main.ts). */
export function electronHostArgs() {
  // Chromium refuses to start its OS-level sandbox as root (CI containers run as root).
  return process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}
