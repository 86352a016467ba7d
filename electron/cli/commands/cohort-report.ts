/**
 * `mldrill cohort report FILE... [--pack ID[@VERSION]] [--json | --html OUT]`: merges learners' progress files into
 * one report of the questions and checklist items a cohort struggles with. A bad file never stops the report: it is
 * named with its reason (stderr in text and HTML mode, `problems` in JSON) and the good files are merged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderCohortHtml } from '../../services/cohort-html';
import { writeFileAtomic } from '../../services/progress-export';
import {
  MAX_PROGRESS_BYTES,
  PROGRESS_SUFFIX,
  buildCohortReport,
  formatDuration,
  learnerLabel,
  parseProgress,
  type CohortEntry,
  type CohortItem,
  type CohortQuestion,
  type CohortReport,
  type ProgressParse,
} from '../../../shared/cohort';
import { formatPercent } from '../../../shared/scoring';
import { escapeControlChars } from '../../../shared/validate-pack';
import { UsageError, type CliIO, type Command } from '../io';

const unreadable = (reason: string): ProgressParse => ({ ok: false, code: 'unreadable', reason });

/** Reads one file: its kind and size are checked before a byte is read, and no failure throws. */
export function readProgressFile(file: string): ProgressParse {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    return unreadable(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!stat.isFile()) return unreadable('is not a regular file');
  if (stat.size > MAX_PROGRESS_BYTES) return { ok: false, code: 'too-large', reason: `is ${(stat.size / 1048576).toFixed(1)} MB; progress files must be at most 20 MB` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return unreadable(`cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseProgress(bytes);
}

/** The files named on the command line; a folder stands for the *.progress.json files directly inside it. */
export function readProgressPaths(paths: readonly string[]): CohortEntry[] {
  const entries: CohortEntry[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = fs.statSync(p).isDirectory();
    } catch {
      // readProgressFile reports it.
    }
    if (!isDir) {
      entries.push({ file: p, parsed: readProgressFile(p) });
      continue;
    }
    let found: string[];
    try {
      found = fs
        .readdirSync(p)
        .filter((f) => f.endsWith(PROGRESS_SUFFIX))
        .sort();
    } catch (e) {
      entries.push({ file: p, parsed: unreadable(`is a folder that cannot be listed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) });
      continue;
    }
    if (found.length === 0) entries.push({ file: p, parsed: unreadable(`is a folder with no *${PROGRESS_SUFFIX} files`) });
    for (const f of found) {
      const file = path.join(p, f);
      entries.push({ file, parsed: readProgressFile(file) });
    }
  }
  return entries;
}

interface Column {
  head: string;
  right?: boolean;
  /** Longer cells are cut with an ellipsis, so one long display name cannot push the table apart. */
  max?: number;
}

/** A plain-text table. Every cell is terminal-safe: control characters become visible escapes before cutting. */
function textTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const cells = rows.map((r) =>
    r.map((c, i) => {
      const safe = escapeControlChars(c);
      const max = columns[i]!.max;
      return max && safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
    }),
  );
  const widths = columns.map((c, i) => Math.max(c.head.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (columns[i]!.right ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.head)), ...cells.map(line)];
}

const pct = formatPercent;

function questionLines(questions: readonly CohortQuestion[], learners: number): string[] {
  return textTable(
    [{ head: 'question', max: 40 }, { head: 'area', max: 16 }, { head: 'learners', right: true }, { head: 'coverage', right: true }, { head: 'range', right: true }, { head: 'attempts', right: true }, { head: 'skips', right: true }, { head: 'mean time', right: true }, { head: 'limit', right: true }],
    questions.map((q) => [
      q.id,
      q.area,
      `${q.learnersAttempted}/${learners}`,
      pct(q.meanBestCoverage),
      q.minBestCoverage === null ? '—' : `${pct(q.minBestCoverage)}-${pct(q.maxBestCoverage)}`,
      String(q.attempts),
      String(q.skipped),
      formatDuration(q.meanAnswerMs),
      formatDuration(q.timeLimitSec * 1000),
    ]),
  );
}

const itemLines = (items: readonly CohortItem[]) =>
  textTable(
    [{ head: 'question / checklist item', max: 64 }, { head: 'missed', right: true }, { head: 'covered', right: true }],
    items.map((i) => [`${i.questionId} / ${i.itemId}`, pct(i.missRate), `${i.covered}/${i.appeared}`]),
  );

