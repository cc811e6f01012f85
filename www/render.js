// Draws the map on the canvas from the core's flat arrays. Geometry is turned into Path2D once
// (in world units) and drawn each frame under the view's transform, one stroke per leg style.

import { createBasemapLayer, createLegLevels, pathOf } from './basemap-layer.js';
import { createOccupationLayer } from './occupation-layer.js';
import { Lines, LabelMark, EventState, mode_names } from './pkg/supply_routes.js';

// Line styles by mode name (the core's mode_names()), in CSS px.
export const MODE_STYLE = {
  sea: { color: '#1d5c96', width: 2.5, dash: [9, 6], cap: 'butt' },
  rail: { color: '#2b2b2b', width: 4, ties: { color: '#ffffff', width: 2, dash: [7, 7] }, cap: 'butt' },
  road: { color: '#b23a1b', width: 3.5, dash: [], cap: 'round' },
  air: { color: '#6b3fa0', width: 3, dash: [1, 7], cap: 'round' },
};

const OCEAN = '#c9dbe6';
const LAND = '#f3eee2';
const COAST = '#b9ab8f';
// Modern borders, for orientation only: a faint solid line, so that they neither compete with
// the dashed sea routes nor cost the dasher's thousands of segments every frame.
const BORDER = '#c9bda6';
const HALO = 'rgba(255, 196, 0, 0.6)';
// A leg that is not open at the date shown fades to this opacity.
const CUT_ALPHA = 0.2;
const FRONT = '#b0101e';
const EVENT_FILL = '#c4161c';
const EVENT_RING = '#ffd24a';
const PAST_EVENT = '#7a6a58';

// Marker glyphs in CSS px before scaling, pointing along +x (the direction of travel).
const MARKER_SCALE = 1.3;
const SHIP = [[8, 0], [3, 4.5], [-7, 4.5], [-7, -4.5], [3, -4.5]];
const PLANE = [[9, 0], [3, 1.2], [0, 8], [-2.5, 8], [-1, 1.2], [-6, 1.2], [-8.5, 4.5], [-10, 4.5], [-9, 0],
  [-10, -4.5], [-8.5, -4.5], [-6, -1.2], [-1, -1.2], [-2.5, -8], [0, -8], [3, -1.2]];

function polygon(ctx, points) {
  ctx.beginPath();
  points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
  ctx.closePath();
}

/// One marker: a ship, train, truck or plane at (x, y) heading `angle`, in CSS px.
function drawMarker(ctx, x, y, angle, mode) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(angle);
  ctx.scale(MARKER_SCALE, MARKER_SCALE);
  ctx.fillStyle = MODE_STYLE[mode].color;
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  if (mode === 'sea') polygon(ctx, SHIP);
  else if (mode === 'air') polygon(ctx, PLANE);
  else if (mode === 'rail') { ctx.beginPath(); ctx.rect(-8, -4, 16, 8); }
  else { ctx.beginPath(); ctx.rect(-7, -4, 10, 8); ctx.rect(4, -3.5, 4, 7); } // truck: body and cab
  ctx.fill();
  ctx.stroke();
  ctx.restore();
}
// Place labels by rank: weight and size in CSS px. The page's CSS may scale them with
// --map-label-scale (the kiosk does: type a visitor reads standing, as its interface's).
const LABEL_WEIGHTS = ['700', '600', '400'];
const LABEL_PX = [15, 14, 13];
// The box measured around a label's text, in CSS px before the scale: 1 px either side of the
// text and 2 px above and below it.
const LABEL_PAD_X = 1;
const LABEL_PAD_Y = 2;
export const LABEL_FAMILY = "'Noto Sans', 'Noto Sans SC', system-ui, sans-serif";

