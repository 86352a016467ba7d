/**
 * Recorded answers: one file per recording in the data folder's recordings/, written as the page sends it, chunk by
 * chunk. Each chunk is appended and fsynced before it is acknowledged, so a crash keeps everything up to the last
 * acknowledged chunk (a WebM stream cut after any cluster still plays). The row in `recordings` is the authority:
 * its `bytes` say how much of the file was acknowledged, and a file no row names is deleted by the sweep.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { RecordingAudio, RecordingView, RecordingsUsage, ServiceApi } from '../../shared/api';
import { DAY_MS } from '../../shared/learning/days';
import {
  MAX_CHUNK_BYTES,
  MAX_RECORDING_BYTES,
  RECORDING_EXTENSIONS,
  RECORDING_READ_BYTES,
  UNSAVED_RECORDING_DAYS,
  startsAsDeclared,
  type RecordingMime,
} from '../../shared/recordings';
import { fsyncDir, recordingsDir } from '../db/backup';
import { isoAt, systemClock, type Clock } from './clock';
import { ServiceError, conflict, notFound } from './errors';
import { requireActive } from './sessions';

export type RecordingMethod =
  | 'startRecording'
  | 'appendRecordingChunk'
  | 'finishRecording'
  | 'listRecordings'
  | 'readRecording'
  | 'deleteRecording'
  | 'getRecordingsUsage'
  | 'deleteRecordings';

interface Row {
  id: number;
  session_id: number | null;
  position: number;
  part: number;
  attempt_id: number | null;
  file: string;
  mime: string;
  bytes: number;
  chunks: number;
  duration_ms: number;
  status: 'recording' | 'complete';
  created_at: string;
  at_ms: number;
}

/** Only names the service made itself: a row edited by hand cannot point the file calls elsewhere. */
const FILE_NAME = /^[0-9a-f-]{36}\.(webm|ogg)$/;

const view = (r: Row): RecordingView => ({
  id: r.id,
  sessionId: r.session_id,
  position: r.position,
  part: r.part,
  attemptId: r.attempt_id,
  mime: r.mime,
  bytes: r.bytes,
  durationMs: r.duration_ms,
  status: r.status,
  createdAt: r.created_at,
});

/** A file-system failure as the dispatcher words storage failures: a full disk can pass, a missing folder cannot. */
function fileError(e: unknown, doing: string): ServiceError {
  const code = (e as { code?: string }).code ?? 'unknown';
  const transient = code === 'ENOSPC' || code === 'EIO' || code === 'EBUSY' || code === 'EAGAIN' || code === 'EMFILE';
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'the recordings folder cannot be written (permissions)' : `the file system failed (${code})`;
  return new ServiceError('storage', `Could not ${doing}: ${why}.${transient ? ' What was recorded before is kept. Try again.' : ''}`, transient);
}


