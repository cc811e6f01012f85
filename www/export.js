// "Save this view as a picture": the map as drawn now, with a title band, the legend and the
// sources, composed on a canvas of its own and returned as a PNG blob.

import { mode_names } from './pkg/supply_routes.js';
import { strokeMode } from './render.js';
import { formatters } from './panel.js';
import { canvasFonts } from './fonts.js';

const PAPER = '#fbf8f1';
const INK = '#1f1d1a';
const SOFT = '#4f4a42';
const FAMILY = "'Noto Sans', 'Noto Sans SC', system-ui, sans-serif";

/// Wraps `text` into lines no wider than `width` at the context's font (CJK breaks anywhere).
function wrap(ctx, text, width) {
  const words = /[\u3000-\u9fff]/.test(text) ? [...text] : text.split(' ');
  const joiner = /[\u3000-\u9fff]/.test(text) ? '' : ' ';
  const lines = [];
  let line = '';
  for (const w of words) {
    const next = line ? line + joiner + w : w;
    if (ctx.measureText(next).width > width && line) { lines.push(line); line = w; } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/// `map`: the drawn canvas; `title`, `subtitle`, `when` (the date shown or the period),
/// `modes` ({sea: 'By sea', …}), `sources` (titles), `credit`.
export function exportPng({ map, title, subtitle, when, modes, sourcesHeading, sources, credit }) {
  const scale = map.width / map.clientWidth || 1;
  const w = map.width;
  const px = (n) => Math.round(n * scale);
  const pad = px(20);
  const probe = document.createElement('canvas').getContext('2d');
  probe.font = `${px(13)}px ${FAMILY}`;
  const sourceLines = sources.flatMap((s) => wrap(probe, `• ${s}`, w - 2 * pad));
  const creditLines = wrap(probe, credit, w - 2 * pad);
  const head = px(78);
  const foot = pad + px(20) + (sourceLines.length + creditLines.length) * px(18) + pad;
  const out = document.createElement('canvas');
  out.width = w;
  out.height = head + map.height + foot;
  const ctx = out.getContext('2d');
  ctx.fillStyle = PAPER;
  ctx.fillRect(0, 0, out.width, out.height);

  ctx.fillStyle = INK;
  ctx.textBaseline = 'alphabetic';
  ctx.font = `700 ${px(26)}px ${FAMILY}`;
  ctx.fillText(title, pad, px(36));
  ctx.font = `${px(16)}px ${FAMILY}`;
  ctx.fillStyle = SOFT;
  ctx.fillText(`${subtitle} · ${when}`, pad, px(62));

  ctx.drawImage(map, 0, head);

  // The legend, bottom left over the map.
  const modeOrder = mode_names();
  const rowH = px(22);
  const boxW = px(190), boxH = pad + modeOrder.length * rowH;
  const bx = pad, by = head + map.height - boxH - pad;
  ctx.fillStyle = 'rgba(251, 248, 241, 0.94)';
  ctx.fillRect(bx, by, boxW, boxH);
  ctx.strokeStyle = '#d8cfbd';
  ctx.lineWidth = px(1);
  ctx.strokeRect(bx, by, boxW, boxH);
  modeOrder.forEach((mode, i) => {
    const y = by + pad / 2 + i * rowH + rowH / 2;
    ctx.save();
    ctx.translate(bx + px(10), y);
    ctx.scale(scale, scale);
    const p = new Path2D();
    p.moveTo(0, 0);
    p.lineTo(40, 0);
    strokeMode(ctx, p, mode, 1);
    ctx.restore();
    ctx.fillStyle = INK;
    ctx.font = `${px(14)}px ${FAMILY}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(modes[mode], bx + px(60), y);
  });

  let y = head + map.height + pad;
  ctx.textBaseline = 'top';
  ctx.fillStyle = INK;
  ctx.font = `700 ${px(13)}px ${FAMILY}`;
  ctx.fillText(sourcesHeading, pad, y);
  y += px(20);
  ctx.font = `${px(13)}px ${FAMILY}`;
  for (const line of [...sourceLines, ...creditLines]) {
    ctx.fillStyle = creditLines.includes(line) ? SOFT : INK;
    ctx.fillText(line, pad, y);
    y += px(18);
  }
  return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG export failed'))), 'image/png'));
}

/// The picture of what the map shows now (`state`: {lang, t, selected, event}; `date`: the
/// month shown or null): its title, its date or period, and the sources of the selected route
/// or open event (else the article the map is drawn from). `redraw()` draws the map first.
export async function saveView({ map, core, state, date, routeName, redraw }) {
  const { t, lang } = state;
  const shownSources = state.selected ? core.details(state.selected, lang).sources
    : state.event ? core.events(lang).find((e) => e.id === state.event).sources : [];
  const titles = shownSources.length ? shownSources.map((s) => s.title)
    : [core.details(core.route_ids()[0], lang).sources.find((s) => s.tag === 'article')?.title].filter(Boolean);
  const range = core.month_range();
  const picture = {
    title: state.chapterTitle ? `${t.title}: ${state.chapterTitle}`
      : state.selected ? `${t.title}: ${routeName(state.selected)}` : t.title,
    subtitle: t.subtitle,
    when: date ? formatters(lang).monthLong(date) : `${range[0]?.slice(0, 4)}–${range[1]?.slice(0, 4)}`,
    modes: t.mode,
    sourcesHeading: t.exportSources,
    sources: titles,
    credit: t.exportCredit,
  };
  // Chinese in the picture (a title, a source, the credit) would otherwise be drawn in
  // whatever the system has, on a kiosk maybe nothing.
  await canvasFonts([picture.title, picture.subtitle, picture.when, ...Object.values(picture.modes),
    picture.sourcesHeading, ...titles, picture.credit].join(''));
  redraw();
  return exportPng({ map, ...picture });
}
