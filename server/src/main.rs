//! `supply-routes-server`: serves the map (see `--help`), or with `check-health` asks a running
//! server for the kiosk's health and answers like a Nagios plugin.

use std::io::Write;
use std::net::ToSocketAddrs;
use std::process::ExitCode;
use std::time::Duration;

use supply_routes_server::{client, config};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", config::USAGE);
        return ExitCode::SUCCESS;
    }
    if args.first().map(String::as_str) == Some("check-health") {
        return check_health(&args[1..]);
    }
    let cfg = match config::Config::parse(&args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("supply-routes-server: {e}\n\n{}", config::USAGE);
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("supply-routes-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let host = cfg.host.clone();
    let ready = move |addr: std::net::SocketAddr| {
        let shown = if host.contains(':') { format!("[{host}]") } else { host };
        // The line scripts and tests wait for (as the Node server it replaced printed it).
        println!("Supply Routes: http://{shown}:{}/", addr.port());
        let _ = std::io::stdout().flush();
    };
    match runtime.block_on(supply_routes_server::run(cfg, ready, stop_signal())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("supply-routes-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// SIGTERM (systemd stop) or Ctrl-C: finish the requests in flight, then stop.
async fn stop_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return ctrl_c.await.unwrap_or(()),
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await.unwrap_or(());
}

/// Nagios plugin codes.
const OK: u8 = 0;
const WARNING: u8 = 1;
const CRITICAL: u8 = 2;
const UNKNOWN: u8 = 3;

fn check_health(args: &[String]) -> ExitCode {
    let (code, line) = check(args);
    println!("{line}");
    ExitCode::from(code)
}

/// `ok` → OK; `erroring` → WARNING (the page runs and reports, but is failing or frozen);
/// `stale` or no server → CRITICAL (nothing is known to be on the screen); anything that
/// stops the check from telling (bad arguments, a refused token, a strange answer) → UNKNOWN.
fn check(args: &[String]) -> (u8, String) {
    let mut url = std::env::var("SUPPLY_ROUTES_URL").unwrap_or_else(|_| "http://127.0.0.1:8080".into());
    let mut token_file = std::env::var("TOKEN_FILE").ok();
    let mut timeout = 10.0;
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        let Some(value) = rest.next() else {
            return (UNKNOWN, format!("SUPPLY ROUTES UNKNOWN - {a} needs a value"));
        };
        match a.as_str() {
            "--url" => url = value.clone(),
            "--token-file" => token_file = Some(value.clone()),
            "--timeout" => timeout = value.parse().unwrap_or(timeout),
            _ => return (UNKNOWN, format!("SUPPLY ROUTES UNKNOWN - unknown argument {a:?}")),
        }
    }
    let Some(hostport) = url.strip_prefix("http://").map(|r| r.split('/').next().unwrap_or("")) else {
        return (
            UNKNOWN,
            format!("SUPPLY ROUTES UNKNOWN - {url} is not an http:// address"),
        );
    };
    let hostport = if hostport.contains(':') && !hostport.ends_with(']') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let Some(addr) = hostport.to_socket_addrs().ok().and_then(|mut a| a.next()) else {
        return (UNKNOWN, format!("SUPPLY ROUTES UNKNOWN - cannot resolve {hostport}"));
    };
    let token = match token_file.map(|f| config::read_token(std::path::Path::new(&f))) {
        Some(Ok(t)) => Some(format!("Bearer {t}")),
        Some(Err(e)) => return (UNKNOWN, format!("SUPPLY ROUTES UNKNOWN - {e}")),
        None => None,
    };
    let mut req = "GET /api/health HTTP/1.1\r\nHost: supply-routes\r\nConnection: close\r\n".to_string();
    if let Some(t) = &token {
        req.push_str(&format!("Authorization: {t}\r\n"));
    }
    req.push_str("\r\n");
    let r = match client::raw(addr, req.as_bytes(), Duration::from_secs_f64(timeout)) {
        Ok(r) => r,
        Err(e) => {
            return (
                CRITICAL,
                format!("SUPPLY ROUTES CRITICAL - the server at {addr} does not answer: {e}"),
            );
        }
    };
    let body = match (r.status, r.json()) {
        (200, Ok(v)) => v,
        (status, _) => {
            let text = r.text();
            return (
                UNKNOWN,
                format!("SUPPLY ROUTES UNKNOWN - /api/health answered {status}: {}", text.trim()),
            );
        }
    };
    let verdict = body["verdict"].as_str().unwrap_or("");
    let reasons: Vec<&str> = body["reasons"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
        .unwrap_or_default();
    let beat = &body["beat"];
    let age = body["ageSeconds"].as_f64();
    let summary = match age {
        Some(age) => format!(
            "last beat {age:.0} s ago, {}, {} frames, {} errors, {} recoveries, build {}",
            beat["state"].as_str().unwrap_or("?"),
            beat["frames"],
            beat["errors"],
            beat["recoveries"],
            beat["build"].as_str().unwrap_or("?")
        ),
        None => "no heartbeat yet".to_string(),
    };
    let why = if reasons.is_empty() || age.is_none() {
        String::new()
    } else {
        format!(" ({})", reasons.join("; "))
    };
    let perf = match age {
        Some(age) => format!(
            " | age={age:.0}s;;{:.0} frames={} errors={} recoveries={}",
            body["staleAfterSeconds"].as_f64().unwrap_or(0.0),
            beat["frames"],
            beat["errors"],
            beat["recoveries"]
        ),
        None => String::new(),
    };
    let (code, word) = match verdict {
        "ok" => (OK, "OK"),
        "erroring" => (WARNING, "WARNING"),
        "stale" => (CRITICAL, "CRITICAL"),
        other => return (UNKNOWN, format!("SUPPLY ROUTES UNKNOWN - unexpected verdict {other:?}")),
    };
    (code, format!("SUPPLY ROUTES {word} - {verdict}: {summary}{why}{perf}"))
}
