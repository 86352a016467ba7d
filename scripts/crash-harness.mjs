// Real processes for the crash tests (test/integration/crash.test.ts, test/e2e/crash.spec.ts) and the soak
// (scripts/soak.mjs): a `mldrill serve` child that can be killed with SIGKILL, its HTTP API, and checks that read the
// data folder the way a restarted app finds it (integrity_check, every backup, a digest of every row).
//
// The server is dist/node/cli.mjs (`node scripts/build-node.mjs`; a private copy of it, see cliSnapshot), started
// exactly as `mldrill serve` starts, so a kill lands in the same code a user runs. Unlike startServe (scripts/serve-process.mjs) it hands out the child, so a
// caller can kill -9 it at a moment of its choosing.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, waitForServeUrl } from './serve-process.mjs';

export { ROOT };
export const CLI = path.join(ROOT, 'dist', 'node', 'cli.mjs');
export const DB_FILENAME = 'mldrill.sqlite';
/** backups/mldrill-<stamp>-<reason>.sqlite, as electron/db/backup.ts names them. */
export const BACKUP_NAME = /^mldrill-\d{8}T\d{9}Z-[a-z-]+\.sqlite$/;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A folder (`dir`, or a new temporary one) with an index.html, for a serve whose pages nobody opens (the API is all the test drives). */
export function stubRenderer(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-crash-renderer-'))) {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>stand-in</title>');
  return dir;
}

const BUNDLES = ['cli.mjs', 'import-worker.mjs'];

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
let snapshot = null;

/**
 * A private copy of dist/node (the CLI and the import worker beside it), taken once per process, that every serve
 * here runs. `node scripts/build-node.mjs` rewrites dist/node in place, and every vitest run does it in its global
 * setup: a restart that loaded a half-written bundle would fail for a reason that has nothing to do with the crash.
 * The copy sits under node_modules/.cache inside the package, so the CLI still finds the package root (the bank,
 * the renderer) and better-sqlite3 from there. A copy is taken only of complete bundles (esbuild ends each with
 * its source map comment).
 */
export function cliSnapshot() {
  if (snapshot) return snapshot;
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node scripts/build-node.mjs\``);
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  // Copies whose process is gone (a test runner ends its workers without an 'exit' event) are removed here.
  for (const name of fs.readdirSync(cache)) {
    const owner = /^mldrill-crash-(\d+)-/.exec(name);
    if (owner && !alive(Number(owner[1]))) fs.rmSync(path.join(cache, name), { recursive: true, force: true });
  }
  const dir = fs.mkdtempSync(path.join(cache, `mldrill-crash-${process.pid}-`));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  for (let attempt = 0; ; attempt++) {
    for (const name of BUNDLES) {
      for (const f of [name, `${name}.map`]) fs.copyFileSync(path.join(ROOT, 'dist', 'node', f), path.join(dir, f));
    }
    const complete = BUNDLES.every((name) => fs.readFileSync(path.join(dir, name), 'utf8').trimEnd().endsWith(`//# sourceMappingURL=${name}.map`));
    if (complete) break;
    if (attempt === 50) throw new Error(`dist/node stays half-written (is a build running?); copied to ${dir}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
  snapshot = path.join(dir, 'cli.mjs');
  return snapshot;
}

/**
 * `node dist/node/cli.mjs serve --data DIR --port 0` (from cliSnapshot's copy); resolves once it prints its URL.
 * `kill9()` sends SIGKILL and resolves when the process is gone; `stop()` is the clean SIGTERM exit.
 */
export async function spawnServe({ dataDir, rendererDir, env = {}, timeoutMs = 60_000 }) {
  const cli = cliSnapshot();
  const childEnv = { ...process.env, ...env };
  if (rendererDir) childEnv.MLDRILL_RENDERER_DIR = rendererDir;
  const startedAt = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--port', '0'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let printed;
  try {
    printed = await waitForServeUrl(child, timeoutMs);
  } catch (e) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw e;
  }
  const { url, port } = printed;
  const base = url.split('/#')[0];
  const token = /#token=([A-Za-z0-9_-]+)/.exec(url)[1];
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    pid: child.pid,
    url,
    port,
    base,
    token,
    dataDir,
    /** From spawn until the URL was printed, ms. */
    startMs: performance.now() - startedAt,
    exited,
    output: () => output,
    call: (method, arg, opts) => callApi(base, token, method, arg, opts),
    kill9: async () => {
      if (!gone()) process.kill(child.pid, 'SIGKILL');
      return exited;
    },
    stop: async () => {
      if (!gone()) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * POST /api/<method> with the bearer token. Resolves with { status, body } (body: the parsed Result), or rejects when
 * the connection fails (the server was killed): only a 200 with ok:true is an acknowledged write.
 *
 * Every call has a connection of its own (no keep-alive): the checks between calls block this thread for seconds,
 * and a pooled connection the server closed meanwhile (its 5 s keep-alive timeout) would fail the next call as if the
 * server had died.
 */
export function callApi(base, token, method, arg = {}, { timeoutMs = 60_000 } = {}) {
  const body = Buffer.from(JSON.stringify(arg));
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/api/${method}`,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Authorization: `Bearer ${token}` } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', (e) => reject(new Error(`${method}: the answer broke off (${e.code ?? e.message})`, { cause: e })));
        res.on('end', () => {
          if (!res.complete) return reject(new Error(`${method}: the answer broke off`));
          const text = Buffer.concat(chunks).toString('utf8');
          let value;
          try {
            value = JSON.parse(text);
          } catch {
            value = { ok: false, error: { code: 'not-json', message: text.slice(0, 200) } };
          }
          resolve({ status: res.statusCode, body: value });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (e) => reject(new Error(`${method}: ${e.code ?? ''} ${e.message}`.trim(), { cause: e })));
    req.end(body);
  });
}

