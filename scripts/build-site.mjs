#!/usr/bin/env node
// Builds the folder the server serves, dist/, from www/ (which stays the page's source: served
// by itself it still works, unhashed and uncompressed). What a reader's browser gets:
//   - the page's modules as one minified module per entry (esbuild: main, and kiosk.js, which
//     main imports only in kiosk mode, with the code they share in a chunk of its own);
//   - every file the page names (index.html's links, the modules' `new URL('…', import.meta.url)`,
//     the stylesheets' url()) under a content-hashed name, `main.3fa2c1d9e0.js`, which the server
//     lets a reader keep for a year (server/README.md): a new build changes the names of what
//     changed, and index.html (revalidated on every load) names the new ones;
//   - beside each text file, its brotli and gzip forms (name.br, name.gz), written after it, which
//     the server sends to a browser that accepts them.
// Everything else in www/ is copied under its own name (kiosk.json, the statistics page, the data
// for map.load('data/'), the modules for tests that import one), revalidated on every load.
// Files are replaced only when their content changes, each by a rename, so that a running server
// never serves half a file; hashed files of the build before stay one build longer (a page loaded
// just before may still ask for them), older ones go. Runs in about a second when little changed.
//   node scripts/build-site.mjs [--from www] [--to dist]
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, posix, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as Z } from 'node:zlib';
import * as esbuild from 'esbuild';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : dflt; };
const repo = resolve(new URL('..', import.meta.url).pathname);
const FROM = resolve(repo, opt('from', 'www'));
const TO = resolve(repo, opt('to', 'dist'));
const MANIFEST = join(TO, '.build.json');
const started = Date.now();

// Compressed forms are made for these; woff2, png and the like are compressed already.
const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.wasm', '.svg', '.bin', '.txt', '.map']);
/// A content-hashed name (as the server reads it: 8+ hex digits just before the extension).
const HASHED = /\.[0-9a-f]{8,}\.[^./]+$/;

const hex = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 10);
const withHash = (path, buf) => { const ext = extname(path); return `${path.slice(0, -ext.length)}.${hex(buf)}${ext}`; };
const posixRel = (from, to) => relative(from, to).split(sep).join('/');

/// Every file under `dir` (relative, '/'-separated), hidden ones left out.
function filesUnder(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((d) => !d.name.startsWith('.')).flatMap((d) => {
    const full = join(dir, d.name);
    return d.isDirectory() ? filesUnder(full, base) : d.isFile() ? [posixRel(base, full)] : [];
  });
}

