// The project: the Rust core (www/pkg) holds the workload's route set (bench/set, in the
// project's schema), the Natural Earth basemap and the view, in Mercator; this page draws what
// the core hands it, in the workload's colours.
import init, { RouteMap } from '/www/pkg/supply_routes.js';
import { run, makeCanvas } from './harness.js';
import { K0, OCEAN, ROUTES, LAND, BORDER, CITY, FONT, HIT_RADIUS, camera, unbase } from '../workload.mjs';
import { createBasemapLayer, createLegLevels } from '/www/basemap-layer.js';

// Marks of the start-up phases (p:eval … p:layer), for profiling the cold start.
performance.mark('p:eval');
const Q = new URLSearchParams(location.search);
const CLEAR = Q.get('clear') === '1';
const CULL = Q.get('cull') !== '0';
const fetchOk = async (url) => { const r = await fetch(url); if (!r.ok) throw new Error(`${url}: ${r.status}`); return r; };
const text = async (url) => (await fetchOk(url)).text();
const bytes = async (url) => new Uint8Array(await (await fetchOk(url)).arrayBuffer());

async function project({ canvasHost, dpr, layers }) {
  const [wasm, routes, places, sources, basemap] = await Promise.all([
    init({ module_or_path: window.__wasmModule }).then((w) => { performance.mark('p:wasm'); return w; }), text('/bench/set/routes.geojson'), text('/bench/set/places.geojson'), text('/bench/set/sources.json'),
    layers === 'routes' ? null : bytes('/www/data/basemap-overview.bin'),
  ]);
  performance.mark('p:loaded');
  const canvas = document.getElementById('early-canvas') ?? makeCanvas(canvasHost, dpr);
  const ctx = canvas.getContext('2d');
  const core = new RouteMap(routes, places, sources, 1920, 1080, 'mercator');
  performance.mark('p:core');
  // The first frame draws the overview basemap, as the product's does; the full detail replaces
  // it right after (afterFirstFrame), before any measured frame.
  if (basemap) core.set_basemap_binary(basemap);
  performance.mark('p:basemap');
  const perZoom = core.scale() / core.view()[2]; // CSS px per world unit at zoom 1
  const setCamera = (v) => {
    const [lon, lat] = unbase([v.cx, v.cy]);
    core.set_view(lon, lat, (K0 * v.s) / 1000 / perZoom);
  };
  const legLevels = createLegLevels(core); // the legs as the core draws them at each level of detail
  performance.mark('p:legs');
  const colors = core.route_ids().map((id) => ROUTES.find((r) => r.id === id).color);
  const routeOfLeg = core.route_ids().flatMap((id, r) => Array.from(core.route_legs(id), (l) => [l, r])).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
  // Cities in world units: from the core's projection at the current view.
  const t0 = core.transform();
  const cities = core.places('en').map((p) => { const [x, y] = core.project(p.lon, p.lat); return [p.name, (x - t0[4]) / t0[0], (y - t0[5]) / t0[3]]; });
  const base = basemap ? createBasemapLayer(core, { land: layers === 'full', cull: CULL }) : null;
  performance.mark('p:layer');

  return {
    frame(i) {
      setCamera(camera(i));
      const [a, , , d, e, f] = core.transform();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (CLEAR) ctx.clearRect(0, 0, canvas.width, canvas.height); // the ocean is the page's background
      else { ctx.fillStyle = OCEAN; ctx.fillRect(0, 0, canvas.width, canvas.height); }
      if (base) base.draw(ctx, dpr, { land: LAND, border: BORDER, borderWidth: 1 });
      ctx.setTransform(dpr * a, 0, 0, dpr * d, dpr * e, dpr * f);
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      ctx.lineWidth = 3 / a;
      legLevels.at(core.basemap_level(dpr)).forEach((p, l) => { ctx.strokeStyle = colors[routeOfLeg[l]]; ctx.stroke(p); });
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = CITY; ctx.font = FONT; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
      for (const [name, wx, wy] of cities) {
        const x = a * wx + e, y = d * wy + f;
        if (x < -200 || y < -20 || x > 1940 || y > 1100) continue;
        ctx.beginPath(); ctx.arc(x, y, 3, 0, 2 * Math.PI); ctx.fill();
        ctx.fillText(name, x + 6, y);
      }
    },
    flush() { ctx.getImageData(0, 0, 1, 1); },
    async afterFirstFrame() {
      legLevels.prewarm(); // and the hit-test index, as on the product's page
      if (!base) return;
      core.set_basemap_binary(await bytes('/www/data/basemap.bin'));
      base.reset();
      base.prewarm();
    },
    prepareHit() { setCamera(camera(0)); },
    hitTest(points) {
      return core.hit_routes(points, HIT_RADIUS);
    },
    memory: () => wasm.memory.buffer.byteLength,
  };
}

run(project);
