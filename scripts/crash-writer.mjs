// The writer of the repeated-SIGKILL test (test/integration/crash.test.ts) and the soak (scripts/soak.mjs): drives a
// real `mldrill serve` over HTTP as the drill UI does (start a drill, save drafts with their revisions, save graded
// attempts), from a few lanes at once, and records in a Ledger every write the server acknowledged (HTTP 200 with
// ok: true) and every write it was sent. `soak` kills the server with SIGKILL at random moments, restarts it on the
// same folder and checks, after every restart, that each acknowledged write is still there and integrity_check is ok.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DB_FILENAME, damagedBackups, integrityCheck, prng, sleep, spawnServe, stubRenderer, withReadable } from './crash-harness.mjs';

export { DB_FILENAME };

/** Every area of the bank, so a drill always finds questions. */
const AREAS = ['fundamentals', 'deep-learning', 'data-pipelines', 'evaluation', 'mlops', 'nlp-llm', 'vision', 'rl', 'responsible-ai', 'scale'];
const RATINGS = { clarity: 2, judgment: 3, constraints: 1, communication: 4 };
const TEXT = 'we would first measure the baseline then compare the candidate against it on a held out split watching latency and cost'.split(' ');

/** The server went away under a call (killed): the call's outcome is unknown, so it is not acknowledged. */
class ServerGone extends Error {}

/**
 * What the server was asked to write and what it acknowledged. A draft slot is one question of one drill
 * (sessionId:position); its writes carry increasing revisions.
 */
export class Ledger {
  constructor() {
    /** sessionId → number of questions, for each acknowledged startSession. */
    this.sessions = new Map();
    /** `${sessionId}:${position}` → { sent: Map(revision → answer), acked: revision[], attemptSent: answer[] } */
    this.slots = new Map();
    /** Acknowledged attempts: { attemptId, sessionId, position, answer }. */
    this.attempts = [];
    this.acked = { drafts: 0, attempts: 0, sessions: 0 };
    /** Writes the live server refused (ok: false): the writer's bookkeeping and the server's disagree. */
    this.refusals = [];
  }

  get ackedWrites() {
    return this.acked.drafts + this.acked.attempts + this.acked.sessions;
  }

  slot(sessionId, position) {
    const key = `${sessionId}:${position}`;
    let s = this.slots.get(key);
    if (!s) this.slots.set(key, (s = { sessionId, position, sent: new Map(), acked: [], attemptSent: [] }));
    return s;
  }

  /**
   * Checks the database file (beside a running serve, or closed) against every acknowledged write. Answers how many
   * acknowledged writes were checked and lost, and any row that holds something the writer never sent.
   */
  verify(file) {
    return withReadable(file, (db) => this.#verify(db));
  }

  #verify(db) {
    const problems = [];
    /** Each acknowledged write that is not there, by name (session:ID, attempt:ID, draft:SESSION:POSITION:REVISION). */
    const lostIds = [];
    const session = db.prepare('SELECT (SELECT COUNT(*) FROM drill_sessions WHERE id = ?) AS rows, (SELECT COUNT(*) FROM session_questions WHERE session_id = ?) AS questions');
    for (const [id, n] of this.sessions) {
      const r = session.get(id, id);
      if (r.rows !== 1 || r.questions !== n) {
        lostIds.push(`session:${id}`);
        problems.push(`session ${id}: acknowledged with ${n} questions, found ${r.rows} rows and ${r.questions} questions`);
      }
    }
    const attempt = db.prepare('SELECT a.session_id, a.position, t.answer FROM attempts a JOIN attempt_texts t ON t.attempt_id = a.id WHERE a.id = ?');
    for (const a of this.attempts) {
      const r = attempt.get(a.attemptId);
      if (!r || r.session_id !== a.sessionId || r.position !== a.position || r.answer !== a.answer) {
        lostIds.push(`attempt:${a.attemptId}`);
        problems.push(`attempt ${a.attemptId} (session ${a.sessionId}, question ${a.position + 1}): acknowledged, found ${r ? JSON.stringify(r).slice(0, 120) : 'nothing'}`);
      }
    }
    const attemptAt = db.prepare('SELECT t.answer FROM attempts a JOIN attempt_texts t ON t.attempt_id = a.id WHERE a.session_id = ? AND a.position = ?');
    const draftAt = db.prepare('SELECT revision, state FROM drafts WHERE session_id = ? AND position = ?');
    for (const s of this.slots.values()) {
      const saved = attemptAt.get(s.sessionId, s.position);
      if (saved) {
        // The question was saved (its draft deleted in the same transaction): its drafts live on in the attempt.
        if (!s.attemptSent.includes(saved.answer)) problems.push(`session ${s.sessionId} question ${s.position + 1}: an attempt the writer never sent`);
        continue;
      }
      if (s.acked.length === 0) continue;
      const row = draftAt.get(s.sessionId, s.position);
      const stored = row?.revision ?? 0;
      const missing = s.acked.filter((r) => r > stored);
      if (missing.length) {
        lostIds.push(...missing.map((r) => `draft:${s.sessionId}:${s.position}:${r}`));
        problems.push(`session ${s.sessionId} question ${s.position + 1}: drafts up to revision ${Math.max(...s.acked)} acknowledged, the database holds revision ${row ? stored : 'none'}`);
      }
      if (row) {
        const answer = JSON.parse(row.state).answer;
        if (s.sent.get(stored) !== answer) problems.push(`session ${s.sessionId} question ${s.position + 1}: draft revision ${stored} holds text the writer never sent with that revision`);
      }
    }
    return { checked: this.ackedWrites, lost: lostIds.length, lostIds, problems };
  }
}

