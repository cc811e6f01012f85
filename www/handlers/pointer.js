// What the reader's gestures on the map choose: a tap opens what the core finds under it (in
// its order, map/hit.rs: a highlighted event, a held city's mark, else the routes there, the
// others listed), a hover lifts a route over an open chapter's routes and shows a pointing
// cursor, Escape closes the panel. Panning and zooming are input.js's.

import { attachInput } from '../input.js';

/// `state`: {selected, panel, hoverLegs, chapterLegs}, whose `hoverLegs` this sets (an open
/// chapter's routes, `chapterLegs`, stay lifted under it); `embed`: from attachEmbed.
export function attachPointer(canvas, core, { state, controller, framing, loop, embed, war }) {
  attachInput(canvas, core, {
    changed: loop.requestRedraw,
    tap: (x, y) => {
      const [kind, ...ids] = core.pick_tap(x, y);
      if (kind === 'event') { controller.openEvent(ids[0]); return; }
      if (kind === 'held') { war?.openHeld(ids[0]); return; }
      if (ids.length || state.panel === 'route') controller.select(ids[0] ?? null, { others: ids });
      else if (state.panel) controller.closePanel();
    },
    hover: (x, y) => {
      const id = Number.isFinite(x) ? core.pick(x, y) : null;
      const event = Number.isFinite(x) ? core.pick_event(x, y) : null;
      canvas.classList.toggle('over-route', !!(id || event));
      const over = id && id !== state.selected ? [...core.route_legs(id)] : [];
      const chapter = state.selected ? [] : state.chapterLegs ?? [];
      const legs = over.length || chapter.length ? [...new Set([...chapter, ...over])] : null;
      if (String(legs) !== String(state.hoverLegs)) { state.hoverLegs = legs; loop.requestRedraw(); }
    },
    escape: controller.dismiss,
    overview: () => { framing.overview(); loop.requestRedraw(); },
    oneFingerPans: embed.oneFingerPans,
    blocked: embed.blocked,
  });
}