export function createRecordingApi(db: Database.Database, dataDir: string, clock: Clock = systemClock): Pick<ServiceApi, RecordingMethod> {
  const dir = recordingsDir(dataDir);
  const fileOf = (r: Pick<Row, 'file'>) => {
    if (!FILE_NAME.test(r.file)) throw new ServiceError('internal', `A recording names the file ${JSON.stringify(r.file)}, which the app did not make; it is not read.`);
    return path.join(dir, r.file);
  };
  const rowOf = (recordingId: number): Row => {
    const r = db.prepare('SELECT * FROM recordings WHERE id = ?').get(recordingId) as Row | undefined;
    if (!r) throw notFound(`Recording ${recordingId}`);
    return r;
  };
  const removeFiles = (files: readonly string[]) => {
    for (const f of files) {
      if (!FILE_NAME.test(f)) continue;
      try {
        fs.rmSync(path.join(dir, f), { force: true });
      } catch {
        // Left for the sweep at the next start.
      }
    }
  };

  /** Deletes unsaved recordings whose drill is over (or gone) and which are older than UNSAVED_RECORDING_DAYS. */
  const dropAbandoned = () => {
    const before = clock.nowMs() - UNSAVED_RECORDING_DAYS * DAY_MS;
    const gone = db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT id, file FROM recordings WHERE attempt_id IS NULL AND at_ms < ?
             AND (session_id IS NULL OR session_id NOT IN (SELECT id FROM drill_sessions WHERE status = 'active'))`,
        )
        .all(before) as { id: number; file: string }[];
      const del = db.prepare('DELETE FROM recordings WHERE id = ?');
      for (const r of rows) del.run(r.id);
      return rows.map((r) => r.file);
    }).immediate();
    removeFiles(gone);
  };

  if (!db.readonly) {
    try {
      dropAbandoned();
      sweepRecordingFiles(db, dataDir);
    } catch (e) {
      // Housekeeping only: a busy database or a missing folder must not stop the app from starting.
      console.error(`cleaning up recordings failed: ${(e as Error).message}`);
    }
  }

  return {
    startRecording: ({ sessionId, position, part, mime, replace }) => {
      const file = `${randomUUID()}.${RECORDING_EXTENSIONS[mime]}`;
      const now = clock.nowMs();
      let replaced: string | null = null;
      const id = db.transaction(() => {
        requireActive(db, sessionId);
        if (!db.prepare('SELECT 1 FROM session_questions WHERE session_id = ? AND position = ?').get(sessionId, position)) {
          throw new ServiceError('invalid-argument', `position ${position} is not a question of drill session ${sessionId}`);
        }
        const earlier = db.prepare('SELECT id, file FROM recordings WHERE session_id = ? AND position = ? AND part = ?').get(sessionId, position, part) as
          | { id: number; file: string }
          | undefined;
        if (earlier && !replace) throw conflict(`This answer already has a recording (${earlier.id}); press Record again to replace it.`);
        if (earlier) {
          db.prepare('DELETE FROM recordings WHERE id = ?').run(earlier.id);
          replaced = earlier.file;
        }
        return Number(
          db
            .prepare(
              `INSERT INTO recordings (session_id, position, part, attempt_id, file, mime, status, created_at, at_ms, updated_ms)
               VALUES (?, ?, ?, (SELECT id FROM attempts WHERE session_id = ? AND position = ?), ?, ?, 'recording', ?, ?, ?)`,
            )
            .run(sessionId, position, part, sessionId, position, file, mime, isoAt(clock), now, now).lastInsertRowid,
        );
      }).immediate();
      if (replaced) removeFiles([replaced]);
      // Files of recordings deleted with their attempts (a pack removed with its history) go here at the latest.
      sweepRecordingFiles(db, dataDir);
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.closeSync(fs.openSync(path.join(dir, file), 'wx', 0o600));
        fsyncDir(dir);
      } catch (e) {
        db.prepare('DELETE FROM recordings WHERE id = ?').run(id);
        throw fileError(e, 'start the recording');
      }
      return view(rowOf(id));
    },

    appendRecordingChunk: ({ recordingId, seq, data, durationMs }) => {
      const r = rowOf(recordingId);
      if (r.status !== 'recording') throw conflict(`Recording ${recordingId} is complete; nothing more can be added to it.`);
      if (seq < r.chunks) throw conflict(`Chunk ${seq} of recording ${recordingId} is already stored (it has ${r.chunks}); a chunk is never stored twice.`);
      if (seq > r.chunks) throw new ServiceError('invalid-argument', `Chunk ${seq} of recording ${recordingId} came out of order: chunk ${r.chunks} is the next one expected.`);
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length === 0) throw new ServiceError('invalid-argument', 'A chunk must hold some audio; this one is empty.');
      if (bytes.length > MAX_CHUNK_BYTES) throw new ServiceError('invalid-argument', `A chunk may hold at most ${MAX_CHUNK_BYTES} bytes; this one holds ${bytes.length}.`);
      if (r.bytes + bytes.length > MAX_RECORDING_BYTES) {
        throw new ServiceError('invalid-argument', `A recording may take at most ${MAX_RECORDING_BYTES / 1048576} MB; this chunk would take it past that. Stop and start a new one.`);
      }
      if (seq === 0 && !startsAsDeclared(r.mime as RecordingMime, bytes)) {
        throw new ServiceError('invalid-argument', `The first chunk is not ${r.mime} audio (its first bytes are not that format's header).`);
      }
      const file = fileOf(r);
      try {
        const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
        try {
          // Bytes past the acknowledged length are a chunk whose acknowledgement a crash lost: it is sent again.
          fs.ftruncateSync(fd, r.bytes);
          fs.writeSync(fd, bytes, 0, bytes.length, r.bytes);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      } catch (e) {
        throw fileError(e, `store chunk ${seq} of the recording`);
      }
      // Only if no other call moved the row on meanwhile (another process, a replaced recording).
      const moved = db
        .prepare(`UPDATE recordings SET bytes = ?, chunks = ?, duration_ms = MAX(duration_ms, ?), updated_ms = ? WHERE id = ? AND chunks = ? AND status = 'recording'`)
        .run(r.bytes + bytes.length, seq + 1, durationMs, clock.nowMs(), recordingId, seq).changes;
      if (moved === 0) throw conflict(`Recording ${recordingId} changed while chunk ${seq} was being stored; reload to see it.`);
      return { bytes: r.bytes + bytes.length, chunks: seq + 1 };
    },

    finishRecording: ({ recordingId, chunks, durationMs }) => {
      const r = rowOf(recordingId);
      if (r.status === 'complete') {
        if (r.chunks === chunks) return view(r);
        throw conflict(`Recording ${recordingId} was already completed with ${r.chunks} chunks, not ${chunks}.`);
      }
      if (chunks > r.chunks) {
        const missing = chunks - r.chunks === 1 ? `chunk ${r.chunks} is` : `chunks ${r.chunks} to ${chunks - 1} are`;
        throw conflict(`Recording ${recordingId} cannot be completed: ${missing} missing. Send them first.`);
      }
      if (chunks < r.chunks) throw new ServiceError('invalid-argument', `Recording ${recordingId} holds ${r.chunks} chunks, more than the ${chunks} named.`);
      db.prepare(`UPDATE recordings SET status = 'complete', duration_ms = MAX(duration_ms, ?), updated_ms = ? WHERE id = ?`).run(durationMs, clock.nowMs(), recordingId);
      return view(rowOf(recordingId));
    },

    listRecordings: ({ attemptId, sessionId, position }) => {
      if (attemptId !== undefined && sessionId === undefined && position === undefined) {
        return (db.prepare('SELECT * FROM recordings WHERE attempt_id = ? ORDER BY part, id').all(attemptId) as Row[]).map(view);
      }
      if (attemptId === undefined && sessionId !== undefined && position !== undefined) {
        return (db.prepare('SELECT * FROM recordings WHERE session_id = ? AND position = ? ORDER BY part, id').all(sessionId, position) as Row[]).map(view);
      }
      throw new ServiceError('invalid-argument', 'listRecordings: give attemptId, or sessionId and position (not both)');
    },

    readRecording: ({ recordingId, offset }): RecordingAudio => {
      const r = rowOf(recordingId);
      const file = fileOf(r);
      let fd: number;
      try {
        fd = fs.openSync(file, 'r');
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') throw new ServiceError('not-found', `The audio file of recording ${recordingId} is missing from the recordings folder.`);
        throw fileError(e, 'read the recording');
      }
      try {
        // What was acknowledged: a tail a crash left unacknowledged is not served.
        const total = Math.min(fs.fstatSync(fd).size, r.bytes);
        if (offset > total) throw new ServiceError('invalid-argument', `offset ${offset} is past the end of recording ${recordingId} (${total} bytes)`);
        const length = Math.min(RECORDING_READ_BYTES, total - offset);
        const buf = Buffer.alloc(length);
        let got = 0;
        while (got < length) {
          const n = fs.readSync(fd, buf, got, length - got, offset + got);
          if (n === 0) break;
          got += n;
        }
        return { mime: r.mime, offset, data: buf.subarray(0, got).toString('base64'), totalBytes: total, done: offset + got >= total };
      } finally {
        fs.closeSync(fd);
      }
    },

    deleteRecording: ({ recordingId }) => {
      const r = rowOf(recordingId);
      db.prepare('DELETE FROM recordings WHERE id = ?').run(recordingId);
      removeFiles([r.file]);
      return { deleted: true };
    },

    getRecordingsUsage: (): RecordingsUsage => {
      const row = db.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(bytes), 0) AS bytes, MIN(at_ms) AS oldest FROM recordings').get() as { n: number; bytes: number; oldest: number | null };
      return { count: row.n, bytes: row.bytes, oldestAt: row.oldest === null ? null : new Date(row.oldest).toISOString() };
    },

    deleteRecordings: ({ olderThanDays }) => {
      const before = olderThanDays === null ? Number.MAX_SAFE_INTEGER : clock.nowMs() - olderThanDays * DAY_MS;
      const gone = db.transaction(() => {
        const rows = db.prepare('SELECT id, file, bytes FROM recordings WHERE at_ms < ?').all(before) as { id: number; file: string; bytes: number }[];
        db.prepare('DELETE FROM recordings WHERE at_ms < ?').run(before);
        return rows;
      }).immediate();
      removeFiles(gone.map((r) => r.file));
      sweepRecordingFiles(db, dataDir);
      return { deleted: gone.length, bytes: gone.reduce((s, r) => s + r.bytes, 0) };
    },
  };
}

/**
 * Deletes every file in recordings/ that no row names: what deleting an attempt (which cascades to its recordings'
 * rows), a restore or a crash between a row's deletion and its file's leaves behind. The folder is listed before the
 * rows are read, so a recording started meanwhile (its row is committed before its file exists) is never taken.
 */
export function sweepRecordingFiles(db: Database.Database, dataDir: string): { removed: number } {
  const dir = recordingsDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return { removed: 0 };
  }
  let known: Set<string>;
  try {
    known = new Set((db.prepare('SELECT file FROM recordings').all() as { file: string }[]).map((r) => r.file));
  } catch {
    // A database from before schema 6 (a read of an old backup): it names no recordings, and nothing is deleted.
    return { removed: 0 };
  }
  let removed = 0;
  for (const name of names) {
    if (known.has(name) || !FILE_NAME.test(name)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed++;
  }
  return { removed };
}
