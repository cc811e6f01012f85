// Kiosk mode (www/kiosk.js, www/kiosk.json, www/kiosk.css) on the 1920×1080 touch screen:
// the idle → "Still there?" → attract → touch cycle, the QR code of the deep link, recovery
// from a failed start or frame, no request outside the origin, and no browser gestures.
import { test, expect } from '@playwright/test';
import jsQR from 'jsqr';
import { inflateSync } from 'node:zlib';
import { openMap, nextFrame, view, canvasDigest, cardProblems, selectedRoutePoints } from './helpers.js';
import { shipped, unhashed } from './names.js';

test.beforeEach(async ({}, testInfo) => {
  test.skip(!testInfo.project.use.hasTouch, 'the kiosk is a touch screen (the touch project, 1920×1080)');
});

const api = (page, fn, arg) => page.evaluate(fn, arg);

/// Decodes an 8-bit, non-interlaced PNG (as Chromium's screenshots are) into RGBA.
function decodePng(png) {
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const [depth, type, interlace] = [png[24], png[25], png[28]];
  if (depth !== 8 || ![2, 6].includes(type) || interlace) throw new Error(`unexpected PNG: depth ${depth} type ${type}`);
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const bpp = type === 6 ? 4 : 3;
  const stride = width * bpp;
  const out = new Uint8ClampedArray(width * height * 4);
  let prev = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      line[i] = (line[i] + pred) & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = line[x * bpp + k];
      out[(y * width + x) * 4 + 3] = bpp === 4 ? line[x * bpp + 3] : 255;
    }
    prev = line;
  }
  return { width, height, data: out };
}

/// Decodes the QR code on screen: a screenshot of the whole page, read by jsQR.
async function decodeScreen(page, file) {
  const { width, height, data } = decodePng(await page.screenshot({ path: file }));
  return jsQR(data, width, height)?.data ?? null;
}

test('idle: "Still there?", then reset to the overview and the attract loop; a tap stops it', async ({ page }) => {
  const problems = await openMap(page, '/?kiosk&idle=2&countdown=2');
  await nextFrame(page);
  const overview = await view(page);
  await page.locator('#route-list button[data-route="burma-road"]').tap();
  await api(page, () => window.supplyRoutes.map.setDate('1939-05'));
  expect(await api(page, () => window.supplyRoutes.map.selected())).toBe('burma-road');

  // Idle for 2 s: the countdown, over a map still as the visitor left it.
  const countdown = page.locator('#kiosk-countdown');
  await expect(countdown).toBeVisible({ timeout: 4000 });
  await expect(countdown).toContainText('Still there?');
  expect(await api(page, () => window.supplyRoutes.map.selected())).toBe('burma-road');

  // 2 s later: the reset, then the attract loop.
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 4000 });
  await expect(countdown).toBeHidden();
  const reset = await api(page, () => {
    const m = window.supplyRoutes.map;
    return { selected: m.selected(), date: m.date(), view: m.view(), panel: document.getElementById('panel').hidden };
  });
  expect(reset.selected).toBeNull();
  expect(reset.date).toBeNull();
  expect(reset.panel).toBe(true);
  expect(reset.view.zoom).toBeCloseTo(overview.zoom, 3);
  expect(reset.view.center[0]).toBeCloseTo(overview.center[0], 2);
  await expect(page.locator('#kiosk-caption')).toBeVisible();

  // The loop tells the story's chapters in order (issue 21), each with its title and first
  // sentence.
  const first = await api(page, () => window.supplyRoutes.map.chapters()[0]);
  await expect.poll(() => api(page, () => window.supplyRoutes.map.chapter()), { timeout: 6000 }).toBe(first.id);
  await expect(page.locator('#kiosk-caption h2')).toHaveText(first.title);
  const sentence = await page.locator('#kiosk-caption p').first().textContent();
  expect(sentence.length).toBeGreaterThan(10);
  expect(first.text.startsWith(sentence)).toBe(true);
  const framed = await view(page);
  expect(Math.abs(framed.zoom / overview.zoom - 1) + Math.abs(framed.center[0] - overview.center[0])).toBeGreaterThan(0.01);

  // A tap anywhere stops it at once and leaves the map to the visitor.
  await page.touchscreen.tap(200, 60);
  await expect(page.locator('body')).not.toHaveClass(/kiosk-attract/);
  await expect(page.locator('#kiosk-caption')).toBeHidden();
  const after = await api(page, () => window.supplyRoutes.map.selected());
  await page.waitForTimeout(1500); // the idle time is 2 s: still no countdown this soon
  await expect(countdown).toBeHidden();
  expect(await api(page, () => window.supplyRoutes.map.selected())).toBe(after);
  expect(problems).toEqual([]);
});

