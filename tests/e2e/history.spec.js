// Text a visitor reads standing up, in the panel's language (issue 19): every route and event
// opens on a first layer of at most 70 words in each language (counted by the core's own
// word_count), with the legs, notes and sources one tap away behind "More"; a Chinese or
// Russian panel shows no English text of ours; weak sources say so.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openMap } from './helpers.js';
import { shipped } from './names.js';
import { initSync, word_count as wordCount } from '../../www/pkg/supply_routes.js';

initSync({ module: readFileSync(new URL('../../www/pkg/supply_routes_bg.wasm', import.meta.url)) });

const FIRST_LAYER_WORDS = 70;
const LANGUAGES = ['en', 'zh', 'ru'];

/// Every route id and event id of the shipped set.
const ids = (page) => page.evaluate(() => {
  const map = window.supplyRoutes.map;
  return { routes: map.routes().map((r) => r.id), events: map.events().map((e) => e.id) };
});

/// Opens route or event `id` in the panel.
async function open(page, kind, id) {
  await page.evaluate(([k, x]) => (k === 'route' ? window.supplyRoutes.map.select(x) : window.supplyRoutes.map.openEvent(x)), [kind, id]);
  await expect(page.locator('#panel')).toBeVisible();
}

/// The text the panel shows and a visitor reads, element by element: visible text, without the
/// sources' own titles (a publication's title stays in its language) and the More button.
const shownText = (page, scope) => page.evaluate((scope) => {
  const root = document.querySelector(scope);
  const out = [];
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (!el || !el.checkVisibility() || el.closest('.sources li > span, .figures cite, .key-figure cite, button.more')) continue;
    out.push(walk.currentNode.textContent);
  }
  return out.join('\n');
}, scope);

test('every route and event opens on a first layer of at most 70 words in each language; More shows the legs and sources', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'the panel is the same; the kiosk test below checks More on the touch screen');
  test.setTimeout(120_000);
  await openMap(page);
  const { routes, events } = await ids(page);
  const counts = [];
  for (const lang of LANGUAGES) {
    await page.evaluate((l) => window.supplyRoutes.map.setLanguage(l), lang);
    for (const [kind, list] of [['route', routes], ['event', events]]) {
      for (const id of list) {
        await open(page, kind, id);
        const more = page.locator('#panel button.more');
        await expect(more).toHaveAttribute('aria-expanded', 'false');
        await expect(page.locator('#panel .more-layer')).toBeHidden();
        const words = wordCount(await shownText(page, '#panel .first-layer'));
        counts.push([words, `${kind} ${id} (${lang})`]);
        expect(words, `${kind} ${id} (${lang}): first layer`).toBeLessThanOrEqual(FIRST_LAYER_WORDS);
        expect(words, `${kind} ${id} (${lang}): a first layer at all`).toBeGreaterThan(5);

        const d = await page.evaluate(([k, x]) => (k === 'route' ? window.supplyRoutes.map.details(x)
          : window.supplyRoutes.map.events().find((e) => e.id === x)), [kind, id]);
        await more.click();
        await expect(more).toHaveAttribute('aria-expanded', 'true');
        await expect(page.locator('#panel .more-layer')).toBeVisible();
        await expect(page.locator('#panel .more-layer .sources > li')).toHaveCount(d.sources.length);
        for (const li of await page.locator('#panel .more-layer .sources > li').all()) await expect(li).toBeVisible();
        if (kind === 'route') {
          await expect(page.locator('#panel .more-layer .legs > li')).toHaveCount(d.legs.length);
          for (const leg of d.legs) {
            const row = page.locator(`#panel .more-layer [data-leg="${leg.id}"]`);
            await expect(row).toBeVisible();
            if (leg.note) await expect(row.locator('.leg-note')).toHaveText(leg.note);
          }
        }
        await more.click();
        await expect(more).toHaveAttribute('aria-expanded', 'false');
        await expect(page.locator('#panel .more-layer')).toBeHidden();
      }
    }
  }
  counts.sort((a, b) => b[0] - a[0]);
  console.log(`longest first layers: ${counts.slice(0, 3).map(([w, what]) => `${what} ${w.toFixed(0)}`).join(', ')}`);
});

