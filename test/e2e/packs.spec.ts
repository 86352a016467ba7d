/**
 * The Packs screen in browser mode: importing a pack (file chooser, Ctrl+O, drag and drop), its preview, applying it
 * with progress, updates that keep history, invalid packs, disabling, removing with history kept, and exports.
 * The fixture pack's questions are all in the RL area, and the built-in RL pack is disabled where a test drills, so
 * the drill can only hold the fixture's questions.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { acceptDialogs, answerBox, draftSaved, gradeAndSave, homeReady } from './steps';

const PACKS = path.resolve(import.meta.dirname, '..', 'fixtures', 'packs');
const V1 = path.join(PACKS, 'e2e-cohort-week-1.0.0.drillpack.json');
const V2 = path.join(PACKS, 'e2e-cohort-week-1.1.0.drillpack.json');
const BROKEN = path.join(PACKS, 'e2e-broken.drillpack.json');
const DROPPED_CSV = path.join(PACKS, 'e2e-dropped.csv');
const TITLE = 'E2E cohort week <b>4</b>';
const V1_IDS = ['e2e-rl-reward-hacking', 'e2e-rl-offline-eval', 'e2e-rl-exploration'];
const BUILTIN_RL = 'Reinforcement learning and multi-agent systems';

const packCard = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });
const importPanel = (page: Page) => page.locator('section.import');

async function openPacks(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Packs' }).click();
  await expect(page.locator('main.packs[data-ready="true"]')).toBeVisible();
}

async function goHome(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice' }).click();
  await homeReady(page);
}

/** "practised P / A" of an area on Home, as numbers. */
async function areaCounts(page: Page, area: string) {
  const text = await page.getByTestId(`figures-${area}`).innerText();
  const m = /practised (\d+) \/ (\d+)/.exec(text);
  if (!m) throw new Error(`no counts in ${text}`);
  return { practised: Number(m[1]), available: Number(m[2]) };
}

/** Imports a file through the hidden file input, checks it previews as an install, and installs it. */
async function importAndInstall(page: Page, file: string, title: string) {
  await page.getByTestId('pack-file-input').setInputFiles(file);
  await expect(importPanel(page)).toHaveAttribute('data-action', 'install');
  await importPanel(page).getByRole('button', { name: 'Install pack' }).click();
  await expect(importPanel(page)).toHaveAttribute('data-stage', 'done');
  await expect(packCard(page, title)).toBeVisible();
}

async function setSwitch(page: Page, title: string, on: boolean) {
  const toggle = packCard(page, title).getByRole('switch');
  if (on) await toggle.check();
  else await toggle.uncheck();
  await expect(packCard(page, title)).toHaveAttribute('data-enabled', String(on));
}

/** Drills one RL question (the built-in RL pack being off, it is one of the fixture's) and saves an answer. */
async function drillOneRlQuestion(page: Page): Promise<string> {
  await goHome(page);
  await page.locator('label[data-area="rl"] input[type="checkbox"]').check();
  await page.getByLabel('Questions').fill('1');
  await page.getByRole('button', { name: 'Start drill' }).click();
  const drill = page.locator('main.drill[data-phase="answer"]');
  await expect(drill).toBeVisible();
  const id = (await drill.getAttribute('data-question'))!;
  await answerBox(page).fill('Reward hacking: the trade-off between the metric and the task, for example a boat racing in circles.');
  await draftSaved(page);
  await gradeAndSave(page, 1);
  await expect(page.locator('main.summary')).toBeVisible();
  await page.getByRole('button', { name: /Back to Home/ }).click();
  await homeReady(page);
  return id;
}

