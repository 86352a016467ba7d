// Starts `mldrill serve` as a child process and waits for the URL it prints. Shared by the end-to-end tests,
// the benchmark and the screenshot script, so they all start the app exactly as a user does.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVE_URL = /http:\/\/127\.0\.0\.1:(\d+)\/#token=[A-Za-z0-9_-]+/;

/** Resolves with the first URL a child prints on stdout or stderr; rejects if it exits or stays silent. */
export function waitForServeUrl(child, timeoutMs = 20_000) {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = SERVE_URL.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], port: Number(m[1]), output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing a URL:\n${output}`));
    });
  });
}

/** `mldrill serve --data DIR [--port N]`; `stop()` ends it and waits for the exit. */
export async function startServe({ dataDir, env = {}, port }) {
  const args = [path.join(ROOT, 'bin', 'mldrill.mjs'), 'serve', '--data', dataDir, ...(port ? ['--port', String(port)] : [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const { url, port: actual } = await waitForServeUrl(child);
  return {
    url,
    port: actual,
    base: url.split('/#')[0],
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Debian's Chromium, where it is installed (Playwright's own browser download cannot reach its host here). */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

/** Chromium flags for a quiet test browser whose microphone plays `wavFile` and is granted without asking. */
export function fakeMicrophoneArgs(wavFile) {
  return [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-gpu',
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${wavFile}`,
  ];
}
