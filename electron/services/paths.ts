/**
 * Where data lives. The default matches Electron's app.getPath('userData') for this app's name, so the desktop app,
 * `mldrill serve` and `mldrill progress` share one database. MLDRILL_DATA_DIR or --data overrides it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'ML Interview Drill';
const PACKAGE_NAME = 'ml-interview-drill';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.MLDRILL_DATA_DIR) return path.resolve(env.MLDRILL_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/**
 * The package root: the nearest folder above the calling file whose package.json is this app's. Works from a
 * bundled file in dist/<x>/ and from a source file at any depth under electron/.
 */
export function packageRoot(fromUrl: string): string {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (;;) {
    try {
      if ((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    } catch {
      // No package.json here (or not ours): keep looking upward.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package above ${fileURLToPath(fromUrl)}`);
    dir = parent;
  }
}
