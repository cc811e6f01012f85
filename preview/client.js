// The preview client (make preview, issue 20), added to the page only by the server's
// --preview mode: it never ships in dist/ or the kiosk. It reads the geodata folder as it is on
// disk (/_preview/geodata/) and shows it through the public API's map.load(), at start and at
// each save the server announces (/_preview/events), keeping what the curator was looking at:
// the view, the date, the language and the route chosen. A broken file is map.load()'s to
// report: its errors go to the panel and the last good set stays on the map.

/// The geodata folder as it is on disk, served no-store: map.load() reads it as it reads any
/// folder (www/route-set.js readSet owns which files a set has), its interface strings included.
const FOLDER = '/_preview/geodata/';

const badge = document.createElement('div');
badge.className = 'preview-badge';
badge.setAttribute('role', 'status');
function show(state, detail) {
  badge.dataset.state = state;
  badge.textContent = detail ? `Preview · ${detail}` : 'Preview';
}
show('ok', 'geodata/ on disk');
document.body.append(badge);

async function mapReady() {
  // main.js publishes window.supplyRoutes as it starts; this module may run first.
  while (!window.supplyRoutes) await new Promise((r) => setTimeout(r, 20));
  return window.supplyRoutes.ready;
}

const map = await mapReady();
// The route chosen before a broken save (showing the errors closes it), chosen again once fixed.
let wanted = null;
let running = null;
let again = false;
// For the tests and the curious: how many reads there were, the last one's {ok, errors}, and
// reload() for a read now.
const status = { loads: 0, last: null };

/// Puts back what the curator was looking at after map.load() showed the new set from the
/// overview: through the page's link (the URL hash, as Back and Forward restore it, so that no
/// history entry is added per save), then through the API for what the link left out.
function putBack({ hash, view, date, lang, selected }) {
  const params = new URLSearchParams(hash.slice(1));
  if (selected) params.set('route', selected);
  const link = params.toString().replace(/%2C/g, ',');
  if (link) {
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${link}`);
    window.dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
  }
  if (map.language() !== lang) map.setLanguage(lang);
  if (selected && map.selected() !== selected && map.routes().some((r) => r.id === selected)) map.select(selected);
  if (map.date() !== date) map.setDate(date);
  map.setView(view);
}

async function reload() {
  const shown = { hash: location.hash, view: map.view(), date: map.date(), lang: map.language(), selected: map.selected() ?? wanted };
  let result;
  try {
    result = await map.load(FOLDER);
  } catch (e) {
    result = { ok: false, errors: [String(e?.message ?? e)] };
  }
  status.loads += 1;
  status.last = result;
  if (!result.ok) {
    wanted = shown.selected;
    show('errors', `${result.errors.length} error${result.errors.length === 1 ? '' : 's'} in geodata/, the last good set shown`);
    return result;
  }
  wanted = null;
  putBack(shown);
  show('ok', `geodata/ on disk, read ${new Date().toLocaleTimeString()}`);
  return result;
}

/// One reload at a time; saves that come during one are read by one more after it.
function schedule() {
  if (running) { again = true; return running; }
  running = (async () => {
    try {
      do { again = false; await reload(); } while (again);
    } finally { running = null; }
  })();
  return running;
}

status.reload = schedule;
window.supplyRoutesPreview = status;

const feed = new EventSource('/_preview/events');
// `hello` comes on connecting, and again after the server restarts: read the disk each time.
feed.addEventListener('hello', () => { show('ok', 'geodata/ on disk'); schedule(); });
feed.addEventListener('change', (e) => {
  const { files } = JSON.parse(e.data);
  // The page reads each interface file once: start again, at the same link (the hash keeps
  // view, date, language and route).
  if (!files || files.some((f) => f.startsWith('interface/'))) location.reload();
  else schedule();
});
feed.addEventListener('error', () => show('offline', 'the server is not answering'));
