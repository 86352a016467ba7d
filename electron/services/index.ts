/**
 * The services behind the UI, independent of any transport. The Electron main process, the browser-mode server,
 * the CLI and the tests all build them here.
 */
import { advanceLoop, endLoopRound, loadLoopTemplates, loopResult, startLoop, startLoopRound, templateInfo } from './loops';
import type { LoopTemplate } from '../../shared/loops/template';
import type Database from 'better-sqlite3';
import type { ServiceApi } from '../../shared/api';
import path from 'node:path';
import type { StorageNotice, StorageStatus } from '../../shared/api';
import { DAY_MS } from '../../shared/learning/days';
import { backupDatabase, backupDir, backupInProgress, backupNow, cleanUpRestore, checkBackupFile, databaseFiles, listBackups, putBackupInPlace } from '../db/backup';
import { latestVersion } from '../db/migrations';
import { closeDatabase, openDatabase, type OpenNotice } from '../db/open';
import { ServiceError, notFound } from './errors';
import { describeStartupError, isDamage, quickCheckOffThread, recoverDamagedDatabase } from './storage';
import { saveAttempt, saveDraft, skipQuestion } from './attempts';
import { loadBuiltinBank, type BankFileResult } from './bank';
import { createImportApi } from './import-pack';
import { MY_QUESTIONS_ID } from './my-questions';
import { createPackApi } from './packs';
import { systemClock, type Clock } from './clock';
import { editAttempt, questionHistory, searchAnswers } from './history';
import { browse, dashboard, learningState, progressReport, weakConcepts } from './learning';
import { abandonSession, activeSession, getSession, getSummary, startSession } from './sessions';
import { readSettings, updateSettings } from './settings';
import { createTranscription, type TranscriptionOptions } from './transcribe/index';
import { createRecordingApi, sweepRecordingFiles } from './recordings';

/** The services' per-statement lock wait, in ms (see createDispatcher's busy retries). */
export const SERVICES_BUSY_TIMEOUT_MS = 5;

export interface ServicesOptions {
  dataDir: string;
  /** Folder of built-in *.drillpack.json files; omitted in tests that install packs themselves. */
  bankDir?: string;
  /** Folder of mock-loop templates; by default the `loops` folder beside the bank's. */
  loopsDir?: string;
  /** Defaults to the system clock; tests and `serve` with MLDRILL_NOW pass their own. */
  clock?: Clock;
  /** Per-statement lock wait (default SERVICES_BUSY_TIMEOUT_MS); a command-line tool with no UI may wait longer. */
  busyTimeoutMs?: number;
  /**
   * Run the integrity check (in a worker) and take the daily backup once started: the desktop app and `serve` do.
   * Off by default, so short-lived users (the CLI's import, tests) leave nothing running after close().
   */
  startupChecks?: boolean;
  /** How long after start the checks begin, so they stay off the first paint's path (default 3 s). */
  startupCheckDelayMs?: number;
  /** How transcription starts its engine process (the desktop passes Electron's utilityProcess; tests a fake engine). */
  transcription?: TranscriptionOptions;
}

export interface Services {
  api: ServiceApi;
  /** The open connection (a restore replaces it). */
  readonly db: Database.Database;
  readonly bank: BankFileResult[];
  /** Settles when the start-up integrity check (and a daily backup, if due) have run. */
  startupChecks: Promise<void>;
  close(): void;
}

export interface ApiContext {
  dataDir: string;
  /** Ids of the built-in bank's packs, reserved: no import may claim one. */
  builtinIds: ReadonlySet<string>;
  clock?: Clock;
  /** Runs before a pack import writes (a backup); a rejection stops the import. */
  beforeImport?: () => Promise<unknown>;
  /** The mock-loop templates (resources/loops), read once when the services start. */
  loopTemplates?: readonly LoopTemplate[];
}

/** The methods that manage the database file itself; createServices implements them, as they close and reopen it. */
type StorageMethod = 'getStorageStatus' | 'createBackup' | 'restoreBackup';
/** Transcription holds a child process, so createServices owns it too (one per services, closed with them). */
type TranscriptionMethod = 'getTranscriptionStatus' | 'transcribeAudio';
export type DataApi = Omit<ServiceApi, StorageMethod | TranscriptionMethod>;

