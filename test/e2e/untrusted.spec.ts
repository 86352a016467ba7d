/**
 * Untrusted Markdown through the real import path. A valid pack whose prompt, checklist, pitfalls, follow-ups,
 * outline, title and description carry script, event handlers, script URLs (entity-encoded and mixed case too),
 * frames, a meta refresh, a base, a form, data: links and remote images pointing at a beacon server this test runs,
 * is imported through the API (previewImport, then applyImport, as the Packs screen does), then drilled in the
 * browser (answer, grade, review with the outline open, summary) and shown on the Packs screen, in the export list
 * and in the question form's preview. Nothing may run, load, navigate or open a dialog of its own.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { afterSave, openMyQuestions, position, skipUntil } from '../fixtures/e2e-questions';
import { UNTRUSTED_AREA, UNTRUSTED_IDS, UNTRUSTED_PACK_ID, htmlPayloads, markdownPayloads, untrustedPack } from '../fixtures/untrusted-pack';
import { expect, test, type AppServer } from './fixtures';
import { homeReady, rateAll, startDrill } from './steps';

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

/** A call to the app's API the way the page makes it: POST /api/<method> with the token from the printed URL. */
async function api(server: AppServer, method: string, arg: unknown): Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> {
  const token = /token=([A-Za-z0-9_-]+)/.exec(server.url)![1]!;
  const res = await fetch(`${server.base}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(arg),
  });
  return (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
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
          'script, iframe, frame, object, embed, base, meta, video, audio, source, link, style, svg, img, picture, form[action], [onerror], [onload], [ontoggle], [onclick], [srcdoc], [style*="url("], a[href]:not([href^="http:"]):not([href^="https:"])',
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

test('hostile HTML and Markdown in an imported pack stays inert from import to summary', async ({ page, server }) => {
  const beacon = await startBeacon();
  try {
    const BEACON = `http://127.0.0.1:${beacon.port}`;

    // Import through the app's own path: validate and preview, then apply.
    const preview = await api(server, 'previewImport', { fileName: 'untrusted.drillpack.json', text: untrustedPack(beacon.port) });
    expect(preview).toMatchObject({ ok: true, value: { action: 'install', errors: [] } });
    const importId = (preview.value as { importId: string }).importId;
    expect(await api(server, 'applyImport', { importId, force: false })).toMatchObject({ ok: true, value: { packId: UNTRUSTED_PACK_ID, added: 2 } });
    // The built-in pack of the area is turned off, so a drill of the area holds these two questions.
    expect(await api(server, 'setPackEnabled', { packId: `mldrill-${UNTRUSTED_AREA}`, enabled: false })).toMatchObject({ ok: true });

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

    await page.goto(server.url);
    await homeReady(page);
    // The token leaves the address bar at start; from here on the URL must never change.
    const home = page.url();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));

    // Drill the area: both questions, answered, graded, reviewed with the outline open, saved.
    await startDrill(page, { areas: [UNTRUSTED_AREA], count: 2 });
    const seen: string[] = [];
    for (;;) {
      const id = await skipUntil(page, UNTRUSTED_IDS);
      if (!id) break;
      seen.push(id);
      const prompt = page.locator('main.drill .prompt');
      await expect(prompt).toContainText('Untrusted');
      await expectInert(page, 'main.drill .prompt');
      await expect(prompt.locator('.md-image').first()).toBeVisible(); // ![beacon image](…) is a placeholder
      await expect(prompt.locator('.md-link-disabled').first()).toBeVisible();
      if (id === UNTRUSTED_IDS[0]) {
        // Script links are plain text: clicking one does nothing.
        await prompt.getByText('js link', { exact: true }).click();
        await prompt.getByText('entity link', { exact: true }).click();
        await prompt.getByText('mixed case link', { exact: true }).click();
        // The one http link asks first, naming the host it really goes to (not the name before the @); declined.
        await prompt.getByRole('link', { name: 'userinfo link' }).click();
        await expect.poll(() => dialogs.length).toBe(1);
        expect(dialogs[0]).toMatch(new RegExp(`^Open a page on 127\\.0\\.0\\.1:${beacon.port}\\?\\n\\nhttp://trusted\\.example@127\\.0\\.0\\.1:${beacon.port}/userinfo\\n\\n`));
        expect(dialogs[0]).toContain('This link hides its destination behind “trusted.example@”');
      }
      const at = await position(page);
      await page.getByLabel('Your answer', { exact: true }).fill('alpha: an answer that names the first keyword.');
      await page.getByRole('button', { name: /Finish and grade/ }).click();
      // Plain-text fields show the markup as the text it is.
      const firstItem = page.locator('.checklist li').first();
      await expect(firstItem).toBeVisible();
      if (id === UNTRUSTED_IDS[0]) await expect(firstItem).toContainText('<img src=x onerror="window.__pwned=1">');
      await expectInert(page, '.checklist');
      await page.locator('.checklist input[type="checkbox"]').first().check();
      await rateAll(page, 2);
      await page.getByRole('button', { name: /Submit grading/ }).click();
      await expect(page.locator('.pitfalls li').first()).toBeVisible();
      if (id === UNTRUSTED_IDS[0]) {
        await expect(page.locator('.pitfalls li').nth(2)).toHaveText('<script>window.__pwned=1</script>');
        await expect(page.locator('.followups li').first()).toHaveText('[js link](javascript:window.__pwned=1)');
      }
      await expectInert(page, '.review-cards');
      await page.getByText('Outline of a strong answer').click();
      await expect(page.locator('.outline-body')).toContainText('Untrusted');
      await expectInert(page, '.outline-body');
      await page.getByRole('button', { name: /Save and (next|finish)/ }).click();
      if ((await afterSave(page, at)) === 'summary') break;
    }
    expect([...seen].sort()).toEqual([...UNTRUSTED_IDS].sort());

    // The summary shows each prompt's first paragraph as Markdown.
    await expect(page.getByRole('heading', { name: 'Drill complete' })).toBeVisible();
    await expectInert(page, 'main.summary');
    await page.getByRole('button', { name: 'Back to Home' }).click();
    await homeReady(page);

    // The Packs screen shows the pack's title (and whatever else it shows of it).
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Packs' }).click();
    await expect(page.locator('main.packs')).toContainText('Untrusted');
    await expectInert(page, 'main.packs');

    // My questions: the export list shows the pack's prompts; the form's preview renders the same payloads.
    await openMyQuestions(page);
    await page.getByRole('button', { name: 'Export a selection…' }).click();
    await page.locator('section.selection').getByRole('group', { name: /^Packs/ }).getByLabel(new RegExp(`\\(${UNTRUSTED_PACK_ID}\\)$`)).check();
    await expect(page.locator('.selection-list li')).toHaveCount(2);
    await expect(page.locator('.selection-list')).toContainText('Untrusted prompt.');
    await expectInert(page, 'section.selection');
    await page.getByRole('button', { name: '← My questions' }).click();
    await page.getByRole('button', { name: 'New question' }).click();
    const md = markdownPayloads(BEACON);
    const html = htmlPayloads(BEACON);
    await page.getByLabel('Prompt').fill(`Untrusted authored prompt. ${md.join(' ')}\n\n${html.slice(0, 8).join('\n')}`);
    await page.getByLabel('Outline of a strong answer (optional)').fill(`Untrusted authored outline.\n\n${md.join('\n\n')}\n\n${html.join('\n\n')}`);
    await page.getByLabel('Pitfall 1', { exact: true }).fill(html[0]!);
    const previewPane = '[data-testid="question-preview"]';
    await expect(page.locator(`${previewPane} .prompt`)).toContainText('Untrusted authored prompt.');
    await expect(page.locator(`${previewPane} .outline-body`)).toContainText('Untrusted authored outline.');
    await expect(page.locator(`${previewPane} .pitfalls li`)).toHaveText(html[0]!);
    await expectInert(page, previewPane);
    // Leaving by the header's navigation keeps the draft and asks nothing.
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Practice' }).click();
    await homeReady(page);

    // Nothing ran, loaded, navigated or opened. A meta refresh or a late image would need a moment: give it one.
    await page.waitForTimeout(750);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), 'no CSP violation: nothing even tried to load').toEqual([]);
    expect(beacon.hits, 'requests to the beacon').toEqual([]);
    expect(foreign, 'requests anywhere but the app').toEqual([]);
    expect(navigations, 'navigations').toEqual([]);
    expect(page.url()).toBe(home);
    expect(page.frames(), 'frames').toHaveLength(1);
    expect(popups, 'windows opened').toEqual([]);
    expect(dialogs, 'dialogs: only the link confirmation the test asked for').toHaveLength(1);
  } finally {
    await beacon.close();
  }
});
