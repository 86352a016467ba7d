/**
 * Keyword suggestion: which checklist items an answer seems to cover. Suggestions are only ever shown as
 * suggestions; the user decides what to tick.
 *
 * Tokens. Text and keywords are Unicode-folded, lowercased and split on anything other than a-z, 0-9, '+' and '#',
 * so "PR-AUC", "pr auc" and "PR AUC" are the same. A keyword matches where its tokens appear consecutively in the
 * answer (see tokenMatches for the word forms a token accepts).
 *
 * Evidence. Naming a topic is what a weak answer does ("we'd use gradient checkpointing"), so no single keyword
 * decides. Each matched keyword is evidence with a weight (keywordWeight):
 *   - a phrase (three or more tokens, or two of which at least one is not a common English word): PHRASE_WEIGHT;
 *   - a single specific word or acronym ("sensitivity", "HNSW"), or two common words ("expected cost"): WORD_WEIGHT;
 *   - a single common English word (shared/common-words.ts: "cost", "risk", "view"): COMMON_WEIGHT, which can back
 *     other evidence up but never decides.
 * Keywords that matched the same words of the answer ("citation" and "citations", "average precision" inside
 * "mean average precision") count once, at the heavier weight. Once a keyword has matched, the item's own text
 * counts too: an answer that also uses TEXT_MIN_WORDS of the item text's specific words adds TEXT_WEIGHT. An item is
 * suggested when its evidence adds up to SUGGEST_AT: two distinct keywords, or one keyword and the item's own
 * words (a phrase also passes with a common-word keyword beside it).
 *
 * These rules were chosen on the tuning half of the labelled corpus (test/fixtures/answers/) and are measured by
 * `npm run bench` (bench/suggest.mjs) on all of it, held-out questions included. There is no negation rule: the
 * corpus's confidently wrong answers are not negated, they name the right concepts and get them wrong, and a strong
 * answer says "not accuracy but PR-AUC" as often as a weak one says "not sure".
 *
 * Speed: the answer is tokenized once and indexed by each token's first two letters (every word-form rule keeps
 * them), and compiled keywords are cached, so a checklist costs well under a millisecond on a typical answer.
 *
 * A keyword written in capitals that spells a common word ("HER", "RANGE", "RoPE", "mAP") is an acronym: it
 * matches only where the answer also writes it with two or more capitals, so "her manager" is not hindsight replay.
 */
import { isCommonWord } from './common-words';

/** One token of a text: its folded form and where it sits in the original text (UTF-16 offsets, end exclusive). */
export interface Token {
  token: string;
  start: number;
  end: number;
  /** Two or more capitals in the original spelling ("RoPE", "HNSW"): it may be an acronym. */
  capitals: boolean;
}

const TOKEN_CHAR = /[a-z0-9+#]/;
const CAPITALS = /[A-Z][^A-Z]*[A-Z]/;

/** A character folded as tokenize folds a whole text: compatibility decomposition, accents dropped, lowercased. */
function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  return ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The text's tokens with their places, so an explanation can point at the words that matched. */
export function tokenSpans(text: string): Token[] {
  const tokens: Token[] = [];
  let current = '';
  let start = -1;
  let end = -1;
  const flush = () => {
    if (current !== '') tokens.push({ token: current, start, end, capitals: CAPITALS.test(text.slice(start, end)) });
    current = '';
  };
  let at = 0;
  for (const ch of text) {
    for (const f of foldChar(ch)) {
      if (TOKEN_CHAR.test(f)) {
        if (current === '') start = at;
        current += f;
        end = at + ch.length;
      } else flush();
    }
    at += ch.length;
  }
  flush();
  return tokens;
}

export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.token);
}

/** Endings that turn a word into another form of the same word: plurals, past tenses, -ing, agent nouns. */
export const INFLECTIONS: ReadonlySet<string> = new Set(['s', 'es', 'd', 'ed', 'ing', 'r', 'rs', 'er', 'ers', 'ly']);
/** Endings after a final 'e' is dropped ("tune" → "tuning", "calibrate" → "calibration"). */
const AFTER_E = new Set(['ing', 'ion', 'ions', 'or', 'ors']);
/** Endings after a doubled final consonant ("model" → "modelling", "drop" → "dropped"). */
const AFTER_DOUBLE = new Set(['ing', 'ed', 'er', 'ers']);
const DOUBLING = /[bdglmnprt]$/;

export const STEM_MIN_LENGTH = 6;

/**
 * British spellings in their American form, so either spelling of a keyword matches either in an answer:
 * -ise/-isation → -ize/-ization ("normalise", "randomisation"), -yse → -yze ("analyse"), -our → -or in words of 6+
 * letters ("behaviour", "favour"; not "four" or "hour"). Both sides go through it, so a word that merely ends
 * that way ("noise", "precise") still matches itself.
 */
