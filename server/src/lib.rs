//! The Supply Routes server: serves www/ and keeps the kiosk's visit statistics and health
//! (server/README.md). The binary is `supply-routes-server`; `server-load` is its load benchmark.

pub mod app;
pub mod client;
pub mod config;
pub mod db;
pub mod files;
pub mod health;
pub mod languages;
pub mod preview;
pub mod schema;
pub mod stats;

use std::net::SocketAddr;
use std::sync::Arc;

/// Binds, calls `ready` with the address taken, and serves until `shutdown` resolves; then
/// folds the WAL back into the database.
pub async fn run(
    cfg: config::Config,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    let app = Arc::new(app::App::new(cfg.clone())?);
    let listener = tokio::net::TcpListener::bind((cfg.host.as_str(), cfg.port))
        .await
        .map_err(|e| format!("cannot listen on {}:{}: {e}", cfg.host, cfg.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    ready(addr);
    let service = app::router(app.clone()).into_make_service_with_connect_info::<SocketAddr>();
    // The preview's change feeds never end by themselves: they are ended first, or a graceful
    // stop would wait for them.
    let app_at_stop = app.clone();
    let shutdown = async move {
        shutdown.await;
        if let Some(p) = &app_at_stop.preview {
            p.stop();
        }
    };
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| e.to_string())?;
    app.store.checkpoint().map_err(|e| e.to_string())
}