export function createApi(db: Database.Database, ctx: ApiContext): DataApi {
  const clock = ctx.clock ?? systemClock;
  return {
    ...createPackApi(db),
    ...createImportApi({ db, ...ctx }),
    ...createRecordingApi(db, ctx.dataDir, clock),
    getHome: () => {
      const s = learningState(db, clock);
      return {
        areas: s.areas,
        settings: s.settings,
        activeSession: activeSession(db),
        today: s.today,
        interview: s.interview,
        weakConcepts: weakConcepts(db, s.now.startHour, 3),
      };
    },
    updateSettings: (patch) => updateSettings(db, patch),
    startSession: (arg) => startSession(db, arg, clock),
    getSession: ({ sessionId }) => getSession(db, sessionId, clock),
    saveDraft: (arg) => saveDraft(db, arg, clock),
    saveAttempt: (arg) => {
      const attemptId = saveAttempt(db, arg, clock);
      return { attemptId, session: getSession(db, arg.sessionId, clock) };
    },
    skipQuestion: (arg) => {
      skipQuestion(db, arg, clock);
      return { session: getSession(db, arg.sessionId, clock) };
    },
    listLoopTemplates: () => (ctx.loopTemplates ?? []).map(templateInfo),
    startLoop: (arg) => startLoop(db, ctx.loopTemplates ?? [], arg, clock),
    startLoopRound: (arg) => startLoopRound(db, arg, clock),
    advanceLoop: (arg) => advanceLoop(db, arg, clock),
    endLoopRound: (arg) => endLoopRound(db, arg, clock),
    getLoopResult: ({ sessionId }) => loopResult(db, sessionId, clock),
    abandonSession: ({ sessionId }) => abandonSession(db, sessionId, clock),
    getSummary: ({ sessionId }) => getSummary(db, sessionId),
    getProgress: () => progressReport(db, clock),
    getDashboard: () => dashboard(db, clock),
    browseQuestions: ({ where, status }) => browse(db, clock, where, status),
    getQuestionHistory: ({ packId, id }) => questionHistory(db, clock, packId, id),
    editAttempt: (arg) => editAttempt(db, clock, arg),
    searchAnswers: ({ query, limit }) => searchAnswers(db, clock, query, limit),
  };
}

