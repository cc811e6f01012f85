// The web fonts that canvas text and the language buttons need, asked for when they are
// needed: canvas text fetches no font file by itself, and draws in a stand-in until it is in.

// Noto Sans SC comes as a 180 KB stylesheet of ~100 unicode-range subsets. A Chinese page asks
// for it at once; other pages show Chinese only in some source titles (the language buttons'
// 中文 has its own two-glyph font, fonts/languages.css), so they ask for it once the map is
// ready, off the first frame's path. The browser then fetches only the subsets text uses.
let chineseCss = null;

/// Adds Noto Sans SC's stylesheet (once); resolves when it is in, or failed.
export function chineseFonts() {
  chineseCss ??= new Promise((resolve) => {
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: 'fonts/noto-sans-sc.css' });
    link.addEventListener('load', resolve);
    link.addEventListener('error', resolve); // the system's fonts stand in
    document.head.append(link);
  });
  return chineseCss;
}

// Chinese characters (CJK ideographs, punctuation and full-width forms), which Noto Sans lacks.
const CHINESE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/gu;

/// Loads the font files that canvas text `text` needs at 400 and 700 (Noto Sans for Latin and
/// Cyrillic, Noto Sans SC for Chinese). Resolves when they are in, or failed.
export function canvasFonts(text) {
  if (!document.fonts) return Promise.resolve();
  const chinese = text.match(CHINESE)?.join('');
  const load = (family, chars) => Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 16px ${family}`, chars)));
  return Promise.all([
    load("'Noto Sans'", text.replace(CHINESE, '')),
    chinese ? chineseFonts().then(() => load("'Noto Sans SC'", chinese)) : null,
  ]).catch(() => {});
}

/// The language buttons name each language in its own script (the chosen one `lang` in bold):
/// asks for those glyphs' font files before the buttons are laid out.
export function languageNameFonts(languages, lang) {
  for (const { code, name } of languages) {
    document.fonts?.load(`${code === lang ? 700 : 400} 16px 'Noto Sans', 'Supply Routes Languages'`, name).catch(() => {});
  }
}
