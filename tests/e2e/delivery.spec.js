// How the page reaches a reader (issue 23): dist/ as scripts/build-site.mjs builds it and the
// server serves it. Compressed forms by content negotiation, content-hashed names kept a year
// while index.html and kiosk.json are revalidated, a returning reader who downloads nothing
// else, a stale hash never served as the current file; the page's title and description in its
// language; an embed that does no work until it nears the viewport.
import { test, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { openMap, newspaper } from './helpers.js';

const REPO = new URL('../..', import.meta.url).pathname;
const YEAR = 'public, max-age=31536000, immutable';
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;

/// GET `path` from `origin` with `Accept-Encoding: encoding` (none if null): {status, headers, body}.
function get(origin, path, encoding) {
  return new Promise((resolve, reject) => {
    const headers = encoding ? { 'Accept-Encoding': encoding } : {};
    request(new URL(path, origin), { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}

/// The files index.html names, the chunks its module imports and the files the modules name
/// (`new URL('…', import.meta.url)`: the wasm and the data, which the page asks for once its
/// first text is painted): the page's start.
async function startFiles(origin) {
  const html = (await get(origin, '/')).body.toString();
  const named = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]).filter((u) => !/^(data:|https?:)/.test(u));
  const main = named.find((u) => /^main\./.test(u));
  const code = (await get(origin, `/${main}`)).body.toString();
  const chunks = [...code.matchAll(/"\.\/([\w.-]+\.js)"/g)].map((m) => m[1]);
  const modules = [code, ...(await Promise.all(chunks.map(async (c) => (await get(origin, `/${c}`)).body.toString())))];
  const files = modules.flatMap((m) => [...m.matchAll(/new URL\("([^"]+)"/g)].map((x) => x[1]));
  return [...new Set([...named, ...chunks, ...files])];
}

/// A server of our own over `root` on a free port (as serve.spec.js starts one).
async function serveFolder(root, data) {
  const child = spawn(join(REPO, 'target/server/supply-routes-server'), [], {
    env: { ...process.env, ROOT: root, PORT: '0', DATA: data }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => { const m = /:(\d+)\//.exec(String(d)); if (m) resolve(Number(m[1])); });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { origin: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

test.describe('delivery', () => {
  // Plain HTTP and one page: once is enough, not once per browser project.
  test.beforeEach(() => test.skip(test.info().project.name !== 'mouse', 'delivery tests run in one project'));

  test('every file of the start is hashed, kept a year and sent as brotli, gzip or itself; index.html and kiosk.json are revalidated', async ({ baseURL }) => {
    const files = await startFiles(baseURL);
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(files.some((f) => f.startsWith('data/'))).toBe(true);
    for (const file of files) {
      const plain = await get(baseURL, `/${file}`, null);
      expect(plain.status, file).toBe(200);
      expect(file, 'a content-hashed name').toMatch(HASHED);
      expect(plain.headers['cache-control'], file).toBe(YEAR);
      expect(plain.headers['content-encoding'], file).toBeUndefined();
      if (file.endsWith('.woff2')) continue; // compressed already
      const br = await get(baseURL, `/${file}`, 'gzip, deflate, br');
      const gz = await get(baseURL, `/${file}`, 'gzip');
      expect([br.headers['content-encoding'], gz.headers['content-encoding']], file).toEqual(['br', 'gzip']);
      for (const r of [plain, br, gz]) {
        expect(r.headers.vary, file).toMatch(/accept-encoding/i);
        expect(r.headers['cache-control'], file).toBe(YEAR);
        expect(r.headers['content-type'], file).toBe(plain.headers['content-type']);
      }
      expect(brotliDecompressSync(br.body).equals(plain.body), `${file}: brotli form`).toBe(true);
      expect(gunzipSync(gz.body).equals(plain.body), `${file}: gzip form`).toBe(true);
      expect(br.body.length, file).toBeLessThan(plain.body.length);
    }
    for (const path of ['/', '/index.html', '/kiosk.json']) {
      const r = await get(baseURL, path, 'br');
      expect(r.status, path).toBe(200);
      expect(r.headers['cache-control'], path).toBe('no-cache');
      expect(r.headers['content-encoding'], path).toBe('br');
    }
    // A hash that was never built is not found, never another build's file.
    const wasm = files.find((f) => f.endsWith('.wasm'));
    expect((await get(baseURL, `/${wasm.replace(HASHED, '.0123456789.wasm')}`, null)).status).toBe(404);
  });

  test('a returning reader downloads nothing but the revalidated page and settings', async ({ page, baseURL }) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await openMap(page);
    const sent = new Map();
    const cached = new Set();
    cdp.on('Network.requestWillBeSent', (e) => sent.set(e.requestId, new URL(e.request.url)));
    cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => { if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId); });
    // The status on the wire (responseReceived gives the cached answer's 200 after a 304).
    const statuses = new Map();
    cdp.on('Network.responseReceivedExtraInfo', (e) => statuses.set(e.requestId, e.statusCode));
    await page.goto('about:blank');
    await openMap(page); // a second visit, as a reader opening the link again
    await page.waitForTimeout(300);
    const fetched = [...sent].filter(([id, url]) => !cached.has(id) && url.origin === new URL(baseURL).origin && !url.pathname.startsWith('/api/'));
    expect(fetched.map(([, url]) => url.pathname).sort()).toEqual(['/', '/kiosk.json']);
    for (const [id, url] of fetched) expect(statuses.get(id), url.pathname).toBe(304);
    expect([...sent.values()].filter((u) => HASHED.test(u.pathname)).length).toBeGreaterThan(8);
  });

  test('a new build is picked up at once, and a stale hash is never served as the current file', async () => {
    test.setTimeout(120_000);
    const base = mkdtempSync(join(tmpdir(), 'delivery-'));
    const www = join(base, 'www');
    const dist = join(base, 'dist');
    // www/ without the bench's 1.3 MB basemap.geojson, which the page never loads.
    cpSync(join(REPO, 'www'), www, { recursive: true, filter: (src) => !src.endsWith('basemap.geojson') });
    const build = () => execFileSync('node', [join(REPO, 'scripts/build-site.mjs'), '--from', www, '--to', dist], { stdio: 'pipe' });
    const styleName = async (origin) => (await startFiles(origin)).find((f) => /^style\./.test(f));
    build();
    const server = await serveFolder(dist, join(base, 'data'));
    try {
      const first = await styleName(server.origin);
      const firstBody = (await get(server.origin, `/${first}`, null)).body.toString();
      appendFileSync(join(www, 'style.css'), '\n.delivery-test-1 { color: red; }\n');
      build();
      const second = await styleName(server.origin);
      expect(second).not.toBe(first);
      const secondBody = (await get(server.origin, `/${second}`, 'br'));
      expect(brotliDecompressSync(secondBody.body).toString()).toContain('delivery-test-1');
      // The build before's file stays one build longer, as it was, for a page loaded just before.
      for (const encoding of [null, 'gzip', 'br']) {
        const old = await get(server.origin, `/${first}`, encoding);
        expect(old.status).toBe(200);
        const text = (encoding === 'br' ? brotliDecompressSync(old.body) : encoding === 'gzip' ? gunzipSync(old.body) : old.body).toString();
        expect(text).toBe(firstBody);
        expect(text).not.toContain('delivery-test-1');
      }
      writeFileSync(join(www, 'style.css'), `${readFileSync(join(www, 'style.css'), 'utf8')}\n.delivery-test-2 { color: blue; }\n`);
      build();
      const third = await styleName(server.origin);
      expect(new Set([first, second, third]).size).toBe(3);
      // Two builds on, the first name is gone in every form: not found, never the current file.
      for (const encoding of [null, 'gzip', 'br']) expect((await get(server.origin, `/${first}`, encoding)).status).toBe(404);
      expect((await get(server.origin, `/${second}`, null)).status).toBe(200);
    } finally {
      server.stop();
      rmSync(base, { recursive: true, force: true });
    }
  });

  // The interface strings, as the data has them.
  const STRINGS = Object.fromEntries(['en', 'zh', 'ru'].map((code) => [code, JSON.parse(readFileSync(new URL(`../../geodata/interface/${code}.json`, import.meta.url), 'utf8'))]));
  for (const lang of ['en', 'zh', 'ru']) {
    test(`the page's title and meta description are in ${lang}, and follow a switch of language`, async ({ page }) => {
      await openMap(page, lang === 'en' ? '/' : `/#lang=${lang}`);
      const head = () => page.evaluate(() => ({ title: document.title, description: document.querySelector('meta[name="description"]').content }));
      const t = STRINGS[lang];
      expect(await head()).toEqual({ title: `${t.title}: ${t.subtitle}`, description: t.description });
      const other = lang === 'ru' ? 'zh' : 'ru';
      await page.locator(`#languages button[data-lang="${other}"]`).click();
      const u = STRINGS[other];
      await expect.poll(head).toEqual({ title: `${u.title}: ${u.subtitle}`, description: u.description });
    });
  }

  test('the page as first served has an English title and description, before any script runs', async ({ baseURL }) => {
    const html = (await get(baseURL, '/', null)).body.toString();
    expect(html).toContain(`<title>${STRINGS.en.title}: ${STRINGS.en.subtitle}</title>`);
    expect(html).toContain(`<meta name="description" content="${STRINGS.en.description}">`);
  });

  test('an embed in an iframe loading="lazy" far below the fold fetches nothing until it is scrolled near', async ({ page, baseURL }) => {
    const origin = new URL(baseURL).origin;
    const asked = [];
    page.on('request', (r) => { if (r.url().startsWith(origin)) asked.push(new URL(r.url()).pathname); });
    const news = await newspaper(`${baseURL}/`, 'loading="lazy" style="display:block; margin-top:6000px"');
    try {
      await page.goto(news.url);
      await page.waitForLoadState('load');
      await page.waitForTimeout(1500);
      expect(asked).toEqual([]);
      await page.locator('iframe').scrollIntoViewIfNeeded();
      await expect.poll(() => asked.length).toBeGreaterThan(5);
      const frame = page.frames().find((f) => f.url().startsWith(baseURL));
      // The frame's requests start before its bundle has run and published the API.
      await frame.waitForFunction(() => window.supplyRoutes?.ready);
      expect(await frame.evaluate(async () => (await window.supplyRoutes.ready).routes().length)).toBeGreaterThan(0);
    } finally {
      news.close();
    }
  });
});