test('a touch on the countdown keeps the visitor\'s map; the loop never moves on after a tap', async ({ page }) => {
  await openMap(page, '/?kiosk&idle=1&countdown=30');
  await page.locator('#route-list button[data-route="northwest-highway"]').tap();
  const countdown = page.locator('#kiosk-countdown');
  await expect(countdown).toBeVisible({ timeout: 3000 });
  const seconds = Number(await countdown.locator('strong').textContent());
  expect(seconds).toBeGreaterThan(25);
  expect(seconds).toBeLessThanOrEqual(30);
  await expect.poll(async () => Number(await countdown.locator('strong').textContent()), { timeout: 3000 }).toBeLessThan(seconds);
  await page.touchscreen.tap(960, 300);
  await expect(countdown).toBeHidden();
  expect(await api(page, () => window.supplyRoutes.map.selected())).toBe('northwest-highway');
});

test('the QR code of a selected route decodes to a link that restores that route and date', async ({ page, browser }, testInfo) => {
  await openMap(page, '/?kiosk&idle=600');
  await api(page, () => window.supplyRoutes.map.setDate('1938-11'));
  await page.locator('#route-list button[data-route="hong-kong-railway"]').tap();
  const qr = page.locator('#kiosk-qr-code');
  await expect(qr).toBeVisible();
  // At least 35 mm on the configured screen (3.78 CSS px per mm): scannable at arm's length.
  const box = await qr.boundingBox();
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(35 * 3.78);
  expect(box.y).toBeGreaterThan(540); // in the lower half, within reach

  const link = await decodeScreen(page, testInfo.outputPath('kiosk-route-qr.png'));
  expect(link).not.toBeNull();
  const url = new URL(link);
  expect(url.origin).toBe(new URL(page.url()).origin);
  expect(url.search).toBe(''); // the phone gets the ordinary page, not the kiosk
  const hash = new URLSearchParams(url.hash.slice(1));
  expect(hash.get('route')).toBe('hong-kong-railway');
  expect(hash.get('date')).toBe('1938-11');

  // Another route: another code.
  await page.locator('#route-list button[data-route="air-route"]').tap();
  await expect.poll(() => decodeScreen(page, testInfo.outputPath('kiosk-route-qr-2.png'))).toContain('route=air-route');

  // The decoded link on a phone (a fresh page, no kiosk) opens that route at that date.
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true });
  await openMap(phone, link.replace(url.origin, ''));
  expect(await api(phone, () => window.supplyRoutes.map.selected())).toBe('hong-kong-railway');
  expect(await api(phone, () => window.supplyRoutes.map.date())).toBe('1938-11');
  await expect(phone.locator('body')).not.toHaveClass(/kiosk/);
  await phone.close();

  // No route, no code.
  await api(page, () => window.supplyRoutes.map.select(null));
  await expect(qr).toBeHidden();
});

test('kiosk.json turns kiosk mode on by itself and puts the museum\'s public address in the QR code', async ({ page }, testInfo) => {
  await page.route('**/kiosk.json', async (r) => {
    const res = await r.fetch();
    const settings = { ...(await res.json()), kiosk: true, qrBaseUrl: 'https://museum.example.org/supply-routes/' };
    await r.fulfill({ response: res, body: JSON.stringify(settings) });
  });
  await openMap(page, '/');
  await expect(page.locator('body')).toHaveClass(/kiosk/);
  await page.locator('#route-list button[data-route="burma-road"]').tap();
  await expect(page.locator('#kiosk-qr-code')).toBeVisible();
  const link = await decodeScreen(page, testInfo.outputPath('kiosk-public-qr.png'));
  expect(link).toBe('https://museum.example.org/supply-routes/#route=burma-road');
});

