/** Recorded answers through the services: chunks on disk in order, linking to the attempt, deletion, backups. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupRecordingsDir, listBackups, putBackupInPlace, recordingsDir, saveRecordingsBeside } from '../../electron/db/backup';
import { manualClock } from '../../electron/services/clock';
import { createDispatcher } from '../../electron/services/dispatch';
import { createServices } from '../../electron/services/index';
import { sweepRecordingFiles } from '../../electron/services/recordings';
import { MAX_CHUNK_BYTES } from '../../shared/recordings';
import { pack, question } from '../fixtures/packs';
import { tempDir } from './helpers';

const RATINGS = { clarity: 3, judgment: 2, constraints: 1, communication: 4 };
const MIME = 'audio/webm;codecs=opus' as const;
/** The EBML magic a WebM stream starts with, then made-up bytes: the service stores bytes, it does not decode them. */
const HEAD = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]);
const b64 = (b: Buffer) => b.toString('base64');

function setup(dataDir = tempDir()) {
  const bankDir = tempDir('mldrill-bank-');
  fs.writeFileSync(path.join(bankDir, 'test.drillpack.json'), JSON.stringify(pack({}, [question('q-one'), question('q-two'), question('q-three')])));
  const clock = manualClock('2026-12-01T10:00:00Z');
  const services = createServices({ dataDir, bankDir, clock });
  return { dataDir, bankDir, clock, services, api: services.api, dispatch: createDispatcher(services.api, new Map(), 'browser', { busyRetryMs: [] }) };
}

const attempt = (sessionId: number, position: number) => ({ sessionId, position, revision: 0, answer: 'spoken', answerMs: 4000, ticked: [], suggested: [], ratings: RATINGS, note: '' });

function record(api: ReturnType<typeof setup>['api'], sessionId: number, position: number, chunks: Buffer[], part = 0) {
  const r = api.startRecording({ sessionId, position, part, mime: MIME });
  chunks.forEach((c, seq) => api.appendRecordingChunk({ recordingId: r.id, seq, data: b64(c), durationMs: (seq + 1) * 1000 }));
  return r;
}

function readAll(api: ReturnType<typeof setup>['api'], recordingId: number): Buffer {
  const parts: Buffer[] = [];
  for (let offset = 0; ; ) {
    const piece = api.readRecording({ recordingId, offset });
    parts.push(Buffer.from(piece.data, 'base64'));
    offset += Buffer.from(piece.data, 'base64').length;
    if (piece.done) break;
  }
  return Buffer.concat(parts);
}

