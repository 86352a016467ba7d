import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh temp folder per call, removed after the test. */
export function tempDir(prefix = 'mldrill-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterEach(() => {
  while (made.length) fs.rmSync(made.pop()!, { recursive: true, force: true });
});

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BANK_DIR = path.join(ROOT, 'resources', 'bank');
