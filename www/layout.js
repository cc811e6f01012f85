// The free part of the screen: where the map can frame what it shows (no panel, legend, title,
// timeline or button over it), and the boxes the place labels keep clear of. Every rectangle
// is in canvas CSS px.

const $ = (id) => document.getElementById(id);

/// `canvas`: the map.
export function createLayout(canvas) {
  /// Screen rectangles [x, y, w, h, …] that labels must keep clear of: the cards, the map's
  /// buttons and the language buttons (the kiosk sets them apart from the title card). The
  /// core keeps labels off the events' marks itself: a place's own mark is not in the way of
  /// its name.
  function obstacles() {
    const c = canvas.getBoundingClientRect();
    const rects = [];
    for (const node of document.querySelectorAll('.card:not([hidden]), .map-controls, .languages')) {
      const r = node.getBoundingClientRect();
      if (r.width && r.height) rects.push(r.left - c.left, r.top - c.top, r.width, r.height);
    }
    return new Float64Array(rects);
  }

  /// The part of the canvas that no panel or legend covers, as [x, y, w, h].
  function freeRect() {
    const c = canvas.getBoundingClientRect();
    let [x0, y0, x1, y1] = [0, 0, c.width, c.height];
    const panel = $('panel');
    if (!panel.hidden) {
      const r = panel.getBoundingClientRect();
      if (r.top - c.top > c.height * 0.25) y1 = Math.min(y1, r.top - c.top); // bottom sheet
      else x1 = Math.min(x1, r.left - c.left);
    }
    // A card that reaches into the free part gives it up on one side of the card or another,
    // whichever leaves more of the map (the first side on a tie); `sides(box)` lists the
    // free parts [x0, y0, x1, y1] that each leaves, with the card's box in canvas px.
    const giveWay = (card, sides) => {
      const r = card.getBoundingClientRect();
      const box = { left: r.left - c.left, top: r.top - c.top, right: r.right - c.left, bottom: r.bottom - c.top };
      if (!r.width || box.left >= x1 || box.right <= x0 || box.top >= y1 || box.bottom <= y0) return;
      const area = ([fx0, fy0, fx1, fy1]) => (fx1 - fx0) * (fy1 - fy0);
      [x0, y0, x1, y1] = sides(box).reduce((best, f) => (area(f) > area(best) ? f : best));
    };
    // The legend, bottom left: beside it on a wide screen, above it on a tall one.
    giveWay($('legend'), (l) => [[l.right, y0, x1, y1], [x0, y0, x1, l.top]]);
    // On a phone the title spans the top: keep routes below it.
    const title = document.querySelector('.title-card').getBoundingClientRect();
    if (title.width > c.width / 2 && title.bottom - c.top < y1) y0 = Math.max(y0, title.bottom - c.top);
    // The timeline, bottom middle, grows with the month's events: the map above it, or beside
    // it where that leaves more (a kiosk's timeline reaching past the middle of the screen).
    giveWay($('timeline'), (t) => [[x0, y0, x1, t.top], [t.right, y0, x1, y1], [x0, y0, t.left, y1]]);
    // On a phone the map's buttons stand in the strip above the bottom sheet, over half its
    // height: frame what is shown to their left, or a route's end hides under them. (Elsewhere
    // they take a corner, which the fit's margin leaves free.)
    const buttons = document.querySelector('.map-controls').getBoundingClientRect();
    const [bl, bt, bb] = [buttons.left - c.left - 8, buttons.top - c.top, buttons.bottom - c.top];
    if (buttons.width && bl > x0 && bl < x1 && Math.min(bb, y1) - Math.max(bt, y0) > (y1 - y0) / 2) x1 = bl;
    // Where the title card still reaches into what is left (beside a side panel, with the
    // legend gone; a phone held sideways): below it, or beside it.
    giveWay(document.querySelector('.title-card'), (t) => [[x0, t.bottom, x1, y1], [t.right, y0, x1, y1]]);
    return [x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0)];
  }

  return { obstacles, freeRect };
}

// Each is watched once for the page, though a kiosk's start may be tried again.
let timelineWatched = false;
let titleWatched = false;

/// Keeps the CSS variable --timeline-h at the timeline card's height: a phone's legend stands
/// above it. Called before the first paint (the legend is drawn before the core is up).
export function watchTimelineHeight() {
  if (timelineWatched) return;
  timelineWatched = true;
  const root = document.documentElement.style;
  new ResizeObserver(() => root.setProperty('--timeline-h', `${$('timeline').offsetHeight}px`)).observe($('timeline'));
}

/// Keeps the CSS variable --title-h at the title card's height: the legend fits between the
/// title and the bottom. Called once the title card has its language buttons: until then the
/// stylesheet's default, about a full card's height, stands in, so that a legend as tall as the
/// screen allows does not move when the buttons come.
export function watchTitleHeight() {
  if (titleWatched) return;
  titleWatched = true;
  const root = document.documentElement.style;
  const title = document.querySelector('.title-card');
  const titleHeight = () => root.setProperty('--title-h', `${title.offsetHeight}px`);
  new ResizeObserver(titleHeight).observe(title);
}
