// Shared steps of the browser tests: open the map, watch the console, find tappable points.
import { expect } from '@playwright/test';
import { createServer } from 'node:http';

/// Opens the page, fails the test on any console error or uncaught exception, and returns
/// once window.supplyRoutes.ready has resolved.
export async function openMap(page, path = '/') {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(path);
  await page.evaluate(() => window.supplyRoutes.ready);
  return problems;
}

/// A point on the route's drawn line where a tap selects that route and nothing covers the
/// canvas: the projected vertices of its legs, tried in order.
export async function tappablePoint(page, routeId) {
  return page.evaluate(async (id) => {
    const map = await window.supplyRoutes.ready;
    const canvas = document.getElementById('map');
    const route = map.routes().find((r) => r.id === id);
    for (const leg of route.legs) {
      for (const c of leg.coordinates) {
        const p = map.project(c);
        if (!p) continue;
        // Touch input lands on whole pixels: test the point a finger would really produce.
        const [x, y] = p.map(Math.round);
        if (x < 30 || y < 30 || x > innerWidth - 30 || y > innerHeight - 30) continue;
        if (document.elementFromPoint(x, y) !== canvas) continue;
        if (map.pick(x, y) === id) return [x, y];
      }
    }
    return null;
  }, routeId);
}

export function formatKm(km) {
  return `${new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(km)} km`;
}

/// Pixels of the canvas that differ between two PNG screenshots' byte buffers is too coarse;
/// instead compare a canvas digest computed in the page.
export async function canvasDigest(page) {
  return page.evaluate(() => {
    const c = document.getElementById('map');
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < data.length; i += 97) h = (h * 31 + data[i]) >>> 0;
    return h;
  });
}

/// Waits until the page has drawn the frame that input requested (redraws run on rAF).
export async function nextFrame(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/// What is wrong with the layout of the cards `selectors` names that are shown: two that
/// overlap, or a timeline narrower than the play button, the date, its chips and the slider
/// need (about 320 px, on two lines).
export async function cardProblems(page, selectors) {
  return page.evaluate((selectors) => {
    const boxes = selectors
      .map((sel) => [sel, document.querySelector(sel)])
      .filter(([, el]) => el && !el.hidden && getComputedStyle(el).display !== 'none')
      .map(([sel, el]) => [sel, el.getBoundingClientRect()]);
    const out = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i], [b, rb] = boxes[j];
        if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom) out.push(`${a} overlaps ${b}`);
      }
    }
    const timeline = boxes.find(([sel]) => sel === '#timeline');
    if (timeline && timeline[1].width < 320) out.push(`the timeline is ${Math.round(timeline[1].width)} px wide`);
    return out;
  }, selectors);
}

/// The selected route's vertices on screen (CSS px), and those of them that are off the screen
/// sideways or under an element that `selectors` match (rounded).
export async function selectedRoutePoints(page, selectors) {
  return page.evaluate((selectors) => {
    const map = window.supplyRoutes.map;
    const boxes = selectors.flatMap((sel) => [...document.querySelectorAll(sel)]).map((el) => el.getBoundingClientRect());
    const route = map.routes().find((r) => r.id === map.selected());
    const points = route.legs.flatMap((l) => l.coordinates).map((c) => map.project(c));
    const covered = points
      .filter(([x, y]) => x < 0 || x > innerWidth || boxes.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom))
      .map((p) => p.map(Math.round));
    return { points, covered };
  }, selectors);
}

/// A newspaper's page that frames `src` with the iframe attributes `attrs`, served on another
/// port of loopback, hence another origin (a public origin framing a loopback page would meet
/// Chromium's local-network rules instead). Resolves to {url, close}.
export async function newspaper(src, attrs = '') {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>A newspaper</title><iframe src="${src}" width="1000" height="700" ${attrs}></iframe>`);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/article`, close: () => server.close() };
}

export async function view(page) {
  return page.evaluate(() => window.supplyRoutes.map.view());
}

export { expect };
