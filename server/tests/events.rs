//! `POST /api/events`: good batches are stored once, bad ones refused with the reason, and the
//! loopback/token rule for every statistics and health endpoint.

mod common;

use common::{Server, dirs};
use serde_json::json;

fn batch(id: &str, events: serde_json::Value) -> String {
    json!({ "v": 1, "batch": id, "events": events }).to_string()
}

const T: i64 = 1_767_258_000_000; // 2026-01-01 09:00 UTC

#[test]
fn stores_a_batch_once() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    let body = batch(
        "visit-0001",
        json!([
            { "type": "visit-start", "t": T, "visit": 1 },
            { "type": "open", "t": T + 1000, "visit": 1, "what": "route", "id": "burma-road", "ms": 20000 },
            { "type": "visit-end", "t": T + 90000, "visit": 1, "ms": 90000 },
        ]),
    );
    let r = s.post("/api/events", &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json().unwrap(), json!({ "stored": 3, "duplicate": false }));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    // Sent again (the answer was lost on the way): acknowledged, not stored twice.
    let again = s.post("/api/events", &body);
    assert_eq!(
        (again.status, again.json().unwrap()),
        (200, json!({ "stored": 0, "duplicate": true }))
    );
    let stats = s.get("/api/stats?from=2026-01-01&to=2026-01-01", &[]).json().unwrap();
    assert_eq!(stats["events"], 3);
    assert_eq!(stats["visits"]["total"], 1);
}

#[test]
fn refuses_bad_batches_with_the_reason() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    let cases = [
        ("not json", "the body is not JSON"),
        ("{}", "batch.v"),
        (
            &json!({ "v": 1, "batch": "abc", "events": [] }).to_string(),
            "batch.batch",
        ),
        (&batch("batch-0001", json!([])), "expected 1 to 1000 events"),
        (
            &batch("batch-0001", json!([{ "type": "visit-start", "t": T }])),
            "events[0] (visit-start).visit: missing",
        ),
        (
            &batch(
                "batch-0001",
                json!([{ "type": "open", "t": T, "what": "city", "id": "x" }]),
            ),
            "events[0] (open).what",
        ),
        (
            &batch(
                "batch-0001",
                json!([{ "type": "open", "t": T, "what": "route", "id": "Name with spaces" }]),
            ),
            "(open).id",
        ),
        (
            &batch("batch-0001", json!([{ "type": "language", "t": T, "to": "fr" }])),
            "(language).to",
        ),
        (
            &batch(
                "batch-0001",
                json!([{ "type": "error", "t": T, "code": "x", "message": "free text" }]),
            ),
            "unknown field \"message\"",
        ),
        (
            &batch(
                "batch-0001",
                json!([{ "type": "visit-end", "t": T, "visit": 1, "ms": -5 }]),
            ),
            "(visit-end).ms",
        ),
        (&batch("batch-0001", json!([{ "type": "qr", "t": 5 }])), "(qr).t"),
        (
            &batch(
                "batch-0001",
                json!([{ "type": "still-there", "t": T, "answered": "yes" }]),
            ),
            "(still-there).answered",
        ),
        (
            &batch("batch-0001", json!([{ "type": "qr", "t": T }, "nope"])),
            "events[1]: expected an object",
        ),
        (
            &json!({ "v": 1, "batch": "batch-0001", "events": [{ "type": "qr", "t": T }], "ip": "10.0.0.1" })
                .to_string(),
            "unknown field \"ip\"",
        ),
    ];
    for (body, reason) in cases {
        let r = s.post("/api/events", body);
        assert_eq!(r.status, 400, "{body}");
        let error = r.json().unwrap()["error"].as_str().unwrap_or("").to_string();
        assert!(error.contains(reason), "{body}: {error}");
    }
    let too_many = batch("batch-0001", json!(vec![json!({ "type": "qr", "t": T }); 1001]));
    assert!(
        s.post("/api/events", &too_many).json().unwrap()["error"]
            .as_str()
            .unwrap()
            .contains("1000")
    );
    // Nothing of that was stored.
    assert_eq!(
        s.get("/api/stats?from=2026-01-01&to=2026-01-01", &[]).json().unwrap()["events"],
        0
    );
}