test('imports a pack through the file chooser: preview first, install, then drill one of its questions', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  const before = await areaCounts(page, 'rl');

  await openPacks(page);
  await expect(packCard(page, BUILTIN_RL)).toContainText('Built-in');
  await page.getByTestId('pack-file-input').setInputFiles(V1);

  // The preview: what the file holds, and nothing written yet.
  const panel = importPanel(page);
  await expect(panel).toHaveAttribute('data-action', 'install');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`Install ${TITLE}?`);
  await expect(panel.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(panel).toContainText('Test Bootcamp');
  await expect(panel).toContainText('CC-BY-4.0');
  await expect(panel.getByTestId('import-version')).toHaveText('1.0.0');
  await expect(panel).toContainText('3 questions');
  await expect(panel.getByRole('list', { name: 'Questions per area' })).toHaveText(/Reinforcement learning\s*3/);
  await expect(panel.getByRole('list', { name: 'Questions per kind' })).toContainText('Concept');
  // A stranger's text is text: the title's tags are shown as typed; the description's Markdown is rendered but its
  // HTML tags are dropped (what was between them stays as inert text).
  await expect(panel.locator('b')).toHaveCount(0);
  await expect(panel.locator('.import-description strong')).toHaveText('end-to-end');
  await expect(panel.locator('.import-description')).not.toContainText('<script>');
  await expect(page.locator('script:not([src])')).toHaveCount(0);
  await expect(packCard(page, TITLE)).toHaveCount(0);

  await panel.getByRole('button', { name: 'Install pack' }).click();
  await expect(panel).toHaveAttribute('data-stage', 'done');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`Installed ${TITLE} 1.0.0`);
  await expect(panel.getByTestId('import-result')).toHaveText('3 questions added, 0 changed, 0 retired.');

  // The list refreshed by itself: the new pack with its figures and where it came from.
  const card = packCard(page, TITLE);
  await expect(card).toContainText('e2e-cohort-week');
  await expect(card).toContainText('version 1.0.0');
  await expect(card.getByTestId('pack-counts')).toHaveText(/3 questions\s*0 retired\s*0 attempts/);
  await expect(card.locator('.packs-areas')).toHaveText(/Reinforcement learning\s*3/);
  await expect(card).toContainText('Imported from e2e-cohort-week-1.0.0.drillpack.json on');
  await expect(card.getByRole('switch')).toBeChecked();

  // Disabling the built-in RL pack takes its questions out of Home's counts; only the new pack's are left.
  await setSwitch(page, BUILTIN_RL, false);
  await expect(packCard(page, BUILTIN_RL)).toContainText('Left out of drills; its history is kept.');

  // "Start a drill from this pack": Home with the pack's area chosen.
  await panel.getByRole('button', { name: 'Start a drill from this pack' }).click();
  await homeReady(page);
  await expect(page.locator('label[data-area="rl"] input')).toBeChecked();
  expect(await areaCounts(page, 'rl')).toEqual({ practised: 0, available: 3 });
  expect(before.available).toBeGreaterThan(3);
  await page.getByLabel('Questions').fill('3');
  await page.getByRole('button', { name: 'Start drill' }).click();
  const drill = page.locator('main.drill[data-phase="answer"]');
  await expect(drill).toBeVisible();
  expect(V1_IDS).toContain(await drill.getAttribute('data-question'));
  await expect(page.getByText('Question 1 of 3')).toBeVisible();
});

test('an update (opened with Ctrl+O) names the added, changed and retired questions and keeps the history', async ({ page, server }) => {
  acceptDialogs(page);
  await page.goto(server.url);
  await homeReady(page);
  await openPacks(page);
  await importAndInstall(page, V1, TITLE);
  await setSwitch(page, BUILTIN_RL, false);
  const drilled = await drillOneRlQuestion(page);
  expect(V1_IDS).toContain(drilled);
  expect((await areaCounts(page, 'rl')).practised).toBe(1);

  // Ctrl+O from Home: the Packs screen and the file chooser.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles(V2);
  const panel = importPanel(page);
  await expect(panel).toHaveAttribute('data-action', 'update');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`Update ${TITLE} to version 1.1.0?`);
  await expect(panel.getByTestId('import-version')).toHaveText('1.0.0 → 1.1.0');
  const list = (name: string) => panel.locator(`details[data-list="${name}"]`);
  await expect(list('added').locator('summary')).toHaveText('Added (1)');
  await expect(list('changed').locator('summary')).toHaveText('Changed (1)');
  await expect(list('retired').locator('summary')).toHaveText('Retired (1)');
  await expect(list('added').locator('li')).toHaveText(/e2e-rl-multi-agent\s*Reinforcement learning\s*Two pricing agents/);
  await expect(list('changed').locator('li')).toHaveText(/e2e-rl-offline-eval\s*Reinforcement learning\s*You have logged data from an old policy and its action/);
  await expect(list('retired').locator('li')).toHaveText(/e2e-rl-exploration\s*Reinforcement learning\s*Compare epsilon-greedy/);
  // Collapsible: closing a list hides its questions.
  await list('added').locator('summary').click();
  await expect(list('added').locator('li')).toBeHidden();
  await expect(panel).toContainText('Your history stays');

  await panel.getByRole('button', { name: 'Update to 1.1.0' }).click();
  await expect(panel).toHaveAttribute('data-stage', 'done');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`Updated ${TITLE} to 1.1.0`);
  await expect(panel.getByTestId('import-result')).toHaveText('1 question added, 1 changed, 1 retired.');

  // The history is still there: the attempt is counted on the pack (retired questions included).
  const card = packCard(page, TITLE);
  await expect(card).toContainText('version 1.1.0');
  await expect(card.getByTestId('pack-counts')).toHaveText(/3 questions\s*1 retired\s*1 attempt$/);
  await goHome(page);
  expect((await areaCounts(page, 'rl')).available).toBe(3);
  if (drilled !== 'e2e-rl-exploration') expect((await areaCounts(page, 'rl')).practised).toBe(1);

  // The same file again: nothing to do, and no Apply.
  await openPacks(page);
  await page.getByTestId('pack-file-input').setInputFiles(V2);
  await expect(panel).toHaveAttribute('data-action', 'same-version');
  await expect(panel.getByRole('button', { name: /Install|Update/ })).toHaveCount(0);
  // The older version needs an explicit "anyway".
  await page.getByTestId('pack-file-input').setInputFiles(V1);
  await expect(panel).toHaveAttribute('data-action', 'older-version');
  const apply = panel.getByRole('button', { name: 'Install older version' });
  await expect(apply).toBeDisabled();
  await panel.getByLabel('Install the older version anyway').check();
  await apply.click();
  await expect(panel).toHaveAttribute('data-stage', 'done');
  await expect(card).toContainText('version 1.0.0');
  await expect(card.getByTestId('pack-attempts')).toHaveText('1 attempt');
});

