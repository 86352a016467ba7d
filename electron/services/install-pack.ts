/**
 * Installs or updates a validated pack in one transaction. Questions and checklist items are matched by id, so
 * history survives an update; questions absent from the new version are retired (hidden, history kept).
 *
 * Three steps, so that a preview can say exactly what an install will do without writing anything:
 * - readInstalled: what the database holds for the pack's id (reads only);
 * - planInstall: a pure function of that and the pack: which rows to insert, update or retire, and the counts;
 * - writePlan: performs a plan; the caller holds the transaction (installPack here, runImportJob for imports).
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { PackRow } from './pack-rows';
import { defaultTimeLimitSec } from '../../shared/areas';
import type { ChecklistItem, Pack, Question, Stage } from '../../shared/pack-schema';

export interface InstallOutcome {
  action: 'added' | 'updated' | 'unchanged';
  added: number;
  changed: number;
  retired: number;
}

export interface InstallOptions {
  builtin: boolean;
  contentHash: string;
  now?: string;
  /** The file an imported pack came from (base name only); null or absent for the built-in bank. */
  sourceFile?: string | null;
  /** Called as questions are written, with how many of the pack's questions are done. */
  onProgress?: (done: number, total: number) => void;
}

/** A built-in install found the id held by a pack the user imported: the bank never takes over such a row. */
export class PackOwnerError extends Error {
  constructor(
    readonly packId: string,
    readonly sourceFile: string | null,
  ) {
    super(
      `the pack id "${packId}" is held by a pack the user imported${sourceFile ? ` (from ${sourceFile})` : ''}; ` +
        'the built-in bank never replaces it',
    );
    this.name = 'PackOwnerError';
  }
}

/** Stages as stored: title, minutes and prompt only (unknown fields dropped), and only on system-design questions. */
export function storedStages(q: Question): Stage[] {
  if (q.kind !== 'system-design' || !q.stages) return [];
  return q.stages.map((s) => (s.prompt === undefined ? { title: s.title, minutes: s.minutes } : { title: s.title, minutes: s.minutes, prompt: s.prompt }));
}

function questionRow(q: Question, ordinal: number) {
  return {
    id: q.id,
    area: q.area,
    kind: q.kind,
    level: q.level,
    prompt: q.prompt,
    time_limit_sec: q.timeLimitSec ?? defaultTimeLimitSec(q.kind, q.level),
    outline: q.outline ?? null,
    pitfalls: JSON.stringify(q.pitfalls),
    follow_ups: JSON.stringify(q.followUps),
    tags: JSON.stringify(q.tags ?? []),
    roles: JSON.stringify(q.roles ?? []),
    stages: JSON.stringify(storedStages(q)),
    ordinal,
  };
}

type QuestionRow = ReturnType<typeof questionRow>;
/** The stored fields whose change makes a question "changed" (its position alone does not). */
const COMPARED = ['area', 'kind', 'level', 'prompt', 'time_limit_sec', 'outline', 'pitfalls', 'follow_ups', 'tags', 'roles', 'stages'] as const;

const itemKeywords = (item: ChecklistItem) => JSON.stringify(item.keywords ?? []);
const itemConcepts = (item: ChecklistItem) => JSON.stringify(item.concepts ?? []);

/**
 * A hash of what the database stores for a pack (fields the format defines, defaults filled in, in pack order),
 * not of the file's bytes: the same pack as JSON or CSV, reformatted or with unknown fields added, hashes the same.
 * Imports store it as packs.content_hash.
 */
export function packContentHash(pack: Pack): string {
  const h = createHash('sha256');
  const meta = ['mldrill-pack-content/1', pack.id, pack.version, pack.title, pack.description ?? null, pack.author ?? null, pack.license ?? null];
  h.update(JSON.stringify(meta));
  // One line per question, hashed as it is made: no 20 MB string is ever built.
  for (const q of pack.questions) {
    const line: unknown[] = [
      q.id,
      q.area,
      q.kind,
      q.level,
      q.prompt,
      q.timeLimitSec ?? defaultTimeLimitSec(q.kind, q.level),
      q.outline ?? null,
      q.pitfalls,
      q.followUps,
      q.tags ?? [],
      q.roles ?? [],
      // Concepts join the line only when present, so a pack without them hashes as it did before they existed.
      q.checklist.map((item) => (item.concepts?.length ? [item.id, item.text, item.keywords ?? [], item.concepts] : [item.id, item.text, item.keywords ?? []])),
    ];
    // Stages likewise join only when present.
    const stages = storedStages(q);
    if (stages.length) line.push(stages);
    h.update('\n');
    h.update(JSON.stringify(line));
  }
  return h.digest('hex');
}

