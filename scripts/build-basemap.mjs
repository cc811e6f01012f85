// Converts Natural Earth 1:50m (npm world-atlas, TopoJSON, public domain) into the GeoJSON the
// core reads: land as polygons, and the borders between countries as lines (topojson.mesh
// with a !== b keeps each shared border once and leaves coastlines to the land fill).
// Coordinates are rounded to 0.001° (about 100 m), finer than 1:50m itself.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { feature, mesh } from 'topojson-client';
import simplify from 'simplify-js';
import { geoConicConformal } from 'd3-geo';

const require = createRequire(import.meta.url);
const out = process.argv[2] ?? 'www/data/basemap.geojson';
const land = JSON.parse(readFileSync(require.resolve('world-atlas/land-50m.json'), 'utf8'));
const countries = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));

const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000] : c.map(round));
// land-50m's "land" object is a GeometryCollection: merge its polygons into one MultiPolygon.
const landFeatures = feature(land, land.objects.land);
const polygons = (landFeatures.features ?? [landFeatures]).flatMap(({ geometry: g }) =>
  g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []);
const landGeom = { type: 'MultiPolygon', coordinates: polygons };
const borders = mesh(countries, countries.objects.countries, (a, b) => a !== b);

const fc = {
  type: 'FeatureCollection',
  features: [
    { type: 'Feature', properties: { layer: 'land', source: 'Natural Earth 1:50m via world-atlas 2.0.2' },
      geometry: { type: landGeom.type, coordinates: round(landGeom.coordinates) } },
    { type: 'Feature', properties: { layer: 'borders', source: 'Natural Earth 1:50m via world-atlas 2.0.2' },
      geometry: { type: borders.type, coordinates: round(borders.coordinates) } },
  ],
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(fc));
console.log(`basemap: ${out} (${(JSON.stringify(fc).length / 1e6).toFixed(2)} MB)`);

// The same in the binary forms the page loads (src/basemap.rs): only the lines the core keeps
// (longitudes -20..250, western ones read as east of 180) and that reach north of 60°S (no view
// shows Antarctica, and the conic stretches it without bound), each point a zigzag varint delta from
// the one before, in units of 1/`perDegree` degree.
//   basemap.bin (SRB1): every vertex, in thousandths of a degree.
//   basemap-overview.bin (SRB2, overview flag): what the first frame draws, under half the
//   bytes: on a 1/150-degree grid, each line simplified (Douglas–Peucker, simplify-js) in
//   Mercator, at the largest tolerance that keeps every vertex of the full line within 0.45
//   world units of it in Mercator and in the map's conic (d3-geo's, with the core's parallels
//   and radius); the core's coarsest level allows 0.5 (tests/basemap_overview.rs checks it).
//   The grid is the coarsest that does not cost points: its rounding (at most 1/300 degree, about
//   0.1 world unit at 55°N) is part of the 0.45, and smaller deltas gzip better (1/500 gave 73 KB
//   gzipped, 1/150 55 KB for 1 % more points; 1/100 53 KB for 10 % more).
const LON_RANGE = [-20, 250];
const OVERVIEW = { perDegree: 150, maxError: 0.45, tolerances: [0.44, 0.42, 0.4, 0.38, 0.35, 0.3, 0.25, 0.2, 0.12, 0.06, 0.03, 0] };
const R = 1000; // the core's WORLD_RADIUS
const unwrap = (lon) => (lon < LON_RANGE[0] ? lon + 360 : lon);
const kept = (lines) => lines.filter((l) => l.every(([lon]) => unwrap(lon) >= LON_RANGE[0] && unwrap(lon) <= LON_RANGE[1])
  && l.some(([, lat]) => lat > -60));
const mercator = ([lon, lat]) => [(R * lon * Math.PI) / 180, R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
// src/projection.rs's LambertConformalConic::asia(): centred at 85°E, parallels 10°N and 45°N.
const conic = geoConicConformal().parallels([10, 45]).rotate([-85, 0]).scale(R).translate([0, 0]).precision(0);
const CHECKED = [mercator, (p) => conic(p)];

/// The largest distance, in world units of `project`, from a vertex of `line` (degrees) to the
/// segment of `kept` (indices into it, in order) that spans it.
function strays(line, kept, project) {
  const p = line.map(project);
  let worst = 0;
  for (let k = 0; k + 1 < kept.length; k++) {
    const [a, b] = [p[kept[k]], p[kept[k + 1]]];
    const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
    const len2 = dx * dx + dy * dy;
    for (let j = kept[k] + 1; j < kept[k + 1]; j++) {
      const t = len2 ? Math.max(0, Math.min(1, ((p[j][0] - a[0]) * dx + (p[j][1] - a[1]) * dy) / len2)) : 0;
      worst = Math.max(worst, Math.hypot(p[j][0] - a[0] - t * dx, p[j][1] - a[1] - t * dy));
    }
  }
  return worst;
}

/// `magic`, then (SRB2 only) the header of varints `header`, then the land rings and border lines.
function encode(magic, header, perDegree, simplifyLine) {
  const bytes = [...Buffer.from(magic)];
  const varint = (v) => { while (v >= 0x80) { bytes.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); } bytes.push(v); };
  const zigzag = (v) => varint(v < 0 ? -2 * v - 1 : 2 * v);
  header.forEach(varint);
  for (const lines of [kept(polygons.flat()), kept(borders.coordinates)]) {
    varint(lines.length);
    let prev = [0, 0];
    for (const line of lines) {
      const grid = line.map(([lon, lat]) => [Math.round(unwrap(lon) * perDegree), Math.round(lat * perDegree)]);
      const out = simplifyLine(grid, line);
      varint(out.length);
      for (const q of out) {
        zigzag(q[0] - prev[0]);
        zigzag(q[1] - prev[1]);
        prev = q;
      }
    }
  }
  return Buffer.from(bytes);
}

const write = (name, buf) => {
  const file = `${dirname(out)}/${name}`;
  writeFileSync(file, buf);
  console.log(`basemap: ${file} (${(buf.length / 1e6).toFixed(2)} MB)`);
};
write('basemap.bin', encode('SRB1', [], 1000, (grid) => grid));
// SRB2's header: units per degree, then flags (1 = overview).
write('basemap-overview.bin', encode('SRB2', [OVERVIEW.perDegree, 1], OVERVIEW.perDegree, (grid, line) => {
  // Every ring and line stays, in its place, however small (first and last points are kept);
  // the error is measured from the full-precision vertices to the gridded kept ones.
  const on = grid.map(([x, y]) => [x / OVERVIEW.perDegree, y / OVERVIEW.perDegree]);
  const m = on.map(mercator);
  for (const tolerance of OVERVIEW.tolerances) {
    // At 0 every point stays: simplify-js would still drop points that the grid made collinear
    // in Mercator (a border along a parallel), which the conic draws as a curve.
    const keep = tolerance === 0 ? line.map((_, i) => i) : simplify(m.map(([x, y], i) => ({ x, y, i })), tolerance, true).map((q) => q.i);
    const isKept = new Set(keep);
    const gridded = line.map(([lon, lat], i) => (isKept.has(i) ? on[i] : [unwrap(lon), lat]));
    if (tolerance === 0 || CHECKED.every((project) => strays(gridded, keep, project) <= OVERVIEW.maxError)) {
      return keep.map((i) => grid[i]);
    }
  }
}));
