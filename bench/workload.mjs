// Kiosk frame workload v1 (bench/WORKLOAD.md): the data, the projection
// constants, the camera path and the hit-test points, shared by the runner (Node) and every
// renderer's page (browser). Nothing here draws.

export const W = 1920;
export const H = 1080;
export const K0 = 935.6850361334608;
export const TX0 = -346.4627713736802;
export const TY0 = 1080;
export const FRAMES = 300;
export const WARMUP = 60;
export const HIT_RADIUS = 12;
export const HIT_SEED = 0x6b696f73;
export const HIT_POINTS = 10000;
export const REFERENCE = { hits: 456, perRoute: [41, 33, 267, 74, 8, 33] };

export const OCEAN = '#cfe0ee';
export const LAND = '#f2efe6';
export const BORDER = '#9a8f80';
export const CITY = '#222222';
export const FONT = '14px sans-serif';

export const ROUTES = [
  { id: 'nw-highway', name: 'NW highway', mode: 'road', color: '#d62728', coords: [[76.9, 43.25], [80.4, 44.2], [81.3, 43.9], [84.9, 44.4], [87.6, 43.8], [89.2, 42.95], [93.5, 42.8], [95.8, 41.5], [97.5, 39.7], [98.5, 39.75], [100.45, 38.93], [102.64, 37.93], [103.83, 36.06]] },
  { id: 'air-route', name: 'Air route', mode: 'air', color: '#9467bd', coords: [[76.9, 43.25], [87.6, 43.8], [93.5, 42.8], [98.5, 39.75], [103.83, 36.06]] },
  { id: 'sea-sevastopol-haiphong', name: 'Sea route Sevastopol–Haiphong', mode: 'sea', color: '#1f77b4', coords: [[33.52, 44.6], [29.0, 41.1], [26.4, 40.1], [25.0, 36.5], [28.0, 33.5], [32.3, 31.3], [32.55, 29.95], [34.0, 27.0], [38.0, 21.0], [43.4, 12.6], [51.0, 12.0], [65.0, 10.0], [80.6, 5.8], [95.0, 6.0], [98.5, 5.0], [103.8, 1.25], [106.5, 5.0], [109.5, 12.0], [108.0, 19.5], [106.7, 20.86]] },
  { id: 'sea-vladivostok-hong-kong', name: 'Sea route Vladivostok–Hong Kong', mode: 'sea', color: '#17becf', coords: [[131.9, 43.1], [133.0, 40.0], [129.7, 34.7], [127.0, 32.0], [123.0, 28.0], [120.5, 24.5], [118.0, 22.8], [114.17, 22.3]] },
  { id: 'yunnan-vietnam-railway', name: 'Yunnan–Vietnam railway', mode: 'rail', color: '#2ca02c', coords: [[106.68, 20.86], [105.85, 21.03], [104.97, 21.7], [103.97, 22.5], [103.25, 23.4], [103.6, 24.1], [102.71, 25.04]] },
  { id: 'burma-road', name: 'Burma Road', mode: 'road', color: '#ff7f0e', coords: [[96.16, 16.8], [96.08, 21.97], [97.75, 22.93], [98.07, 24.08], [99.16, 25.12], [100.23, 25.59], [101.54, 25.03], [102.71, 25.04], [106.71, 26.57], [106.55, 29.56]] },
];

export const CITIES = [
  ['Almaty', 76.95, 43.24], ['Yining', 81.32, 43.91], ['Urumqi', 87.62, 43.83], ['Turpan', 89.19, 42.95],
  ['Hami', 93.51, 42.83], ['Jiuquan', 98.49, 39.73], ['Zhangye', 100.45, 38.93], ['Wuwei', 102.64, 37.93],
  ['Lanzhou', 103.83, 36.06], ['Sevastopol', 33.52, 44.60], ['Istanbul', 28.98, 41.01], ['Port Said', 32.30, 31.26],
  ['Suez', 32.55, 29.97], ['Aden', 45.03, 12.79], ['Colombo', 79.86, 6.93], ['Singapore', 103.82, 1.35],
  ['Saigon', 106.70, 10.78], ['Haiphong', 106.68, 20.86], ['Hanoi', 105.85, 21.03], ['Lao Cai', 103.97, 22.49],
  ['Kunming', 102.71, 25.04], ['Vladivostok', 131.89, 43.12], ['Busan', 129.04, 35.10], ['Shanghai', 121.47, 31.23],
  ['Hong Kong', 114.17, 22.32], ['Yangon', 96.16, 16.80], ['Mandalay', 96.08, 21.97], ['Lashio', 97.75, 22.93],
  ['Dali', 100.23, 25.59], ['Chongqing', 106.55, 29.56],
];

/// Base ("zoom 1") pixel coordinates of [lon, lat].
export function base([lon, lat]) {
  const l = (lon * Math.PI) / 180, f = (lat * Math.PI) / 180;
  return [TX0 + K0 * l, TY0 - K0 * Math.log(Math.tan(Math.PI / 4 + f / 2))];
}

