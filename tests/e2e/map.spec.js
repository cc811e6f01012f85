// The map as a visitor uses it: it loads cleanly, every route answers a tap with its details,
// and the view follows drags, wheels, pinches and keys.
import { test } from '@playwright/test';
import { openMap, tappablePoint, formatKm, canvasDigest, view, nextFrame, expect } from './helpers.js';

const tapAt = async (page, testInfo, [x, y]) => {
  if (testInfo.project.use.hasTouch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
};

test('the page loads with no console error and draws land, routes and labels', async ({ page }) => {
  const problems = await openMap(page);
  const routes = await page.evaluate(() => window.supplyRoutes.map.routes());
  expect(routes.length).toBeGreaterThanOrEqual(10);
  for (const r of routes) {
    expect(r.lengthKm).toBeGreaterThan(0);
    expect(r.legs.length).toBeGreaterThan(0);
    for (const l of r.legs) expect(['sea', 'rail', 'road', 'air']).toContain(l.mode);
  }
  // Land colour and a route colour are both on the canvas.
  const colours = await page.evaluate(() => {
    const c = document.getElementById('map');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const count = (r, g, b) => { let n = 0; for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 12) n++; return n; };
    return { land: count(0xf3, 0xee, 0xe2), road: count(0xb2, 0x3a, 0x1b), sea: count(0x1d, 0x5c, 0x96) };
  });
  expect(colours.land).toBeGreaterThan(10_000);
  expect(colours.road).toBeGreaterThan(50);
  expect(colours.sea).toBeGreaterThan(50);
  await expect(page.locator('#route-list button')).toHaveCount(routes.length);
  expect(problems).toEqual([]);
});

test('every route can be tapped on its line and the panel shows its name and total', async ({ page }, testInfo) => {
  const problems = await openMap(page);
  const routes = await page.evaluate(() => window.supplyRoutes.map.routes());
  for (const route of routes) {
    const point = await tappablePoint(page, route.id);
    expect(point, `a tappable point on ${route.id}`).not.toBeNull();
    await tapAt(page, testInfo, point);
    await expect(page.locator('#panel')).toBeVisible();
    await expect(page.locator('#panel h2')).toHaveText(route.name);
    await expect(page.locator('#panel [data-total]')).toContainText(formatKm(route.lengthKm));
    await expect(page.locator('#panel .legs li')).toHaveCount(route.legs.length);
    expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBe(route.id);
    await page.keyboard.press('Escape');
    await expect(page.locator('#panel')).toBeHidden();
    expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBeNull();
  }
  expect(problems).toEqual([]);
});

test('the API selects, reports and closes; select events fire', async ({ page }) => {
  await openMap(page);
  const result = await page.evaluate(async () => {
    const map = await window.supplyRoutes.ready;
    const seen = [];
    map.on('select', (id) => seen.push(id));
    const ok = map.select('northwest-highway');
    const after = map.selected();
    const unknown = map.select('no-such-route');
    map.select(null);
    return { ok, after, unknown, seen, final: map.selected() };
  });
  expect(result).toEqual({ ok: true, after: 'northwest-highway', unknown: false, seen: ['northwest-highway', null], final: null });
});

test('a leg in the panel shows the geodesic length the core computed', async ({ page }) => {
  await openMap(page);
  const route = await page.evaluate(() => window.supplyRoutes.map.routes().find((r) => r.id === 'northwest-highway'));
  await page.evaluate(() => window.supplyRoutes.map.select('northwest-highway'));
  const rows = page.locator('#panel .legs li');
  for (let i = 0; i < route.legs.length; i++) {
    await expect(rows.nth(i).locator('.length')).toHaveText(formatKm(route.legs[i].lengthKm));
    await expect(rows.nth(i).locator('.where')).toContainText(route.legs[i].from);
  }
  const sum = route.legs.reduce((s, l) => s + l.lengthKm, 0);
  expect(Math.abs(sum - route.lengthKm)).toBeLessThan(1e-6);
});

test('the close button clears the selection', async ({ page }) => {
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.select('air-route'));
  await page.locator('#panel-close').click();
  await expect(page.locator('#panel')).toBeHidden();
  expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBeNull();
});

test('dragging pans and the wheel zooms about the cursor', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'mouse gestures');
  await openMap(page);
  const before = await view(page);
  await page.mouse.move(640, 400);
  await page.mouse.down();
  await page.mouse.move(540, 350, { steps: 5 });
  await page.mouse.up();
  const panned = await view(page);
  expect(panned.zoom).toBeCloseTo(before.zoom, 9);
  expect(panned.center[0]).toBeGreaterThan(before.center[0]); // content moved left: we look further east
  expect(panned.center[1]).toBeLessThan(before.center[1]);    // content moved up: we look further south
  expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBeNull(); // a drag is not a tap

  const anchor = await page.evaluate(() => window.supplyRoutes.map.project([103.83, 36.06]));
  await page.mouse.move(anchor[0], anchor[1]);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(100);
  const zoomed = await view(page);
  expect(zoomed.zoom).toBeGreaterThan(panned.zoom * 1.2);
  const still = await page.evaluate(() => window.supplyRoutes.map.project([103.83, 36.06]));
  expect(Math.hypot(still[0] - anchor[0], still[1] - anchor[1])).toBeLessThan(1);
});

