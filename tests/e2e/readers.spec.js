// Every reader gets the whole map: three languages, the keyboard, screen readers (axe-core),
// phones, links that restore what was shown, embedding and export.
import { test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openMap, canvasDigest, nextFrame, view, cardProblems, selectedRoutePoints, newspaper, expect } from './helpers.js';
import { shipped, unhashed } from './names.js';

/// Each language's interface file (geodata/interface/<code>.json, as the page reads it) as its
/// leaf strings (placeholders cut out) and its keys.
const catalogue = (page) => page.evaluate(async () => {
  const list = await (await fetch('/data/languages.json')).json();
  const leaves = (obj) => Object.values(obj).flatMap((s) => s.split(/\{\w+\}/)).map((s) => s.trim()).filter((s) => s.length > 1);
  return Object.fromEntries(await Promise.all(list.map(async ({ code }) => {
    const obj = await (await fetch(`/data/interface/${code}.json`)).json();
    return [code, { leaves: leaves(obj), keys: Object.keys(obj) }];
  })));
});

test('switching to Chinese and Russian changes the panel, the legend and the canvas labels', async ({ page }) => {
  const problems = await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.select('burma-road'));
  await nextFrame(page);
  const en = { title: await page.locator('#panel h2').textContent(), canvas: await canvasDigest(page) };
  for (const [code, name] of [['zh', '中文'], ['ru', 'Русский']]) {
    await page.locator(`#languages button[data-lang="${code}"]`).click();
    await nextFrame(page);
    expect(await page.evaluate(() => window.supplyRoutes.map.language())).toBe(code);
    await expect(page.locator(`#languages button[data-lang="${code}"]`)).toHaveText(name);
    await expect(page.locator(`#languages button[data-lang="${code}"]`)).toHaveAttribute('aria-pressed', 'true');
    const title = await page.locator('#panel h2').textContent();
    expect(title).not.toBe(en.title);
    const route = await page.evaluate(() => window.supplyRoutes.map.routes().find((r) => r.id === 'burma-road'));
    expect(title).toBe(route.name);
    // The selection and the date survive the switch.
    expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBe('burma-road');
    expect(await canvasDigest(page)).not.toBe(en.canvas);
    expect(page.url()).toContain(`lang=${code}`);
  }
  if (await page.evaluate(() => document.documentElement.lang) === 'ru') expect(problems).toEqual([]);
});

for (const lang of ['en', 'ru']) {
  test(`a ${lang === 'en' ? 'English' : 'Russian'} page requests no Noto Sans SC stylesheet or subset, even with a source in Chinese open`, async ({ page }) => {
    const fonts = [];
    page.on('request', (r) => { if (r.url().includes('/fonts/')) fonts.push(unhashed(r.url().split('/fonts/')[1])); });
    await openMap(page, lang === 'en' ? '/' : '/#lang=ru');
    // A route whose panel shows a source titled in Chinese: its glyphs come from the family cut
    // for what every page shows (fonts/languages.css), not from Noto Sans SC.
    const shown = await page.evaluate(async () => {
      const map = window.supplyRoutes.map;
      for (const { id } of map.routes()) {
        map.select(id);
        if (/[\u4e00-\u9fff]/.test(document.getElementById('panel').innerText)) return id;
      }
      return null;
    });
    expect(shown, 'a route whose panel shows Chinese').not.toBeNull();
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(500);
    expect(fonts.filter((f) => f.startsWith('noto-sans-sc'))).toEqual([]);
    expect(fonts.filter((f) => /^sources-\d+-\d+\.woff2$/.test(f)).length).toBeGreaterThan(0);
  });
}

