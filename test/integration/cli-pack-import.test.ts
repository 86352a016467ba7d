import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { AREA_IDS } from '../../shared/areas';
import { packToCsv } from '../../shared/pack-csv';
import type { Pack } from '../../shared/pack-schema';
import { pack, question } from '../fixtures/packs';
import { BANK_DIR, ROOT, tempDir } from './helpers';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function write(dir: string, name: string, body: unknown) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
}

const v1 = () => pack({ id: 'acme-week3', title: 'Acme week 3' }, [question('q-one', 'fundamentals'), question('q-two', 'evaluation')]);
function v2() {
  const q1 = question('q-one', 'fundamentals', { prompt: 'A reworded prompt\nwith a second line.' });
  q1.checklist = [q1.checklist[0]!, q1.checklist[1]!, { id: 'base-rate', text: 'States the base rate first', keywords: ['base rate'] }];
  return pack({ id: 'acme-week3', version: '1.1.0', title: 'Acme week 3' }, [q1, question('q-three', 'vision')]);
}
const bankId = () => (JSON.parse(fs.readFileSync(path.join(BANK_DIR, 'evaluation.drillpack.json'), 'utf8')) as Pack).id;

describe('mldrill pack import', () => {
  it('installs, then updates, naming every question added, changed and retired', async () => {
    const dir = tempDir();
    const data = tempDir();
    const first = await cli(['pack', 'import', write(dir, 'week3.drillpack.json', v1()), '--data', data]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('installed acme-week3 1.0.0 ("Acme week 3", from week3.drillpack.json): 2 questions added');
    expect(first.out).toContain('  added    q-one (fundamentals): Explain q-one to an interviewer.');
    expect(first.out).toContain('areas: fundamentals 1, evaluation 1');

    const second = await cli(['pack', 'import', write(dir, 'week3-v2.drillpack.json', v2()), '--data', data]);
    expect(second.code).toBe(0);
    expect(second.out.split('\n')).toEqual([
      'updated acme-week3 1.1.0 ("Acme week 3", from week3-v2.drillpack.json), was 1.0.0: 1 added, 1 changed, 1 retired',
      '  added    q-three (vision): Explain q-three to an interviewer.',
      // The prompt's line break is shown as an escape: one line per question.
      '  changed  q-one (fundamentals): A reworded prompt\\u000awith a second line.',
      '  retired  q-two (evaluation): Explain q-two to an interviewer.',
      'areas: fundamentals 1, vision 1',
    ]);
    const db = new Database(path.join(data, 'mldrill.sqlite'), { readonly: true });
    expect(db.prepare(`SELECT id, retired FROM questions WHERE pack_id = 'acme-week3' ORDER BY id`).all()).toEqual([
      { id: 'q-one', retired: 0 },
      { id: 'q-three', retired: 0 },
      { id: 'q-two', retired: 1 },
    ]);
    expect(db.prepare(`SELECT builtin, source_file FROM packs WHERE id = 'acme-week3'`).get()).toEqual({ builtin: 0, source_file: 'week3-v2.drillpack.json' });
    db.close();
  });

  it('--json prints the preview and the result as one object', async () => {
    const dir = tempDir();
    const data = tempDir();
    await cli(['pack', 'import', write(dir, 'a.drillpack.json', v1()), '--data', data]);
    const r = await cli(['pack', 'import', write(dir, 'b.drillpack.json', v2()), '--data', data, '--json']);
    expect(r.code).toBe(0);
    const { preview, result } = JSON.parse(r.out);
    expect(preview).toMatchObject({ action: 'update', fileName: 'b.drillpack.json', update: { fromVersion: '1.0.0', added: [{ id: 'q-three' }], changed: [{ id: 'q-one' }], retired: [{ id: 'q-two' }] } });
    expect(result).toEqual({ packId: 'acme-week3', version: '1.1.0', action: 'updated', added: 1, changed: 1, retired: 1 });
  });

  it('the same version is a no-op that says so, and exits 0', async () => {
    const dir = tempDir();
    const data = tempDir();
    const file = write(dir, 'week3.drillpack.json', v1());
    await cli(['pack', 'import', file, '--data', data]);
    const again = await cli(['pack', 'import', file, '--data', data]);
    expect(again).toMatchObject({ code: 0, err: '' });
    expect(again.out).toBe('unchanged: acme-week3 1.0.0 ("Acme week 3", from week3.drillpack.json) is already installed with the same content; nothing was imported.');
    const json = await cli(['pack', 'import', file, '--data', data, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ preview: { action: 'same-version' }, result: { action: 'unchanged', added: 0, changed: 0, retired: 0 } });
  });

  it('an older version exits 1 without --force and imports with it', async () => {
    const dir = tempDir();
    const data = tempDir();
    await cli(['pack', 'import', write(dir, 'v2.drillpack.json', v2()), '--data', data]);
    const older = write(dir, 'v1.drillpack.json', v1());
    const refused = await cli(['pack', 'import', older, '--data', data]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Version 1\.1\.0 is installed and this file is the older 1\.0\.0.*Run again with --force to downgrade it\./);
    const forced = await cli(['pack', 'import', older, '--data', data, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/^updated acme-week3 1\.0\.0 .*was 1\.1\.0: 1 added, 1 changed, 1 retired/);
  });

  it('an invalid pack exits 1 with every error and its path, control characters escaped', async () => {
    const dir = tempDir();
    const data = tempDir();
    const bad = pack({ version: '1.0', title: 'T\u001b[2J' }, [question('q-one', 'fundamentals', { pitfalls: ['x'.repeat(301)], 'odd\u001b[31mkey': 1 })]);
    const r = await cli(['pack', 'import', write(dir, 'bad\u001b.drillpack.json', bad), '--data', data]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(': version: must be a semantic version MAJOR.MINOR.PATCH (got "1.0")');
    expect(r.err).toContain(': questions[0].pitfalls[0]: must be at most 300 characters (got 301)');
    expect(r.err).toContain('warning: ');
    expect(r.err).toContain('questions[0].odd\\u001b[31mkey: unknown field, ignored');
    expect(r.err).toContain('bad\\u001b.drillpack.json');
    expect(r.err).not.toContain('\u001b');
    expect(r.err).toMatch(/not a valid drill pack \(2 errors\)/);
    const json = await cli(['pack', 'import', write(dir, 'bad.drillpack.json', bad), '--data', data, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out).preview.errors.map((e: { path: string }) => e.path)).toEqual(['version', 'questions[0].pitfalls[0]']);
    // Nothing was imported.
    const db = new Database(path.join(data, 'mldrill.sqlite'), { readonly: true });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM packs WHERE builtin = 0`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a built-in pack id', async () => {
    const dir = tempDir();
    const data = tempDir();
    const r = await cli(['pack', 'import', write(dir, 'mine.drillpack.json', pack({ id: bankId(), version: '99.0.0' })), '--data', data]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`The pack id "${bankId()}" belongs to the built-in bank, and the built-in bank's ids are reserved. Choose another id for this pack.`);
  });

  it('imports a .csv file', async () => {
    const dir = tempDir();
    const data = tempDir();
    const r = await cli(['pack', 'import', write(dir, 'week3.csv', packToCsv(v1())), '--data', data]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('installed acme-week3 1.0.0 ("Acme week 3", from week3.csv): 2 questions added');
  });

  it('reports a missing file, and a usage mistake exits 2', async () => {
    const data = tempDir();
    const missing = await cli(['pack', 'import', path.join(tempDir(), 'nope.drillpack.json'), '--data', data]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.drillpack\.json: \(file\): cannot be read: ENOENT/);
    expect((await cli(['pack', 'import', '--data', data])).code).toBe(2);
    expect((await cli(['pack', 'import', 'a', 'b'])).code).toBe(2);
    expect((await cli(['pack', 'import', '--help'])).out).toMatch(/^Usage: mldrill pack import FILE/);
  });

  it('the built CLI imports a 5,000-question pack in its worker', async () => {
    // dist/node is built once by test/global-setup.ts.
    const dir = tempDir();
    const data = tempDir();
    const big = pack({ id: 'big-pack', title: 'Big' }, Array.from({ length: 5000 }, (_, i) => question(`q-${i}`, AREA_IDS[i % AREA_IDS.length])));
    const file = write(dir, 'big.drillpack.json', big);
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin', 'mldrill.mjs'), 'pack', 'import', file, '--data', data, '--json'], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(JSON.parse(stdout).result).toEqual({ packId: 'big-pack', version: '1.0.0', action: 'added', added: 5000, changed: 0, retired: 0 });
    // No "importing on the main thread" line: the worker beside dist/node/cli.mjs was found and ran.
    expect(stderr).toBe('');
  }, 60_000);
});
