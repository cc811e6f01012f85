//! The geodata we ship, loaded for the integration tests.

use supply_routes::data::geodata::{self, GeodataFiles};
use supply_routes::data::model::Atlas;

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

/// The shipped map with its timeline and events, as the page loads it (1280 × 800 CSS px).
#[allow(dead_code)] // not every test binary uses it
pub fn shipped_scene() -> supply_routes::map::scene::Scene {
    let mut scene = supply_routes::map::scene::Scene::new(shipped(), 1280.0, 800.0);
    let atlas = &scene.atlas;
    let events = supply_routes::data::events::load(include_str!("../../geodata/events.geojson"), atlas)
        .unwrap_or_else(|e| panic!("shipped events are invalid: {e:#?}"));
    let timeline = supply_routes::data::timeline::load(include_str!("../../geodata/timeline.json"))
        .unwrap_or_else(|e| panic!("shipped timeline is invalid: {e:#?}"));
    scene.set_story(Some(timeline), events);
    scene
}
