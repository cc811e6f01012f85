// What the reader's gestures on the map choose: a tap opens the highlighted event under it,
// selects the route under it (listing the others there) or opens a held city's card, a hover
// lifts a route and shows a pointing cursor, Escape closes the panel. Panning and zooming are
// input.js's.

import { attachInput } from '../input.js';

/// `state`: {selected, panel, hoverLegs}, whose `hoverLegs` this sets; `embed`: from attachEmbed.
export function attachPointer(canvas, core, { state, controller, framing, loop, embed, war }) {
  attachInput(canvas, core, {
    changed: loop.requestRedraw,
    tap: (x, y) => {
      const event = core.pick_event(x, y);
      if (event) { controller.openEvent(event); return; }
      const hits = core.pick_all(x, y);
      // A held city opens its card where no route runs (a route's own city selects the route).
      const held = hits.length ? null : war?.pick(x, y);
      if (held) { war.openHeld(held); return; }
      if (hits.length || state.panel === 'route') controller.select(hits[0] ?? null, { others: hits });
      else if (state.panel) controller.closePanel();
    },
    hover: (x, y) => {
      const id = Number.isFinite(x) ? core.pick(x, y) : null;
      const event = Number.isFinite(x) ? core.pick_event(x, y) : null;
      canvas.classList.toggle('over-route', !!(id || event));
      const legs = id && id !== state.selected ? core.route_legs(id) : null;
      if (String(legs) !== String(state.hoverLegs)) { state.hoverLegs = legs; loop.requestRedraw(); }
    },
    escape: controller.dismiss,
    overview: () => { framing.overview(); loop.requestRedraw(); },
    oneFingerPans: embed.oneFingerPans,
    blocked: embed.blocked,
  });
}
