//! `occupied.geojson`: what Japan held, month by month (issue 21): areas held before or taken
//! in the war, cities, railway stretches and the coast under blockade, each with the months it
//! was held and its sources; and `period-states.geojson`, the label points of the period's
//! states and colonies, which the map shows instead of today's borders. Both are optional
//! parts of a route set. Months are inclusive at both ends, as the periods of routes are.

use std::collections::HashSet;

use geojson::{GeometryValue, JsonValue};

use crate::data::error::LoadError;
use crate::data::json::{Fields, features};
use crate::data::month::Month;
use crate::data::report::Report;
use crate::data::text::Localized;

pub const OCCUPIED_FILE: &str = "occupied.geojson";
pub const PERIOD_STATES_FILE: &str = "period-states.geojson";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeldKind {
    Area,
    City,
    Railway,
    Blockade,
}

impl HeldKind {
    pub fn parse(s: &str) -> Option<HeldKind> {
        Some(match s {
            "area" => HeldKind::Area,
            "city" => HeldKind::City,
            "railway" => HeldKind::Railway,
            "blockade" => HeldKind::Blockade,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HeldKind::Area => "area",
            HeldKind::City => "city",
            HeldKind::Railway => "railway",
            HeldKind::Blockade => "blockade",
        }
    }
}

/// The geometry of a held item, as its kind requires.
#[derive(Clone, Debug, PartialEq)]
pub enum HeldShape {
    /// Polygons, each a list of rings (the first the outline).
    Area(Vec<Vec<Vec<[f64; 2]>>>),
    Point([f64; 2]),
    Line(Vec<[f64; 2]>),
}

/// One thing Japan held, from `since` to `until` (inclusive; `None`: to the end).
#[derive(Clone, Debug, PartialEq)]
pub struct Held {
    pub id: String,
    pub kind: HeldKind,
    /// The period name with today's in brackets, for cards and the API.
    pub name: Localized,
    /// The short form for a map label.
    pub label: Option<Localized>,
    pub since: Month,
    pub until: Option<Month>,
    /// Drawn so that its edge claims no precision.
    pub approximate: bool,
    pub sources: Vec<String>,
    pub note: Option<Localized>,
    /// The same city in `places.geojson`.
    pub place: Option<String>,
    /// The event in `events.geojson` telling the same fall (or its end).
    pub event: Option<String>,
    /// Railways: the stations, one per vertex.
    pub stations: Vec<String>,
    /// Railways: the vertices whose position is estimated.
    pub approx: Vec<[f64; 2]>,
    /// Railways: how the line is drawn.
    pub method: Option<Localized>,
    pub shape: HeldShape,
}

impl Held {
    /// Held at month `m`.
    pub fn held_at(&self, m: Month) -> bool {
        within(self.since, self.until, m)
    }
}

/// A label of the period's map: a state, colony, puppet state or occupied territory.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodState {
    pub id: String,
    /// `state`, `colony`, `puppet` or `occupied`, for its style.
    pub kind: String,
    pub name: Localized,
    /// `None`: from before the timeline.
    pub since: Option<Month>,
    pub until: Option<Month>,
    /// 1 states and large colonies, 2 Korea and Formosa, 3 Hong Kong.
    pub rank: u8,
    pub sources: Vec<String>,
    pub note: Option<Localized>,
    /// Where the label goes; several for a large state.
    pub anchors: Vec<[f64; 2]>,
}

impl PeriodState {
    /// The label applies at month `m`.
    pub fn applies_at(&self, m: Month) -> bool {
        self.since.is_none_or(|s| s <= m) && self.until.is_none_or(|u| m <= u)
    }
}

fn within(since: Month, until: Option<Month>, m: Month) -> bool {
    since <= m && until.is_none_or(|u| m <= u)
}

const STATE_KINDS: [&str; 4] = ["state", "colony", "puppet", "occupied"];

/// `since` and `until` (optional) months of `p`, reporting an `until` before `since`.
pub(crate) fn months(p: &mut Fields, since_required: bool) -> (Option<Month>, Option<Month>) {
    let since = match p.get("since") {
        Some(v) => p.month("since", Some(v)),
        None if since_required && p.is_object() => {
            p.error("since", "missing");
            None
        }
        None => None,
    };
    let until = p.get("until").and_then(|v| p.month("until", Some(v)));
    if let (Some(s), Some(u)) = (since, until)
        && u < s
    {
        p.error("until", format!("{u} is before since ({s})"));
    }
    (since, until)
}

