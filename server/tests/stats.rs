//! `GET /api/stats` against a known set of events: every figure of the JSON and every row of
//! the CSV.

mod common;

use common::{Server, at, dirs};
use serde_json::{Value, json};

fn send(s: &Server, id: &str, dropped: i64, events: Value) {
    let body = json!({ "v": 1, "batch": id, "dropped": dropped, "events": events }).to_string();
    let r = s.post("/api/events", &body);
    assert_eq!(r.status, 200, "{}", r.text());
}

fn known_events(s: &Server) {
    send(
        s,
        "batch-day1-a",
        0,
        json!([
            { "type": "visit-start", "t": at("2026-01-01T09:00"), "visit": 1 },
            { "type": "open", "t": at("2026-01-01T09:01"), "visit": 1, "what": "route", "id": "burma-road", "ms": 20000 },
            { "type": "open", "t": at("2026-01-01T09:01"), "visit": 1, "what": "route", "id": "burma-road", "ms": 40000 },
            { "type": "open", "t": at("2026-01-01T09:01"), "visit": 1, "what": "event", "id": "ev-1", "ms": 5000 },
            { "type": "language", "t": at("2026-01-01T09:01"), "visit": 1, "to": "zh", "from": "en" },
            { "type": "qr", "t": at("2026-01-01T09:02"), "visit": 1, "id": "burma-road" },
            { "type": "still-there", "t": at("2026-01-01T09:02"), "visit": 1, "answered": true },
            { "type": "visit-end", "t": at("2026-01-01T09:02"), "visit": 1, "ms": 120000 },
        ]),
    );
    send(
        s,
        "batch-day1-b",
        5,
        json!([
            { "type": "attract-interrupted", "t": at("2026-01-01T09:30"), "ms": 30000 },
            { "type": "visit-start", "t": at("2026-01-01T09:30"), "visit": 2 },
            { "type": "open", "t": at("2026-01-01T09:30"), "visit": 2, "what": "chapter", "id": "ch-1", "ms": 10000 },
            { "type": "language", "t": at("2026-01-01T09:30"), "visit": 2, "to": "ru" },
            { "type": "still-there", "t": at("2026-01-01T09:31"), "visit": 2, "answered": false },
            { "type": "visit-end", "t": at("2026-01-01T09:31"), "visit": 2, "ms": 60000 },
            { "type": "error", "t": at("2026-01-01T10:00"), "code": "wasm-trap" },
            { "type": "recovery", "t": at("2026-01-01T10:00"), "code": "reload" },
        ]),
    );
    send(
        s,
        "batch-day2",
        0,
        json!([
            { "type": "attract-interrupted", "t": at("2026-01-02T23:58") },
            { "type": "visit-start", "t": at("2026-01-02T23:58"), "visit": 3 },
            { "type": "open", "t": at("2026-01-02T23:58"), "visit": 3, "what": "route", "id": "northwest" },
            { "type": "qr", "t": at("2026-01-02T23:58"), "visit": 3 },
            { "type": "visit-end", "t": at("2026-01-02T23:59"), "visit": 3, "ms": 30000 },
        ]),
    );
    // Outside the range asked for.
    send(
        s,
        "batch-day4",
        0,
        json!([
            { "type": "visit-start", "t": at("2026-01-04T12:00"), "visit": 4 },
            { "type": "visit-end", "t": at("2026-01-04T12:10"), "visit": 4, "ms": 600000 },
        ]),
    );
}

