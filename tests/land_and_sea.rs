//! The drawn lines against Natural Earth 1:50m land (`www/data/basemap.geojson`, which
//! `make build` writes from the npm package world-atlas before `make test` runs `cargo test`):
//! no sea leg crosses land farther than 5 km from its own ports, except S2, the Suez Canal,
//! which Natural Earth draws as land; no rail or road leg runs over open sea, except within
//! 5 km of its ends (Natural Earth 1:50m fills harbours coarsely: Kowloon, Rangoon).

mod common;

use std::path::PathBuf;

use common::shipped;
use geo::{BoundingRect, Intersects, Line, MultiPolygon, Point, Rect};
use geojson::{FeatureCollection, GeometryValue};
use supply_routes::data::model::{Atlas, Leg, Mode};
use supply_routes::geometry::measure::{densify, geodesic_distance_m};

/// Step between the samples taken along each leg (geodesic), in metres.
const STEP_M: f64 = 2_000.0;
/// How close to a leg's own end places land is allowed (ports, harbours, river mouths).
const PORT_ALLOWANCE_M: f64 = 5_000.0;
/// Sea legs that cross Natural Earth land by design, with the reason.
const CANAL_LEGS: [(&str, &str); 1] = [("S2", "the Suez Canal is land in Natural Earth 1:10m and 1:50m")];

/// Natural Earth land as its ring edges, bucketed by latitude band: a point is on land when a
/// ray east from it crosses an odd number of edges (even-odd over every ring, so lakes are
/// water), and a segment touches land when an end is on land or it intersects an edge. The
/// whole Eurasia ring tested per sample would take a minute in a debug build; bands take seconds.
struct Land {
    bands: std::collections::HashMap<i32, Vec<Line>>,
}

/// Height of a latitude band, in degrees.
const BAND_DEG: f64 = 0.25;

fn band(lat: f64) -> i32 {
    (lat / BAND_DEG).floor() as i32
}

impl Land {
    fn load() -> Land {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/data/basemap.geojson");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}.\nThis test needs the Natural Earth basemap that `make build` writes \
                 (scripts/build-basemap.mjs); run `make build` (or `make test`) first.",
                path.display()
            )
        });
        let fc: FeatureCollection = text.parse().expect("basemap.geojson is a FeatureCollection");
        let land = fc
            .features
            .iter()
            .find(|f| f.property("layer").and_then(|v| v.as_str()) == Some("land"))
            .expect("a feature with properties.layer = \"land\"");
        let value = &land.geometry.as_ref().expect("land geometry").value;
        let multi: MultiPolygon = match value {
            GeometryValue::MultiPolygon { .. } => MultiPolygon::try_from(value).expect("land MultiPolygon"),
            other => panic!("land is a {}, expected a MultiPolygon", other.type_name()),
        };
        // Only the region the routes cross: Europe to the Pacific, south of the equator to Siberia.
        let region = Rect::new((20.0, -10.0), (145.0, 60.0));
        let mut bands: std::collections::HashMap<i32, Vec<Line>> = std::collections::HashMap::new();
        let mut polygons = 0;
        for polygon in multi
            .0
            .iter()
            .filter(|p| p.bounding_rect().is_some_and(|r| r.intersects(&region)))
        {
            polygons += 1;
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for edge in ring.lines() {
                    let (lo, hi) = (edge.start.y.min(edge.end.y), edge.start.y.max(edge.end.y));
                    for b in band(lo)..=band(hi) {
                        bands.entry(b).or_default().push(edge);
                    }
                }
            }
        }
        assert!(polygons > 100, "{polygons} land polygons in the region");
        Land { bands }
    }

    fn edges(&self, lat_lo: f64, lat_hi: f64) -> impl Iterator<Item = &Line> {
        (band(lat_lo)..=band(lat_hi)).flat_map(|b| self.bands.get(&b).into_iter().flatten())
    }

    fn hits_point(&self, p: Point) -> bool {
        let (x, y) = (p.x(), p.y());
        let crossings = self
            .edges(y, y)
            .filter(|e| (e.start.y > y) != (e.end.y > y))
            .filter(|e| {
                let t = (y - e.start.y) / (e.end.y - e.start.y);
                e.start.x + t * (e.end.x - e.start.x) > x
            })
            .count();
        crossings % 2 == 1
    }

    fn hits_line(&self, line: &Line) -> bool {
        if self.hits_point(line.start_point()) || self.hits_point(line.end_point()) {
            return true;
        }
        let r = line.bounding_rect();
        self.edges(r.min().y, r.max().y)
            .any(|e| e.bounding_rect().intersects(&r) && e.intersects(line))
    }
}

