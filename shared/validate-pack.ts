/**
 * Validates a drill pack from raw bytes, the same way for the built-in bank, the CLI and imports.
 * Cheap structural checks (size, encoding, nesting depth) run before JSON.parse so a hostile file cannot
 * exhaust memory; then duplicate keys, which JSON.parse silently drops; then the zod schema; then cross-field
 * rules (unique ids). Every error names its JSON path. Error and warning lists are capped, so a hostile file
 * cannot flood memory or the screen either.
 */
import type { z } from 'zod';
import { AREA_IDS, KINDS, LEVELS, defaultTimeLimitSec } from './areas';
import { CONCEPTS } from './concepts';
import { isCommonWordKeyword } from './suggest';
import {
  KNOWN_FIELDS,
  MAX_PACK_BYTES,
  MAX_PACK_DEPTH,
  PACK_FORMAT,
  PACK_FORMAT_VERSION,
  packSchema,
  type Pack,
} from './pack-schema';

export interface PackIssue {
  path: string;
  message: string;
  /** Only on the closing "N more … not shown" entry of a capped list: N. */
  omitted?: number;
}

export interface PackStats {
  questions: number;
  areas: Record<string, number>;
  checklistItems: number;
  kinds: Record<string, number>;
  levels: Record<string, number>;
}

export type PackValidation =
  | { ok: true; pack: Pack; errors: []; warnings: PackIssue[]; stats: PackStats }
  | { ok: false; pack: null; errors: PackIssue[]; warnings: PackIssue[]; stats: PackStats | null };

export const MAX_REPORTED_ERRORS = 50;
export const MAX_REPORTED_WARNINGS = 50;
const FILE = '(file)';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * C0 and C1 controls and DEL (terminal escapes, carriage returns that overwrite a line), the line and paragraph
 * separators, and the bidi embeddings, overrides and isolates that reorder what is displayed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from a pack (keys, values, file names) made safe to print to a terminal or show as one line: each control
 * character becomes a visible \uXXXX. Backslashes are left alone so Windows paths stay readable.
 */
export function escapeControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Keeps the first `cap` issues and only counts the rest, so a flood of them costs neither memory nor screen. */
class IssueList {
  private readonly kept: PackIssue[] = [];
  private total = 0;
  constructor(
    private readonly cap: number,
    private readonly noun: string,
  ) {}

  add(path: string, message: string) {
    if (this.total++ < this.cap) this.kept.push({ path, message });
  }

  get size() {
    return this.total;
  }

  /** The kept issues, closed by an entry saying how many were left out, if any were. */
  list(): PackIssue[] {
    const omitted = this.total - this.kept.length;
    return omitted > 0 ? this.kept.concat({ path: FILE, message: `${omitted} more ${this.noun} not shown`, omitted }) : this.kept;
  }
}

/** How many issues a (possibly capped) list stands for, counting those its closing entry says were left out. */
export function issueCount(list: readonly PackIssue[]): number {
  const omitted = list.at(-1)?.omitted ?? 0;
  return omitted > 0 ? list.length - 1 + omitted : list.length;
}

/** Renders a path array the way the format doc does: questions[12].checklist[3].text */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      // A key the file made up can be any length: named in a path, it is cut, so a path stays readable.
      const name = String(part).length > 60 ? `${String(part).slice(0, 60)}…` : String(part);
      out += out === '' ? name : `.${name}`;
    }
  }
  return out === '' ? '(root)' : out;
}

function fail(errors: PackIssue[], warnings: PackIssue[] = [], stats: PackStats | null = null): PackValidation {
  return { ok: false, pack: null, errors, warnings, stats };
}

/** Refused for one reason. */
const refuse = (path: string, message: string) => fail([{ path, message }]);

/** Depth of the deepest array/object nesting, scanning the text once without building anything. */
export function maxNestingDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAbove) return max;
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return max;
}

