// A tiny static server for the benchmark: serves the repository's www/, bench/ and the npm
// packages the peers use, with COOP/COEP (so performance.now() has 5 µs resolution) and
// Cache-Control: no-store (every cold start fetches everything). Not for production: the
// product row runs the page's own server (startProductServer, below).
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve, extname, sep, join } from 'node:path';
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

/// The product's own server (target/server/supply-routes-server, built by make build) over
/// dist/ (www/ as scripts/build-site.mjs builds it) on a free port, as a kiosk or a reader gets
/// the page; its statistics go to a folder thrown away at close(). Resolves to { origin, close }.
export async function startProductServer() {
  const bin = join(ROOT, 'target/server/supply-routes-server');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run make build first`);
  const data = mkdtempSync(join(tmpdir(), 'supply-routes-bench-'));
  const child = spawn(bin, [], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ROOT: join(ROOT, 'dist'), DATA: data },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Never left running after the benchmark, even one that stops on an error.
  process.on('exit', () => child.kill());
  const origin = await new Promise((ok, fail) => {
    child.stdout.on('data', (d) => {
      const m = /(http:\/\/[^/\s]+)\//.exec(String(d));
      if (m) ok(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`the product's server exited with ${code}`)));
  });
  return { origin, close: () => { child.kill(); rmSync(data, { recursive: true, force: true }); } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startServer(Number(process.env.PORT ?? 8090));
  console.log(`bench server: http://127.0.0.1:${server.address().port}/bench/pages/`);
}
