// The legend: how each mode of transport is drawn, and the routes with their lengths as
// buttons (the same choices as tapping the map, for the keyboard and screen readers).

import { mode_names } from './pkg/supply_routes.js';
import { strokeMode, MODE_STYLE } from './render.js';
import { formatters, swatch } from './panel.js';

const $ = (id) => document.getElementById(id);

// What each item of the modes' key draws, `mode@dpr`: a key drawn already (the early legend's,
// or a language ago) keeps its canvases and only takes the new names (issue 23: the phone's
// start-up tasks).
const drawn = new WeakMap();

/// The modes' key: each mode drawn as the map draws it, named in `t`.
function drawModes(modes, t) {
  const box = $('modes');
  const dpr = window.devicePixelRatio || 1;
  const items = [...box.children];
  if (items.length === modes.length && modes.every((m, i) => drawn.get(items[i]) === `${m}@${dpr}`)) {
    modes.forEach((m, i) => {
      const label = items[i].lastChild;
      if (label.textContent !== t.mode[m]) label.textContent = t.mode[m];
    });
    return;
  }
  box.replaceChildren(...modes.map((mode) => {
    const li = document.createElement('li');
    drawn.set(li, `${mode}@${dpr}`);
    const c = document.createElement('canvas');
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

/// A route's button in its list item: its swatch, its name and its length.
function routeButton(id, name, mark, km) {
  const b = document.createElement('button');
  b.type = 'button';
  b.dataset.route = id;
  const length = document.createElement('span');
  length.className = 'km';
  length.textContent = km;
  const label = document.createElement('span');
  label.className = 'name';
  label.textContent = name;
  b.append(mark, label, length);
  document.createElement('li').append(b);
  return b;
}

/// The legend as it stands before the core is up (issue 23: it is the largest text on a phone,
/// and waiting for the wasm made it the last thing drawn): the modes the interface strings `t`
/// name and the route names of the shipped data (`routes`: [{id, name}]), laid out as the full
/// legend is, with the swatches and lengths, which the core knows, left blank until
/// createLegend's render() replaces it. Its buttons do nothing yet.
export function renderEarlyLegend(routes, t) {
  drawModes(Object.keys(t.mode ?? {}).filter((m) => MODE_STYLE[m]), t);
  $('route-list').replaceChildren(...routes.map((r) => {
    const mark = document.createElement('span');
    mark.className = 'swatch';
    mark.setAttribute('aria-hidden', 'true');
    return routeButton(r.id, r.name, mark, '').parentNode;
  }));
}

/// `state`: {lang, t, selected}. A route's button selects it and frames it in the free part of
/// the map (`framing`), or, pressed again, clears the selection (`controller`).
export function createLegend({ core, state, controller, framing, loop }) {
  function pick(id) {
    if (id === state.selected) { controller.select(null); return; }
    controller.select(id);
    framing.route(id);
    loop.redraw();
  }

  // The buttons are made once for a list of routes and then filled in: the list drawn before
  // the core was up (renderEarlyLegend) keeps its nodes, so that its names, painted first, are
  // not painted anew (a text repainted in the web font would be a later, larger LCP).
  function renderRoutes() {
    const { t, lang } = state;
    const list = $('route-list');
    const routes = core.routes(lang);
    const same = list.children.length === routes.length && routes.every((r, i) => list.children[i].firstChild?.dataset.route === r.id);
    if (!same) list.replaceChildren(...routes.map((r) => routeButton(r.id, '', document.createElement('span'), '').parentNode));
    const setText = (node, text) => { if (node.textContent !== text) node.textContent = text; };
    routes.forEach((r, i) => {
      const b = list.children[i].firstChild;
      b.setAttribute('aria-pressed', String(r.id === state.selected));
      b.firstChild.replaceWith(swatch(r.modes[r.modes.length - 1]));
      setText(b.querySelector('.name'), r.name);
      setText(b.querySelector('.km'), formatters(lang).km(r.lengthKm, t));
      b.onclick = () => pick(r.id);
    });
  }

  const renderModes = () => drawModes(mode_names(), state.t);

  return {
    /// Builds both lists in the current language.
    render() {
      renderModes();
      renderRoutes();
    },
    /// Marks the selected route's button as pressed (`id` null: none).
    markSelected(id) {
      for (const b of document.querySelectorAll('#route-list button')) b.setAttribute('aria-pressed', String(b.dataset.route === id));
    },
  };
}