export type InstalledPackRow = Pick<PackRow, 'id' | 'version' | 'title' | 'description' | 'author' | 'license' | 'builtin' | 'content_hash' | 'source_file' | 'removed_at'>;

interface InstalledItem {
  key: number;
  id: string;
  text: string;
  keywords: string;
  concepts: string;
  ordinal: number;
  retired: number;
}

interface InstalledQuestion extends QuestionRow {
  key: number;
  retired: number;
  items: Map<string, InstalledItem>;
}

/** What the database holds for one pack id: its row (if any) and every question and item, retired ones included. */
export interface InstalledPack {
  row: InstalledPackRow | undefined;
  questions: Map<string, InstalledQuestion>;
}

/** Reads the pack's row, questions and checklist items in three queries. Writes nothing. */
export function readInstalled(db: Database.Database, packId: string): InstalledPack {
  const row = db
    .prepare('SELECT id, version, title, description, author, license, builtin, content_hash, source_file, removed_at FROM packs WHERE id = ?')
    .get(packId) as InstalledPackRow | undefined;
  const questions = new Map<string, InstalledQuestion>();
  if (!row) return { row, questions };
  const byKey = new Map<number, InstalledQuestion>();
  const qRows = db
    .prepare('SELECT key, id, area, kind, level, prompt, time_limit_sec, outline, pitfalls, follow_ups, tags, roles, stages, ordinal, retired FROM questions WHERE pack_id = ?')
    .all(packId) as Omit<InstalledQuestion, 'items'>[];
  for (const q of qRows) {
    const full: InstalledQuestion = { ...q, items: new Map() };
    questions.set(q.id, full);
    byKey.set(q.key, full);
  }
  const items = db
    .prepare(
      `SELECT c.key, c.question_key, c.id, c.text, c.keywords, c.concepts, c.ordinal, c.retired
       FROM checklist_items c JOIN questions q ON q.key = c.question_key WHERE q.pack_id = ?`,
    )
    .all(packId) as (InstalledItem & { question_key: number })[];
  for (const { question_key, ...item } of items) byKey.get(question_key)?.items.set(item.id, item);
  return { row, questions };
}

export interface ItemPlan {
  id: string;
  text: string;
  keywords: string;
  concepts: string;
  ordinal: number;
  /** null: a new item to insert. */
  key: number | null;
  /** An existing item whose text, keywords, concepts, position or retired flag differs. */
  write: boolean;
}

export interface QuestionPlan {
  row: QuestionRow;
  /** null: a new question to insert. */
  key: number | null;
  /** added: new id; changed: a compared field, or any checklist item, differs (or it comes back from retirement). */
  status: 'added' | 'changed' | 'same';
  /** An existing row whose stored fields (position included) or retired flag differ. */
  writeRow: boolean;
  items: ItemPlan[];
  /** Keys of live items the new version drops. */
  retireItems: number[];
}

export interface RetiredQuestion {
  key: number;
  id: string;
  area: string;
  prompt: string;
}

export interface InstallPlan {
  questions: QuestionPlan[];
  /** Live questions the new version drops: retired, never deleted. */
  retire: RetiredQuestion[];
  added: number;
  changed: number;
  retired: number;
  /** Writing the plan would change no question, item or pack field (the content hash aside). */
  noop: boolean;
}

