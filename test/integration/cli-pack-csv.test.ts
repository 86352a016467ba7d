import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { PACK_SCHEMA_ID, packJsonSchema } from '../../electron/cli/commands/pack-schema';
import { runCli } from '../../electron/cli/main';
import { DB_FILENAME, closeDatabase, openDatabase } from '../../electron/db/open';
import { exportInstalledPack } from '../../electron/services/export-pack';
import { installPack } from '../../electron/services/install-pack';
import { csvToPack, packToCsv } from '../../shared/pack-csv';
import { packSchema, type Pack } from '../../shared/pack-schema';
import { validatePack } from '../../shared/validate-pack';
import { bytes, pack, question } from '../fixtures/packs';
import { BANK_DIR, ROOT, tempDir } from './helpers';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n'), errLines: err };
}

const EXAMPLE_CSV = path.join(ROOT, 'resources', 'examples', 'cohort-pack.csv');
const EXAMPLE_JSON = path.join(ROOT, 'resources', 'examples', 'cohort-pack.drillpack.json');

function docExample(): Pack {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'pack-format.md'), 'utf8');
  const r = validatePack(/## 2\. A complete example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)![1]!);
  if (!r.ok) throw new Error('the doc example is not valid');
  return r.pack;
}

const readPack = (file: string) => {
  const r = validatePack(fs.readFileSync(file));
  expect(r.errors).toEqual([]);
  expect(r.warnings).toEqual([]);
  return r.pack!;
};

/** A data folder with two packs installed, closed again. */
function dataFolder() {
  const dir = tempDir();
  const db = openDatabase(dir);
  const install = (p: Pack) => installPack(db, validatePack(bytes(p)).pack!, { builtin: false, contentHash: JSON.stringify(p) });
  install(pack({ author: 'Ann' }, [question('q-one', 'evaluation', { level: 'senior', prompt: '=HYPERLINK("http://x.example","open"), then explain PR-AUC.' }), question('q-two', 'mlops')]));
  install(pack({ id: 'other-pack', title: 'Other' }, [question('o-1', 'evaluation', { level: 'senior' }), question('o-2', 'rl', { level: 'senior' })]));
  closeDatabase(db);
  return dir;
}

/** The database file's bytes and the folder's files: a read-only command changes neither. */
const folderState = (dir: string) => ({ bytes: fs.readFileSync(path.join(dir, DB_FILENAME)), files: fs.readdirSync(dir).sort() });

