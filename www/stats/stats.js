// The curator's page: the kiosk's visit statistics (GET /api/stats) as charts and tables, in
// English, Chinese and Russian. Drawn by hand (SVG columns, HTML bars): a chart library would
// be the bigger part of the page. Every chart has a table beside it for screen readers and for
// copying. It asks nothing of any other origin. On the kiosk itself (loopback) the API answers
// at once; from another computer it needs the server's token, kept for this tab only.

const T = {
  en: {
    title: 'Supply Routes: visitor statistics',
    from: 'From', to: 'To', show: 'Show', csv: 'Download CSV',
    token: 'Token', use: 'Use',
    tokenNeeded: 'This computer is not the kiosk. Enter the statistics token from the server’s configuration.',
    tokenRefused: 'The server has no token set up: open this page on the kiosk itself (http://127.0.0.1:8080/stats/).',
    tokenWrong: 'That token was not accepted.',
    loading: 'Loading…',
    loaded: (from, to) => `Figures for ${from} to ${to}.`,
    failed: (why) => `The statistics could not be loaded: ${why}`,
    empty: 'No visits were recorded in this period.',
    glance: 'At a glance',
    visits: 'Visits', medianVisit: 'Typical visit (median)', p90Visit: '9 in 10 visits shorter than',
    qr: 'QR codes shown', attract: 'Attract loop interrupted by a touch',
    stillAnswered: '“Still there?” answered', stillUnanswered: '“Still there?” not answered',
    errors: 'Errors', recoveries: 'Recoveries', events: 'Events recorded', dropped: 'Events lost while the server was away',
    perDay: 'Visits per day', perHour: 'Visits by hour of the day',
    opened: 'What visitors opened', routes: 'Routes', eventsOpened: 'Events', chapters: 'Chapters',
    languages: 'Language switches', errorCodes: 'Errors and recoveries',
    day: 'Day', hour: 'Hour', count: 'Times', name: 'Name', medianOpen: 'Typical time open', language: 'Language',
    switches: 'Switches to it', code: 'Code', kind: 'Kind', error: 'Error', recovery: 'Recovery',
    table: 'Table', noneOpened: 'Nothing was opened.', more: (n) => `and ${n} more (see the table)`,
    chartDays: (total, max, day) => `Column chart of visits per day: ${total} in all, most on ${day} (${max}).`,
    chartHours: (hour) => `Column chart of visits by hour of the day; the busiest hour starts at ${hour}.`,
    langNames: { en: 'English', zh: 'Chinese', ru: 'Russian' },
    health: { ok: 'The kiosk’s screen is working', stale: 'The kiosk’s screen has not reported', erroring: 'The kiosk reports a problem' },
    lastBeat: (age) => `last report ${age} ago`, noBeat: 'no report yet',
    ms: (m, s) => (m ? `${m} min ${s} s` : `${s} s`),
  },
  zh: {
    title: '援华路线：观众统计',
    from: '起', to: '止', show: '显示', csv: '下载 CSV',
    token: '令牌', use: '使用',
    tokenNeeded: '这台电脑不是展台电脑。请输入服务器配置中的统计令牌。',
    tokenRefused: '服务器未设置令牌：请在展台电脑上打开本页（http://127.0.0.1:8080/stats/）。',
    tokenWrong: '令牌未被接受。',
    loading: '正在加载…',
    loaded: (from, to) => `${from}至${to}的数据。`,
    failed: (why) => `无法加载统计数据：${why}`,
    empty: '这段时间没有记录到参观。',
    glance: '概览',
    visits: '参观次数', medianVisit: '典型参观时长（中位数）', p90Visit: '九成参观短于',
    qr: '显示二维码', attract: '触摸打断循环演示',
    stillAnswered: '“还在吗？”有回应', stillUnanswered: '“还在吗？”无回应',
    errors: '错误', recoveries: '恢复', events: '记录的事件', dropped: '服务器离线期间丢失的事件',
    perDay: '每日参观次数', perHour: '各时段参观次数',
    opened: '观众打开的内容', routes: '路线', eventsOpened: '事件', chapters: '章节',
    languages: '语言切换', errorCodes: '错误与恢复',
    day: '日期', hour: '时段', count: '次数', name: '名称', medianOpen: '典型打开时长', language: '语言',
    switches: '切换到该语言', code: '代码', kind: '类别', error: '错误', recovery: '恢复',
    table: '表格', noneOpened: '没有打开任何内容。', more: (n) => `另有${n}项（见表格）`,
    chartDays: (total, max, day) => `每日参观次数柱状图：共${total}次，${day}最多（${max}次）。`,
    chartHours: (hour) => `各时段参观次数柱状图；最繁忙的时段从${hour}点开始。`,
    langNames: { en: '英语', zh: '中文', ru: '俄语' },
    health: { ok: '展台屏幕工作正常', stale: '展台屏幕没有报告', erroring: '展台报告了问题' },
    lastBeat: (age) => `上次报告在${age}前`, noBeat: '尚无报告',
    ms: (m, s) => (m ? `${m}分${s}秒` : `${s}秒`),
  },
  ru: {
    title: 'Пути помощи: статистика посещений',
    from: 'С', to: 'По', show: 'Показать', csv: 'Скачать CSV',
    token: 'Токен', use: 'Применить',
    tokenNeeded: 'Этот компьютер — не киоск. Введите токен статистики из настроек сервера.',
    tokenRefused: 'На сервере не задан токен: откройте эту страницу на самом киоске (http://127.0.0.1:8080/stats/).',
    tokenWrong: 'Токен не принят.',
    loading: 'Загрузка…',
    loaded: (from, to) => `Данные с ${from} по ${to}.`,
    failed: (why) => `Не удалось загрузить статистику: ${why}`,
    empty: 'За этот период посещений не записано.',
    glance: 'Коротко',
    visits: 'Посещения', medianVisit: 'Обычное посещение (медиана)', p90Visit: '9 из 10 посещений короче',
    qr: 'Показано QR-кодов', attract: 'Демонстрация прервана касанием',
    stillAnswered: '«Вы ещё здесь?» — ответили', stillUnanswered: '«Вы ещё здесь?» — без ответа',
    errors: 'Ошибки', recoveries: 'Восстановления', events: 'Записано событий', dropped: 'Потеряно событий, пока сервер был недоступен',
    perDay: 'Посещения по дням', perHour: 'Посещения по часам',
    opened: 'Что открывали посетители', routes: 'Маршруты', eventsOpened: 'События', chapters: 'Главы',
    languages: 'Переключения языка', errorCodes: 'Ошибки и восстановления',
    day: 'День', hour: 'Час', count: 'Раз', name: 'Название', medianOpen: 'Обычно открыто', language: 'Язык',
    switches: 'Переключений на него', code: 'Код', kind: 'Вид', error: 'Ошибка', recovery: 'Восстановление',
    table: 'Таблица', noneOpened: 'Ничего не открывали.', more: (n) => `и ещё ${n} (см. таблицу)`,
    chartDays: (total, max, day) => `Столбчатая диаграмма посещений по дням: всего ${total}, больше всего ${day} (${max}).`,
    chartHours: (hour) => `Столбчатая диаграмма посещений по часам; больше всего в час, начинающийся в ${hour}:00.`,
    langNames: { en: 'английский', zh: 'китайский', ru: 'русский' },
    health: { ok: 'Экран киоска работает', stale: 'Экран киоска не отвечает', erroring: 'Киоск сообщает о неполадке' },
    lastBeat: (age) => `последний отчёт ${age} назад`, noBeat: 'отчётов ещё не было',
    ms: (m, s) => (m ? `${m} мин ${s} с` : `${s} с`),
  },
};

