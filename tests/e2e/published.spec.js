// Published lengths: the panel sets each beside the drawn length, with its source.
import { test } from '@playwright/test';
import { openMap, formatKm, expect } from './helpers.js';

test('a leg row shows its drawn and published lengths, and a part is labelled', async ({ page }) => {
  const problems = await openMap(page);
  const { details, leg } = await page.evaluate(() => {
    const map = window.supplyRoutes.map;
    map.select('burma-road');
    const details = map.details('burma-road');
    return { details, leg: details.legs.find((l) => l.id === 'L3') };
  });
  const row = page.locator('#panel .legs li[data-leg="L3"]');
  const first = row.locator('.published').first();
  await expect(first).toContainText(`drawn ${formatKm(leg.lengthKm)} · published ${formatKm(1146.1)}`);
  await expect(first).toContainText(details.sources.find((s) => s.tag === 'YLZC').title);
  await expect(row.locator('.published')).toHaveCount(leg.documented.length);
  await expect(row.locator('.published').last()).toContainText('Kunming–Hsiakuan');
  await expect(row.locator('.length')).toHaveText(formatKm(leg.lengthKm));
  // A route-level figure covering a run of legs names the run.
  await page.evaluate(() => window.supplyRoutes.map.select('sevastopol-rangoon'));
  await expect(page.locator('#panel .published').last()).toContainText('Port Said – Rangoon');
  expect(problems).toEqual([]);
});
