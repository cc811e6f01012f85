#!/usr/bin/env node
// The pseudo-locale en-XA, made from English, for the browser test of languages
// (tests/e2e/languages.spec.js); never shipped to visitors. Every letter is accented, each text is
// about 35 % longer and wrapped in brackets, so a text the page shows that is not in brackets and
// accented was written into the code, and a card too tight for a longer language shows it:
//   "Burma Road" -> "[Ɓûŕṁå~~ Ŕöåð~~]"
// The core counts words as runs of letters and digits (src/data/text.rs word_count), so the
// padding is `~`, which joins what is around it: no text gains a word, and digits and
// {placeholders} stay as they are.
//
// Writes into OUT (default target/pseudo-locale/) a copy of the geodata's files with an "en-XA"
// text beside every English one, interface/ with en-XA.json added, and languages.json with en-XA
// last:
//   node scripts/pseudo-locale.mjs [OUT]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const PSEUDO = 'en-XA';
const GROWTH = 0.35;

const ACCENTED = Object.fromEntries([
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('').map((c, i) => [c, 'ÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'[i]]),
  ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c, i) => [c, 'åƀçðéƒĝĥîĵķļṁñöþǫŕšţûṽŵẋýž'[i]]),
]);

/// `text` in en-XA: letters accented, `{placeholders}` and digits kept, `~` after the words
/// making it about 35 % longer, in brackets.
export function pseudo(text) {
  const letters = text.replace(/\{\w+\}/g, '').match(/[A-Za-z]+/g) ?? [];
  const total = letters.reduce((n, w) => n + w.length, 0);
  let extra = Math.max(0, Math.round(text.length * GROWTH) - 2); // the brackets are two
  let owed = 0;
  const body = text.split(/(\{\w+\})/).map((part) => {
    if (/^\{\w+\}$/.test(part)) return part;
    return part.replace(/[A-Za-z]+/g, (word) => {
      owed += total ? (word.length / total) * extra : 0;
      const pad = Math.floor(owed);
      owed -= pad;
      return [...word].map((c) => ACCENTED[c]).join('') + '~'.repeat(pad);
    });
  }).join('');
  extra = Math.round(owed);
  return `[${body}${'~'.repeat(extra)}]`;
}

/// A copy of `value` with an en-XA text beside every English one in a {"en": …} object of texts.
function withPseudo(value, first) {
  if (Array.isArray(value)) return value.map((v) => withPseudo(v, first));
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (typeof value[first] === 'string' && entries.every(([, v]) => typeof v === 'string')) {
    return { ...value, [PSEUDO]: pseudo(value[first]) };
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, withPseudo(v, first)]));
}

/// Writes the pseudo set into `out` from the geodata folder `geodata`; returns what it wrote.
export function writePseudoSet(geodata, out) {
  const languages = JSON.parse(readFileSync(join(geodata, 'languages.json'), 'utf8'));
  const first = languages[0].code;
  mkdirSync(join(out, 'interface'), { recursive: true });
  const written = [];
  const put = (name, value) => { writeFileSync(join(out, name), `${JSON.stringify(value, null, 1)}\n`); written.push(name); };
  for (const name of readdirSync(geodata).filter((f) => /\.(geo)?json$/.test(f) && f !== 'languages.json')) {
    put(name, withPseudo(JSON.parse(readFileSync(join(geodata, name), 'utf8')), first));
  }
  for (const name of readdirSync(join(geodata, 'interface')).filter((f) => f.endsWith('.json'))) {
    put(`interface/${name}`, JSON.parse(readFileSync(join(geodata, 'interface', name), 'utf8')));
  }
  const english = JSON.parse(readFileSync(join(geodata, 'interface', `${first}.json`), 'utf8'));
  put(`interface/${PSEUDO}.json`, Object.fromEntries(Object.entries(english).map(([k, v]) => [k, pseudo(v)])));
  const base = languages[0];
  put('languages.json', [...languages, { code: PSEUDO, name: pseudo('English'), dir: base.dir, fonts: base.fonts ?? [], locale: PSEUDO }]);
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const repo = resolve(new URL('..', import.meta.url).pathname);
  const out = resolve(process.argv[2] ?? join(repo, 'target/pseudo-locale'));
  const written = writePseudoSet(join(repo, 'geodata'), out);
  console.log(`pseudo-locale: ${written.length} files in ${out}`);
}
