/** `mldrill progress [--json] [--data DIR]`: mastery, due reviews and weak concepts per topic area, read-only. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NoDatabaseError, closeDatabase, openDatabase } from '../../db/open';
import { bankAvailability } from '../../services/bank';
import { clockFrom, systemClock } from '../../services/clock';
import { progressReport } from '../../services/learning';
import { packageRoot } from '../../services/paths';
import { emptyReport } from '../../services/progress';
import type { ProgressReport } from '../../../shared/api';
import { formatPercent } from '../../../shared/scoring';
import { DATA_OPTION, dataDir, type CliIO, type Command } from '../io';

function run(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, data: { type: 'string' } } });
  const dir = dataDir(values, io.env);
  const clock = clockFrom(io.env.MLDRILL_NOW) ?? systemClock;
  let report: ProgressReport;
  try {
    // Read-only: creates no folder or file, never migrates or writes, and answers while the app holds a write lock.
    // A newer app's database is still refused (NewerDatabaseError: exit 1).
    const db = openDatabase(dir, { readonly: true });
    try {
      report = progressReport(db, clock);
    } finally {
      closeDatabase(db);
    }
  } catch (e) {
    if (!(e instanceof NoDatabaseError)) throw e;
    // With no database yet, nothing is practised and the bank is available.
    report = emptyReport(bankAvailability(path.join(packageRoot(import.meta.url), 'resources', 'bank')));
    if (!values.json) io.err(`No practice data in ${dir} yet.`);
  }
  if (values.json) {
    io.out(JSON.stringify(report));
    return 0;
  }
  const mastery = (m: number | null) => (m === null ? 'not started' : formatPercent(m));
  io.out(`${'area'.padEnd(16)}${'mastery'.padStart(12)}${'due'.padStart(5)}${'attempts'.padStart(9)}${'practised'.padStart(11)}${'coverage'.padStart(10)}`);
  for (const a of report.areas) {
    io.out(
      `${a.id.padEnd(16)}${mastery(a.mastery).padStart(12)}${String(a.due).padStart(5)}${String(a.attempts).padStart(9)}${`${a.practised}/${a.available}`.padStart(11)}${formatPercent(a.coverage).padStart(10)}`,
    );
  }
  io.out(`due today: ${report.dueToday}`);
  if (report.weakConcepts.length) {
    io.out('weak concepts (missed of checked):');
    for (const w of report.weakConcepts) io.out(`  ${w.id} (${w.area}): ${formatPercent(w.missRate)} of ${w.evidence}`);
  }
  io.out(`data: ${dir}`);
  return 0;
}

export const progress: Command = {
  name: 'progress',
  summary: 'show mastery, due reviews and weak concepts per topic area',
  usage: `Usage: mldrill progress [--json] [--data DIR]

Shows, per topic area: mastery (or "not started"), reviews due today, attempts, questions practised of those
available, and mean checklist coverage; then the reviews due today and the weak concepts. Reads only: it creates
and changes nothing, and answers while the app is running.
  --json       print JSON: {"areas":[{"id","mastery","due","attempts","practised","available","coverage"}],
               "weakConcepts":[{"id","area","missRate","evidence"}],"dueToday"}; mastery is 0..1 or null
${DATA_OPTION}
  -h, --help   show this help`,
  run,
};
