//! The legs as the map draws them: densified along their geodesics (or rhumb lines), projected,
//! simplified at each level of detail, indexed for hit-testing, and measured along what is
//! drawn. Everything but the projected lines is built on first use, not before the first frame.

use std::cell::OnceCell;

use geo::{LineString, Simplify};

use crate::data::model::{Atlas, Leg};
use crate::geometry::flat_lines::{FlatLines, simplify_all};
use crate::geometry::measure::{densify, densify_rhumb, geodesic_length_m};
use crate::geometry::projection::Projection;
use crate::geometry::viewport::Bounds;
use crate::map::basemap::LOD_TOLERANCES;
use crate::map::hit::HitIndex;

/// Longest geodesic step between drawn vertices: short enough that a leg curves smoothly.
pub const DENSIFY_STEP_M: f64 = 25_000.0;
/// Vertices off a straight run by less than this (world units, ~1e-6 px) are dropped from the
/// hit index only.
const HIT_MERGE_TOLERANCE: f64 = 1e-6;

/// Every leg of a route set as drawn in one projection.
#[derive(Debug)]
pub struct DrawnLegs {
    /// Each leg densified and projected, every vertex kept.
    world: Vec<Vec<[f64; 2]>>,
    /// The legs simplified at each of [`LOD_TOLERANCES`] (what a view at that level draws), each
    /// on first use; the last level keeps every vertex: see [`DrawnLegs::lines`].
    levels: Vec<OnceCell<FlatLines>>,
    /// Built on first use (a tap, a hover, the page's prewarm): the first frame does not need it.
    hit: OnceCell<HitIndex>,
    /// Built on first use (the first details or tap): Karney's geodesics over thousands of vertices.
    lengths: OnceCell<Lengths>,
}

/// Geodesic lengths along what is drawn, in metres: one per leg, one per route.
#[derive(Clone, Debug, PartialEq)]
pub struct Lengths {
    pub leg_m: Vec<f64>,
    pub route_m: Vec<f64>,
}

/// The vertices a leg is drawn through, `[lon, lat]`: its own, with others inserted along the
/// geodesic (or the rhumb line) every [`DENSIFY_STEP_M`] at most.
pub fn densified(leg: &Leg) -> Vec<[f64; 2]> {
    if leg.rhumb {
        densify_rhumb(&leg.coordinates, DENSIFY_STEP_M)
    } else {
        densify(&leg.coordinates, DENSIFY_STEP_M)
    }
}

impl DrawnLegs {
    /// The legs of `atlas` drawn in `projection`.
    pub fn new(atlas: &Atlas, projection: &impl Projection) -> DrawnLegs {
        let world = atlas
            .legs
            .iter()
            .map(|l| densified(l).into_iter().filter_map(|p| projection.project(p)).collect())
            .collect();
        DrawnLegs {
            world,
            // The stroker's time grows with vertices, and a leg densified every 25 km has far
            // more than a zoomed-out view can show.
            levels: LOD_TOLERANCES.iter().map(|_| OnceCell::new()).collect(),
            hit: OnceCell::new(),
            lengths: OnceCell::new(),
        }
    }

    /// Every vertex kept: what is hit-tested, and drawn at the finest level.
    pub fn lines(&self) -> &FlatLines {
        self.level(LOD_TOLERANCES.len() - 1)
            .unwrap_or_else(|| unreachable!("a level per tolerance"))
    }

    /// The legs as a view at `level` draws them (Douglas–Peucker at the level's tolerance, on
    /// first use). Every leg keeps its index: Douglas–Peucker keeps both ends, no line is dropped.
    pub fn level(&self, level: usize) -> Option<&FlatLines> {
        let cell = self.levels.get(level)?;
        Some(cell.get_or_init(|| simplify_all(&self.world, LOD_TOLERANCES[level], 0)))
    }

    /// The number of levels of detail (one per [`LOD_TOLERANCES`]).
    pub fn level_count(&self) -> usize {
        self.levels.len()
    }

    /// The R-tree of what is drawn, built on first use. Collinear runs are merged first (a
    /// rhumb leg on Mercator is straight between its vertices): far fewer segments, the same
    /// distances.
    pub fn hit_index(&self) -> &HitIndex {
        self.hit.get_or_init(|| {
            let lines: Vec<Vec<[f64; 2]>> = self
                .world
                .iter()
                .map(|l| {
                    let s = LineString::from(l.clone()).simplify(HIT_MERGE_TOLERANCE);
                    s.0.iter().map(|c| [c.x, c.y]).collect()
                })
                .collect();
            HitIndex::new(&lines)
        })
    }

