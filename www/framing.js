// Framing: the page moves the view by itself to show every route or one route in the free
// part of the map (layout.js), and frames it again when that part changes size.

/// The view the page framed by itself (the overview, a route), kept while the reader leaves
/// the view alone: when the free part of the map changes size (a phone turned, a window
/// resized, the legend grown by the web fonts), the same thing is framed again.
/// `freeRect()`: the part of the canvas to frame in.
export function createFraming(core, freeRect) {
  let framed = null; // {fit, view}
  const fitAll = () => core.fit_all(...freeRect());
  /// Runs `fit` (a core call that moves the view) and remembers it; returns what it returned.
  function frame(fit) {
    const ok = fit();
    if (ok !== false) framed = { fit, view: core.view().join() };
    return ok;
  }
  return {
    frame,
    /// Every route in the free part; the page opens on it, and ⤢ and the 0 key return to it.
    overview: () => frame(fitAll),
    /// One route in the free part; false for an unknown id.
    route: (id) => frame(() => core.fit_route(id, ...freeRect())),
    /// Frames the overview without remembering it (the first view, before a link moves it).
    fitAll,
    /// The view shown now is the overview the page chose.
    keepOverview() { framed = { fit: fitAll, view: core.view().join() }; },
    /// Frames again what was framed, unless the reader has moved the map since.
    reframe() {
      if (framed && core.view().join() === framed.view) frame(framed.fit);
    },
  };
}