/** One question against its installed row (if any): what to write, and whether it counts as added or changed. */
function planQuestion(old: InstalledQuestion | undefined, q: Question, ordinal: number): QuestionPlan {
  const row = questionRow(q, ordinal);
  if (!old) {
    return {
      row,
      key: null,
      status: 'added',
      writeRow: true,
      items: q.checklist.map((item, i) => ({ id: item.id, text: item.text, keywords: itemKeywords(item), concepts: itemConcepts(item), ordinal: i, key: null, write: true })),
      retireItems: [],
    };
  }
  let changed = old.retired === 1 || COMPARED.some((f) => old[f] !== row[f]);
  const writeRow = changed || old.ordinal !== ordinal;
  const seen = new Set<string>();
  const items = q.checklist.map((item, i): ItemPlan => {
    const keywords = itemKeywords(item);
    const concepts = itemConcepts(item);
    const prev = old.items.get(item.id);
    seen.add(item.id);
    if (!prev) {
      changed = true;
      return { id: item.id, text: item.text, keywords, concepts, ordinal: i, key: null, write: true };
    }
    const write = prev.text !== item.text || prev.keywords !== keywords || prev.concepts !== concepts || prev.ordinal !== i || prev.retired === 1;
    if (write) changed = true;
    return { id: item.id, text: item.text, keywords, concepts, ordinal: i, key: prev.key, write };
  });
  const retireItems: number[] = [];
  for (const prev of old.items.values()) {
    if (!seen.has(prev.id) && prev.retired === 0) {
      retireItems.push(prev.key);
      changed = true;
    }
  }
  return { row, key: old.key, status: changed ? 'changed' : 'same', writeRow, items, retireItems };
}

/** What installing `pack` over `installed` does, computed without touching the database. */
export function planInstall(installed: InstalledPack, pack: Pack): InstallPlan {
  const plan: InstallPlan = { questions: [], retire: [], added: 0, changed: 0, retired: 0, noop: true };
  const r = installed.row;
  if (
    !r ||
    r.removed_at !== null ||
    r.version !== pack.version ||
    r.title !== pack.title ||
    r.description !== (pack.description ?? null) ||
    r.author !== (pack.author ?? null) ||
    r.license !== (pack.license ?? null)
  ) {
    plan.noop = false;
  }
  const kept = new Set<string>();
  pack.questions.forEach((q, ordinal) => {
    kept.add(q.id);
    const qp = planQuestion(installed.questions.get(q.id), q, ordinal);
    if (qp.status === 'added') plan.added++;
    else if (qp.status === 'changed') plan.changed++;
    if (qp.status !== 'same' || qp.writeRow) plan.noop = false;
    plan.questions.push(qp);
  });
  for (const old of installed.questions.values()) {
    if (old.retired === 0 && !kept.has(old.id)) plan.retire.push({ key: old.key, id: old.id, area: old.area, prompt: old.prompt });
  }
  plan.retired = plan.retire.length;
  if (plan.retired) plan.noop = false;
  return plan;
}

/** The statements that write one question's plan; prepared once per install. */
function questionWriter(db: Database.Database): (packId: string, qp: QuestionPlan) => number {
  const insertQuestion = db.prepare(`
    INSERT INTO questions (pack_id, id, area, kind, level, prompt, time_limit_sec, outline, pitfalls, follow_ups, tags, roles, stages, ordinal)
    VALUES (@pack_id, @id, @area, @kind, @level, @prompt, @time_limit_sec, @outline, @pitfalls, @follow_ups, @tags, @roles, @stages, @ordinal)`);
  const updateQuestion = db.prepare(`
    UPDATE questions SET area = @area, kind = @kind, level = @level, prompt = @prompt, time_limit_sec = @time_limit_sec,
      outline = @outline, pitfalls = @pitfalls, follow_ups = @follow_ups, tags = @tags, roles = @roles, stages = @stages, ordinal = @ordinal, retired = 0
    WHERE key = @key`);
  const insertItem = db.prepare('INSERT INTO checklist_items (question_key, id, text, keywords, concepts, ordinal) VALUES (?, ?, ?, ?, ?, ?)');
  const updateItem = db.prepare('UPDATE checklist_items SET text = ?, keywords = ?, concepts = ?, ordinal = ?, retired = 0 WHERE key = ?');
  const retireItem = db.prepare('UPDATE checklist_items SET retired = 1 WHERE key = ?');
  return (packId, qp) => {
    let key: number;
    if (qp.key === null) key = Number(insertQuestion.run({ ...qp.row, pack_id: packId }).lastInsertRowid);
    else {
      key = qp.key;
      if (qp.writeRow) updateQuestion.run({ ...qp.row, key });
    }
    for (const item of qp.items) {
      if (item.key === null) insertItem.run(key, item.id, item.text, item.keywords, item.concepts, item.ordinal);
      else if (item.write) updateItem.run(item.text, item.keywords, item.concepts, item.ordinal, item.key);
    }
    for (const itemKey of qp.retireItems) retireItem.run(itemKey);
    return key;
  };
}