test('no request leaves the origin, in kiosk mode through select, playback and the attract loop', async ({ page }, testInfo) => {
  const origin = new URL(testInfo.project.use.baseURL).origin;
  const own = [];
  const foreign = [];
  await page.route('**/*', (r) => {
    const url = new URL(r.request().url());
    if (url.origin !== origin) { foreign.push(url.href); return r.abort(); }
    own.push(unhashed(url.pathname));
    return r.continue();
  });
  await openMap(page, '/?kiosk&idle=1&countdown=1');
  await page.locator('#route-list button[data-route="burma-road"]').tap();
  await api(page, () => window.supplyRoutes.map.setLanguage?.('zh'));
  await api(page, () => window.supplyRoutes.map.play());
  await page.waitForTimeout(1200);
  // Idle: countdown, reset, loop, with the QR codes it draws.
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 5000 });
  await expect.poll(() => api(page, () => window.supplyRoutes.map.chapter()), { timeout: 6000 }).not.toBeNull();
  const resources = await api(page, () => performance.getEntriesByType('resource').map((e) => e.name));
  expect(foreign).toEqual([]);
  for (const name of resources) expect(new URL(name).origin).toBe(new URL(page.url()).origin);
  // The check saw the page's own requests: the wasm, the data, the kiosk's files.
  expect(own).toEqual(expect.arrayContaining(['/kiosk.js', '/kiosk.css', '/kiosk.json', '/data/routes.geojson']));
  expect(own.some((p) => p.endsWith('.wasm'))).toBe(true);
});

test('a failed wasm load shows a message, then the map starts by itself', async ({ page }) => {
  let wasmRequests = 0;
  await page.route('**/*.wasm', (r) => (++wasmRequests === 1 ? r.fulfill({ status: 500, body: 'server trouble' }) : r.continue()));
  await page.goto('/?kiosk');
  const alert = page.locator('#kiosk-alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Something went wrong');
  await expect(alert).toContainText(/Trying again in \d+ s/);
  const routes = await page.evaluate(async () => (await window.supplyRoutes.ready).routes().length);
  expect(routes).toBeGreaterThan(5);
  expect(wasmRequests).toBe(2);
  await expect(alert).toBeHidden();
  await expect(page.locator('#status')).toBeHidden();
});

test('when retries do not help, the kiosk reloads the page, which then starts', async ({ page }) => {
  await page.route('**/kiosk.json', (r) => r.fulfill({ contentType: 'application/json',
    body: JSON.stringify({ kiosk: true, recovery: { retrySeconds: [0.3, 0.3] } }) }));
  let failures = 3; // the first load and both retries fail; the reload works
  await page.route(shipped('data/routes.geojson'), (r) => (failures-- > 0 ? r.fulfill({ status: 503, body: 'busy' }) : r.continue()));
  let loads = 0;
  page.on('load', () => { loads += 1; });
  await page.goto('/');
  await expect(page.locator('#kiosk-alert')).toBeVisible();
  await expect.poll(() => loads, { timeout: 8000 }).toBe(2);
  const routes = await page.evaluate(async () => (await window.supplyRoutes.ready).routes().length);
  expect(routes).toBeGreaterThan(5);
  await expect(page.locator('#kiosk-alert')).toBeHidden();
});

