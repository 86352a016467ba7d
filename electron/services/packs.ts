/**
 * The installed packs: list, enable or disable, remove (optionally keeping history), export; and My questions.
 *
 * A pack's life cycle (packs.enabled, packs.removed_at, schema 3):
 * - disabled: its questions and history stay, but drills never pick them and Home does not count them available;
 * - removed with history kept: removed_at set, its questions retired, every attempt kept (sessions and summaries
 *   still read them); hidden from the Packs screen and from drills. Installing the same id again brings it back
 *   (installPack clears removed_at; matched questions are un-retired with their history);
 * - removed with history: its attempts, skips, drafts, checklist items, questions and the pack row are deleted in
 *   one transaction (see removePack for what happens to the drills that held its questions).
 * Built-in packs cannot be removed, only disabled.
 */
import type Database from 'better-sqlite3';
import type { PackRow } from './pack-rows';
import type { AreaId, Kind } from '../../shared/areas';
import type { ExportedFile, PackInfo, ServiceApi } from '../../shared/api';
import type { ParsedArg } from '../../shared/methods';
import { packToCsv } from '../../shared/pack-csv';
import type { Pack, Question } from '../../shared/pack-schema';
import { ServiceError } from './errors';
import { exportInstalledPack, exportSelection, toPackQuestion } from './export-pack';
import { retireMyQuestion, saveMyQuestion } from './my-questions';
import { progressExportFile } from './progress-export';
import { listQuestionBriefs, loadQuestions } from './questions';

export { MY_QUESTIONS_ID, MY_QUESTIONS_TITLE } from './my-questions';

export type PackApi = Pick<
  ServiceApi,
  'listPacks' | 'listQuestions' | 'getQuestion' | 'setPackEnabled' | 'removePack' | 'exportPack' | 'exportSelection' | 'saveMyQuestion' | 'retireMyQuestion' | 'exportProgress'
>;

type PackFigures = Pick<PackRow, 'id' | 'version' | 'title' | 'description' | 'author' | 'license' | 'builtin' | 'enabled' | 'source_file' | 'installed_at' | 'updated_at'> & {
  active: number;
  retired: number;
  attempts: number;
};

/**
 * The packs not removed (or just one of them), with their figures, in two queries: the packs with their question
 * and attempt counts, then live questions per pack, area and kind. Built-in packs first, then by title.
 */
export function packInfos(db: Database.Database, onlyId: string | null = null): PackInfo[] {
  const rows = db
    .prepare(
      `SELECT p.id, p.version, p.title, p.description, p.author, p.license, p.builtin, p.enabled, p.source_file, p.installed_at, p.updated_at,
              COALESCE(qc.active, 0) AS active, COALESCE(qc.retired, 0) AS retired, COALESCE(ac.attempts, 0) AS attempts
       FROM packs p
       LEFT JOIN (SELECT pack_id, SUM(retired = 0) AS active, SUM(retired = 1) AS retired FROM questions GROUP BY pack_id) qc ON qc.pack_id = p.id
       LEFT JOIN (SELECT q.pack_id, COUNT(*) AS attempts FROM attempts a JOIN questions q ON q.key = a.question_key GROUP BY q.pack_id) ac
         ON ac.pack_id = p.id
       WHERE p.removed_at IS NULL AND (@only IS NULL OR p.id = @only)
       ORDER BY p.builtin DESC, p.title COLLATE NOCASE, p.id`,
    )
    .all({ only: onlyId }) as PackFigures[];
  const counts = db
    .prepare(
      `SELECT q.pack_id, q.area, q.kind, COUNT(*) AS n FROM questions q JOIN packs p ON p.id = q.pack_id
       WHERE q.retired = 0 AND p.removed_at IS NULL AND (@only IS NULL OR p.id = @only) GROUP BY q.pack_id, q.area, q.kind`,
    )
    .all({ only: onlyId }) as { pack_id: string; area: AreaId; kind: Kind; n: number }[];
  const infos = new Map<string, PackInfo>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        version: r.version,
        title: r.title,
        description: r.description,
        author: r.author,
        license: r.license,
        builtin: r.builtin === 1,
        enabled: r.enabled === 1,
        questions: r.active,
        retired: r.retired,
        attempts: r.attempts,
        sourceFile: r.source_file,
        installedAt: r.installed_at,
        updatedAt: r.updated_at,
        byArea: {},
        byKind: {},
      },
    ]),
  );
  for (const c of counts) {
    const info = infos.get(c.pack_id);
    if (!info) continue;
    info.byArea[c.area] = (info.byArea[c.area] ?? 0) + c.n;
    info.byKind[c.kind] = (info.byKind[c.kind] ?? 0) + c.n;
  }
  return [...infos.values()];
}

