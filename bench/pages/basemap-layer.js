// Draws the core's basemap (land fill and border lines) for the current view. The whole level
// is drawn from Path2D objects built once (world units, under the view's transform); when only
// part of it is in view, the core cuts the level to the screen and that part is drawn instead,
// so the rasteriser never sees off-screen vertices. Land rings are not closed one by one: fill
// closes every subpath itself, and closePath() costs time in proportion to the path built so
// far in Chromium.

export function pathOf(xy, starts) {
  const path = new Path2D();
  for (let i = 0; i + 1 < starts.length; i++) {
    const a = starts[i], b = starts[i + 1];
    if (b - a < 2) continue;
    path.moveTo(xy[2 * a], xy[2 * a + 1]);
    for (let j = a + 1; j < b; j++) path.lineTo(xy[2 * j], xy[2 * j + 1]);
  }
  return path;
}

export function createBasemapLayer(core, { land: withLand = true, cull = true, margin = 16 } = {}) {
  const cache = new Map();
  function level(n) {
    if (!cache.has(n)) {
      cache.set(n, {
        land: withLand ? pathOf(core.land_xy(n), core.land_starts(n)) : null,
        borders: pathOf(core.borders_xy(n), core.borders_starts(n)),
      });
    }
    return cache.get(n);
  }
  return {
    /// Land and borders at the view's level; leaves the context under the world transform.
    draw(ctx, dpr, { land, border, borderWidth = 1 }) {
      if (core.basemap_levels() === 0) return;
      const [a, b, c, d, e, f] = core.transform();
      ctx.setTransform(dpr * a, dpr * b, dpr * c, dpr * d, dpr * e, dpr * f);
      const p = cull && core.visible_basemap(dpr, margin)
        ? { land: withLand ? pathOf(core.view_land_xy(), core.view_land_starts()) : null, borders: pathOf(core.view_borders_xy(), core.view_borders_starts()) }
        : level(core.basemap_level(dpr));
      if (p.land) {
        ctx.fillStyle = land;
        ctx.fill(p.land, 'evenodd');
      }
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = border;
      ctx.lineWidth = borderWidth / a;
      ctx.stroke(p.borders);
    },
  };
}
