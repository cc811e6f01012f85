// Languages are data (issue 20): with the pseudo-locale en-XA (scripts/pseudo-locale.mjs, made
// from English and served here through page.route, so nothing of it ships), every string the page
// shows is pseudo-text, from the interface files and from the geodata alike, so none is written
// into the code; its longer texts fit their cards at a desktop, a laptop and a phone; and a
// language's interface file is fetched only when that language is chosen.
import { test } from '@playwright/test';
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writePseudoSet, PSEUDO } from '../../scripts/pseudo-locale.mjs';
import { openMap, nextFrame, cardProblems, expect } from './helpers.js';

const REPO = new URL('../..', import.meta.url).pathname;
let pseudoDir;
test.beforeAll(() => {
  pseudoDir = mkdtempSync(join(tmpdir(), 'supply-routes-pseudo-'));
  writePseudoSet(join(REPO, 'geodata'), pseudoDir);
});
test.afterAll(() => rmSync(pseudoDir, { recursive: true, force: true }));

/// Serves the pseudo set's files in place of the shipped ones (under their plain or hashed names).
async function servePseudo(page) {
  await page.route(/\/data\/((?:interface\/)?[\w-]+?)(?:\.[0-9a-f]{8,})?\.(geojson|json)$/, (route) => {
    const [, name, ext] = new URL(route.request().url()).pathname.match(/\/data\/((?:interface\/)?[\w-]+?)(?:\.[0-9a-f]{8,})?\.(geojson|json)$/);
    const file = join(pseudoDir, `${name}.${ext}`);
    if (!existsSync(file)) return route.continue();
    return route.fulfill({ path: file, contentType: 'application/json; charset=utf-8' });
  });
}

/// The sources' own words (titles, authors, publishers, addresses), which a citation keeps in its
/// original language: every plain string of sources.json, longest first.
const citations = () => {
  const sources = JSON.parse(readFileSync(join(REPO, 'geodata/sources.json'), 'utf8'));
  const words = Object.values(sources).flatMap((s) => Object.values(s).flat().filter((v) => typeof v === 'string' && v.length > 2));
  return [...new Set(words)].sort((a, b) => b.length - a.length);
};

/// The page's visible texts and accessible names that are not pseudo-text: a plain Latin letter
/// outside brackets' accented words. Left out: the language buttons (each language's own name),
/// bibliographic citations (their original language), and what Intl writes for en-XA, which has
/// no pseudo data of its own (month names, "Nov 1938"; compact numbers, "15.2M").
const notPseudo = (page) => page.evaluate((cited) => {
  const months = new Set();
  for (let m = 0; m < 12; m++) {
    for (const month of ['short', 'long']) months.add(new Intl.DateTimeFormat('en', { month, timeZone: 'UTC' }).format(new Date(Date.UTC(2000, m, 1))));
  }
  // A citation may be cut short in a one-line list ("Paul D. Barclay, “Japanese Empire in Ta…"):
  // the longest start of one (8 characters or more) that ends at an ellipsis goes with it.
  const uncut = (s) => {
    for (let i = s.lastIndexOf('…'); i >= 0; i = s.lastIndexOf('…', i - 1)) {
      let k = 0;
      for (const c of cited) for (let n = Math.min(c.length, i); n > k && n >= 8; n--) if (c.startsWith(s.slice(i - n, i))) { k = n; break; }
      if (k) s = s.slice(0, i - k) + s.slice(i + 1);
      i -= k;
      if (i <= 0) break;
    }
    return s;
  };
  const uncited = (s) => cited.reduce((t, c) => t.replaceAll(c, ''), uncut(s));
  const plain = (s) => uncited(s).replace(/(\d)[KMBT]\b/g, '$1').replace(/[A-Za-z]+/g, (w) => (months.has(w) ? '' : w)).match(/[A-Za-z]/);
  const skip = (el) => el.closest('#languages, cite, .sources, [hidden]');
  const bad = new Set();
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    const text = walk.currentNode.textContent.trim();
    if (!el || !text || skip(el) || !el.checkVisibility()) continue;
    if (plain(text)) bad.add(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}: ${text.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll('[aria-label], [title]')) {
    if (skip(el) || !el.checkVisibility()) continue;
    for (const s of [el.getAttribute('aria-label'), el.title]) if (s && plain(s)) bad.add(`${el.tagName.toLowerCase()}#${el.id} name: ${s.slice(0, 80)}`);
  }
  if (plain(document.title)) bad.add(`title: ${document.title}`);
  // The canvas: the places named in the last frame, and what the war's layer names.
  for (const l of window.supplyRoutes.map.labels()) if (plain(l.name)) bad.add(`canvas label: ${l.name}`);
  const held = window.supplyRoutes.map.occupied();
  for (const x of [...(held?.places ?? []), ...(held?.lines ?? []), ...(held?.areas ?? [])]) if (x.name && plain(x.name)) bad.add(`held: ${x.name}`);
  return [...bad];
}, citations());

