/** Reading questions and their checklists out of the database into the shapes the UI uses. */
import type Database from 'better-sqlite3';
import type { AreaId, Kind, Level, Role } from '../../shared/areas';
import type { QuestionView } from '../../shared/api';

interface QuestionRow {
  key: number;
  pack_id: string;
  id: string;
  area: AreaId;
  kind: Kind;
  level: Level;
  prompt: string;
  time_limit_sec: number;
  outline: string | null;
  pitfalls: string;
  follow_ups: string;
  tags: string;
  roles: string;
}

interface ItemRow {
  question_key: number;
  id: string;
  text: string;
  keywords: string;
}

/** Loads several questions with their live checklist items in two queries, keyed by question key. */
export function loadQuestions(db: Database.Database, keys: readonly number[]): Map<number, QuestionView> {
  const out = new Map<number, QuestionView>();
  if (keys.length === 0) return out;
  const list = JSON.stringify(keys);
  const rows = db.prepare('SELECT * FROM questions WHERE key IN (SELECT value FROM json_each(?))').all(list) as QuestionRow[];
  const items = db
    .prepare(
      'SELECT question_key, id, text, keywords FROM checklist_items WHERE retired = 0 AND question_key IN (SELECT value FROM json_each(?)) ORDER BY question_key, ordinal',
    )
    .all(list) as ItemRow[];
  for (const r of rows) {
    out.set(r.key, {
      packId: r.pack_id,
      id: r.id,
      area: r.area,
      kind: r.kind,
      level: r.level,
      prompt: r.prompt,
      timeLimitSec: r.time_limit_sec,
      checklist: [],
      pitfalls: JSON.parse(r.pitfalls) as string[],
      followUps: JSON.parse(r.follow_ups) as string[],
      outline: r.outline,
      tags: JSON.parse(r.tags) as string[],
      roles: JSON.parse(r.roles) as Role[],
    });
  }
  for (const i of items) {
    out.get(i.question_key)?.checklist.push({ id: i.id, text: i.text, keywords: JSON.parse(i.keywords) as string[] });
  }
  return out;
}

/**
 * Picks questions for a new session: never-practised first, then least practised and longest ago, random among
 * equals, so a short session still spreads across the chosen areas.
 */
export function pickQuestions(db: Database.Database, areas: readonly string[], level: Level | 'any', count: number): number[] {
  const rows = db
    .prepare(
      `SELECT q.key FROM questions q
       LEFT JOIN (SELECT question_key, COUNT(*) AS n, MAX(created_at) AS last FROM attempts GROUP BY question_key) a
         ON a.question_key = q.key
       WHERE q.retired = 0 AND q.area IN (SELECT value FROM json_each(@areas)) AND (@level = 'any' OR q.level = @level)
       ORDER BY COALESCE(a.n, 0), COALESCE(a.last, ''), random()
       LIMIT @count`,
    )
    .all({ areas: JSON.stringify(areas), level, count }) as { key: number }[];
  return rows.map((r) => r.key);
}
