// The details panel: a route's or an event's first layer (name, when, summary, key figure),
// then, behind "More", the legs with their lengths and notes, why it ended, the figures and the
// sources. Every data string goes in as text, never as HTML.

import { MODE_STYLE } from './render.js';
import { intlLocale } from './language.js';

/// An element with attributes (`text`: its text, never HTML; `class`) and children.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c != null) node.append(c);
  return node;
}

// An Intl formatter costs milliseconds to make (the first date formatter tens, while ICU loads
// its data), and the route list, the slider's month labels and the panel ask for one hundreds of
// times at start: each is made on first use and kept, one set per language.
const formatterSets = new Map();

export function formatters(lang) {
  if (!formatterSets.has(lang)) formatterSets.set(lang, makeFormatters(lang));
  return formatterSets.get(lang);
}

function makeFormatters(code) {
  const lang = intlLocale(code); // the language's locale for Intl (languages.json)
  const once = (make) => { let f = null; return () => (f ??= make()); };
  const num = once(() => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }));
  const month = once(() => new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  const monthLong = once(() => new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }));
  // Running figures: 1,234 tonnes, or 1.2M beyond 100,000.
  const standard = once(() => new Intl.NumberFormat(lang, { notation: 'standard', maximumFractionDigits: 0 }));
  const compact = once(() => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }));
  const toDate = (ym) => {
    const [y, m] = ym.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, 1));
  };
  return {
    km: (km, t) => `${num().format(km)} ${t.km}`,
    nm: (nm, t) => `${num().format(nm)} ${t.nm}`,
    month: (ym) => month().format(toDate(ym)),
    monthLong: (ym) => monthLong().format(toDate(ym)),
    /// A figure with its unit, named in `t` where it has a name there.
    count: (n, unit, t) => {
      const text = (n >= 1e5 ? compact() : standard()).format(n);
      return unit ? `${text} ${t[unit] ?? unit}` : text;
    },
  };
}

/// "Jan 1938 – Oct 1938, Oct 1940 – Mar 1942"
export function formatPeriods(periods, fmt) {
  return periods.map((p) => (p.from === p.to ? fmt.month(p.from) : `${fmt.month(p.from)} – ${fmt.month(p.to)}`)).join(', ');
}

export function swatch(mode) {
  const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.background = MODE_STYLE[mode].color;
  return s;
}

/// A published length beside the drawn one: "drawn 734 km · published 1,146 km (source)",
/// or "Canton–Hankow: drawn 968 km · published 1,096 km (source)" for a part of the leg; the
/// drawn length of the whole leg is given once per leg (`withDrawn`).
function published(d, t, fmt, withDrawn) {
  const len = (km, nm) => (nm != null ? fmt.nm(nm, t) : fmt.km(km, t));
  const drawn = withDrawn && d.drawnKm != null ? `${t.drawn} ${len(d.drawnKm, d.nm != null ? d.drawnKm / 1.852 : null)} · ` : '';
  const covers = d.covers ? `${d.covers}: ` : '';
  const text = `${covers}${drawn}${t.published} ${len(d.km, d.nm)} (${d.sourceTitle})${d.note ? ` ${d.note}` : ''}`;
  const s = el('small', { class: 'published', 'data-source': d.source, text });
  s.style.gridColumn = '2 / 4';
  s.style.display = 'block';
  return s;
}

/// Fills `body` with a panel in two layers: `first`, what a visitor reads standing up (name,
/// when, summary, key figure), then a "More" button that shows or hides `rest` (legs, lengths,
/// notes, sources), then `after`. `key` names what is shown ('route:burma-road'): while the
/// panel stays open on it (a new date, a new language) the second layer stays as the visitor
/// left it; a panel opened anew starts on the first.
function twoLayers(body, key, { first, rest, after = [] }, t) {
  const before = body.querySelector(':scope > .more-layer');
  const open = body.dataset.shows === key && before != null && !before.hidden && !body.closest('[hidden]');
  const layer = el('div', { class: 'more-layer', id: 'panel-more' }, ...rest.filter(Boolean));
  layer.hidden = !open;
  const button = el('button', { type: 'button', class: 'more', 'aria-controls': 'panel-more' });
  const show = (on) => {
    layer.hidden = !on;
    button.setAttribute('aria-expanded', String(on));
    button.textContent = on ? t.less : t.more;
  };
  show(open);
  button.addEventListener('click', () => show(layer.hidden));
  body.dataset.shows = key;
  body.replaceChildren(el('div', { class: 'first-layer' }, ...first.filter(Boolean)), button, layer, ...after.filter(Boolean));
}

