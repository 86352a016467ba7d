import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { AREA_IDS, KINDS, LEVELS, ROLES } from '../../shared/areas';
import { csvToPack, formatCsvIssue, packToCsv, type CsvPackResult } from '../../shared/pack-csv';
import type { Pack } from '../../shared/pack-schema';
import { validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BANK_DIR = path.join(ROOT, 'resources', 'bank');

function valid(value: unknown): Pack {
  const r = validatePack(bytes(value));
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.pack;
}

/** The formatted errors of a CSV that must fail. */
function errorsOf(result: CsvPackResult): string[] {
  if (result.ok) throw new Error('expected the CSV to be refused');
  return result.errors.map(formatCsvIssue);
}

function packOf(result: CsvPackResult): Pack {
  if (!result.ok) throw new Error(result.errors.map(formatCsvIssue).join('\n'));
  return result.pack;
}

/** A CSV from rows of cells, quoted by papaparse (so a test never depends on hand quoting). */
const csv = (rows: string[][], newline = '\r\n') => Papa.unparse(rows, { newline });

const HEADER = ['id', 'area', 'kind', 'level', 'prompt', 'check1.id', 'check1.text', 'check2.id', 'check2.text', 'check3.id', 'check3.text', 'check3.keywords'];
const META = [['pack.id', 'cohort'], ['pack.version', '1.0.0'], ['pack.title', 'Cohort']];
const row = (id: string, overrides: Partial<Record<string, string>> = {}) => {
  const cells: Record<string, string> = {
    id,
    area: 'evaluation',
    kind: 'concept',
    level: 'mid',
    prompt: 'Explain precision and recall.',
    'check1.id': 'precision',
    'check1.text': 'Defines precision',
    'check2.id': 'recall',
    'check2.text': 'Defines recall',
    'check3.id': 'trade-off',
    'check3.text': 'Names the trade-off',
    'check3.keywords': 'threshold\ntrade-off',
    ...overrides,
  };
  return HEADER.map((h) => cells[h] ?? '');
};

describe('packToCsv and csvToPack round-trip', () => {
  it('every pack of the built-in bank, exactly', () => {
    const files = fs.readdirSync(BANK_DIR).filter((f) => f.endsWith('.drillpack.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const p = valid(JSON.parse(fs.readFileSync(path.join(BANK_DIR, file), 'utf8')));
      const back = csvToPack(packToCsv(p));
      expect(packOf(back), file).toStrictEqual(p);
      expect(back.warnings, file).toEqual([]);
    }
  }, 60_000);

  it('the example CSV is packToCsv of the sample cohort pack (rebuilt with MLDRILL_WRITE_EXAMPLES=1)', () => {
    const examples = path.join(ROOT, 'resources', 'examples');
    const sample = valid(JSON.parse(fs.readFileSync(path.join(examples, 'cohort-pack.drillpack.json'), 'utf8')));
    const csvFile = path.join(examples, 'cohort-pack.csv');
    if (process.env.MLDRILL_WRITE_EXAMPLES === '1') fs.writeFileSync(csvFile, packToCsv(sample));
    const file = fs.readFileSync(csvFile, 'utf8');
    expect(file).toBe(packToCsv(sample));
    expect(packOf(csvToPack(file))).toStrictEqual(sample);
  });

  it('the CSV example in the format doc is packToCsv of the doc’s own example pack (section 2)', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'pack-format.md'), 'utf8');
    const example = valid(JSON.parse(/## 2\. A complete example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!));
    // The doc shows the records joined by LF, without the byte-order mark.
    const shown = /## (?:\d+\. )?CSV layout[\s\S]*?```csv\n([\s\S]*?)```/.exec(doc)![1]!;
    expect(shown).toBe(packToCsv(example).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'));
    expect(packOf(csvToPack(shown))).toStrictEqual(example);
  });

  // Text made of the characters that break naive CSV: delimiters, quotes, line breaks, escapes, formula starts,
  // byte-order marks, lone surrogates, astral characters.
  const unit = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(',', '"', '\n', '\r', '|', '\\', "'", '=', '+', '-', '@', '\t', ' ', '\uFEFF', '\u2028', ';', '[', ']', 'e', 'n', 'r', '0') },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  );
  const text = (min: number, max: number) =>
    fc
      .array(unit, { minLength: min, maxLength: Math.min(max, min + 24) })
      .map((parts) => parts.join('').slice(0, max))
      .filter((s) => s.length >= min);
  const slug = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z0-9][a-z0-9-]{${min - 1},${Math.min(max, 12) - 1}}$`));
  const item = fc.record(
    { id: slug(1, 40), text: text(3, 300), keywords: fc.array(text(1, 40), { maxLength: 12 }) },
    { requiredKeys: ['id', 'text'] },
  );
  const questionArb = fc.record(
    {
      id: slug(2, 80),
      area: fc.constantFrom(...AREA_IDS),
      prompt: text(10, 2000),
      kind: fc.constantFrom(...KINDS),
      level: fc.constantFrom(...LEVELS),
      timeLimitSec: fc.integer({ min: 30, max: 1800 }),
      checklist: fc.uniqueArray(item, { selector: (i) => i.id, minLength: 3, maxLength: 12, size: 'small' }),
      pitfalls: fc.array(text(0, 300), { maxLength: 10, size: 'small' }),
      followUps: fc.array(text(0, 300), { maxLength: 10, size: 'small' }),
      outline: text(0, 4000),
      tags: fc.array(slug(1, 32), { maxLength: 10 }),
      roles: fc.array(fc.constantFrom(...ROLES), { maxLength: 5 }),
    },
    { requiredKeys: ['id', 'area', 'prompt', 'kind', 'level', 'checklist', 'pitfalls', 'followUps'] },
  );
  const packArb = fc.record(
    {
      format: fc.constant('mldrill-pack' as const),
      formatVersion: fc.constant(1 as const),
      id: slug(2, 64),
      version: fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map((v) => v.join('.')),
      title: text(1, 120),
      description: text(0, 4000),
      author: text(0, 120),
      license: text(0, 64),
      questions: fc.uniqueArray(questionArb, { selector: (q) => q.id, minLength: 1, maxLength: 5, size: 'small' }),
    },
    { requiredKeys: ['format', 'formatVersion', 'id', 'version', 'title', 'questions'] },
  );

  it('every generated valid pack, exactly (hostile text, empty and left-out optional fields)', () => {
    fc.assert(
      fc.property(packArb, (generated) => {
        const p = valid(generated);
        // fast-check builds objects without a prototype; JSON gives them the usual one (lone surrogates survive).
        expect(p).toStrictEqual(JSON.parse(JSON.stringify(generated)));
        const written = packToCsv(p);
        const back = csvToPack(written);
        expect(packOf(back)).toStrictEqual(p);
        // The only warning a valid pack can earn is a keyword that folds to a common word ("𝕚" is "i"); the CSV
        // reports exactly as many as the JSON does, and nothing else.
        const common = (list: readonly { message: string }[]) => list.filter((w) => /is a common word/.test(w.message)).length;
        expect(back.warnings.filter((w) => !/is a common word/.test(w.message))).toEqual([]);
        expect(common(back.warnings)).toBe(common(validatePack(bytes(p)).warnings));
        // Writing what was read gives the same text again.
        expect(packToCsv(packOf(back))).toBe(written);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('keeps left-out and present-but-empty fields apart', () => {
    const q = question('q-one', 'evaluation', { outline: '', tags: [], roles: [], pitfalls: [''], followUps: ['', ''] });
    q.checklist[0] = { id: 'a', text: 'abc', keywords: [] } as never;
    q.checklist[1] = { id: 'b', text: 'abc' } as never;
    // undefined is dropped on the way through JSON: the pack read back has no timeLimitSec at all.
    const noLimit = question('q-two', 'fundamentals', { timeLimitSec: undefined });
    const p = valid(pack({ description: '', author: "'", license: 'MIT' }, [q, noLimit]));
    expect(p.questions[1]).not.toHaveProperty('timeLimitSec');
    const written = packToCsv(p);
    const rows = Papa.parse<string[]>(written.slice(1)).data;
    expect(rows).toContainEqual(['pack.description', "'"]);
    expect(rows).toContainEqual(['pack.author', "''"]);
    const header = rows.find((r) => r[0] === 'id')!;
    const first = rows.find((r) => r[0] === 'q-one')!;
    const cell = (name: string) => first[header.indexOf(name)];
    expect([cell('outline'), cell('tags'), cell('roles'), cell('pitfalls'), cell('followUps')]).toEqual(["'", "'", "'", '\\e', '\\e\n\\e']);
    expect([cell('check1.keywords'), cell('check2.keywords')]).toEqual(["'", '']);
    expect(rows.find((r) => r[0] === 'q-two')![header.indexOf('timeLimitSec')]).toBe('');
    expect(packOf(csvToPack(written))).toStrictEqual(p);
  });
});

describe('csvToPack', () => {
  it('reads a hand-made CSV: LF or CRLF, with or without a BOM, quoted cells with commas, quotes and line breaks', () => {
    const rows = [
      ...META,
      [],
      [...HEADER, 'tags', 'pitfalls', 'timeLimitSec'],
      [...row('q-1', { prompt: 'Say "when", then: recall, precision\nand F1.' }), 'metrics,  class-imbalance', 'Only accuracy.\nNo threshold.', '300'],
      [...row('q-2'), '', '', ''],
    ];
    for (const text of [csv(rows), csv(rows, '\n'), `\uFEFF${csv(rows)}`, `${csv(rows)}\r\n\r\n`]) {
      const p = packOf(csvToPack(text));
      expect(p).toMatchObject({ format: 'mldrill-pack', formatVersion: 1, id: 'cohort', version: '1.0.0', title: 'Cohort' });
      expect(p.questions[0]).toStrictEqual({
        id: 'q-1',
        area: 'evaluation',
        prompt: 'Say "when", then: recall, precision\nand F1.',
        kind: 'concept',
        level: 'mid',
        timeLimitSec: 300,
        checklist: [
          { id: 'precision', text: 'Defines precision' },
          { id: 'recall', text: 'Defines recall' },
          { id: 'trade-off', text: 'Names the trade-off', keywords: ['threshold', 'trade-off'] },
        ],
        pitfalls: ['Only accuracy.', 'No threshold.'],
        followUps: [],
        tags: ['metrics', 'class-imbalance'],
      });
      expect(p.questions[1]).not.toHaveProperty('tags');
    }
  });

  it('decodes the list escapes and leaves an unknown escape as written', () => {
    const text = csv([...META, [...HEADER, 'pitfalls'], [...row('q-1', { 'check3.keywords': 'a\\nb\nC:\\\\temp\nx\\ey\n\n\\alpha\ntrail\\' }), '\\e\r\nsecond\\r\\n']]);
    const q = packOf(csvToPack(text)).questions[0]!;
    expect(q.checklist[2]!.keywords).toEqual(['a\nb', 'C:\\temp', 'xy', '\\alpha', 'trail\\']);
    expect(q.pitfalls).toEqual(['', 'second\r\n']);
  });

  it("guards formula-looking cells with ' when writing and takes the guard off when reading", () => {
    const p = valid(
      pack({ title: '=HYPERLINK("http://evil.example","click")' }, [
        question('q-one', 'evaluation', { prompt: '=HYPERLINK("http://evil.example","Open the answer")', pitfalls: ['+1 for effort', "'quoted'"], outline: '@SUM(A1:A9)' }),
      ]),
    );
    const written = packToCsv(p);
    const cells = Papa.parse<string[]>(written.slice(1)).data.flat();
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","click")');
    expect(cells).toContain('\'=HYPERLINK("http://evil.example","Open the answer")');
    expect(cells).toContain("'+1 for effort\n'quoted'");
    expect(cells).toContain("'@SUM(A1:A9)");
    // No cell as written starts a formula.
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(packOf(csvToPack(written))).toStrictEqual(p);
    // By hand: '= is the way to start a cell with =, and an apostrophe before anything else is kept.
    const hand = packOf(csvToPack(csv([...META, HEADER, row('q-1', { prompt: "'=2+2 is four, isn't it?", 'check1.text': "'tis defined" })]))).questions[0]!;
    expect([hand.prompt, hand.checklist[0]!.text]).toEqual(["=2+2 is four, isn't it?", "'tis defined"]);
  });

  it('takes pack fields from the options over the pack.* rows, and says which to fix', () => {
    const body = [HEADER, row('q-1')];
    expect(packOf(csvToPack(csv([...META, ...body]), { title: 'From the command line', author: 'Instructor' }))).toMatchObject({ id: 'cohort', title: 'From the command line', author: 'Instructor' });
    expect(packOf(csvToPack(csv(body), { id: 'cli-pack', version: '2.0.0', title: 'T' }))).toMatchObject({ id: 'cli-pack', version: '2.0.0' });
    expect(errorsOf(csvToPack(csv(body), { id: 'xy', title: 'T' }))).toEqual(['pack.version: is required; add a "pack.version" row above the header, or give it on the command line (--version)']);
    expect(errorsOf(csvToPack(csv(body), { id: 'Bad Id', version: '1.0.0', title: 'T' }))).toEqual([expect.stringMatching(/^pack id \(given as an option\): must be lowercase letters/)]);
    expect(errorsOf(csvToPack(csv([['pack.id', 'cohort'], ['pack.version', '1.2'], ['pack.title', 'T'], ...body])))).toEqual([
      'row 2: pack.version: must be a semantic version MAJOR.MINOR.PATCH (got "1.2")',
    ]);
    expect(errorsOf(csvToPack(csv([...META, ['pack.formatVersion', '2'], ...body])))).toEqual([
      'row 4: pack.formatVersion: is 2: this pack was made by a newer version of the app (this one reads version 1)',
    ]);
  });

  it('names the row and column of every schema error, including checklist items and list entries', () => {
    const rows = [...META, [], HEADER];
    for (let i = 1; i <= 11; i++) rows.push(row(`q-${i}`));
    // Row 17 is questions[11] (three pack rows, a blank row, the header): its third item's text is too short, and
    // its second keyword too long.
    rows.push(row('q-12', { 'check3.text': 'ab', 'check3.keywords': `ok\n${'k'.repeat(41)}` }));
    rows.push(row('q-13', { 'check3.id': '', level: 'expert' }));
    rows.push(row('q-1'));
    const r = csvToPack(csv(rows));
    expect(errorsOf(r)).toEqual([
      'row 17, column "check3.text": must be at least 3 characters (got 2)',
      'row 17, column "check3.keywords": item 2: must be at most 40 characters (got 41)',
      'row 18, column "level": must be one of "junior", "mid", "senior" (got "expert")',
      'row 18, column "check3.id": is required',
    ]);
    // With the schema clean, repeated ids name both rows.
    expect(errorsOf(csvToPack(csv([...META, HEADER, row('q-1'), row('q-2'), row('q-1')])))).toEqual(['row 7, column "id": duplicates row 5 "q-1"']);
    expect(errorsOf(csvToPack(csv([...META, HEADER, row('q-1', { 'check3.id': 'recall' })])))).toEqual(['row 5, column "check3.id": duplicates column "check2.id" "recall"']);
  });

  it('skips missing checklist columns and empty items, and counts the items that are left', () => {
    const header = ['id', 'area', 'kind', 'level', 'prompt', 'check1.id', 'check1.text', 'check5.id', 'check5.text', 'check9.id', 'check9.text'];
    const p = packOf(csvToPack(csv([...META, header, ['q-1', 'rl', 'concept', 'mid', 'Explain the Bellman equation.', 'a', 'Item a', 'b', 'Item b', 'c', 'Item c']])));
    expect(p.questions[0]!.checklist.map((i) => i.id)).toEqual(['a', 'b', 'c']);
    const r = csvToPack(csv([...META, header, ['q-1', 'rl', 'concept', 'mid', 'Explain the Bellman equation.', 'a', 'Item a', '', '', 'c', 'Item c']]));
    expect(errorsOf(r)).toEqual(['row 5: checklist: must have at least 3 items (got 2)']);
    expect(errorsOf(csvToPack(csv([...META, header, ['q-1', 'rl', 'concept', 'mid', 'Explain the Bellman equation.', '', 'Item a', 'b', 'Item b', 'c', 'Item c']])))).toEqual([
      'row 5, column "check1.id": is required',
    ]);
  });

  it('refuses header and row shape problems with their row numbers', () => {
    expect(errorsOf(csvToPack(csv([...META])))).toEqual([expect.stringMatching(/^the CSV has no header row/)]);
    expect(errorsOf(csvToPack(csv([...META, ['id', 'area', 'kind', 'level', 'check1.id']])))).toEqual(['row 4: the header has no "prompt" column']);
    expect(errorsOf(csvToPack(csv([...META, ['id', 'area', 'kind', 'level', 'prompt']])))).toEqual([expect.stringMatching(/^row 4: the header has no checklist columns/)]);
    expect(errorsOf(csvToPack(csv([...META, [...HEADER, 'area']])))).toEqual(['row 4, column "area": is a repeated column (columns 2 and 13)']);
    expect(errorsOf(csvToPack(csv([...META, HEADER])))).toEqual(['the CSV has no question rows below the header (row 4)']);
    expect(errorsOf(csvToPack(csv([...META, HEADER, [...row('q-1'), 'spill']])))).toEqual([`row 5: has 13 cells but the header has 12; is a comma in a cell not quoted?`]);
    expect(errorsOf(csvToPack(csv([...META, ['pack.title', 'Again'], HEADER, row('q-1')])))).toEqual(['row 4: repeats pack.title (first given in row 3)']);
    expect(errorsOf(csvToPack(csv([...META, [...HEADER, 'timeLimitSec'], [...row('q-1'), 'ten']])))).toEqual(['row 5, column "timeLimitSec": must be a number of seconds (got "ten")']);
    expect(errorsOf(csvToPack(csv([...META, [...HEADER, 'timeLimitSec'], [...row('q-1'), '29.5']])))).toEqual(['row 5, column "timeLimitSec": must be a int (got number)']);
  });

  it('warns about unknown columns and pack rows that hold something, and ignores padding', () => {
    const r = csvToPack(csv([...META, ['pack.homepage', 'x'], [...HEADER, 'difficulty', '', 'notes'], [...row('q-1'), 'hard', '', ''], [...row('q-2'), '', 'stray', '']]));
    expect(r.ok).toBe(true);
    expect(r.warnings.map(formatCsvIssue)).toEqual([
      expect.stringMatching(/^row 4: unknown pack field "pack.homepage", ignored/),
      'row 5, column "difficulty": unknown column, ignored',
      'row 5: column 14 has no name in the header; its cells are ignored',
    ]);
  });

  it('reports unbalanced quotes with the row and the line of the file, and builds nothing', () => {
    const good = csv([...META, HEADER, row('q-1')], '\n');
    const text = `${good}\nq-2,evaluation,concept,mid,"Explain recall,a,b,c,d,e,f,g\nq-3,rl,concept,mid,x\n`;
    const r = csvToPack(text);
    expect(errorsOf(r)).toEqual(['row 6: a quoted cell is never closed (line 7 of the file); check for a stray " (write "" for a quote inside a quoted cell)']);
    const multiline = `${csv([...META, HEADER, row('q-1', { prompt: 'Two\nlines\nhere.' })], '\n')}\nq-2,evaluation,concept,mid,"Recall"x,a,b,c,d,e,f,g\n`;
    expect(errorsOf(csvToPack(multiline))).toEqual([expect.stringMatching(/^row 6: a quoted cell has text after its closing quote \(line 9 of the file\)/)]);
  });

  it('survives hostile input: huge cells, millions of blank lines, too many rows, too many bytes, bad UTF-8', () => {
    const huge = 'x'.repeat(1_000_000);
    expect(errorsOf(csvToPack(csv([...META, HEADER, row('q-1', { prompt: huge })])))).toEqual(['row 5, column "prompt": must be at most 2000 characters (got 1000000)']);
    const blank = `${csv([...META, HEADER, row('q-1')])}${'\r\n'.repeat(2_000_000)}`;
    expect(packOf(csvToPack(blank)).questions).toHaveLength(1);
    const many = csv([...META, HEADER, ...Array.from({ length: 5200 }, (_, i) => row(`q-${i}`))]);
    expect(errorsOf(csvToPack(many))).toEqual([expect.stringMatching(/^the CSV has more than 5100 rows that are not blank/)]);
    const capped = csvToPack(csv([...META, HEADER, ...Array.from({ length: 200 }, (_, i) => row(`q-${i}`, { area: 'astrology' }))]));
    expect(errorsOf(capped)).toHaveLength(51);
    expect(errorsOf(capped).at(-1)).toBe('150 more errors not shown');
    expect(errorsOf(csvToPack('x'.repeat(20 * 1024 * 1024 + 1)))).toEqual(['the CSV is 20.0 MB; it must be at most 20 MB']);
    expect(errorsOf(csvToPack(new Uint8Array([0x69, 0x64, 0x2c, 0xff, 0x0a])))).toEqual(['the CSV is not UTF-8 text; save it as "CSV UTF-8"']);
    expect(errorsOf(csvToPack(' \r\n '))).toEqual(['the CSV is empty']);
    expect(packOf(csvToPack(new TextEncoder().encode(`\uFEFF${csv([...META, HEADER, row('q-1')])}`))).id).toBe('cohort');
  }, 60_000);

  it('never takes a key from the CSV as an object key', () => {
    const r = csvToPack(csv([...META, ['pack.__proto__', 'x'], ['pack.constructor', 'y'], [...HEADER, '__proto__'], [...row('q-1'), '{"polluted":1}']]));
    expect(packOf(r).questions).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.warnings).toHaveLength(3);
  });
});

