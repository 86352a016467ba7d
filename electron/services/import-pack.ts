/**
 * Pack imports: preview (validate and diff, writing nothing), then apply in one transaction off the main thread.
 *
 * - previewImport validates the text with the same validator as `mldrill pack validate` (a .csv file goes through
 *   csvToPack first), then diffs it against the database with the planner installPack uses, so the preview names
 *   exactly what the import will add, change and retire. A valid pack that can be imported is kept in memory under
 *   a random importId for 10 minutes (at most MAX_PENDING at once; the oldest is dropped first).
 * - applyImport runs runImportJob (import-job.ts), which decides again inside its transaction. Packs of
 *   workerMinQuestions questions or more run it in a worker thread with its own connection, reporting progress
 *   that getImportProgress answers; smaller ones, or all when no worker bundle is found, run it on this thread.
 *   Imports run one at a time, in the order they were applied.
 * - The worker for the latest large preview is started at preview time (prepared): it boots, opens its connection
 *   and parses the pack while the preview is on screen, then waits, unreferenced, for applyImport's order. At most
 *   one is prepared at a time; dropping the preview (expiry, eviction) ends it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { ImportPreview, ImportProgress, ImportResult, NamedQuestion, ServiceApi } from '../../shared/api';
import type { AreaId, Kind } from '../../shared/areas';
import { csvToPack, type CsvIssue } from '../../shared/pack-csv';
import { MAX_PACK_BYTES, type Pack, type Question } from '../../shared/pack-schema';
import { issueCount, validatePack, type PackIssue } from '../../shared/validate-pack';
import { ServiceError, conflict } from './errors';
import {
  decodePack,
  encodePack,
  importRelation,
  olderMessage,
  reservedMessage,
  runImportJob,
  sameDifferentMessage,
  type ImportRelation,
  type RunOrder,
  type StoredJob,
} from './import-job';
import { IMPORT_WORKER_PROTOCOL, deserializeError, type RunMessage, type WorkerInput, type WorkerMessage } from './import-worker-protocol';
import { packContentHash, planInstall, readInstalled, type InstallPlan } from './install-pack';
import { packageRoot } from './paths';

export interface ImportContext {
  db: Database.Database;
  dataDir: string;
  /** Ids of the built-in bank's packs: an import may never claim one. */
  builtinIds: ReadonlySet<string>;
  /** The worker bundle to run large imports in; by default found by findImportWorker(); null: always this thread. */
  workerScript?: string | null;
  /** Packs with fewer questions import on this thread (a worker costs more to start than they take). */
  workerMinQuestions?: number;
  /** Where to say why an import ran on this thread after all (default console.warn). */
  log?: (line: string) => void;
  /** Runs before the import writes (the services take a backup); a rejection stops the import, nothing written. */
  beforeImport?: () => Promise<unknown>;
}

export type ImportApi = Pick<ServiceApi, 'previewImport' | 'applyImport' | 'getImportProgress'>;

/** How long a previewed pack waits for applyImport, and how long a finished import's progress stays readable. */
export const IMPORT_TTL_MS = 10 * 60 * 1000;
/** Previewed packs held in memory at once (each may be a 20 MB file's worth). */
export const MAX_PENDING = 4;
/** Finished imports whose progress stays readable. */
const MAX_FINISHED = 16;
export const DEFAULT_WORKER_MIN_QUESTIONS = 200;
const PROMPT_CHARS = 120;
export const WORKER_FILES = ['import-worker.mjs', 'import-worker.cjs'] as const;

/**
 * The worker bundle: next to the running bundle (dist/node/import-worker.mjs beside cli.mjs,
 * dist/electron/import-worker.cjs beside main.cjs, also inside app.asar), or, when running from source (vitest),
 * the one `node scripts/build-node.mjs` writes to dist/node/. Null when there is none: imports run on this thread.
 */
