/**
 * The question browser and a question's history, as a user reaches them: answer and grade a question, find it in
 * Questions by its filters, read its history, correct the grade (and see it stick after a reload), find the answer
 * again by a word in it, and drill a hand-picked selection.
 */
import type { Locator, Page } from '@playwright/test';
import { acceptDialogs, answerBox, currentQuestion, gradeAndSave, rateAll, startDrill } from './steps';
import { expect, test } from './fixtures';

/** A word no checklist or prompt uses, so a search for it finds this answer alone. */
const WORD = 'quokkameter';
const ANSWER = `Split by time before anything else, then watch for leakage through the ${WORD} feature; calibrate last.`;

async function openQuestions(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Questions', exact: true }).click();
  await expect(page.locator('main.browse[data-ready="true"]')).toBeVisible();
}

const filterGroup = (page: Page, legend: string) => page.getByRole('group', { name: new RegExp(`^${legend}\\b`) });
const historyReady = (page: Page) => expect(page.locator('main.history[data-ready="true"]')).toBeVisible();
const onlyAttempt = (page: Page): Locator => page.locator('article.history-attempt');

test('browse, read a history, correct a grade, search past answers, drill a selection', async ({ page, server }) => {
  // One long journey (a drill, a reload, a second drill): more than the default minute on a busy machine.
  test.setTimeout(120_000);
  acceptDialogs(page);
  await page.goto(server.url);

  // Answer one question, ticking every checklist item and rating 3 on every dimension: graded Good.
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  const q = await currentQuestion(page);
  const total = q.checklist.length;
  await answerBox(page).fill(ANSWER);
  await gradeAndSave(page, total, 'Say the holdout window out loud.');
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();

  // Questions: before searching, the search says so; the whole bank is listed, and more than a drill can hold.
  await openQuestions(page);
  await expect(page.getByTestId('search-idle')).toBeVisible();
  await expect(page.getByTestId('browse-count')).toHaveText(/^\d+ questions$/);
  await expect(page.getByTestId('browse-cap')).toContainText('A drill holds at most 50 questions');

  // Filters that match nothing say so.
  await filterGroup(page, 'Status').getByLabel('Mastered').check();
  await expect(page.getByTestId('browse-empty')).toContainText('No questions match');
  await filterGroup(page, 'Status').getByLabel('Mastered').uncheck();

  // Find it: its area, and practised (learning or due).
  await filterGroup(page, 'Area').getByLabel('Evaluation').check();
  await filterGroup(page, 'Status').getByLabel('Learning').check();
  await filterGroup(page, 'Status').getByLabel('Due').check();
  await expect(page.getByTestId('browse-count')).toHaveText(/^1 question of \d+$/);
  const row = page.locator(`tbody tr[data-question="${q.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator('.status-chip')).toHaveText(/^(Learning|Due)$/);
  await expect(row.locator('td.num')).toHaveText('1');
  await expect(row).toContainText('today');

  // Its history, opened from the row with the keyboard: the answer and the ticks as graded.
  await row.locator('.browse-open').focus();
  await page.keyboard.press('Enter');
  await historyReady(page);
  await expect(page.locator('main.history')).toHaveAttribute('data-question', q.id);
  await expect(page.getByRole('heading', { name: 'Question history' })).toBeFocused();
  await expect(page.getByTestId('history-card')).toBeVisible();
  await expect(page.getByTestId('recall')).toHaveText(/^\d+%$/);
  const attempt = onlyAttempt(page);
  await expect(attempt).toHaveCount(1);
  await expect(attempt.locator('.history-answer-text')).toHaveText(ANSWER);
  await expect(attempt.locator('.history-ticks li[data-ticked="true"]')).toHaveCount(total);
  await expect(attempt.locator('[data-testid^="coverage-"]')).toHaveText(`${total} of ${total} items (100%)`);
  await expect(attempt.locator('[data-testid^="time-"]')).toHaveText(/^\d+:\d\d of \d+:\d\d$/);
  await expect(attempt.locator('[data-testid^="ratings-"]')).toContainText('Communication3 good');
  await expect(attempt.locator('[data-testid^="note-"]')).toHaveText('Say the holdout window out loud.');
  await expect(attempt.locator('[data-testid^="grade-"]')).toHaveText('Good set by your ratings: mean 3.0 of 4');
  await expect(attempt.locator('[data-testid^="edited-"]')).toHaveCount(0);

  // Edit, change something, Escape: nothing changed.
  await attempt.getByRole('button', { name: 'Edit grade' }).click();
  const boxes = attempt.locator('.history-edit .checklist input[type="checkbox"]');
  await expect(boxes.first()).toBeFocused();
  await boxes.first().uncheck();
  await page.keyboard.press('Escape');
  await expect(attempt.locator('.history-edit')).toHaveCount(0);
  await expect(attempt.getByRole('button', { name: 'Edit grade' })).toBeFocused();
  await expect(attempt.locator('.history-ticks li[data-ticked="true"]')).toHaveCount(total);

  // Edit for real: untick all but one, rate 1 on everything, change the note; the preview says what the grade becomes.
  await attempt.getByRole('button', { name: 'Edit grade' }).click();
  for (let i = 1; i < total; i++) await boxes.nth(i).uncheck();
  await rateAll(page, 1);
  await attempt.getByLabel('Note to self').fill('Too thin: name the leakage check.');
  await expect(attempt.locator('[data-testid^="preview-"]')).toContainText('Grade if saved: Again');
  await attempt.getByRole('button', { name: 'Save grade' }).click();
  await expect(attempt.locator('[data-testid^="saved-"]')).toHaveText(`Saved. The grade is now Again (was Good); the schedule was recomputed.`);
  const checkEdited = async () => {
    const a = onlyAttempt(page);
    await expect(a.locator('[data-testid^="coverage-"]')).toHaveText(new RegExp(`^1 of ${total} items \\(\\d+%\\)$`));
    await expect(a.locator('[data-testid^="grade-"] .grade-chip')).toHaveText('Again');
    await expect(a.locator('[data-testid^="grade-"]')).toContainText('set by coverage');
    await expect(a.locator('.history-ticks li[data-ticked="true"]')).toHaveCount(1);
    await expect(a.locator('[data-testid^="ratings-"]')).toContainText('Communication1 weak');
    await expect(a.locator('[data-testid^="note-"]')).toHaveText('Too thin: name the leakage check.');
    await expect(a.locator('[data-testid^="edited-"]')).toBeVisible();
  };
  await checkEdited();
  // Again brings it back today.
  await expect(page.getByTestId('next-review')).toHaveText(/^(today|tomorrow)/);

  // After a reload the correction is still there.
  await page.reload();
  await openQuestions(page);
  await page.locator(`tbody tr[data-question="${q.id}"] .browse-open`).click();
  await historyReady(page);
  await checkEdited();
  await page.getByRole('button', { name: /Back to Questions/ }).click();
  await expect(page.locator('main.browse[data-ready="true"]')).toBeVisible();

  // Search: a word nobody else wrote finds this answer; the hit opens the history at that attempt, the word marked.
  const search = page.getByRole('searchbox', { name: 'Search your answers and notes' });
  await search.fill('nothingmatchesthis');
  await expect(page.getByTestId('search-none')).toContainText('No past answers or notes match “nothingmatchesthis”');
  await search.fill(WORD.slice(0, 7));
  const hit = page.locator('.browse-hit');
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText(WORD);
  await expect(hit).toContainText('in your answer');
  await hit.click();
  await historyReady(page);
  const found = page.locator('article.history-attempt[data-highlighted]');
  await expect(found).toBeFocused();
  await expect(found.locator('.history-answer-text mark')).toHaveText(WORD);
  await page.getByRole('button', { name: /Back to Questions/ }).click();
  // Back where it was: the search is kept and the hit has focus again.
  await expect(page.locator('.browse-hit')).toBeFocused();
  await search.fill('');

  // Pick two questions (the filters were lost with the reload) and drill just those.
  await expect(page.getByTestId('browse-count')).toHaveText(/^\d+ questions$/);
  const rows = page.locator('tbody tr');
  await rows.nth(1).locator('.browse-check input').check();
  await rows.nth(2).locator('.browse-check input').check();
  const picked = [await rows.nth(1).getAttribute('data-question'), await rows.nth(2).getAttribute('data-question')];
  await page.getByRole('button', { name: 'Drill selection (2)' }).click();
  await expect(page.getByText('Question 1 of 2')).toBeVisible();
  await expect(page.locator('main.drill')).toHaveAttribute('data-question', picked[0]!);
});

test('a question never practised says so, and can be drilled from its history', async ({ page, server }) => {
  await page.goto(server.url);
  await openQuestions(page);
  await filterGroup(page, 'Area').getByLabel('Vision').check();
  const first = page.locator('tbody tr').first();
  await expect(first.locator('.status-chip')).toHaveText('New');
  const id = await first.getAttribute('data-question');
  await first.locator('td').nth(2).click(); // anywhere on the row opens it
  await historyReady(page);
  await expect(page.getByRole('heading', { name: 'Never practised' })).toBeVisible();
  await expect(page.getByText('Not practised yet, so it has no review schedule')).toBeVisible();
  await page.getByRole('button', { name: 'Drill this question' }).click();
  await expect(page.getByText('Question 1 of 1')).toBeVisible();
  await expect(page.locator('main.drill')).toHaveAttribute('data-question', id!);
});

test.describe('when saving a corrected grade fails', () => {
  test.use({ serverEnv: { MLDRILL_FAULTS: 'editAttempt:SQLITE_FULL:1' } });

  test('the form keeps the changes, says why, and saving again works', async ({ page, server }) => {
    await page.goto(server.url);
    await startDrill(page, { areas: ['mlops'], count: 1 });
    const q = await currentQuestion(page);
    await answerBox(page).fill('Shadow deploy first, then a canary with automatic rollback.');
    await gradeAndSave(page, 2);
    await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();

    await openQuestions(page);
    await page.locator(`tbody tr[data-question="${q.id}"] .browse-open`).click();
    await historyReady(page);
    const attempt = onlyAttempt(page);
    await attempt.getByRole('button', { name: 'Edit grade' }).click();
    const third = attempt.locator('.history-edit .checklist input[type="checkbox"]').nth(2);
    await third.check();
    await attempt.getByRole('button', { name: 'Save grade' }).click();
    await expect(attempt.getByRole('alert')).toContainText('Not saved:');
    await expect(attempt.getByRole('alert')).toContainText('disk is full');
    await expect(attempt.getByRole('button', { name: 'Save grade' })).toBeFocused();
    await expect(third).toBeChecked();

    await attempt.getByRole('button', { name: 'Save grade' }).click();
    await expect(attempt.locator('[data-testid^="saved-"]')).toContainText('Saved.');
    await expect(attempt.locator('[data-testid^="coverage-"]')).toHaveText(new RegExp(`^3 of ${q.checklist.length} items`));
  });
});

test('Questions and a history fit an 800×600 window, dark and light, with nothing logged as an error', async ({ page, server }) => {
  // A CSP violation (an inline style) or a React error shows up as a console error.
  const problems: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
  page.on('pageerror', (e) => void problems.push(e.message));
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(server.url);
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  for (const theme of ['dark', 'light'] as const) {
    await page.locator('header').getByLabel('Theme').selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await openQuestions(page);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.locator('tbody tr').first().locator('.browse-open').click();
    await historyReady(page);
    expect(await overflow()).toBeLessThanOrEqual(0);
  }
  expect(problems).toEqual([]);
});
