import type Database from 'better-sqlite3';
import { AREA_IDS } from '../../shared/areas';
import type { Settings } from '../../shared/api';
import { DEFAULT_DAY_START_HOUR } from '../../shared/learning/days';
import { DEFAULT_BACKUPS_KEPT } from '../db/backup';
import { replayCards } from '../db/cards';

export const DEFAULT_SETTINGS: Settings = {
  mode: 'practice',
  theme: 'system',
  defaultCount: 5,
  dayStartHour: DEFAULT_DAY_START_HOUR,
  maxReviewsPerDay: 30,
  newPerDay: 5,
  interviewDate: null,
  interviewAreas: [...AREA_IDS],
  showStreaks: true,
  backupsKept: DEFAULT_BACKUPS_KEPT,
  answerByTyping: false,
  transcriptionModelDir: null,
};

/** A stored value is used only if it has the default's JSON type; anything else (an older or damaged row) falls back. */
const sameKind = (value: unknown, fallback: unknown) =>
  fallback === null ? value === null || typeof value === 'string' : Array.isArray(fallback) ? Array.isArray(value) : typeof value === typeof fallback;

export function readSettings(db: Database.Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored: Partial<Settings> = {};
  for (const { key, value } of rows) {
    if (!Object.hasOwn(DEFAULT_SETTINGS, key)) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      continue;
    }
    if (sameKind(parsed, DEFAULT_SETTINGS[key as keyof Settings])) Object.assign(stored, { [key]: parsed });
  }
  return { ...DEFAULT_SETTINGS, ...stored };
}

/** Saves the fields given. A new start-of-day hour moves every local day, so the cards are replayed with it. */
export function updateSettings(db: Database.Database, patch: Partial<Settings>): Settings {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    const before = readSettings(db);
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
    if (patch.dayStartHour !== undefined && patch.dayStartHour !== before.dayStartHour) replayCards(db);
  }).immediate();
  return readSettings(db);
}
