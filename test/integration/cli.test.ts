import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { createServices } from '../../electron/services/index';
import { AREA_IDS } from '../../shared/areas';
import { pack, question } from '../fixtures/packs';
import { ROOT, tempDir } from './helpers';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n'), outLines: out, errLines: err };
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
      kinds: { concept: 2, scenario: 1, 'system-design': 0, behavioral: 0, coding: 0 },
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

  it('escapes control characters from keys, messages and file names in the human report, but not in JSON', async () => {
    const dir = tempDir();
    const fake = '\r\nvalid: 1 file(s), 2 questions, 6 checklist items, 0 error(s), 0 warning(s)';
    const value = pack({ '\u001b[2J': 1, [`x${fake}`]: 2 }, [question('q-one', '\u202eevil\u009b')]);
    const file = writePack(dir, 'bad\u001b]0;title\u0007.drillpack.json', value);
    const human = await cli(['pack', 'validate', dir]);
    expect(human.code).toBe(1);
    const lines = [...human.outLines, ...human.errLines];
    // Nothing a terminal would act on reaches it: no escapes, no line breaks inside a line, no bidi controls.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    const shownFile = file.replace('\u001b', '\\u001b').replace('\u0007', '\\u0007');
    expect(human.errLines).toEqual(
      expect.arrayContaining([
        `${shownFile}: questions[0].area: must be one of ${AREA_IDS.map((a) => `"${a}"`).join(', ')} (got "\\u202eevil\\u009b")`,
        `warning: ${shownFile}: \\u001b[2J: unknown field, ignored`,
        // A key the file made up is cut short in a path (at 60 characters).
        `warning: ${shownFile}: x\\u000d\\u000avalid: 1 file(s), 2 questions, 6 checklist items, 0 error…: unknown field, ignored`,
      ]),
    );
    expect(human.outLines.filter((l) => /^valid/.test(l))).toEqual([]);
    // JSON output keeps the characters; JSON.stringify already escapes what JSON must.
    const json = JSON.parse((await cli(['pack', 'validate', dir, '--json'])).out);
    expect(json.files).toEqual([file]);
    expect(json.warnings.map((w: { path: string }) => w.path)).toEqual(['\u001b[2J', `x${fake}`.slice(0, 60) + '…']);
  });

  it('caps 130,000 warnings per file without overflowing the stack, and reports the true counts', async () => {
    const dir = tempDir();
    const many = Object.fromEntries(Array.from({ length: 130_000 }, (_, i) => [`x${i}`, 0]));
    writePack(dir, 'a.drillpack.json', pack({}, [question('q-one', 'fundamentals', many)]));
    writePack(dir, 'b.drillpack.json', pack({ id: 'other', extra: 1 }, Array.from({ length: 80 }, (_, i) => question(`q-${i}`, 'nowhere'))));
    const json = await cli(['pack', 'validate', dir, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({ ok: false, errorCount: 80, warningCount: 130_001 });
    expect(report.warnings).toHaveLength(51 + 1);
    expect(report.errors).toHaveLength(51);
    const human = await cli(['pack', 'validate', dir]);
    expect(human.code).toBe(1);
    expect(human.out).toMatch(/^INVALID: 2 file\(s\), 81 questions, .* 80 error\(s\), 130001 warning\(s\)$/m);
    expect(human.err).toContain(`${path.join(dir, 'a.drillpack.json')}: (file): 129950 more warnings not shown`);
  });
});

