/**
 * My questions in browser mode: write a question with the validator's messages showing as you type, fix them, save,
 * find it in the list, drill it, edit it, retire it; what a refused save shows; keyboard work on the checklist; and
 * the form at 800×600 and 1600×1000 in light and dark.
 */
import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { afterSave, openMyQuestions, position, skipToSummary } from '../fixtures/e2e-questions';
import { expect, test } from './fixtures';
import { homeReady, rateAll } from './steps';

const PROMPT = 'A ranking model gains offline but loses online. How would you find out why, and what would you check first?';
const ITEMS = [
  { text: 'Checks that offline and online metrics measure the same thing', keywords: ['metric mismatch', 'proxy metric'] },
  { text: 'Looks for training and serving skew in the features', keywords: ['skew', 'feature parity'] },
  { text: 'Considers feedback loops and position bias in the logged data', keywords: ['position bias', 'feedback loop'] },
];

const form = (page: Page) => page.getByRole('form', { name: /^(New question|Edit question)/ });
const saveButton = (page: Page) => form(page).getByRole('button', { name: /^Save question/ });
const item = (page: Page, n: number) => form(page).getByRole('group', { name: `Item ${n}`, exact: true });
const problems = (page: Page, field: string) => page.getByTestId(`qf-${field}-problems`);

async function fillItem(page: Page, n: number, text: string, keywords: string[]) {
  await item(page, n).getByLabel('Text').fill(text);
  await item(page, n).getByLabel('Keywords, one per line').fill(keywords.join('\n'));
}

/** The field's problems are linked to it, and the field says it is invalid. */
async function expectLinkedProblem(field: Locator, problemsId: string) {
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAttribute('aria-describedby', new RegExp(`(^| )${problemsId}( |$)`));
}

