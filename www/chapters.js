// Chapter mode (issue 21): the "Story" control opens the story in chapters (geodata/chapters.json
// through the core); each chapter sets the month, eases the map to its frame between the cards
// (a cut under prefers-reduced-motion), lifts its routes and shows its card with the title,
// the text, "3 / 11" and Previous / Next. Arrow keys, a swipe on the card and the buttons move
// between chapters; Esc or the card's close button leaves; the free map stays usable. The link
// carries #chapter=ID, and Back and Forward step through chapters as through routes.

import { readHash } from './url-state.js';
import { el, sourceList } from './panel.js';

const EASE_MS = 1000;
const SWIPE_PX = 50;

const $ = (id) => document.getElementById(id);

/// A source's title as the summary line names it: up to its first comma or stop after the
/// author, at most 40 characters.
const shortTitle = (title) => (title.length > 40 ? `${title.slice(0, 38).trimEnd()}…` : title);

const easeInOut = (t) => (t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2);

/// `layout.freeRect()`: the map's free part without the chapter card; `renderer.occupation`
/// draws a chapter's labels; `link`: the URL; `state`: {lang, t, selected, panel, hoverLegs,
/// chapterLegs}.
export function createChapters({ core, state, controller, timeline, layout, renderer, link, loop }) {
  const listeners = new Set();
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  let current = null; // the open chapter's id
  let easing = 0; // the animation frame of a transition under way

  const list = () => core.chapters(state.lang);
  const find = (id) => list().find((c) => c.id === id);

  const button = el('button', { type: 'button', id: 'story-button', class: 'chip', 'aria-pressed': 'false' });
  button.addEventListener('click', () => (current ? leave() : open(list()[0]?.id)));
  $('events-button')?.before(button);

  const card = el('section', { class: 'card chapter-card', id: 'chapter-card', hidden: '', 'aria-labelledby': 'chapter-title' });
  $('app').append(card);

  /// The free part of the map with the chapter card out of it: below a card across the top
  /// (a phone), else left of it.
  function freeRect() {
    let [x, y, w, h] = layout.freeRect();
    if (card.hidden) return [x, y, w, h];
    const c = document.getElementById('map').getBoundingClientRect();
    const r = card.getBoundingClientRect();
    const [left, top, bottom] = [r.left - c.left, r.top - c.top, r.bottom - c.top];
    if (r.width > c.width / 2) {
      if (bottom > y && top < c.height / 2) { h -= bottom - y; y = bottom; }
    } else if (left < x + w) w = Math.max(1, left - x);
    return [x, y, w, Math.max(1, h)];
  }

  function render() {
    const { t } = state;
    button.textContent = t.story;
    button.title = t.storyLabel;
    button.setAttribute('aria-pressed', String(!!current));
    const chapters = list();
    button.hidden = chapters.length === 0; // a set without chapters has no story to tell
    const i = chapters.findIndex((c) => c.id === current);
    if (i < 0) {
      card.hidden = true;
      state.chapterTitle = null;
      document.body.classList.remove('chapter-open');
      return;
    }
    const c = chapters[i];
    state.chapterTitle = c.title; // the exported picture's title
    renderer.occupation.setChapterLabels(c.labels);
    const prev = el('button', { type: 'button', class: 'chip', 'data-step': '-1', text: t.previous });
    const next = el('button', { type: 'button', class: 'chip', 'data-step': '1', text: t.next });
    prev.disabled = i === 0;
    next.disabled = i === chapters.length - 1;
    prev.addEventListener('click', () => step(-1));
    next.addEventListener('click', () => step(1));
    const close = el('button', { type: 'button', class: 'close', 'aria-label': t.leaveStory, title: t.leaveStory, text: '×' });
    close.addEventListener('click', leave);
    card.replaceChildren(
      close,
      el('p', { class: 'kicker', text: `${t.chapterHeading} ${t.chapterOf(i + 1, chapters.length)}` }),
      el('h2', { id: 'chapter-title', text: c.title }),
      el('p', { class: 'chapter-text', text: c.text }),
      sources(c, t),
      el('div', { class: 'chapter-nav' }, prev, el('span', { class: 'count', text: t.chapterOf(i + 1, chapters.length) }), next),
    );
    card.hidden = false;
    document.body.classList.add('chapter-open');
  }

  /// The chapter's sources, one line ("Sources: …", their short titles) that opens onto the
  /// list as a route's panel shows it (each with its note, weak ones marked). A new chapter
  /// starts closed; the same chapter in a new language stays as the visitor left it.
  function sources(c, t) {
    if (!c.sources.length) return null;
    const was = card.querySelector('details.chapter-sources');
    const box = el('details', { class: 'chapter-sources', 'data-chapter': c.id },
      el('summary', { text: `${t.sources}: ${c.sources.map((s) => shortTitle(s.title)).join('; ')}` }),
      sourceList(c.sources, t));
    box.open = !!was?.open && was.dataset.chapter === c.id;
    return box;
  }

  /// Eases the view to `target` [lon, lat, zoom] over about a second (a cut under reduced
  /// motion), redrawing each frame.
  function ease(target) {
    cancelAnimationFrame(easing);
    const from = core.view();
    if (reduced.matches) { core.set_view(...target); loop.redraw(); return; }
    const start = performance.now();
    const frame = (now) => {
      const k = easeInOut(Math.min(1, (now - start) / EASE_MS));
      const zoom = Math.exp(Math.log(from[2]) + (Math.log(target[2]) - Math.log(from[2])) * k);
      core.set_view(from[0] + (target[0] - from[0]) * k, from[1] + (target[1] - from[1]) * k, zoom);
      loop.redraw();
      easing = k < 1 ? requestAnimationFrame(frame) : 0;
    };
    easing = requestAnimationFrame(frame);
  }

  /// Opens chapter `id`: its month, its frame, its routes lifted, its card. False for an
  /// unknown id. `cut`: no transition (a link opened); `fromLink`: the link is not written.
  function open(id, { cut = false, fromLink = false } = {}) {
    const c = id != null && find(id);
    if (!c) return false;
    if (state.selected) controller.select(null);
    if (state.panel) controller.closePanel();
    current = id;
    render();
    timeline.setDate(c.month ?? null);
    // The chapter's routes stay lifted (a hover adds to them, handlers/pointer.js) until the
    // chapter changes or the visitor selects something.
    state.chapterLegs = c.routes.length ? [...new Set(c.routes.flatMap((r) => [...core.route_legs(r)]))] : null;
    state.hoverLegs = state.chapterLegs;
    if (!fromLink) link.chose({ chapter: id });
    // The target view: fitted once, then put back, so the transition can run from here.
    const before = core.view();
    core.fit_chapter(id, ...freeRect());
    const target = core.view();
    if (cut) loop.redraw();
    else { core.set_view(...before); ease(target); }
    $('announce').textContent = c.title;
    for (const fn of listeners) fn(id);
    return true;
  }

  function step(by) {
    const chapters = list();
    const i = chapters.findIndex((c) => c.id === current);
    if (i < 0) return false;
    const next = chapters[Math.max(0, Math.min(chapters.length - 1, i + by))];
    return next.id !== current && open(next.id);
  }

  function leave({ fromLink = false } = {}) {
    if (!current) return;
    current = null;
    cancelAnimationFrame(easing);
    state.hoverLegs = state.chapterLegs = null;
    renderer.occupation.setChapterLabels([]);
    render();
    if (!fromLink) link.chose({ chapter: null });
    loop.requestRedraw();
    for (const fn of listeners) fn(null);
  }

  // A route or event the visitor selects ends the chapter's highlight (the card stays).
  controller.on('select', (id) => {
    if (id == null || !state.chapterLegs) return;
    state.chapterLegs = null;
    state.hoverLegs = null;
    loop.requestRedraw();
  });

  document.addEventListener('keydown', (e) => {
    if (!current || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    // The slider and text fields keep their arrow keys.
    if (e.target.closest?.('input, textarea, select, [contenteditable]')) return;
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      step(e.key === 'ArrowRight' ? 1 : -1);
    } else if (e.key === 'Escape' && !state.panel) leave();
  });
  let swipe = null;
  card.addEventListener('pointerdown', (e) => { swipe = { x: e.clientX, y: e.clientY }; });
  card.addEventListener('pointerup', (e) => {
    if (!swipe) return;
    const dx = e.clientX - swipe.x, dy = e.clientY - swipe.y;
    swipe = null;
    if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > 2 * Math.abs(dy)) step(dx < 0 ? 1 : -1);
  });
  card.addEventListener('pointercancel', () => { swipe = null; });
  // Back and Forward: the chapter the link names (after link.js restored the rest).
  window.addEventListener('popstate', () => follow(readHash()));
  new MutationObserver(render).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  /// Opens the chapter a link names (or leaves chapter mode when it names none).
  function follow(hash, { initial = false } = {}) {
    link.restore(() => {
      if (hash.chapter && find(hash.chapter)) { if (hash.chapter !== current || initial) open(hash.chapter, { cut: true, fromLink: true }); } else leave({ fromLink: true });
    });
    if (initial && hash.chapter && !current) link.reset({ chapter: null });
  }

  render();
  return {
    open,
    leave,
    step,
    follow,
    freeRect,
    /// The open chapter's id, or null.
    current: () => current,
    /// map.chapters(): [{id, title, text, month, routes, events}] in the current language.
    list: () => list().map(({ id, title, text, month, routes, events }) => ({ id, title, text, month: month ?? null, routes, events })),
    on: (fn) => { listeners.add(fn); return () => listeners.delete(fn); },
    /// After the core's chapters changed (a war loaded).
    render,
  };
}