const LANGS = ['en', 'zh', 'ru'];
const TOKEN_KEY = 'supply-routes-stats-token';
const params = new URLSearchParams(location.search);
let lang = LANGS.includes(params.get('lang')) ? params.get('lang')
  : LANGS.find((l) => navigator.language?.toLowerCase().startsWith(l)) ?? 'en';
let data = null;
let health = null;
let names = { route: new Map(), event: new Map() };

const $ = (id) => document.getElementById(id);

/// An element with attributes and children (strings become text: nothing is parsed as HTML).
function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'rect', 'line', 'text', 'title', 'g'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, v);
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c);
  return el;
}

const num = (n) => new Intl.NumberFormat(lang).format(n);
const day = (d, long = false) => new Intl.DateTimeFormat(lang, { timeZone: 'UTC', day: 'numeric', month: 'short', ...(long ? { year: 'numeric' } : {}) })
  .format(new Date(`${d}T00:00:00Z`));
function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = Math.round(ms / 1000);
  return T[lang].ms(Math.floor(s / 60), s % 60);
}
const itemName = (what, id) => names[what]?.get(id)?.[lang] ?? id;

function headers() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/// The route and event names, from the page's own data; ids are shown if it cannot be read.
async function loadNames() {
  const read = async (file, kind, field) => {
    try {
      const res = await fetch(`../data/${file}`);
      if (!res.ok) return;
      for (const f of (await res.json()).features ?? []) {
        const p = f.properties ?? {};
        if ((kind === null || p.kind === kind) && p.id && p[field]) names[field === 'name' ? 'route' : 'event'].set(p.id, p[field]);
      }
    } catch { /* names are a nicety */ }
  };
  await Promise.all([read('routes.geojson', 'route', 'name'), read('events.geojson', null, 'title')]);
}

