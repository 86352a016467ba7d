/**
 * Progress export: one learner's figures for chosen packs, as a progress file (shared/cohort.ts) an instructor can
 * merge with others (`mldrill cohort report`). Reads only; works on a read-only connection.
 *
 * Privacy: the file holds counts, coverage and times per question and per checklist item, the pack's question ids
 * and a display name the learner typed (or null). Answer text and notes go in only with includeAnswers. Nothing
 * is taken from the operating system (no user name, host name or path).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  PROGRESS_FORMAT,
  PROGRESS_FORMAT_VERSION,
  PROGRESS_SUFFIX,
  normalizeDisplayName,
  serializeProgress,
  type ProgressAnswer,
  type ProgressFile,
  type ProgressItem,
  type ProgressPack,
  type ProgressQuestion,
} from '../../shared/cohort';
import { ServiceError } from './errors';

export interface ExportProgressOptions {
  /** Installed pack ids; each must be installed. Repeats are ignored; packs are written in id order. */
  packIds: readonly string[];
  /** What the learner wants to be called in the report; trimmed, empty means null. */
  displayName?: string | null;
  /** Also write each attempt's answer text and note. Off unless asked for. */
  includeAnswers?: boolean;
  /** A fixed export id (tests, reproducible examples); a random UUID otherwise. */
  exportId?: string;
}

export interface InstalledPack {
  id: string;
  version: string;
  title: string;
  questions: number;
}

/** Installed packs with their live question counts, in id order: what an "Export progress" picker offers. */
export function installedPacks(db: Database.Database): InstalledPack[] {
  return db
    .prepare(
      `SELECT p.id, p.version, p.title, (SELECT COUNT(*) FROM questions q WHERE q.pack_id = p.id AND q.retired = 0) AS questions
       FROM packs p ORDER BY p.id`,
    )
    .all() as InstalledPack[];
}

interface AttemptFigures {
  key: number;
  attempts: number;
  best: number;
  total_ms: number;
}

interface QuestionRow {
  key: number;
  id: string;
  area: string;
  time_limit_sec: number;
}

/**
 * The progress file for the chosen packs. Questions are the pack's live ones (what the installed version holds),
 * in pack order, including those never attempted; items are each question's live checklist items. Attempts at
 * questions or items a pack update retired are left out, as they are not part of this version.
 *
 * Throws ServiceError: not-found for a pack id that is not installed, invalid-argument for no pack or a too long name.
 */
