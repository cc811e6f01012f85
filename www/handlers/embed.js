// Embedded in a page (an iframe, or ?embed): one finger scrolls the page until the map is
// tapped, and a hint says so; leaving the frame gives the page its scrolling back.

const HINT_MS = 1800;

/// Returns what input.js asks: whether one finger pans now, and what to do when it may not.
export function attachEmbed(canvas) {
  const embedded = window.self !== window.top || new URLSearchParams(location.search).has('embed');
  document.body.classList.toggle('embedded', embedded);
  canvas.addEventListener('pointerup', () => { if (embedded) document.body.classList.add('map-active'); });
  window.addEventListener('blur', () => document.body.classList.remove('map-active'));
  let hintTimer = 0;
  return {
    oneFingerPans: () => !embedded || document.body.classList.contains('map-active'),
    blocked() {
      const hint = document.getElementById('activate-hint');
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(() => { hint.hidden = true; }, HINT_MS);
    },
  };
}
