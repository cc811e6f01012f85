// Boots the core and wires the page's modules together, then publishes the public API,
// window.supplyRoutes:
//   const map = await window.supplyRoutes.ready;
// See README.md ("JavaScript API") for the calls; they are a contract with embedders and tests.
//
// Who owns what: route-set.js reads the data, controller.js what is chosen and what the panel
// shows, layout.js the free part of the screen, framing.js the views the page chooses,
// legend.js and language.js their texts, draw-loop.js the frames, link.js the URL, handlers/*
// the page's buttons and gestures, api.js the public calls. They share `state` below.

import init, { RouteMap } from './pkg/supply_routes.js';
import { createRenderer } from './render.js';
import { saveView } from './export.js';
import { createTimeline } from './timeline.js';
import { readHash } from './url-state.js';
import { fontFaces, languageNameFonts } from './fonts.js';
import { showStatus, hideStatus } from './status.js';
import { openCore, loadBasemap, loadStory, createSetLoader, prefetch, shippedRouteNames } from './route-set.js';
import { createLayout, watchTimelineHeight, watchTitleHeight } from './layout.js';
import { createFraming } from './framing.js';
import { createLink, followLink } from './link.js';
import { createDrawLoop } from './draw-loop.js';
import { createController } from './controller.js';
import { createLegend, renderEarlyLegend } from './legend.js';
import { createLanguage, applyStaticText, readLanguages, loadStrings, intlLocale, currentStrings } from './language.js';
import { createApi } from './api.js';
import { fetchWar, setWar, createWar } from './war.js';
import { createChapters } from './chapters.js';
import { attachEmbed } from './handlers/embed.js';
import { attachPointer } from './handlers/pointer.js';
import { attachButtons } from './handlers/buttons.js';
import { attachFullscreen } from './handlers/fullscreen.js';
import { attachResize } from './handlers/resize.js';

let resolveReady, rejectReady;
const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
ready.catch(() => {}); // failures are shown on the page; embedders may still await it
window.supplyRoutes = { ready };

// The start-up is cut into tasks at these points, so that no task of it keeps the page from
// answering input for long (issue 23: no task over 50 ms on a desktop, little blocking time on a
// phone); scheduler.yield() resumes ahead of other tasks, so the first frame comes no later.
const nextTask = () => (globalThis.scheduler?.yield ? scheduler.yield() : new Promise((r) => setTimeout(r, 0)));
// Once what was put on the page is on the screen: at the frame after the next one (the next
// one's paint is shown a little after its callbacks run), or after 100 ms in a page that draws
// no frames (a tab in the background).
const afterPaint = () => new Promise((r) => {
  requestAnimationFrame(() => requestAnimationFrame(r));
  setTimeout(r, 100);
});

