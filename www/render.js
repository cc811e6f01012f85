// Draws the map on the canvas from the core's flat arrays. Geometry is turned into Path2D once
// (in world units) and drawn each frame under the view's transform, one stroke per leg style.

// Line styles by mode, in CSS px; index = the core's mode number (0 sea, 1 rail, 2 road, 3 air).
export const MODES = ['sea', 'rail', 'road', 'air'];
export const MODE_STYLE = {
  sea: { color: '#1d5c96', width: 2.5, dash: [9, 6], cap: 'butt' },
  rail: { color: '#2b2b2b', width: 4, ties: { color: '#ffffff', width: 2, dash: [7, 7] }, cap: 'butt' },
  road: { color: '#b23a1b', width: 3.5, dash: [], cap: 'round' },
  air: { color: '#6b3fa0', width: 3, dash: [1, 7], cap: 'round' },
};

const OCEAN = '#c9dbe6';
const LAND = '#f3eee2';
const COAST = '#b9ab8f';
const BORDER = '#a89c86';
const HALO = 'rgba(255, 196, 0, 0.6)';
const LABEL_FONTS = ['700 15px', '600 14px', '13px'];
export const LABEL_FAMILY = "'Noto Sans', 'Noto Sans CJK SC', system-ui, sans-serif";

function pathOf(xy, starts, close) {
  const path = new Path2D();
  for (let i = 0; i + 1 < starts.length; i++) {
    const a = starts[i], b = starts[i + 1];
    if (b - a < 2) continue;
    path.moveTo(xy[2 * a], xy[2 * a + 1]);
    for (let j = a + 1; j < b; j++) path.lineTo(xy[2 * j], xy[2 * j + 1]);
    if (close) path.closePath();
  }
  return path;
}

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
  const land = new Map();
  const borders = new Map();
  const legStarts = core.leg_starts();
  const legXy = core.leg_xy();
  const legModes = core.leg_modes();
  const legPaths = Array.from(legModes, (_, i) => pathOf(legXy, legStarts.subarray(i, i + 2), false));
  let labelState = { places: [], rankOf: [] };

  function basemapPaths(level) {
    if (!land.has(level)) {
      land.set(level, pathOf(core.land_xy(level), core.land_starts(level), true));
      borders.set(level, pathOf(core.borders_xy(level), core.borders_starts(level), false));
    }
    return [land.get(level), borders.get(level)];
  }

  /// Measures every place's label in the current language and hands the sizes to the core.
  function setPlaces(places) {
    const sizes = new Float64Array(places.length * 2);
    places.forEach((p, i) => {
      ctx.font = `${LABEL_FONTS[Math.min(p.rank, 3) - 1]} ${LABEL_FAMILY}`;
      sizes[2 * i] = Math.ceil(ctx.measureText(p.name).width) + 2;
      sizes[2 * i + 1] = [15, 14, 13][Math.min(p.rank, 3) - 1] + 4;
    });
    core.set_label_sizes(sizes);
    labelState = { places };
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

  function drawLabels(dpr, obstacles) {
    const out = core.labels(obstacles);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.textBaseline = 'middle';
    for (let i = 0; i < out.length; i += 4) {
      const place = labelState.places[out[i]];
      const x = out[i + 1], y = out[i + 2], placement = out[i + 3];
      if (!place || (placement === 0 && place.rank > 1)) continue;
      ctx.beginPath();
      ctx.arc(x, y, place.rank === 1 ? 4.5 : 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = '#1f1d1a';
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      if (placement === 0) continue;
      ctx.font = `${LABEL_FONTS[place.rank - 1]} ${LABEL_FAMILY}`;
      ctx.textAlign = placement === 1 ? 'left' : placement === 2 ? 'right' : 'center';
      const lx = placement === 1 ? x + 7 : placement === 2 ? x - 7 : x;
      const h = [15, 14, 13][place.rank - 1] + 4;
      const ly = placement === 3 ? y - 6 - h / 2 : placement === 4 ? y + 6 + h / 2 : y;
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3.5;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.92)';
      ctx.strokeText(place.name, lx, ly);
      ctx.fillStyle = '#1f1d1a';
      ctx.fillText(place.name, lx, ly);
    }
  }

  /// Draws the whole map now. `selectedLegs`: leg indices to highlight; `obstacles`: screen
  /// rectangles [x, y, w, h, …] that labels must keep clear of.
  function draw({ selectedLegs = null, hoverLegs = null, obstacles = new Float64Array() } = {}) {
    const { dpr, w, h } = fit();
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = OCEAN;
    ctx.fillRect(0, 0, w, h);

    const [a, b, c, d, e, f] = core.transform();
    const k = a;
    ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
    if (core.basemap_levels() > 0) {
      const [landPath, borderPath] = basemapPaths(core.basemap_level());
      ctx.fillStyle = LAND;
      ctx.fill(landPath, 'evenodd');
      ctx.lineJoin = 'round';
      ctx.strokeStyle = COAST;
      ctx.lineWidth = 0.8 / k;
      ctx.stroke(landPath);
      ctx.strokeStyle = BORDER;
      ctx.lineWidth = 1 / k;
      ctx.setLineDash([4 / k, 3 / k]);
      ctx.stroke(borderPath);
      ctx.setLineDash([]);
    }

    const selected = selectedLegs ? new Set(selectedLegs) : null;
    const hover = hoverLegs ? new Set(hoverLegs) : null;
    if (selected) {
      ctx.strokeStyle = HALO;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 16 / k;
      for (const i of selected) ctx.stroke(legPaths[i]);
    }
    // Unselected legs first (faded when something is selected), then the selection on top.
    for (let i = 0; i < legPaths.length; i++) {
      if (selected?.has(i)) continue;
      const lift = hover?.has(i) ? 2 : 0;
      strokeMode(ctx, legPaths[i], MODES[legModes[i]], k, { alpha: selected ? 0.45 : 1, widthBoost: lift });
    }
    if (selected) for (const i of selected) strokeMode(ctx, legPaths[i], MODES[legModes[i]], k, { widthBoost: 1.5 });

    drawLabels(dpr, obstacles);
  }

  return { draw, setPlaces };
}