/// Strokes `path` in the style of `mode`; widths and dashes are CSS px divided by `k` because
/// the context is in world units.
export function strokeMode(ctx, path, mode, k, { widthBoost = 0, alpha = 1 } = {}) {
  const s = MODE_STYLE[mode];
  ctx.globalAlpha = alpha;
  ctx.lineCap = s.cap;
  ctx.lineJoin = 'round';
  ctx.strokeStyle = s.color;
  ctx.lineWidth = (s.width + widthBoost) / k;
  ctx.setLineDash((s.dash ?? []).map((d) => d / k));
  ctx.stroke(path);
  if (s.ties) {
    ctx.strokeStyle = s.ties.color;
    ctx.lineWidth = (s.ties.width + widthBoost / 3) / k;
    ctx.setLineDash(s.ties.dash.map((d) => d / k));
    ctx.stroke(path);
  }
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

export function createRenderer(canvas, core) {
  const ctx = canvas.getContext('2d');
  const basemap = createBasemapLayer(core);
  const occupation = createOccupationLayer(core); // painted with the basemap, in its bitmap
  const modeNames = mode_names(); // by the core's Mode, as leg_modes() and markers() give it
  let legModes = new Uint8Array();
  // The legs as the core simplifies them for the view: a zoomed-out view strokes a fraction of
  // the vertices of a leg densified every 25 km.
  const legLevels = createLegLevels(core);
  let arrows = { paths: [], events: new Uint32Array(), ends: [] };

  /// Builds the legs' paths (world units) from the core: at start and for a new route set.
  function setLegs() {
    legModes = core.leg_modes();
    legLevels.reset();
  }
  setLegs();

  /// Builds the front arrows (world units) once the story is loaded.
  function setArrows() {
    const { xy, starts } = core.lines(Lines.Arrows);
    const paths = [], ends = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      paths.push(pathOf(xy, starts.subarray(i, i + 2)));
      const z = starts[i + 1] - 1;
      ends.push([xy[2 * (z - 1)], xy[2 * (z - 1) + 1], xy[2 * z], xy[2 * z + 1]]);
    }
    arrows = { paths, events: core.arrow_events(), ends };
  }

  function drawArrows(t, dpr, eventStates) {
    const [a, b, c, d, e, f] = t;
    const screen = (x, y) => [a * x + c * y + e, b * x + d * y + f];
    arrows.paths.forEach((path, i) => {
      if (eventStates[arrows.events[i]] !== EventState.Highlighted) return;
      ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
      ctx.globalAlpha = 0.85;
      ctx.strokeStyle = FRONT;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 6 / a;
      ctx.stroke(path);
      // The head, in screen space along the last segment.
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const [x0, y0, x1, y1] = arrows.ends[i];
      const [p, q] = [screen(x0, y0), screen(x1, y1)];
      const ang = Math.atan2(q[1] - p[1], q[0] - p[0]);
      ctx.save();
      ctx.translate(q[0], q[1]);
      ctx.rotate(ang);
      polygon(ctx, [[6, 0], [-10, 9], [-10, -9]]);
      ctx.fillStyle = FRONT;
      ctx.fill();
      ctx.restore();
      ctx.globalAlpha = 1;
    });
  }

  /// A past event's mark: it stands for its place's dot (drawLabels), with the place's name.
  function pastMark(x, y, r) {
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fillStyle = PAST_EVENT;
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }

  /// The highlighted events' marks, on top of everything; a past event's mark only for the
  /// event opened (the others are drawn with their places' names, or not at all).
  function drawEvents(marks, selectedEvent) {
    for (let i = 0; i < marks.length; i += 4) {
      const [ev, x, y, state] = [marks[i], marks[i + 1], marks[i + 2], marks[i + 3]];
      if (state === EventState.Highlighted) {
        ctx.beginPath();
        ctx.arc(x, y, ev === selectedEvent ? 11 : 9, 0, 2 * Math.PI);
        ctx.fillStyle = EVENT_FILL;
        ctx.fill();
        ctx.lineWidth = 3;
        ctx.strokeStyle = EVENT_RING;
        ctx.stroke();
        ctx.beginPath();
        ctx.arc(x, y, 3, 0, 2 * Math.PI);
        ctx.fillStyle = '#ffffff';
        ctx.fill();
      } else if (ev === selectedEvent) {
        pastMark(x, y, 7);
      }
    }
  }
  let labelState = { places: [], scale: 1 };
  const labelPx = (rank) => LABEL_PX[Math.min(rank, 3) - 1] * labelState.scale;
  const labelFont = (rank) => `${LABEL_WEIGHTS[Math.min(rank, 3) - 1]} ${labelPx(rank)}px ${LABEL_FAMILY}`;

  /// Measures every place's label in the current language, at the size the page's CSS asks
  /// for, and hands the sizes to the core (which keeps labels from colliding).
  function setPlaces(places) {
    const scale = parseFloat(getComputedStyle(canvas).getPropertyValue('--map-label-scale'));
    labelState = { places, scale: scale > 0 ? scale : 1 };
    occupation.setScale(labelState.scale);
    const sizes = new Float64Array(places.length * 2);
    // The box is the text's with its padding, both scaled by k; the core places it beside the
    // place's mark, and drawLabels centres the text in it.
    const k = labelState.scale;
    places.forEach((p, i) => {
      ctx.font = labelFont(p.rank);
      sizes[2 * i] = Math.ceil(ctx.measureText(p.name).width) + 2 * LABEL_PAD_X * k;
      sizes[2 * i + 1] = labelPx(p.rank) + 2 * LABEL_PAD_Y * k;
    });
    core.set_label_sizes(sizes);
  }

  /// Matches the canvas's backing store to its CSS size times devicePixelRatio; returns it.
  function fit() {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth, h = canvas.clientHeight;
    const bw = Math.max(1, Math.round(w * dpr)), bh = Math.max(1, Math.round(h * dpr));
    if (canvas.width !== bw || canvas.height !== bh) {
      canvas.width = bw;
      canvas.height = bh;
    }
    core.resize(w, h);
    return { dpr, w, h };
  }

  // The places named in the last frame, for map.labels(): {id, name, x, y, box}.
  let named = [];

  /// A hairline from a mark of radius `r` at (x, y) to the nearest point of a label's box.
  function leader(x, y, r, [bx, by, bw, bh]) {
    const [px, py] = [Math.min(Math.max(x, bx), bx + bw), Math.min(Math.max(y, by), by + bh)];
    const d = Math.hypot(px - x, py - y);
    if (d <= r) return;
    ctx.beginPath();
    ctx.moveTo(x + ((px - x) * r) / d, y + ((py - y) * r) / d);
    ctx.lineTo(px, py);
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.85)';
    ctx.stroke();
    ctx.lineWidth = 1;
    ctx.strokeStyle = '#1f1d1a';
    ctx.stroke();
  }

  /// Draws the places the core names this frame (core.labels: the order of naming, where each
  /// label goes, and which places have no room are the core's): each place's dot, or a past
  /// event's mark in its place, and its name centred in the box the core gave it, joined to its
  /// mark by a leader line where the core asks (a crowd of places). A place the core leaves
  /// out gets neither dot nor name.
  function drawLabels(dpr, obstacles) {
    const out = core.labels(obstacles);
    const k = labelState.scale;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    ctx.lineJoin = 'round';
    named = [];
    for (let i = 0; i < out.length; i += 9) {
      const place = labelState.places[out[i]];
      if (!place) continue;
      const [x, y, mark, bx, by, bw, bh, withLeader] = out.subarray(i + 1, i + 9);
      const box = [bx, by, bw, bh];
      // From the edge of what marks the place: the highlighted event's ring, the past mark, the dot.
      if (withLeader) leader(x, y, [11, 5, 4][mark], box);
      if (mark === LabelMark.Dot) {
        ctx.beginPath();
        ctx.arc(x, y, place.rank === 1 ? 4.5 : 3.5, 0, 2 * Math.PI); // the core's dot, whatever the scale
        ctx.fillStyle = '#1f1d1a';
        ctx.fill();
        ctx.lineWidth = 1.5;
        ctx.strokeStyle = '#ffffff';
        ctx.stroke();
      } else if (mark === LabelMark.PastEvent) {
        pastMark(x, y, 5);
      } // a highlighted event's mark is drawn with the events, over everything
      ctx.font = labelFont(place.rank);
      ctx.lineWidth = 3.5 * k;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      ctx.strokeText(place.name, bx + bw / 2, by + bh / 2);
      ctx.fillStyle = '#1f1d1a';
      ctx.fillText(place.name, bx + bw / 2, by + bh / 2);
      named.push({ id: place.id, name: place.name, x, y, box });
    }
  }

  /// The ocean and the basemap (land, coast, borders) on `g` for the current view.
  function paintBase(g, dpr, w, h) {
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = OCEAN;
    g.fillRect(0, 0, w, h);
    basemap.draw(g, dpr, { land: LAND, border: occupation.border(BORDER), coast: COAST, w, h });
    occupation.draw(g, dpr, w, h);
  }

  // A view that stays put while the map above it changes (a playing timeline, a hover, a
  // selection) gets its ocean and basemap painted once into a bitmap, which later frames copy:
  // most of a frame's rasterising is the land fill, and the copy costs a fraction of it. Making
  // the bitmap costs a paint and a copy, so a moving view paints directly, and so does a view
  // drawn only twice (a jump followed by one redraw); the bitmap is made on the third frame.
  const still = { key: '', frames: 0, bitmap: null, bitmapKey: '' };
  function drawBase(transform, dpr, w, h) {
    const key = `${transform.join()}|${dpr}|${w}|${h}|${core.basemap_levels()}|${basemap.generation}|${occupation.key()}`;
    still.frames = key === still.key ? still.frames + 1 : 0;
    still.key = key;
    if (still.bitmapKey !== key && still.frames >= 2) {
      still.bitmap ??= document.createElement('canvas');
      if (still.bitmap.width !== canvas.width || still.bitmap.height !== canvas.height) {
        still.bitmap.width = canvas.width;
        still.bitmap.height = canvas.height;
      }
      paintBase(still.bitmap.getContext('2d'), dpr, w, h);
      still.bitmapKey = key;
    }
    if (still.bitmapKey === key) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalAlpha = 1;
      ctx.drawImage(still.bitmap, 0, 0);
    } else {
      paintBase(ctx, dpr, w, h);
    }
  }

  /// Draws the whole map now. `selectedLegs`: leg indices to highlight; `legActive`: 1 per leg
  /// open at the date shown; `markers` and `eventMarks` as the core gives them; `obstacles`:
  /// screen rectangles [x, y, w, h, …] that labels must keep clear of.
  function draw({ selectedLegs = null, hoverLegs = null, legActive = null, eventStates = new Uint8Array(),
    eventMarks = new Float64Array(), markers = new Float32Array(), selectedEvent = -1,
    obstacles = new Float64Array() } = {}) {
    const { dpr, w, h } = fit();
    const transform = core.transform();
    const [a, b, c, d, e, f] = transform;
    const k = a;
    occupation.setObstacles(obstacles); // the period's labels are placed after the place names
    drawBase(transform, dpr, w, h);
    ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
    const legPaths = legLevels.at(core.basemap_level(dpr));

    const selected = selectedLegs ? new Set(selectedLegs) : null;
    const hover = hoverLegs ? new Set(hoverLegs) : null;
    const open = (i) => !legActive || legActive[i] === 1;
    if (selected) {
      ctx.strokeStyle = HALO;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 16 / k;
      for (const i of selected) {
        ctx.globalAlpha = open(i) ? 1 : 0.5;
        ctx.stroke(legPaths[i]);
      }
      ctx.globalAlpha = 1;
    }
    // Cut legs first and faint, then open ones (faded when something is selected), then the
    // selection on top.
    for (const cut of [true, false]) {
      for (let i = 0; i < legPaths.length; i++) {
        if (selected?.has(i) || open(i) === cut) continue;
        const lift = hover?.has(i) ? 2 : 0;
        const alpha = cut ? CUT_ALPHA : selected ? 0.45 : 1;
        strokeMode(ctx, legPaths[i], modeNames[legModes[i]], k, { alpha, widthBoost: lift });
      }
    }
    if (selected) {
      for (const i of selected) {
        strokeMode(ctx, legPaths[i], modeNames[legModes[i]], k, { widthBoost: 1.5, alpha: open(i) ? 1 : 0.35 });
      }
    }

    drawArrows(transform, dpr, eventStates);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    for (let i = 0; i < markers.length; i += 4) {
      drawMarker(ctx, markers[i], markers[i + 1], markers[i + 2], modeNames[markers[i + 3]]);
    }
    drawLabels(dpr, obstacles);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawEvents(eventMarks, selectedEvent);
    basemap.prewarm();
    legLevels.prewarm(); // and the hit-test index
  }

  /// After the core's basemap was replaced: its paths are built anew.
  function basemapChanged() {
    basemap.reset();
  }

  /// The places named in the last frame drawn: [{id, name, x, y, box: [x, y, w, h]}], CSS px.
  const labels = () => named.map((l) => ({ ...l, box: [...l.box] }));

  /// Builds the basemap's paths for the view in tasks of their own (basemap-layer.js's prepare).
  const prepareBasemap = () => basemap.prepare(window.devicePixelRatio || 1);

  return { draw, setPlaces, setArrows, setLegs, basemapChanged, prepareBasemap, labels, occupation };
}