describe('recording an answer', () => {
  it('appends chunks in order, fsynced into one file, and completes with its duration', () => {
    const { api, services, dataDir } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 2 });
    const chunks = [HEAD, Buffer.from('second'), Buffer.from('third')];
    const r = record(api, s.id, 0, chunks);
    expect(api.finishRecording({ recordingId: r.id, chunks: 3, durationMs: 3200 })).toMatchObject({ status: 'complete', bytes: HEAD.length + 11, durationMs: 3200, part: 0, attemptId: null });
    const files = fs.readdirSync(recordingsDir(dataDir));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(recordingsDir(dataDir), files[0]!))).toEqual(Buffer.concat(chunks));
    expect(readAll(api, r.id)).toEqual(Buffer.concat(chunks));
    expect(api.getRecordingsUsage({})).toEqual({ count: 1, bytes: HEAD.length + 11, oldestAt: '2026-12-01T10:00:00.000Z' });
    services.close();
  });

  it('refuses a repeated chunk and a gap clearly, and leaves the file as acknowledged', () => {
    const { api, dispatch, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const r = record(api, s.id, 0, [HEAD, Buffer.from('one')]);
    expect(dispatch('appendRecordingChunk', { recordingId: r.id, seq: 1, data: b64(Buffer.from('one')), durationMs: 2000 })).toEqual({
      ok: false,
      error: { code: 'conflict', message: `Chunk 1 of recording ${r.id} is already stored (it has 2); a chunk is never stored twice.`, retryable: false },
    });
    expect(dispatch('appendRecordingChunk', { recordingId: r.id, seq: 5, data: b64(Buffer.from('five')), durationMs: 6000 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: `Chunk 5 of recording ${r.id} came out of order: chunk 2 is the next one expected.` },
    });
    expect(dispatch('finishRecording', { recordingId: r.id, chunks: 4, durationMs: 4000 })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: `Recording ${r.id} cannot be completed: chunks 2 to 3 are missing. Send them first.` },
    });
    expect(readAll(api, r.id)).toEqual(Buffer.concat([HEAD, Buffer.from('one')]));
    services.close();
  });

  it('refuses what is not audio of its format, an oversized chunk, bad base64, and a second recording of one answer', () => {
    const { api, dispatch, services, dataDir } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const r = api.startRecording({ sessionId: s.id, position: 0, part: 0, mime: MIME });
    expect(dispatch('appendRecordingChunk', { recordingId: r.id, seq: 0, data: b64(Buffer.from('<html>hello</html>')), durationMs: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: "The first chunk is not audio/webm;codecs=opus audio (its first bytes are not that format's header)." },
    });
    const big = Buffer.alloc(MAX_CHUNK_BYTES + 3, 7);
    HEAD.copy(big);
    expect(dispatch('appendRecordingChunk', { recordingId: r.id, seq: 0, data: b64(big), durationMs: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(dispatch('appendRecordingChunk', { recordingId: r.id, seq: 0, data: 'not base64!', durationMs: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: 'appendRecordingChunk: data: must be base64' },
    });
    expect(dispatch('startRecording', { sessionId: s.id, position: 0, part: 0, mime: MIME })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(dispatch('startRecording', { sessionId: s.id, position: 9, part: 0, mime: MIME })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(dispatch('startRecording', { sessionId: s.id, position: 0, part: 0, mime: 'video/mp4' })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    // Replacing deletes the earlier one, row and file.
    api.appendRecordingChunk({ recordingId: r.id, seq: 0, data: b64(HEAD), durationMs: 900 });
    const filesBefore = fs.readdirSync(recordingsDir(dataDir));
    const again = api.startRecording({ sessionId: s.id, position: 0, part: 0, mime: MIME, replace: true });
    expect(api.listRecordings({ sessionId: s.id, position: 0 })).toEqual([expect.objectContaining({ id: again.id, bytes: 0, status: 'recording' })]);
    const filesAfter = fs.readdirSync(recordingsDir(dataDir));
    expect(filesAfter).toHaveLength(1);
    expect(filesAfter).not.toEqual(filesBefore);
    services.close();
  });

  it('a recording the app never finished (a crash) is still listed and reads up to its last acknowledged chunk', () => {
    const { api, services, dataDir, bankDir } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const r = record(api, s.id, 0, [HEAD, Buffer.from('kept')]);
    // A chunk written to the file whose acknowledgement the crash lost: not served, and overwritten when sent again.
    fs.appendFileSync(path.join(recordingsDir(dataDir), fs.readdirSync(recordingsDir(dataDir))[0]!), 'torn-half-chunk');
    services.close();

    const reopened = createServices({ dataDir, bankDir, clock: manualClock('2026-12-01T10:05:00Z') });
    expect(reopened.api.listRecordings({ sessionId: s.id, position: 0 })).toEqual([expect.objectContaining({ id: r.id, status: 'recording', bytes: HEAD.length + 4, durationMs: 2000 })]);
    expect(readAll(reopened.api, r.id)).toEqual(Buffer.concat([HEAD, Buffer.from('kept')]));
    reopened.api.appendRecordingChunk({ recordingId: r.id, seq: 2, data: b64(Buffer.from('more')), durationMs: 3000 });
    expect(readAll(reopened.api, r.id)).toEqual(Buffer.concat([HEAD, Buffer.from('keptmore')]));
    reopened.close();
  });
});

describe('recordings and attempts', () => {
  it('are linked when the answer is saved, whichever part, and also when recorded after the save', () => {
    const { api, services } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 2 });
    const main = record(api, s.id, 0, [HEAD]);
    const followUp = record(api, s.id, 0, [HEAD], 1);
    const other = record(api, s.id, 1, [HEAD]);
    const { attemptId } = api.saveAttempt(attempt(s.id, 0));
    expect(api.listRecordings({ attemptId }).map((r) => [r.id, r.part])).toEqual([
      [main.id, 0],
      [followUp.id, 1],
    ]);
    expect(api.listRecordings({ sessionId: s.id, position: 1 })[0]).toMatchObject({ id: other.id, attemptId: null });
    const late = record(api, s.id, 0, [HEAD], 2);
    expect(api.listRecordings({ attemptId }).map((r) => r.id)).toEqual([main.id, followUp.id, late.id]);
    services.close();
  });

  it('are deleted with their attempt (a pack removed with its history), files too', async () => {
    const { api, services, dataDir } = setup();
    const preview = api.previewImport({ fileName: 'mine.json', text: JSON.stringify(pack({ id: 'mine' }, [question('m-one', 'vision')])) });
    await api.applyImport({ importId: preview.importId!, force: false });
    const s = api.startSession({ areas: ['vision'], level: 'any', count: 1 });
    record(api, s.id, 0, [HEAD]);
    api.saveAttempt(attempt(s.id, 0));
    expect(fs.readdirSync(recordingsDir(dataDir))).toHaveLength(1);
    api.removePack({ packId: 'mine', keepHistory: false });
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 0 });
    // The rows went with the attempts (ON DELETE CASCADE), and the removal swept their files at once.
    expect(fs.readdirSync(recordingsDir(dataDir))).toEqual([]);
    expect(sweepRecordingFiles(services.db, dataDir)).toEqual({ removed: 0 });
    expect(fs.readdirSync(recordingsDir(dataDir))).toEqual([]);
    services.close();
  });

  it('deletes one on request, the old ones, or all; an abandoned drill’s unsaved ones go after a week', () => {
    const { api, services, dataDir, clock, bankDir } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 3 });
    const first = record(api, s.id, 0, [HEAD]);
    clock.advance(10 * 86_400_000);
    const second = record(api, s.id, 1, [HEAD, Buffer.from('xx')]);
    const third = record(api, s.id, 2, [HEAD]);
    expect(api.deleteRecordings({ olderThanDays: 5 })).toEqual({ deleted: 1, bytes: HEAD.length });
    expect(api.deleteRecording({ recordingId: third.id })).toEqual({ deleted: true });
    expect(api.listRecordings({ sessionId: s.id, position: 0 })).toEqual([]);
    expect(fs.readdirSync(recordingsDir(dataDir))).toHaveLength(1);
    void first;

    // Unsaved, its drill abandoned: kept for a week after it was made, then cleaned up at start.
    api.abandonSession({ sessionId: s.id });
    services.close();
    const soon = createServices({ dataDir, bankDir, clock: manualClock('2026-12-15T10:00:00Z') });
    expect(soon.api.listRecordings({ sessionId: s.id, position: 1 }).map((r) => r.id)).toEqual([second.id]);
    soon.close();
    const later = createServices({ dataDir, bankDir, clock: manualClock('2026-12-19T10:00:00Z') });
    expect(later.api.listRecordings({ sessionId: s.id, position: 1 })).toEqual([]);
    expect(fs.readdirSync(recordingsDir(dataDir))).toEqual([]);
    const s2 = later.api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    record(later.api, s2.id, 0, [HEAD]);
    expect(later.api.deleteRecordings({ olderThanDays: null })).toEqual({ deleted: 1, bytes: HEAD.length });
    later.close();
  });
});

