/**
 * Packs out of the database: an installed pack as it is now, or a selection of installed questions as a new pack
 * (see docs/pack-format.md). Both give a Pack that has passed validatePack, so what is written can be imported again.
 *
 * Each question is exported as installed: its active checklist items in order, and its time limit as stored (an
 * installed question always has one, so `timeLimitSec` is always written, even where the source file left it to
 * the default). Empty `tags`, `roles`, `keywords` and `concepts` are left out, as the database does not tell them from absent.
 */
import type Database from 'better-sqlite3';
import type { PackRow } from './pack-rows';
import type { QuestionView } from '../../shared/api';
import { AREA_IDS, KINDS, LEVELS, ROLES } from '../../shared/areas';
import type { Where } from '../../shared/methods';
import { PACK_FORMAT, PACK_FORMAT_VERSION, type Pack, type Question } from '../../shared/pack-schema';
import { validatePack } from '../../shared/validate-pack';
import { ServiceError, conflict } from './errors';
import { loadQuestions } from './questions';

export type { Where };

/** The new pack's own fields for an exported selection. */
export interface ExportMeta {
  id: string;
  title: string;
  version: string;
  author?: string | undefined;
  license?: string | undefined;
  description?: string | undefined;
}

/** `SELECT *` so this reads every schema version's packs table: the schema-3 columns may be missing. */
type ExportRow = Pick<PackRow, 'id' | 'version' | 'title' | 'description' | 'author' | 'license'> & Partial<Pick<PackRow, 'removed_at' | 'enabled'>>;

/** Installed packs, removed ones left out. `SELECT *` so this reads every schema version's packs table. */
function installedPacks(db: Database.Database): ExportRow[] {
  return (db.prepare('SELECT * FROM packs ORDER BY id').all() as ExportRow[]).filter((p) => !p.removed_at);
}

/** Ids of the installed packs, in id order (for messages that list what could have been meant). */
export function installedPackIds(db: Database.Database): string[] {
  return installedPacks(db).map((p) => p.id);
}

/** A stored question in the pack format: live checklist items, the stored time limit, empty optional lists left out. */
export function toPackQuestion(v: QuestionView): Question {
  const q: Question = {
    id: v.id,
    area: v.area,
    prompt: v.prompt,
    kind: v.kind,
    level: v.level,
    timeLimitSec: v.timeLimitSec,
    checklist: v.checklist.map((i) => ({ id: i.id, text: i.text, ...(i.keywords.length ? { keywords: i.keywords } : {}), ...(i.concepts.length ? { concepts: i.concepts } : {}) })),
    pitfalls: v.pitfalls,
    followUps: v.followUps,
  };
  if (v.outline !== null) q.outline = v.outline;
  if (v.tags.length) q.tags = v.tags;
  if (v.roles.length) q.roles = v.roles;
  if (v.stages.length) q.stages = v.stages;
  return q;
}

function questionsOf(db: Database.Database, keys: readonly number[]): Question[] {
  const views = loadQuestions(db, keys);
  return keys.map((k) => toPackQuestion(views.get(k)!));
}

