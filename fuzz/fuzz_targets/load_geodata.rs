//! libFuzzer over the geodata loader: the first byte picks the file the input replaces
//! (routes, places or sources); the other two are the shipped ones. Any panic is a bug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use supply_routes::data::geodata::{self, GeodataFiles};

const ROUTES: &str = include_str!("../../geodata/routes.geojson");
const PLACES: &str = include_str!("../../geodata/places.geojson");
const SOURCES: &str = include_str!("../../geodata/sources.json");

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut files = GeodataFiles {
        routes: ROUTES,
        places: PLACES,
        sources: SOURCES,
    };
    match which % 3 {
        0 => files.routes = &text,
        1 => files.places = &text,
        _ => files.sources = &text,
    }
    match geodata::load(files) {
        Ok(atlas) => assert!(!atlas.routes.is_empty()),
        Err(errors) => assert!(!errors.is_empty()),
    }
});