test('an English page fetches no Noto Sans SC subset: 中文 has its own font, Chinese comes when shown', async ({ page }) => {
  const fonts = [];
  page.on('request', (r) => { if (r.url().includes('/fonts/')) fonts.push(unhashed(r.url().split('/fonts/')[1])); });
  await openMap(page);
  await page.evaluate(() => document.fonts.ready);
  const subsets = () => fonts.filter((f) => /^noto-sans-sc-\d+-\d+-normal\.woff2$/.test(f));
  expect(subsets()).toEqual([]);
  // The language button's 中文 is drawn in the two-glyph font cut from Noto Sans SC.
  expect(fonts.filter((f) => /^languages-\d+-400\.woff2$/.test(f)).length).toBeGreaterThan(0);
  const loaded = (family, weight) => page.evaluate(([fam, w]) => [...document.fonts]
    .some((f) => f.family.replace(/['"]/g, '') === fam && f.weight === w && f.status === 'loaded'), [family, weight]);
  expect(await loaded('Supply Routes Languages', '400')).toBe(true);
  // Switching to Chinese fetches the subsets its texts and canvas labels use.
  await page.locator('#languages button[data-lang="zh"]').click();
  await expect.poll(() => loaded('Noto Sans SC', '700')).toBe(true);
  expect(subsets().length).toBeGreaterThan(3);
});

test('in Chinese no English interface or route text is left on the page', async ({ page }) => {
  await openMap(page, '/#lang=zh&date=1938-11');
  const strings = await catalogue(page);
  const zhLeaves = new Set(strings.zh.leaves);
  const english = strings.en.leaves.filter((s) => !zhLeaves.has(s));
  const routes = await page.evaluate(async () => {
    const map = window.supplyRoutes.map;
    map.setLanguage('en');
    const en = map.routes().map((r) => r.name);
    map.setLanguage('zh');
    return en;
  });
  for (const open of [null, 'burma-road', 'events']) {
    if (open === 'events') await page.locator('#events-button').click();
    else if (open) await page.evaluate((id) => window.supplyRoutes.map.select(id), open);
    // What a visitor sees: the visible text and every accessible name, minus bibliographic
    // citations, which keep their original language.
    const shown = await page.evaluate(() => {
      const out = [];
      const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walk.nextNode()) {
        const el = walk.currentNode.parentElement;
        if (!el || el.closest('[hidden], .sources, cite, .figures cite, .documented') || !el.checkVisibility()) continue;
        out.push(walk.currentNode.textContent);
      }
      for (const el of document.querySelectorAll('[aria-label], [title]')) out.push(el.getAttribute('aria-label') ?? '', el.title ?? '');
      return out.join('\n');
    });
    for (const s of [...english, ...routes]) expect(shown, `"${s}" left in Chinese mode (${open})`).not.toContain(s);
  }
});

test('every interface string exists in all three languages', async ({ page }) => {
  await openMap(page);
  const strings = await catalogue(page);
  for (const code of ['zh', 'ru']) expect(strings.en.keys.filter((k) => !strings[code].keys.includes(k)), code).toEqual([]);
});

for (const lang of ['en', 'zh', 'ru']) {
  test(`axe-core finds no serious or critical violation (${lang}, with a panel open)`, async ({ page }) => {
    await openMap(page, `/#lang=${lang}`);
    for (const step of ['closed', 'route', 'event']) {
      if (step === 'route') await page.evaluate(() => window.supplyRoutes.map.select('northwest-highway'));
      if (step === 'event') {
        await page.evaluate(() => window.supplyRoutes.map.setDate('1938-02'));
        await page.evaluate(() => window.supplyRoutes.map.openEvent('taiwan-raid'));
      }
      const result = await new AxeBuilder({ page }).analyze();
      const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
        .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      expect(bad, `${lang}, ${step}`).toEqual([]);
    }
  });
}

test('keyboard only: tab to every route, Enter selects it and the panel reads its length', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'keyboard');
  await openMap(page);
  const routes = await page.evaluate(() => window.supplyRoutes.map.routes().map((r) => ({ id: r.id, km: r.lengthKm })));
  const fmt = (km) => `${new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(km)} km`;
  for (const r of routes) {
    // From the top of the page, Tab until the route's button has focus.
    await page.locator('body').focus();
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate((id) => document.activeElement?.dataset?.route === id, r.id);
    }
    expect(found, `reached ${r.id} by Tab`).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.locator('#panel [data-total]')).toContainText(fmt(r.km));
    expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBe(r.id);
    expect(await page.evaluate(() => document.getElementById('announce').textContent)).toContain(
      await page.locator('#panel h2').textContent());
    // Esc closes and gives focus back to the route's button.
    await page.keyboard.press('Escape');
    await expect(page.locator('#panel')).toBeHidden();
    expect(await page.evaluate(() => document.activeElement?.dataset?.route)).toBe(r.id);
  }
});

