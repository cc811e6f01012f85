// Boots the core, wires the page, and publishes the public API, window.supplyRoutes:
//   const map = await window.supplyRoutes.ready;
// See README.md ("JavaScript API") for the calls; they are a contract with embedders and tests.

import init, { RouteMap } from './pkg/supply_routes.js';
import { createRenderer, MODES, MODE_STYLE, strokeMode } from './render.js';
import { attachInput } from './input.js';
import { renderDetails, renderEvent, renderEventList, renderCounter, renderLoadErrors, formatters, swatch } from './panel.js';
import { strings, DEFAULT_LANGUAGE, LANGUAGES } from './strings.js';
import { exportPng } from './export.js';
import { createTimeline } from './timeline.js';
import { readHash, writeHash } from './url-state.js';

const DATA = 'data/';
const $ = (id) => document.getElementById(id);

let resolveReady, rejectReady;
const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
ready.catch(() => {}); // failures are shown on the page; embedders may still await it
window.supplyRoutes = { ready };

async function fetchText(name) {
  const res = await fetch(DATA + name);
  if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
  return res.text();
}

function showStatus(message, { retry = null, notice = false } = {}) {
  const box = $('status');
  box.hidden = false;
  box.classList.toggle('notice', notice);
  $('status-text').textContent = message;
  const button = $('status-retry');
  button.hidden = !retry;
  if (retry) {
    button.textContent = retry.label;
    button.onclick = retry.action;
  }
}

function hideStatus() {
  $('status').hidden = true;
}

const isLanguage = (code) => LANGUAGES.some((l) => l.code === code);

// Noto Sans SC comes as a 180 KB stylesheet of ~100 unicode-range subsets. A Chinese page asks
// for it at once; other pages show Chinese only in some source titles (the language buttons'
// 中文 has its own two-glyph font, fonts/languages.css), so they ask for it once the map is
// ready, off the first frame's path. The browser then fetches only the subsets text uses.
let chineseCss = null;
function chineseFonts() {
  chineseCss ??= new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: 'fonts/noto-sans-sc.css' });
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve); // the system's fonts stand in
    document.head.append(link);
  });
  return chineseCss;
}
// Chinese characters (CJK ideographs, punctuation and full-width forms), which Noto Sans lacks.
const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;

