import type { Page } from '@playwright/test';
import { RATING_DIMENSIONS } from '../../shared/scoring';
import { BANK_PROMPTS, acceptDialogs, answerBox, areaFigures, currentQuestion, draftSaved, gradeAndSave, homeReady, rateAll, startDrill } from './steps';
import { expect, startServe, test } from './fixtures';

test('a new user runs a whole drill: start, type, time passes, grade, summary, Home figures moved', async ({ page, server }) => {
  await page.clock.install();
  await page.goto(server.url);
  await homeReady(page);
  expect(await areaFigures(page, 'evaluation')).toMatch(/^practised 0 \/ \d+ coverage —$/);

  await startDrill(page, { areas: ['evaluation'], count: 2 });
  // From here on time moves only when the test says so, so a slow machine's typing does not eat into the limit.
  await page.clock.pauseAt((await page.evaluate<number>('Date.now()')) + 100);
  await expect(page.getByText('Question 1 of 2')).toBeVisible();
  const limit = await page.getByTestId('timer-value').innerText();
  expect(limit).toMatch(/^\d+:\d\d$/);

  const answer = page.getByLabel('Your answer', { exact: true });
  await expect(answer).toBeFocused();
  // A candidate who covers the first two checklist points, in the words the checklist listens for (two of each
  // item's keywords: one keyword alone is naming a topic, which never decides a suggestion).
  const q = await currentQuestion(page);
  const covered = q.checklist.slice(0, 2).map((item) => `${item.keywords![0]!} and ${item.keywords![1]!}: ${item.text.toLowerCase()}`);
  await answer.pressSequentially(`First, ${covered[0]}. Then I would weigh ${covered[1]} against the latency budget.`);

  // Time passes: the countdown falls into the 30-second warning, then into red overtime (practice mode keeps going).
  const [m, s] = limit.split(':').map(Number);
  await page.clock.runFor(((m! * 60 + s!) - 20) * 1000);
  await expect(page.getByRole('timer')).toHaveAttribute('data-phase', 'warning');
  await page.clock.runFor(25_000);
  await expect(page.getByRole('timer')).toHaveAttribute('data-phase', 'overtime');
  await expect(page.getByTestId('timer-value')).toHaveText(/^\+0:0[4-6]$/);
  await expect(answer).toBeEditable();

  await page.getByRole('button', { name: /Finish and grade/ }).click();
  // Suggestions are marked, never ticked silently.
  const suggested = page.locator('.checklist li.suggested');
  await expect(suggested.first()).toBeVisible();
  await expect(suggested.first().getByText('suggested')).toBeVisible();
  await expect(page.locator('.checklist input:checked')).toHaveCount(0);
  await page.getByRole('button', { name: /Tick all suggested/ }).click();
  for (const item of q.checklist.slice(0, 2)) await expect(page.locator(`.checklist input[data-item="${item.id}"]`)).toBeChecked();
  expect(await page.locator('.checklist input:checked').count()).toBe(await suggested.count());

  // Pitfalls and follow-ups stay hidden until grading is submitted.
  await expect(page.getByRole('heading', { name: 'Where answers break down' })).toHaveCount(0);
  await page.getByRole('button', { name: /Submit grading/ }).click();
  await expect(page.getByRole('alert')).toContainText('Rate yourself on');
  await rateAll(page, 2);
  await page.getByRole('button', { name: /Submit grading/ }).click();
  await expect(page.locator('.pitfalls li').first()).toBeVisible();
  await page.getByLabel('Note to self (optional)').fill('Mention label delay next time.');
  await page.getByRole('button', { name: 'Save and next' }).click();

  await expect(page.getByText('Question 2 of 2')).toBeVisible();
  await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('');
  await page.getByLabel('Your answer', { exact: true }).fill('Short answer.');
  await page.clock.runFor(10_000);
  // Time flows again: the summary's lazy loading and the query cache run on the page's timers.
  await page.clock.resume();
  await gradeAndSave(page, 1);

  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
  const rows = page.locator('.summary tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().locator('td.overtime')).toBeVisible();
  await expect(rows.first()).toContainText('2.0 / 4'); // rated 2 on all four
  await expect(rows.nth(1)).toContainText('3.0 / 4');
  await expect(page.getByTestId('mean-coverage')).toHaveText(/^\d+%$/);

  await page.getByRole('button', { name: 'Back to Home' }).click();
  await homeReady(page);
  expect(await areaFigures(page, 'evaluation')).toMatch(/^practised 2 \/ \d+ coverage [1-9]\d?%$/);
});

test('reloading mid-answer offers to resume exactly where the user left off', async ({ page, server }) => {
  await page.clock.install();
  await page.goto(server.url);
  await startDrill(page, { areas: ['mlops'], count: 1 });
  const prompt = await page.locator('.prompt').innerText();
  await page.getByLabel('Your answer', { exact: true }).fill('Shadow deploy first, then a canary with automatic rollback.');
  await draftSaved(page);
  // Time moves only when the test says so (until the reload), so the clock reading below is exact.
  await page.clock.pauseAt((await page.evaluate<number>('Date.now()')) + 100);
  await page.clock.runFor(65_000);
  const before = await page.getByTestId('timer-value').innerText();
  await draftSaved(page);
  // "Draft saved 12:01:03" is shown but not announced: it is in no live region, and nothing was read out.
  await expect(page.getByTestId('save-indicator')).toHaveText(/^Draft saved /);
  expect(await page.getByTestId('save-indicator').evaluate((el) => el.closest('[aria-live], [role="status"], [role="alert"]') === null)).toBe(true);
  await expect(page.getByRole('status').filter({ hasText: /saved/i })).toHaveCount(0);

  // The page's own timers (the query cache's among them) need time to flow again after the reload.
  await page.clock.resume();
  await page.reload();
  await homeReady(page);
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toContainText('question 1 of 1');
  await page.getByRole('button', { name: 'Resume drill' }).click();
  await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('Shadow deploy first, then a canary with automatic rollback.');
  expect(await page.locator('.prompt').innerText()).toBe(prompt);
  // The clock resumes from the saved elapsed time (saved within the last few seconds), not from the full limit.
  const toSec = (t: string) => t.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);
  const after = await page.getByTestId('timer-value').innerText();
  // What is saved as the page goes is the clock at that moment: at most a moment (resume to reload) beyond `before`.
  expect(toSec(before) - toSec(after)).toBeLessThanOrEqual(2);
  expect(toSec(after) - toSec(before)).toBeLessThanOrEqual(6);
});