test('a deep link restores route, view, date and language; Back undoes a choice', async ({ page }) => {
  await openMap(page, '/#lang=ru&date=1940-08&route=burma-road&view=100.000,25.000,3.000');
  const state = await page.evaluate(() => {
    const map = window.supplyRoutes.map;
    return { lang: map.language(), date: map.date(), route: map.selected(), view: map.view() };
  });
  expect(state.lang).toBe('ru');
  expect(state.date).toBe('1940-08');
  expect(state.route).toBe('burma-road');
  expect(state.view.center[0]).toBeCloseTo(100, 3);
  expect(state.view.center[1]).toBeCloseTo(25, 3);
  expect(state.view.zoom).toBeCloseTo(3, 3);
  await expect(page.locator('#panel h2')).toHaveText(/Рангун/);

  // The view a reader pans to goes into the link, and a copy of it restores it.
  await page.evaluate(() => window.supplyRoutes.map.setView({ center: [104, 30], zoom: 4 }));
  await expect.poll(() => page.evaluate(() => location.hash), { timeout: 3000 }).toContain('view=104.000,30.000,4.000');
  const link = page.url();
  const other = await page.context().newPage();
  await openMap(other, link.replace(/^https?:\/\/[^/]+/, ''));
  const v = await view(other);
  expect(v.center[0]).toBeCloseTo(104, 3);
  expect(v.zoom).toBeCloseTo(4, 3);

  // Choosing another route, then Back, returns to the first.
  await page.locator('#route-list button[data-route="air-route"]').click();
  expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBe('air-route');
  await page.goBack();
  await expect.poll(() => page.evaluate(() => window.supplyRoutes.map.selected())).toBe('burma-road');
  await page.goForward();
  await expect.poll(() => page.evaluate(() => window.supplyRoutes.map.selected())).toBe('air-route');
});

test('a phone in portrait: nothing overflows at 360×640 and the panel is a bottom sheet', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 });
  const page = await context.newPage();
  await openMap(page, '/#lang=ru');
  for (const step of ['map', 'panel']) {
    if (step === 'panel') await page.evaluate(() => window.supplyRoutes.map.select('northwest-highway'));
    // Every box on the page (cards, controls, the sheet) stays on screen; what scrolls inside a
    // card is clipped by it, so the cards are what must fit.
    const overflow = await page.evaluate(() => [...document.querySelectorAll('#app > *')].filter((el) => {
      if (!el.checkVisibility()) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1 || r.top < -1 || r.bottom > innerHeight + 1);
    }).map((el) => `${el.tagName}#${el.id}.${el.className}`));
    // Nor does any text run out of its own box sideways.
    const clipped = await page.evaluate(() => [...document.querySelectorAll('#app button, #app h1, #app p, #app output')]
      .filter((el) => el.checkVisibility() && el.scrollWidth > el.clientWidth + 1).map((el) => el.id || el.textContent.slice(0, 20)));
    expect(clipped, step).toEqual([]);
    expect(overflow, step).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  const panel = await page.locator('#panel').boundingBox();
  expect(panel.y).toBeGreaterThan(200); // docked at the bottom
  expect(panel.y + panel.height).toBeLessThanOrEqual(641);
  const size = await page.evaluate(() => { const c = document.getElementById('map'); return [c.width, c.clientWidth]; });
  expect(size[0]).toBe(size[1] * 3); // sharp at the real devicePixelRatio
  await context.close();
});

test('a phone: a route a link frames stays clear of the map buttons beside the bottom sheet', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'mouse', 'the phone context is its own');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  // The air route and the north-west highway run west to east across the whole free strip
  // above the sheet, where the buttons stand at the right.
  for (const id of ['air-route', 'northwest-highway']) {
    await openMap(page, `/#route=${id}`);
    expect(await page.evaluate(() => window.supplyRoutes.map.selected())).toBe(id);
    const { covered } = await selectedRoutePoints(page, ['.map-controls .round']);
    expect(covered, `${id}: points under a button or off the screen`).toEqual([]);
  }
  await context.close();
});

