#!/usr/bin/env node
// make bench: kiosk frame workload v1 (see bench/README.md) for the project and its peers
// (d3-geo classic, d3-geo with cached Path2D, Leaflet 1.9 canvas) in headless Debian Chromium,
// plus the product page itself. Prints one table and writes JSON to bench/results/.
//   node bench/run.mjs            full: 3 runs, 300 frames + 60 warm-up per cell, all layer variants
//   node bench/run.mjs --short    CI: 1 run, a few frames, asserts only that every cell completes
// The full run also runs Lighthouse on the product (bench/lighthouse.mjs: mobile and desktop, best
// of three), printed beside the frame table; the short mode skips it.
// Options: --runs N, --frames N, --warmup N, --renderers a,b, --dprs 1,2, --no-variants, --no-product,
// --no-lighthouse, --lighthouse-runs N.
// A renderer may carry a query for its page, e.g. --renderers project,project@cull=0 (A/B runs).
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants as Z } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { geoMercator } from 'd3-geo';
import { startServer, startProductServer } from './serve.mjs';
import { lighthouseBest, lighthouseRows } from './lighthouse.mjs';
import * as W from './workload.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const short = flag('short');
const runs = Number(opt('runs', short ? 1 : 3));
const frames = Number(opt('frames', short ? 12 : W.FRAMES));
const warmup = Number(opt('warmup', short ? 3 : W.WARMUP));
const PEERS = ['d3-classic', 'd3-path2d', 'leaflet'];
const renderers = opt('renderers', [...PEERS, 'project'].join(',')).split(',');
const dprs = opt('dprs', '1,2').split(',').map(Number);
const variants = !short && !flag('no-variants');
const product = !flag('no-product');
const HERE = fileURLToPath(new URL('.', import.meta.url));
const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};

// 1. The workload's constants against d3's own fit, every start.
{
  const corners = { type: 'MultiPoint', coordinates: [[25, 0], [135, 0], [25, 55], [135, 55]] };
  const p = geoMercator().fitExtent([[0, 0], [W.W, W.H]], corners);
  const [tx, ty] = p.translate();
  // d3's translate is the projection of (0, 0): TX0 = tx, TY0 = ty.
  if (Math.abs(p.scale() - W.K0) > 1e-6 || Math.abs(tx - W.TX0) > 1e-6 || Math.abs(ty - W.TY0) > 1e-6) {
    throw new Error(`workload constants disagree with d3: scale ${p.scale()} translate ${tx}, ${ty}`);
  }
}
const reference = W.referenceHits();
const refSummary = W.summarizeHits(reference);
if (refSummary.hits !== W.REFERENCE.hits || refSummary.perRoute.join() !== W.REFERENCE.perRoute.join()) {
  throw new Error(`reference hit test gives ${JSON.stringify(refSummary)}, expected ${JSON.stringify(W.REFERENCE)}`);
}

// 2. The workload as a route set in the project's schema.
mkdirSync(`${HERE}set`, { recursive: true });
const set = W.routeSet();
for (const [name, value] of [['routes.geojson', set.routes], ['places.geojson', set.places], ['sources.json', set.sources]]) {
  writeFileSync(`${HERE}set/${name}`, `${JSON.stringify(value, null, 1)}\n`);
}
if (!existsSync(`${HERE}../www/pkg/supply_routes_bg.wasm`)) throw new Error('www/pkg is missing: run make build first');

const server = await startServer(0);
const origin = `http://127.0.0.1:${server.address().port}`;
// The product row is served as the kiosk serves it: by the product's own server.
const productServer = product ? await startProductServer() : null;

// A cell: one renderer, layer variant and dpr, in a fresh context (empty cache).
function cells() {
  const out = [];
  for (const r of renderers) {
    for (const dpr of dprs) out.push({ renderer: r, layers: 'full', dpr });
    if (variants) for (const layers of ['noland', 'routes']) out.push({ renderer: r, layers, dpr: 1 });
  }
  if (product) {
    out.push({ renderer: 'product', layers: 'page', dpr: 1 });
    // The product at a view that stays put (a playing timeline, a hover): not in any budget.
    if (variants) for (const dpr of dprs) out.push({ renderer: 'product', layers: 'still', dpr });
  }
  return out;
}

