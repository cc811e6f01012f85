// The core's basemap (land fill and border lines) as Path2D for the current view, shared by the
// page (render.js) and the benchmark's project page. The whole level
// is drawn from Path2D objects built once (world units, under the view's transform). Zoomed in,
// the core cuts the level to a box around the view (the screen plus half a screen each side)
// and that part is drawn instead, so the rasteriser never sees far off-screen vertices; the cut
// is reused while the view stays inside its box at the same level, so it is rebuilt only a few
// times along a zoom. Land rings are not closed one by one: fill closes every subpath itself,
// and closePath() costs time in proportion to the path built so far in Chromium.

import { Lines } from './pkg/supply_routes.js';

export function pathOf(xy, starts) {
  const path = new Path2D();
  for (const _ of addLines(path, xy, starts)); // eslint-disable-line no-unused-vars
  return path;
}

/// Adds the lines of `xy`/`starts` to `path`, pausing (a `yield`) every few thousand vertices,
/// where a sliced build (runSliced) may give the rest a task of its own.
function* addLines(path, xy, starts) {
  let since = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const a = starts[i], b = starts[i + 1];
    if (b - a < 2) continue;
    path.moveTo(xy[2 * a], xy[2 * a + 1]);
    for (let j = a + 1; j < b; j++) path.lineTo(xy[2 * j], xy[2 * j + 1]);
    since += b - a;
    if (since > 4096) { since = 0; yield; }
  }
}

// The wall time a task of a sliced build may take before the rest waits for a task of its own
// (issue 23): a task blocks input for its part over 50 ms, and a phone's CPU is about four
// times slower than a desktop's, so a slice passes 50 ms there only if one step of it (a call
// into the core, which is not cut) does.
const SLICE_MS = 10;

// Yielded before a step that cannot be cut (a call into the core): it starts a task of its own
// unless the task has barely begun.
const LONG_STEP = 'long step';

/// Runs `job` (a generator: each `yield` a point where it may pause, LONG_STEP before a long
/// step) in tasks of about SLICE_MS, `pause()` between them, while `current()` holds. True once
/// it ran to its end.
async function runSliced(job, current, pause) {
  let start = performance.now();
  for (const step of job) {
    if (performance.now() - start < (step === LONG_STEP ? 1 : SLICE_MS)) continue;
    await pause();
    if (!current()) return false;
    start = performance.now();
  }
  return true;
}

// A pause before the first frame resumes ahead of other tasks (scheduler.yield, as main.js's
// start-up), so the frame comes no later; the prewarm after it waits behind them (a timer).
const soon = () => (globalThis.scheduler?.yield ? scheduler.yield() : new Promise((r) => setTimeout(r, 0)));
const later = () => new Promise((r) => setTimeout(r, 0));

/// The Path2D of the core's `lines(kind, level)`.
const linesPath = ({ xy, starts }) => pathOf(xy, starts);

// Offsets, in device px, of the three hairlines that draw a line 1–2.5 device px wide: the
// corners of an equilateral triangle, so the union is about as wide in every direction.
const TRIANGLE = [0, 2, 4].map((k) => [Math.cos((k * Math.PI) / 3), Math.sin((k * Math.PI) / 3)]);

/// Strokes `path` (world units, under the view transform `t` = [a, b, c, d, e, f] at `dpr`)
/// `widthCss` CSS px wide, with the context's colour and dash (dash lengths in CSS px). Skia
/// draws a line at most 1 device px wide as a hairline, and a wider one through its stroker,
/// which costs about ten times more; so a line 1–2.5 device px wide (a 1 px border on a HiDPI
/// screen) is drawn as three hairlines offset around a small triangle, the same weight at a
/// tenth of the time. Leaves the context under the transform.
export function strokeThin(ctx, path, widthCss, dpr, [a, b, c, d, e, f], dash = []) {
  const w = widthCss * dpr;
  const k = Math.hypot(a, b);
  const thin = w > 1 && w <= 2.5;
  const r = thin ? (w - 1) / 1.6 : 0; // the triangle's spread across a line is 1.5r to 1.73r
  // Skia takes the hairline path only when the width on the device is at most 1 px; a width of
  // exactly 1 can come out a rounding error above it at some scales and fall into the stroker
  // (ten times slower, on single frames along a zoom), so a hairline is asked for a hair under.
  const hair = 1 - 1 / 1024;
  ctx.lineWidth = thin ? hair / (dpr * k) : (w <= 1 ? widthCss * hair : widthCss) / k;
  ctx.setLineDash(dash.map((x) => x / k));
  for (const [ox, oy] of thin ? TRIANGLE : [[0, 0]]) {
    ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e + r * ox, dpr * f + r * oy);
    ctx.stroke(path);
  }
  ctx.setLineDash([]);
  ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
}

