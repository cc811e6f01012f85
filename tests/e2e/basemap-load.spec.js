// The basemap arrives in two steps: the first frame is drawn with the overview
// (data/basemap-overview.bin), the full detail (data/basemap.bin) is asked for only after it,
// and `ready` waits until the full detail has replaced the overview. Either file may fail
// (without both: failures.spec.js).
import { test } from '@playwright/test';
import { openMap, expect } from './helpers.js';
import { shipped, unhashed } from './names.js';

test.skip(({ hasTouch }) => hasTouch, 'loading does not depend on the pointer');

// Share of the canvas in the land colour (#f3eee2), in the page.
const landShare = () => {
  const c = document.getElementById('map');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - 0xf3) + Math.abs(d[i + 1] - 0xee) + Math.abs(d[i + 2] - 0xe2) < 12) n++;
  return n / (d.length / 4);
};

test('the first frame draws the overview and the full basemap replaces it before ready', async ({ page }) => {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const requested = [];
  page.on('request', (r) => { if (r.url().includes('/data/basemap')) requested.push(unhashed(new URL(r.url()).pathname)); });
  let release;
  const held = new Promise((r) => { release = r; });
  let whenAsked = null;
  await page.route(shipped('data/basemap.bin'), async (route) => {
    // When the full detail is asked for, the map is already on the canvas, drawn from the
    // overview, and not yet ready.
    whenAsked = { land: await page.evaluate(landShare), api: await page.evaluate(() => Boolean(window.supplyRoutes.map)) };
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect.poll(() => whenAsked).not.toBeNull();
  expect(whenAsked.api).toBe(true);
  expect(whenAsked.land).toBeGreaterThan(0.05);
  const readyEarly = await page.evaluate(() => Promise.race([
    window.supplyRoutes.ready.then(() => 'ready'), new Promise((r) => setTimeout(() => r('waiting'), 300))]));
  expect(readyEarly).toBe('waiting');
  release();
  await page.evaluate(() => window.supplyRoutes.ready);
  const after = await page.evaluate(landShare);
  // The overview and the full detail agree to within a few coastline pixels at the overview.
  expect(Math.abs(after - whenAsked.land)).toBeLessThan(0.01);
  expect(requested).toEqual(['/data/basemap-overview.bin', '/data/basemap.bin']);
  await expect(page.locator('#status')).toBeHidden();
  expect(problems).toEqual([]);
});

test('zoomed in, the full basemap replaces the overview on the canvas', async ({ context }) => {
  // The same close view drawn with the full detail and with only the overview (full detail
  // refused): the shore differs, so what is drawn after ready is the full detail.
  const pixels = async (blockFull) => {
    const page = await context.newPage();
    if (blockFull) await page.route(shipped('data/basemap.bin'), (r) => r.fulfill({ status: 503, body: '' }));
    await page.goto('/#view=121.5,31.0,12');
    await page.evaluate(() => window.supplyRoutes.ready);
    const rgb = await page.evaluate(() => {
      const c = document.getElementById('map');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      // RGB as a string: one character a channel, far quicker to hand over than an array.
      let out = '';
      for (let i = 0; i < d.length; i += 4) out += String.fromCharCode(d[i], d[i + 1], d[i + 2]);
      return out;
    });
    await page.close();
    return Buffer.from(rgb, 'latin1');
  };
  const overview = await pixels(true);
  const full = await pixels(false);
  let differ = 0;
  for (let i = 0; i < full.length; i += 3) {
    if (Math.abs(full[i] - overview[i]) + Math.abs(full[i + 1] - overview[i + 1]) + Math.abs(full[i + 2] - overview[i + 2]) > 48) differ++;
  }
  // Different shores, but the same map: a few hundred pixels along the coast, not more.
  expect(differ).toBeGreaterThan(100);
  expect(differ).toBeLessThan((full.length / 3) * 0.01);
});

for (const missing of ['basemap-overview.bin', 'basemap.bin']) {
  test(`without ${missing} the other basemap is drawn, with no notice`, async ({ page }) => {
    await page.route(shipped(`data/${missing}`), (r) => r.fulfill({ status: 500, body: 'oops' }));
    const problems = await openMap(page);
    expect(await page.evaluate(landShare)).toBeGreaterThan(0.05);
    await expect(page.locator('#status')).toBeHidden();
    // The browser's own line for the refused file is the only error.
    expect(problems.filter((p) => !p.includes('status of 500'))).toEqual([]);
  });
}
