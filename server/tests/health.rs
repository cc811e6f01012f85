//! The heartbeat and its verdicts (with a half-second interval, so "stale" comes after 1.5 s),
//! and `check-health`'s Nagios exit codes.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{BIN, Server, dirs};
use serde_json::{Value, json};

fn beat(state: &str, frames: i64, errors: i64, recoveries: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    json!({
        "v": 1, "t": now, "started": now - 3_600_000, "lastFrame": now - 20, "frames": frames, "state": state,
        "wasmBytes": 3_276_800, "jsHeapBytes": 12_000_000, "errors": errors, "recoveries": recoveries,
        "screen": { "w": 1920, "h": 1080, "dpr": 1 }, "build": "2026-12-06.abc1234",
    })
    .to_string()
}

fn health(s: &Server) -> Value {
    s.get("/api/health", &[]).json().unwrap()
}

/// Runs `check-health` against `s`; returns its exit code and line.
fn check(addr: std::net::SocketAddr, extra: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .arg("check-health")
        .args(["--url", &format!("http://{addr}")])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
    )
}

#[test]
fn verdicts_and_exit_codes() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[("HEALTH_INTERVAL", "0.5")]);
    let h = health(&s);
    assert_eq!((h["verdict"].as_str(), h["beat"].clone()), (Some("stale"), Value::Null));
    assert_eq!(h["reasons"], json!(["no heartbeat yet"]));
    let (code, line) = check(s.addr, &[]);
    assert_eq!(code, 2, "{line}");
    assert!(
        line.starts_with("SUPPLY ROUTES CRITICAL - stale: no heartbeat yet"),
        "{line}"
    );

    assert_eq!(s.post("/api/health", &beat("attract", 3000, 1, 1)).status, 200);
    let h = health(&s);
    assert_eq!(h["verdict"], "ok", "{h}");
    assert_eq!(h["beat"]["build"], "2026-12-06.abc1234");
    assert!(h["ageSeconds"].as_f64().unwrap() < 1.0);
    assert_eq!(h["staleAfterSeconds"], 1.5);
    let (code, line) = check(s.addr, &[]);
    assert_eq!(code, 0, "{line}");
    assert!(
        line.starts_with("SUPPLY ROUTES OK - ok: last beat 0 s ago, attract, 3000 frames, 1 errors, 1 recoveries"),
        "{line}"
    );
    assert!(line.contains("| age=0s;;2 frames=3000 errors=1 recoveries=1"), "{line}");

    // An error the page has not recovered from.
    s.post("/api/health", &beat("in-use", 40, 2, 1));
    assert_eq!(health(&s)["verdict"], "erroring");
    let (code, line) = check(s.addr, &[]);
    assert_eq!(code, 1, "{line}");
    assert!(
        line.contains("(2 errors and 1 recoveries since the page started)"),
        "{line}"
    );
    // A frozen attract loop: the screen may look fine from the office, but nothing is drawn.
    s.post("/api/health", &beat("attract", 0, 0, 0));
    assert_eq!(
        health(&s)["reasons"],
        json!(["the attract loop drew no frame since the beat before"])
    );
    // A visitor reading a card for a minute draws nothing, and that is fine.
    s.post("/api/health", &beat("in-use", 0, 0, 0));
    assert_eq!(health(&s)["verdict"], "ok");

    std::thread::sleep(Duration::from_millis(1700));
    let h = health(&s);
    assert_eq!(h["verdict"], "stale");
    assert!(h["reasons"][0].as_str().unwrap().contains("stale after 2 s"), "{h}");
    assert_eq!(check(s.addr, &[]).0, 2);

    // A restarted server still knows the last beat and its age.
    let addr = s.addr;
    drop(s);
    let s = Server::start(&d.root, &d.data, &[("HEALTH_INTERVAL", "60")]);
    let h = health(&s);
    assert_eq!(
        (h["verdict"].as_str(), h["beat"]["state"].as_str()),
        (Some("ok"), Some("in-use"))
    );
    // No server at all: critical.
    let (code, line) = check(addr, &[]);
    assert_eq!(code, 2, "{line}");
    assert!(line.contains("does not answer"), "{line}");
}

#[test]
fn check_health_with_a_token_and_unknowns() {
    let d = dirs();
    let token_file = d.base.path().join("token");
    std::fs::write(&token_file, "a-long-enough-token-1234\n").unwrap();
    let tf = token_file.to_str().unwrap();
    let s = Server::start(&d.root, &d.data, &[("TRUST_LOOPBACK", "0"), ("TOKEN_FILE", tf)]);
    // Refused: the check cannot tell, which is UNKNOWN.
    let (code, line) = check(s.addr, &[]);
    assert_eq!(code, 3, "{line}");
    assert!(line.contains("answered 401"), "{line}");
    let (code, line) = check(s.addr, &["--token-file", tf]);
    assert_eq!(code, 2, "{line}");
    assert!(line.contains("no heartbeat yet"), "{line}");
    assert_eq!(check(s.addr, &["--colour", "red"]).0, 3);
    assert_eq!(
        Command::new(BIN)
            .args(["check-health", "--url", "https://x"])
            .status()
            .unwrap()
            .code(),
        Some(3)
    );
}

#[test]
fn refuses_bad_beats() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    let good: Value = serde_json::from_str(&beat("attract", 1, 0, 0)).unwrap();
    let with = |k: &str, v: Value| {
        let mut b = good.clone();
        b[k] = v;
        b.to_string()
    };
    let mut extra = good.clone();
    extra["userAgent"] = json!("Mozilla/5.0");
    for (body, reason) in [
        (with("state", json!("asleep")), "beat.state"),
        (with("frames", json!(-1)), "beat.frames"),
        (with("build", json!("a build with spaces")), "beat.build"),
        (with("screen", json!({ "w": 1920, "h": 1080 })), "beat.screen.dpr"),
        (extra.to_string(), "unknown field \"userAgent\""),
    ] {
        let r = s.post("/api/health", &body);
        assert_eq!(r.status, 400, "{body}");
        assert!(
            r.json().unwrap()["error"].as_str().unwrap().contains(reason),
            "{}",
            r.text()
        );
    }
    assert_eq!(health(&s)["verdict"], "stale");
}
