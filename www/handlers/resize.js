// The map follows its canvas's size, the screen's pixel ratio and the web fonts' arrival: the
// core's viewport is resized, the chosen framing kept.

/// `framing`: what to frame again.
export function attachResize(canvas, core, { framing, loop }) {
  new ResizeObserver(() => {
    core.resize(canvas.clientWidth, canvas.clientHeight);
    framing.reframe();
    loop.requestRedraw();
  }).observe(canvas);
  matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`).addEventListener?.('change', loop.requestRedraw);
  // The first framing comes before the web fonts arrive, which resize the legend beside it.
  // (The labels are measured again once their fonts are in by language.js, which asks for them.)
  document.fonts?.ready.then(() => {
    framing.reframe();
    loop.requestRedraw();
  });
}
