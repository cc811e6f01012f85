//! The batches the kiosk page sends to `POST /api/events` and the beats it sends to
//! `POST /api/health`, checked by hand so that a refusal names the field and says what was
//! expected (server/README.md documents both). Nothing here can hold free text: every string
//! is one of a fixed set or a short identifier.

use serde_json::{Map, Value};

use crate::languages;

/// The largest body `POST /api/events` reads; more is refused with 413.
pub const MAX_BODY: usize = 256 * 1024;
/// The most events one batch may carry.
pub const MAX_EVENTS: usize = 1000;
/// The largest body `POST /api/health` reads.
pub const MAX_BEAT: usize = 4 * 1024;

/// Times are milliseconds since 1970 from the page's clock: 2000-01-01 to 2100-01-01, so a
/// kiosk whose clock was never set still has its events kept.
const T_MIN: i64 = 946_684_800_000;
const T_MAX: i64 = 4_102_444_800_000;
/// A duration: up to a day.
const MS_MAX: i64 = 86_400_000;
const OPENED: [&str; 3] = ["route", "event", "chapter"];
/// The events' types.
pub const KINDS: [&str; 9] = [
    "visit-start",
    "visit-end",
    "open",
    "language",
    "qr",
    "attract-interrupted",
    "still-there",
    "error",
    "recovery",
];
pub const STATES: [&str; 3] = ["attract", "in-use", "countdown"];

/// One event as stored: the columns of the `events` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub t: i64,
    pub kind: &'static str,
    pub visit: Option<i64>,
    /// `open`: route/event/chapter; `language`: the new language; `qr`: what it linked to;
    /// `still-there`: answered/unanswered; `error`, `recovery`: the code.
    pub subject: Option<String>,
    /// `open`: the item's id; `language`: the language left.
    pub detail: Option<String>,
    /// `visit-end`: the visit's length; `open`: how long it stayed open; `attract-interrupted`:
    /// how long the loop had run.
    pub ms: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub id: String,
    /// Events the page's buffer dropped (oldest first) since its last acknowledged batch.
    pub dropped: i64,
    pub events: Vec<Event>,
}

type Fields<'a> = &'a Map<String, Value>;

fn object<'a>(v: &'a Value, at: &str) -> Result<Fields<'a>, String> {
    v.as_object().ok_or(format!("{at}: expected an object"))
}

fn only(o: Fields, allowed: &[&str], at: &str) -> Result<(), String> {
    match o.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!("{at}: unknown field {k:?} (allowed: {})", allowed.join(", "))),
        None => Ok(()),
    }
}

fn int(o: Fields, key: &str, at: &str, min: i64, max: i64, required: bool) -> Result<Option<i64>, String> {
    match o.get(key) {
        None | Some(Value::Null) if !required => Ok(None),
        None => Err(format!("{at}.{key}: missing")),
        Some(v) => match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(format!(
                "{at}.{key}: expected a whole number from {min} to {max}, got {v}"
            )),
        },
    }
}

fn one_of(o: Fields, key: &str, at: &str, set: &[&str], required: bool) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) if !required => Ok(None),
        None => Err(format!("{at}.{key}: missing")),
        Some(Value::String(s)) if set.contains(&s.as_str()) => Ok(Some(s.clone())),
        Some(v) => Err(format!("{at}.{key}: expected one of {}, got {v}", set.join(", "))),
    }
}

/// An identifier: 1-64 of `A-Z a-z 0-9 _ . : -` (route ids, error codes); never free text.
fn ident(o: Fields, key: &str, at: &str, required: bool) -> Result<Option<String>, String> {
    match o.get(key) {
        None | Some(Value::Null) if !required => Ok(None),
        None => Err(format!("{at}.{key}: missing")),
        Some(Value::String(s)) if is_ident(s, 64) => Ok(Some(s.clone())),
        Some(v) => Err(format!(
            "{at}.{key}: expected an identifier of 1-64 letters, digits and _.:-, got {v}"
        )),
    }
}

pub fn is_ident(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.:-".contains(&b))
}

