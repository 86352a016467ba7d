/**
 * How the app looks, where looks are measurable: the theme a user chose is on screen before any data arrives, and
 * the edges of controls and the text stay readable in both themes (WCAG 1.4.11: 3:1 for control boundaries and focus
 * rings, 1.4.3: 4.5:1 for text). Colours are read from the page as the browser computed them, so a token changed in
 * styles.css that breaks a ratio fails here.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { homeReady } from './steps';

type Rgb = [number, number, number];

/** WCAG 2.x relative luminance of an sRGB colour (0–255 channels). */
function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2.x contrast ratio of two opaque colours. */
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * In the page: the colours of one element as they end up on screen. Each CSS colour (rgb(), color-mix() results,
 * anything) is painted on a 1×1 canvas over the element's ancestors' backgrounds, so translucent layers composite
 * the way they are drawn. `outside` is what surrounds the element (what its border and focus ring sit on), `inside`
 * its own background (what its text sits on).
 */
const SAMPLE = `((selector) => {
  const el = document.querySelector(selector);
  if (!el) throw new Error('no element for ' + selector);
  const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  const ancestors = [];
  for (let n = el.parentElement; n; n = n.parentElement) ancestors.unshift(n);
  const s = getComputedStyle(el);
  const over = (layers) => {
    ctx.clearRect(0, 0, 1, 1);
    for (const c of ['#ffffff', ...ancestors.map((n) => getComputedStyle(n).backgroundColor), ...layers]) {
      ctx.fillStyle = c;
      ctx.fillRect(0, 0, 1, 1);
    }
    return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  };
  return {
    outside: over([]),
    inside: over([s.backgroundColor]),
    border: over([s.borderTopColor]),
    borderStyle: s.borderTopStyle,
    text: over([s.backgroundColor, s.color]),
    outline: over([s.outlineColor]),
    outlineStyle: s.outlineStyle,
    outlineWidth: parseFloat(s.outlineWidth),
  };
})`;

interface Sample {
  outside: Rgb;
  inside: Rgb;
  border: Rgb;
  borderStyle: string;
  text: Rgb;
  outline: Rgb;
  outlineStyle: string;
  outlineWidth: number;
}

const sample = (page: Page, selector: string) => page.evaluate<Sample>(`${SAMPLE}(${JSON.stringify(selector)})`);

const rootLook = (page: Page) =>
  page.evaluate<{ theme: string | null; scheme: string; body: string; html: string; ready: boolean }>(`(() => ({
    theme: document.documentElement.getAttribute('data-theme'),
    scheme: getComputedStyle(document.documentElement).colorScheme,
    body: getComputedStyle(document.body).backgroundColor,
    html: getComputedStyle(document.documentElement).backgroundColor,
    ready: document.querySelector('main.home[data-ready="true"]') !== null,
  }))()`);

