// The frame protocol of kiosk frame workload v1, shared by every renderer's page. A page calls
// run(createRenderer); the runner reads window.__bench when window.__bench.done is true.
// createRenderer({canvasHost, dpr, layers}) resolves to {frame(i), flush(), afterFirstFrame?() (awaited),
// prepareHit?(), hitTest?(points), memory?()}; frame(i) draws camera frame i completely, flush() is getImageData(0, 0, 1, 1).
import { FRAMES, WARMUP, hitPoints, camera } from '../workload.mjs';

const q = new URLSearchParams(location.search);
const layers = q.get('layers') ?? 'full';
const frames = Number(q.get('frames') ?? FRAMES);
const warmup = Number(q.get('warmup') ?? WARMUP);
const doHit = q.get('hit') === '1';
window.__bench = { done: false };

const raf = () => new Promise((r) => requestAnimationFrame(r));
// ?frame=i draws only camera frame i (the runner's pixel check); short mode draws fewer
// frames spread over the whole camera path.
const only = q.has('frame') ? Number(q.get('frame')) : null;
const frameIndex = (k) => only ?? (frames >= FRAMES ? k : Math.round((k * (FRAMES - 1)) / Math.max(1, frames - 1)));

export async function run(createRenderer) {
  try {
    const dpr = window.devicePixelRatio || 1;
    const r = await createRenderer({ canvasHost: document.body, dpr, layers });
    const prepared = performance.now();
    r.frame(0);
    r.flush();
    const coldStart = performance.now();
    await r.afterFirstFrame?.(); // work a renderer defers past its first frame (the project: its full basemap)
    for (let k = 0; k < warmup; k++) { await raf(); r.frame(frameIndex(k) % FRAMES); r.flush(); }
    const rec = [];
    let lastStart = null;
    for (let k = 0; k < frames; k++) {
      const start = await raf();
      const i = frameIndex(k);
      const t0 = performance.now();
      r.frame(i);
      const t1 = performance.now();
      r.flush();
      const t2 = performance.now();
      rec.push({ i, s: camera(i).s, js: t1 - t0, raster: t2 - t1, frame: t2 - t0, period: lastStart === null ? null : start - lastStart });
      lastStart = start;
    }
    let hit = null;
    if (doHit && r.hitTest) {
      const points = hitPoints();
      r.prepareHit?.(); // back to frame 0's view, untimed
      const times = [];
      let answer = null;
      const began = performance.now();
      for (let b = 0; b < 5 && (b === 0 || performance.now() - began < 1500); b++) {
        const t0 = performance.now();
        answer = r.hitTest(points);
        times.push(performance.now() - t0);
      }
      hit = { times, answer: Array.from(answer) };
    }
    const memory = r.memory ? r.memory() : null;
    window.__bench = { done: true, layers, dpr, prepared, coldStart, frames: rec, hit, memory, notes: r.notes ?? null };
  } catch (e) {
    window.__bench = { done: true, error: String(e?.stack ?? e) };
  }
}

/// A canvas of exactly the viewport (1920x1080 CSS px) at (0, 0), backing store × dpr.
export function makeCanvas(host, dpr, w = 1920, h = 1080) {
  const c = document.createElement('canvas');
  c.width = Math.round(w * dpr);
  c.height = Math.round(h * dpr);
  c.style.cssText = `position:absolute;left:0;top:0;width:${w}px;height:${h}px`;
  host.append(c);
  return c;
}
