// Serves www/ on 127.0.0.1 (PORT, default 8080; 0 picks a free port) with correct MIME types,
// revalidated caching (ETag and Last-Modified) and security headers, and refuses any path that
// could reach outside www/. Zero dependencies: a kiosk runs it with the system's Node.
// ROOT serves another folder instead of www/ (the server's own tests use it).
import { createServer } from 'node:http';
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { resolve, sep, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = realpathSync(resolve(process.env.ROOT ?? fileURLToPath(new URL('../www', import.meta.url))));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

// Fonts are copies of pinned npm packages and change only with them: a day of caching saves the
// kiosk nothing but spares an embedding page a revalidation per font. Everything else (page,
// code, data) is revalidated on every load, so a new build never mixes with a stale file.
const CACHE = {
  '.woff2': 'public, max-age=86400',
  '.woff': 'public, max-age=86400',
};

// Only same-origin scripts, plus 'wasm-unsafe-eval' to compile the core; no inline script or
// style attribute in the markup (styles set from script through element.style are allowed by
// CSP). No frame-ancestors directive and no X-Frame-Options: newspapers may embed the map.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

function send(res, status, text, extra = {}) {
  const body = Buffer.from(text);
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...SECURITY,
    ...extra,
  });
  res.end(body);
}

/// The file under root that a request path names, or an HTTP status to refuse it with.
function locate(rawUrl) {
  // The raw target, before any URL normalisation could fold "/../" away unseen.
  const target = (rawUrl ?? '/').split('?')[0].split('#')[0];
  if (!target.startsWith('/')) return { status: 400 };
  let path;
  try {
    path = decodeURIComponent(target);
  } catch {
    return { status: 400 }; // malformed percent-encoding
  }
  // Anything that could step outside root, or that only an attacker would send: NUL bytes,
  // backslashes, "." or ".." segments (plain or percent-encoded), a percent sign left after
  // decoding (double encoding), empty segments, and hidden files.
  const segments = path.split('/').slice(1);
  if (
    /[\0\\%]/.test(path) ||
    /[\0-\x1f\x7f]/.test(path) ||
    segments.some((s, i) => s === '.' || s === '..' || s.startsWith('.') || (s === '' && i < segments.length - 1))
  ) {
    return { status: 403 };
  }
  const file = resolve(join(root, path));
  if (file !== root && !file.startsWith(root + sep)) return { status: 403 };
  return { file };
}

/// Follows symlinks and refuses any file whose real path is outside root.
function open(file) {
  let real = realpathSync(file);
  if (real !== root && !real.startsWith(root + sep)) return null;
  let stat = statSync(real);
  if (stat.isDirectory()) {
    real = realpathSync(join(real, 'index.html'));
    if (!real.startsWith(root + sep)) return null;
    stat = statSync(real);
  }
  return stat.isFile() ? { real, stat } : null;
}

function notModified(req, etag, mtime) {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').map((t) => t.trim().replace(/^W\//, '')).some((t) => t === '*' || t === etag.replace(/^W\//, ''));
  }
  const ims = Date.parse(req.headers['if-modified-since'] ?? '');
  return Number.isFinite(ims) && Math.floor(mtime.getTime() / 1000) * 1000 <= ims;
}

const server = createServer((req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
  const where = locate(req.url);
  if (where.status) return send(res, where.status, where.status === 400 ? 'Bad request\n' : 'Forbidden\n');
  let found;
  try {
    found = open(where.file);
  } catch {
    found = null;
  }
  if (!found) return send(res, 404, 'Not found\n');
  const { real, stat } = found;
  const ext = extname(real).toLowerCase();
  const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': CACHE[ext] ?? 'no-cache',
    ETag: etag,
    'Last-Modified': stat.mtime.toUTCString(),
    ...SECURITY,
  };
  if (notModified(req, etag, stat.mtime)) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, { ...headers, 'Content-Length': stat.size });
  if (req.method === 'HEAD') return res.end();
  // A file removed or unreadable mid-request ends that response only, never the server.
  createReadStream(real)
    .on('error', () => res.destroy())
    .pipe(res);
});

// A client that sends garbage gets a 400 from Node; nothing a client does stops the server.
server.on('clientError', (err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  else socket.destroy();
});

server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`Supply Routes: http://${host}:${actual}/`);
});
