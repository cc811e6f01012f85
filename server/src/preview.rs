//! Preview mode (`make preview`, issue 20): curators see the geodata folder as it is on disk in
//! the page they know. Only with `--preview GEODATA`; without it none of this exists and the
//! paths below are 404s like any missing file.
//!
//! - `/_preview/geodata/NAME`: a file of GEODATA, read at each request, `no-store`.
//! - `/_preview/events`: server-sent events; `hello` on connecting, then `change` with the files
//!   that changed (`{"version": 3, "files": ["routes.geojson"]}`; `files` null if some were
//!   missed).
//! - `/_preview/NAME`: the preview client (preview/), `no-store`.
//! - `/` and `/index.html`: the page with the client's script and stylesheet added.
//!
//! The page itself still starts from the built data (dist/data/), so that a broken file on disk
//! never stops it: the client then hands the folder to map.load(), which lists its errors.
//!
//! Changes are found by polling the folder's sizes and times every 200 ms rather than through
//! inotify (the `notify` crate): a dozen `stat`s cost nothing, and polling sees every way an
//! editor saves (in place, or a new file renamed over the old, which drops an inotify watch on
//! the file) and works on folders inotify is blind to (network shares, a VM's or Docker's
//! shared folders, WSL's /mnt/c), with no event storm to debounce.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use tokio::sync::{broadcast, watch};

use crate::files::{self, Files};

/// How often the folder is looked at: a save shows in the page well within a second.
pub const POLL: Duration = Duration::from_millis(200);

/// What the page is told when files change.
#[derive(Clone, Debug)]
pub struct Change {
    pub version: u64,
    pub files: Vec<String>,
}

pub struct Preview {
    geodata: Files,
    client: Files,
    changes: broadcast::Sender<Change>,
    version: watch::Receiver<u64>,
    /// Set at shutdown: the open feeds end, so that a graceful stop does not wait on them.
    stopping: watch::Sender<bool>,
}

/// Each data file's size, modification time and, while that time is recent, a hash of its
/// bytes, by path relative to the folder.
type Snapshot = BTreeMap<String, (u64, Option<SystemTime>, Option<u64>)>;

/// Some file systems keep times to the second or two (FAT, HFS+, some shares): two saves of the
/// same size within one tick of their clock would look alike, so a file this recent is also
/// compared by its bytes (a few hundred kilobytes at most, from the page cache).
const COARSE_CLOCK: Duration = Duration::from_secs(3);

fn recent_hash(path: &Path, modified: Option<SystemTime>) -> Option<u64> {
    let age = modified.and_then(|m| SystemTime::now().duration_since(m).ok());
    if age.is_some_and(|a| a > COARSE_CLOCK) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(&bytes, &mut h);
    Some(std::hash::Hasher::finish(&h))
}

/// The JSON and GeoJSON files under `dir` (not hidden ones: editors' swap and lock files).
fn scan(dir: &Path) -> Snapshot {
    fn walk(base: &Path, dir: &Path, depth: usize, out: &mut Snapshot) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if meta.is_dir() && depth < 4 {
                walk(base, &path, depth + 1, out);
            } else if meta.is_file() && (name.ends_with(".json") || name.ends_with(".geojson")) {
                let rel = path
                    .strip_prefix(base)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                let modified = meta.modified().ok();
                out.insert(rel, (meta.len(), modified, recent_hash(&path, modified)));
            }
        }
    }
    let mut out = Snapshot::new();
    walk(dir, dir, 0, &mut out);
    out
}

/// Whether a file looks the same in two looks: size and time, and the contents' hash where
/// both looks have one. A hash is taken only while a file is recent, so a file that merely
/// grew older than COARSE_CLOCK between the looks (hash, then none) has not changed; comparing
/// the hashes' presence reported every file 3 s after a folder was copied (and the page,
/// seeing its interface files among them, reloaded itself: the preview test's flake).
fn same(a: &(u64, Option<SystemTime>, Option<u64>), b: &(u64, Option<SystemTime>, Option<u64>)) -> bool {
    a.0 == b.0 && a.1 == b.1 && (a.2.is_none() || b.2.is_none() || a.2 == b.2)
}

/// The files added, removed or changed between two looks.
fn changed(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut names: Vec<String> = after
        .iter()
        .filter(|(k, v)| before.get(*k).is_none_or(|b| !same(b, v)))
        .map(|(k, _)| k.clone())
        .collect();
    names.extend(before.keys().filter(|k| !after.contains_key(*k)).cloned());
    names.sort();
    names
}

/// A request target's path with `prefix` taken off (the rest starting with `/`), still raw.
fn under<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    path.strip_prefix(prefix).filter(|rest| rest.starts_with('/'))
}

fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The markup added before `</head>`: absolute paths, so any page under the root finds them.
const INJECTED: &str = "<link rel=\"stylesheet\" href=\"/_preview/preview.css\">\n\
<script type=\"module\" src=\"/_preview/client.js\"></script>\n";

