/** Loads the built-in bank from resources/bank through the same validator that checks imported packs. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { validatePack, type PackIssue } from '../../shared/validate-pack';
import { installPack, type InstallOutcome } from './install-pack';

export const PACK_SUFFIX = '.drillpack.json';

export interface BankFileResult {
  file: string;
  outcome?: InstallOutcome;
  errors?: PackIssue[];
}

/** Pack files directly inside a folder, in name order. */
export function listPackFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(PACK_SUFFIX))
    .sort()
    .map((f) => path.join(dir, f));
}

export function loadBuiltinBank(db: Database.Database, bankDir: string): BankFileResult[] {
  return listPackFiles(bankDir).map((file) => {
    const bytes = fs.readFileSync(file);
    const result = validatePack(bytes);
    if (!result.ok) return { file, errors: result.errors };
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    return { file, outcome: installPack(db, result.pack, { builtin: true, contentHash }) };
  });
}
