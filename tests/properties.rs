//! Numbers stay honest: property tests of the projection, the geodesic distances and the hit
//! test, over the whole map and random views.
//!
//! `PROPTEST_CASES=n` sets the number of cases of every property; each test prints how many it
//! ran and the worst error it saw (`cargo test --test properties -- --nocapture`).

mod common;

use std::cell::RefCell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use supply_routes::geometry::measure::{densify, geodesic_distance_m};
use supply_routes::geometry::projection::{LambertConformalConic, Projection, WORLD_RADIUS};
use supply_routes::geometry::viewport::{MAX_ZOOM, MIN_ZOOM};
use supply_routes::map::hit::segment_distance;
use supply_routes::map::hit::{HIT_TOLERANCE_PX, SAME_LINE_PX};
use supply_routes::map::legs::DENSIFY_STEP_M;
use supply_routes::map::scene::{REGION_LAT, REGION_LON, Scene};

/// The map region the numbers must hold over (wider than the framed region).
const LON: std::ops::RangeInclusive<f64> = 20.0..=140.0;
const LAT: std::ops::RangeInclusive<f64> = -10.0..=60.0;

fn config(default_cases: u32) -> Config {
    let mut c = Config::default(); // reads PROPTEST_CASES from the environment
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default_cases;
    }
    c.failure_persistence = None;
    c
}