fn ring(p: &mut Fields, ring: &[geojson::Position]) -> Vec<[f64; 2]> {
    let points: Vec<[f64; 2]> = ring
        .iter()
        .filter_map(|q| p.position("geometry", q.as_slice()))
        .collect();
    if points.len() < 4 || points.first() != points.last() {
        p.error(
            "geometry",
            "a ring needs four positions or more, the last equal to the first",
        );
    }
    points
}

fn held_shape(p: &mut Fields, kind: HeldKind, geometry: Option<&geojson::Geometry>) -> Option<HeldShape> {
    let before = p_errors(p);
    let shape = match (kind, geometry.map(|g| &g.value)) {
        (HeldKind::Area, Some(GeometryValue::Polygon { coordinates })) => {
            HeldShape::Area(vec![coordinates.iter().map(|r| ring(p, r)).collect()])
        }
        (HeldKind::Area, Some(GeometryValue::MultiPolygon { coordinates })) => HeldShape::Area(
            coordinates
                .iter()
                .map(|poly| poly.iter().map(|r| ring(p, r)).collect())
                .collect(),
        ),
        (HeldKind::City, Some(GeometryValue::Point { coordinates })) => {
            HeldShape::Point(p.position("geometry", coordinates.as_slice())?)
        }
        (HeldKind::Railway | HeldKind::Blockade, Some(GeometryValue::LineString { coordinates })) => {
            let line: Vec<[f64; 2]> = coordinates
                .iter()
                .filter_map(|q| p.position("geometry", q.as_slice()))
                .collect();
            if line.len() < 2 {
                p.error("geometry", "a line needs two positions or more");
            }
            HeldShape::Line(line)
        }
        (_, other) => {
            let want = match kind {
                HeldKind::Area => "a Polygon or MultiPolygon",
                HeldKind::City => "a Point",
                HeldKind::Railway | HeldKind::Blockade => "a LineString",
            };
            let found = other.map_or("null", |g| g.type_name());
            p.error("geometry", format!("a {} needs {want}, found {found}", kind.as_str()));
            return None;
        }
    };
    (p_errors(p) == before).then_some(shape)
}

/// How many problems `p` has recorded so far in all (to tell whether reading a part added one).
fn p_errors(p: &Fields) -> usize {
    p.error_count()
}

/// Reads `occupied.geojson`: one feature per held item, each id once.
pub(crate) fn read(text: &str, errors: &mut Report) -> Vec<Held> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (label, feature) in features(OCCUPIED_FILE, text, errors) {
        let mut p = Fields::new(OCCUPIED_FILE, label.clone(), feature.properties.as_ref(), errors);
        let before = p_errors(&p);
        let id = p.id();
        let kind = p.text("kind").and_then(|k| {
            let kind = HeldKind::parse(&k);
            if kind.is_none() {
                p.error(
                    "kind",
                    format!("expected one of area, city, railway, blockade, found {k:?}"),
                );
            }
            kind
        });
        let name = p.localized("name");
        let short = p.optional_localized("label");
        let (since, until) = months(&mut p, true);
        let approximate = match p.get("approximate") {
            Some(JsonValue::Bool(b)) => Some(*b),
            _ => {
                p.error("approximate", "expected true or false");
                None
            }
        };
        let sources = p.tags("sources");
        let note = p.optional_localized("note");
        let place = p.optional_text("place");
        let event = p.optional_text("event");
        let stations = p.strings("stations");
        let approx: Vec<[f64; 2]> = p
            .array("approx", "[lon, lat] positions")
            .unwrap_or_default()
            .iter()
            .filter_map(|v| {
                let pos: Vec<f64> = v.as_array()?.iter().filter_map(JsonValue::as_f64).collect();
                p.position("approx", &pos)
            })
            .collect();
        let method = p.optional_localized("method");
        let shape = kind.and_then(|k| held_shape(&mut p, k, feature.geometry.as_ref()));
        if let Some(HeldShape::Line(line)) = &shape {
            if kind == Some(HeldKind::Railway) && stations.len() != line.len() {
                p.error(
                    "stations",
                    format!(
                        "{} stations for {} vertices: one per vertex",
                        stations.len(),
                        line.len()
                    ),
                );
            }
            for (i, a) in approx.iter().enumerate() {
                if !line.contains(a) {
                    p.error(&format!("approx[{i}]"), format!("{a:?} is not a vertex of the line"));
                }
            }
        }
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            p.error("id", format!("duplicate id {id:?}"));
        }
        let clean = p_errors(&p) == before;
        if let (true, Some(id), Some(kind), Some(name), Some(since), Some(approximate), Some(shape)) =
            (clean, id, kind, name, since, approximate, shape)
        {
            out.push(Held {
                id,
                kind,
                name,
                label: short,
                since,
                until,
                approximate,
                sources,
                note,
                place,
                event,
                stations,
                approx,
                method,
                shape,
            });
        }
    }
    overlaps(
        OCCUPIED_FILE,
        out.iter().filter_map(|h| match h.shape {
            HeldShape::Point(q) => Some((h.id.as_str(), q, Some(h.since), h.until)),
            _ => None,
        }),
        errors,
    );
    out
}

