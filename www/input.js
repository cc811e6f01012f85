// Pointer, wheel and keyboard gestures → calls on the core's view, plus taps and hovers.
// One finger or the mouse drags; two fingers pinch about their midpoint; a short press
// without movement is a tap.

const TAP_SLOP_PX = 10;          // a finger wobbles: movement under this is still a tap
const TAP_MAX_MS = 600;
const GHOST_CLICK_MS = 700;      // the browser's click follows a tap well within this
const WHEEL_ZOOM_PER_PX = 0.0015;
const KEY_PAN_PX = 100;
const KEY_ZOOM = 1.5;

/// `oneFingerPans()`: whether a one-finger touch drag pans the map (false in an embedded map
/// not yet tapped, so the page scrolls instead); `blocked()` is told when a drag was refused.
export function attachInput(canvas, core, { changed, tap, hover, escape, overview, oneFingerPans = () => true, blocked = () => {} }) {
  const pointers = new Map();
  let gesture = null; // {startX, startY, startTime, moved, pinch: {dist, mx, my}}

  const local = (e) => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  function pinchState() {
    const [a, b] = [...pointers.values()];
    return { dist: Math.hypot(a[0] - b[0], a[1] - b[1]), mx: (a[0] + b[0]) / 2, my: (a[1] + b[1]) / 2 };
  }

  canvas.addEventListener('pointerdown', (e) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    canvas.setPointerCapture?.(e.pointerId);
    const p = local(e);
    pointers.set(e.pointerId, p);
    if (pointers.size === 1) {
      gesture = { startX: p[0], startY: p[1], startTime: performance.now(), moved: false, pinch: null };
    } else if (pointers.size === 2 && gesture) {
      gesture.moved = true; // two fingers are never a tap
      gesture.pinch = pinchState();
    }
  });

  canvas.addEventListener('pointermove', (e) => {
    const p = local(e);
    if (!pointers.has(e.pointerId)) {
      if (e.pointerType === 'mouse') hover(p[0], p[1]);
      return;
    }
    const prev = pointers.get(e.pointerId);
    pointers.set(e.pointerId, p);
    if (!gesture) return;
    if (pointers.size >= 2 && gesture.pinch) {
      const now = pinchState();
      if (gesture.pinch.dist > 0 && now.dist > 0) core.zoom_about(now.dist / gesture.pinch.dist, gesture.pinch.mx, gesture.pinch.my);
      core.pan(now.mx - gesture.pinch.mx, now.my - gesture.pinch.my);
      gesture.pinch = now;
      changed();
      return;
    }
    if (!gesture.moved && Math.hypot(p[0] - gesture.startX, p[1] - gesture.startY) < TAP_SLOP_PX) return;
    if (e.pointerType === 'touch' && !oneFingerPans()) {
      if (!gesture.moved) blocked();
      gesture.moved = true; // not a tap either
      return;
    }
    if (!gesture.moved) {
      gesture.moved = true;
      canvas.classList.add('dragging');
      core.pan(p[0] - gesture.startX, p[1] - gesture.startY); // catch up the slop
    } else {
      core.pan(p[0] - prev[0], p[1] - prev[1]);
    }
    changed();
  });

  function end(e, cancelled) {
    if (!pointers.has(e.pointerId)) return;
    pointers.delete(e.pointerId);
    if (pointers.size === 1 && gesture) gesture.pinch = null; // back to a one-finger drag
    if (pointers.size > 0 || !gesture) return;
    const g = gesture;
    gesture = null;
    canvas.classList.remove('dragging');
    if (!cancelled && !g.moved && performance.now() - g.startTime < TAP_MAX_MS) {
      if (e.pointerType !== 'mouse') swallowGhostClick(e.clientX, e.clientY);
      tap(g.startX, g.startY);
    }
  }

  /// A finger's tap is followed by the click the browser makes of it, aimed at what is under the
  /// finger once the tap has run: a panel the tap opened, and its "More" or "Other routes" button.
  /// That one click, near the tap and off the map, is dropped.
  function swallowGhostClick(x, y) {
    const until = performance.now() + GHOST_CLICK_MS;
    const drop = (e) => {
      document.removeEventListener('click', drop, true);
      if (performance.now() < until && e.target !== canvas && Math.hypot(e.clientX - x, e.clientY - y) < TAP_SLOP_PX * 2) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    document.addEventListener('click', drop, true);
    setTimeout(() => document.removeEventListener('click', drop, true), GHOST_CLICK_MS);
  }
  canvas.addEventListener('pointerup', (e) => end(e, false));
  canvas.addEventListener('pointercancel', (e) => end(e, true));
  canvas.addEventListener('pointerleave', (e) => { if (e.pointerType === 'mouse' && !pointers.size) hover(NaN, NaN); });

  canvas.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [x, y] = local(e);
    const px = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
    core.zoom_about(Math.exp(-px * WHEEL_ZOOM_PER_PX), x, y);
    changed();
  }, { passive: false });

  canvas.addEventListener('dblclick', (e) => {
    const [x, y] = local(e);
    core.zoom_about(2, x, y);
    changed();
  });

  // Keys act when the map or the page body has focus, not while typing in a control.
  document.addEventListener('keydown', (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') { escape(); return; }
    const onMap = e.target === canvas || e.target === document.body;
    if (!onMap) return;
    const cx = canvas.clientWidth / 2, cy = canvas.clientHeight / 2;
    const actions = {
      ArrowLeft: () => core.pan(KEY_PAN_PX, 0),
      ArrowRight: () => core.pan(-KEY_PAN_PX, 0),
      ArrowUp: () => core.pan(0, KEY_PAN_PX),
      ArrowDown: () => core.pan(0, -KEY_PAN_PX),
      '+': () => core.zoom_about(KEY_ZOOM, cx, cy),
      '=': () => core.zoom_about(KEY_ZOOM, cx, cy),
      '-': () => core.zoom_about(1 / KEY_ZOOM, cx, cy),
      '_': () => core.zoom_about(1 / KEY_ZOOM, cx, cy),
      '0': () => overview(),
    };
    const act = actions[e.key];
    if (!act) return;
    e.preventDefault();
    act();
    changed();
  });
}