export function createServices(opts: ServicesOptions): Services {
  const { dataDir } = opts;
  const clock = opts.clock ?? systemClock;
  const notices: StorageNotice[] = [];
  let integrity: StorageStatus['integrity'] = 'pending';
  let bank: BankFileResult[] = [];

  /**
   * Opens the database and loads the bank. A file that turns out to be damaged (not a database, or corrupt pages) is
   * moved aside and the newest good backup put in its place, once; any other failure becomes a start-up sentence.
   */
  const open = (): Database.Database => {
    for (let attempt = 0; ; attempt++) {
      let db: Database.Database | null = null;
      try {
        // A restore killed while copying its backup into place leaves the copy behind: the database is untouched.
        cleanUpRestore(dataDir);
        db = openDatabase(dataDir, {
          // Opening waits for another process's migration; after that, statements wait 5 ms at most inside SQLite
          // and the dispatcher retries busy calls from a timer, so this thread (the Electron main process, or
          // `serve`) never stalls on a lock held elsewhere.
          runtimeBusyTimeoutMs: opts.busyTimeoutMs ?? SERVICES_BUSY_TIMEOUT_MS,
          onNotice: (n) => notices.push(openNotice(n)),
        });
        bank = opts.bankDir ? loadBuiltinBank(db, opts.bankDir) : [];
        return db;
      } catch (e) {
        if (db) closeQuietly(db);
        if (attempt === 0 && isDamage(e)) {
          notices.push(recoverDamagedDatabase(dataDir, damageWords(e), clock.nowMs()).notice);
          continue;
        }
        throw describeStartupError(e, dataDir);
      }
    }
  };

  let db = open();
  for (const b of bank) {
    if (b.errors) console.error(`built-in pack ${b.file} is invalid and was skipped: ${b.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  const builtinIds = new Set(bank.flatMap((b) => (b.packId ? [b.packId] : [])));
  // A template file that does not validate is left out and reported, like a bank file: it never stops the app.
  const loops = loadLoopTemplates(opts.loopsDir ?? (opts.bankDir ? path.join(path.dirname(opts.bankDir), 'loops') : undefined));
  for (const problem of loops.problems) console.warn(`loop template skipped: ${problem}`);
  const keep = () => readSettings(db).backupsKept;
  const backupBeforeWrite = async (reason: 'before-import' | 'before-removal') => {
    try {
      await backupDatabase(db, dataDir, reason, { keep: keep(), nowMs: clock.nowMs() });
    } catch (e) {
      throw new ServiceError('storage', `Could not take the backup that comes before this change (${(e as { code?: string }).code ?? (e as Error).message}); nothing was changed.`, true);
    }
  };
  const build = (): DataApi => {
    for (const r of db.prepare('SELECT id FROM packs WHERE builtin = 1').all() as { id: string }[]) builtinIds.add(r.id);
    // The user's own questions live under this id: an import claiming it would retire every one missing from the file.
    builtinIds.add(MY_QUESTIONS_ID);
    const data = createApi(db, { dataDir, builtinIds, clock, loopTemplates: loops.templates, beforeImport: () => backupBeforeWrite('before-import') });
    const removePack = data.removePack;
    return {
      ...data,
      removePack: (arg) => {
        // A removal with its history is the one change of the user's data that cannot be undone from the app.
        backupNow(db, dataDir, 'before-removal', { keep: keep(), nowMs: clock.nowMs() });
        const removed = removePack(arg);
        // The removed attempts' recordings have no row any more: their files go now, not at the next start.
        sweepRecordingFiles(db, dataDir);
        return removed;
      },
    };
  };
  let inner = build();

  /** Closes the database, runs `replace` on the files, and opens it again; the API then answers from the new file. */
  const reopen = (replace: () => void) => {
    closeDatabase(db);
    try {
      replace();
    } finally {
      db = open();
      inner = build();
    }
  };

  const transcription = createTranscription(opts.transcription);
  const storage: Pick<ServiceApi, StorageMethod | TranscriptionMethod> = {
    getTranscriptionStatus: () => transcription.status(readSettings(db).transcriptionModelDir),
    transcribeAudio: ({ pcm16 }) => transcription.transcribe(readSettings(db).transcriptionModelDir, pcm16),
    getStorageStatus: () => {
      const files = databaseFiles(dataDir);
      return { integrity, notices: [...notices], dataDir, files: { db: files.db, wal: files.wal, shm: files.shm }, backups: listBackups(dataDir) };
    },
    createBackup: () => backupDatabase(db, dataDir, 'manual', { keep: keep(), nowMs: clock.nowMs() }),
    restoreBackup: async ({ name }) => {
      const chosen = listBackups(dataDir).find((b) => b.name === name);
      if (!chosen) throw notFound(`Backup ${JSON.stringify(name)}`);
      const file = path.join(backupDir(dataDir), chosen.name);
      const check = checkBackupFile(file, latestVersion());
      if (!check.ok) throw new ServiceError('invalid-argument', `The backup from ${chosen.takenAt} cannot be restored: ${check.problem}. Choose another.`);
      // The current state first, so a restore can itself be undone.
      const saved = await backupDatabase(db, dataDir, 'before-restore', { keep: Math.max(keep(), 2), nowMs: clock.nowMs() });
      reopen(() => putBackupInPlace(dataDir, file));
      return { restored: chosen, saved };
    },
  };

  const api = {} as ServiceApi;
  for (const name of Object.keys({ ...inner, ...storage }) as (keyof ServiceApi)[]) {
    const own = (storage as Record<string, unknown>)[name];
    (api as unknown as Record<string, unknown>)[name] = own ?? ((arg: never) => (inner as unknown as Record<string, (a: never) => unknown>)[name]!(arg));
  }

  // After start, off the first paint's path: the integrity check (in a worker), then a daily backup if due.
  let closed = false;
  const checked = (async () => {
    if (!opts.startupChecks) {
      integrity = 'ok';
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, opts.startupCheckDelayMs ?? 3000).unref());
    if (closed) return;
    const problems = await quickCheckOffThread(databaseFiles(dataDir).db);
    if (closed) return;
    if (problems.length === 0) {
      integrity = 'ok';
    } else {
      reopen(() => notices.push(recoverDamagedDatabase(dataDir, `integrity check: ${problems.slice(0, 3).join('; ')}`, clock.nowMs()).notice));
      integrity = 'recovered';
    }
    const newest = listBackups(dataDir)[0];
    // Not while another process (a second serve, the CLI) is writing one: its half-written file says so.
    if (!closed && (!newest || clock.nowMs() - Date.parse(newest.takenAt) > DAY_MS) && !backupInProgress(dataDir)) {
      await backupDatabase(db, dataDir, 'daily', { keep: keep(), nowMs: clock.nowMs() });
    }
  })().catch((e: unknown) => {
    integrity = integrity === 'pending' ? 'failed' : integrity;
    console.error(`the start-up check or daily backup failed: ${(e as Error).message}`);
  });

  return {
    api,
    get db() {
      return db;
    },
    get bank() {
      return bank;
    },
    startupChecks: checked,
    close: () => {
      closed = true;
      transcription.close();
      closeDatabase(db);
    },
  };
}

function closeQuietly(db: Database.Database): void {
  try {
    db.close();
  } catch {
    // Already closed, or the file is gone.
  }
}

function damageWords(e: unknown): string {
  const code = (e as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_NOTADB') ? 'it is not a database file' : 'its pages are damaged';
}

function openNotice(n: OpenNotice): StorageNotice {
  const at = new Date().toISOString();
  return n.kind === 'stray-wal'
    ? {
        kind: 'stray-wal',
        at,
        path: n.movedTo,
        message: `A write-ahead log beside the database did not come from its last session, so it was not applied. It was moved to ${n.movedTo}.`,
      }
    : { kind: 'backup-before-migration', at, message: `The database was upgraded from schema ${n.from} to ${n.to}; a backup of it as it was is ${n.backup}.` };
}