const notInstalled = (packId: string) => new ServiceError('not-found', `Pack "${packId}" is not installed.`);

/** One installed, not removed pack, or not-found. */
function packInfo(db: Database.Database, packId: string): PackInfo {
  const info = packInfos(db, packId)[0];
  if (!info) throw notInstalled(packId);
  return info;
}

/** Leaves a pack out of drills (or takes it back in); its questions and history stay. */
export function setPackEnabled(db: Database.Database, packId: string, enabled: boolean): PackInfo {
  const { changes } = db.prepare('UPDATE packs SET enabled = ? WHERE id = ? AND removed_at IS NULL').run(enabled ? 1 : 0, packId);
  if (changes === 0) throw notInstalled(packId);
  return packInfo(db, packId);
}

/** What removing a pack would touch; read-only (the CLI's `pack remove` shows it before asking for --yes). */
export interface RemovalPreview {
  id: string;
  title: string;
  builtin: boolean;
  /** Already removed with its history kept: only a removal without history (which deletes it) is left to do. */
  removedAt: string | null;
  /** Questions, retired ones included. */
  questions: number;
  attempts: number;
  /** Drills that hold one of its questions. */
  sessions: number;
}

export function removalPreview(db: Database.Database, packId: string): RemovalPreview | null {
  const row = db
    .prepare(
      `SELECT p.id, p.title, p.builtin, p.removed_at,
              (SELECT COUNT(*) FROM questions q WHERE q.pack_id = p.id) AS questions,
              (SELECT COUNT(*) FROM attempts a JOIN questions q ON q.key = a.question_key WHERE q.pack_id = p.id) AS attempts,
              (SELECT COUNT(DISTINCT sq.session_id) FROM session_questions sq JOIN questions q ON q.key = sq.question_key WHERE q.pack_id = p.id) AS sessions
       FROM packs p WHERE p.id = ?`,
    )
    .get(packId) as { id: string; title: string; builtin: number; removed_at: string | null; questions: number; attempts: number; sessions: number } | undefined;
  if (!row) return null;
  return { id: row.id, title: row.title, builtin: row.builtin === 1, removedAt: row.removed_at, questions: row.questions, attempts: row.attempts, sessions: row.sessions };
}

export const builtinRefusal = (packId: string) =>
  new ServiceError('conflict', `"${packId}" is a built-in pack and cannot be removed. Disable it instead to leave its questions out of drills.`);

/**
 * Removes a pack. Built-in packs are refused (disable them instead).
 *
 * keepHistory: the pack is marked removed, its questions retired, and every attempt, skip and draft kept; an active
 * drill holding one of its questions carries on. The stored content hash is cleared, so installing the very same
 * file again applies it (un-retiring its questions, history attached) instead of skipping it as unchanged, and the
 * pack is marked enabled, so it comes back on offer.
 *
 * Without keepHistory (also allowed on a pack already removed with its history): its attempts with their
 * attempt_items, the session_questions and drafts rows at its questions, its checklist items, questions and the
 * pack row are deleted in one transaction. Each drill that held one of its questions keeps its other questions,
 * renumbered in order (their attempts, skips and drafts move with them), so positions stay 0..n-1; a drill left
 * with none is deleted; an active drill that lost a question is ended (finished if nothing is left open, else
 * abandoned) and its drafts dropped, so a window still showing it cannot save an answer at a shifted position.
 */