/// The key figure (the first) in the first layer, with its source; its note is in the list
/// of figures one tap away.
function keyFigure(figures, sources) {
  const f = figures[0];
  if (!f) return null;
  const title = sources.find((s) => s.tag === f.source)?.title ?? f.source;
  return el('p', { class: 'key-figure' }, el('span', { text: f.text }), el('cite', { text: title }));
}

/// Fills the panel body for `details` (from the core); `others` are {id, name} of other
/// routes through the tapped line; `onPick(id)` selects one of them.
export function renderDetails(body, details, { t, lang, others = [], onPick }) {
  const fmt = formatters(lang);
  const length = (x) => (x.lengthNm != null ? `${fmt.km(x.lengthKm, t)} · ${fmt.nm(x.lengthNm, t)}` : fmt.km(x.lengthKm, t));
  const place = (name, modern) => (modern && modern !== name ? `${name} (${t.today}: ${modern})` : name);

  const legs = el('ol', { class: 'legs' });
  for (const leg of details.legs) {
    const li = el('li', { 'data-leg': leg.id, class: leg.active === false ? 'cut' : '' },
      swatch(leg.mode),
      el('span', { class: 'where', text: `${place(leg.from, leg.fromModern)} → ${place(leg.to, leg.toModern)}` }),
      el('span', { class: 'length', text: length(leg) }));
    li.firstChild.title = t.mode[leg.mode];
    if (leg.via) li.append(el('span', { class: 'via', text: `${t.mode[leg.mode]}: ${leg.via}` }));
    else li.append(el('span', { class: 'via', text: t.mode[leg.mode] }));
    let drawnShown = false;
    for (const d of leg.documented ?? []) {
      li.append(published(d, t, fmt, !drawnShown || d.covers != null));
      drawnShown ||= d.drawnKm != null && d.covers == null;
    }
    // How the line was drawn, and what is uncertain about it.
    if (leg.note) li.append(el('small', { class: 'leg-note', text: leg.note }));
    legs.append(li);
  }

  const first = [
    el('h2', { id: 'panel-title', text: details.name }),
    el('p', { class: 'dates', text: `${t.inUse}: ${formatPeriods(details.periods, fmt)}` }),
    details.status ? statusLine(details, t, fmt) : null,
    el('p', { class: 'summary', text: details.summary }),
    keyFigure(details.figures, details.sources),
  ];
  const rest = [
    details.periodNote ? el('p', { class: 'note', text: details.periodNote }) : null,
    el('h3', { text: t.legs }),
    legs,
    el('div', { class: 'total', 'data-total': '' }, el('span', { text: t.total }), el('span', { text: length(details) })),
    ...(details.documented ?? []).map((d) => published(d, t, fmt, true)),
    el('h3', { text: t.closed }),
    el('p', { class: 'closed', text: details.closed }),
  ];
  if (details.figures.length) rest.push(el('h3', { text: t.figures }), figureList(details.figures, details.sources));
  rest.push(el('h3', { text: t.sources }), sourceList(details.sources, t));
  const after = [];
  if (others.length) {
    after.push(el('h3', { text: t.alsoHere }), el('div', { class: 'also' }, ...others.map((o) => {
      const b = el('button', { type: 'button', 'data-route': o.id, text: o.name });
      b.addEventListener('click', () => onPick(o.id));
      return b;
    })));
  }
  twoLayers(body, `route:${details.id}`, { first, rest, after }, t);
}

/// Where the route stands at the date the slider shows, with the reason when it is cut.
function statusLine(details, t, fmt) {
  const { state, month } = details.status;
  // The reason follows in the panel: "Why it ended", or the period note for a pause.
  return el('p', { class: `status-line ${state}`, 'data-status': state, text: t.status[state](fmt.month(month)) });
}

