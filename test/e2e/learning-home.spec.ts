/**
 * The learning loop on Home: mastery per area ("not started" until practised), today's next action, the interview
 * outlook set from Settings, and drills by mode (a custom mix by kind).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { AREAS } from '../../shared/areas';
import { expect, test } from './fixtures';
import { acceptDialogs, answerBox, gradeAndSave, homeReady } from './steps';

const BANK = path.resolve(import.meta.dirname, '..', '..', 'resources', 'bank');
const KIND_OF = new Map<string, string>();
for (const file of fs.readdirSync(BANK)) {
  const pack = JSON.parse(fs.readFileSync(path.join(BANK, file), 'utf8')) as { questions: { id: string; kind: string }[] };
  for (const q of pack.questions) KIND_OF.set(q.id, q.kind);
}

const mastery = (page: Page, area: string) => page.getByTestId(`mastery-${area}`);
const nextAction = (page: Page) => page.locator('.today .next-action');

/** The local calendar day `days` from now, YYYY-MM-DD, as the page's clock has it. */
const localDayFromNow = (page: Page, days: number) =>
  page.evaluate<string, number>((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, days);

test('a fresh data folder: every area reads "not started" and Home invites a first drill', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  for (const a of AREAS) {
    await expect(mastery(page, a.id)).toContainText('Not started');
    await expect(mastery(page, a.id)).not.toContainText('%');
    await expect(page.getByRole('progressbar', { name: `${a.title} mastery` })).toHaveAttribute('aria-valuetext', 'not started');
  }
  await expect(page.getByRole('heading', { name: 'Start with a short first drill' })).toBeVisible();
  const first = nextAction(page);
  await expect(first).toHaveText('Start your first drill');
  await expect(first).toHaveClass(/primary/);
  // Nothing to say about weak concepts or an interview yet.
  await expect(page.getByRole('heading', { name: 'Concepts you miss most' })).toHaveCount(0);
  await expect(page.locator('.interview')).toHaveCount(0);

  // The numbers behind "not started" say what will make it a figure.
  await page.getByRole('button', { name: /How mastery works \(Computer vision\)/ }).click();
  const why = page.locator('#why-vision');
  await expect(why).toBeVisible();
  await expect(why).toContainText('Not started: no answer in this area has been graded yet.');
  await page.keyboard.press('Escape');
  await expect(why).toBeHidden();

  await first.click();
  await expect(page.locator('main.drill[data-phase="answer"]')).toBeVisible();
  await expect(page.getByText('Question 1 of 5')).toBeVisible();
});

test('after one graded answer Home shows that area’s mastery as a percentage, why, and the next action', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await page.locator('label[data-area="evaluation"] input').check();
  await page.getByLabel('Questions').fill('1');
  await page.getByRole('button', { name: 'Start drill' }).click();
  await answerBox(page).fill('Hold out a time-based split; compare precision and recall against the baseline.');
  await gradeAndSave(page, 2);

  // The summary says how the answer counts for the schedule, and links to the question's history.
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
  // With the grade column added the table still fits an 800-pixel window without sideways scrolling.
  await page.setViewportSize({ width: 800, height: 600 });
  expect(await page.locator('.summary-table').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  const grade = page.getByTestId('grade');
  await expect(grade).toContainText(/^(Again|Hard|Good|Easy)Next review: /);
  await expect(page.getByRole('button', { name: 'History of question 1' })).toBeVisible();

  await page.getByRole('button', { name: 'Back to Home' }).click();
  await homeReady(page);
  await expect(mastery(page, 'evaluation')).toContainText(/^\d{1,2}% mastery/);
  await expect(mastery(page, 'vision')).toContainText('Not started');
  const figure = /^\d{1,2}%/.exec(await mastery(page, 'evaluation').innerText())![0];

  const why = page.getByRole('button', { name: `Why ${figure}? (Evaluation, validation & metrics)` });
  await why.click();
  const pop = page.locator('#why-evaluation');
  await expect(pop).toBeVisible();
  for (const term of ['Recall', 'Recent coverage', 'Breadth']) await expect(pop.getByRole('term').filter({ hasText: term })).toBeVisible();
  await expect(pop.getByText('1 of 20 (5%)')).toBeVisible();
  await expect(pop.locator('code')).toHaveText(new RegExp(`^5% × \\(0\\.6 × \\d+% \\+ 0\\.4 × \\d+%\\) = ${figure}$`));
  await pop.getByRole('button', { name: 'Close' }).click();
  await expect(pop).toBeHidden();

  // No longer a first drill: Today's plan and one next action from it.
  await expect(page.getByRole('heading', { name: 'Today', exact: true })).toBeVisible();
  await expect(nextAction(page)).toHaveText(/^(Review \d+ due questions?|Learn \d+ new questions?|Practise your weakest areas)$/);
  await expect(page.locator('#next-detail')).not.toBeEmpty();
});

