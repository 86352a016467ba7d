/**
 * Drill packs as CSV (see docs/pack-format.md, "CSV layout"): one row per question under a header row, with the
 * pack's metadata in `pack.*` rows above it. Pure code: no Node, no DOM. Parsing and quoting are papaparse's; this
 * file only maps cells to fields and back.
 *
 * The mapping is exact both ways for every valid pack (`csvToPack(packToCsv(p))` gives `p` again, field for field),
 * which needs three small rules on top of plain CSV:
 * - an empty cell leaves an optional field out, and a cell holding only `'` is a field that is present but empty
 *   (`outline: ""`, `tags: []`);
 * - list cells hold one item per line, with `\\`, `\n`, `\r` and `\e` (an empty item) as escapes;
 * - a cell that starts with `= + - @`, a tab, a carriage return or `'` is written with a `'` in front, so a
 *   spreadsheet never runs it as a formula, and that one `'` is taken off again when reading.
 * The result is validated like any pack: built as JSON and handed to `validatePack`, whose JSON paths are then
 * turned back into rows and columns.
 */
// papaparse is pure JavaScript for string input (its Node stream and browser worker paths load only when used), so
// this file stays runtime-neutral; the layering allow-list does not name it yet (see ARCHITECTURE.md, "Layers").
import Papa from 'papaparse';
import { MAX_PACK_BYTES, PACK_FORMAT, PACK_FORMAT_VERSION, type Pack } from './pack-schema';
import { stagesFromLines, stagesToLines } from './stage-lines';
import { MAX_REPORTED_ERRORS, MAX_REPORTED_WARNINGS, validatePack, type PackIssue } from './validate-pack';

/** The question columns, in the order they are written; checklist items follow as check1.id, check1.text, … */
export const QUESTION_COLUMNS = ['id', 'area', 'kind', 'level', 'prompt', 'timeLimitSec', 'tags', 'roles', 'pitfalls', 'followUps', 'outline'] as const;
/**
 * A system-design question's stages, one per line as `minutes | title` or `minutes | title | prompt` (a `|` inside a
 * title or prompt written `\|`). The column comes after `outline`, written only when some question has stages.
 */
export const STAGES_COLUMN = 'stages';
/** Columns a CSV must have: without them no row can make a question. */
export const REQUIRED_COLUMNS = ['id', 'area', 'kind', 'level', 'prompt'] as const;
/**
 * The fields of one checklist item, each in its own column: check<N>.id, check<N>.text, check<N>.keywords, and
 * check<N>.concepts (written only when some item of the pack names concepts).
 */
export const CHECK_FIELDS = ['id', 'text', 'keywords', 'concepts'] as const;
/** Pack fields that `pack.<field>` rows above the header may set, in the order they are written. */
export const META_FIELDS = ['format', 'formatVersion', 'id', 'version', 'title', 'description', 'author', 'license'] as const;
/** Fewest checklist columns written, so a CSV made from a pack always has room for the format's minimum. */
const MIN_CHECK_COLUMNS = 3;

type QuestionColumn = (typeof QUESTION_COLUMNS)[number];
type MetaField = (typeof META_FIELDS)[number];

/** Pack metadata given outside the CSV (the CLI's --id, --title, …); it wins over the CSV's own `pack.*` rows. */
export interface CsvPackMeta {
  id?: string | undefined;
  version?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  author?: string | undefined;
  license?: string | undefined;
}

/**
 * One problem, placed in the CSV. `row` counts records from 1 as a spreadsheet shows them (the first record of the
 * file is row 1, a blank line is a row, and a cell with line breaks stays one row); `column` is the header name.
 * Either is null when the problem has no single place (a field given as an option, the pack as a whole).
 */
export interface CsvIssue {
  row: number | null;
  column: string | null;
  message: string;
  /** Only on the closing "N more … not shown" entry of a capped list: N. */
  omitted?: number;
}

/** How many issues a capped list stands for, counting those its closing entry says were left out. */
export function csvIssueCount(list: readonly CsvIssue[]): number {
  const omitted = list.at(-1)?.omitted ?? 0;
  return omitted > 0 ? list.length - 1 + omitted : list.length;
}

export type CsvPackResult =
  | { ok: true; pack: Pack; warnings: CsvIssue[] }
  | { ok: false; pack: null; errors: CsvIssue[]; warnings: CsvIssue[] };

