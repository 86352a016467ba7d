/**
 * Crash safety with real processes: `mldrill serve` (dist/node/cli.mjs, built by the global setup) is killed with
 * SIGKILL in the middle of a pack import, of repeated writes, of a backup and of a restore, started again on the same
 * folder, and the folder is checked as the restarted app finds it: integrity_check, every row (a digest of all
 * tables), every acknowledged write, every file in backups/ that has a backup's name.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DB_FILENAME,
  backupReport,
  bigPack,
  digest,
  figuresOf,
  integrityCheck,
  mustCall,
  seedAttempts,
  sleep,
  spawnServe,
  startupChecksDone,
  stubRenderer,
  waitFor,
  type Digest,
  type KillableServe,
} from '../../scripts/crash-harness.mjs';
import { Ledger, runWriter, soak } from '../../scripts/crash-writer.mjs';
import { tempDir } from './helpers';

const RATINGS = { clarity: 2, judgment: 2, constraints: 2, communication: 2 };

/** Every serve a test started, killed at the end whatever happened. */
const running: KillableServe[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.kill9();
});

async function serve(dataDir: string, rendererDir: string) {
  const s = await spawnServe({ dataDir, rendererDir });
  running.push(s);
  return s;
}

/** Kills a serve with SIGKILL and checks it died of it (not of something else first). */
async function kill9(s: KillableServe) {
  const exit = await s.kill9();
  running.splice(running.indexOf(s), 1);
  expect(exit, s.output()).toEqual({ code: null, signal: 'SIGKILL' });
}

const sizeOf = (file: string) => {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
};

/** What backups/ holds, with sizes, for messages. */
const listing = (dataDir: string) =>
  fs
    .readdirSync(path.join(dataDir, 'backups'))
    .map((n) => `${n} (${sizeOf(path.join(dataDir, 'backups', n))} B)`)
    .join(', ');

/** Every file in backups/ with a backup's name passes integrity_check; answers the report for messages. */
function expectSoundBackups(dataDir: string) {
  const report = backupReport(dataDir);
  for (const b of report.named) expect(b.integrity, `${b.name} (${b.bytes} bytes); others: ${report.others.join(', ')}`).toBe('ok');
  return report;
}

describe('the checks themselves', () => {
  it('see an acknowledged write that is missing, changed rows and a damaged file', async () => {
    const dataDir = tempDir();
    const s = await serve(dataDir, stubRenderer(tempDir()));
    const ledger = new Ledger();
    await runWriter(s, ledger, { deadline: performance.now() + 3000 });
    await s.stop();
    running.splice(running.indexOf(s), 1);
    const file = path.join(dataDir, DB_FILENAME);
    expect(ledger.refusals).toEqual([]);
    expect(ledger.acked.attempts).toBeGreaterThan(0);
    expect(ledger.verify(file)).toMatchObject({ lost: 0, problems: [] });
    const before = digest(file);

    // A copy that lost the last attempt the server acknowledged.
    const copy = path.join(tempDir(), DB_FILENAME);
    fs.copyFileSync(file, copy);
    const last = ledger.attempts.at(-1)!;
    const db = new Database(copy);
    for (const sql of ['DELETE FROM attempt_items WHERE attempt_id = ?', 'DELETE FROM attempt_texts WHERE attempt_id = ?', 'DELETE FROM attempts WHERE id = ?']) db.prepare(sql).run(last.attemptId);
    db.close();
    expect(ledger.verify(copy).lostIds).toContain(`attempt:${last.attemptId}`);
    expect(digest(copy).hash).not.toBe(before.hash);
    expect(integrityCheck(copy)).toBe('ok');
    // And a damaged one: a page in the middle overwritten.
    const fd = fs.openSync(copy, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(fs.statSync(copy).size / 8192) * 4096);
    fs.closeSync(fd);
    expect(integrityCheck(copy)).not.toBe('ok');
    // Nothing was left beside the files the checks read.
    expect(fs.readdirSync(dataDir).filter((n) => n !== 'backups')).toEqual([DB_FILENAME, 'mldrill.state.json']);
  }, 120_000);
});