/**
 * Duplicate keys in any object of a text JSON.parse has accepted (JSON.parse keeps the last copy without a word).
 * One pass, no recursion: a stack holds, for each open object or array, the keys seen so far (null for an array)
 * and the current key or index, which together give the path of the object a duplicate is in. Keys are compared
 * decoded, so "a" and "\u0061" are the same key.
 */
export function duplicateKeyErrors(text: string): PackIssue[] {
  const errors = new IssueList(MAX_REPORTED_ERRORS, 'errors');
  const keySets: (Set<string> | null)[] = [];
  const path: (string | number)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) {
        if (text.charCodeAt(i) === 92 /* \ */) {
          escaped = true;
          i++;
        }
      }
      if (!expectKey) continue;
      expectKey = false;
      // Only keys with escapes need decoding; JSON.parse of one string literal is exact and linear.
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      const seen = keySets[keySets.length - 1]!;
      if (seen.has(key)) errors.add(formatPath(path.slice(0, -1)), `duplicate key ${quote(key)}`);
      else seen.add(key);
      path[path.length - 1] = key;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      keySets.push(c === 123 ? new Set() : null);
      path.push(c === 123 ? '' : 0);
      expectKey = c === 123;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      keySets.pop();
      path.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      const top = path.length - 1;
      if (keySets[top] === null) path[top] = (path[top] as number) + 1;
      else expectKey = true;
    }
  }
  return errors.list();
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

function jsonSyntaxMessage(err: unknown, text: string): string {
  const msg = err instanceof Error ? err.message : String(err);
  const pos = /position (\d+)/.exec(msg);
  const where = pos ? ` at ${lineAndColumn(text, Number(pos[1]))}` : '';
  return `is not valid JSON${where}: ${msg.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ is not valid JSON$/, '')}`;
}

function findForbiddenKey(value: unknown, path: (string | number)[]): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findForbiddenKey(value[i], [...path, i]);
      if (hit) return hit;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return formatPath([...path, key]);
      const hit = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
      if (hit) return hit;
    }
  }
  return null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string`;
  return `${typeof value}`;
}

/** A value as an error message quotes it: JSON, cut short so a 10 MB string cannot become a 10 MB message. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * The validator's wording for schema failures, for any zod schema: the API's argument schemas use it as a per-parse
 * error map, so an argument error reads like `pack validate`'s ("must be at most 100000 characters (got 100001)"),
 * never zod's default text. The argument of a call can be anything a transport delivers (NaN, -0, a bigint, a value
 * nested thousands deep, a 10 MB string, a cycle), so nothing here serializes the input whole: a value is shown
 * by its kind, or by a short prefix for a string. Undefined keeps the schema's own message (a regex's or a refine's).
 */
export function schemaIssueMessage(issue: { code: string; input?: unknown; [k: string]: unknown }): string | undefined {
  const input = issue.input;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      const expected = String(issue.expected);
      const what = expected === 'int' ? 'an integer' : expected === 'array' || expected === 'object' ? `an ${expected}` : `a ${expected}`;
      return `must be ${what} (got ${typeof input === 'number' ? shownNumber(input) : kindOf(input)})`;
    }
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const bound = Number(big ? issue.maximum : issue.minimum);
      const inclusive = issue.inclusive !== false;
      if (issue.origin === 'string') {
        const length = typeof input === 'string' ? ` (got ${input.length})` : '';
        return `must be at ${big ? 'most' : 'least'} ${plural(bound, 'character', 'characters')}${length}`;
      }
      if (issue.origin === 'array') {
        const length = Array.isArray(input) ? ` (got ${input.length})` : '';
        return `must have at ${big ? 'most' : 'least'} ${plural(bound, 'entry', 'entries')}${length}`;
      }
      const words = inclusive ? (big ? 'at most' : 'at least') : big ? 'less than' : 'more than';
      return `must be ${words} ${bound} (got ${typeof input === 'number' ? shownNumber(input) : kindOf(input)})`;
    }
    case 'invalid_value': {
      const values = (issue.values as readonly unknown[]).map((v) => shownValue(v)).join(', ');
      return `must be one of ${values} (got ${shownValue(input)})`;
    }
    case 'unrecognized_keys': {
      // The path names the first unknown field (see parseCall); the others are counted, a few named.
      const others = (issue.keys as readonly string[]).slice(1);
      if (others.length === 0) return 'is not a known field';
      const named = others.slice(0, 3).map((k) => shownValue(k)).join(', ');
      return `is not a known field (nor ${others.length === 1 ? 'is' : 'are'} ${named}${others.length > 3 ? ` and ${others.length - 3} more` : ''})`;
    }
    case 'invalid_union': {
      const options = issue.options as readonly unknown[] | undefined;
      if (typeof issue.discriminator === 'string' && options) {
        const one = options.map((v) => shownValue(v)).join(', ');
        const value = isRecord(input) && Object.hasOwn(input, issue.discriminator) ? input[issue.discriminator] : undefined;
        return value === undefined ? `is required: one of ${one}` : `must be one of ${one} (got ${shownValue(value)})`;
      }
      return `does not match any of the accepted forms (got ${kindOf(input)})`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)} (got ${typeof input === 'number' ? shownNumber(input) : kindOf(input)})`;
    case 'invalid_key':
    case 'invalid_element':
      return `has an invalid ${issue.code === 'invalid_key' ? 'key' : 'entry'}`;
    default:
      return undefined;
  }
}

