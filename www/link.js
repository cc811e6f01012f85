// The link follows the map: the language, date, route and view go into the URL hash
// (url-state.js) as they change, and a link, Back or Forward restores them.

import { parse_month } from './pkg/supply_routes.js';
import { readHash, writeHash } from './url-state.js';

const VIEW_SETTLE_MS = 400;

export function createLink(core) {
  let restoring = false;
  let viewTimer = 0;
  let lastView = '';
  return {
    /// A reader's choice (a route, a language): its own history entry, so that Back undoes it;
    /// while a link is being restored it only replaces the current one.
    chose: (changes) => writeHash(changes, { push: !restoring }),
    /// A change that follows from others (the date while playing): replaces the current entry,
    /// and is left out while a link is being restored.
    followed: (changes) => { if (!restoring) writeHash(changes); },
    /// Sets keys of the hash as they are now, without a history entry.
    reset: (changes) => writeHash(changes),
    /// Puts the view into the link a moment after it settles (called on every frame).
    noteView() {
      const [lon, lat, zoom] = core.view();
      const text = `${lon.toFixed(3)},${lat.toFixed(3)},${zoom.toFixed(3)}`;
      if (text === lastView) return;
      lastView = text;
      clearTimeout(viewTimer);
      viewTimer = setTimeout(() => { if (!restoring) writeHash({ view: text }); }, VIEW_SETTLE_MS);
    },
    /// Runs `apply` as a link's restoring, whose changes are not written back as new choices.
    restore(apply) {
      restoring = true;
      try {
        apply();
        lastView = '';
      } finally {
        restoring = false;
      }
    },
  };
}

/// Restores what a link names, #lang=ru&date=1938-11&route=burma-road&view=103.8,36.1,4: on
/// the `initial` load, and on Back and Forward. Returns the restoring function.
export function followLink(link, core, { language, timeline, controller, state, framing, redraw }) {
  function apply(hash, { initial = false } = {}) {
    link.restore(() => {
      language.set(language.isLanguage(hash.lang) ? hash.lang : language.defaultCode);
      timeline.setDate(parse_month(hash.date ?? '') ?? null);
      const route = hash.route && core.route_ids().includes(hash.route) ? hash.route : null;
      if (route !== state.selected) controller.select(route);
      const view = (hash.view ?? '').split(',').map(Number);
      if (view.length === 3 && view.every(Number.isFinite)) core.set_view(view[0], view[1], view[2]);
      else if (route && initial) framing.route(route);
      else if (!initial && !route) framing.overview();
    });
    if (initial && hash.route && !state.selected) link.reset({ route: null });
    redraw();
  }
  window.addEventListener('popstate', () => apply(readHash()));
  return apply;
}
