//! Starts the real binary on a free port (PORT=0), as the kiosk's service and the browser
//! tests do, and talks to it over loopback.
#![allow(dead_code)] // each test file uses a different part

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use supply_routes_server::client;
pub use supply_routes_server::client::Response;

pub const BIN: &str = env!("CARGO_BIN_EXE_supply-routes-server");

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
}

impl Server {
    /// Serves `root` with its database in `data`, in UTC (so local days are known), with
    /// extra environment variables.
    pub fn start(root: &Path, data: &Path, env: &[(&str, &str)]) -> Server {
        Server::start_with(root, data, env, &[])
    }

    /// The same, with command-line flags.
    pub fn start_with(root: &Path, data: &Path, env: &[(&str, &str)], args: &[&Path]) -> Server {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("PORT", "0")
            .env("HOST", "127.0.0.1")
            .env("ROOT", root)
            .env("DATA", data)
            .env("TZ", "UTC");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read its URL");
        let port: u16 = line
            .trim()
            .strip_prefix("Supply Routes: http://127.0.0.1:")
            .and_then(|r| r.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }

    pub fn raw(&self, request: &str) -> Response {
        client::raw(self.addr, request.as_bytes(), std::time::Duration::from_secs(10)).expect("an answer")
    }

    pub fn get(&self, target: &str, headers: &[(&str, &str)]) -> Response {
        client::request(self.addr, "GET", target, headers, b"").expect("an answer")
    }

    pub fn post(&self, target: &str, body: &str) -> Response {
        client::request(
            self.addr,
            "POST",
            target,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .expect("an answer")
    }

    /// SIGKILL: no shutdown of any kind.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM, and waits for the clean stop.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
        self.child.wait().expect("wait")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A served folder with a page, and a data folder beside it (not inside).
pub struct Dirs {
    pub base: tempfile::TempDir,
    pub root: PathBuf,
    pub data: PathBuf,
}

pub fn dirs() -> Dirs {
    let base = tempfile::tempdir().expect("temp dir");
    let root = base.path().join("www");
    std::fs::create_dir(&root).expect("www");
    std::fs::write(root.join("index.html"), "<!doctype html><title>t</title>").expect("index");
    let data = base.path().join("data");
    Dirs { root, data, base }
}

/// Milliseconds since 1970 of a UTC time "YYYY-MM-DDTHH:MM".
pub fn at(when: &str) -> i64 {
    let date = |i: std::ops::Range<usize>| when[i].parse::<i64>().expect("number");
    let (y, m, d, h, min) = (date(0..4), date(5..7), date(8..10), date(11..13), date(14..16));
    // Days from 1970-01-01 (Howard Hinnant's days_from_civil).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    ((days * 24 + h) * 60 + min) * 60_000
}
