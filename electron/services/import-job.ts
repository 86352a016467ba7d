/**
 * The part of a pack import that touches the database, shared by both ways it runs: in a worker thread with its own
 * connection (import-worker.ts), and on the caller's thread (small packs, or when no worker bundle is found).
 * Everything here happens in one immediate transaction, and the decision (install, update, no-op, refuse) is taken
 * again inside it from what the database holds at that moment: the preview is advice, this is the rule.
 *
 * Versions: a newer MAJOR.MINOR.PATCH updates; an older one needs force (a downgrade, applied with the same
 * matching rules). The same version is compared by content, not by file bytes (packContentHash: what the database
 * stores, so JSON and CSV, reformatting or unknown fields do not count): the same content is a no-op that answers
 * 'unchanged'; other content under the same version is refused, asking the author to raise the version, because
 * two different packs would otherwise share one version number. A pack removed with its history kept is installed
 * again whatever its version. A built-in pack's id is always refused.
 */
import type Database from 'better-sqlite3';
import type { ImportResult } from '../../shared/api';
import type { Pack } from '../../shared/pack-schema';
import { conflict } from './errors';
import { planInstall, readInstalled, writePlan, type InstallPlan, type InstalledPack } from './install-pack';

/** Everything the in-transaction step needs; plain data, so it can be posted to a worker. */
export interface ImportJob {
  pack: Pack;
  /** packContentHash(pack), computed once at preview time. */
  contentHash: string;
  /** The file's base name, stored as packs.source_file. */
  sourceFile: string;
  force: boolean;
  /** The built-in bank's pack ids: reserved. */
  builtinIds: readonly string[];
  now?: string;
}

/** The job without its pack: what applyImport adds to a previewed pack (sent to a prepared worker as a message). */
export type RunOrder = Omit<ImportJob, 'pack'>;

/**
 * A job as it waits for applyImport: the validated pack as UTF-8 JSON bytes. A copy of the bytes is transferred to
 * the worker (a memcpy); structured-cloning the pack's objects, or the same JSON as a string, costs the main thread
 * hundreds of milliseconds for 5,000 questions. The bytes come from JSON.stringify of a validated pack, so they hold
 * no reserved keys.
 */
export interface StoredJob extends RunOrder {
  packBytes: Uint8Array;
}

export const encodePack = (pack: Pack): Uint8Array => new TextEncoder().encode(JSON.stringify(pack));
export const decodePack = (bytes: Uint8Array): Pack => JSON.parse(new TextDecoder().decode(bytes)) as Pack;

/**
 * How a pack relates to what is installed under its id.
 * reserved: a built-in pack's id; install: no row; reinstall: a row removed with its history kept (any version);
 * update: a newer version; same: same version and same content; same-different: same version, other content;
 * older: an older version (needs force).
 */
export type ImportRelation = 'reserved' | 'install' | 'reinstall' | 'update' | 'same' | 'same-different' | 'older';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Compares MAJOR.MINOR.PATCH versions exactly, at any size (no leading zeros, so longer means larger). */
export function compareVersions(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return a === b ? 0 : pa ? 1 : -1;
  for (let i = 1; i <= 3; i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    if (x.length !== y.length) return x.length < y.length ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function importRelation(installed: InstalledPack, pack: Pack, contentHash: string, plan: InstallPlan, builtinIds: readonly string[]): ImportRelation {
  const row = installed.row;
  if (builtinIds.includes(pack.id) || row?.builtin === 1) return 'reserved';
  if (!row) return 'install';
  if (row.removed_at !== null) return 'reinstall';
  const order = compareVersions(pack.version, row.version);
  if (order > 0) return 'update';
  if (order < 0) return 'older';
  return row.content_hash === contentHash || plan.noop ? 'same' : 'same-different';
}

export const reservedMessage = (id: string) =>
  id === 'my-questions'
    ? 'The pack id "my-questions" holds the questions you write in the app (My questions) and is reserved. Choose another id for this pack.'
    : `The pack id "${id}" belongs to the built-in bank, and the built-in bank's ids are reserved. Choose another id for this pack.`;

export const sameDifferentMessage = (version: string) =>
  `Version ${version} of this pack is already installed with different content. Raise the pack's version (for example to ${bump(version)}) and import it again.`;

export const olderMessage = (fileVersion: string, installedVersion: string) =>
  `Version ${installedVersion} is installed and this file is the older ${fileVersion}: importing it downgrades the pack, so it needs force.`;

function bump(version: string): string {
  const m = SEMVER.exec(version);
  return m ? `${m[1]}.${m[2]}.${BigInt(m[3]!) + 1n}` : version;
}

/**
 * The one function both paths run (the worker, import-worker.ts, and this thread, import-pack.ts): applies an
 * import in one immediate transaction on `db`. Throws (rolling everything back) on a reserved id, a same
 * version with other content, or an older version without force; answers 'unchanged' for the same content.
 */
export function runImportJob(db: Database.Database, job: ImportJob, onProgress?: (done: number, total: number) => void): ImportResult {
  const { pack } = job;
  return db
    .transaction((): ImportResult => {
      const installed = readInstalled(db, pack.id);
      const plan = planInstall(installed, pack);
      const relation = importRelation(installed, pack, job.contentHash, plan, job.builtinIds);
      const fromVersion = installed.row?.version ?? '';
      switch (relation) {
        case 'reserved':
          throw conflict(reservedMessage(pack.id));
        case 'same':
          return { packId: pack.id, version: pack.version, action: 'unchanged', added: 0, changed: 0, retired: 0 };
        case 'same-different':
          throw conflict(sameDifferentMessage(pack.version));
        case 'older':
          if (!job.force) throw conflict(olderMessage(pack.version, fromVersion));
          break;
        default:
          break;
      }
      const outcome = writePlan(
        db,
        pack,
        plan,
        { builtin: false, contentHash: job.contentHash, sourceFile: job.sourceFile, ...(job.now ? { now: job.now } : {}), ...(onProgress ? { onProgress } : {}) },
        relation === 'install' || relation === 'reinstall' ? 'added' : 'updated',
      );
      return { packId: pack.id, version: pack.version, ...outcome };
    })
    .immediate();
}
