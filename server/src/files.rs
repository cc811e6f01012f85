//! Serves the files under the root (www/) with the promises the Node server it replaced made and
//! tests/e2e/serve.spec.js checks: MIME types, revalidation (weak ETag, Last-Modified, 304),
//! and no path that reaches outside the root. Adds what issue 23 asks of the server:
//! precompressed siblings (`file.br`, `file.gz`) by content negotiation, and year-long
//! immutable caching for content-hashed names.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

/// A plain-text answer that no cache keeps (errors, refusals).
pub fn text(status: StatusCode, message: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        format!("{message}\n"),
    )
        .into_response()
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json; charset=utf-8",
        "geojson" => "application/geo+json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A content-hashed name (`main.3fa2c1d9.js`: a segment of 8 or more hex digits just before
/// the extension) never changes content, so a reader may keep it a year without asking.
/// Fonts are copies of pinned npm packages: a day. Everything else (the page, kiosk.json,
/// unhashed code and data) is revalidated on every load, so a new build shows at once.
pub fn cache_control(name: &str) -> &'static str {
    let parts: Vec<&str> = name.split('.').collect();
    let hashed = parts.len() >= 3 && {
        let h = parts[parts.len() - 2];
        h.len() >= 8 && h.bytes().all(|b| b.is_ascii_hexdigit())
    };
    if hashed {
        return "public, max-age=31536000, immutable";
    }
    match parts.last().map(|e| e.to_ascii_lowercase()).as_deref() {
        Some("woff2" | "woff") if parts.len() > 1 => "public, max-age=86400",
        _ => "no-cache",
    }
}

/// Why a request target is refused before the file system is asked.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Not a path, or malformed percent-encoding or UTF-8.
    BadRequest,
    /// Anything that could step outside the root or that only an attacker would send.
    Forbidden,
}

/// The decoded path of a request target (`/a/b.js`), or why it is refused. Works on the raw
/// target, before any normalisation could fold a `/../` away unseen.
pub fn decode_target(raw_path: &str) -> Result<String, Refusal> {
    if !raw_path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let bytes = raw_path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: u8| (b as char).to_digit(16);
            match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => out.push((h * 16 + l) as u8),
                _ => return Err(Refusal::BadRequest),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).map_err(|_| Refusal::BadRequest)?;
    // A percent sign left after decoding is double encoding; a backslash is a Windows separator.
    if path.chars().any(|c| c == '\\' || c == '%' || c.is_ascii_control()) {
        return Err(Refusal::Forbidden);
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len() - 1;
    if segments
        .iter()
        .enumerate()
        .any(|(i, s)| s.starts_with('.') || (s.is_empty() && i < last))
    {
        return Err(Refusal::Forbidden);
    }
    Ok(path)
}

/// The root's files, looked up with symlinks followed and any real path outside refused.
pub struct Files {
    root: PathBuf,
}

/// A file found under the root.
struct Found {
    real: PathBuf,
    meta: std::fs::Metadata,
}

enum Lookup {
    File(Found),
    /// A folder named without its trailing slash: the page inside needs it for relative URLs.
    Folder,
    Missing,
}

