import { expect, test } from './fixtures';
import { homeReady } from './steps';

test('the Questions field keeps what is typed: clearing it and typing 10 gives 10, typing 8 gives 8', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  const field = page.getByLabel('Questions');
  await field.click();
  await field.press('Control+A');
  await field.press('Backspace');
  await field.pressSequentially('10');
  await expect(field).toHaveValue('10');
  await field.press('Control+A');
  await field.press('Backspace');
  await field.pressSequentially('8');
  await expect(field).toHaveValue('8');
  await page.locator('label[data-area="vision"] input').check();
  await expect(page.locator('#count-hint')).toHaveText('The drill will have 8 questions.');
  // Leaving the field empty puts back the last valid number.
  await field.press('Control+A');
  await field.press('Backspace');
  await field.blur();
  await expect(field).toHaveValue('8');
});

test('asking for more questions than exist says how many will be drilled, and the drill holds that many', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await page.locator('label[data-area="rl"] input').check();
  await page.getByLabel('Level').selectOption('junior');
  await page.getByLabel('Questions').fill('50');
  const hint = page.locator('#count-hint');
  await expect(hint).toHaveText(/^Only (\d+) questions? match; the drill will have \1\.$/);
  const n = Number(/Only (\d+)/.exec(await hint.innerText())![1]);
  expect(n).toBeGreaterThan(0);
  expect(n).toBeLessThan(50);
  await page.getByRole('button', { name: 'Start drill' }).click();
  await expect(page.getByText(`Question 1 of ${n}`)).toBeVisible();
});

test('Enter on an area checkbox does not start a drill', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  const box = page.locator('label[data-area="mlops"] input');
  await box.check();
  await box.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('main.home')).toBeVisible();
  await expect(page.locator('main.drill')).toHaveCount(0);
  await expect(box).toBeChecked();
});

test.describe('when the first load of Home fails', () => {
  test.use({ serverEnv: { MLDRILL_FAULTS: 'getHome:SQLITE_CORRUPT:1' } });

  test('Home shows the error with a Retry that works, not "Loading…" forever', async ({ page, server }) => {
    await page.goto(server.url);
    const problem = page.getByRole('alert').filter({ hasText: 'Your progress could not be loaded' });
    await expect(problem).toContainText('the database file is damaged');
    await problem.getByRole('button', { name: 'Retry' }).click();
    await homeReady(page);
  });
});

test('Home’s figures are asked for once at start, by the page’s early request, and a reload asks again', async ({ page, server }) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/getHome')) asked.push(r.url());
  });
  await page.goto(server.url);
  await homeReady(page);
  // Started by public/home-prefetch.js before the bundle ran, and taken by the app: no second request.
  expect(asked).toHaveLength(1);
  await page.reload();
  await homeReady(page);
  expect(asked).toHaveLength(2);
  // A later change still refreshes Home the usual way.
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Practice' }).click();
  await homeReady(page);
});