const rgbOf = (css: string): Rgb => {
  const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  if (m[4] !== undefined && Number(m[4]) < 1) throw new Error(`translucent, so not yet the theme's background: ${css}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
};

/** Holds every /api/getHome response until `release()`, so the page can be looked at before its data arrives. */
async function holdHome(page: Page) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/getHome', async (route) => {
    await held;
    await route.continue();
  });
  // Once released, the handler lets every later call through at once (a later hold registers a newer handler).
  return { release };
}

/** Chooses a theme in the header, as a user does, and waits until it is applied and remembered. */
async function chooseTheme(page: Page, theme: 'system' | 'light' | 'dark') {
  await page.getByLabel('Theme').selectOption(theme);
  await expect(page.locator(`html[data-theme="${theme}"]`)).toBeAttached();
  await expect.poll(() => page.evaluate<string | null>(`localStorage.getItem('mldrill.theme')`)).toBe(theme);
}

/** Reloads with Home's data held back and returns how the page looks at DOMContentLoaded, before React has data. */
async function lookBeforeData(page: Page) {
  const hold = await holdHome(page);
  await page.reload({ waitUntil: 'domcontentloaded' });
  // The stylesheet is render-blocking, so nothing is painted before it applies: wait for it, not for the data.
  await expect.poll(async () => (await rootLook(page)).body).not.toBe('rgba(0, 0, 0, 0)');
  const look = await rootLook(page);
  expect(look.ready, 'Home must still be waiting for its data').toBe(false);
  hold.release();
  return look;
}

test.describe('the chosen theme is on screen from the first paint', () => {
  test('dark stored, light system: the page is dark before Home has its data', async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(server.url);
    await homeReady(page);
    await chooseTheme(page, 'dark');
    const darkBg = rgbOf(await page.evaluate<string>(`getComputedStyle(document.body).backgroundColor`));

    const look = await lookBeforeData(page);
    expect(look.theme).toBe('dark');
    expect(look.scheme).toBe('dark');
    expect(rgbOf(look.body)).toEqual(darkBg);
    // The root carries the background itself, so nothing light shows around or under the body either.
    expect(rgbOf(look.html)).toEqual(darkBg);
    expect(luminance(darkBg)).toBeLessThan(0.05);
    await homeReady(page);
  });

  test('light stored, dark system: the page is light before Home has its data', async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(server.url);
    await homeReady(page);
    await chooseTheme(page, 'light');
    const look = await lookBeforeData(page);
    expect(look.scheme).toBe('light');
    expect(luminance(rgbOf(look.body))).toBeGreaterThan(0.8);
    expect(rgbOf(look.html)).toEqual(rgbOf(look.body));
  });

  test('system follows prefers-color-scheme before Home has its data, both ways', async ({ page, server }) => {
    await page.goto(server.url);
    await homeReady(page);
    await chooseTheme(page, 'system');
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await lookBeforeData(page);
    expect(dark.scheme).toBe('dark');
    expect(luminance(rgbOf(dark.body))).toBeLessThan(0.05);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await lookBeforeData(page);
    expect(light.scheme).toBe('light');
    expect(luminance(rgbOf(light.body))).toBeGreaterThan(0.8);
  });
});

const CASES = [
  { setting: 'light', system: 'dark', scheme: 'light' },
  { setting: 'dark', system: 'light', scheme: 'dark' },
  { setting: 'system', system: 'light', scheme: 'light' },
  { setting: 'system', system: 'dark', scheme: 'dark' },
] as const;

for (const c of CASES) {
  test(`theme ${c.setting} on a ${c.system} system: control edges and focus rings ≥ 3:1, text ≥ 4.5:1`, async ({ page, server }) => {
    await page.emulateMedia({ colorScheme: c.system });
    await page.goto(server.url);
    await homeReady(page);
    await chooseTheme(page, c.setting);
    expect((await rootLook(page)).scheme).toBe(c.scheme);
    const failures: string[] = [];
    const atLeast = (what: string, a: Rgb, b: Rgb, min: number) => {
      const r = contrast(a, b);
      if (r < min) failures.push(`${what}: ${r.toFixed(2)}:1 (rgb ${a.join(',')} on rgb ${b.join(',')}), needs ${min}:1`);
    };

    // The edges of controls, against what surrounds them and against their own fill.
    const controls = {
      'area card': 'label[data-area="vision"]',
      'Questions input': 'main.home input[type="number"]',
      'Level select': 'main.home .options select',
      'Select all button': 'main.home .areas button',
      'Theme select': '.app-header select',
    };
    for (const [name, selector] of Object.entries(controls)) {
      const s = await sample(page, selector);
      expect(s.borderStyle, `${name} has a border`).toBe('solid');
      atLeast(`${name} border / surroundings`, s.border, s.outside, 3);
      atLeast(`${name} border / own fill`, s.border, s.inside, 3);
      atLeast(`${name} text`, s.text, s.inside, 4.5);
    }

    // Text, muted text included.
    atLeast('muted area figures', (await sample(page, '[data-testid="figures-vision"]')).text, (await sample(page, 'label[data-area="vision"]')).inside, 4.5);
    const hint = await sample(page, '#count-hint');
    atLeast('muted hint line', hint.text, hint.outside, 4.5);
    const title = await sample(page, '.app-header h1');
    atLeast('header title', title.text, title.outside, 4.5);

    // Focus rings: an input focused from the keyboard, and an area card reached with Tab.
    await page.getByLabel('Questions').focus();
    const field = await sample(page, 'main.home input[type="number"]');
    expect(field.outlineStyle).toBe('solid');
    expect(field.outlineWidth).toBeGreaterThanOrEqual(2);
    atLeast('focus ring on the Questions input', field.outline, field.outside, 3);
    await page.getByRole('button', { name: 'Clear' }).focus();
    await page.keyboard.press('Tab');
    await expect(page.locator('label[data-area] input').first()).toBeFocused();
    const card = await sample(page, 'label[data-area]:has(input:focus-visible)');
    expect(card.outlineStyle).toBe('solid');
    expect(card.outlineWidth).toBeGreaterThanOrEqual(2);
    atLeast('focus ring round the area card', card.outline, card.outside, 3);

    // A chosen card keeps its readable text and a clear edge.
    await page.locator('label[data-area="vision"] input').check();
    const chosen = await sample(page, 'label[data-area="vision"]');
    atLeast('chosen card border / surroundings', chosen.border, chosen.outside, 3);
    atLeast('chosen card title', chosen.text, chosen.inside, 4.5);

    expect(failures).toEqual([]);
  });
}

test('area cards are equally tall, with the figures and bars of a row on one line', async ({ page, server }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(server.url);
  await homeReady(page);
  const boxes = await page.evaluate<{ top: number; height: number; figures: number; bar: number }[]>(`
    [...document.querySelectorAll('label[data-area]')].map((card) => {
      const r = card.getBoundingClientRect();
      return { top: Math.round(r.top), height: Math.round(r.height),
        figures: Math.round(card.querySelector('.area-figures').getBoundingClientRect().bottom - r.top),
        bar: Math.round(card.querySelector('.bar').getBoundingClientRect().bottom - r.top) };
    })`);
  expect(boxes.length).toBeGreaterThan(4);
  const rows = new Map<number, typeof boxes>();
  for (const b of boxes) rows.set(b.top, [...(rows.get(b.top) ?? []), b]);
  expect(rows.size, 'the cards sit in more than one row').toBeGreaterThan(1);
  // Rows are equal too (grid-auto-rows: 1fr), so a long title in one row does not make the grid uneven.
  expect(new Set(boxes.map((b) => b.height)).size, `heights ${boxes.map((b) => b.height)}`).toBe(1);
  for (const row of rows.values()) {
    expect(new Set(row.map((b) => b.height)).size, `heights ${row.map((b) => b.height)}`).toBe(1);
    expect(new Set(row.map((b) => b.figures)).size, `figures ${row.map((b) => b.figures)}`).toBe(1);
    expect(new Set(row.map((b) => b.bar)).size, `bars ${row.map((b) => b.bar)}`).toBe(1);
  }
});