/// [lon, lat] of a base pixel.
export function unbase([x, y]) {
  const lon = ((x - TX0) / K0) * 180 / Math.PI;
  const lat = (2 * Math.atan(Math.exp((TY0 - y) / K0)) - Math.PI / 2) * 180 / Math.PI;
  return [lon, lat];
}

const smooth = (t) => t * t * (3 - 2 * t);
const CK = base([102.71, 25.04]);
const CL = base([103.83, 36.06]);

/// Frame i's view: zoom factor s and the base point (cx, cy) at the canvas centre.
export function camera(i) {
  if (i < 150) {
    const e = smooth(i / 149);
    return { s: 8 ** e, cx: 960 + (CK[0] - 960) * e, cy: 540 + (CK[1] - 540) * e };
  }
  const e = smooth((i - 149) / 150);
  return { s: 8 ** (1 - e), cx: CK[0] + (CL[0] - CK[0]) * e, cy: CK[1] + (CL[1] - CK[1]) * e };
}

/// Screen position (CSS px) of a base point in view v.
export const toScreen = ([x, y], v) => [(x - v.cx) * v.s + 960, (y - v.cy) * v.s + 540];

export function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// The 10,000 hit-test points, [x0, y0, x1, y1, …] in CSS px of frame 0's view.
export function hitPoints() {
  const r = mulberry32(HIT_SEED);
  const out = new Float64Array(2 * HIT_POINTS);
  for (let i = 0; i < HIT_POINTS; i++) { out[2 * i] = r() * W; out[2 * i + 1] = r() * H; }
  return out;
}

export function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const x = ax + t * dx - px, y = ay + t * dy - py;
  return Math.sqrt(x * x + y * y);
}

/// Plain brute-force hit test over projected waypoints (screen px): the reference answer and
/// d3-classic's method. `lines[r]` is route r's [[x, y], …]. Returns an Int32Array of route or -1.
export function bruteHits(points, lines, radius = HIT_RADIUS) {
  const n = points.length / 2;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const px = points[2 * i], py = points[2 * i + 1];
    let best = -1, bestD = Infinity;
    for (let r = 0; r < lines.length; r++) {
      const l = lines[r];
      let d = Infinity;
      for (let j = 0; j + 1 < l.length; j++) {
        const s = segmentDistance(px, py, l[j][0], l[j][1], l[j + 1][0], l[j + 1][1]);
        if (s < d) d = s;
      }
      if (d <= radius && d <= bestD) { best = r; bestD = d; } // ties go to the later route
    }
    out[i] = best;
  }
  return out;
}

/// The reference answer, computed from the workload's own definition.
export function referenceHits() {
  const v = camera(0);
  const lines = ROUTES.map((r) => r.coords.map((c) => toScreen(base(c), v)));
  return bruteHits(hitPoints(), lines);
}

export function summarizeHits(hits, reference) {
  const perRoute = ROUTES.map(() => 0);
  let count = 0, agree = 0;
  hits.forEach((h, i) => {
    if (h >= 0) { count++; perRoute[h]++; }
    if (reference && h === reference[i]) agree++;
  });
  return { hits: count, perRoute, agree };
}

// ---- The workload as a route set in the project's schema (geodata/README.md) ----

const L = (en) => ({ en, zh: `${en}（基准）`, ru: `${en} (тест)` });
const slug = (name) => name.toLowerCase().replace(/[^a-z]+/g, '-');

function nearestCity([lon, lat]) {
  let best = null, bestD = Infinity;
  for (const [name, clon, clat] of CITIES) {
    const d = (clon - lon) ** 2 + (clat - lat) ** 2;
    if (d < bestD) { best = name; bestD = d; }
  }
  return slug(best);
}

/// `{routes, places, sources}` as parsed JSON: one leg per workload route, drawn along rhumb
/// lines (straight on Mercator, as the workload specifies), and the 30 cities as places.
export function routeSet() {
  const sources = { WKL: { title: 'Kiosk frame workload v1 (benchmark data, not history)' } };
  const places = {
    type: 'FeatureCollection',
    features: CITIES.map(([name, lon, lat]) => ({
      type: 'Feature', id: slug(name), geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { id: slug(name), name: L(name), kind: 'city', rank: 1, sources: ['WKL'] },
    })),
  };
  const features = [];
  ROUTES.forEach((r, i) => {
    const leg = `leg-${i + 1}`;
    features.push({
      type: 'Feature', id: leg, geometry: { type: 'LineString', coordinates: r.coords },
      properties: { kind: 'leg', id: leg, from: nearestCity(r.coords[0]), to: nearestCity(r.coords.at(-1)),
        mode: r.mode, line: 'rhumb', sources: ['WKL'] },
    });
    features.push({
      type: 'Feature', id: r.id, geometry: null,
      properties: { kind: 'route', id: r.id, name: L(r.name), summary: L(`Workload route ${i + 1}.`),
        closed: L('Not applicable: benchmark data.'), legs: [leg], periods: [{ from: '1937-10', to: '1941-06' }],
        sources: ['WKL'] },
    });
  });
  return { routes: { type: 'FeatureCollection', features }, places, sources };
}