/** `row 12, column "check3.id": is required` */
export function formatCsvIssue(issue: CsvIssue): string {
  const where = [issue.row === null ? null : `row ${issue.row}`, issue.column === null ? null : `column ${JSON.stringify(issue.column)}`].filter(Boolean);
  return where.length ? `${where.join(', ')}: ${issue.message}` : issue.message;
}

// ---------------------------------------------------------------------------------------------------------------
// Cells

/** A leading character a spreadsheet may treat as the start of a formula, plus `'` itself so the guard round-trips. */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);
/** A cell holding only this is a field that is present and empty. */
const PRESENT_EMPTY = "'";

/** Puts the `'` guard in front of a cell a spreadsheet could run as a formula. */
function guard(text: string): string {
  return text !== '' && FORMULA_START.has(text[0]!) ? `'${text}` : text;
}

/** What one cell says: nothing (the field is left out), or a value with the guard taken off. */
function readCell(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === PRESENT_EMPTY) return '';
  if (raw[0] === "'" && raw.length > 1 && FORMULA_START.has(raw[1]!)) return raw.slice(1);
  return raw;
}

const writeText = (value: string | undefined) => (value === undefined ? '' : value === '' ? PRESENT_EMPTY : guard(value));

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', e: '' };

/** One item per line; backslash, line feed and carriage return escaped, an empty item written as `\e`. */
function writeList(items: readonly string[] | undefined): string {
  if (items === undefined) return '';
  if (items.length === 0) return PRESENT_EMPTY;
  return guard(items.map((s) => (s === '' ? '\\e' : s.replace(/[\\\n\r]/g, (c) => ESCAPES[c]!))).join('\n'));
}

/** The reverse of writeList: blank lines are skipped, and a backslash before any other character stays as it is. */
function readList(value: string): string[] {
  const out: string[] = [];
  for (const line of value.split(/\r\n|\n|\r/)) {
    if (line !== '') out.push(line.replace(/\\([\\nre])/g, (_, c: string) => UNESCAPES[c]!));
  }
  return out;
}

/** Tags and roles cannot hold spaces or commas, so they are written `a, b` and read split at commas and white space. */
function writeWords(items: readonly string[] | undefined): string {
  if (items === undefined) return '';
  if (items.length === 0) return PRESENT_EMPTY;
  return guard(items.join(', '));
}

const readWords = (value: string) => value.split(/[\s,]+/).filter((w) => w !== '');

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

// ---------------------------------------------------------------------------------------------------------------
// Writing

/**
 * The pack as CSV text: a byte-order mark (so spreadsheet programs read it as UTF-8), the `pack.*` rows, a blank
 * row, the header and one row per question, with CRLF between records. Fields outside the format are not written.
 */