test('a server restart keeps the data; the new token is required', async ({ page, dataDir, server }) => {
  await page.goto(server.url);
  await startDrill(page, { areas: ['vision'], count: 1 });
  await page.getByLabel('Your answer', { exact: true }).fill('Augment with lighting changes; fine-tune on the new camera.');
  await gradeAndSave(page, 2);
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
  await server.stop();

  // Same port, new process: the page still holds the old token, and the API refuses it with a clear message.
  const second = await startServe({ dataDir, port: server.port });
  try {
    // Home paints from the figures already read (they were refreshed when the answer was saved); the next call
    // the page makes goes to the new process.
    await page.getByRole('button', { name: 'Back to Home' }).click();
    await homeReady(page);
    await page.getByRole('button', { name: 'Start drill' }).click();
    await expect(page.getByRole('alert')).toContainText('The token is not valid for this server');
    await expect(page.locator('main.home')).toBeVisible();

    await page.goto(second.url);
    await homeReady(page);
    expect(await areaFigures(page, 'vision')).toMatch(/^practised 1 \/ \d+ coverage \d+%$/);
  } finally {
    await second.stop();
  }
});

test('a reload moments after typing, or during grading, loses nothing', async ({ page, server }) => {
  await page.goto(server.url);
  await startDrill(page, { areas: ['nlp-llm'], count: 1 });
  // Reload at once: the draft goes out as the page is hidden, before any autosave would have run.
  await page.getByLabel('Your answer', { exact: true }).fill('Chunk, embed, retrieve with BM25 plus dense, then rerank.');
  await page.reload();
  await page.getByRole('button', { name: 'Resume drill' }).click();
  await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('Chunk, embed, retrieve with BM25 plus dense, then rerank.');

  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await page.locator('.checklist input').nth(1).check();
  await page.getByRole('radiogroup', { name: 'Communication' }).getByRole('radio').nth(4).check();
  await draftSaved(page);
  await page.reload();
  await page.getByRole('button', { name: 'Resume drill' }).click();
  await expect(page.locator('main.drill')).toHaveAttribute('data-phase', 'grade');
  await expect(page.locator('.checklist input').nth(1)).toBeChecked();
  await expect(page.getByRole('radiogroup', { name: 'Communication' }).getByRole('radio').nth(4)).toBeChecked();
});

