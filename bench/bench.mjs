// `npm run bench [-- --json]`: speed and size figures, each measured beside its reference in the same run. Every
// figure prints {name, value, unit, reference, ratio, target, met}; `met` is true or false against the target, and
// null for figures given as information (target 'information (no target)').
//
// Several figures share one data folder seeded once per run with "five years of heavy use" (seedHistory): exactly
// 100,000 graded attempts and 600,000 checklist ticks (attempt_items rows) over the built-in bank's questions and the
// 1,826 local days before today (about nine days in ten practised, several dozen attempts on such a day, at local
// times from 06:00 to 03:30, in the home zone's winter and summer offsets and on two trips a year), each with its
// attempt_texts row (an answer of ordinary length and a short note), then replayCards builds the FSRS cards. (Every
// question now has 6 to 8 checklist items; the oldest attempts have rows for their question's first five, as if the
// checklists grew, so that the ticks come to exactly 600,000.) Seeding takes seconds: see the log line "seeded …".
//
//   dashboard-vs-sql         all of the dashboard's data, api.getDashboard({}) in-process on the seeded folder, p95 of
//                            30 runs after 5 warm-up runs, vs the same figures computed by hand-written SQL
//                            (dashboardBySql) on the same connection, runs alternating. First the two results are
//                            compared field by field: if they differ anywhere the figure has value null, met false and
//                            the difference as `error`, nothing is timed, and the run exits with status 1.
//                            Target: ratio <= 1.5.
//   home-p95                 api.getHome({}) (due counts, mastery, next action, weak concepts) on the seeded folder,
//                            p95 of 30 runs after warm-up, ms. Reference: the pre-learning-loop Home query,
//                            areaProgress(db), on the same connection and data, alternating. Target: value <= 20 ms.
//   startup-vs-react-floor   browser mode on the seeded folder, navigation until Home is interactive (the performance
//                            mark mldrill:home-interactive with the ten [data-testid^="figures-"] area cards on
//                            screen), median of 11 loads. Reference: bench/react-floor, ten static cards marking the
//                            same mark, built in this run by the same Vite, @vitejs/plugin-react and React (production)
//                            and served by a second `mldrill serve` (MLDRILL_RENDERER_DIR) on the same folder, median
//                            of 11 loads; every load in a new browser context, app and floor alternating (ABBA), after
//                            one unmeasured load of each. Like every browser figure, measured once the servers' start-up
//                            work (integrity check, daily backup) is over (see serve()). Target: ratio <= 1.25.
//   startup-vs-blank         information: the same navigation on an empty history vs a blank page from the same server,
//                            each load in a new browser profile (startup-vs-blank-warm: one profile, caches warm).
//   grade-and-next-p95       save a graded attempt and paint the next question, p95, on a copy of the seeded folder
//                            (100,000 past attempts), vs an empty history. Target: value <= 50 ms.
//   renderer-js-gzip-kb      the renderer's initial JavaScript (index.html's scripts and modulepreloads, gzip -9) in
//                            dist/renderer, vs the React runtime alone. Target: value <= 120 KB (the dashboard and its
//                            chart libraries load lazily).
//   pack-import-vs-raw       applyImport of a 5,000-question pack (worker thread, one transaction) vs inserting the same
//                            rows with raw better-sqlite3 prepared statements in one transaction on the same connection
//                            type (the import 1 s after its preview, as a user reads it; pack-import-vs-raw-cold: at
//                            once). Target: ratio <= 2.
//   import-max-stall-ms      the longest a getHome call, due every 10 ms, waits while that import runs, vs the same calls
//                            with no import running. Target: value <= 100 ms.
//   read-while-locked-p95    getHome through the services' dispatcher, called every 5 ms, while another process holds
//                            a write transaction on the database and a write of ours waits for it (retried from
//                            timers), p95 of 200 calls timed from when each was due; reference: the same calls with no
//                            lock held. Target: value <= 50 ms.
// `--only NAME[,NAME…]` runs only the named figures (the browser starts only if one of them needs it, the history is
// seeded only if one of them uses it), e.g. `npm run bench -- --json --only dashboard-vs-sql,home-p95`.
// The browser figures run dist/node's `mldrill serve` (`node scripts/build-node.mjs`) with the renderer in
// dist/renderer (`npx vite build`), or in DIR with `--renderer DIR` (e.g. a `npx vite build --outDir DIR` build), which
// renderer-js-gzip-kb then weighs too. The in-process figures also log each side's main-thread CPU time: on a busy
// machine the wall clock counts waits for a core. Not part of `npm test`: timings belong here, not in assertions.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import { startServe } from '../scripts/serve-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? null : new Set((process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean));
const rendererAt = process.argv.indexOf('--renderer');
/** The renderer build the browser figures serve and renderer-js-gzip-kb weighs: dist/renderer unless --renderer DIR. */
const rendererDir = rendererAt === -1 ? path.join(root, 'dist', 'renderer') : path.resolve(process.argv[rendererAt + 1]);
/** Whether any of a step's figure names was asked for. */
const wanted = (...names) => only === null || names.some((n) => only.has(n));
const log = (...a) => {
  if (!json) console.error(...a);
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls a browser-mode API method as the renderer does, with the token from the URL `serve` printed. */
async function apiCall(s, method, arg = {}) {
  const token = s.url.split('#token=')[1];
  const r = await fetch(`${s.base}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(arg) });
  return r.json();
}

/**
 * `mldrill serve` on a data folder, returned once its start-up work is over: the integrity check (in a worker), then
 * the daily backup when no backup is a day old. Until then that work competes with the page for the CPU and the
 * disk, by a varying amount, so no figure measures inside it (logged: how long it took). Done when the status says
 * the integrity check is no longer pending and a backup exists; a build without getStorageStatus has no such work.
 */
async function serve(dataDir, env = { MLDRILL_RENDERER_DIR: rendererDir }) {
  const t0 = performance.now();
  const s = await startServe({ dataDir, env });
  for (;;) {
    const r = await apiCall(s, 'getStorageStatus');
    if (!r.ok && (r.error?.code === 'not-found' || r.error?.code === 'invalid-argument')) break;
    if (!r.ok) throw new Error(`getStorageStatus failed: ${r.error?.message}`);
    if (r.value.integrity !== 'pending' && r.value.backups.length > 0) break;
    if (performance.now() - t0 > 180_000) throw new Error('mldrill serve did not finish its start-up check and backup within 3 minutes');
    await sleep(100);
  }
  s.startupMs = performance.now() - t0;
  return s;
}

function launch() {
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  return chromium.launch({
    ...(exe ? { executablePath: exe } : {}),
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/** A small deterministic generator (mulberry32), so every run seeds the same history. */
function prng(seed) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the model data feature training validation latency throughput cost drift monitoring embedding gradient loss batch ' +
  'learning rate regularization overfitting bias variance precision recall threshold calibration label pipeline ' +
  'schema retraining rollout canary shadow traffic offline online metric baseline ablation experiment sample size ' +
  'confidence interval leakage split cross entropy attention transformer token context window retrieval index cache ' +
  'shard replica queue stream window aggregate join backfill partition quantization distillation pruning serving GPU ' +
  'memory bandwidth trade-off because so that which means we would first then finally measure compare choose avoid'
).split(' ');
const NOTES = ['Forgot the baseline again.', 'Too slow on the intro.', 'Good structure, weak on numbers.', 'Mention monitoring earlier.', 'Revisit the trade-offs.', 'Solid.', 'Ran out of time.', 'Draw the data flow first.'];

/**
 * Seeds five years of heavy use into a data folder that has the bank loaded (see the header): HISTORY.attempts
 * attempts with HISTORY.ticks attempt_items rows, their texts, then the FSRS cards by replayCards. All in one
 * transaction with prepared statements. Returns the instant the history ends at ("now") and the zone's offset then.
 *
 * The ticks: each attempt has a row for each checklist item its question had then. The bank's checklists grew over
 * the years (5 items at first, 6 to 8 now), so the oldest attempts have rows for their question's first five items
 * and the newer ones for all of them; the boundary falls where the total is exactly HISTORY.ticks.
 */
const HISTORY = { attempts: 100_000, ticks: 600_000, days: 1826, firstChecklist: 5 };
function seedHistory(lib, dataDir) {
  const { DAY_MS, DEFAULT_DAY_START_HOUR: START, coverage, localDay, replayCards } = lib;
  const tPlan = performance.now();
  const rand = prng(20260101);
  const db = new Database(path.join(dataDir, 'mldrill.sqlite'));
  // One transaction of about 150 MB, written once: no journal (a failed seed leaves a folder nobody uses; the file is
  // put back in WAL mode at the end), its pages kept in memory until the commit.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const questions = db.prepare('SELECT key, area, time_limit_sec FROM questions WHERE retired = 0 ORDER BY key').all();
  const itemsOf = new Map(questions.map((q) => [q.key, []]));
  for (const i of db.prepare('SELECT key, question_key FROM checklist_items WHERE retired = 0 ORDER BY question_key, ordinal').all()) itemsOf.get(i.question_key)?.push(i.key);
  // Some items are hard for this user (their concepts turn out weak), most are not.
  const ease = new Map([...itemsOf.values()].flat().map((k) => [k, rand() < 0.15 ? -0.45 - rand() * 0.2 : rand() * 0.3 - 0.1]));
  const areaWeight = new Map([...new Set(questions.map((q) => q.area))].map((a) => [a, 0.5 + rand()]));

  // Home zone: UTC+1, UTC+2 from April to October; trips to UTC-4 (ten days) and UTC+9 (a week) each year.
  const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
  const homeOffset = (day) => {
    const m = new Date(day * DAY_MS).getUTCMonth();
    return m >= 3 && m <= 9 ? 120 : 60;
  };
  const offsetNow = homeOffset(Math.floor(nowMs / DAY_MS));
  const today = localDay(nowMs, offsetNow, START);
  const first = today - HISTORY.days;
  const offsetOn = (day) => {
    const inYear = (day - first) % 365;
    if (inYear >= 100 && inYear < 110) return -240;
    if (inYear >= 250 && inYear < 257) return 540;
    return homeOffset(day);
  };

  // Attempts per day: about nine days in ten, more at weekends, fewer on trips; exactly HISTORY.attempts in all.
  const weights = Array.from({ length: HISTORY.days }, (_, i) => {
    const day = first + i;
    if (rand() < 0.12) return 0;
    const weekend = ((day + 3) % 7) >= 5 ? 1.5 : 1;
    return (0.3 + rand() * 1.4) * weekend * (offsetOn(day) === homeOffset(day) ? 1 : 0.5);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w / total) * HISTORY.attempts));
  let short = HISTORY.attempts - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; short > 0; i = (i + 7919) % HISTORY.days) {
    if (weights[i] === 0) continue;
    counts[i]++;
    short--;
  }

  // Each day's attempts: distinct questions (favourite areas more often), sorted local times from 06:00 to 03:30.
  const plan = [];
  counts.forEach((n, i) => {
    if (!n) return;
    const day = first + i;
    const picks = questions
      .map((q) => ({ q, k: rand() ** (1 / areaWeight.get(q.area)) }))
      .sort((a, b) => b.k - a.k)
      .slice(0, n)
      .map((x) => x.q);
    const minutes = Array.from({ length: n }, () => 120 + rand() * (23.5 - 2) * 60).sort((a, b) => a - b);
    const offset = offsetOn(day);
    picks.forEach((q, j) => plan.push({ q, day, offset, atMs: day * DAY_MS + START * 3_600_000 + Math.round(minutes[j] * 60_000) - offset * 60_000 }));
  });
  // The checklist boundary (see above): the newest attempts get every item, the oldest the first five.
  let rest = HISTORY.ticks;
  let full = plan.length;
  while (full > 0 && rest - itemsOf.get(plan[full - 1].q.key).length >= HISTORY.firstChecklist * (full - 1)) rest -= itemsOf.get(plan[--full].q.key).length;
  // plan[full..] get all their items; plan[full - 1] gets what is left over the first five of each before it.
  const shownCount = (i) => {
    const all = itemsOf.get(plan[i].q.key).length;
    if (i >= full) return all;
    if (i === full - 1) return rest - HISTORY.firstChecklist * (full - 1);
    return Math.min(all, HISTORY.firstChecklist);
  };

  const insA = db.prepare(
    `INSERT INTO attempts (question_key, answer_ms, time_limit_sec, items_total, items_ticked, coverage, clarity, judgment, constraints_awareness, communication, created_at, at_ms, tz_offset_min)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insT = db.prepare('INSERT INTO attempt_texts (attempt_id, answer, note) VALUES (?, ?, ?)');
  const insI = db.prepare('INSERT INTO attempt_items (attempt_id, item_key, ticked, suggested) VALUES (?, ?, ?, ?)');
  const rating = (skill) => Math.max(0, Math.min(4, Math.round(4 * skill + (rand() - 0.5) * 2)));
  let ticks = 0;
  const t0 = performance.now();
  const planMs = t0 - tPlan;
  db.transaction(() => {
    // The answer search index and the secondary indexes are built in one pass each at the end (the search index by
    // 'rebuild', three times faster than row by row through the insert trigger); trigger and indexes are put back as
    // they were.
    const deferred = db.prepare(`SELECT type, name, sql FROM sqlite_schema WHERE name IN ('attempt_texts_ai', 'attempts_question', 'attempts_at', 'attempt_items_item')`).all();
    if (deferred.length !== 4) throw new Error(`seeding expected schema 4's trigger and indexes, found ${deferred.map((d) => d.name).join(', ')}`);
    for (const d of deferred) db.exec(`DROP ${d.type.toUpperCase()} ${d.name}`);
    plan.forEach((a, i) => {
      const skill = 0.45 + 0.35 * ((a.day - first) / HISTORY.days);
      const shown = itemsOf.get(a.q.key).slice(0, shownCount(i));
      const noise = (rand() - 0.5) * 0.3;
      const ticked = shown.map((k) => rand() < skill + ease.get(k) + noise);
      const nTicked = ticked.filter(Boolean).length;
      const words = Array.from({ length: 60 + Math.floor(rand() * 100) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
      const id = insA.run(
        a.q.key,
        Math.round(a.q.time_limit_sec * 1000 * (0.45 + 0.7 * rand())),
        a.q.time_limit_sec,
        shown.length,
        nTicked,
        coverage(nTicked, shown.length),
        rating(skill),
        rating(skill),
        rating(skill),
        rating(skill),
        new Date(a.atMs).toISOString(),
        a.atMs,
        a.offset,
      ).lastInsertRowid;
      insT.run(id, `${words[0].toUpperCase()}${words.slice(1)}.`, NOTES[Math.floor(rand() * NOTES.length)]);
      shown.forEach((k, j) => insI.run(id, k, ticked[j] ? 1 : 0, ticked[j] && rand() < 0.6 ? 1 : 0));
      ticks += shown.length;
    });
    db.exec(`INSERT INTO attempt_search (attempt_search) VALUES ('rebuild'); ${deferred.map((d) => `${d.sql};`).join(' ')}`);
  })();
  const insertMs = performance.now() - t0;
  const t1 = performance.now();
  db.transaction(() => replayCards(db))();
  const replayMs = performance.now() - t1;
  const counted = db.prepare('SELECT (SELECT COUNT(*) FROM attempts) AS attempts, (SELECT COUNT(*) FROM attempt_items) AS ticks, (SELECT COUNT(*) FROM attempt_texts) AS texts, (SELECT COUNT(*) FROM cards) AS cards').get();
  if (counted.attempts !== HISTORY.attempts || counted.ticks !== HISTORY.ticks || counted.texts !== HISTORY.attempts || ticks !== HISTORY.ticks) {
    throw new Error(`seeding wrote ${JSON.stringify(counted)}, expected ${HISTORY.attempts} attempts and ${HISTORY.ticks} ticks`);
  }
  db.pragma('journal_mode = WAL');
  // As every close of the app does (closeDatabase): lets SQLite gather statistics on the tables that grew.
  db.pragma('optimize');
  db.close();
  return { nowMs, offsetNow, planMs, insertMs, replayMs, cards: counted.cards, bytes: fs.statSync(path.join(dataDir, 'mldrill.sqlite')).size };
}

let seeded = null;
/** The seeded folder, made on first use and shared by every figure of the run (removed at exit). */
function seededFolder(lib) {
  seeded ??= (() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-history-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const t0 = performance.now();
    const c0 = process.threadCpuUsage();
    lib.createServices({ dataDir: dir, bankDir: path.join(root, 'resources', 'bank') }).close(); // creates the database, loads the bank
    const info = seedHistory(lib, dir);
    const seedMs = performance.now() - t0;
    const cpu = process.threadCpuUsage(c0);
    log(
      `  seeded ${HISTORY.attempts} attempts, ${HISTORY.ticks} ticks, ${info.cards} cards in ${round(seedMs / 1000, 1)} s (CPU ${round((cpu.user + cpu.system) / 1e6, 1)} s) ` +
        `(plan ${round(info.planMs / 1000, 1)} s, inserts ${round(info.insertMs / 1000, 1)} s, replayCards ${round(info.replayMs / 1000, 1)} s; ${round(info.bytes / 1048576, 1)} MB)`,
    );
    return { dir, ...info, seedMs, clock: { nowMs: () => info.nowMs, offsetMin: () => info.offsetNow } };
  })();
  return seeded;
}

/** A new data folder with the bank loaded and no history. */
async function freshDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-'));
  const s = await serve(dir); // first run creates the database and loads the bank
  await s.stop();
  return dir;
}

/**
 * Loads a page of a `serve` and resolves with the startTime of the mark mldrill:home-interactive, once it is set and
 * the ten [data-testid^="figures-"] area cards are on screen (the app's Home, or the React floor's cards).
 */
async function loadUntilInteractive(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('mldrill:home-interactive').length > 0 && document.querySelectorAll('[data-testid^="figures-"]').length === 10);
  return page.evaluate(() => performance.getEntriesByName('mldrill:home-interactive')[0].startTime);
}

/**
 * Information: navigation until Home is interactive (every area's figures on screen) on an empty history, beside a
 * blank page from the same server. Every load gets a new browser profile; warm: one profile reused, as when the
 * desktop app is opened again (HTTP and V8 code caches warm), after three unmeasured loads of each.
 */
async function startupVsBlank(browser, { warm, runs = 9 }) {
  const dir = await freshDataDir();
  const s = await serve(dir);
  const app = [];
  const blank = [];
  const loadBlank = async (page) => {
    await page.goto(`${s.base}/__blank`, { waitUntil: 'load' });
    return page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  };
  const loadApp = (page) => loadUntilInteractive(page, s.url);
  try {
    const shared = warm ? await browser.newContext() : null;
    const pageFor = async () => (shared ? shared.newPage() : (await browser.newContext()).newPage());
    if (warm) {
      for (let i = 0; i < 3; i++) {
        const p = await pageFor();
        await loadBlank(p);
        await loadApp(p);
        await p.close();
      }
    }
    for (let i = 0; i < runs; i++) {
      const p1 = await pageFor();
      blank.push(await loadBlank(p1));
      await (shared ? p1.close() : p1.context().close());
      const p2 = await pageFor();
      app.push(await loadApp(p2));
      await (shared ? p2.close() : p2.context().close());
    }
    await shared?.close();
  } finally {
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const value = median(app);
  const reference = median(blank);
  return {
    name: warm ? 'startup-vs-blank-warm' : 'startup-vs-blank',
    value: round(value),
    unit: 'ms',
    reference: round(reference),
    ratio: round(value / reference),
    target: 'information (no target)',
    met: null,
  };
}

/** Builds bench/react-floor with the app's Vite and React plugin (production), into a temporary folder. */
async function buildReactFloor() {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-floor-'));
  await build({
    configFile: false,
    root: path.join(root, 'bench', 'react-floor'),
    base: './',
    mode: 'production',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false },
  });
  return outDir;
}

/**
 * startup-vs-react-floor: the app on the seeded five-year history vs the React floor, both from `mldrill serve` on that
 * folder, each load in a new browser context, alternating app and floor (ABBA), after one unmeasured load of each.
 */
async function startupVsFloor(browser, lib, runs = 11) {
  const { dir } = seededFolder(lib);
  const floorDir = await buildReactFloor();
  // The app's server first: on the new folder it takes the first daily backup (the floor's then finds it).
  const app = await serve(dir);
  const floor = await serve(dir, { MLDRILL_RENDERER_DIR: floorDir });
  log(`  start-up check and backup on the five-year history: app's server ${round(app.startupMs / 1000, 1)} s, floor's ${round(floor.startupMs / 1000, 1)} s`);
  const appTimes = [];
  const floorTimes = [];
  const once = async (url) => {
    const ctx = await browser.newContext();
    try {
      return await loadUntilInteractive(await ctx.newPage(), url);
    } finally {
      await ctx.close();
    }
  };
  try {
    await once(app.url);
    await once(floor.url);
    for (let i = 0; i < runs; i++) {
      const order = i % 2 === 0 ? ['app', 'floor'] : ['floor', 'app'];
      for (const which of order) {
        if (which === 'app') appTimes.push(await once(app.url));
        else floorTimes.push(await once(floor.url));
      }
    }
  } finally {
    await app.stop();
    await floor.stop();
    fs.rmSync(floorDir, { recursive: true, force: true });
  }
  log(`  app ${appTimes.map((t) => round(t, 0)).join(' ')} ms; floor ${floorTimes.map((t) => round(t, 0)).join(' ')} ms`);
  const value = median(appTimes);
  const reference = median(floorTimes);
  return { name: 'startup-vs-react-floor', value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target: 'ratio <= 1.25', met: value / reference <= 1.25 };
}

/** Times save-and-next over whole drills: click "Save and next" until the next question is painted. */
async function gradeAndNextTimes(browser, dir, questionsPerDrill = 30, drills = 2) {
  const s = await serve(dir);
  const times = [];
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(s.url);
    for (let d = 0; d < drills; d++) {
      await page.waitForSelector('main.home[data-ready="true"]');
      await page.getByRole('button', { name: 'Select all' }).click();
      await page.getByLabel('Questions').fill(String(questionsPerDrill));
      await page.getByRole('button', { name: 'Start drill' }).click();
      for (let q = 0; q < questionsPerDrill; q++) {
        await page.waitForSelector(`main.drill[data-position="${q}"][data-phase="answer"]`);
        await page.getByLabel('Your answer', { exact: true }).fill('Benchmark answer mentioning latency, cost and drift.');
        await page.getByRole('button', { name: /Finish and grade/ }).click();
        await page.locator('.checklist input').first().check();
        for (const g of await page.getByRole('radiogroup').all()) await g.getByRole('radio').nth(2).check();
        await page.getByRole('button', { name: /Submit grading/ }).click();
        await page.waitForSelector('.review');
        const ms = await page.evaluate(
          () =>
            new Promise((resolve) => {
              const before = document.querySelector('main.drill')?.getAttribute('data-position');
              const t0 = performance.now();
              const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
              const obs = new MutationObserver(() => {
                const main = document.querySelector('main.drill');
                if (!main || main.getAttribute('data-position') !== before) {
                  obs.disconnect();
                  done();
                }
              });
              obs.observe(document.body, { subtree: true, childList: true, attributes: true });
              document.querySelector('form.grade button[type="submit"]').click();
            }),
        );
        if (q < questionsPerDrill - 1) times.push(ms); // the last save paints the summary, not a question
      }
      await page.getByRole('button', { name: 'Back to Home' }).click();
    }
    await ctx.close();
  } finally {
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

async function gradeAndNext(browser, lib) {
  // A copy of the seeded folder, so the saved attempts do not change it for the other figures.
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-grade-'));
  fs.cpSync(seededFolder(lib).dir, copy, { recursive: true });
  const loaded = await gradeAndNextTimes(browser, copy);
  const empty = await gradeAndNextTimes(browser, await freshDataDir());
  const value = p95(loaded);
  const reference = p95(empty);
  return { name: 'grade-and-next-p95', value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target: 'value <= 50 ms', met: value <= 50 };
}

/**
 * The reference for dashboard-vs-sql: the dashboard's figures (DashboardView) straight from the tables, by hand-written
 * SQL on the connection given, with the same rules applied to the rows (FSRS retrievability, the mastery formula,
 * the weak-concept tally and order, streaks). Three reads:
 * - areas: one row per question with its card, if any (available, practised, attempts as the cards' graded counts,
 *   recall and latest coverage);
 * - one pass over attempts grouped by local day: the 365 days, the 52 weeks, the practice days for streaks, totals;
 * - weak concepts: checks of the last 400 attempts tallied per concept in SQL, then the newest twelve checks of each
 *   weak one (window function) with their prompt and item.
 * Statements are prepared at each call, as the services do.
 */
function dashboardBySql(lib, db, clock) {
  const { AREAS, CONCEPTS, WEAK_RULES, cardClock, localDay, dayLabel, weekStart, retrievability, mastery, tally, byWeakness, streaks, dayStartHour } = lib;
  const ms = clock.nowMs();
  const offset = clock.offsetMin(ms);
  const startHour = dayStartHour(db);
  const today = localDay(ms, offset, startHour);
  const cardMs = cardClock(ms, offset, startHour);

  const area = new Map(AREAS.map((a) => [a.id, { available: 0, attempts: 0, recalls: [], coverages: [] }]));
  let questions = 0;
  for (const r of db
    .prepare(
      `SELECT q.area, q.retired = 0 AND p.enabled = 1 AND p.removed_at IS NULL AS on_offer, c.state, c.stability, c.difficulty, c.reps, c.lapses,
              c.scheduled_days, c.learning_steps, c.due_ms, c.last_review_ms, c.last_coverage, c.graded
       FROM questions q JOIN packs p ON p.id = q.pack_id LEFT JOIN cards c ON c.question_key = q.key`,
    )
    .all()) {
    const a = area.get(r.area);
    if (r.graded !== null) questions++;
    if (!a) continue;
    a.attempts += r.graded ?? 0;
    if (!r.on_offer) continue;
    a.available++;
    if (r.graded === null) continue;
    const card = { state: r.state, stability: r.stability, difficulty: r.difficulty, reps: r.reps, lapses: r.lapses, scheduledDays: r.scheduled_days, learningSteps: r.learning_steps, dueMs: r.due_ms, lastReviewMs: r.last_review_ms };
    a.recalls.push(retrievability(card, cardMs));
    a.coverages.push(r.last_coverage);
  }

  const firstWeek = weekStart(today) - 51 * 7;
  const weekly = new Map();
  const days = [];
  const practiceDays = [];
  let attempts = 0;
  let answerMs = 0;
  for (const r of db
    .prepare(
      `SELECT (at_ms + tz_offset_min * 60000 - ${startHour * 3_600_000}) / 86400000 AS day, COUNT(*) AS n, SUM(coverage) AS coverage, SUM(answer_ms) AS answer_ms
       FROM attempts GROUP BY day ORDER BY day`,
    )
    .all()) {
    attempts += r.n;
    answerMs += r.answer_ms;
    practiceDays.push(r.day);
    if (r.day > today) continue;
    if (r.day > today - 365) days.push({ day: dayLabel(r.day), attempts: r.n });
    const w = weekStart(r.day);
    if (w < firstWeek) continue;
    const acc = weekly.get(w) ?? { attempts: 0, coverage: 0, answerMs: 0 };
    acc.attempts += r.n;
    acc.coverage += r.coverage;
    acc.answerMs += r.answer_ms;
    weekly.set(w, acc);
  }
  const weeks = [];
  for (let w = weekly.size ? Math.min(...weekly.keys()) : weekStart(today); w <= weekStart(today); w += 7) {
    const acc = weekly.get(w);
    weeks.push({ week: dayLabel(w), attempts: acc?.attempts ?? 0, meanCoverage: acc ? acc.coverage / acc.attempts : null, meanAnswerSec: acc ? acc.answerMs / acc.attempts / 1000 : null });
  }

  const recent = `WITH recent AS (SELECT id, question_key, created_at, at_ms, tz_offset_min FROM attempts ORDER BY at_ms DESC, id DESC LIMIT ${WEAK_RULES.windowAttempts})`;
  const concept = new Map(CONCEPTS.map((c) => [c.id, c]));
  const weak = db
    .prepare(
      `${recent} SELECT ic.concept, COUNT(*) AS checks, SUM(ai.ticked = 0) AS misses, COUNT(DISTINCT r.question_key) AS questions
       FROM recent r JOIN attempt_items ai ON ai.attempt_id = r.id JOIN item_concepts ic ON ic.item_key = ai.item_key GROUP BY ic.concept`,
    )
    .all()
    .filter((r) => concept.has(r.concept))
    .map((r) => tally(r.concept, r.checks, r.misses, r.questions))
    .filter((t) => t.weak)
    .sort(byWeakness);
  const evidence = new Map(weak.map((t) => [t.concept, []]));
  for (const r of db
    .prepare(
      `${recent}, checks AS (
         SELECT ic.concept, r.id, r.question_key, r.created_at, r.at_ms, r.tz_offset_min, ai.ticked, ai.item_key,
                ROW_NUMBER() OVER (PARTITION BY ic.concept ORDER BY r.at_ms DESC, r.id DESC, ci.ordinal) AS n
         FROM recent r JOIN attempt_items ai ON ai.attempt_id = r.id JOIN item_concepts ic ON ic.item_key = ai.item_key
         JOIN checklist_items ci ON ci.key = ai.item_key
         WHERE ic.concept IN (SELECT value FROM json_each(?)))
       SELECT c.concept, c.id, q.pack_id, q.id AS question_id, substr(q.prompt, 1, 160) AS prompt, c.created_at, c.at_ms, c.tz_offset_min, c.ticked, ci.text
       FROM checks c JOIN questions q ON q.key = c.question_key JOIN checklist_items ci ON ci.key = c.item_key
       WHERE c.n <= 12 ORDER BY c.concept, c.n`,
    )
    .all(JSON.stringify(weak.map((t) => t.concept)))) {
    evidence.get(r.concept).push({
      attemptId: r.id,
      packId: r.pack_id,
      questionId: r.question_id,
      prompt: r.prompt,
      at: r.created_at,
      day: dayLabel(localDay(r.at_ms, r.tz_offset_min, startHour)),
      item: r.text,
      ticked: r.ticked === 1,
    });
  }
  const showStreaks = db.prepare(`SELECT value FROM settings WHERE key = 'showStreaks'`).get();

  return {
    day: dayLabel(today),
    areas: AREAS.map(({ id, title }) => {
      const a = area.get(id);
      const practised = a.recalls.length;
      return { id, title, ...mastery({ recalls: a.recalls, latestCoverages: a.coverages, practised, available: a.available }), practised, available: a.available, attempts: a.attempts };
    }),
    weeks,
    days,
    streak: (showStreaks ? JSON.parse(showStreaks.value) !== false : true) ? streaks(practiceDays, today) : null,
    totals: { attempts, questions, practiceDays: practiceDays.length, answerMinutes: Math.round(answerMs / 60_000) },
    weakConcepts: weak.map((t) => {
      const c = concept.get(t.concept);
      return { id: c.id, title: c.title, area: c.area, missRate: t.missRate, evidence: t.checks, misses: t.misses, questions: t.questions, recent: evidence.get(t.concept) };
    }),
  };
}

/** Throws, naming the first place they differ, unless the service's `a` and the reference's `b` are the same data (numbers to 1e-9 relative). */
function assertSame(a, b, where = '') {
  const fail = (why) => {
    throw new Error(`dashboard-vs-sql: the reference differs from the service at ${where || '(root)'}: ${why}`);
  };
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) fail(`service ${a}, reference ${b}`);
    return;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    if (a !== b) fail(`service ${JSON.stringify(a)}, reference ${JSON.stringify(b)}`);
    return;
  }
  if (Array.isArray(a) !== Array.isArray(b)) fail(`service ${Array.isArray(a) ? 'array' : 'object'}, reference ${Array.isArray(b) ? 'array' : 'object'}`);
  if (Array.isArray(a) && a.length !== b.length) fail(`service ${a.length} entries, reference ${b.length}`);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (!(k in a) || !(k in b)) fail(`key ${k} only in the ${k in a ? 'service' : 'reference'}`);
    assertSame(a[k], b[k], `${where}${Array.isArray(a) ? `[${k}]` : `.${k}`}`);
  }
}

