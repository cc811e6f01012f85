// The kiosk's visit statistics and heartbeat (www/visit-stats.js, www/heartbeat.js) against the
// product's server: a visit's events in the database, offline buffering in IndexedDB across a
// stopped server and a closed page, the heartbeat's verdict, and nothing sent to /api/ from
// the web page or a kiosk with statistics off. Each test but the last runs a server of its own
// (target/server/supply-routes-server over dist/, as the kiosk serves it; its statistics in a
// folder of its own).
import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMap } from './helpers.js';

const REPO = new URL('../..', import.meta.url).pathname;

/// Starts the server over dist/ with `data` as its statistics folder, on `port` (0: a free one).
async function startServer(data, port = 0) {
  const child = spawn(join(REPO, 'target/server/supply-routes-server'), [], {
    env: { ...process.env, ROOT: join(REPO, 'dist'), DATA: data, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const bound = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /:(\d+)\//.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
  return { port: bound, origin: `http://127.0.0.1:${bound}`, stop: () => { child.kill('SIGTERM'); return exited; } };
}

const test = base.extend({
  /// The test's own server, its statistics in a fresh folder: `stop()`, then `restart()` on the
  /// same port and folder (the page posts to its own origin). Stopped after the test.
  server: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-stats-'));
    const data = join(dir, 'data');
    let running = await startServer(data);
    const { port, origin } = running;
    await use({
      origin,
      api: (path) => fetch(origin + path).then((r) => r.json()),
      stop: () => running.stop(),
      restart: async () => { running = await startServer(data, port); },
    });
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  },
});

test.beforeEach(async ({}, testInfo) => {
  test.skip(!testInfo.project.use.hasTouch, 'the kiosk is a touch screen (the touch project, 1920×1080)');
});

/// Serves kiosk.json with the statistics on, short times and `more`.
async function kioskSettings(page, more = {}) {
  const settings = { kiosk: true, statistics: true, health: false, idleSeconds: 600, countdownSeconds: 2, ...more,
    reporting: { batchSeconds: 1, maxRetrySeconds: 1, heartbeatSeconds: 60, ...more.reporting } };
  await page.route('**/kiosk.json', (r) => r.fulfill({ contentType: 'application/json', body: JSON.stringify(settings) }));
}

/// The events the page holds in IndexedDB, sent or not: pending ones and sealed batches.
const queued = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('supply-routes-stats');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['events', 'batches'], 'readonly');
    const events = tx.objectStore('events').count();
    const batches = tx.objectStore('batches').getAll();
    tx.oncomplete = () => { resolve(events.result + batches.result.reduce((n, b) => n + b.events.length, 0)); open.result.close(); };
  };
}));

const tapRoute = (page, id) => page.locator(`#route-list button[data-route="${id}"]`).tap();
async function tapEvent(page, id) {
  await page.locator('#events-button').tap();
  await page.locator(`#panel [data-event="${id}"]`).tap();
}
const switches = (stats) => Object.fromEntries(stats.languages.filter((l) => l.switches).map((l) => [l.language, l.switches]));

test('a kiosk visit: touch, a route, an event, a language, idle to the reset: its events in the database', async ({ page, server }) => {
  await kioskSettings(page, { idleSeconds: 4, countdownSeconds: 2 });
  const problems = await openMap(page, `${server.origin}/`);
  await tapRoute(page, 'burma-road');           // visit-start; QR of burma-road
  await tapEvent(page, 'pact');                   // burma-road closed: open route; open event
  await page.locator('#languages button[data-lang="ru"]').tap(); // language en → ru
  await page.waitForTimeout(500);
  // Nobody answers: the countdown runs out and the page resets (the event card closes, the
  // visit ends), then the attract loop runs.
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 10_000 });
  await page.waitForTimeout(1500);
  // A touch stops the loop and starts a second visit; its "Still there?" is answered.
  await page.touchscreen.tap(200, 60);
  await expect(page.locator('#kiosk-countdown')).toBeVisible({ timeout: 8000 });
  await page.touchscreen.tap(960, 300);
  await expect(page.locator('#kiosk-countdown')).toBeHidden();
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 12_000 });

  await expect.poll(() => queued(page), { timeout: 10_000 }).toBe(0);
  const stats = await server.api('/api/stats');
  expect(stats.events).toBe(12);
  expect(stats.visits.total).toBe(2);
  expect(stats.visits.lengthMs.count).toBe(2);
  // The first visit ran from the first tap to the reset: idle (4 s) and countdown (2 s) included.
  expect(stats.visits.lengthMs.p90).toBeGreaterThanOrEqual(6000);
  expect(stats.visits.lengthMs.p90).toBeLessThan(20_000);
  expect(stats.opened.route.map((r) => [r.id, r.count])).toEqual([['burma-road', 1]]);
  expect(stats.opened.event.map((r) => [r.id, r.count])).toEqual([['pact', 1]]);
  expect(stats.opened.route[0].medianMs).toBeGreaterThan(0);
  expect(stats.opened.event[0].medianMs).toBeGreaterThan(2000); // open until the reset
  expect(switches(stats)).toEqual({ ru: 1 }); // the reset's return to English is nobody's
  expect(stats.qr.byKey).toEqual([{ key: 'burma-road', count: 1 }]); // the attract loop's codes are not counted
  expect(stats.attractInterruptions).toBe(1);
  // The first visit's countdown ran out; the second's was answered, then its next one ran out.
  expect(stats.stillThere).toEqual({ answered: 1, unanswered: 2 });
  expect(stats.errors.total).toBe(0);
  expect(stats.dropped).toBe(0);
  expect(problems).toEqual([]);
});

