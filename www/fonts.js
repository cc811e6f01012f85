// The web fonts that canvas text and the language buttons need, asked for when they are
// needed: canvas text fetches no font file by itself, and draws in a stand-in until it is in.

// A language names the font faces its texts need (`fonts` in geodata/languages.json); a face
// that is not in every page's stylesheet comes as a stylesheet of its own, added the first time a
// language that needs it is chosen. Noto Sans SC comes as a stylesheet of the unicode-range
// subsets that hold a character of our texts (scripts/build-fonts.mjs): the browser then fetches
// only the subsets text uses. The Chinese that other pages show (the language buttons' 中文, the
// sources' own titles) has a family of its own, cut to those glyphs (fonts/languages.css).
// Both stylesheets are added from here rather than linked by index.html, so that neither holds
// up the page's first paint: what they serve is drawn by script, after the core is up.
// (Each is named beside this module, so that the build gives it its content-hashed name.)
const FACE_STYLESHEETS = {
  'Noto Sans SC': new URL('fonts/noto-sans-sc.css', import.meta.url),
};
const added = new Map(); // face -> Promise of its stylesheet
let everyPageCss = null;

/// Adds the stylesheet at `href`; resolves when it is in, or failed (the system's fonts stand in).
const stylesheet = (href) => new Promise((resolve) => {
  const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href });
  link.addEventListener('load', resolve);
  link.addEventListener('error', resolve);
  document.head.append(link);
});

/// Adds the stylesheet of each face in `faces` that has one (once each); resolves when they are
/// in, or failed. A face every page has (Noto Sans, in style.css) needs nothing.
export function fontFaces(faces) {
  return Promise.all(faces.filter((f) => Object.hasOwn(FACE_STYLESHEETS, f)).map((f) => {
    if (!added.has(f)) added.set(f, stylesheet(FACE_STYLESHEETS[f].href));
    return added.get(f);
  }));
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
    chinese ? fontFaces(['Noto Sans SC']).then(() => load("'Noto Sans SC'", chinese)) : null,
  ]).catch(() => {});
}

/// The language buttons name each language in its own script (the chosen one `lang` in bold):
/// adds the stylesheet of the Chinese every page shows (once), and asks for those glyphs' font
/// files before the buttons are laid out.
export function languageNameFonts(languages, lang) {
  everyPageCss ??= stylesheet(new URL('fonts/languages.css', import.meta.url).href);
  everyPageCss.then(() => {
    for (const { code, name } of languages) {
      document.fonts?.load(`${code === lang ? 700 : 400} 16px 'Noto Sans', 'Supply Routes Languages'`, name).catch(() => {});
    }
  });
}
