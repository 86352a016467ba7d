/**
 * Each test gets its own data folder and its own `mldrill serve` process, started exactly as a user starts it.
 * Tests wait on what the app shows (a URL line, a "saved" status), never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface AppServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startServe(dataDir: string, env: Record<string, string> = {}): Promise<AppServer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'mldrill.mjs'), 'serve', '--data', dataDir], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mldrill serve printed no URL within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mldrill serve exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const test = base.extend<{ dataDir: string; serverEnv: Record<string, string>; server: AppServer }>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  serverEnv: [{}, { option: true }],
  server: async ({ dataDir, serverEnv }, use) => {
    const server = await startServe(dataDir, serverEnv);
    await use(server);
    await server.stop();
  },
});

export { expect } from '@playwright/test';