test('write a question: live validation, save, list, drill it, edit it, retire it', async ({ page, server }) => {
  page.on('dialog', (d) => void d.accept()); // Retire asks first
  await page.goto(server.url);
  await homeReady(page);
  await openMyQuestions(page);
  await expect(page.getByRole('heading', { name: 'No questions of your own yet' })).toBeVisible();

  await page.getByRole('button', { name: 'New question' }).click();
  const prompt = form(page).getByLabel('Prompt');
  await expect(prompt).toBeFocused();

  // Too short: the validator's message at `prompt`, as soon as it is typed.
  await prompt.fill('Too short');
  await expect(problems(page, 'prompt')).toHaveText('prompt: must be at least 10 characters (got 9)');
  await expectLinkedProblem(prompt, 'qf-prompt-problems');
  // The id follows the prompt until it is edited.
  await expect(page.locator('#qf-id')).toHaveValue('too-short');

  // Two checklist items: the format's minimum, in the validator's words, at `checklist`.
  await item(page, 3).getByRole('button', { name: 'Remove item 3' }).click();
  await expect(problems(page, 'checklist')).toHaveText('checklist: must have at least 3 entries (got 2)');
  // Focus goes to the item before the one removed (there is none after it).
  await expect(item(page, 2).getByLabel('Text')).toBeFocused();
  await expect(saveButton(page)).toHaveAttribute('aria-disabled', 'true');
  await expect(page.getByTestId('question-form-status')).toHaveText(/^\d+ problems to fix before saving\.$/);

  // A blocked save (Ctrl+Enter from anywhere in the form) shows every problem and puts focus on the first.
  await form(page).getByLabel('Tags (optional)').click();
  await page.keyboard.press('Control+Enter');
  await expect(prompt).toBeFocused();
  await expect(problems(page, 'area')).toContainText('area: must be one of "fundamentals", "deep-learning"');
  const firstText = item(page, 1).getByLabel('Text');
  await expect(firstText).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('checklist[0].text: must be at least 3 characters (got 0)')).toBeVisible();
  // The button itself is not a way round: clicking it does the same.
  await saveButton(page).click({ force: true });
  await expect(prompt).toBeFocused();

  // Fix everything.
  await prompt.fill(PROMPT);
  await expect(problems(page, 'prompt')).toHaveCount(0);
  await expect(prompt).not.toHaveAttribute('aria-invalid', 'true');
  await form(page).getByLabel('Area').selectOption('rl');
  await form(page).getByLabel('Kind').selectOption('scenario');
  await form(page).getByLabel('Level').selectOption('senior');
  await form(page).getByRole('button', { name: 'Add checklist item' }).click();
  await expect(item(page, 3).getByLabel('Text')).toBeFocused();
  await expect(problems(page, 'checklist')).toHaveCount(0);
  for (const [i, it] of ITEMS.entries()) await fillItem(page, i + 1, it.text, it.keywords);
  await expect(item(page, 2).getByLabel('Id')).toHaveValue('looks-for-training-and');
  await form(page).getByLabel('Pitfall 1', { exact: true }).fill('Blames the online test before checking the logging.');
  await form(page).getByLabel('Follow-up 1', { exact: true }).fill('The gap closes after a week. What does that tell you?');
  await form(page).getByLabel('Outline of a strong answer (optional)').fill('1. **Metrics** first.\n2. Then skew.\n3. Then feedback loops.');
  await form(page).getByLabel('Tags (optional)').fill('ranking, online-offline');
  await form(page).getByLabel('research').check();
  // A time limit the validator refuses, then one it takes.
  const limit = form(page).getByLabel('Time limit (seconds)');
  await limit.fill('20');
  await expect(problems(page, 'timeLimitSec')).toHaveText('timeLimitSec: must be at least 30 (got 20)');
  await limit.fill('600');
  await expect(page.getByTestId('question-form-status')).toHaveText('Ready to save.');
  await expect(saveButton(page)).toHaveAttribute('aria-disabled', 'false');
  const id = await page.locator('#qf-id').inputValue();
  expect(id).toBe('a-ranking-model-gains-offline-but');

  // The preview shows it as the drill will.
  const preview = page.getByTestId('question-preview');
  await expect(preview.locator('.prompt')).toHaveText(PROMPT);
  await expect(preview.locator('.chips').first()).toHaveText(/Reinforcement learning & multi-agent\s*scenario\s*senior/);
  await expect(preview.locator('.checklist li')).toHaveCount(3);
  await expect(preview.locator('.outline-body strong')).toHaveText('Metrics');
  await expect(preview.getByText('10:00')).toBeVisible();

  await saveButton(page).click();
  const flash = page.getByTestId('questions-flash');
  await expect(flash).toContainText(`Saved “${id}”.`);
  const row = page.locator(`.questions-row[data-question="${id}"]`);
  await expect(row).toContainText(PROMPT);
  await expect(row).toContainText('senior');

  // Drill this question: a drill of just this one.
  await flash.getByRole('button', { name: 'Drill this question' }).click();
  await expect(page.locator(`main.drill[data-question="${id}"]`)).toBeVisible();
  await expect(page.getByText('Question 1 of 1')).toBeVisible();
  await expect(page.locator('main.drill .prompt')).toHaveText(PROMPT);
  const at = await position(page);
  await page.getByLabel('Your answer', { exact: true }).fill('I would check feature parity for skew first, then position bias and the feedback loop.');
  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await expect(page.locator('.checklist li.suggested')).toHaveCount(2);
  await rateAll(page, 3);
  await page.getByRole('button', { name: /Submit grading/ }).click();
  await expect(page.locator('.pitfalls li')).toHaveText(['Blames the online test before checking the logging.']);
  await page.getByRole('button', { name: /Save and (next|finish)/ }).click();
  if ((await afterSave(page, at)) === 'question') await skipToSummary(page);
  await expect(page.locator('main.summary')).toContainText(PROMPT);
  await page.getByRole('button', { name: 'Back to Home' }).click();

  // Edit it again: the stored question comes back into the form; its id cannot change.
  await openMyQuestions(page);
  await page.getByRole('button', { name: `Edit ${id}` }).click();
  await expect(page.getByRole('heading', { name: `Edit question ${id}` })).toBeVisible();
  await expect(form(page).getByLabel('Prompt')).toHaveValue(PROMPT);
  await expect(page.locator('#qf-id')).toHaveAttribute('readonly', '');
  await expect(item(page, 2).getByLabel('Keywords, one per line')).toHaveValue('skew\nfeature parity');
  await expect(form(page).getByLabel('research')).toBeChecked();
  await expect(form(page).getByLabel('Time limit (seconds)')).toHaveValue('600');
  await form(page).getByLabel('Prompt').fill(`${PROMPT} Assume the A/B test is sound.`);
  await form(page).getByLabel('Level').selectOption('mid');
  await saveButton(page).click();
  await expect(flash).toContainText(`Saved “${id}”.`);
  await expect(row).toContainText('Assume the A/B test is sound.');
  await expect(row).toContainText('mid');
  await expect(page.locator('.questions-row')).toHaveCount(1);

  // Retire it (after a confirmation): it leaves the list.
  await page.getByRole('button', { name: `Retire ${id}` }).click();
  await expect(flash).toContainText(`Retired “${id}”.`);
  await expect(page.getByRole('heading', { name: 'No questions of your own yet' })).toBeVisible();
});