/** -0, NaN and Infinity as written, so "(got -0)" says why 0 was refused. */
function shownNumber(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** A value's kind in words ("a string", "an array", "null", "a Date"), never the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto === Object.prototype || proto === null) return 'an object';
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return /^[A-Za-z0-9]{1,30}$/.test(tag) ? `a ${tag}` : 'an object';
  }
  return `a ${typeof value}`;
}

/**
 * A primitive as an error message quotes it: a string in JSON quotes with controls escaped, cut at 57 characters of
 * the escaped text (so a string of NULs is no longer than one of letters); anything else by its kind.
 */
function shownValue(value: unknown): string {
  if (typeof value === 'string') {
    let out = '';
    for (const c of value) {
      const escaped = escapeControlChars(JSON.stringify(c).slice(1, -1));
      if (out.length + escaped.length > 57) return `"${out}…`;
      out += escaped;
    }
    return `"${out}"`;
  }
  if (typeof value === 'number') return shownNumber(value);
  if (typeof value === 'boolean' || value === null) return String(value);
  return kindOf(value);
}

function issueMessage(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `must be ${issue.expected === 'array' ? 'an array' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`} (got ${describe(input)})`;
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters (got ${typeof input === 'string' ? input.length : '?'})`;
      if (issue.origin === 'array') return `must have at most ${max} entries (got ${Array.isArray(input) ? input.length : '?'})`;
      return `must be at most ${max} (got ${String(input)})`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return `must be at least ${min} characters (got ${typeof input === 'string' ? input.length : '?'})`;
      if (issue.origin === 'array') return `must have at least ${min} ${min === 1 ? 'entry' : 'entries'} (got ${Array.isArray(input) ? input.length : '?'})`;
      return `must be at least ${min} (got ${String(input)})`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${quote(input)})`;
    case 'invalid_format':
      return `${issue.message} (got ${quote(input)})`;
    default:
      return issue.message;
  }
}

function unknownFieldWarnings(data: Record<string, unknown>): PackIssue[] {
  const warnings = new IssueList(MAX_REPORTED_WARNINGS, 'warnings');
  const check = (obj: unknown, known: readonly string[], path: (string | number)[]) => {
    if (!isRecord(obj)) return;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) warnings.add(formatPath([...path, key]), 'unknown field, ignored');
    }
  };
  // `$schema` lets an editor check the file against `mldrill pack schema` as the author types; the app ignores it.
  check(data, [...KNOWN_FIELDS.pack, '$schema'], []);
  if (Array.isArray(data.questions)) {
    data.questions.forEach((q, i) => {
      check(q, KNOWN_FIELDS.question, ['questions', i]);
      if (isRecord(q) && Array.isArray(q.checklist)) {
        q.checklist.forEach((item, j) => check(item, KNOWN_FIELDS.item, ['questions', i, 'checklist', j]));
      }
    });
  }
  return warnings.list();
}

const shownMinutes = (sec: number) => (sec % 60 === 0 ? `${sec / 60} minutes` : `${sec} seconds`);

/**
 * A concept id the vocabulary does not know is kept but warned about: a typo would otherwise never count. Stages are
 * checked here too: on a question of another kind they are ignored, and minutes that do not add up to the limit
 * leave the time boxes and the countdown disagreeing.
 */
function withContentWarnings(pack: Pack, warnings: PackIssue[]): PackIssue[] {
  if (warnings.at(-1)?.omitted) return warnings;
  const list = new IssueList(MAX_REPORTED_WARNINGS, 'warnings');
  for (const w of warnings) list.add(w.path, w.message);
  pack.questions.forEach((q, i) =>
    q.checklist.forEach((item, j) =>
      item.concepts?.forEach((c, k) => {
        if (!CONCEPT_IDS.has(c)) list.add(formatPath(['questions', i, 'checklist', j, 'concepts', k]), `unknown concept ${JSON.stringify(c)}, not counted (see docs/concepts.md)`);
      }),
    ),
  );
  // A lone common word is heard in weak answers as often as in strong ones, so the suggester never lets it decide.
  pack.questions.forEach((q, i) =>
    q.checklist.forEach((item, j) =>
      item.keywords?.forEach((kw, k) => {
        if (isCommonWordKeyword(kw)) {
          list.add(formatPath(['questions', i, 'checklist', j, 'keywords', k]), `${JSON.stringify(kw)} is a common word; on its own it never decides a suggestion — use a specific phrase`);
        }
      }),
    ),
  );
  pack.questions.forEach((q, i) => {
    if (!q.stages) return;
    const path = formatPath(['questions', i, 'stages']);
    if (q.kind !== 'system-design') {
      list.add(path, `stages are used only by system-design questions; this one is "${q.kind}", so they are ignored`);
      return;
    }
    const minutes = q.stages.reduce((n, s) => n + s.minutes, 0);
    const limit = q.timeLimitSec ?? defaultTimeLimitSec(q.kind, q.level);
    if (minutes * 60 !== limit) {
      list.add(path, `stage minutes add up to ${minutes} but the time limit is ${shownMinutes(limit)}; a drill runs the limit, a loop scales the stages to its round`);
    }
  });
  return list.list();
}

const CONCEPT_IDS: ReadonlySet<string> = new Set(CONCEPTS.map((c) => c.id));

function duplicateIdErrors(pack: Pack): IssueList {
  const errors = new IssueList(MAX_REPORTED_ERRORS, 'errors');
  const seen = new Map<string, number>();
  pack.questions.forEach((q, i) => {
    const first = seen.get(q.id);
    if (first !== undefined) errors.add(`questions[${i}].id`, `duplicates questions[${first}].id "${q.id}"`);
    else seen.set(q.id, i);
    const items = new Map<string, number>();
    q.checklist.forEach((item, j) => {
      const firstItem = items.get(item.id);
      if (firstItem !== undefined) errors.add(`questions[${i}].checklist[${j}].id`, `duplicates questions[${i}].checklist[${firstItem}].id "${item.id}"`);
      else items.set(item.id, j);
    });
  });
  return errors;
}

/** Counts only values the format knows, so keys taken from an untrusted pack never name object properties. */
function count(map: Record<string, number>, key: unknown, known: readonly string[]) {
  if (typeof key === 'string' && known.includes(key)) map[key] = (map[key] ?? 0) + 1;
}

/** Stats from whatever parsed, so even an invalid pack shows what it holds. */
export function packStats(data: unknown): PackStats | null {
  if (!isRecord(data) || !Array.isArray(data.questions)) return null;
  const stats: PackStats = {
    questions: data.questions.length,
    areas: {},
    checklistItems: 0,
    kinds: Object.fromEntries(KINDS.map((k) => [k, 0])),
    levels: Object.fromEntries(LEVELS.map((l) => [l, 0])),
  };
  for (const q of data.questions) {
    if (!isRecord(q)) continue;
    count(stats.areas, q.area, AREA_IDS);
    count(stats.kinds, q.kind, KINDS);
    count(stats.levels, q.level, LEVELS);
    if (Array.isArray(q.checklist)) stats.checklistItems += q.checklist.length;
  }
  return stats;
}

export function mergeStats(all: readonly PackStats[]): PackStats {
  const out: PackStats = { questions: 0, areas: {}, checklistItems: 0, kinds: {}, levels: {} };
  for (const s of all) {
    out.questions += s.questions;
    out.checklistItems += s.checklistItems;
    for (const key of ['areas', 'kinds', 'levels'] as const) {
      for (const [k, n] of Object.entries(s[key])) out[key][k] = (out[key][k] ?? 0) + n;
    }
  }
  return out;
}

/** Validates pack bytes (or text already decoded). Never throws. */
export function validatePack(input: Uint8Array | string): PackValidation {
  // A string can hold up to 3 UTF-8 bytes per UTF-16 unit; encode only when it could be over the limit.
  const size =
    typeof input !== 'string' ? input.byteLength : input.length * 3 <= MAX_PACK_BYTES ? input.length : new TextEncoder().encode(input).byteLength;
  if (size > MAX_PACK_BYTES) {
    return refuse(FILE, `is ${(size / 1048576).toFixed(1)} MB; packs must be at most 20 MB`);
  }
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      return refuse(FILE, 'is not UTF-8 text');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return refuse(FILE, 'is empty');

  const depth = maxNestingDepth(text, MAX_PACK_DEPTH);
  if (depth > MAX_PACK_DEPTH) {
    return refuse(FILE, `nests deeper than the pack format allows (more than ${MAX_PACK_DEPTH} levels)`);
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return refuse(FILE, jsonSyntaxMessage(err, text));
  }
  const duplicateKeys = duplicateKeyErrors(text);
  if (duplicateKeys.length) return fail(duplicateKeys);

  const forbidden = findForbiddenKey(data, []);
  if (forbidden) return refuse(forbidden, 'key is not allowed (reserved JavaScript property name)');

  if (!isRecord(data)) return refuse('(root)', `must be a JSON object (got ${describe(data)})`);

  if (data.format !== PACK_FORMAT) {
    return refuse('format', `must be "${PACK_FORMAT}" (got ${data.format === undefined ? 'nothing' : quote(data.format)}); this is not a drill pack`);
  }
  if (typeof data.formatVersion === 'number' && Number.isInteger(data.formatVersion) && data.formatVersion > PACK_FORMAT_VERSION) {
    return refuse('formatVersion', `is ${data.formatVersion}: this pack was made by a newer version of the app (this one reads version ${PACK_FORMAT_VERSION})`);
  }

  const warnings = unknownFieldWarnings(data);
  const stats = packStats(data);
  const parsed = packSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const errors = new IssueList(MAX_REPORTED_ERRORS, 'errors');
    for (const issue of parsed.error.issues) errors.add(formatPath(issue.path), issueMessage(issue));
    return fail(errors.list(), warnings, stats);
  }
  const dupes = duplicateIdErrors(parsed.data);
  if (dupes.size) return fail(dupes.list(), warnings, stats);
  return { ok: true, pack: parsed.data, errors: [], warnings: withContentWarnings(parsed.data, warnings), stats: stats! };
}