describe('mldrill pack from-csv', () => {
  it('turns the example CSV into the sample cohort pack, which pack validate accepts', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'cohort.drillpack.json');
    const r = await cli(['pack', 'from-csv', EXAMPLE_CSV, out]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const sample = readPack(EXAMPLE_JSON);
    const items = sample.questions.reduce((n, q) => n + q.checklist.length, 0);
    expect(r.out).toBe(`wrote ${out}: pack example-cohort 1.0.0, ${sample.questions.length} questions, ${items} checklist items`);
    expect(readPack(out)).toStrictEqual(sample);
    expect(fs.readFileSync(out, 'utf8')).toBe(`${JSON.stringify(sample, null, 2)}\n`);
    expect(fs.readdirSync(dir)).toEqual(['cohort.drillpack.json']);
    expect((await cli(['pack', 'validate', out])).code).toBe(0);
  });

  it('lets options set or override the pack fields, and notes an OUT that folder scans would skip', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'week3.json');
    const r = await cli(['pack', 'from-csv', EXAMPLE_CSV, out, '--id', 'cohort-2025', '--version', '2.0.0', '--author', 'Instructor']);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`note: ${out} does not end in .drillpack.json; folder scans (pack validate FOLDER, the bank) skip such files`);
    expect(readPack(out)).toMatchObject({ id: 'cohort-2025', version: '2.0.0', author: 'Instructor', title: readPack(EXAMPLE_JSON).title });
  });

  it('prints every error with its row and column, exits 1 and writes nothing, leaving an existing OUT as it was', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'bad.csv');
    const lines = packToCsv(docExample()).split('\r\n');
    // Row 11 is the first question (8 pack rows, a blank row, the header): unset its first item's id and make the
    // level unknown.
    lines[10] = lines[10]!.replace(',junior,', ',expert,').replace('accuracy-misleads', '');
    fs.writeFileSync(csv, lines.join('\r\n'));
    const out = path.join(dir, 'out.drillpack.json');
    fs.writeFileSync(out, 'old');
    const r = await cli(['pack', 'from-csv', csv, out]);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([
      `${csv}: row 11, column "level": must be one of "junior", "mid", "senior" (got "expert")`,
      `${csv}: row 11, column "check1.id": is required`,
    ]);
    expect(r.out).toBe(`INVALID: ${csv}: 2 error(s), 0 warning(s); ${out} was not written`);
    expect(fs.readFileSync(out, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['bad.csv', 'out.drillpack.json']);
  });

  it('reports unbalanced quotes by row, missing pack fields by option, and keeps control characters visible', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'q.csv');
    fs.writeFileSync(csv, 'id,area,kind,level,prompt,check1.id\r\nq-1,rl,concept,mid,"Never closed\u001b[2J\r\n');
    const r = await cli(['pack', 'from-csv', csv, path.join(dir, 'out.drillpack.json')]);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`${csv}: row 2: a quoted cell is never closed (line 2 of the file); check for a stray " (write "" for a quote inside a quoted cell)`]);
    fs.writeFileSync(csv, 'id,area,kind,level,prompt,check1.id,check1.text,check2.id,check2.text,check3.id,check3.text\r\nq-1,rl,concept,mid,Explain \u001b[2J TD learning.,a,Item a,b,Item b,c,Item c\r\n');
    const missing = await cli(['pack', 'from-csv', csv, path.join(dir, 'out.drillpack.json'), '--title', 'T']);
    expect(missing.errLines).toEqual([
      `${csv}: pack.id: is required; add a "pack.id" row above the header, or give it on the command line (--id)`,
      `${csv}: pack.version: is required; add a "pack.version" row above the header, or give it on the command line (--version)`,
    ]);
    const ok = await cli(['pack', 'from-csv', csv, path.join(dir, 'out.drillpack.json'), '--title', 'T', '--id', 'p1', '--version', '0.1.0']);
    expect(ok.code).toBe(0);
    expect(readPack(path.join(dir, 'out.drillpack.json')).questions[0]!.prompt).toBe('Explain \u001b[2J TD learning.');
  });

  it('exits 1 for a file it cannot read and 2 for usage mistakes', async () => {
    const dir = tempDir();
    expect((await cli(['pack', 'from-csv', path.join(dir, 'none.csv'), path.join(dir, 'o.json')])).code).toBe(1);
    fs.writeFileSync(path.join(dir, 'latin1.csv'), Buffer.from([0x69, 0x64, 0xe9, 0x0a]));
    expect(await cli(['pack', 'from-csv', path.join(dir, 'latin1.csv'), path.join(dir, 'o.json')])).toMatchObject({ code: 1, err: 'mldrill: latin1.csv is not UTF-8 text.' });
    expect((await cli(['pack', 'from-csv'])).code).toBe(2);
    expect((await cli(['pack', 'from-csv', EXAMPLE_CSV])).code).toBe(2);
    expect((await cli(['pack', 'from-csv', EXAMPLE_CSV, 'a', 'b'])).code).toBe(2);
    expect((await cli(['pack', 'from-csv', EXAMPLE_CSV, 'o.json', '--bogus'])).code).toBe(2);
    expect(await cli(['pack', 'from-csv', EXAMPLE_CSV, EXAMPLE_CSV])).toMatchObject({ code: 2, err: expect.stringContaining('OUT is the CSV file itself') });
    expect(await cli(['pack', 'from-csv', EXAMPLE_CSV, path.join(dir, 'no', 'such', 'folder', 'o.json')])).toMatchObject({ code: 1, err: expect.stringContaining('does not exist') });
    fs.mkdirSync(path.join(dir, 'folder.drillpack.json'));
    expect(await cli(['pack', 'from-csv', EXAMPLE_CSV, path.join(dir, 'folder.drillpack.json')])).toMatchObject({ code: 1, err: expect.stringContaining('it is a folder') });
  });
});