// One build at a time in a folder (the browser tests build before they serve, and two helpers'
// runs may start together): a lock folder, taken over if its holder left it more than 2 min ago.
mkdirSync(TO, { recursive: true });
const LOCK = join(TO, '.lock');
for (let waited = 0; ; waited += 100) {
  try { mkdirSync(LOCK); break; } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 120_000) { rmSync(LOCK, { recursive: true, force: true }); continue; }
    if (waited > 120_000) throw new Error(`${LOCK} is held by another build`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
process.on('exit', () => rmSync(LOCK, { recursive: true, force: true }));

// The outputs: dist-relative name -> content. Written at the end, index.html last.
const out = new Map();

// 1. Files the page names get hashed names; a stylesheet's own url()s are hashed first, so its
// hash covers theirs.
const hashedName = new Map(); // www-relative name -> dist-relative hashed name
function hashed(rel) {
  if (hashedName.has(rel)) return hashedName.get(rel);
  const file = join(FROM, rel);
  if (!existsSync(file)) throw new Error(`build-site: ${rel} is named by the page but missing from ${posixRel(repo, FROM)}/`);
  let buf = readFileSync(file);
  if (rel.endsWith('.css')) {
    buf = Buffer.from(buf.toString('utf8').replace(/url\((['"]?)([^'")]+)\1\)/g, (all, q, url) => {
      if (/^(data:|[a-z]+:|\/|#)/i.test(url)) return all;
      const target = hashed(posix.join(posix.dirname(rel), url));
      return `url(${q}${posix.relative(posix.dirname(rel), target)}${q})`;
    }));
  }
  if (posix.basename(rel) === 'languages.json') buf = withInterfaceNames(rel, buf);
  const name = withHash(rel, buf);
  hashedName.set(rel, name);
  out.set(name, buf);
  return name;
}

/// A languages declaration names each language's interface file (interface/<code>.json beside
/// it, which the page fetches only when the language is chosen) by its hashed name, `interface`.
function withInterfaceNames(rel, buf) {
  const list = JSON.parse(buf.toString('utf8'));
  for (const entry of list) {
    const file = posix.join(posix.dirname(rel), 'interface', `${entry.code}.json`);
    if (existsSync(join(FROM, file))) entry.interface = posix.relative(posix.dirname(rel), hashed(file));
  }
  return Buffer.from(`${JSON.stringify(list)}\n`);
}

// 2. The modules, bundled. `new URL('x', import.meta.url)` names a file beside its module; the
// bundle lives at the root, so the name becomes the hashed file's path from the root.
const NEW_URL = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;
const assets = {
  name: 'assets',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, (a) => {
      const source = readFileSync(a.path, 'utf8');
      const from = posix.dirname(posixRel(FROM, a.path));
      const contents = source.replace(NEW_URL, (all, q, url) => `new URL(${q}${hashed(posix.normalize(posix.join(from, url)))}${q}, import.meta.url)`);
      return { contents, loader: 'js' };
    });
  },
};
const bundle = await esbuild.build({
  entryPoints: [join(FROM, 'main.js')], bundle: true, splitting: true, format: 'esm', target: 'es2022',
  minify: true, charset: 'utf8', legalComments: 'none', outdir: TO, write: false, metafile: true,
  chunkNames: '[name]-[hash]', plugins: [assets], logLevel: 'warning',
});
// esbuild's own names (main.js, kiosk-VFAU456K.js, chunk-AOLZGD4W.js) become content-hashed ones
// (main.3fa2c1d9e0.js), each chunk after those it imports, so that a name covers what it loads.
const chunks = new Map(bundle.outputFiles.map((f) => [posixRel(TO, f.path), f.text]));
const imports = new Map(Object.entries(bundle.metafile.outputs).map(([path, o]) => [posixRel(TO, resolve(repo, path)), o]));
const chunkName = new Map(); // esbuild's name -> ours
function nameChunk(name, seen = new Set()) {
  if (chunkName.has(name)) return chunkName.get(name);
  if (seen.has(name)) throw new Error(`build-site: the chunks import each other in a loop through ${name}`);
  seen.add(name);
  let text = chunks.get(name);
  for (const dep of imports.get(name).imports.map((i) => posixRel(TO, resolve(repo, i.path)))) {
    text = text.replaceAll(`./${posix.basename(dep)}`, `./${posix.basename(nameChunk(dep, seen))}`);
  }
  const buf = Buffer.from(text);
  const ours = withHash(name.replace(/-[A-Z0-9]{8}\.js$/, '.js'), buf);
  chunkName.set(name, ours);
  out.set(ours, buf);
  return ours;
}
for (const name of chunks.keys()) nameChunk(name);
const main = chunkName.get('main.js');
const mainImports = imports.get('main.js').imports.filter((i) => i.kind === 'import-statement').map((i) => chunkName.get(posixRel(TO, resolve(repo, i.path))));

// 3. index.html names the bundle, its chunks and the hashed files; the modulepreload links of
// the modules it was made of give way to those of the chunks main imports.
const page = readFileSync(join(FROM, 'index.html'), 'utf8').replace(/^[ \t]*<(link|script)\b[^>]*>(<\/script>)?[ \t]*\n?/gm, (tag) => {
  const attr = (n) => tag.match(new RegExp(`\\s${n}="([^"]*)"`))?.[1];
  const url = attr('href') ?? attr('src');
  if (!url || /^(data:|[a-z]+:|\/|#)/i.test(url)) return tag;
  if (attr('rel') === 'modulepreload') return '';
  if (tag.trimStart().startsWith('<script')) {
    if (url !== 'main.js') throw new Error(`build-site: index.html loads ${url}; only main.js is bundled`);
    const indent = tag.match(/^[ \t]*/)[0];
    return [tag.replace(`src="${url}"`, `src="${main}"`), ...mainImports.map((c) => `${indent}<link rel="modulepreload" href="${c}">\n`)].join('');
  }
  const link = tag.replace(`="${url}"`, `="${hashed(url)}"`);
  // The languages' declaration comes with its first language's interface file, which the page
  // reads with it (www/language.js): asked for at once too, under the name the declaration gives.
  if (attr('rel') === 'preload' && posix.basename(url) === 'languages.json') {
    const first = JSON.parse(out.get(hashed(url)).toString('utf8'))[0];
    if (first?.interface) return `${link}${link.replace(`="${hashed(url)}"`, `="${posix.join(posix.dirname(url), first.interface)}"`)}`;
  }
  return link;
});
out.set('index.html', Buffer.from(page));

// 4. Every other file of www/ under its own name.
for (const rel of filesUnder(FROM)) if (rel !== 'index.html') out.set(rel, readFileSync(join(FROM, rel)));

// 5. Written: each file only if its content changed (by a rename), then its compressed forms
// (after it: the server sends a form only when it is no older than the file); index.html last,
// once everything it names is in place.
const br = promisify(brotliCompress), gz = promisify(gzip);
const written = [];
function put(rel, buf) {
  const file = join(TO, rel);
  if (existsSync(file) && readFileSync(file).equals(buf)) return false;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${posix.basename(rel)}.${process.pid}.tmp`);
  writeFileSync(tmp, buf);
  renameSync(tmp, file);
  written.push(rel);
  return true;
}
const packed = new Map(); // content hash -> [brotli, gzip], for the same bytes under two names
async function compressed(rel, buf, changed) {
  if (!TEXT.has(extname(rel)) || buf.length < 256) return [];
  const mtime = statSync(join(TO, rel)).mtimeMs;
  const fresh = (s) => !changed && (statSync(join(TO, s), { throwIfNoEntry: false })?.mtimeMs ?? -1) >= mtime;
  const siblings = [`${rel}.br`, `${rel}.gz`];
  if (siblings.every(fresh)) return siblings;
  const key = hex(buf);
  if (!packed.has(key)) {
    packed.set(key, Promise.all([
      br(buf, { params: { [Z.BROTLI_PARAM_QUALITY]: 11, [Z.BROTLI_PARAM_SIZE_HINT]: buf.length } }),
      gz(buf, { level: 9 }),
    ]));
  }
  const [b, g] = await packed.get(key);
  // A form that saves less than a twentieth is not worth a second request path.
  const kept = [];
  for (const [name, data] of [[siblings[0], b], [siblings[1], g]]) {
    if (data.length < 0.95 * buf.length) {
      if (!put(name, data)) {
        // Same bytes as before, but older than the file now: touched by a rewrite.
        rmSync(join(TO, name));
        put(name, data);
      }
      kept.push(name);
    }
  }
  return kept;
}
const order = [...out.keys()].filter((r) => r !== 'index.html').sort();
order.push('index.html');
const keep = new Set();
const queue = [];
for (const rel of order) {
  const changed = put(rel, out.get(rel));
  keep.add(rel);
  if (rel === 'index.html') await Promise.all(queue); // its links resolve, compressed or not
  queue.push(compressed(rel, out.get(rel), changed).then((s) => s.forEach((n) => keep.add(n))));
  if (queue.length >= 8) await Promise.all(queue.splice(0));
}
await Promise.all(queue);

// 6. What neither this build nor the one before made goes; the hashed files of this build are
// remembered for the next.
const before = existsSync(MANIFEST) ? JSON.parse(readFileSync(MANIFEST, 'utf8')) : { hashed: [], previous: [] };
const hashedNow = [...keep].filter((r) => HASHED.test(r.replace(/\.(br|gz)$/, ''))).sort();
// "The build before" is the last one that made other files, not a rebuild of the same tree.
const previous = hashedNow.join() === before.hashed.join() ? before.previous : before.hashed;
const graced = new Set(previous.filter((r) => !keep.has(r)));
let removed = 0;
for (const rel of filesUnder(TO)) {
  if (keep.has(rel) || graced.has(rel)) continue;
  rmSync(join(TO, rel));
  removed += 1;
}
// Folders left empty.
const prune = (dir) => {
  for (const d of readdirSync(dir, { withFileTypes: true })) if (d.isDirectory() && !d.name.startsWith('.')) prune(join(dir, d.name));
  if (dir !== TO && readdirSync(dir).length === 0) rmdirSync(dir);
};
prune(TO);
writeFileSync(MANIFEST, `${JSON.stringify({ built: new Date().toISOString(), main, hashed: hashedNow, previous: [...graced].sort() }, null, 1)}\n`);

const size = (names) => names.reduce((n, r) => n + out.get(r).length, 0);
console.log(`build-site: ${posixRel(repo, TO)}/ ${main} (${(size([main, ...mainImports]) / 1024).toFixed(0)} KiB of modules), ${hashedName.size} hashed files, ${written.length} written, ${removed} removed, ${Date.now() - started} ms`);
