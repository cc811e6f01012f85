//! The legs as drawn at each level of detail: every leg keeps its place and both ends, no drawn
//! vertex strays from the full line by more than the level's tolerance, and zoomed-out levels
//! hand the stroker far fewer vertices.

mod common;

use supply_routes::geometry::flat_lines::FlatLines;
use supply_routes::map::basemap::LOD_TOLERANCES;
use supply_routes::map::hit::segment_distance;
use supply_routes::map::scene::Scene;

fn line(l: &FlatLines, i: usize) -> Vec<[f64; 2]> {
    let (a, b) = (l.starts[i] as usize, l.starts[i + 1] as usize);
    (a..b)
        .map(|j| [f64::from(l.xy[2 * j]), f64::from(l.xy[2 * j + 1])])
        .collect()
}

#[test]
fn every_level_keeps_every_leg_and_its_ends_within_its_tolerance() {
    let s = Scene::new(common::shipped(), 1280.0, 800.0);
    assert_eq!(s.leg_level_count(), LOD_TOLERANCES.len());
    assert!(s.leg_level(LOD_TOLERANCES.len()).is_none());
    let legs = s.atlas.legs.len();
    for (level, &tolerance) in LOD_TOLERANCES.iter().enumerate() {
        let lines = s.leg_level(level).unwrap();
        assert_eq!(lines.line_count(), legs, "level {level}");
        for i in 0..legs {
            let (full, drawn) = (line(s.leg_lines(), i), line(lines, i));
            assert!(drawn.len() >= 2 && drawn.len() <= full.len(), "level {level} leg {i}");
            assert_eq!((drawn[0], drawn[drawn.len() - 1]), (full[0], full[full.len() - 1]));
            // Douglas–Peucker: every full vertex lies within the tolerance of the drawn line.
            let tol = tolerance + 1e-3;
            for p in &full {
                let d = drawn
                    .windows(2)
                    .map(|w| segment_distance(*p, w[0], w[1]))
                    .fold(f64::INFINITY, f64::min);
                assert!(d <= tol, "level {level} leg {i}: {d} > {tol}");
            }
        }
    }
    let count = |l: &FlatLines| l.xy.len() / 2;
    assert_eq!(
        count(s.leg_level(LOD_TOLERANCES.len() - 1).unwrap()),
        count(s.leg_lines())
    );
    assert!(
        count(s.leg_level(0).unwrap()) * 3 < count(s.leg_lines()),
        "{} of {}",
        count(s.leg_level(0).unwrap()),
        count(s.leg_lines())
    );
}
