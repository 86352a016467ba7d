// The checklist suggester measured on the labelled answer corpus (test/fixtures/answers/, see its README), against
// the bank as it is in resources/bank/. `measureSuggest()` returns these figures, each beside its reference, the same
// figure for the matcher as it was before issue 11 (bench/suggest-baseline.mjs), on the same answers and keywords:
//
//   suggest-false-rate-weak  on weak and wrong answers, the share of the items they do not truly cover that are
//                            suggested anyway. Target: value <= 0.10.
//   suggest-recall-strong    on strong answers, the share of the items they truly cover that are suggested.
//                            Target: value >= 0.80.
//   suggest-precision        over every answer, the share of suggestions that name an item the answer truly covers.
//                            Target: value >= 0.85.
//
// Each is computed over the whole corpus, and again over its held-out questions alone (`…-heldout`, same targets):
// the matcher and the keywords were tuned on the other questions only, so the held-out figures are the honest ones.
// Figures are deterministic (no timing). `node bench/suggest.mjs [--json] [--keyword-fixes FILE]` prints them;
// --keyword-fixes measures the bank with a keyword-fix list (scripts/apply-keyword-fixes.mjs) applied in memory,
// to see what a list would do before it is applied. The matcher is bundled from shared/suggest.ts by esbuild
// (bench/ is plain Node and cannot load TypeScript).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suggestItems as baselineSuggest } from './suggest-baseline.mjs';
import { loadBankQuestions, loadCorpus, scoreAnswers, share } from './suggest-corpus.mjs';
import { applyFixes, parseFixes, readBank } from '../scripts/apply-keyword-fixes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** shared/suggest.ts (and what it imports), bundled in memory and loaded as a module. */
export async function loadMatcher() {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [path.join(root, 'shared', 'suggest.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

/** The bank's live questions, with a keyword-fix file applied in memory when one is given. */
function bankQuestions(keywordFixes) {
  if (!keywordFixes) return loadBankQuestions();
  const { packs } = readBank();
  const problems = applyFixes(packs, parseFixes(fs.readFileSync(keywordFixes, 'utf8')));
  if (problems.length) throw new Error(`the keyword fixes do not apply:\n${problems.join('\n')}`);
  const questions = new Map();
  for (const p of packs.values()) for (const q of p.questions) questions.set(`${p.id} ${q.id}`, q);
  return questions;
}

const FIGURES = [
  { name: 'suggest-false-rate-weak', count: 'falseWeak', target: 'value <= 0.10', met: (v) => v <= 0.1 },
  { name: 'suggest-recall-strong', count: 'recallStrong', target: 'value >= 0.80', met: (v) => v >= 0.8 },
  { name: 'suggest-precision', count: 'precision', target: 'value >= 0.85', met: (v) => v >= 0.85 },
];

const round = (x) => (x === null ? null : Math.round(x * 1000) / 1000);

/** The six figures ({name, value, unit, reference, ratio, target, met}), whole corpus then held-out. */
export async function measureSuggest({ keywordFixes = null } = {}) {
  const { suggestItems } = await loadMatcher();
  const questions = bankQuestions(keywordFixes);
  const answers = loadCorpus();
  const missing = new Set(answers.filter((a) => !questions.has(`${a.packId} ${a.questionId}`)).map((a) => a.questionId));
  if (missing.size) throw new Error(`the corpus names questions the bank no longer has: ${[...missing].join(', ')}`);
  const figures = [];
  for (const [suffix, part] of [['', answers], ['-heldout', answers.filter((a) => a.split === 'held-out')]]) {
    const now = scoreAnswers(part, questions, suggestItems);
    const before = scoreAnswers(part, questions, baselineSuggest);
    for (const f of FIGURES) {
      const value = share(now[f.count]);
      const reference = share(before[f.count]);
      figures.push({
        name: f.name + suffix,
        value: round(value),
        unit: 'share',
        reference: round(reference),
        ratio: value === null || !reference ? null : round(value / reference),
        target: f.target,
        met: value !== null && f.met(value),
        counts: `${now[f.count].num}/${now[f.count].den} (reference ${before[f.count].num}/${before[f.count].den})`,
      });
    }
  }
  return figures;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--keyword-fixes');
  const figures = await measureSuggest({ keywordFixes: at === -1 ? null : process.argv[at + 1] });
  if (process.argv.includes('--json')) console.log(JSON.stringify({ figures }));
  else {
    console.log('figure                           value   reference  ratio  target          met   counts');
    for (const f of figures) {
      console.log(`${f.name.padEnd(32)} ${String(f.value).padEnd(7)} ${String(f.reference).padEnd(10)} ${String(f.ratio).padEnd(6)} ${f.target.padEnd(15)} ${(f.met ? 'yes' : 'NO').padEnd(5)} ${f.counts}`);
    }
  }
}