fn ends(atlas: &Atlas, leg: &Leg) -> [[f64; 2]; 2] {
    let (a, b) = (&atlas.places[leg.from], &atlas.places[leg.to]);
    [[a.lon, a.lat], [b.lon, b.lat]]
}

fn near_ends(p: [f64; 2], ends: &[[f64; 2]]) -> bool {
    ends.iter().any(|&e| geodesic_distance_m(p, e) <= PORT_ALLOWANCE_M)
}

/// The stretches of a sea leg over land away from its ports, as `(lon, lat)` of their midpoints.
fn sea_leg_land_crossings(land: &Land, atlas: &Atlas, leg: &Leg) -> Vec<[f64; 2]> {
    let mut ports = ends(atlas, leg).to_vec();
    ports.extend([leg.coordinates[0], leg.coordinates[leg.coordinates.len() - 1]]);
    densify(&leg.coordinates, STEP_M)
        .windows(2)
        .filter(|w| !(near_ends(w[0], &ports) && near_ends(w[1], &ports)))
        .filter(|w| land.hits_line(&Line::new(w[0], w[1])))
        .map(|w| [(w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0])
        .collect()
}

#[test]
fn no_sea_leg_crosses_land_away_from_its_ports_except_the_canal() {
    let land = Land::load();
    let atlas = shipped();
    let mut failures = Vec::new();
    for leg in atlas.legs.iter().filter(|l| l.mode == Mode::Sea) {
        let crossings = sea_leg_land_crossings(&land, &atlas, leg);
        match CANAL_LEGS.iter().find(|(id, _)| *id == leg.id) {
            Some((id, why)) => {
                println!("{id}: exempt ({why}); {} segments of 2 km on land", crossings.len());
                assert!(!crossings.is_empty(), "{id} no longer crosses land: drop its exemption");
            }
            None => {
                println!("{}: {} segments of 2 km on land", leg.id, crossings.len());
                if !crossings.is_empty() {
                    failures.push(format!(
                        "{} crosses land at {:?}",
                        leg.id,
                        &crossings[..crossings.len().min(5)]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_rail_or_road_leg_runs_over_open_sea() {
    let land = Land::load();
    let atlas = shipped();
    let mut failures = Vec::new();
    for leg in atlas.legs.iter().filter(|l| matches!(l.mode, Mode::Rail | Mode::Road)) {
        let line_ends = [leg.coordinates[0], leg.coordinates[leg.coordinates.len() - 1]];
        let wet: Vec<[f64; 2]> = densify(&leg.coordinates, STEP_M)
            .into_iter()
            .filter(|&p| !near_ends(p, &line_ends))
            .filter(|&p| !land.hits_point(Point::from(p)))
            .collect();
        println!("{}: {} samples over water", leg.id, wet.len());
        if !wet.is_empty() {
            failures.push(format!("{} runs over water at {:?}", leg.id, &wet[..wet.len().min(5)]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_land_test_tells_land_from_sea() {
    let land = Land::load();
    assert!(land.hits_point(Point::new(102.72, 25.06)), "Kunming is on land");
    assert!(
        !land.hits_point(Point::new(31.4, 43.1)),
        "the central Black Sea is water"
    );
    assert!(!land.hits_point(Point::new(90.0, 12.2)), "the Bay of Bengal is water");
    let across_malaya = Line::new((99.0, 6.5), (104.0, 6.5));
    assert!(
        land.hits_line(&across_malaya),
        "a line across the Malay Peninsula touches land"
    );
    let down_the_strait = Line::new((100.2, 3.4), (101.0, 2.85));
    assert!(!land.hits_line(&down_the_strait), "the Strait of Malacca lane is water");
}
