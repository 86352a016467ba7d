// `npm run bench [-- --json]`: speed and size figures, each measured beside its reference in the same run.
//   startup-vs-blank     browser mode, navigation until Home is interactive, vs a blank page from the same server,
//                        each load in a new browser profile (startup-vs-blank-warm: one profile, caches warm)
//   grade-and-next-p95   save a graded attempt and paint the next question with 100,000 past attempts, vs an empty history
//   renderer-js-gzip-kb  the renderer's initial JavaScript, gzip, vs the React runtime alone
//   pack-import-vs-raw   applyImport of a 5,000-question pack (worker thread, one transaction) vs inserting the same
//                        rows with raw better-sqlite3 prepared statements in one transaction on the same connection type
//                        (the import 1 s after its preview, as a user reads it; pack-import-vs-raw-cold: at once)
//   import-max-stall-ms  the longest a getHome call, due every 10 ms, waits while that import runs, vs the same calls
//                        with no import running
// `--only NAME[,NAME…]` runs only the named figures (the browser starts only if one of them needs it), e.g.
// `npm run bench -- --json --only pack-import-vs-raw,import-max-stall-ms`.
// Not part of `npm test`: timings belong here, not in assertions.
import fs from 'node:fs';
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
/** Whether any of a step's figure names was asked for. */
const wanted = (...names) => only === null || names.some((n) => only.has(n));
const log = (...a) => {
  if (!json) console.error(...a);
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

const serve = (dataDir) => startServe({ dataDir });

function launch() {
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  return chromium.launch({
    ...(exe ? { executablePath: exe } : {}),
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/** Seeds `n` past attempts (with their checklist ticks) straight into SQLite, spread over every bank question. */
function seedAttempts(dataDir, n) {
  const db = new Database(path.join(dataDir, 'mldrill.sqlite'));
  const questions = db.prepare('SELECT key, time_limit_sec FROM questions WHERE retired = 0').all();
  const items = db.prepare('SELECT key, question_key FROM checklist_items WHERE retired = 0').all();
  const byQuestion = new Map();
  for (const i of items) {
    if (!byQuestion.has(i.question_key)) byQuestion.set(i.question_key, []);
    byQuestion.get(i.question_key).push(i.key);
  }
  const insA = db.prepare(
    `INSERT INTO attempts (question_key, answer, answer_ms, time_limit_sec, items_total, items_ticked, coverage, clarity, judgment, constraints_awareness, communication, note, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 2, 2, 2, 2, '', ?)`,
  );
  const insI = db.prepare('INSERT INTO attempt_items (attempt_id, item_key, ticked, suggested) VALUES (?, ?, ?, 0)');
  const answer = 'A past answer of ordinary length. '.repeat(20);
  db.transaction(() => {
    for (let k = 0; k < n; k++) {
      const q = questions[k % questions.length];
      const its = byQuestion.get(q.key) ?? [];
      const ticked = k % (its.length + 1);
      const id = insA.run(q.key, answer, 60_000 + (k % 300_000), q.time_limit_sec, its.length, ticked, its.length ? ticked / its.length : 0, new Date(Date.UTC(2026, 0, 1) + k * 60_000).toISOString()).lastInsertRowid;
      its.forEach((key, j) => insI.run(id, key, j < ticked ? 1 : 0));
    }
  })();
  db.close();
}

async function freshDataDir(pastAttempts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-bench-'));
  const s = await serve(dir); // first run creates the database and loads the bank
  await s.stop();
  if (pastAttempts) seedAttempts(dir, pastAttempts);
  return dir;
}

/**
 * Navigation until Home is interactive (every area's figures on screen), beside a blank page from the same server.
 * The headline figure gives every load a new browser profile. Warm (reported beside it): one profile reused, as when
 * the desktop app is opened again (HTTP and V8 code caches warm), after three unmeasured loads of each.
 */
async function startupVsBlank(browser, { warm, runs = 9 }) {
  const dir = await freshDataDir(0);
  const s = await serve(dir);
  const app = [];
  const blank = [];
  const loadBlank = async (page) => {
    await page.goto(`${s.base}/__blank`, { waitUntil: 'load' });
    return page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
  };
  const loadApp = async (page) => {
    await page.goto(s.url);
    await page.waitForFunction(() => performance.getEntriesByName('mldrill:home-interactive').length > 0 && document.querySelectorAll('[data-testid^="figures-"]').length === 10);
    return page.evaluate(() => performance.getEntriesByName('mldrill:home-interactive')[0].startTime);
  };
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
    target: 'ratio <= 1.5',
    met: value / reference <= 1.5,
  };
}

/** Times save-and-next over whole drills: click "Save and next" until the next question is painted. */
async function gradeAndNextTimes(browser, pastAttempts, questionsPerDrill = 30, drills = 2) {
  const dir = await freshDataDir(pastAttempts);
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

async function gradeAndNext(browser) {
  log('  seeding 100,000 past attempts…');
  const loaded = await gradeAndNextTimes(browser, 100_000);
  const empty = await gradeAndNextTimes(browser, 0);
  const value = p95(loaded);
  const reference = p95(empty);
  return { name: 'grade-and-next-p95', value: round(value), unit: 'ms', reference: round(reference), ratio: round(value / reference), target: 'value <= 50 ms', met: value <= 50 };
}

function rendererJsGzip() {
  const dist = path.join(root, 'dist', 'renderer');
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => m[1]);
  const gz = (file) => gzipSync(fs.readFileSync(file), { level: 9 }).length / 1024;
  const value = refs.reduce((sum, r) => sum + gz(path.join(dist, r.replace(/^\.?\//, ''))), 0);
  // Reference: the React runtime alone (react + react-dom client + scheduler, production builds).
  const nm = path.join(root, 'node_modules');
  const reactFiles = ['react/cjs/react.production.js', 'react-dom/cjs/react-dom.production.js', 'react-dom/cjs/react-dom-client.production.js', 'scheduler/cjs/scheduler.production.js'];
  const reference = reactFiles.reduce((sum, f) => sum + gz(path.join(nm, f)), 0);
  return { name: 'renderer-js-gzip-kb', value: round(value, 1), unit: 'KB', reference: round(reference, 1), ratio: round(value / reference), target: 'value <= 250 KB', met: value <= 250 };
}

/**
 * The services bundled from source for the import figures (bench/ is plain Node and cannot load TypeScript): the
 * import API finds the worker bundle beside its own bundle, as it does beside dist/node/cli.mjs.
 */
async function loadServices() {
  const { build } = await import('esbuild');
  const outdir = path.join(root, 'node_modules', '.cache', 'mldrill-bench');
  await build({
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    logLevel: 'warning',
    external: ['better-sqlite3'],
    entryPoints: { services: path.join(root, 'electron/services/index.ts'), 'import-worker': path.join(root, 'electron/services/import-worker.ts') },
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
  const insI = db.prepare('INSERT INTO checklist_items (question_key, id, text, keywords, ordinal) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => {
    insP.run(pack.id, pack.version, pack.title, now, now);
    pack.questions.forEach((q, ordinal) => {
      const limit = q.timeLimitSec ?? Math.round((KIND_BASE[q.kind] * LEVEL_FACTOR[q.level]) / 15) * 15;
      const key = insQ.run(pack.id, q.id, q.area, q.kind, q.level, q.prompt, limit, q.outline ?? null, JSON.stringify(q.pitfalls), JSON.stringify(q.followUps), JSON.stringify(q.tags ?? []), JSON.stringify(q.roles ?? []), ordinal).lastInsertRowid;
      q.checklist.forEach((item, i) => insI.run(key, item.id, item.text, JSON.stringify(item.keywords ?? []), i));
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
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
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
if (wanted('renderer-js-gzip-kb')) {
  log('renderer-js-gzip-kb…');
  figures.push(rendererJsGzip());
}
if (wanted('startup-vs-blank', 'startup-vs-blank-warm', 'grade-and-next-p95')) {
  const browser = await launch();
  try {
    if (wanted('startup-vs-blank')) {
      log('startup-vs-blank…');
      figures.push(await startupVsBlank(browser, { warm: false }));
    }
    if (wanted('startup-vs-blank-warm')) figures.push(await startupVsBlank(browser, { warm: true }));
    if (wanted('grade-and-next-p95')) {
      log('grade-and-next-p95…');
      figures.push(await gradeAndNext(browser));
    }
  } finally {
    await browser.close();
  }
}
if (wanted('pack-import-vs-raw', 'pack-import-vs-raw-cold', 'import-max-stall-ms')) {
  log('pack-import-vs-raw, import-max-stall-ms…');
  for (const f of await importFigures()) if (wanted(f.name)) figures.push(f);
}

if (json) console.log(JSON.stringify({ figures }));
else {
  console.log('\nfigure                 value        reference    ratio  target          met');
  for (const f of figures) {
    console.log(`${f.name.padEnd(22)} ${`${f.value} ${f.unit}`.padEnd(12)} ${`${f.reference} ${f.unit}`.padEnd(12)} ${String(f.ratio).padEnd(6)} ${f.target.padEnd(15)} ${f.met ? 'yes' : 'NO'}`);
  }
}
