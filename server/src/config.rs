//! The server's settings: command-line flags first, then environment variables (the names
//! Node server it replaced read: PORT, HOST, ROOT), then defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    /// 0 picks a free port; the URL printed on stdout names the one taken.
    pub port: u16,
    /// The folder served (www/).
    pub root: PathBuf,
    /// Where the SQLite database lives; created if missing, refused inside `root`.
    pub data: PathBuf,
    /// The bearer token that opens the statistics and health endpoints to other hosts.
    pub token: Option<String>,
    /// Whether a loopback peer may use those endpoints without the token. Always true in
    /// service; the tests turn it off to exercise the token rule from 127.0.0.1.
    pub trust_loopback: bool,
    /// How often the kiosk page beats; a beat older than three of these is stale.
    pub health_interval: Duration,
    /// Preview mode (`make preview`, issue 20): the geodata folder read as it is on disk, its
    /// changes announced, and the preview client (from `preview_client`) injected into the page.
    /// None in service: the kiosk and the web build serve nothing of it.
    pub preview: Option<PathBuf>,
    /// The preview client's folder (preview/), read only in preview mode.
    pub preview_client: PathBuf,
}

pub const USAGE: &str = "\
supply-routes-server [--host H] [--port P] [--root DIR] [--data DIR] [--token-file FILE]
                     [--health-interval SECONDS] [--preview GEODATA [--preview-client DIR]]
supply-routes-server check-health [--url URL] [--token-file FILE] [--timeout SECONDS]

Serves DIR (default www) on http://H:P/ (default 127.0.0.1:8080; port 0 picks a free one),
keeps visit statistics in DIR/supply-routes.sqlite under --data (default var) and answers
/api/events, /api/stats and /api/health (loopback only, or with the token in FILE).
--preview (for curators, never on the kiosk): serves GEODATA as it is on disk under /_preview/,
announces each saved change and adds the preview client (DIR, default preview) to the page.
Environment: HOST, PORT, ROOT, DATA, TOKEN_FILE, HEALTH_INTERVAL, TRUST_LOOPBACK=0.";

impl Config {
    /// Reads flags (`args` without the program name) over the environment `env`.
    pub fn parse(args: &[String], env: impl Fn(&str) -> Option<String>) -> Result<Config, String> {
        let known = [
            "--host",
            "--port",
            "--root",
            "--data",
            "--token-file",
            "--health-interval",
            "--preview",
            "--preview-client",
        ];
        let mut flags = std::collections::HashMap::new();
        let mut rest = args.iter();
        while let Some(name) = rest.next() {
            if !known.contains(&name.as_str()) {
                return Err(format!("unknown argument {name:?}"));
            }
            let value = rest.next().ok_or(format!("{name} needs a value"))?;
            flags.insert(name.as_str(), value.clone());
        }
        let flag = |name: &str| flags.get(name).cloned();
        let pick =
            |f: Option<String>, var: &str, default: &str| f.or_else(|| env(var)).unwrap_or_else(|| default.to_string());
        let host = pick(flag("--host"), "HOST", "127.0.0.1");
        let port_text = pick(flag("--port"), "PORT", "8080");
        let port = port_text
            .parse::<u16>()
            .map_err(|_| format!("port {port_text:?} is not a number 0-65535"))?;
        let root = PathBuf::from(pick(flag("--root"), "ROOT", "www"));
        let data = PathBuf::from(pick(flag("--data"), "DATA", "var"));
        let token = match flag("--token-file").or_else(|| env("TOKEN_FILE")) {
            Some(file) => Some(read_token(Path::new(&file))?),
            None => None,
        };
        let interval_text = pick(flag("--health-interval"), "HEALTH_INTERVAL", "60");
        let interval = interval_text
            .parse::<f64>()
            .ok()
            .filter(|s| s.is_finite() && *s > 0.0 && *s < 86_400.0)
            .ok_or(format!("health interval {interval_text:?} is not a number of seconds"))?;
        // Flags only, no variable: a stray PREVIEW in a kiosk's environment must not turn it on.
        let preview = flag("--preview").map(PathBuf::from);
        let preview_client = PathBuf::from(flag("--preview-client").unwrap_or_else(|| "preview".into()));
        Ok(Config {
            host,
            port,
            root,
            data,
            token,
            trust_loopback: env("TRUST_LOOPBACK").is_none_or(|v| v != "0"),
            health_interval: Duration::from_secs_f64(interval),
            preview,
            preview_client,
        })
    }
}

/// The token is the file's first line; a short one would be guessable.
pub fn read_token(file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("token file {}: {e}", file.display()))?;
    let token = text.lines().next().unwrap_or("").trim().to_string();
    if token.len() < 16 || !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(format!(
            "token file {}: the token must be 16 or more printable ASCII characters",
            file.display()
        ));
    }
    Ok(token)
}