/// Reads `period-states.geojson`: one label per feature, at a Point or a MultiPoint.
pub(crate) fn read_states(text: &str, errors: &mut Report) -> Vec<PeriodState> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (label, feature) in features(PERIOD_STATES_FILE, text, errors) {
        let mut p = Fields::new(PERIOD_STATES_FILE, label.clone(), feature.properties.as_ref(), errors);
        let before = p_errors(&p);
        let id = p.id();
        let kind = p.text("kind").filter(|k| {
            let ok = STATE_KINDS.contains(&k.as_str());
            if !ok {
                p.error(
                    "kind",
                    format!("expected one of {}, found {k:?}", STATE_KINDS.join(", ")),
                );
            }
            ok
        });
        let name = p.localized("name");
        let (since, until) = months(&mut p, false);
        let rank = match p.get("rank").and_then(JsonValue::as_u64) {
            Some(r @ 1..=3) => Some(r as u8),
            _ => {
                p.error("rank", "expected an integer from 1 to 3");
                None
            }
        };
        let sources = p.tags("sources");
        let note = p.optional_localized("note");
        let anchors: Vec<[f64; 2]> = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) => {
                p.position("geometry", coordinates.as_slice()).into_iter().collect()
            }
            Some(GeometryValue::MultiPoint { coordinates }) => coordinates
                .iter()
                .filter_map(|q| p.position("geometry", q.as_slice()))
                .collect(),
            _ => {
                p.error("geometry", "expected a Point or MultiPoint");
                Vec::new()
            }
        };
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            p.error("id", format!("duplicate id {id:?}"));
        }
        let clean = p_errors(&p) == before && !anchors.is_empty();
        if let (true, Some(id), Some(kind), Some(name), Some(rank)) = (clean, id, kind, name, rank) {
            out.push(PeriodState {
                id,
                kind,
                name,
                since,
                until,
                rank,
                sources,
                note,
                anchors,
            });
        }
    }
    overlaps(
        PERIOD_STATES_FILE,
        out.iter().map(|s| (s.id.as_str(), s.anchors[0], s.since, s.until)),
        errors,
    );
    out
}