export function packToCsv(pack: Pack): string {
  const checkColumns = Math.max(MIN_CHECK_COLUMNS, ...pack.questions.map((q) => q.checklist.length));
  const rows: string[][] = [];
  const metaValues: Record<MetaField, string | undefined> = {
    format: pack.format,
    formatVersion: String(pack.formatVersion),
    id: pack.id,
    version: pack.version,
    title: pack.title,
    description: pack.description,
    author: pack.author,
    license: pack.license,
  };
  for (const field of META_FIELDS) {
    const value = metaValues[field];
    if (value !== undefined) rows.push([`pack.${field}`, writeText(value)]);
  }
  rows.push([]);
  const withStages = pack.questions.some((q) => q.stages?.length);
  const header: string[] = [...QUESTION_COLUMNS, ...(withStages ? [STAGES_COLUMN] : [])];
  const withConcepts = pack.questions.some((q) => q.checklist.some((i) => i.concepts?.length));
  const fields = withConcepts ? CHECK_FIELDS : CHECK_FIELDS.filter((f) => f !== 'concepts');
  for (let n = 1; n <= checkColumns; n++) for (const f of fields) header.push(`check${n}.${f}`);
  rows.push(header);
  for (const q of pack.questions) {
    const cells: Record<QuestionColumn, string> = {
      id: writeText(q.id),
      area: writeText(q.area),
      kind: writeText(q.kind),
      level: writeText(q.level),
      prompt: writeText(q.prompt),
      timeLimitSec: q.timeLimitSec === undefined ? '' : String(q.timeLimitSec),
      tags: writeWords(q.tags),
      roles: writeWords(q.roles),
      pitfalls: q.pitfalls.length === 0 ? '' : writeList(q.pitfalls),
      followUps: q.followUps.length === 0 ? '' : writeList(q.followUps),
      outline: writeText(q.outline),
    };
    const row = QUESTION_COLUMNS.map((c) => cells[c]);
    if (withStages) row.push(writeStages(q.stages));
    for (let n = 0; n < checkColumns; n++) {
      const item = q.checklist[n];
      if (item) row.push(writeText(item.id), writeText(item.text), writeList(item.keywords), ...(withConcepts ? [writeWords(item.concepts)] : []));
      else row.push(...fields.map(() => ''));
    }
    rows.push(row);
  }
  return `\uFEFF${Papa.unparse(rows, { delimiter: ',', newline: '\r\n', quoteChar: '"', escapeChar: '"', quotes: false, header: false })}\r\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** Where each field of the built pack came from, to put validatePack's JSON paths back into the CSV. */
interface Origins {
  /** `pack.<field>` row numbers; fields given in `meta` are marked 'option'. */
  meta: Partial<Record<MetaField, number | 'option'>>;
  /** Row number of questions[i]. */
  rows: number[];
  /** The N of check<N> for questions[i].checklist[j]. */
  checks: number[][];
  headerRow: number;
}

const QUESTION_COLUMN_SET: ReadonlySet<string> = new Set([...QUESTION_COLUMNS, STAGES_COLUMN]);

function writeStages(stages: Pack['questions'][number]['stages']): string {
  return stages?.length ? writeList(stagesToLines(stages)) : '';
}
const META_FIELD_SET: ReadonlySet<string> = new Set(META_FIELDS);
const CHECK_COLUMN = /^check([1-9]\d{0,5})\.(id|text|keywords|concepts)$/;

/** Issues kept up to a cap (a hostile CSV may hold millions of bad cells) and counted past it. */
class Issues {
  readonly list: CsvIssue[] = [];
  total = 0;
  add(row: number | null, column: string | null, message: string) {
    if (this.total++ < MAX_KEPT_ISSUES) this.list.push({ row, column, message });
  }
  /** Issues a capped list left out and only counted. */
  addOmitted(count: number) {
    this.total += count;
  }
  /** Sorted by row (those with no row first), capped like the validator's lists, with a closing count. */
  capped(cap: number, noun: string): CsvIssue[] {
    const sorted = this.list.map((issue, i) => ({ issue, i })).sort((a, b) => (a.issue.row ?? 0) - (b.issue.row ?? 0) || a.i - b.i).map((x) => x.issue);
    if (this.total <= cap) return sorted;
    const omitted = this.total - cap;
    return [...sorted.slice(0, cap), { row: null, column: null, message: `${omitted} more ${noun} not shown`, omitted }];
  }
}

function parseErrorMessage(e: Papa.ParseError, line: number | null): string {
  const at = line === null ? '' : ` (line ${line} of the file)`;
  switch (e.code) {
    case 'MissingQuotes':
      return `a quoted cell is never closed${at}; check for a stray " (write "" for a quote inside a quoted cell)`;
    case 'InvalidQuotes':
      return `a quoted cell has text after its closing quote${at}; write "" for a quote inside a quoted cell`;
    default:
      return `${e.message}${at}`;
  }
}

const isBlank = (row: readonly string[]) => row.every((c) => c === '');
/** Issues kept in memory before only counting; far more than are ever shown. */
const MAX_KEPT_ISSUES = 1000;
const MAX_QUESTIONS = 5000;
/** Rows holding something: the questions, the header and the pack.* rows, with room to spare. */
const MAX_RECORDS = MAX_QUESTIONS + 100;

/** UTF-8 size, encoding only when the length alone cannot tell (every UTF-16 unit is 1 to 3 bytes). */
function byteLength(text: string): number {
  if (text.length * 3 <= MAX_PACK_BYTES || text.length > MAX_PACK_BYTES) return text.length;
  return new TextEncoder().encode(text).byteLength;
}

/**
 * Builds a pack from CSV text (or its UTF-8 bytes) and validates it. `meta` supplies or overrides the pack fields
 * the CSV's `pack.*` rows give. Never throws: every problem comes back with its row and column.
 */