/// Parses and checks a batch; the error is the reason given with the 400.
pub fn batch(body: &[u8]) -> Result<Batch, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let o = object(&v, "batch")?;
    only(o, &["v", "batch", "dropped", "events"], "batch")?;
    if o.get("v") != Some(&Value::from(1)) {
        return Err("batch.v: expected 1 (the schema's version)".into());
    }
    let id = match o.get("batch") {
        Some(Value::String(s)) if s.len() >= 8 && is_ident(s, 64) && !s.contains([':', '.']) => s.clone(),
        other => {
            return Err(format!(
                "batch.batch: expected the batch's id, 8-64 letters, digits, _ and -, got {}",
                other.map_or("nothing".to_string(), Value::to_string)
            ));
        }
    };
    let dropped = int(o, "dropped", "batch", 0, 1_000_000_000, false)?.unwrap_or(0);
    let list = match o.get("events") {
        Some(Value::Array(a)) => a,
        _ => return Err("batch.events: expected an array of events".into()),
    };
    if list.is_empty() || list.len() > MAX_EVENTS {
        return Err(format!(
            "batch.events: expected 1 to {MAX_EVENTS} events, got {}",
            list.len()
        ));
    }
    let events = list
        .iter()
        .enumerate()
        .map(|(i, e)| event(e, &format!("events[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Batch { id, dropped, events })
}

fn event(v: &Value, at: &str) -> Result<Event, String> {
    let o = object(v, at)?;
    let kind: &'static str = match o
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| KINDS.iter().find(|k| **k == t))
    {
        Some(kind) => kind,
        None => {
            return Err(format!(
                "{at}.type: expected visit-start, visit-end, open, language, qr, attract-interrupted, still-there, error or recovery, got {}",
                o.get("type").map_or("nothing".to_string(), Value::to_string)
            ));
        }
    };
    let at = &format!("{at} ({kind})");
    let t = int(o, "t", at, T_MIN, T_MAX, true)?.unwrap_or(0);
    let visit_required = matches!(kind, "visit-start" | "visit-end");
    let visit = int(o, "visit", at, 0, (1 << 53) - 1, visit_required)?;
    let mut e = Event {
        t,
        kind,
        visit,
        subject: None,
        detail: None,
        ms: None,
    };
    let common = ["type", "t", "visit"];
    let with = |more: &[&'static str]| [&common[..], more].concat();
    match kind {
        "visit-start" => only(o, &common, at)?,
        "visit-end" => {
            only(o, &with(&["ms"]), at)?;
            e.ms = int(o, "ms", at, 0, MS_MAX, true)?;
        }
        "open" => {
            only(o, &with(&["what", "id", "ms"]), at)?;
            e.subject = one_of(o, "what", at, &OPENED, true)?;
            e.detail = ident(o, "id", at, true)?;
            e.ms = int(o, "ms", at, 0, MS_MAX, false)?;
        }
        "language" => {
            only(o, &with(&["to", "from"]), at)?;
            e.subject = one_of(o, "to", at, languages::codes(), true)?;
            e.detail = one_of(o, "from", at, languages::codes(), false)?;
        }
        "qr" => {
            only(o, &with(&["id"]), at)?;
            e.subject = ident(o, "id", at, false)?;
        }
        "attract-interrupted" => {
            only(o, &with(&["ms"]), at)?;
            e.ms = int(o, "ms", at, 0, MS_MAX, false)?;
        }
        "still-there" => {
            only(o, &with(&["answered"]), at)?;
            e.subject = match o.get("answered") {
                Some(Value::Bool(true)) => Some("answered".into()),
                Some(Value::Bool(false)) => Some("unanswered".into()),
                _ => return Err(format!("{at}.answered: expected true or false")),
            };
        }
        _ => {
            // error, recovery
            only(o, &with(&["code"]), at)?;
            e.subject = ident(o, "code", at, true)?;
        }
    }
    Ok(e)
}

/// A heartbeat from the kiosk page, kept as the JSON it came in once checked.
pub fn beat(body: &[u8]) -> Result<Value, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let o = object(&v, "beat")?;
    let at = "beat";
    only(
        o,
        &[
            "v",
            "t",
            "started",
            "lastFrame",
            "frames",
            "state",
            "wasmBytes",
            "jsHeapBytes",
            "errors",
            "recoveries",
            "screen",
            "build",
        ],
        at,
    )?;
    if o.get("v") != Some(&Value::from(1)) {
        return Err("beat.v: expected 1 (the schema's version)".into());
    }
    int(o, "t", at, T_MIN, T_MAX, true)?;
    int(o, "started", at, T_MIN, T_MAX, true)?;
    int(o, "lastFrame", at, T_MIN, T_MAX, false)?;
    int(o, "frames", at, 0, 1 << 40, true)?;
    one_of(o, "state", at, &STATES, true)?;
    int(o, "wasmBytes", at, 0, 1 << 40, false)?;
    int(o, "jsHeapBytes", at, 0, 1 << 40, false)?;
    int(o, "errors", at, 0, 1 << 40, true)?;
    int(o, "recoveries", at, 0, 1 << 40, true)?;
    ident(o, "build", at, true)?;
    let screen = object(o.get("screen").ok_or("beat.screen: missing")?, "beat.screen")?;
    only(screen, &["w", "h", "dpr"], "beat.screen")?;
    int(screen, "w", "beat.screen", 1, 100_000, true)?;
    int(screen, "h", "beat.screen", 1, 100_000, true)?;
    match screen.get("dpr").and_then(Value::as_f64) {
        Some(d) if d > 0.0 && d <= 16.0 => {}
        _ => return Err("beat.screen.dpr: expected a number above 0, up to 16".into()),
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_batch() {
        let b = batch(
            br#"{"v":1,"batch":"abcdefgh-1","dropped":2,"events":[
            {"type":"visit-start","t":1767225600000,"visit":7},
            {"type":"open","t":1767225601000,"visit":7,"what":"route","id":"burma-road","ms":5000},
            {"type":"language","t":1767225602000,"to":"zh","from":"en"},
            {"type":"still-there","t":1767225603000,"visit":7,"answered":false},
            {"type":"visit-end","t":1767225604000,"visit":7,"ms":4000}]}"#,
        )
        .expect("valid");
        assert_eq!(b.dropped, 2);
        assert_eq!(b.events.len(), 5);
        assert_eq!(b.events[1].detail.as_deref(), Some("burma-road"));
        assert_eq!(b.events[3].subject.as_deref(), Some("unanswered"));
    }

    #[test]
    fn refusals_name_the_field() {
        let cases = [
            (r#"[]"#, "batch: expected an object"),
            (r#"{"v":2,"batch":"abcdefgh","events":[]}"#, "batch.v"),
            (r#"{"v":1,"batch":"short","events":[]}"#, "batch.batch"),
            (
                r#"{"v":1,"batch":"abcdefgh","events":[]}"#,
                "batch.events: expected 1 to",
            ),
            (
                r#"{"v":1,"batch":"abcdefgh","events":[{"type":"open","t":1767225600000,"what":"route","id":"a b"}]}"#,
                "events[0] (open).id",
            ),
            (
                r#"{"v":1,"batch":"abcdefgh","events":[{"type":"visit-start","t":1767225600000}]}"#,
                "events[0] (visit-start).visit: missing",
            ),
            (
                r#"{"v":1,"batch":"abcdefgh","events":[{"type":"error","t":1767225600000,"code":"x","message":"hi"}]}"#,
                "unknown field \"message\"",
            ),
            (
                r#"{"v":1,"batch":"abcdefgh","events":[{"type":"boom","t":1}]}"#,
                "events[0].type",
            ),
            (
                r#"{"v":1,"batch":"abcdefgh","events":[{"type":"qr","t":12}]}"#,
                "events[0] (qr).t",
            ),
            (r#"{"v":1,"batch":"abcdefgh","x":1,"events":[]}"#, "unknown field \"x\""),
        ];
        for (body, reason) in cases {
            let err = batch(body.as_bytes()).expect_err(body);
            assert!(err.contains(reason), "{body}: {err}");
        }
    }
}
