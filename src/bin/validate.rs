//! `cargo run --bin validate -- geodata/`: checks a geodata folder (routes.geojson,
//! places.geojson, sources.json) as the map's core loads it. Prints every problem, each naming
//! the file, the feature and the field, and exits with 1; or, when the set is valid, prints a
//! summary: the routes and their legs, each leg's drawn length beside its published ones, and
//! how every published length compares with the drawn line (exit 0). Out-of-tolerance lengths
//! are reported but are not errors: the data may be right and the tolerance too tight.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use supply_routes::data::error::LoadError;
use supply_routes::data::geodata::{self, GeodataFiles, PLACES_FILE, ROUTES_FILE, SOURCES_FILE};
use supply_routes::data::model::{Atlas, LengthUnit, Mode};
use supply_routes::geometry::measure::{METRES_PER_NM, geodesic_length_m};

fn read(dir: &Path, name: &str, errors: &mut Vec<LoadError>) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| {
        errors.push(LoadError {
            file: name.to_owned(),
            feature: None,
            field: None,
            message: format!("cannot read {}: {e}", dir.join(name).display()),
        });
        String::new()
    })
}

fn length(km: f64, sea: bool) -> String {
    if sea {
        format!("{:.0} nm", km * 1000.0 / METRES_PER_NM)
    } else {
        format!("{km:.0} km")
    }
}

fn summary(atlas: &Atlas) {
    println!(
        "valid: {} routes, {} legs, {} places, {} sources",
        atlas.routes.len(),
        atlas.legs.len(),
        atlas.places.len(),
        atlas.sources.len()
    );
    let leg_km: Vec<f64> = atlas
        .legs
        .iter()
        .map(|l| geodesic_length_m(&l.coordinates) / 1000.0)
        .collect();
    for route in &atlas.routes {
        let total: f64 = route.legs.iter().map(|&l| leg_km[l]).sum();
        let sea = route.legs.iter().all(|&l| atlas.legs[l].mode == Mode::Sea);
        println!(
            "\nroute {} \"{}\": drawn {}",
            route.id,
            route.name.get("en"),
            length(total, sea)
        );
        for &l in &route.legs {
            let leg = &atlas.legs[l];
            let sea = leg.mode == Mode::Sea;
            let published: Vec<String> = leg
                .documented
                .iter()
                .map(|d| {
                    let v = match d.unit {
                        LengthUnit::Km => format!("{} km", d.value),
                        LengthUnit::Nm => format!("{} nm", d.value),
                    };
                    match &d.covers {
                        Some(c) => format!("{v} [{}] for {}", d.source, c.get("en")),
                        None => format!("{v} [{}]", d.source),
                    }
                })
                .collect();
            println!(
                "  {:<4} {:<4} {} → {}: drawn {}{}",
                leg.id,
                leg.mode.as_str(),
                atlas.places[leg.from].id,
                atlas.places[leg.to].id,
                length(leg_km[l], sea),
                if published.is_empty() {
                    String::new()
                } else {
                    format!("; published {}", published.join(", "))
                }
            );
        }
    }
    println!("\ndrawn against published (tolerance by mode, drawn / published):");
    for check in geodata::length_checks(atlas) {
        println!("  {check}");
    }
}

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("geodata"));
    let mut errors = Vec::new();
    let routes = read(&dir, ROUTES_FILE, &mut errors);
    let places = read(&dir, PLACES_FILE, &mut errors);
    let sources = read(&dir, SOURCES_FILE, &mut errors);
    if errors.is_empty() {
        match geodata::load(GeodataFiles {
            routes: &routes,
            places: &places,
            sources: &sources,
        }) {
            Ok(atlas) => {
                summary(&atlas);
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