describe('mldrill pack to-csv and pack export', () => {
  it('to-csv writes an installed pack that from-csv reads back to the same pack, opening the database read-only', async () => {
    const data = dataFolder();
    const before = folderState(data);
    const dir = tempDir();
    const out = path.join(dir, 'test-pack.csv');
    const r = await cli(['pack', 'to-csv', 'test-pack', out, '--data', data]);
    expect(r).toMatchObject({ code: 0, err: '', out: `wrote ${out}: pack test-pack 1.0.0, 2 questions, 6 checklist items` });
    expect(folderState(data)).toEqual(before);
    const text = fs.readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFFpack.format,mldrill-pack\r\n')).toBe(true);
    // The formula-looking prompt is guarded in the file.
    expect(text).toContain('"\'=HYPERLINK(""http://x.example"",""open""), then explain PR-AUC."');
    const db = openDatabase(data, { readonly: true });
    const installed = exportInstalledPack(db, 'test-pack');
    closeDatabase(db);
    const back = csvToPack(text);
    expect(back.ok && back.pack).toStrictEqual(installed);
    const json = path.join(dir, 'back.drillpack.json');
    expect((await cli(['pack', 'from-csv', out, json])).code).toBe(0);
    expect(readPack(json)).toStrictEqual(installed);
  });

  it('export ID writes the installed pack as JSON, replacing OUT atomically and leaving no temporary file', async () => {
    const data = dataFolder();
    const dir = tempDir();
    const out = path.join(dir, 'test.drillpack.json');
    fs.writeFileSync(out, 'old');
    const r = await cli(['pack', 'export', 'test-pack', out, '--data', data]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const p = readPack(out);
    expect(p).toMatchObject({ id: 'test-pack', author: 'Ann' });
    expect(p.questions.map((q) => q.id)).toEqual(['q-one', 'q-two']);
    expect(fs.readdirSync(dir)).toEqual(['test.drillpack.json']);
    const csv = path.join(dir, 'test.csv');
    expect((await cli(['pack', 'export', 'test-pack', csv, '--csv', '--data', data])).code).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toBe(packToCsv(p));
  });

  it('export --where writes a selection across packs as a new pack', async () => {
    const data = dataFolder();
    const out = path.join(tempDir(), 'senior.drillpack.json');
    const r = await cli(['pack', 'export', '--where', 'area=evaluation,level=senior', '--id', 'senior-eval', '--title', 'Senior evaluation', '--version', '1.0.0', '--license', 'MIT', out, '--data', data]);
    expect(r).toMatchObject({ code: 0, err: '', out: `wrote ${out}: pack senior-eval 1.0.0, 2 questions, 6 checklist items` });
    const p = readPack(out);
    expect(p).toMatchObject({ id: 'senior-eval', title: 'Senior evaluation', license: 'MIT' });
    expect(p.questions.map((q) => q.id)).toEqual(['o-1', 'q-one']);
  });

  it('exits 1 with a clear message for an unknown pack, no database, an empty or conflicting selection', async () => {
    const data = dataFolder();
    const out = path.join(tempDir(), 'x.drillpack.json');
    expect(await cli(['pack', 'to-csv', 'nope', out, '--data', data])).toMatchObject({ code: 1, err: 'mldrill: no installed pack has the id "nope"; installed: other-pack, test-pack' });
    expect(await cli(['pack', 'export', 'nope', out, '--data', data])).toMatchObject({ code: 1, err: expect.stringContaining('installed: other-pack, test-pack') });
    const empty = tempDir();
    expect(await cli(['pack', 'export', 'test-pack', out, '--data', empty])).toMatchObject({ code: 1, err: expect.stringContaining('There is no ML Interview Drill database yet') });
    expect(fs.readdirSync(empty)).toEqual([]);
    const where = ['--id', 'sel', '--title', 'T', '--version', '1.0.0', out, '--data', data];
    expect(await cli(['pack', 'export', '--where', 'area=vision', ...where])).toMatchObject({ code: 1, err: 'mldrill: no installed question matches the selection (area=vision)' });
    const two = tempDir();
    const db = openDatabase(two);
    for (const id of ['pack-a', 'pack-b']) installPack(db, validatePack(bytes(pack({ id }))).pack!, { builtin: false, contentHash: id });
    closeDatabase(db);
    expect(await cli(['pack', 'export', '--where', 'area=evaluation', '--id', 'sel', '--title', 'T', '--version', '1.0.0', out, '--data', two])).toMatchObject({
      code: 1,
      err: expect.stringContaining('the question id "q-two" is in both pack "pack-a" and pack "pack-b"'),
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 for usage mistakes', async () => {
    const usage = async (...args: string[]) => (await cli(['pack', ...args])).code;
    expect(await usage('to-csv')).toBe(2);
    expect(await usage('to-csv', 'test-pack')).toBe(2);
    expect(await usage('export', 'test-pack')).toBe(2);
    expect(await usage('export', 'test-pack', 'out.json', '--title', 'T')).toBe(2);
    expect(await usage('export', '--where', 'area=rl', 'out.json')).toBe(2);
    expect(await usage('export', '--where', 'area=rl', '--id', 'a', '--title', 'T', '--version', '1.0.0', 'test-pack', 'out.json')).toBe(2);
    const badKey = await cli(['pack', 'export', '--where', 'difficulty=hard', '--id', 'a', '--title', 'T', '--version', '1.0.0', 'out.json']);
    expect(badKey.code).toBe(2);
    expect(badKey.errLines[0]).toBe('mldrill: --where: unknown key "difficulty" in the selection; the keys are pack, area, kind, level, role, tag, concept, id');
    expect(await usage('schema', 'extra')).toBe(2);
  });
});

/**
 * Just enough of JSON Schema 2020-12 to check instances against the generated schema: the keywords it uses, nothing
 * more (the test below fails if the generator starts using another one). Lengths count code points, as the spec says.
 */
const CHECKED = ['type', 'const', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'items', 'properties', 'required', 'additionalProperties'];
const ANNOTATIONS = ['$schema', '$id', 'title', 'description'];

function schemaKeywords(schema: unknown, into = new Set<string>()): Set<string> {
  if (schema === null || typeof schema !== 'object') return into;
  const s = schema as Record<string, unknown>;
  for (const [k, v] of Object.entries(s)) {
    into.add(k);
    if (k === 'properties') for (const sub of Object.values(v as object)) schemaKeywords(sub, into);
    else if (k === 'items' || k === 'additionalProperties') schemaKeywords(v, into);
  }
  return into;
}

function schemaErrors(schema: Record<string, unknown>, value: unknown, at = ''): string[] {
  const errors: string[] = [];
  const fail = (m: string) => errors.push(`${at || '(root)'}: ${m}`);
  const type = schema.type as string | undefined;
  const typeOk =
    type === undefined ||
    (type === 'object' && value !== null && typeof value === 'object' && !Array.isArray(value)) ||
    (type === 'array' && Array.isArray(value)) ||
    (type === 'string' && typeof value === 'string') ||
    (type === 'number' && typeof value === 'number') ||
    (type === 'integer' && Number.isInteger(value));
  if (!typeOk) return [`${at || '(root)'}: not ${type}`];
  if ('const' in schema && value !== schema.const) fail('const');
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) fail('enum');
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.pattern && !new RegExp(schema.pattern as string, 'u').test(value)) fail('pattern');
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail('minLength');
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('maxLength');
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems');
    if (schema.items) value.forEach((v, i) => errors.push(...schemaErrors(schema.items as Record<string, unknown>, v, `${at}[${i}]`)));
  }
  if (type === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in obj)) fail(`required ${r}`);
    for (const [k, v] of Object.entries(obj)) {
      const where = at ? `${at}.${k}` : k;
      if (Object.hasOwn(props, k)) errors.push(...schemaErrors(props[k]!, v, where));
      else if (schema.additionalProperties === false) errors.push(`${where}: not allowed`);
    }
  }
  return errors;
}

