//! The router: `/api/…` for the kiosk's statistics and health, every other path a file under
//! the root. Security headers go on every answer, errors included.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::config::Config;
use crate::db::{Store, Stored};
use crate::files::Files;
use crate::{health, schema, stats};

pub struct App {
    pub cfg: Config,
    pub files: Files,
    pub store: Store,
    /// Preview mode's extra paths (preview.rs); None in service.
    pub preview: Option<crate::preview::Preview>,
    /// The last beat, also in the database so that a restarted server still knows its age.
    last_beat: Mutex<Option<(i64, Value)>>,
}

impl App {
    pub fn new(cfg: Config) -> Result<App, String> {
        let files = Files::new(&cfg.root).map_err(|e| format!("root {}: {e}", cfg.root.display()))?;
        // Inside the root, the database would be served to anyone who asked for it.
        if real_path(&cfg.data).starts_with(files.root()) {
            return Err(format!(
                "the data folder {} is inside the served folder {}",
                cfg.data.display(),
                files.root().display()
            ));
        }
        crate::db::prepare_folder(&cfg.data).map_err(|e| format!("data folder {}: {e}", cfg.data.display()))?;
        let data = cfg
            .data
            .canonicalize()
            .map_err(|e| format!("data folder {}: {e}", cfg.data.display()))?;
        let store = Store::open(&data).map_err(|e| format!("database in {}: {e}", data.display()))?;
        let last = store.last_beat().map_err(|e| format!("database: {e}"))?;
        let preview = match &cfg.preview {
            Some(geodata) => Some(crate::preview::Preview::new(geodata, &cfg.preview_client)?),
            None => None,
        };
        Ok(App {
            cfg,
            files,
            store,
            preview,
            last_beat: Mutex::new(last),
        })
    }
}

/// The real path of a folder that may not exist yet: its nearest existing ancestor resolved,
/// the rest appended.
fn real_path(path: &std::path::Path) -> std::path::PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut missing = Vec::new();
    let mut at = absolute.as_path();
    loop {
        if let Ok(real) = at.canonicalize() {
            return missing.iter().rev().fold(real, |p, part| p.join(part));
        }
        match (at.file_name(), at.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_owned());
                at = parent;
            }
            _ => return absolute,
        }
    }
}

// Only same-origin scripts, plus 'wasm-unsafe-eval' to compile the core; no inline script or
// style attribute in the markup. No frame-ancestors directive and no X-Frame-Options:
// newspapers may embed the map.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; \
                   font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

const SECURITY: [(&str, &str); 5] = [
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn api_error(status: StatusCode, reason: impl Into<String>) -> Response {
    (status, Json(json!({ "error": reason.into() }))).into_response()
}

pub fn router(app: Arc<App>) -> Router {
    let api = Router::new()
        .route("/api/events", post(post_events))
        .route("/api/stats", axum::routing::get(get_stats))
        .route("/api/health", post(post_health).get(get_health))
        .route_layer(middleware::from_fn_with_state(app.clone(), guard))
        // Statistics are never cached by a browser or a proxy.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let mut router = api
        .fallback(serve_file)
        .with_state(app)
        .layer(middleware::from_fn(limit_head));
    for (name, value) in SECURITY {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    // A bug in one request answers 500 and leaves the server running (with panic = "unwind").
    router.layer(CatchPanicLayer::new())
}

/// The longest request target and header block answered (Node's limits, which serve.mjs had):
/// anything longer is refused, and the connection closed, rather than kept open for more.
const MAX_TARGET: usize = 8 * 1024;
const MAX_HEADERS: usize = 16 * 1024;

async fn limit_head(req: Request, next: Next) -> Response {
    let headers: usize = req.headers().iter().map(|(n, v)| n.as_str().len() + v.len() + 4).sum();
    let refuse = if req.uri().to_string().len() > MAX_TARGET {
        Some((StatusCode::URI_TOO_LONG, "URI too long"))
    } else if headers > MAX_HEADERS {
        Some((
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Request header fields too large",
        ))
    } else {
        None
    };
    match refuse {
        Some((status, message)) => {
            let mut r = crate::files::text(status, message);
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            r
        }
        None => next.run(req).await,
    }
}

async fn serve_file(State(app): State<Arc<App>>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    if let Some(preview) = &app.preview
        && let Some(r) = preview.serve(&method, &uri, &headers, &app.files).await
    {
        return r;
    }
    app.files.serve(&method, &uri, &headers).await
}

/// The statistics and health endpoints answer a loopback peer (the kiosk's own browser), or
/// anyone with the configured token; the gallery's network can neither read nor write them.
async fn guard(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
    next: Next,
) -> Response {
    if app.cfg.trust_loopback && peer.ip().to_canonical().is_loopback() {
        return next.run(req).await;
    }
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match (&app.cfg.token, given) {
        (Some(token), Some(given)) if same(token.as_bytes(), given.trim().as_bytes()) => next.run(req).await,
        (None, _) => api_error(
            StatusCode::FORBIDDEN,
            "this endpoint answers only on loopback (the server has no token configured)",
        ),
        _ => {
            let mut r = api_error(
                StatusCode::UNAUTHORIZED,
                "this endpoint answers only on loopback or with the token: Authorization: Bearer <token>",
            );
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"supply-routes\""),
            );
            r
        }
    }
}

