// map.load(): another exhibition's route set replaces the shown one when it is valid; a broken
// one is explained in the panel and the set on screen stays usable.
import { test } from '@playwright/test';
import { openMap, tappablePoint, expect } from './helpers.js';

const T = (en) => ({ en, zh: `${en}（中）`, ru: `${en} (рус)` });
const tinySet = () => ({
  sources: { S: { title: 'A test source' } },
  places: { type: 'FeatureCollection', features: [
    { type: 'Feature', geometry: { type: 'Point', coordinates: [90, 30] }, properties: { id: 'a', name: T('Alpha'), kind: 'city', rank: 1, sources: ['S'] } },
    { type: 'Feature', geometry: { type: 'Point', coordinates: [100, 35] }, properties: { id: 'b', name: T('Beta'), kind: 'city', rank: 1, sources: ['S'] } },
  ] },
  routes: { type: 'FeatureCollection', features: [
    { type: 'Feature', geometry: { type: 'LineString', coordinates: [[90, 30], [95, 33], [100, 35]] },
      properties: { kind: 'leg', id: 'X1', from: 'a', to: 'b', mode: 'road', sources: ['S'] } },
    { type: 'Feature', geometry: null, properties: { kind: 'route', id: 'alpha-beta', name: T('Alpha to Beta'), summary: T('A test road.'),
      closed: T('It closed.'), legs: ['X1'], periods: [{ from: '1940-01', to: '1940-12' }], sources: ['S'] } },
  ] },
});

test('a valid set replaces the shown one and can be tapped; the shipped set loads back by URL', async ({ page }, testInfo) => {
  const problems = await openMap(page);
  const result = await page.evaluate((set) => window.supplyRoutes.map.load(set), tinySet());
  expect(result).toEqual({ ok: true, errors: [] });
  const routes = await page.evaluate(() => window.supplyRoutes.map.routes());
  expect(routes.map((r) => r.id)).toEqual(['alpha-beta']);
  await expect(page.locator('#route-list button')).toHaveCount(1);
  const point = await tappablePoint(page, 'alpha-beta');
  expect(point).not.toBeNull();
  if (testInfo.project.use.hasTouch) await page.touchscreen.tap(...point);
  else await page.mouse.click(...point);
  await expect(page.locator('#panel h2')).toHaveText('Alpha to Beta');
  expect(await page.evaluate(() => window.supplyRoutes.map.events())).toEqual([]);

  expect(await page.evaluate(() => window.supplyRoutes.map.load('data/'))).toEqual({ ok: true, errors: [] });
  expect((await page.evaluate(() => window.supplyRoutes.map.routes())).length).toBeGreaterThanOrEqual(10);
  expect((await page.evaluate(() => window.supplyRoutes.map.events())).length).toBeGreaterThan(10);
  expect(problems).toEqual([]);
});

test('a broken set is explained in the panel and the shown set stays usable', async ({ page }) => {
  await openMap(page);
  const before = await page.evaluate(() => window.supplyRoutes.map.routes().map((r) => r.id));
  const broken = tinySet();
  broken.routes.features[0].properties.mode = 'camel';
  broken.places.features[1].geometry.coordinates = [100, 135];
  const result = await page.evaluate((set) => window.supplyRoutes.map.load(set), broken);
  expect(result.ok).toBe(false);
  // With the line of the feature (the set, handed over as objects, is one line of JSON).
  expect(result.errors).toContain('routes.geojson: feature "X1": field "mode": expected one of sea, rail, road, air, found "camel" (line 1)');
  expect(result.errors.some((e) => e.startsWith('places.geojson: feature "b": field "geometry"'))).toBe(true);
  await expect(page.locator('#panel .load-errors li')).toHaveCount(result.errors.length);
  await expect(page.locator('#panel .load-errors')).toContainText('found "camel"');
  expect(await page.evaluate(() => window.supplyRoutes.map.routes().map((r) => r.id))).toEqual(before);
  expect(await page.evaluate(() => window.supplyRoutes.map.select('burma-road'))).toBe(true);
  await expect(page.locator('#panel h2')).toHaveText(/Rangoon/);

  const missing = await page.evaluate(() => window.supplyRoutes.map.load('no-such-folder/'));
  expect(missing).toEqual({ ok: false, errors: ['routes.geojson: HTTP 404', 'places.geojson: HTTP 404', 'sources.json: HTTP 404'] });
});
