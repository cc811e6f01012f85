// The kiosk's heartbeat (README, "Health"; the beat's schema and the server's verdicts:
// server/README.md): every `seconds`, POST /api/health with what the screen last drew, the
// kiosk's state, memory, errors and recoveries, screen and build, so that the office can tell
// a kiosk showing the map from one showing a frozen or blank screen. kiosk.js starts it only
// where kiosk.json says "health": true.

import { frameStats } from './draw-loop.js';

/// `state()`: 'attract', 'in-use' or 'countdown'; `counts()`: {errors, recoveries} since the
/// page loaded; `memory()`: {wasmBytes, jsHeapBytes} (map.memory()), or null before the map is
/// up; `build`: the build's id, or '' to take it from the wasm file's ETag. Returns {beat()}.
export function startHeartbeat({ seconds = 60, url = '/api/health', state, counts, memory, build = '' }) {
  const started = Date.now();
  const id = build ? Promise.resolve(identifier(build)) : wasmBuild();
  let framesAcknowledged = 0;

  async function beat() {
    const frames = frameStats();
    const mem = memory() ?? {};
    const body = {
      v: 1,
      t: Date.now(),
      started,
      lastFrame: frames.last,
      frames: frames.count - framesAcknowledged,  // since the beat the server last took
      state: state(),
      wasmBytes: mem.wasmBytes ?? null,
      jsHeapBytes: mem.jsHeapBytes ?? null,
      ...counts(),
      screen: { w: Math.round(screen.width || innerWidth), h: Math.round(screen.height || innerHeight), dpr: devicePixelRatio || 1 },
      build: await id,
    };
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
        cache: 'no-store', signal: AbortSignal.timeout(10_000) });
      if (res.ok) framesAcknowledged = frames.count;
      else if (res.status === 400) console.warn(`health: beat refused: ${await res.text()}`);
    } catch {
      // No server: the beats resume when it answers; its check reports it stale meanwhile.
    }
  }
  // A fault in a beat must never reach the kiosk's error handling (a visitor would see it).
  const safeBeat = () => beat().catch((e) => console.warn('health:', e));
  setInterval(safeBeat, seconds * 1000);
  return { beat: safeBeat };
}

/// An identifier as the schema takes it: 1-64 of A-Z a-z 0-9 _ . : -.
const identifier = (text) => String(text).replace(/[^A-Za-z0-9_.:-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'unknown';

/// The build, from the wasm file's ETag (its size and time, which every build changes).
async function wasmBuild() {
  try {
    const res = await fetch(new URL('pkg/supply_routes_bg.wasm', import.meta.url), { method: 'HEAD', cache: 'no-store' });
    const tag = res.headers.get('ETag');
    return tag ? identifier(`wasm-${tag.replace(/^W\//, '').replaceAll('"', '')}`) : 'unknown';
  } catch {
    return 'unknown';
  }
}