test('the checklist by keyboard: add, reorder and remove items, focus following each change', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await openMyQuestions(page);
  await page.getByRole('button', { name: 'New question' }).click();
  for (const [i, text] of ['first item', 'second item', 'third item'].entries()) await item(page, i + 1).getByLabel('Text').fill(text);

  await item(page, 1).getByRole('button', { name: 'Move item 1 down' }).focus();
  await page.keyboard.press('Enter');
  // Focus stays with the item that moved, now item 2.
  await expect(item(page, 2).getByRole('button', { name: 'Move item 2 down' })).toBeFocused();
  await expect(item(page, 1).getByLabel('Text')).toHaveValue('second item');
  await expect(item(page, 2).getByLabel('Text')).toHaveValue('first item');
  await page.keyboard.press('Enter');
  // At the bottom its Move down is disabled: focus moves to its Move up.
  await expect(item(page, 3).getByRole('button', { name: 'Move item 3 up' })).toBeFocused();
  await expect(item(page, 3).getByLabel('Text')).toHaveValue('first item');
  await expect(item(page, 3).getByLabel('Id')).toHaveValue('first-item');

  await item(page, 2).getByRole('button', { name: 'Remove item 2' }).focus();
  await page.keyboard.press('Enter');
  await expect(item(page, 2).getByLabel('Text')).toBeFocused();
  await expect(item(page, 2).getByLabel('Text')).toHaveValue('first item');
  await expect(problems(page, 'checklist')).toHaveText('checklist: must have at least 3 entries (got 2)');

  // Enter in a one-line field does not submit; Add by keyboard puts focus in the new item.
  await form(page).getByLabel('Tags (optional)').press('Enter');
  await expect(form(page).getByLabel('Tags (optional)')).toBeFocused();
  await form(page).getByRole('button', { name: 'Add checklist item' }).focus();
  await page.keyboard.press('Enter');
  await expect(item(page, 3).getByLabel('Text')).toBeFocused();
  await expect(problems(page, 'checklist')).toHaveCount(0);

  // Every field has a label (an unlabelled control would have no accessible name).
  const unnamed = await form(page)
    .locator('input, select, textarea')
    .evaluateAll((els) => els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label')).map((el) => el.outerHTML));
  expect(unnamed).toEqual([]);
});

test('an unsaved question survives a look at another screen', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await openMyQuestions(page);
  await page.getByRole('button', { name: 'New question' }).click();
  await form(page).getByLabel('Prompt').fill('Half-written question about drift');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice' }).click();
  await openMyQuestions(page);
  await expect(form(page).getByLabel('Prompt')).toHaveValue('Half-written question about drift');
});

test.describe('when the services refuse the save', () => {
  test.use({ serverEnv: { MLDRILL_FAULTS: 'saveMyQuestion:SQLITE_FULL:1' } });

  test('the refusal is shown, the form keeps everything, and saving again works', async ({ page, server }) => {
    await page.goto(server.url);
    await homeReady(page);
    await openMyQuestions(page);
    await page.getByRole('button', { name: 'New question' }).click();
    await form(page).getByLabel('Prompt').fill(PROMPT);
    await form(page).getByLabel('Area').selectOption('evaluation');
    for (const [i, it] of ITEMS.entries()) await fillItem(page, i + 1, it.text, it.keywords);
    await saveButton(page).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'The question was not saved:' });
    await expect(refusal).toBeVisible();
    await expect(refusal).toBeFocused();
    await expect(form(page).getByLabel('Prompt')).toHaveValue(PROMPT);
    await saveButton(page).click();
    await expect(page.getByTestId('questions-flash')).toContainText('Saved “a-ranking-model-gains-offline-but”.');
  });
});