test('a chapter of the story the visitor opened, where the page has chapters', async ({ page, server }) => {
  await kioskSettings(page, { idleSeconds: 2, countdownSeconds: 1 });
  await openMap(page, `${server.origin}/`);
  const first = await page.evaluate(() => (typeof window.supplyRoutes.map.chapters === 'function' ? window.supplyRoutes.map.chapters()[0]?.id : null));
  test.skip(!first, 'no chapters in this page yet');
  await page.touchscreen.tap(200, 60);                                              // visit-start
  await page.evaluate((id) => window.supplyRoutes.map.openChapter(id), first);    // as its button does
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 8000 }); // the reset closes it
  await expect.poll(() => queued(page), { timeout: 5000 }).toBe(0);
  const stats = await server.api('/api/stats');
  expect(stats.opened.chapter.map((c) => [c.id, c.count])).toEqual([[first, 1]]); // the loop's chapters are not counted
  expect(stats.visits.total).toBe(1);
});

test('offline: with the server stopped the taps queue in IndexedDB; once it is back every event arrives exactly once', async ({ page, server }) => {
  await kioskSettings(page);
  await openMap(page, `${server.origin}/`);
  await tapRoute(page, 'burma-road');             // visit-start, qr
  await expect.poll(() => server.api('/api/stats').then((s) => s.events), { timeout: 5000 }).toBe(2);
  await expect.poll(() => queued(page), { timeout: 5000 }).toBe(0); // and the page has the answer

  // The server stops (a restart, a pulled cable) while the visitor goes on.
  await server.stop();
  await tapRoute(page, 'northwest-highway');      // open burma-road, qr
  await tapRoute(page, 'air-route');              // open northwest-highway, qr
  await tapEvent(page, 'loan-1');                 // open air-route, (event card)
  await page.locator('#languages button[data-lang="ru"]').tap(); // language
  await page.waitForTimeout(3000);                // several tries fail meanwhile
  expect(await queued(page)).toBe(6);

  // Back on the same folder and port: the queue empties, each event stored once.
  await server.restart();
  await expect.poll(() => queued(page), { timeout: 10_000 }).toBe(0);
  let stats = await server.api('/api/stats');
  expect(stats.events).toBe(8);
  expect(stats.opened.route.map((r) => r.id).sort()).toEqual(['air-route', 'burma-road', 'northwest-highway']);
  expect(stats.qr.total).toBe(3);
  expect(stats.dropped).toBe(0);

  // Stopped again, and this time the page is closed too (a reload, the browser restarted):
  // the next page sends what the last one left.
  await server.stop();
  await page.locator('#languages button[data-lang="en"]').tap(); // language
  await tapRoute(page, 'burma-road');             // open event loan-1, qr
  await page.waitForTimeout(1500);
  expect(await queued(page)).toBe(3);
  await page.goto('about:blank');
  await server.restart();
  await openMap(page, `${server.origin}/`);
  await expect.poll(() => queued(page), { timeout: 10_000 }).toBe(0);
  stats = await server.api('/api/stats');
  expect(stats.events).toBe(11);
  expect(stats.opened.event.map((e) => [e.id, e.count])).toEqual([['loan-1', 1]]);
  expect(switches(stats)).toEqual({ ru: 1, en: 1 });
});

test('offline buffering is bounded: the oldest events go first, and the next batch says how many', async ({ page, server }) => {
  await kioskSettings(page, { reporting: { bufferEvents: 4 } });
  await openMap(page, `${server.origin}/`);
  await server.stop();
  // visit-start, a QR for each route and an opened route for each after the first: 10 events,
  // of which the last 4 are kept (open air-route, qr hong-kong-railway, open hong-kong-railway,
  // qr burma-road).
  for (const id of ['burma-road', 'northwest-highway', 'air-route', 'hong-kong-railway', 'burma-road']) await tapRoute(page, id);
  await page.waitForTimeout(1500);
  expect(await queued(page)).toBe(4);
  await server.restart();
  await expect.poll(() => queued(page), { timeout: 10_000 }).toBe(0);
  const stats = await server.api('/api/stats');
  expect(stats.events).toBe(4);
  expect(stats.dropped).toBe(6);
  expect(stats.visits.total).toBe(0); // the visit's start was the oldest
  expect(stats.qr.byKey.map((q) => q.key).sort()).toEqual(['burma-road', 'hong-kong-railway']);
  expect(stats.opened.route.map((r) => r.id).sort()).toEqual(['air-route', 'hong-kong-railway']);
});

