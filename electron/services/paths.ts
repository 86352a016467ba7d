/**
 * Where data lives. The default matches Electron's app.getPath('userData') for this app's name, so the desktop app,
 * `mldrill serve` and `mldrill progress` share one database. MLDRILL_DATA_DIR or --data overrides it.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_NAME = 'ML Interview Drill';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.MLDRILL_DATA_DIR) return path.resolve(env.MLDRILL_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** The package root, found from a bundled file in dist/<x>/ or a source file in electron/<x>/. */
export function packageRoot(fromUrl: string): string {
  return path.resolve(path.dirname(fileURLToPath(fromUrl)), '..', '..');
}
