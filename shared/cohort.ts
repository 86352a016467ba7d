/**
 * Progress files and cohort reports (docs/pack-format.md, "Progress files and cohort reports").
 *
 * A progress file is what one learner shares with an instructor: per question of a pack, counts and coverage
 * figures, per checklist item how often it was covered; never answer text or notes unless the learner asked for
 * them. A cohort report merges many such files. Everything here is pure: the services read the figures out of the
 * database (electron/services/progress-export.ts), the CLI reads the files (electron/cli/commands/cohort-report.ts).
 *
 * Files come from strangers, so parsing never throws, checks size, encoding, nesting and duplicate keys before it
 * trusts the text, and every id is matched through Maps (an id such as "constructor" is a valid slug).
 */
import { z } from 'zod';
import { MAX_ANSWER_CHARS, MAX_NOTE_CHARS } from './limits';
import { duplicateKeyErrors, formatPath, maxNestingDepth } from './validate-pack';

export const PROGRESS_FORMAT = 'mldrill-progress';
export const PROGRESS_FORMAT_VERSION = 1;
export const COHORT_REPORT_FORMAT = 'mldrill-cohort-report';
export const COHORT_REPORT_FORMAT_VERSION = 1;
/** File names the report picks up when it is given a folder. */
export const PROGRESS_SUFFIX = '.progress.json';
export const MAX_PROGRESS_BYTES = 20 * 1024 * 1024;
/** root > packs[] > pack > questions[] > question > items[] | answers[] > item | answer */
export const MAX_PROGRESS_DEPTH = 7;
export const MAX_DISPLAY_NAME_CHARS = 80;
/** A checklist item is ranked among the most missed only once it appeared in at least this many attempts. */
export const MIN_ITEM_EVIDENCE = 2;
/** Longest hardest and easiest lists (they never overlap; see hardestAndEasiest). */
export const QUESTION_LIST_LIMIT = 5;
export const MISSED_LIST_LIMIT = 10;

// ---------------------------------------------------------------------------------------------------------------
// The progress file
// ---------------------------------------------------------------------------------------------------------------

const slug = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens');
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const fraction = z.number().min(0).max(1);

const itemSchema = z.object({ id: slug(40), covered: count, appeared: count });

const answerSchema = z.object({
  createdAt: z.string().max(64),
  coverage: fraction,
  answer: z.string().max(MAX_ANSWER_CHARS),
  note: z.string().max(MAX_NOTE_CHARS),
});

const questionSchema = z.object({
  id: slug(80),
  area: slug(40),
  attempts: count,
  skipped: count,
  bestCoverage: fraction.nullable(),
  latestCoverage: fraction.nullable(),
  totalAnswerMs: count,
  meanAnswerMs: count.nullable(),
  timeLimitSec: z.number().int().min(1).max(86_400),
  items: z.array(itemSchema).max(100),
  answers: z.array(answerSchema).optional(),
});

const packSchema = z.object({
  id: slug(64),
  version: z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, 'must be a semantic version MAJOR.MINOR.PATCH'),
  title: z.string().min(1).max(120),
  questions: z.array(questionSchema).min(1).max(5000),
});

export const progressFileSchema = z.object({
  format: z.literal(PROGRESS_FORMAT),
  formatVersion: z.literal(PROGRESS_FORMAT_VERSION),
  exportId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8-64 letters, digits and hyphens'),
  exportedAt: z.iso.datetime(),
  displayName: z.string().min(1).max(MAX_DISPLAY_NAME_CHARS).nullable(),
  includesAnswers: z.boolean(),
  packs: z.array(packSchema).min(1).max(100),
});

export type ProgressFile = z.infer<typeof progressFileSchema>;
export type ProgressPack = ProgressFile['packs'][number];
export type ProgressQuestion = ProgressPack['questions'][number];
export type ProgressItem = ProgressQuestion['items'][number];
export type ProgressAnswer = NonNullable<ProgressQuestion['answers']>[number];

