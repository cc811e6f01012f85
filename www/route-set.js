// Route sets: the shipped one in data/ (the core built from it, its basemap, its story), and
// another one that map.load() shows in its place, from a folder URL or from objects.

// The shipped files, each named in full beside this module, so that the build
// (scripts/build-site.mjs) gives each its content-hashed name; a file not listed here is
// fetched under its plain name (revalidated on every load).
const SHIPPED = {
  'routes.geojson': new URL('data/routes.geojson', import.meta.url),
  'places.geojson': new URL('data/places.geojson', import.meta.url),
  'sources.json': new URL('data/sources.json', import.meta.url),
  'events.geojson': new URL('data/events.geojson', import.meta.url),
  'timeline.json': new URL('data/timeline.json', import.meta.url),
  'basemap-overview.bin': new URL('data/basemap-overview.bin', import.meta.url),
  'basemap.bin': new URL('data/basemap.bin', import.meta.url),
};
// (languages.json and the interface files are read by language.js.)

async function fetchData(name) {
  const res = await fetch(SHIPPED[name] ?? new URL(`data/${name}`, import.meta.url));
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return res;
}

// Shipped files asked for ahead of the call that reads them (prefetch), each read once: the
// call takes the answer, and a later one (a retried start) asks again.
const asked = new Map(); // name -> Promise<Response>
const failed = new WeakSet(); // those of them that failed
const take = (name) => {
  const res = asked.get(name) ?? fetchData(name);
  asked.delete(name);
  return res;
};

/// Asks for the shipped files `names` now, for the calls below to read when they come.
export function prefetch(names) {
  for (const name of names) {
    if (asked.has(name) && !failed.has(asked.get(name))) continue;
    const res = fetchData(name);
    // The call that takes it reports a failure; a start tried again asks anew.
    res.catch(() => failed.add(res));
    asked.set(name, res);
  }
}

/// The route names of the shipped routes.geojson in `lang` (else in the first language,
/// `first`), in its order, `[{id, name}]`: what the legend shows before the core is up. The
/// file is kept for openCore(); null if it cannot be read now (openCore reports why).
export async function shippedRouteNames(lang, first) {
  prefetch(['routes.geojson']);
  try {
    const text = await (await asked.get('routes.geojson')).clone().text();
    return JSON.parse(text).features.filter((f) => f?.properties?.kind === 'route').map(({ properties: p }) => ({
      id: p.id,
      name: typeof p.name === 'string' ? p.name : p.name?.[lang] || p.name?.[first] || p.id,
    }));
  } catch {
    return null;
  }
}

/// The validator's messages from what the core threw: a list, or one error.
const messages = (errors) => (Array.isArray(errors) ? errors.map(String) : [String(errors?.message ?? errors)]);

/// The core, built from the shipped routes, places and sources for `canvas`'s size, and the
/// text of languages.json (the languages the set is in). Throws one Error naming the first
/// problem (each is logged).
export async function openCore(RouteMap, canvas, languages) {
  const [routes, places, sources] = await Promise.all(
    ['routes.geojson', 'places.geojson', 'sources.json'].map((name) => take(name).then((r) => r.text())));
  try {
    // (the projection, undefined: the default, is set by main.js after)
    return new RouteMap(routes, places, sources, canvas.clientWidth, canvas.clientHeight, undefined, languages);
  } catch (errors) {
    const list = Array.isArray(errors) ? errors : [String(errors)];
    list.forEach((e) => console.error(`geodata: ${e}`));
    throw new Error(`${list.length} problem(s) in the geodata, first: ${list[0]}`);
  }
}

/// Hands the core one of the shipped basemaps (scripts/build-basemap.mjs: the overview for the
/// first frame, then the full detail).
export async function loadBasemap(core, name) {
  const res = await take(name);
  core.set_basemap_binary(new Uint8Array(await res.arrayBuffer()));
}

/// The shipped story (events and timeline), which is optional: false if it could not be read
/// (each problem is logged), and the map still shows the routes.
export async function loadStory(core) {
  try {
    const [events, timeline] = await Promise.all(['events.geojson', 'timeline.json'].map((name) => take(name).then((r) => r.text())));
    core.set_story(events, timeline);
    return true;
  } catch (errors) {
    messages(errors).forEach((e) => console.warn(`story: ${e}`));
    return false;
  }
}

/// Reads a route set: a folder URL holding routes.geojson, places.geojson and sources.json
/// (events.geojson, timeline.json, occupied.geojson, period-states.geojson, chapters.json and
/// languages.json optional; with languages.json, its interface/ files are the set's too), or an
/// object with those as objects or texts (`periodStates` for the states, `languages`).
export async function readSet(source) {
  const text = (v) => (v == null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));
  if (typeof source === 'string') {
    const base = source.endsWith('/') ? source : `${source}/`;
    const get = async (name, optional) => {
      const res = await fetch(new URL(name, new URL(base, location.href)));
      if (res.ok) return res.text();
      if (optional && res.status === 404) return undefined;
      throw new Error(`${name}: HTTP ${res.status}`);
    };
    // allSettled, not all: every missing file is named, in a fixed order, whichever answers first.
    const settled = await Promise.allSettled([
      get('routes.geojson'), get('places.geojson'), get('sources.json'), get('events.geojson', true), get('timeline.json', true),
      get('occupied.geojson', true), get('period-states.geojson', true), get('chapters.json', true), get('languages.json', true)]);
    const failed = settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason?.message ?? s.reason));
    if (failed.length) throw failed;
    const [routes, places, sources, events, timeline, occupied, periodStates, chapters, languages] = settled.map((s) => s.value);
    return { routes, places, sources, events, timeline, occupied, periodStates, chapters, languages, folder: languages && base };
  }
  if (source && typeof source === 'object') {
    const set = { routes: text(source.routes), places: text(source.places), sources: text(source.sources),
      events: text(source.events), timeline: text(source.timeline),
      occupied: text(source.occupied), periodStates: text(source.periodStates), chapters: text(source.chapters),
      languages: text(source.languages) };
    const missing = ['routes', 'places', 'sources'].filter((k) => set[k] == null);
    if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    return set;
  }
  throw new Error('expected a URL or an object {routes, places, sources}');
}

/// map.load(source): shows a valid set in place of the current one (the view kept, nothing
/// chosen, the date back to the whole period); a broken one leaves the current set on screen
/// and lists the validator's messages in the panel. Resolves to {ok, errors}. `loaded()` is
/// told after a set is shown (the war's layer and chapters follow it).
export function createSetLoader({ core, controller, renderer, timeline, language, link, framing, loop, loaded = () => {} }) {
  return async function load(source) {
    let set;
    try {
      set = await readSet(source);
      core.load_set(set.routes, set.places, set.sources, set.events, set.timeline, set.occupied, set.periodStates, set.chapters, set.languages);
    } catch (errors) {
      const list = messages(errors);
      controller.showLoadErrors(list);
      return { ok: false, errors: list };
    }
    controller.clear();
    loaded();
    renderer.setLegs();
    renderer.setArrows();
    timeline.reload();
    // The set's languages (the shipped ones if it declares none), and its interface files.
    language.setLanguages(core.languages?.(), set.folder);
    link.reset({ route: null, date: null });
    framing.overview();
    loop.redraw();
    controller.emit('select', null);
    return { ok: true, errors: [] };
  };
}
