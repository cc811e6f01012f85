// Copies the web fonts into www/fonts so the page needs no network (a kiosk may have none):
// Noto Sans (Latin, Cyrillic) and Noto Sans SC for Chinese. Noto Sans SC comes split into ~100
// unicode-range subsets; the browser fetches only the subsets a page's text uses, so a
// Chinese page loads a few hundred KB, not the 2.4 MB per weight of the whole set.
import { readFileSync, writeFileSync, copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';

const require = createRequire(import.meta.url);
const out = process.argv[2] ?? 'www/fonts';
mkdirSync(out, { recursive: true });

const copy = (from, name) => {
  const to = join(out, name);
  if (!existsSync(to)) copyFileSync(from, to);
};

const sans = dirname(require.resolve('@fontsource/noto-sans/package.json'));
for (const subset of ['latin', 'cyrillic']) {
  for (const weight of [400, 700]) copy(join(sans, 'files', `noto-sans-${subset}-${weight}-normal.woff2`), `noto-sans-${subset}-${weight}-normal.woff2`);
}

// Noto Sans SC: keep its CJK subsets (Noto Sans already covers Latin and Cyrillic), woff2 only.
const sc = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'));
let css = '/* Noto Sans SC (SIL OFL 1.1), from @fontsource/noto-sans-sc; built by scripts/build-fonts.mjs */\n';
for (const weight of [400, 700]) {
  const source = readFileSync(join(sc, `${weight}.css`), 'utf8');
  for (const block of source.split('@font-face').slice(1)) {
    const file = block.match(/files\/(noto-sans-sc-\d+-\d+-normal\.woff2)/)?.[1];
    const range = block.match(/unicode-range:\s*([^;]+);/)?.[1];
    if (!file || !range) continue; // the latin, cyrillic and vietnamese subsets
    copy(join(sc, 'files', file), file);
    css += `@font-face{font-family:'Noto Sans SC';font-style:normal;font-display:swap;font-weight:${weight};src:url(${file}) format('woff2');unicode-range:${range}}\n`;
  }
}
writeFileSync(join(out, 'noto-sans-sc.css'), css);

// The language buttons name each language in its own script, on every page: an English page
// would otherwise fetch two Noto Sans SC subsets per weight (about 65 KB each) and the 180 KB
// stylesheet above for the two glyphs of 中文. So those glyphs get a family of their own,
// 'Supply Routes Languages', cut from the same subsets (subset-font, harfbuzz) for the names
// geodata/languages.json gives: a few hundred bytes per weight, and the page loads
// noto-sans-sc.css only when it shows Chinese.
const languages = JSON.parse(readFileSync(new URL('../geodata/languages.json', import.meta.url), 'utf8'));
const rangesOf = (range) => range.split(',').map((r) => r.trim().replace(/^U\+/i, '').split('-').map((h) => parseInt(h, 16)));
const covers = (ranges, cp) => ranges.some(([a, b = a]) => cp >= a && cp <= b);
const names = [...new Set(languages.map((l) => l.name).join(''))].filter((c) => c.codePointAt(0) >= 0x2e80);
let namesCss = '/* The languages\' names in Noto Sans SC (SIL OFL 1.1), subset by scripts/build-fonts.mjs */\n';
for (const weight of [400, 700]) {
  const source = readFileSync(join(sc, `${weight}.css`), 'utf8');
  for (const block of source.split('@font-face').slice(1)) {
    const file = block.match(/files\/(noto-sans-sc-(\d+)-\d+-normal\.woff2)/);
    const range = block.match(/unicode-range:\s*([^;]+);/)?.[1];
    if (!file || !range) continue;
    const chars = names.filter((c) => covers(rangesOf(range), c.codePointAt(0)));
    if (!chars.length) continue;
    const name = `languages-${file[2]}-${weight}.woff2`;
    writeFileSync(join(out, name), await subsetFont(readFileSync(join(sc, 'files', file[1])), chars.join(''), { targetFormat: 'woff2' }));
    const codes = chars.map((c) => `U+${c.codePointAt(0).toString(16)}`).join(',');
    namesCss += `@font-face{font-family:'Supply Routes Languages';font-style:normal;font-display:swap;font-weight:${weight};src:url(${name}) format('woff2');unicode-range:${codes}}\n`;
  }
}
writeFileSync(join(out, 'languages.css'), namesCss);