function query(format) {
  const q = new URLSearchParams();
  if ($('from').value) q.set('from', $('from').value);
  if ($('to').value) q.set('to', $('to').value);
  if (format) q.set('format', format);
  return `../api/stats?${q}`;
}

/// Answers 401/403 by asking for the token; returns true if the caller should stop.
function needsToken(res) {
  if (res.status !== 401 && res.status !== 403) return false;
  const t = T[lang];
  $('token-form').hidden = false;
  $('token-why').textContent = res.status === 403 ? t.tokenRefused
    : sessionStorage.getItem(TOKEN_KEY) ? t.tokenWrong : t.tokenNeeded;
  $('token').disabled = res.status === 403;
  $('token-use').disabled = res.status === 403;
  $('status').textContent = '';
  return true;
}

async function load() {
  $('status').textContent = T[lang].loading;
  try {
    const res = await fetch(query(), { headers: headers(), cache: 'no-store' });
    if (needsToken(res)) return;
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ?? res.status);
    $('token-form').hidden = true;
    data = body;
    $('from').value = data.from;
    $('to').value = data.to;
    const url = new URL(location.href);
    url.searchParams.set('from', data.from);
    url.searchParams.set('to', data.to);
    history.replaceState(null, '', url);
    const hres = await fetch('../api/health', { headers: headers(), cache: 'no-store' }).catch(() => null);
    health = hres?.ok ? await hres.json() : null;
    render();
  } catch (e) {
    $('status').textContent = T[lang].failed(e.message);
  }
}

async function downloadCsv() {
  const res = await fetch(query('csv'), { headers: headers(), cache: 'no-store' });
  if (needsToken(res)) return;
  if (!res.ok) {
    $('status').textContent = T[lang].failed(res.status);
    return;
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? 'supply-routes.csv';
  const link = h('a', { href: URL.createObjectURL(await res.blob()), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/// A table for a chart: the same figures, for screen readers and for copying.
function table(caption, head, rows) {
  return h('details', {}, h('summary', {}, `${T[lang].table}: ${caption}`),
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c))))))));
}

/// A round upper bound for an axis.
function niceMax(max) {
  if (max <= 4) return Math.max(max, 1);
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((v) => v >= max);
}