test('from phone to wide screen, held either way: the cards never overlap and the timeline keeps its room', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'mouse', 'the contexts are its own');
  const sizes = [[1280, 800], [1024, 700], [768, 1024], [844, 390], [390, 844], [360, 640]];
  const problems = [];
  for (const [width, height] of sizes) {
    const context = await browser.newContext({ viewport: { width, height }, hasTouch: width < 900, isMobile: width < 900 });
    const page = await context.newPage();
    for (const hash of ['#date=1938-10', '#date=1938-10&route=hong-kong-railway']) {
      await openMap(page, `/${hash}`);
      const found = await cardProblems(page, ['.title-card', '#legend', '#timeline', '#panel', '.map-controls']);
      problems.push(...found.map((f) => `${width}x${height} ${hash}: ${f}`));
    }
    await context.close();
  }
  expect(problems).toEqual([]);
});

test('the full-screen button toggles full screen; where it is not allowed, and on the kiosk, it is not offered', async ({ page, baseURL }, testInfo) => {
  test.skip(testInfo.project.name !== 'mouse', 'once is enough');
  await openMap(page, '/');
  const button = page.locator('#fullscreen');
  await expect(button).toBeVisible();
  await expect(button).toHaveAttribute('aria-label', 'Full screen');
  await button.click();
  await page.waitForFunction(() => document.fullscreenElement === document.documentElement);
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await button.click();
  await page.waitForFunction(() => document.fullscreenElement === null);
  await expect(button).toHaveAttribute('aria-pressed', 'false');

  // Where full screen is not allowed (a frame without allow="fullscreen" is one such place:
  // the browser's Permissions-Policy then says no), the button is not offered.
  await page.route('**/?embed', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'permissions-policy': 'fullscreen=()' } });
  });
  await openMap(page, '/?embed');
  expect(await page.evaluate(() => document.fullscreenEnabled)).toBe(false);
  await expect(page.locator('#fullscreen')).toBeHidden();
  await expect(page.locator('#export')).toBeVisible();
  await page.unrouteAll();
  // And in a newspaper's frame: offered only with allow="fullscreen".
  for (const allow of ['', 'allow="fullscreen"']) {
    const news = await newspaper(`${baseURL}/?embed`, allow);
    try {
      await page.goto(news.url);
      const frame = page.frameLocator('iframe');
      await expect(frame.locator('#map')).toBeVisible();
      await page.frames().find((f) => f.url().startsWith(baseURL)).evaluate(() => window.supplyRoutes.ready);
      if (allow) await expect(frame.locator('#fullscreen')).toBeVisible();
      else await expect(frame.locator('#fullscreen')).toBeHidden();
    } finally {
      news.close();
    }
  }

  await openMap(page, '/?kiosk&idle=600');
  await expect(page.locator('#fullscreen')).toBeHidden();
});