/// Runs a property and prints how many cases it tried and the worst value it recorded.
fn run<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value, &mut Worst)) {
    let worst = RefCell::new(Worst::default());
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&strategy, |input| {
        test(input, &mut worst.borrow_mut());
        Ok(())
    });
    let w = worst.borrow();
    println!("properties {name}: {} cases; {}", w.cases, w.report);
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[derive(Default)]
struct Worst {
    cases: usize,
    values: Vec<(&'static str, f64)>,
    report: String,
}

impl Worst {
    fn see(&mut self, what: &'static str, v: f64) {
        match self.values.iter_mut().find(|(w, _)| *w == what) {
            Some(entry) => entry.1 = entry.1.max(v),
            None => self.values.push((what, v)),
        }
        self.report = self
            .values
            .iter()
            .map(|(w, v)| format!("{w} {v:.3e}"))
            .collect::<Vec<_>>()
            .join(", ");
    }
}

fn lon_lat() -> impl Strategy<Value = [f64; 2]> {
    (LON, LAT).prop_map(|(lon, lat)| [lon, lat])
}

#[test]
fn projection_round_trips_across_the_map() {
    let p = LambertConformalConic::asia();
    run("projection round trip", 20_000, lon_lat(), |ll, worst| {
        worst.cases += 1;
        let xy = p.project(ll).expect("every point of the map projects");
        assert!(
            xy.iter().all(|v| v.is_finite() && v.abs() < 4.0 * WORLD_RADIUS),
            "{ll:?} -> {xy:?}"
        );
        let back = p.invert(xy).expect("every projected point inverts");
        let err = (back[0] - ll[0]).abs().max((back[1] - ll[1]).abs());
        worst.see("max error (degrees)", err);
        // 1e-9 degrees is about 0.1 mm on the ground.
        assert!(err < 1e-9, "{ll:?} -> {xy:?} -> {back:?}");
    });
}

#[test]
fn inverse_then_project_round_trips_across_the_map() {
    // From the other side: any world point of the map's extent inverts, and projects back.
    let p = LambertConformalConic::asia();
    let corners = [
        [20.0, -10.0],
        [140.0, -10.0],
        [20.0, 60.0],
        [140.0, 60.0],
        [80.0, 60.0],
        [80.0, -10.0],
    ];
    let xy: Vec<[f64; 2]> = corners.iter().map(|&c| p.project(c).expect("projects")).collect();
    let (x0, x1) = (
        xy.iter().map(|v| v[0]).fold(f64::MAX, f64::min),
        xy.iter().map(|v| v[0]).fold(f64::MIN, f64::max),
    );
    let (y0, y1) = (
        xy.iter().map(|v| v[1]).fold(f64::MAX, f64::min),
        xy.iter().map(|v| v[1]).fold(f64::MIN, f64::max),
    );
    run("inverse then project", 20_000, (x0..=x1, y0..=y1), |(x, y), worst| {
        worst.cases += 1;
        let ll = p.invert([x, y]).expect("inverts");
        let back = p.project(ll).expect("projects");
        let err = (back[0] - x).hypot(back[1] - y);
        worst.see("max error (world units, Earth radius 1000)", err);
        assert!(err < 1e-9 * WORLD_RADIUS, "{x},{y} -> {ll:?} -> {back:?}");
    });
}

/// Great-circle distance on a sphere of the WGS84 mean radius: an independent yardstick.
fn haversine_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (p1, p2) = (a[1].to_radians(), b[1].to_radians());
    let (dp, dl) = (p2 - p1, (b[0] - a[0]).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().min(1.0).asin()
}

#[test]
fn geodesic_distance_is_symmetric_and_sane() {
    run(
        "geodesic distance",
        3_000,
        (lon_lat(), lon_lat(), lon_lat()),
        |(a, b, c), worst| {
            worst.cases += 1;
            let (ab, ba) = (geodesic_distance_m(a, b), geodesic_distance_m(b, a));
            let asym = (ab - ba).abs();
            worst.see("max |d(a,b) - d(b,a)| (m)", asym);
            assert!(asym <= 1e-6, "{a:?} {b:?}: {ab} vs {ba}");
            assert!(ab.is_finite() && ab >= 0.0);
            assert_eq!(geodesic_distance_m(a, a), 0.0);
            // Within the ellipsoid's departure from a sphere (under 0.6 %) of the spherical distance.
            let h = haversine_m(a, b);
            let rel = if h > 1.0 { (ab - h).abs() / h } else { 0.0 };
            worst.see("max relative departure from the sphere", rel);
            assert!(rel < 0.006, "{a:?} {b:?}: {ab} vs spherical {h}");
            // The geodesic is the shortest path: the triangle inequality holds.
            let (bc, ac) = (geodesic_distance_m(b, c), geodesic_distance_m(a, c));
            assert!(ac <= ab + bc + 1e-6, "{a:?} {b:?} {c:?}: {ac} > {ab} + {bc}");
        },
    );
}

/// A view: canvas size, centre and zoom; and a tap, either anywhere on the canvas or near a
/// vertex of a drawn leg (within two tolerances), so that the edge of the tolerance is probed.
#[derive(Clone, Debug)]
struct Tap {
    size: [f64; 2],
    center: [f64; 2],
    zoom: f64,
    near: Option<(prop::sample::Index, f64, f64)>,
    anywhere: [f64; 2],
}

fn tap() -> impl Strategy<Value = Tap> {
    (
        (320.0..3840.0f64, 240.0..2160.0f64),
        (REGION_LON[0]..=REGION_LON[1], REGION_LAT[0]..=REGION_LAT[1]),
        MIN_ZOOM.ln()..=MAX_ZOOM.ln(),
        prop::option::weighted(
            0.7,
            (
                any::<prop::sample::Index>(),
                0.0..std::f64::consts::TAU,
                0.0..2.0 * HIT_TOLERANCE_PX,
            ),
        ),
        (0.0..1.0f64, 0.0..1.0f64),
    )
        .prop_map(|((w, h), (lon, lat), log_zoom, near, (fx, fy))| Tap {
            size: [w, h],
            center: [lon, lat],
            zoom: log_zoom.exp(),
            near,
            anywhere: [fx * w, fy * h],
        })
}

#[test]
fn hit_testing_never_picks_beyond_the_tolerance() {
    let scene = RefCell::new(Scene::new(common::shipped(), 1280.0, 800.0));
    // Each leg as drawn: densified along the geodesic, in [lon, lat]; projected per view below.
    let lines: Vec<Vec<[f64; 2]>> = scene
        .borrow()
        .atlas
        .legs
        .iter()
        .map(|l| densify(&l.coordinates, DENSIFY_STEP_M))
        .collect();
    let vertices: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(l, line)| (0..line.len()).map(move |i| (l, i)))
        .collect();
    let hits = RefCell::new(0usize);
    let misses_near = RefCell::new(0usize);
    // f64 all the way through: the tolerance is kept to a millionth of a pixel.
    let slack = 1e-6;
    run("hit testing", 1_500, tap(), |t, worst| {
        worst.cases += 1;
        let mut s = scene.borrow_mut();
        s.viewport = s.viewport.with_size(t.size[0], t.size[1]);
        s.set_view(t.center, t.zoom);
        let screen: Vec<Vec<[f64; 2]>> = lines
            .iter()
            .map(|line| line.iter().filter_map(|&c| s.project(c)).collect())
            .collect();
        let p = match t.near {
            Some((i, angle, r)) => {
                let (l, v) = *i.get(&vertices);
                let [x, y] = screen[l][v];
                [x + r * angle.cos(), y + r * angle.sin()]
            }
            None => t.anywhere,
        };
        let route_distance = |r: usize| {
            s.atlas.routes[r]
                .legs
                .iter()
                .flat_map(|&l| screen[l].windows(2).map(|w| segment_distance(p, w[0], w[1])))
                .fold(f64::INFINITY, f64::min)
        };
        let picked = s.pick_all(p[0], p[1]);
        assert_eq!(s.pick(p[0], p[1]), picked.first().copied());
        let mut seen = Vec::new();
        for &r in &picked {
            assert!(!seen.contains(&r), "route {r} picked twice");
            seen.push(r);
            let d = route_distance(r);
            worst.see("farthest pick (px)", d);
            assert!(
                d <= HIT_TOLERANCE_PX + slack,
                "{} picked {d} px away at {p:?}, view {t:?}",
                s.atlas.routes[r].id
            );
        }
        // Nearest first: a later route is never nearer than an earlier one by more than the
        // width that counts as the same line.
        let d: Vec<f64> = picked.iter().map(|&r| route_distance(r)).collect();
        for i in 1..d.len() {
            assert!(
                d[i - 1] <= d[i] + SAME_LINE_PX + slack,
                "order {picked:?} has distances {d:?} at {p:?}"
            );
        }
        // And nothing within the tolerance is missed.
        for r in 0..s.atlas.routes.len() {
            if !picked.contains(&r) {
                let d = route_distance(r);
                assert!(
                    d >= HIT_TOLERANCE_PX - slack,
                    "{} missed {d} px away at {p:?}, view {t:?}",
                    s.atlas.routes[r].id
                );
                if t.near.is_some() {
                    *misses_near.borrow_mut() += 1;
                }
            }
        }
        *hits.borrow_mut() += picked.len();
    });
    let (hits, misses) = (hits.into_inner(), misses_near.into_inner());
    println!("properties hit testing: {hits} routes picked, {misses} correctly not picked near a line");
    assert!(hits > 100 && misses > 100, "the taps probe both sides of the tolerance");
}
