// Leaflet 1.9.4 with its canvas renderer as the only renderer; L, topojson are UMD globals.
import { run } from './harness.js';
import { K0, ROUTES, CITIES, LAND, BORDER, CITY, FONT, HIT_RADIUS, camera, unbase } from '../workload.mjs';

// Labels: Leaflet has no canvas text; draw each city's name right after its circle.
const LabelCanvas = L.Canvas.extend({
  _updateCircle(layer) {
    L.Canvas.prototype._updateCircle.call(this, layer);
    const label = layer.options.label;
    if (!label || layer._empty()) return;
    const ctx = this._ctx, p = layer._point;
    ctx.font = FONT; ctx.fillStyle = CITY; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    ctx.fillText(label, p.x + 6, p.y);
  },
});

// Leaflet draws in the plane: make each ring's longitudes continuous and move it by 360° to its
// median longitude, or Eurasia (which crosses the antimeridian at Chukotka) lands 360° away.
function unwrapRing(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    let lon = ring[i][0];
    const prev = out[i - 1][0];
    while (lon - prev > 180) lon -= 360;
    while (lon - prev < -180) lon += 360;
    out.push([lon, ring[i][1]]);
  }
  const lons = out.map((p) => p[0]).sort((a, b) => a - b);
  const med = lons[lons.length >> 1];
  const shift = med > 180 ? -360 : med < -180 ? 360 : 0;
  return shift ? out.map(([x, y]) => [x + shift, y]) : out;
}
function unwrap(g) {
  if (g.type === 'MultiPolygon') return { ...g, coordinates: g.coordinates.map((p) => p.map(unwrapRing)) };
  if (g.type === 'Polygon') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
  if (g.type === 'MultiLineString') return { ...g, coordinates: g.coordinates.map(unwrapRing) };
  return g;
}
const zoomOf = (s) => Math.log2((K0 * s * 2 * Math.PI) / 256);

async function leaflet({ canvasHost, dpr, layers }) {
  const div = document.createElement('div');
  div.style.cssText = 'position:absolute;left:0;top:0;width:1920px;height:1080px;background:#cfe0ee';
  canvasHost.append(div);
  const jobs = [];
  let land = null, borders = null;
  if (layers === 'full') jobs.push(fetch('/node_modules/world-atlas/land-50m.json').then((r) => r.json()).then((t) => { land = topojson.feature(t, t.objects.land); }));
  if (layers !== 'routes') jobs.push(fetch('/node_modules/world-atlas/countries-50m.json').then((r) => r.json()).then((t) => { borders = topojson.mesh(t, t.objects.countries, (a, b) => a !== b); }));
  await Promise.all(jobs);
  const renderer = new LabelCanvas({ padding: 0, tolerance: 10.5 });
  const v0 = camera(0);
  const [lon0, lat0] = unbase([v0.cx, v0.cy]);
  const map = L.map(div, {
    renderer, preferCanvas: true, zoomSnap: 0, zoomDelta: 0.25, zoomAnimation: false, fadeAnimation: false,
    markerZoomAnimation: false, inertia: false, zoomControl: false, attributionControl: false,
    center: [lat0, lon0], zoom: zoomOf(v0.s),
  });
  let deferred = 0, inFrames = 0;
  const redraw = renderer._redraw;
  let inFrame = false;
  renderer._redraw = function () { if (inFrame) inFrames++; else deferred++; return redraw.apply(this, arguments); };
  if (land) {
    const feats = (land.features ?? [land]).map((f) => ({ ...f, geometry: unwrap(f.geometry) }));
    L.geoJSON({ type: 'FeatureCollection', features: feats }, { interactive: false, style: { stroke: false, fill: true, fillColor: LAND, fillOpacity: 1, fillRule: 'evenodd' } }).addTo(map);
  }
  if (borders) L.geoJSON(unwrap(borders), { interactive: false, style: { color: BORDER, weight: 1, opacity: 1, lineCap: 'round', lineJoin: 'round', fill: false } }).addTo(map);
  const routeLayers = ROUTES.map((r) => L.polyline(r.coords.map(([lon, lat]) => [lat, lon]), { color: r.color, weight: 3, opacity: 1, lineCap: 'round', lineJoin: 'round', interactive: true }).addTo(map));
  for (const [name, lon, lat] of CITIES) L.circleMarker([lat, lon], { radius: 3, stroke: false, fillColor: CITY, fillOpacity: 1, interactive: false, label: name }).addTo(map);
  return {
    frame(i) {
      const v = camera(i);
      const [lon, lat] = unbase([v.cx, v.cy]);
      inFrame = true;
      map.setView([lat, lon], zoomOf(v.s), { animate: false });
      inFrame = false;
    },
    flush() { renderer._ctx.getImageData(0, 0, 1, 1); },
    prepareHit() { this.frame(0); this.flush(); },
    hitTest(points) {
      // Canvas._handleMouseHover's loop: _containsPoint per layer in draw order (tolerance
      // weight/2 + 10.5 = 12 px); distance over _parts only to choose among several.
      const n = points.length / 2, out = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const lp = map.containerPointToLayerPoint([points[2 * k], points[2 * k + 1]]);
        let best = -1, bestD = Infinity, found = 0;
        for (let j = 0; j < routeLayers.length; j++) {
          const layer = routeLayers[j];
          if (!(layer.options.interactive && layer._containsPoint(lp))) continue;
          found++;
          let d = Infinity;
          for (const part of layer._parts) for (let m = 0; m + 1 < part.length; m++) d = Math.min(d, L.LineUtil.pointToSegmentDistance(lp, part[m], part[m + 1]));
          if (found === 1 || d <= bestD) { best = j; bestD = d; }
        }
        out[k] = best;
      }
      return out;
    },
    // Redraws outside a frame (work the timing would miss), and redraws inside frames (1 each).
    get notes() { return { deferredRedraws: deferred, redrawsInFrames: inFrames, tolerance: HIT_RADIUS }; },
  };
}

run(leaflet);
