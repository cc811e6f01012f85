// The map in time: the slider and the API agree, legs are cut when history cuts them, events
// open from the map and the list, and playback moves markers with one frame callback per frame.
import { test } from '@playwright/test';
import { openMap, canvasDigest, nextFrame, expect } from './helpers.js';

const legActive = (page, routeId, legId) => page.evaluate(([r, l]) =>
  window.supplyRoutes.map.routes().find((x) => x.id === r).legs.find((x) => x.id === l).active, [routeId, legId]);

test('setting the date through the API and through the slider gives the same state', async ({ page }) => {
  const problems = await openMap(page);
  expect(await page.evaluate(() => window.supplyRoutes.map.date())).toBeNull();
  expect(await page.evaluate(() => window.supplyRoutes.map.setDate('1938-11'))).toBe('1938-11');
  const byApi = await page.evaluate(() => ({
    routes: window.supplyRoutes.map.routes().map((r) => r.legs.map((l) => l.active)),
    events: window.supplyRoutes.map.events().filter((e) => e.active).map((e) => e.id),
    label: document.getElementById('timeline-date').textContent,
  }));
  await page.evaluate(() => window.supplyRoutes.map.setDate(null));
  const slider = page.locator('#date-slider');
  // 1937-07 is the slider's 0; November 1938 is 16 months on.
  await slider.fill('16');
  expect(await page.evaluate(() => window.supplyRoutes.map.date())).toBe('1938-11');
  const bySlider = await page.evaluate(() => ({
    routes: window.supplyRoutes.map.routes().map((r) => r.legs.map((l) => l.active)),
    events: window.supplyRoutes.map.events().filter((e) => e.active).map((e) => e.id),
    label: document.getElementById('timeline-date').textContent,
  }));
  expect(bySlider).toEqual(byApi);
  expect(byApi.label).toBe('November 1938');
  expect(byApi.events).toContain('canton-falls');
  expect(page.url()).toContain('date=1938-11');
  expect(await page.evaluate(() => window.supplyRoutes.map.setDate('1938-13x'))).toBe(false);
  expect(problems).toEqual([]);
});

test('the fall of Canton cuts the Hong Kong railway and the panel says why', async ({ page }) => {
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.setDate('1938-09'));
  expect(await legActive(page, 'hong-kong-railway', 'L5')).toBe(true);
  await page.evaluate(() => window.supplyRoutes.map.setDate('1938-11'));
  expect(await legActive(page, 'hong-kong-railway', 'L5')).toBe(false);
  const route = await page.evaluate(() => window.supplyRoutes.map.routes().find((r) => r.id === 'hong-kong-railway'));
  expect(route.legs[0].period).toEqual({ from: '1937-08', to: '1938-10' });
  await page.evaluate(() => window.supplyRoutes.map.select('hong-kong-railway'));
  await expect(page.locator('#panel [data-status]')).toHaveAttribute('data-status', 'ended');
  await expect(page.locator('#panel .legs li.cut')).toHaveCount(1);
  await expect(page.locator('#panel .closed')).toContainText('Canton');
  // Moving the slider back reopens it, panel included.
  await page.evaluate(() => window.supplyRoutes.map.setDate('1938-09'));
  await expect(page.locator('#panel [data-status]')).toHaveAttribute('data-status', 'open');
});

test('a date in the link is restored, with the route', async ({ page }) => {
  await openMap(page, '/#date=1940-08&route=burma-road');
  expect(await page.evaluate(() => window.supplyRoutes.map.date())).toBe('1940-08');
  expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBe('burma-road');
  await expect(page.locator('#panel [data-status]')).toHaveAttribute('data-status', 'paused');
});

