import { areaFigures, currentQuestion, gradeAndSave, homeReady, rateAll, startDrill } from './steps';
import { expect, startServe, test } from './fixtures';

test('a new user runs a whole drill: start, type, time passes, grade, summary, Home figures moved', async ({ page, server }) => {
  await page.clock.install();
  await page.goto(server.url);
  await homeReady(page);
  expect(await areaFigures(page, 'evaluation')).toMatch(/^practised 0 \/ \d+ coverage —$/);

  await startDrill(page, { areas: ['evaluation'], count: 2 });
  await expect(page.getByText('Question 1 of 2')).toBeVisible();
  const limit = await page.getByTestId('timer-value').innerText();
  expect(limit).toMatch(/^\d+:\d\d$/);

  const answer = page.getByLabel('Your answer', { exact: true });
  await expect(answer).toBeFocused();
  // A candidate who covers the first two checklist points, in the words the checklist listens for.
  const q = await currentQuestion(page);
  const covered = q.checklist.slice(0, 2).map((item) => item.keywords![0]!);
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
  await page.clock.runFor(65_000);
  const before = await page.getByTestId('timer-value').innerText();
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();

  await page.reload();
  await homeReady(page);
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toContainText('question 1 of 1');
  await page.getByRole('button', { name: 'Resume drill' }).click();
  await expect(page.getByLabel('Your answer', { exact: true })).toHaveValue('Shadow deploy first, then a canary with automatic rollback.');
  expect(await page.locator('.prompt').innerText()).toBe(prompt);
  // The clock resumes from the saved elapsed time (saved within the last few seconds), not from the full limit.
  const toSec = (t: string) => t.split(':').map(Number).reduce((a, b) => a * 60 + b, 0);
  const after = await page.getByTestId('timer-value').innerText();
  expect(toSec(before) - toSec(after)).toBeLessThanOrEqual(0);
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
    await page.getByRole('button', { name: 'Back to Home' }).click();
    await expect(page.getByRole('alert')).toContainText('The token is not valid for this server');

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
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved' })).toBeVisible();
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
  await page.getByLabel('Your answer', { exact: true }).fill('Epsilon-greedy first.');
  await page.clock.runFor(31 * 60_000);
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
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
});