/** Runs the pack through validatePack as its JSON bytes, exactly as a file would be read back. */
function checked(pack: Pack, code: 'invalid-argument' | 'internal', what: string): Pack {
  const result = validatePack(new TextEncoder().encode(JSON.stringify(pack)));
  if (result.ok) return result.pack;
  const shown = result.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`);
  const more = result.errors.length > 5 ? `; and ${result.errors.length - 5} more` : '';
  throw new ServiceError(code, `${what} would not be a valid pack: ${shown.join('; ')}${more}`);
}

type PackFields = Pick<ExportRow, 'id' | 'version' | 'title'> & Partial<Record<'description' | 'author' | 'license', string | null | undefined>>;

/** A pack with its fields in a pack file's order: the metadata first (absent ones left out), the questions last. */
function packFrom(meta: PackFields, questions: Question[]): Pack {
  const pack: Record<string, unknown> = { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id: meta.id, version: meta.version, title: meta.title };
  for (const field of ['description', 'author', 'license'] as const) {
    const value = meta[field];
    if (value !== null && value !== undefined) pack[field] = value;
  }
  pack.questions = questions;
  return pack as Pack;
}

/** An installed pack as it is now: its metadata and its active questions, in order, with their live checklist items. */
export function exportInstalledPack(db: Database.Database, packId: string): Pack {
  const row = installedPacks(db).find((p) => p.id === packId);
  if (!row) throw new ServiceError('not-found', `no installed pack has the id ${JSON.stringify(packId)}`);
  const keys = (db.prepare('SELECT key FROM questions WHERE pack_id = ? AND retired = 0 ORDER BY ordinal, key').all(packId) as { key: number }[]).map((r) => r.key);
  return checked(packFrom(row, questionsOf(db, keys)), 'internal', `pack ${JSON.stringify(packId)} as installed`);
}

interface SelectedRow {
  key: number;
  pack_id: string;
  id: string;
  ordinal: number;
}

const given = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;

/**
 * Active questions of installed packs that match `where` (every given field must match; within a field any value
 * may; a field left out or empty does not filter), as a new pack with `meta`'s fields. Disabled packs are left out
 * unless `packs` names them. Question ids must stay unique
 * in one pack, so a selection that takes the same id from two packs is refused, naming both.
 *
 * `ids` entries are a question id (`q-1`, from whichever pack has it) or a pack-qualified one (`my-pack/q-1`).
 * Order: by the first `ids` entry a question matches when ids are given, then by pack (in `packs` order when given,
 * else by pack id), then as in its pack.
 */
export function exportSelection(db: Database.Database, where: Where, meta: ExportMeta): Pack {
  const packs = installedPacks(db);
  if (given(where.packs)) {
    const installed = packs.map((p) => p.id);
    const unknown = where.packs.filter((p) => !installed.includes(p));
    if (unknown.length) {
      throw new ServiceError('not-found', `no installed pack has the id ${unknown.map((p) => JSON.stringify(p)).join(', ')} (installed: ${installed.join(', ') || 'none'})`);
    }
  }
  // The packs on offer, as drills and the question list see them; a disabled pack only when named in `packs`.
  const packIds = packs.filter((p) => p.enabled !== 0 || where.packs?.includes(p.id)).map((p) => p.id);
  const ids = given(where.ids) ? where.ids : [];
  const plainIds = ids.filter((i) => !i.includes('/'));
  const qualifiedIds = ids.filter((i) => i.includes('/'));

  const conditions = ['q.retired = 0', 'q.pack_id IN (SELECT value FROM json_each(@installed))'];
  const params: Record<string, string> = { installed: JSON.stringify(packIds) };
  const inList = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!given(values)) return;
    conditions.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
    params[name] = JSON.stringify(values);
  };
  const anyOf = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!given(values)) return;
    conditions.push(`EXISTS (SELECT 1 FROM json_each(${column}) j WHERE j.value IN (SELECT value FROM json_each(@${name})))`);
    params[name] = JSON.stringify(values);
  };
  inList('q.pack_id', 'packs', where.packs);
  inList('q.area', 'areas', where.areas);
  inList('q.kind', 'kinds', where.kinds);
  inList('q.level', 'levels', where.levels);
  anyOf('q.tags', 'tags', where.tags);
  anyOf('q.roles', 'roles', where.roles);
  const idMatch = "(q.id IN (SELECT value FROM json_each(@plainIds)) OR q.pack_id || '/' || q.id IN (SELECT value FROM json_each(@qualifiedIds)))";
  if (ids.length) {
    conditions.push(idMatch);
    params.plainIds = JSON.stringify(plainIds);
    params.qualifiedIds = JSON.stringify(qualifiedIds);
    // A hand-picked id that names no installed question at all is a mistake, not an empty match.
    const known = db
      .prepare(`SELECT q.pack_id, q.id FROM questions q WHERE q.retired = 0 AND q.pack_id IN (SELECT value FROM json_each(@installed)) AND ${idMatch}`)
      .all({ installed: params.installed, plainIds: params.plainIds, qualifiedIds: params.qualifiedIds }) as { pack_id: string; id: string }[];
    const missing = ids.filter((i) => !known.some((k) => k.id === i || `${k.pack_id}/${k.id}` === i));
    if (missing.length) throw new ServiceError('not-found', `no installed question has the id ${missing.map((i) => JSON.stringify(i)).join(', ')}`);
  }
  const rows = db.prepare(`SELECT q.key, q.pack_id, q.id, q.ordinal FROM questions q WHERE ${conditions.join(' AND ')}`).all(params) as SelectedRow[];
  if (rows.length === 0) throw new ServiceError('not-found', `no installed question matches the selection ${describeWhere(where)}`);

  const idRank = (r: SelectedRow) => {
    const i = ids.findIndex((x) => x === r.id || x === `${r.pack_id}/${r.id}`);
    return i < 0 ? 0 : i;
  };
  const packRank = (r: SelectedRow) => (given(where.packs) ? where.packs.indexOf(r.pack_id) : packIds.indexOf(r.pack_id));
  rows.sort((a, b) => idRank(a) - idRank(b) || packRank(a) - packRank(b) || a.ordinal - b.ordinal || a.key - b.key);

  const seen = new Map<string, string>();
  for (const r of rows) {
    const other = seen.get(r.id);
    if (other !== undefined) {
      throw conflict(
        `the question id ${JSON.stringify(r.id)} is in both pack ${JSON.stringify(other)} and pack ${JSON.stringify(r.pack_id)}, and ids must be unique in one pack; ` +
          `narrow the selection (pack=${other}, or id=${other}/${r.id})`,
      );
    }
    seen.set(r.id, r.pack_id);
  }
  return checked(packFrom(meta, questionsOf(db, rows.map((r) => r.key))), 'invalid-argument', 'the selection');
}

/** `area=evaluation, level=senior|mid` */
export function describeWhere(where: Where): string {
  const parts = (Object.keys(FIELD_OF_KEY_PLURAL) as (keyof Where)[])
    .filter((k) => given(where[k]))
    .map((k) => `${FIELD_OF_KEY_PLURAL[k]}=${where[k]!.join('|')}`);
  return parts.length ? `(${parts.join(', ')})` : '(everything)';
}

/** The where object's fields, each with the singular key `--where` writes. */
const FIELD_OF_KEY_PLURAL: Record<keyof Where, string> = { packs: 'pack', areas: 'area', kinds: 'kind', levels: 'level', roles: 'role', tags: 'tag', concepts: 'concept', ids: 'id' };

/** Keys `parseWhere` reads, singular or plural. A Map, so a key such as `__proto__` is simply unknown. */
const WHERE_KEYS = new Map<string, keyof Where>(
  (Object.entries(FIELD_OF_KEY_PLURAL) as [keyof Where, string][]).flatMap(([field, key]) => [
    [key, field],
    [field, field],
  ]),
);

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const QUESTION_REF = /^([a-z0-9][a-z0-9-]*\/)?[a-z0-9][a-z0-9-]*$/;
const CLOSED: Partial<Record<keyof Where, readonly string[]>> = { areas: AREA_IDS, kinds: KINDS, levels: LEVELS, roles: ROLES };

/**
 * Parses a selection such as `area=evaluation,level=senior` or `pack=mldrill-rl,tag=ppo|rlhf,id=my-pack/q-1`:
 * `KEY=VALUE` pairs separated by commas (AND), alternatives within one key separated by `|` or by repeating the
 * key (OR). Keys: pack, area, kind, level, role, tag, concept, id (or their plurals). Throws an `invalid-argument`
 * ServiceError naming the part that is wrong.
 */
export function parseWhere(text: string): Where {
  const where: Where = {};
  const bad = (message: string) => new ServiceError('invalid-argument', message);
  const parts = text.split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) throw bad('the selection is empty; write KEY=VALUE pairs such as area=evaluation,level=senior');
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw bad(`${JSON.stringify(part)} is not KEY=VALUE (for example area=evaluation)`);
    const key = part.slice(0, eq).trim();
    const field = WHERE_KEYS.get(key);
    if (!field) throw bad(`unknown key ${JSON.stringify(key)} in the selection; the keys are ${Object.values(FIELD_OF_KEY_PLURAL).join(', ')}`);
    const values = part
      .slice(eq + 1)
      .split('|')
      .map((v) => v.trim());
    if (values.some((v) => v === '')) throw bad(`${key} needs a value (in ${JSON.stringify(part)})`);
    const closed = CLOSED[field];
    for (const v of values) {
      if (closed && !closed.includes(v)) throw bad(`unknown ${FIELD_OF_KEY_PLURAL[field]} ${JSON.stringify(v)}; the ${field} are ${closed.join(', ')}`);
      if (!closed && !(field === 'ids' ? QUESTION_REF : SLUG).test(v)) {
        throw bad(`${JSON.stringify(v)} is not a ${field === 'ids' ? 'question id (q-1 or pack-id/q-1)' : `${FIELD_OF_KEY_PLURAL[field]} id`}: lowercase letters, digits and hyphens`);
      }
    }
    const list = (where[field] ?? []) as string[];
    for (const v of values) if (!list.includes(v)) list.push(v);
    (where as Record<string, string[]>)[field] = list;
  }
  return where;
}