#[test]
fn refuses_large_bodies_and_other_types() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    let big = format!("{{\"pad\":\"{}\"}}", "x".repeat(300 * 1024));
    let r = s.post("/api/events", &big);
    assert_eq!(r.status, 413);
    assert!(r.json().unwrap()["error"].as_str().unwrap().contains("262144"));
    // Announced small, sent chunked and large: refused when the limit is crossed.
    let mut chunked = String::from(
        "POST /api/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    for _ in 0..40 {
        chunked.push_str(&format!("2000\r\n{}\r\n", "y".repeat(0x2000)));
    }
    chunked.push_str("0\r\n\r\n");
    assert_eq!(s.raw(&chunked).status, 413);
    let form =
        supply_routes_server::client::request(s.addr, "POST", "/api/events", &[("Content-Type", "text/plain")], b"{}")
            .unwrap();
    assert_eq!(form.status, 415);
    let beat = format!("{{\"pad\":\"{}\"}}", "x".repeat(5000));
    assert_eq!(s.post("/api/health", &beat).status, 413);
    for (method, target) in [("GET", "/api/events"), ("PUT", "/api/health"), ("POST", "/api/stats")] {
        let r = supply_routes_server::client::request(s.addr, method, target, &[], b"").unwrap();
        assert_eq!(r.status, 405, "{method} {target}");
    }
    assert_eq!(s.get("/", &[]).status, 200);
}

#[test]
fn loopback_or_token() {
    let d = dirs();
    let token = "0123456789abcdef-test-token";
    std::fs::write(d.base.path().join("token"), format!("{token}\n")).unwrap();
    let token_file = d.base.path().join("token");
    // TRUST_LOOPBACK=0: our own 127.0.0.1 counts as the gallery's network.
    let s = Server::start(
        &d.root,
        &d.data,
        &[("TRUST_LOOPBACK", "0"), ("TOKEN_FILE", token_file.to_str().unwrap())],
    );
    let good = format!("Bearer {token}");
    let body = batch("batch-0002", json!([{ "type": "qr", "t": T }]));
    let calls: [(&str, &str, &str); 4] = [
        ("GET", "/api/stats", ""),
        ("GET", "/api/health", ""),
        ("POST", "/api/events", &body),
        ("POST", "/api/health", "{}"),
    ];
    for (method, target, body) in calls {
        let ask = |auth: Option<&str>| {
            let mut h = vec![("Content-Type", "application/json")];
            if let Some(a) = auth {
                h.push(("Authorization", a));
            }
            supply_routes_server::client::request(s.addr, method, target, &h, body.as_bytes()).unwrap()
        };
        let none = ask(None);
        assert_eq!(none.status, 401, "{method} {target}");
        assert_eq!(none.header("www-authenticate"), Some("Bearer realm=\"supply-routes\""));
        assert_eq!(
            ask(Some("Bearer 0123456789abcdef-test-tokeN")).status,
            401,
            "{method} {target}"
        );
        assert_eq!(ask(Some(token)).status, 401, "{method} {target}: no Bearer");
        let with = ask(Some(&good));
        assert!(
            with.status == 200 || (target == "/api/health" && with.status == 400),
            "{method} {target}: {}",
            with.status
        );
    }
    // The page itself is public.
    assert_eq!(s.get("/", &[]).status, 200);
    drop(s);

    // Without a token configured, nothing but loopback gets in.
    let s = Server::start(&d.root, &d.data, &[("TRUST_LOOPBACK", "0")]);
    let r = s.get("/api/stats", &[("Authorization", &good)]);
    assert_eq!(r.status, 403);
    assert!(r.json().unwrap()["error"].as_str().unwrap().contains("loopback"));
    drop(s);
    // And loopback does, by default.
    let s = Server::start(&d.root, &d.data, &[]);
    assert_eq!(s.get("/api/stats", &[]).status, 200);
}

#[test]
fn stats_refuses_bad_ranges() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    for (query, reason) in [
        ("from=2026-02-30&to=2026-03-01", "from: expected a date"),
        ("from=yesterday", "from: expected a date"),
        ("from=2026-03-02&to=2026-03-01", "is after"),
        ("from=2020-01-01&to=2026-03-01", "731 or fewer"),
        ("format=xml", "format"),
        ("since=2026-01-01", "unknown parameter"),
    ] {
        let r = s.get(&format!("/api/stats?{query}"), &[]);
        assert_eq!(r.status, 400, "{query}");
        assert!(
            r.json().unwrap()["error"].as_str().unwrap().contains(reason),
            "{query}: {}",
            r.text()
        );
    }
    // No dates: the last 30 days.
    let r = s.get("/api/stats", &[]).json().unwrap();
    assert_eq!(r["visits"]["byDay"].as_array().unwrap().len(), 30);
}
