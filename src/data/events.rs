//! Dated events of the story (the first volunteers in Nanking, the fall of Canton, the 1945
//! fronts), read from `events.geojson`, and when each is highlighted on the map.

use std::collections::HashSet;

use geojson::GeometryValue;
use serde::Deserialize;

use crate::data::error::{LoadError, error};
use crate::data::json::{check_position, features, from_json};
use crate::data::model::Figure;
use crate::data::month::Month;
use crate::data::report::Report;
use crate::data::sources::check_cited;
use crate::data::text::Localized;

pub const EVENTS_FILE: &str = "events.geojson";
/// An event with no `until` stays highlighted for its own month and this many after, so that
/// a visitor watching playback has time to read it.
pub const LINGER_MONTHS: i32 = 2;

/// Where an event is on the map.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Shown in the list only (a declaration of war has no one place).
    Nowhere,
    /// One or more places (the six cities of the air battles).
    Points(Vec<[f64; 2]>),
    /// Arrows, each drawn from its first position to its last (the 1945 fronts).
    Arrows(Vec<Vec<[f64; 2]>>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: String,
    pub kind: String,
    /// As precise as the source: `1937`, `1937-12` or `1937-12-01`.
    pub date: String,
    /// The month the slider shows it from.
    pub month: Month,
    /// The last month it stays highlighted.
    pub until: Month,
    /// Replaces the formatted date where the source is vague ("Early 1937").
    pub date_text: Option<Localized>,
    pub title: Localized,
    pub text: Localized,
    pub note: Option<Localized>,
    /// Why the event is drawn where it is, when that rests on less than a source.
    pub place_note: Option<Localized>,
    pub figures: Vec<Figure>,
    pub sources: Vec<String>,
    pub shape: Shape,
}

/// How an event shows at the month shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventState {
    Hidden,
    /// Already happened: a small mark.
    Past,
    /// Highlighted.
    Active,
}

impl Event {
    /// Highlighted at month `m`.
    pub fn active_at(&self, m: Month) -> bool {
        self.month <= m && m <= self.until
    }