describe('SIGKILL in the middle of a 5,000-question import', () => {
  it('leaves the database exactly as it was: integrity ok, the same rows, the pack never half-applied', async () => {
    const dataDir = tempDir();
    const rendererDir = stubRenderer(tempDir());
    const file = path.join(dataDir, DB_FILENAME);
    let s = await serve(dataDir, rendererDir);
    await startupChecksDone(s);
    const before = digest(file);
    const figuresBefore = figuresOf(file);
    const text = JSON.stringify(bigPack(5000));
    const log: string[] = [];

    // Two kills: while the worker writes questions (in its one transaction), and as early as the import can be
    // caught (the backup before it, or its first questions).
    for (const moment of ['writing', 'early'] as const) {
      const preview = await mustCall(s, 'previewImport', { fileName: 'crash.drillpack.json', text }, { timeoutMs: 120_000 });
      expect(preview).toMatchObject({ action: 'install', pack: { questions: 5000 } });
      const backupsBefore = new Set(fs.readdirSync(path.join(dataDir, 'backups')));
      // The answer never comes: the process dies first. (Not acknowledged, so nothing may be kept.)
      const applying = s.call('applyImport', { importId: preview.importId, force: false }).then(
        (r) => ({ answered: r }),
        () => ({ answered: null }),
      );
      let at: { state: string; done: number; total: number };
      if (moment === 'writing') {
        at = await waitFor(
          async () => {
            const p = await mustCall<{ state: string; done: number; total: number }>(s, 'getImportProgress', { importId: preview.importId });
            return p.state === 'running' && p.done >= p.total * 0.3 ? p : null;
          },
          { timeoutMs: 120_000, everyMs: 5, what: 'the import to be a third done' },
        );
      } else {
        // A backup being written, or any progress at all, whichever shows first.
        await waitFor(() => fs.readdirSync(path.join(dataDir, 'backups')).some((f) => !backupsBefore.has(f)), { timeoutMs: 60_000, everyMs: 1, what: 'the backup before the import' });
        at = { state: 'backing up', done: 0, total: 5000 };
      }
      await kill9(s);
      expect(await applying).toEqual({ answered: null });
      log.push(`${moment}: killed at ${at.state} ${at.done}/${at.total}; backups/ then: ${fs.readdirSync(path.join(dataDir, 'backups')).join(', ')}`);

      s = await serve(dataDir, rendererDir);
      expect(integrityCheck(file)).toBe('ok');
      const after = digest(file);
      expect(after.counts).toEqual(before.counts);
      expect(after.hash).toBe(before.hash);
      expect(figuresOf(file)).toEqual(figuresBefore);
      const packs = await mustCall<{ id: string }[]>(s, 'listPacks', {});
      expect(packs.map((p) => p.id)).not.toContain('crash-pack');
      expectSoundBackups(dataDir);
    }

    // After both kills the same file imports in full: the crash left nothing in the way, and the digest above would
    // have seen a half-applied pack.
    const preview = await mustCall(s, 'previewImport', { fileName: 'crash.drillpack.json', text }, { timeoutMs: 120_000 });
    const result = await mustCall(s, 'applyImport', { importId: preview.importId, force: false }, { timeoutMs: 300_000 });
    expect(result).toMatchObject({ packId: 'crash-pack', action: 'added', added: 5000 });
    expect(figuresOf(file).questions).toBe(figuresBefore.questions + 5000);
    expect(integrityCheck(file)).toBe('ok');
    console.log(`import kills:\n  ${log.join('\n  ')}`);
  }, 600_000);
});

describe('repeated SIGKILL while drafts and attempts are written', () => {
  it('20 kills at random moments: every restart is sound and keeps every acknowledged write', async () => {
    const r = await soak({ kills: 20, seed: 4242 });
    const lines = r.rounds.map((x) => `kill ${x.kill} after ${x.runMs} ms: ${x.writes} acked, integrity ${x.integrity}, lost ${x.lost} ${x.problems.join(' | ')}`);
    console.log(`soak: ${r.kills} kills in ${r.seconds} s, ${r.ackedWrites} acknowledged writes (${JSON.stringify(r.acked)}), lost ${r.lost}, restart median ${r.restartMs.median} ms`);
    expect(r.refusals).toEqual([]);
    expect(r.rounds.filter((x) => x.problems.length > 0).map((x) => lines[x.kill - 1])).toEqual([]);
    expect(r.survived).toBe(20);
    expect(r.lost).toBe(0);
    expect(r.final).toEqual({ integrity: 'ok', lost: 0, problems: [] });
    // The kills landed among writes: most runs had writes acknowledged before the kill.
    expect(r.ackedWrites).toBeGreaterThan(20);
  }, 180_000);
});