/**
 * Alternates `a` and `b` (warm-up runs first, unmeasured) and returns each one's wall-clock times in ms, and beside
 * them (logged, not figures) the main thread's mean CPU time per run: on a machine busy with other work the wall
 * clock also counts time the thread waited for a core. (The CPU clock ticks coarsely, in milliseconds, so only a mean is given.)
 */
function alternate(a, b, { warmup = 5, runs = 30 } = {}) {
  const wall = [[], []];
  const cpu = [0, 0];
  for (let i = 0; i < warmup + runs; i++) {
    for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const c0 = process.threadCpuUsage();
      const t0 = performance.now();
      (k === 0 ? a : b)();
      const ms = performance.now() - t0;
      const c = process.threadCpuUsage(c0);
      if (i >= warmup) {
        wall[k].push(ms);
        cpu[k] += (c.user + c.system) / 1000 / runs;
      }
    }
  }
  return { wall, cpu };
}

const summary = (name, wall, cpu) => `${name} wall median ${round(median(wall))} ms, p95 ${round(p95(wall))} ms, CPU mean ${round(cpu)} ms`;

/**
 * dashboard-vs-sql: first checks that the service and the reference give the same figures; if they differ the figure
 * carries the difference as `error` (value null, met false), the run exits non-zero and nothing is timed.
 */
