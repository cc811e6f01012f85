// Converts Natural Earth 1:50m (npm world-atlas, TopoJSON, public domain) into the GeoJSON the
// core reads: land as polygons, and the borders between countries as lines (topojson.mesh
// with a !== b keeps each shared border once and leaves coastlines to the land fill).
// Coordinates are rounded to 0.001° (about 100 m), finer than 1:50m itself.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { feature, mesh } from 'topojson-client';

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

// The same in the binary form the page loads (src/basemap.rs, BINARY_MAGIC): only the lines the
// core keeps (longitudes -20..250, western ones read as east of 180), in thousandths of a degree,
// each point a zigzag varint delta from the one before.
const LON_RANGE = [-20, 250];
const unwrap = (lon) => (lon < LON_RANGE[0] ? lon + 360 : lon);
const kept = (lines) => lines.filter((l) => l.every(([lon]) => unwrap(lon) >= LON_RANGE[0] && unwrap(lon) <= LON_RANGE[1]));
const bytes = [...Buffer.from('SRB1')];
const varint = (v) => { while (v >= 0x80) { bytes.push((v & 0x7f) | 0x80); v = Math.floor(v / 128); } bytes.push(v); };
const zigzag = (v) => varint(v < 0 ? -2 * v - 1 : 2 * v);
for (const lines of [kept(polygons.flat()), kept(borders.coordinates)]) {
  varint(lines.length);
  let prev = [0, 0];
  for (const line of lines) {
    varint(line.length);
    for (const [lon, lat] of line) {
      const q = [Math.round(unwrap(lon) * 1000), Math.round(lat * 1000)];
      zigzag(q[0] - prev[0]);
      zigzag(q[1] - prev[1]);
      prev = q;
    }
  }
}
const bin = out.replace(/\.geojson$/, '') + '.bin';
writeFileSync(bin, Buffer.from(bytes));
console.log(`basemap: ${bin} (${(bytes.length / 1e6).toFixed(2)} MB)`);
