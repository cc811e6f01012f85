// A failed or bad load tells the visitor in words instead of leaving a blank screen.
import { test, expect } from '@playwright/test';
import { shipped } from './names.js';

test('a missing data file shows a readable message with a retry button', async ({ page }) => {
  await page.route(shipped('data/routes.geojson'), (r) => r.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/');
  await expect(page.locator('#status')).toBeVisible();
  await expect(page.locator('#status-text')).toHaveText('The map could not be loaded.');
  await expect(page.locator('#status-retry')).toBeVisible();
  const rejected = await page.evaluate(() => window.supplyRoutes.ready.then(() => 'resolved', (e) => String(e)));
  expect(rejected).toContain('routes.geojson: HTTP 404');
});

test('malformed geodata is reported with the file, the feature and the field', async ({ page }) => {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.route(shipped('data/routes.geojson'), async (r) => {
    const res = await r.fetch();
    const fc = await res.json();
    fc.features.find((f) => f.properties.id === 'L7').properties.mode = 'camel';
    await r.fulfill({ response: res, body: JSON.stringify(fc) });
  });
  await page.goto('/');
  await expect(page.locator('#status-text')).toHaveText('The map could not be loaded.');
  expect(errors.join('\n')).toContain('routes.geojson: feature "L7": field "mode": expected one of sea, rail, road, air, found "camel"');
});

test('without the basemap the routes still show, with a notice', async ({ page }) => {
  await page.route(shipped(/\/data\/basemap[^/]*\.bin$/), (r) => r.fulfill({ status: 500, body: 'oops' }));
  await page.goto('/');
  const map = await page.evaluate(async () => (await window.supplyRoutes.ready).routes().length);
  expect(map).toBeGreaterThan(0);
  await expect(page.locator('#status-text')).toHaveText('The background map could not be loaded; the routes are still shown.');
});