    /// The lengths of the legs and routes of `atlas`, the set these legs were drawn from. A
    /// rhumb leg is measured along the rhumb line it is drawn on, densified as drawn.
    pub fn lengths(&self, atlas: &Atlas) -> &Lengths {
        self.lengths.get_or_init(|| {
            let leg_m: Vec<f64> = atlas
                .legs
                .iter()
                .map(|l| {
                    if l.rhumb {
                        geodesic_length_m(&densified(l))
                    } else {
                        geodesic_length_m(&l.coordinates)
                    }
                })
                .collect();
            let route_m = atlas
                .routes
                .iter()
                .map(|r| r.legs.iter().map(|&l| leg_m[l]).sum())
                .collect();
            Lengths { leg_m, route_m }
        })
    }

    /// World bounds of the drawn lines of these legs.
    pub fn bounds(&self, legs: impl Iterator<Item = usize>) -> Bounds {
        let mut b = Bounds::EMPTY;
        let lines = self.lines();
        for leg in legs {
            let (a, z) = (lines.starts[leg] as usize, lines.starts[leg + 1] as usize);
            for i in a..z {
                b.include([f64::from(lines.xy[2 * i]), f64::from(lines.xy[2 * i + 1])]);
            }
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::Mode;
    use crate::data::text::Localized;
    use crate::geometry::measure::geodesic_distance_m;
    use crate::geometry::projection::{MapProjection, Mercator};

    fn leg(coordinates: Vec<[f64; 2]>, rhumb: bool) -> Leg {
        Leg {
            id: "L".into(),
            from: 0,
            to: 0,
            mode: Mode::Sea,
            coordinates,
            via: None,
            note: Some(Localized::en("a test leg")),
            periods: vec![],
            sources: vec![],
            documented: vec![],
            approx: vec![],
            rhumb,
        }
    }

    /// Vladivostok to Haiphong along the geodesic, Aden to Colombo along the rhumb line.
    fn atlas() -> Atlas {
        Atlas {
            legs: vec![
                leg(vec![[131.89, 43.11], [106.69, 20.86]], false),
                leg(vec![[45.03, 12.79], [79.85, 6.93]], true),
            ],
            ..Atlas::default()
        }
    }

    #[test]
    fn legs_are_densified_to_steps_of_at_most_25_km() {
        for l in &atlas().legs {
            let d = densified(l);
            assert!(d.len() > 100, "{}", d.len());
            assert_eq!((d[0], d[d.len() - 1]), (l.coordinates[0], l.coordinates[1]));
            for w in d.windows(2) {
                assert!(geodesic_distance_m(w[0], w[1]) <= 1.01 * DENSIFY_STEP_M);
            }
        }
    }

    #[test]
    fn coarser_levels_keep_every_leg_with_fewer_vertices() {
        let atlas = atlas();
        let legs = DrawnLegs::new(&atlas, &MapProjection::default());
        let (coarse, fine) = (legs.level(0).expect("level 0"), legs.lines());
        assert_eq!((coarse.line_count(), fine.line_count()), (2, 2));
        assert!(coarse.point_count() < fine.point_count());
        assert_eq!(legs.level(legs.level_count()), None);
    }

    #[test]
    fn a_rhumb_leg_is_measured_along_its_rhumb_line() {
        let atlas = atlas();
        let legs = DrawnLegs::new(&atlas, &MapProjection::Mercator(Mercator));
        let lengths = legs.lengths(&atlas);
        let geodesic = geodesic_length_m(&atlas.legs[1].coordinates);
        // A rhumb line is longer than the geodesic between the same ends, a little at these latitudes.
        assert!(lengths.leg_m[1] > geodesic && lengths.leg_m[1] < 1.01 * geodesic);
        assert!((lengths.leg_m[0] - geodesic_length_m(&atlas.legs[0].coordinates)).abs() < 1e-6);
    }

    #[test]
    fn the_hit_index_finds_a_drawn_leg() {
        let atlas = atlas();
        let projection = MapProjection::default();
        let legs = DrawnLegs::new(&atlas, &projection);
        let haiphong = projection.project([106.69, 20.86]).expect("projects");
        assert_eq!(legs.hit_index().legs_near(haiphong, 1.0).first().map(|h| h.0), Some(0));
        let b = legs.bounds(0..1);
        assert!(b.contains(haiphong));
    }
}
