// Visit statistics on the kiosk (README, "Visit statistics"; the server's side and the events'
// schema: server/README.md). kiosk.js creates them only where kiosk.json says "statistics":
// true; the web page never loads this module.
//
//   - createRecorder: what a visitor does, from the public API (map.on('select'), the open
//     panel) and the kiosk's own hooks (touch, countdown, attract loop, QR code, errors);
//   - createOutbox: the events waiting to be sent, kept in IndexedDB so that a server restart,
//     a pulled cable or a reload loses nothing; sent in batches to POST /api/events.
//
// No personal data: a visit is a random number, every string is an id or one of a fixed set.

const DB_NAME = 'supply-routes-stats';
const MAX_MS = 86_400_000;   // the schema's longest duration: a day
const FETCH_TIMEOUT_MS = 15_000;

const random32 = () => crypto.getRandomValues(new Uint32Array(1))[0];
/// A visit's number: random, 0 to 2^53 - 1.
const visitNumber = () => (random32() & 0x1f_ffff) * 2 ** 32 + random32();
const duration = (ms) => Math.min(MAX_MS, Math.max(0, Math.round(ms)));

/// Records a visit's events into `outbox`. Calls from kiosk.js: touch() on every trusted
/// touch, countdown(), answered(yes), attract() when the loop starts (the idle reset),
/// qr(id), error(code), recovery(code), language(code); attach(map) once the map is up.
export function createRecorder({ outbox }) {
  let visit = null;            // {number, start}
  let attractSince = null;     // when the attract loop started, while it runs
  // What the visitor has open, {id, since}, by kind: 'route', 'event', 'chapter'.
  const open = { route: null, event: null, chapter: null };
  let lang = null;
  let countingDown = false;

  const record = (type, fields = {}) => outbox.add({ type, t: Date.now(), ...(visit ? { visit: visit.number } : {}), ...fields });

  /// `what` is now `id` (or nothing): what was open before is recorded with its time, and the
  /// new one is followed if a visitor opened it.
  function follow(what, id) {
    const was = open[what];
    if (id === was?.id) return;
    if (was) record('open', { what, id: was.id, ms: duration(performance.now() - was.since) });
    open[what] = id && visit ? { id, since: performance.now() } : null;
  }

  const recorder = {
    touch() {
      if (attractSince != null) {
        record('attract-interrupted', { ms: duration(performance.now() - attractSince) });
        attractSince = null;
      }
      if (visit) return;
      visit = { number: visitNumber(), start: performance.now() };
      record('visit-start');
    },
    countdown() { if (visit) countingDown = true; },
    answered(yes) {
      if (!countingDown) return;
      countingDown = false;
      record('still-there', { answered: yes });
    },
    /// The idle reset: what is open closes, the visit ends (its length runs to the reset, the
    /// idle time and the countdown included) and the batch goes.
    attract() {
      recorder.answered(false);
      if (visit) {
        for (const what of Object.keys(open)) follow(what, null);
        record('visit-end', { ms: duration(performance.now() - visit.start) });
        visit = null;
        outbox.flush();
      }
      attractSince = performance.now();
    },
    qr(id) { if (visit) record('qr', { id }); },
    language(code) {
      if (visit && lang && code !== lang) record('language', { to: code, from: lang });
      lang = code;
    },
    error: (code) => record('error', { code }),
    recovery: (code) => record('recovery', { code }),
    /// Follows the map: a route selected, an event card or a chapter opened, during a visit.
    attach(map) {
      lang = map.language();
      map.on('select', (id) => follow('route', id));
      if (typeof map.chapter === 'function') map.on('chapter', (id) => follow('chapter', id));
      // The API tells of no event card: the panel shows one when its title is an event's.
      const panel = document.getElementById('panel');
      const followPanel = () => {
        const title = panel.hidden || map.selected() ? null : document.getElementById('panel-title')?.textContent;
        follow('event', title ? map.events().find((e) => e.title === title)?.id ?? null : null);
      };
      if (panel) new MutationObserver(followPanel).observe(panel, { attributes: true, attributeFilter: ['hidden'], childList: true, subtree: true });
    },
  };
  return recorder;
}