/** The value of a call that must succeed; throws with the server's answer otherwise. */
export async function mustCall(server, method, arg = {}, opts) {
  const { status, body } = await server.call(method, arg, opts);
  if (status !== 200 || !body.ok) throw new Error(`${method} answered ${status}: ${JSON.stringify(body).slice(0, 400)}`);
  return body.value;
}

/**
 * Runs `fn` on a read-only connection to a database file, leaving nothing beside it. A read-only connection to a WAL
 * file creates -shm and -wal files it can never delete: beside a running serve (or a crash's leftovers) they exist
 * already, so the file is opened in place; a closed file (a backup, a database after a clean stop) is copied to a
 * temporary folder and the copy is opened.
 */
export function withReadable(file, fn) {
  let tmp = null;
  let target = file;
  if (!fs.existsSync(`${file}-shm`)) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-check-'));
    target = path.join(tmp, path.basename(file));
    fs.copyFileSync(file, target);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${target}-wal`);
  }
  let db;
  try {
    db = new Database(target, { readonly: true, fileMustExist: true });
    return fn(db);
  } finally {
    db?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** PRAGMA integrity_check's rows joined ('ok' for a sound file), or the error that stopped it. */
export function integrityCheck(file) {
  try {
    return withReadable(file, (db) =>
      db
        .pragma('integrity_check')
        .map((r) => r.integrity_check)
        .join('; '),
    );
  } catch (e) {
    return `cannot be checked: ${e.code ?? e.message}`;
  }
}

/**
 * What is in backups/: every file with a backup's name and its integrity_check, and the files that do not have one
 * (a half-written `.partial` left by a crash).
 */
export function backupReport(dataDir) {
  const dir = path.join(dataDir, 'backups');
  let names = [];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    // No backup yet.
  }
  const named = names.filter((n) => BACKUP_NAME.test(n)).map((name) => ({ name, bytes: fs.statSync(path.join(dir, name)).size, integrity: integrityCheck(path.join(dir, name)) }));
  return { named, others: names.filter((n) => !BACKUP_NAME.test(n)) };
}

/** The backups whose integrity_check is not ok (an empty list when every named backup is sound). */
export const damagedBackups = (dataDir) => backupReport(dataDir).named.filter((b) => b.integrity !== 'ok');

/**
 * A digest of every row of every table (SQLite's own statistics tables aside: PRAGMA optimize on a clean close may
 * rewrite them), with each table's row count. Two digests are equal exactly when the data is.
 */
export function digest(file) {
  return withReadable(file, (db) => {
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name`)
      .all()
      .map((r) => r.name);
    const counts = {};
    const hash = createHash('sha256');
    for (const t of tables) {
      let n = 0;
      hash.update(`\0table ${t}\0`);
      const quoted = `"${t.replaceAll('"', '""')}"`;
      for (const row of db.prepare(`SELECT * FROM ${quoted}`).raw().iterate()) {
        hash.update(JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : Buffer.isBuffer(v) ? v.toString('hex') : v)));
        n++;
      }
      counts[t] = n;
    }
    return { hash: hash.digest('hex'), counts, schema: db.pragma('user_version', { simple: true }) };
  });
}