test('strict mode locks the answer at zero and moves on to grading', async ({ page, server }) => {
  await page.clock.install();
  await page.goto(server.url);
  await homeReady(page);
  await page.getByLabel('Strict timing').check();
  await expect(page.getByText(/Mode: strict/)).toBeVisible();
  await startDrill(page, { areas: ['rl'], count: 1 });
  // The drill itself says strict timing is on, beside the countdown.
  await expect(page.locator('.drill-clock').getByText('Strict timing')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByLabel('Your answer', { exact: true }).fill('Epsilon-greedy first.');
  await page.clock.runFor(31 * 60_000);
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
  // Said clearly, and announced (an alert), not only shown by a changed screen.
  await expect(page.getByRole('alert')).toContainText("Time's up");
  await expect(page.getByLabel('Your answer', { exact: true })).not.toBeEditable();
  await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('Epsilon-greedy first.');
});

test.describe('when saving fails', () => {
  test.use({ serverEnv: { MLDRILL_FAULTS: 'saveAttempt:SQLITE_FULL:1' } });

  test('the answer stays on screen with a specific error and a retry that works', async ({ page, server }) => {
    await page.goto(server.url);
    await startDrill(page, { areas: ['deep-learning'], count: 1 });
    await page.getByLabel('Your answer', { exact: true }).fill('ZeRO-3 shards parameters, gradients and optimizer state.');
    await gradeAndSave(page, 1, 'keep me');
    await expect(page.getByRole('alert')).toContainText('the disk is full');
    await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('ZeRO-3 shards parameters, gradients and optimizer state.');
    await expect(page.getByLabel('Note to self (optional)')).toHaveValue('keep me');
    await page.getByRole('button', { name: 'Retry save' }).click();
    await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
  });
});

test('the whole drill works with the keyboard alone', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  // What has focus, as "tag:type:where" (where: the area card or the checklist it sits in).
  const focused = () =>
    page.evaluate<string>(`(() => {
      const el = document.activeElement;
      if (!el) return '';
      const where = el.closest('[data-area]')?.getAttribute('data-area') ?? (el.closest('.checklist') ? 'checklist' : '');
      return el.tagName.toLowerCase() + ':' + (el.getAttribute('type') ?? '') + ':' + where;
    })()`);
  const tabUntil = async (predicate: (f: string) => boolean, max = 40) => {
    for (let i = 0; i < max; i++) {
      if (predicate(await focused())) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`never reached by Tab; focus ends on ${await focused()}`);
  };
  // Home: Tab to the first area, Space to choose it, Tab on to the question count, Enter to start.
  await tabUntil((f) => f === 'input:checkbox:fundamentals');
  await page.keyboard.press('Space');
  await expect(page.locator('label[data-area="fundamentals"] input')).toBeChecked();
  await tabUntil((f) => f.startsWith('input:number'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  // Drill: the answer box has focus; Ctrl+Enter finishes.
  await expect(page.getByLabel('Your answer', { exact: true })).toBeFocused();
  await page.keyboard.type('Bias is error from wrong assumptions; variance is sensitivity to the sample.');
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
  // Grade: Tab into the checklist, Space ticks; Tab to each rating group, arrows choose.
  await tabUntil((f) => f === 'input:checkbox:checklist');
  await page.keyboard.press('Space');
  await expect(page.locator('.checklist input').first()).toBeChecked();
  for (const name of ['Conceptual clarity', 'Applied judgment', 'Awareness of constraints', 'Communication']) {
    const group = page.getByRole('radiogroup', { name });
    const first = group.getByRole('radio').first();
    for (let i = 0; i < 40 && !(await first.evaluate((el) => el === el.ownerDocument.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(group.getByRole('radio').nth(2)).toBeChecked();
  }
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Where answers break down' })).toBeFocused();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back to Home' })).toBeFocused();
  await page.keyboard.press('Enter');
  await homeReady(page);
  // Focus lands on the next thing to do, not on the page body.
  await expect(page.getByRole('button', { name: 'Start drill' })).toBeFocused();
});

/**
 * Rows of the summary and items of its skipped list show prompts as Markdown, never as raw `**` or backticks: a
 * shown prompt whose first paragraph has bold or code in the bank must show it as markup.
 */
async function expectRenderedPrompts(page: Page, selector: string) {
  const prompts = page.locator(selector);
  await expect(prompts.first()).toBeVisible();
  for (const text of await prompts.allInnerTexts()) expect(text).not.toMatch(/\*\*|`/);
  const rows = page.locator(`[data-question]:has(${selector})`);
  let marked = 0;
  for (let i = 0; i < (await rows.count()); i++) {
    const id = (await rows.nth(i).getAttribute('data-question'))!;
    const lead = BANK_PROMPTS.get(id)!.trim().split(/\n\s*\n/)[0]!;
    if (!/\*\*|`/.test(lead)) continue;
    marked++;
    expect(await rows.nth(i).locator(`${selector} strong, ${selector} code`).count()).toBeGreaterThan(0);
  }
  return marked;
}

test('Skip works in every phase; skipped questions are recorded, not practised', async ({ page, server }) => {
  acceptDialogs(page);
  await page.goto(server.url);
  await startDrill(page, { areas: ['rl'], count: 3 });
  const skip = page.getByRole('button', { name: 'Skip question' });

  // Answering: nothing typed yet, so no question asked.
  await skip.click();
  await expect(page.getByText('Question 2 of 3')).toBeVisible();
  // Grading.
  await answerBox(page).fill('Something to grade.');
  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
  await skip.click();
  await expect(page.getByText('Question 3 of 3')).toBeVisible();
  // Review.
  await answerBox(page).fill('Something to review.');
  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await rateAll(page, 1);
  await page.getByRole('button', { name: /Submit grading/ }).click();
  await expect(page.getByRole('heading', { name: 'Where answers break down' })).toBeVisible();
  await skip.click();

  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
  await expect(page.locator('.summary')).toContainText('No question was answered; 3 questions skipped');
  await expect(page.locator('.summary table')).toHaveCount(0);
  await expect(page.locator('.skipped li')).toHaveCount(3);
  await expectRenderedPrompts(page, '.skipped .prompt-lead');

  await page.getByRole('button', { name: 'Back to Home' }).click();
  await homeReady(page);
  expect(await areaFigures(page, 'rl')).toMatch(/^practised 0 \/ \d+ coverage —$/);
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toHaveCount(0);
});

test('End drill midway asks first, then shows the summary of what was answered', async ({ page, server }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void (dialogs.length === 1 ? d.dismiss() : d.accept());
  });
  await page.goto(server.url);
  await startDrill(page, { areas: ['rl'], count: 3 });
  await answerBox(page).fill('Bellman equation, discount factor, Markov property.');
  await gradeAndSave(page, 1);
  await expect(page.getByText('Question 2 of 3')).toBeVisible();
  await answerBox(page).fill('Half an answer.');
  await page.getByRole('button', { name: /Finish and grade/ }).click();

  // Grading offers the way out too. Declining the confirmation keeps the drill going.
  await page.getByRole('button', { name: 'End drill' }).click();
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
  await page.getByRole('button', { name: 'End drill' }).click();
  expect(dialogs).toHaveLength(2);
  expect(dialogs[0]).toMatch(/^End this drill now\?/);

  await expect(page.getByRole('heading', { name: 'Drill ended early: 1 of 3 answered' })).toBeVisible();
  await expect(page.locator('.summary tbody tr')).toHaveCount(1);
  await expectRenderedPrompts(page, '.summary td.prompt-cell');
  await expect(page.getByRole('button', { name: 'Back to Home' })).toBeFocused();
  await page.getByRole('button', { name: 'Back to Home' }).click();
  await homeReady(page);
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toHaveCount(0);
  expect(await areaFigures(page, 'rl')).toMatch(/^practised 1 \/ \d+ coverage \d+%$/);
});