describe('recordings in backups', () => {
  it('a backup keeps them beside it; a restore puts them back and drops the ones made since', async () => {
    const { api, services, dataDir } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 2 });
    const kept = record(api, s.id, 0, [HEAD, Buffer.from('before the backup')]);
    api.finishRecording({ recordingId: kept.id, chunks: 2, durationMs: 2000 });
    const inProgress = record(api, s.id, 1, [HEAD]);
    const backup = await api.createBackup({});
    const beside = backupRecordingsDir(path.join(dataDir, 'backups', backup.name));
    expect(fs.readdirSync(beside)).toHaveLength(2);
    // The recording still running goes on growing; the backup's copy keeps what was acknowledged then.
    api.appendRecordingChunk({ recordingId: inProgress.id, seq: 1, data: b64(Buffer.from('after')), durationMs: 2000 });

    api.deleteRecording({ recordingId: kept.id });
    const s2Rec = record(api, s.id, 0, [HEAD, Buffer.from('made after the backup')]);
    expect(readAll(api, s2Rec.id).toString()).toContain('made after');

    await api.restoreBackup({ name: backup.name });
    expect(readAll(api, kept.id)).toEqual(Buffer.concat([HEAD, Buffer.from('before the backup')]));
    expect(api.listRecordings({ sessionId: s.id, position: 0 }).map((r) => r.id)).toEqual([kept.id]);
    // The file of the one made since the backup is no longer named by any row: gone.
    expect(fs.readdirSync(recordingsDir(dataDir)).sort()).toHaveLength(2);
    // And the current state before the restore was itself backed up with its recordings.
    const before = listBackups(dataDir).find((b) => b.reason === 'before-restore')!;
    expect(fs.readdirSync(backupRecordingsDir(path.join(dataDir, 'backups', before.name)))).toHaveLength(2);
    services.close();
  });

  it('a snapshot file made elsewhere (mldrill backup --out) carries its recordings to another data folder', () => {
    const { api, services, dataDir } = setup();
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    const r = record(api, s.id, 0, [HEAD, Buffer.from('travels')]);
    api.finishRecording({ recordingId: r.id, chunks: 2, durationMs: 2000 });
    const out = path.join(tempDir(), 'mine.sqlite');
    services.db.prepare('VACUUM INTO ?').run(out);
    saveRecordingsBeside(out, dataDir);
    services.close();

    const elsewhere = tempDir();
    putBackupInPlace(elsewhere, out);
    const there = setup(elsewhere);
    expect(readAll(there.api, r.id)).toEqual(Buffer.concat([HEAD, Buffer.from('travels')]));
    there.services.close();
  });

  it('pruning an old backup removes its recordings folder', async () => {
    const { api, services, dataDir } = setup();
    api.updateSettings({ backupsKept: 1 });
    const s = api.startSession({ areas: ['fundamentals'], level: 'any', count: 1 });
    record(api, s.id, 0, [HEAD]);
    const first = await api.createBackup({});
    expect(fs.existsSync(backupRecordingsDir(path.join(dataDir, 'backups', first.name)))).toBe(true);
    const second = await api.createBackup({});
    expect(fs.readdirSync(path.join(dataDir, 'backups')).sort()).toEqual([second.name, `${second.name}.recordings`].sort());
    services.close();
  });
});