/** A few figures of a database, for messages: packs, live questions, attempts, drafts. */
export function figuresOf(file) {
  return withReadable(file, (db) => {
    const one = (sql) => db.prepare(sql).pluck().get();
    return {
      packs: db.prepare('SELECT id FROM packs ORDER BY id').pluck().all(),
      questions: one('SELECT COUNT(*) FROM questions'),
      attempts: one('SELECT COUNT(*) FROM attempts'),
      drafts: one('SELECT COUNT(*) FROM drafts'),
    };
  });
}

/** Polls `test` every `everyMs` until it answers something truthy; rejects after `timeoutMs` (`what`: a string, or a function for a message made at that moment). */
export async function waitFor(test, { timeoutMs = 30_000, everyMs = 5, what = 'a condition' } = {}) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const v = await test();
    if (v) return v;
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
    await sleep(everyMs);
  }
}

/** The startup integrity check and daily backup of a serve have run (so they are not what a kill interrupts). */
export async function startupChecksDone(server, { timeoutMs = 60_000 } = {}) {
  return waitFor(
    async () => {
      const s = await mustCall(server, 'getStorageStatus', {});
      return s.integrity !== 'pending' && s.backups.length > 0 ? s : null;
    },
    { timeoutMs, everyMs: 50, what: 'the start-up check and the daily backup' },
  );
}

/**
 * 5,000 questions cut from the built-in bank (as bench/bench.mjs benchPack does): real lengths, ids made unique,
 * outlines left out so the file fits the 20 MB limit.
 */
export function bigPack(n = 5000, id = 'crash-pack') {
  const bankDir = path.join(ROOT, 'resources', 'bank');
  const bank = fs
    .readdirSync(bankDir)
    .filter((f) => f.endsWith('.drillpack.json'))
    .sort()
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(bankDir, f), 'utf8')).questions);
  const questions = Array.from({ length: n }, (_, i) => {
    const q = { ...bank[i % bank.length], id: `${id}-${i}` };
    delete q.outline;
    return q;
  });
  return { format: 'mldrill-pack', formatVersion: 1, id, version: '1.0.0', title: 'Crash-test pack', questions };
}

/** A small deterministic generator (mulberry32). */
export function prng(seed) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'model data feature training validation latency drift monitoring embedding gradient loss batch threshold calibration label pipeline canary shadow rollout baseline'.split(' ');

/**
 * Seeds `attempts` graded attempts (with answer texts and checklist ticks) straight into a closed data folder that
 * the app has created, in one transaction, as bench/bench.mjs seedHistory does: a large file makes the windows of a
 * backup and a restore wide. Cards are not replayed (the crash tests compare rows, not schedules).
 */
export function seedAttempts(dataDir, attempts, seed = 7) {
  const rand = prng(seed);
  const db = new Database(path.join(dataDir, DB_FILENAME));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const questions = db.prepare('SELECT key, time_limit_sec FROM questions WHERE retired = 0 ORDER BY key').all();
    const items = new Map();
    for (const r of db.prepare('SELECT key, question_key FROM checklist_items WHERE retired = 0').all()) {
      if (!items.has(r.question_key)) items.set(r.question_key, []);
      items.get(r.question_key).push(r.key);
    }
    const insA = db.prepare(
      `INSERT INTO attempts (question_key, answer_ms, time_limit_sec, items_total, items_ticked, coverage, clarity, judgment, constraints_awareness, communication, created_at, at_ms, tz_offset_min)
       VALUES (?, ?, ?, ?, ?, ?, 2, 2, 2, 2, ?, ?, 0)`,
    );
    const insT = db.prepare('INSERT INTO attempt_texts (attempt_id, answer, note) VALUES (?, ?, ?)');
    const insI = db.prepare('INSERT INTO attempt_items (attempt_id, item_key, ticked, suggested) VALUES (?, ?, ?, 0)');
    const start = Date.parse('2025-01-01T08:00:00Z');
    db.transaction(() => {
      for (let i = 0; i < attempts; i++) {
        const q = questions[Math.floor(rand() * questions.length)];
        const its = items.get(q.key) ?? [];
        const ticked = its.map(() => rand() < 0.5);
        const n = ticked.filter(Boolean).length;
        const at = start + i * 600_000;
        const id = insA.run(q.key, 60_000, q.time_limit_sec, its.length, n, its.length ? n / its.length : 0, new Date(at).toISOString(), at).lastInsertRowid;
        const words = Array.from({ length: 80 + Math.floor(rand() * 80) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
        insT.run(id, words, 'seeded');
        its.forEach((k, j) => insI.run(id, k, ticked[j] ? 1 : 0));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  return fs.statSync(path.join(dataDir, DB_FILENAME)).size;
}
