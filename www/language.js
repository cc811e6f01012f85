// The page's language: every text of the interface (strings.js), the language buttons, the
// legend, the timeline, the panel and the canvas labels, switched in place, keeping the
// selection, the view and the date.

import { strings, DEFAULT_LANGUAGE } from './strings.js';
import { chineseFonts, canvasFonts } from './fonts.js';

const $ = (id) => document.getElementById(id);

// The map's buttons, labelled for screen readers and as tooltips: [element id, string key].
const BUTTON_LABELS = [['zoom-in', 'zoomIn'], ['zoom-out', 'zoomOut'], ['overview', 'overview'],
  ['panel-close', 'close'], ['export', 'exportPng'], ['fullscreen', 'fullscreen']];

/// Fills every element marked data-text="key" with its string in `t`, and the page's title and
/// meta description.
export function applyStaticText(t) {
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t[node.dataset.text];
  document.title = `${t.title}: ${t.subtitle}`;
  document.querySelector('meta[name="description"]')?.setAttribute('content', t.description);
}

/// `languages`: [{code, name, dir}] offered, each named in its own script; `state`: {lang, t,
/// panel}, whose `lang` and `t` this module sets.
export function createLanguage({ languages, core, state, canvas, renderer, legend, timeline, controller, link, loop }) {
  const isLanguage = (code) => languages.some((l) => l.code === code);

  function renderButtons() {
    const box = $('languages');
    box.setAttribute('aria-label', state.t.language);
    box.replaceChildren(...languages.map(({ code, name }) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'lang';
      b.lang = code;
      b.dataset.lang = code;
      b.textContent = name;
      b.setAttribute('aria-pressed', String(code === state.lang));
      b.addEventListener('click', () => set(code));
      return b;
    }));
  }

  /// Writes every text in `state.lang`.
  function apply() {
    const t = strings(state.lang);
    state.t = t;
    document.documentElement.lang = state.lang === 'zh' ? 'zh-Hans' : state.lang;
    document.documentElement.dir = languages.find((l) => l.code === state.lang).dir;
    applyStaticText(t);
    canvas.setAttribute('aria-label', t.mapLabel);
    for (const [id, key] of BUTTON_LABELS) {
      $(id).setAttribute('aria-label', t[key]);
      $(id).title = t[key];
    }
    renderButtons();
    if (state.lang === 'zh') chineseFonts();
    const places = core.places(state.lang);
    renderer.setPlaces(places);
    // Once the labels' fonts are in, measure and draw them again, so that no label keeps a
    // stand-in font or a size measured in one.
    canvasFonts(places.map((p) => p.name).join('')).then(() => {
      renderer.setPlaces(core.places(state.lang));
      loop.requestRedraw();
    });
    legend.render();
    timeline.setLanguage(t, state.lang);
    if (state.panel) controller.renderPanel();
  }

  /// Switches to `code`; false for a language not offered.
  function set(code) {
    if (!isLanguage(code)) return false;
    if (code !== state.lang) {
      state.lang = code;
      apply();
      loop.redraw();
    }
    link.chose({ lang: code === DEFAULT_LANGUAGE ? null : code });
    return true;
  }

  return { isLanguage, apply, set };
}
