// `npm run bench [-- --json]`: speed and size figures, each measured beside its reference in the same run.
//   startup-vs-blank     browser mode, navigation until Home is interactive, vs a blank page from the same server,
//                        each load in a new browser profile (startup-vs-blank-warm: one profile, caches warm)
//   grade-and-next-p95   save a graded attempt and paint the next question with 100,000 past attempts, vs an empty history
//   renderer-js-gzip-kb  the renderer's initial JavaScript, gzip, vs the React runtime alone
// Not part of `npm test`: timings belong here, not in assertions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import { startServe } from '../scripts/serve-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
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

const figures = [];
log('renderer-js-gzip-kb…');
figures.push(rendererJsGzip());
const browser = await launch();
try {
  log('startup-vs-blank…');
  figures.push(await startupVsBlank(browser, { warm: false }));
  figures.push(await startupVsBlank(browser, { warm: true }));
  log('grade-and-next-p95…');
  figures.push(await gradeAndNext(browser));
} finally {
  await browser.close();
}

if (json) console.log(JSON.stringify({ figures }));
else {
  console.log('\nfigure                 value        reference    ratio  target          met');
  for (const f of figures) {
    console.log(`${f.name.padEnd(22)} ${`${f.value} ${f.unit}`.padEnd(12)} ${`${f.reference} ${f.unit}`.padEnd(12)} ${String(f.ratio).padEnd(6)} ${f.target.padEnd(15)} ${f.met ? 'yes' : 'NO'}`);
  }
}
