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
  let extras = []; // labels placed with the period's, before them: the fronts, held cities' names
  let fronts = []; // the open chapter's labels, measured: [{at, text, w, h, kind}]
  let cities = []; // the held cities' names (those not also places), measured
  let width = innerWidth; // the canvas's, as last drawn
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
    // A held city that is also one of the map's places keeps that place's label.
    const byId = new Map(items.map((it) => [it.id, it]));
    measure.font = `600 ${11 * scale}px ${FAMILY}`;
    cities = (core.occupied(lang)?.places ?? []).flatMap((p) => {
      const it = byId.get(p.id);
      if (!it || it.place) return [];
      const text = (it.label ?? it.name).replace(/\s*[(（][^)）]*[)）]\s*$/u, '');
      return [{ at: p.coordinates, text, w: measure.measureText(text).width + 4, h: 11 * scale * 1.4, kind: 'city' }];
    });
    measure.font = `700 ${15 * scale}px ${FAMILY}`;
    fronts = chapterLabels.map((l) => ({ at: l.coordinates, text: l.name, w: measure.measureText(l.name).width + 4, h: 15 * scale * 1.3, kind: 'front' }));
    stateKey = `${lang}|${scale}|${held.join('')}|${labels.map((x) => x.id).join()}|${chapterLabels.map((x) => x.name).join()}`;
  }

  /// Where the core puts the period's labels for this frame: after the place names, which it
  /// places with the same obstacles as the renderer's labels.
  function place() {
    refresh();
    // Zoomed in, a held city is named beside its mark; a front runs from its point away from
    // the middle of the map, so that two near the middle do not run into each other.
    extras = [...fronts, ...(core.view()[2] >= CITY_LABEL_ZOOM ? cities : [])];
    const flat = new Float64Array(6 * extras.length);
    extras.forEach((e, j) => {
      let dx = e.w / 2 + (e.kind === 'city' ? CITY_PX / 2 + 2 : 0);
      if (e.kind === 'front' && (core.project(...e.at)?.[0] ?? 0) < width / 2) dx = -dx;
      flat.set([e.at[0], e.at[1], dx, e.w, e.h, e.kind === 'city' ? 1 : 0], 6 * j);
    });
    boxes = labels.length || extras.length ? core.period_label_boxes(sizes, flat, obstacles) : new Float64Array();
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
    });
  }

  /// The labels where the core placed them: the period's states, the fronts, the held cities.
  function drawLabels(g, dpr) {
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.lineJoin = 'round';
    for (let i = 0; i < boxes.length; i += 6) {
      const k = boxes[i];
      const [x, y, bw, bh] = boxes.subarray(i + 2, i + 6);
      const [cx, cy] = [x + bw / 2, y + bh / 2];
      if (k < 0) {
        const e = extras[-1 - k];
        if (!e) continue;
        const front = e.kind === 'front';
        g.font = front ? `700 ${15 * scale}px ${FAMILY}` : `600 ${11 * scale}px ${FAMILY}`;
        g.lineWidth = front ? 4 : 3;
        g.strokeStyle = 'rgba(255, 255, 255, 0.92)';
        g.strokeText(e.text, cx, cy);
        g.fillStyle = front ? '#8c1526' : WAR_STYLE.city;
        g.fillText(e.text, cx, cy);
        continue;
      }
      const l = labels[k];
      if (!l) continue;
      g.font = `italic 600 ${sizes[2 * k + 1] / 1.4}px ${FAMILY}`;
      g.lineWidth = 3;
      g.strokeStyle = 'rgba(243, 238, 226, 0.8)';
      g.strokeText(texts[k], cx, cy);
      g.fillStyle = LABEL_INK[l.kind] ?? LABEL_INK.state;
      g.fillText(texts[k], cx, cy);
    }
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
    /// The labels drawn in the last frame: [{kind, name, box: [x, y, w, h]}], CSS px; `kind`
    /// 'state' (with the period label's `id`), 'front' or 'city'.
    stateLabels: () => Array.from({ length: boxes.length / 6 }, (_, n) => {
      const i = 6 * n, k = boxes[i];
      const box = Array.from(boxes.subarray(i + 2, i + 6));
      if (k < 0) { const e = extras[-1 - k]; return { kind: e?.kind, name: e?.text, box }; }
      return { kind: 'state', id: labels[k]?.id, name: texts[k], box };
    }),
    /// Paints the layer on `g` for the current view on a `w` × `h` CSS px canvas.
    draw(g, dpr, w, h) {
      refresh();
      if (!boxes.length && (labels.length || fronts.length)) place();
      const t = core.transform();
      drawAreas(g, dpr, t);
      drawLines(g, dpr, t);
      drawCities(g, dpr, t);
      width = w;
      drawLabels(g, dpr);
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
    },
    /// The held items' data as the core gives it (the cards use it).
    items: () => items,
  };
}