#[test]
fn json_and_csv_of_a_known_set() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    known_events(&s);
    let r = s.get("/api/stats?from=2026-01-01&to=2026-01-03", &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let mut hours = vec![0; 24];
    hours[9] = 2;
    hours[23] = 1;
    let expected = json!({
        "from": "2026-01-01",
        "to": "2026-01-03",
        "events": 21,
        "visits": {
            "total": 3,
            "byDay": [{ "day": "2026-01-01", "visits": 2 }, { "day": "2026-01-02", "visits": 1 }, { "day": "2026-01-03", "visits": 0 }],
            "byHour": hours,
            "lengthMs": { "count": 3, "median": 60000, "p90": 120000 },
        },
        "opened": {
            "route": [{ "id": "burma-road", "count": 2, "medianMs": 20000 }, { "id": "northwest", "count": 1, "medianMs": null }],
            "event": [{ "id": "ev-1", "count": 1, "medianMs": 5000 }],
            "chapter": [{ "id": "ch-1", "count": 1, "medianMs": 10000 }],
        },
        "languages": [{ "language": "en", "switches": 0 }, { "language": "zh", "switches": 1 }, { "language": "ru", "switches": 1 }],
        "qr": { "total": 2, "byKey": [{ "key": "", "count": 1 }, { "key": "burma-road", "count": 1 }] },
        "attractInterruptions": 2,
        "stillThere": { "answered": 1, "unanswered": 1 },
        "errors": { "total": 1, "byKey": [{ "key": "wasm-trap", "count": 1 }] },
        "recoveries": { "total": 1, "byKey": [{ "key": "reload", "count": 1 }] },
        // Dropped events count on the day their batch arrived (today), not in January.
        "dropped": 0,
    });
    assert_eq!(r.json().unwrap(), expected);

    let csv = s.get("/api/stats?from=2026-01-01&to=2026-01-03&format=csv", &[]);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(
        csv.header("content-disposition"),
        Some("attachment; filename=\"supply-routes-2026-01-01-2026-01-03.csv\"")
    );
    let hour_rows: String = (0..24)
        .map(|h| format!("visits_by_hour,{h:02},{}\r\n", hours[h]))
        .collect();
    let expected_csv = format!(
        "metric,key,value\r\nrange,from,2026-01-01\r\nrange,to,2026-01-03\r\nevents,total,21\r\nvisits,total,3\r\n\
         visits_by_day,2026-01-01,2\r\nvisits_by_day,2026-01-02,1\r\nvisits_by_day,2026-01-03,0\r\n{hour_rows}\
         visit_length_ms,count,3\r\nvisit_length_ms,median,60000\r\nvisit_length_ms,p90,120000\r\n\
         opened_route,burma-road,2\r\nopened_route_median_ms,burma-road,20000\r\n\
         opened_route,northwest,1\r\nopened_route_median_ms,northwest,\r\n\
         opened_event,ev-1,1\r\nopened_event_median_ms,ev-1,5000\r\n\
         opened_chapter,ch-1,1\r\nopened_chapter_median_ms,ch-1,10000\r\n\
         language_switches,en,0\r\nlanguage_switches,zh,1\r\nlanguage_switches,ru,1\r\n\
         qr,total,2\r\nqr,,1\r\nqr,burma-road,1\r\nerrors,total,1\r\nerrors,wasm-trap,1\r\nrecoveries,total,1\r\nrecoveries,reload,1\r\n\
         attract_interruptions,total,2\r\nstill_there,answered,1\r\nstill_there,unanswered,1\r\ndropped,total,0\r\n"
    );
    assert_eq!(csv.text(), expected_csv);

    // One day, and the dropped count on the day the batches came (today, by default).
    let day4 = s.get("/api/stats?from=2026-01-04&to=2026-01-04", &[]).json().unwrap();
    assert_eq!(
        (
            day4["visits"]["total"].clone(),
            day4["visits"]["lengthMs"]["median"].clone()
        ),
        (json!(1), json!(600000))
    );
    assert_eq!(s.get("/api/stats", &[]).json().unwrap()["dropped"], 5);
}

#[test]
fn days_and_hours_are_the_kiosks_local_time() {
    let d = dirs();
    // UTC+8 without tzdata (POSIX TZ: "CST-8" is eight hours east of UTC).
    let s = Server::start(&d.root, &d.data, &[("TZ", "CST-8")]);
    send(
        &s,
        "batch-local-1",
        0,
        json!([{ "type": "visit-start", "t": at("2026-01-01T20:30"), "visit": 9 }]),
    );
    let r = s.get("/api/stats?from=2026-01-01&to=2026-01-02", &[]).json().unwrap();
    assert_eq!(
        r["visits"]["byDay"],
        json!([{ "day": "2026-01-01", "visits": 0 }, { "day": "2026-01-02", "visits": 1 }])
    );
    assert_eq!(r["visits"]["byHour"][4], 1);
}

#[test]
fn survives_a_restart() {
    let d = dirs();
    let s = Server::start(&d.root, &d.data, &[]);
    known_events(&s);
    let before = s.get("/api/stats?from=2026-01-01&to=2026-01-31", &[]).json().unwrap();
    assert!(s.stop().success());
    let s = Server::start(&d.root, &d.data, &[]);
    assert_eq!(
        s.get("/api/stats?from=2026-01-01&to=2026-01-31", &[]).json().unwrap(),
        before
    );
}

#[test]
fn refuses_a_database_of_another_layout() {
    let d = dirs();
    std::fs::create_dir(&d.data).unwrap();
    let db = rusqlite::Connection::open(d.data.join("supply-routes.sqlite")).unwrap();
    db.execute_batch("CREATE TABLE events (day TEXT); PRAGMA user_version = 0;")
        .unwrap();
    drop(db);
    let out = std::process::Command::new(common::BIN)
        .env("PORT", "0")
        .env("ROOT", &d.root)
        .env("DATA", &d.data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("layout version 0, this server writes 1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
