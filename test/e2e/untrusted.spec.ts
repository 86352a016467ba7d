/**
 * Untrusted Markdown through the real import path, in browser mode under the real CSP. A valid pack carries an XSS
 * corpus (test/fixtures/untrusted-pack.ts) in every Markdown field (prompts, outlines, the description) and every
 * plain-text one (checklist items, pitfalls, follow-ups, title, author); it is imported through the Packs screen's
 * file chooser (preview, then install), and an answer and a note carrying the same corpus are typed and saved. Then
 * it is shown everywhere the app shows a pack's text or a user's answer: the import preview, the drill (answer,
 * grade, review with the outline open), the summary, each question's history, the Questions browser (rows and
 * search hits), the dashboard's weak-concept evidence, the Packs screen, the export list and the question form's
 * preview. Nothing may run (window.__pwned, which every script payload sets, stays unset), load (a beacon server on
 * 127.0.0.1 records any request; nothing leaves the app's origin; no CSP violation is even reported), navigate (the
 * URL never changes, no frame appears) or open a window or a dialog of its own.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { afterSave, openMyQuestions, position, skipUntil } from '../fixtures/e2e-questions';
import {
  UNTRUSTED_AREA,
  UNTRUSTED_AUTHOR,
  UNTRUSTED_CONCEPT,
  UNTRUSTED_IDS,
  UNTRUSTED_PACK_ID,
  UNTRUSTED_TITLE,
  UNTRUSTED_WORD,
  corpus,
  htmlPayloads,
  markdownPayloads,
  untrustedPack,
  untrustedQuestions,
} from '../fixtures/untrusted-pack';
import { expect, test } from './fixtures';
import { homeReady, rateAll, startDrill } from './steps';

const BUILTIN_RL = 'Reinforcement learning and multi-agent systems';

/** A local HTTP server that counts every request: any fetch the payloads manage shows up here. */
async function startBeacon() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Elements under `selector` that could run, load or navigate: scripts, frames, media, styles, a base, a meta,
 * a form with an action, images, event-handler or srcdoc attributes, inline styles with a URL, and links that are
 * not http(s). The app's own markup has none of these, so any one is a payload that got through.
 */
async function liveElements(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((roots) =>
    roots.flatMap((root) =>
      [
        ...root.querySelectorAll(
          'script, iframe, frame, object, embed, base, meta, video, audio, source, link, style, svg, math, img, picture, marquee, form[action], [formaction], [onerror], [onload], [ontoggle], [onfocus], [onbegin], [onstart], [onclick], [onmouseover], [srcdoc], [srcset], [style*="url("], a[href]:not([href^="http:"]):not([href^="https:"])',
        ),
      ].map((el) => el.outerHTML.slice(0, 160)),
    ),
  );
}

