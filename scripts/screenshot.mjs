// Regenerates the README screenshots (`node scripts/screenshot.mjs`): Home and the grading view, in browser mode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startServe } from './serve-process.mjs';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mldrill-shot-'));
const server = await startServe({ dataDir });
const url = server.url;
const exe = ['/usr/bin/chromium'].find((p) => fs.existsSync(p));
const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: ['--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await browser.newPage({ viewport: { width: 1180, height: 900 }, colorScheme: process.env.THEME === 'dark' ? 'dark' : 'light' });
  await page.goto(url);
  await page.waitForSelector('main.home[data-ready="true"]');
  for (const a of ['evaluation', 'mlops', 'nlp-llm']) await page.locator(`label[data-area="${a}"] input`).check();
  await page.screenshot({ path: 'docs/home.png' });
  await page.getByLabel('Questions').fill('3');
  await page.getByRole('button', { name: 'Start drill' }).click();
  const id = await page.locator('main.drill').getAttribute('data-question');
  const bank = fs.readdirSync('resources/bank').flatMap((f) => JSON.parse(fs.readFileSync(path.join('resources/bank', f), 'utf8')).questions);
  const q = bank.find((x) => x.id === id);
  const answer = q.checklist.slice(0, 3).map((c) => c.keywords[0]).join('; then ');
  await page.getByLabel('Your answer', { exact: true }).fill(`I would start with ${answer}, and I would check it against the latency and cost budget.`);
  await page.getByRole('button', { name: /Finish and grade/ }).click();
  await page.getByRole('button', { name: /Tick all suggested/ }).click();
  await page.screenshot({ path: 'docs/grade.png', fullPage: false });
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
