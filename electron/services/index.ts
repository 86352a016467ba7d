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
import { areaProgress } from './progress';
import { abandonSession, activeSession, getSession, getSummary, startSession } from './sessions';
import { readSettings, updateSettings } from './settings';

export interface ServicesOptions {
  dataDir: string;
  /** Folder of built-in *.drillpack.json files; omitted in tests that install packs themselves. */
  bankDir?: string;
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
}

export function createApi(db: Database.Database, ctx: ApiContext): ServiceApi {
  return {
    ...createPackApi(db),
    ...createImportApi({ db, ...ctx }),
    getHome: () => ({ areas: areaProgress(db), settings: readSettings(db), activeSession: activeSession(db) }),
    updateSettings: (patch) => updateSettings(db, patch),
    startSession: (arg) => startSession(db, arg),
    getSession: ({ sessionId }) => getSession(db, sessionId),
    saveDraft: (arg) => saveDraft(db, arg),
    saveAttempt: (arg) => {
      const attemptId = saveAttempt(db, arg);
      return { attemptId, session: getSession(db, arg.sessionId) };
    },
    skipQuestion: (arg) => {
      skipQuestion(db, arg);
      return { session: getSession(db, arg.sessionId) };
    },
    abandonSession: ({ sessionId }) => abandonSession(db, sessionId),
    getSummary: ({ sessionId }) => getSummary(db, sessionId),
    getProgress: () => areaProgress(db),
  };
}

export function createServices(opts: ServicesOptions): Services {
  const db = openDatabase(opts.dataDir);
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
  return { api: createApi(db, { dataDir: opts.dataDir, builtinIds }), db, bank, close: () => closeDatabase(db) };
}