async function openPseudo(page, hash = '') {
  await servePseudo(page);
  const problems = await openMap(page, `/#lang=${PSEUDO}${hash}`);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.language)).toBe(PSEUDO);
  await nextFrame(page);
  return problems;
}

test('with en-XA every text on the page is pseudo-text: interface, legend, timeline, panel, events, chapters, canvas', async ({ page }) => {
  const problems = await openPseudo(page, '&date=1938-11');
  expect(await page.evaluate(() => window.supplyRoutes.map.language())).toBe(PSEUDO);
  expect(await page.locator(`#languages button[data-lang="${PSEUDO}"]`)).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => window.supplyRoutes.map.labels().length)).toBeGreaterThan(3);
  expect(await notPseudo(page), 'the map at 1938-11').toEqual([]);
  // A route's panel with its second layer open.
  await page.evaluate(() => window.supplyRoutes.map.select('burma-road'));
  await page.locator('#panel button[aria-expanded]').first().click();
  await nextFrame(page);
  expect(await notPseudo(page), 'a route, More open').toEqual([]);
  // An event's card, and the events list.
  const event = await page.evaluate(() => window.supplyRoutes.map.events().find((e) => e.active)?.id);
  await page.evaluate((id) => window.supplyRoutes.map.openEvent(id), event);
  await nextFrame(page);
  expect(await notPseudo(page), `the event ${event}`).toEqual([]);
  await page.locator('#events-button').click();
  await nextFrame(page);
  expect(await notPseudo(page), 'the events list').toEqual([]);
  // A chapter of the story.
  const chapter = await page.evaluate(() => window.supplyRoutes.map.chapters()[1]?.id);
  await page.evaluate((id) => window.supplyRoutes.map.openChapter(id), chapter);
  await nextFrame(page);
  expect(await notPseudo(page), `the chapter ${chapter}`).toEqual([]);
  // The map's own texts come from the set: their pseudo-text reached the core.
  const name = await page.evaluate(() => window.supplyRoutes.map.routes()[0].name);
  expect(name).toMatch(/^\[.*\]$/);
  // The check finds English: the same page switched back to it.
  await page.evaluate(() => window.supplyRoutes.map.setLanguage('en'));
  await expect.poll(() => notPseudo(page).then((bad) => bad.length)).toBeGreaterThan(10);
  expect(problems).toEqual([]);
});

test('the kiosk\'s dialogs and captions are pseudo-text in en-XA', async ({ page }, testInfo) => {
  test.skip(!testInfo.project.use.hasTouch, 'the kiosk is a touch screen (the touch project, 1920×1080)');
  await servePseudo(page);
  await openMap(page, `/?kiosk&idle=2&countdown=30#lang=${PSEUDO}`);
  await expect.poll(() => page.evaluate(() => document.documentElement.dataset.language)).toBe(PSEUDO);
  await expect(page.locator('#kiosk-countdown')).toBeVisible({ timeout: 6000 });
  expect(await notPseudo(page), 'the countdown').toEqual([]);
  // Every text the kiosk made, shown or not (the problem alert, the attract loop's caption).
  const kiosk = await page.evaluate(() => [...document.querySelectorAll('[id^="kiosk-"]')].map((el) => el.textContent.trim()).filter(Boolean));
  expect(kiosk.length).toBeGreaterThan(2);
  for (const text of kiosk) expect(text.replace(/[\d\s]/g, '')).not.toMatch(/[A-Za-z]/);
});

