// Issue 24: the map names what the visitor looks at (a framed route's ends, the month's event
// places, the cities of August 1945), never under a card, and draws no place's dot or past
// event's mark without its name. Through the public API (map.labels()) and the canvas.
import { test } from '@playwright/test';
import { openMap, expect } from './helpers.js';

/// The canvas rectangles the cards, buttons and language buttons cover, CSS px.
function covers(page) {
  return page.evaluate(() => {
    const c = document.getElementById('map').getBoundingClientRect();
    return [...document.querySelectorAll('.card:not([hidden]), .map-controls, .languages')]
      .map((n) => n.getBoundingClientRect())
      .filter((r) => r.width && r.height)
      .map((r) => [r.left - c.left, r.top - c.top, r.width, r.height]);
  });
}

const overlap = ([ax, ay, aw, ah], [bx, by, bw, bh]) => ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah;

/// The places named now, after the frame the link asked for: {id: label}.
async function named(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => Object.fromEntries(window.supplyRoutes.map.labels().map((l) => [l.id, l])));
}

/// Each of `ids` is named, its label on the canvas and under no card.
async function expectNamed(page, ids, what) {
  const labels = await named(page);
  const cards = await covers(page);
  const size = await page.evaluate(() => [document.getElementById('map').clientWidth, document.getElementById('map').clientHeight]);
  for (const id of ids) {
    const l = labels[id];
    expect(l, `${what}: ${id} is named (named: ${Object.keys(labels).join(', ')})`).toBeTruthy();
    const [x, y, w, h] = l.box;
    expect(x >= 0 && y >= 0 && x + w <= size[0] && y + h <= size[1], `${what}: ${id}'s name on the canvas`).toBe(true);
    for (const card of cards) expect(overlap(l.box, card), `${what}: ${id}'s name under a card ${card}`).toBe(false);
  }
}

// The web page at each project's size, and the kiosk at its screen's.
for (const [path, label] of [['/', 'web'], ['/?kiosk', 'kiosk']]) {
  test.describe(label, () => {
    if (label === 'kiosk') test.use({ viewport: { width: 1920, height: 1080 } });

    test('the Hong Kong railway in November 1938 names Hong Kong, Canton and Hankow', async ({ page }) => {
      await openMap(page, `${path}#route=hong-kong-railway&date=1938-11`);
      await expectNamed(page, ['hong-kong', 'canton', 'hankow'], label);
    });

    test('in August 1945 the cities the offensive took are named', async ({ page }) => {
      await openMap(page, `${path}#lang=ru&date=1945-08`);
      await expectNamed(page, ['harbin', 'tsitsihar', 'mukden', 'changchun', 'port-arthur'], label);
      const labels = await named(page);
      expect(labels.harbin.name).toBe('Харбин');
    });
  });
}

test('on a phone a selected route names its two ends above the sheet', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true });
  const page = await context.newPage();
  await openMap(page, '/#lang=zh&route=burma-road&date=1940-07');
  await expectNamed(page, ['rangoon', 'chungking'], 'phone');
  await context.close();
});

test('a highlighted event names its place beside its mark, not under it', async ({ page }) => {
  await openMap(page, '/#route=hong-kong-railway&date=1938-11');
  const labels = await named(page);
  const canton = await page.evaluate(() => window.supplyRoutes.map.project([113.27, 23.13])); // the event's point
  const mark = [canton[0] - 11, canton[1] - 11, 22, 22]; // the box a tap opens it from
  for (const l of Object.values(labels)) expect(overlap(l.box, mark), `${l.id} over Canton's mark`).toBe(false);
  expect(Math.hypot(labels.canton.x - canton[0], labels.canton.y - canton[1])).toBeLessThan(1);
});

for (const hash of ['date=1945-08', 'route=hong-kong-railway&date=1938-11', 'date=1941-06']) {
  test(`no dot or past event's mark without its name (${hash})`, async ({ page }) => {
    await openMap(page, `/#${hash}`);
    const labels = Object.values(await named(page));
    const cards = await covers(page);
    // Every place and every event point on the canvas, away from the labels (and their dots),
    // the cards and the highlighted events' marks drawn over everything.
    const found = await page.evaluate(async ({ labels, cards }) => {
      const map = window.supplyRoutes.map;
      const places = (await (await fetch('data/places.geojson')).json()).features.map((f) => f.geometry.coordinates);
      const events = map.events();
      const points = [...places, ...events.flatMap((e) => e.places)];
      const highlighted = events.filter((e) => e.active).flatMap((e) => e.places).map((p) => map.project(p));
      const canvas = document.getElementById('map');
      const g = canvas.getContext('2d');
      const k = canvas.width / canvas.clientWidth;
      const near = (p, q, d) => Math.hypot(p[0] - q[0], p[1] - q[1]) < d;
      const inBox = ([x, y], [bx, by, bw, bh], m) => x > bx - m && x < bx + bw + m && y > by - m && y < by + bh + m;
      const out = [];
      for (const c of points) {
        const p = map.project(c);
        if (!p || p[0] < 8 || p[1] < 8 || p[0] > canvas.clientWidth - 8 || p[1] > canvas.clientHeight - 8) continue;
        if (labels.some((l) => near(p, [l.x, l.y], 12) || inBox(p, l.box, 6))) continue;
        if (cards.some((r) => inBox(p, r, 8)) || highlighted.some((h) => near(p, h, 16))) continue;
        const [r, gr, b] = g.getImageData(Math.round(p[0] * k), Math.round(p[1] * k), 1, 1).data;
        const is = (hex) => [0, 2, 4].every((i, j) => Math.abs(parseInt(hex.slice(1 + i, 3 + i), 16) - [r, gr, b][j]) <= 8);
        if (is('#1f1d1a') || is('#7a6a58')) out.push({ at: c, rgb: [r, gr, b] });
      }
      return out;
    }, { labels, cards });
    expect(found, 'an unnamed dot or past mark').toEqual([]);
  });
}
