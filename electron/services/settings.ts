import type Database from 'better-sqlite3';
import type { Settings } from '../../shared/api';

export const DEFAULT_SETTINGS: Settings = { mode: 'practice', theme: 'system', defaultCount: 5 };

export function readSettings(db: Database.Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const stored: Partial<Settings> = {};
  for (const { key, value } of rows) {
    if (key in DEFAULT_SETTINGS) Object.assign(stored, { [key]: JSON.parse(value) as unknown });
  }
  return { ...DEFAULT_SETTINGS, ...stored };
}

export function updateSettings(db: Database.Database, patch: Partial<Settings>): Settings {
  const upsert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  db.transaction(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  })();
  return readSettings(db);
}