describe('SIGKILL during a backup and during a restore', () => {
  /**
   * A folder with the bank and 30,000 seeded attempts (tens of MB, so a backup and a restore take a while), a good
   * manual backup of it, then two more answers, so the database and the backup differ.
   */
  async function bigFolder() {
    const dataDir = tempDir();
    const rendererDir = stubRenderer(tempDir());
    let s = await serve(dataDir, rendererDir);
    await startupChecksDone(s);
    await s.stop();
    running.splice(running.indexOf(s), 1);
    const bytes = seedAttempts(dataDir, 30_000);
    s = await serve(dataDir, rendererDir);
    // Room for every backup the trials take: none of them may push the good one out.
    await mustCall(s, 'updateSettings', { backupsKept: 100 });
    const t0 = performance.now();
    const good = await mustCall<{ name: string }>(s, 'createBackup', {}, { timeoutMs: 120_000 });
    const backupMs = performance.now() - t0;
    for (let i = 0; i < 2; i++) {
      const session = await mustCall<{ id: number }>(s, 'startSession', { areas: ['evaluation'], level: 'any', count: 1 });
      await mustCall(s, 'saveAttempt', { sessionId: session.id, position: 0, revision: 0, answer: `after the backup ${i}`, answerMs: 1000, ticked: [], suggested: [], ratings: RATINGS, note: '' });
    }
    const goodFile = path.join(dataDir, 'backups', good.name);
    return { dataDir, rendererDir, s, bytes, good: good.name, goodFile, goodDigest: digest(goodFile), backupMs };
  }

  /**
   * One kill: `start` the call, wait until `at` (a phase seen on disk when `phase`, else a moment in time), kill.
   * `may`: what the database may hold after the restart (the data as it was, or also the restored backup).
   */
  type Trial = { what: string; start: (s: KillableServe) => Promise<unknown>; at: () => Promise<unknown>; phase?: true; may: 'current' | 'current-or-backup' };

  async function runTrials(f: Awaited<ReturnType<typeof bigFolder>>, trials: Trial[]) {
    const file = path.join(f.dataDir, DB_FILENAME);
    const log: string[] = [];
    let s = f.s;
    for (const t of trials) {
      const current: Digest = digest(file);
      let settled: unknown = null;
      const call = t.start(s).then(
        (v) => (settled = { answered: v }),
        (e: Error) => (settled = { answered: null, error: e.message }),
      );
      // A phase that never shows because the call failed at once says so, rather than waiting out the timeout.
      const early = async () => {
        const exit = await Promise.race([s.exited, sleep(1000).then(() => 'still running')]);
        throw new Error(`${t.what}: the call settled first: ${JSON.stringify(settled)}; the server: ${JSON.stringify(exit)}\n${s.output()}`);
      };
      await Promise.race([t.at(), call.then(() => (t.phase ? early() : t.at()))]);
      const seen = { backups: fs.readdirSync(path.join(f.dataDir, 'backups')).filter((n) => !n.startsWith(f.good)), folder: fs.readdirSync(f.dataDir).filter((n) => n.includes('restoring')) };
      await kill9(s);
      const answered = ((await call) as { answered: unknown }).answered;
      s = await serve(f.dataDir, f.rendererDir);
      const integrity = integrityCheck(file);
      const now = digest(file);
      const which = now.hash === current.hash ? 'as before' : now.hash === f.goodDigest.hash ? 'the backup' : 'NEITHER';
      // What the crash left that the restarted app did not clear (not damage: named so the report can say so).
      const left = [...fs.readdirSync(f.dataDir).filter((n) => n.includes('restoring')), ...backupReport(f.dataDir).others.map((n) => `backups/${n}`)];
      log.push(
        `${t.what}: answered ${answered === null ? 'no' : 'yes'}; at the kill backups/ had ${seen.backups.join(', ') || 'nothing new'}${seen.folder.length ? `, the folder ${seen.folder.join(', ')}` : ''}; ` +
          `after the restart: integrity ${integrity}, data ${which}, left over: ${left.join(', ') || 'nothing'}`,
      );
      expect(integrity, t.what).toBe('ok');
      if (t.may === 'current') expect(which, t.what).toBe('as before');
      else expect(['as before', 'the backup'], t.what).toContain(which);
      // The last good backup is untouched, and every file with a backup's name is sound.
      expect(digest(f.goodFile).hash, t.what).toBe(f.goodDigest.hash);
      expectSoundBackups(f.dataDir);
    }
    return { s, log };
  }

  it('a backup killed mid-copy or at a random moment damages neither the database nor the last good backup', async () => {
    const f = await bigFolder();
    const partial = () =>
      waitFor(
        () => fs.readdirSync(path.join(f.dataDir, 'backups')).find((n) => n.endsWith('-manual.sqlite.partial') && sizeOf(path.join(f.dataDir, 'backups', n)) >= f.bytes * 0.25),
        { timeoutMs: 60_000, everyMs: 1, what: () => `a quarter of the backup written; backups/ holds ${listing(f.dataDir)}` },
      );
    const backup = (s: KillableServe) => mustCall(s, 'createBackup', {}, { timeoutMs: 120_000 });
    const { s, log } = await runTrials(f, [
      { what: 'createBackup, a quarter copied', start: backup, at: partial, phase: true, may: 'current' },
      ...[0.2, 0.5, 0.8, 1].map((x) => ({ what: `createBackup, ${Math.round(f.backupMs * x)} ms in`, start: backup, at: () => sleep(f.backupMs * x), may: 'current' as const })),
    ]);
    // The folder still takes backups after the crashes.
    const b = await mustCall<{ name: string }>(s, 'createBackup', {}, { timeoutMs: 120_000 });
    expect(integrityCheck(path.join(f.dataDir, 'backups', b.name))).toBe('ok');
    console.log(`${(f.bytes / 1048576).toFixed(1)} MB database, a backup took ${Math.round(f.backupMs)} ms:\n  ${log.join('\n  ')}\n  backups/ at the end: ${fs.readdirSync(path.join(f.dataDir, 'backups')).join(', ')}`);
  }, 600_000);

  it('a restore killed during its own backup, while the copy is put in place, or at a random moment leaves the old data or the backup, whole', async () => {
    const f = await bigFolder();
    const restore = (s: KillableServe) => mustCall(s, 'restoreBackup', { name: f.good }, { timeoutMs: 120_000 });
    const t0 = performance.now();
    const trials: Trial[] = [
      {
        what: 'restoreBackup, during the backup of the current state',
        start: restore,
        at: () =>
          waitFor(
            () => fs.readdirSync(path.join(f.dataDir, 'backups')).find((n) => n.endsWith('-before-restore.sqlite.partial') && sizeOf(path.join(f.dataDir, 'backups', n)) >= f.bytes * 0.25),
            { timeoutMs: 60_000, everyMs: 1, what: () => `a quarter of the before-restore backup written; backups/ holds ${listing(f.dataDir)}` },
          ),
        phase: true,
        may: 'current',
      },
      {
        what: 'restoreBackup, while the backup is copied beside the database',
        start: restore,
        at: () => waitFor(() => sizeOf(path.join(f.dataDir, `${DB_FILENAME}.restoring`)) >= f.bytes * 0.25, { timeoutMs: 60_000, everyMs: 1, what: 'mldrill.sqlite.restoring a quarter written' }),
        phase: true,
        may: 'current',
      },
      // A restore takes a backup (about backupMs) and then copies the file: random moments across both.
      ...[0.5, 1, 1.5, 2, 2.5].map((x) => ({ what: `restoreBackup, ${Math.round(f.backupMs * x)} ms in`, start: restore, at: () => sleep(f.backupMs * x), may: 'current-or-backup' as const })),
    ];
    const { s, log } = await runTrials(f, trials);
    // And a restore that runs to the end puts exactly the backup in place.
    await restore(s);
    const file = path.join(f.dataDir, DB_FILENAME);
    expect(integrityCheck(file)).toBe('ok');
    expect(digest(file).hash).toBe(f.goodDigest.hash);
    console.log(
      `${(f.bytes / 1048576).toFixed(1)} MB database, a backup took ${Math.round(f.backupMs)} ms (${Math.round((performance.now() - t0) / 1000)} s of trials):\n  ${log.join('\n  ')}\n` +
        `  backups/ at the end: ${fs.readdirSync(path.join(f.dataDir, 'backups')).join(', ')}\n  the folder at the end: ${fs.readdirSync(f.dataDir).join(', ')}`,
    );
  }, 600_000);
});
