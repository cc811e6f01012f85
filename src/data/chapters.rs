//! `chapters.json`: the story in chapters (issue 21), in the order it is told. Each sets the
//! month shown, the routes and events it highlights, the part of the map it frames, and may
//! add label points (the 1945 fronts). Optional in a route set; its references to routes and
//! events are checked by the loader.

use std::collections::HashSet;

use geojson::JsonValue;

use crate::data::error::file_error;
use crate::data::json::{Fields, kind_of};
use crate::data::month::Month;
use crate::data::report::Report;
use crate::data::text::Localized;

pub const CHAPTERS_FILE: &str = "chapters.json";

/// A label a chapter adds to the map (the fronts of August 1945).
#[derive(Clone, Debug, PartialEq)]
pub struct ChapterLabel {
    pub id: String,
    /// The event it names, when it names one.
    pub event: Option<String>,
    pub name: Localized,
    pub at: [f64; 2],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    pub id: String,
    /// `None`: over the whole period.
    pub month: Option<Month>,
    pub title: Localized,
    pub text: Localized,
    pub routes: Vec<String>,
    pub events: Vec<String>,
    /// `[west, south, east, north]` in degrees.
    pub frame: [f64; 4],
    pub labels: Vec<ChapterLabel>,
    pub sources: Vec<String>,
}

/// Reads `chapters.json`, `{"chapters": [...]}`: ids once, months never going backwards.
pub(crate) fn read(text: &str, errors: &mut Report) -> Vec<Chapter> {
    let file = CHAPTERS_FILE;
    let value: JsonValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(file_error(file, format!("not valid JSON: {e}")));
            return Vec::new();
        }
    };
    let Some(list) = value.get("chapters").and_then(JsonValue::as_array) else {
        errors.push(file_error(file, "expected an object {\"chapters\": [...]}"));
        return Vec::new();
    };
    let mut out: Vec<Chapter> = Vec::new();
    let mut seen = HashSet::new();
    let mut last: Option<Month> = None;
    for (i, item) in list.iter().enumerate() {
        let label = item
            .get("id")
            .and_then(JsonValue::as_str)
            .map_or_else(|| format!("#{i}"), str::to_owned);
        let mut p = Fields::new(file, label, item.as_object(), errors);
        let before = p.error_count();
        let id = p.id();
        let month = match p.get("month") {
            Some(v) => p.month("month", Some(v)),
            None => None,
        };
        if let (Some(m), Some(l)) = (month, last)
            && m < l
        {
            p.error(
                "month",
                format!("{m} comes before the chapter before it ({l}): months never go backwards"),
            );
        }
        last = month.or(last);
        let title = p.localized("title");
        let text = p.localized("text");
        let routes = p.strings("routes");
        let events = p.strings("events");
        let frame = frame(&mut p);
        let mut labels = Vec::new();
        p.each_object("labels", "{id, name, coordinates}", |q| {
            let id = q.id();
            let event = q.optional_text("event");
            let name = q.localized("name");
            let pos: Vec<f64> = q
                .array("coordinates", "numbers")
                .unwrap_or_default()
                .iter()
                .filter_map(JsonValue::as_f64)
                .collect();
            let at = q.position("coordinates", &pos);
            if let (Some(id), Some(name), Some(at)) = (id, name, at) {
                labels.push(ChapterLabel { id, event, name, at });
            }
        });
        let sources = p.tags("sources");
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            p.error("id", format!("duplicate id {id:?}"));
        }
        let clean = p.error_count() == before;
        if let (true, Some(id), Some(title), Some(text), Some(frame)) = (clean, id, title, text, frame) {
            out.push(Chapter {
                id,
                month,
                title,
                text,
                routes,
                events,
                frame,
                labels,
                sources,
            });
        }
    }
    out
}

/// `frame`: `[west, south, east, north]`, west of east and south of north.
fn frame(p: &mut Fields) -> Option<[f64; 4]> {
    let v = p.get("frame");
    let nums: Option<Vec<f64>> = v
        .and_then(JsonValue::as_array)
        .map(|a| a.iter().filter_map(JsonValue::as_f64).collect());
    match nums.as_deref() {
        Some(&[w, s, e, n]) if w < e && s < n && w >= -180.0 && e <= 180.0 && s >= -90.0 && n <= 90.0 => {
            Some([w, s, e, n])
        }
        _ => {
            let found = v.map_or("nothing", kind_of);
            p.error(
                "frame",
                format!(
                    "expected [west, south, east, north] in degrees, west < east and south < north (found {found})"
                ),
            );
            None
        }
    }
}

/// Whether `[lon, lat]` lies in `frame` (`[west, south, east, north]`).
pub fn in_frame(frame: [f64; 4], [lon, lat]: [f64; 2]) -> bool {
    (frame[0]..=frame[2]).contains(&lon) && (frame[1]..=frame[3]).contains(&lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = r#"{"en": "x", "zh": "x", "ru": "x"}"#;

    fn chapter(id: &str, month: &str) -> String {
        format!(
            r#"{{"id": "{id}", "month": "{month}", "title": {T}, "text": {T}, "routes": [], "events": [],
              "frame": [100, 20, 140, 54], "sources": ["S"]}}"#
        )
    }

    fn messages(list: &[String]) -> Vec<String> {
        let mut errors = crate::data::report::Report::default();
        read(&format!(r#"{{"chapters": [{}]}}"#, list.join(",")), &mut errors);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn chapters_are_read_in_order_with_their_labels() {
        let with_label = chapter("b", "1945-08").replace(
            r#""sources""#,
            r#""labels": [{"id": "l", "event": "front", "name": {"en": "x", "zh": "x", "ru": "x"}, "coordinates": [115.8, 47.9]}], "sources""#,
        );
        let mut errors = crate::data::report::Report::default();
        let list = read(
            &format!(r#"{{"chapters": [{}, {with_label}]}}"#, chapter("a", "1937-07")),
            &mut errors,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(list.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(list[1].labels[0].at, [115.8, 47.9]);
        assert!(in_frame(list[1].frame, [115.8, 47.9]) && !in_frame(list[1].frame, [95.0, 47.9]));
    }

    #[test]
    fn months_going_backwards_a_bad_frame_and_an_undeclared_language_are_named() {
        let bad = chapter("b", "1937-07")
            .replace("[100, 20, 140, 54]", "[140, 20, 100, 54]")
            .replace(
                r#""text": {"en": "x", "zh": "x", "ru": "x"}"#,
                r#""text": {"en": "x", "fr": "x"}"#,
            );
        assert_eq!(
            messages(&[chapter("a", "1938-10"), bad]),
            [
                "chapters.json: feature \"b\": field \"month\": 1937-07 comes before the chapter before it (1938-10): months never go backwards",
                "chapters.json: feature \"b\": field \"text.fr\": language \"fr\" is not declared in languages.json (en, zh, ru)",
                "chapters.json: feature \"b\": field \"frame\": expected [west, south, east, north] in degrees, west < east and south < north (found an array)",
            ]
        );
    }
}
