/**
 * The services behind the UI, independent of any transport. The Electron main process, the browser-mode server,
 * the CLI and the tests all build them here.
 */
import type Database from 'better-sqlite3';
import type { ServiceApi } from '../../shared/api';
import { closeDatabase, openDatabase } from '../db/open';
import { saveAttempt, saveDraft, skipQuestion } from './attempts';
import { loadBuiltinBank, type BankFileResult } from './bank';
import { createImportApi } from './import-pack';
import { MY_QUESTIONS_ID } from './my-questions';
import { createPackApi } from './packs';
import { systemClock, type Clock } from './clock';
import { editAttempt, questionHistory, searchAnswers } from './history';
import { browse, dashboard, learningState, progressReport, weakConcepts } from './learning';
import { abandonSession, activeSession, getSession, getSummary, startSession } from './sessions';
import { updateSettings } from './settings';

/** The services' per-statement lock wait, in ms (see createDispatcher's busy retries). */
export const SERVICES_BUSY_TIMEOUT_MS = 5;

export interface ServicesOptions {
  dataDir: string;
  /** Folder of built-in *.drillpack.json files; omitted in tests that install packs themselves. */
  bankDir?: string;
  /** Defaults to the system clock; tests and `serve` with MLDRILL_NOW pass their own. */
  clock?: Clock;
  /** Per-statement lock wait (default SERVICES_BUSY_TIMEOUT_MS); a command-line tool with no UI may wait longer. */
  busyTimeoutMs?: number;
}

export interface Services {
  api: ServiceApi;
  db: Database.Database;
  bank: BankFileResult[];
  close(): void;
}

export interface ApiContext {
  dataDir: string;
  /** Ids of the built-in bank's packs, reserved: no import may claim one. */
  builtinIds: ReadonlySet<string>;
  clock?: Clock;
}

export function createApi(db: Database.Database, ctx: ApiContext): ServiceApi {
  const clock = ctx.clock ?? systemClock;
  return {
    ...createPackApi(db),
    ...createImportApi({ db, ...ctx }),
    getHome: () => {
      const s = learningState(db, clock);
      return {
        areas: s.areas,
        settings: s.settings,
        activeSession: activeSession(db),
        today: s.today,
        interview: s.interview,
        weakConcepts: weakConcepts(db, s.now.startHour).slice(0, 3),
      };
    },
    updateSettings: (patch) => updateSettings(db, patch),
    startSession: (arg) => startSession(db, arg, clock),
    getSession: ({ sessionId }) => getSession(db, sessionId),
    saveDraft: (arg) => saveDraft(db, arg, clock),
    saveAttempt: (arg) => {
      const attemptId = saveAttempt(db, arg, clock);
      return { attemptId, session: getSession(db, arg.sessionId) };
    },
    skipQuestion: (arg) => {
      skipQuestion(db, arg, clock);
      return { session: getSession(db, arg.sessionId) };
    },
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
  // Opening waits for another process's migration; after that, statements wait 5 ms at most inside SQLite and the
  // dispatcher retries busy calls from a timer, so this thread (the Electron main process, or `serve`) never stalls.
  const db = openDatabase(opts.dataDir, { runtimeBusyTimeoutMs: opts.busyTimeoutMs ?? SERVICES_BUSY_TIMEOUT_MS });
  let bank: BankFileResult[] = [];
  try {
    if (opts.bankDir) bank = loadBuiltinBank(db, opts.bankDir);
  } catch (e) {
    closeDatabase(db);
    throw e;
  }
  for (const b of bank) {
    if (b.errors) console.error(`built-in pack ${b.file} is invalid and was skipped: ${b.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  const builtinIds = new Set(bank.flatMap((b) => (b.packId ? [b.packId] : [])));
  for (const r of db.prepare('SELECT id FROM packs WHERE builtin = 1').all() as { id: string }[]) builtinIds.add(r.id);
  // The user's own questions live under this id: an import claiming it would retire every one missing from the file.
  builtinIds.add(MY_QUESTIONS_ID);
  return { api: createApi(db, { dataDir: opts.dataDir, builtinIds, ...(opts.clock ? { clock: opts.clock } : {}) }), db, bank, close: () => closeDatabase(db) };
}