test('export a selection as a cohort pack: filters, hand-picked questions, the validator’s rules for id and version', async ({ page, server }) => {
  await page.goto(server.url);
  await homeReady(page);
  await openMyQuestions(page);
  await page.getByRole('button', { name: 'Export a selection…' }).click();
  const panel = page.locator('section.selection');
  await expect(panel.getByRole('heading', { name: 'Export a selection as a pack' })).toBeFocused();
  await panel.getByRole('group', { name: /^Areas/ }).getByLabel('Evaluation, validation & metrics').check();
  await panel.getByRole('group', { name: /^Levels/ }).getByLabel('Junior').check();
  await expect(panel.locator('#selection-count')).toHaveText(/^\d+ questions match; all go into the pack\.$/);

  await panel.getByLabel('Choose the questions by hand').check();
  const boxes = panel.locator('.selection-list input[type="checkbox"]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await expect(panel.locator('#selection-count')).toHaveText(/^2 questions ticked of \d+ matches\.$/);

  // The pack's fields, checked with the validator's messages.
  await panel.getByLabel('Title').fill('Cohort 7: evaluation');
  await expect(panel.getByLabel('Pack id')).toHaveValue('cohort-7-evaluation');
  await panel.getByLabel('Pack id').fill('A');
  await expect(page.getByTestId('sel-id-problems')).toHaveText('id: must be lowercase letters, digits and hyphens, 2-64 characters (got "A")');
  await panel.getByLabel('Version').fill('1.2');
  await expect(page.getByTestId('sel-version-problems')).toHaveText('version: must be a semantic version MAJOR.MINOR.PATCH (got "1.2")');
  await panel.getByRole('button', { name: 'Export pack' }).click({ force: true });
  await expect(panel.getByLabel('Pack id')).toBeFocused();
  await panel.getByLabel('Pack id').fill('cohort-7');
  await panel.getByLabel('Version').fill('1.0.0');

  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export pack' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.drillpack\.json$/);
  const pack = JSON.parse(fs.readFileSync(await file.path(), 'utf8')) as {
    id: string;
    version: string;
    title: string;
    questions: { area: string; level: string }[];
  };
  expect(pack).toMatchObject({ id: 'cohort-7', version: '1.0.0', title: 'Cohort 7: evaluation' });
  expect(pack.questions).toHaveLength(2);
  for (const q of pack.questions) expect(q).toMatchObject({ area: 'evaluation', level: 'junior' });
  await expect(page.getByTestId('selection-outcome')).toContainText('Exported 2 questions');
});

for (const size of [
  { width: 800, height: 600 },
  { width: 1600, height: 1000 },
]) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`the form with its problems fits ${size.width}×${size.height} in ${scheme}`, async ({ page, server }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(server.url);
      await homeReady(page);
      await openMyQuestions(page);
      await page.getByRole('button', { name: 'New question' }).click();
      await form(page).getByLabel('Prompt').fill('Too short');
      await page.keyboard.press('Control+Enter');
      await expect(problems(page, 'area')).toBeVisible();
      const look = await page.evaluate(() => {
        const rgb = (css: string) => {
          const m = /rgba?\(([\d.]+),? ([\d.]+),? ([\d.]+)(?:,? \/? ?([\d.]+))?\)/.exec(css) ?? /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)/.exec(css);
          if (!m) return null;
          const scale = css.startsWith('color(') ? 255 : 1;
          return { c: [Number(m[1]) * scale, Number(m[2]) * scale, Number(m[3]) * scale], a: m[4] === undefined ? 1 : Number(m[4]) };
        };
        const background = (el: Element | null): number[] => {
          for (let n = el; n; n = n.parentElement) {
            const b = rgb(getComputedStyle(n).backgroundColor);
            if (b && b.a === 1) return b.c;
          }
          return [255, 255, 255];
        };
        const lum = ([r, g, b]: number[]) => {
          const f = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
          return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
        };
        const ratio = (a: number[], b: number[]) => {
          const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
          return (hi + 0.05) / (lo + 0.05);
        };
        const problemsEls = [...document.querySelectorAll('.question-form-problems')];
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          problems: problemsEls.map((el) => {
            const r = el.getBoundingClientRect();
            const color = rgb(getComputedStyle(el).color)!.c;
            return { left: r.left, right: r.right, contrast: ratio(color, background(el)) };
          }),
        };
      });
      expect(look.overflow, 'no sideways scrolling').toBeLessThanOrEqual(0);
      expect(look.problems.length).toBeGreaterThan(3);
      for (const p of look.problems) {
        expect(p.left).toBeGreaterThanOrEqual(0);
        expect(p.right).toBeLessThanOrEqual(size.width);
        expect(p.contrast, 'problem text at 4.5:1 or better').toBeGreaterThanOrEqual(4.5);
      }
      await page.screenshot({ path: test.info().outputPath(`form-${size.width}-${scheme}.png`), fullPage: true });
    });
  }
}