export function exportProgress(db: Database.Database, opts: ExportProgressOptions, now = new Date().toISOString()): ProgressFile {
  const packIds = [...new Set(opts.packIds)].sort();
  if (packIds.length === 0) throw new ServiceError('invalid-argument', 'choose at least one pack to export');
  const name = normalizeDisplayName(opts.displayName);
  if (!name.ok) throw new ServiceError('invalid-argument', name.message);
  const includeAnswers = opts.includeAnswers === true;

  const packRow = db.prepare('SELECT id, version, title FROM packs WHERE id = ?');
  const questionRows = db.prepare('SELECT key, id, area, time_limit_sec FROM questions WHERE pack_id = ? AND retired = 0 ORDER BY ordinal, id');
  // Each query is a grouped pass or goes through an index (attempts_question, the attempt_items primary key):
  // neither attempt_items.item_key nor session_questions.question_key is indexed, so no query filters on them alone.
  const attemptFigures = db.prepare(
    `SELECT a.question_key AS key, COUNT(*) AS attempts, MAX(a.coverage) AS best, SUM(a.answer_ms) AS total_ms
     FROM attempts a JOIN questions q ON q.key = a.question_key WHERE q.pack_id = ? GROUP BY a.question_key`,
  );
  const skipCounts = db.prepare('SELECT question_key AS key, COUNT(*) AS n FROM session_questions WHERE skipped_at IS NOT NULL GROUP BY question_key');
  const latest = db.prepare('SELECT coverage FROM attempts WHERE question_key = ? ORDER BY created_at DESC, id DESC LIMIT 1');
  const items = db.prepare(
    `SELECT ci.id, COALESCE(s.appeared, 0) AS appeared, COALESCE(s.covered, 0) AS covered
     FROM checklist_items ci
     LEFT JOIN (SELECT ai.item_key, COUNT(*) AS appeared, SUM(ai.ticked) AS covered
                FROM attempts a JOIN attempt_items ai ON ai.attempt_id = a.id WHERE a.question_key = @q GROUP BY ai.item_key) s
       ON s.item_key = ci.key
     WHERE ci.question_key = @q AND ci.retired = 0 ORDER BY ci.ordinal, ci.id`,
  );
  const answers = db.prepare(
    'SELECT a.created_at, a.coverage, t.answer, t.note FROM attempts a JOIN attempt_texts t ON t.attempt_id = a.id WHERE a.question_key = ? ORDER BY a.created_at, a.id',
  );

  const question = (q: QuestionRow, figures: Map<number, AttemptFigures>, skips: Map<number, number>): ProgressQuestion => {
    const a = figures.get(q.key);
    const attempts = a?.attempts ?? 0;
    const totalMs = a?.total_ms ?? 0;
    const out: ProgressQuestion = {
      id: q.id,
      area: q.area,
      attempts,
      skipped: skips.get(q.key) ?? 0,
      bestCoverage: a?.best ?? null,
      latestCoverage: attempts ? (latest.get(q.key) as { coverage: number }).coverage : null,
      totalAnswerMs: totalMs,
      meanAnswerMs: attempts ? Math.round(totalMs / attempts) : null,
      timeLimitSec: q.time_limit_sec,
      items: (items.all({ q: q.key }) as ProgressItem[]).map((i) => ({ id: i.id, covered: i.covered, appeared: i.appeared })),
    };
    if (includeAnswers) {
      out.answers = (answers.all(q.key) as { created_at: string; coverage: number; answer: string; note: string }[]).map(
        (r): ProgressAnswer => ({ createdAt: r.created_at, coverage: r.coverage, answer: r.answer, note: r.note }),
      );
    }
    return out;
  };

  // One read transaction: every figure comes from the same commit, even while the app is saving.
  const packs = db.transaction((): ProgressPack[] => {
    const skips = new Map((skipCounts.all() as { key: number; n: number }[]).map((r) => [r.key, r.n]));
    return packIds.map((id) => {
      const p = packRow.get(id) as { id: string; version: string; title: string } | undefined;
      if (!p) {
        const installed = installedPacks(db).map((i) => i.id);
        throw new ServiceError('not-found', `pack "${id}" is not installed${installed.length ? ` (installed: ${installed.join(', ')})` : ' (no packs are installed)'}`);
      }
      const figures = new Map((attemptFigures.all(id) as AttemptFigures[]).map((f) => [f.key, f]));
      return { id: p.id, version: p.version, title: p.title, questions: (questionRows.all(id) as QuestionRow[]).map((q) => question(q, figures, skips)) };
    });
  })();
  if (packs.some((p) => p.questions.length === 0)) {
    throw new ServiceError('invalid-argument', `pack "${packs.find((p) => p.questions.length === 0)!.id}" has no questions on offer to export`);
  }

  return {
    format: PROGRESS_FORMAT,
    formatVersion: PROGRESS_FORMAT_VERSION,
    exportId: opts.exportId ?? randomUUID(),
    exportedAt: now,
    displayName: name.value,
    includesAnswers: includeAnswers,
    packs,
  };
}

/**
 * Writes text to a file atomically: a temporary file in the same folder, flushed to disk, then renamed over the
 * target, so a reader (or a crash) never sees half a file. The temporary file is removed if anything fails.
 */
export function writeFileAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx');
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, file);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

/** Writes a progress file (shared/cohort.ts serializeProgress) atomically. */
export function writeProgressFile(file: string, progress: ProgressFile): void {
  writeFileAtomic(file, serializeProgress(progress));
}

/**
 * The `exportProgress` method's value: the file's text and a suggested name (pack ids and the export date; never
 * the display name, which may hold anything). The desktop shell saves it through its save dialog.
 */
export function progressExportFile(
  db: Database.Database,
  arg: { packIds: readonly string[]; displayName?: string | undefined; includeAnswers: boolean },
  now = new Date().toISOString(),
): { fileName: string; text: string } {
  const progress = exportProgress(db, { packIds: arg.packIds, displayName: arg.displayName ?? null, includeAnswers: arg.includeAnswers }, now);
  return { fileName: suggestedProgressFileName(progress), text: serializeProgress(progress) };
}

/** `<pack ids joined by +>-<YYYY-MM-DD>.progress.json`; pack ids are slugs, so the name is safe on every system. */
export function suggestedProgressFileName(progress: ProgressFile): string {
  const ids = progress.packs.map((p) => p.id).join('+');
  return `${ids.length > 120 ? `${progress.packs.length}-packs` : ids}-${progress.exportedAt.slice(0, 10)}${PROGRESS_SUFFIX}`;
}