test('a pack dropped anywhere on the window is previewed; bad files are refused before reading', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);

  /** Drops a file built in the page onto Home's main element, as a drag from the desktop would. */
  const drop = async (name: string, build: { text?: string; bytes?: number[]; size?: number }, target = 'main') => {
    const dataTransfer = await page.evaluateHandle(({ name, build }) => {
      const dt = new DataTransfer();
      const body = build.size !== undefined ? new Uint8Array(build.size) : build.bytes ? new Uint8Array(build.bytes) : build.text!;
      dt.items.add(new File([body], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/json' }));
      return dt;
    }, { name, build });
    await page.locator(target).first().dispatchEvent('dragenter', { dataTransfer });
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await expect(page.getByTestId('drop-overlay')).toContainText('Drop the pack file to preview it');
    await page.locator(target).first().dispatchEvent('dragover', { dataTransfer });
    await page.locator(target).first().dispatchEvent('drop', { dataTransfer });
    await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  };

  // Dragging text (not files) shows nothing.
  const text = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'just words');
    return dt;
  });
  await page.locator('main').dispatchEvent('dragenter', { dataTransfer: text });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);

  await drop('e2e-dropped.csv', { text: fs.readFileSync(DROPPED_CSV, 'utf8') });
  await expect(page.locator('main.packs')).toBeVisible();
  const panel = importPanel(page);
  await expect(panel).toHaveAttribute('data-action', 'install');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText('Install Dropped CSV pack?');
  await expect(panel.getByRole('heading', { level: 3 })).toBeFocused();
  await expect(panel).toContainText('From e2e-dropped.csv.');
  await expect(panel.getByRole('list', { name: 'Questions per area' })).toHaveText(/Scale\s*1/);
  await panel.getByRole('button', { name: 'Install pack' }).click();
  await expect(panel).toHaveAttribute('data-stage', 'done');
  await expect(packCard(page, 'Dropped CSV pack')).toContainText('Imported from e2e-dropped.csv');

  // Over 20 MB: refused before a byte is read.
  await drop('huge.drillpack.json', { size: 21 * 1024 * 1024 }, 'main.packs');
  await expect(panel).toHaveAttribute('data-stage', 'unreadable');
  await expect(panel).toContainText('huge.drillpack.json is 21 MB; a pack file can be at most 20 MB.');
  // Not UTF-8 (Latin-1 "é"): refused, not read as mojibake.
  await drop('latin1.csv', { bytes: [0x69, 0x64, 0x2c, 0xe9, 0x0a] }, 'main.packs');
  await expect(panel).toHaveAttribute('data-stage', 'unreadable');
  await expect(panel).toContainText('latin1.csv is not UTF-8 text.');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);

  // The screen holds together at 800×600 in the dark theme: nothing wider than the window.
  await page.setViewportSize({ width: 800, height: 600 });
  await page.getByLabel('Theme').selectOption('dark');
  await page.getByTestId('pack-file-input').setInputFiles(V1);
  await expect(panel).toHaveAttribute('data-action', 'install');
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});