export function csvToPack(input: string | Uint8Array, meta: CsvPackMeta = {}): CsvPackResult {
  const errors = new Issues();
  const warnings = new Issues();
  const refuse = (message: string): CsvPackResult => ({ ok: false, pack: null, errors: [{ row: null, column: null, message }], warnings: [] });
  const failed = (): CsvPackResult => ({
    ok: false,
    pack: null,
    errors: errors.capped(MAX_REPORTED_ERRORS, 'errors'),
    warnings: warnings.capped(MAX_REPORTED_WARNINGS, 'warnings'),
  });

  let text: string;
  if (typeof input === 'string') text = input;
  else {
    if (input.byteLength > MAX_PACK_BYTES) return refuse(`the CSV is ${(input.byteLength / 1048576).toFixed(1)} MB; it must be at most 20 MB`);
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(input);
    } catch {
      return refuse('the CSV is not UTF-8 text; save it as "CSV UTF-8"');
    }
  }
  const size = byteLength(text);
  if (size > MAX_PACK_BYTES) return refuse(`the CSV is ${(size / 1048576).toFixed(1)} MB; it must be at most 20 MB`);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return refuse('the CSV is empty');

  // Row by row, keeping only rows that hold something: a file of millions of blank lines costs no memory.
  const records: { row: number; cells: string[] }[] = [];
  let rowCount = 0;
  let tooMany = false;
  let lastErrorIndex: number | undefined;
  let lineAt = { index: 0, line: 1 };
  Papa.parse<string[]>(text, {
    delimiter: ',',
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    dynamicTyping: false,
    skipEmptyLines: false,
    step: (step, parser) => {
      rowCount++;
      for (const e of step.errors) {
        // papaparse may report one bad quote twice (malformed, then unterminated): the first says enough.
        if (e.index === lastErrorIndex) continue;
        lastErrorIndex = e.index;
        let line: number | null = null;
        if (typeof e.index === 'number' && e.index >= lineAt.index) {
          // Errors arrive in file order, so the line count only ever moves forward.
          let n = lineAt.line;
          for (let i = lineAt.index; i < e.index; i++) if (text.charCodeAt(i) === 10) n++;
          lineAt = { index: e.index, line: n };
          line = n;
        }
        errors.add(rowCount, null, parseErrorMessage(e, line));
      }
      if (isBlank(step.data)) return;
      if (records.length >= MAX_RECORDS) {
        tooMany = true;
        parser.abort();
        return;
      }
      records.push({ row: rowCount, cells: step.data });
    },
  });
  if (tooMany) errors.add(null, null, `the CSV has more than ${MAX_RECORDS} rows that are not blank; a pack holds at most ${MAX_QUESTIONS} questions`);
  if (errors.total) return failed();

  // The pack.* rows, up to the header: the first row that is not a pack.* row.
  const origins: Origins = { meta: {}, rows: [], checks: [], headerRow: 0 };
  const metaValues = new Map<MetaField, string>();
  let r = 0;
  for (; r < records.length; r++) {
    const { row, cells } = records[r]!;
    const key = cells[0]!.trim();
    if (!key.startsWith('pack.')) break;
    const field = key.slice('pack.'.length);
    if (!META_FIELD_SET.has(field)) {
      warnings.add(row, null, `unknown pack field ${JSON.stringify(key)}, ignored (known: ${META_FIELDS.map((f) => `pack.${f}`).join(', ')})`);
      continue;
    }
    const f = field as MetaField;
    if (origins.meta[f] !== undefined) {
      errors.add(row, null, `repeats ${key} (first given in row ${String(origins.meta[f])})`);
      continue;
    }
    if (cells.slice(2).some((c) => c !== '')) errors.add(row, null, `${key}: the value goes in the second cell, and the cells after it must be empty`);
    origins.meta[f] = row;
    const value = readCell(cells[1]);
    if (value !== undefined) metaValues.set(f, value);
  }
  const header = records[r];
  if (!header) {
    errors.add(null, null, 'the CSV has no header row (a row naming the columns: id, area, kind, level, prompt, …)');
    return failed();
  }

  // The header. Blank names are padding from spreadsheets; unknown names are warned about once, if used.
  origins.headerRow = header.row;
  const names = header.cells.map((c) => c.trim());
  const columns = new Map<string, number>();
  const checkNumbers = new Set<number>();
  names.forEach((name, i) => {
    if (name === '') return;
    const check = CHECK_COLUMN.exec(name);
    if (!QUESTION_COLUMN_SET.has(name) && !check) return;
    if (columns.has(name)) errors.add(header.row, name, `is a repeated column (columns ${columns.get(name)! + 1} and ${i + 1})`);
    else {
      columns.set(name, i);
      if (check) checkNumbers.add(Number(check[1]));
    }
  });
  for (const name of REQUIRED_COLUMNS) if (!columns.has(name)) errors.add(header.row, null, `the header has no ${JSON.stringify(name)} column`);
  if (checkNumbers.size === 0) errors.add(header.row, null, 'the header has no checklist columns (check1.id, check1.text, check1.keywords, check2.id, …)');
  if (errors.total) return failed();
  const known = new Set(columns.values());
  const checks = [...checkNumbers].sort((a, b) => a - b);
  const cellOf = (cells: readonly string[], column: string) => {
    const i = columns.get(column);
    return i === undefined ? undefined : readCell(cells[i]);
  };

  // The questions.
  const questions: Record<string, unknown>[] = [];
  const unknownUsed = new Set<number>();
  let skippedRows = 0;
  for (const { row, cells } of records.slice(r + 1)) {
    if (cells.length > names.length && cells.slice(names.length).some((c) => c !== '')) {
      errors.add(row, null, `has ${cells.length} cells but the header has ${names.length}; is a comma in a cell not quoted?`);
      skippedRows++;
      continue;
    }
    cells.forEach((c, i) => {
      if (c !== '' && !known.has(i)) unknownUsed.add(i);
    });
    const q: Record<string, unknown> = {};
    for (const column of ['id', 'area', 'prompt', 'kind', 'level'] as const) {
      const value = cellOf(cells, column);
      if (value !== undefined) q[column] = value;
    }
    const limit = cellOf(cells, 'timeLimitSec');
    if (limit !== undefined) {
      if (NUMBER.test(limit.trim())) q.timeLimitSec = Number(limit.trim());
      else errors.add(row, 'timeLimitSec', `must be a number of seconds (got ${JSON.stringify(limit)})`);
    }
    const checklist: Record<string, unknown>[] = [];
    const numbers: number[] = [];
    for (const n of checks) {
      const [id, itemText, keywords, concepts] = CHECK_FIELDS.map((f) => cellOf(cells, `check${n}.${f}`));
      if (id === undefined && itemText === undefined && keywords === undefined && concepts === undefined) continue;
      const item: Record<string, unknown> = {};
      if (id !== undefined) item.id = id;
      if (itemText !== undefined) item.text = itemText;
      if (keywords !== undefined) item.keywords = readList(keywords);
      if (concepts !== undefined) item.concepts = readWords(concepts);
      checklist.push(item);
      numbers.push(n);
    }
    q.checklist = checklist;
    for (const column of ['pitfalls', 'followUps'] as const) {
      const value = cellOf(cells, column);
      q[column] = value === undefined ? [] : readList(value);
    }
    const outline = cellOf(cells, 'outline');
    if (outline !== undefined) q.outline = outline;
    const stages = cellOf(cells, STAGES_COLUMN);
    if (stages !== undefined) {
      const parsed = stagesFromLines(readList(stages));
      if (typeof parsed === 'string') errors.add(row, STAGES_COLUMN, parsed);
      else if (parsed.length) q.stages = parsed;
    }
    for (const column of ['tags', 'roles'] as const) {
      const value = cellOf(cells, column);
      if (value !== undefined) q[column] = readWords(value);
    }
    questions.push(q);
    origins.rows.push(row);
    origins.checks.push(numbers);
  }
  for (const i of [...unknownUsed].sort((a, b) => a - b)) {
    const name = names[i] ?? '';
    if (name === '') warnings.add(header.row, null, `column ${i + 1} has no name in the header; its cells are ignored`);
    else warnings.add(header.row, name, 'unknown column, ignored');
  }

  // The pack: meta (the options) over the pack.* rows; format and formatVersion default to this format's.
  const pack: Record<string, unknown> = { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION };
  for (const field of META_FIELDS) {
    const value = metaValues.get(field);
    if (value === undefined) continue;
    if (field !== 'formatVersion') pack[field] = value;
    else if (NUMBER.test(value.trim())) pack.formatVersion = Number(value.trim());
    else errors.add(origins.meta.formatVersion as number, null, `pack.formatVersion: must be a number (got ${JSON.stringify(value)})`);
  }
  for (const field of ['id', 'version', 'title', 'description', 'author', 'license'] as const) {
    const value = meta[field];
    if (value === undefined) continue;
    pack[field] = value;
    origins.meta[field] = 'option';
  }
  pack.questions = questions;

  // Validated like any pack file: the JSON bytes go through validatePack, and its paths come back as CSV places.
  const result = validatePack(new TextEncoder().encode(JSON.stringify(pack)));
  const refusedCells = errors.list.map((e) => `${e.row}|${e.column}`);
  const place = (list: readonly PackIssue[], into: Issues) => {
    for (const issue of list) {
      if (issue.omitted) {
        into.addOmitted(issue.omitted);
        continue;
      }
      if (issue.path === 'questions' && skippedRows && /at least 1 /.test(issue.message)) continue;
      const placed = placeIssue(issue, origins);
      // A cell the CSV step already refused is not reported again.
      if (placed.row !== null && refusedCells.includes(`${placed.row}|${placed.column}`)) continue;
      into.add(placed.row, placed.column, placed.message);
    }
  };
  place(result.warnings, warnings);
  if (!result.ok) place(result.errors, errors);
  if (errors.total || !result.ok) return failed();
  return { ok: true, pack: result.pack, warnings: warnings.capped(MAX_REPORTED_WARNINGS, 'warnings') };
}