/// Compares in time independent of where the strings differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads a JSON body of at most `limit` bytes and checks it with `parse`, or gives the answer
/// refusing it (415, 413, 400 with the reason). Asking for application/json also keeps other
/// web pages from posting here without a CORS preflight.
async fn checked<T>(
    headers: &HeaderMap,
    body: Body,
    limit: usize,
    parse: fn(&[u8]) -> Result<T, String>,
) -> Result<T, Response> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json {
        return Err(api_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected Content-Type: application/json",
        ));
    }
    let too_large = || api_error(StatusCode::PAYLOAD_TOO_LARGE, format!("the body is over {limit} bytes"));
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let bytes: Bytes = axum::body::to_bytes(body, limit).await.map_err(|e| {
        let over = std::error::Error::source(&e).is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
        if over {
            too_large()
        } else {
            api_error(StatusCode::BAD_REQUEST, "the body could not be read")
        }
    })?;
    parse(&bytes).map_err(|reason| api_error(StatusCode::BAD_REQUEST, reason))
}

async fn post_events(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let batch = match checked(&headers, body, schema::MAX_BODY, schema::batch).await {
        Ok(b) => b,
        Err(refusal) => return refusal,
    };
    let received = now_ms();
    let stored = tokio::task::spawn_blocking(move || app.store.insert(&batch, received)).await;
    match stored {
        Ok(Ok(Stored::New(n))) => Json(json!({ "stored": n, "duplicate": false })).into_response(),
        Ok(Ok(Stored::Duplicate)) => Json(json!({ "stored": 0, "duplicate": true })).into_response(),
        // Not acknowledged: the page keeps the batch and sends it again.
        Ok(Err(e)) => api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the database refused the batch: {e}"),
        ),
        Err(_) => api_error(StatusCode::INTERNAL_SERVER_ERROR, "the batch could not be stored"),
    }
}

async fn get_stats(State(app): State<Arc<App>>, Query(q): Query<HashMap<String, String>>) -> Response {
    if let Some(k) = q.keys().find(|k| !["from", "to", "format"].contains(&k.as_str())) {
        return api_error(
            StatusCode::BAD_REQUEST,
            format!("unknown parameter {k:?} (from, to, format)"),
        );
    }
    let csv = match q.get("format").map(String::as_str) {
        None | Some("json") => false,
        Some("csv") => true,
        Some(other) => {
            return api_error(
                StatusCode::BAD_REQUEST,
                format!("format: expected json or csv, got {other:?}"),
            );
        }
    };
    let (from, to) = (q.get("from").cloned(), q.get("to").cloned());
    let result = tokio::task::spawn_blocking(move || {
        app.store
            .read(|c| match stats::range(c, from.as_deref(), to.as_deref()) {
                Ok((from, to)) => stats::compute(c, &from, &to).map(Ok),
                Err(reason) => Ok(Err(reason)),
            })
    })
    .await;
    match result {
        Ok(Ok(Ok(s))) if csv => {
            let name = format!("attachment; filename=\"supply-routes-{}-{}.csv\"", s.from, s.to);
            let mut r = ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], stats::csv(&s)).into_response();
            if let Ok(v) = HeaderValue::from_str(&name) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Ok(Ok(Ok(s))) => Json(s).into_response(),
        Ok(Ok(Err(reason))) => api_error(StatusCode::BAD_REQUEST, reason),
        Ok(Err(e)) => api_error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("the database could not be read: {e}"),
        ),
        Err(_) => api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the statistics could not be computed",
        ),
    }
}

async fn post_health(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let beat = match checked(&headers, body, schema::MAX_BEAT, schema::beat).await {
        Ok(b) => b,
        Err(refusal) => return refusal,
    };
    let received = now_ms();
    let app2 = app.clone();
    let stored_beat = beat.clone();
    match tokio::task::spawn_blocking(move || app2.store.insert_beat(&stored_beat, received)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            return api_error(
                StatusCode::SERVICE_UNAVAILABLE,
                format!("the database refused the beat: {e}"),
            );
        }
        Err(_) => return api_error(StatusCode::INTERNAL_SERVER_ERROR, "the beat could not be stored"),
    }
    *app.last_beat.lock().unwrap_or_else(|p| p.into_inner()) = Some((received, beat));
    Json(json!({ "received": received })).into_response()
}

async fn get_health(State(app): State<Arc<App>>) -> Response {
    let last = app.last_beat.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Json(health::report(last, now_ms(), app.cfg.health_interval)).into_response()
}