function words(rand, n) {
  return Array.from({ length: n }, () => TEXT[Math.floor(rand() * TEXT.length)]).join(' ');
}

/**
 * Writes against `server` until it goes away (or `deadline` passes): the open drill (or a new one), each open question
 * taken by one of `lanes` lanes, which saves 1 to 5 drafts (each a few hundred characters longer) and then the graded
 * attempt. Resolves when the server is gone; records everything in `ledger`.
 */
export async function runWriter(server, ledger, { lanes = 3, rand = Math.random, count = 6, deadline = Infinity, onFirstWrite = () => {} } = {}) {
  const writes = new Set(['startSession', 'saveDraft', 'saveAttempt']);
  let first = true;
  const call = async (method, arg) => {
    if (first && writes.has(method)) {
      first = false;
      onFirstWrite();
    }
    let res;
    try {
      res = await server.call(method, arg, { timeoutMs: 30_000 });
    } catch (e) {
      throw new ServerGone(e.message);
    }
    if (res.status === 200 && res.body.ok) return res.body.value;
    ledger.refusals.push(`${method}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return null;
  };
  try {
    while (performance.now() < deadline) {
      const home = await call('getHome', {});
      if (!home) return;
      let session = home.activeSession ? await call('getSession', { sessionId: home.activeSession.id }) : null;
      if (!session) {
        session = await call('startSession', { areas: AREAS, level: 'any', count });
        if (!session) return;
        ledger.sessions.set(session.id, session.questions.length);
        ledger.acked.sessions++;
      }
      const sessionId = session.id;
      const closed = new Set([...session.attempts.map((a) => a.position), ...session.skipped]);
      const open = session.questions.map((_q, i) => i).filter((i) => !closed.has(i));
      const lane = async () => {
        for (let position = open.shift(); position !== undefined && performance.now() < deadline; position = open.shift()) {
          const slot = ledger.slot(sessionId, position);
          let revision = session.drafts[position]?.revision ?? 0;
          let answer = session.drafts[position]?.state.answer ?? '';
          const drafts = 1 + Math.floor(rand() * 5);
          for (let d = 0; d < drafts; d++) {
            answer = `${answer} [s${sessionId} q${position} r${revision + 1}] ${words(rand, 30 + Math.floor(rand() * 60))}`.trim();
            slot.sent.set(revision + 1, answer);
            const saved = await call('saveDraft', { sessionId, position, revision, draft: { phase: 'answer', answer, elapsedMs: 1000 * (revision + 1) } });
            if (!saved) return;
            revision = saved.revision;
            slot.acked.push(revision);
            ledger.acked.drafts++;
          }
          const final = `${answer} [final]`;
          slot.attemptSent.push(final);
          const result = await call('saveAttempt', { sessionId, position, revision, answer: final, answerMs: 30_000, ticked: [], suggested: [], ratings: RATINGS, note: `s${sessionId} q${position}` });
          if (!result) return;
          ledger.attempts.push({ attemptId: result.attemptId, sessionId, position, answer: final });
          ledger.acked.attempts++;
        }
      };
      await Promise.all(Array.from({ length: lanes }, lane));
      if (ledger.refusals.length) return;
    }
  } catch (e) {
    if (e instanceof ServerGone) return;
    throw e;
  }
}

const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);
const round = (x, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/**
 * Repeated SIGKILL: writes against a serve, kills it with SIGKILL a random minRunMs to maxRunMs after the first write
 * went out (the reads before it, while the fresh process warms up, are not the moment under test), starts it again on
 * the same folder and checks: the restart works, integrity_check is ok, every named backup is sound, and every
 * acknowledged write (since the first start) is still there. `kills` times; then a clean stop and the same checks
 * on the closed file. Returns the figures and each round's record.
 */
export async function soak({ kills, seed = 20260101, lanes = 3, minRunMs = 0, maxRunMs = 1000, log = () => {}, dataDir, keep = false } = {}) {
  const rand = prng(seed);
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-soak-'));
  const rendererDir = stubRenderer();
  const file = path.join(dir, DB_FILENAME);
  const ledger = new Ledger();
  const rounds = [];
  const restartMs = [];
  /** Every acknowledged write found missing after any restart (once each, however often it was missed). */
  const lostIds = new Set();
  const t0 = performance.now();
  let server = await spawnServe({ dataDir: dir, rendererDir });
  try {
    for (let k = 1; k <= kills; k++) {
      const runMs = minRunMs + rand() * (maxRunMs - minRunMs);
      const before = ledger.ackedWrites;
      let writingStarted;
      const started = new Promise((resolve) => (writingStarted = resolve));
      const writing = runWriter(server, ledger, { lanes, rand, onFirstWrite: writingStarted });
      // A writer that stops before writing (a refusal) must not hold the kill back.
      await Promise.race([started, writing]);
      await sleep(runMs);
      const exit = await server.kill9();
      await writing;
      const rec = { kill: k, runMs: Math.round(runMs), signal: exit.signal, writes: ledger.ackedWrites - before, restarted: false, integrity: '', damagedBackups: [], lost: 0, problems: [] };
      rounds.push(rec);
      try {
        server = await spawnServe({ dataDir: dir, rendererDir });
      } catch (e) {
        // The folder no longer starts: the soak ends here, and the figures say so.
        server = null;
        rec.problems.push(`the restart failed: ${e.message}`);
        log(`kill ${k}: the restart failed: ${e.message}`);
        break;
      }
      rec.restarted = true;
      restartMs.push(server.startMs);
      rec.integrity = integrityCheck(file);
      rec.damagedBackups = damagedBackups(dir).map((b) => `${b.name}: ${b.integrity}`);
      const v = ledger.verify(file);
      rec.lost = v.lost;
      for (const id of v.lostIds) lostIds.add(id);
      rec.problems.push(...v.problems);
      if (rec.integrity !== 'ok') rec.problems.push(`integrity_check: ${rec.integrity}`);
      rec.problems.push(...rec.damagedBackups.map((b) => `backup ${b}`));
      log(
        `kill ${String(k).padStart(3)}: after ${String(rec.runMs).padStart(4)} ms, ${String(rec.writes).padStart(3)} writes acknowledged (${ledger.ackedWrites} in all); ` +
          `restart ${Math.round(server.startMs)} ms, integrity ${rec.integrity}, lost ${v.lost}${rec.problems.length ? `, PROBLEMS: ${rec.problems.join(' | ')}` : ''}`,
      );
    }
  } finally {
    await server?.stop();
  }
  // The clean close after the last restart: the closed file holds everything too.
  let final;
  try {
    final = ledger.verify(file);
  } catch (e) {
    final = { lost: 0, lostIds: [], problems: [`the file cannot be read: ${e.code ?? e.message}`] };
  }
  for (const id of final.lostIds) lostIds.add(id);
  const finalIntegrity = integrityCheck(file);
  const survived = rounds.filter((r) => r.restarted && r.integrity === 'ok' && r.lost === 0 && r.problems.length === 0).length;
  const result = {
    dataDir: dir,
    kills,
    survived,
    ackedWrites: ledger.ackedWrites,
    acked: { ...ledger.acked },
    lost: lostIds.size,
    lostIds: [...lostIds].slice(0, 100),
    refusals: ledger.refusals,
    final: { integrity: finalIntegrity, lost: final.lost, problems: final.problems },
    restartMs: { median: round(median(restartMs)), max: round(Math.max(0, ...restartMs)) },
    seconds: round((performance.now() - t0) / 1000),
    rounds,
  };
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
  return result;
}

/** The soak's figures in the bench's shape ({name, value, unit, reference, ratio, target, met}). */
export function soakFigures(r) {
  const soundAtEnd = r.final.integrity === 'ok' && r.final.lost === 0 && r.final.problems.length === 0;
  return [
    {
      name: 'soak-kills-survived',
      value: r.survived,
      unit: 'kills',
      reference: r.kills,
      ratio: r.kills ? Math.round((r.survived / r.kills) * 1000) / 1000 : null,
      target: 'value = reference (every restart sound)',
      met: r.survived === r.kills && soundAtEnd && r.refusals.length === 0,
    },
    {
      name: 'soak-acked-writes-lost',
      value: r.lost,
      unit: 'writes',
      reference: r.ackedWrites,
      ratio: r.ackedWrites ? r.lost / r.ackedWrites : null,
      target: 'value = 0',
      met: r.lost === 0,
    },
    { name: 'soak-acked-writes', value: r.ackedWrites, unit: 'writes', reference: null, ratio: null, target: 'information (no target)', met: null },
    { name: 'soak-restart-median-ms', value: r.restartMs.median, unit: 'ms', reference: r.restartMs.max, ratio: null, target: 'information (no target)', met: null },
  ];
}