test('a two-finger pinch zooms about the fingers and a drag pans', async ({ page }, testInfo) => {
  test.skip(!testInfo.project.use.hasTouch, 'touch gestures');
  await openMap(page);
  const before = await view(page);
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  const [cx, cy] = [900, 500];
  await touch('touchStart', [[cx - 60, cy], [cx + 60, cy]]);
  for (let s = 1; s <= 10; s++) await touch('touchMove', [[cx - 60 - 12 * s, cy], [cx + 60 + 12 * s, cy]]);
  await touch('touchEnd', []);
  const pinched = await view(page);
  // The fingers spread from 120 px to 360 px apart: three times the zoom.
  expect(pinched.zoom / before.zoom).toBeCloseTo(3, 1);

  await touch('touchStart', [[800, 500]]);
  for (let s = 1; s <= 5; s++) await touch('touchMove', [[800 + 20 * s, 500]]);
  await touch('touchEnd', []);
  const dragged = await view(page);
  expect(dragged.center[0]).toBeLessThan(pinched.center[0]);
  expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBeNull();
});

test('keyboard: + and − zoom, arrows pan, Esc closes', async ({ page }) => {
  await openMap(page);
  await page.locator('#map').focus();
  const z0 = (await view(page)).zoom;
  await page.keyboard.press('+');
  const z1 = (await view(page)).zoom;
  expect(z1).toBeCloseTo(z0 * 1.5, 6);
  await page.keyboard.press('-');
  expect((await view(page)).zoom).toBeCloseTo(z0, 6);
  await page.keyboard.press('+');
  const c0 = (await view(page)).center;
  await page.keyboard.press('ArrowRight');
  expect((await view(page)).center[0]).toBeGreaterThan(c0[0]);
  await nextFrame(page);
  const digest = await canvasDigest(page);
  await page.keyboard.press('ArrowUp');
  await nextFrame(page);
  expect(await canvasDigest(page)).not.toBe(digest);
});

test('setView and view round-trip, and project follows the view', async ({ page }) => {
  await openMap(page);
  const v = await page.evaluate(() => window.supplyRoutes.map.setView({ center: [102.7, 25.04], zoom: 6 }));
  expect(v.center[0]).toBeCloseTo(102.7, 6);
  expect(v.center[1]).toBeCloseTo(25.04, 6);
  expect(v.zoom).toBe(6);
  const p = await page.evaluate(() => window.supplyRoutes.map.project([102.7, 25.04]));
  const size = page.viewportSize();
  expect(p[0]).toBeCloseTo(size.width / 2, 6);
  expect(p[1]).toBeCloseTo(size.height / 2, 6);
});

test('the canvas is sharp on high-DPI screens', async ({ browser }) => {
  const context = await browser.newContext({ deviceScaleFactor: 2, viewport: { width: 900, height: 700 } });
  const page = await context.newPage();
  await openMap(page);
  const size = await page.evaluate(() => { const c = document.getElementById('map'); return [c.width, c.height, c.clientWidth, c.clientHeight]; });
  expect(size).toEqual([1800, 1400, 900, 700]);
  await context.close();
});

test('choosing a route from the list frames it beside the panel', async ({ page }) => {
  await openMap(page);
  for (const id of ['burma-road', 'vladivostok-haiphong']) {
    await page.locator(`#route-list button[data-route="${id}"]`).click();
    await expect(page.locator('#panel')).toBeVisible();
    await expect(page.locator(`#route-list button[data-route="${id}"]`)).toHaveAttribute('aria-pressed', 'true');
    const outside = await page.evaluate((rid) => {
      const map = window.supplyRoutes.map;
      const panel = document.getElementById('panel').getBoundingClientRect();
      const legend = document.getElementById('legend').getBoundingClientRect();
      const route = map.routes().find((r) => r.id === rid);
      return route.legs.flatMap((l) => l.coordinates).map((c) => map.project(c))
        .filter(([x, y]) => x < legend.right || x > panel.left || y < 0 || y > innerHeight);
    }, id);
    expect(outside).toEqual([]);
  }
});

test('a view that stays put is redrawn from its basemap bitmap with the same pixels, and a new view is not', async ({ page }) => {
  const problems = await openMap(page);
  const result = await page.evaluate(async () => {
    const map = await window.supplyRoutes.ready;
    const canvas = document.getElementById('map');
    const ctx = canvas.getContext('2d');
    const pixels = () => ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const differing = (p, q) => { let n = 0; for (let i = 0; i < p.length; i += 4) if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) n++; return n; };
    // The first two draws at a view paint the basemap directly; from the third on the bitmap is
    // copied. (A bitmap painted with the page's leftover context state once differed here.)
    const drawnAt = (view, times) => { map.setView(view); for (let i = 1; i < times; i++) map.redraw(); return pixels(); };
    const a = { center: [100, 30], zoom: 2 };
    const b = { center: [104, 27], zoom: 3 };
    const aDirect = drawnAt(a, 1);
    const aStill = drawnAt(a, 6);
    const bDirect = drawnAt(b, 1);
    const bStill = drawnAt(b, 6);
    map.select('burma-road'); // a change above the basemap at a still view
    const bSelected = pixels();
    return {
      stillVsDirect: [differing(aDirect, aStill), differing(bDirect, bStill)],
      views: differing(aStill, bDirect),
      selection: differing(bStill, bSelected),
      total: aDirect.length / 4,
    };
  });
  expect(result.stillVsDirect).toEqual([0, 0]);
  expect(result.views).toBeGreaterThan(result.total / 10); // the new view was painted, not the old bitmap
  expect(result.selection).toBeGreaterThan(100); // the selection is drawn over the bitmap
  expect(problems).toEqual([]);
});
