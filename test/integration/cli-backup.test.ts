/** `mldrill backup`, `mldrill backups` and `mldrill restore`, through runCli as the command line runs them. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIO } from '../../electron/cli/main';
import { createServices } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

async function cli(args: string[], extra: Partial<CliIO> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, ...extra });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function practised() {
  const bankDir = tempDir('mldrill-bank-');
  fs.writeFileSync(path.join(bankDir, 'p.drillpack.json'), JSON.stringify(pack({}, [question('q-one'), question('q-two')])));
  const dataDir = tempDir();
  const s = createServices({ dataDir, bankDir });
  const answer = (id: string) => {
    const session = s.api.startSession({ areas: ['fundamentals'], level: 'any', count: 1, only: [{ packId: 'test-pack', id }] });
    s.api.saveAttempt({ sessionId: session.id, position: 0, revision: 0, answer: id, answerMs: 1, ticked: [], suggested: [], ratings: { clarity: 2, judgment: 2, constraints: 2, communication: 2 }, note: '' });
  };
  return { dataDir, bankDir, s, answer };
}

describe('mldrill backup, backups, restore', () => {
  it('backs up while the app has the database open, including what is still in its -wal', async () => {
    const { dataDir, s, answer } = practised();
    answer('q-one');
    const out = path.join(tempDir(), 'all-my-data.sqlite');
    const r = await cli(['backup', '--out', out, '--data', dataDir]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain(`Backed up all your data to ${out}`);
    expect((await cli(['backup', '--out', out, '--data', dataDir])).err).toBe(`${out} already exists; choose a new file name.`);
    const inFolder = await cli(['backup', '--data', dataDir]);
    expect(inFolder.out).toMatch(/^Backed up to .*backups.*-manual\.sqlite \(\d+ KB\)\.$/);
    const listed = JSON.parse((await cli(['backups', '--json', '--data', dataDir])).out);
    expect(listed.backups).toHaveLength(1);
    expect(listed.backups[0]).toMatchObject({ reason: 'manual' });
    s.close();
    // Restored on another machine (an empty folder), it holds the answer.
    const elsewhere = tempDir();
    const restored = await cli(['restore', out, '--yes', '--data', elsewhere]);
    expect(restored).toMatchObject({ code: 0 });
    expect(restored.out).toContain('(1 graded answers)');
  });

  it('restore asks first, refuses while the app is running, checks the file, and keeps the data it replaces', async () => {
    const { dataDir, s, answer } = practised();
    answer('q-one');
    await cli(['backup', '--data', dataDir]);
    const name = JSON.parse((await cli(['backups', '--json', '--data', dataDir])).out).backups[0].name as string;
    answer('q-two');
    // The app is open: refused, whatever --yes says.
    expect(await cli(['restore', name, '--yes', '--data', dataDir])).toMatchObject({ code: 1, err: expect.stringContaining('Close it, then run restore again') });
    s.close();
    // No terminal to ask on and no --yes: nothing happens. Answering no: nothing happens.
    expect(await cli(['restore', name, '--data', dataDir])).toMatchObject({ code: 1, err: 'Nothing was changed: add --yes to restore without being asked.' });
    const asked: string[] = [];
    expect(await cli(['restore', name, '--data', dataDir], { confirm: async (q) => (asked.push(q), false) })).toMatchObject({ code: 1, err: 'Nothing was changed.' });
    expect(asked[0]).toMatch(/^Replace all your data in .* with .*\? A backup of the current data is taken first\. \[y\/N\] $/);
    const yes = await cli(['restore', name, '--data', dataDir], { confirm: async () => true });
    expect(yes).toMatchObject({ code: 0 });
    expect(yes.out).toContain('(1 graded answers)');
    expect(yes.out).toMatch(/Your data as it was is kept in .*-before-restore\.sqlite/);
    // A damaged or missing file is refused with the reason, and nothing changes.
    const junk = path.join(tempDir(), 'junk.sqlite');
    fs.writeFileSync(junk, 'not a database at all, sorry'.repeat(100));
    expect(await cli(['restore', junk, '--yes', '--data', dataDir])).toMatchObject({ code: 1, err: expect.stringMatching(/cannot be restored: it cannot be read as a database .*Nothing was changed\./) });
    expect(await cli(['restore', '/no/such/file.sqlite', '--yes', '--data', dataDir])).toMatchObject({ code: 1, err: expect.stringContaining('does not exist') });
    expect((await cli(['restore', '--data', dataDir])).code).toBe(2);
  });
});