test.describe('when the database cannot be written at all', () => {
  test.use({ serverEnv: { MLDRILL_FAULTS: 'saveDraft:SQLITE_CORRUPT:100' } });

  test('autosave stops and says what to do, instead of retrying every second', async ({ page, server }) => {
    await page.clock.install();
    let writes = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/saveDraft')) writes++;
    });
    await page.goto(server.url);
    await startDrill(page, { areas: ['mlops'], count: 1 });
    await answerBox(page).fill('Blue-green, then canary.');
    const indicator = page.getByTestId('save-indicator');
    // A minute of fake time, a second at a time, letting each request in flight come back before the next second.
    for (let s = 0; s < 60; s++) {
      await page.clock.runFor(1_000);
      await expect(indicator).not.toHaveAttribute('data-status', 'saving');
      if (s === 30) await answerBox(page).pressSequentially(' More typing.');
    }
    // Before the fix this was one write a second, for ever.
    expect(writes).toBeLessThanOrEqual(2);
    const problem = page.getByTestId('save-problem');
    await expect(problem).toHaveAttribute('role', 'alert');
    await expect(problem).toContainText('the database file is damaged');
    await expect(problem).toContainText('Copy your answer somewhere safe');
    await expect(problem.getByRole('button')).toHaveCount(0); // no Retry that cannot work
    await expect(indicator).toHaveText('Autosave stopped');
    // Typing is kept on screen, and closing the question is still offered.
    await expect(answerBox(page)).toHaveValue('Blue-green, then canary. More typing.');
    await expect(page.getByRole('button', { name: /Finish and grade/ })).toBeEnabled();
  });
});