/** Why a file was not used. `reason` is one sentence naming what is wrong. */
export type ProblemCode = 'unreadable' | 'too-large' | 'not-json' | 'wrong-format' | 'invalid' | 'duplicate' | 'other-pack' | 'pack-version';

export type ProgressParse = { ok: true; progress: ProgressFile } | { ok: false; code: ProblemCode; reason: string };

const refuse = (code: ProblemCode, reason: string): ProgressParse => ({ ok: false, code, reason });
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * The display name as it goes into a file: trimmed, and null when empty. Refuses one longer than the format allows
 * (the caller turns that into its own error). Never filled in from anything but what the learner typed.
 */
export function normalizeDisplayName(name: string | null | undefined): { ok: true; value: string | null } | { ok: false; message: string } {
  const trimmed = (name ?? '').trim();
  if (trimmed === '') return { ok: true, value: null };
  if (trimmed.length > MAX_DISPLAY_NAME_CHARS) {
    return { ok: false, message: `the display name must be at most ${MAX_DISPLAY_NAME_CHARS} characters (got ${trimmed.length})` };
  }
  return { ok: true, value: trimmed };
}

/** Rules the schema cannot say: consistent counts, unique ids. The first broken rule, with its JSON path. */
function consistencyError(p: ProgressFile): string | null {
  const packIds = new Set<string>();
  for (const [i, pack] of p.packs.entries()) {
    if (packIds.has(pack.id)) return `packs[${i}].id: pack "${pack.id}" appears twice`;
    packIds.add(pack.id);
    const questionIds = new Set<string>();
    for (const [j, q] of pack.questions.entries()) {
      const at = `packs[${i}].questions[${j}]`;
      if (questionIds.has(q.id)) return `${at}.id: question "${q.id}" appears twice`;
      questionIds.add(q.id);
      if (q.attempts === 0) {
        if (q.bestCoverage !== null || q.latestCoverage !== null || q.meanAnswerMs !== null || q.totalAnswerMs !== 0) {
          return `${at}: a question with 0 attempts must have null coverage and mean time and a total time of 0`;
        }
      } else {
        if (q.bestCoverage === null || q.latestCoverage === null || q.meanAnswerMs === null) {
          return `${at}: a question with attempts must have bestCoverage, latestCoverage and meanAnswerMs`;
        }
        if (q.latestCoverage > q.bestCoverage + 1e-9) return `${at}.latestCoverage: is above bestCoverage`;
      }
      const itemIds = new Set<string>();
      for (const [k, item] of q.items.entries()) {
        if (itemIds.has(item.id)) return `${at}.items[${k}].id: item "${item.id}" appears twice`;
        itemIds.add(item.id);
        if (item.covered > item.appeared) return `${at}.items[${k}]: covered (${item.covered}) is more than appeared (${item.appeared})`;
        if (item.appeared > q.attempts) return `${at}.items[${k}]: appeared (${item.appeared}) is more than the question's attempts (${q.attempts})`;
      }
      if (p.includesAnswers ? q.answers?.length !== q.attempts : q.answers !== undefined) {
        return p.includesAnswers
          ? `${at}.answers: must list one entry per attempt (${q.attempts})`
          : `${at}.answers: present, but includesAnswers is false`;
      }
    }
  }
  return null;
}

