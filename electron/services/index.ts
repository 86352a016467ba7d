/**
 * The services behind the UI, independent of any transport. The Electron main process, the browser-mode server,
 * the CLI and the tests all build them here.
 */
import type Database from 'better-sqlite3';
import type { ServiceApi } from '../../shared/api';
import { closeDatabase, openDatabase } from '../db/open';
import { saveAttempt, saveDraft, skipQuestion } from './attempts';
import { loadBuiltinBank, type BankFileResult } from './bank';
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

export function createApi(db: Database.Database): ServiceApi {
  return {
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
  return { api: createApi(db), db, bank, close: () => closeDatabase(db) };
}