test('two tabs on one drill: the second writer is told and stops; the first one’s work is kept', async ({ page, server }) => {
  const context = page.context();
  await page.goto(server.url);
  await startDrill(page, { areas: ['fundamentals'], count: 1 });
  await answerBox(page).fill('Tab one: bias and variance.');
  await draftSaved(page);

  const second = await context.newPage();
  await second.goto(server.url);
  await homeReady(second);
  await second.getByRole('button', { name: 'Resume drill' }).click();
  await expect(answerBox(second)).toHaveValue('Tab one: bias and variance.');

  // Tab one writes again; tab two, still on the older revision, is refused.
  await answerBox(page).fill('Tab one: bias and variance, and the trade-off.');
  await draftSaved(page);
  await answerBox(second).fill('Tab two overwrote this.');
  const alert = second.getByRole('alert');
  await expect(alert).toContainText('continued in another window or tab');
  await expect(alert.getByRole('button', { name: 'Reload' })).toBeVisible();
  await expect(second.getByTestId('save-indicator')).toHaveAttribute('data-status', 'elsewhere');
  await expect(answerBox(second)).not.toBeEditable();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // What the database keeps is tab one's text: a third tab resumes it.
  const third = await context.newPage();
  await third.goto(server.url);
  await third.getByRole('button', { name: 'Resume drill' }).click();
  await expect(answerBox(third)).toHaveValue('Tab one: bias and variance, and the trade-off.');
  // And the Reload button takes tab two to the same place.
  await alert.getByRole('button', { name: 'Reload' }).click();
  await second.getByRole('button', { name: 'Resume drill' }).click();
  await expect(answerBox(second)).toHaveValue('Tab one: bias and variance, and the trade-off.');
});

