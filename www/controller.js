// The controller: what the reader has chosen and what the panel shows for it (a route, an
// event, the events list, a running figure, a route set's errors), and who is told when the
// selection or the date changes. Its state lives in `state` (main.js), which the draw loop
// and the other modules read.

import { renderDetails, renderEvent, renderEventList, renderCounter, renderLoadErrors } from './panel.js';

const $ = (id) => document.getElementById(id);

/// `state`: {lang, t, selected, others, event, panel, counter, loadErrors}; `freeRect()`: where
/// an event is brought into view; `link`: the URL hash; `loop`: redraws; `timeline`: the date.
export function createController({ core, state, canvas, freeRect, link, loop, timeline }) {
  const listeners = { select: new Set(), date: new Set() };
  const emit = (event, value) => { for (const fn of listeners[event]) fn(value); };
  const routeName = (id) => core.routes(state.lang).find((r) => r.id === id)?.name ?? id;
  const findEvent = (id) => core.events(state.lang).find((e) => e.id === id);
  let card = null; // {panel, render(body)}: a card another module fills (war.js: a held city)

  /// Fills the panel for what it shows now.
  function renderPanel() {
    const body = $('panel-body');
    const { t, lang } = state;
    if (state.panel === 'route') {
      const others = state.others.filter((id) => id !== state.selected).map((id) => ({ id, name: routeName(id) }));
      renderDetails(body, core.details(state.selected, lang), { t, lang, others, onPick: (id) => select(id, { others: state.others }) });
    } else if (state.panel === 'event') {
      renderEvent(body, findEvent(state.event), { t, lang });
    } else if (state.panel === 'events') {
      renderEventList(body, core.events(lang), { t, lang, onPick: (id) => openEvent(id, { moveDate: true }) });
    } else if (card && state.panel === card.panel) {
      card.render(body);
    } else if (state.panel === 'errors') {
      renderLoadErrors(body, state.loadErrors, t);
    } else if (state.panel === 'counter') {
      const at = core.month_index() + 1;
      const c = core.counters(lang, Number.isFinite(at) ? at : 0).find((x) => x.id === state.counter);
      renderCounter(body, c, { t, lang });
    }
  }

  let focusBeforePanel = null;
  /// Shows the panel for `panel` ('route', 'event', 'events', 'errors', 'counter').
  function openPanel(panel) {
    state.panel = panel;
    const box = $('panel');
    renderPanel();
    const wasHidden = box.hidden;
    if (wasHidden && !box.contains(document.activeElement)) focusBeforePanel = document.activeElement;
    box.hidden = false;
    document.body.classList.add('panel-open');
    box.scrollTop = 0;
    if (wasHidden) box.focus({ preventScroll: true });
  }

  function closePanel() {
    const box = $('panel');
    const hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    document.body.classList.remove('panel-open');
    state.panel = null;
    // Focus goes back where it was before the panel opened (the route's button, say).
    if (hadFocus) (focusBeforePanel?.isConnected ? focusBeforePanel : canvas).focus({ preventScroll: true });
    focusBeforePanel = null;
    if (state.event) { state.event = null; loop.requestRedraw(); }
  }

  /// Closes what the panel shows: a route is deselected, anything else closed.
  function dismiss() {
    if (state.panel === 'route') select(null);
    else closePanel();
  }

  /// Selects a route by id (null clears). Returns false for an unknown id.
  function select(id, { others = [] } = {}) {
    if (id != null && !core.route_ids().includes(id)) return false;
    const changed = id !== state.selected;
    core.select(id ?? undefined);
    state.selected = id ?? null;
    state.others = id ? others : [];
    if (id) { state.event = null; openPanel('route'); } else if (state.panel === 'route') closePanel();
    link.chose({ route: state.selected });
    if (changed) {
      $('announce').textContent = id ? state.t.selected(routeName(id)) : state.t.cleared;
      emit('select', state.selected);
    }
    loop.redraw();
    return true;
  }

  /// Opens an event's card; from the list, `moveDate` also moves the slider to its month.
  function openEvent(id, { moveDate = false } = {}) {
    const event = findEvent(id);
    if (!event) return false;
    if (state.selected) select(null);
    if (moveDate && !event.active) timeline.setDate(event.month);
    state.event = id;
    openPanel('event');
    core.reveal_event(id, ...freeRect());
    $('announce').textContent = event.title;
    loop.requestRedraw();
    return true;
  }

  /// Opens a panel that shows no route and no single event: the events list, a figure.
  function openOther(panel) {
    if (state.selected) select(null);
    state.event = null;
    openPanel(panel);
    loop.requestRedraw();
  }

  return {
    routeName,
    renderPanel,
    closePanel,
    dismiss,
    select,
    openEvent,
    openEventList: () => openOther('events'),
    /// Opens a card that `render(body)` fills in the current language (again on a switch).
    openCard(panel, render) {
      card = { panel, render };
      openOther(panel);
    },
    toggleEventList: () => (state.panel === 'events' ? closePanel() : openOther('events')),
    openCounter(id) {
      state.counter = id;
      openOther('counter');
    },
    /// The slider moved: the link, the panel (where a route stands, which events are lit) and
    /// the listeners follow.
    dateChanged(month) {
      link.followed({ date: month });
      if (state.panel === 'route' || state.panel === 'events' || state.panel === 'counter') renderPanel();
      emit('date', month);
    },
    /// A route set could not be read: its errors in the panel, the map as it was.
    showLoadErrors(errors) {
      if (state.selected) select(null);
      state.event = null;
      state.loadErrors = errors;
      openPanel('errors');
    },
    /// A new route set is shown: nothing is chosen in it yet.
    clear() {
      if (state.panel) closePanel();
      state.selected = null;
      state.event = null;
    },
    emit,
    /// map.on(): `event` is 'select' or 'date'; returns the unsubscribe function.
    on(event, fn) {
      if (!listeners[event]) throw new Error(`unknown event ${event}`);
      listeners[event].add(fn);
      return () => listeners[event].delete(fn);
    },
  };
}
