// The two d3-geo peers: d3-classic (geoPath(projection, ctx) every frame) and d3-path2d
// (Path2D built once at zoom 1, drawn under a transform). d3, topojson are UMD globals.
import { run, makeCanvas } from './harness.js';
import { K0, TX0, TY0, ROUTES, CITIES, LAND, BORDER, CITY, FONT, OCEAN, HIT_RADIUS, camera, segmentDistance, bruteHits, base } from '../workload.mjs';

const kind = new URL(import.meta.url).searchParams.get('kind') ?? 'classic';

async function load(layers) {
  const out = {};
  if (layers !== 'full' && layers !== 'noland' && layers !== 'routes') throw new Error(`layers ${layers}`);
  const jobs = [];
  if (layers === 'full') jobs.push(fetch('/node_modules/world-atlas/land-50m.json').then((r) => r.json()).then((t) => { out.land = topojson.feature(t, t.objects.land); }));
  if (layers !== 'routes') jobs.push(fetch('/node_modules/world-atlas/countries-50m.json').then((r) => r.json()).then((t) => { out.borders = topojson.mesh(t, t.objects.countries, (a, b) => a !== b); }));
  await Promise.all(jobs);
  return out;
}

function drawCities(ctx, project) {
  ctx.fillStyle = CITY;
  ctx.font = FONT;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const [name, lon, lat] of CITIES) {
    const [x, y] = project([lon, lat]);
    if (x < -200 || y < -20 || x > 1940 || y > 1100) continue;
    ctx.beginPath();
    ctx.arc(x, y, 3, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillText(name, x + 6, y);
  }
}

async function classic({ canvasHost, dpr, layers }) {
  const data = await load(layers);
  const canvas = makeCanvas(canvasHost, dpr);
  const ctx = canvas.getContext('2d');
  const projection = d3.geoMercator();
  const path = d3.geoPath(projection, ctx);
  let screenLines = null;
  return {
    frame(i) {
      const v = camera(i);
      projection.scale(K0 * v.s).translate([v.s * (TX0 - v.cx) + 960, v.s * (TY0 - v.cy) + 540]);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = OCEAN;
      ctx.fillRect(0, 0, 1920, 1080);
      if (data.land) { ctx.beginPath(); path(data.land); ctx.fillStyle = LAND; ctx.fill('evenodd'); }
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      if (data.borders) { ctx.beginPath(); path(data.borders); ctx.lineWidth = 1; ctx.strokeStyle = BORDER; ctx.stroke(); }
      ctx.lineWidth = 3;
      for (const r of ROUTES) {
        ctx.beginPath();
        r.coords.forEach((c, j) => { const [x, y] = projection(c); j ? ctx.lineTo(x, y) : ctx.moveTo(x, y); });
        ctx.strokeStyle = r.color;
        ctx.stroke();
      }
      drawCities(ctx, projection);
      if (i === 0) screenLines = ROUTES.map((r) => r.coords.map((c) => projection(c)));
    },
    flush() { ctx.getImageData(0, 0, 1, 1); },
    hitTest(points) { return bruteHits(points, screenLines); },
  };
}

async function path2d({ canvasHost, dpr, layers }) {
  const data = await load(layers);
  const canvas = makeCanvas(canvasHost, dpr);
  const ctx = canvas.getContext('2d');
  const projection = d3.geoMercator().scale(K0).translate([TX0, TY0]);
  const build = (g) => { const p = new Path2D(); d3.geoPath(projection, p)(g); return p; };
  const land = data.land ? build(data.land) : null;
  const borders = data.borders ? build(data.borders) : null;
  const routes = ROUTES.map((r) => { const p = new Path2D(); r.coords.forEach((c, j) => { const [x, y] = projection(c); j ? p.lineTo(x, y) : p.moveTo(x, y); }); return p; });
  let view = camera(0);
  return {
    frame(i) {
      const v = (view = camera(i));
      const tx = 960 - v.cx * v.s, ty = 540 - v.cy * v.s;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = OCEAN;
      ctx.fillRect(0, 0, 1920, 1080);
      ctx.setTransform(dpr * v.s, 0, 0, dpr * v.s, dpr * tx, dpr * ty);
      if (land) { ctx.fillStyle = LAND; ctx.fill(land, 'evenodd'); }
      ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      if (borders) { ctx.lineWidth = 1 / v.s; ctx.strokeStyle = BORDER; ctx.stroke(borders); }
      ctx.lineWidth = 3 / v.s;
      routes.forEach((p, j) => { ctx.strokeStyle = ROUTES[j].color; ctx.stroke(p); });
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawCities(ctx, (c) => { const [x, y] = base(c); return [(x - v.cx) * v.s + 960, (y - v.cy) * v.s + 540]; });
    },
    flush() { ctx.getImageData(0, 0, 1, 1); },
    hitTest(points) {
      // Frame 0's view at dpr 1 is the identity: path units are canvas px.
      const v = camera(0);
      ctx.setTransform(v.s, 0, 0, v.s, 960 - v.cx * v.s, 540 - v.cy * v.s);
      ctx.lineWidth = 2 * HIT_RADIUS; ctx.lineCap = 'round'; ctx.lineJoin = 'round';
      const lines = ROUTES.map((r) => r.coords.map((c) => projection(c)));
      const n = points.length / 2, out = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const x = points[2 * k], y = points[2 * k + 1];
        let best = -1, bestD = Infinity;
        for (let j = 0; j < routes.length; j++) {
          if (!ctx.isPointInStroke(routes[j], x, y)) continue;
          let d = Infinity;
          const l = lines[j];
          for (let m = 0; m + 1 < l.length; m++) d = Math.min(d, segmentDistance(x, y, l[m][0], l[m][1], l[m + 1][0], l[m + 1][1]));
          if (d <= bestD) { best = j; bestD = d; }
        }
        out[k] = best;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      return out;
    },
  };
}

run(kind === 'path2d' ? path2d : classic);
