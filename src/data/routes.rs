//! `routes.geojson`: one leg Feature per stretch of line with one mode, and one route Feature
//! per route a visitor can tap, listing its legs in travel order.

use std::collections::{HashMap, HashSet};

use geojson::{Feature, GeometryValue, JsonValue};

use crate::data::error::file_error;
use crate::data::json::{Fields, features};
use crate::data::model::{Figure, Leg, Mode, Period, Place, Route};
use crate::data::places::{self, PlaceIndex, place_ref};
use crate::data::published::{MAX_END_GAP_M, Stretch, documented};
use crate::data::report::Report;
use crate::geometry::measure::{geodesic_distance_m, has_vertex_within_m};

pub const ROUTES_FILE: &str = "routes.geojson";

/// The most positions a leg may have: a hostile file must not exhaust a kiosk's memory.
pub const MAX_VERTICES_PER_LINE: usize = 100_000;
/// How far an `approx` position may lie from the leg's nearest vertex and still name it.
const APPROX_MATCH_M: f64 = 1.0;

/// Reads `routes.geojson` against the places: the legs, then the routes through them.
pub(crate) fn read(text: &str, places: &[Place], errors: &mut Report) -> (Vec<Leg>, Vec<Route>) {
    let place_index = places::index(places);
    let all = features(ROUTES_FILE, text, errors);
    let mut legs: Vec<Leg> = Vec::new();
    let mut route_features = Vec::new();
    let mut ids = HashSet::new();
    for (label, feature) in &all {
        let mut p = Fields::new(ROUTES_FILE, label.clone(), feature.properties.as_ref(), errors);
        if let Some(id) = p.id()
            && !ids.insert(id.clone())
        {
            p.error("id", format!("duplicate id {id:?}"));
        }
        match p.text("kind").as_deref() {
            Some("leg") => {
                if let Some(leg) = leg(&mut p, feature, &place_index, places) {
                    legs.push(leg);
                }
            }
            Some("route") => route_features.push((label.clone(), feature)),
            Some(other) => p.error("kind", format!("expected \"leg\" or \"route\", found {other:?}")),
            None => {}
        }
    }
    let leg_index: HashMap<&str, usize> = legs.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let mut routes = Vec::new();
    for (label, feature) in route_features {
        let mut p = Fields::new(ROUTES_FILE, label, feature.properties.as_ref(), errors);
        if let Some(route) = route(&mut p, &leg_index, &legs) {
            routes.push(route);
        }
    }
    if routes.is_empty() && errors.is_empty() {
        errors.push(file_error(
            ROUTES_FILE,
            "no route features (properties.kind = \"route\")",
        ));
    }
    (legs, routes)
}

fn leg(p: &mut Fields, feature: &Feature, place_index: &PlaceIndex, places: &[Place]) -> Option<Leg> {
    let id = p.id();
    let from = place_ref(p, "from", place_index);
    let to = place_ref(p, "to", place_index);
    let mode = p.text("mode").and_then(|m| {
        let mode = Mode::parse(&m);
        if mode.is_none() {
            p.error("mode", format!("expected one of sea, rail, road, air, found {m:?}"));
        }
        mode
    });
    let via = p.optional_localized("via");
    let note = p.optional_localized("note");
    let periods = periods(p, "periods", false);
    let sources = p.tags("sources");
    let coordinates = match feature.geometry.as_ref().map(|g| &g.value) {
        Some(GeometryValue::LineString { coordinates }) => {
            if coordinates.len() < 2 || coordinates.len() > MAX_VERTICES_PER_LINE {
                p.error(
                    "geometry",
                    format!(
                        "a leg needs 2 to {MAX_VERTICES_PER_LINE} positions, found {}",
                        coordinates.len()
                    ),
                );
                None
            } else {
                let pts: Vec<[f64; 2]> = coordinates
                    .iter()
                    .filter_map(|c| p.position("geometry", c.as_slice()))
                    .collect();
                (pts.len() == coordinates.len()).then_some(pts)
            }
        }
        Some(other) => {
            p.error(
                "geometry",
                format!("expected a LineString, found {}", other.type_name()),
            );
            None
        }
        None => {
            p.error("geometry", "a leg needs a LineString geometry");
            None
        }
    };
    let stretch = Stretch::Leg {
        mode,
        line: coordinates.as_deref(),
        places,
        index: place_index,
    };
    let documented = documented(p, &stretch);
    let approx = approx(p, coordinates.as_deref());
    let rhumb = match p.optional_text("line").as_deref() {
        None | Some("geodesic") => false,
        Some("rhumb") => true,
        Some(other) => {
            p.error("line", format!("expected geodesic or rhumb, found {other:?}"));
            false
        }
    };
    let (id, from, to, mode, coordinates) = (id?, from?, to?, mode?, coordinates?);
    for (field, place, end) in [
        ("from", from, coordinates[0]),
        ("to", to, coordinates[coordinates.len() - 1]),
    ] {
        let named = &places[place];
        let gap = geodesic_distance_m([named.lon, named.lat], end);
        if gap > MAX_END_GAP_M {
            p.error(
                field,
                format!(
                    "the line ends {:.1} km from place {:?}, more than {} km",
                    gap / 1000.0,
                    named.id,
                    MAX_END_GAP_M / 1000.0
                ),
            );
        }
    }
    Some(Leg {
        id,
        from,
        to,
        mode,
        coordinates,
        via,
        note,
        periods,
        sources,
        documented,
        approx,
        rhumb,
    })
}