impl Preview {
    /// Starts watching `geodata`; `client` is the preview client's folder.
    pub fn new(geodata: &Path, client: &Path) -> Result<Preview, String> {
        let geodata = Files::new(geodata).map_err(|e| format!("preview folder {}: {e}", geodata.display()))?;
        let client = Files::new(client).map_err(|e| format!("preview client {}: {e}", client.display()))?;
        let (changes, _) = broadcast::channel(64);
        let (version_tx, version) = watch::channel(0u64);
        let (stopping, _) = watch::channel(false);
        let dir: PathBuf = geodata.root().to_path_buf();
        let tx = changes.clone();
        // The first look is taken now, not when the thread first runs (late on a busy machine),
        // so that a save made once the server answers is never taken for the starting state.
        let mut last = scan(&dir);
        std::thread::Builder::new()
            .name("preview-poll".into())
            .spawn(move || {
                let mut version = 0u64;
                loop {
                    std::thread::sleep(POLL);
                    let now = scan(&dir);
                    let files = changed(&last, &now);
                    if files.is_empty() {
                        continue;
                    }
                    last = now;
                    version += 1;
                    let _ = version_tx.send(version);
                    // No page listening is fine: the next one starts from the disk anyway.
                    let _ = tx.send(Change { version, files });
                }
            })
            .map_err(|e| format!("preview: cannot start watching: {e}"))?;
        Ok(Preview {
            geodata,
            client,
            changes,
            version,
            stopping,
        })
    }

    /// Ends the open change feeds (called when the server stops).
    pub fn stop(&self) {
        let _ = self.stopping.send(true);
    }

    /// The answer for a request the preview owns, or None for the ordinary file server.
    pub async fn serve(&self, method: &Method, uri: &Uri, headers: &HeaderMap, site: &Files) -> Option<Response> {
        let path = uri.path();
        if path == "/_preview/events" {
            return Some(if method == Method::GET {
                self.feed()
            } else {
                files::text(StatusCode::METHOD_NOT_ALLOWED, "Method not allowed")
            });
        }
        if let Some(rest) = under(path, "/_preview/geodata") {
            return Some(no_store(self.geodata.serve(method, &rest.parse().ok()?, headers).await));
        }
        if let Some(rest) = under(path, "/_preview") {
            return Some(no_store(self.client.serve(method, &rest.parse().ok()?, headers).await));
        }
        if path == "/" || path == "/index.html" {
            return Some(self.page(method, site).await);
        }
        None
    }

    /// index.html with the client added, never cached (the same URL without --preview is the
    /// exhibit's page).
    async fn page(&self, method: &Method, site: &Files) -> Response {
        if method != Method::GET && method != Method::HEAD {
            return site
                .serve(method, &Uri::from_static("/index.html"), &HeaderMap::new())
                .await;
        }
        let html = match tokio::fs::read_to_string(site.root().join("index.html")).await {
            Ok(h) => h,
            Err(_) => return files::text(StatusCode::NOT_FOUND, "Not found"),
        };
        let html = match html.find("</head>") {
            Some(at) => format!("{}{INJECTED}{}", &html[..at], &html[at..]),
            None => format!("{INJECTED}{html}"),
        };
        let body = if method == Method::HEAD { String::new() } else { html };
        (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            body,
        )
            .into_response()
    }

    /// `/_preview/events`: `hello` with the current version, then a `change` per change, until
    /// the page goes or the server stops.
    pub fn feed(&self) -> Response {
        let changes = self.changes.subscribe();
        let hello = *self.version.borrow();
        let stopping = self.stopping.subscribe();
        let first = Event::default()
            .event("hello")
            .data(serde_json::json!({ "version": hello }).to_string());
        let state = (Some(first), changes, stopping);
        let stream = futures_util::stream::unfold(state, |(first, mut changes, mut stopping)| async move {
            if let Some(event) = first {
                return Some((Ok::<_, Infallible>(event), (None, changes, stopping)));
            }
            if *stopping.borrow() {
                return None;
            }
            let data = tokio::select! {
                _ = stopping.changed() => return None,
                got = changes.recv() => match got {
                    Ok(c) => serde_json::json!({ "version": c.version, "files": c.files }),
                    // Some changes were missed: the page cannot tell which, so reloads wholly.
                    Err(broadcast::error::RecvError::Lagged(_)) => serde_json::json!({ "version": null, "files": null }),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            let event = Event::default().event("change").data(data.to_string());
            Some((Ok(event), (None, changes, stopping)))
        });
        no_store(Sse::new(stream).keep_alive(KeepAlive::default()).into_response())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_added_removed_and_changed_files() {
        let t = Some(SystemTime::UNIX_EPOCH);
        let before: Snapshot = [
            ("a.json".into(), (1, t, None)),
            ("b.json".into(), (2, t, None)),
            ("c.json".into(), (3, t, None)),
        ]
        .into();
        let after: Snapshot = [
            ("a.json".into(), (1, t, None)),
            ("b.json".into(), (5, t, None)),
            ("d.json".into(), (4, t, None)),
        ]
        .into();
        assert_eq!(changed(&before, &after), ["b.json", "c.json", "d.json"]);
        assert!(changed(&after, &after).is_empty());
        // Same size and time, other bytes (a coarse clock; both looks hash a recent file): changed.
        let mut hashed = after.clone();
        hashed.insert("a.json".into(), (1, t, Some(6)));
        let mut same_time = after.clone();
        same_time.insert("a.json".into(), (1, t, Some(7)));
        assert_eq!(changed(&hashed, &same_time), ["a.json"]);
        // A file that only grew too old to be hashed between the looks: unchanged.
        assert!(changed(&hashed, &after).is_empty());
    }
}
