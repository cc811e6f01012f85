// The time slider and playback: which month the map shows, play/pause, the event ticks, the
// highlighted events and the running figures. The core answers every question about time
// (what is open, which events are highlighted, where markers are, what a figure has reached);
// this module only keeps the clock and the controls.

import { parse_month } from './pkg/supply_routes.js';
import { formatters } from './panel.js';

const MONTH_MS = 900;            // one month of playback
const REDUCED_STEP_MS = 1600;    // with reduced motion, playback steps a month at a time

const $ = (id) => document.getElementById(id);

/// `changed()`: the map must be drawn again; `dateChanged(month)`: the month shown changed;
/// `openEvent(id)`, `openCounter(id)`: an event's or a figure's button was pressed.
export function createTimeline(core, { changed, dateChanged, openEvent, openCounter }) {
  const slider = $('date-slider');
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  // The slider's months, 'YYYY-MM', as the core lists them: slider value i shows months[i].
  let months = [];
  let indexOf = new Map();
  const lastMonth = () => months[months.length - 1];
  /// Reads the months from the core: at start and for a new route set.
  function configure() {
    months = core.months();
    indexOf = new Map(months.map((m, i) => [m, i]));
    slider.min = '0';
    slider.max = String(Math.max(0, months.length - 1));
    slider.step = '1';
    $('timeline').hidden = months.length === 0;
  }
  configure();

  let t = null;
  let lang = ''; // set by setLanguage before the first render ('' is the first language)
  let playing = false;
  let progress = 0;   // share of the current month played
  let playTime = 0;   // seconds of playback, for the markers
  let last = null;
  let stepTimer = 0;

  function date() {
    return core.month() ?? null;
  }

  /// Shows `month` ('YYYY-MM') or, with null, the whole period. Returns false for a bad month.
  function setDate(month) {
    const m = month == null ? undefined : parse_month(month);
    if (month != null && m === undefined) return false;
    if (!core.set_month(m)) return false;
    progress = 0;
    update();
    dateChanged(date());
    changed();
    return true;
  }

  function update() {
    const m = date();
    slider.value = String(m ? indexOf.get(m) : 0);
    slider.classList.toggle('whole', !m);
    const label = m ? formatters(lang).monthLong(m) : `${months[0].slice(0, 4)}–${lastMonth().slice(0, 4)}`;
    $('timeline-date').textContent = m ? label : `${label} · ${t.allYears}`;
    slider.setAttribute('aria-valuetext', m ? label : t.allYears);
    $('all-years').hidden = !m;
    renderActiveEvents();
    renderCounters();
  }

  function renderActiveEvents() {
    const list = $('active-events');
    const events = date() ? core.events(lang).filter((e) => e.active) : [];
    list.replaceChildren(...events.slice(-3).reverse().map((e) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip event-chip';
      b.dataset.event = e.id;
      b.textContent = e.title;
      b.addEventListener('click', () => openEvent(e.id));
      const li = document.createElement('li');
      li.append(b);
      return li;
    }));
  }

  function renderCounters() {
    const box = $('counters');
    const m = date();
    const at = core.month_index() + (playing ? progress : 1);
    const shown = m ? core.counters(lang, at).filter((c) => m >= c.from) : [];
    box.replaceChildren(...shown.map((c) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'counter';
      b.dataset.counter = c.id;
      const value = document.createElement('strong');
      value.textContent = `${c.value < c.total ? '≈ ' : ''}${formatters(lang).count(c.value, c.unit, t)}`;
      b.append(value, document.createTextNode(` ${c.label}`));
      b.addEventListener('click', () => openCounter(c.id));
      return b;
    }));
  }

  function renderTicks(events) {
    const ticks = $('event-ticks');
    // An event outside the slider's months has no place on it.
    ticks.replaceChildren(...events.filter((e) => indexOf.has(e.month)).map((e) => {
      const s = document.createElement('span');
      s.className = 'tick';
      s.style.left = `${(100 * indexOf.get(e.month)) / Math.max(1, months.length - 1)}%`;
      return s;
    }));
  }

  function setPlaying(on) {
    if (on === playing) return;
    playing = on;
    last = null;
    clearInterval(stepTimer);
    if (on) {
      if (!date() || date() === lastMonth()) setDate(months[0]);
      if (reduced.matches) stepTimer = setInterval(() => step(), REDUCED_STEP_MS);
    }
    const button = $('play');
    // The icon follows aria-pressed (style.css).
    button.setAttribute('aria-label', on ? t.pause : t.play);
    button.title = on ? t.pause : t.play;
    button.setAttribute('aria-pressed', String(on));
    renderCounters();
    changed();
  }

  /// Moves on a month; stops at the end.
  function step() {
    const next = months[indexOf.get(date()) + 1];
    if (!next) { setPlaying(false); return; }
    setDate(next);
  }

  /// Called once per display frame while animating: advances the clock.
  function advance(now) {
    if (!playing || reduced.matches) return;
    if (last != null) {
      const dt = Math.min(100, now - last); // a hidden tab does not jump years
      playTime += dt / 1000;
      progress += dt / MONTH_MS;
      if (progress >= 1) {
        progress = 0;
        step();
      } else {
        renderCounters();
      }
    }
    last = now;
  }

  slider.addEventListener('input', () => {
    setPlaying(false);
    setDate(months[Number(slider.value)]);
  });
  $('play').addEventListener('click', () => setPlaying(!playing));
  $('all-years').addEventListener('click', () => { setPlaying(false); setDate(null); });
  reduced.addEventListener?.('change', () => { if (playing) { setPlaying(false); setPlaying(true); } });

  return {
    date,
    setDate,
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    playing: () => playing,
    /// Whether the page must draw every frame (markers move).
    animating: () => playing && !reduced.matches,
    markerTime: () => playTime,
    advance,
    setLanguage(strings, code) {
      t = strings;
      lang = code;
      renderTicks(core.events(lang));
      const button = $('play');
      button.setAttribute('aria-label', playing ? t.pause : t.play);
      button.title = playing ? t.pause : t.play;
      slider.setAttribute('aria-label', t.dateSlider);
      update();
    },
    refresh: update,
    /// A new route set: stop, read its span and events again.
    reload() {
      setPlaying(false);
      configure();
      renderTicks(core.events(lang));
      update();
    },
  };
}
