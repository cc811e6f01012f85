// Full screen, where the browser allows it (not in a frame without allow="fullscreen", nor on
// an iPhone); kiosk.css hides the button, for the kiosk's browser must stay full screen.

export function attachFullscreen(button) {
  button.hidden = !document.fullscreenEnabled;
  // A toggle: pressed while the page is full screen.
  const label = () => button.setAttribute('aria-pressed', String(Boolean(document.fullscreenElement)));
  label();
  button.addEventListener('click', () => {
    const done = document.fullscreenElement ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    done?.catch?.((e) => console.warn(`fullscreen: ${e.message ?? e}`));
  });
  document.addEventListener('fullscreenchange', label);
}