/// Loads the font files that canvas text `text` needs at 400 and 700 (Noto Sans for Latin and
/// Cyrillic, Noto Sans SC for Chinese): canvas text fetches none by itself, and draws in a
/// stand-in font until they are in. Resolves when they are, or failed.
function canvasFonts(text) {
  if (!document.fonts) return Promise.resolve();
  const chinese = text.match(CHINESE)?.join('');
  const load = (family, chars) => Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 16px ${family}`, chars)));
  return Promise.all([
    load("'Noto Sans'", text.replace(CHINESE, '')),
    chinese ? chineseFonts().then(() => load("'Noto Sans SC'", chinese)) : null,
  ]).catch(() => {});
}

async function boot() {
  const lang = isLanguage(readHash().lang) ? readHash().lang : DEFAULT_LANGUAGE;
  if (lang === 'zh') chineseFonts();
  let t = strings(lang);
  applyStaticText(t);
  showStatus(t.loading, { notice: true });
  // The language buttons, made once the core is up, name each language in its own script (the
  // chosen one in bold): ask for those glyphs' font files now, beside the wasm and the data,
  // rather than after that layout.
  for (const { code, name } of LANGUAGES) {
    document.fonts?.load(`${code === lang ? 700 : 400} 16px 'Noto Sans', 'Supply Routes Languages'`, name).catch(() => {});
  }

  const wasm = await init();
  const canvas = $('map');
  const [routesText, placesText, sourcesText] = await Promise.all(
    ['routes.geojson', 'places.geojson', 'sources.json'].map(fetchText));
  let core;
  try {
    core = new RouteMap(routesText, placesText, sourcesText, canvas.clientWidth, canvas.clientHeight);
  } catch (errors) {
    const list = Array.isArray(errors) ? errors : [String(errors)];
    list.forEach((e) => console.error(`geodata: ${e}`));
    throw new Error(`${list.length} problem(s) in the geodata, first: ${list[0]}`);
  }
  // ?projection=mercator draws the map in spherical Mercator; the museum map keeps the default
  // Lambert conic. Set before the basemap, which is projected once.
  const projection = new URLSearchParams(location.search).get('projection');
  if (projection && !core.set_projection(projection)) console.warn(`projection: unknown ${projection}`);
  hideStatus();
  // The basemap comes in two steps (scripts/build-basemap.mjs): the first frame draws the
  // overview (simplified for the zoomed-out map, half the bytes of the full detail), and the
  // full detail replaces it once that frame is up (below, before `ready`).
  const loadBasemap = async (name) => {
    const res = await fetch(DATA + name);
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    core.set_basemap_binary(new Uint8Array(await res.arrayBuffer()));
  };
  const haveOverview = await loadBasemap('basemap-overview.bin').then(() => true, (e) => {
    console.warn(`basemap: ${e.message ?? e}`);
    return false;
  });

  // The story (timeline and events) is optional: without it the map still shows the routes.
  try {
    const [eventsText, timelineText] = await Promise.all(['events.geojson', 'timeline.json'].map(fetchText));
    core.set_story(eventsText, timelineText);
  } catch (errors) {
    const list = Array.isArray(errors) ? errors : [String(errors.message ?? errors)];
    list.forEach((e) => console.warn(`story: ${e}`));
    showStatus(t.storyError, { notice: true });
  }

  const renderer = createRenderer(canvas, core);
  renderer.setArrows();
  const listeners = { select: new Set(), date: new Set() };
  let applyingHash = false;
  const embedded = window.self !== window.top || new URLSearchParams(location.search).has('embed');
  document.body.classList.toggle('embedded', embedded);
  let hintTimer = 0;
  const state = { lang, selected: null, others: [], hoverLegs: null, event: null, panel: null, counter: null };
  let eventIds = core.event_ids();
  const NO_MARKERS = new Float32Array();

  const routeName = (id) => core.routes(state.lang).find((r) => r.id === id)?.name ?? id;

  function obstacles() {
    const c = canvas.getBoundingClientRect();
    const rects = [];
    for (const node of document.querySelectorAll('.card:not([hidden]), .map-controls')) {
      const r = node.getBoundingClientRect();
      if (r.width && r.height) rects.push(r.left - c.left, r.top - c.top, r.width, r.height);
    }
    // Highlighted events' marks: a place label must not hide them.
    const marks = core.event_marks();
    for (let i = 0; i < marks.length; i += 4) if (marks[i + 3] === 2) rects.push(marks[i + 1] - 11, marks[i + 2] - 11, 22, 22);
    return new Float64Array(rects);
  }

  /// The part of the canvas that no panel or legend covers, as [x, y, w, h] CSS px.
  function freeRect() {
    const c = canvas.getBoundingClientRect();
    let [x0, y0, x1, y1] = [0, 0, c.width, c.height];
    const panel = $('panel');
    if (!panel.hidden) {
      const r = panel.getBoundingClientRect();
      if (r.top - c.top > c.height * 0.25) y1 = Math.min(y1, r.top - c.top); // bottom sheet
      else x1 = Math.min(x1, r.left - c.left);
    }
    // A card that reaches into the free part gives it up on one side of the card or another,
    // whichever leaves more of the map (the first side on a tie); `sides(box)` lists the
    // free parts [x0, y0, x1, y1] that each leaves, with the card's box in canvas px.
    const giveWay = (card, sides) => {
      const r = card.getBoundingClientRect();
      const box = { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top };
      if (!r.width || box.left >= x1 || box.right <= x0 || box.top >= y1 || box.bottom <= y0) return;
      const area = ([fx0, fy0, fx1, fy1]) => (fx1 - fx0) * (fy1 - fy0);
      [x0, y0, x1, y1] = sides(box).reduce((best, f) => (area(f) > area(best) ? f : best));
    };
    // The legend, bottom left: beside it on a wide screen, above it on a tall one.
    giveWay($('legend'), (l) => [[l.right, y0, x1, y1], [x0, y0, x1, l.top]]);
    // On a phone the title spans the top: keep routes below it.
    const title = document.querySelector('.title-card').getBoundingClientRect();
    if (title.width > c.width / 2 && title.bottom - c.top < y1) y0 = Math.max(y0, title.bottom - c.top);
    const timeline = $('timeline').getBoundingClientRect();
    if (timeline.width && timeline.top - c.top > c.height / 2) y1 = Math.min(y1, timeline.top - c.top);
    // On a phone the map's buttons stand in the strip above the bottom sheet, over half its
    // height: frame what is shown to their left, or a route's end hides under them. (Elsewhere
    // they take a corner, which the fit's margin leaves free.)
    const buttons = document.querySelector('.map-controls').getBoundingClientRect();
    const [bl, bt, bb] = [buttons.left - c.left - 8, buttons.top - c.top, buttons.bottom - c.top];
    if (buttons.width && bl > x0 && bl < x1 && Math.min(bb, y1) - Math.max(bt, y0) > (y1 - y0) / 2) x1 = bl;
    // Where the title card still reaches into what is left (beside a side panel, with the
    // legend gone; a phone held sideways): below it, or beside it.
    giveWay(document.querySelector('.title-card'), (t) => [[x0, t.bottom, x1, y1], [t.right, y0, x1, y1]]);
    return [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
  }

  // The view goes into the link a moment after it settles.
  let viewTimer = 0;
  let lastView = '';
  function noteView() {
    const [lon, lat, zoom] = core.view();
    const text = `${lon.toFixed(3)},${lat.toFixed(3)},${zoom.toFixed(3)}`;
    if (text === lastView) return;
    lastView = text;
    clearTimeout(viewTimer);
    viewTimer = setTimeout(() => { if (!applyingHash) writeHash({ view: text }); }, 400);
  }

  function redraw() {
    noteView();
    renderer.draw({
      selectedLegs: state.selected ? core.route_legs(state.selected) : null,
      hoverLegs: state.hoverLegs,
      legActive: core.leg_active(),
      eventStates: core.event_states(),
      eventMarks: core.event_marks(),
      markers: timeline?.animating() ? core.markers(timeline.markerTime()) : NO_MARKERS,
      selectedEvent: state.event ? eventIds.indexOf(state.event) : -1,
      obstacles: obstacles(),
    });
  }

  // One frame callback at a time: input, resizes and playback all go through it.
  let frame = 0;
  function requestRedraw() {
    if (!frame) frame = requestAnimationFrame(onFrame);
  }
  function onFrame(now) {
    frame = 0;
    timeline.advance(now);
    redraw();
    if (timeline.animating()) requestRedraw();
  }

  function renderRouteList() {
    const list = $('route-list');
    list.replaceChildren(...core.routes(state.lang).map((r) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.route = r.id;
      b.setAttribute('aria-pressed', String(r.id === state.selected));
      const length = document.createElement('span');
      length.className = 'km';
      length.textContent = formatters(state.lang).km(r.lengthKm, t);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = r.name;
      b.append(swatch(r.modes[r.modes.length - 1]), name, length);
      b.addEventListener('click', () => {
        if (r.id === state.selected) { select(null); return; }
        select(r.id);
        frameView(() => core.fit_route(r.id, ...freeRect()));
        redraw();
      });
      const li = document.createElement('li');
      li.append(b);
      return li;
    }));
  }

  function renderModes() {
    $('modes').replaceChildren(...MODES.map((mode) => {
      const li = document.createElement('li');
      const c = document.createElement('canvas');
      const dpr = window.devicePixelRatio || 1;
      c.width = 44 * dpr; c.height = 14 * dpr;
      const ctx = c.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const p = new Path2D();
      p.moveTo(3, 7); p.lineTo(41, 7);
      strokeMode(ctx, p, mode, 1);
      c.setAttribute('aria-hidden', 'true');
      const label = document.createElement('span');
      label.textContent = t.mode[mode];
      li.append(c, label);
      return li;
    }));
  }

  const formatNumber = (n, unit) => {
    const big = n >= 1e5;
    const text = new Intl.NumberFormat(state.lang, { notation: big ? 'compact' : 'standard', maximumFractionDigits: big ? 1 : 0 }).format(n);
    return unit ? `${text} ${t[unit] ?? unit}` : text;
  };

  /// Fills the panel for what it shows now: a route, an event, the events list or a figure.
  function renderPanel() {
    const body = $('panel-body');
    if (state.panel === 'route') {
      const details = core.details(state.selected, state.lang);
      const others = state.others.filter((id) => id !== state.selected).map((id) => ({ id, name: routeName(id) }));
      renderDetails(body, details, { t, lang: state.lang, others, onPick: (id) => select(id, { others: state.others }) });
    } else if (state.panel === 'event') {
      renderEvent(body, core.events(state.lang).find((e) => e.id === state.event), { t, lang: state.lang });
    } else if (state.panel === 'events') {
      renderEventList(body, core.events(state.lang), { t, lang: state.lang, onPick: (id) => openEvent(id, { moveDate: true }) });
    } else if (state.panel === 'errors') {
      renderLoadErrors(body, state.loadErrors, t);
    } else if (state.panel === 'counter') {
      const at = core.month_index() + 1;
      const c = core.counters(state.lang, Number.isFinite(at) ? at : 0).find((x) => x.id === state.counter);
      renderCounter(body, c, { t, lang: state.lang, formatNumber });
    }
  }

  let focusBeforePanel = null;
  function openPanel() {
    const panel = $('panel');
    renderPanel();
    const wasHidden = panel.hidden;
    if (wasHidden && !panel.contains(document.activeElement)) focusBeforePanel = document.activeElement;
    panel.hidden = false;
    document.body.classList.add('panel-open');
    panel.scrollTop = 0;
    if (wasHidden) panel.focus({ preventScroll: true });
  }

  function closePanel() {
    const panel = $('panel');
    const hadFocus = panel.contains(document.activeElement);
    panel.hidden = true;
    document.body.classList.remove('panel-open');
    state.panel = null;
    // Focus goes back where it was before the panel opened (the route's button, say).
    if (hadFocus) (focusBeforePanel?.isConnected ? focusBeforePanel : canvas).focus({ preventScroll: true });
    focusBeforePanel = null;
    if (state.event) { state.event = null; requestRedraw(); }
  }

  /// Opens an event's card; from the list, `moveDate` also moves the slider to its month.
  function openEvent(id, { moveDate = false } = {}) {
    const event = core.events(state.lang).find((e) => e.id === id);
    if (!event) return false;
    if (state.selected) select(null);
    if (moveDate && !event.active) timeline.setDate(event.month);
    state.event = id;
    state.panel = 'event';
    openPanel();
    core.reveal_event(id, ...freeRect());
    $('announce').textContent = event.title;
    requestRedraw();
    return true;
  }

  /// Reads a route set: a folder URL holding routes.geojson, places.geojson and sources.json
  /// (events.geojson and timeline.json optional), or an object with those as objects or texts.
  async function readSet(source) {
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
        get('routes.geojson'), get('places.geojson'), get('sources.json'), get('events.geojson', true), get('timeline.json', true)]);
      const failed = settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason?.message ?? s.reason));
      if (failed.length) throw failed;
      const [routes, places, sources, events, timelineText] = settled.map((s) => s.value);
      return { routes, places, sources, events, timeline: timelineText };
    }
    if (source && typeof source === 'object') {
      const set = { routes: text(source.routes), places: text(source.places), sources: text(source.sources),
        events: text(source.events), timeline: text(source.timeline) };
      const missing = ['routes', 'places', 'sources'].filter((k) => set[k] == null);
      if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
      return set;
    }
    throw new Error('expected a URL or an object {routes, places, sources}');
  }

  /// map.load(): shows a valid set in place of the current one; a broken one leaves the current
  /// set on screen and lists the validator's messages in the panel.
  async function load(source) {
    let set;
    try {
      set = await readSet(source);
      core.load_set(set.routes, set.places, set.sources, set.events, set.timeline);
    } catch (errors) {
      const list = Array.isArray(errors) ? errors.map(String) : [String(errors?.message ?? errors)];
      if (state.selected) select(null);
      state.event = null;
      state.loadErrors = list;
      state.panel = 'errors';
      openPanel();
      return { ok: false, errors: list };
    }
    if (state.panel) closePanel();
    state.selected = null;
    state.event = null;
    eventIds = core.event_ids();
    renderer.setLegs();
    renderer.setArrows();
    timeline.reload();
    setLanguageText();
    writeHash({ route: null, date: null });
    frameView(fitAll);
    redraw();
    for (const fn of listeners.select) fn(null);
    return { ok: true, errors: [] };
  }

  function openEventList() {
    if (state.selected) select(null);
    state.event = null;
    state.panel = 'events';
    openPanel();
    requestRedraw();
  }

  function openCounter(id) {
    if (state.selected) select(null);
    state.event = null;
    state.counter = id;
    state.panel = 'counter';
    openPanel();
    requestRedraw();
  }

  /// Selects a route by id (null clears). Returns false for an unknown id.
  function select(id, { others = [] } = {}) {
    if (id != null && !core.route_ids().includes(id)) return false;
    const changed = id !== state.selected;
    core.select(id ?? undefined);
    state.selected = id ?? null;
    state.others = id ? others : [];
    if (id) { state.event = null; state.panel = 'route'; openPanel(); } else if (state.panel === 'route') closePanel();
    writeHash({ route: state.selected }, { push: !applyingHash });
    for (const b of document.querySelectorAll('#route-list button')) b.setAttribute('aria-pressed', String(b.dataset.route === id));
    if (changed) {
      $('announce').textContent = id ? t.selected(routeName(id)) : t.cleared;
      for (const fn of listeners.select) fn(state.selected);
    }
    redraw();
    return true;
  }

  function renderLanguages() {
    const box = $('languages');
    box.setAttribute('aria-label', t.language);
    box.replaceChildren(...LANGUAGES.map(({ code, name }) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'lang';
      b.lang = code;
      b.dataset.lang = code;
      b.textContent = name;
      b.setAttribute('aria-pressed', String(code === state.lang));
      b.addEventListener('click', () => setLanguage(code));
      return b;
    }));
  }

  /// The full-screen button is a toggle: pressed while the page is full screen.
  function labelFullscreen() {
    $('fullscreen').setAttribute('aria-pressed', String(Boolean(document.fullscreenElement)));
  }

  function setLanguageText() {
    t = strings(state.lang);
    document.documentElement.lang = state.lang === 'zh' ? 'zh-Hans' : state.lang;
    document.title = `${t.title}: ${t.subtitle}`;
    applyStaticText(t);
    canvas.setAttribute('aria-label', t.mapLabel);
    for (const [id, key] of [['zoom-in', 'zoomIn'], ['zoom-out', 'zoomOut'], ['overview', 'overview'], ['panel-close', 'close'], ['export', 'exportPng'], ['fullscreen', 'fullscreen']]) {
      $(id).setAttribute('aria-label', t[key]);
      $(id).title = t[key];
    }
    labelFullscreen();
    renderLanguages();
    if (state.lang === 'zh') chineseFonts();
    const places = core.places(state.lang);
    renderer.setPlaces(places);
    // Once the labels' fonts are in, measure and draw them again, so that no label keeps a
    // stand-in font or a size measured in one.
    canvasFonts(places.map((p) => p.name).join('')).then(() => {
      renderer.setPlaces(core.places(state.lang));
      requestRedraw();
    });
    renderModes();
    renderRouteList();
    timeline.setLanguage(t, state.lang);
    if (state.panel) renderPanel();
  }

  /// Switches every text, the canvas labels included, keeping the selection, view and date.
  function setLanguage(code, { push = true } = {}) {
    if (!isLanguage(code)) return false;
    if (code !== state.lang) {
      state.lang = code;
      setLanguageText();
      redraw();
    }
    writeHash({ lang: code === DEFAULT_LANGUAGE ? null : code }, { push: push && !applyingHash });
    return true;
  }

  // The overview frames every route in the part of the canvas the legend leaves free; the
  // page opens on it, and the reset button and the 0 key return to it.
  // The view the page framed by itself (the overview), until the reader moves the map.
  // The framing the page chose last (the overview, a route), kept while the reader leaves the
  // view alone: when the free part of the map changes size (a phone turned, a window resized,
  // the legend grown by the web fonts), the same thing is framed again.
  let framed = null; // {fit, view}
  function frameView(fit) {
    const ok = fit();
    if (ok !== false) framed = { fit, view: core.view().join() };
    return ok;
  }
  function reframe() {
    if (framed && core.view().join() === framed.view) frameView(framed.fit);
  }
  const fitAll = () => core.fit_all(...freeRect());
  const overview = () => { frameView(fitAll); requestRedraw(); };

  /// The current view as a PNG with title, date, legend and the sources of what is shown.
  async function saveView() {
    const m = timeline.date();
    const shownSources = state.selected ? core.details(state.selected, state.lang).sources
      : state.event ? core.events(state.lang).find((e) => e.id === state.event).sources : [];
    const titles = shownSources.length ? shownSources.map((s) => s.title)
      : [core.details(core.route_ids()[0], state.lang).sources.find((s) => s.tag === 'article')?.title].filter(Boolean);
    const range = core.month_range();
    const picture = {
      title: state.selected ? `${t.title}: ${routeName(state.selected)}` : t.title,
      subtitle: t.subtitle,
      when: m ? formatters(state.lang).monthLong(m) : `${range[0]?.slice(0, 4)}–${range[1]?.slice(0, 4)}`,
      modes: t.mode,
      sourcesHeading: t.exportSources,
      sources: titles,
      credit: t.exportCredit,
    };
    // Chinese in the picture (a title, a source, the credit) would otherwise be drawn in
    // whatever the system has, on a kiosk maybe nothing.
    await canvasFonts([picture.title, picture.subtitle, picture.when, ...Object.values(picture.modes),
      picture.sourcesHeading, ...titles, picture.credit].join(''));
    redraw();
    return exportPng({ map: canvas, ...picture });
  }

  const timeline = createTimeline(core, {
    changed: requestRedraw,
    dateChanged: (month) => {
      if (!applyingHash) writeHash({ date: month });
      // The panel says where a route stands at the date, and the list which events are lit.
      if (state.panel === 'route' || state.panel === 'events' || state.panel === 'counter') renderPanel();
      for (const fn of listeners.date) fn(month);
    },
    openEvent: (id) => openEvent(id),
    openCounter,
    formatMonth: (m) => formatters(state.lang).monthLong(m),
    formatNumber: (n, unit) => formatNumber(n, unit),
  });
  $('events-button').addEventListener('click', () => (state.panel === 'events' ? closePanel() : openEventList()));
  // The legend fits between the title and the bottom, the sheet above the timeline on a phone.
  new ResizeObserver(() => {
    document.documentElement.style.setProperty('--timeline-h', `${$('timeline').offsetHeight}px`);
    document.documentElement.style.setProperty('--title-h', `${document.querySelector('.title-card').offsetHeight}px`);
  }).observe($('timeline'));
  new ResizeObserver(() => {
    document.documentElement.style.setProperty('--title-h', `${document.querySelector('.title-card').offsetHeight}px`);
  }).observe(document.querySelector('.title-card'));

  attachInput(canvas, core, {
    changed: requestRedraw,
    tap: (x, y) => {
      const event = core.pick_event(x, y);
      if (event) { openEvent(event); return; }
      const hits = core.pick_all(x, y);
      if (hits.length || state.panel === 'route') select(hits[0] ?? null, { others: hits });
      else if (state.panel) closePanel();
    },
    hover: (x, y) => {
      const id = Number.isFinite(x) ? core.pick(x, y) : null;
      const event = Number.isFinite(x) ? core.pick_event(x, y) : null;
      canvas.classList.toggle('over-route', !!(id || event));
      const legs = id && id !== state.selected ? core.route_legs(id) : null;
      if (String(legs) !== String(state.hoverLegs)) { state.hoverLegs = legs; requestRedraw(); }
    },
    escape: () => { if (state.panel === 'route') select(null); else closePanel(); },
    overview,
    oneFingerPans: () => !embedded || document.body.classList.contains('map-active'),
    blocked: () => {
      const hint = $('activate-hint');
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(() => { hint.hidden = true; }, 1800);
    },
  });
  // Embedded in a page (an iframe, or ?embed): one finger scrolls the page until the map is
  // tapped; leaving the frame gives the page its scrolling back.
  canvas.addEventListener('pointerup', () => { if (embedded) document.body.classList.add('map-active'); });
  window.addEventListener('blur', () => document.body.classList.remove('map-active'));

  const zoomBy = (f) => { core.zoom_about(f, canvas.clientWidth / 2, canvas.clientHeight / 2); requestRedraw(); };
  $('zoom-in').addEventListener('click', () => zoomBy(1.5));
  $('zoom-out').addEventListener('click', () => zoomBy(1 / 1.5));
  $('overview').addEventListener('click', overview);
  $('panel-close').addEventListener('click', () => { if (state.panel === 'route') select(null); else closePanel(); canvas.focus(); });
  new ResizeObserver(() => {
    core.resize(canvas.clientWidth, canvas.clientHeight);
    reframe();
    requestRedraw();
  }).observe(canvas);
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener?.('change', requestRedraw);
  // The first framing comes before the web fonts arrive, which resize the legend beside it.
  document.fonts?.ready.then(() => {
    reframe();
    renderer.setPlaces(core.places(state.lang));
    requestRedraw();
  });

  setLanguageText();
  core.fit_all(...freeRect());

  /// Restores what a link names: #lang=zh&date=1938-11&route=burma-road&view=103.8,36.1,4
  function applyHash(hash, { initial = false } = {}) {
    applyingHash = true;
    try {
      setLanguage(isLanguage(hash.lang) ? hash.lang : DEFAULT_LANGUAGE);
      timeline.setDate(/^\d{4}-\d{2}$/.test(hash.date ?? '') ? hash.date : null);
      const route = hash.route && core.route_ids().includes(hash.route) ? hash.route : null;
      if (route !== state.selected) select(route);
      const view = (hash.view ?? '').split(',').map(Number);
      if (view.length === 3 && view.every(Number.isFinite)) core.set_view(view[0], view[1], view[2]);
      else if (route && initial) frameView(() => core.fit_route(route, ...freeRect()));
      else if (!initial && !route) frameView(fitAll);
      lastView = '';
    } finally {
      applyingHash = false;
    }
    if (initial && hash.route && !state.selected) writeHash({ route: null });
    redraw();
  }
  applyHash(readHash(), { initial: true });
  // The first frame is on the canvas (from the overview basemap): what a reader waits for.
  performance.mark('supply-routes:first-frame');
  const opened = readHash(); // as applyHash left it (an unknown route is dropped)
  if (!opened.view && !opened.route) framed = { fit: fitAll, view: core.view().join() };
  // Back and Forward walk through routes chosen and languages switched.
  window.addEventListener('popstate', () => applyHash(readHash()));

  // Full screen, where the browser allows it (not in a frame without allow="fullscreen", nor
  // on an iPhone); kiosk.css hides the button, for the kiosk's browser must stay full screen.
  const fullscreen = $('fullscreen');
  fullscreen.hidden = !document.fullscreenEnabled;
  fullscreen.addEventListener('click', () => {
    const done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    done?.catch?.((e) => console.warn(`fullscreen: ${e.message ?? e}`));
  });
  document.addEventListener('fullscreenchange', labelFullscreen);

  $('export').addEventListener('click', async () => {
    const blob = await saveView();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `supply-routes-${timeline.date() ?? 'all'}.png`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  });

  const api = {
    routes: () => core.routes(state.lang).map((r) => ({ ...r, legs: r.legs.map((l) => ({ ...l })) })),
    select: (id) => select(id ?? null),
    selected: () => state.selected,
    details: (id) => core.details(id, state.lang),
    on(event, fn) {
      if (!listeners[event]) throw new Error(`unknown event ${event}`);
      listeners[event].add(fn);
      return () => listeners[event].delete(fn);
    },
    pick: (x, y) => core.pick(x, y) ?? null,
    project: ([lon, lat]) => { const p = core.project(lon, lat); return p ? [p[0], p[1]] : null; },
    setView({ center, zoom } = {}) {
      const [lon, lat, z] = core.view();
      core.set_view(center?.[0] ?? lon, center?.[1] ?? lat, zoom ?? z);
      redraw();
      return api.view();
    },
    view: () => { const [lon, lat, zoom] = core.view(); return { center: [lon, lat], zoom }; },
    redraw,
    /// Memory in bytes: the core's linear memory (wasm), and the JS heap where the browser
    /// reports it. The soak test watches both.
    memory: () => ({ wasmBytes: wasm.memory.buffer.byteLength, jsHeapBytes: performance.memory?.usedJSHeapSize ?? null }),
    language: () => state.lang,
    setLanguage: (code) => setLanguage(code),
    exportPng: () => saveView(),
    load: (source) => load(source),
    setDate: (month) => (timeline.setDate(month ?? null) ? timeline.date() : false),
    date: () => timeline.date(),
    events: () => core.events(state.lang),
    openEvent: (id) => openEvent(id),
    pickEvent: (x, y) => core.pick_event(x, y) ?? null,
    play: () => timeline.play(),
    pause: () => timeline.pause(),
    playing: () => timeline.playing(),
    overview: () => overview(),
    fitRoute: (id) => { const ok = frameView(() => core.fit_route(id, ...freeRect())); requestRedraw(); return ok; },
  };
  window.supplyRoutes.map = api;
  // The full-detail basemap, asked for once the first frame is drawn; `ready` waits for it, so
  // a caller sees the map as it stays. Without it the overview stays (the same map, with
  // coarser coasts zoomed in), and the visitor is told only when there is no basemap at all.
  try {
    await loadBasemap('basemap.bin');
    renderer.basemapChanged();
    redraw();
  } catch (e) {
    console.warn(`basemap: ${e.message ?? e}`);
    if (!haveOverview) showStatus(t.basemapError, { notice: true });
  }
  // In kiosk mode the page is ready once its kiosk layout applies, so that what a caller sees
  // (and the overview the kiosk frames) is the layout the visitor gets.
  const k = await kiosk;
  if (k?.styled) {
    await k.styled;
    renderer.setPlaces(core.places(state.lang)); // at the kiosk's label size
    requestRedraw();
  }
  resolveReady(api);
  setTimeout(chineseFonts, 0);
}

function applyStaticText(t) {
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t[node.dataset.text];
}

// Kiosk mode (README, "Running it on a kiosk"): ?kiosk in the URL or "kiosk": true in kiosk.json.
const kiosk = (async () => {
  const settings = await fetch('kiosk.json').then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  if (!new URLSearchParams(location.search).has('kiosk') && settings.kiosk !== true) return null;
  return (await import('./kiosk.js')).startKiosk(settings);
})().catch((e) => { console.error('supply-routes: kiosk mode failed:', e); return null; });

function start() {
  boot().catch(async (e) => {
    console.error('supply-routes: failed to start:', e);
    const k = await kiosk;
    if (k) { k.bootFailed(e, start); return; } // a kiosk never stays dead: it retries, then reloads
    const t = strings(DEFAULT_LANGUAGE);
    showStatus(t.loadError, { retry: { label: t.retry, action: () => location.reload() } });
    rejectReady(e);
  });
}
start();
