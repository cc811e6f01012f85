// The public API, window.supplyRoutes.ready's map: a contract with embedders, the kiosk and
// the tests (README.md, "JavaScript API"). Each call goes to the module that owns it.

/// `wasm`: the core's instance (its memory); `state`: {lang, selected}; `load(source)`: from
/// route-set.js; `saveView()`: from export.js; `war`, `chapters`: war.js, chapters.js.
export function createApi({ core, wasm, state, controller, framing, language, timeline, loop, load, saveView, labels, war, chapters }) {
  const api = {
    routes: () => core.routes(state.lang).map((r) => ({ ...r, legs: r.legs.map((l) => ({ ...l })) })),
    select: (id) => controller.select(id ?? null),
    selected: () => state.selected,
    details: (id) => core.details(id, state.lang),
    on: (event, fn) => (event === 'chapter' ? chapters.on(fn) : controller.on(event, fn)),
    pick: (x, y) => core.pick(x, y) ?? null,
    project: ([lon, lat]) => { const p = core.project(lon, lat); return p ? [p[0], p[1]] : null; },
    setView({ center, zoom } = {}) {
      const [lon, lat, z] = core.view();
      core.set_view(center?.[0] ?? lon, center?.[1] ?? lat, zoom ?? z);
      loop.redraw();
      return api.view();
    },
    view: () => { const [lon, lat, zoom] = core.view(); return { center: [lon, lat], zoom }; },
    redraw: loop.redraw,
    /// Memory in bytes: the core's linear memory (wasm), and the JS heap where the browser
    /// reports it. The soak test watches both.
    memory: () => ({ wasmBytes: wasm.memory.buffer.byteLength, jsHeapBytes: performance.memory?.usedJSHeapSize ?? null }),
    language: () => state.lang,
    setLanguage: (code) => language.set(code),
    exportPng: () => saveView(),
    load: (source) => load(source),
    setDate: (month) => (timeline.setDate(month ?? null) ? timeline.date() : false),
    date: () => timeline.date(),
    events: () => core.events(state.lang),
    openEvent: (id) => controller.openEvent(id),
    pickEvent: (x, y) => core.pick_event(x, y) ?? null,
    play: () => timeline.play(),
    pause: () => timeline.pause(),
    playing: () => timeline.playing(),
    overview: () => { framing.overview(); loop.requestRedraw(); },
    fitRoute: (id) => { const ok = framing.route(id); loop.requestRedraw(); return ok; },
    /// The places named in the last frame (the renderer's), with their marks and labels' boxes.
    labels: () => labels(),
    occupied: () => war.occupied(),
    chapters: () => chapters.list(),
    openChapter: (id) => chapters.open(id),
    chapter: () => chapters.current(),
    leaveChapter: () => { chapters.leave(); },
  };
  return api;
}
