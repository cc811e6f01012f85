// Kiosk mode: the map as an unattended museum exhibit. main.js imports this module only with
// ?kiosk in the URL or "kiosk": true in kiosk.json, and calls startKiosk(settings). Everything
// here goes through the public API (window.supplyRoutes, README "JavaScript API"), plus the
// page's own overview (⤢) and × buttons' ids; the settings are documented in README ("Running it on a kiosk").
//
//   - guards: no context menu, no text selection, no page zoom or overscroll (kiosk.css);
//   - touch targets of `targetMm` mm at `pxPerMm` CSS px per mm, never below 48 CSS px;
//   - idle → "Still there?" countdown → reset → attract loop telling the story's chapters (or
//     touring the routes, in a set without chapters); a touch stops it;
//   - a QR code of the current view's deep link whenever a route is selected or a chapter open
//     (built by the core);
//   - never a dead screen: a failed start or frame shows a message, retries, then reloads;
//   - a fresh page once a day (`refreshHours`), at an idle reset, when its server answers;
//   - where kiosk.json turns them on, visit statistics (visit-stats.js) and a heartbeat
//     (heartbeat.js) to the server's /api/.

import { qr_matrix } from './pkg/supply_routes.js';
import { currentStrings, onStrings, firstLanguage } from './language.js';
import { createRecorder, createOutbox } from './visit-stats.js';
import { startHeartbeat } from './heartbeat.js';

export const DEFAULTS = {
  kiosk: false,
  idleSeconds: 90,
  countdownSeconds: 20,
  pxPerMm: 3.78,          // CSS px per mm on the kiosk's screen (96 dpi); measure it: README
  targetMm: 20,
  qrMm: 40,
  qrBaseUrl: '',          // '' = this page's own address
  attract: { startSeconds: 3, routeSeconds: 9, playSeconds: 40 },
  recovery: { retrySeconds: [2, 5, 10], maxReloadDelaySeconds: 60 },
  // The browser's own caches (fonts, glyph shapes, compiled code) grow a little with use over
  // thousands of interactions (docs/robustness.md, "Long run"): a page that has run this long
  // is reloaded at its next idle reset, and starts the attract loop at once. 0 turns it off.
  refreshHours: 24,
  // What the kiosk tells its server (README, "Visit statistics" and "Health"): never unless
  // turned on here, and never on the web page.
  statistics: false,
  health: false,
  reporting: { batchSeconds: 30, batchEvents: 100, bufferEvents: 5000, maxRetrySeconds: 300, heartbeatSeconds: 60, build: '' },
};

const MIN_TARGET_PX = 48;
const TICK_MS = 200;
const RELOADS_KEY = 'supplyRoutes.kioskReloads';
const REFRESHED_KEY = 'supplyRoutes.kioskRefreshed';

/// The settings: DEFAULTS, then kiosk.json, then idle= and countdown= (seconds) and refresh=
/// (hours) from the URL.
export function settings(fromFile = {}, search = location.search) {
  const s = { ...DEFAULTS, ...fromFile,
    attract: { ...DEFAULTS.attract, ...fromFile.attract },
    recovery: { ...DEFAULTS.recovery, ...fromFile.recovery },
    reporting: { ...DEFAULTS.reporting, ...fromFile.reporting } };
  const query = new URLSearchParams(search);
  for (const [param, key] of [['idle', 'idleSeconds'], ['countdown', 'countdownSeconds'], ['refresh', 'refreshHours']]) {
    const v = Number(query.get(param));
    if (query.has(param) && Number.isFinite(v) && v > 0) s[key] = v;
  }
  return s;
}

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