/// The legs' paths (world units) at each level of detail of the core, built on first use;
/// `reset()` after the core's route set changes. `prewarm()` also has the core build the legs'
/// hit-test index, which it otherwise builds at the first tap or hover.
export function createLegLevels(core) {
  let levels = new Map();
  let prewarmed = false;
  let generation = 0; // a prewarm started before a reset stops there
  const at = (level) => {
    if (!levels.has(level)) for (const _ of levelJob(level)); // eslint-disable-line no-unused-vars
    return levels.get(level);
  };
  /// Builds `level` as a job for runSliced: the core's lines, then the legs' paths.
  function* levelJob(level) {
    if (levels.has(level)) return;
    yield LONG_STEP;
    const { xy, starts } = core.lines(Lines.Legs, level);
    const paths = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      yield;
      paths.push(pathOf(xy, starts.subarray(i, i + 2)));
    }
    if (!levels.has(level)) levels.set(level, paths); // unless a frame built it meanwhile
  }
  return {
    at,
    /// Builds every level in slices (runSliced) after the first frame (the core simplifies each on
    /// first use), so that a zoom never waits for one; then, in a task of its own, the hit-test
    /// index, so that the first tap or hover does not either. Once per route set.
    prewarm() {
      if (prewarmed) return;
      prewarmed = true;
      const g = generation, n = core.leg_levels();
      function* all() {
        for (let i = 0; i < n; i++) yield* levelJob(i);
        yield LONG_STEP;
        core.prepare_hit_test();
      }
      later().then(() => g === generation && runSliced(all(), () => g === generation, later));
    },
    reset() { levels = new Map(); prewarmed = false; generation += 1; },
  };
}

/// The world box [x0, y0, x1, y1] the canvas shows plus `m` CSS px each side.
function viewBox([a, , , d, e, f], w, h, m) {
  const xs = [(-m - e) / a, (w + m - e) / a], ys = [(-m - f) / d, (h + m - f) / d];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
const within = (a, b) => a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];

