//! The geodata we ship, loaded for the integration tests.

use supply_routes::geodata::{self, GeodataFiles};
use supply_routes::model::Atlas;

pub fn shipped() -> Atlas {
    geodata::load(GeodataFiles {
        routes: include_str!("../../geodata/routes.geojson"),
        places: include_str!("../../geodata/places.geojson"),
        sources: include_str!("../../geodata/sources.json"),
    })
    .unwrap_or_else(|errors| {
        let list: String = errors.iter().map(|e| format!("  {e}\n")).collect();
        panic!("shipped geodata is invalid:\n{list}")
    })
}