test('a phone turned sideways frames the chosen route again, unless the reader has moved the map', async ({ browser }, testInfo) => {
  test.skip(testInfo.project.name !== 'mouse', 'the phone context is its own');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await openMap(page, '/#route=sevastopol-haiphong');
  // Points of the route off the screen, under the panel (a side panel or a bottom sheet) or
  // under the title card.
  const outside = () => page.evaluate(() => {
    const map = window.supplyRoutes.map;
    const panel = document.getElementById('panel').getBoundingClientRect();
    const title = document.querySelector('.title-card').getBoundingClientRect();
    const right = panel.top < innerHeight / 4 ? panel.left : innerWidth;
    const bottom = panel.top < innerHeight / 4 ? innerHeight : panel.top;
    const route = map.routes().find((r) => r.id === map.selected());
    return route.legs.flatMap((l) => l.coordinates).map((c) => map.project(c).map(Math.round))
      .filter(([x, y]) => x < 0 || y < 0 || x > right || y > bottom
        || (x >= title.left && x <= title.right && y >= title.top && y <= title.bottom));
  });
  expect(await outside()).toEqual([]);
  await page.setViewportSize({ width: 844, height: 390 });
  await expect.poll(outside).toEqual([]);
  // Once the reader moves the map, a turn keeps the reader's view.
  await page.evaluate(() => { const m = window.supplyRoutes.map; const v = m.view(); m.setView({ center: [v.center[0] + 5, v.center[1]], zoom: v.zoom * 1.5 }); });
  const moved = await view(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await nextFrame(page);
  await nextFrame(page);
  expect(await view(page)).toEqual(moved);
  await context.close();
});

test('embedded: one finger scrolls the page until the map is tapped, then pans it', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 400, height: 700 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  await openMap(page, '/?embed');
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('map')).touchAction)).toBe('pan-x pan-y');
  const cdp = await context.newCDPSession(page);
  const drag = async () => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 200, y: 300 }] });
    for (let s = 1; s <= 5; s++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 200 + 15 * s, y: 300 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  const before = await view(page);
  await drag();
  expect((await view(page)).center).toEqual(before.center);
  await page.touchscreen.tap(200, 300);
  expect(await page.evaluate(() => getComputedStyle(document.getElementById('map')).touchAction)).toBe('none');
  await drag();
  expect((await view(page)).center[0]).toBeLessThan(before.center[0]);
  await context.close();
});

test('the export button saves the view as a PNG with title, legend and sources', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'once is enough');
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.select('northwest-highway'));
  const download = page.waitForEvent('download');
  await page.locator('#export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('supply-routes-all.png');
  const info = await page.evaluate(async () => {
    const blob = await window.supplyRoutes.map.exportPng();
    const bitmap = await createImageBitmap(blob);
    const map = document.getElementById('map');
    return { type: blob.type, w: bitmap.width, h: bitmap.height, mapW: map.width, mapH: map.height };
  });
  expect(info.type).toBe('image/png');
  expect(info.w).toBe(info.mapW);
  expect(info.h).toBeGreaterThan(info.mapH + 100); // title band above, sources below
});

test('the exported picture waits for the Chinese glyphs of its sources, which canvas text does not fetch', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'once is enough');
  // Noto Sans SC's subsets arrive late, as on a slow connection.
  await page.route(shipped(/\/fonts\/noto-sans-sc-\d+-\d+-normal\.woff2$/), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await openMap(page);
  const state = await page.evaluate(async () => {
    const map = window.supplyRoutes.map;
    map.select('hong-kong-railway'); // one of its sources: "Wikipedia (zh), 广九铁路 (…)"
    const titles = map.details('hong-kong-railway').sources.map((s) => s.title).join('');
    await map.exportPng();
    const faces = [...document.fonts].filter((f) => f.family.replace(/['"]/g, '') === 'Noto Sans SC' && f.weight === '400');
    return { chinese: /[\u4e00-\u9fff]/.test(titles), loaded: faces.filter((f) => f.status === 'loaded').length };
  });
  expect(state.chinese).toBe(true);
  expect(state.loaded).toBeGreaterThan(0);
});

test('canvas labels are drawn again once the font of a new language arrives', async ({ page }, testInfo) => {
  test.skip(testInfo.project.use.hasTouch, 'once is enough');
  // Noto Sans Cyrillic bold (the Russian labels' weight) arrives late, as on a slow connection.
  await page.route(shipped(/\/fonts\/noto-sans-cyrillic-700-normal\.woff2$/), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await route.continue();
  });
  await openMap(page);
  await page.evaluate(() => window.supplyRoutes.map.setLanguage('ru'));
  await nextFrame(page);
  const before = await canvasDigest(page);
  // Nothing else moves the map: only the font's arrival can change the canvas.
  await page.waitForFunction(() => [...document.fonts].some((f) => f.status === 'loaded' && f.weight === '700'
    && f.unicodeRange.includes('U+400')), null, { timeout: 5000 });
  await expect.poll(() => canvasDigest(page), { timeout: 3000 }).not.toBe(before);
});
