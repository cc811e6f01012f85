// www/basemap-layer.js's strokeThin, against a recording context: Skia draws a stroke as a cheap
// hairline only while its width on the device is at most one pixel, and a width of exactly one
// can come out a rounding error above it at some scales (those frames then took 20–60 ms
// instead of 2–5 in the benchmark). So a hairline must be asked for a hair under one pixel.
import { test, expect } from '@playwright/test';

test('strokeThin asks for hairlines a hair under one device px at every scale and dpr', async ({ page }) => {
  await page.goto('/');
  const { cases, problems } = await page.evaluate(async () => {
    const { strokeThin } = await import('/basemap-layer.js');
    const problems = [];
    let cases = 0;
    for (const dpr of [1, 1.5, 2, 3]) {
      for (const widthCss of [0.5, 0.8, 1, 1.2]) {
        for (let i = 0; i < 200; i++) {
          const k = 0.01 * 1.037 ** i; // zoom scales across four orders of magnitude
          let transform = null;
          const strokes = [];
          const ctx = {
            lineWidth: 1,
            setLineDash() {},
            setTransform(...t) { transform = t; },
            stroke() { strokes.push(this.lineWidth * Math.hypot(transform[0], transform[1])); }, // width on the device
          };
          strokeThin(ctx, null, widthCss, dpr, [k, 0, 0, -k, 10, 20]);
          cases++;
          const device = widthCss * dpr;
          const say = (what) => problems.push(`dpr ${dpr}, ${widthCss} CSS px, scale ${k}: ${what} (${strokes})`);
          // 1–2.5 device px: three offset hairlines; up to 1: one; wider: one stroke of that width.
          if (strokes.length !== (device > 1 && device <= 2.5 ? 3 : 1)) say('wrong number of strokes');
          if (device <= 2.5 && !strokes.every((w) => w <= 1 - 1 / 2048)) say('a hairline not under 1 device px');
          if (device <= 1 && !(strokes[0] > device * 0.99)) say('a hairline much lighter than asked');
          if (device > 2.5 && Math.abs(strokes[0] - device) > 1e-9) say('a wide line not as wide as asked');
        }
      }
    }
    return { cases, problems };
  });
  expect(cases).toBe(4 * 4 * 200);
  expect(problems).toEqual([]);
});

// The core simplifies the legs at a level the first time it is asked for it; createLegLevels's
// prewarm asks for every level in idle tasks after the first frame, so that no frame of a zoom
// waits for one.
test('the legs\' levels and hit-test index are built by prewarm, one task each, and not again until reset', async ({ page }) => {
  await page.goto('/');
  const r = await page.evaluate(async () => {
    const { createLegLevels } = await import('/basemap-layer.js');
    const asked = [];
    let hits = 0;
    const core = {
      prepare_hit_test: () => { hits += 1; },
      leg_levels: () => 3,
      lines: (kind, level) => { asked.push(level); return { xy: new Float32Array([0, 0, 1, 1, 2, 2]), starts: new Uint32Array([0, 2, 3]) }; },
    };
    const legs = createLegLevels(core);
    legs.prewarm();
    const beforeTasks = asked.length, hitsBefore = hits; // nothing yet: the work waits for tasks
    // One level per task: wait for them (timers are slower on a busy machine), up to 5 s.
    const t0 = performance.now();
    while ((asked.length < 3 || hits < 1) && performance.now() - t0 < 5000) await new Promise((done) => setTimeout(done, 20));
    const afterTasks = [...asked], hitsAfterTasks = hits;
    const paths = legs.at(1);
    legs.prewarm(); // once per route set
    await new Promise((done) => setTimeout(done, 200));
    const again = asked.length, hitsAgain = hits;
    legs.reset();
    legs.at(1);
    return { beforeTasks, hitsBefore, afterTasks, hitsAfterTasks, pathCount: paths.length, again, hitsAgain, afterReset: asked.length };
  });
  expect(r.beforeTasks).toBe(0);
  expect(r.hitsBefore).toBe(0);
  expect(r.afterTasks).toEqual([0, 1, 2]);
  expect(r.hitsAfterTasks).toBe(1);
  expect(r.hitsAgain).toBe(1);
  expect(r.pathCount).toBe(2); // one Path2D per leg
  expect(r.again).toBe(3);
  expect(r.afterReset).toBe(4);
});