/** A valid pack of n questions, spread over every area and kind (big enough to run in the import worker). */
function bigPack(n: number) {
  const areas = ['fundamentals', 'deep-learning', 'data-pipelines', 'evaluation', 'mlops', 'nlp-llm', 'vision', 'rl', 'responsible-ai', 'scale'];
  const kinds = ['concept', 'scenario', 'system-design', 'behavioral'];
  const questions = Array.from({ length: n }, (_, i) => ({
    id: `big-q-${i}`,
    area: areas[i % areas.length],
    kind: kinds[i % kinds.length],
    level: 'mid',
    prompt: `Big pack question ${i}: explain the trade-off you would make and why.`,
    checklist: [1, 2, 3].map((k) => ({ id: `c${k}`, text: `Checklist point ${k} of question ${i}`, keywords: ['trade-off'] })),
    pitfalls: ['Vague.'],
    followUps: ['And at ten times the scale?'],
  }));
  return JSON.stringify({ format: 'mldrill-pack', formatVersion: 1, id: 'big-pack', version: '1.0.0', title: 'Big pack', questions });
}

test('a large import shows a progress bar with its figures while the rest of the app stays usable', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await openPacks(page);
  await page.getByTestId('pack-file-input').setInputFiles({ name: 'big.drillpack.json', mimeType: 'application/json', buffer: Buffer.from(bigPack(5000)) });
  const panel = importPanel(page);
  await expect(panel).toHaveAttribute('data-action', 'install');
  await expect(panel).toContainText('5,000 questions');
  // Everything the progress bar shows, however fast the import turns out to be.
  await page.evaluate(() => {
    const seen = { bar: false, texts: [] as string[], values: [] as number[] };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('section.import progress');
      if (bar) {
        seen.bar = true;
        if (bar.hasAttribute('value')) seen.values.push(bar.value);
      }
      const text = document.querySelector('[data-testid="import-progress-text"]')?.textContent;
      if (text && seen.texts.at(-1) !== text) seen.texts.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await panel.getByRole('button', { name: 'Install pack' }).click();
  // Meanwhile the user goes on practising; the result waits on the Packs screen.
  await goHome(page);
  await openPacks(page);
  await expect(panel).toHaveAttribute('data-stage', 'done', { timeout: 30_000 });
  await expect(panel.getByTestId('import-result')).toHaveText('5,000 questions added, 0 changed, 0 retired.');
  const seen = await page.evaluate(() => (window as unknown as { seen: { bar: boolean; texts: string[]; values: number[] } }).seen);
  expect(seen.bar).toBe(true);
  expect(seen.texts.every((t) => t === 'Starting…' || /^[\d,]+ of 5,000 questions$/.test(t))).toBe(true);
  await expect(packCard(page, 'Big pack').getByTestId('pack-counts')).toHaveText(/5,000 questions/);
  await goHome(page);
  expect((await areaCounts(page, 'rl')).available).toBeGreaterThanOrEqual(500);
});

test('an invalid pack lists every error with its JSON path and offers no Apply', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await openPacks(page);
  await page.getByTestId('pack-file-input').setInputFiles(BROKEN);
  const panel = importPanel(page);
  await expect(panel).toHaveAttribute('data-action', 'invalid');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText('e2e-broken.drillpack.json is not a valid pack');
  const errors = panel.getByTestId('import-errors');
  await expect(errors.getByRole('heading')).toHaveText('5 errors');
  await expect(errors.locator('li')).toHaveCount(5);
  for (const p of ['id', 'version', 'questions[0].area', 'questions[0].prompt', 'questions[0].checklist']) {
    await expect(errors.locator('li').filter({ has: page.locator('code', { hasText: new RegExp(`^${p.replace(/[[\].]/g, '\\$&')}$`) }) })).toHaveCount(1);
  }
  await expect(errors).toContainText('must be one of');
  await expect(panel.getByRole('button', { name: /Install|Update|Apply/ })).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Choose another file…' })).toBeVisible();
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toHaveCount(0);
  await expect(page.locator('.packs-card[data-pack="e2e-broken"]')).toHaveCount(0);
});