export function createBasemapLayer(core, { land: withLand = true, cull = true, margin = 16, width = 1920, height = 1080 } = {}) {
  let cache = new Map();
  let cut = null; // {level, box, land, borders}
  let prewarmed = false;
  let generation = 0;
  // The overview's levels are one set of lines in the core: one set of paths serves them all.
  const slot = (n) => (core.basemap_is_overview() ? 0 : n);
  const entry = (k) => {
    if (!cache.has(k)) cache.set(k, { zoomedIn: false, land: null, borders: null });
    return cache.get(k);
  };
  // A level's land and its borders are built apart (the core simplifies each kind of line on
  // first use, up to about 10 ms for the land of a detailed level), so that a prewarm can give
  // each a task of its own.
  const landOf = (n) => { const e = entry(slot(n)); if (withLand) e.land ??= linesPath(core.lines(Lines.Land, slot(n))); return e; };
  const bordersOf = (n) => { const e = entry(slot(n)); e.borders ??= linesPath(core.lines(Lines.Borders, slot(n))); return e; };
  function level(n) {
    landOf(n);
    return bordersOf(n);
  }
  /// The same as landOf and bordersOf, as a job for runSliced: the core's lines in one step,
  /// then the path a few thousand vertices at a time. A frame that needs the level meanwhile
  /// builds it itself, and the job keeps that one.
  function* levelJob(n) {
    for (const kind of withLand ? ['land', 'borders'] : ['borders']) {
      const e = entry(slot(n));
      if (e[kind]) continue;
      yield LONG_STEP;
      const { xy, starts } = core.lines(kind === 'land' ? Lines.Land : Lines.Borders, slot(n));
      yield;
      const path = new Path2D();
      yield* addLines(path, xy, starts);
      e[kind] ??= path;
    }
  }
  /// Land and borders to draw under the view transform `t` on a `w` × `h` CSS px canvas.
  function paths(t, dpr, w = width, h = height) {
    const n = core.basemap_level(dpr);
    if (!cull) return level(n);
    const need = viewBox(t, w, h, margin);
    if (cut && cut.level === n && within(need, cut.box)) return cut.whole ? level(n) : cut;
    const reach = Math.max(w, h) / 2;
    const whole = !core.visible_basemap(dpr, reach);
    cut = whole
      ? { level: n, box: viewBox(t, w, h, reach), whole }
      : { level: n, box: viewBox(t, w, h, reach), whole, zoomedIn: true,
        land: withLand ? linesPath(core.lines(Lines.ViewLand)) : null,
        borders: linesPath(core.lines(Lines.ViewBorders)) };
    return whole ? level(n) : cut;
  }
  return {
    /// Forgets every path built, after the core's basemap was replaced (the overview by the
    /// full detail); `generation` counts the replacements, for caches built on this layer (and
    /// stops a prewarm of the replaced basemap).
    reset() {
      cache = new Map();
      cut = null;
      prewarmed = false;
      generation += 1;
    },
    get generation() { return generation; },
    /// `{land, borders, zoomedIn}` for the view: `zoomedIn` when they are a cut of the level
    /// around the screen rather than the whole level.
    paths,
    /// Builds the level a view draws at `dpr` (the overview's one set of lines, or the full
    /// detail's level for the zoom) in slices (runSliced), the core's lines and the paths in
    /// tasks apart; resolves when its land and borders are in. The page awaits it before the first frame and before the frame that
    /// replaces the overview, so that those frames only draw.
    prepare(dpr) {
      if (core.basemap_levels() === 0) return Promise.resolve();
      const n = core.basemap_level(dpr), g = generation;
      return soon().then(() => runSliced(levelJob(n), () => g === generation, soon)).then(() => {});
    },
    /// Simplifies and builds every level after the first frame, in slices as prepare() does
    /// (each of the core's calls in a task of its own): a zoom then never waits for a level (each costs the core a
    /// Douglas–Peucker pass), and no task of the start-up is long. Once, as soon as there is a
    /// basemap.
    prewarm() {
      const n = core.basemap_levels();
      if (prewarmed || n === 0) return;
      prewarmed = true;
      const g = generation;
      const levels = core.basemap_is_overview() ? 1 : n;
      function* all() { for (let i = 0; i < levels; i++) yield* levelJob(i); }
      later().then(() => g === generation && runSliced(all(), () => g === generation, later));
    },
    /// Land and borders at the view's level on a `w` × `h` CSS px canvas, and the coastline in
    /// `coast` (if given) only zoomed in: there it gives the shore an edge, while zoomed out the
    /// fill alone reads as well and stroking every coast would cost about a fifth of the frame.
    /// Sets every context state it uses (a fresh bitmap's context has none of the page's);
    /// leaves the context under the world transform.
    draw(ctx, dpr, { land, border, borderWidth = 1, coast = null, coastWidth = 0.8, w = width, h = height }) {
      if (core.basemap_levels() === 0) return;
      const t = core.transform();
      const [a, b, c, d, e, f] = t;
      ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
      const p = paths(t, dpr, w, h);
      if (p.land) {
        ctx.fillStyle = land;
        ctx.fill(p.land, 'evenodd');
      }
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      if (coast && p.land && p.zoomedIn) {
        ctx.strokeStyle = coast;
        strokeThin(ctx, p.land, coastWidth, dpr, t);
      }
      if (!border) return; // none under a date on the period's map (occupation-layer.js)
      ctx.strokeStyle = border;
      strokeThin(ctx, p.borders, borderWidth, dpr, t);
    },
  };
}
