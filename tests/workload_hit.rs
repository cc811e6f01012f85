//! Kiosk frame workload v1 (bench/): the core's batch hit test on the workload's route set, in
//! Mercator at frame 0's view, gives exactly the reference answer, computed here by brute
//! force from the workload's own definition (straight segments between projected waypoints).

use supply_routes::data::loader::{self, RouteSetFiles};
use supply_routes::geometry::projection::{MapProjection, Mercator};
use supply_routes::map::hit::segment_distance;
use supply_routes::map::scene::Scene;

const K0: f64 = 935.6850361334608;
const TX0: f64 = -346.4627713736802;
const TY0: f64 = 1080.0;

fn base([lon, lat]: [f64; 2]) -> [f64; 2] {
    let (l, f) = (lon.to_radians(), lat.to_radians());
    [
        TX0 + K0 * l,
        TY0 - K0 * (std::f64::consts::FRAC_PI_4 + f / 2.0).tan().ln(),
    ]
}

fn mulberry32(mut a: u32) -> impl FnMut() -> f64 {
    move || {
        a = a.wrapping_add(0x6d2b79f5);
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = (t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t))) ^ t;
        f64::from(t ^ (t >> 14)) / 4294967296.0
    }
}

#[test]
fn batch_hit_test_gives_the_reference_answer() {
    let atlas = loader::load(RouteSetFiles::new(
        include_str!("../bench/set/routes.geojson"),
        include_str!("../bench/set/places.geojson"),
        include_str!("../bench/set/sources.json"),
    ))
    .map(|set| set.atlas)
    .unwrap_or_else(|e| panic!("bench/set is invalid: {e:#?}"));
    assert_eq!(atlas.routes.len(), 6);
    let mut scene = Scene::with_projection(atlas, MapProjection::Mercator(Mercator), 1920.0, 1080.0);
    // Frame 0: zoom factor 1, base point (960, 540) at the centre.
    let per_zoom = scene.viewport.scale() / scene.viewport.zoom;
    let centre = [
        ((960.0 - TX0) / K0).to_degrees(),
        (2.0 * ((TY0 - 540.0) / K0).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees(),
    ];
    scene.set_view(centre, K0 / 1000.0 / per_zoom);
    let mut r = mulberry32(0x6b696f73);
    let points: Vec<f64> = (0..10_000).flat_map(|_| [r() * 1920.0, r() * 1080.0]).collect();
    let got = scene.hit_routes(&points, 12.0);

    let lines: Vec<Vec<[f64; 2]>> = scene
        .atlas
        .routes
        .iter()
        .map(|route| {
            route
                .legs
                .iter()
                .flat_map(|&l| scene.atlas.legs[l].coordinates.iter().map(|&c| base(c)))
                .collect()
        })
        .collect();
    let mut per_route = [0; 6];
    for (i, p) in points.chunks_exact(2).enumerate() {
        let p = [p[0], p[1]];
        let mut want = -1;
        let mut best = f64::INFINITY;
        for (r, line) in lines.iter().enumerate() {
            let d = line
                .windows(2)
                .map(|w| segment_distance(p, w[0], w[1]))
                .fold(f64::INFINITY, f64::min);
            if d <= 12.0 && d <= best {
                want = r as i32;
                best = d;
            }
        }
        assert_eq!(got[i], want, "point {i} at {p:?}");
        if want >= 0 {
            per_route[want as usize] += 1;
        }
    }
    assert_eq!(per_route, [41, 33, 267, 74, 8, 33], "the workload's reference answer");
    // With no tolerance, no random point lies on a line.
    assert!(scene.hit_routes(&points, 0.0).iter().all(|&h| h == -1));
}
