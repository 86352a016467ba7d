/**
 * A phone-screen mock loop end to end, on a fixed server clock (MLDRILL_NOW): the round's intro, answers with
 * follow-ups under the interview rules (no checklist while answering), the round ending with the last answer,
 * grading every answer after the round, the result page, and the attempts in history marked as mock. Then a
 * reload in the middle of a round resumes at the same answer and part.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { draftSaved, homeReady, rateAll } from './steps';

test.use({ serverEnv: { MLDRILL_NOW: '2026-12-01T09:00:00Z', TZ: 'UTC' } });

async function startPhoneScreen(page: Page, url: string) {
  await page.goto(url);
  await homeReady(page);
  const picker = page.getByRole('region', { name: 'Mock interview loop' });
  await picker.getByLabel('Loop').selectOption('phone-screen');
  await picker.getByLabel('Your role').selectOption('applied-ml');
  await picker.getByLabel('Seniority').selectOption('mid');
  await picker.getByRole('button', { name: 'Start the loop' }).click();
  await expect(page.locator('main.loop-break')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Phone screen', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Start round 1' }).click();
  await expect(page.locator('main.loop[data-phase="answer"]')).toBeVisible();
}

test('a phone screen runs answer by answer, then every answer is graded, and the result shows the round', async ({ page, server }) => {
  await startPhoneScreen(page, server.url);
  // Six questions: a warm-up (no follow-up), four concepts (one each) and a scenario (two).
  let answered = 0;
  for (let q = 0; q < 6; q++) {
    const main = page.locator('main.loop[data-phase="answer"]');
    await expect(main).toHaveAttribute('data-position', String(q));
    // Interview rules: nothing of the checklist, outline or pitfalls while answering.
    await expect(page.locator('.checklist')).toHaveCount(0);
    await expect(page.getByTestId('round-left')).toBeVisible();
    // The answer box has focus, and there is one recorder, however many parts came before.
    await expect(page.getByLabel('Your answer', { exact: true })).toBeFocused();
    await expect(page.getByRole('button', { name: /^Record/ })).toHaveCount(1);
    await page.getByLabel('Your answer', { exact: true }).fill(`Main answer ${q + 1}: I would start from a baseline and a holdout.`);
    answered++;
    while ((await main.getAttribute('data-part')) !== null) {
      const next = page.getByRole('button', { name: /^Done: / });
      const label = (await next.textContent()) ?? '';
      if (!/next follow-up/.test(label)) {
        await next.click();
        break;
      }
      const part = Number(await main.getAttribute('data-part'));
      await next.click();
      await expect(main).toHaveAttribute('data-part', String(part + 1));
      await expect(page.getByText('The interviewer follows up:')).toBeVisible();
      await expect(page.getByLabel('Your answer to the follow-up')).toBeFocused();
      await expect(page.getByRole('button', { name: /^Record/ })).toHaveCount(1);
      await page.getByLabel('Your answer to the follow-up').fill(`Follow-up answer ${part + 1} to question ${q + 1}.`);
    }
  }
  expect(answered).toBe(6);
  // The round is over: grading, with the checklist now shown, answer by answer.
  for (let q = 0; q < 6; q++) {
    const grading = page.locator('main.drill[data-phase="grade"]');
    await expect(grading).toHaveAttribute('data-position', String(q));
    await expect(page.locator('.checklist input[type="checkbox"]').first()).toBeVisible();
    if (q === 5) await expect(page.getByRole('region', { name: 'Follow-ups' })).toContainText('Follow-up answer 2 to question 6.');
    await page.locator('.checklist input[type="checkbox"]').first().check();
    await rateAll(page, 3);
    await page.getByRole('button', { name: /Submit grading/ }).click();
    await page.getByRole('button', { name: /Save and (next|finish)/ }).click();
  }
  await expect(page.getByRole('heading', { name: /Phone screen: done/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Round 1: Phone screen' })).toBeVisible();
  await expect(page.getByTestId('round-coverage-0')).toHaveText(/\d+%/);
  await expect(page.getByRole('heading', { name: 'Readiness by area' })).toBeVisible();
  const areaRows = page.locator('.loop-result table').first().locator('tbody tr');
  expect(await areaRows.count()).toBeGreaterThan(0);
});

test('a reload mid-round comes back to the same answer and follow-up, with what was typed', async ({ page, server }) => {
  await startPhoneScreen(page, server.url);
  await page.getByLabel('Your answer', { exact: true }).fill('Warm-up story, first half.');
  await page.getByRole('button', { name: /^Done: / }).click(); // the warm-up has no follow-up
  const main = page.locator('main.loop[data-phase="answer"]');
  await expect(main).toHaveAttribute('data-position', '1');
  await page.getByLabel('Your answer', { exact: true }).fill('Concept answer before the crash.');
  await page.getByRole('button', { name: 'Done: next follow-up' }).click();
  await page.getByLabel('Your answer to the follow-up').fill('Half a follow-up.');
  await draftSaved(page);
  await page.reload();
  await homeReady(page);
  await expect(page.getByRole('region', { name: 'Unfinished mock loop' })).toContainText('Phone screen');
  await page.getByRole('button', { name: 'Resume loop' }).click();
  await expect(main).toHaveAttribute('data-position', '1');
  await expect(main).toHaveAttribute('data-part', '1');
  await expect(page.getByLabel('Your answer to the follow-up')).toHaveValue('Half a follow-up.');
});