test('after refreshHours the idle reset reloads the page, which goes straight into the attract loop', async ({ page }) => {
  let loads = 0;
  page.on('load', () => { loads += 1; });
  // Idle 3 s + countdown 3 s: the first reset comes after the 5.4 s (0.0015 h) the page may run.
  const problems = await openMap(page, '/?kiosk&idle=3&countdown=3&refresh=0.0015');
  expect(loads).toBe(1);
  await expect.poll(() => loads, { timeout: 15_000 }).toBe(2);
  await page.evaluate(() => window.supplyRoutes.ready);
  await page.waitForFunction(() => document.body.classList.contains('kiosk-attract'), null, { timeout: 5000 });
  // The fresh page did not wait out idle and countdown again (6 s): it went into the loop at once.
  const fresh = await page.evaluate(() => ({ uptime: performance.now(), reloads: sessionStorage.getItem('supplyRoutes.kioskReloads'),
    refreshed: sessionStorage.getItem('supplyRoutes.kioskRefreshed') }));
  expect(fresh.uptime).toBeLessThan(5400);
  expect(fresh.reloads).toBeNull(); // a planned refresh is not a failure: no longer waits after it
  expect(fresh.refreshed).toBeNull();
  await expect(page.locator('#kiosk-caption')).toBeVisible();
  expect(loads).toBe(2);
  expect(problems).toEqual([]);
});

/// A kiosk whose refresh is due at its first idle reset (idle and countdown 1 s), with the
/// page's own address answering through `handler` from then on; resolves once the check has
/// given up (its warning) and returns how many loads the page had and its console problems.
async function refreshAgainst(page, handler) {
  let loads = 0;
  page.on('load', () => { loads += 1; });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  const problems = await openMap(page, '/?kiosk&idle=1&countdown=1&refresh=0.0001');
  await page.route((url) => url.pathname === '/' && url.searchParams.has('kiosk'), handler);
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/, { timeout: 6000 });
  await expect.poll(() => warnings.some((w) => w.includes('not refreshed')), { timeout: 10_000 }).toBe(true);
  return { loads: () => loads, problems };
}

test('a refresh waits for its server: when the page\'s address does not answer, the loop runs on', async ({ page }) => {
  const { loads, problems } = await refreshAgainst(page, (r) => r.fulfill({ status: 503, body: 'down' }));
  // The loop goes on with its first chapter (issue 21), on the page it started on.
  const first = await api(page, () => window.supplyRoutes.map.chapters()[0].id);
  await expect.poll(() => api(page, () => window.supplyRoutes.map.chapter()), { timeout: 6000 }).toBe(first);
  expect(loads()).toBe(1);
  // The browser logs the failed check itself; nothing else went wrong.
  expect(problems.filter((p) => !p.includes('status of 503'))).toEqual([]);
});

test('a refresh check that hangs gives up after 5 s and keeps the page', async ({ page }) => {
  const { loads, problems } = await refreshAgainst(page, () => {}); // never answers
  expect(loads()).toBe(1);
  await expect(page.locator('body')).toHaveClass(/kiosk-attract/);
  expect(problems).toEqual([]);
});

test('a frame that throws shows the message, then the map draws again', async ({ page }) => {
  await openMap(page, '/?kiosk&idle=600');
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await api(page, () => {
    const fill = CanvasRenderingContext2D.prototype.fillRect;
    let once = true;
    CanvasRenderingContext2D.prototype.fillRect = function (...a) {
      if (once && this.canvas.id === 'map') { once = false; throw new Error('frame failed (test)'); }
      return fill.apply(this, a);
    };
  });
  await page.mouse.move(900, 400);
  await page.mouse.wheel(0, -200); // a wheel asks for a frame, which throws
  await expect(page.locator('#kiosk-alert')).toBeVisible();
  await expect(page.locator('#kiosk-alert')).toBeHidden({ timeout: 6000 });
  expect(errors.join('\n')).toContain('a frame failed');
  // The map answers and draws again.
  const before = await view(page);
  const drawn = await canvasDigest(page);
  await page.mouse.wheel(0, -200);
  await nextFrame(page);
  expect((await view(page)).zoom).toBeGreaterThan(before.zoom);
  expect(await canvasDigest(page)).not.toBe(drawn);
  await page.locator('#route-list button[data-route="burma-road"]').tap();
  expect(await api(page, () => window.supplyRoutes.map.selected())).toBe('burma-road');
});