/**
 * One question's upsert into an existing pack row, exactly as a pack install does it (checklist items matched by
 * id, dropped ones retired, a retired question or item brought back), for callers that edit questions one at a
 * time (My questions). Run it inside the caller's transaction.
 */
export function questionUpserter(db: Database.Database): (packId: string, q: Question, ordinal: number) => { key: number; added: boolean; changed: boolean } {
  const selectQuestion = db.prepare(
    'SELECT key, id, area, kind, level, prompt, time_limit_sec, outline, pitfalls, follow_ups, tags, roles, stages, ordinal, retired FROM questions WHERE pack_id = ? AND id = ?',
  );
  const selectItems = db.prepare('SELECT key, id, text, keywords, concepts, ordinal, retired FROM checklist_items WHERE question_key = ?');
  const write = questionWriter(db);
  return (packId, q, ordinal) => {
    const row = selectQuestion.get(packId, q.id) as Omit<InstalledQuestion, 'items'> | undefined;
    const old = row ? { ...row, items: new Map((selectItems.all(row.key) as InstalledItem[]).map((i) => [i.id, i])) } : undefined;
    const qp = planQuestion(old, q, ordinal);
    const key = write(packId, qp);
    return { key, added: qp.status === 'added', changed: qp.status === 'changed' };
  };
}

/**
 * Performs a plan made from the current contents of the database. Must run inside the caller's transaction, the
 * same one in which the plan was made, so that nothing can change in between.
 */
export function writePlan(db: Database.Database, pack: Pack, plan: InstallPlan, opts: InstallOptions, action: 'added' | 'updated'): InstallOutcome {
  if (!db.inTransaction) throw new Error('writePlan must run inside a transaction');
  const now = opts.now ?? new Date().toISOString();
  db.prepare(
    `INSERT INTO packs (id, version, title, description, author, license, builtin, content_hash, source_file, installed_at, updated_at)
     VALUES (@id, @version, @title, @description, @author, @license, @builtin, @content_hash, @source_file, @now, @now)
     ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title, description = excluded.description,
       author = excluded.author, license = excluded.license, builtin = excluded.builtin, content_hash = excluded.content_hash,
       source_file = excluded.source_file, updated_at = excluded.updated_at,
       removed_at = CASE WHEN excluded.builtin = 1 THEN packs.removed_at ELSE NULL END`,
  ).run({
    id: pack.id,
    version: pack.version,
    title: pack.title,
    description: pack.description ?? null,
    author: pack.author ?? null,
    license: pack.license ?? null,
    builtin: opts.builtin ? 1 : 0,
    content_hash: opts.contentHash,
    source_file: opts.builtin ? null : (opts.sourceFile ?? null),
    now,
  });

  const write = questionWriter(db);
  const retireQuestion = db.prepare('UPDATE questions SET retired = 1 WHERE key = ?');
  const total = plan.questions.length;
  plan.questions.forEach((qp, done) => {
    write(pack.id, qp);
    opts.onProgress?.(done + 1, total);
  });
  for (const q of plan.retire) retireQuestion.run(q.key);
  return { action, added: plan.added, changed: plan.changed, retired: plan.retired };
}

/**
 * The built-in bank's install (and the tests'): one immediate transaction. A file whose hash matches the last
 * install is skipped without taking the write lock. A built-in install never takes over a row the user imported:
 * it throws PackOwnerError, and the bank loader skips the file.
 */
export function installPack(db: Database.Database, pack: Pack, opts: InstallOptions): InstallOutcome {
  const unchanged: InstallOutcome = { action: 'unchanged', added: 0, changed: 0, retired: 0 };
  const owner = db.prepare('SELECT builtin, content_hash, source_file FROM packs WHERE id = ?');
  type Owner = { builtin: number; content_hash: string; source_file: string | null } | undefined;
  const refuseTakeover = (row: Owner) => {
    if (row && opts.builtin && row.builtin === 0) throw new PackOwnerError(pack.id, row.source_file);
  };
  const first = owner.get(pack.id) as Owner;
  refuseTakeover(first);
  if (first && first.content_hash === opts.contentHash) return unchanged;

  return db.transaction(() => {
    const installed = readInstalled(db, pack.id);
    refuseTakeover(installed.row);
    if (installed.row && installed.row.content_hash === opts.contentHash) return unchanged;
    const plan = planInstall(installed, pack);
    return writePlan(db, pack, plan, opts, installed.row ? 'updated' : 'added');
  }).immediate();
}
