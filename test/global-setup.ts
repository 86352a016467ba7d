/**
 * Builds the Node-side bundles (CLI, import worker) once before any test file runs. Tests that start the built CLI or
 * the import worker use them; building inside test files raced, since files run in parallel and rewrote the bundle
 * while another file's worker was loading it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup() {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], { cwd: root, stdio: 'inherit' });
}