async function measureCell(browser, cell) {
  const context = await browser.newContext({ viewport: { width: W.W, height: W.H }, deviceScaleFactor: cell.dpr });
  const page = await context.newPage();
  const bodies = [];
  const errors = [];
  page.on('response', (r) => { if (r.status() === 200) bodies.push(r.body().then((b) => ({ url: r.url(), b })).catch(() => null)); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  let result;
  const t0 = Date.now();
  if (cell.renderer === 'product') {
    result = await measureProduct(page, cell.layers === 'still');
  } else {
    const hit = cell.layers === 'full' && cell.dpr === 1 ? 1 : 0;
    // "project@cull=0" is the project's page with an extra query (for A/B runs of a change).
    const [name, extra] = cell.renderer.split('@');
    await page.goto(`${origin}/bench/pages/${name}.html?layers=${cell.layers}&frames=${frames}&warmup=${warmup}&hit=${hit}${extra ? `&${extra}` : ''}`);
    await page.waitForFunction(() => window.__bench?.done, null, { timeout: 600_000, polling: 100 });
    result = await page.evaluate(() => window.__bench);
  }
  const wall = Date.now() - t0;
  // What the first frame needed: the page and every request it made before that frame was
  // complete (the project asks for its full-detail basemap only after it). The product's cold
  // start is its `ready`, after its first frame: its cut is the first frame's mark, or else
  // what it asks for just after `ready` (Noto Sans SC's stylesheet) would count when the
  // runner sees `ready` late.
  const cut = result.firstFrame ?? result.coldStart;
  const before = result.error ? [] : await page.evaluate((t) => performance.getEntriesByType('resource').filter((e) => e.startTime <= t).map((e) => e.name), cut);
  const firstFrame = new Set([page.url().split('#')[0], ...before]);
  const all = (await Promise.all(bodies)).filter(Boolean);
  const files = all.filter((f) => firstFrame.has(f.url) || firstFrame.has(f.url.split('?')[0]));
  await context.close();
  if (result.error) throw new Error(`${cell.renderer} ${cell.layers} dpr ${cell.dpr}: ${result.error}`);
  const raw = files.reduce((n, f) => n + f.b.length, 0);
  const gz = files.reduce((n, f) => n + gzipSync(f.b, { level: 6 }).length, 0);
  // Brotli 11 takes seconds per MB: the short mode uses quality 5.
  const br = files.reduce((n, f) => n + brotliCompressSync(f.b, { params: { [Z.BROTLI_PARAM_QUALITY]: short ? 5 : 11 } }).length, 0);
  const later = all.filter((f) => !files.includes(f));
  const allGzip = gz + later.reduce((n, f) => n + gzipSync(f.b, { level: 6 }).length, 0);
  return { ...cell, ...stats(result), wallFromGotoMs: wall, bytes: { raw, gzip: gz, brotli: br, allGzip, files: files.map((f) => [new URL(f.url).pathname, f.b.length]), later: later.map((f) => [new URL(f.url).pathname, f.b.length]) }, errors };
}

// The product page, with its own data, labels and projection, driven through the public API
// along the same camera path (centre as [lon, lat]; zoom = the workload's zoom factor); `still`
// keeps camera frame 0's view (and June 1939 on the timeline) and times map.redraw() there, the
// redraw of a hover, a selection or a playing timeline's markers.
async function measureProduct(page, still = false) {
  await page.addInitScript(() => {
    const wrap = (fn) => async function (...a) {
      const r = await fn.apply(this, a);
      const inst = r.instance ?? r;
      if (inst?.exports?.memory) window.__wasmMemory = inst.exports.memory;
      return r;
    };
    WebAssembly.instantiateStreaming = wrap(WebAssembly.instantiateStreaming);
    WebAssembly.instantiate = wrap(WebAssembly.instantiate);
  });
  await page.goto(`${productServer.origin}/index.html`);
  const cam = Array.from({ length: W.FRAMES }, (_, i) => { const v = W.camera(i); return { s: v.s, center: W.unbase([v.cx, v.cy]) }; });
  return page.evaluate(async ({ cam, frames, warmup, still }) => {
    const map = await window.supplyRoutes.ready;
    const coldStart = performance.now();
    const ctx = document.getElementById('map').getContext('2d');
    const raf = () => new Promise((r) => requestAnimationFrame(r));
    const idx = (k) => (frames >= cam.length ? k : Math.round((k * (cam.length - 1)) / Math.max(1, frames - 1)));
    const rec = [];
    let last = null;
    for (let k = -warmup; k < frames; k++) {
      const start = await raf();
      const i = still ? 0 : k < 0 ? idx(k + warmup) : idx(k);
      if (still && k === -warmup) map.setDate('1939-06');
      if (!still || k === -warmup) map.setView({ center: cam[i].center, zoom: cam[i].s });
      ctx.getImageData(0, 0, 1, 1); // setView (and the page's own frame) drew too: flush them outside the timed redraw
      const t0 = performance.now();
      map.redraw();
      const t1 = performance.now();
      ctx.getImageData(0, 0, 1, 1);
      const t2 = performance.now();
      if (k >= 0) rec.push({ i, s: cam[i].s, js: t1 - t0, raster: t2 - t1, frame: t2 - t0, period: last === null ? null : start - last });
      last = start;
    }
    const firstFrame = performance.getEntriesByName('supply-routes:first-frame')[0]?.startTime ?? null;
    return { done: true, coldStart, firstFrame, frames: rec, memory: window.__wasmMemory?.buffer.byteLength ?? null, hit: null };
  }, { cam, frames, warmup, still });
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const p95 = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.max(0, Math.ceil(0.95 * s.length) - 1)]; };

function stats(r) {
  const f = r.frames;
  const out = {
    frameMed: median(f.map((x) => x.frame)), frameP95: p95(f.map((x) => x.frame)), frameMax: Math.max(...f.map((x) => x.frame)),
    jsMed: median(f.map((x) => x.js)), rasterMed: median(f.map((x) => x.raster)),
    wideMed: median(f.filter((x) => x.s <= 2).map((x) => x.frame)), closeMed: median(f.filter((x) => x.s >= 4).map((x) => x.frame)),
    periodMed: median(f.filter((x) => x.period !== null).map((x) => x.period)),
    coldStart: r.coldStart, firstFrame: r.firstFrame ?? null, prepared: r.prepared ?? null, memory: r.memory, notes: r.notes ?? null, frames: f,
  };
  if (r.hit) {
    const s = W.summarizeHits(r.hit.answer, reference);
    out.hit = { med: median(r.hit.times), first: r.hit.times[0], batches: r.hit.times.length, hits: s.hits, perRoute: s.perRoute, agree: s.agree };
  }
  return out;
}

// 3. Runs: a fresh browser each, the order of cells rotated.
const results = [];
const started = Date.now();
const all = cells();
for (let run = 0; run < runs; run++) {
  const browser = await chromium.launch(LAUNCH);
  const version = browser.version();
  const order = all.map((_, i) => all[(i + run) % all.length]);
  for (const cell of order) {
    const r = await measureCell(browser, cell);
    r.run = run; r.browser = version;
    results.push(r);
    process.stderr.write(`run ${run + 1}/${runs} ${cell.renderer} ${cell.layers} dpr ${cell.dpr}: median ${r.frameMed.toFixed(2)} ms, p95 ${r.frameP95.toFixed(2)} ms, cold ${r.coldStart.toFixed(0)} ms (${(r.wallFromGotoMs / 1000).toFixed(1)} s)\n`);
  }
  await browser.close();
}

// 3b. Pixels: each renderer's canvas at a few camera frames against d3-classic's (the workload's
// reference drawing), as the share of pixels where a channel differs by more than 48/255. The
// project's approximations (simplification at half a device px, thin lines as offset hairlines
// at dpr 2) must not show here. The comparison runs in the browser, which decodes the PNGs.
const PIXEL_FRAMES = short ? [0] : [0, 75, 149, 225, 299];
const pixelRenderers = renderers.filter((r) => r !== 'd3-classic' && !r.includes('@'));
const pixels = [];
if (renderers.includes('d3-classic') && pixelRenderers.length) {
  const browser = await chromium.launch(LAUNCH);
  for (const dpr of dprs) {
    const context = await browser.newContext({ viewport: { width: W.W, height: W.H }, deviceScaleFactor: dpr });
    const shot = async (name, i) => {
      const page = await context.newPage();
      await page.goto(`${origin}/bench/pages/${name}.html?frame=${i}&frames=1&warmup=0&hit=0`);
      await page.waitForFunction(() => window.__bench?.done, null, { timeout: 120_000, polling: 100 });
      const png = await page.screenshot({ type: 'png' });
      await page.close();
      return png.toString('base64');
    };
    const cmp = await context.newPage();
    await cmp.goto(`${origin}/bench/pages/common.css`);
    for (const i of PIXEL_FRAMES) {
      const ref = await shot('d3-classic', i);
      for (const name of pixelRenderers) {
        const share = await cmp.evaluate(async ([a, b]) => {
          const data = async (b64) => {
            const bmp = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
            const c = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');
            c.drawImage(bmp, 0, 0);
            return c.getImageData(0, 0, bmp.width, bmp.height).data;
          };
          const [x, y] = [await data(a), await data(b)];
          let differ = 0;
          for (let k = 0; k < x.length; k += 4) {
            if (Math.abs(x[k] - y[k]) > 48 || Math.abs(x[k + 1] - y[k + 1]) > 48 || Math.abs(x[k + 2] - y[k + 2]) > 48) differ++;
          }
          return differ / (x.length / 4);
        }, [ref, await shot(name, i)]);
        pixels.push({ renderer: name, dpr, frame: i, share });
      }
    }
    await context.close();
  }
  await browser.close();
}

// 3c. The reader's side (issue 23): Lighthouse on the product as its server serves it, after the
// timed cells so that it does not share the CPU with them.
const lighthouseRuns = Number(opt('lighthouse-runs', 3));
const lighthouse = product && !short && !flag('no-lighthouse')
  ? await lighthouseBest(`${productServer.origin}/`, { runs: lighthouseRuns, log: (m) => process.stderr.write(`${m}\n`) })
  : null;

server.close();
productServer?.close();

// 4. The table: cells are median [min-max] over runs.
const key = (r) => `${r.renderer}|${r.layers}|${r.dpr}`;
const groups = new Map();
for (const r of results) { if (!groups.has(key(r))) groups.set(key(r), []); groups.get(key(r)).push(r); }
const agg = (rs, f) => { const v = rs.map(f).filter((x) => x !== null && x !== undefined && !Number.isNaN(x)); return v.length ? { med: median(v), min: Math.min(...v), max: Math.max(...v) } : null; };
const fmt = (a, d = 1) => (a ? (runs > 1 ? `${a.med.toFixed(d)} [${a.min.toFixed(d)}-${a.max.toFixed(d)}]` : a.med.toFixed(d)) : '');
const kib = (n) => (n / 1024).toFixed(0);
const rows = [];
const summary = {};
for (const [k, rs] of groups) {
  const s = {
    frameMed: agg(rs, (r) => r.frameMed), frameP95: agg(rs, (r) => r.frameP95), frameMax: agg(rs, (r) => r.frameMax),
    jsMed: agg(rs, (r) => r.jsMed), rasterMed: agg(rs, (r) => r.rasterMed), wideMed: agg(rs, (r) => r.wideMed), closeMed: agg(rs, (r) => r.closeMed),
    periodMed: agg(rs, (r) => r.periodMed), coldStart: agg(rs, (r) => r.coldStart), firstFrame: agg(rs, (r) => r.firstFrame), memory: agg(rs, (r) => r.memory),
    hitMed: agg(rs, (r) => r.hit?.med), hitFirst: agg(rs, (r) => r.hit?.first),
    hits: rs[0].hit ? `${rs[0].hit.hits}/${Math.min(...rs.map((r) => r.hit.agree))}` : '',
    perRoute: rs[0].hit?.perRoute ?? null,
    bytes: rs[0].bytes, allFramesUnder16_7: rs.every((r) => r.frameMax < 16.7),
  };
  summary[k] = s;
  const [renderer, layers, dpr] = k.split('|');
  rows.push(`| ${renderer} | ${layers} | ${dpr} | ${fmt(s.frameMed, 2)} | ${fmt(s.frameP95, 2)} | ${fmt(s.frameMax, 1)} | ${s.frameMed ? (1000 / s.frameMed.med).toFixed(0) : ''} | ${fmt(s.jsMed, 2)} | ${fmt(s.rasterMed, 2)} | ${s.wideMed?.med.toFixed(2) ?? ''} / ${s.closeMed?.med.toFixed(2) ?? ''} | ${fmt(s.periodMed, 1)} | ${fmt(s.coldStart, 0)} | ${kib(s.bytes.raw)}/${kib(s.bytes.gzip)}/${kib(s.bytes.brotli)} | ${kib(s.bytes.allGzip)} | ${s.hitMed ? `${fmt(s.hitMed, 2)} (${fmt(s.hitFirst, 2)})` : ''} | ${s.hits} | ${s.memory ? (s.memory.med / 2 ** 20).toFixed(1) : ''} |`);
}
const lines = [];
lines.push(`kiosk frame workload v1: ${runs} run(s), ${frames} measured frames + ${warmup} warm-up per cell, Chromium ${results[0]?.browser}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
lines.push('cells: median [min-max] over runs, ms unless stated; "wide / close" = median frame at zoom <= 2 / >= 4; first-frame KiB raw/gzip/brotli = what the page asked for before its first frame was complete, all gz = everything it loaded in the cell; mem = wasm linear memory MiB');
lines.push('project: the core (wasm) in Mercator with the workload loaded as a route set (bench/set, legs "line": "rhumb" so they are straight on Mercator); product: www/index.html with its own data, LCC, map.setView + map.redraw() timed; product still: the view of camera frame 0 and June 1939 kept, map.redraw() timed');
lines.push('');
lines.push('| renderer | layers | dpr | frame med | p95 | max | fps | js med | raster med | wide / close | period med | cold start | first-frame KiB raw/gz/br | all KiB gz | hit-test ms (first) | hits/agree | mem MiB |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
lines.push(...rows);
// The product's cold start is its `ready` (the full basemap in); its first frame, drawn from the
// overview basemap, comes before: what a reader on a phone waits for.
for (const [k, s] of Object.entries(summary)) {
  if (s.firstFrame) lines.push('', `${k.replaceAll('|', ' ')}: first frame on the canvas ${fmt(s.firstFrame, 0)} ms after navigation, ready ${fmt(s.coldStart, 0)} ms`);
}

if (lighthouse) lines.push('', ...lighthouseRows(lighthouse, lighthouseRuns));

if (pixels.length) {
  lines.push('', `pixels differing by more than 48/255 from d3-classic, at camera frames ${PIXEL_FRAMES.join('/')}:`);
  for (const name of pixelRenderers) {
    for (const dpr of dprs) {
      const row = PIXEL_FRAMES.map((i) => pixels.find((p) => p.renderer === name && p.dpr === dpr && p.frame === i));
      if (row.every(Boolean)) lines.push(`  ${name} dpr ${dpr}: ${row.map((p) => `${(100 * p.share).toFixed(2)} %`).join(' / ')}`);
    }
  }
}

// 5. Ratios of the project to each peer, and the budgets of issue 8.
const g = (r, l, d) => summary[`${r}|${l}|${d}`];
const proj1 = g('project', 'full', 1), proj2 = g('project', 'full', 2);
const checks = [];
if (proj1 && proj2) {
  lines.push('', '| peer / project | p95 dpr 1 | p95 dpr 2 | median dpr 1 | hit-test batch (median) | cold start | first-frame gzip bytes |', '|---|---|---|---|---|---|---|');
  const ratio = (a, b) => (a && b ? a / b : NaN);
  for (const peer of PEERS.filter((p) => g(p, 'full', 1))) {
    const a = g(peer, 'full', 1), b = g(peer, 'full', 2);
    lines.push(`| ${peer} | ${ratio(a.frameP95?.med, proj1.frameP95.med).toFixed(1)}x | ${ratio(b?.frameP95?.med, proj2.frameP95.med).toFixed(1)}x | ${ratio(a.frameMed?.med, proj1.frameMed.med).toFixed(1)}x | ${ratio(a.hitMed?.med, proj1.hitMed?.med).toFixed(1)}x | ${ratio(a.coldStart?.med, proj1.coldStart.med).toFixed(1)}x | ${ratio(a.bytes.gzip, proj1.bytes.gzip).toFixed(1)}x |`);
  }
  const need = { 'd3-path2d': 2, leaflet: 5, 'd3-classic': 25 };
  for (const [peer, x] of Object.entries(need)) {
    const a = g(peer, 'full', 1);
    if (a) checks.push([`dpr 1 p95 >= ${x}x lower than ${peer}`, a.frameP95.med / proj1.frameP95.med >= x]);
  }
  const peers1 = PEERS.map((p) => g(p, 'full', 1)).filter(Boolean);
  const peers2 = PEERS.map((p) => g(p, 'full', 2)).filter(Boolean);
  if (peers2.length) checks.push(['dpr 2 p95 >= 2x lower than the fastest peer', Math.min(...peers2.map((p) => p.frameP95.med)) / proj2.frameP95.med >= 2]);
  checks.push(['dpr 2 every frame < 16.7 ms (every run)', proj2.allFramesUnder16_7]);
  const peerHits = peers1.map((p) => p.hitMed?.med).filter(Boolean);
  if (peerHits.length && proj1.hitMed) checks.push(['hit-test batch >= 2x faster than the fastest peer', Math.min(...peerHits) / proj1.hitMed.med >= 2]);
  checks.push(['hit-test: exactly the reference (456 hits, 10000 agree)', proj1.hits === `${W.REFERENCE.hits}/${W.HIT_POINTS}`]);
  if (peers1.length) checks.push(['cold start >= 2x faster than the fastest peer', Math.min(...peers1.map((p) => p.coldStart.med)) / proj1.coldStart.med >= 2]);
  if (peers1.length) checks.push(['first-frame gzip bytes <= half the peers\'', Math.min(...peers1.map((p) => p.bytes.gzip)) / proj1.bytes.gzip >= 2]);
}
const prod = g('product', 'page', 1);
if (prod) {
  checks.push(['product page redraw p95 < 8 ms at dpr 1', prod.frameP95.med < 8]);
  checks.push(['product page wasm memory < 16 MB', prod.memory !== null && prod.memory.max < 16 * 2 ** 20]);
}
if (checks.length) lines.push('', 'budgets (issue 8):', ...checks.map(([what, ok]) => `  ${ok ? 'PASS' : 'FAIL'}  ${what}`));
const errs = results.flatMap((r) => r.errors.map((e) => `${r.renderer} ${r.layers} dpr ${r.dpr}: ${e}`));
if (errs.length) lines.push('', 'console errors:', ...errs.map((e) => `  ${e}`));
console.log(lines.join('\n'));

mkdirSync(`${HERE}results`, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const file = `${HERE}results/${short ? 'short' : 'full'}-${stamp}.json`;
writeFileSync(file, JSON.stringify({ workload: 'kiosk frame workload v1', short, runs, frames, warmup, table: lines.join('\n'), summary, checks, pixels, lighthouse, results }, null, 1));
console.log(`\nJSON: ${file}`);

// Short mode asserts only that every cell ran and gave numbers.
const missing = all.filter((c) => !results.some((r) => key(r) === key(c) && Number.isFinite(r.frameMed)));
if (missing.length) { console.error(`cells without results: ${missing.map(key).join(', ')}`); process.exit(1); }