test('a wasm trap in a frame is logged and the kiosk reloads into a working map', async ({ page }) => {
  await openMap(page, '/?kiosk&idle=600');
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await api(page, () => {
    window.notReloaded = true;
    CanvasRenderingContext2D.prototype.fillRect = function () { throw new WebAssembly.RuntimeError('unreachable'); };
  });
  await page.mouse.move(900, 400);
  await page.mouse.wheel(0, -200);
  await expect(page.locator('#kiosk-alert')).toBeVisible();
  // Asked while the reload is under way, the old document's context is gone: ask again.
  await expect.poll(() => page.evaluate(() => window.notReloaded ?? false).catch(() => 'navigating'), { timeout: 8000 }).toBe(false);
  expect(errors.join('\n')).toContain('RuntimeError: unreachable');
  // The new document exists before its module script has published the API: wait for that.
  await page.waitForFunction(() => window.supplyRoutes?.ready);
  const routes = await page.evaluate(async () => (await window.supplyRoutes.ready).routes().length);
  expect(routes).toBeGreaterThan(5);
  await expect(page.locator('#kiosk-alert')).toBeHidden();
});

test('kiosk guards: long-press gives no context menu, pinch zooms the map and never the page', async ({ page }) => {
  await openMap(page, '/?kiosk&idle=600');
  await api(page, () => {
    window.menus = [];
    addEventListener('contextmenu', (e) => window.menus.push({ on: e.target.tagName, prevented: e.defaultPrevented }));
  });
  const cdp = await page.context().newCDPSession(page);
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  // Long presses on text and on the map: no menu, nothing selected.
  for (const p of [[120, 60], [1000, 300]]) {
    await touch('touchStart', [p]);
    await page.waitForTimeout(1200);
    await touch('touchEnd', []);
  }
  expect(await api(page, () => String(getSelection()))).toBe('');
  // Headless Chromium raises no contextmenu for a touch long-press; the trusted contextmenu
  // event a long-press raises on a real screen comes here from the right button instead.
  await page.mouse.click(120, 60, { button: 'right' });
  await page.mouse.click(1000, 300, { button: 'right' });
  const menus = await api(page, () => window.menus);
  expect(menus.length).toBe(2);
  for (const m of menus) expect(m.prevented).toBe(true);
  expect(await api(page, () => getComputedStyle(document.body).userSelect)).toBe('none');
  expect(await api(page, () => getComputedStyle(document.documentElement).overscrollBehaviorY)).toBe('none');

  // Two fingers on the legend: the page does not zoom (outside kiosk mode it would, ×4 here).
  const pinch = async ([cx, cy], spread) => {
    await touch('touchStart', [[cx - 40, cy], [cx + 40, cy]]);
    for (let s = 1; s <= 10; s++) await touch('touchMove', [[cx - 40 - spread * s, cy], [cx + 40 + spread * s, cy]]);
    await touch('touchEnd', []);
  };
  await pinch([200, 900], 10);
  await nextFrame(page);
  expect(await api(page, () => visualViewport.scale)).toBe(1);
  // Two fingers on the map: the map zooms, the page still does not.
  const before = await view(page);
  await pinch([1000, 400], 10);
  await nextFrame(page);
  const after = await view(page);
  expect(after.zoom / before.zoom).toBeCloseTo(3.5, 1); // the fingers spread from 80 px to 280 px apart
  expect(await api(page, () => visualViewport.scale)).toBe(1);
});

test('kiosk layout at 1920×1080: type of 24 px or more, touch targets of 20 mm, none off screen', async ({ page }) => {
  await openMap(page, '/?kiosk&idle=600');
  const target = Math.max(48, Math.round(20 * 3.78));
  const audit = () => page.evaluate((target) => {
    const small = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode());) {
      const e = n.parentElement;
      if (!n.textContent.trim() || e.closest('[hidden], .visually-hidden') || !e.getBoundingClientRect().width) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (size < 24) small.push(`${e.tagName}.${e.className} ${size}px "${n.textContent.trim().slice(0, 30)}"`);
    }
    const tiny = [];
    for (const b of document.querySelectorAll('button, input, a[href]')) {
      const r = b.getBoundingClientRect();
      if (!r.width || b.closest('[hidden]')) continue;
      if (r.width < target - 0.5 || r.height < target - 0.5) tiny.push(`${b.id || b.className || b.textContent} ${r.width}×${r.height}`);
      // Outside the scrolling panel and legend, every control is on screen.
      if (!b.closest('.panel, .legend') && (r.right > innerWidth || r.bottom > innerHeight)) tiny.push(`${b.id || b.textContent} off screen`);
    }
    return { small, tiny };
  }, target);
  expect(await audit()).toEqual({ small: [], tiny: [] });
  await page.locator('#route-list button[data-route="sevastopol-hong-kong"]').tap();
  await api(page, () => window.supplyRoutes.map.setDate('1938-10'));
  expect(await audit()).toEqual({ small: [], tiny: [] });
  // The panel's close button, the timeline, the language buttons and the QR code are in the
  // lower half, within reach.
  for (const id of ['#panel-close', '#play', '#date-slider', '#overview', '#languages', '#kiosk-qr']) {
    const box = await page.locator(id).boundingBox();
    expect(box.y, id).toBeGreaterThan(540);
  }
  await page.locator('#events-button').tap();
  expect(await audit()).toEqual({ small: [], tiny: [] });
});