test('the second layer stays open while the panel shows the same route, and a new one starts closed', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'once is enough');
  await openMap(page);
  await open(page, 'route', 'burma-road');
  await page.locator('#panel button.more').click();
  // A new date and a new language redraw the panel: the visitor's choice holds.
  await page.evaluate(() => window.supplyRoutes.map.setDate('1940-08'));
  await page.evaluate(() => window.supplyRoutes.map.setLanguage('ru'));
  await expect(page.locator('#panel button.more')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#panel button.more')).toHaveText('Свернуть');
  await expect(page.locator('#panel .more-layer')).toBeVisible();
  await open(page, 'route', 'air-route');
  await expect(page.locator('#panel button.more')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('#panel button.more')).toHaveText('Подробнее');
  // Closed and opened again: the first layer.
  await open(page, 'route', 'burma-road');
  await page.locator('#panel button.more').click();
  await page.locator('#panel-close').click();
  await open(page, 'route', 'burma-road');
  await expect(page.locator('#panel .more-layer')).toBeHidden();
});

test('on the kiosk, More is a target of the kiosk\'s size and opens the second layer by touch', async ({ page }, testInfo) => {
  test.skip(!testInfo.project.use.hasTouch, 'the kiosk is a touch screen');
  await openMap(page, '/?kiosk&idle=600');
  await open(page, 'route', 'burma-road');
  const more = page.locator('#panel button.more');
  const target = await page.evaluate(() => parseFloat(getComputedStyle(document.body).getPropertyValue('--t')) || 76);
  const box = await more.boundingBox();
  expect(box.height).toBeGreaterThanOrEqual(target - 0.5);
  expect(box.width).toBeGreaterThanOrEqual(target - 0.5);
  expect(parseFloat(await more.evaluate((b) => getComputedStyle(b).fontSize))).toBeGreaterThanOrEqual(24);
  await more.tap();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#panel .more-layer .legs')).toBeVisible();
});

// ---------------------------------------------------------------------------------------------
// No English text of ours in a Chinese or Russian panel.

