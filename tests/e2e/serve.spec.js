// The server (target/server/supply-routes-server, server/): MIME types, caching, security headers, and no path
// that reaches outside www/. Requests are written on a raw socket, so that "..", encoded and
// malformed targets reach the server exactly as an attacker would send them (an HTTP client
// would normalise them away first).
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMap, newspaper } from './helpers.js';

const REPO = new URL('../..', import.meta.url).pathname;

/// One raw HTTP/1.1 exchange: `{status, headers, body}` (headers lower-cased).
function raw(port, target, { method = 'GET', headers = {}, request = null } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = text.slice(0, split).split('\r\n');
      const h = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        h[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: h, body: text.slice(split + 4) });
    });
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    // Written without half-closing: the server closes the connection when it has answered.
    socket.write(request ?? `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extra}\r\n`, 'latin1');
    socket.setTimeout(10_000, () => socket.destroy(new Error(`no answer to ${target}`)));
  });
}

const portOf = (baseURL) => Number(new URL(baseURL).port);

/// Starts a second server on a free port over a folder of our own.
async function serveFolder(rootDir) {
  const child = spawn(join(REPO, 'target/server/supply-routes-server'), [], {
    env: { ...process.env, ROOT: rootDir, PORT: '0', DATA: join(rootDir, '..', 'server-data') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      const m = /:(\d+)\//.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}

const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
];

function expectSecurityHeaders(h, what) {
  const csp = (h['content-security-policy'] ?? '').split(';').map((d) => d.trim());
  for (const d of CSP_DIRECTIVES) expect(csp, `${what}: CSP has ${d}`).toContain(d);
  expect(csp.some((d) => d.startsWith('script-src') && /'unsafe-inline'|'unsafe-eval'/.test(d)), what).toBe(false);
  expect(csp.some((d) => d.startsWith('frame-ancestors') && !d.includes('*')), `${what}: embeddable`).toBe(false);
  expect(h['x-frame-options'], `${what}: embeddable`).toBeUndefined();
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['referrer-policy'], what).toBe('no-referrer');
}

test.describe('the server', () => {
  // Plain HTTP: once is enough, not once per browser project.
  test.beforeEach(() => test.skip(test.info().project.name !== 'mouse', 'server tests run in one project'));

  test('serves every kind of file the page uses with its MIME type, caching and security headers', async ({ baseURL }) => {
    const port = portOf(baseURL);
    const font = readdirSync(join(REPO, 'www/fonts')).find((f) => f.endsWith('.woff2'));
    const expected = [
      ['/', 'text/html; charset=utf-8', 'no-cache'],
      ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
      ['/main.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/pkg/supply_routes.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/pkg/supply_routes_bg.wasm', 'application/wasm', 'no-cache'],
      ['/style.css', 'text/css; charset=utf-8', 'no-cache'],
      ['/data/routes.geojson', 'application/geo+json; charset=utf-8', 'no-cache'],
      ['/data/places.geojson', 'application/geo+json; charset=utf-8', 'no-cache'],
      ['/data/sources.json', 'application/json; charset=utf-8', 'no-cache'],
      [`/fonts/${font}`, 'font/woff2', 'public, max-age=86400'],
    ];
    for (const [path, type, cache] of expected) {
      const r = await raw(port, path);
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.headers['cache-control'], path).toBe(cache);
      expect(r.headers.etag, path).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
      expect(Date.parse(r.headers['last-modified']), path).toBeGreaterThan(0);
      expectSecurityHeaders(r.headers, path);
    }
    // Errors carry the headers too, and are never cached.
    const missing = await raw(port, '/no-such-file.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
    expectSecurityHeaders(missing.headers, '404');
  });

  test('revalidates with ETag and Last-Modified', async ({ baseURL }) => {
    const port = portOf(baseURL);
    const first = await raw(port, '/data/routes.geojson');
    const etag = first.headers.etag;
    const byTag = await raw(port, '/data/routes.geojson', { headers: { 'If-None-Match': etag } });
    expect(byTag.status).toBe(304);
    expect(byTag.body).toBe('');
    expect(byTag.headers.etag).toBe(etag);
    const byDate = await raw(port, '/data/routes.geojson', { headers: { 'If-Modified-Since': first.headers['last-modified'] } });
    expect(byDate.status).toBe(304);
    const stale = await raw(port, '/data/routes.geojson', { headers: { 'If-None-Match': 'W/"0-0"' } });
    expect(stale.status).toBe(200);
    const old = await raw(port, '/data/routes.geojson', { headers: { 'If-Modified-Since': 'Thu, 01 Jan 1970 00:00:00 GMT' } });
    expect(old.status).toBe(200);
    expect(old.body.length).toBe(Number(first.headers['content-length']));
  });

  test('refuses every path that reaches outside www/', async ({ baseURL }) => {
    const port = portOf(baseURL);
    // Files outside www/ whose content we can recognise if it ever leaks.
    const secrets = [readFileSync(join(REPO, 'Cargo.toml'), 'utf8').slice(0, 40), 'root:x:0:0'];
    const attacks = [
      '/../Cargo.toml',
      '/../../../../../../etc/passwd',
      '/data/../../Cargo.toml',
      '/%2e%2e/Cargo.toml',
      '/%2E%2E/Cargo.toml',
      '/.%2e/Cargo.toml',
      '/..%2fCargo.toml',
      '/..%2FCargo.toml',
      '/data%2f..%2f..%2fCargo.toml',
      '/%2e%2e%2fCargo.toml',
      '/%252e%252e/Cargo.toml',
      '/%252e%252e%252fCargo.toml',
      '/..%252fCargo.toml',
      '/..\\Cargo.toml',
      '/%5c..%5cCargo.toml',
      '/..%5cCargo.toml',
      '/%c0%ae%c0%ae/Cargo.toml',
      '/%2e%2e%00/Cargo.toml',
      '/index.html%00.png',
      '/%00',
      '/..',
      '/./index.html',
      '//etc/passwd',
      '/.git/config',
      '/%',
      '/%zz',
      'Cargo.toml',
      '../Cargo.toml',
      'http://127.0.0.1/../Cargo.toml',
      '/%u002e%u002e/Cargo.toml',
    ];
    const seen = [];
    for (const target of attacks) {
      const r = await raw(port, target);
      seen.push(`${r.status} ${target}`);
      expect([400, 403, 404], target).toContain(r.status);
      for (const s of secrets) expect(r.body, target).not.toContain(s);
    }
    console.log(`refused: ${seen.join(', ')}`);
    // Still serving after all that.
    expect((await raw(port, '/')).status).toBe(200);
  });

  test('answers only GET and HEAD, and survives garbage', async ({ baseURL }) => {
    const port = portOf(baseURL);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']) {
      const r = await raw(port, '/index.html', { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD');
    }
    const head = await raw(port, '/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBeGreaterThan(100);
    for (const junk of ['GARBAGE\r\n\r\n', '\0\0\0\r\n\r\n', `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`]) {
      const r = await raw(port, null, { request: junk });
      expect([400, 404, 414, 431], JSON.stringify(junk.slice(0, 20))).toContain(r.status);
    }
    expect((await raw(port, '/')).status).toBe(200);
  });

  test('a folder of our own: every MIME type, symlinks out of the root refused', async () => {
    const base = mkdtempSync(join(tmpdir(), 'serve-test-'));
    const rootDir = join(base, 'www');
    const outside = join(base, 'outside');
    mkdirSync(rootDir);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
    const types = {
      'index.html': 'text/html; charset=utf-8',
      'a.js': 'text/javascript; charset=utf-8',
      'a.mjs': 'text/javascript; charset=utf-8',
      'a.css': 'text/css; charset=utf-8',
      'a.json': 'application/json; charset=utf-8',
      'a.geojson': 'application/geo+json; charset=utf-8',
      'a.wasm': 'application/wasm',
      'a.png': 'image/png',
      'a.svg': 'image/svg+xml',
      'a.woff2': 'font/woff2',
      'a.txt': 'text/plain; charset=utf-8',
      'A.PNG': 'image/png',
      'no-extension': 'application/octet-stream',
    };
    for (const name of Object.keys(types)) writeFileSync(join(rootDir, name), `content of ${name}`);
    symlinkSync(join(outside, 'secret.txt'), join(rootDir, 'link.txt'));
    symlinkSync(outside, join(rootDir, 'linkdir'));
    const server = await serveFolder(rootDir);
    try {
      for (const [name, type] of Object.entries(types)) {
        const r = await raw(server.port, `/${name}`);
        expect(r.status, name).toBe(200);
        expect(r.headers['content-type'], name).toBe(type);
        expect(r.body).toBe(`content of ${name}`);
      }
      for (const target of ['/link.txt', '/linkdir/secret.txt', '/linkdir/', '/../outside/secret.txt', '/%2e%2e/outside/secret.txt']) {
        const r = await raw(server.port, target);
        expect([403, 404], target).toContain(r.status);
        expect(r.body, target).not.toContain('TOP SECRET');
      }
    } finally {
      server.stop();
      rmSync(base, { recursive: true, force: true });
    }
  });
});

test.describe('the page under its Content Security Policy', () => {
  test('runs with no policy violation while a visitor uses it', async ({ page }) => {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    const response = await page.goto('/');
    expect(response.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const problems = await openMap(page);
    const ids = await page.evaluate(async () => (await window.supplyRoutes.ready).routes().map((r) => r.id));
    for (const id of ids) {
      await page.evaluate((r) => window.supplyRoutes.map.select(r), id);
      await expect(page.locator('#panel-title')).toBeVisible();
    }
    await page.keyboard.press('Escape');
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, -300);
    expect(await page.evaluate(() => window.__violations)).toEqual([]);
    expect(problems).toEqual([]);
  });

  test('can be embedded by a page of another origin', async ({ page, baseURL }) => {
    const news = await newspaper(`${baseURL}/`);
    try {
      await page.goto(news.url);
      await expect(page.frameLocator('iframe').locator('#map')).toBeVisible();
      const frame = page.frames().find((f) => f.url().startsWith(baseURL));
      const routes = await frame.evaluate(async () => (await window.supplyRoutes.ready).routes().length);
      expect(routes).toBeGreaterThan(0);
    } finally {
      news.close();
    }
  });
});
