/**
 * Validates a drill pack from raw bytes, the same way for the built-in bank, the CLI and imports.
 * Cheap structural checks (size, encoding, nesting depth) run before JSON.parse so a hostile file cannot
 * exhaust memory; then the zod schema; then cross-field rules (unique ids). Every error names its JSON path.
 */
import type { z } from 'zod';
import { AREA_IDS, KINDS, LEVELS } from './areas';
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
const FILE = '(file)';
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Renders a path array the way the format doc does: questions[12].checklist[3].text */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function fail(errors: PackIssue[], warnings: PackIssue[] = [], stats: PackStats | null = null): PackValidation {
  const capped =
    errors.length > MAX_REPORTED_ERRORS
      ? [
          ...errors.slice(0, MAX_REPORTED_ERRORS),
          { path: FILE, message: `${errors.length - MAX_REPORTED_ERRORS} more errors not shown` },
        ]
      : errors;
  return { ok: false, pack: null, errors: capped, warnings, stats };
}

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
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')} (got ${JSON.stringify(input)})`;
    case 'invalid_format':
      return `${issue.message} (got ${JSON.stringify(input)})`;
    default:
      return issue.message;
  }
}

function unknownFieldWarnings(data: Record<string, unknown>): PackIssue[] {
  const warnings: PackIssue[] = [];
  const check = (obj: unknown, known: readonly string[], path: (string | number)[]) => {
    if (!isRecord(obj)) return;
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) warnings.push({ path: formatPath([...path, key]), message: 'unknown field, ignored' });
    }
  };
  check(data, KNOWN_FIELDS.pack, []);
  if (Array.isArray(data.questions)) {
    data.questions.forEach((q, i) => {
      check(q, KNOWN_FIELDS.question, ['questions', i]);
      if (isRecord(q) && Array.isArray(q.checklist)) {
        q.checklist.forEach((item, j) => check(item, KNOWN_FIELDS.item, ['questions', i, 'checklist', j]));
      }
    });
  }
  return warnings;
}

function duplicateIdErrors(pack: Pack): PackIssue[] {
  const errors: PackIssue[] = [];
  const seen = new Map<string, number>();
  pack.questions.forEach((q, i) => {
    const first = seen.get(q.id);
    if (first !== undefined) errors.push({ path: `questions[${i}].id`, message: `duplicates questions[${first}].id "${q.id}"` });
    else seen.set(q.id, i);
    const items = new Map<string, number>();
    q.checklist.forEach((item, j) => {
      const firstItem = items.get(item.id);
      if (firstItem !== undefined) {
        errors.push({
          path: `questions[${i}].checklist[${j}].id`,
          message: `duplicates questions[${i}].checklist[${firstItem}].id "${item.id}"`,
        });
      } else items.set(item.id, j);
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
    return fail([{ path: FILE, message: `is ${(size / 1048576).toFixed(1)} MB; packs must be at most 20 MB` }]);
  }
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
    } catch {
      return fail([{ path: FILE, message: 'is not UTF-8 text' }]);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return fail([{ path: FILE, message: 'is empty' }]);

  const depth = maxNestingDepth(text, MAX_PACK_DEPTH);
  if (depth > MAX_PACK_DEPTH) {
    return fail([{ path: FILE, message: `nests deeper than the pack format allows (more than ${MAX_PACK_DEPTH} levels)` }]);
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail([{ path: FILE, message: jsonSyntaxMessage(err, text) }]);
  }

  const forbidden = findForbiddenKey(data, []);
  if (forbidden) return fail([{ path: forbidden, message: 'key is not allowed (reserved JavaScript property name)' }]);

  if (!isRecord(data)) return fail([{ path: '(root)', message: `must be a JSON object (got ${describe(data)})` }]);

  if (data.format !== PACK_FORMAT) {
    return fail([{ path: 'format', message: `must be "${PACK_FORMAT}" (got ${JSON.stringify(data.format) ?? 'nothing'}); this is not a drill pack` }]);
  }
  if (typeof data.formatVersion === 'number' && Number.isInteger(data.formatVersion) && data.formatVersion > PACK_FORMAT_VERSION) {
    return fail([{ path: 'formatVersion', message: `is ${data.formatVersion}: this pack was made by a newer version of the app (this one reads version ${PACK_FORMAT_VERSION})` }]);
  }

  const warnings = unknownFieldWarnings(data);
  const stats = packStats(data);
  const parsed = packSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issueMessage(issue) }));
    return fail(errors, warnings, stats);
  }
  const dupes = duplicateIdErrors(parsed.data);
  if (dupes.length) return fail(dupes, warnings, stats);
  return { ok: true, pack: parsed.data, errors: [], warnings, stats: stats! };
}