test('the map\'s place names are drawn at kiosk size too: 20 px or more, against 13-15 px on the web page', async ({ page }) => {
  // Canvas text escapes the DOM audit above: record the font each place name is drawn in.
  await page.addInitScript(() => {
    window.__drawnFonts = [];
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      window.__drawnFonts.push([text, this.font]);
      return fill.call(this, text, ...rest);
    };
  });
  const drawnSizes = async () => {
    await nextFrame(page);
    return page.evaluate(() => {
      const names = new Set(window.supplyRoutes.map.routes().flatMap((r) => r.legs.flatMap((l) => [l.from, l.to])));
      const sizes = window.__drawnFonts.filter(([text]) => names.has(text)).map(([, font]) => parseFloat(font.match(/([\d.]+)px/)[1]));
      window.__drawnFonts = [];
      return sizes;
    });
  };
  // What is drawn once the page is ready (the frames before the kiosk's stylesheet do not count).
  const redraw = () => api(page, () => { window.__drawnFonts = []; window.supplyRoutes.map.redraw(); });
  await openMap(page, '/?kiosk&idle=600');
  await redraw();
  const kiosk = await drawnSizes();
  expect(kiosk.length).toBeGreaterThan(5);
  expect(Math.min(...kiosk)).toBeGreaterThanOrEqual(20);
  await openMap(page, '/');
  await redraw();
  const web = await drawnSizes();
  expect(web.length).toBeGreaterThan(5);
  expect(Math.max(...web)).toBeLessThanOrEqual(15);
});

test('on a smaller landscape kiosk screen (1366×768) the cards never overlap, panel open or closed', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, hasTouch: true });
  const page = await context.newPage();
  const problems = [];
  for (const hash of ['#date=1938-10', '#date=1938-10&route=burma-road']) {
    await openMap(page, `/?kiosk&idle=600${hash}`);
    const found = await cardProblems(page, ['.title-card', '#legend', '#languages', '#timeline', '#panel', '.map-controls', '#kiosk-qr']);
    problems.push(...found.map((f) => `${hash}: ${f}`));
  }
  expect(problems).toEqual([]);
  await context.close();
});

test('on a portrait kiosk screen a chosen route is framed large, above the legend and clear of every card', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const page = await context.newPage();
  await openMap(page, '/?kiosk&idle=600#route=burma-road');
  const { points, covered } = await selectedRoutePoints(page, ['.title-card', '#legend', '#panel', '.map-controls', '#kiosk-qr']);
  const ys = points.map((p) => p[1]);
  expect(covered.length).toBe(0);
  expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(600); // the map above the legend is about 1,000 px high
  await context.close();
});

test('without ?kiosk or kiosk.json the page stays an ordinary web map', async ({ page }) => {
  const asked = [];
  page.on('request', (r) => asked.push(unhashed(new URL(r.url()).pathname)));
  await openMap(page, '/');
  await nextFrame(page);
  expect(asked).toContain('/kiosk.json');
  expect(asked).not.toContain('/kiosk.js');
  await expect(page.locator('body')).not.toHaveClass(/kiosk/);
  expect(await api(page, () => getComputedStyle(document.body).userSelect)).not.toBe('none');
});