function dashboardFigure(lib, s, clock) {
  const target = 'ratio <= 1.5';
  const view = s.api.getDashboard({});
  try {
    assertSame(view, dashboardBySql(lib, s.db, clock));
  } catch (e) {
    failures.push(e.message);
    return { name: 'dashboard-vs-sql', value: null, unit: 'ms', reference: null, ratio: null, target, met: false, error: e.message };
  }
  log(
    `  dashboard checked: ${view.areas.length} areas, ${view.weeks.length} weeks, ${view.days.length} days, streak ${JSON.stringify(view.streak)}, ` +
      `totals ${JSON.stringify(view.totals)}, ${view.weakConcepts.length} weak concepts`,
  );
  const { wall, cpu } = alternate(
    () => s.api.getDashboard({}),
    () => dashboardBySql(lib, s.db, clock),
  );
  log(`  ${summary('getDashboard', wall[0], cpu[0])}; ${summary('SQL', wall[1], cpu[1])}`);
  const value = p95(wall[0]);
  const reference = p95(wall[1]);
  return { name: 'dashboard-vs-sql', value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target, met: value / reference <= 1.5 };
}

/** home-p95: getHome beside areaProgress on the same connection, alternating. */
function homeFigure(lib, s) {
  const { wall, cpu } = alternate(
    () => s.api.getHome({}),
    () => lib.areaProgress(s.db),
  );
  log(`  ${summary('getHome', wall[0], cpu[0])}; ${summary('areaProgress', wall[1], cpu[1])}`);
  const value = p95(wall[0]);
  const reference = p95(wall[1]);
  return { name: 'home-p95', value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target: 'value <= 20 ms', met: value <= 20 };
}

