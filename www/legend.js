// The legend: how each mode of transport is drawn, and the routes with their lengths as
// buttons (the same choices as tapping the map, for the keyboard and screen readers).

import { mode_names } from './pkg/supply_routes.js';
import { strokeMode } from './render.js';
import { formatters, swatch } from './panel.js';

const $ = (id) => document.getElementById(id);

/// `state`: {lang, t, selected}. A route's button selects it and frames it in the free part of
/// the map (`framing`), or, pressed again, clears the selection (`controller`).
export function createLegend({ core, state, controller, framing, loop }) {
  function pick(id) {
    if (id === state.selected) { controller.select(null); return; }
    controller.select(id);
    framing.route(id);
    loop.redraw();
  }

  function renderRoutes() {
    const { t, lang } = state;
    $('route-list').replaceChildren(...core.routes(lang).map((r) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.route = r.id;
      b.setAttribute('aria-pressed', String(r.id === state.selected));
      const length = document.createElement('span');
      length.className = 'km';
      length.textContent = formatters(lang).km(r.lengthKm, t);
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = r.name;
      b.append(swatch(r.modes[r.modes.length - 1]), name, length);
      b.addEventListener('click', () => pick(r.id));
      const li = document.createElement('li');
      li.append(b);
      return li;
    }));
  }

  function renderModes() {
    $('modes').replaceChildren(...mode_names().map((mode) => {
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
      label.textContent = state.t.mode[mode];
      li.append(c, label);
      return li;
    }));
  }

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