/** Parses a progress file from bytes (or text already decoded). Never throws; each refusal says why in one line. */
export function parseProgress(input: Uint8Array | string): ProgressParse {
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > MAX_PROGRESS_BYTES) return refuse('too-large', `is ${mb(size)}; progress files must be at most 20 MB`);
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return refuse('not-json', 'is not UTF-8 text');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return refuse('not-json', 'is empty');
  if (maxNestingDepth(text, MAX_PROGRESS_DEPTH) > MAX_PROGRESS_DEPTH) {
    return refuse('not-json', `nests deeper than a progress file can (more than ${MAX_PROGRESS_DEPTH} levels)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return refuse('not-json', `is not valid JSON: ${(e instanceof Error ? e.message : String(e)).replace(/ is not valid JSON$/, '')}`);
  }
  const dupes = duplicateKeyErrors(text);
  if (dupes[0]) return refuse('invalid', `${dupes[0].path}: ${dupes[0].message}`);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return refuse('wrong-format', `is not a progress file: it holds ${Array.isArray(data) ? 'an array' : data === null ? 'null' : `a ${typeof data}`}, not an object`);
  }
  const { format, formatVersion } = data as Record<string, unknown>;
  if (format !== PROGRESS_FORMAT) {
    if (format === 'mldrill-pack') return refuse('wrong-format', 'is a drill pack, not a progress file (format "mldrill-pack")');
    return refuse('wrong-format', `is not a progress file: format is ${JSON.stringify(format) ?? 'missing'}, not "${PROGRESS_FORMAT}"`);
  }
  if (typeof formatVersion === 'number' && Number.isInteger(formatVersion) && formatVersion > PROGRESS_FORMAT_VERSION) {
    return refuse('wrong-format', `is progress format version ${formatVersion}, made by a newer version of the app (this one reads version ${PROGRESS_FORMAT_VERSION})`);
  }
  const parsed = progressFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const shown = issues.slice(0, 3).map((i) => `${formatPath(i.path)}: ${i.message}`);
    return refuse('invalid', `is not a valid progress file: ${shown.join('; ')}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''}`);
  }
  const broken = consistencyError(parsed.data);
  if (broken) return refuse('invalid', `is not a valid progress file: ${broken}`);
  return { ok: true, progress: parsed.data };
}

/** The file's text: two-space indented JSON with a final newline. Key order is the order the object was built in. */
export function serializeProgress(progress: ProgressFile): string {
  return `${JSON.stringify(progress, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// The cohort report
// ---------------------------------------------------------------------------------------------------------------

export interface CohortProblem {
  file: string;
  code: ProblemCode;
  reason: string;
}

export interface CohortLearner {
  file: string;
  displayName: string | null;
  exportedAt: string;
  questionsAttempted: number;
  attempts: number;
  skipped: number;
  /** Mean of the learner's best coverage over the questions they attempted; null when they attempted none. */
  meanBestCoverage: number | null;
  totalAnswerMs: number;
  meanAnswerMs: number | null;
}

export interface CohortQuestion {
  id: string;
  area: string;
  timeLimitSec: number;
  /** Learners with at least one attempt. */
  learnersAttempted: number;
  attempts: number;
  skipped: number;
  /** Over the learners who attempted it: the mean, lowest and highest of their best coverage; the mean latest. */
  meanBestCoverage: number | null;
  minBestCoverage: number | null;
  maxBestCoverage: number | null;
  meanLatestCoverage: number | null;
  /** Total answer time over total attempts. */
  meanAnswerMs: number | null;
}

export interface CohortItem {
  questionId: string;
  itemId: string;
  /** Attempts (all learners) that covered the item, of the attempts it appeared in. */
  covered: number;
  appeared: number;
  /** 1 − covered / appeared; null when it never appeared. */
  missRate: number | null;
}

export interface CohortReport {
  format: typeof COHORT_REPORT_FORMAT;
  formatVersion: typeof COHORT_REPORT_FORMAT_VERSION;
  pack: { id: string; version: string; title: string } | null;
  files: { given: number; used: number };
  summary: { learners: number; questions: number; questionsAttempted: number; attempts: number; skipped: number };
  minItemEvidence: number;
  learners: CohortLearner[];
  questions: CohortQuestion[];
  hardest: CohortQuestion[];
  easiest: CohortQuestion[];
  items: CohortItem[];
  mostMissed: CohortItem[];
  unattempted: string[];
  problems: CohortProblem[];
  notes: string[];
}

export interface CohortEntry {
  /** The file name as the user gave it; every problem is reported under it. */
  file: string;
  parsed: ProgressParse;
}

export interface CohortOptions {
  /** Which pack to report on; without it, the pack held by the most files (ties: the smallest id). */
  packId?: string;
  /** Which version of it; without it, the version held by the most files (ties: the highest version). */
  packVersion?: string;
}

/** Rounded to 4 decimal places, so the figures are stable to print and compare; sorting uses the rounded values. */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const roundOrNull = (x: number | null) => (x === null ? null : round4(x));

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The key with the highest count; among equal counts, the one tieBreak puts first (a negative result for a). */
function mostCommon<K>(counts: ReadonlyMap<K, number>, tieBreak: (a: K, b: K) => number): K | undefined {
  let best: K | undefined;
  for (const [k, n] of counts) {
    if (best === undefined) best = k;
    else {
      const m = counts.get(best)!;
      if (n > m || (n === m && tieBreak(k, best) < 0)) best = k;
    }
  }
  return best;
}

/**
 * The hardest (lowest mean best coverage) and easiest questions among those someone attempted, up to
 * QUESTION_LIST_LIMIT each. They never overlap: with fewer than twice the limit attempted, the hardest half (rounded
 * up) is the hardest list and the rest the easiest. Ties: more learners first, then pack order.
 */
function hardestAndEasiest(questions: readonly CohortQuestion[]): { hardest: CohortQuestion[]; easiest: CohortQuestion[] } {
  const attempted = questions.map((q, order) => ({ q, order })).filter(({ q }) => q.meanBestCoverage !== null);
  const ascending = [...attempted].sort((a, b) => a.q.meanBestCoverage! - b.q.meanBestCoverage! || b.q.learnersAttempted - a.q.learnersAttempted || a.order - b.order);
  const descending = [...attempted].sort((a, b) => b.q.meanBestCoverage! - a.q.meanBestCoverage! || b.q.learnersAttempted - a.q.learnersAttempted || a.order - b.order);
  const hardCount = Math.min(QUESTION_LIST_LIMIT, Math.ceil(attempted.length / 2));
  const hardest = ascending.slice(0, hardCount);
  const taken = new Set(hardest.map((h) => h.order));
  const easyCount = Math.min(QUESTION_LIST_LIMIT, attempted.length - hardCount);
  const easiest = descending.filter((d) => !taken.has(d.order)).slice(0, easyCount);
  return { hardest: hardest.map((h) => h.q), easiest: easiest.map((e) => e.q) };
}

const emptyReport = (given: number): CohortReport => ({
  format: COHORT_REPORT_FORMAT,
  formatVersion: COHORT_REPORT_FORMAT_VERSION,
  pack: null,
  files: { given, used: 0 },
  summary: { learners: 0, questions: 0, questionsAttempted: 0, attempts: 0, skipped: 0 },
  minItemEvidence: MIN_ITEM_EVIDENCE,
  learners: [],
  questions: [],
  hardest: [],
  easiest: [],
  items: [],
  mostMissed: [],
  unattempted: [],
  problems: [],
  notes: [],
});

const quoteList = (ids: readonly string[]) => ids.map((id) => `"${id}"`).join(', ');

/**
 * Merges progress files into one report. Files are taken in the order given; a file that cannot be used is listed
 * in `problems` (in file order) with a specific reason and the others are still merged:
 *
 * 1. a file that did not parse keeps its own reason;
 * 2. a duplicate (the same exportId as an earlier file, or the same displayName and exportedAt) is counted once;
 * 3. a file that does not hold the chosen pack is `other-pack`;
 * 4. a file exported from another version of the chosen pack is `pack-version`, excluded (not grouped): one report
 *    covers one pack version, because question and item ids may differ between versions.
 */
export function buildCohortReport(entries: readonly CohortEntry[], opts: CohortOptions = {}): CohortReport {
  const report = emptyReport(entries.length);
  const problems: { index: number; problem: CohortProblem }[] = [];
  const problem = (index: number, code: ProblemCode, reason: string) => problems.push({ index, problem: { file: entries[index]!.file, code, reason } });

  // 1 and 2: parsed, and not seen before.
  const byExportId = new Map<string, string>();
  const byNameAndTime = new Map<string, string>();
  let usable: { index: number; file: string; progress: ProgressFile }[] = [];
  entries.forEach((e, index) => {
    if (!e.parsed.ok) {
      problem(index, e.parsed.code, e.parsed.reason);
      return;
    }
    const p = e.parsed.progress;
    const sameId = byExportId.get(p.exportId);
    if (sameId !== undefined) {
      problem(index, 'duplicate', `is the same export as ${sameId} (exportId ${p.exportId}); counted once`);
      return;
    }
    const nameKey = p.displayName === null ? null : JSON.stringify([p.displayName, p.exportedAt]);
    const sameName = nameKey === null ? undefined : byNameAndTime.get(nameKey);
    if (sameName !== undefined) {
      problem(index, 'duplicate', `has the same display name and export time as ${sameName} (${JSON.stringify(p.displayName)}, ${p.exportedAt}); counted once`);
      return;
    }
    byExportId.set(p.exportId, e.file);
    if (nameKey !== null) byNameAndTime.set(nameKey, e.file);
    usable.push({ index, file: e.file, progress: p });
  });

  // 3: the pack.
  let packId = opts.packId;
  if (packId === undefined) {
    const counts = new Map<string, number>();
    for (const u of usable) for (const pk of u.progress.packs) counts.set(pk.id, (counts.get(pk.id) ?? 0) + 1);
    packId = mostCommon(counts, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (counts.size > 1 && packId !== undefined) {
      const list = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id, n]) => `"${id}" ${n} file(s)`);
      report.notes.push(`The files hold several packs (${list.join(', ')}); this report covers "${packId}". Choose another with --pack ID.`);
    }
  }
  const packOf = (p: ProgressFile) => p.packs.find((pk) => pk.id === packId);
  usable = usable.filter((u) => {
    if (packOf(u.progress)) return true;
    problem(u.index, 'other-pack', `holds pack(s) ${quoteList(u.progress.packs.map((pk) => pk.id))}, not "${packId}"`);
    return false;
  });

  // 4: the version.
  let version = opts.packVersion;
  if (version === undefined) {
    const counts = new Map<string, number>();
    for (const u of usable) counts.set(packOf(u.progress)!.version, (counts.get(packOf(u.progress)!.version) ?? 0) + 1);
    version = mostCommon(counts, (a, b) => compareVersions(b, a));
  }
  const held = usable.filter((u) => packOf(u.progress)!.version === version).length;
  usable = usable.filter((u) => {
    const v = packOf(u.progress)!.version;
    if (v === version) return true;
    problem(
      u.index,
      'pack-version',
      `was exported from version ${v} of pack "${packId}"; this report covers version ${version} (${held} file(s)), so it is excluded. Report on it with --pack ${packId}@${v}`,
    );
    return false;
  });

  report.problems = problems.sort((a, b) => a.index - b.index).map((p) => p.problem);
  if (usable.length === 0 || packId === undefined || version === undefined) return report;

  const packs = usable.map((u) => ({ file: u.file, progress: u.progress, pack: packOf(u.progress)! }));
  const first = packs[0]!.pack;
  report.pack = { id: first.id, version: first.version, title: first.title };
  report.files.used = packs.length;

  // The question list: the first file's, then any id only a later file has (files of one version agree).
  const order: { id: string; area: string; timeLimitSec: number; items: string[] }[] = [];
  const known = new Map<string, (typeof order)[number]>();
  for (const { pack } of packs) {
    for (const q of pack.questions) {
      let entry = known.get(q.id);
      if (!entry) {
        entry = { id: q.id, area: q.area, timeLimitSec: q.timeLimitSec, items: [] };
        known.set(q.id, entry);
        order.push(entry);
      }
      for (const item of q.items) if (!entry.items.includes(item.id)) entry.items.push(item.id);
    }
  }
  const perFile = packs.map(({ pack }) => new Map(pack.questions.map((q) => [q.id, q])));

  report.learners = packs.map(({ file, progress }, i) => {
    const qs = order.map((o) => perFile[i]!.get(o.id)).filter((q): q is ProgressQuestion => q !== undefined);
    const tried = qs.filter((q) => q.attempts > 0);
    const attempts = qs.reduce((n, q) => n + q.attempts, 0);
    const totalAnswerMs = qs.reduce((n, q) => n + q.totalAnswerMs, 0);
    return {
      file,
      displayName: progress.displayName,
      exportedAt: progress.exportedAt,
      questionsAttempted: tried.length,
      attempts,
      skipped: qs.reduce((n, q) => n + q.skipped, 0),
      meanBestCoverage: roundOrNull(mean(tried.map((q) => q.bestCoverage!))),
      totalAnswerMs,
      meanAnswerMs: attempts ? Math.round(totalAnswerMs / attempts) : null,
    };
  });

  for (const o of order) {
    const qs = perFile.map((m) => m.get(o.id)).filter((q): q is ProgressQuestion => q !== undefined);
    const tried = qs.filter((q) => q.attempts > 0);
    const best = tried.map((q) => q.bestCoverage!);
    const attempts = qs.reduce((n, q) => n + q.attempts, 0);
    const totalMs = qs.reduce((n, q) => n + q.totalAnswerMs, 0);
    report.questions.push({
      id: o.id,
      area: o.area,
      timeLimitSec: o.timeLimitSec,
      learnersAttempted: tried.length,
      attempts,
      skipped: qs.reduce((n, q) => n + q.skipped, 0),
      meanBestCoverage: roundOrNull(mean(best)),
      minBestCoverage: best.length ? round4(Math.min(...best)) : null,
      maxBestCoverage: best.length ? round4(Math.max(...best)) : null,
      meanLatestCoverage: roundOrNull(mean(tried.map((q) => q.latestCoverage!))),
      meanAnswerMs: attempts ? Math.round(totalMs / attempts) : null,
    });
    for (const itemId of o.items) {
      let covered = 0;
      let appeared = 0;
      for (const q of qs) {
        const item = q.items.find((i) => i.id === itemId);
        if (item) {
          covered += item.covered;
          appeared += item.appeared;
        }
      }
      report.items.push({ questionId: o.id, itemId, covered, appeared, missRate: appeared ? round4(1 - covered / appeared) : null });
    }
  }

  const { hardest, easiest } = hardestAndEasiest(report.questions);
  report.hardest = hardest;
  report.easiest = easiest;
  report.mostMissed = report.items
    .map((item, order) => ({ item, order }))
    .filter(({ item }) => item.appeared >= MIN_ITEM_EVIDENCE && item.missRate! > 0)
    .sort((a, b) => b.item.missRate! - a.item.missRate! || b.item.appeared - a.item.appeared || a.order - b.order)
    .slice(0, MISSED_LIST_LIMIT)
    .map(({ item }) => item);
  report.unattempted = report.questions.filter((q) => q.learnersAttempted === 0).map((q) => q.id);
  report.summary = {
    learners: packs.length,
    questions: report.questions.length,
    questionsAttempted: report.questions.length - report.unattempted.length,
    attempts: report.questions.reduce((n, q) => n + q.attempts, 0),
    skipped: report.questions.reduce((n, q) => n + q.skipped, 0),
  };

  // Two exports under one name are counted as two learners; say so, since it may be one learner exporting twice.
  const byName = new Map<string, string[]>();
  for (const l of report.learners) if (l.displayName !== null) byName.set(l.displayName, [...(byName.get(l.displayName) ?? []), l.file]);
  for (const [name, files] of byName) {
    if (files.length > 1) report.notes.push(`${files.join(', ')} share the display name ${JSON.stringify(name)} but are different exports; each is counted as a learner.`);
  }
  return report;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared formatting for the text and HTML reports
// ---------------------------------------------------------------------------------------------------------------

/** How a learner is shown: their display name, or their file's name (without its folder) when they gave none. */
export const learnerLabel = (l: CohortLearner) => l.displayName ?? `(no name) ${l.file.split(/[\\/]/).pop()}`;

/** m:ss below an hour, h:mm:ss above; "—" for no time. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