test('a batch the server cannot take now is sent again, one too large is split, one refused is logged and dropped', async ({ page, server }) => {
  await kioskSettings(page, { reporting: { batchSeconds: 3 } });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const sent = [];
  let busy = 1;
  await page.route('**/api/events', (route) => {
    const { batch, events } = JSON.parse(route.request().postData());
    sent.push([batch, events.length]);
    const answer = (status, error) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ error }) });
    if (busy-- > 0) return answer(503, 'busy');
    if (events.length > 1) return answer(413, 'too large');
    if (events[0].type === 'language') return answer(400, 'events[0] (language).to: refused by the test');
    return route.continue();
  });
  await openMap(page, `${server.origin}/`);
  await tapRoute(page, 'burma-road');                 // visit-start, qr
  await page.locator('#languages button[data-lang="ru"]').tap(); // language
  await tapRoute(page, 'air-route');                  // open burma-road, qr
  await expect.poll(() => queued(page), { timeout: 15_000 }).toBe(0);
  const stats = await server.api('/api/stats');
  expect(stats.events).toBe(4);
  expect(stats.qr.total).toBe(2);
  expect(switches(stats)).toEqual({});
  // The first batch: refused (503), sent again under the same id, then split in halves.
  const [first] = sent;
  expect(first[1]).toBeGreaterThan(1);
  expect(sent[1]).toEqual(first);
  expect(sent.some(([id]) => id === `${first[0]}-1`)).toBe(true);
  expect(warnings.filter((w) => w.includes('refused (400)'))).toHaveLength(1);
  expect(warnings.join('\n')).toContain('refused by the test');
});

test('the heartbeat: the server\'s verdict turns ok with the page\'s first beat, which reports what it drew', async ({ page, server }) => {
  expect((await server.api('/api/health')).verdict).toBe('stale');
  await kioskSettings(page, { statistics: false, health: true });
  const problems = await openMap(page, `${server.origin}/`);
  await expect.poll(() => server.api('/api/health').then((h) => h.verdict), { timeout: 5000 }).toBe('ok');
  const { beat } = await server.api('/api/health');
  expect(beat.frames).toBeGreaterThan(0);
  expect(beat.lastFrame).toBeLessThanOrEqual(beat.t);
  expect(beat.lastFrame).toBeGreaterThan(beat.t - 10_000);
  expect(beat.state).toBe('in-use');
  expect(beat.wasmBytes).toBeGreaterThan(100_000);
  expect(beat.jsHeapBytes).toBeGreaterThan(0);
  expect([beat.errors, beat.recoveries]).toEqual([0, 0]);
  expect(beat.screen).toEqual({ w: 1920, h: 1080, dpr: 1 });
  expect(beat.build).toMatch(/^wasm-[0-9a-f]+-[0-9a-f]+$/); // the wasm file's ETag: its size and time
  expect(problems).toEqual([]);
});

test('an uncaught error and its recovery: counted in the next beat and recorded as codes', async ({ page, server }) => {
  await kioskSettings(page, { health: true, reporting: { heartbeatSeconds: 1, build: 'test build 7' } });
  await openMap(page, `${server.origin}/`);
  // Any uncaught exception after the start is a failed frame to the kiosk: it redraws.
  await page.evaluate(() => setTimeout(() => { throw new Error('failed (test)'); }));
  await expect(page.locator('#kiosk-alert')).toBeVisible();
  await expect(page.locator('#kiosk-alert')).toBeHidden({ timeout: 6000 });
  await expect.poll(() => server.api('/api/health').then((h) => [h.beat?.errors, h.beat?.recoveries]), { timeout: 5000 }).toEqual([1, 1]);
  const health = await server.api('/api/health');
  expect(health.verdict).toBe('ok'); // the error was recovered from
  expect(health.beat.build).toBe('test-build-7');
  await expect.poll(() => queued(page), { timeout: 5000 }).toBe(0);
  const stats = await server.api('/api/stats');
  expect(stats.errors.byKey).toEqual([{ key: 'frame-failed', count: 1 }]);
  expect(stats.recoveries.byKey).toEqual([{ key: 'redraw', count: 1 }]);
});

test('the web page, and a kiosk with statistics off (the shipped kiosk.json), send nothing to /api/', async ({ page }) => {
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await openMap(page, '/');
  await page.locator('#route-list button[data-route="burma-road"]').tap();
  await page.waitForTimeout(500);
  // The kiosk, through a visit and an idle reset into the attract loop.
  await openMap(page, '/?kiosk&idle=1&countdown=1');
  await page.locator('#route-list button[data-route="burma-road"]').tap();
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 6000 });
  await page.touchscreen.tap(200, 60);
  await page.waitForTimeout(1500);
  expect(asked.filter((p) => p.startsWith('/api/'))).toEqual([]);
  // Nor does it keep a queue.
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('supply-routes-stats');
});
