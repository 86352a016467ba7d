/**
 * The worker thread that applies a large pack import, so the main thread keeps answering while it runs. Bundled on
 * its own by scripts/build-node.mjs (dist/node/import-worker.mjs for the CLI and tests, dist/electron/import-worker.cjs
 * for the desktop app) and started by import-pack.ts. It opens its own connection and parses the pack; then, at
 * once or when told to (a worker prepared while the preview is on screen), runs the same runImportJob the main thread
 * would, posting progress, then the result or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { Pack } from '../../shared/pack-schema';
import { openDatabase } from '../db/open';
import { decodePack, runImportJob, type RunOrder } from './import-job';
import { IMPORT_WORKER_PROTOCOL, serializeError, type RunMessage, type WorkerInput, type WorkerMessage } from './import-worker-protocol';

/** Posts at most about this many progress messages per import. */
const PROGRESS_STEPS = 100;

function main(port: NonNullable<typeof parentPort>) {
  const post = (m: WorkerMessage) => port.postMessage(m);
  const input = workerData as WorkerInput;
  if (input?.protocol !== IMPORT_WORKER_PROTOCOL) {
    // A bundle built from other sources: say so before doing anything, and the caller runs the import itself.
    post({ type: 'stale', protocol: IMPORT_WORKER_PROTOCOL });
    return;
  }
  post({ type: 'started' });
  let db: Database.Database | null = null;
  // A plain close: PRAGMA optimize (closeDatabase) may write statistics, and a failed import must leave the file as
  // it was. The main connection optimizes when the app closes.
  const finish = () => {
    db?.close();
    port.close();
  };
  /**
   * The commit's checkpoint (copying the WAL's pages into the file) runs after 'done' is posted, still in this
   * thread: the answer reaches the caller without waiting for it. The commit itself is durable in the WAL.
   */
  const checkpoint = () => {
    try {
      db?.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or failing: a later commit's automatic checkpoint does it.
    }
  };
  let pack: Pack;
  try {
    db = openDatabase(input.dataDir);
    db.pragma('wal_autocheckpoint = 0');
    pack = decodePack(input.packBytes);
  } catch (e) {
    post({ type: 'error', error: serializeError(e) });
    finish();
    return;
  }
  const run = (order: RunOrder) => {
    try {
      const step = Math.max(1, Math.ceil(pack.questions.length / PROGRESS_STEPS));
      const result = runImportJob(db!, { ...order, pack }, (done, total) => {
        if (done % step === 0 || done === total) post({ type: 'progress', done, total });
      });
      post({ type: 'done', result });
      checkpoint();
    } catch (e) {
      post({ type: 'error', error: serializeError(e) });
    } finally {
      finish();
    }
  };
  if (input.order) run(input.order);
  else {
    post({ type: 'ready' });
    port.once('message', (m: RunMessage) => run(m.order));
  }
}

if (parentPort) main(parentPort);
