/**
 * Each test gets its own data folder and its own `mldrill serve` process, started exactly as a user starts it.
 * Tests wait on what the app shows (a URL line, a "saved" status), never on sleeps.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { ROOT, startServe, type ServeProcess } from '../../scripts/serve-process.mjs';

export { ROOT, startServe };
export type AppServer = ServeProcess;

export const test = base.extend<{ dataDir: string; serverEnv: Record<string, string>; server: AppServer }>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-e2e-'));
    await use(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  serverEnv: [{}, { option: true }],
  server: async ({ dataDir, serverEnv }, use) => {
    const server = await startServe({ dataDir, env: serverEnv });
    await use(server);
    await server.stop();
  },
});

export { expect } from '@playwright/test';