test('an interview date set in Settings shows "Interview in N days" on Home, with the areas at risk', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
  const form = page.locator('main.settings-view form.settings-form');
  await expect(form).toBeVisible();

  // Problems are named at the field and nothing is saved.
  await form.getByLabel('Questions per drill').fill('0');
  await form.getByLabel('Interview date').fill(await localDayFromNow(page, -3));
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Not saved: 2 fields need correcting (marked below).');
  await expect(form.getByText('The number of questions must be at least 1.')).toBeVisible();
  await expect(form.getByText('That day has passed. Choose today or a later day.')).toBeVisible();
  await expect(form.getByLabel('Questions per drill')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Questions per drill')).toBeFocused();

  // A day that starts at midnight makes the app's "today" the calendar day, so the count is exact.
  await form.getByLabel('Questions per drill').fill('4');
  await form.getByLabel('A new day starts at').selectOption('0');
  const date = await localDayFromNow(page, 10);
  await form.getByLabel('Interview date').fill(date);
  await form.getByRole('group', { name: /Areas the interview covers/ }).getByRole('button', { name: 'No areas' }).click();
  await form.getByLabel('Computer vision').check();
  await form.getByLabel('Reinforcement learning & multi-agent').check();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Settings saved.');

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice' }).click();
  await homeReady(page);
  const outlook = page.locator('section.interview');
  await expect(outlook.getByRole('heading', { name: 'Interview in 10 days' })).toBeVisible();
  await expect(outlook).toContainText('Covers Vision and Reinforcement learning');
  await expect(outlook.locator('li[data-area-risk="vision"]')).toHaveText('Vision — not started yet');
  await expect(outlook.locator('li[data-area-risk="rl"]')).toHaveText('Reinforcement learning — not started yet');
  // The saved count is the drill's default.
  await expect(page.getByLabel('Questions')).toHaveValue('4');

  // Settings shows what was saved; clearing the date takes the outlook away.
  await outlook.getByRole('button', { name: 'Change the interview in Settings' }).click();
  await expect(form.getByLabel('Interview date')).toHaveValue(date);
  await form.getByRole('button', { name: 'Clear date' }).click();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Settings saved.');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice' }).click();
  await homeReady(page);
  await expect(page.locator('section.interview')).toHaveCount(0);
});

test('Custom mix starts a drill whose questions all match the filter (kind behavioral)', async ({ page, server }) => {
  acceptDialogs(page);
  await page.goto(server.url);
  await homeReady(page);
  await page.getByRole('radio', { name: 'Custom mix' }).check();
  const mix = page.getByRole('group', { name: 'Custom mix' });
  await expect(mix).toBeVisible();
  // The single Level select gives way to the mix's own levels.
  await expect(page.locator('main.home .options select')).toHaveCount(0);
  await page.getByRole('button', { name: 'Select all' }).click();
  await page.getByLabel('Questions').fill('3');

  // A tag that cannot be one is named, and holds the drill back.
  const tags = mix.getByLabel(/^Tags/);
  await tags.fill('team conflict');
  await expect(mix.getByText('"team conflict" is not a tag: tags use hyphens, not spaces (team-conflict).')).toBeVisible();
  await expect(tags).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('button', { name: 'Start drill' })).toBeDisabled();
  await tags.fill('');

  await mix.getByRole('group', { name: 'Kinds' }).getByLabel('Behavioral').check();
  await expect(page.locator('#count-hint')).toHaveText('The drill will have 3 questions.');
  await page.getByRole('button', { name: 'Start drill' }).click();

  await expect(page.getByText('Question 1 of 3')).toBeVisible();
  for (let i = 0; i < 3; i++) {
    const drill = page.locator(`main.drill[data-position="${i}"]`);
    await expect(drill).toBeVisible();
    const id = (await drill.getAttribute('data-question'))!;
    expect(KIND_OF.get(id), `question ${id}`).toBe('behavioral');
    await expect(page.locator('.drill-head .chips')).toContainText('behavioral');
    await page.getByRole('button', { name: 'Skip question' }).click();
  }
  await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
});

test('Home, the custom mix, a mastery popover and Settings fit 800×600 and 1600×1000, light and dark', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  for (const [width, height] of [
    [800, 600],
    [1600, 1000],
  ] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await page.setViewportSize({ width, height });
      await page.locator('.app-header').getByLabel('Theme').selectOption(theme);
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice' }).click();
      await homeReady(page);
      await page.getByRole('radio', { name: 'Custom mix' }).check();
      await expect(page.getByRole('group', { name: 'Custom mix' })).toBeVisible();
      expect(await noSideways(), `Home ${width}×${height} ${theme}`).toBe(true);

      // The popover of a card in the middle of the grid opens wholly inside the window.
      const why = page.getByRole('button', { name: /\(Production ML & MLOps\)/ });
      await why.scrollIntoViewIfNeeded();
      await why.click();
      const box = (await page.locator('#why-mlops').boundingBox())!;
      expect(box.x, 'left edge').toBeGreaterThanOrEqual(0);
      expect(box.y, 'top edge').toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, 'right edge').toBeLessThanOrEqual(width);
      expect(box.y + box.height, 'bottom edge').toBeLessThanOrEqual(height);
      await page.keyboard.press('Escape');
      await page.getByRole('radio', { name: 'Mixed' }).check();

      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
      await expect(page.locator('main.settings-view form.settings-form')).toBeVisible();
      expect(await noSideways(), `Settings ${width}×${height} ${theme}`).toBe(true);
    }
  }
});
