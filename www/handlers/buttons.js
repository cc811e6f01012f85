// The map's buttons (zoom, overview, save as a picture), the panel's ×, and the timeline's
// Events button.

const $ = (id) => document.getElementById(id);
const ZOOM_STEP = 1.5;
const URL_LIFETIME_MS = 10_000;

/// `saveView()`: a promise of the picture's PNG blob; `date()`: the month shown, for its name.
export function attachButtons(canvas, core, { controller, framing, loop, saveView, date }) {
  const zoomBy = (f) => { core.zoom_about(f, canvas.clientWidth / 2, canvas.clientHeight / 2); loop.requestRedraw(); };
  $('zoom-in').addEventListener('click', () => zoomBy(ZOOM_STEP));
  $('zoom-out').addEventListener('click', () => zoomBy(1 / ZOOM_STEP));
  $('overview').addEventListener('click', () => { framing.overview(); loop.requestRedraw(); });
  $('panel-close').addEventListener('click', () => { controller.dismiss(); canvas.focus(); });
  $('events-button').addEventListener('click', controller.toggleEventList);
  $('export').addEventListener('click', async () => {
    const blob = await saveView();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `supply-routes-${date() ?? 'all'}.png`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), URL_LIFETIME_MS);
  });
}
