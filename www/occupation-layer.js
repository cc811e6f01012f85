// The war beneath the routes (issue 21): what Japan held at the month shown (areas hatched
// with a soft edge, since their outlines are approximate; held railways as a dark red line in
// a faint band; the blockaded coast dotted; held cities as small squares) and the period's
// states and colonies as labels in place of today's borders, which are left out under a date
// (the data has no period borders to draw instead). The period's labels are placed by the core
// after the place names (core.period_label_boxes: a place's name always wins, a state's label
// moves off it or is dropped). It is painted with the basemap into the renderer's cached
// bitmap: it changes only at the months an item was taken or lost, or when the labels move,
// and `key()` says when, so a still view never paints it twice.

import { pathOf } from './basemap-layer.js';

export const WAR_STYLE = {
  area: 'rgba(150, 24, 38, 0.10)',
  hatch: 'rgba(150, 24, 38, 0.30)',
  edge: 'rgba(150, 24, 38, 0.07)',
  railway: '#8c1526',
  railwayBand: 'rgba(140, 21, 38, 0.18)',
  blockade: '#8c1526',
  city: '#8c1526',
};
// Today's borders over the whole period, where the period's labels name the states: kept only
// as a faint trace for orientation. Under a date they are not drawn at all.
export const FADED_BORDER = 'rgba(201, 189, 166, 0.35)';
const LABEL_INK = { state: 'rgba(72, 64, 52, 0.62)', colony: 'rgba(72, 64, 52, 0.62)', puppet: 'rgba(120, 20, 34, 0.62)', occupied: 'rgba(120, 20, 34, 0.62)' };
const LABEL_PX = [13, 11.5, 10.5];
const CITY_PX = 9;
const CITY_LABEL_ZOOM = 3;
const FAMILY = "'Noto Sans', 'Noto Sans SC', system-ui, sans-serif";

/// The page's language code, as language.js sets it on the document (whose lang is its locale:
/// 'zh-Hans' for 'zh', and 'en-XA' is a language of its own); '' is the first language.
const pageLanguage = () => document.documentElement.dataset.language ?? '';

/// A small canvas of diagonal strokes, repeated over a held area.
function hatchPattern(g, dpr) {
  const n = Math.max(1, Math.round(8 * dpr));
  const tile = document.createElement('canvas');
  tile.width = tile.height = n;
  const t = tile.getContext('2d');
  t.strokeStyle = WAR_STYLE.hatch;
  t.lineWidth = Math.max(1, dpr);
  t.beginPath();
  for (const o of [-n, 0, n]) { t.moveTo(o, n); t.lineTo(o + n, 0); }
  t.stroke();
  return g.createPattern(tile, 'repeat');
}