/** dashboard-vs-sql and home-p95, in-process on the seeded folder, with the clock standing at the history's "now". */
function serviceFigures(lib) {
  const history = seededFolder(lib);
  const s = lib.createServices({ dataDir: history.dir, bankDir: path.join(root, 'resources', 'bank'), clock: history.clock });
  try {
    return [...(wanted('dashboard-vs-sql') ? [dashboardFigure(lib, s, history.clock)] : []), ...(wanted('home-p95') ? [homeFigure(lib, s)] : [])];
  } finally {
    s.close();
  }
}

/** Times `call` every `everyMs` ms, from when each call was due (timer delays count), `n` times. */
async function dueTimes(call, n = 200, everyMs = 5) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const due = performance.now();
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    const r = await call();
    if (!r.ok) throw new Error(`getHome failed during read-while-locked: ${r.error.message}`);
    out.push(performance.now() - due - everyMs);
  }
  return out;
}

/** read-while-locked-p95: reads keep answering while another process holds the write lock and our write waits. */
async function readWhileLocked(lib) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-lock-'));
  const s = lib.createServices({ dataDir: dir, bankDir: path.join(root, 'resources', 'bank') });
  const dispatch = lib.createDispatcher(s.api);
  let holder = null;
  try {
    const getHome = () => dispatch('getHome', {});
    await dueTimes(getHome, 20);
    const idle = await dueTimes(getHome);
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const code = `const D = require(${JSON.stringify(sqlite)}); const db = new D(process.argv[1]); db.pragma('busy_timeout = 5000');
      db.exec('BEGIN IMMEDIATE'); db.prepare("INSERT INTO settings (key, value) VALUES ('bench-lock', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run();
      process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
    holder = spawn(process.execPath, ['-e', code, path.join(dir, 'mldrill.sqlite')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      holder.stdout.on('data', (d) => String(d).includes('locked') && resolve());
      holder.once('exit', (c) => reject(new Error(`the lock holder exited (${c})`)));
    });
    // Our writes wait on the lock the whole time: a new one starts as soon as the last gives up.
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) {
        const r = await dispatch('updateSettings', { defaultCount: 1 + (n++ % 9) });
        if (r.ok && writing) throw new Error('a write went through while another process held the lock');
      }
    })();
    const locked = await dueTimes(getHome);
    writing = false;
    holder.kill('SIGKILL');
    await writes;
    const value = p95(locked);
    const reference = p95(idle);
    return { name: 'read-while-locked-p95', value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target: 'value <= 50 ms', met: value <= 50 };
  } finally {
    holder?.kill('SIGKILL');
    s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function rendererJsGzip() {
  const dist = rendererDir;
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  const gz = (file) => gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;
  const value = refs.reduce((sum, r) => sum + gz(path.join(dist, r.replace(/^\.?\//, ''))), 0);
  // Reference: the React runtime alone (react + react-dom client + scheduler, production builds).
  const nm = path.join(root, 'node_modules');
  const reactFiles = ['react/cjs/react.production.js', 'react-dom/cjs/react-dom.production.js', 'react-dom/cjs/react-dom-client.production.js', 'scheduler/cjs/scheduler.production.js'];
  const reference = reactFiles.reduce((sum, f) => sum + gz(path.join(nm, f)), 0);
  return { name: 'renderer-js-gzip-kb', value: round(value, 1), unit: 'KB', reference: round(reference, 1), ratio: round(value / reference), target: 'value <= 120 KB', met: value <= 120 };
}

/**
 * The services bundled from source, with the rules and helpers bench/services-entry.ts re-exports (bench/ is plain
 * Node and cannot load TypeScript): the import API finds the worker bundle beside its own bundle, as it does beside
 * dist/node/cli.mjs. Built once per run.
 */
let services = null;
function loadServices() {
  services ??= bundleServices();
  return services;
}
async function bundleServices() {
  const { build } = await import('esbuild');
  const outdir = path.join(root, 'node_modules', '.cache', 'mldrill-bench');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    logLevel: 'warning',
    external: ['better-sqlite3'],
    entryPoints: { services: path.join(root, 'bench/services-entry.ts'), 'import-worker': path.join(root, 'electron/services/import-worker.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    banner: { js: "import { createRequire as __mldrillCreateRequire } from 'node:module'; const require = __mldrillCreateRequire(import.meta.url);" },
  });
  return import(pathToFileURL(path.join(outdir, 'services.mjs')).href);
}

/**
 * 5,000 questions cut from the built-in bank's (real lengths: 5-8 checklist items with keywords, pitfalls and
 * follow-ups), ids made unique. Outlines are left out so the pack fits the format's 20 MB (about 14 MB as it is).
 */
function benchPack(n = 5000) {
  const bank = fs
    .readdirSync(path.join(root, 'resources', 'bank'))
    .filter((f) => f.endsWith('.drillpack.json'))
    .sort()
    .flatMap((f) => JSON.parse(fs.readFileSync(path.join(root, 'resources', 'bank', f), 'utf8')).questions);
  const questions = Array.from({ length: n }, (_, i) => {
    const q = { ...bank[i % bank.length], id: `bench-${i}` };
    delete q.outline;
    return q;
  });
  return { format: 'mldrill-pack', formatVersion: 1, id: 'bench-pack', version: '1.0.0', title: 'Benchmark pack', questions };
}

const KIND_BASE = { concept: 180, scenario: 420, 'system-design': 900, behavioral: 240 };
const LEVEL_FACTOR = { junior: 0.75, mid: 1, senior: 1.25 };

/** The reference: the same rows, inserted with plain prepared statements in one transaction, nothing else. */
function rawInsert(db, pack) {
  const now = new Date().toISOString();
  const insP = db.prepare(`INSERT INTO packs (id, version, title, builtin, content_hash, source_file, installed_at, updated_at) VALUES (?, ?, ?, 0, 'raw', 'raw', ?, ?)`);
  const insQ = db.prepare(
    `INSERT INTO questions (pack_id, id, area, kind, level, prompt, time_limit_sec, outline, pitfalls, follow_ups, tags, roles, ordinal)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // With the concepts, so the item_concepts triggers run here as they do in the import.
  const insI = db.prepare('INSERT INTO checklist_items (question_key, id, text, keywords, concepts, ordinal) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    insP.run(pack.id, pack.version, pack.title, now, now);
    pack.questions.forEach((q, ordinal) => {
      const limit = q.timeLimitSec ?? Math.round((KIND_BASE[q.kind] * LEVEL_FACTOR[q.level]) / 15) * 15;
      const key = insQ.run(pack.id, q.id, q.area, q.kind, q.level, q.prompt, limit, q.outline ?? null, JSON.stringify(q.pitfalls), JSON.stringify(q.followUps), JSON.stringify(q.tags ?? []), JSON.stringify(q.roles ?? []), ordinal).lastInsertRowid;
      q.checklist.forEach((item, i) => insI.run(key, item.id, item.text, JSON.stringify(item.keywords ?? []), JSON.stringify(item.concepts ?? []), i));
    });
  }).immediate();
}

