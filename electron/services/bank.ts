/** Loads the built-in bank from resources/bank through the same validator that checks imported packs. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Level } from '../../shared/areas';
import { MAX_PACK_BYTES } from '../../shared/pack-schema';
import { validatePack, type PackIssue, type PackValidation } from '../../shared/validate-pack';
import { PackOwnerError, installPack, type InstallOutcome } from './install-pack';

export const PACK_SUFFIX = '.drillpack.json';

export interface BankFileResult {
  file: string;
  /** The pack's id, when the file could be read as a pack (valid or not): the bank reserves it. */
  packId?: string;
  outcome?: InstallOutcome;
  errors?: PackIssue[];
  /** Why a valid file was not installed: its id is held by a pack the user imported, which the bank never replaces. */
  skipped?: string;
}

/** Pack files directly inside a folder, in name order. */
export function listPackFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(PACK_SUFFIX))
    .sort()
    .map((f) => path.join(dir, f));
}

const fileError = (message: string): PackValidation => ({ ok: false, pack: null, errors: [{ path: '(file)', message }], warnings: [], stats: null });

/**
 * Reads and validates one pack file. The size and kind of file are checked before anything is read, and a file
 * that cannot be read becomes a validation error rather than an exception.
 */
export function readPackFile(file: string): { result: PackValidation; bytes: Buffer | null } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return { result: fileError(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`), bytes: null };
  }
  if (!stat.isFile()) return { result: fileError('is not a regular file'), bytes: null };
  if (stat.size > MAX_PACK_BYTES) return { result: fileError(`is ${(stat.size / 1048576).toFixed(1)} MB; packs must be at most 20 MB`), bytes: null };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { result: fileError(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`), bytes: null };
  }
  return { result: validatePack(bytes), bytes };
}

/** The id an invalid bank file declares, when it parses far enough to say: the bank keeps it reserved all the same. */
function idOfInvalidPack(bytes: Buffer): string | undefined {
  try {
    const id = (JSON.parse(bytes.toString('utf8')) as { id?: unknown } | null)?.id;
    return typeof id === 'string' && /^[a-z0-9][a-z0-9-]{1,63}$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Installs or updates each of the bank's files (the app's own resources are the only source of built-in packs). A
 * file whose id is held by a pack the user imported is skipped, with the reason logged: taking that row over would
 * mark the user's pack built-in and retire their questions. Its id stays reserved (packId is still reported).
 */
export function loadBuiltinBank(db: Database.Database, bankDir: string, log: (line: string) => void = (l) => console.warn(l)): BankFileResult[] {
  return listPackFiles(bankDir).map((file) => {
    const { result, bytes } = readPackFile(file);
    if (!result.ok || !bytes) {
      const packId = bytes ? idOfInvalidPack(bytes) : undefined;
      return { file, ...(packId ? { packId } : {}), errors: result.errors };
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    try {
      return { file, packId: result.pack.id, outcome: installPack(db, result.pack, { builtin: true, contentHash }) };
    } catch (e) {
      if (!(e instanceof PackOwnerError)) throw e;
      const skipped = `built-in pack ${path.basename(file)} was skipped: ${e.message}`;
      log(skipped);
      return { file, packId: result.pack.id, skipped };
    }
  });
}

/** Questions per area in the bank's files, for reporting before any database exists. */
export function bankAvailability(bankDir: string): Map<string, Partial<Record<Level, number>>> {
  const counts = new Map<string, Partial<Record<Level, number>>>();
  for (const file of fs.existsSync(bankDir) ? listPackFiles(bankDir) : []) {
    const { result } = readPackFile(file);
    if (!result.ok) continue;
    for (const q of result.pack.questions) {
      const area = counts.get(q.area) ?? {};
      area[q.level] = (area[q.level] ?? 0) + 1;
      counts.set(q.area, area);
    }
  }
  return counts;
}
