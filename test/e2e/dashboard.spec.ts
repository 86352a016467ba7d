/**
 * The Progress dashboard against a seeded history: ten attempts over four weeks, written through the services
 * with a fixed clock before the server starts, and the server's clock set to the final instant. Every expected
 * figure is worked out here from the plan (not read from the app), then compared with the text tables and the
 * charts on screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { AreaId } from '../../shared/areas';
import { seedHistory, type PlannedAttempt } from '../fixtures/seed-history';
import { expect, ROOT, test as base } from './fixtures';
import { homeReady } from './steps';

const FINAL = '2026-03-18T12:00:00.000Z';
const TODAY = '2026-03-18';
const PACK_ID = 'e2e-dashboard';
const ITEMS = ['a', 'b', 'c', 'd'] as const;

/** Every question has four items; the last one of each evaluation question checks calibration, the first precision and recall. */
function question(id: string, area: AreaId, concepts: { first?: string; last?: string }) {
  return {
    id,
    area,
    prompt: `Seeded dashboard question ${id}: explain how you would evaluate this model before launch.`,
    kind: 'concept',
    level: 'mid',
    timeLimitSec: 240,
    checklist: ITEMS.map((item, i) => ({
      id: item,
      text: i === 3 ? `Checks calibration of the scores (${id})` : `Point ${item.toUpperCase()} of ${id}`,
      ...(i === 0 && concepts.first ? { concepts: [concepts.first] } : {}),
      ...(i === 3 && concepts.last ? { concepts: [concepts.last] } : {}),
    })),
    pitfalls: [],
    followUps: [],
  };
}

const PACK_QUESTIONS = [
  question('dash-eval-1', 'evaluation', { first: 'precision-recall', last: 'calibration' }),
  question('dash-eval-2', 'evaluation', { first: 'precision-recall', last: 'calibration' }),
  question('dash-eval-3', 'evaluation', { first: 'precision-recall', last: 'calibration' }),
  question('dash-ops-1', 'mlops', { last: 'drift-monitoring' }),
  question('dash-ops-2', 'mlops', { last: 'drift-monitoring' }),
];
const PACK = { format: 'mldrill-pack', formatVersion: 1, id: PACK_ID, version: '1.0.0', title: 'Dashboard e2e', questions: PACK_QUESTIONS };

/** [saved at, question, items ticked (the first n of four), answer seconds] */
const PLAN: [string, string, number, number][] = [
  ['2026-02-24T10:00:00Z', 'dash-eval-1', 2, 90],
  ['2026-03-02T10:00:00Z', 'dash-eval-2', 3, 150],
  ['2026-03-03T10:00:00Z', 'dash-eval-3', 1, 60],
  ['2026-03-03T10:30:00Z', 'dash-ops-1', 4, 200],
  ['2026-03-04T10:00:00Z', 'dash-eval-1', 3, 120],
  ['2026-03-05T10:00:00Z', 'dash-ops-2', 3, 75],
  // 02:30 on Monday the 9th is before the 4:00 start of day: it counts for Sunday the 8th, in the week of the 2nd.
  ['2026-03-09T02:30:00Z', 'dash-eval-2', 2, 45],
  ['2026-03-16T10:00:00Z', 'dash-eval-3', 4, 100],
  ['2026-03-17T10:00:00Z', 'dash-ops-1', 1, 130],
  ['2026-03-18T10:00:00Z', 'dash-eval-1', 2, 110],
];

const areaOf = (qid: string) => PACK_QUESTIONS.find((q) => q.id === qid)!.area;
const ATTEMPTS: PlannedAttempt[] = PLAN.map(([at, questionId, n, sec]) => ({
  at,
  packId: PACK_ID,
  questionId,
  area: areaOf(questionId),
  ticked: ITEMS.slice(0, n),
  answerMs: sec * 1000,
}));

// ---- The expected figures, from the plan alone (time zone UTC, day start 4:00, weeks from Monday) ----