/**
 * The import figures, from one set of runs; each run uses fresh data folders with the built-in bank loaded (so
 * getHome has real work):
 * - pack-import-vs-raw: applyImport after the preview has been on screen for a second (as when a user reads it:
 *   the worker prepared at preview time has booted, connected and parsed the pack), vs rawInsert;
 * - pack-import-vs-raw-cold: applyImport called the moment previewImport returns (the worker's start is inside);
 * - import-max-stall-ms: from applyImport (again 1 s after the preview, so the preview's own garbage collection is
 *   not counted against the import) until 500 ms after it answered (the worker's checkpoint, the first reads of the
 *   new pages), a getHome is due every 10 ms; its wait runs from when it was due until it returned (the event loop's
 *   delay plus the call itself). Reference: the same calls for 300 ms with nothing running.
 */
async function importFigures(runs = 5) {
  log('  bundling the services…');
  const { createServices } = await loadServices();
  const pack = benchPack();
  const text = JSON.stringify(pack);
  log(`  pack: ${pack.questions.length} questions, ${(Buffer.byteLength(text) / 1048576).toFixed(1)} MB`);
  const bankDir = path.join(root, 'resources', 'bank');
  const warm = [];
  const cold = [];
  const raws = [];
  const stalls = [];
  const idleStalls = [];
  /** Runs `f(services)` against a new data folder, then removes it. */
  const inFresh = async (f) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-import-'));
    const services = createServices({ dataDir: dir, bankDir });
    try {
      return await f(services);
    } finally {
      services.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  const preview = (services) => {
    const p = services.api.previewImport({ fileName: 'bench.drillpack.json', text });
    if (!p.importId) throw new Error(`bench pack not importable: ${p.message} ${JSON.stringify(p.errors)}`);
    return p.importId;
  };
  const check = (result) => {
    if (result.added !== pack.questions.length) throw new Error(`imported ${result.added} questions`);
  };
  /** Calls getHome every 10 ms until `until` settles and `after` ms more (the first reads after the commit); the longest wait. */
  const pollHome = async (services, until, after = 0) => {
    let worst = 0;
    let done = false;
    until.finally(() => setTimeout(() => (done = true), after));
    while (!done) {
      const due = performance.now() + 10;
      await new Promise((r) => setTimeout(r, 10));
      services.api.getHome({});
      worst = Math.max(worst, performance.now() - due);
    }
    return worst;
  };
  for (let r = 0; r < runs; r++) {
    await inFresh(async (services) => {
      const importId = preview(services);
      await sleep(1000);
      const t0 = performance.now();
      check(await services.api.applyImport({ importId, force: false }));
      warm.push(performance.now() - t0);
    });
    await inFresh(async (services) => {
      const t0 = performance.now();
      rawInsert(services.db, pack);
      raws.push(performance.now() - t0);
    });
    await inFresh(async (services) => {
      const importId = preview(services);
      const t0 = performance.now();
      check(await services.api.applyImport({ importId, force: false }));
      cold.push(performance.now() - t0);
    });
    await inFresh(async (services) => {
      idleStalls.push(await pollHome(services, sleep(300)));
      const importId = preview(services);
      await sleep(1000);
      const applying = services.api.applyImport({ importId, force: false });
      const stall = pollHome(services, applying, 500);
      check(await applying);
      stalls.push(await stall);
    });
    log(
      `  run ${r + 1}: import ${round(warm.at(-1))} ms (cold ${round(cold.at(-1))} ms), raw ${round(raws.at(-1))} ms, ` +
        `worst getHome wait ${round(stalls.at(-1))} ms (idle ${round(idleStalls.at(-1))} ms)`,
    );
  }
  const reference = median(raws);
  const ratioFigure = (name, value) => ({ name, value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target: 'ratio <= 2', met: value / reference <= 2 });
  const stall = median(stalls);
  const idle = median(idleStalls);
  return [
    ratioFigure('pack-import-vs-raw', median(warm)),
    ratioFigure('pack-import-vs-raw-cold', median(cold)),
    { name: 'import-max-stall-ms', value: round(stall), unit: 'ms', reference: round(idle), ratio: round(stall / idle), target: 'value <= 100 ms', met: stall <= 100 },
  ];
}

const figures = [];
/** Checks that failed (the run exits with status 1 after printing the figures). */
const failures = [];
if (wanted('renderer-js-gzip-kb')) {
  log('renderer-js-gzip-kb…');
  figures.push(rendererJsGzip());
}
if (wanted('dashboard-vs-sql', 'home-p95')) {
  log('dashboard-vs-sql, home-p95…');
  figures.push(...serviceFigures(await loadServices()));
}
if (wanted('startup-vs-react-floor', 'startup-vs-blank', 'startup-vs-blank-warm', 'grade-and-next-p95')) {
  const browser = await launch();
  try {
    if (wanted('startup-vs-react-floor')) {
      log('startup-vs-react-floor…');
      figures.push(await startupVsFloor(browser, await loadServices()));
    }
    if (wanted('startup-vs-blank')) {
      log('startup-vs-blank…');
      figures.push(await startupVsBlank(browser, { warm: false }));
    }
    if (wanted('startup-vs-blank-warm')) figures.push(await startupVsBlank(browser, { warm: true }));
    if (wanted('grade-and-next-p95')) {
      log('grade-and-next-p95…');
      figures.push(await gradeAndNext(browser, await loadServices()));
    }
  } finally {
    await browser.close();
  }
}
if (wanted('read-while-locked-p95')) {
  log('read-while-locked-p95…');
  figures.push(await readWhileLocked(await loadServices()));
}
if (wanted('pack-import-vs-raw', 'pack-import-vs-raw-cold', 'import-max-stall-ms')) {
  log('pack-import-vs-raw, import-max-stall-ms…');
  for (const f of await importFigures()) if (wanted(f.name)) figures.push(f);
}

if (wanted('recording-kb-per-min')) {
  log('recording-kb-per-min…');
  const { measureRecording } = await import('./recording.mjs');
  figures.push(...(await measureRecording({ rendererDir })));
}
if (wanted('transcribe-rtf')) {
  log('transcribe-rtf…');
  const { measureTranscribe } = await import('./transcribe.mjs');
  figures.push(...(await measureTranscribe({ log })));
}
if (wanted('suggest-false-rate-weak', 'suggest-recall-strong', 'suggest-precision', 'suggest-false-rate-weak-heldout', 'suggest-recall-strong-heldout', 'suggest-precision-heldout')) {
  log('suggest-false-rate-weak, suggest-recall-strong, suggest-precision…');
  const { measureSuggest } = await import('./suggest.mjs');
  figures.push(...(await measureSuggest()));
}

if (json) console.log(JSON.stringify({ figures }));
else {
  console.log(`\n${'figure'.padEnd(32)} value        reference    ratio  target                   met`);
  for (const f of figures) {
    const met = f.met === null ? 'info' : f.met ? 'yes' : 'NO';
    console.log(`${f.name.padEnd(32)} ${`${f.value} ${f.unit}`.padEnd(12)} ${`${f.reference} ${f.unit}`.padEnd(12)} ${String(f.ratio).padEnd(6)} ${String(f.target).padEnd(24)} ${met}`);
  }
}
for (const f of failures) console.error(`bench: ${f}`);
if (failures.length) process.exitCode = 1;