/// The events waiting to be sent: recorded events (`pending`), sealed into batches of at most
/// `batchEvents` with ids of their own, then sent oldest first until the server acknowledges
/// each (2xx). Everything is written through to IndexedDB, and what a page left there (a
/// reload, a power cut) is sent by the next one under the same batch ids, which the server
/// stores once. At most `bufferEvents` are kept: the oldest go first, and their number goes
/// with the next batch as `dropped`. Sent every `batchSeconds`, or at once at `batchEvents`
/// pending and at a visit's end; after a failure, the waits double up to `maxRetrySeconds`.
export function createOutbox({ url = '/api/events', batchEvents = 100, bufferEvents = 5000, batchSeconds = 30, maxRetrySeconds = 300 } = {}) {
  const load = Date.now();      // keys [load, n] sort oldest first across a page's loads
  const prefix = random32().toString(36).padStart(7, '0') + (random32() % 36).toString(36);
  let n = 0;
  let batchNo = 0;
  let pending = [];             // {key, event}
  let batches = [];             // {key, id, dropped, events}
  let dropped = 0;
  let failures = 0;
  let timer = 0;
  let sending = null;
  let again = false;
  const count = () => pending.length + batches.reduce((sum, b) => sum + b.events.length, 0);

  // --- IndexedDB, written through; without it (a browser that refuses it) the queue lives in memory.
  let warned = false;
  const warn = (e) => { if (!warned) console.warn(`statistics: kept in memory only (${e?.message ?? e})`); warned = true; };
  const db = new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => { for (const s of ['events', 'batches', 'meta']) open.result.createObjectStore(s); };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).catch((e) => { warn(e); return null; });
  const done = (tx) => new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onabort = tx.onerror = () => reject(tx.error); });
  /// Runs `write(stores)` in one transaction; transactions run in the order they are made.
  function persist(write) {
    db.then((d) => {
      if (!d) return null;
      const tx = d.transaction(['events', 'batches', 'meta'], 'readwrite');
      write({ events: tx.objectStore('events'), batches: tx.objectStore('batches'), meta: tx.objectStore('meta') });
      return done(tx);
    }).catch(warn);
  }
  const saveBatch = (b) => (s) => s.batches.put({ id: b.id, dropped: b.dropped, events: b.events }, b.key);

  // What earlier loads left, before this one's events (made first, so it sees no later write).
  const loaded = db.then(async (d) => {
    if (!d) return;
    const tx = d.transaction(['events', 'batches', 'meta'], 'readonly');
    const all = (store) => new Promise((resolve, reject) => {
      const keys = tx.objectStore(store).getAllKeys();
      const values = tx.objectStore(store).getAll();
      values.onsuccess = () => resolve(keys.result.map((key, i) => ({ key, value: values.result[i] })));
      values.onerror = () => reject(values.error);
    });
    const [events, stored, meta] = await Promise.all([all('events'), all('batches'), all('meta')]);
    pending = [...events.map(({ key, value }) => ({ key, event: value })), ...pending];
    batches = [...stored.map(({ key, value }) => ({ key, ...value })), ...batches];
    dropped += meta.find((m) => m.key === 'dropped')?.value ?? 0;
    trim();
  }).catch(warn);

  /// Drops the oldest events beyond `bufferEvents`, counting them for the next batch.
  function trim() {
    let over = count() - bufferEvents;
    if (over <= 0) return;
    dropped += over;
    while (over > 0 && batches.length) {
      const b = batches[0];
      const cut = Math.min(over, b.events.length);
      b.events = b.events.slice(cut);
      over -= cut;
      if (b.events.length) persist(saveBatch(b));
      else {
        dropped += b.dropped;   // its own count of earlier drops goes with the next batch
        batches.shift();
        persist((s) => s.batches.delete(b.key));
      }
    }
    const gone = pending.splice(0, over);
    persist((s) => { for (const p of gone) s.events.delete(p.key); s.meta.put(dropped, 'dropped'); });
  }

  function add(event) {
    const item = { key: [load, n++], event };
    pending.push(item);
    persist((s) => s.events.put(event, item.key));
    trim();
    if (pending.length >= batchEvents && !failures) flush();
  }

  /// The pending events into batches; the count of dropped events goes with the first.
  function seal() {
    while (pending.length) {
      const items = pending.splice(0, batchEvents);
      const b = { key: [load, n++], id: `${prefix}-${String(++batchNo).padStart(6, '0')}`, dropped, events: items.map((p) => p.event) };
      dropped = 0;
      batches.push(b);
      persist((s) => { for (const p of items) s.events.delete(p.key); saveBatch(b)(s); s.meta.put(0, 'dropped'); });
    }
  }

  function removeBatch(b) {
    batches = batches.filter((x) => x !== b);
    persist((s) => s.batches.delete(b.key));
  }

  /// Sends one batch; true if the next may follow at once.
  async function send(b) {
    let res;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ v: 1, batch: b.id, dropped: b.dropped, events: b.events }),
        cache: 'no-store',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch {
      return false; // no server, no cable: try again later
    }
    if (res.ok) {
      removeBatch(b);
      return true;
    }
    if (res.status === 413 && b.events.length > 1) {
      // Too large for the server: two halves under new ids, in its place.
      const half = Math.ceil(b.events.length / 2);
      const parts = [b.events.slice(0, half), b.events.slice(half)].map((events, i) =>
        ({ key: [...b.key, i], id: `${b.id}-${i + 1}`, dropped: i ? 0 : b.dropped, events }));
      const at = batches.indexOf(b);
      if (at < 0) return true; // dropped from the buffer while it was on its way
      batches.splice(at, 1, ...parts);
      persist((s) => { s.batches.delete(b.key); for (const p of parts) saveBatch(p)(s); });
      return true;
    }
    if (res.status === 400 || res.status === 413) {
      // The server will never take it: keep its count of drops, log the reason, go on.
      const reason = await res.json().then((j) => j.error, () => res.statusText);
      console.warn(`statistics: batch ${b.id} refused (${res.status}): ${reason}`);
      dropped += b.dropped;
      removeBatch(b);
      persist((s) => s.meta.put(dropped, 'dropped'));
      return true;
    }
    return false; // 503 (not stored), or a server that will not answer yet: try again later
  }

  function schedule(seconds) {
    clearTimeout(timer);
    timer = setTimeout(flush, seconds * 1000);
  }

  /// Seals what is pending and sends every batch, oldest first; resolves when done or stopped.
  function flush() {
    if (sending) { again = true; return sending; }
    sending = (async () => {
      await loaded;
      do {
        again = false;
        seal();
        while (batches.length) {
          if (!(await send(batches[0]))) {
            failures += 1;
            schedule(Math.min(maxRetrySeconds, batchSeconds * 2 ** (failures - 1)));
            return;
          }
          failures = 0;
        }
      } while (again);
      schedule(batchSeconds);
    })().catch((e) => {
      // A fault here must never reach the kiosk's error handling: it would show the visitor a problem.
      console.warn('statistics:', e);
      schedule(maxRetrySeconds);
    }).finally(() => { sending = null; });
    return sending;
  }

  // What an earlier load left goes at once.
  loaded.then(() => (count() || dropped ? flush() : schedule(batchSeconds)));
  return { add, flush, count };
}