test('removing a pack asks first (Escape cancels, focus comes back), keeps the history, and a re-import brings it back', async ({ page, server }) => {
  acceptDialogs(page);
  await page.goto(server.url);
  await homeReady(page);
  await openPacks(page);
  await importAndInstall(page, V1, TITLE);
  await page.locator('section.import').getByRole('button', { name: 'Close' }).click();
  await setSwitch(page, BUILTIN_RL, false);
  await drillOneRlQuestion(page);
  await openPacks(page);

  const card = packCard(page, TITLE);
  await expect(card.getByTestId('pack-attempts')).toHaveText('1 attempt');
  await expect(packCard(page, BUILTIN_RL).getByRole('button', { name: 'Remove…' })).toHaveCount(0);
  const remove = card.getByRole('button', { name: 'Remove…' });
  await remove.click();
  const dialog = page.getByRole('dialog', { name: `Remove ${TITLE}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog).toContainText('You have 1 graded attempt on them.');
  await expect(dialog.getByLabel('Keep my attempts as history')).toBeChecked();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // Tab stays inside the dialog.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(remove).toBeFocused();

  // Unticking "keep" says what would be deleted; ticking it again, remove keeping the history.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Keep my attempts as history').uncheck();
  await expect(dialog).toContainText('will be deleted for good');
  await expect(dialog.getByRole('button', { name: 'Remove and delete 1 attempt' })).toBeVisible();
  await dialog.getByLabel('Keep my attempts as history').check();
  await dialog.getByRole('button', { name: 'Remove pack' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('packs-status')).toHaveText(`Removed ${TITLE}; its attempt stays in your history.`);
  await expect(card).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Import pack…' }).first()).toBeFocused();
  await goHome(page);
  expect((await areaCounts(page, 'rl')).available).toBe(0);

  // The history was kept: installing the pack again brings the attempt back with its questions.
  await openPacks(page);
  await page.getByTestId('pack-file-input').setInputFiles(V1);
  await expect(importPanel(page)).toContainText('removed with its history kept');
  await importPanel(page).getByRole('button', { name: 'Install pack' }).click();
  await expect(importPanel(page)).toHaveAttribute('data-stage', 'done');
  await expect(packCard(page, TITLE).getByTestId('pack-attempts')).toHaveText('1 attempt');
});

test('exports a pack as JSON and CSV, and progress without answers unless asked', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  // File ▸ Packs by its shortcut.
  await page.keyboard.press('Control+Shift+P');
  await expect(page.locator('main.packs[data-ready="true"]')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Packs', level: 2 })).toBeFocused();

  const card = packCard(page, BUILTIN_RL);
  let download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Export JSON' }).click();
  let file = await download;
  const json = JSON.parse(fs.readFileSync((await file.path())!, 'utf8')) as { id: string; questions: unknown[] };
  expect(json.id).toBe('mldrill-rl');
  expect(json.questions.length).toBeGreaterThan(0);
  await expect(page.getByTestId('packs-status')).toHaveText(`Downloaded ${file.suggestedFilename()}.`);

  download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Export CSV' }).click();
  file = await download;
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  expect(fs.readFileSync((await file.path())!, 'utf8')).toContain('pack.id,mldrill-rl');

  const opener = page.getByRole('button', { name: 'Export progress…' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: 'Export progress' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Nothing is sent anywhere');
  const answers = dialog.getByLabel('Include my answers and notes');
  await expect(answers).not.toBeChecked();
  const exportButton = dialog.getByRole('button', { name: 'Download progress file' });
  // No attempts yet, so nothing is chosen for you.
  await expect(exportButton).toBeDisabled();
  await dialog.getByLabel(BUILTIN_RL).check();
  await dialog.getByLabel('Your name in the report (optional)').fill('Ada');
  download = page.waitForEvent('download');
  await exportButton.click();
  file = await download;
  const progress = JSON.parse(fs.readFileSync((await file.path())!, 'utf8')) as { displayName: string; includesAnswers: boolean; packs: { id: string }[] };
  expect(progress).toMatchObject({ displayName: 'Ada', includesAnswers: false, packs: [{ id: 'mldrill-rl' }] });
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(page.getByTestId('packs-status')).toHaveText(`Downloaded ${file.suggestedFilename()}.`);
});

test.describe('when the first load of the packs fails', () => {
  test.use({ serverEnv: { MLDRILL_FAULTS: 'listPacks:SQLITE_CORRUPT:1' } });

  test('the Packs screen shows the error with a Retry that works', async ({ page, server }) => {
    await page.goto(server.url);
    await homeReady(page);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Packs' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'The packs could not be loaded' });
    await expect(problem).toContainText('damaged');
    await problem.getByRole('button', { name: 'Retry' }).click();
    await expect(page.locator('main.packs[data-ready="true"]')).toBeVisible();
    await expect(packCard(page, BUILTIN_RL)).toBeVisible();
  });
});