async function expectInert(page: Page, selector: string) {
  await expect(page.locator(selector).first()).toBeVisible();
  expect(await liveElements(page, selector), `live elements under ${selector}`).toEqual([]);
  // Every link left is http(s) (it opens only after a confirmation).
  const hrefs = await page.locator(`${selector} a`).evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();

// SECURITY.md names this test: keep its name (the journey now goes on past the summary, to every screen).
test('hostile HTML and Markdown in an imported pack stays inert from import to summary', async ({ page, server }, testInfo) => {
  // One long journey (import, a three-question drill, histories, search, the dashboard, the form) on a busy machine.
  test.setTimeout(240_000);
  const beacon = await startBeacon();
  try {
    const BEACON = `http://127.0.0.1:${beacon.port}`;
    const questions = untrustedQuestions(beacon.port);
    const byId = new Map(questions.map((q) => [q.id, q]));
    const packFile = testInfo.outputPath('untrusted.drillpack.json');
    fs.writeFileSync(packFile, untrustedPack(beacon.port));
    const everything = corpus(BEACON);
    const ANSWER = `${UNTRUSTED_WORD} alpha: an answer that carries the corpus.\n${everything.join('\n')}`;
    const NOTE = `Note ${UNTRUSTED_WORD}.\n${htmlPayloads(BEACON).join('\n')}`.slice(0, 4000);

    // Everything the page might do behind the test's back is recorded.
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${server.base}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // Any new page or tab (a link opened with noopener is not a "popup" of this page, but it is a page of the context).
    const popups: string[] = [];
    page.context().on('page', (p) => popups.push(p.url()));
    /** Nothing has run or loaded so far: checked after each screen, so a failure says where. */
    const stillClean = async (where: string) => {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), `window.__pwned after ${where}`).toBeUndefined();
      expect(beacon.hits, `requests to the beacon after ${where}`).toEqual([]);
      expect(foreign, `requests away from the app after ${where}`).toEqual([]);
    };

    await page.goto(server.url);
    await homeReady(page);
    // The token leaves the address bar at start; from here on the URL must never change.
    const home = page.url();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    // ---- Import through the Packs screen: the preview shows the title and author as typed, the description as
    // sanitized Markdown; then install.
    await nav(page, 'Packs');
    await expect(page.locator('main.packs[data-ready="true"]')).toBeVisible();
    await page.getByTestId('pack-file-input').setInputFiles(packFile);
    const panel = page.locator('section.import');
    await expect(panel).toHaveAttribute('data-action', 'install');
    await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`Install ${UNTRUSTED_TITLE}?`);
    await expect(panel).toContainText(UNTRUSTED_AUTHOR);
    await expect(panel.locator('.import-description')).toContainText('Untrusted description.');
    await expect(panel.locator('.import-description .md-image').first()).toBeVisible();
    await expectInert(page, 'section.import');
    await panel.getByRole('button', { name: 'Install pack' }).click();
    await expect(panel).toHaveAttribute('data-stage', 'done');
    await expect(panel.getByTestId('import-result')).toHaveText(`${UNTRUSTED_IDS.length} questions added, 0 changed, 0 retired.`);
    // The built-in pack of the area is turned off, so a drill of the area holds exactly the imported questions.
    await page.getByRole('switch', { name: `Use in drills: ${BUILTIN_RL}` }).uncheck();
    await expect(page.locator('article.packs-card[data-enabled="false"]')).toHaveCount(1);
    await expectInert(page, 'main.packs');
    await stillClean('the import');

    // ---- The drill: every question answered (with the corpus), graded, reviewed with the outline open, noted, saved.
    await nav(page, 'Practice');
    await startDrill(page, { areas: [UNTRUSTED_AREA], count: UNTRUSTED_IDS.length });
    const seen: string[] = [];
    for (;;) {
      const id = await skipUntil(page, UNTRUSTED_IDS);
      if (!id) break;
      seen.push(id);
      const q = byId.get(id)!;
      const prompt = page.locator('main.drill .prompt');
      await expect(prompt).toContainText('Untrusted prompt');
      await expectInert(page, 'main.drill .prompt');
      if (id === UNTRUSTED_IDS[0]) {
        await expect(prompt.locator('.md-image').first()).toBeVisible(); // ![beacon image](…) is a placeholder
        await expect(prompt.locator('.md-link-disabled').first()).toBeVisible();
        // Script links are plain text: clicking one does nothing.
        for (const name of ['js link', 'entity link', 'tab entity link', 'colon entity link', 'mixed case link', 'angle link', 'data link', 'protocol-relative link']) {
          await prompt.getByText(name, { exact: true }).click();
        }
        // The one http link asks first, naming the host it really goes to (not the name before the @); declined.
        await prompt.getByRole('link', { name: 'userinfo link' }).click();
        await expect.poll(() => dialogs.length).toBe(1);
        expect(dialogs[0]).toMatch(new RegExp(`^Open a page on 127\\.0\\.0\\.1:${beacon.port}\\?\\n\\nhttp://trusted\\.example@127\\.0\\.0\\.1:${beacon.port}/userinfo\\n\\n`));
        expect(dialogs[0]).toContain('This link hides its destination behind “trusted.example@”');
      }
      const at = await position(page);
      await page.getByLabel('Your answer', { exact: true }).fill(ANSWER);
      await page.getByRole('button', { name: /Finish and grade/ }).click();
      // Plain-text fields show the markup as the text it is, each item exactly as the file has it.
      const items = page.locator('.checklist li');
      await expect(items).toHaveCount(q.checklist.length);
      for (const [i, item] of q.checklist.entries()) await expect(items.nth(i)).toContainText(item.text);
      await expectInert(page, '.checklist');
      await page.locator('.checklist input[type="checkbox"]').first().check();
      await rateAll(page, 2);
      await page.getByRole('button', { name: /Submit grading/ }).click();
      await expect(page.locator('.pitfalls li')).toHaveText(q.pitfalls);
      await expect(page.locator('.followups li')).toHaveText(q.followUps);
      await expectInert(page, '.review-cards');
      await page.getByText('Outline of a strong answer').click();
      await expect(page.locator('.outline-body')).toContainText(`Untrusted outline`);
      await expectInert(page, '.outline-body');
      await page.getByLabel('Note to self (optional)').fill(NOTE);
      await page.getByRole('button', { name: /Save and (next|finish)/ }).click();
      if ((await afterSave(page, at)) === 'summary') break;
    }
    expect([...seen].sort()).toEqual([...UNTRUSTED_IDS].sort());
    await stillClean('the drill');

    // ---- The summary shows each prompt's first paragraph as Markdown; its History link opens the question's
    // history: the prompt, the answer and note as text, the checklist as graded, the outline, pitfalls, follow-ups.
    await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
    await expectInert(page, 'main.summary');
    await page.locator('main.summary .history-link').first().click();
    const history = page.locator('main.history[data-ready="true"]');
    await expect(history).toBeVisible();
    await expect(history.locator('.history-answer-text').first()).toContainText(htmlPayloads(BEACON)[4]!); // <script>… as text
    await expect(history.locator('[data-testid^="note-"]').first()).toContainText(htmlPayloads(BEACON)[0]!);
    await history.getByText('Pitfalls and follow-up questions').click();
    await expect(history.locator('.outline-body').first()).toContainText('Untrusted outline');
    await expectInert(page, 'main.history');
    await stillClean('the history from the summary');
    await page.getByRole('button', { name: /^← Back to/ }).click();
    await expect(page.locator('main.summary')).toBeVisible();
    await page.getByRole('button', { name: 'Back to Home' }).click();
    await homeReady(page);

    // ---- Questions: the rows, then a search for the word in every answer and note, then one for a word of the
    // corpus (the excerpts hold the payloads, marked); a hit opens its history.
    await nav(page, 'Questions');
    const browse = page.locator('main.browse[data-ready="true"]');
    await expect(browse).toBeVisible();
    // The bank alone is longer than the first screenful of rows: narrow to the pack's area (rl) first.
    await browse.getByRole('group', { name: /^Area\b/ }).getByLabel('Reinforcement learning', { exact: true }).check();
    await expect(browse.locator(`tbody tr[data-pack="${UNTRUSTED_PACK_ID}"]`)).toHaveCount(UNTRUSTED_IDS.length);
    await expectInert(page, 'main.browse');
    const search = page.getByRole('searchbox', { name: 'Search your answers and notes' });
    await search.fill(UNTRUSTED_WORD);
    await expect(page.locator('.browse-hit')).toHaveCount(UNTRUSTED_IDS.length);
    await expect(page.locator('.browse-hit mark').first()).toHaveText(UNTRUSTED_WORD);
    await expectInert(page, 'main.browse');
    await search.fill('onerror');
    await expect(page.locator('.browse-hit').first()).toBeVisible();
    await expect(page.locator('.browse-hit').first()).toContainText('onerror');
    await expectInert(page, 'main.browse');
    await page.locator('.browse-hit').first().click();
    await expect(history).toBeVisible();
    await expect(page.locator('article.history-attempt[data-highlighted] .history-answer-text mark, article.history-attempt[data-highlighted] [data-testid^="note-"] mark').first()).toBeVisible();
    await expectInert(page, 'main.history');
    await page.getByRole('button', { name: /Back to Questions/ }).click();
    await expect(browse).toBeVisible();
    await search.fill('');
    // Every question's history, opened from its row.
    for (const id of UNTRUSTED_IDS) {
      await browse.locator(`tbody tr[data-pack="${UNTRUSTED_PACK_ID}"][data-question="${id}"] .browse-open`).click();
      await expect(page.locator(`main.history[data-ready="true"][data-question="${id}"]`)).toBeVisible();
      await page.getByText('Pitfalls and follow-up questions').click();
      await expectInert(page, 'main.history');
      await page.getByRole('button', { name: /Back to Questions/ }).click();
      await expect(browse).toBeVisible();
    }
    await stillClean('the Questions browser and the histories');

    // ---- The dashboard: the concept every question's missed items name is weak, and its evidence lists those
    // items (the payloads, as text) with the prompts they came from.
    await nav(page, 'Progress');
    await expect(page.locator('main.dashboard[data-ready="true"]')).toBeVisible();
    const concept = page.locator(`.dash-weak-concept[data-concept="${UNTRUSTED_CONCEPT}"]`);
    await expect(concept).toBeVisible();
    await concept.locator('details.dash-weak-evidence summary').click();
    const evidence = concept.locator('li.dash-evidence');
    await expect(evidence.first()).toBeVisible();
    const missed = new Set(questions.flatMap((q) => [q.checklist[1]!.text, q.checklist[2]!.text]));
    for (const text of await concept.locator('.dash-evidence-item').allTextContents()) expect(missed).toContain(text);
    await expectInert(page, `.dash-weak-concept[data-concept="${UNTRUSTED_CONCEPT}"]`);
    await stillClean('the dashboard');

    // ---- The Packs screen again, with the pack's figures; then My questions: the export list shows the prompts, and
    // the form's preview renders the same corpus typed in by hand.
    await nav(page, 'Packs');
    const card = page.getByRole('article', { name: UNTRUSTED_TITLE, exact: true });
    await expect(card).toContainText(UNTRUSTED_AUTHOR);
    await expect(card.getByTestId('pack-attempts')).toHaveText(`${UNTRUSTED_IDS.length} attempts`);
    await expectInert(page, 'main.packs');
    await openMyQuestions(page);
    await page.getByRole('button', { name: 'Export a selection…' }).click();
    await page.locator('section.selection').getByRole('group', { name: /^Packs/ }).getByLabel(new RegExp(`\\(${UNTRUSTED_PACK_ID}\\)$`)).check();
    await expect(page.locator('.selection-list li')).toHaveCount(UNTRUSTED_IDS.length);
    await expect(page.locator('.selection-list')).toContainText('Untrusted prompt');
    await expectInert(page, 'section.selection');
    await page.getByRole('button', { name: '← My questions' }).click();
    await page.getByRole('button', { name: 'New question' }).click();
    const md = markdownPayloads(BEACON);
    const html = htmlPayloads(BEACON);
    await page.getByLabel('Prompt').fill(`Untrusted authored prompt. ${md.join(' ')}\n\n${html.slice(0, 8).join('\n')}`.slice(0, 2000));
    await page.getByLabel('Outline of a strong answer (optional)').fill(`Untrusted authored outline.\n\n${md.join('\n\n')}\n\n${html.join('\n\n')}`.slice(0, 4000));
    await page.getByLabel('Pitfall 1', { exact: true }).fill(html[0]!);
    const previewPane = '[data-testid="question-preview"]';
    await expect(page.locator(`${previewPane} .prompt`)).toContainText('Untrusted authored prompt.');
    await expect(page.locator(`${previewPane} .outline-body`)).toContainText('Untrusted authored outline.');
    await expect(page.locator(`${previewPane} .pitfalls li`)).toHaveText(html[0]!);
    await expectInert(page, previewPane);
    // Leaving by the header's navigation keeps the draft and asks nothing.
    await nav(page, 'Practice');
    await homeReady(page);

    // Nothing ran, loaded, navigated or opened. A meta refresh or a late image would need a moment: give it one.
    await page.waitForTimeout(750);
    await stillClean('the whole journey');
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), 'no CSP violation: nothing even tried to load').toEqual([]);
    expect(navigations, 'navigations').toEqual([]);
    expect(page.url()).toBe(home);
    expect(page.frames(), 'frames').toHaveLength(1);
    expect(popups, 'windows opened').toEqual([]);
    expect(dialogs, 'dialogs: only the link confirmation the test asked for').toHaveLength(1);
    testInfo.annotations.push({ type: 'corpus', description: `${everything.length} payloads; beacon hits ${beacon.hits.length}` });
  } finally {
    await beacon.close();
  }
});
