// The draw loop: one frame callback at a time, which input, resizes and playback all ask for,
// and what a frame draws from the page's state (the selection, the hovered route, the open
// event, the date's markers).

const NO_MARKERS = new Float32Array();

// Frames drawn since the page loaded and when the last one was (ms since 1970): the kiosk's
// heartbeat (heartbeat.js) reports them, so that a screen still drawing can be told from a
// frozen one. One page, one map: a module's count is the page's.
const frames = { count: 0, last: null };
export const frameStats = () => ({ ...frames });

/// `state`: {selected, hoverLegs, event}; `clock`: the timeline (advance, animating,
/// markerTime); `obstacles()`: boxes labels keep clear of; `drawn()`: told after each draw.
export function createDrawLoop({ renderer, core, state, clock, obstacles, drawn }) {
  /// Draws the map now.
  function redraw() {
    drawn();
    renderer.draw({
      selectedLegs: state.selected ? core.route_legs(state.selected) : null,
      hoverLegs: state.hoverLegs,
      legActive: core.leg_active(),
      eventStates: core.event_states(),
      eventMarks: core.event_marks(),
      markers: clock.animating() ? core.markers(clock.markerTime()) : NO_MARKERS,
      selectedEvent: state.event ? core.event_ids().indexOf(state.event) : -1,
      obstacles: obstacles(),
    });
    frames.count += 1;
    frames.last = Date.now();
  }

  let frame = 0;
  /// Draws at the next display frame; several requests before it make one draw.
  function requestRedraw() {
    if (!frame) frame = requestAnimationFrame(onFrame);
  }
  function onFrame(now) {
    frame = 0;
    clock.advance(now);
    redraw();
    if (clock.animating()) requestRedraw();
  }

  return { redraw, requestRedraw };
}