async function boot() {
  // The languages and the interface strings are data (geodata/languages.json, interface/): read
  // first, the link's language if it is offered, else the first declared.
  const wanted = readHash().lang;
  let coreUp = false;
  watchTimelineHeight(); // a phone's legend stands above the timeline from its first paint
  const languagesRead = readLanguages();
  const stringsRead = languagesRead.then(({ list }) => {
    const entry = list.find((l) => l.code === wanted) ?? list[0];
    fontFaces(entry.fonts ?? []);
    return loadStrings(list, entry.code).then((t) => {
      applyStaticText(t);
      if (!coreUp) showStatus(t.loading, { notice: true });
      return { lang: entry.code, t };
    });
  });
  // The first paint is the title card and the legend's route names, from the data (index.html
  // asks for what they need at once), and only then does the page ask for the wasm and the rest:
  // on a phone's network they would share its bandwidth with the few kilobytes that paint needs
  // (issue 23: the largest text waited for the wasm, 3.3 s of LCP in Lighthouse's mobile preset).
  const early = Promise.all([languagesRead, stringsRead]).then(async ([{ list }, { lang, t }]) => {
    const routes = await shippedRouteNames(lang, list[0].code);
    if (routes && !coreUp) renderEarlyLegend(routes, t);
    await afterPaint();
  }).catch(() => {}); // whatever failed fails again below, where it is reported
  await early;
  prefetch(['places.geojson', 'sources.json', 'basemap-overview.bin', 'events.geojson', 'timeline.json']);
  const warFiles = fetchWar(); // beside the story, which the war's links are checked against
  warFiles.catch(() => {}); // setWar reports it
  const wasmRead = init();
  wasmRead.catch(() => {});
  {
    // The first Intl objects load ICU's data for their language (10-20 ms): made while the
    // wasm downloads, each in a task of its own (the second set when the first has run: two
    // timers due together may run in one task), rather than when the legend and timeline need them.
    const locale = intlLocale((await stringsRead).lang);
    setTimeout(() => {
      new Intl.NumberFormat(locale).format(1);
      setTimeout(() => new Intl.DateTimeFormat(locale, { timeZone: 'UTC' }).format(0), 0);
    }, 0);
  }

  const wasm = await wasmRead;
  const { text: languagesText, list: offered } = await languagesRead;
  const { lang, t: firstStrings } = await stringsRead;
  // The language buttons' glyphs, asked for beside the data, not after layout.
  languageNameFonts(offered, lang);
  const canvas = document.getElementById('map');
  const core = await openCore(RouteMap, canvas, languagesText);
  coreUp = true;
  // ?projection=mercator draws the map in spherical Mercator; the museum map keeps the default
  // Lambert conic. Set before the basemap, which is projected once.
  const projection = new URLSearchParams(location.search).get('projection');
  if (projection && !core.set_projection(projection)) console.warn(`projection: unknown ${projection}`);
  hideStatus();
  await nextTask();
  // The basemap comes in two steps (scripts/build-basemap.mjs): the first frame draws the
  // overview (simplified for the zoomed-out map, half the bytes of the full detail), and the
  // full detail replaces it once that frame is up (below, before `ready`).
  const haveOverview = await loadBasemap(core, 'basemap-overview.bin').then(() => true, (e) => {
    console.warn(`basemap: ${e.message ?? e}`);
    return false;
  });
  await nextTask();
  if (!(await loadStory(core))) showStatus(firstStrings.storyError, { notice: true });
  await nextTask();
  await setWar(core, warFiles);

  await nextTask();
  const renderer = createRenderer(canvas, core);
  renderer.setArrows();
  // What the reader has chosen and sees; the modules below read it, and the controller,
  // language.js and the pointer handler change it.
  const state = { lang, t: firstStrings, selected: null, others: [], hoverLegs: null, event: null, panel: null, counter: null, loadErrors: [] };
  const layout = createLayout(canvas);
  const framing = createFraming(core, layout.freeRect);
  const link = createLink(core);
  // The timeline's callbacks reach the loop and the controller, which need the timeline.
  const timeline = createTimeline(core, {
    changed: () => loop.requestRedraw(),
    dateChanged: (month) => controller.dateChanged(month),
    openEvent: (id) => controller.openEvent(id),
    openCounter: (id) => controller.openCounter(id),
  });
  const drawLoop = createDrawLoop({ renderer, core, state, clock: timeline, obstacles: layout.obstacles, drawn: link.noteView });
  // Nothing is drawn before the first frame, which draws once what the start has set up: a
  // frame asked for on the way (a language applied, the war loaded) drew a view not yet framed,
  // and built the basemap's paths in one long task, which prepareBasemap() does in slices.
  let drawing = false;
  const loop = {
    redraw: () => { if (drawing) drawLoop.redraw(); },
    requestRedraw: () => { if (drawing) drawLoop.requestRedraw(); },
  };
  const controller = createController({ core, state, canvas, freeRect: layout.freeRect, link, loop, timeline });
  const legend = createLegend({ core, state, controller, framing, loop });
  controller.on('select', legend.markSelected);
  const language = createLanguage({ languages: offered, core, state, canvas, renderer, legend, timeline, controller, link, loop });
  const war = createWar({ core, state, renderer, controller, loop });
  controller.on('date', war.renderLegend);
  const chapters = createChapters({ core, state, controller, timeline, layout, renderer, link, loop });
  const picture = () => saveView({ map: canvas, core, state, date: timeline.date(), routeName: controller.routeName, redraw: loop.redraw });

  attachPointer(canvas, core, { state, controller, framing, loop, embed: attachEmbed(canvas), war });
  attachButtons(canvas, core, { controller, framing, loop, saveView: picture, date: timeline.date });
  attachResize(canvas, core, { framing, loop });
  attachFullscreen(document.getElementById('fullscreen'));

  await nextTask();
  // The interface, the legend, the timeline: a task each; the title card's height is watched
  // once its language buttons are in (the first part), before that part is painted.
  await language.apply(() => { watchTitleHeight(); return nextTask(); });
  await nextTask();
  war.loaded();
  await nextTask(); // fitAll lays out the new texts: in a task apart from making them
  framing.fitAll();
  await renderer.prepareBasemap(); // the first frame then only draws the overview
  const restore = followLink(link, core, { language, timeline, controller, state, framing, redraw: loop.redraw });
  restore(readHash(), { initial: true });
  await nextTask(); // the frame in a task apart from the link's texts and date
  drawing = true;
  loop.redraw();
  // The first frame is on the canvas (from the overview basemap): what a reader waits for.
  performance.mark('supply-routes:first-frame');
  const opened = readHash(); // as the link was restored (an unknown route is dropped)
  if (!opened.view && !opened.route) framing.keepOverview();
  chapters.follow(opened, { initial: true });

  const load = createSetLoader({ core, controller, renderer, timeline, language, link, framing, loop,
    loaded: () => { chapters.leave(); war.loaded(); chapters.render(); } });
  const api = createApi({ core, wasm, state, controller, framing, language, timeline, loop, load, saveView: picture, labels: renderer.labels, war, chapters });
  window.supplyRoutes.map = api;
  // The full-detail basemap, asked for once the first frame is drawn; `ready` waits for it, so
  // a caller sees the map as it stays. Without it the overview stays (the same map, with
  // coarser coasts zoomed in), and the visitor is told only when there is no basemap at all.
  try {
    await loadBasemap(core, 'basemap.bin');
    renderer.basemapChanged();
    await renderer.prepareBasemap();
    loop.redraw();
  } catch (e) {
    console.warn(`basemap: ${e.message ?? e}`);
    if (!haveOverview) showStatus(state.t.basemapError, { notice: true });
  }
  // In kiosk mode the page is ready once its kiosk layout applies, so that what a caller sees
  // (and the overview the kiosk frames) is the layout the visitor gets.
  const k = await kiosk;
  if (k?.styled) {
    await k.styled;
    renderer.setPlaces(core.places(state.lang)); // at the kiosk's label size
    loop.requestRedraw();
  }
  resolveReady(api);
}

// Kiosk mode (README, "Running it on a kiosk"): ?kiosk in the URL or "kiosk": true in kiosk.json.
const kiosk = (async () => {
  const settings = await fetch('kiosk.json').then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  if (!new URLSearchParams(location.search).has('kiosk') && settings.kiosk !== true) return null;
  return (await import('./kiosk.js')).startKiosk(settings);
})().catch((e) => { console.error('supply-routes: kiosk mode failed:', e); return null; });

function start() {
  boot().catch(async (e) => {
    console.error('supply-routes: failed to start:', e);
    const k = await kiosk;
    if (k) { k.bootFailed(e, start); return; } // a kiosk never stays dead: it retries, then reloads
    // In the language shown, if its strings were read; else signs that need no language.
    const t = currentStrings();
    showStatus(t?.loadError ?? '⚠', { retry: { label: t?.retry ?? '↻', action: () => location.reload() } });
    rejectReady(e);
  });
}
start();
