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
