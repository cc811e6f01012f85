// Boots the core, wires the page, and publishes the public API, window.supplyRoutes:
//   const map = await window.supplyRoutes.ready;
// See README.md ("JavaScript API") for the calls; they are a contract with embedders and tests.

import init, { RouteMap } from './pkg/supply_routes.js';
import { createRenderer, MODES, MODE_STYLE, strokeMode } from './render.js';
import { attachInput } from './input.js';
import { renderDetails, swatch } from './panel.js';
import { strings, DEFAULT_LANGUAGE } from './strings.js';

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

async function boot() {
  const lang = DEFAULT_LANGUAGE;
  let t = strings(lang);
  applyStaticText(t);
  showStatus(t.loading, { notice: true });

  await init();
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
  hideStatus();
  try {
    core.set_basemap(await fetchText('basemap.geojson'));
  } catch (e) {
    console.warn(`basemap: ${e.message ?? e}`);
    showStatus(t.basemapError, { notice: true });
  }

  const renderer = createRenderer(canvas, core);
  const listeners = { select: new Set() };
  const state = { lang, selected: null, others: [], hoverLegs: null };

  const routeName = (id) => core.routes(state.lang).find((r) => r.id === id)?.name ?? id;

  function obstacles() {
    const c = canvas.getBoundingClientRect();
    const rects = [];
    for (const node of document.querySelectorAll('.card:not([hidden]), .map-controls')) {
      const r = node.getBoundingClientRect();
      if (r.width && r.height) rects.push(r.left - c.left, r.top - c.top, r.width, r.height);
    }
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
    const legend = $('legend').getBoundingClientRect();
    if (legend.width && legend.right - c.left < c.width / 2 && legend.top - c.top < y1) x0 = Math.max(x0, legend.right - c.left);
    return [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
  }

  function redraw() {
    renderer.draw({
      selectedLegs: state.selected ? core.route_legs(state.selected) : null,
      hoverLegs: state.hoverLegs,
      obstacles: obstacles(),
    });
  }

  let frame = 0;
  function requestRedraw() {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; redraw(); });
  }

  function renderRouteList() {
    const list = $('route-list');
    list.replaceChildren(...core.routes(state.lang).map((r) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.route = r.id;
      b.setAttribute('aria-pressed', String(r.id === state.selected));
      b.append(swatch(r.modes[r.modes.length - 1]), document.createTextNode(r.name));
      b.addEventListener('click', () => {
        if (r.id === state.selected) { select(null); return; }
        select(r.id);
        core.fit_route(r.id, ...freeRect());
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

  function openPanel() {
    const panel = $('panel');
    const details = core.details(state.selected, state.lang);
    const others = state.others.filter((id) => id !== state.selected).map((id) => ({ id, name: routeName(id) }));
    renderDetails($('panel-body'), details, { t, lang: state.lang, others, onPick: (id) => select(id, { others: state.others }) });
    const wasHidden = panel.hidden;
    panel.hidden = false;
    document.body.classList.add('panel-open');
    panel.scrollTop = 0;
    if (wasHidden) panel.focus({ preventScroll: true });
  }

  function closePanel() {
    $('panel').hidden = true;
    document.body.classList.remove('panel-open');
  }

  /// Selects a route by id (null clears). Returns false for an unknown id.
  function select(id, { others = [] } = {}) {
    if (id != null && !core.route_ids().includes(id)) return false;
    const changed = id !== state.selected;
    core.select(id ?? undefined);
    state.selected = id ?? null;
    state.others = id ? others : [];
    if (id) openPanel(); else closePanel();
    for (const b of document.querySelectorAll('#route-list button')) b.setAttribute('aria-pressed', String(b.dataset.route === id));
    if (changed) {
      $('announce').textContent = id ? t.selected(routeName(id)) : t.cleared;
      for (const fn of listeners.select) fn(state.selected);
    }
    redraw();
    return true;
  }

  function setLanguageText() {
    t = strings(state.lang);
    document.documentElement.lang = state.lang;
    applyStaticText(t);
    canvas.setAttribute('aria-label', t.mapLabel);
    renderer.setPlaces(core.places(state.lang));
    renderModes();
    renderRouteList();
  }

  // The overview frames every route in the part of the canvas the legend leaves free; the
  // page opens on it, and the reset button and the 0 key return to it.
  const overview = () => { core.fit_all(...freeRect()); requestRedraw(); };

  attachInput(canvas, core, {
    changed: requestRedraw,
    tap: (x, y) => {
      const hits = core.pick_all(x, y);
      select(hits[0] ?? null, { others: hits });
    },
    hover: (x, y) => {
      const id = Number.isFinite(x) ? core.pick(x, y) : null;
      canvas.classList.toggle('over-route', !!id);
      const legs = id && id !== state.selected ? core.route_legs(id) : null;
      if (String(legs) !== String(state.hoverLegs)) { state.hoverLegs = legs; requestRedraw(); }
    },
    escape: () => select(null),
    overview,
  });

  const zoomBy = (f) => { core.zoom_about(f, canvas.clientWidth / 2, canvas.clientHeight / 2); requestRedraw(); };
  $('zoom-in').addEventListener('click', () => zoomBy(1.5));
  $('zoom-out').addEventListener('click', () => zoomBy(1 / 1.5));
  $('overview').addEventListener('click', overview);
  $('panel-close').addEventListener('click', () => { select(null); canvas.focus(); });
  new ResizeObserver(requestRedraw).observe(canvas);
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener?.('change', requestRedraw);
  document.fonts?.ready.then(() => { renderer.setPlaces(core.places(state.lang)); requestRedraw(); });

  setLanguageText();
  core.fit_all(...freeRect());
  for (const [id, key] of [['zoom-in', 'zoomIn'], ['zoom-out', 'zoomOut'], ['overview', 'overview'], ['panel-close', 'close']]) {
    $(id).setAttribute('aria-label', t[key]);
    $(id).title = t[key];
  }
  redraw();

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
    language: () => state.lang,
  };
  window.supplyRoutes.map = api;
  resolveReady(api);
}

function applyStaticText(t) {
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t[node.dataset.text];
}

boot().catch((e) => {
  console.error('supply-routes: failed to start:', e);
  const t = strings(DEFAULT_LANGUAGE);
  showStatus(t.loadError, { retry: { label: t.retry, action: () => location.reload() } });
  rejectReady(e);
});
