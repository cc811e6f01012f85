// make preview (issue 20): the server's --preview mode over a copy of geodata/ (the real one is
// never touched), the preview client (preview/) in the page. A save shows in the open page
// within a second, keeping the view, the date, the language and the route open, with no step
// added for Back; a broken file's errors go to the panel with the last good set left on the map,
// and fixing it clears them. And dist/, what ships, holds nothing of the preview.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMap } from './helpers.js';

const REPO = new URL('../..', import.meta.url).pathname;
const ROUTE = 'sevastopol-rangoon';

/// The server in preview mode over `geodata`, on a free port.
async function startPreview(geodata, data) {
  const child = spawn(join(REPO, 'target/server/supply-routes-server'),
    ['--root', join(REPO, 'dist'), '--data', data, '--port', '0', '--preview', geodata, '--preview-client', join(REPO, 'preview')],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /:(\d+)\//.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    exited.then((code) => reject(new Error(`server exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => { child.kill('SIGTERM'); return exited; } };
}

/// routes.geojson with `edit(route)` applied to ROUTE's feature (one feature a line, as stored).
function editRoute(text, edit) {
  const set = JSON.parse(text);
  edit(set.features.find((f) => f.id === ROUTE || f.properties.id === ROUTE).properties);
  return JSON.stringify(set);
}

test.describe('make preview', () => {
  test.beforeEach(async ({}, testInfo) => {
    test.skip(testInfo.project.use.hasTouch, 'one project is enough: the preview is a desk tool');
  });

  let dir; let geodata; let server; let original;
  test.beforeEach(async ({}, testInfo) => {
    if (testInfo.project.use.hasTouch) return;
    dir = mkdtempSync(join(tmpdir(), 'preview-'));
    geodata = join(dir, 'geodata');
    cpSync(join(REPO, 'geodata'), geodata, { recursive: true });
    original = readFileSync(join(geodata, 'routes.geojson'), 'utf8');
    server = await startPreview(geodata, join(dir, 'var'));
  });
  test.afterEach(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    server = dir = undefined;
  });

  test('a save shows within a second, keeping view, date, language and route; errors show and clear', async ({ page }) => {
    const problems = await openMap(page, `${server.origin}/`);
    await expect(page.locator('.preview-badge')).toContainText('Preview');
    // The client's first read of the disk, at start.
    await page.waitForFunction(() => window.supplyRoutesPreview?.last?.ok === true);
    // Past the age (3 s) at which the server stops hashing the copied files: that alone once
    // counted as a change of every file, interface ones too, and the page reloaded itself.
    await page.evaluate(() => { window.notReloaded = true; });
    await page.waitForTimeout(3500);
    expect(await page.evaluate(() => window.notReloaded), 'nothing changed: the page did not reload').toBe(true);
    const routes = join(geodata, 'routes.geojson');
    const nameOf = (id) => page.evaluate(async (id) => (await window.supplyRoutes.ready).routes().find((r) => r.id === id)?.name, id);
    const shownBefore = await nameOf(ROUTE);

    // Somewhere other than the page's own choices: a route open, a zoomed view, a month.
    const before = await page.evaluate(async (id) => {
      const map = await window.supplyRoutes.ready;
      map.select(id);
      map.setDate('1939-06');
      map.setView({ center: [100, 25], zoom: 4.5 });
      return { view: map.view(), date: map.date(), language: map.language() };
    }, ROUTE);
    expect(before.date).toBe('1939-06');

    const entries = await page.evaluate(() => history.length);
    const renamed = `${shownBefore} (edited)`;
    const saved = Date.now();
    writeFileSync(routes, editRoute(original, (p) => { p.name.en = renamed; }));
    await expect(page.locator('#route-list')).toContainText(renamed, { timeout: 3000 });
    const took = Date.now() - saved;
    console.log(`preview: the renamed route shown ${took} ms after the save`);
    expect(took).toBeLessThan(1000);
    const after = await page.evaluate(async () => {
      const map = await window.supplyRoutes.ready;
      return { view: map.view(), date: map.date(), language: map.language() };
    });
    expect(after.date).toBe(before.date);
    expect(after.language).toBe(before.language);
    expect(after.view.zoom).toBeCloseTo(before.view.zoom, 6);
    expect(after.view.center[0]).toBeCloseTo(before.view.center[0], 6);
    expect(after.view.center[1]).toBeCloseTo(before.view.center[1], 6);
    expect(await page.evaluate(() => history.length), 'a save is no step for Back').toBe(entries);
    expect(await page.evaluate(async () => (await window.supplyRoutes.ready).selected())).toBe(ROUTE);

    // Another language is kept too.
    await page.evaluate(async () => (await window.supplyRoutes.ready).setLanguage('ru'));
    const loads = await page.evaluate(() => window.supplyRoutesPreview.loads);
    writeFileSync(routes, editRoute(original, (p) => { p.name.en = renamed; p.name.ru = `${p.name.ru} (правка)`; }));
    await expect(page.locator('#route-list')).toContainText('(правка)', { timeout: 3000 });
    expect(await page.evaluate(() => window.supplyRoutesPreview.loads)).toBeGreaterThan(loads);
    expect(await page.evaluate(async () => (await window.supplyRoutes.ready).language())).toBe('ru');
    await page.evaluate(async () => (await window.supplyRoutes.ready).setLanguage('en'));
    const good = await page.evaluate(async () => (await window.supplyRoutes.ready).routes().map((r) => r.id));

    // Invalid JSON: the file and the line in the panel, the last good set on the map.
    writeFileSync(routes, original.slice(0, 3000));
    const errors = page.locator('.load-errors li');
    await expect(errors.first()).toContainText('routes.geojson', { timeout: 3000 });
    await expect(errors.first()).toContainText(/line \d+/);
    await expect(page.locator('.preview-badge')).toContainText('error');
    expect(await page.evaluate(async () => (await window.supplyRoutes.ready).routes().map((r) => r.id))).toEqual(good);
    expect(await nameOf(ROUTE)).toBe(renamed);

    // Valid JSON with a field in error: the file, the feature and the field.
    writeFileSync(routes, editRoute(original, (p) => { p.legs = [...p.legs, 'no-such-leg']; }));
    await expect(errors.first()).toContainText('no-such-leg', { timeout: 3000 });
    await expect(errors.first()).toContainText('routes.geojson');
    await expect(errors.first()).toContainText(`"${ROUTE}"`);
    await expect(errors.first()).toContainText('field "legs"');
    // And the line of the feature, as validate gives it, though only a syntax error has one of its own.
    await expect(errors.first()).toContainText(/\(line \d+\)$/);
    expect(await nameOf(ROUTE)).toBe(renamed);

    // Fixed: the errors go, the file's set is shown, the date and view still the curator's.
    writeFileSync(routes, original);
    await expect(page.locator('.load-errors')).toBeHidden({ timeout: 3000 });
    await expect.poll(() => nameOf(ROUTE)).toBe(shownBefore);
    await expect(page.locator('.preview-badge')).toContainText('read');
    expect(await page.evaluate(async () => (await window.supplyRoutes.ready).date())).toBe('1939-06');
    expect(await page.evaluate(async () => (await window.supplyRoutes.ready).selected()), 'the route open before the errors').toBe(ROUTE);
    expect(problems).toEqual([]);
  });

  test('an interface file changed reloads the page at the same link, with the new text', async ({ page }) => {
    await openMap(page, `${server.origin}/#date=1938-11&route=burma-road`);
    await page.waitForFunction(() => window.supplyRoutesPreview?.last?.ok === true);
    const hash = await page.evaluate(() => location.hash);
    await page.evaluate(() => { window.notReloaded = true; });
    const file = join(geodata, 'interface/en.json');
    const strings = JSON.parse(readFileSync(file, 'utf8'));
    const reloaded = page.waitForEvent('load');
    writeFileSync(file, JSON.stringify({ ...strings, title: `${strings.title} (edited)` }, null, 2));
    await reloaded;
    await page.waitForFunction(() => window.supplyRoutesPreview?.last?.ok === true);
    expect(await page.evaluate(() => window.notReloaded)).toBeUndefined();
    await expect(page.locator('h1')).toHaveText(`${strings.title} (edited)`);
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    const shown = await page.evaluate(async () => {
      const map = await window.supplyRoutes.ready;
      return [map.date(), map.selected(), map.language()];
    });
    expect(shown).toEqual(['1938-11', 'burma-road', 'en']);
  });
});

test('dist/, what ships, holds nothing of the preview', async () => {
  const hits = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(html|js|css|json)$/.test(name) && /_preview|supplyRoutesPreview/.test(readFileSync(p, 'utf8'))) hits.push(p);
    }
  };
  walk(join(REPO, 'dist'));
  expect(hits).toEqual([]);
});