for (const [width, height] of [[1920, 1080], [1280, 800], [360, 640]]) {
  test(`en-XA's longer texts fit: no card overflows or overlaps another at ${width}×${height}`, async ({ browser }, testInfo) => {
    test.skip(testInfo.project.use.hasTouch, 'its own viewport: once is enough');
    const context = await browser.newContext({ viewport: { width, height }, hasTouch: width < 600 });
    const page = await context.newPage();
    await openPseudo(page, '&date=1938-11');
    const cards = ['.title-card', '#legend', '#timeline', '#panel', '.map-controls'];
    const overflow = () => page.evaluate((selectors) => {
      const out = [];
      for (const sel of selectors) {
        const el = document.querySelector(sel);
        if (!el || el.hidden || getComputedStyle(el).display === 'none') continue;
        const r = el.getBoundingClientRect();
        if (r.left < -1 || r.top < -1 || r.right > innerWidth + 1 || r.bottom > innerHeight + 1) out.push(`${sel} leaves the screen: ${[r.left, r.top, r.right, r.bottom].map(Math.round)}`);
        // Nothing runs out of the card sideways, unless a row that scrolls sideways holds it.
        for (const child of el.querySelectorAll('*')) {
          if (!child.checkVisibility() || child.closest('.visually-hidden')) continue;
          let scrolls = false;
          for (let a = child.parentElement; a && a !== el.parentElement && !scrolls; a = a.parentElement) scrolls = ['auto', 'scroll'].includes(getComputedStyle(a).overflowX);
          const c = child.getBoundingClientRect();
          if (!scrolls && c.width && (c.left < r.left - 1 || c.right > r.right + 1)) out.push(`${sel} ${child.tagName.toLowerCase()}.${child.className} runs out of it: ${[c.left, c.right].map(Math.round)} of ${[r.left, r.right].map(Math.round)}`);
        }
        // Text cut off sideways inside a card that does not scroll.
        for (const child of el.querySelectorAll('*')) {
          if (!child.checkVisibility() || child.closest('.visually-hidden') || child.scrollWidth <= child.clientWidth + 1) continue;
          const style = getComputedStyle(child);
          if (['auto', 'scroll'].includes(style.overflowX) || child.closest('.counters, .active-events, input')) continue;
          if (style.overflowX === 'hidden' || style.textOverflow === 'ellipsis') out.push(`${sel} ${child.tagName.toLowerCase()}.${child.className} cuts its text`);
        }
      }
      return out;
    }, cards);
    for (const step of ['map', 'route', 'event']) {
      if (step === 'route') await page.evaluate(() => window.supplyRoutes.map.select('burma-road'));
      if (step === 'event') await page.evaluate(() => window.supplyRoutes.map.openEvent(window.supplyRoutes.map.events().find((e) => e.active).id));
      await nextFrame(page);
      expect(await cardProblems(page, width < 600 ? ['#panel', '#timeline', '.title-card'] : cards), step).toEqual([]);
      expect(await overflow(), step).toEqual([]);
    }
    await context.close();
  });
}

test('an English page asks for no other language\'s interface file; choosing one asks for it and its fonts', async ({ page }) => {
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await openMap(page);
  const interfaceFiles = () => asked.filter((p) => p.includes('/interface/')).map((p) => p.split('/').pop().split('.')[0]);
  expect(interfaceFiles()).toEqual(['en']);
  expect(asked.some((p) => p.includes('noto-sans-sc'))).toBe(false);
  await page.locator('#languages button[data-lang="zh"]').click();
  await expect.poll(interfaceFiles).toEqual(['en', 'zh']);
  await expect.poll(() => asked.some((p) => p.includes('noto-sans-sc'))).toBe(true);
  await expect(page.locator('.title-card h1')).toHaveText(/[\u4e00-\u9fff]/);
  expect(asked.filter((p) => p.includes('/interface/ru'))).toEqual([]);
});

test('a key missing from a language\'s file shows the first language\'s text, never a blank', async ({ page }) => {
  await page.route(/\/data\/interface\/ru(\.[0-9a-f]{8,})?\.json$/, async (route) => {
    const res = await route.fetch();
    const texts = await res.json();
    delete texts.title;
    delete texts['mode.sea'];
    await route.fulfill({ response: res, json: texts });
  });
  await openMap(page, '/#lang=ru');
  await expect(page.locator('.title-card h1')).toHaveText('Supply Routes');
  await expect(page.locator('.title-card .subtitle')).toHaveText(/Как советская помощь/);
  expect(await page.locator('#modes li').allTextContents()).toContain('By sea');
});

test('a set map.load() reads from a folder that declares one language more offers it, with its own interface file', async ({ page }) => {
  // The pseudo set as a folder of files: nothing of the page knows en-XA.
  await page.route(/\/pseudo-set\/([\w./-]+)$/, (route) => {
    const file = join(pseudoDir, new URL(route.request().url()).pathname.split('/pseudo-set/')[1]);
    return existsSync(file) ? route.fulfill({ path: file, contentType: 'application/json; charset=utf-8' }) : route.fulfill({ status: 404 });
  });
  const problems = await openMap(page);
  await expect(page.locator(`#languages button[data-lang="${PSEUDO}"]`)).toHaveCount(0);
  expect(await page.evaluate(() => window.supplyRoutes.map.load('pseudo-set/'))).toEqual({ ok: true, errors: [] });
  await page.locator(`#languages button[data-lang="${PSEUDO}"]`).click();
  await expect(page.locator('.title-card h1')).toHaveText(/^\[Š/);
  expect(await page.evaluate(() => window.supplyRoutes.map.routes()[0].name)).toMatch(/^\[.*\]$/);
  expect(await notPseudo(page)).toEqual([]);
  expect(problems).toEqual([]);
});