describe('mldrill pack schema', () => {
  async function printed(...args: string[]) {
    const r = await cli(['pack', 'schema', ...args]);
    expect(r).toMatchObject({ code: 0, err: '' });
    return JSON.parse(r.out) as Record<string, unknown>;
  }

  it('prints zod’s JSON Schema of the pack format, with $id, title and notes added', async () => {
    const schema = await printed();
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: PACK_SCHEMA_ID, title: 'ML Interview Drill pack (format version 1)' });
    expect(schema.description).toMatch(/unique/);
    expect(schema).toEqual(packJsonSchema());
    // Apart from what was added, exactly what z.toJSONSchema makes of the validator's schema.
    const rest = structuredClone(schema);
    for (const added of ['$id', 'title', 'description']) delete rest[added];
    const zod = JSON.parse(JSON.stringify(z.toJSONSchema(packSchema, { target: 'draft-2020-12', io: 'input' }))) as Record<string, unknown>;
    const questions = (rest.properties as Record<string, Record<string, unknown>>).questions!;
    expect(questions.description).toBe('Question ids must be unique within the pack.');
    delete questions.description;
    const question = questions.items as { properties: { checklist: Record<string, unknown> } };
    expect(question.properties.checklist.description).toBe('Item ids must be unique within the question.');
    delete question.properties.checklist.description;
    expect(rest).toEqual(zod);
    for (const k of schemaKeywords(schema)) expect([...CHECKED, ...ANNOTATIONS], `keyword ${k}`).toContain(k);
  });

  it('every pack of the built-in bank and the example packs satisfy it', async () => {
    const schema = await printed();
    const strict = await printed('--strict');
    const files = fs.readdirSync(BANK_DIR).filter((f) => f.endsWith('.drillpack.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const value = JSON.parse(fs.readFileSync(path.join(BANK_DIR, f), 'utf8')) as unknown;
      expect(schemaErrors(schema, value), f).toEqual([]);
      expect(schemaErrors(strict, value), f).toEqual([]);
    }
    expect(schemaErrors(schema, docExample())).toEqual([]);
    expect(schemaErrors(strict, JSON.parse(fs.readFileSync(EXAMPLE_JSON, 'utf8')))).toEqual([]);
  });

  it('refuses what the validator refuses, field by field; only --strict refuses unknown fields, and it allows $schema', async () => {
    const schema = await printed();
    const strict = await printed('--strict');
    const mutations: [string, (p: Record<string, unknown>) => void][] = [
      ['version', (p) => (p.version = '1.2')],
      ['id', (p) => (p.id = 'Bad Id')],
      ['format', (p) => (p.format = 'drillpack')],
      ['questions[0].area', (p) => ((p.questions as Record<string, unknown>[])[0]!.area = 'astrology')],
      ['questions[0].timeLimitSec', (p) => ((p.questions as Record<string, unknown>[])[0]!.timeLimitSec = 29.5)],
      ['questions[0].checklist', (p) => ((p.questions as { checklist: unknown[] }[])[0]!.checklist.pop())],
      ['questions[1].pitfalls', (p) => delete (p.questions as Record<string, unknown>[])[1]!.pitfalls],
      ['questions[0].tags[0]', (p) => ((p.questions as Record<string, unknown>[])[0]!.tags = ['Class_Imbalance'])],
      ['questions[0].checklist[0].keywords[0]', (p) => ((p.questions as { checklist: Record<string, unknown>[] }[])[0]!.checklist[0]!.keywords = [''])],
    ];
    for (const [where, mutate] of mutations) {
      const value = JSON.parse(JSON.stringify(pack())) as Record<string, unknown>;
      mutate(value);
      expect(validatePack(bytes(value)).ok, where).toBe(false);
      expect(schemaErrors(schema, value).length, where).toBeGreaterThan(0);
    }
    const extra = { ...pack(), $schema: './drillpack.schema.json', homepage: 'x' };
    expect(schemaErrors(schema, extra)).toEqual([]);
    expect(schemaErrors(strict, extra)).toEqual(['homepage: not allowed']);
    // The validator accepts a "$schema" field at the top without a warning, so the editor route works for the bank too.
    const r = validatePack(bytes({ $schema: './drillpack.schema.json', ...pack() }));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
  });
});

describe('the pack commands’ help', () => {
  it('each takes --help (exit 0), and `pack --help` lists them', async () => {
    for (const c of ['from-csv', 'to-csv', 'export', 'schema']) {
      const r = await cli(['pack', c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out, c).toMatch(new RegExp(`^Usage: mldrill pack ${c}`));
    }
    const group = await cli(['pack', '--help']);
    expect(group.code).toBe(0);
    for (const c of ['validate', 'from-csv', 'to-csv', 'export', 'schema']) expect(group.out).toContain(`  ${c} `);
  });

  it('the built CLI bundles papaparse: pack from-csv and pack schema run from dist/node', () => {
    const bin = path.join(ROOT, 'bin', 'mldrill.mjs');
    const out = path.join(tempDir(), 'built.drillpack.json');
    expect(execFileSync(process.execPath, [bin, 'pack', 'from-csv', EXAMPLE_CSV, out], { encoding: 'utf8' })).toContain('wrote');
    expect(readPack(out)).toStrictEqual(readPack(EXAMPLE_JSON));
    expect(JSON.parse(execFileSync(process.execPath, [bin, 'pack', 'schema'], { encoding: 'utf8' })).$id).toBe(PACK_SCHEMA_ID);
  });
});
