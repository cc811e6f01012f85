// A tiny static server for the benchmark: serves the repository's www/, bench/ and the npm
// packages the peers use, with COOP/COEP (so performance.now() has 5 µs resolution) and
// Cache-Control: no-store (every cold start fetches everything). Not for production: see
// scripts/serve.mjs for the page's own server.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { resolve, extname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const ALLOWED = ['/www/', '/bench/', '/node_modules/'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.geojson': 'application/geo+json; charset=utf-8',
  '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.woff2': 'font/woff2', '.png': 'image/png', '.svg': 'image/svg+xml',
};

export function startServer(port = 0, host = '127.0.0.1') {
  const server = createServer(async (req, res) => {
    const headers = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    };
    let path;
    try { path = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { path = ''; }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(ROOT, '.' + path);
    if (!ALLOWED.some((p) => path.startsWith(p)) || !file.startsWith(ROOT + sep) || path.includes('..')) {
      res.writeHead(404, headers); res.end(); return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404, headers); res.end();
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer(Number(process.env.PORT ?? 8090));
  console.log(`bench server: http://127.0.0.1:${server.address().port}/bench/pages/`);
}
