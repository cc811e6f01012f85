// Copies the web fonts into www/fonts so the page needs no network (a kiosk may have none):
// Noto Sans (Latin, Cyrillic) and Noto Sans SC for Chinese. Noto Sans SC comes split into ~100
// unicode-range subsets; the browser fetches only the subsets a page's text uses, and the
// stylesheet names only the subsets that hold a character of our texts (the geodata, the
// interface strings and the statistics page's strings), so a Chinese page parses a few dozen
// rules, not a hundred.
import { readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const out = process.argv[2] ?? 'www/fonts';
const repo = new URL('..', import.meta.url).pathname;
mkdirSync(out, { recursive: true });

const copy = (from, name) => {
  const to = join(out, name);
  if (!existsSync(to)) copyFileSync(from, to);
};

const sans = dirname(require.resolve('@fontsource/noto-sans/package.json'));
for (const subset of ['latin', 'cyrillic']) {
  for (const weight of [400, 700]) copy(join(sans, 'files', `noto-sans-${subset}-${weight}-normal.woff2`), `noto-sans-${subset}-${weight}-normal.woff2`);
}

// Chinese characters (CJK ideographs, punctuation and full-width forms), as www/fonts.js has it.
const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;
const chineseIn = (text) => new Set(text.match(CHINESE) ?? []);
const geodata = readdirSync(join(repo, 'geodata')).filter((f) => /\.(geo)?json$/.test(f)).sort()
  .map((f) => JSON.parse(readFileSync(join(repo, 'geodata', f), 'utf8')));

// Every character a Chinese page can show: the data, the interface and the statistics page.
const interfaceFiles = readdirSync(join(repo, 'geodata/interface')).filter((f) => f.endsWith('.json')).sort().map((f) => `geodata/interface/${f}`);
const texts = [...geodata.map((d) => JSON.stringify(d)), ...[...interfaceFiles, 'www/stats/stats.js'].map((f) => readFileSync(join(repo, f), 'utf8'))];
const used = chineseIn(texts.join(''));

// What a page in any language shows in Chinese: the language buttons' 中文, and the sources'
// titles, authors and notes in their own language (every string not under a "zh" key).
const languages = JSON.parse(readFileSync(join(repo, 'geodata/languages.json'), 'utf8'));
const names = chineseIn(languages.map((l) => l.name).join(''));
const quoted = new Set();
const walk = (value, key) => {
  if (key === 'zh') return;
  if (typeof value === 'string') {
    for (const c of chineseIn(value)) if (!names.has(c)) quoted.add(c);
  } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
};
geodata.forEach((d) => walk(d, null));

const rangesOf = (range) => range.split(',').map((r) => r.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h, 16)));
const covers = (ranges, cp) => ranges.some(([a, b = a]) => cp >= a && cp <= b);
/// Noto Sans SC's CJK subsets at `weight`: [{file, n, range, chars}] (`chars`: those of `set` in
/// its range); the latin, cyrillic and vietnamese subsets are left to Noto Sans.
const sc = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
function subsets(weight, set) {
  const source = readFileSync(join(sc, `${weight}.css`), 'utf8');
  const list = [];
  for (const block of source.split('@font-face').slice(1)) {
    const file = block.match(/files\/(noto-sans-sc-(\d+)-\d+-normal\.woff2)/);
    const range = block.match(/unicode-range:\s*([^;]+);/)?.[1];
    if (!file || !range) continue;
    const ranges = rangesOf(range);
    list.push({ file: file[1], n: file[2], range, chars: [...set].filter((c) => covers(ranges, c.codePointAt(0))) });
  }
  return list;
}

// Noto Sans SC for a Chinese page: the subsets that hold a character of our texts, woff2 only.
const kept = new Set();
let css = '/* Noto Sans SC (SIL OFL 1.1), from @fontsource/noto-sans-sc: the subsets our texts use; built by scripts/build-fonts.mjs */\n';
for (const weight of [400, 700]) {
  for (const { file, range, chars } of subsets(weight, used)) {
    if (!chars.length) continue;
    copy(join(sc, 'files', file), file);
    kept.add(file);
    css += `@font-face{font-family:'Noto Sans SC';font-style:normal;font-display:swap;font-weight:${weight};src:url(${file}) format('woff2');unicode-range:${range}}\n`;
  }
}
writeFileSync(join(out, 'noto-sans-sc.css'), css);

// The Chinese every page shows gets a family of its own, 'Supply Routes Languages', cut from the
// same subsets (subset-font, harfbuzz) to exactly those characters and loaded by every page
// (fonts/languages.css): an English or Russian page then never asks for noto-sans-sc.css, and
// fetches a cut file only when it shows one of its characters. The buttons' names are cut apart
// from the sources' characters, so that the 中文 on every page costs two files of about 700 bytes.
let namesCss = '/* The Chinese every page shows (the languages\' names, the sources\' own titles), in Noto Sans SC (SIL OFL 1.1), subset by scripts/build-fonts.mjs */\n';
for (const [prefix, set] of [['languages', names], ['sources', quoted]]) {
  for (const weight of [400, 700]) {
    for (const { file, n, chars } of subsets(weight, set)) {
      if (!chars.length) continue;
      const name = `${prefix}-${n}-${weight}.woff2`;
      kept.add(name);
      writeFileSync(join(out, name), await subsetFont(readFileSync(join(sc, 'files', file)), chars.join(''), { targetFormat: 'woff2' }));
      const codes = chars.map((c) => `U+${c.codePointAt(0).toString(16)}`).join(',');
      namesCss += `@font-face{font-family:'Supply Routes Languages';font-style:normal;font-display:swap;font-weight:${weight};src:url(${name}) format('woff2');unicode-range:${codes}}\n`;
    }
  }
}
// Subsets an earlier build needed and this one does not.
for (const f of readdirSync(out)) {
  if (/^(noto-sans-sc-\d+-\d+-normal|(languages|sources)-\d+-\d+)\.woff2$/.test(f) && !kept.has(f)) rmSync(join(out, f));
}
writeFileSync(join(out, 'languages.css'), namesCss);
console.log(`fonts: Noto Sans SC ${[...kept].filter((f) => f.startsWith('noto')).length} subset files for ${used.size} characters; ${names.size + quoted.size} characters every page shows in ${[...kept].filter((f) => !f.startsWith('noto')).length} cut files`);
