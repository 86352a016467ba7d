/** Reading questions and their checklists out of the database into the shapes the UI uses. */
import type Database from 'better-sqlite3';
import type { AreaId, Kind, Level, Role } from '../../shared/areas';
import type { QuestionBrief, QuestionView } from '../../shared/api';
import type { Where } from '../../shared/methods';
import type { Stage } from '../../shared/pack-schema';

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
  stages: string;
}

interface ItemRow {
  question_key: number;
  id: string;
  text: string;
  keywords: string;
  concepts: string;
}

/** Loads several questions with their live checklist items in two queries, keyed by question key. */
export function loadQuestions(db: Database.Database, keys: readonly number[]): Map<number, QuestionView> {
  const out = new Map<number, QuestionView>();
  if (keys.length === 0) return out;
  const list = JSON.stringify(keys);
  const rows = db.prepare('SELECT * FROM questions WHERE key IN (SELECT value FROM json_each(?))').all(list) as QuestionRow[];
  const items = db
    .prepare(
      'SELECT question_key, id, text, keywords, concepts FROM checklist_items WHERE retired = 0 AND question_key IN (SELECT value FROM json_each(?)) ORDER BY question_key, ordinal',
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
      stages: JSON.parse(r.stages) as Stage[],
    });
  }
  for (const i of items) {
    out.get(i.question_key)?.checklist.push({ id: i.id, text: i.text, keywords: JSON.parse(i.keywords) as string[], concepts: JSON.parse(i.concepts) as string[] });
  }
  return out;
}

/** SQL condition on a pack aliased `p`: its questions are on offer (enabled, not removed). */
export const PACK_ON_OFFER = 'p.enabled = 1 AND p.removed_at IS NULL';

/**
 * Picks questions for a new session: never-practised first, then least practised and longest ago, random among
 * equals, so a short session still spreads across the chosen areas. Only live questions of packs on offer
 * (enabled and not removed) are picked.
 */
export function pickQuestions(db: Database.Database, areas: readonly string[], level: Level | 'any', count: number): number[] {
  const rows = db
    .prepare(
      `SELECT q.key FROM questions q
       JOIN packs p ON p.id = q.pack_id AND ${PACK_ON_OFFER}
       LEFT JOIN (SELECT question_key, COUNT(*) AS n, MAX(created_at) AS last FROM attempts GROUP BY question_key) a
         ON a.question_key = q.key
       WHERE q.retired = 0 AND q.area IN (SELECT value FROM json_each(@areas)) AND (@level = 'any' OR q.level = @level)
       ORDER BY COALESCE(a.n, 0), COALESCE(a.last, ''), random()
       LIMIT @count`,
    )
    .all({ areas: JSON.stringify(areas), level, count }) as { key: number }[];
  return rows.map((r) => r.key);
}

/** The most questions one list answers (a pack holds at most 5,000). */
export const MAX_LISTED_QUESTIONS = 5000;

const WHERE_FIELDS = ['packs', 'areas', 'kinds', 'levels', 'roles', 'tags', 'concepts'] as const;
type WhereParams = Record<(typeof WHERE_FIELDS)[number] | 'plainIds' | 'qualifiedIds', string | null>;

/**
 * A Where as an SQL condition on questions `q` and their pack `p`, with its named parameters (each a JSON array,
 * or null for a field that does not filter). The same reading as exportSelection (export-pack.ts): AND between
 * fields, OR within one (for tags and roles: the question carries any of them); a field left out or empty does not
 * filter; an `ids` entry is a question id (`q-1`, in whichever pack) or a pack-qualified one (`my-pack/q-1`).
 * Live questions of packs on offer (enabled, not removed) only.
 */
export function whereCondition(where: Where): { sql: string; params: WhereParams } {
  const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? JSON.stringify(values) : null);
  const ids = where.ids ?? [];
  const params = {
    ...(Object.fromEntries(WHERE_FIELDS.map((f) => [f, list(where[f])])) as Record<(typeof WHERE_FIELDS)[number], string | null>),
    plainIds: ids.length ? JSON.stringify(ids.filter((i) => !i.includes('/'))) : null,
    qualifiedIds: ids.length ? JSON.stringify(ids.filter((i) => i.includes('/'))) : null,
  };
  const within = (column: string, field: string) => `(@${field} IS NULL OR ${column} IN (SELECT value FROM json_each(@${field})))`;
  const overlaps = (column: string, field: string) =>
    `(@${field} IS NULL OR EXISTS (SELECT 1 FROM json_each(${column}) c WHERE c.value IN (SELECT value FROM json_each(@${field}))))`;
  const sql = [
    'q.retired = 0',
    PACK_ON_OFFER,
    within('q.pack_id', 'packs'),
    within('q.area', 'areas'),
    within('q.kind', 'kinds'),
    within('q.level', 'levels'),
    overlaps('q.roles', 'roles'),
    overlaps('q.tags', 'tags'),
    `(@concepts IS NULL OR EXISTS (SELECT 1 FROM checklist_items ci JOIN item_concepts ic ON ic.item_key = ci.key
      WHERE ci.question_key = q.key AND ci.retired = 0 AND ic.concept IN (SELECT value FROM json_each(@concepts))))`,
    `(@plainIds IS NULL OR q.id IN (SELECT value FROM json_each(@plainIds))
      OR q.pack_id || '/' || q.id IN (SELECT value FROM json_each(@qualifiedIds)))`,
  ].join(' AND ');
  return { sql, params };
}

/** The questions a Where selects, as a list shows them (prompt cut to its first 200 characters); at most `limit`. */
export function listQuestionBriefs(db: Database.Database, where: Where, limit = MAX_LISTED_QUESTIONS): QuestionBrief[] {
  return listQuestionRows(db, where, limit).map(({ key: _key, ...brief }) => brief);
}

/** listQuestionBriefs with each question's key, for callers that join more to it. */
export function listQuestionRows(db: Database.Database, where: Where, limit = MAX_LISTED_QUESTIONS): (QuestionBrief & { key: number })[] {
  const { sql, params } = whereCondition(where);
  const rows = db
    .prepare(
      `SELECT q.key, q.pack_id, q.id, q.area, q.kind, q.level, q.tags, q.roles, substr(q.prompt, 1, 200) AS prompt
       FROM questions q JOIN packs p ON p.id = q.pack_id WHERE ${sql} ORDER BY q.pack_id, q.ordinal, q.id LIMIT @limit`,
    )
    .all({ ...params, limit }) as { key: number; pack_id: string; id: string; area: AreaId; kind: Kind; level: Level; tags: string; roles: string; prompt: string }[];
  return rows.map((r) => ({
    key: r.key,
    packId: r.pack_id,
    id: r.id,
    area: r.area,
    kind: r.kind,
    level: r.level,
    tags: JSON.parse(r.tags) as string[],
    roles: JSON.parse(r.roles) as Role[],
    prompt: r.prompt.slice(0, 200),
  }));
}
