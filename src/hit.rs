//! Which leg lies under a screen point: an R-tree of the legs' drawn segments in world units,
//! queried with a tolerance that the caller converts from CSS px.

use rstar::primitives::{GeomWithData, Line};
use rstar::{PointDistance, RTree};

type Segment = GeomWithData<Line<[f64; 2]>, usize>;

/// Segments of every leg, as drawn (projected, densified).
#[derive(Debug)]
pub struct HitIndex {
    tree: RTree<Segment>,
}

impl HitIndex {
    /// `legs[i]` is leg `i`'s polyline in world coordinates.
    pub fn new(legs: &[Vec<[f64; 2]>]) -> HitIndex {
        let segments = legs
            .iter()
            .enumerate()
            .flat_map(|(leg, line)| line.windows(2).map(move |w| Segment::new(Line::new(w[0], w[1]), leg)))
            .collect();
        HitIndex {
            tree: RTree::bulk_load(segments),
        }
    }

    /// Calls `f(leg, distance)` for each segment within `tolerance` of `p` (a leg may come more
    /// than once, in no order): the allocation-free form the batch hit test uses.
    pub fn visit_near(&self, p: [f64; 2], tolerance: f64, mut f: impl FnMut(usize, f64)) {
        if !(p[0].is_finite() && p[1].is_finite() && tolerance.is_finite() && tolerance >= 0.0) {
            return;
        }
        for seg in self.tree.locate_within_distance(p, tolerance * tolerance) {
            f(seg.data, seg.geom().distance_2(&p).sqrt());
        }
    }

    /// Legs within `tolerance` of `p`, each once, nearest first, with its distance.
    pub fn legs_near(&self, p: [f64; 2], tolerance: f64) -> Vec<(usize, f64)> {
        if !(p[0].is_finite() && p[1].is_finite() && tolerance.is_finite() && tolerance >= 0.0) {
            return Vec::new();
        }
        let mut out: Vec<(usize, f64)> = Vec::new();
        for seg in self.tree.locate_within_distance(p, tolerance * tolerance) {
            let d = seg.geom().distance_2(&p).sqrt();
            match out.iter_mut().find(|(leg, _)| *leg == seg.data) {
                Some(entry) => entry.1 = entry.1.min(d),
                None => out.push((seg.data, d)),
            }
        }
        out.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        out
    }
}

/// Distance from `p` to the segment `a`–`b`, in the plane (screen or world units).
pub fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    };
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> HitIndex {
        HitIndex::new(&[
            vec![[0.0, 0.0], [10.0, 0.0]],                 // leg 0: horizontal
            vec![[0.0, 3.0], [10.0, 3.0]],                 // leg 1: parallel, 3 above
            vec![[20.0, 0.0], [20.0, 10.0], [30.0, 10.0]], // leg 2: an elbow
        ])
    }

    #[test]
    fn nearest_leg_first() {
        assert_eq!(index().legs_near([5.0, 1.0], 5.0), vec![(0, 1.0), (1, 2.0)]);
    }

    #[test]
    fn nothing_beyond_the_tolerance() {
        assert!(index().legs_near([5.0, 20.0], 5.0).is_empty());
        // Just outside the end of a segment: distance is to the end point, not the infinite line.
        assert!(index().legs_near([13.1, 0.0], 3.0).is_empty());
        assert_eq!(index().legs_near([12.9, 0.0], 3.0).len(), 1);
    }

    #[test]
    fn inside_an_elbow_counts_the_leg_once() {
        let hits = index().legs_near([21.0, 9.0], 2.0);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, 2);
        assert!((hits[0].1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn non_finite_queries_miss() {
        assert!(index().legs_near([f64::NAN, 0.0], 5.0).is_empty());
        assert!(index().legs_near([0.0, 0.0], f64::INFINITY).is_empty());
    }

    #[test]
    fn visiting_finds_what_legs_near_finds() {
        let i = index();
        for p in [[5.0, 1.0], [21.0, 9.0], [12.9, 0.0], [5.0, 20.0]] {
            let mut seen: Vec<(usize, f64)> = Vec::new();
            i.visit_near(p, 3.0, |leg, d| match seen.iter_mut().find(|e| e.0 == leg) {
                Some(e) => e.1 = e.1.min(d),
                None => seen.push((leg, d)),
            });
            seen.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            assert_eq!(seen, i.legs_near(p, 3.0), "{p:?}");
        }
    }
}
