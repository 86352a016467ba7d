/** `mldrill pack validate PATH... [--json]`: checks pack files and folders against the pack format. */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { listPackFiles, readPackFile } from '../../services/bank';
import { escapeControlChars, issueCount, mergeStats, type PackIssue, type PackStats } from '../../../shared/validate-pack';
import { UsageError, type CliIO, type Command } from '../io';

interface FileIssue extends PackIssue {
  file: string;
}

/** Validates files and folders of packs. Each file's issues arrive capped; the counts are the true totals. */
export function validatePaths(paths: readonly string[]) {
  const files: string[] = [];
  const errors: FileIssue[] = [];
  const warnings: FileIssue[] = [];
  let errorCount = 0;
  let warningCount = 0;
  const fileError = (file: string, message: string) => {
    errors.push({ file, path: '(file)', message });
    errorCount++;
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) {
      fileError(p, 'does not exist');
      continue;
    }
    if (fs.statSync(p).isDirectory()) {
      const found = listPackFiles(p);
      if (found.length === 0) fileError(p, 'folder holds no *.drillpack.json files');
      // Loops, not push(...list): spreading an unbounded list into a call overflows the stack.
      for (const f of found) files.push(f);
    } else files.push(p);
  }
  const stats: PackStats[] = [];
  for (const file of files) {
    const { result } = readPackFile(file);
    for (const e of result.errors) errors.push({ file, ...e });
    for (const w of result.warnings) warnings.push({ file, ...w });
    errorCount += issueCount(result.errors);
    warningCount += issueCount(result.warnings);
    if (result.stats) stats.push(result.stats);
  }
  return { ok: errorCount === 0, files, errors, warnings, errorCount, warningCount, stats: mergeStats(stats) };
}

/** One report line; everything in it can come from a pack or a file name, so control characters are made visible. */
const issueLine = (i: FileIssue) => `${escapeControlChars(i.file)}: ${escapeControlChars(i.path)}: ${escapeControlChars(i.message)}`;

function run(argv: string[], io: CliIO): number {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('pack validate needs at least one file or folder');
  const report = validatePaths(positionals);
  if (values.json) {
    // JSON.stringify already escapes control characters; the text stays exact for tools.
    const { ok, files, errors, warnings, errorCount, warningCount, stats } = report;
    io.out(JSON.stringify({ ok, files, errors, warnings, errorCount, warningCount, stats }));
  } else {
    for (const e of report.errors) io.err(issueLine(e));
    for (const w of report.warnings) io.err(`warning: ${issueLine(w)}`);
    const s = report.stats;
    io.out(
      `${report.ok ? 'valid' : 'INVALID'}: ${report.files.length} file(s), ${s.questions} questions, ${s.checklistItems} checklist items, ` +
        `${report.errorCount} error(s), ${report.warningCount} warning(s)`,
    );
    if (s.questions) io.out(`areas: ${Object.entries(s.areas).map(([a, n]) => `${a} ${n}`).join(', ')}`);
  }
  return report.ok ? 0 : 1;
}

export const packValidate: Command = {
  name: 'pack validate',
  summary: 'check drill pack files or folders of *.drillpack.json',
  usage: `Usage: mldrill pack validate PATH... [--json]

Checks drill pack files, or folders of *.drillpack.json files, against the pack format.
  --json       print one JSON report on stdout instead of text
  -h, --help   show this help
Exit status: 0 all valid, 1 some file invalid or unreadable, 2 usage error.`,
  run,
};