const DAY_MS = 86_400_000;
const START_HOUR = 4;
const localDay = (iso: string) => new Date(Date.parse(iso) - START_HOUR * 3_600_000).toISOString().slice(0, 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const mondayOf = (day: string) => new Date(dayMs(day) - ((new Date(dayMs(day)).getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;
function duration(sec: number) {
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 60)} min`;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const planned = PLAN.map(([at, qid, n, sec]) => ({ at, qid, day: localDay(at), coverage: n / ITEMS.length, sec, n }));

function expectedWeeks() {
  const rows: string[][] = [];
  for (let w = mondayOf(planned[0]!.day); w <= mondayOf(TODAY); w = new Date(dayMs(w) + 7 * DAY_MS).toISOString().slice(0, 10)) {
    const mine = planned.filter((p) => mondayOf(p.day) === w);
    rows.push([w, String(mine.length), mine.length ? pct(mean(mine.map((p) => p.coverage))) : '—', mine.length ? duration(mean(mine.map((p) => p.sec))) : '—']);
  }
  return rows;
}

function expectedDays() {
  const by = new Map<string, number>();
  for (const p of planned) by.set(p.day, (by.get(p.day) ?? 0) + 1);
  return [...by].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([d, n]) => [d, String(n)]);
}

function expectedStreaks() {
  const days = [...new Set(planned.map((p) => p.day))].sort();
  let longest = 0;
  let run = 0;
  let prev: string | null = null;
  for (const d of days) {
    run = prev !== null && dayMs(d) - dayMs(prev) === DAY_MS ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = d;
  }
  const current = prev !== null && dayMs(TODAY) - dayMs(prev) <= DAY_MS ? run : 0;
  return { current, longest };
}

function bankCount(area: AreaId) {
  let n = 0;
  for (const file of fs.readdirSync(path.join(ROOT, 'resources', 'bank'))) {
    const pack = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources', 'bank', file), 'utf8')) as { questions: { area: string }[] };
    n += pack.questions.filter((q) => q.area === area).length;
  }
  return n;
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

// ---- The test, on a seeded data folder ----

const test = base.extend({
  dataDir: async ({ dataDir }, use) => {
    await seedHistory({ dataDir, packs: [{ fileName: `${PACK_ID}.drillpack.json`, text: JSON.stringify(PACK) }], attempts: ATTEMPTS, finalInstant: FINAL });
    await use(dataDir);
  },
});

async function openDashboard(page: Page, url: string) {
  await page.goto(url);
  await homeReady(page);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Progress' }).click();
  const main = page.locator('main.dashboard[data-ready="true"]');
  await expect(main).toBeVisible();
  return main;
}

/** A table's body as text, one array per row, cells trimmed; dates by their datetime attribute. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) =>
      [...r.querySelectorAll('th, td')].map((c) => {
        const t = c.querySelector('time');
        return (t ? t.getAttribute('datetime') : c.textContent)?.trim() ?? '';
      }),
    ),
  );
}

async function showTable(section: Locator, testId: string) {
  const table = section.getByTestId(testId);
  await section.locator('details.dash-table', { has: section.page().getByTestId(testId) }).locator('summary').click();
  await expect(table).toBeVisible();
  return table;
}

test.describe('with a seeded history', () => {
  test.use({ serverEnv: { MLDRILL_NOW: FINAL, TZ: 'UTC' } });

  test('the figures on screen and in the text tables match the seeded history', async ({ page, server }) => {
    const main = await openDashboard(page, server.url);
    await expect(main.locator('.dash-head time')).toHaveAttribute('datetime', TODAY);

    // Totals
    const questions = new Set(planned.map((p) => p.qid)).size;
    const practiceDays = new Set(planned.map((p) => p.day)).size;
    await expect(main.getByTestId('total-attempts')).toHaveText(`${planned.length} graded answers`);
    await expect(main.getByTestId('total-questions')).toHaveText(`${questions} questions practised`);
    await expect(main.getByTestId('total-practice-days')).toHaveText(`${practiceDays} practice days`);
    await expect(main.getByTestId('total-answer-minutes')).toHaveText(`${Math.round(planned.reduce((n, p) => n + p.sec, 0) / 60)} minutes answering`);

    // Mastery: the two practised areas have a percentage; every other area, here Reinforcement learning, is not started.
    const mastery = main.locator('section', { has: page.getByRole('heading', { name: 'Mastery by area' }) });
    const chart = mastery.getByRole('img', { name: /^Mastery by area: 2 areas started/ });
    await expect(chart).toBeVisible();
    await expect(chart.locator('g[data-area="rl"] .mastery-value')).toHaveText('not started');
    const masteryTable = await showTable(mastery, 'table-mastery');
    const masteryRows = await tableRows(masteryTable);
    expect(masteryRows).toHaveLength(10);
    const row = (title: string) => masteryRows.find((r) => r[0] === title)!;
    expect(row('Reinforcement learning & multi-agent').slice(1)).toEqual(['not started', '—', '—', `0 of ${bankCount('rl')}`, '0']);
    for (const [area, title] of [
      ['evaluation', 'Evaluation, validation & metrics'],
      ['mlops', 'Production ML & MLOps'],
    ] as const) {
      const mine = planned.filter((p) => areaOf(p.qid) === area);
      const r = row(title);
      expect(r[1]).toMatch(/^\d+%$/);
      // Latest coverage: each practised question's latest attempt, averaged.
      const latest = [...new Set(mine.map((p) => p.qid))].map((q) => mine.filter((p) => p.qid === q).at(-1)!.coverage);
      expect(r[3]).toBe(pct(mean(latest)));
      const available = bankCount(area) + PACK_QUESTIONS.filter((q) => q.area === area).length;
      expect(r[4]).toBe(`${new Set(mine.map((p) => p.qid)).size} of ${available}`);
      expect(r[5]).toBe(String(mine.length));
      // The bar says what the table says.
      await expect(chart.locator(`g[data-area="${area}"] .mastery-value`)).toHaveText(r[1]!);
    }
    const notStarted = masteryRows.filter((r) => r[1] === 'not started').length;
    expect(notStarted).toBe(8);
    await expect(chart.locator('.mastery-row.is-empty')).toHaveCount(8);

    // Week by week
    const trends = main.locator('section', { has: page.getByRole('heading', { name: 'Week by week' }) });
    const weeks = expectedWeeks();
    expect(weeks.map((w) => w[0])).toEqual(['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16']);
    expect(await tableRows(await showTable(trends, 'table-weeks'))).toEqual(weeks);
    await expect(trends.locator('.attempts-chart .bar-label')).toHaveText(weeks.filter((w) => w[1] !== '0').map((w) => w[1]!));
    await expect(trends.locator('.trend-coverage .trend-dot')).toHaveCount(weeks.filter((w) => w[1] !== '0').length);
    await expect(trends.getByRole('img', { name: /^Attempts per week over 4 weeks from the week of Feb 23, 2026: 10 attempts in all, this week 3\.$/ })).toBeVisible();

    // Practice days: the 02:30 attempt counts for the day before.
    const calendar = main.locator('section', { has: page.getByRole('heading', { name: 'Practice days' }) });
    const expectedDayRows = expectedDays();
    expect(expectedDayRows.find((d) => d[0] === '2026-03-08')).toEqual(['2026-03-08', '1']);
    expect(expectedDayRows.find((d) => d[0] === '2026-03-09')).toBeUndefined();
    expect(await tableRows(await showTable(calendar, 'table-days'))).toEqual(expectedDayRows);
    const heat = calendar.locator('svg.react-calendar-heatmap rect');
    await expect(heat).toHaveCount(365);
    await expect(calendar.locator('svg.react-calendar-heatmap rect:not(.heat-0)')).toHaveCount(practiceDays);
    await expect(calendar.locator('svg.react-calendar-heatmap rect.heat-2 title')).toHaveText(['Tue, Mar 3, 2026: 2 attempts']);
    await expect(calendar.locator('svg.react-calendar-heatmap title', { hasText: 'Sun, Mar 8, 2026' })).toHaveText('Sun, Mar 8, 2026: 1 attempt');
    const streak = expectedStreaks();
    expect(streak).toEqual({ current: 3, longest: 4 });
    await expect(calendar.getByTestId('streak-current')).toHaveText(days(streak.current));
    await expect(calendar.getByTestId('streak-longest')).toHaveText(days(streak.longest));

    // Weak concepts: only calibration passes the rule (drift monitoring has too few checks, precision-recall no misses).
    const weak = main.getByTestId('weak-concepts');
    await expect(weak).toContainText('A concept is called weak after at least 4 checks from at least 2 different questions, with half or more of them missed.');
    const evalChecks = planned.filter((p) => areaOf(p.qid) === 'evaluation');
    const misses = evalChecks.filter((p) => p.n < 4).length;
    await expect(weak.locator('.dash-weak-concept')).toHaveCount(1);
    await expect(weak.locator('.dash-weak-group h4')).toHaveText(['Evaluation, validation & metrics']);
    const calibration = weak.locator('.dash-weak-concept[data-concept="calibration"]');
    await expect(calibration.getByRole('heading', { name: 'Calibration' })).toBeVisible();
    await expect(calibration.getByTestId('weak-figures-calibration')).toHaveText(
      `Missed ${misses} of ${evalChecks.length} checks (${pct(misses / evalChecks.length)}) across ${new Set(evalChecks.map((p) => p.qid)).size} questions`,
    );
    await calibration.locator('details.dash-weak-evidence summary').click();
    const evidence = calibration.locator('li.dash-evidence');
    const newestFirst = [...evalChecks].reverse();
    await expect(evidence).toHaveCount(newestFirst.length);
    expect(await evidence.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')))).toEqual(newestFirst.map((p) => p.day));
    await expect(evidence.locator('.dash-evidence-verdict')).toHaveText(newestFirst.map((p) => (p.n === 4 ? /Ticked/ : /Missed/)));
    await expect(evidence.first().locator('.dash-evidence-item')).toHaveText(`Checks calibration of the scores (${newestFirst[0]!.qid})`);

    // Each check links to its question's history.
    await evidence.first().getByRole('button', { name: /History of: Seeded dashboard question dash-eval-1/ }).click();
    await expect(page.locator('main.dashboard')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Progress' })).not.toHaveAttribute('aria-current', 'page');

    // And one click drills the concept.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Progress' }).click();
    await page.getByRole('button', { name: 'Drill this concept: Calibration' }).click();
    await expect(page.locator('main.drill[data-phase="answer"]')).toBeVisible();
    await expect(page.locator('main.drill')).toHaveAttribute('data-question', /.+/);
  });

  test('the dashboard fits the window at 800×600 in dark and light, with every chart labelled', async ({ page, server }) => {
    // A CSP violation (an inline style or script from a string) or a React error shows up as a console error.
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => void problems.push(e.message));
    await page.setViewportSize({ width: 800, height: 600 });
    const main = await openDashboard(page, server.url);
    for (const theme of ['dark', 'light'] as const) {
      await page.locator('header').getByLabel('Theme').selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Chart colours come from the theme: the mastery bars take the accent colour.
      const [fill, accent] = await main.locator('.mastery-fill').first().evaluate((el) => [getComputedStyle(el).fill, getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()]);
      expect(fill).toBe(hexToRgb(accent!));
    }
    const charts = main.locator('[role="img"]');
    await expect(charts).toHaveCount(5);
    for (const label of await charts.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) expect(label.length).toBeGreaterThan(40);
    // Every "Show as table" opens from the keyboard.
    const summaries = main.locator('details.dash-table > summary');
    await expect(summaries).toHaveCount(3);
    for (const summary of await summaries.all()) {
      await summary.focus();
      await page.keyboard.press('Enter');
      await expect(summary.locator('xpath=..')).toHaveAttribute('open', '');
    }
    expect(problems).toEqual([]);
  });
});

function hexToRgb(hex: string) {
  const n = parseInt(hex.replace('#', ''), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}

base('with nothing practised, the dashboard says so and leads to Practice', async ({ page, server }) => {
  const main = await openDashboard(page, server.url);
  await expect(main).toHaveAttribute('data-empty', 'true');
  await expect(main.getByRole('heading', { name: 'Nothing practised yet' })).toBeVisible();
  await main.getByRole('button', { name: 'Go to Practice' }).click();
  await homeReady(page);
});
