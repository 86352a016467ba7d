import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { createServices } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function writePack(dir: string, name: string, value: unknown) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('mldrill pack validate', () => {
  it('exits 0 for valid packs and prints stats as JSON', async () => {
    const dir = tempDir();
    writePack(dir, 'a.drillpack.json', pack());
    writePack(dir, 'b.drillpack.json', pack({ id: 'other' }, [question('q-x', 'vision', { kind: 'scenario', level: 'senior' })]));
    const r = await cli(['pack', 'validate', dir, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ ok: true, errors: [], warnings: [] });
    expect(report.stats).toEqual({
      questions: 3,
      areas: { fundamentals: 1, evaluation: 1, vision: 1 },
      checklistItems: 9,
      kinds: { concept: 2, scenario: 1, 'system-design': 0, behavioral: 0 },
      levels: { junior: 2, mid: 0, senior: 1 },
    });
  });

  it('exits 1 for an invalid pack, naming the file and the JSON path', async () => {
    const dir = tempDir();
    const file = writePack(dir, 'bad.drillpack.json', pack({}, [question('q-one', 'fundamentals', { pitfalls: ['x'.repeat(301)] })]));
    const r = await cli(['pack', 'validate', file, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).errors).toEqual([{ file, path: 'questions[0].pitfalls[0]', message: 'must be at most 300 characters (got 301)' }]);
    const human = await cli(['pack', 'validate', file]);
    expect(human.err).toContain(`${file}: questions[0].pitfalls[0]: must be at most 300 characters (got 301)`);
    expect(human.out).toMatch(/^INVALID/);
  });

  it('reports unreadable entries and oversized files per file, without reading them, and still prints JSON', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'folder.drillpack.json'));
    const big = path.join(dir, 'big.drillpack.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 20 * 1024 * 1024 + 1);
    const r = await cli(['pack', 'validate', dir, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).errors).toEqual([
      { file: big, path: '(file)', message: 'is 20.0 MB; packs must be at most 20 MB' },
      { file: path.join(dir, 'folder.drillpack.json'), path: '(file)', message: 'is not a regular file' },
    ]);
  });

  it('exits 1 for a missing path and 2 for usage errors', async () => {
    expect((await cli(['pack', 'validate', '/no/such/file.json'])).code).toBe(1);
    expect((await cli(['pack', 'validate'])).code).toBe(2);
    expect((await cli(['pack', 'frobnicate'])).code).toBe(2);
    expect((await cli(['serve', '--port', 'abc'])).code).toBe(2);
    expect((await cli(['progress', '--bogus'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
  });
});

describe('mldrill progress', () => {
  it('does not create a database in an empty data folder, and reports the bank as available', async () => {
    const dataDir = tempDir();
    const r = await cli(['progress', '--json', '--data', dataDir]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    const { areas } = JSON.parse(r.out);
    expect(areas).toHaveLength(10);
    for (const a of areas) expect(a).toMatchObject({ attempts: 0, practised: 0, coverage: null, available: expect.any(Number) });
    expect(areas.every((a: { available: number }) => a.available >= 20)).toBe(true);
  });

  it('prints per-area attempts, practised, available and coverage as JSON, from MLDRILL_DATA_DIR or --data', async () => {
    const bankDir = tempDir();
    writePack(bankDir, 'p.drillpack.json', pack());
    const dataDir = tempDir();
    const services = createServices({ dataDir, bankDir });
    const s = services.api.startSession({ areas: ['evaluation'], level: 'any', count: 1 });
    services.api.saveAttempt({ sessionId: s.id, position: 0, answer: '', answerMs: 1, ticked: ['threshold'], suggested: [], ratings: { clarity: 1, judgment: 1, constraints: 1, communication: 1 }, note: '' });
    services.close();

    const viaEnv = await cli(['progress', '--json'], { MLDRILL_DATA_DIR: dataDir });
    const viaFlag = await cli(['progress', '--json', '--data', dataDir]);
    expect(viaEnv.out).toBe(viaFlag.out);
    const { areas } = JSON.parse(viaFlag.out);
    expect(areas).toHaveLength(10);
    expect(areas.find((a: { id: string }) => a.id === 'evaluation')).toEqual({ id: 'evaluation', attempts: 1, practised: 1, available: 1, coverage: 1 / 3 });
    expect(areas.find((a: { id: string }) => a.id === 'rl')).toEqual({ id: 'rl', attempts: 0, practised: 0, available: 0, coverage: null });
  });
});
