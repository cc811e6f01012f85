//! libFuzzer over the route-set loader: the first byte picks the file the input replaces
//! (routes, places, sources, events, timeline, occupied, period states or chapters); the others are the shipped ones. Any panic
//! is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use supply_routes::data::loader::{self, RouteSetFiles};

const FILES: RouteSetFiles<'static> = RouteSetFiles {
    routes: include_str!("../../geodata/routes.geojson"),
    places: include_str!("../../geodata/places.geojson"),
    sources: include_str!("../../geodata/sources.json"),
    events: Some(include_str!("../../geodata/events.geojson")),
    timeline: Some(include_str!("../../geodata/timeline.json")),
    occupied: Some(include_str!("../../geodata/occupied.geojson")),
    period_states: Some(include_str!("../../geodata/period-states.geojson")),
    chapters: Some(include_str!("../../geodata/chapters.json")),
    languages: Some(include_str!("../../geodata/languages.json")),
    interface: &[],
};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut files = FILES;
    match which % 8 {
        0 => files.routes = &text,
        1 => files.places = &text,
        2 => files.sources = &text,
        3 => files.events = Some(&text),
        4 => files.timeline = Some(&text),
        5 => files.occupied = Some(&text),
        6 => files.period_states = Some(&text),
        _ => files.chapters = Some(&text),
    }
    match loader::load(files) {
        Ok(set) => assert!(!set.atlas.routes.is_empty()),
        Err(errors) => assert!(!errors.is_empty()),
    }
});