test('the countdown stays in view while typing a long answer in an 800×600 window', async ({ page, server }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(server.url);
  await startDrill(page, { areas: ['scale'], count: 1 });
  const answer = answerBox(page);
  await answer.fill(Array.from({ length: 200 }, (_, i) => `Point ${i}: shard by tenant, cache hot keys, watch tail latency.`).join('\n'));
  await answer.press('Control+End');
  await answer.pressSequentially(' Last words.');
  // Down to the end of the page, where the Finish button is.
  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
  expect(await page.evaluate<number>('window.scrollY')).toBeGreaterThan(100);
  const box = (await page.getByRole('timer').boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(600);
  await expect(page.getByRole('button', { name: /Finish and grade/ })).toBeInViewport();
});

test('answers and notes show their limit as they near it and stop at it', async ({ page, server }) => {
  await page.goto(server.url);
  await startDrill(page, { areas: ['fundamentals'], count: 1 });
  const answer = answerBox(page);
  await expect(answer).toHaveAttribute('maxlength', '100000');
  await answer.fill('a'.repeat(50_000));
  await expect(page.getByTestId('answer-count')).toHaveCount(0);
  await answer.fill('a'.repeat(98_000));
  await expect(page.getByTestId('answer-count')).toHaveText('98,000 / 100,000 characters');
  await expect(answer).toHaveAccessibleDescription('98,000 / 100,000 characters');
  await answer.fill('a'.repeat(100_010));
  expect((await answer.inputValue()).length).toBe(100_000);
  await expect(page.getByTestId('answer-count')).toContainText('100,000 / 100,000 characters: the limit');
  // At the limit the draft still saves, and so does the answer: no dead end.
  await draftSaved(page);
  await gradeAndSave(page, 0, 'n'.repeat(4_100));
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
});

test('grading: number keys rate the focused dimension, the scores are explained, and the rows line up', async ({ page, server }) => {
  await page.goto(server.url);
  await startDrill(page, { areas: ['evaluation'], count: 1 });
  await answerBox(page).fill('Precision and recall.');
  await page.getByRole('button', { name: /Finish and grade/ }).click();

  const groups = RATING_DIMENSIONS.map((d) => page.getByRole('radiogroup', { name: d.label }));
  // Labels and the 0–4 options align in every row, whatever a label's hint.
  const xs = await Promise.all(groups.map(async (g) => (await g.getByRole('radio', { name: '0' }).boundingBox())!.x));
  expect(new Set(xs.map(Math.round)).size).toBe(1);

  await groups[0]!.getByRole('radio').first().focus();
  await page.keyboard.press('3');
  await expect(groups[0]!.getByRole('radio', { name: '3' })).toBeChecked();
  await expect(groups[0]!.getByRole('radio', { name: '3' })).toBeFocused();
  await page.keyboard.press('1');
  await expect(groups[0]!.getByRole('radio', { name: '1' })).toBeChecked();
  await page.keyboard.press('9'); // not a score: nothing changes
  await expect(groups[0]!.getByRole('radio', { name: '1' })).toBeChecked();
  // A digit typed elsewhere (a checklist item) rates nothing.
  await page.locator('.checklist input').first().focus();
  await page.keyboard.press('4');
  await expect(page.locator('.ratings input:checked')).toHaveCount(1);

  // Each option is described by its rubric, and the rubric is there to read on demand.
  const [clarity] = RATING_DIMENSIONS;
  await expect(groups[0]!.getByRole('radio', { name: '2' })).toHaveAccessibleDescription(clarity.rubric[2]);
  await expect(page.getByText(clarity.rubric[4])).toBeHidden();
  await page.getByText('What do the scores mean?').click();
  await expect(page.getByText(clarity.rubric[4])).toBeVisible();
});

test('Ctrl+Enter works wherever focus is in the drill, not only in the answer box', async ({ page, server }) => {
  await page.goto(server.url);
  await startDrill(page, { areas: ['fundamentals'], count: 1 });
  await answerBox(page).fill('Regularization.');
  // Answering, with focus on a button of the header.
  await page.getByRole('button', { name: 'Skip question' }).focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
  await expect(page.getByText('Question 1 of 1')).toBeVisible(); // it finished the answer; it did not skip
  // Grading, from a checklist item.
  await rateAll(page, 2);
  const item = page.locator('.checklist input').first();
  await item.focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Where answers break down' })).toBeFocused();
  // Review, from the read-only answer above the form.
  await answerBox(page).focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
});