test('tapping a highlighted event on the map opens its card; the list moves the date', async ({ page }, testInfo) => {
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.setDate('1938-02'));
  await nextFrame(page);
  const raid = await page.evaluate(() => window.supplyRoutes.map.events().find((e) => e.id === 'taiwan-raid'));
  expect(raid.active).toBe(true);
  const [x, y] = await page.evaluate((p) => window.supplyRoutes.map.project(p), raid.places[0]);
  expect(await page.evaluate(([a, b]) => window.supplyRoutes.map.pickEvent(a, b), [x, y])).toBe('taiwan-raid');
  if (testInfo.project.use.hasTouch) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  await expect(page.locator('#panel h2')).toHaveText(raid.title);
  await expect(page.locator('#panel .figures')).toContainText('40 Japanese planes');
  await expect(page.locator('#panel .figures')).toContainText('Disputed');
  await page.keyboard.press('Escape');
  await expect(page.locator('#panel')).toBeHidden();

  await page.locator('#events-button').click();
  await page.locator('#panel [data-event="yining-school"]').click();
  await expect(page.locator('#panel h2')).toHaveText('Aviation school at Kuldja');
  expect(await page.evaluate(() => window.supplyRoutes.map.date())).toBe('1939-08');
  await expect(page.locator('#active-events [data-event="yining-school"]')).toBeVisible();
});

test('the 1945 fronts are drawn in August 1945 and open their card', async ({ page }) => {
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.setDate('1945-07'));
  await nextFrame(page);
  const before = await canvasDigest(page);
  await page.evaluate(() => window.supplyRoutes.map.setDate('1945-08'));
  await nextFrame(page);
  expect(await canvasDigest(page)).not.toBe(before);
  const fronts = await page.evaluate(() => window.supplyRoutes.map.events().filter((e) => e.kind === 'front' && e.active).map((e) => e.id));
  expect(fronts.sort()).toEqual(['front-1st-far-eastern', 'front-2nd-far-eastern', 'front-transbaikal']);
});

test('playing moves markers, with one frame callback per display frame', async ({ page }) => {
  await openMap(page);
  await page.evaluate(() => {
    // Count frame callbacks the page registers, and display frames, over the same interval.
    window.__rafCalls = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { window.__rafCalls += 1; return raf(cb); };
  });
  await page.evaluate(() => window.supplyRoutes.map.setDate('1938-03'));
  await nextFrame(page);
  const still = await canvasDigest(page);
  const frames = await page.evaluate(() => new Promise((resolve) => {
    const map = window.supplyRoutes.map;
    window.__rafCalls = 0;
    let displayFrames = 0;
    const start = performance.now();
    map.play();
    const count = () => {
      displayFrames += 1;
      if (performance.now() - start < 1500) requestAnimationFrame(count);
      else resolve({ displayFrames, pageCalls: window.__rafCalls - displayFrames, playing: map.playing() });
    };
    requestAnimationFrame(count);
  }));
  expect(frames.playing).toBe(true);
  // The button shows the pause icon while playing, and the play icon again after.
  await expect(page.locator('#play .icon-pause')).toBeVisible();
  await expect(page.locator('#play .icon-play')).toBeHidden();
  expect(frames.pageCalls).toBeGreaterThan(5); // playback keeps asking for frames (a loaded machine gives fewer)
  // The counting loop's own callbacks are subtracted; the page may be one frame ahead.
  expect(frames.pageCalls).toBeLessThanOrEqual(frames.displayFrames + 1);
  expect(await canvasDigest(page)).not.toBe(still);
  const moved = await page.evaluate(() => window.supplyRoutes.map.date());
  expect(moved >= '1938-03').toBe(true);
  await page.evaluate(() => window.supplyRoutes.map.pause());
  expect(await page.evaluate(() => window.supplyRoutes.map.playing())).toBe(false);
  await expect(page.locator('#play .icon-play')).toBeVisible();
  await expect(page.locator('#play .icon-pause')).toBeHidden();
});

test('with reduced motion playback steps month by month and draws no markers', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.setDate('1938-03'));
  await page.evaluate(() => window.supplyRoutes.map.play());
  await nextFrame(page);
  const a = await canvasDigest(page);
  await page.waitForTimeout(300);
  await nextFrame(page);
  expect(await canvasDigest(page)).toBe(a); // nothing moves within a month
  await expect.poll(() => page.evaluate(() => window.supplyRoutes.map.date()), { timeout: 5000 }).toBe('1938-04');
  await context.close();
});
