//! `cargo run --bin validate -- geodata/`: checks a geodata folder (routes.geojson,
//! places.geojson, sources.json, and events.geojson, timeline.json, occupied.geojson,
//! period-states.geojson and chapters.json where the folder has them) as the map's core loads it. Prints every problem, each naming the file, the feature
//! and the field, and exits with 1; or, when the set is valid, prints a summary: what it holds,
//! each route's drawn length beside its published ones, the story, the languages, and how
//! every published length compares with the drawn line (exit 0). Out-of-tolerance lengths are
//! reported but are not errors: the data may be right and the tolerance too tight.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use supply_routes::data::chapters::CHAPTERS_FILE;
use supply_routes::data::error::LoadError;
use supply_routes::data::events::EVENTS_FILE;
use supply_routes::data::languages::languages;
use supply_routes::data::loader::{self, RouteSet, RouteSetFiles, War};
use supply_routes::data::model::{Documented, LengthUnit, Mode};
use supply_routes::data::occupied::{HeldKind, OCCUPIED_FILE, PERIOD_STATES_FILE};
use supply_routes::data::places::PLACES_FILE;
use supply_routes::data::published::length_checks;
use supply_routes::data::routes::ROUTES_FILE;
use supply_routes::data::sources::SOURCES_FILE;
use supply_routes::data::timeline::TIMELINE_FILE;
use supply_routes::geometry::measure::{METRES_PER_NM, geodesic_length_m};

/// The text of `dir/name`; `None`, without a problem, for an optional file that is not there.
fn read(dir: &Path, name: &str, optional: bool, errors: &mut Vec<LoadError>) -> Option<String> {
    let path = dir.join(name);
    if optional && !path.exists() {
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            errors.push(LoadError {
                file: name.to_owned(),
                feature: None,
                field: None,
                message: format!("cannot read {}: {e}", path.display()),
            });
            None
        }
    }
}

fn length(km: f64, sea: bool) -> String {
    if sea {
        format!("{:.0} nm", km * 1000.0 / METRES_PER_NM)
    } else {
        format!("{km:.0} km")
    }
}

fn published(d: &Documented) -> String {
    let unit = match d.unit {
        LengthUnit::Km => "km",
        LengthUnit::Nm => "nm",
    };
    match &d.covers {
        Some(c) => format!("{} {unit} [{}] for {}", d.value, d.source, c.get("en")),
        None => format!("{} {unit} [{}]", d.value, d.source),
    }
}

/// What Japan held by kind, the period's labels and the chapters, or that the set has none.
fn war_summary(war: &War) {
    if war.held.is_empty() && war.states.is_empty() && war.chapters.is_empty() {
        println!("no war (occupied.geojson, period-states.geojson, chapters.json)");
        return;
    }
    let count = |k: HeldKind| war.held.iter().filter(|h| h.kind == k).count();
    println!(
        "occupied: {} areas, {} cities, {} railways, {} blockade lines; {} period labels",
        count(HeldKind::Area),
        count(HeldKind::City),
        count(HeldKind::Railway),
        count(HeldKind::Blockade),
        war.states.len()
    );
    let months: Vec<String> = war
        .chapters
        .iter()
        .map(|c| format!("{} ({})", c.id, c.month.map_or("all years".into(), |m| m.to_string())))
        .collect();
    println!("chapters: {}: {}", war.chapters.len(), months.join(", "));
}

fn summary(set: &RouteSet) {
    let atlas = &set.atlas;
    let counters = set.timeline.as_ref().map_or(0, |t| t.counters.len());
    println!(
        "valid: {} routes, {} legs, {} places, {} sources, {} events, {} counters",
        atlas.routes.len(),
        atlas.legs.len(),
        atlas.places.len(),
        atlas.sources.len(),
        set.events.len(),
        counters,
    );
    let names: Vec<String> = languages().iter().map(|l| format!("{} ({})", l.code, l.name)).collect();
    println!("languages: {}", names.join(", "));
    match (&set.timeline, set.events.first(), set.events.last()) {
        (Some(t), _, _) => println!("timeline: {} to {}", t.start, t.end),
        (None, Some(a), Some(b)) => println!("events: {} to {}, no timeline", a.month, b.month),
        _ => println!("no story (events.geojson, timeline.json)"),
    }
    war_summary(&set.war);
    let leg_km: Vec<f64> = atlas
        .legs
        .iter()
        .map(|l| geodesic_length_m(&l.coordinates) / 1000.0)
        .collect();
    println!("\nroutes (drawn; published):");
    for route in &atlas.routes {
        let total: f64 = route.legs.iter().map(|&l| leg_km[l]).sum();
        let sea = route.legs.iter().all(|&l| atlas.legs[l].mode == Mode::Sea);
        let figures: Vec<String> = route.documented.iter().map(published).collect();
        println!(
            "  route {} \"{}\": drawn {}{}",
            route.id,
            route.name.get("en"),
            length(total, sea),
            if figures.is_empty() {
                String::new()
            } else {
                format!("; published {}", figures.join(", "))
            }
        );
    }
    println!("\ndrawn against published (tolerance by mode, drawn / published):");
    for check in length_checks(atlas) {
        println!("  {check}");
    }
}

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("geodata"));
    let mut errors = Vec::new();
    let routes = read(&dir, ROUTES_FILE, false, &mut errors);
    let places = read(&dir, PLACES_FILE, false, &mut errors);
    let sources = read(&dir, SOURCES_FILE, false, &mut errors);
    let events = read(&dir, EVENTS_FILE, true, &mut errors);
    let timeline = read(&dir, TIMELINE_FILE, true, &mut errors);
    let occupied = read(&dir, OCCUPIED_FILE, true, &mut errors);
    let period_states = read(&dir, PERIOD_STATES_FILE, true, &mut errors);
    let chapters = read(&dir, CHAPTERS_FILE, true, &mut errors);
    if let (Some(routes), Some(places), Some(sources), true) = (&routes, &places, &sources, errors.is_empty()) {
        let files = RouteSetFiles {
            events: events.as_deref(),
            timeline: timeline.as_deref(),
            occupied: occupied.as_deref(),
            period_states: period_states.as_deref(),
            chapters: chapters.as_deref(),
            ..RouteSetFiles::new(routes, places, sources)
        };
        match loader::load(files) {
            Ok(set) => {
                summary(&set);
                return ExitCode::SUCCESS;
            }
            Err(e) => errors = e,
        }
    }
    for e in &errors {
        println!("{e}");
    }
    eprintln!("{}: {} problem(s)", dir.display(), errors.len());
    ExitCode::FAILURE
}
