/** `mldrill progress [--json] [--data DIR]`: practice progress per topic area, read-only. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NoDatabaseError, closeDatabase, openDatabase } from '../../db/open';
import { bankAvailability } from '../../services/bank';
import { packageRoot } from '../../services/paths';
import { areaProgress, emptyProgress } from '../../services/progress';
import type { AreaProgress } from '../../../shared/api';
import { formatPercent } from '../../../shared/scoring';
import { DATA_OPTION, dataDir, type CliIO, type Command } from '../io';

function run(argv: string[], io: CliIO): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, data: { type: 'string' } } });
  const dir = dataDir(values, io.env);
  let areas: AreaProgress[];
  try {
    // Read-only: creates no folder or file, never migrates or writes, and answers while the app holds a write lock.
    // A newer app's database is still refused (NewerDatabaseError: exit 1).
    const db = openDatabase(dir, { readonly: true });
    try {
      areas = areaProgress(db);
    } finally {
      closeDatabase(db);
    }
  } catch (e) {
    if (!(e instanceof NoDatabaseError)) throw e;
    // With no database yet, nothing is practised and the bank is available.
    areas = emptyProgress(bankAvailability(path.join(packageRoot(import.meta.url), 'resources', 'bank')));
    if (!values.json) io.err(`No practice data in ${dir} yet.`);
  }
  if (values.json) {
    io.out(JSON.stringify({ areas: areas.map(({ id, attempts, practised, available, coverage }) => ({ id, attempts, practised, available, coverage })) }));
  } else {
    io.out(`${'area'.padEnd(16)}${'attempts'.padStart(9)}${'practised'.padStart(11)}${'coverage'.padStart(10)}`);
    for (const a of areas) {
      io.out(`${a.id.padEnd(16)}${String(a.attempts).padStart(9)}${`${a.practised}/${a.available}`.padStart(11)}${formatPercent(a.coverage).padStart(10)}`);
    }
    io.out(`data: ${dir}`);
  }
  return 0;
}

export const progress: Command = {
  name: 'progress',
  summary: 'show practice progress per topic area',
  usage: `Usage: mldrill progress [--json] [--data DIR]

Shows practice progress per topic area: attempts, questions practised of those available, checklist coverage.
  --json       print JSON instead of a table
${DATA_OPTION}
  -h, --help   show this help`,
  run,
};