/// Starts kiosk mode. Returns `{ bootFailed(error, retry) }` for main.js's start-up error path.
export function startKiosk(fromFile) {
  const cfg = settings(fromFile);
  // The interface strings of the page's language (language.js), once read; none before.
  let t = currentStrings() ?? {};
  const app = document.getElementById('app') ?? document.body;
  document.documentElement.classList.add('kiosk');
  document.body.classList.add('kiosk');
  const target = Math.max(MIN_TARGET_PX, Math.round(cfg.targetMm * cfg.pxPerMm));
  document.documentElement.style.setProperty('--kiosk-target', `${target}px`);
  const cssLoaded = new Promise((resolve) => {
    const link = el('link', { rel: 'stylesheet', href: new URL('kiosk.css', import.meta.url).href });
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve);
    document.head.append(link);
  });

  installGuards();

  // The visit recorder, where kiosk.json turns statistics on; the hooks below call it.
  const stats = cfg.statistics ? createRecorder({ outbox: createOutbox(cfg.reporting) }) : null;
  // Errors and recoveries since the page loaded, for the heartbeat; each also a visit event.
  const counts = { errors: 0, recoveries: 0 };
  const failed = (code) => { counts.errors += 1; stats?.error(code); };
  const recovered = (code) => { counts.recoveries += 1; stats?.recovery(code); };

  // --- the overlays: countdown, attract caption, QR card, recovery message
  const countSeconds = el('strong');
  const countdownText = el('p', { className: 'kiosk-countdown-text' });
  const stay = el('button', { type: 'button', className: 'kiosk-stay' });
  const countdownTitle = el('h2', { id: 'kiosk-countdown-title' });
  const countdown = el('div', { id: 'kiosk-countdown', className: 'kiosk-overlay', hidden: true },
    el('div', { className: 'card kiosk-dialog' }, countdownTitle, countdownText, stay));
  countdown.setAttribute('role', 'alertdialog');
  countdown.setAttribute('aria-labelledby', 'kiosk-countdown-title');
  const captionTitle = el('h2');
  const captionText = el('p');
  const captionHint = el('p', { className: 'kiosk-hint' });
  const caption = el('div', { id: 'kiosk-caption', className: 'card kiosk-caption', hidden: true }, captionTitle, captionText, captionHint);
  caption.setAttribute('aria-live', 'polite');
  const qrCanvas = el('canvas', { id: 'kiosk-qr-code' });
  qrCanvas.setAttribute('role', 'img');
  const qrText = el('p');
  const qrCard = el('aside', { id: 'kiosk-qr', className: 'card kiosk-qr', hidden: true }, qrCanvas, qrText);
  const alertText = el('p');
  const alertWait = el('p', { className: 'kiosk-wait' });
  const alert = el('div', { id: 'kiosk-alert', className: 'kiosk-overlay', hidden: true },
    el('div', { className: 'card kiosk-dialog' }, alertText, alertWait));
  alert.setAttribute('role', 'alert');
  app.append(caption, qrCard, countdown, alert);
  // kiosk.css fits the legend under the title card and the panel above the QR card.
  new ResizeObserver(() => document.documentElement.style.setProperty('--qr-h', `${qrCard.offsetHeight}px`)).observe(qrCard);
  const title = document.querySelector('.title-card');
  if (title) new ResizeObserver(() => document.documentElement.style.setProperty('--title-h', `${title.offsetHeight}px`)).observe(title);

  function applyText() {
    countdownTitle.textContent = t.kioskStillThere;
    stay.textContent = t.kioskStay;
    captionHint.textContent = t.kioskTouchToExplore;
    qrText.textContent = t.kioskTakeHome;
    qrCanvas.setAttribute('aria-label', t.kioskTakeHome);
    alertText.textContent = t.kioskProblem ?? '⚠';
  }
  applyText();
  onStrings((strings) => { t = strings; applyText(); });

  // --- never a dead screen
  let failures = 0;
  let recovering = 0;
  const reloads = Number(sessionStorage.getItem(RELOADS_KEY)) || 0;
  const delays = cfg.recovery.retrySeconds;

  function showProblem(seconds) {
    alert.hidden = false;
    let left = Math.ceil(seconds);
    const wait = () => t.kioskRetryIn?.(left) ?? `${left} s`;
    alertWait.textContent = wait();
    clearInterval(recovering);
    recovering = setInterval(() => { left = Math.max(0, left - 1); alertWait.textContent = wait(); }, 1000);
  }

  function hideProblem() {
    clearInterval(recovering);
    alert.hidden = true;
  }

  function reload() {
    sessionStorage.setItem(RELOADS_KEY, String(reloads + 1));
    location.reload();
  }

  /// The next wait: the configured back-off, longer after each reload that did not help.
  function nextDelay() {
    if (failures >= delays.length) return null;
    return Math.min(delays[failures] * 2 ** Math.min(reloads, 5), cfg.recovery.maxReloadDelaySeconds);
  }

  function bootFailed(error, retry) {
    console.error('kiosk: the map did not start; retrying', error);
    const wait = nextDelay() ?? Math.min(delays.at(-1) * 2 ** reloads, cfg.recovery.maxReloadDelaySeconds);
    const last = failures >= delays.length;
    failures += 1;
    failed('boot-failed');
    showProblem(wait);
    setTimeout(() => { if (last) reload(); else { alert.hidden = true; retry(); } }, wait * 1000);
  }

  // A frame or handler that throws after the start: a wasm trap leaves the core unusable, so
  // reload; anything else, redraw after a pause, and reload if that keeps failing.
  function frameFailed(error) {
    if (!map || !alert.hidden) return;
    console.error('kiosk: a frame failed; recovering', error);
    const trap = error instanceof WebAssembly.RuntimeError;
    const wait = nextDelay();
    failures += 1;
    failed(trap ? 'wasm-trap' : 'frame-failed');
    showProblem(wait ?? delays[0]);
    setTimeout(() => {
      if (trap || wait == null) { reload(); return; }
      try {
        map.redraw();
        if (map.playing()) { map.pause(); map.play(); }
        hideProblem();
        recovered('redraw');
        setTimeout(() => { if (alert.hidden) failures = 0; }, 30_000);
      } catch (e) {
        hideProblem();
        frameFailed(e);
      }
    }, (wait ?? delays[0]) * 1000);
  }
  addEventListener('error', (e) => frameFailed(e.error ?? e.message));
  addEventListener('unhandledrejection', (e) => frameFailed(e.reason));

  // --- idle lifecycle
  let map = null;
  let phase = 'active';           // 'active' | 'countdown' | 'attract'
  let lastActivity = performance.now();
  let countdownStart = 0;
  let attractTimer = 0;
  let attractPlaying = false;

  function activity(e) {
    if (!e.isTrusted) return;
    if (e.type === 'pointermove' && e.pointerType === 'mouse' && !e.buttons) return;
    lastActivity = performance.now();
    if (phase === 'countdown') {
      // The touch is for the dialog only: it keeps the visitor's map as it was.
      stats?.answered(true);
      hideCountdown();
      if (e.type === 'pointerdown' || e.type === 'keydown') e.preventDefault();
    } else if (phase === 'attract') {
      stopAttract();
    }
    stats?.touch();
  }
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']) {
    addEventListener(type, activity, { capture: true, passive: type !== 'pointerdown' && type !== 'keydown' });
  }

  function showCountdown() {
    phase = 'countdown';
    countdownStart = performance.now();
    updateCountdown();
    countdown.hidden = false;
    document.body.classList.add('kiosk-countdown');
    stats?.countdown();
  }

  function updateCountdown() {
    const left = Math.max(0, Math.ceil(cfg.countdownSeconds - (performance.now() - countdownStart) / 1000));
    if (countSeconds.textContent !== String(left)) {
      countSeconds.textContent = String(left);
      const [before, after] = t.kioskCountdown('\u0000').split('\u0000');
      countdownText.replaceChildren(before, countSeconds, after ?? '');
    }
  }

  function hideCountdown() {
    phase = 'active';
    countdown.hidden = true;
    document.body.classList.remove('kiosk-countdown');
  }

  /// Back to how the page opens: no panel, the overview, the whole period, the default language.
  function reset() {
    map.pause();
    map.leaveChapter?.();
    map.select(null);
    const panel = document.getElementById('panel');
    if (panel && !panel.hidden) document.getElementById('panel-close')?.click();
    map.setDate(null);
    const first = firstLanguage();
    if (first && typeof map.setLanguage === 'function' && map.language() !== first) map.setLanguage(first);
    for (const node of document.querySelectorAll('.panel, .legend')) node.scrollTop = 0;
    overview();
  }

  const overview = () => (typeof map.overview === 'function' ? map.overview() : document.getElementById('overview')?.click());

  const firstSentence = (text) => (text ?? '').match(/^.*?[.!?。](?=\s|$)/u)?.[0] ?? text ?? '';

  function setCaption(title, text) {
    captionTitle.textContent = title;
    captionText.textContent = text;
    captionText.hidden = !text;
    caption.hidden = false;
  }

  /// At an idle reset (the loop's start), a page that has run `refreshHours` reloads, once its
  /// server has answered (a reload to an unreachable server would leave the browser's error
  /// page, a dead screen); the fresh page starts the loop at once. Not while a visitor is there:
  /// a touch during the check keeps the page.
  let refreshing = false;
  async function refreshIfDue() {
    if (refreshing || !(cfg.refreshHours > 0) || performance.now() < cfg.refreshHours * 3_600_000) return;
    refreshing = true;
    if (await serverAnswers() && phase === 'attract') {
      sessionStorage.setItem(REFRESHED_KEY, '1');
      location.reload();
    } else {
      refreshing = false;
    }
  }

  async function serverAnswers() {
    try {
      // A server that hangs counts as down: the check gives up after 5 s.
      const res = await fetch(location.href, { cache: 'no-store', signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return true;
    } catch (e) {
      console.warn(`kiosk: not refreshed, the page's server did not answer (${e.message ?? e}); trying at the next idle reset`);
      return false;
    }
  }

  function startAttract() {
    stats?.attract(); // before the reset, whose changes are nobody's
    hideCountdown();
    reset();
    phase = 'attract';
    document.body.classList.add('kiosk-attract');
    setCaption(t.title, t.subtitle);
    const routes = map.routes().map((r) => r.id);
    // The story in chapters where the set has them (issue 21), else route by route.
    const chapters = typeof map.chapters === 'function' ? map.chapters() : [];
    let step = 0;
    const next = () => {
      if (phase !== 'attract') return;
      if (attractPlaying) { map.pause(); map.setDate(null); attractPlaying = false; }
      if (step < chapters.length) {
        const c = chapters[step];
        map.openChapter(c.id);
        setCaption(c.title, firstSentence(c.text));
        step += 1;
        attractTimer = setTimeout(next, cfg.attract.routeSeconds * 1000);
      } else if (!chapters.length && step < routes.length) {
        const id = routes[step];
        map.select(id);
        if (typeof map.fitRoute === 'function') map.fitRoute(id);
        const details = map.details(id);
        setCaption(details?.name ?? map.routes().find((r) => r.id === id)?.name ?? id, firstSentence(details?.summary));
        step += 1;
        attractTimer = setTimeout(next, cfg.attract.routeSeconds * 1000);
      } else {
        map.leaveChapter?.();
        map.select(null);
        overview();
        setCaption(t.kioskAttractPlay, '');
        map.play();
        attractPlaying = true;
        step = 0;
        attractTimer = setTimeout(next, cfg.attract.playSeconds * 1000);
      }
    };
    attractTimer = setTimeout(next, cfg.attract.startSeconds * 1000);
    refreshIfDue();
  }

  /// A touch during the loop: stop at once and leave the map as it is, for the visitor.
  function stopAttract() {
    clearTimeout(attractTimer);
    phase = 'active';
    if (attractPlaying) { map.pause(); attractPlaying = false; }
    caption.hidden = true;
    document.body.classList.remove('kiosk-attract');
  }

  function tick() {
    if (!map) return;
    const now = performance.now();
    if (phase === 'active' && now - lastActivity >= cfg.idleSeconds * 1000) showCountdown();
    else if (phase === 'countdown') {
      updateCountdown();
      if (now - countdownStart >= cfg.countdownSeconds * 1000) startAttract();
    }
  }
  setInterval(tick, TICK_MS);

  const heartbeat = cfg.health ? startHeartbeat({
    seconds: cfg.reporting.heartbeatSeconds,
    build: cfg.reporting.build,
    state: () => ({ attract: 'attract', countdown: 'countdown' })[phase] ?? 'in-use',
    counts: () => ({ ...counts }),
    memory: () => map?.memory() ?? null,
  }) : null;

  // --- take it home: the current view's deep link as a QR code
  const qrPx = Math.max(4 * MIN_TARGET_PX, Math.round(cfg.qrMm * cfg.pxPerMm));

  /// The link a phone opens: the page's public address and what the hash names (route, date,
  /// language), but not the kiosk's pan and zoom: the phone frames the route on its own screen.
  function deepLink() {
    const base = cfg.qrBaseUrl ? cfg.qrBaseUrl.replace(/#.*$/, '') : `${location.origin}${location.pathname}`;
    const hash = new URLSearchParams(location.hash.slice(1));
    hash.delete('view');
    const text = hash.toString();
    return text ? `${base}#${text}` : base;
  }

  let qrShown = null;
  /// The code of the selected route, or else of the open chapter (issue 21: its link is
  /// #chapter=ID); none outside both. The statistics count a route's code, as before.
  function updateQr() {
    const route = map.selected();
    const id = route ?? map.chapter?.() ?? null;
    qrCard.hidden = !id;
    document.body.classList.toggle('kiosk-qr-shown', !!id);
    if (id !== qrShown && route) stats?.qr(route);
    qrShown = id;
    if (!id) return;
    const say = route ? t.kioskTakeHome : t.kioskTakeHomeChapter ?? t.kioskTakeHome;
    qrText.textContent = say;
    qrCanvas.setAttribute('aria-label', say);
    const link = deepLink();
    if (qrCanvas.dataset.link === link) return;
    const modules = qr_matrix(link);
    const n = Math.round(Math.sqrt(modules.length));
    const quiet = 4;
    const side = n + 2 * quiet;
    const cell = Math.max(3, Math.ceil(qrPx / side));  // whole CSS px per module: crisp edges
    const dpr = window.devicePixelRatio || 1;
    qrCanvas.width = side * cell * dpr;
    qrCanvas.height = side * cell * dpr;
    qrCanvas.style.width = `${side * cell}px`;
    qrCanvas.style.height = `${side * cell}px`;
    const ctx = qrCanvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, side * cell, side * cell);
    ctx.fillStyle = '#000';
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) if (modules[y * n + x]) ctx.fillRect((x + quiet) * cell, (y + quiet) * cell, cell, cell);
    }
    qrCanvas.dataset.link = link;
  }

  // --- once the map is up
  window.supplyRoutes?.ready.then(async (api) => {
    map = api;
    if (reloads) recovered('reload'); else if (failures) recovered('retry');
    failures = 0;
    sessionStorage.removeItem(RELOADS_KEY);
    hideProblem();
    await cssLoaded;
    // The kiosk layout changed the free part of the canvas: frame again.
    // (A chapter a link opened keeps its own frame, which the overview would replace.)
    const chapter = map.chapter?.();
    if (map.selected() && typeof map.fitRoute === 'function') map.fitRoute(map.selected());
    else if (chapter) map.openChapter(chapter);
    else overview();
    stats?.attach(map);
    map.on('select', updateQr);
    map.on('date', updateQr);
    map.on('chapter', updateQr);
    addEventListener('popstate', updateQr);
    // The visitor's language, for the kiosk's own texts: the page sets <html lang> with it.
    const followLanguage = () => { t = currentStrings() ?? t; applyText(); updateQr(); stats?.language(map.language()); };
    new MutationObserver(followLanguage).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    followLanguage(); // a link may have opened the kiosk in another language already
    lastActivity = performance.now();
    // A daily refresh reloaded the page at an idle reset: nobody is there, so the loop goes on.
    if (sessionStorage.getItem(REFRESHED_KEY)) {
      sessionStorage.removeItem(REFRESHED_KEY);
      startAttract();
    }
    heartbeat?.beat(); // the server hears of the page as soon as it is up
  }, () => {});

  return { bootFailed, settings: cfg, targetPx: target, qrPx, styled: cssLoaded };
}

/// No context menu, no text selection, no browser zoom or overscroll; the map's own pinch stays.
function installGuards() {
  const stop = (e) => e.preventDefault();
  addEventListener('contextmenu', stop, { capture: true });
  addEventListener('selectstart', stop, { capture: true });
  addEventListener('dragstart', stop, { capture: true });
  // Safari's gesture events and Chromium's ctrl+wheel (a touchpad pinch) zoom the page.
  for (const type of ['gesturestart', 'gesturechange', 'gestureend']) addEventListener(type, stop, { capture: true, passive: false });
  addEventListener('wheel', (e) => { if (e.ctrlKey) e.preventDefault(); }, { capture: true, passive: false });
  addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && ['+', '-', '=', '_', '0'].includes(e.key)) e.preventDefault();
  }, { capture: true });
  // More than one finger anywhere but on the map would pinch the page.
  addEventListener('touchmove', (e) => {
    if (e.touches.length > 1 && e.target?.id !== 'map') e.preventDefault();
  }, { capture: true, passive: false });
}
