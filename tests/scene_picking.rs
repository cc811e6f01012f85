//! Tapping the shipped map: every route can be picked on its line, and nothing is picked
//! farther from a line than the tolerance.

mod common;

use supply_routes::geometry::measure::densify;
use supply_routes::map::hit::HIT_TOLERANCE_PX;
use supply_routes::map::hit::segment_distance;
use supply_routes::map::legs::DENSIFY_STEP_M;
use supply_routes::map::scene::Scene;

fn scene() -> Scene {
    Scene::new(common::shipped(), 1280.0, 800.0)
}

#[test]
fn every_route_has_a_vertex_that_picks_it_at_the_overview() {
    let s = scene();
    for (r, route) in s.atlas.routes.iter().enumerate() {
        let found = route
            .legs
            .iter()
            .flat_map(|&l| &s.atlas.legs[l].coordinates)
            .any(|&c| s.project(c).is_some_and(|[x, y]| s.pick(x, y) == Some(r)));
        assert!(found, "no point picks {}", route.id);
    }
}

#[test]
fn a_tap_in_open_ocean_picks_nothing() {
    let s = scene();
    // The southern Indian Ocean, far from every line.
    let [x, y] = s.project([75.0, -0.5]).expect("on the map");
    assert_eq!(s.pick(x, y), None);
}

#[test]
fn picks_exactly_the_routes_within_the_tolerance() {
    // Over a grid of screen points at two zooms, a route is picked if and only if its drawn
    // line passes within the tolerance (with 0.5 px of slack either way for f32 geometry).
    let mut s = scene();
    for (center, zoom) in [([80.0, 28.0], 1.0), ([100.0, 30.0], 4.0)] {
        s.set_view(center, zoom);
        let lines: Vec<Vec<[f64; 2]>> = s
            .atlas
            .legs
            .iter()
            .map(|l| {
                densify(&l.coordinates, DENSIFY_STEP_M)
                    .into_iter()
                    .filter_map(|c| s.project(c))
                    .collect()
            })
            .collect();
        let distance = |r: usize, p: [f64; 2]| {
            s.atlas.routes[r]
                .legs
                .iter()
                .flat_map(|&l| lines[l].windows(2).map(move |w| segment_distance(p, w[0], w[1])))
                .fold(f64::INFINITY, f64::min)
        };
        let mut hits = 0;
        for gx in 0..64 {
            for gy in 0..40 {
                let p = [gx as f64 * 20.0 + 3.0, gy as f64 * 20.0 + 7.0];
                let picked = s.pick_all(p[0], p[1]);
                for r in 0..s.atlas.routes.len() {
                    let d = distance(r, p);
                    if picked.contains(&r) {
                        hits += 1;
                        assert!(
                            d <= HIT_TOLERANCE_PX + 0.5,
                            "{} picked {d:.1} px away",
                            s.atlas.routes[r].id
                        );
                    } else {
                        assert!(
                            d >= HIT_TOLERANCE_PX - 0.5,
                            "{} missed at {d:.1} px",
                            s.atlas.routes[r].id
                        );
                    }
                }
            }
        }
        assert!(hits > 50, "the grid crosses some routes ({hits})");
    }
}

#[test]
fn the_overview_frames_every_leg_beside_the_legend() {
    let mut s = scene();
    let free = [300.0, 0.0, 980.0, 800.0];
    s.fit_all(free);
    for leg in &s.atlas.legs {
        for &c in &leg.coordinates {
            let [x, y] = s.project(c).expect("projectable");
            assert!(
                (300.0..=1280.0).contains(&x) && (0.0..=800.0).contains(&y),
                "{} vertex {c:?} lands at {x:.0},{y:.0}",
                leg.id
            );
        }
    }
}