export function removePack(db: Database.Database, packId: string, keepHistory: boolean, now = new Date().toISOString()): { attemptsDeleted: number } {
  return db.transaction(() => {
    const pack = db.prepare('SELECT builtin, removed_at FROM packs WHERE id = ?').get(packId) as { builtin: number; removed_at: string | null } | undefined;
    if (!pack) throw notInstalled(packId);
    if (pack.builtin === 1) throw builtinRefusal(packId);
    if (keepHistory) {
      if (pack.removed_at !== null) throw new ServiceError('not-found', `Pack "${packId}" was already removed (its history is kept).`);
      db.prepare(`UPDATE packs SET removed_at = ?, content_hash = '', enabled = 1 WHERE id = ?`).run(now, packId);
      db.prepare('UPDATE questions SET retired = 1 WHERE pack_id = ? AND retired = 0').run(packId);
      return { attemptsDeleted: 0 };
    }

    const ofPack = 'SELECT key FROM questions WHERE pack_id = @packId';
    const sessions = (
      db.prepare(`SELECT DISTINCT session_id FROM session_questions WHERE question_key IN (${ofPack}) ORDER BY session_id`).all({ packId }) as {
        session_id: number;
      }[]
    ).map((r) => r.session_id);
    db.prepare(`DELETE FROM attempt_items WHERE attempt_id IN (SELECT id FROM attempts WHERE question_key IN (${ofPack}))`).run({ packId });
    const attemptsDeleted = db.prepare(`DELETE FROM attempts WHERE question_key IN (${ofPack})`).run({ packId }).changes;
    db.prepare(
      `DELETE FROM drafts WHERE EXISTS (SELECT 1 FROM session_questions sq
         WHERE sq.session_id = drafts.session_id AND sq.position = drafts.position AND sq.question_key IN (${ofPack}))`,
    ).run({ packId });
    db.prepare(`DELETE FROM session_questions WHERE question_key IN (${ofPack})`).run({ packId });

    const slots = db.prepare('SELECT position FROM session_questions WHERE session_id = ? ORDER BY position');
    // Ascending, each slot moves to its rank: the target is always free (deleted, or already moved down).
    const moves = ['session_questions', 'attempts', 'drafts'].map((t) => db.prepare(`UPDATE ${t} SET position = ? WHERE session_id = ? AND position = ?`));
    const status = db.prepare('SELECT status FROM drill_sessions WHERE id = ?');
    const open = db.prepare(
      `SELECT COUNT(*) AS n FROM session_questions sq WHERE sq.session_id = ? AND sq.skipped_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.session_id = sq.session_id AND a.position = sq.position)`,
    );
    for (const sessionId of sessions) {
      const left = (slots.all(sessionId) as { position: number }[]).map((r) => r.position);
      if (left.length === 0) {
        db.prepare('DELETE FROM drafts WHERE session_id = ?').run(sessionId);
        db.prepare('DELETE FROM drill_sessions WHERE id = ?').run(sessionId);
        continue;
      }
      left.forEach((from, to) => {
        if (from !== to) for (const m of moves) m.run(to, sessionId, from);
      });
      if ((status.get(sessionId) as { status: string }).status === 'active') {
        const ended = (open.get(sessionId) as { n: number }).n === 0 ? 'finished' : 'abandoned';
        db.prepare(`UPDATE drill_sessions SET status = ?, finished_at = ? WHERE id = ?`).run(ended, now, sessionId);
        db.prepare('DELETE FROM drafts WHERE session_id = ?').run(sessionId);
      }
    }

    db.prepare(`DELETE FROM checklist_items WHERE question_key IN (${ofPack})`).run({ packId });
    db.prepare('DELETE FROM questions WHERE pack_id = ?').run(packId);
    db.prepare('DELETE FROM packs WHERE id = ?').run(packId);
    return { attemptsDeleted };
  }).immediate();
}

/**
 * One question of a pack (not removed) in the pack format, with its live checklist items, for editing. Retired
 * questions are answered too. `timeLimitSec` is the stored limit (a default was worked out at install).
 */
export function getQuestion(db: Database.Database, packId: string, id: string): Question {
  const row = db
    .prepare('SELECT q.key FROM questions q JOIN packs p ON p.id = q.pack_id WHERE q.pack_id = ? AND q.id = ? AND p.removed_at IS NULL')
    .get(packId, id) as { key: number } | undefined;
  const view = row && loadQuestions(db, [row.key]).get(row.key);
  if (!view) throw new ServiceError('not-found', `Question "${id}" is not in pack "${packId}".`);
  return toPackQuestion(view);
}

/**
 * A pack as a file: JSON (two-space indent, final newline) or CSV. The pack comes from export-pack.ts, which has
 * run it through the pack validator, so its id and version are a slug and MAJOR.MINOR.PATCH: safe in a file name.
 */
export function packFile(pack: Pack, format: 'json' | 'csv'): ExportedFile {
  const base = `${pack.id}-${pack.version}`;
  return format === 'json' ? { fileName: `${base}.drillpack.json`, text: `${JSON.stringify(pack, null, 2)}\n` } : { fileName: `${base}.csv`, text: packToCsv(pack) };
}

function exportSelectionFile(db: Database.Database, arg: ParsedArg<'exportSelection'>): ExportedFile {
  const { where, ...meta } = arg;
  return packFile(exportSelection(db, where, meta), 'json');
}

export function createPackApi(db: Database.Database): PackApi {
  return {
    listPacks: () => packInfos(db),
    listQuestions: ({ where }) => listQuestionBriefs(db, where),
    getQuestion: ({ packId, id }) => getQuestion(db, packId, id),
    setPackEnabled: ({ packId, enabled }) => setPackEnabled(db, packId, enabled),
    removePack: ({ packId, keepHistory }) => removePack(db, packId, keepHistory),
    exportPack: ({ packId, format }) => packFile(exportInstalledPack(db, packId), format),
    exportSelection: (arg) => exportSelectionFile(db, arg),
    saveMyQuestion: ({ question }) => saveMyQuestion(db, question),
    retireMyQuestion: ({ id }) => retireMyQuestion(db, id),
    exportProgress: (arg) => progressExportFile(db, arg),
  };
}
