// `npm run soak [-- --kills N] [--json] [--seed N] [--keep]`: repeated SIGKILL of a real `mldrill serve` while it
// writes (scripts/crash-writer.mjs soak): drafts, graded attempts and new drills from three lanes over HTTP, a
// SIGKILL at a random moment 0 to 1,000 ms after the first write of each run, a restart on the same folder, and
// after every restart the checks: integrity_check ok, every named backup sound, every acknowledged write (HTTP 200,
// ok: true) still in the database. N kills (default 100), then a clean stop and the same checks on the closed file.
//
// Prints the figures (kills survived, acknowledged writes, acknowledged writes lost, which must be 0); with --json
// `{"figures":[…]}` in the bench's shape {name, value, unit, reference, ratio, target, met}. Exits 1 when a figure
// with a target is not met. Uses dist/node/cli.mjs: run `node scripts/build-node.mjs` first. --keep leaves the data
// folder (its path is printed) for a look afterwards.
import { parseArgs } from 'node:util';
import { soak, soakFigures } from './crash-writer.mjs';

const { values } = parseArgs({
  options: { kills: { type: 'string', default: '100' }, seed: { type: 'string', default: '20260101' }, json: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
});
const kills = Number(values.kills);
const seed = Number(values.seed);
if (!Number.isInteger(kills) || kills < 1) {
  console.error(`soak: --kills must be a whole number of at least 1 (got ${values.kills})`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`soak: --seed must be a whole number (got ${values.seed})`);
  process.exit(2);
}

const log = (line) => {
  if (!values.json) console.error(line);
};
log(`soak: ${kills} kills, seed ${seed}`);
const result = await soak({ kills, seed, keep: values.keep, log });
const figures = soakFigures(result);

if (values.json) console.log(JSON.stringify({ figures }));
else {
  console.log(`\n${result.kills} kills in ${result.seconds} s; acknowledged writes: ${result.acked.drafts} drafts, ${result.acked.attempts} attempts, ${result.acked.sessions} drills`);
  console.log(`restart (spawn to URL): median ${result.restartMs.median} ms, max ${result.restartMs.max} ms; after the clean stop: integrity ${result.final.integrity}, lost ${result.final.lost}`);
  if (result.refusals.length) console.log(`writes the live server refused: ${result.refusals.length}\n  ${result.refusals.slice(0, 10).join('\n  ')}`);
  for (const r of result.rounds.filter((x) => x.problems.length)) console.log(`kill ${r.kill}: ${r.problems.join(' | ')}`);
  if (values.keep) console.log(`data folder kept: ${result.dataDir}`);
  console.log('\nfigure                   value          reference      ratio  target                                    met');
  for (const f of figures) {
    const met = f.met === null ? 'info' : f.met ? 'yes' : 'NO';
    console.log(`${f.name.padEnd(24)} ${`${f.value} ${f.unit}`.padEnd(14)} ${f.reference === null ? '-'.padEnd(14) : `${f.reference} ${f.unit}`.padEnd(14)} ${String(f.ratio ?? '-').padEnd(6)} ${f.target.padEnd(41)} ${met}`);
  }
}
if (figures.some((f) => f.met === false)) process.exitCode = 1;