const QUESTION_PATH = /^questions\[(\d+)\](?:\.([A-Za-z]+)(?:\[(\d+)\](?:\.([A-Za-z]+)(?:\[(\d+)\])?)?)?)?$/;
const META_PATH = /^([A-Za-z]+)(?:\[(\d+)\])?$/;

/** Rewrites JSON paths inside a message (`duplicates questions[0].id "x"`) as CSV places. */
function placeMessage(message: string, origins: Origins): string {
  return message.replace(/questions\[(\d+)\](?:\.checklist\[(\d+)\])?\.id/g, (whole, i: string, j: string | undefined) => {
    const row = origins.rows[Number(i)];
    if (row === undefined) return whole;
    if (j === undefined) return `row ${row}`;
    const n = origins.checks[Number(i)]?.[Number(j)];
    return n === undefined ? whole : `column "check${n}.id"`;
  });
}

/** Puts one of validatePack's issues (a JSON path and a message) back into the CSV: a row, a column, a message. */
function placeIssue(issue: PackIssue, origins: Origins): CsvIssue {
  const message = placeMessage(issue.message, origins);
  const q = QUESTION_PATH.exec(issue.path);
  if (q) {
    const [, i, field, j, sub, k] = q;
    const row = origins.rows[Number(i)] ?? null;
    if (field === undefined) return { row, column: null, message };
    if (field === 'checklist') {
      if (j === undefined) return { row, column: null, message: `checklist: ${message.replace('entries', 'items').replace('entry', 'item')}` };
      const n = origins.checks[Number(i)]?.[Number(j)];
      if (sub === undefined) return { row, column: null, message: `checklist item check${n ?? Number(j) + 1}: ${message}` };
      const column = `check${n ?? Number(j) + 1}.${sub}`;
      return { row, column, message: k === undefined ? message : `item ${Number(k) + 1}: ${message}` };
    }
    if (field === 'stages') return { row, column: field, message: j === undefined ? message : `stage ${Number(j) + 1}${sub ? ` ${sub}` : ''}: ${message}` };
    return { row, column: field, message: j === undefined ? message : `item ${Number(j) + 1}: ${message}` };
  }
  if (issue.path === 'questions') {
    if (/at least 1 /.test(issue.message)) return { row: null, column: null, message: `the CSV has no question rows below the header (row ${origins.headerRow})` };
    return { row: null, column: null, message: `questions: ${message}` };
  }
  if (issue.path === '(file)') return { row: null, column: null, message: `the pack made from this CSV ${message}` };
  const m = META_PATH.exec(issue.path);
  if (m && META_FIELD_SET.has(m[1]!)) {
    const field = m[1] as MetaField;
    const origin = origins.meta[field];
    if (origin === 'option') return { row: null, column: null, message: `pack ${field} (given as an option): ${message}` };
    if (origin === undefined && /^is required/.test(message)) {
      return { row: null, column: null, message: `pack.${field}: is required; add a "pack.${field}" row above the header, or give it on the command line (--${field})` };
    }
    return { row: typeof origin === 'number' ? origin : null, column: null, message: `pack.${field}: ${message}` };
  }
  return { row: null, column: null, message: `${issue.path}: ${message}` };
}
