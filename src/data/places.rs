//! `places.geojson`: the ports, towns, junctions and sea-lane waypoints the legs name.

use std::collections::{HashMap, HashSet};

use geojson::{GeometryValue, JsonValue};

use crate::data::json::{Fields, features};
use crate::data::model::{Place, PlaceKind};
use crate::data::report::Report;

pub const PLACES_FILE: &str = "places.geojson";

/// Reads `places.geojson`: one Point feature per place, each id once.
pub(crate) fn read(text: &str, errors: &mut Report) -> Vec<Place> {
    let mut places: Vec<Place> = Vec::new();
    let mut seen = HashSet::new();
    for (label, feature) in features(PLACES_FILE, text, errors) {
        let mut p = Fields::new(PLACES_FILE, label.clone(), feature.properties.as_ref(), errors);
        let id = p.id();
        let name = p.localized("name");
        let modern = p.optional_localized("modern");
        let kind = p.text("kind").and_then(|k| {
            let kind = PlaceKind::parse(&k);
            if kind.is_none() {
                p.error(
                    "kind",
                    format!("expected one of port, city, town, junction, waypoint, found {k:?}"),
                );
            }
            kind
        });
        let rank = match p.get("rank").and_then(JsonValue::as_u64) {
            Some(r @ 1..=4) => Some(r as u8),
            _ => {
                p.error("rank", "expected an integer from 1 to 4");
                None
            }
        };
        let sources = p.tags("sources");
        let point = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) => p.position("geometry", coordinates.as_slice()),
            _ => {
                p.error("geometry", "expected a Point");
                None
            }
        };
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            p.error("id", format!("duplicate place id {id:?}"));
        }
        if let (Some(id), Some(name), Some(kind), Some(rank), Some([lon, lat])) = (id, name, kind, rank, point) {
            places.push(Place {
                id,
                name,
                modern,
                kind,
                rank,
                lon,
                lat,
                sources,
            });
        }
    }
    places
}

/// Place ids → their index in the list.
pub(crate) type PlaceIndex<'p> = HashMap<&'p str, usize>;

pub(crate) fn index(places: &[Place]) -> PlaceIndex<'_> {
    places.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect()
}

/// The place the text `field` names by id.
pub(crate) fn place_ref(p: &mut Fields, field: &str, index: &PlaceIndex) -> Option<usize> {
    let id = p.text(field)?;
    let found = index.get(id.as_str()).copied();
    if found.is_none() {
        p.dangling(
            field,
            PLACES_FILE,
            &id,
            format!("no place with id {id:?} in {PLACES_FILE}"),
        );
    }
    found
}
