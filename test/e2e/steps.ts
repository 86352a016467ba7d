/** Drill steps shared by the browser-mode and Electron end-to-end tests: what a new user does, by role and label. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const BANK = path.resolve(import.meta.dirname, '..', '..', 'resources', 'bank');

interface BankQuestion {
  id: string;
  checklist: { id: string; text: string; keywords?: string[] }[];
}

/** Every bank question's prompt, by id, from the same files the app loads. */
export const BANK_PROMPTS: ReadonlyMap<string, string> = new Map(
  fs.readdirSync(BANK).flatMap((file) => (JSON.parse(fs.readFileSync(path.join(BANK, file), 'utf8')) as { questions: { id: string; prompt: string }[] }).questions.map((q) => [q.id, q.prompt] as const)),
);

/** The bank question on screen, read from the same files the app loaded. */
export async function currentQuestion(page: Page): Promise<BankQuestion> {
  const id = await page.locator('main.drill').getAttribute('data-question');
  for (const file of fs.readdirSync(BANK)) {
    const pack = JSON.parse(fs.readFileSync(path.join(BANK, file), 'utf8')) as { questions: BankQuestion[] };
    const q = pack.questions.find((x) => x.id === id);
    if (q) return q;
  }
  throw new Error(`question ${id} is not in the bank`);
}

export async function homeReady(page: Page) {
  await expect(page.locator('main.home[data-ready="true"]')).toBeVisible();
}

export async function areaFigures(page: Page, area: string) {
  return (await page.getByTestId(`figures-${area}`).innerText()).replace(/\s+/g, ' ').trim();
}

export const answerBox = (page: Page) => page.getByLabel('Your answer', { exact: true });

/**
 * Waits until everything on screen is in the database: the indicator says saved and nothing is pending. (The
 * indicator is not a live region, so it is found by test id, not by role.)
 */
export async function draftSaved(page: Page) {
  const indicator = page.getByTestId('save-indicator');
  await expect(indicator).toHaveAttribute('data-status', 'saved');
  await expect(indicator).toHaveAttribute('data-unsaved', 'false');
}

/** Accepts every confirmation the page asks for (End drill, skipping a question with work in it). */
export function acceptDialogs(page: Page) {
  page.on('dialog', (d) => void d.accept());
}

export async function startDrill(page: Page, opts: { areas: string[]; count: number }) {
  await homeReady(page);
  for (const area of opts.areas) await page.locator(`label[data-area="${area}"] input[type="checkbox"]`).check();
  await page.getByLabel('Questions').fill(String(opts.count));
  await page.getByRole('button', { name: 'Start drill' }).click();
  await expect(page.locator('main.drill[data-phase="answer"]')).toBeVisible();
}

export async function rateAll(page: Page, value: number) {
  for (const name of ['Conceptual clarity', 'Applied judgment', 'Awareness of constraints', 'Communication']) {
    await page.getByRole('radiogroup', { name }).getByRole('radio').nth(value).check();
  }
}

/** Finishes the current question: grade (ticking the first `tick` items), review, note, save. */
export async function gradeAndSave(page: Page, tick: number, note = '') {
  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await expect(page.locator('main.drill[data-phase="grade"]')).toBeVisible();
  const boxes = page.locator('.checklist input[type="checkbox"]');
  for (let i = 0; i < tick; i++) await boxes.nth(i).check();
  await rateAll(page, 3);
  await page.getByRole('button', { name: /Submit grading/ }).click();
  await expect(page.getByRole('heading', { name: 'Where answers break down' })).toBeVisible();
  await expect(page.locator('.pitfalls li').first()).toBeVisible();
  await expect(page.locator('.followups li').first()).toBeVisible();
  if (note) await page.getByLabel('Note to self (optional)').fill(note);
  await page.getByRole('button', { name: /Save and (next|finish)/ }).click();
}
