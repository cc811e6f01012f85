// Browser tests drive Debian's Chromium (/usr/bin/chromium) against the served page.
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.TEST_PORT ?? 8181);
const data = join(tmpdir(), `supply-routes-e2e-${port}`);
const chromium = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  // Without these Chromium reaches for Google's services, which this closed network refuses.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromium,
    viewport: { width: 1280, height: 800 },
  },
  projects: [
    { name: 'mouse', use: {} },
    { name: 'touch', use: { hasTouch: true, viewport: { width: 1920, height: 1080 } } },
  ],
  // The product's server (make build builds it) over dist/, built again from www/ first (in
  // about a second when little changed) so that the tests see the page as it is edited; its
  // statistics go to a folder of the tests' own, emptied at each run.
  webServer: {
    command: `node scripts/build-site.mjs && rm -rf '${data}' && exec target/server/supply-routes-server`,
    url: `http://127.0.0.1:${port}/`,
    env: { PORT: String(port), DATA: data, ROOT: 'dist' },
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
