// Hostile content: markup and javascript: URLs in the geodata reach the page as text, never as
// HTML, and no script of theirs runs. Another exhibition's route set is data we do not control.
import { test, expect } from '@playwright/test';
import { openMap } from './helpers.js';
import { shipped } from './names.js';

const IMG = '<img src=x onerror="window.__pwned=1">';
const JS_URL = 'javascript:window.__pwned=1';
const SCRIPT = '<script>window.__pwned=1</script>';
const SVG = '<svg onload="window.__pwned=1"></svg>';
const LINK = '<a href="javascript:window.__pwned=1">read more</a>';

/// Rewrites a data file on its way to the page.
async function rewrite(page, name, edit) {
  await page.route(shipped(`data/${name}`), async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    await edit(json);
    await route.fulfill({ response: res, body: JSON.stringify(json) });
  });
}

test('markup and javascript: URLs in the geodata are shown as text and never run', async ({ page, baseURL }) => {
  // Every request the page makes: an <img src=x> parsed anywhere, even detached, would fetch /x.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const chosen = {};
  // The page fetches its files in parallel: the edits of sources and places wait for the one of
  // the routes, which chooses what they change.
  let chose;
  const routeChosen = new Promise((resolve) => { chose = resolve; });
  await rewrite(page, 'routes.geojson', (fc) => {
    const route = fc.features.find((f) => f.properties.kind === 'route' && f.properties.figures?.length);
    const p = route.properties;
    chosen.route = p.id;
    chosen.source = p.figures[0].source;
    chosen.leg = p.legs[0];
    p.name.en = `${IMG} ${JS_URL}`;
    p.summary.en = JS_URL;
    p.closed.en = SCRIPT;
    if (p.periodNote) p.periodNote.en = SVG;
    p.figures[0].text.en = IMG;
    const leg = fc.features.find((f) => f.properties.id === chosen.leg);
    leg.properties.via = { ...leg.properties.via, en: LINK };
    chosen.place = leg.properties.from;
    chose();
  });
  await rewrite(page, 'sources.json', async (sources) => {
    await routeChosen;
    sources[chosen.source].title = `${IMG}${JS_URL}`;
    sources[chosen.source].note = LINK;
  });
  await rewrite(page, 'places.geojson', async (fc) => {
    await routeChosen;
    fc.features.find((f) => f.properties.id === chosen.place).properties.name.en = `${IMG}Port`;
  });

  const problems = await openMap(page);
  expect(chosen.route, 'the intercepted files were used').toBeTruthy();
  await page.evaluate((id) => window.supplyRoutes.map.select(id), chosen.route);
  const panel = page.locator('#panel');
  await expect(panel).toBeVisible();

  // Shown literally, character for character.
  await expect(page.locator('#panel-title')).toHaveText(`${IMG} ${JS_URL}`);
  await expect(panel.locator('.summary')).toHaveText(JS_URL);
  await expect(panel.locator('.closed')).toHaveText(SCRIPT);
  await expect(panel.locator('.figures li > span').first()).toHaveText(IMG);
  await expect(panel.locator('.figures cite').first()).toHaveText(`${IMG}${JS_URL}`);
  await expect(panel.locator('.sources li', { hasText: JS_URL }).locator('span')).toHaveText(`${IMG}${JS_URL}`);
  await expect(panel.locator('.sources li', { hasText: JS_URL }).locator('cite')).toHaveText(LINK);
  await expect(panel.locator(`[data-leg="${chosen.leg}"] .via`)).toContainText(LINK);
  await expect(panel.locator(`[data-leg="${chosen.leg}"] .where`)).toContainText(`${IMG}Port`);
  await expect(page.locator('#route-list')).toContainText(`${IMG} ${JS_URL}`);

  // Click everything a visitor could click in the panel and the route list: a javascript: link
  // would run only then. "More" first: the legs, figures and sources are its second layer.
  await panel.locator('button.more').click();
  for (const el of await panel.locator('span, cite, p, h2').all()) await el.click({ force: true });
  await page.locator('#route-list button', { hasText: JS_URL }).click();

  const dom = await page.evaluate(() => ({
    pwned: window.__pwned,
    imgs: document.querySelectorAll('img').length,
    svgs: document.querySelectorAll('#panel svg, #legend svg').length,
    inlineScripts: [...document.scripts].filter((s) => !s.src).length,
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    jsLinks: [...document.querySelectorAll('[href], [src]')].filter((e) => /javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src'))).length,
    anchors: document.querySelectorAll('#panel a, #legend a').length,
  }));
  expect(dom).toEqual({ pwned: undefined, imgs: 0, svgs: 0, inlineScripts: 0, handlers: 0, jsLinks: 0, anchors: 0 });
  expect(requests.filter((u) => u === `${baseURL}/x` || u.endsWith('/x')), 'no <img src=x> was ever parsed').toEqual([]);
  expect(problems).toEqual([]);
});

test('the checks above would catch markup parsed as HTML, and the CSP still stops its script', async ({ page, baseURL }) => {
  // A control: what the page never does (innerHTML with a data string) is done here on purpose,
  // to show that the test above would see it, and that the CSP is a second wall behind it.
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective));
  });
  await openMap(page);
  await page.evaluate((html) => {
    const d = document.createElement('div');
    d.innerHTML = html;
    document.body.append(d);
  }, `${IMG}${LINK}`);
  // The map lies over the appended div: follow the link the way a click would, from script.
  await page.locator('a', { hasText: 'read more' }).evaluate((a) => a.click());
  await expect.poll(() => requests.filter((u) => u.endsWith('/x')).length).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => window.__violations.length)).toBeGreaterThan(0);
  const seen = await page.evaluate(() => ({ pwned: window.__pwned, imgs: document.querySelectorAll('img').length, violations: window.__violations }));
  expect(seen.imgs).toBe(1);
  expect(seen.pwned, 'the inline handler and the javascript: URL are blocked by the CSP').toBeUndefined();
  expect(seen.violations.every((v) => v.startsWith('script-src'))).toBe(true);
  console.log(`CSP blocked: ${seen.violations.join(', ')}`);
});