/// What a visitor may read in Latin script in a Chinese or Russian panel, taken out before the
/// check: quoted words of a publication, an address, a name in brackets ("(Harry Ching)").
const QUOTED = /“[^”]*”|«[^»]*»|"[^"]*"|‘[^’]*’/g;
const ADDRESS = /[\w-]+(?:\.[\w-]+)+(?:\/\S*)?/g;
const BRACKETED = /[（(]([A-Za-z0-9 .,'’&/-]+)[）)]/g;
const latinWords = (s) => s.split(/[^A-Za-z0-9'’-]+/).filter((w) => /^[A-Za-z][A-Za-z'’-]*$/.test(w));

/// The English of ours in `shown` (a Chinese or Russian panel's text): `titles` (the sources'
/// own titles, which stay in their language) and the exceptions above are taken out; what is
/// left may not hold a lowercase Latin word, nor three words in a row of any English text of
/// ours (`english`, from the data).
function englishOfOurs(shown, titles, english) {
  let rest = shown;
  for (const title of [...titles].sort((a, b) => b.length - a.length)) rest = rest.split(title).join(' ');
  rest = rest.replace(QUOTED, ' ').replace(ADDRESS, ' ')
    .replace(BRACKETED, (all, inner) => (latinWords(inner).length <= 3 ? ' ' : all));
  const found = new Set();
  for (const line of rest.split('\n')) {
    const words = latinWords(line);
    for (const w of words) if (w.length > 1 && w[0] === w[0].toLowerCase()) found.add(`"${w}" in "${line.trim()}"`);
    const runs = new Set(words.slice(2).map((w, i) => `${words[i]} ${words[i + 1]} ${w}`.toLowerCase()));
    for (const text of english) {
      const e = latinWords(text).map((w) => w.toLowerCase());
      for (let i = 0; i + 2 < e.length; i++) {
        const run = `${e[i]} ${e[i + 1]} ${e[i + 2]}`;
        if (runs.has(run)) found.add(`"${run}" of "${text}" in "${line.trim()}"`);
      }
    }
  }
  return [...found];
}

/// Every text of ours in English (routes, legs, published lengths, figures, events, source
/// notes) and, in `lang`, every source's title, from the core.
const textsOf = (page, lang) => page.evaluate((lang) => {
  const map = window.supplyRoutes.map;
  const english = [];
  const titles = new Set();
  for (const [code, keep] of [['en', (s) => s && english.push(s)], [lang, null]]) {
    map.setLanguage(code);
    for (const r of map.routes()) {
      const d = map.details(r.id);
      if (keep) {
        [d.summary, d.periodNote, d.closed].forEach(keep);
        for (const l of d.legs) [l.via, l.note, ...l.documented.flatMap((x) => [x.note, x.covers])].forEach(keep);
        for (const x of d.documented) [x.note, x.covers].forEach(keep);
        for (const f of d.figures) [f.text, f.note].forEach(keep);
        for (const s of d.sources) if (s.note && s.note.includes(' ')) keep(s.note);
      } else {
        for (const s of d.sources) titles.add(s.title);
        for (const x of [...d.documented, ...d.legs.flatMap((l) => l.documented)]) titles.add(x.sourceTitle);
      }
    }
    for (const e of map.events()) {
      if (keep) {
        [e.title, e.text, e.note, e.placeNote, e.dateText, ...e.figures.flatMap((f) => [f.text, f.note])].forEach(keep);
        for (const s of e.sources) if (s.note && s.note.includes(' ')) keep(s.note);
      } else for (const s of e.sources) titles.add(s.title);
    }
  }
  return { english, titles: [...titles] };
}, lang);

/// The English of ours in every route panel and event card in `lang`, second layer open.
async function englishInPanels(page, lang, only = null) {
  const { english, titles } = await textsOf(page, lang);
  expect(english.length).toBeGreaterThan(200);
  const { routes, events } = await ids(page);
  const found = [];
  for (const [kind, list] of [['route', routes], ['event', events]]) {
    for (const id of list) {
      if (only && !only.includes(id)) continue;
      await open(page, kind, id);
      await page.locator('#panel button.more').click();
      for (const f of englishOfOurs(await shownText(page, '#panel-body'), titles, english)) found.push(`${kind} ${id}: ${f}`);
    }
  }
  return found;
}

for (const lang of ['zh', 'ru']) {
  test(`a ${lang === 'zh' ? 'Chinese' : 'Russian'} route panel or event card shows no English text of ours`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.use.hasTouch, 'the same panels as with a mouse');
    test.setTimeout(120_000);
    await openMap(page, `/#lang=${lang}`);
    expect(await englishInPanels(page, lang)).toEqual([]);
  });
}

test('the English check finds a note left in English', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'once is enough');
  // The Yunnan railway's method note and GeoNames' source note, left in English in Chinese.
  const english = async (name, edit) => page.route(shipped(`data/${name}`), async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    edit(json);
    await route.fulfill({ response: res, body: JSON.stringify(json) });
  });
  await english('routes.geojson', (fc) => {
    const l1 = fc.features.find((f) => f.properties.id === 'L1').properties;
    l1.note.zh = l1.note.en;
  });
  await english('sources.json', (s) => { s.GEONAMES.noteText.zh = s.GEONAMES.noteText.en; });
  await openMap(page, '/#lang=zh');
  const found = await englishInPanels(page, 'zh', ['yunnan-vietnam-railway']);
  expect(found.some((f) => f.includes('Metre gauge. The map joins'))).toBe(true);
  expect(found.some((f) => f.includes('Positions of towns and stations'))).toBe(true);
});

test('weak sources are labelled weak, in every language', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'once is enough');
  await openMap(page);
  const labels = { en: 'Weak source', zh: '史料较弱', ru: 'Слабый источник' };
  for (const lang of LANGUAGES) {
    await page.evaluate((l) => window.supplyRoutes.map.setLanguage(l), lang);
    for (const [kind, id] of [['route', 'burma-road'], ['route', 'air-route'], ['event', 'rangoon-falls']]) {
      const sources = await page.evaluate(([k, x]) => (k === 'route' ? window.supplyRoutes.map.details(x)
        : window.supplyRoutes.map.events().find((e) => e.id === x)).sources, [kind, id]);
      expect(sources.some((s) => s.weak), `${id} cites a weak source`).toBe(true);
      await open(page, kind, id);
      await page.locator('#panel button.more').click();
      for (const s of sources) {
        const label = page.locator(`#panel .sources > li[data-source="${s.tag}"] .weak`);
        if (s.weak) await expect(label, `${s.tag} (${lang})`).toHaveText(labels[lang]);
        else await expect(label, `${s.tag} (${lang})`).toHaveCount(0);
      }
    }
  }
});
