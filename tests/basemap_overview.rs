//! The overview basemap the page draws its first frame with (`www/data/basemap-overview.bin`)
//! against the full one (`www/data/basemap.bin`), both written by `make build`
//! (scripts/build-basemap.mjs): the same rings and lines in the same places, each within the
//! coarsest level's tolerance of the full line in both projections, so the overview is as true
//! as the level the core would simplify from the full file, and far fewer vertices.

use std::path::PathBuf;

use rstar::primitives::Line;
use rstar::{PointDistance, RTree};
use supply_routes::geometry::projection::{LambertConformalConic, Mercator, Projection};
use supply_routes::map::basemap::{Basemap, LOD_TOLERANCES};

fn read(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("www/data").join(name);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}.\nThis test needs the basemaps that `make build` writes \
             (scripts/build-basemap.mjs); run `make build` (or `make test`) first.",
            path.display()
        )
    })
}

/// The largest distance from a vertex of `full` to the polyline `coarse`.
fn farthest(full: &[[f64; 2]], coarse: &[[f64; 2]]) -> f64 {
    let tree = RTree::bulk_load(coarse.windows(2).map(|w| Line::new(w[0], w[1])).collect());
    full.iter()
        .map(|p| {
            tree.nearest_neighbor(p)
                .map_or(f64::INFINITY, |l| l.distance_2(p).sqrt())
        })
        .fold(0.0, f64::max)
}

fn check(projection: &impl Projection, name: &str) {
    let full = Basemap::from_binary(&read("basemap.bin"), projection).expect("basemap.bin loads");
    let overview = Basemap::from_binary(&read("basemap-overview.bin"), projection).expect("overview loads");
    assert!(overview.is_overview() && !full.is_overview());
    let (full_land, full_borders) = full.source_lines();
    let (over_land, over_borders) = overview.source_lines();
    let mut worst = (0.0, 0);
    for (layer, f, o) in [("land", full_land, over_land), ("borders", full_borders, over_borders)] {
        assert_eq!(
            f.len(),
            o.len(),
            "{name}: every {layer} line is in the overview, in its place"
        );
        for (i, (f, o)) in f.iter().zip(o).enumerate() {
            assert!(o.len() >= 2 && o.len() <= f.len(), "{name}: {layer} line {i}");
            let d = farthest(f, o);
            assert!(
                d <= LOD_TOLERANCES[0],
                "{name}: {layer} line {i} strays {d:.3} world units from the full line (at most {})",
                LOD_TOLERANCES[0]
            );
            if d > worst.0 {
                worst = (d, i);
            }
        }
    }
    let points = |lines: &[Vec<[f64; 2]>]| lines.iter().map(Vec::len).sum::<usize>();
    let (n_full, n_over) = (
        points(full_land) + points(full_borders),
        points(over_land) + points(over_borders),
    );
    assert!(
        n_over * 10 < n_full * 8,
        "{name}: the overview has {n_over} vertices, the full basemap {n_full}"
    );
    eprintln!(
        "{name}: overview {n_over} of {n_full} vertices, farthest {:.3} world units",
        worst.0
    );
}

#[test]
fn overview_is_within_the_coarsest_level_of_the_full_basemap_in_mercator() {
    check(&Mercator, "mercator");
}

#[test]
fn overview_is_within_the_coarsest_level_of_the_full_basemap_in_the_conic() {
    check(&LambertConformalConic::asia(), "lcc");
}

#[test]
fn overview_draws_its_lines_as_they_are_at_every_level() {
    let overview = Basemap::from_binary(&read("basemap-overview.bin"), &Mercator).expect("overview loads");
    let first = overview.land(0).expect("level 0").clone();
    for level in 1..overview.levels() {
        assert_eq!(overview.land(level), Some(&first), "level {level}");
    }
    assert!(overview.land(overview.levels()).is_none());
    // Rings that the 1/150-degree grid and the simplification left with under four points are
    // not drawn, as at the full basemap's levels.
    let drawn = first.line_count();
    assert!(drawn > 0 && drawn <= overview.source_lines().0.len());
}