export function findImportWorker(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const name of WORKER_FILES) {
    const file = path.join(here, name);
    if (fs.existsSync(file)) return file;
  }
  try {
    const file = path.join(packageRoot(import.meta.url), 'dist', 'node', WORKER_FILES[0]);
    if (fs.existsSync(file)) return file;
  } catch {
    // Not inside the package (a copied bundle): no worker.
  }
  return null;
}

interface Entry {
  importId: string;
  /** Dropped once the import has been applied, to free the memory. */
  job: StoredJob | null;
  version: string;
  relation: ImportRelation;
  fromVersion: string | null;
  state: ImportProgress['state'];
  done: number;
  total: number;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** A worker started at preview time, waiting for the order to import. */
  prepared: WorkerHandle | null;
}

/** The file's own name, without any folder (it may name the user's home), in either separator. */
export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).filter(Boolean).pop() ?? fileName;
}

/** The prompt's first PROMPT_CHARS characters, never ending in half of a surrogate pair. */
function cut(text: string, max = PROMPT_CHARS): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, end);
}

const named = (q: { id: string; area: string; prompt: string }): NamedQuestion => ({ id: q.id, area: q.area as AreaId, prompt: cut(q.prompt) });

/** UTF-8 length of a string, counted without encoding it, stopping once past `limit`. */
function utf8Length(text: string, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const plain = (list: readonly PackIssue[]) => list.map(({ path: p, message }) => ({ path: p, message }));

/** A CSV problem as a path: `row 12, column "check3.id"`, or (file) when it has no single place. */
function csvIssue(issue: CsvIssue): { path: string; message: string } {
  const where = [issue.row === null ? null : `row ${issue.row}`, issue.column === null ? null : `column ${JSON.stringify(issue.column)}`].filter(Boolean);
  return { path: where.length ? where.join(', ') : '(file)', message: issue.message };
}

type Parsed = { ok: true; pack: Pack; warnings: { path: string; message: string }[] } | { ok: false; errors: { path: string; message: string }[]; warnings: { path: string; message: string }[] };

/** The file's text as a validated pack. Never throws; limits are checked before anything is parsed. */
function parse(fileName: string, text: string): Parsed {
  if (/\.csv$/i.test(fileName)) {
    const r = csvToPack(text);
    return r.ok ? { ok: true, pack: r.pack, warnings: r.warnings.map(csvIssue) } : { ok: false, errors: r.errors.map(csvIssue), warnings: r.warnings.map(csvIssue) };
  }
  // Size before anything else, counted without allocating: only a text within the limit is encoded.
  const size = utf8Length(text, MAX_PACK_BYTES);
  if (size > MAX_PACK_BYTES) return { ok: false, errors: [{ path: '(file)', message: 'is over 20 MB; packs must be at most 20 MB' }], warnings: [] };
  const r = validatePack(new TextEncoder().encode(text));
  return r.ok ? { ok: true, pack: r.pack, warnings: plain(r.warnings) } : { ok: false, errors: plain(r.errors), warnings: plain(r.warnings) };
}

function packSummary(pack: Pack): NonNullable<ImportPreview['pack']> {
  const byArea: Partial<Record<AreaId, number>> = {};
  const byKind: Partial<Record<Kind, number>> = {};
  for (const q of pack.questions) {
    byArea[q.area] = (byArea[q.area] ?? 0) + 1;
    byKind[q.kind] = (byKind[q.kind] ?? 0) + 1;
  }
  return {
    id: pack.id,
    title: pack.title,
    version: pack.version,
    author: pack.author ?? null,
    license: pack.license ?? null,
    description: pack.description ?? null,
    questions: pack.questions.length,
    byArea,
    byKind,
  };
}

function diff(plan: InstallPlan, questions: readonly Question[]): { added: NamedQuestion[]; changed: NamedQuestion[]; retired: NamedQuestion[] } {
  const added: NamedQuestion[] = [];
  const changed: NamedQuestion[] = [];
  plan.questions.forEach((qp, i) => {
    if (qp.status === 'added') added.push(named(questions[i]!));
    else if (qp.status === 'changed') changed.push(named(questions[i]!));
  });
  return { added, changed, retired: plan.retire.map(named) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const counts = (d: { added: unknown[]; changed: unknown[]; retired: unknown[] }) => `${d.added.length} added, ${d.changed.length} changed, ${d.retired.length} retired`;

/** A worker that never started (no bundle, a stale one, a host that cannot run it): the import runs here instead. */
class WorkerUnavailable extends Error {}

/** One worker thread running (or prepared to run) one import. */
interface WorkerHandle {
  /** False once it has failed or exited: a prepared worker that is not usable is replaced by a new one. */
  usable(): boolean;
  /** Imports: sends the order to a prepared worker (a worker started with its order runs at once). */
  run(order: RunOrder, onProgress: (done: number, total: number) => void): Promise<ImportResult>;
  dispose(): void;
}

/**
 * Starts the worker on a transferred copy of the pack's bytes (the stored ones stay for a retry). It is
 * unreferenced until it runs, so a prepared worker never keeps a process alive. Throws if it cannot be created;
 * run() rejects with WorkerUnavailable when it never started (no such file, a stale bundle, a host that cannot run it).
 */
function spawnWorker(script: string, dataDir: string, bytes: Uint8Array, order: RunOrder | null): WorkerHandle {
  const packBytes = new Uint8Array(bytes);
  const input: WorkerInput = { protocol: IMPORT_WORKER_PROTOCOL, dataDir, packBytes, order };
  const worker = new Worker(script, { workerData: input, transferList: [packBytes.buffer] });
  worker.unref();
  let started = false;
  let sent = order !== null;
  let failure: Error | null = null;
  let waiter: { resolve: (r: ImportResult) => void; reject: (e: Error) => void; onProgress: (done: number, total: number) => void } | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    const w = waiter;
    waiter = null;
    w?.reject(e);
  };
  worker.on('message', (m: WorkerMessage) => {
    switch (m.type) {
      case 'stale':
        fail(new WorkerUnavailable(`the import worker ${script} was built from other sources (protocol ${m.protocol}); rebuild it`));
        break;
      case 'started':
        started = true;
        break;
      case 'ready':
        break;
      case 'progress':
        waiter?.onProgress(m.done, m.total);
        break;
      case 'done': {
        const w = waiter;
        waiter = null;
        failure ??= new Error('the import worker has finished');
        w?.resolve(m.result);
        break;
      }
      case 'error':
        fail(deserializeError(m.error));
        break;
    }
  });
  worker.on('error', (e) => fail(started ? e : new WorkerUnavailable(`the import worker could not start: ${e.message}`)));
  worker.on('exit', (code) =>
    fail(
      started
        ? new Error(`the import worker stopped (exit code ${code}) before it finished; nothing was changed`)
        : new WorkerUnavailable(`the import worker exited (code ${code}) before it started`),
    ),
  );
  return {
    usable: () => failure === null,
    run: (o, onProgress) => {
      if (failure) return Promise.reject(failure);
      return new Promise<ImportResult>((resolve, reject) => {
        waiter = { resolve, reject, onProgress };
        worker.ref();
        if (!sent) {
          sent = true;
          worker.postMessage({ type: 'run', order: o } satisfies RunMessage);
        }
      });
    },
    dispose: () => {
      failure ??= new Error('the import worker was stopped');
      void worker.terminate();
    },
  };
}

export function createImportApi(ctx: ImportContext): ImportApi {
  const entries = new Map<string, Entry>();
  const log = ctx.log ?? ((line: string) => console.warn(line));
  /** The import running now; the next one waits for it. */
  let queue: Promise<unknown> = Promise.resolve();

  const schedule = (e: Entry, ms: number) => {
    if (e.timer) clearTimeout(e.timer);
    e.expiresAt = Date.now() + ms;
    e.timer = setTimeout(() => {
      if (e.state !== 'running') drop(e);
    }, ms);
    e.timer.unref();
  };
  const unprepare = (e: Entry) => {
    e.prepared?.dispose();
    e.prepared = null;
  };
  const drop = (e: Entry) => {
    if (e.timer) clearTimeout(e.timer);
    unprepare(e);
    entries.delete(e.importId);
  };
  const minQuestions = ctx.workerMinQuestions ?? DEFAULT_WORKER_MIN_QUESTIONS;
  const script = () => (ctx.workerScript === undefined ? findImportWorker() : ctx.workerScript);
  const live = (importId: string): Entry | undefined => {
    const e = entries.get(importId);
    if (e && e.state !== 'running' && Date.now() > e.expiresAt) {
      drop(e);
      return undefined;
    }
    return e;
  };
  /** Room for one more previewed pack: drops the oldest waiting ones (never a running one), then old results. */
  const makeRoom = () => {
    const waiting = [...entries.values()].filter((e) => e.job !== null && e.state !== 'running');
    for (let i = 0; i <= waiting.length - MAX_PENDING; i++) drop(waiting[i]!);
    const finished = [...entries.values()].filter((e) => e.job === null);
    for (let i = 0; i <= finished.length - MAX_FINISHED; i++) drop(finished[i]!);
  };

  const previewImport: ImportApi['previewImport'] = ({ fileName, text }) => {
    const file = baseName(fileName);
    const parsed = parse(file, text);
    const base = { importId: null, fileName: file, update: null };
    if (!parsed.ok) {
      const n = issueCount(parsed.errors);
      return {
        ...base,
        action: 'invalid',
        message: `This file is not a valid drill pack (${plural(n, 'error')}); nothing can be imported until ${n === 1 ? 'it is' : 'they are'} fixed.`,
        errors: parsed.errors,
        warnings: parsed.warnings,
        pack: null,
      };
    }
    const { pack } = parsed;
    const summary = packSummary(pack);
    const common = { ...base, errors: [], warnings: parsed.warnings, pack: summary };
    const builtinIds = [...ctx.builtinIds];
    if (ctx.builtinIds.has(pack.id)) return { ...common, action: 'refused', message: reservedMessage(pack.id) };

    const installed = readInstalled(ctx.db, pack.id);
    const plan = planInstall(installed, pack);
    const contentHash = packContentHash(pack);
    const relation = importRelation(installed, pack, contentHash, plan, builtinIds);
    const fromVersion = installed.row?.version ?? null;
    const changes = installed.row && relation !== 'reserved' ? { fromVersion: installed.row.version, ...diff(plan, pack.questions) } : null;
    const title = `"${pack.title}" ${pack.version}`;
    if (relation === 'reserved') return { ...common, action: 'refused', message: reservedMessage(pack.id) };
    if (relation === 'same-different') return { ...common, action: 'refused', message: sameDifferentMessage(pack.version), update: changes };

    let action: ImportPreview['action'];
    let message: string;
    switch (relation) {
      case 'install':
        action = 'install';
        message = `Installs ${title}: ${plural(pack.questions.length, 'question')}.`;
        break;
      case 'reinstall':
        action = 'install';
        message = `Installs ${title} again. It was removed with its history kept; that history comes back with the questions this file still holds (${counts(changes!)}).`;
        break;
      case 'update':
        action = 'update';
        message = `Updates "${pack.title}" from ${fromVersion} to ${pack.version}: ${counts(changes!)}. Answers and scheduling are kept, and retired questions stay in your history.`;
        break;
      case 'same':
        action = 'same-version';
        message = `${title} is already installed with the same content: importing it changes nothing.`;
        break;
      default:
        action = 'older-version';
        message = `${olderMessage(pack.version, fromVersion ?? '')} It would make ${counts(changes!)}.`;
        break;
    }

    makeRoom();
    const importId = randomUUID();
    const entry: Entry = {
      importId,
      job: { packBytes: encodePack(pack), contentHash, sourceFile: file, force: false, builtinIds },
      version: pack.version,
      relation,
      fromVersion,
      state: 'pending',
      done: 0,
      total: pack.questions.length,
      expiresAt: 0,
      timer: null,
      prepared: null,
    };
    entries.set(importId, entry);
    schedule(entry, IMPORT_TTL_MS);
    prepare(entry);
    return { ...common, importId, action, message, update: relation === 'install' ? null : changes };
  };

  /** Starts the worker for a large preview now, so applyImport finds it booted, connected and parsed. */
  const prepare = (entry: Entry) => {
    const file = script();
    if (!entry.job || file === null || entry.total < minQuestions) return;
    for (const other of entries.values()) if (other.state !== 'running') unprepare(other);
    try {
      entry.prepared = spawnWorker(file, ctx.dataDir, entry.job.packBytes, null);
    } catch {
      // Not this time: applyImport tries again, and says why if it must import on this thread.
    }
  };

  const run = (entry: Entry, job: StoredJob, onProgress: (done: number, total: number) => void): Promise<ImportResult> => {
    const { packBytes, ...order } = job;
    const here = () =>
      new Promise<ImportResult>((resolve, reject) => {
        // A turn of the event loop first, so the caller's reply to applyImport is never delayed by it.
        setImmediate(() => {
          try {
            resolve(runImportJob(ctx.db, { ...order, pack: decodePack(packBytes) }, onProgress));
          } catch (e) {
            reject(e);
          }
        });
      });
    let handle = entry.prepared?.usable() ? entry.prepared : null;
    entry.prepared = null;
    if (!handle) {
      if (entry.total < minQuestions) return here();
      const file = script();
      if (file === null) {
        log(`pack import: no worker bundle was found (run \`node scripts/build-node.mjs\`); importing ${entry.total} questions on the main thread`);
        return here();
      }
      try {
        handle = spawnWorker(file, ctx.dataDir, packBytes, order);
      } catch (e) {
        log(`pack import: the import worker could not start: ${(e as Error).message}; importing on the main thread instead`);
        return here();
      }
    }
    return handle.run(order, onProgress).catch((e: unknown) => {
      if (!(e instanceof WorkerUnavailable)) throw e;
      log(`pack import: ${e.message}; importing on the main thread instead`);
      return here();
    });
  };

  const applyImport: ImportApi['applyImport'] = ({ importId, force }) => {
    const entry = live(importId);
    if (!entry) return Promise.reject(new ServiceError('not-found', 'This import has expired or was never previewed. Preview the file again.'));
    if (entry.state === 'running') return Promise.reject(conflict('This import is already running.'));
    if (entry.state === 'done' || !entry.job) return Promise.reject(conflict('This import has already been applied. Preview the file again to import it once more.'));
    if (entry.relation === 'older' && !force) return Promise.reject(conflict(olderMessage(entry.version, entry.fromVersion ?? '')));
    const job: StoredJob = { ...entry.job, force };
    entry.state = 'running';
    entry.done = 0;
    const result = queue.then(async () => {
      await ctx.beforeImport?.();
      return run(entry, job, (done, total) => {
        entry.done = done;
        entry.total = total;
      });
    });
    queue = result.catch(() => undefined);
    return result.then(
      (r) => {
        entry.state = 'done';
        entry.done = entry.total;
        entry.job = null;
        unprepare(entry);
        schedule(entry, IMPORT_TTL_MS);
        return r;
      },
      (e: unknown) => {
        // Rolled back: the previewed pack stays, so the same importId may be applied again.
        entry.state = 'failed';
        entry.done = 0;
        schedule(entry, Math.max(entry.expiresAt - Date.now(), 60_000));
        throw e;
      },
    );
  };

  const getImportProgress: ImportApi['getImportProgress'] = ({ importId }) => {
    const entry = live(importId);
    if (!entry) throw new ServiceError('not-found', 'This import has expired or was never previewed.');
    return { state: entry.state, done: entry.done, total: entry.total };
  };

  return { previewImport, applyImport, getImportProgress };
}