export function createOccupationLayer(core) {
  let items = []; // war_items(), in the order of war_lines().item
  let shapes = []; // per item: {path: Path2D (world units), point: [x, y] (world) for a city}
  let lang = null;
  let month;
  let held = new Uint8Array();
  let labels = [];
  let texts = []; // per label: the short form the map shows
  let sizes = new Float64Array(); // per label: [w, h] CSS px, for the core's placement
  let boxes = new Float64Array(); // the core's placement: [label, anchor, x, y, w, h, …]
  let obstacles = new Float64Array(); // the cards, as the renderer hands them to the labels
  let measure = null; // a 2D context to measure labels with
  let stateKey = '';
  let scale = 1; // the page's --map-label-scale (the kiosk's labels are larger)
  let chapterLabels = []; // the open chapter's labels: [{id, name, coordinates}]
  const patterns = new Map(); // by dpr

  /// The held items' paths, built once per war (and after a projection changes).
  function build() {
    lang = pageLanguage();
    items = core.war_items(lang);
    const { xy, starts, item } = core.war_lines();
    shapes = items.map(() => ({ path: null, point: null, rings: [] }));
    for (let i = 0; i + 1 < starts.length; i++) {
      const s = shapes[item[i]];
      if (starts[i + 1] - starts[i] === 1) s.point = [xy[2 * starts[i]], xy[2 * starts[i] + 1]];
      else s.rings.push(i);
    }
    shapes.forEach((s) => {
      if (!s.rings.length) return;
      const path = new Path2D();
      for (const i of s.rings) path.addPath(pathOf(xy, starts.subarray(i, i + 2)));
      s.path = path;
    });
    month = undefined;
  }

  /// Reads what is held and labelled when the month or the language changed.
  function refresh() {
    const m = core.month() ?? null;
    const l = pageLanguage();
    if (m === month && l === lang) return;
    // Before build() there are no paths to go with the items.
    if (l !== lang) { lang = l; if (shapes.length) items = core.war_items(lang); }
    month = m;
    held = core.war_held();
    labels = core.period_labels(lang);
    measure ??= document.createElement('canvas').getContext('2d');
    sizes = new Float64Array(2 * labels.length);
    texts = labels.map((l, i) => {
      const px = LABEL_PX[Math.min(l.rank, 3) - 1] * scale;
      measure.font = `italic 600 ${px}px ${FAMILY}`;
      // The map says the short form ("Manchukuo"); the brackets are for the card.
      const short = l.name.replace(/\s*[(（][^)）]*[)）]\s*$/u, '') || l.name;
      const text = short.toUpperCase(); // a script without case (Chinese) stays as it is
      sizes[2 * i] = measure.measureText(text).width + 4;
      sizes[2 * i + 1] = px * 1.4;
      return text;
    });
    stateKey = `${lang}|${scale}|${held.join('')}|${labels.map((x) => x.id).join()}|${chapterLabels.map((x) => x.name).join()}`;
  }

  /// Where the core puts the period's labels for this frame: after the place names, which it
  /// places with the same obstacles as the renderer's labels.
  function place() {
    refresh();
    boxes = labels.length ? core.period_label_boxes(sizes, obstacles) : new Float64Array();
    return Array.from(boxes, (v) => Math.round(v)).join();
  }

  function drawAreas(g, dpr, t) {
    const [a, b, c, d, e, f] = t;
    const k = Math.hypot(a, b);
    let pattern = patterns.get(dpr);
    if (!pattern) { pattern = hatchPattern(g, dpr); patterns.set(dpr, pattern); }
    items.forEach((it, i) => {
      const s = shapes[i];
      if (!held[i] || it.kind !== 'area' || !s?.path) return;
      g.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
      g.fillStyle = WAR_STYLE.area;
      g.fill(s.path, 'evenodd');
      // A soft band across the edge instead of a line: the outline is approximate.
      g.strokeStyle = WAR_STYLE.edge;
      g.lineJoin = 'round';
      for (const w of [14, 8, 4]) { g.lineWidth = w / k; g.stroke(s.path); }
      g.save();
      g.clip(s.path, 'evenodd');
      g.setTransform(1, 0, 0, 1, 0, 0);
      g.fillStyle = pattern;
      g.fillRect(0, 0, g.canvas.width, g.canvas.height);
      g.restore();
    });
  }

  function drawLines(g, dpr, t) {
    const [a, b, c, d, e, f] = t;
    const k = Math.hypot(a, b);
    g.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
    g.lineJoin = 'round';
    items.forEach((it, i) => {
      const s = shapes[i];
      if (!held[i] || !s?.path || it.kind === 'area') return;
      if (it.kind === 'railway') {
        g.lineCap = 'round';
        g.strokeStyle = WAR_STYLE.railwayBand;
        g.lineWidth = 9 / k;
        g.stroke(s.path);
        g.strokeStyle = WAR_STYLE.railway;
        g.lineWidth = 1.8 / k;
        g.setLineDash(it.approximate ? [5 / k, 3 / k] : []);
        g.stroke(s.path);
      } else {
        g.lineCap = 'round';
        g.strokeStyle = WAR_STYLE.blockade;
        g.lineWidth = 3 / k;
        g.setLineDash([0.1 / k, 7 / k]);
        g.stroke(s.path);
      }
      g.setLineDash([]);
    });
  }

  function drawCities(g, dpr, t) {
    const [a, b, c, d, e, f] = t;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    // Zoomed in, a held city that is not one of the map's places is named beside its mark (a
    // place keeps its own label).
    const named = core.view()[2] >= CITY_LABEL_ZOOM;
    g.font = `600 ${11 * scale}px ${FAMILY}`;
    g.textAlign = 'left';
    g.textBaseline = 'middle';
    g.lineJoin = 'round';
    items.forEach((it, i) => {
      const p = shapes[i]?.point;
      if (!held[i] || !p) return;
      const x = a * p[0] + c * p[1] + e, y = b * p[0] + d * p[1] + f;
      g.fillStyle = WAR_STYLE.city;
      g.strokeStyle = '#ffffff';
      g.lineWidth = 1.5;
      g.beginPath();
      g.rect(x - CITY_PX / 2, y - CITY_PX / 2, CITY_PX, CITY_PX);
      g.fill();
      g.stroke();
      if (!named || it.place) return;
      const text = (it.label ?? it.name).replace(/\s*[(（][^)）]*[)）]\s*$/u, '');
      g.lineWidth = 3;
      g.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      g.strokeText(text, x + CITY_PX, y);
      g.fillStyle = WAR_STYLE.city;
      g.fillText(text, x + CITY_PX, y);
    });
  }

  function drawLabels(g, dpr, w, h) {
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.lineJoin = 'round';
    for (let i = 0; i < boxes.length; i += 6) {
      const l = labels[boxes[i]];
      if (!l) continue;
      const [x, y, bw, bh] = boxes.subarray(i + 2, i + 6);
      g.font = `italic 600 ${sizes[2 * boxes[i] + 1] / 1.4}px ${FAMILY}`;
      g.lineWidth = 3;
      g.strokeStyle = 'rgba(243, 238, 226, 0.8)';
      g.strokeText(texts[boxes[i]], x + bw / 2, y + bh / 2);
      g.fillStyle = LABEL_INK[l.kind] ?? LABEL_INK.state;
      g.fillText(texts[boxes[i]], x + bw / 2, y + bh / 2);
    }
    const taken = [];
    const clear = (box) => taken.every((t) => box[0] > t[2] || box[2] < t[0] || box[1] > t[3] || box[3] < t[1]);
    // A chapter's labels (the fronts) run from their point away from the middle of the map,
    // so that two near the middle do not run into each other.
    g.font = `700 ${15 * scale}px ${FAMILY}`;
    for (const l of chapterLabels) {
      const p = core.project(...l.coordinates);
      if (!p) continue;
      const tw = g.measureText(l.name).width;
      // Kept on the canvas: a narrow screen moves it in rather than cut it.
      const left = Math.max(4, Math.min(w - tw - 4, p[0] < w / 2 ? p[0] - tw : p[0]));
      // ... and below one it would run into.
      const lh = 15 * scale * 1.3;
      let y = p[1];
      while (!clear([left, y - lh / 2, left + tw, y + lh / 2]) && y < h) y += lh;
      taken.push([left, y - lh / 2, left + tw, y + lh / 2]);
      g.textAlign = 'left';
      g.lineWidth = 4;
      g.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      g.strokeText(l.name, left, y);
      g.fillStyle = '#8c1526';
      g.fillText(l.name, left, y);
    }
    g.textAlign = 'center';
  }

  return {
    /// After core.set_war or a new projection: the paths are built anew.
    reset: build,
    /// The open chapter's labels (the 1945 fronts), or none.
    setChapterLabels(list) { chapterLabels = list ?? []; month = undefined; },
    /// The labels' scale, as the renderer measured it for the place names.
    setScale(k) { if (k !== scale) { scale = k; stateKey += '*'; month = undefined; } },
    /// The cards the labels keep clear of, `[x, y, w, h, …]` CSS px: before each frame's base.
    setObstacles(list) { obstacles = list ?? new Float64Array(); },
    /// What the painted layer depends on besides the view (what is held, and where the
    /// period's labels go this frame): a change repaints the bitmap.
    key() { const at = place(); return `${stateKey}|${at}`; },
    /// Whether the war is loaded (the modern borders then give way).
    get loaded() { return items.length > 0 || labels.length > 0; },
    /// The colour of today's borders under the war: none under a date (they did not exist
    /// then, and the data has no period borders), faint over the whole period; `normal`
    /// without a war.
    border(normal) {
      if (!(items.length > 0 || labels.length > 0)) return normal;
      return core.month() == null ? FADED_BORDER : null;
    },
    /// The period's labels drawn in the last frame: [{id, name, box: [x, y, w, h]}], CSS px.
    stateLabels: () => Array.from({ length: boxes.length / 6 }, (_, k) => {
      const i = 6 * k;
      const l = labels[boxes[i]];
      return { id: l?.id, name: texts[boxes[i]], box: Array.from(boxes.subarray(i + 2, i + 6)) };
    }),
    /// Paints the layer on `g` for the current view on a `w` × `h` CSS px canvas.
    draw(g, dpr, w, h) {
      refresh();
      if (!boxes.length && labels.length) place();
      const t = core.transform();
      drawAreas(g, dpr, t);
      drawLines(g, dpr, t);
      drawCities(g, dpr, t);
      drawLabels(g, dpr, w, h);
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
    },
    /// The held items' data as the core gives it (the cards use it).
    items: () => items,
  };
}
