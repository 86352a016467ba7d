// `npm start`: opens the desktop app. Where the Electron runtime cannot be downloaded or started, says so in one
// line and falls back to browser mode (`mldrill serve`), which prints the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronHostArgs, findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const passthrough = process.argv.slice(2);

let fellBack = false;
function browserMode(reason) {
  if (fellBack) return; // 'error' and 'exit' can both fire for one failed spawn
  fellBack = true;
  console.log(`Electron is not available here (${reason}); starting browser mode instead.`);
  const child = spawn(process.execPath, [path.join(root, 'bin', 'mldrill.mjs'), 'serve', ...passthrough], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}

let found = findElectronBinary(root);
if (!found.path && !process.env.MLDRILL_NO_ELECTRON_DOWNLOAD) {
  // First run on a new machine: the electron package downloads its runtime once (the only step that needs network).
  const install = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  found = findElectronBinary(root);
  if (!found.path && install.status !== 0) found = { path: null, reason: 'the Electron runtime could not be downloaded' };
}

if (!found.path) {
  browserMode(found.reason);
} else {
  const started = Date.now();
  const child = spawn(found.path, [...electronHostArgs(), root, ...passthrough], { stdio: 'inherit' });
  child.on('error', (e) => browserMode(`the Electron runtime failed to start: ${e.message}`));
  child.on('exit', (code) => {
    // A runtime that dies at once (missing system libraries, no display) gets the fallback rather than a dead end.
    if (code !== 0 && Date.now() - started < 5000) browserMode(`the Electron runtime exited with code ${code} at start`);
    else process.exit(code ?? 0);
  });
}