describe('mldrill --help and --version', () => {
  const cases: [string[], RegExp][] = [
    [['--help'], /^Usage:\n {2}mldrill pack validate[^]*mldrill serve[^]*mldrill progress/],
    [['-h'], /^Usage:\n {2}mldrill pack validate/],
    [['help'], /^Usage:\n {2}mldrill pack validate/],
    [['pack', '--help'], /^Usage: mldrill pack COMMAND[^]*\n {2}validate {4,}check drill pack files/],
    [['pack', '-h'], /^Usage: mldrill pack COMMAND/],
    [['pack', 'validate', '--help'], /^Usage: mldrill pack validate PATH\.\.\. \[--json\]\n[^]*--json/],
    [['pack', 'validate', 'some.json', '-h'], /^Usage: mldrill pack validate PATH/],
    [['serve', '--help'], /^Usage: mldrill serve \[--port N\] \[--data DIR\]\n[^]*--port/],
    [['serve', '-h'], /^Usage: mldrill serve/],
    [['progress', '--help'], /^Usage: mldrill progress \[--json\] \[--data DIR\]\n[^]*--data/],
    [['progress', '-h'], /^Usage: mldrill progress/],
  ];
  for (const [args, usage] of cases) {
    it(`mldrill ${args.join(' ')} prints that usage to stdout and exits 0`, async () => {
      const r = await cli(args);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(usage);
    });
  }

  it('prints only the asked command\'s usage', async () => {
    expect((await cli(['serve', '--help'])).out).not.toContain('mldrill progress');
    expect((await cli(['progress', '--help'])).out).not.toContain('mldrill serve');
  });

  it('treats --help after -- as a file name, not a request for help', async () => {
    const r = await cli(['pack', 'validate', '--', '--help']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--help: (file): does not exist');
  });

  it('still exits 2 with the command\'s usage on stderr for unknown options and commands', async () => {
    for (const [args, usage] of [
      [['serve', '--bogus'], 'Usage: mldrill serve'],
      [['progress', '--bogus'], 'Usage: mldrill progress'],
      [['pack', 'validate', '--bogus', 'x'], 'Usage: mldrill pack validate'],
      [['pack', 'frobnicate'], 'Usage: mldrill pack COMMAND'],
      [['frobnicate'], 'Usage:\n  mldrill pack validate'],
      [[], 'Usage:\n  mldrill pack validate'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out, args.join(' ')).toBe('');
      expect(r.err, args.join(' ')).toContain(usage);
    }
  });

  it('mldrill --version and -v print the version in package.json', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: version, err: '' });
    expect(await cli(['-v'])).toMatchObject({ code: 0, out: version, err: '' });
  });

  it('the built CLI finds package.json from dist/node too', () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(execFileSync(process.execPath, [path.join(ROOT, 'bin', 'mldrill.mjs'), '--version'], { encoding: 'utf8' })).toBe(`${version}\n`);
  });
});

describe('mldrill serve', () => {
  it('on a port already in use prints one line naming the port, without usage, exits 1 and closes the database', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      // A stand-in for the built renderer, so the test does not depend on `npm run build`.
      const rendererDir = tempDir();
      fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
      const dataDir = tempDir();
      const r = await cli(['serve', '--port', String(port), '--data', dataDir], { MLDRILL_RENDERER_DIR: rendererDir });
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(new RegExp(`^mldrill: \\S.*\\b${port}\\b`));
      expect(r.errLines[0]).toMatch(/in use/i);
      expect(r.err).not.toMatch(/Usage|\n\s+at |\bat .*:\d+:\d+/);
      // The database opened for the server is closed again: SQLite removes its WAL files when the last connection
      // closes, and the app records the clean close.
      expect(fs.readdirSync(dataDir)).toEqual(['mldrill.sqlite', 'mldrill.state.json']);
      expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'mldrill.state.json'), 'utf8'))).toMatchObject({ open: false });
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
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
    services.api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: '', answerMs: 1, ticked: ['threshold'], suggested: [], ratings: { clarity: 1, judgment: 1, constraints: 1, communication: 1 }, note: '' });
    services.close();

    const viaEnv = await cli(['progress', '--json'], { MLDRILL_DATA_DIR: dataDir });
    const viaFlag = await cli(['progress', '--json', '--data', dataDir]);
    expect(viaEnv.out).toBe(viaFlag.out);
    const report = JSON.parse(viaFlag.out);
    expect(Object.keys(report)).toEqual(['areas', 'weakConcepts', 'dueToday']);
    const { areas } = report;
    expect(areas).toHaveLength(10);
    const evaluation = areas.find((a: { id: string }) => a.id === 'evaluation');
    expect(Object.keys(evaluation)).toEqual(['id', 'mastery', 'due', 'attempts', 'practised', 'available', 'coverage']);
    // Coverage 1/3 grades Again: due again tomorrow, not today.
    expect(evaluation).toMatchObject({ id: 'evaluation', due: 0, attempts: 1, practised: 1, available: 1, coverage: 1 / 3 });
    // breadth 1/1 × (0.6 × recall just after a review ≈ 1 + 0.4 × 1/3).
    expect(evaluation.mastery).toBeCloseTo(0.6 + 0.4 / 3, 2);
    expect(areas.find((a: { id: string }) => a.id === 'rl')).toEqual({ id: 'rl', mastery: null, due: 0, attempts: 0, practised: 0, available: 0, coverage: null });
    expect(report.dueToday).toBe(0);
    expect(report.weakConcepts).toEqual([]);
  });
});