impl Files {
    pub fn new(root: &Path) -> io::Result<Files> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a folder", root.display()),
            ));
        }
        Ok(Files { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The real path of `path` if it is inside the root.
    fn inside(&self, path: &Path) -> Option<PathBuf> {
        let real = path.canonicalize().ok()?;
        real.starts_with(&self.root).then_some(real)
    }

    fn lookup(&self, decoded: &str) -> Lookup {
        let Some(real) = self.inside(&self.root.join(decoded.trim_start_matches('/'))) else {
            return Lookup::Missing;
        };
        let Ok(meta) = real.metadata() else {
            return Lookup::Missing;
        };
        if meta.is_dir() {
            if !decoded.ends_with('/') {
                return Lookup::Folder;
            }
            let Some(index) = self.inside(&real.join("index.html")) else {
                return Lookup::Missing;
            };
            return match index.metadata() {
                Ok(meta) if meta.is_file() => Lookup::File(Found { real: index, meta }),
                _ => Lookup::Missing,
            };
        }
        if meta.is_file() {
            Lookup::File(Found { real, meta })
        } else {
            Lookup::Missing
        }
    }

    /// A precompressed sibling (`name.br`, `name.gz`) that the client accepts, inside the root
    /// and no older than the file itself (a stale one is never served as current). Also says
    /// whether any sibling exists, so that caches are told the answer varies.
    fn sibling(&self, found: &Found, accept: &str) -> (Option<(&'static str, Found)>, bool) {
        let mut any = false;
        let mut chosen = None;
        for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
            let mut name = found.real.clone().into_os_string();
            name.push(".");
            name.push(suffix);
            let Some(real) = self.inside(Path::new(&name)) else {
                continue;
            };
            let Ok(meta) = real.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            any = true;
            let fresh = match (meta.modified(), found.meta.modified()) {
                (Ok(sib), Ok(orig)) => sib >= orig,
                _ => false,
            };
            if chosen.is_none() && fresh && accepts(accept, encoding) {
                chosen = Some((encoding, Found { real, meta }));
            }
        }
        (chosen, any)
    }

    /// Answers a request for a file: GET and HEAD only.
    pub async fn serve(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Response {
        if method != Method::GET && method != Method::HEAD {
            let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed");
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return r;
        }
        let decoded = match decode_target(uri.path()) {
            Ok(p) => p,
            Err(Refusal::BadRequest) => return text(StatusCode::BAD_REQUEST, "Bad request"),
            Err(Refusal::Forbidden) => return text(StatusCode::FORBIDDEN, "Forbidden"),
        };
        let found = match self.lookup(&decoded) {
            Lookup::File(found) => found,
            Lookup::Missing => return text(StatusCode::NOT_FOUND, "Not found"),
            Lookup::Folder => {
                // The raw path (still percent-encoded, already checked) plus the slash.
                let location = match uri.query() {
                    Some(q) => format!("{}/?{q}", uri.path()),
                    None => format!("{}/", uri.path()),
                };
                let mut r = text(StatusCode::MOVED_PERMANENTLY, "Moved");
                if let Ok(v) = HeaderValue::from_str(&location) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                return r;
            }
        };
        let name = found
            .real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = found
            .real
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let accept = headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let (variant, varies) = self.sibling(&found, accept);
        let (encoding, sent) = match variant {
            Some((encoding, file)) => (Some(encoding), file),
            None => (None, found),
        };

        let modified = sent.meta.modified().unwrap_or(UNIX_EPOCH);
        let mtime_ms = modified.duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
        let etag = format!("W/\"{:x}-{:x}\"", sent.meta.len(), mtime_ms);
        let last_modified = httpdate::fmt_http_date(modified);
        let mut builder = Response::builder()
            .header(header::CONTENT_TYPE, content_type(&ext))
            .header(header::CACHE_CONTROL, cache_control(&name))
            .header(header::ETAG, &etag)
            .header(header::LAST_MODIFIED, last_modified);
        if let Some(encoding) = encoding {
            builder = builder.header(header::CONTENT_ENCODING, encoding);
        }
        if varies {
            builder = builder.header(header::VARY, "Accept-Encoding");
        }
        if not_modified(headers, &etag, modified) {
            return builder
                .status(StatusCode::NOT_MODIFIED)
                .body(Body::empty())
                .unwrap_or_else(|_| internal());
        }
        builder = builder
            .status(StatusCode::OK)
            .header(header::CONTENT_LENGTH, sent.meta.len());
        if method == Method::HEAD {
            return builder.body(Body::empty()).unwrap_or_else(|_| internal());
        }
        // A file removed or unreadable mid-request ends that response only, never the server.
        match tokio::fs::File::open(&sent.real).await {
            Ok(file) => builder
                .body(Body::from_stream(tokio_util::io::ReaderStream::new(file)))
                .unwrap_or_else(|_| internal()),
            Err(_) => text(StatusCode::NOT_FOUND, "Not found"),
        }
    }
}

fn internal() -> Response {
    text(StatusCode::INTERNAL_SERVER_ERROR, "Internal error")
}

/// Whether `Accept-Encoding` allows `encoding` (named, or `*`, with a q above 0).
pub fn accepts(accept: &str, encoding: &str) -> bool {
    let mut named = None;
    let mut star = None;
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let token = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        if token == encoding {
            named = Some(q > 0.0);
        } else if token == "*" {
            star = Some(q > 0.0);
        }
    }
    named.or(star).unwrap_or(false)
}

/// If-None-Match (weak comparison) wins over If-Modified-Since, as in RFC 9110.
fn not_modified(headers: &HeaderMap, etag: &str, modified: SystemTime) -> bool {
    let bare = etag.trim_start_matches("W/");
    if let Some(inm) = headers.get(header::IF_NONE_MATCH) {
        let Ok(inm) = inm.to_str() else { return false };
        return inm
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == bare);
    }
    let Some(ims) = headers.get(header::IF_MODIFIED_SINCE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let Ok(since) = httpdate::parse_http_date(ims) else {
        return false;
    };
    let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    secs(modified) <= secs(since)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_could_leave_the_root() {
        for target in [
            "/../a",
            "/%2e%2e/a",
            "/.%2e/a",
            "/..%2fa",
            "/a%5c..",
            "/%252e",
            "/%00",
            "/.git/x",
            "//etc",
            "/./a",
        ] {
            assert!(decode_target(target).is_err(), "{target}");
        }
        for target in ["/%", "/%zz", "/%c0%ae", "a", ""] {
            assert_eq!(decode_target(target), Err(Refusal::BadRequest), "{target}");
        }
        assert_eq!(decode_target("/data/%E6%96%87.json").as_deref(), Ok("/data/文.json"));
        assert_eq!(decode_target("/stats/").as_deref(), Ok("/stats/"));
    }

    #[test]
    fn hashed_names_are_immutable() {
        assert_eq!(cache_control("main.3fa2c1d9.js"), "public, max-age=31536000, immutable");
        assert_eq!(
            cache_control("supply_routes_bg.0123456789abcdef.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("main.3fa2c1d.js"), "no-cache"); // 7 digits: not a hash
        assert_eq!(cache_control("deadbeef.js"), "no-cache"); // the name itself, not a hash segment
        assert_eq!(cache_control("main.3fa2c1dg.js"), "no-cache");
        assert_eq!(
            cache_control("noto-sans-latin-400-normal.woff2"),
            "public, max-age=86400"
        );
        assert_eq!(cache_control("index.html"), "no-cache");
    }

    #[test]
    fn negotiates_encodings() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*, br;q=0", "br"));
        assert!(!accepts("identity", "gzip"));
    }
}
