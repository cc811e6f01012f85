// The page's language: the languages offered and every text of the interface come from the data
// (geodata/languages.json and geodata/interface/<code>.json); this module reads them, fills in
// the interface strings, the language buttons, the legend, the timeline, the panel and the
// canvas labels, and switches them in place, keeping the selection, the view and the date.
//
// A language's interface file is fetched when it is first chosen, never before: an English page
// asks for the declaration and the first language's file only. The first language declared is
// the one every other falls back to, key by key.

import { fontFaces, canvasFonts } from './fonts.js';

const $ = (id) => document.getElementById(id);

// Named beside this module, so that the build gives it its content-hashed name; the build also
// writes each language's content-hashed interface file into it (`interface`, below).
const DECLARATION = new URL('data/languages.json', import.meta.url);

let declaration = null; // Promise<{text, list}>
let locales = new Map(); // code -> the locale Intl and the document are given
const files = new Map(); // URL -> Promise<{key: text}>
let current = null; // the interface strings last applied
let first = null; // the code of the language every other falls back to, once known
const listeners = [];

/// The languages declared, `{text, list: [{code, name, dir, fonts, locale?}]}` (the text for the
/// core), read once.
export function readLanguages() {
  declaration ??= fetch(DECLARATION).then(async (res) => {
    if (!res.ok) throw new Error(`languages.json: HTTP ${res.status}`);
    const text = await res.text();
    const list = JSON.parse(text);
    if (!Array.isArray(list) || !list.length || !list.every((l) => typeof l?.code === 'string')) {
      throw new Error('languages.json: expected a non-empty list of {code, name, dir}');
    }
    locales = new Map(list.map((l) => [l.code, l.locale ?? l.code]));
    return { text, list };
  });
  return declaration;
}

/// The locale for `Intl` and the document's lang of the language `code` (its `locale` in
/// languages.json, else the code itself).
export const intlLocale = (code) => locales.get(code) ?? code;

/// `{name}` in a template, filled from `values`; an unknown name stays as written.
const PLACEHOLDER = /\{(\w+)\}/g;
export const fillIn = (template, values) =>
  template.replace(PLACEHOLDER, (all, name) => (Object.hasOwn(values, name) ? String(values[name]) : all));

/// One language's interface file, `{key: text}`, fetched once: from `base`'s interface/ folder
/// (a set map.load() read from a folder), else the shipped one.
function interfaceFile(entry, base = DECLARATION) {
  const fetchOnce = (url) => {
    if (!files.has(url.href)) {
      files.set(url.href, fetch(url).then((res) => {
        if (!res.ok) throw new Error(`interface/${entry.code}.json: HTTP ${res.status}`);
        return res.json();
      }));
    }
    return files.get(url.href);
  };
  const shipped = () => fetchOnce(new URL(entry.interface ?? `interface/${entry.code}.json`, DECLARATION));
  if (base === DECLARATION) return shipped();
  return fetchOnce(new URL(`interface/${entry.code}.json`, base)).catch(shipped);
}

/// The strings the page's modules read, `t.key`, from the flat file `texts` with the first
/// language's `fallback` for any key missing or empty in it. Dotted keys nest (`mode.sea` is
/// `t.mode.sea`); a text with placeholders is a function of them, in the order the fallback
/// names them (`"selected": "{name} selected"` is `t.selected(name)`).
export function interfaceStrings(texts, fallback) {
  const t = {};
  for (const [key, english] of Object.entries(fallback)) {
    const own = texts?.[key];
    const text = typeof own === 'string' && own.trim() ? own : english;
    const names = [...new Set([...english.matchAll(PLACEHOLDER)].map((m) => m[1]))];
    const value = names.length ? (...args) => fillIn(text, Object.fromEntries(names.map((n, i) => [n, args[i]]))) : text;
    const path = key.split('.');
    let node = t;
    for (const p of path.slice(0, -1)) node = node[p] ??= {};
    node[path[path.length - 1]] = value;
  }
  return t;
}

/// The interface strings of `code` (one of `list`), the first language's filling any gap; a
/// language whose file cannot be read shows the first language's (logged). `base`: the folder
/// of a set map.load() read, whose interface/ files come before the shipped ones.
export async function loadStrings(list, code, base) {
  const first = list[0];
  const entry = list.find((l) => l.code === code) ?? first;
  const fallback = await interfaceFile(first, base);
  if (entry === first) return interfaceStrings(fallback, fallback);
  const own = await interfaceFile(entry, base).catch((e) => {
    console.warn(`language: ${e.message ?? e}`);
    return {};
  });
  return interfaceStrings(own, fallback);
}

/// The interface strings last applied (null before the first); `onStrings(fn)` calls `fn(t)` as
/// each set is applied (the kiosk's own texts follow).
export const currentStrings = () => current;
/// The code of the first language declared (the set's, once the page is up), or null before.
export const firstLanguage = () => first;
export const onStrings = (fn) => listeners.push(fn);

/// Fills every element marked data-text="key" with its string in `t`, and the page's title and
/// meta description.
export function applyStaticText(t) {
  current = t;
  for (const fn of listeners) fn(t);
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t[node.dataset.text];
  document.title = `${t.title}: ${t.subtitle}`;
  document.querySelector('meta[name="description"]')?.setAttribute('content', t.description);
}

