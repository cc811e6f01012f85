// The war around the routes (issue 21) on the page: its files handed to the core, the card a
// tap on a held city opens (the core decides what a tap hits: handlers/pointer.js), the legend's key to what occupation-layer.js draws, and
// map.occupied().

import { formatters, el } from './panel.js';
import { WAR_STYLE } from './occupation-layer.js';

// Named so, the build (scripts/build-site.mjs) finds them and serves them under hashed names.
const SHIPPED = [new URL('data/occupied.geojson', import.meta.url), new URL('data/period-states.geojson', import.meta.url),
  new URL('data/chapters.json', import.meta.url)];
const FILES = ['occupied.geojson', 'period-states.geojson', 'chapters.json'];

/// Asks for the shipped war's files, or those under the folder URL `base`, each optional (a
/// 404 leaves that part out).
export function fetchWar(base = null) {
  return Promise.all(FILES.map(async (name, i) => {
    const res = await fetch(base ? new URL(name, new URL(base, location.href)) : SHIPPED[i]);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    return res.text();
  }));
}

/// Hands the files `fetchWar()` gave to the core, once the story is in (the war names its
/// events). False if they could not be read or are invalid (each problem is logged); the map
/// works without them.
export async function setWar(core, files) {
  try {
    core.set_war(...(await files));
    return true;
  } catch (errors) {
    (Array.isArray(errors) ? errors : [errors?.message ?? errors]).forEach((e) => console.warn(`war: ${e}`));
    return false;
  }
}

/// A held city's card: when it fell and, where it applies, when it was lost; how it is drawn
/// and the sources, in the panel's language.
export function renderHeld(body, item, { t, lang }) {
  const fmt = formatters(lang);
  const when = `${t.heldSince(fmt.monthLong(item.since))}, ${item.until ? t.heldUntil(fmt.monthLong(item.until)) : t.heldToEnd}.`;
  body.replaceChildren(...[
    el('p', { class: 'kicker', text: t.heldKicker }),
    el('h2', { id: 'panel-title', text: item.name }),
    el('p', { class: 'dates', 'data-held': item.id, text: when }),
    item.note ? el('p', { class: 'summary', text: item.note }) : null,
    item.method ? el('p', { class: 'note', text: item.method }) : null,
    el('h3', { text: t.sources }),
    el('ul', { class: 'sources' }, ...item.sources.map((s) =>
      el('li', {}, el('span', { text: s.title }), s.note ? el('cite', { text: s.note }) : null))),
  ].filter(Boolean));
}

/// A swatch for the legend, drawn as the map draws it.
function swatch(kind) {
  const dpr = window.devicePixelRatio || 1;
  const c = document.createElement('canvas');
  c.width = 44 * dpr; c.height = 14 * dpr;
  c.setAttribute('aria-hidden', 'true');
  const g = c.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (kind === 'area') {
    g.fillStyle = WAR_STYLE.area;
    g.fillRect(4, 1, 36, 12);
    g.strokeStyle = WAR_STYLE.hatch;
    g.beginPath();
    for (let x = -8; x < 44; x += 6) { g.moveTo(x, 13); g.lineTo(x + 12, 1); }
    g.save(); g.rect(4, 1, 36, 12); g.clip(); g.stroke(); g.restore();
  } else if (kind === 'city') {
    g.fillStyle = WAR_STYLE.city;
    g.strokeStyle = '#fff';
    g.fillRect(17.5, 2.5, 9, 9);
    g.strokeRect(17.5, 2.5, 9, 9);
  } else if (kind === 'railway') {
    g.lineCap = 'round';
    g.strokeStyle = WAR_STYLE.railwayBand; g.lineWidth = 9;
    g.beginPath(); g.moveTo(6, 7); g.lineTo(38, 7); g.stroke();
    g.strokeStyle = WAR_STYLE.railway; g.lineWidth = 1.8; g.stroke();
  } else {
    g.lineCap = 'round';
    g.strokeStyle = WAR_STYLE.blockade; g.lineWidth = 3; g.setLineDash([0.1, 7]);
    g.beginPath(); g.moveTo(4, 7); g.lineTo(40, 7); g.stroke();
  }
  return c;
}

/// The war on the page: `renderer.occupation` draws it; `controller.openCard` shows a held
/// city's card in the panel; `state`: {lang, t}.
export function createWar({ core, state, renderer, controller, loop }) {
  const items = () => core.war_items(state.lang);

  /// Opens the card of held item `id`; false for an unknown one.
  function openHeld(id) {
    if (!items().some((x) => x.id === id)) return false;
    controller.openCard('held', (body) => {
      const item = items().find((x) => x.id === id);
      if (item) renderHeld(body, item, state);
    });
    document.getElementById('announce').textContent = items().find((x) => x.id === id).name;
    return true;
  }

  // On a phone the key folds to one line (its heading and the four swatches) so that it does
  // not cover the map; a tap opens it. Elsewhere it starts open.
  const phone = matchMedia('(max-width: 700px)');
  let folded = null; // the visitor's choice, kept across dates and languages

  // The key's nodes, made once for its box and the screen's pixel ratio (eight swatches drawn
  // on canvases): renderLegend runs at every language applied and date set, several times at
  // the start, and then only writes the texts (issue 23: the phone's start-up tasks).
  let built = null; // {box, dpr, heading, labels, note}
  const KINDS = ['area', 'city', 'railway', 'blockade'];

  /// The legend's key to the war, shown while a month is (nothing is held over all years).
  function renderLegend() {
    const legend = document.getElementById('legend');
    let box = document.getElementById('war-legend');
    if (!box) {
      box = el('details', { id: 'war-legend', class: 'war-legend' });
      box.addEventListener('toggle', () => { folded = !box.open; });
      legend.querySelector('#modes')?.after(box);
    }
    const { t } = state;
    const dpr = window.devicePixelRatio || 1;
    if (built?.box !== box || built.dpr !== dpr) {
      const heading = el('h2');
      const labels = KINDS.map(() => el('span'));
      const note = el('p', { class: 'note' });
      box.replaceChildren(
        el('summary', {}, heading, el('span', { class: 'war-swatches' }, ...KINDS.map(swatch))),
        el('ul', { class: 'modes' }, ...KINDS.map((k, i) => el('li', {}, swatch(k), labels[i]))),
        note,
      );
      built = { box, dpr, heading, labels, note };
    }
    box.hidden = core.month() == null || !renderer.occupation.loaded;
    const write = (node, text) => { if (node.textContent !== text) node.textContent = text; };
    write(built.heading, t.warLegend);
    KINDS.forEach((k, i) => write(built.labels[i], t[`war${k[0].toUpperCase()}${k.slice(1)}`]));
    write(built.note, t.warStates);
    box.open = !(folded ?? phone.matches);
  }
  phone.addEventListener('change', () => { folded = null; renderLegend(); });

  new MutationObserver(renderLegend).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  return {
    /// After the core's war was set: the layer's paths and the legend anew.
    loaded() {
      renderer.occupation.reset();
      renderLegend();
      loop.requestRedraw();
    },
    renderLegend,
    openHeld,
    /// map.occupied(): what is drawn at the month shown, null over the whole period; `states`:
    /// the period's labels drawn in the last frame, `[{id, name, box: [x, y, w, h]}]` CSS px.
    occupied: () => {
      const o = core.occupied(state.lang);
      return o ? { ...o, states: renderer.occupation.stateLabels() } : null;
    },
  };
}
