//! The geodata we ship, loaded for the integration tests.

use supply_routes::data::loader::{self, RouteSet, RouteSetFiles};
use supply_routes::data::model::Atlas;
use supply_routes::map::scene::Scene;

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

/// The shipped set, every file of it, or a panic listing every problem.
fn load(files: RouteSetFiles) -> RouteSet {
    loader::load(files).unwrap_or_else(|errors| {
        let list: String = errors.iter().map(|e| format!("  {e}\n")).collect();
        panic!("shipped geodata is invalid:\n{list}")
    })
}

/// The shipped atlas (routes, places and sources).
#[allow(dead_code)] // not every test binary uses it
pub fn shipped() -> Atlas {
    load(RouteSetFiles::new(FILES.routes, FILES.places, FILES.sources)).atlas
}

/// The shipped map with its timeline and events, as the page loads it (1280 × 800 CSS px).
#[allow(dead_code)] // not every test binary uses it
pub fn shipped_scene() -> Scene {
    let set = load(FILES);
    let mut scene = Scene::new(set.atlas, 1280.0, 800.0);
    scene.set_story(set.timeline, set.events);
    scene
}
