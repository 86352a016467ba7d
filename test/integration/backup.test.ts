/** Backups taken with SQLite (never a file copy), restore that never replays a foreign -wal, and stray -wal files. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { backupDatabase, backupInProgress, backupNow, checkBackupFile, listBackups, parseBackupName, pruneBackups, putBackupInPlace } from '../../electron/db/backup';
import { MIGRATIONS, latestVersion, migrate } from '../../electron/db/migrations';
import { DB_FILENAME, STATE_FILE, closeDatabase, openDatabase, type OpenNotice } from '../../electron/db/open';
import { tempDir } from './helpers';

const rows = (db: Database.Database) => (db.prepare(`SELECT key, value FROM settings ORDER BY key`).all() as { key: string; value: string }[]).map((r) => `${r.key}=${r.value}`);
const put = (db: Database.Database, key: string, value: string) => db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(key, JSON.stringify(value));

describe('backups', () => {
  it('snapshot what is still in the -wal, which a file copy misses', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    put(db, 'note', 'committed but not checkpointed');
    // A plain copy of the file while the app runs: the row is only in mldrill.sqlite-wal.
    const copied = path.join(tempDir(), 'copy.sqlite');
    fs.copyFileSync(path.join(dir, DB_FILENAME), copied);
    const copy = new Database(copied, { readonly: true });
    expect(() => copy.prepare('SELECT * FROM settings').all()).toThrow(/no such table/);
    copy.close();

    const sync = backupNow(db, dir, 'manual', { nowMs: Date.parse('2026-12-01T10:00:00Z') });
    const online = await backupDatabase(db, dir, 'before-import', { nowMs: Date.parse('2026-12-01T10:00:01Z') });
    for (const b of [sync, online]) {
      const snap = new Database(path.join(dir, 'backups', b.name), { readonly: true });
      expect(rows(snap)).toContain('note="committed but not checkpointed"');
      snap.close();
      expect(checkBackupFile(path.join(dir, 'backups', b.name), latestVersion())).toEqual({ ok: true, schema: latestVersion() });
    }
    // Checking a backup leaves nothing beside it: both kinds are rollback-journal files, not WAL ones.
    expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual([online.name, sync.name].sort());
    expect(listBackups(dir).map((b) => [b.name, b.reason, b.takenAt])).toEqual([
      [online.name, 'before-import', '2026-12-01T10:00:01.000Z'],
      [sync.name, 'manual', '2026-12-01T10:00:00.000Z'],
    ]);
    closeDatabase(db);
  });

  it('keep the newest N and clear half-written ones; names parse back, strangers are ignored', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    for (let i = 0; i < 5; i++) backupNow(db, dir, 'daily', { nowMs: Date.parse('2026-12-01T00:00:00Z') + i * 1000, keep: 3 });
    // A crash's leftover (an hour old) goes; one being written now by another process stays, and says so.
    const stale = path.join(dir, 'backups', 'mldrill-20261201T000009000Z-daily.sqlite.partial');
    fs.writeFileSync(stale, 'half');
    fs.utimesSync(stale, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    expect(backupInProgress(dir)).toBe(false);
    const fresh = 'mldrill-20261201T000010000Z-daily.sqlite.partial';
    fs.writeFileSync(path.join(dir, 'backups', fresh), 'being written');
    expect(backupInProgress(dir)).toBe(true);
    fs.writeFileSync(path.join(dir, 'backups', 'notes.txt'), 'mine');
    pruneBackups(dir, 3);
    expect(listBackups(dir).map((b) => b.takenAt)).toEqual(['2026-12-01T00:00:04.000Z', '2026-12-01T00:00:03.000Z', '2026-12-01T00:00:02.000Z']);
    expect(fs.readdirSync(path.join(dir, 'backups')).sort()).toEqual([...listBackups(dir).map((b) => b.name), fresh, 'notes.txt'].sort());
    expect(parseBackupName('mldrill-20261201T000004000Z-daily.sqlite')).toEqual({ takenAt: '2026-12-01T00:00:04.000Z', reason: 'daily' });
    expect(parseBackupName('mldrill-20261201T000004000Z-whenever.sqlite')).toBeNull();
    closeDatabase(db);
  });

  it('a damaged, foreign or newer file is not a good backup, and says why', () => {
    const dir = tempDir();
    const garbage = path.join(dir, 'garbage.sqlite');
    fs.writeFileSync(garbage, Buffer.alloc(8192, 7));
    expect(checkBackupFile(garbage, latestVersion())).toMatchObject({ ok: false, problem: expect.stringContaining('cannot be read as a database') });
    const empty = path.join(dir, 'empty.sqlite');
    new Database(empty).close();
    expect(checkBackupFile(empty, latestVersion())).toMatchObject({ ok: false, problem: 'it holds no ML Interview Drill data' });
    const newer = path.join(dir, 'newer.sqlite');
    const n = new Database(newer);
    n.pragma('user_version = 999');
    n.close();
    expect(checkBackupFile(newer, latestVersion())).toMatchObject({ ok: false, problem: expect.stringContaining('newer version') });
  });
});

describe('restoring puts the backup in place and never replays the replaced database’s -wal', () => {
  it('removes the old side files first, so the restored data is exactly the backup', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    put(db, 'when', 'at the backup');
    const b = backupNow(db, dir, 'manual');
    put(db, 'when', 'after the backup');
    // Simulate a crash: the newer row sits in the -wal, which must not be replayed into the restored file.
    const wal = fs.readFileSync(path.join(dir, `${DB_FILENAME}-wal`));
    db.close();
    fs.writeFileSync(path.join(dir, `${DB_FILENAME}-wal`), wal);
    putBackupInPlace(dir, path.join(dir, 'backups', b.name));
    expect(fs.existsSync(path.join(dir, `${DB_FILENAME}-wal`))).toBe(false);
    const again = openDatabase(dir);
    expect(rows(again)).toContain('when="at the backup"');
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(again);
    // The backup itself is untouched.
    expect(checkBackupFile(path.join(dir, 'backups', b.name), latestVersion()).ok).toBe(true);
  });
});

describe('a stray -wal', () => {
  it('found after a clean close is set aside, never replayed: the data is not rolled back', () => {
    const dir = tempDir();
    let db = openDatabase(dir);
    put(db, 'value', 'old');
    // Someone keeps a copy of the -wal from this moment…
    const oldWal = fs.readFileSync(path.join(dir, `${DB_FILENAME}-wal`));
    put(db, 'value', 'new');
    closeDatabase(db);
    expect(JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8'))).toMatchObject({ open: false });
    // …and puts it back beside the database later.
    fs.writeFileSync(path.join(dir, `${DB_FILENAME}-wal`), oldWal);
    const notices: OpenNotice[] = [];
    db = openDatabase(dir, { onNotice: (n) => notices.push(n) });
    expect(rows(db)).toContain('value="new"');
    expect(notices).toEqual([{ kind: 'stray-wal', movedTo: expect.stringContaining('stray-wal-') }]);
    const moved = (notices[0] as { movedTo: string }).movedTo;
    expect(fs.readFileSync(path.join(moved, `${DB_FILENAME}-wal`))).toEqual(oldWal);
    closeDatabase(db);
  });

  it('left by a crash (the session never closed) is the database’s own and is replayed', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    put(db, 'value', 'only in the wal');
    const wal = fs.readFileSync(path.join(dir, `${DB_FILENAME}-wal`));
    const shm = fs.readFileSync(path.join(dir, `${DB_FILENAME}-shm`));
    // A kill -9: no close, no checkpoint. (Closing the handle here would checkpoint, so the files are put back.)
    db.close();
    fs.writeFileSync(path.join(dir, `${DB_FILENAME}-wal`), wal);
    fs.writeFileSync(path.join(dir, `${DB_FILENAME}-shm`), shm);
    fs.writeFileSync(path.join(dir, STATE_FILE), JSON.stringify({ open: true, at: 'then' }));
    const notices: OpenNotice[] = [];
    const again = openDatabase(dir, { onNotice: (n) => notices.push(n) });
    expect(rows(again)).toContain('value="only in the wal"');
    expect(notices).toEqual([]);
    closeDatabase(again);
  });
});

describe('before a migration', () => {
  it('the database is backed up as the older app left it', () => {
    const dir = tempDir();
    const old = new Database(path.join(dir, DB_FILENAME));
    old.pragma('journal_mode = WAL');
    migrate(old, MIGRATIONS.slice(0, 2));
    old.prepare(`INSERT INTO settings (key, value) VALUES ('theme', '"dark"')`).run();
    old.close();
    const notices: OpenNotice[] = [];
    const db = openDatabase(dir, { onNotice: (n) => notices.push(n) });
    expect(notices).toEqual([{ kind: 'backup-before-migration', backup: expect.stringMatching(/-before-migration\.sqlite$/), from: 2, to: latestVersion() }]);
    const [backup] = listBackups(dir);
    const snap = new Database(path.join(dir, 'backups', backup!.name), { readonly: true });
    expect(snap.pragma('user_version', { simple: true })).toBe(2);
    expect(rows(snap)).toEqual(['theme="dark"']);
    snap.close();
    closeDatabase(db);
    // Opening again migrates nothing and takes no further backup.
    const again = openDatabase(dir, { onNotice: (n) => notices.push(n) });
    expect(notices).toHaveLength(1);
    closeDatabase(again);
  });
});
