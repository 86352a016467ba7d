/**
 * SIGKILL in the middle of an answer: the user types steadily, the `mldrill serve` process dies with SIGKILL (no
 * close, no flush, no pagehide reaching it), a new serve starts on the same folder, and the drill resumes with the
 * draft: what was typed, cut at most 2 s before the kill, and never anything that was not typed.
 *
 * The server is spawned here (scripts/crash-harness.mjs spawnServe) rather than by the fixture, so the test holds the
 * child and can kill it at a moment of its choosing.
 */
import type { Page } from '@playwright/test';
import { sleep, spawnServe, type KillableServe } from '../../scripts/crash-harness.mjs';
import { expect, test } from './fixtures';
import { answerBox, homeReady, startDrill } from './steps';

/** The most a kill may cost: everything typed up to this long before it is in the restored draft. */
const MAX_LOSS_MS = 2000;
const WORD_EVERY_MS = 200;
const TYPING_MS = 6000;

interface Typed {
  text: string;
  at: number;
}

/** Records the answer of every saveDraft the server acknowledged (HTTP 200 with ok: true), with when it arrived. */
function recordAcknowledgedDrafts(page: Page, into: Typed[]) {
  page.on('response', (res) => {
    if (!res.url().endsWith('/api/saveDraft') || res.status() !== 200) return;
    const sent = res.request().postData();
    void res
      .json()
      .then((body: { ok: boolean }) => {
        if (body.ok && sent) into.push({ text: (JSON.parse(sent) as { draft: { answer: string } }).draft.answer, at: Date.now() });
      })
      .catch(() => undefined);
  });
}

/** Types one unique word every WORD_EVERY_MS for about `ms`, after `base`; answers what was typed and when. */
async function typeSteadily(page: Page, base: string, round: number, ms: number): Promise<Typed[]> {
  const box = answerBox(page);
  await box.focus();
  await box.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
  const typed: Typed[] = [{ text: base, at: Date.now() }];
  let text = base;
  const t0 = Date.now();
  for (let i = 0; Date.now() - t0 < ms; i++) {
    const word = `${text === '' ? '' : ' '}r${round}w${i}`;
    await page.keyboard.type(word);
    text += word;
    typed.push({ text, at: Date.now() });
    await sleep(Math.max(0, t0 + (i + 1) * WORD_EVERY_MS - Date.now()));
  }
  return typed;
}

test('SIGKILL mid-answer: after a restart the draft is back, at most 2 s of typing lost, three times over', async ({ browser, dataDir }) => {
  test.setTimeout(180_000);
  const servers: KillableServe[] = [];
  const start = async () => {
    const s = await spawnServe({ dataDir });
    servers.push(s);
    return s;
  };
  try {
    let server = await start();
    let page = await browser.newPage();
    await page.goto(server.url);
    await startDrill(page, { areas: ['mlops'], count: 1 });
    let base = '';
    const report: string[] = [];
    for (let round = 1; round <= 3; round++) {
      const acked: Typed[] = [];
      recordAcknowledgedDrafts(page, acked);
      // A different moment of the autosave cycle each round.
      const typed = await typeSteadily(page, base, round, TYPING_MS + round * 350);
      const killAt = Date.now();
      const exit = await server.kill9();
      expect(exit.signal).toBe('SIGKILL');
      const text = typed.at(-1)!.text;
      // Every keystroke reached the page: the text typed is the text on screen.
      await expect(answerBox(page)).toHaveValue(text);
      const lastAcked = acked.filter((a) => a.at <= killAt).at(-1);
      await page.close();

      server = await start();
      // A new tab on the new URL (the old tab still knows the dead server's port and token).
      page = await browser.newPage();
      await page.goto(server.url);
      await homeReady(page);
      await expect(page.getByRole('region', { name: 'Unfinished drill' })).toContainText('question 1 of 1');
      await page.getByRole('button', { name: 'Resume drill' }).click();
      await expect(page.locator('main.drill[data-phase="answer"]')).toBeVisible();
      const restored = await answerBox(page).inputValue();

      // Never anything that was not typed: the restored draft is a prefix of the typing.
      expect(text.startsWith(restored), `restored ${JSON.stringify(restored.slice(-60))} is not a prefix of what was typed`).toBe(true);
      // Everything typed up to MAX_LOSS_MS before the kill is in it.
      const mustHave = typed.filter((t) => t.at <= killAt - MAX_LOSS_MS).at(-1)!;
      expect(restored.length, `typed by ${killAt - mustHave.at} ms before the kill: ${JSON.stringify(mustHave.text.slice(-40))}; restored: ${JSON.stringify(restored.slice(-40))}`).toBeGreaterThanOrEqual(
        mustHave.text.length,
      );
      // Every draft the server acknowledged before it died is kept.
      if (lastAcked) expect(restored.startsWith(lastAcked.text), 'the last acknowledged draft is not in the restored one').toBe(true);
      const typedAt = typed.find((t) => t.text.length >= restored.length)!;
      report.push(
        `round ${round}: typed ${text.length} chars in ${typed.length - 1} words; restored ${restored.length} chars, lost ${text.length - restored.length} chars ` +
          `= the typing of the last ${killAt - typedAt.at} ms; ${acked.length} drafts acknowledged, the last ${lastAcked ? `${killAt - lastAcked.at} ms before the kill` : 'never'}`,
      );
      base = restored;
    }
    console.log(report.join('\n'));
    test.info().annotations.push({ type: 'crash', description: report.join('\n') });
    await page.close();
  } finally {
    for (const s of servers) await s.kill9();
  }
});