    /// How the event shows at `month`; over the whole period (`None`) the map shows routes
    /// only: events belong to the story in time. A front's arrows leave no mark once past.
    pub fn state_at(&self, month: Option<Month>) -> EventState {
        match month {
            None => EventState::Hidden,
            Some(m) if self.active_at(m) => EventState::Active,
            Some(m) if self.month <= m && !matches!(self.shape, Shape::Arrows(_)) => EventState::Past,
            Some(_) => EventState::Hidden,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawEvent {
    id: String,
    kind: String,
    date: String,
    month: Month,
    until: Option<Month>,
    date_text: Option<Localized>,
    title: Localized,
    text: Localized,
    note: Option<Localized>,
    place_note: Option<Localized>,
    #[serde(default)]
    figures: Vec<RawFigure>,
    sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
struct RawFigure {
    text: Localized,
    source: String,
    note: Option<Localized>,
    #[serde(default)]
    note_sources: Vec<String>,
}

/// Whether `date` (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) is well formed and contains `month`.
fn date_contains(date: &str, month: Month) -> bool {
    let ok_day = |d: &str| d.len() == 2 && matches!(d.parse::<u8>(), Ok(1..=31));
    match date.len() {
        4 => date.parse::<i32>().is_ok_and(|y| y == month.year()),
        7 => Month::parse(date) == Some(month),
        10 => {
            date.is_char_boundary(7)
                && Month::parse(&date[..7]) == Some(month)
                && ok_day(&date[8..])
                && &date[7..8] == "-"
        }
        _ => false,
    }
}

fn positions(file: &str, id: &str, list: &[Vec<f64>], errors: &mut Vec<LoadError>) -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for p in list {
        match check_position(p) {
            Ok(q) => out.push(q),
            Err(m) => errors.push(error(file, Some(id), Some("geometry".into()), m)),
        }
    }
    out
}

fn shape(id: &str, geometry: Option<&geojson::Geometry>, errors: &mut Vec<LoadError>) -> Option<Shape> {
    let file = EVENTS_FILE;
    let Some(g) = geometry else {
        return Some(Shape::Nowhere);
    };
    let before = errors.len();
    let shape = match &g.value {
        GeometryValue::Point { coordinates } => {
            Shape::Points(positions(file, id, &[coordinates.as_slice().to_vec()], errors))
        }
        GeometryValue::MultiPoint { coordinates } => {
            let list: Vec<Vec<f64>> = coordinates.iter().map(|p| p.as_slice().to_vec()).collect();
            Shape::Points(positions(file, id, &list, errors))
        }
        GeometryValue::LineString { coordinates } => {
            let list: Vec<Vec<f64>> = coordinates.iter().map(|p| p.as_slice().to_vec()).collect();
            Shape::Arrows(vec![positions(file, id, &list, errors)])
        }
        GeometryValue::MultiLineString { coordinates } => Shape::Arrows(
            coordinates
                .iter()
                .map(|line| {
                    let list: Vec<Vec<f64>> = line.iter().map(|p| p.as_slice().to_vec()).collect();
                    positions(file, id, &list, errors)
                })
                .collect(),
        ),
        other => {
            errors.push(error(
                file,
                Some(id),
                Some("geometry".into()),
                format!(
                    "expected null, a Point, MultiPoint, LineString or MultiLineString, found {}",
                    other.type_name()
                ),
            ));
            return None;
        }
    };
    let empty = match &shape {
        Shape::Points(p) => p.is_empty(),
        Shape::Arrows(lines) => lines.is_empty() || lines.iter().any(|l| l.len() < 2),
        Shape::Nowhere => false,
    };
    if empty && errors.len() == before {
        errors.push(error(
            file,
            Some(id),
            Some("geometry".into()),
            "needs a position (an arrow, two)".into(),
        ));
    }
    (errors.len() == before).then_some(shape)
}

/// Reads `events.geojson`, checking that every source cited is `known` (unless none is: then
/// `sources.json` failed, and said so); returns the events in date order.
pub(crate) fn read(text: &str, known: &HashSet<&str>, errors: &mut Report) -> Vec<Event> {
    let file = EVENTS_FILE;
    let mut events = Vec::new();
    let mut ids = HashSet::new();
    for (label, mut f) in features(file, text, errors) {
        let props = f
            .properties
            .take()
            .map_or(serde_json::Value::Null, serde_json::Value::Object);
        let before = errors.len();
        let bad = |field: &str, message: String, errors: &mut Vec<LoadError>| {
            errors.push(error(file, Some(&label), Some(field.into()), message));
        };
        let raw: RawEvent = match from_json(&props) {
            Ok(r) => r,
            Err((field, m)) => {
                errors.push(error(file, Some(&label), field.or(Some("properties".into())), m));
                continue;
            }
        };
        if !ids.insert(raw.id.clone()) {
            bad("id", format!("duplicate id {:?}", raw.id), errors);
        }
        let month = raw.month;
        if !date_contains(&raw.date, month) {
            bad(
                "date",
                format!(
                    "{:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD) within {month}",
                    raw.date
                ),
                errors,
            );
        }
        let until = match raw.until {
            None => month.plus(LINGER_MONTHS),
            Some(u) => {
                if u < month {
                    let message = format!("expected a month \"YYYY-MM\" not before \"month\", found \"{u}\"");
                    bad("until", message, errors);
                }
                u
            }
        };
        let mut texts: Vec<(String, &Localized)> = vec![("title".into(), &raw.title), ("text".into(), &raw.text)];
        for (name, t) in [
            ("dateText", &raw.date_text),
            ("note", &raw.note),
            ("placeNote", &raw.place_note),
        ] {
            if let Some(t) = t {
                texts.push((name.into(), t));
            }
        }
        for (j, fig) in raw.figures.iter().enumerate() {
            texts.push((format!("figures[{j}].text"), &fig.text));
            if let Some(n) = &fig.note {
                texts.push((format!("figures[{j}].note"), n));
            }
        }
        for (field, t) in texts {
            for (lang, s) in &t.0 {
                if s.chars().any(|c| c.is_control() && c != '\n') {
                    bad(
                        &format!("{field}.{lang}"),
                        "text contains control characters".into(),
                        errors,
                    );
                }
            }
            errors.text(file, &label, &field, t);
        }
        if raw.sources.is_empty() {
            bad("sources", "every event names at least one source".into(), errors);
        }
        check_cited(known, file, &label, "sources", &raw.sources, errors);
        for (j, f) in raw.figures.iter().enumerate() {
            check_cited(
                known,
                file,
                &label,
                &format!("figures[{j}].source"),
                [&f.source],
                errors,
            );
            let field = format!("figures[{j}].noteSources");
            check_cited(known, file, &label, &field, &f.note_sources, errors);
        }
        let shape = shape(&label, f.geometry.as_ref(), errors);
        if let (Some(shape), true) = (shape, errors.len() == before) {
            events.push(Event {
                id: raw.id,
                kind: raw.kind,
                date: raw.date,
                month,
                until,
                date_text: raw.date_text,
                title: raw.title,
                text: raw.text,
                note: raw.note,
                place_note: raw.place_note,
                figures: raw
                    .figures
                    .into_iter()
                    .map(|f| Figure {
                        text: f.text,
                        source: f.source,
                        note: f.note,
                        note_sources: f.note_sources,
                    })
                    .collect(),
                sources: raw.sources,
                shape,
            });
        }
    }
    events.sort_by(|a, b| a.month.cmp(&b.month).then_with(|| a.date.cmp(&b.date)));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `text`, citing only the source `article`, or every problem found.
    fn load(text: &str) -> Result<Vec<Event>, Vec<LoadError>> {
        let mut errors = crate::data::report::Report::default();
        let events = read(text, &HashSet::from(["article"]), &mut errors);
        if errors.is_empty() {
            Ok(events)
        } else {
            Err(errors.errors)
        }
    }

    const T: &str = r#"{"en": "x", "zh": "x", "ru": "x"}"#;

    fn one(props: &str, geometry: &str) -> String {
        format!(
            r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "geometry": {geometry}, "properties": {props}}}]}}"#
        )
    }

    fn good(extra: &str) -> String {
        format!(
            r#"{{"id": "e", "kind": "war", "date": "1937-12-01", "month": "1937-12", "title": {T}, "text": {T}, "sources": ["article"]{extra}}}"#
        )
    }

    #[test]
    fn an_event_lingers_two_months_unless_it_says_until() {
        let events = load(&one(&good(""), r#"{"type": "Point", "coordinates": [118.78, 32.06]}"#)).expect("valid");
        let e = &events[0];
        let m = |s| Month::parse(s).expect("valid");
        assert!(!e.active_at(m("1937-11")) && e.active_at(m("1937-12")) && e.active_at(m("1938-02")));
        assert!(!e.active_at(m("1938-03")));
        let events = load(&one(&good(r#", "until": "1941-06""#), "null")).expect("valid");
        assert!(events[0].active_at(m("1941-06")) && !events[0].active_at(m("1941-07")));
        assert_eq!(events[0].shape, Shape::Nowhere);
    }

    fn messages(text: &str) -> Vec<String> {
        load(text)
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_undeclared_language_and_an_unknown_source_are_named() {
        let props = good("").replace(
            r#""text": {"en": "x", "zh": "x", "ru": "x"}"#,
            r#""text": {"en": "x", "zh": "x", "fr": "x"}"#,
        );
        let props = props.replace(r#"["article"]"#, r#"["article", "NOPE"]"#);
        assert_eq!(
            messages(&one(&props, "null")),
            vec![
                "events.geojson: feature \"e\": field \"text.fr\": language \"fr\" is not declared in languages.json (en, zh, ru)",
                "events.geojson: feature \"e\": field \"sources\": source tag \"NOPE\" is not in sources.json",
            ]
        );
    }

    #[test]
    fn a_date_outside_its_month_and_a_wrong_type_are_named() {
        let props = good("").replace("1937-12-01", "1938-12-01");
        assert_eq!(
            messages(&one(&props, "null")),
            vec![
                "events.geojson: feature \"e\": field \"date\": \"1938-12-01\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD) within 1937-12"
            ]
        );
        let props = good("").replace(r#""kind": "war""#, r#""kind": 7"#);
        let m = messages(&one(&props, "null"));
        assert!(
            m[0].starts_with("events.geojson: feature \"e\": field \"kind\": invalid type: integer `7`"),
            "{m:?}"
        );
    }

    #[test]
    fn bad_geometry_is_named() {
        let m = messages(&one(
            &good(""),
            r#"{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}"#,
        ));
        assert!(m[0].ends_with("found Polygon"), "{m:?}");
        let m = messages(&one(
            &good(""),
            r#"{"type": "LineString", "coordinates": [[0, 95], [1, 1]]}"#,
        ));
        assert!(m[0].contains("[0.0, 95.0] is not a [lon, lat] position"), "{m:?}");
    }
}
