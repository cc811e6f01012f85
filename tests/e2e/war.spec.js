// The war around the routes (issue 21): what Japan held agrees with the data month by month,
// a held city's card opens from the map, each chapter sets its month and frame, a chapter link
// restores it, Back steps back, and the page stays axe-clean with the story open. The review's
// fixes: the period's labels never cover a place's name, a held city on a route opens its own
// card, a chapter's highlight outlives a hover, a chapter card lists its sources, and the kiosk
// gives a chapter's link as a QR code.
import { test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { openMap, nextFrame, canvasDigest, expect } from './helpers.js';

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
  // The three fronts are named on the map, clear of the place names (the core places them).
  const { states, places } = await drawnLabels(page);
  const fronts = states.filter((s) => s.kind === 'front');
  expect(fronts.map((f) => f.name).sort()).toEqual(labels.map((l) => l.name.en).sort());
  for (const f of fronts) for (const p of places) expect(overlaps(f.box, p.box), `${f.name} over ${p.name}`).toBe(false);
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

const overlaps = (a, b) => a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
/// The period's labels and the place names drawn in the last frame, and the pairs that overlap.
const drawnLabels = (page) => api(page, () => {
  const map = window.supplyRoutes.map;
  return { states: map.occupied()?.states ?? [], places: map.labels() };
});

for (const [name, viewport] of [['web', { width: 1280, height: 800 }], ['phone', { width: 360, height: 640 }]]) {
  test(`${name}: no period label covers a place name, at three months and in three chapters`, async ({ page }) => {
    await page.setViewportSize(viewport);
    const problems = await openMap(page);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const views = [...['1938-11', '1941-12', '1945-08'].map((m) => ({ month: m })),
      ...['canton-hankow', 'burma-road-closed', 'manchuria-1945'].map((c) => ({ chapter: c }))];
    let named = 0;
    for (const v of views) {
      if (v.chapter) await api(page, (id) => window.supplyRoutes.map.openChapter(id), v.chapter);
      else await api(page, (m) => { window.supplyRoutes.map.leaveChapter(); window.supplyRoutes.map.setDate(m); }, v.month);
      await nextFrame(page);
      const { states, places } = await drawnLabels(page);
      named += states.length;
      for (const s of states) {
        for (const p of places) expect(overlaps(s.box, p.box), `${JSON.stringify(v)}: ${s.name} over ${p.name}`).toBe(false);
        expect(s.box[0] >= 0 && s.box[1] >= 0 && s.box[0] + s.box[2] <= viewport.width, `${s.name} on the canvas`).toBe(true);
      }
      for (const [i, a] of states.entries()) for (const b of states.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
    }
    expect(named, 'the period is named at all').toBeGreaterThan(views.length);
    expect(problems).toEqual([]);
  });
}

test('a tap on a held city that lies on a route opens the city\'s card; the line beside it selects the route', async ({ page }) => {
  const problems = await openMap(page);
  // Canton, on the Hong Kong-Hankow railway, held from October 1938 (its event no longer shown).
  await api(page, () => window.supplyRoutes.map.setDate('1939-06'));
  await api(page, () => window.supplyRoutes.map.setView({ center: [113.5, 23.6], zoom: 5 }));
  await nextFrame(page);
  const at = await api(page, (c) => {
    const map = window.supplyRoutes.map;
    const [x, y] = map.project(c).map(Math.round);
    return { x, y, route: map.pick(x, y) };
  }, occupied.features.find((f) => f.id === 'canton').geometry.coordinates);
  expect(at.route, 'the city lies on a route').toBeTruthy();
  await page.mouse.click(at.x, at.y);
  const panel = page.locator('#panel');
  await expect(panel.locator('.dates')).toHaveAttribute('data-held', 'canton');
  await expect(panel.locator('h2')).toHaveText(held('canton').name.en);
  expect(await api(page, () => window.supplyRoutes.map.selected())).toBeNull();
  // Along the railway, clear of every held city's mark: the route.
  const line = await api(page, ({ route, cities }) => {
    const map = window.supplyRoutes.map;
    const marks = cities.map((c) => map.project(c)).filter(Boolean);
    for (const leg of map.routes().find((r) => r.id === route).legs) {
      for (const [a, b] of leg.coordinates.slice(1).map((c, i) => [leg.coordinates[i], c])) {
        for (let k = 0; k <= 8; k++) {
          const p = map.project([a[0] + ((b[0] - a[0]) * k) / 8, a[1] + ((b[1] - a[1]) * k) / 8]);
          if (!p) continue;
          const [x, y] = p.map(Math.round);
          if (x < 60 || y < 60 || x > innerWidth - 60 || y > innerHeight - 200) continue;
          if (marks.some(([u, v]) => Math.hypot(u - x, v - y) < 20)) continue;
          if (document.elementFromPoint(x, y) !== document.getElementById('map')) continue;
          if (map.pick(x, y) === route && !map.pickEvent(x, y)) return [x, y];
        }
      }
    }
    return null;
  }, { route: at.route, cities: occupied.features.filter((f) => f.properties.kind === 'city').map((f) => f.geometry.coordinates) });
  expect(line).not.toBeNull();
  await page.mouse.click(...line);
  await expect.poll(() => api(page, () => window.supplyRoutes.map.selected())).toBe(at.route);
  expect(problems).toEqual([]);
});

test('a chapter\'s routes stay lifted while the mouse moves over the map, until a route is selected', async ({ page }) => {
  const problems = await openMap(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await api(page, () => window.supplyRoutes.map.openChapter('burma-road-closed'));
  await nextFrame(page);
  await nextFrame(page);
  const lifted = await canvasDigest(page);
  // An empty spot of the map: no route, no event, no card.
  const empty = await api(page, () => {
    const map = window.supplyRoutes.map;
    const canvas = document.getElementById('map');
    for (let y = 80; y < innerHeight - 80; y += 23) {
      for (let x = 80; x < innerWidth - 80; x += 29) {
        if (document.elementFromPoint(x, y) === canvas && !map.pick(x, y) && !map.pickEvent(x, y)) return [x, y];
      }
    }
    return null;
  });
  expect(empty).not.toBeNull();
  await page.mouse.move(...empty);
  await page.mouse.move(empty[0] + 5, empty[1] + 3);
  await nextFrame(page);
  expect(await canvasDigest(page), 'the same drawing after a hover over nothing').toBe(lifted);
  // A selection ends the chapter's highlight.
  await api(page, () => window.supplyRoutes.map.select('burma-road'));
  await page.mouse.move(...empty);
  await nextFrame(page);
  await api(page, () => window.supplyRoutes.map.select(null));
  await page.mouse.move(empty[0] + 5, empty[1] + 3);
  await nextFrame(page);
  expect(await canvasDigest(page)).not.toBe(lifted);
  expect(problems).toEqual([]);
});

test('a chapter card lists its sources in the panel\'s language, one line that opens onto the list', async ({ page }) => {
  const problems = await openMap(page);
  const interfaceText = (lang) => JSON.parse(readFileSync(new URL(`../../geodata/interface/${lang}.json`, import.meta.url), 'utf8'));
  for (const c of chaptersFile.chapters.slice(0, 4)) {
    await api(page, (id) => window.supplyRoutes.map.openChapter(id), c.id);
    const box = page.locator('#chapter-card details.chapter-sources');
    await expect(box.locator('summary')).toContainText(`${interfaceText('en').sources}:`);
    await expect(box.locator('.sources li')).toHaveCount(c.sources.length);
    await expect(box.locator('.sources li').first()).toBeHidden();
    await box.locator('summary').click();
    await expect(box.locator('.sources li').first()).toBeVisible();
    expect(await box.locator('.sources li').evaluateAll((l) => l.map((n) => n.dataset.source))).toEqual(c.sources);
  }
  // In Chinese, the line and the notes follow (the open list stays open).
  await api(page, () => window.supplyRoutes.map.setLanguage('zh'));
  const box = page.locator('#chapter-card details.chapter-sources');
  await expect(box.locator('summary')).toContainText(`${interfaceText('zh').sources}:`);
  await expect(box.locator('.sources li').first()).toBeVisible();
  expect(problems).toEqual([]);
});

test('the kiosk shows an open chapter\'s link as a QR code that restores the chapter', async ({ page, browser }) => {
  const problems = await openMap(page, '/?kiosk&idle=600');
  const qr = page.locator('#kiosk-qr-code');
  await expect(qr).toBeHidden();
  await api(page, () => window.supplyRoutes.map.openChapter('canton-hankow'));
  await expect(qr).toBeVisible();
  await expect(page.locator('#kiosk-qr p')).toHaveText(JSON.parse(readFileSync(new URL('../../geodata/interface/en.json', import.meta.url), 'utf8')).kioskTakeHomeChapter);
  const box = await qr.boundingBox();
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(35 * 3.78);
  // Clear of the chapter card and the timeline.
  for (const sel of ['#chapter-card', '#timeline']) {
    const other = await page.locator(sel).boundingBox();
    expect(overlaps([box.x, box.y, box.width, box.height], [other.x, other.y, other.width, other.height]), sel).toBe(false);
  }
  const read = () => api(page, () => {
    const c = document.getElementById('kiosk-qr-code');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    return { w: d.width, h: d.height, data: Array.from(d.data) };
  });
  const decode = async () => { const { w, h, data } = await read(); return jsQR(Uint8ClampedArray.from(data), w, h)?.data ?? null; };
  const link = await decode();
  expect(new URLSearchParams(new URL(link).hash.slice(1)).get('chapter')).toBe('canton-hankow');
  await api(page, () => window.supplyRoutes.map.openChapter('burma-road'));
  await expect.poll(decode).toContain('chapter=burma-road');
  // On a phone the link opens the chapter.
  const phone = await browser.newPage({ viewport: { width: 360, height: 640 } });
  await openMap(phone, (await decode()).replace(new URL(link).origin, ''));
  expect(await api(phone, () => window.supplyRoutes.map.chapter())).toBe('burma-road');
  await phone.close();
  // Leaving the story: no code.
  await api(page, () => window.supplyRoutes.map.leaveChapter());
  await expect(qr).toBeHidden();
  expect(problems).toEqual([]);
});

test('a kiosk opened on a chapter link frames the chapter, not the overview', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const problems = await openMap(page, '/?kiosk&idle=600#chapter=before-the-war');
  expect(await api(page, () => window.supplyRoutes.map.chapter())).toBe('before-the-war');
  const frame = chaptersFile.chapters.find((c) => c.id === 'before-the-war').frame;
  // The frame's centre is on screen and clear of every card (the overview put it behind one).
  const hidden = await api(page, ([w, s, e, n]) => {
    const [x, y] = window.supplyRoutes.map.project([(w + e) / 2, (s + n) / 2]);
    const cards = [...document.querySelectorAll('.card:not([hidden])')].map((c) => c.getBoundingClientRect()).filter((r) => r.width);
    return x < 0 || y < 0 || x > innerWidth || y > innerHeight || cards.some((r) => x > r.left && x < r.right && y > r.top && y < r.bottom);
  }, frame);
  expect(hidden).toBe(false);
  expect(problems).toEqual([]);
});

test('phone: the war\'s key folds to one line, and opens on a tap', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 640 });
  const problems = await openMap(page, '/#date=1941-12');
  const key = page.locator('#war-legend');
  await expect(key).toBeVisible();
  expect(await key.evaluate((n) => n.open)).toBe(false);
  const folded = (await key.boundingBox()).height;
  expect(folded).toBeLessThan(64);
  await key.locator('summary').click();
  expect(await key.evaluate((n) => n.open)).toBe(true);
  await expect(key.locator('ul li')).toHaveCount(4);
  // The visitor's choice holds across a new month.
  await api(page, () => window.supplyRoutes.map.setDate('1942-03'));
  expect(await key.evaluate((n) => n.open)).toBe(true);
  expect(problems).toEqual([]);
});