describe('stages in the CSV layout', () => {
  const design = (stages: unknown) =>
    valid(pack({}, [question('q-design', 'mlops', { kind: 'system-design', level: 'mid', timeLimitSec: 900, stages }), question('q-plain', 'mlops')]));

  it('writes a stages column only when a question has stages, and reads it back exactly, pipes and prompts included', () => {
    const stages = [
      { title: 'Requirements | metrics', minutes: 5 },
      { title: 'Model', minutes: 7, prompt: 'Baseline first; then a | b' },
      { title: 'Serving', minutes: 3 },
    ];
    const p = design(stages);
    const text = packToCsv(p);
    expect(text).toContain(',stages,');
    expect(packOf(csvToPack(text))).toEqual(p);
    expect(packToCsv(valid(pack({}, [question('q-plain', 'mlops')])))).not.toContain('stages');
  });

  it('names the row, the column and the stage line that is wrong', () => {
    const header = [...HEADER.slice(0, 5), 'timeLimitSec', 'stages', ...HEADER.slice(5)];
    const rowWith = (stages: string) => {
      const r = row('q-design');
      return [...r.slice(0, 2), 'system-design', 'mid', r[4]!, '900', stages, ...r.slice(5)];
    };
    const at = (stages: string) => errorsOf(csvToPack(csv([...META, [], header, rowWith(stages)])));
    expect(at('5 | Requirements\nten | Model')).toEqual([
      'row 6, column "stages": stage 2 starts with "ten", not a whole number of minutes; write one stage per line as "minutes | title" or "minutes | title | prompt"',
    ]);
    expect(at('5 Requirements\n10 | Model')[0]).toMatch(/^row 6, column "stages": stage 1 has no "\|"/);
    expect(at('5 | Requirements\n61 | Model')).toEqual(['row 6, column "stages": stage 2 minutes: must be at most 60 (got 61)']);
  });
});