/// "1 December 1937", or the event's own wording where the source is vague ("Early 1937").
export function formatEventDate(e, lang) {
  if (e.dateText) return e.dateText;
  const [y, m, d] = e.date.split('-').map(Number);
  const opts = d ? { day: 'numeric', month: 'long', year: 'numeric' } : m ? { month: 'long', year: 'numeric' } : { year: 'numeric' };
  return new Intl.DateTimeFormat(intlLocale(lang), { ...opts, timeZone: 'UTC' }).format(new Date(Date.UTC(y, (m || 1) - 1, d || 1)));
}

function figureList(figures, sources) {
  const title = (tag) => sources.find((s) => s.tag === tag)?.title ?? tag;
  return el('ul', { class: 'figures' }, ...figures.map((f) =>
    el('li', {}, el('span', { text: f.text }), f.note ? el('span', { class: 'note', text: ` ${f.note}` }) : null,
      el('cite', { text: title(f.source) }))));
}

/// The sources, each with its note in the panel's language, and a weak one marked so.
export function sourceList(sources, t) {
  return el('ul', { class: 'sources' }, ...sources.map((s) =>
    el('li', { 'data-source': s.tag }, el('span', { text: s.title }),
      s.weak ? el('strong', { class: 'weak', text: t.weakSource }) : null,
      s.note ? el('cite', { text: s.note }) : null)));
}

/// An event's card: what happened, when and the key figure first; the notes, the figures and
/// the sources one tap away.
export function renderEvent(body, e, { t, lang }) {
  const first = [
    el('p', { class: 'kicker', text: t.event }),
    el('h2', { id: 'panel-title', text: e.title }),
    el('p', { class: 'dates', text: formatEventDate(e, lang) }),
    el('p', { class: 'summary', text: e.text }),
    keyFigure(e.figures, e.sources),
  ];
  const rest = [
    e.note ? el('p', { class: 'note', text: e.note }) : null,
    e.placeNote ? el('p', { class: 'note', text: e.placeNote }) : null,
  ];
  if (e.figures.length) rest.push(el('h3', { text: t.figures }), figureList(e.figures, e.sources));
  rest.push(el('h3', { text: t.sources }), sourceList(e.sources, t));
  twoLayers(body, `event:${e.id}`, { first, rest }, t);
}

/// Every event in date order; `onPick(id)` opens one. Highlighted ones are marked.
export function renderEventList(body, events, { t, lang, onPick }) {
  const list = el('ol', { class: 'event-list' }, ...events.map((e) => {
    const b = el('button', { type: 'button', 'data-event': e.id, class: e.active ? 'active' : '' },
      el('span', { class: 'when', text: formatEventDate(e, lang) }), el('span', { class: 'what', text: e.title }));
    b.addEventListener('click', () => onPick(e.id));
    return el('li', {}, b);
  }));
  body.replaceChildren(el('h2', { id: 'panel-title', text: t.eventsHeading }), el('p', { class: 'note', text: t.eventsHint }), list);
}

/// A running figure: the source's total, its span, how the map spreads it, and the source.
export function renderCounter(body, c, { t, lang }) {
  const fmt = formatters(lang);
  body.replaceChildren(...[
    el('p', { class: 'kicker', text: t.figure }),
    el('h2', { id: 'panel-title', text: c.label }),
    el('p', { class: 'dates', text: `${fmt.count(c.total, c.unit, t)} · ${fmt.month(c.from)} – ${fmt.month(c.to)}` }),
    c.note ? el('p', { class: 'summary', text: c.note }) : null,
    el('h3', { text: t.sources }),
    sourceList([c.source], t),
  ].filter(Boolean));
}

/// Why a route set could not be shown: the validator's messages, one per line, as text.
export function renderLoadErrors(body, errors, t) {
  body.replaceChildren(
    el('h2', { id: 'panel-title', text: t.loadFailed }),
    el('p', { class: 'summary', text: t.loadKept }),
    el('ul', { class: 'load-errors' }, ...errors.map((e) => el('li', { text: e }))),
  );
}