/** The default output: readable tables. */
export function cohortText(report: CohortReport): string[] {
  if (!report.pack) return ['No usable progress files.'];
  const s = report.summary;
  const out = [
    `Cohort report: ${escapeControlChars(report.pack.title)}`,
    `pack ${escapeControlChars(report.pack.id)} ${escapeControlChars(report.pack.version)} · ${s.learners} learner(s) from ${report.files.used} of ${report.files.given} file(s) · ` +
      `${s.questions} questions, ${s.questionsAttempted} attempted · ${s.attempts} attempts, ${s.skipped} skips`,
    '',
    'Learners (coverage: mean best coverage over the questions each attempted)',
    ...textTable(
      [{ head: 'learner', max: 40 }, { head: 'attempted', right: true }, { head: 'attempts', right: true }, { head: 'skips', right: true }, { head: 'coverage', right: true }, { head: 'total time', right: true }, { head: 'mean time', right: true }],
      report.learners.map((l) => [learnerLabel(l), `${l.questionsAttempted}/${s.questions}`, String(l.attempts), String(l.skipped), pct(l.meanBestCoverage), formatDuration(l.totalAnswerMs), formatDuration(l.meanAnswerMs)]),
    ),
    '',
    'Hardest questions (mean best coverage of the learners who attempted each)',
    ...(report.hardest.length ? questionLines(report.hardest, s.learners) : ['(none attempted)']),
    '',
    'Easiest questions',
    ...(report.easiest.length ? questionLines(report.easiest, s.learners) : ['(too few questions attempted)']),
    '',
    `Checklist items most often missed (miss rate = 1 - covered/appeared; items seen in at least ${report.minItemEvidence} attempts)`,
    ...(report.mostMissed.length ? itemLines(report.mostMissed) : ['(none missed with enough evidence)']),
    '',
    `Not attempted by anyone: ${report.unattempted.length ? report.unattempted.map(escapeControlChars).join(', ') : '(none)'}`,
  ];
  if (report.notes.length) out.push('', 'Notes', ...report.notes.map((n) => `- ${escapeControlChars(n)}`));
  return out;
}

/** `--pack ID` or `--pack ID@VERSION`. */
function packOption(value: string | undefined): { packId?: string; packVersion?: string } {
  if (value === undefined) return {};
  const at = value.lastIndexOf('@');
  if (at === 0 || at === value.length - 1) throw new UsageError(`--pack takes ID or ID@VERSION (got ${JSON.stringify(value)})`);
  return at > 0 ? { packId: value.slice(0, at), packVersion: value.slice(at + 1) } : { packId: value };
}

function run(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { pack: { type: 'string' }, json: { type: 'boolean' }, html: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('cohort report needs at least one progress file or folder');
  if (values.json && values.html !== undefined) throw new UsageError('choose one of --json and --html OUT');
  if (values.html !== undefined && !fs.existsSync(path.dirname(path.resolve(values.html)))) {
    throw new Error(`cannot write ${values.html}: the folder ${path.dirname(path.resolve(values.html))} does not exist`);
  }
  const report = buildCohortReport(readProgressPaths(positionals), packOption(values.pack));
  const usable = report.files.used > 0;

  if (values.json) {
    // JSON.stringify escapes control characters, so the text stays exact for tools.
    io.out(JSON.stringify(report));
    return usable ? 0 : 1;
  }
  for (const p of report.problems) io.err(`${escapeControlChars(p.file)}: ${escapeControlChars(p.reason)}`);
  if (!usable) {
    io.err(`mldrill: no usable progress file among the ${report.files.given} given${values.html !== undefined ? '; nothing was written' : ''}`);
    return 1;
  }
  if (values.html !== undefined) {
    writeFileAtomic(values.html, renderCohortHtml(report));
    io.out(
      `wrote ${escapeControlChars(values.html)}: ${escapeControlChars(report.pack!.id)} ${escapeControlChars(report.pack!.version)}, ` +
        `${report.summary.learners} learner(s) from ${report.files.used} of ${report.files.given} file(s)`,
    );
    return 0;
  }
  for (const line of cohortText(report)) io.out(line);
  return 0;
}

export const cohortReport: Command = {
  name: 'cohort report',
  summary: 'merge learners’ progress files: hardest questions, most missed points',
  usage: `Usage: mldrill cohort report FILE... [OPTIONS]
       mldrill cohort report FILE... [--pack ID[@VERSION]] [--json | --html OUT]

Merges progress files (from \`mldrill progress export\`; a folder stands for its *.progress.json files) into one
report: the hardest and easiest questions, the checklist items most often missed, each learner's coverage and
time, and the questions nobody attempted. A file that cannot be used is named with its reason and left out.
  --pack ID[@VERSION]  the pack (and version) to report on (default: the one most files hold)
  --json               print one JSON object on stdout instead of tables
  --html OUT           write a self-contained HTML report to OUT (no scripts, no external resources)
  -h, --help           show this help
Exit status: 0 reported, 1 no usable file, 2 usage error.`,
  run,
};
