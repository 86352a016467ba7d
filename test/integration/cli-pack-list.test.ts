import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/main';
import { DB_FILENAME, closeDatabase, openDatabase } from '../../electron/db/open';
import { listPackFiles, readPackFile } from '../../electron/services/bank';
import { createServices } from '../../electron/services/index';
import { pack, question } from '../fixtures/packs';
import { BANK_DIR, tempDir } from './helpers';

const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * A data folder with a built-in pack (bank-fund), an imported one (acme, disabled, one attempt, one question
 * retired by an update), closed again so the CLI opens it on its own.
 */
async function folder() {
  const bankDir = tempDir('mldrill-bank-');
  fs.writeFileSync(path.join(bankDir, 'bank-fund.drillpack.json'), JSON.stringify(pack({ id: 'bank-fund', title: 'Bank fundamentals' }, [question('f-1')])));
  const dataDir = tempDir();
  const services = createServices({ dataDir, bankDir });
  const { api } = services;
  const importPack = async (p: unknown) => {
    const preview = api.previewImport({ fileName: 'acme.drillpack.json', text: JSON.stringify(p) });
    await api.applyImport({ importId: preview.importId!, force: false });
  };
  await importPack(pack({ id: 'acme', title: 'Acme bootcamp' }, [question('a-1', 'evaluation'), question('a-2', 'evaluation'), question('a-3', 'mlops')]));
  await importPack(pack({ id: 'acme', title: 'Acme bootcamp', version: '1.1.0' }, [question('a-1', 'evaluation'), question('a-2', 'evaluation')]));
  const s = api.startSession({ areas: ['evaluation'], level: 'any', count: 1 });
  api.saveAttempt({ sessionId: s.id, position: 0, revision: 0, answer: 'a', answerMs: 1, ticked: [], suggested: [], ratings: RATINGS, note: '' });
  api.setPackEnabled({ packId: 'acme', enabled: false });
  services.close();
  return dataDir;
}

const attempts = (dataDir: string) => {
  const db = openDatabase(dataDir, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM attempts').get() as { n: number }).n;
  } finally {
    closeDatabase(db);
  }
};

describe('mldrill pack list', () => {
  it('prints the installed packs as JSON: active and retired questions, enabled, built in', async () => {
    const dataDir = await folder();
    const r = await cli('pack', 'list', '--json', '--data', dataDir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      packs: [
        { id: 'bank-fund', version: '1.0.0', title: 'Bank fundamentals', questions: 1, retired: 0, enabled: true, builtin: true },
        { id: 'acme', version: '1.1.0', title: 'Acme bootcamp', questions: 2, retired: 1, enabled: false, builtin: false },
      ],
    });
  });

  it('prints a table without --json', async () => {
    const dataDir = await folder();
    const r = await cli('pack', 'list', '--data', dataDir);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^id\s+version\s+questions\s+retired\s+state\s+source\s+title$/);
    expect(lines.find((l) => l.startsWith('acme '))).toMatch(/^acme\s+1\.1\.0\s+2\s+1\s+disabled\s+imported\s+Acme bootcamp$/);
    expect(lines.find((l) => l.startsWith('bank-fund '))).toMatch(/enabled\s+built-in\s+Bank fundamentals$/);
    expect(lines.at(-1)).toBe(`data: ${dataDir}`);
  });

  it('with no database yet: lists the built-in bank and creates nothing', async () => {
    const dataDir = tempDir();
    const r = await cli('pack', 'list', '--json', '--data', dataDir);
    expect(r.code).toBe(0);
    const bank = listPackFiles(BANK_DIR).map((f) => readPackFile(f).result);
    const { packs } = JSON.parse(r.out) as { packs: { id: string; questions: number; retired: number; enabled: boolean; builtin: boolean }[] };
    expect(packs.map((p) => p.id).sort()).toEqual(bank.map((b) => (b.ok ? b.pack.id : '')).sort());
    expect(packs.every((p) => p.builtin && p.enabled && p.retired === 0 && p.questions > 0)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual([]);
    const text = await cli('pack', 'list', '--data', path.join(dataDir, 'missing'));
    expect(text.code).toBe(0);
    expect(text.err).toMatch(/No database in .* yet/);
    expect(fs.existsSync(path.join(dataDir, 'missing'))).toBe(false);
  });

  it('takes --help and refuses unknown options', async () => {
    expect(await cli('pack', 'list', '--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: mldrill pack list') });
    expect((await cli('pack', 'list', '--bogus')).code).toBe(2);
    const group = await cli('pack', '--help');
    expect(group.out).toMatch(/\n {2}list +list the installed packs/);
    expect(group.out).toMatch(/\n {2}remove +remove an imported pack/);
  });
});

