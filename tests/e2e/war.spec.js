// The war around the routes (issue 21): what Japan held agrees with the data month by month,
// a held city's card opens from the map, each chapter sets its month and frame, a chapter link
// restores it, Back steps back, and the page stays axe-clean with the story open.
import { test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { openMap, nextFrame, expect } from './helpers.js';

const occupied = JSON.parse(readFileSync(new URL('../../geodata/occupied.geojson', import.meta.url), 'utf8'));
const chaptersFile = JSON.parse(readFileSync(new URL('../../geodata/chapters.json', import.meta.url), 'utf8'));
const held = (id) => occupied.features.find((f) => f.id === id).properties;
const monthBefore = (ym, k = 1) => {
  const [y, m] = ym.split('-').map(Number);
  const i = y * 12 + m - 1 - k;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const api = (page, fn, arg) => page.evaluate(fn, arg);
const occupiedAt = (page, month) => api(page, (m) => {
  window.supplyRoutes.map.setDate(m);
  return window.supplyRoutes.map.occupied();
}, month);

test('map.occupied() agrees with the data: a city is not held the month before it fell, and is the month after', async ({ page }) => {
  const problems = await openMap(page);
  expect(await api(page, () => window.supplyRoutes.map.occupied())).toBeNull();
  for (const id of ['tsinan', 'nanking', 'canton', 'hankow', 'ichang', 'hong-kong']) {
    const { since } = held(id);
    const before = await occupiedAt(page, monthBefore(since));
    expect(before.places.map((p) => p.id), `${id} before ${since}`).not.toContain(id);
    const after = await occupiedAt(page, monthBefore(since, -1));
    const place = after.places.find((p) => p.id === id);
    expect(place, `${id} after ${since}`).toBeTruthy();
    expect(place.since).toBe(since);
    expect(place.sources).toEqual(held(id).sources);
  }
  // Nanning: held from its fall in 1939-11 through 1940-10 (inclusive), free, then taken again.
  const ids = async (m) => (await occupiedAt(page, m)).places.map((p) => p.id);
  expect(await ids('1939-10')).not.toContain('nanning');
  expect(await ids('1939-11')).toContain('nanning');
  expect(await ids('1940-10')).toContain('nanning');
  expect(await ids('1940-11')).not.toContain('nanning');
  expect(await ids('1944-11')).toContain('nanning-1944');
  // The blockade: the August line alone in 1937-08, the September one after; areas and lines.
  const aug = await occupiedAt(page, '1937-08');
  expect(aug.lines.filter((l) => l.kind === 'blockade').map((l) => l.id)).toEqual(['blockade-1937-08']);
  const sep1940 = await occupiedAt(page, '1940-09');
  expect(sep1940.areas.map((a) => a.id)).toEqual(expect.arrayContaining(['manchukuo', 'korea', 'tonkin']));
  expect(sep1940.areas.every((a) => a.approximate)).toBe(true);
  expect(sep1940.lines.find((l) => l.id === 'rail-shanghai-nanking').coordinates.length).toBeGreaterThan(2);
  // In the panel's language.
  await api(page, () => window.supplyRoutes.map.setLanguage('zh'));
  const zh = await occupiedAt(page, '1938-11');
  expect(zh.places.find((p) => p.id === 'canton').name).toBe(held('canton').name.zh);
  await api(page, () => window.supplyRoutes.map.setDate(null));
  expect(await api(page, () => window.supplyRoutes.map.occupied())).toBeNull();
  expect(problems).toEqual([]);
});

test('a tap on a held city opens its card: when it fell, its sources', async ({ page }) => {
  const problems = await openMap(page);
  await api(page, () => window.supplyRoutes.map.setDate('1938-06'));
  await api(page, () => window.supplyRoutes.map.setView({ center: [116.5, 36.5], zoom: 4 }));
  await nextFrame(page);
  const at = await api(page, () => {
    const map = window.supplyRoutes.map;
    const canvas = document.getElementById('map');
    for (const p of map.occupied().places) {
      const xy = map.project(p.coordinates);
      if (!xy) continue;
      const [x, y] = xy.map(Math.round);
      if (x < 30 || y < 30 || x > innerWidth - 30 || y > innerHeight - 30) continue;
      if (document.elementFromPoint(x, y) !== canvas || map.pick(x, y)) continue;
      return { id: p.id, x, y };
    }
    return null;
  });
  expect(at).not.toBeNull();
  await page.mouse.click(at.x, at.y);
  const panel = page.locator('#panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('h2')).toHaveText(held(at.id).name.en);
  await expect(panel.locator('.dates')).toContainText('Taken in');
  await expect(panel.locator('.sources li')).toHaveCount(held(at.id).sources.length);
  // The card follows the language.
  await api(page, () => window.supplyRoutes.map.setLanguage('ru'));
  await expect(panel.locator('h2')).toHaveText(held(at.id).name.ru);
  expect(problems).toEqual([]);
});

test('each chapter sets its month and frames its routes clear of the cards', async ({ page }) => {
  const problems = await openMap(page);
  await page.emulateMedia({ reducedMotion: 'reduce' }); // a cut: the frame is there at once
  const chapters = await api(page, () => window.supplyRoutes.map.chapters());
  expect(chapters.map((c) => c.id)).toEqual(chaptersFile.chapters.map((c) => c.id));
  for (const [i, c] of chapters.entries()) {
    expect(await api(page, (id) => window.supplyRoutes.map.openChapter(id), c.id)).toBe(true);
    await nextFrame(page);
    expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe(c.id);
    expect(await api(page, () => window.supplyRoutes.map.date())).toBe(c.month);
    await expect(page.locator('#chapter-card h2')).toHaveText(c.title);
    await expect(page.locator('#chapter-card .count')).toHaveText(`${i + 1} / ${chapters.length}`);
    // The frame's corners and its routes' vertices are on screen, outside every card.
    const outside = await api(page, ({ routes, frame }) => {
      const map = window.supplyRoutes.map;
      const cards = [...document.querySelectorAll('.card:not([hidden])')].map((n) => n.getBoundingClientRect()).filter((r) => r.width);
      const points = map.routes().filter((r) => routes.includes(r.id)).flatMap((r) => r.legs.flatMap((l) => l.coordinates));
      const [w, s, e, n] = frame;
      points.push([(w + e) / 2, (s + n) / 2]);
      return points.filter((p) => {
        const [x, y] = map.project(p);
        const hidden = cards.some((r) => x > r.left && x < r.right && y > r.top && y < r.bottom);
        return hidden || x < 0 || y < 0 || x > innerWidth || y > innerHeight;
      });
    }, chaptersFile.chapters[i]);
    expect(outside, c.id).toEqual([]);
  }
  // Previous and Next, the arrow keys and Esc.
  await page.locator('#chapter-card [data-step="-1"]').click();
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe(chapters.at(-2).id);
  await page.keyboard.press('ArrowRight');
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe(chapters.at(-1).id);
  await page.keyboard.press('Escape');
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBeNull();
  await expect(page.locator('#chapter-card')).toBeHidden();
  expect(await api(page, (id) => window.supplyRoutes.map.openChapter(id), 'no-such-chapter')).toBe(false);
  expect(problems).toEqual([]);
});

test('the 1945 chapter frames Manchuria and labels the three fronts', async ({ page }) => {
  await openMap(page);
  const seen = [];
  await api(page, () => { window.__chapters = []; window.supplyRoutes.map.on('chapter', (id) => window.__chapters.push(id)); });
  await page.locator('#story-button').click();
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe(chaptersFile.chapters[0].id);
  await api(page, () => window.supplyRoutes.map.openChapter('manchuria-1945'));
  await page.waitForTimeout(1300); // the eased transition
  const labels = chaptersFile.chapters.find((c) => c.id === 'manchuria-1945').labels;
  for (const l of labels) {
    const [x, y] = await api(page, (c) => window.supplyRoutes.map.project(c), l.coordinates);
    expect(x > 0 && y > 0 && x < 1280 && y < 800, l.id).toBe(true);
  }
  seen.push(...await api(page, () => window.__chapters));
  expect(seen).toEqual([chaptersFile.chapters[0].id, 'manchuria-1945']);
});

test('a chapter link restores the chapter, with its language; Back returns to the one before', async ({ page }) => {
  const problems = await openMap(page, '/#chapter=burma-road&lang=ru');
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe('burma-road');
  expect(await api(page, () => window.supplyRoutes.map.date())).toBe('1938-12');
  const ru = chaptersFile.chapters.find((c) => c.id === 'burma-road').title.ru;
  await expect(page.locator('#chapter-card h2')).toHaveText(ru);
  await page.locator('#chapter-card [data-step="1"]').click();
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe('nanning');
  expect(page.url()).toContain('chapter=nanning');
  await page.goBack();
  await expect.poll(() => api(page, () => window.supplyRoutes.map.chapter())).toBe('burma-road');
  expect(problems).toEqual([]);
});

test('axe-core finds no serious or critical violation with a chapter and a held city open', async ({ page }) => {
  await openMap(page, '/#chapter=canton-hankow');
  await expect(page.locator('#chapter-card')).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
});

test('the kiosk\'s attract loop steps through the chapters, each with its title as the caption', async ({ page }) => {
  await page.route('**/kiosk.json', (r) => r.fulfill({ json: { kiosk: true, attract: { startSeconds: 0.2, routeSeconds: 2, playSeconds: 2 } } }));
  const problems = await openMap(page, '/?kiosk&idle=1&countdown=1');
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 5000 });
  for (const c of chaptersFile.chapters.slice(0, 3)) {
    await expect.poll(() => api(page, () => window.supplyRoutes.map.chapter()), { timeout: 5000, intervals: [100] }).toBe(c.id);
    await expect(page.locator('#kiosk-caption h2')).toHaveText(c.title.en);
    expect(await api(page, () => window.supplyRoutes.map.date())).toBe(c.month);
  }
  expect(problems).toEqual([]);
});

test('map.load() reads the war with a set, and a set without it shows none and no Story button', async ({ page }) => {
  const problems = await openMap(page);
  expect((await api(page, () => window.supplyRoutes.map.load('data/'))).ok).toBe(true);
  expect(await api(page, () => window.supplyRoutes.map.chapters().length)).toBe(chaptersFile.chapters.length);
  expect((await occupiedAt(page, '1938-11')).places.map((p) => p.id)).toContain('canton');
  const bare = await api(page, async () => {
    const get = (n) => fetch(`data/${n}`).then((r) => r.text());
    const [routes, places, sources] = await Promise.all(['routes.geojson', 'places.geojson', 'sources.json'].map(get));
    return window.supplyRoutes.map.load({ routes, places, sources });
  });
  expect(bare.ok).toBe(true);
  expect(await api(page, () => window.supplyRoutes.map.chapters())).toEqual([]);
  await expect(page.locator('#story-button')).toBeHidden();
  expect(await api(page, () => window.supplyRoutes.map.openChapter('burma-road'))).toBe(false);
  expect(problems).toEqual([]);
});