fn route(p: &mut Fields, leg_index: &HashMap<&str, usize>, legs: &[Leg]) -> Option<Route> {
    let id = p.id();
    let name = p.localized("name");
    let summary = p.localized("summary");
    let closed = p.localized("closed");
    let period_note = p.optional_localized("periodNote");
    let periods = periods(p, "periods", true);
    let figures = figures(p);
    let sources = p.tags("sources");
    let leg_ids = p.strings("legs");
    if leg_ids.is_empty() && p.is_object() {
        p.error("legs", "a route needs at least one leg");
    }
    let mut route_legs = Vec::new();
    for leg_id in &leg_ids {
        match leg_index.get(leg_id.as_str()) {
            Some(&i) => route_legs.push(i),
            None => p.dangling("legs", ROUTES_FILE, leg_id, format!("no leg with id {leg_id:?}")),
        }
    }
    // With a leg missing (reported), its neighbours do not meet: that is no problem of its own.
    let whole = route_legs.len() == leg_ids.len();
    for pair in route_legs.windows(2).filter(|_| whole) {
        let (a, b) = (&legs[pair[0]], &legs[pair[1]]);
        if a.to != b.from {
            p.error(
                "legs",
                format!("leg {:?} does not end where leg {:?} starts", a.id, b.id),
            );
        }
    }
    let stretch = Stretch::Route {
        own: &leg_ids,
        legs,
        index: leg_index,
    };
    let documented = documented(p, &stretch);
    if !whole {
        return None;
    }
    Some(Route {
        id: id?,
        name: name?,
        summary: summary?,
        legs: route_legs,
        periods,
        period_note,
        closed: closed?,
        figures,
        sources,
        documented,
    })
}

/// `[{"from": "YYYY-MM", "to": "YYYY-MM"}, …]`: in order, not overlapping; a route needs one.
fn periods(p: &mut Fields, field: &str, required: bool) -> Vec<Period> {
    if required && !p.has(field) && p.is_object() {
        p.error(field, "missing");
    }
    let mut out: Vec<Period> = Vec::new();
    let Some(list) = p.array(field, "{\"from\": \"YYYY-MM\", \"to\": \"YYYY-MM\"}") else {
        return out;
    };
    for (i, item) in list.iter().enumerate() {
        let f = format!("{field}[{i}]");
        let from = p.month(&format!("{f}.from"), item.get("from"));
        let to = p.month(&format!("{f}.to"), item.get("to"));
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                p.error(&f, format!("starts ({from}) after it ends ({to})"));
            } else if out.last().is_some_and(|prev| prev.to >= from) {
                p.error(&f, "periods must be in order and not overlap");
            } else {
                out.push(Period { from, to });
            }
        }
    }
    if required && out.is_empty() && p.is_object() {
        p.error(field, "at least one period is needed");
    }
    out
}

/// Figures quoted to visitors: `[{"text": {…}, "source": "…", "note": {…}, "noteSources": […]}]`.
fn figures(p: &mut Fields) -> Vec<Figure> {
    let mut out = Vec::new();
    p.each_object("figures", "{text, source}", |inner| {
        let text = inner.localized("text");
        let source = inner.text("source");
        let note = inner.optional_localized("note");
        let note_sources = inner.strings("noteSources");
        if !note_sources.is_empty() && note.is_none() {
            inner.error("noteSources", "names the sources of a note, but there is no note");
        }
        if let (Some(text), Some(source)) = (text, source) {
            out.push(Figure {
                text,
                source,
                note,
                note_sources,
            });
        }
    });
    out
}

/// `"approx": [[lon, lat], …]`: vertices of the line whose position is estimated.
fn approx(p: &mut Fields, coordinates: Option<&[[f64; 2]]>) -> Vec<[f64; 2]> {
    let Some(list) = p.array("approx", "[lon, lat] vertices") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let field = format!("approx[{i}]");
        let pos: Vec<f64> = item
            .as_array()
            .map(|a| a.iter().filter_map(JsonValue::as_f64).collect())
            .unwrap_or_default();
        let Some(v) = p.position(&field, &pos) else { continue };
        if let Some(line) = coordinates
            && !has_vertex_within_m(line, v, APPROX_MATCH_M)
        {
            p.error(&field, format!("{v:?} is not a vertex of the line"));
            continue;
        }
        out.push(v);
    }
    out
}