/// Columns in SVG: one per value, a labelled axis, a tooltip per column.
function columns(values, labels, labelEvery, label) {
  const W = 720, H = 220, L = 44, B = 26, TOP = 12;
  const max = niceMax(Math.max(0, ...values));
  const w = (W - L) / values.length;
  const y = (v) => TOP + (H - TOP - B) * (1 - v / max);
  const svg = h('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label, class: 'columns' });
  for (const v of [0, max / 2, max]) {
    svg.append(h('line', { x1: L, x2: W, y1: y(v), y2: y(v), class: v ? 'grid' : 'axis' }),
      h('text', { x: L - 6, y: y(v) + 4, class: 'tick', 'text-anchor': 'end' }, num(Math.round(v))));
  }
  values.forEach((v, i) => {
    if (v > 0) {
      svg.append(h('rect', { x: L + i * w + w * 0.12, y: y(v), width: Math.max(1, w * 0.76), height: y(0) - y(v), class: 'bar' },
        h('title', {}, `${labels[i]}: ${num(v)}`)));
    }
    if (i % labelEvery === 0) svg.append(h('text', { x: L + (i + 0.5) * w, y: H - 8, class: 'tick', 'text-anchor': 'middle' }, labels[i]));
  });
  return svg;
}

/// Horizontal bars in HTML, the longest first (at most `limit`; the table has them all).
function bars(items, limit = 12) {
  const max = Math.max(1, ...items.map((i) => i.count));
  const list = h('ol', { class: 'bars', 'aria-hidden': 'true' }, items.slice(0, limit).map((i) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${(100 * i.count) / max}%`; // element.style: allowed by the CSP, unlike a style attribute
    return h('li', {}, h('span', { class: 'name' }, i.name), h('span', { class: 'track' }, bar), h('span', { class: 'value' }, num(i.count)));
  }));
  return [list, items.length > limit ? h('p', { class: 'more' }, T[lang].more(items.length - limit)) : null];
}

function section(id, title, ...content) {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

/// The map's font stylesheets, if the build made them where they were: the language buttons'
/// names, and Chinese text on a Chinese page. Without them the system's fonts are used.
function fonts() {
  const add = (href) => {
    if (!document.querySelector(`link[href="${href}"]`)) document.head.append(h('link', { rel: 'stylesheet', href }));
  };
  add('../fonts/languages.css');
  if (lang === 'zh') add('../fonts/noto-sans-sc.css');
}

function render() {
  const t = T[lang];
  fonts();
  document.documentElement.lang = lang;
  document.title = t.title;
  $('title').textContent = t.title;
  $('from-label').textContent = t.from;
  $('to-label').textContent = t.to;
  $('show').textContent = t.show;
  $('csv').textContent = t.csv;
  $('token-label').textContent = t.token;
  $('token-use').textContent = t.use;
  for (const b of document.querySelectorAll('#languages button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  const report = $('report');
  report.replaceChildren();
  if (!data) return;
  $('status').textContent = t.loaded(day(data.from, true), day(data.to, true));

  if (health) {
    const age = health.ageSeconds === null ? t.noBeat : t.lastBeat(duration(health.ageSeconds * 1000));
    $('health').hidden = false;
    $('health').className = `health ${health.verdict}`;
    $('health').textContent = `${t.health[health.verdict] ?? health.verdict} (${age})`;
  }

  const v = data.visits;
  const glance = [
    [t.visits, num(v.total)],
    [t.medianVisit, duration(v.lengthMs.median)],
    [t.p90Visit, duration(v.lengthMs.p90)],
    [t.qr, num(data.qr.total)],
    [t.attract, num(data.attractInterruptions)],
    [t.stillAnswered, num(data.stillThere.answered)],
    [t.stillUnanswered, num(data.stillThere.unanswered)],
    [t.errors, num(data.errors.total)],
    [t.recoveries, num(data.recoveries.total)],
    [t.events, num(data.events)],
    [t.dropped, num(data.dropped)],
  ];
  report.append(section('glance', t.glance,
    v.total === 0 ? h('p', { class: 'empty' }, t.empty) : null,
    h('dl', { class: 'glance' }, glance.map(([k, val]) => h('div', {}, h('dt', {}, k), h('dd', {}, val))))));

  const dayLabels = v.byDay.map((d) => day(d.day));
  const best = v.byDay.reduce((a, b) => (b.visits > a.visits ? b : a), v.byDay[0]);
  report.append(section('per-day', t.perDay,
    h('figure', {}, columns(v.byDay.map((d) => d.visits), dayLabels, Math.ceil(v.byDay.length / 10),
      t.chartDays(num(v.total), num(best?.visits ?? 0), best ? day(best.day) : '–'))),
    table(t.perDay, [t.day, t.visits], v.byDay.map((d, i) => [dayLabels[i], num(d.visits)]))));

  const hours = v.byHour.map((_, i) => String(i).padStart(2, '0'));
  const busiest = v.byHour.indexOf(Math.max(...v.byHour));
  report.append(section('per-hour', t.perHour,
    h('figure', {}, columns(v.byHour, hours, 3, t.chartHours(hours[busiest]))),
    table(t.perHour, [t.hour, t.visits], v.byHour.map((n, i) => [`${hours[i]}:00`, num(n)]))));

  const opened = [['route', t.routes], ['event', t.eventsOpened], ['chapter', t.chapters]].map(([what, title]) => {
    const items = data.opened[what].map((i) => ({ ...i, name: itemName(what, i.id) }));
    const id = `opened-${what}`;
    return h('section', { 'aria-labelledby': id }, h('h3', { id }, title),
      items.length ? [bars(items), table(title, [t.name, t.count, t.medianOpen], items.map((i) => [i.name, num(i.count), duration(i.medianMs)]))]
        : h('p', { class: 'empty' }, t.noneOpened));
  });
  report.append(section('opened', t.opened, ...opened));

  const langs = data.languages.map((l) => ({ name: t.langNames[l.language] ?? l.language, count: l.switches }));
  report.append(section('langs', t.languages, bars(langs),
    table(t.languages, [t.language, t.switches], langs.map((l) => [l.name, num(l.count)]))));

  const codes = [...data.errors.byKey.map((k) => [t.error, k.key, k.count]), ...data.recoveries.byKey.map((k) => [t.recovery, k.key, k.count])];
  if (codes.length) {
    report.append(section('codes', t.errorCodes,
      h('table', {}, h('thead', {}, h('tr', {}, [t.kind, t.code, t.count].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, codes.map(([kind, code, n]) => h('tr', {}, h('th', { scope: 'row' }, kind), h('td', {}, code), h('td', {}, num(n))))))));
  }
}

for (const b of document.querySelectorAll('#languages button')) {
  b.addEventListener('click', () => {
    lang = b.dataset.lang;
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    render();
  });
}
$('range').addEventListener('submit', (e) => {
  e.preventDefault();
  load();
});
$('csv').addEventListener('click', downloadCsv);
$('token-form').addEventListener('submit', (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  load();
});

if (params.get('from')) $('from').value = params.get('from');
if (params.get('to')) $('to').value = params.get('to');
render();
await loadNames();
await load();
