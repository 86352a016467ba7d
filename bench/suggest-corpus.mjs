// The labelled answer corpus (test/fixtures/answers/, see its README) and how a matcher is scored on it. Shared by
// bench/suggest.mjs (the figures) and test/integration/answer-corpus.test.ts (the corpus loads and names real items).
// Plain JavaScript so the bench can load it without a TypeScript step.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS_DIR = path.join(root, 'test', 'fixtures', 'answers');
export const BANK_DIR = path.join(root, 'resources', 'bank');
export const KINDS = ['weak', 'wrong', 'strong'];
export const SPLITS = ['tune', 'held-out'];

/**
 * Every answer in the corpus, checked for shape: an Error names the file, the answer's index and the field at
 * fault. Checking that the labels name real items needs the bank: see labelProblems.
 */
export function loadCorpus(dir = CORPUS_DIR) {
  const answers = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    let data;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${name}: not JSON (${e.message})`, { cause: e });
    }
    if (typeof data?.area !== 'string' || !Array.isArray(data.answers)) throw new Error(`${name}: expected { "area": string, "answers": [...] }`);
    data.answers.forEach((a, i) => {
      const where = `${name} answers[${i}]`;
      for (const key of ['packId', 'questionId', 'text']) if (typeof a?.[key] !== 'string' || a[key] === '') throw new Error(`${where}.${key} must be a non-empty string`);
      if (!SPLITS.includes(a.split)) throw new Error(`${where}.split must be one of ${SPLITS.join(', ')}, not ${JSON.stringify(a.split)}`);
      if (!KINDS.includes(a.kind)) throw new Error(`${where}.kind must be one of ${KINDS.join(', ')}, not ${JSON.stringify(a.kind)}`);
      if (!Array.isArray(a.covers) || a.covers.some((c) => typeof c !== 'string')) throw new Error(`${where}.covers must be an array of item ids`);
      if (new Set(a.covers).size !== a.covers.length) throw new Error(`${where}.covers names an item twice`);
      answers.push({ file: name, index: i, area: data.area, ...a });
    });
  }
  return answers;
}

/** The bank's live questions (those in the files today), keyed `packId questionId`. */
export function loadBankQuestions(dir = BANK_DIR) {
  const questions = new Map();
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.drillpack.json')).sort()) {
    const pack = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    for (const q of pack.questions) questions.set(`${pack.id} ${q.id}`, q);
  }
  return questions;
}

/** One line per label that does not name a live question or one of its items; empty when the corpus fits the bank. */
export function labelProblems(answers, questions) {
  const problems = [];
  for (const a of answers) {
    const where = `${a.file} answers[${a.index}] (${a.questionId}, ${a.kind})`;
    const q = questions.get(`${a.packId} ${a.questionId}`);
    if (!q) {
      problems.push(`${where}: pack "${a.packId}" has no live question "${a.questionId}"`);
      continue;
    }
    const ids = new Set(q.checklist.map((it) => it.id));
    for (const c of a.covers) if (!ids.has(c)) problems.push(`${where}: "${c}" is not an item of that question`);
  }
  return problems;
}

/**
 * Counts for the three figures of one matcher (`suggest(answer, checklist) → ids`) over some answers:
 *   falseWeak   on weak and wrong answers, the items not truly covered (den) and how many of them were suggested (num);
 *   recallStrong on strong answers, the covered items (den) and how many of them were suggested (num);
 *   precision   over all answers, the suggestions (den) and how many of them name a covered item (num).
 * An answer whose question is not in the bank is skipped and listed in `missing`.
 */
export function scoreAnswers(answers, questions, suggest) {
  const c = { falseWeak: { num: 0, den: 0 }, recallStrong: { num: 0, den: 0 }, precision: { num: 0, den: 0 }, missing: [] };
  for (const a of answers) {
    const q = questions.get(`${a.packId} ${a.questionId}`);
    if (!q) {
      c.missing.push(`${a.packId} ${a.questionId}`);
      continue;
    }
    const covered = new Set(a.covers);
    const suggested = new Set(suggest(a.text, q.checklist));
    for (const item of q.checklist) {
      const s = suggested.has(item.id);
      if (a.kind === 'strong' && covered.has(item.id)) {
        c.recallStrong.den++;
        if (s) c.recallStrong.num++;
      }
      if (a.kind !== 'strong' && !covered.has(item.id)) {
        c.falseWeak.den++;
        if (s) c.falseWeak.num++;
      }
      if (s) {
        c.precision.den++;
        if (covered.has(item.id)) c.precision.num++;
      }
    }
  }
  return c;
}

/** num / den, or null when there is nothing to divide. */
export const share = ({ num, den }) => (den === 0 ? null : num / den);