function americanSpelling(t: string): string {
  if (t.length < 5) return t;
  return t
    .replace(/is(e|es|ed|ing|er|ers|ation|ations)$/, 'iz$1')
    .replace(/ys(e|es|ed|ing|er|ers)$/, 'yz$1')
    .replace(/^(.{3,})our(s|ed|ing|able|ite|ites)?$/, '$1or$2');
}

/** "queries" → "query", "boxes" → "box", "embeddings" → "embedding"; "loss", "bias" and short tokens unchanged. */
function singular(t: string): string {
  if (t.length < 5) return t;
  if (t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (/(ss|us|is|as)$/.test(t)) return t;
  if (/(sses|xes|ches|shes)$/.test(t)) return t.slice(0, -2);
  return t.endsWith('s') ? t.slice(0, -1) : t;
}

/** A keyword token with the forms its rules compare against, worked out once. */
interface KeyToken {
  form: string;
  /** The form without its last letter, for the 'y' and 'e' rules. */
  head: string;
  singular: string;
  /** The answer-index key: the first two letters, which every rule keeps. */
  key: string;
}

function keyToken(token: string): KeyToken {
  const form = americanSpelling(token);
  return { form, head: form.slice(0, -1), singular: singular(form), key: form.slice(0, 2) };
}

/** tokenMatches on prepared forms; `a` is an answer token in americanSpelling form. */
function accepts(k: KeyToken, a: string): boolean {
  const f = k.form;
  if (a === f) return true;
  if (a.charCodeAt(0) !== f.charCodeAt(0) || a.length < f.length - 2) return false;
  if (f.length >= 3 && a.length > f.length + 1 && DOUBLING.test(f) && a.startsWith(f) && a[f.length] === f[f.length - 1] && AFTER_DOUBLE.has(a.slice(f.length + 1))) return true;
  if (f.length < 4) return false;
  if (a.startsWith(f)) return f.length >= STEM_MIN_LENGTH || INFLECTIONS.has(a.slice(f.length));
  if (!a.startsWith(k.head)) return k.singular !== f && (a === k.singular || (k.singular.length >= 4 && a.startsWith(k.singular) && INFLECTIONS.has(a.slice(k.singular.length))));
  const rest = a.slice(k.head.length);
  if (f.endsWith('y') && (rest === 'ies' || rest === 'ied')) return true;
  if (f.endsWith('e') && AFTER_E.has(rest)) return true;
  const s = k.singular;
  return s !== f && (a === s || (s.length >= 4 && a.startsWith(s) && INFLECTIONS.has(a.slice(s.length))));
}

/**
 * Whether a keyword token accepts an answer token. Equal tokens match, and so do simple forms of the same word:
 *   - a keyword token of 6 or more characters matches any word it begins ("calibrat" matches "calibration": pack
 *     authors may write stems);
 *   - one of 4 or 5 characters matches itself plus an inflection ending ("drift" matches "drifting", but "SHAP"
 *     does not match "shape");
 *   - from 4 characters: a final 'y' becomes 'ies'/'ied' ("query" → "queries"), a final 'e' drops before -ing or
 *     -ion ("tune" → "tuning");
 *   - from 3 characters: a final consonant doubles before -ing, -ed or -er ("label" → "labelled", "map" → "mapping");
 *   - a plural keyword matches its singular ("queries" matches "query");
 *   - British and American spellings match each other (americanSpelling);
 *   - otherwise tokens of 3 or fewer characters ("kl", "ppo", "f1") must be equal.
 */
export function tokenMatches(keywordToken: string, answerToken: string): boolean {
  return accepts(keyToken(keywordToken), americanSpelling(answerToken));
}

/** An answer ready for matching: its tokens, their spelling-folded forms, and where each two-letter start occurs. */
interface Answer {
  text: string;
  tokens: readonly Token[];
  forms: readonly string[];
  at: ReadonlyMap<string, readonly number[]>;
}

function prepare(text: string, tokens: readonly Token[]): Answer {
  const forms = tokens.map((t) => americanSpelling(t.token));
  const at = new Map<string, number[]>();
  forms.forEach((f, i) => {
    const key = f.slice(0, 2);
    const list = at.get(key);
    if (list) list.push(i);
    else at.set(key, [i]);
  });
  return { text, tokens, forms, at };
}

/** Weights of the evidence kinds, and the total an item needs (see the header). */
export const PHRASE_WEIGHT = 1.5;
export const WORD_WEIGHT = 1;
export const COMMON_WEIGHT = 0.5;
export const SUGGEST_AT = 2;

interface CompiledKeyword {
  keyword: string;
  tokens: readonly KeyToken[];
  weight: number;
  /** Only answer tokens written with two or more capitals match (an acronym that spells a common word). */
  needsCapitals: boolean;
}

/** A keyword spelled with two or more capitals and no lowercase run longer than one letter, e.g. "HER", "RoPE", "mAP". */
const looksLikeAcronym = (keyword: string) => CAPITALS.test(keyword) && !/[a-z]{3,}/.test(keyword);

/** Keywords compiled so far: the grading view asks about the same checklist again and again. Bounded, then reset. */
const compiled = new Map<string, CompiledKeyword>();
const COMPILED_MAX = 50_000;

function compile(keyword: string): CompiledKeyword {
  const known = compiled.get(keyword);
  if (known) return known;
  const tokens = tokenize(keyword);
  const acronym = tokens.length === 1 && looksLikeAcronym(keyword) && isCommonWord(tokens[0]!);
  const k = { keyword, tokens: tokens.map(keyToken), weight: keywordWeight(keyword), needsCapitals: acronym };
  if (compiled.size >= COMPILED_MAX) compiled.clear();
  compiled.set(keyword, k);
  return k;
}

/**
 * Whether a keyword is one common English word on its own (shared/common-words.ts), which never decides a
 * suggestion: the pack validator warns about these. An acronym in capitals ("HER", "RoPE") is not one.
 */
export function isCommonWordKeyword(keyword: string): boolean {
  const tokens = tokenize(keyword);
  return tokens.length === 1 && isCommonWord(tokens[0]!) && !looksLikeAcronym(keyword);
}

/**
 * How much one match of this keyword counts (see the header): a phrase, a single specific word or acronym, or a
 * single common word. 0 for a keyword that folds to no tokens (it never matches).
 */
export function keywordWeight(keyword: string): number {
  const tokens = tokenize(keyword);
  if (tokens.length === 0) return 0;
  if (tokens.length === 1 && looksLikeAcronym(keyword)) return WORD_WEIGHT;
  const specific = tokens.filter((t) => !isCommonWord(t) && !/^\d+$/.test(t)).length;
  if (tokens.length >= 3 || (tokens.length === 2 && specific >= 1)) return PHRASE_WEIGHT;
  if (tokens.length === 2) return WORD_WEIGHT;
  return specific === 1 ? WORD_WEIGHT : COMMON_WEIGHT;
}

/** Where the keyword first matches within tokens [from, to) of the answer: the index of its first token, or -1. */
function findKeyword(answer: Answer, k: CompiledKeyword, from = 0, to = answer.tokens.length): number {
  const n = k.tokens.length;
  if (n === 0) return -1;
  for (const i of answer.at.get(k.tokens[0]!.key) ?? []) {
    if (i < from) continue;
    if (i + n > to) break;
    let all = true;
    for (let j = 0; j < n; j++) {
      if (!accepts(k.tokens[j]!, answer.forms[i + j]!) || (k.needsCapitals && !answer.tokens[i + j]!.capitals)) {
        all = false;
        break;
      }
    }
    if (all) return i;
  }
  return -1;
}

/**
 * True when the keyword's tokens appear consecutively in the tokenized answer. Plain tokens carry no spelling, so the
 * acronym rule (capitals) is not applied here.
 */
export function keywordMatches(answerTokens: readonly string[], keyword: string): boolean {
  const answer = prepare('', answerTokens.map((token) => ({ token, start: 0, end: 0, capitals: false })));
  return findKeyword(answer, { ...compile(keyword), needsCapitals: false }) !== -1;
}

/** One piece of evidence for a suggestion: a keyword, or the item's own words, and the words of the answer it matched. */
export interface Evidence {
  kind: 'keyword' | 'item-text';
  /** The keyword as the pack wrote it; for item-text evidence, the item text's words that the answer used. */
  keyword: string;
  /** The answer's own words, as written (for item-text evidence, each word once, joined by ", "). */
  words: string;
  /** UTF-16 offsets of those words in the answer, end exclusive (item-text evidence: its first word to its last). */
  start: number;
  end: number;
  weight: number;
}

export interface Explanation {
  id: string;
  /** The summed weight of the evidence; a suggested item has at least SUGGEST_AT. */
  score: number;
  /** In the order their words appear in the answer. */
  evidence: Evidence[];
}

export interface SuggestableItem {
  id: string;
  keywords?: readonly string[] | undefined;
  /** The item's own wording; its specific words back the keywords up (see itemTextEvidence). */
  text?: string | undefined;
}

/** How many of the item text's specific words an answer must share for them to count, and what they count. */
export const TEXT_MIN_WORDS = 3;
export const TEXT_WEIGHT = 1;

/** A keyword match: the keyword and the answer tokens [from, to) it covered. */
interface Match {
  k: CompiledKeyword;
  from: number;
  to: number;
}

function keywordEvidence(answer: Answer, m: Match): Evidence {
  const start = answer.tokens[m.from]!.start;
  const end = answer.tokens[m.to - 1]!.end;
  return { kind: 'keyword', keyword: m.k.keyword, words: answer.text.slice(start, end), start, end, weight: m.k.weight };
}

/** The distinct keyword matches for one item: a match of words another match already counted is dropped. */
function keywordMatchesFor(answer: Answer, keywords: readonly string[]): Match[] {
  const found: Match[] = [];
  for (const keyword of keywords) {
    const k = compile(keyword);
    const at = findKeyword(answer, k);
    if (at !== -1) found.push({ k, from: at, to: at + k.tokens.length });
  }
  found.sort((x, y) => y.k.weight - x.k.weight || x.from - y.from);
  // The same words twice: overlapping matches, or a keyword that would match inside the other's words elsewhere
  // ("workers" beside "num_workers", "citation" beside "citations" further on).
  const same = (f: Match, g: Match) => (f.from < g.to && g.from < f.to) || findKeyword(answer, f.k, g.from, g.to) !== -1 || findKeyword(answer, g.k, f.from, f.to) !== -1;
  const kept: Match[] = [];
  for (const f of found) if (!kept.some((g) => same(f, g))) kept.push(f);
  return kept;
}

/** Item texts' specific words (4+ characters, not common English words, not numbers), worked out once per text. */
const textWords = new Map<string, readonly KeyToken[]>();

function specificWords(text: string): readonly KeyToken[] {
  const known = textWords.get(text);
  if (known) return known;
  const words = [...new Set(tokenize(text))].filter((t) => t.length >= 4 && !isCommonWord(t) && !/^\d+$/.test(t)).map(keyToken);
  if (textWords.size >= COMPILED_MAX) textWords.clear();
  textWords.set(text, words);
  return words;
}

/**
 * The item text's specific words that the answer uses outside the words its keywords already matched. Saying
 * several of the item's own words is a sign the answer makes its point, not only names its topic; it counts
 * TEXT_WEIGHT from TEXT_MIN_WORDS words, so it backs a keyword up but cannot suggest an item alone.
 */
function itemTextEvidence(answer: Answer, text: string, used: readonly Match[]): Evidence | null {
  const taken = new Set<number>();
  for (const m of used) for (let i = m.from; i < m.to; i++) taken.add(i);
  const hits: number[] = [];
  for (const w of specificWords(text)) {
    const hit = (answer.at.get(w.key) ?? []).find((i) => !taken.has(i) && accepts(w, answer.forms[i]!));
    if (hit === undefined) continue;
    hits.push(hit);
    taken.add(hit);
  }
  if (hits.length < TEXT_MIN_WORDS) return null;
  hits.sort((x, y) => x - y);
  const words = hits.map((i) => answer.text.slice(answer.tokens[i]!.start, answer.tokens[i]!.end)).join(', ');
  return { kind: 'item-text', keyword: words, words, start: answer.tokens[hits[0]!]!.start, end: answer.tokens[hits.at(-1)!]!.end, weight: TEXT_WEIGHT };
}

/** Every item's evidence and score, suggested or not, in checklist order (for tools that study the matcher). */
export function scoreItems(answer: string, items: readonly SuggestableItem[]): Explanation[] {
  const prepared = prepare(answer, tokenSpans(answer));
  return items.map((item) => {
    if (prepared.tokens.length === 0) return { id: item.id, score: 0, evidence: [] };
    const matches = keywordMatchesFor(prepared, item.keywords ?? []);
    const evidence = matches.map((m) => keywordEvidence(prepared, m));
    const fromText = item.text && matches.length > 0 ? itemTextEvidence(prepared, item.text, matches) : null;
    if (fromText) evidence.push(fromText);
    evidence.sort((x, y) => x.start - y.start);
    return { id: item.id, score: evidence.reduce((n, e) => n + e.weight, 0), evidence };
  });
}

/** Every suggested item, in checklist order, with the keywords and the answer's words that made the case for it. */
export function explainSuggestions(answer: string, items: readonly SuggestableItem[]): Explanation[] {
  return scoreItems(answer, items).filter((e) => e.score >= SUGGEST_AT);
}

/** Ids of the items the answer seems to cover, in checklist order. */
export function suggestItems(answer: string, items: readonly SuggestableItem[]): string[] {
  return explainSuggestions(answer, items).map((e) => e.id);
}