describe('mldrill pack remove', () => {
  it('without --yes says what would go and exits 1, changing nothing', async () => {
    const dataDir = await folder();
    const before = fs.readFileSync(path.join(dataDir, DB_FILENAME));
    const r = await cli('pack', 'remove', 'acme', '--data', dataDir);
    expect(r).toMatchObject({ code: 1 });
    expect(r.out).toBe('Would remove pack acme ("Acme bootcamp"): 3 questions; 1 attempt would be deleted; 1 drill holding its questions would lose them.');
    expect(r.err).toMatch(/--yes/);
    const kept = await cli('pack', 'remove', 'acme', '--keep-history', '--data', dataDir);
    expect(kept).toMatchObject({ code: 1, out: 'Would remove pack acme ("Acme bootcamp"): 3 questions; 1 attempt would be kept as history.' });
    expect(fs.readFileSync(path.join(dataDir, DB_FILENAME)).equals(before)).toBe(true);
  });

  it('--keep-history --yes hides the pack and keeps its attempts; --yes then deletes them', async () => {
    const dataDir = await folder();
    const kept = await cli('pack', 'remove', 'acme', '--keep-history', '--yes', '--data', dataDir);
    expect(kept).toMatchObject({ code: 0, out: 'removed acme; kept 1 attempt as history (importing the pack again brings it back)' });
    expect(JSON.parse((await cli('pack', 'list', '--json', '--data', dataDir)).out).packs.map((p: { id: string }) => p.id)).toEqual(['bank-fund']);
    expect(attempts(dataDir)).toBe(1);
    expect((await cli('pack', 'remove', 'acme', '--keep-history', '--yes', '--data', dataDir)).code).toBe(1);

    const gone = await cli('pack', 'remove', 'acme', '--yes', '--data', dataDir);
    expect(gone).toMatchObject({ code: 0, out: 'removed acme; 1 attempt deleted' });
    expect(attempts(dataDir)).toBe(0);
    expect(await cli('pack', 'remove', 'acme', '--yes', '--data', dataDir)).toMatchObject({ code: 1, err: expect.stringContaining('is not installed') });
  });

  it('refuses a built-in pack, a missing database and usage mistakes', async () => {
    const dataDir = await folder();
    const builtin = await cli('pack', 'remove', 'bank-fund', '--yes', '--data', dataDir);
    expect(builtin).toMatchObject({ code: 1, err: expect.stringContaining('built-in pack and cannot be removed') });

    const empty = tempDir();
    const none = await cli('pack', 'remove', 'acme', '--yes', '--data', empty);
    expect(none).toMatchObject({ code: 1, err: expect.stringContaining('no ML Interview Drill database yet') });
    expect(fs.readdirSync(empty)).toEqual([]);

    expect((await cli('pack', 'remove', '--data', dataDir)).code).toBe(2);
    expect((await cli('pack', 'remove', 'a', 'b', '--data', dataDir)).code).toBe(2);
    expect(await cli('pack', 'remove', '--help')).toMatchObject({ code: 0, out: expect.stringContaining('Usage: mldrill pack remove ID') });
  });
});