/// Two items at one point (one city held twice, the successive names of one territory) must
/// not overlap in time: the map would draw both.
fn overlaps<'a>(
    file: &str,
    items: impl Iterator<Item = (&'a str, [f64; 2], Option<Month>, Option<Month>)>,
    errors: &mut Vec<LoadError>,
) {
    let items: Vec<_> = items.collect();
    for (i, a) in items.iter().enumerate() {
        for b in &items[..i] {
            let same = (a.1[0] - b.1[0]).abs() < 1e-6 && (a.1[1] - b.1[1]).abs() < 1e-6;
            let a_after_b = matches!((a.2, b.3), (Some(s), Some(u)) if s > u);
            let b_after_a = matches!((b.2, a.3), (Some(s), Some(u)) if s > u);
            if same && !a_after_b && !b_after_a {
                errors.push(crate::data::error::error(
                    file,
                    Some(a.0),
                    Some("since".into()),
                    format!("overlaps {:?} at the same point: their months must not overlap", b.0),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = r#"{"en": "x", "zh": "x", "ru": "x"}"#;

    fn collection(features: &[String]) -> String {
        format!(
            r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
            features.join(",")
        )
    }

    fn city(id: &str, since: &str, until: &str) -> String {
        let until = if until.is_empty() {
            String::new()
        } else {
            format!(r#", "until": "{until}""#)
        };
        format!(
            r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [108.3, 22.8]}},
              "properties": {{"id": "{id}", "kind": "city", "name": {T}, "since": "{since}"{until},
              "approximate": false, "sources": ["S"]}}}}"#
        )
    }

    fn messages(text: &str) -> Vec<String> {
        let mut errors = crate::data::report::Report::default();
        read(text, &mut errors);
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_city_held_twice_is_held_in_each_period_inclusive() {
        let mut errors = crate::data::report::Report::default();
        let text = collection(&[
            city("nanning", "1939-11", "1940-10"),
            city("nanning-1944", "1944-11", "1945-05"),
        ]);
        let held = read(&text, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let m = |s| Month::parse(s).expect("month");
        let at = |s| {
            held.iter()
                .filter(|h| h.held_at(m(s)))
                .map(|h| h.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(at("1939-10"), Vec::<&str>::new());
        assert_eq!(at("1939-11"), ["nanning"]);
        assert_eq!(at("1940-10"), ["nanning"]);
        assert_eq!(at("1940-11"), Vec::<&str>::new());
        assert_eq!(at("1945-05"), ["nanning-1944"]);
    }

    #[test]
    fn months_out_of_order_and_overlapping_periods_are_named() {
        let text = collection(&[city("a", "1940-10", "1939-11")]);
        assert_eq!(
            messages(&text),
            ["occupied.geojson: feature \"a\": field \"until\": 1939-11 is before since (1940-10)"]
        );
        let text = collection(&[city("a", "1939-11", "1940-10"), city("b", "1940-10", "")]);
        assert_eq!(
            messages(&text),
            [
                "occupied.geojson: feature \"b\": field \"since\": overlaps \"a\" at the same point: their months must not overlap"
            ]
        );
    }

    #[test]
    fn an_undeclared_language_a_wrong_geometry_and_a_station_count_are_named() {
        let c = city("a", "1938-10", "").replace(
            r#""name": {"en": "x", "zh": "x", "ru": "x"}"#,
            r#""name": {"en": "x", "zh": "x", "fr": "x"}"#,
        );
        assert_eq!(
            messages(&collection(&[c])),
            [
                "occupied.geojson: feature \"a\": field \"name.fr\": language \"fr\" is not declared in languages.json (en, zh, ru)"
            ]
        );
        let c = city("a", "1938-10", "").replace(r#""kind": "city""#, r#""kind": "railway""#);
        assert_eq!(
            messages(&collection(&[c])),
            ["occupied.geojson: feature \"a\": field \"geometry\": a railway needs a LineString, found Point"]
        );
        let rail = format!(
            r#"{{"type": "Feature", "geometry": {{"type": "LineString", "coordinates": [[116.4, 39.9], [115.5, 38.9]]}},
              "properties": {{"id": "r", "kind": "railway", "name": {T}, "since": "1937-09", "approximate": false,
              "sources": ["S"], "stations": ["Peiping"], "approx": [[116.0, 39.0]]}}}}"#
        );
        assert_eq!(
            messages(&collection(&[rail])),
            [
                "occupied.geojson: feature \"r\": field \"stations\": 1 stations for 2 vertices: one per vertex",
                "occupied.geojson: feature \"r\": field \"approx[0]\": [116.0, 39.0] is not a vertex of the line",
            ]
        );
    }

    #[test]
    fn period_labels_switch_at_their_months() {
        let state = |id: &str, extra: &str| {
            format!(
                r#"{{"type": "Feature", "geometry": {{"type": "Point", "coordinates": [101.0, 15.0]}},
                  "properties": {{"id": "{id}", "kind": "state", "name": {T}, "rank": 1, "sources": ["S"]{extra}}}}}"#
            )
        };
        let mut errors = crate::data::report::Report::default();
        let text = collection(&[
            state("siam", r#", "until": "1939-05""#),
            state("thailand", r#", "since": "1939-06""#),
        ]);
        let states = read_states(&text, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let m = |s| Month::parse(s).expect("month");
        assert!(states[0].applies_at(m("1939-05")) && !states[0].applies_at(m("1939-06")));
        assert!(states[1].applies_at(m("1939-06")) && !states[1].applies_at(m("1939-05")));
        let text = collection(&[state("siam", ""), state("thailand", r#", "since": "1939-06""#)]);
        read_states(&text, &mut errors);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].to_string().contains("overlaps \"siam\""), "{errors:?}");
    }
}