// Whether the faces the canvas's labels of `text` are drawn in are all loaded (fonts.js's
// canvasFonts asks for them): a Chinese text's are added to the page only when asked for.
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const labelFontsIn = (text) => !!document.fonts && !CJK.test(text) &&
  ['400', '700'].every((w) => document.fonts.check(`${w} 16px 'Noto Sans'`, text));

// The map's buttons, labelled for screen readers and as tooltips: [element id, string key].
const BUTTON_LABELS = [['zoom-in', 'zoomIn'], ['zoom-out', 'zoomOut'], ['overview', 'overview'],
  ['panel-close', 'close'], ['export', 'exportPng'], ['fullscreen', 'fullscreen']];

/// `languages`: the declaration's list, each named in its own script; `state`: {lang, t, panel},
/// whose `lang` and `t` this module sets (`t` holding the strings of `state.lang` once read).
export function createLanguage({ languages, core, state, canvas, renderer, legend, timeline, controller, link, loop }) {
  const isLanguage = (code) => languages.some((l) => l.code === code);
  const entryOf = (code) => languages.find((l) => l.code === code) ?? languages[0];
  let loaded = new Map([[state.lang, state.t]]); // code -> strings
  let base; // the folder of a set map.load() read (its interface/ files), else the shipped ones
  first = languages[0].code;

  function renderButtons() {
    const box = $('languages');
    box.setAttribute('aria-label', state.t.language);
    box.replaceChildren(...languages.map(({ code, name }) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'lang';
      b.lang = intlLocale(code);
      b.dataset.lang = code;
      b.textContent = name;
      b.setAttribute('aria-pressed', String(code === state.lang));
      b.addEventListener('click', () => set(code));
      return b;
    }));
  }

  /// Writes every text in `state.lang`: the interface in its strings if they are in, else in
  /// the first language's until they are (set() applies again then). `between`, if given, is
  /// awaited between its four parts (the start-up gives each a task of its own: together they
  /// blocked a phone's input for over 50 ms); without it apply() is synchronous.
  function apply(between) {
    const entry = entryOf(state.lang);
    const t = loaded.get(state.lang) ?? loaded.get(languages[0].code) ?? state.t;
    state.t = t;
    current = t;
    // Written even when unchanged: war.js, chapters.js and kiosk.js redraw their texts on this
    // mutation of `lang`, for a language's own strings coming after its first apply.
    document.documentElement.lang = intlLocale(entry.code);
    document.documentElement.dataset.language = entry.code;
    document.documentElement.dir = entry.dir ?? 'ltr';
    fontFaces(entry.fonts ?? []);
    applyStaticText(t);
    canvas.setAttribute('aria-label', t.mapLabel);
    for (const [id, key] of BUTTON_LABELS) {
      $(id).setAttribute('aria-label', t[key]);
      $(id).title = t[key];
    }
    renderButtons();
    const labels = () => {
      const places = core.places(state.lang);
      const text = places.map((p) => p.name).join('');
      const fontsIn = labelFontsIn(text);
      renderer.setPlaces(places);
      // Once the labels' fonts are in, measure and draw them again (unless they were in
      // already), so that no label keeps a stand-in font or a size measured in one.
      canvasFonts(text).then(() => {
        if (fontsIn) return;
        renderer.setPlaces(core.places(state.lang));
        loop.requestRedraw();
      });
    };
    const lists = () => legend.render();
    const rest = () => {
      timeline.setLanguage(t, state.lang);
      if (state.panel) controller.renderPanel();
    };
    if (!between) { labels(); lists(); rest(); return undefined; }
    return between().then(labels).then(between).then(lists).then(between).then(rest);
  }

  /// Switches to `code` at once (the data's texts, and the interface's once its file is in);
  /// false for a language not offered.
  function set(code) {
    if (!isLanguage(code)) return false;
    if (code !== state.lang) {
      state.lang = code;
      apply();
      loop.redraw();
      fetchStrings(code);
    }
    link.chose({ lang: code === languages[0].code ? null : code });
    return true;
  }

  /// Reads `code`'s interface strings if they are not in, and applies them if it is still shown.
  function fetchStrings(code) {
    if (loaded.has(code)) return;
    const from = loaded;
    loadStrings(languages, code, base).then((t) => {
      if (from !== loaded) return; // another set's languages came meanwhile
      loaded.set(code, t);
      if (state.lang === code) {
        apply();
        loop.redraw();
      }
    }, (e) => console.warn(`language: ${e.message ?? e}`));
  }

  /// A new set's languages (`list`, from the core) and the folder it was read from (undefined:
  /// the shipped interface files, else read again from there: a preview's edits show): the
  /// buttons and strings follow, the language shown stays if the set has it, else its first.
  function setLanguages(list, folder) {
    if (Array.isArray(list) && list.length) {
      languages = list;
      for (const l of list) locales.set(l.code, l.locale ?? l.code);
    }
    base = folder ? new URL(folder, location.href) : undefined;
    if (base) for (const url of [...files.keys()]) if (url.startsWith(base.href)) files.delete(url);
    loaded = new Map(); // the strings shown stand in until the set's are read
    if (!isLanguage(state.lang)) state.lang = languages[0].code;
    api.defaultCode = languages[0].code;
    first = languages[0].code;
    apply();
    fetchStrings(state.lang);
  }

  const api = { isLanguage, apply, set, setLanguages, defaultCode: languages[0].code };
  return api;
}
