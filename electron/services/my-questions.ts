/**
 * My questions: the user's own pack, id `my-questions`, created on the first save. Questions are added or replaced
 * by id through install-pack.ts's per-question upsert (questionUpserter), so checklist items are matched by id and
 * an edited question keeps its history, exactly as in a pack update. Questions are retired, never deleted. Every
 * change bumps the pack's patch version, so an export always carries a fresh one.
 */
import type Database from 'better-sqlite3';
import type { QuestionBrief } from '../../shared/api';
import { PACK_FORMAT, PACK_FORMAT_VERSION, type Question } from '../../shared/pack-schema';
import { validatePack } from '../../shared/validate-pack';
import { ServiceError } from './errors';
import { questionUpserter } from './install-pack';
import { listQuestionBriefs } from './questions';

export const MY_QUESTIONS_ID = 'my-questions';
export const MY_QUESTIONS_TITLE = 'My questions';
const FIRST_VERSION = '1.0.0';

/** 1.4.2 → 1.4.3; anything that is not MAJOR.MINOR.PATCH starts again at 1.0.0. */
export function bumpPatch(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : FIRST_VERSION;
}

/**
 * The question checked as a one-question pack by the pack validator, so the rules the argument's schema cannot
 * express (checklist item ids unique within the question, no reserved keys) give the validator's own wording,
 * with paths rooted at the argument: `question.checklist[2].id: duplicates question.checklist[0].id "rollback"`.
 */
function checkAsPack(question: Question): void {
  const probe = { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id: MY_QUESTIONS_ID, version: FIRST_VERSION, title: MY_QUESTIONS_TITLE, questions: [question] };
  const result = validatePack(JSON.stringify(probe));
  if (result.ok) return;
  const rooted = (text: string) => text.replaceAll('questions[0]', 'question');
  const [first] = result.errors;
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
  const path = !first || first.path === '(file)' || first.path === '(root)' ? 'question' : rooted(first.path);
  throw new ServiceError('invalid-argument', `${path}: ${first ? rooted(first.message) : 'is not a valid question'}${more}`);
}

interface MyPackRow {
  version: string;
  builtin: number;
  removed_at: string | null;
}

/**
 * Adds a question to My questions, or replaces the one with the same id (an edit, never a duplicate; a retired one
 * is brought back). A new question goes last; an edited one keeps its place. Creates the pack on the first save
 * (version 1.0.0); a pack removed with its history kept comes back. A save that changes nothing keeps the version.
 */
export function saveMyQuestion(db: Database.Database, question: Question, now = new Date().toISOString()): QuestionBrief {
  checkAsPack(question);
  const upsert = questionUpserter(db);
  db.transaction(() => {
    const pack = db.prepare('SELECT version, builtin, removed_at FROM packs WHERE id = ?').get(MY_QUESTIONS_ID) as MyPackRow | undefined;
    if (pack?.builtin === 1) throw new ServiceError('conflict', `"${MY_QUESTIONS_ID}" is a built-in pack here, so it cannot hold your questions.`);
    if (!pack) {
      db.prepare(
        `INSERT INTO packs (id, version, title, builtin, content_hash, installed_at, updated_at, enabled) VALUES (?, ?, ?, 0, '', ?, ?, 1)`,
      ).run(MY_QUESTIONS_ID, FIRST_VERSION, MY_QUESTIONS_TITLE, now, now);
    }
    const existing = db.prepare('SELECT ordinal, retired FROM questions WHERE pack_id = ? AND id = ?').get(MY_QUESTIONS_ID, question.id) as
      | { ordinal: number; retired: number }
      | undefined;
    const next = () => (db.prepare('SELECT COALESCE(MAX(ordinal), -1) + 1 AS n FROM questions WHERE pack_id = ?').get(MY_QUESTIONS_ID) as { n: number }).n;
    const { added, changed } = upsert(MY_QUESTIONS_ID, question, existing && existing.retired === 0 ? existing.ordinal : next());
    if (pack && (added || changed || pack.removed_at !== null)) {
      db.prepare('UPDATE packs SET version = ?, updated_at = ?, removed_at = NULL WHERE id = ?').run(bumpPatch(pack.version), now, MY_QUESTIONS_ID);
    }
  }).immediate();
  const brief = listQuestionBriefs(db, { packs: [MY_QUESTIONS_ID], ids: [question.id] }, 1)[0];
  if (brief) return brief;
  // My questions is disabled: the question is saved, but not on offer, so the list leaves it out.
  return {
    packId: MY_QUESTIONS_ID,
    id: question.id,
    area: question.area,
    kind: question.kind,
    level: question.level,
    tags: question.tags ?? [],
    roles: question.roles ?? [],
    prompt: question.prompt.slice(0, 200),
  };
}

/** Retires a question of My questions: no longer picked or listed; its attempts stay. Retiring it twice is a no-op. */
export function retireMyQuestion(db: Database.Database, id: string, now = new Date().toISOString()): { retired: true } {
  db.transaction(() => {
    const row = db
      .prepare(
        `SELECT q.key, q.retired, p.version FROM questions q JOIN packs p ON p.id = q.pack_id
         WHERE q.pack_id = ? AND q.id = ? AND p.removed_at IS NULL`,
      )
      .get(MY_QUESTIONS_ID, id) as { key: number; retired: number; version: string } | undefined;
    if (!row) throw new ServiceError('not-found', `"${id}" is not one of your questions (My questions)`);
    if (row.retired === 1) return;
    db.prepare('UPDATE questions SET retired = 1 WHERE key = ?').run(row.key);
    db.prepare('UPDATE packs SET version = ?, updated_at = ? WHERE id = ?').run(bumpPatch(row.version), now, MY_QUESTIONS_ID);
  }).immediate();
  return { retired: true };
}
