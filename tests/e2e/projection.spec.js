// ?projection=mercator: the core draws the map in spherical Mercator; without it, the museum's
// Lambert conic. The basemap (binary) loads either way and is drawn.
import { test, expect } from '@playwright/test';
import { openMap } from './helpers.js';

const geometry = (page) => page.evaluate(() => {
  const map = window.supplyRoutes.map;
  map.setView({ center: [90, 30], zoom: 1 });
  const [a, b, c] = [[70, 40], [90, 40], [110, 40]].map((p) => map.project(p));
  const [s, n] = [[90, 10], [90, 50]].map((p) => map.project(p));
  return { a, b, c, s, n };
});

test('?projection=mercator: parallels are straight and evenly spaced, meridians vertical', async ({ page }) => {
  const problems = await openMap(page, '/?projection=mercator');
  const { a, b, c, s, n } = await geometry(page);
  expect(Math.abs(a[1] - b[1])).toBeLessThan(1e-6);
  expect(Math.abs(c[1] - b[1])).toBeLessThan(1e-6);
  expect(Math.abs((b[0] - a[0]) - (c[0] - b[0]))).toBeLessThan(1e-6);
  expect(Math.abs(s[0] - n[0])).toBeLessThan(1e-6);
  // Mercator stretches latitude: y = ln tan(45° + φ/2) in units of longitude (radians).
  const ratio = (s[1] - n[1]) / (c[0] - b[0]);
  const merc = (d) => Math.log(Math.tan(Math.PI / 4 + (d * Math.PI) / 360));
  expect(ratio).toBeCloseTo((merc(50) - merc(10)) / ((20 * Math.PI) / 180), 6);
  // Land is drawn: an inland pixel (Kazakhstan) is not the ocean's colour.
  const inland = await page.evaluate(() => {
    const map = window.supplyRoutes.map;
    const [x, y] = map.project([70, 48]);
    const ctx = document.getElementById('map').getContext('2d');
    const dpr = devicePixelRatio;
    map.redraw();
    return Array.from(ctx.getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data);
  });
  expect(inland.slice(0, 3)).not.toEqual([0xc9, 0xdb, 0xe6]);
  expect(problems).toEqual([]);
});

test('the default projection stays the Lambert conic (parallels curve)', async ({ page }) => {
  await openMap(page);
  const { a, b, c } = await geometry(page);
  // The 40th parallel is an arc about the pole: it rises away from the central meridian (85°E).
  expect(b[1] - a[1]).toBeGreaterThan(2);
  expect(b[1] - c[1]).toBeGreaterThan(2);
});
