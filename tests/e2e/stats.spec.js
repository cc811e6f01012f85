// The curator's statistics page (www/stats/) over a known set of events posted to the test
// server (in January 2025, noon UTC, so no other test's events and no time zone move them;
// the batch ids make a second run store nothing twice): figures, the three languages, tables
// beside the charts, the CSV download, axe-core, no request off the origin, no CSP violation.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

const day = (d, hour = 12) => Date.parse(`2025-01-0${d}T${String(hour).padStart(2, '0')}:00:00Z`);
const BATCHES = [
  { v: 1, batch: 'e2e-stats-1', events: [
    { type: 'visit-start', t: day(1), visit: 1 },
    { type: 'open', t: day(1) + 1000, visit: 1, what: 'route', id: 'burma-road', ms: 30000 },
    { type: 'open', t: day(1) + 2000, visit: 1, what: 'route', id: 'burma-road', ms: 50000 },
    { type: 'language', t: day(1) + 3000, visit: 1, to: 'zh', from: 'en' },
    { type: 'qr', t: day(1) + 4000, visit: 1, id: 'burma-road' },
    { type: 'visit-end', t: day(1) + 90000, visit: 1, ms: 90000 },
  ] },
  { v: 1, batch: 'e2e-stats-2', events: [
    { type: 'attract-interrupted', t: day(2, 15), ms: 20000 },
    { type: 'visit-start', t: day(2, 15), visit: 2 },
    { type: 'open', t: day(2, 15) + 1000, visit: 2, what: 'route', id: 'northwest-highway', ms: 10000 },
    { type: 'visit-end', t: day(2, 15) + 60000, visit: 2, ms: 60000 },
    { type: 'visit-start', t: day(2, 16), visit: 3 },
    { type: 'still-there', t: day(2, 16) + 60000, visit: 3, answered: false },
    { type: 'visit-end', t: day(2, 16) + 120000, visit: 3, ms: 120000 },
    { type: 'error', t: day(2, 17), code: 'wasm-trap' },
    { type: 'recovery', t: day(2, 17), code: 'reload' },
  ] },
];

test.describe('the statistics page', () => {
  test.beforeEach(() => test.skip(test.info().project.name !== 'mouse', 'one project is enough'));

  test('shows a known set of events in three languages, accessibly, from its own origin only', async ({ page, request, baseURL }) => {
    for (const b of BATCHES) {
      const r = await request.post('/api/events', { data: b });
      expect(r.status(), await r.text()).toBe(200);
    }
    const offOrigin = [];
    page.on('request', (r) => { if (!r.url().startsWith(baseURL) && !r.url().startsWith('blob:')) offOrigin.push(r.url()); });
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await page.goto('/stats/?from=2025-01-01&to=2025-01-03&lang=en');
    await expect(page.locator('#status')).toContainText('Figures for');
    await expect(page.locator('h1')).toHaveText('Supply Routes: visitor statistics');
    const glance = page.locator('.glance');
    await expect(glance.locator('div').filter({ hasText: /^Visits/ }).locator('dd')).toHaveText('3');
    await expect(glance.locator('div').filter({ hasText: 'Typical visit' }).locator('dd')).toHaveText('1 min 30 s');
    await expect(page.locator('h2')).toHaveText(['At a glance', 'Visits per day', 'Visits by hour of the day', 'What visitors opened',
      'Language switches', 'Errors and recoveries']);
    // The per-day chart has a name, and its table the figures.
    await expect(page.locator('#per-day + figure svg')).toHaveAttribute('aria-label', /3 in all, most on (Jan 2|2 Jan) \(2\)/);
    const days = page.locator('section[aria-labelledby="per-day"] table tbody tr');
    await expect(days).toHaveCount(3);
    await expect(days.nth(1).locator('td')).toHaveText('2');
    // Route names come from the page's data; the longest bar first.
    const routes = page.locator('section[aria-labelledby="opened-route"] .bars li');
    await expect(routes.first()).toContainText('Burma Road');
    await expect(routes.first().locator('.value')).toHaveText('2');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => v.id)).toEqual([]);

    // The CSV is the API's, downloaded with the same range.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#csv').click()]);
    expect(download.suggestedFilename()).toBe('supply-routes-2025-01-01-2025-01-03.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('visits,total,3\r\n');
    expect(csv).toContain('opened_route,burma-road,2\r\n');

    await page.getByRole('button', { name: '中文' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh');
    await expect(page.locator('h1')).toHaveText('援华路线：观众统计');
    await expect(page.locator('#opened-route')).toHaveText('路线');
    await expect(routes.first()).toContainText('滇缅公路');
    await expect(page.getByRole('button', { name: '中文' })).toHaveAttribute('aria-pressed', 'true');
    expect((await new AxeBuilder({ page }).analyze()).violations.filter((v) => ['serious', 'critical'].includes(v.impact))).toEqual([]);
    await page.getByRole('button', { name: 'Русский' }).click();
    await expect(page.locator('h1')).toHaveText('Пути помощи: статистика посещений');
    await expect(glance.locator('div').filter({ hasText: 'Обычное посещение' }).locator('dd')).toHaveText('1 мин 30 с');
    await expect(page).toHaveURL(/lang=ru/);

    expect(offOrigin).toEqual([]);
    expect(await page.evaluate(() => window.__violations)).toEqual([]);
  });
});
