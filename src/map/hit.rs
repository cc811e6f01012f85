//! Which leg lies under a screen point: an R-tree of the legs' drawn segments in world units,
//! queried with a tolerance that the caller converts from CSS px.

use rstar::primitives::{GeomWithData, Line};
use rstar::{AABB, PointDistance, RTree, RTreeObject};

/// How far from a line a tap still hits it, in CSS px either side (a finger is wide).
pub const HIT_TOLERANCE_PX: f64 = 24.0;
/// Legs whose distances from a tap differ by less than this are the same line to the eye.
pub const SAME_LINE_PX: f64 = 0.5;
/// How near a held city's mark (issue 21) a tap must fall to open its card, CSS px: the mark's
/// half-size and a finger's slack, well inside a line's [`HIT_TOLERANCE_PX`].
pub const HELD_MARK_TAP_PX: f64 = 12.0;

/// What a tap opens, in the order the map draws its marks over its lines: a highlighted event's
/// mark, then a held city's mark within [`HELD_MARK_TAP_PX`] (a city on a route opens its own
/// card, and the route is selected a little way along its line), then the routes under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tap<E, H, R> {
    Event(E),
    Held(H),
    Routes(Vec<R>),
}

/// The first of the three hits that finds something; each is asked only if those before it
/// found nothing.
pub fn tap<E, H, R>(
    event: impl FnOnce() -> Option<E>,
    held: impl FnOnce() -> Option<H>,
    routes: impl FnOnce() -> Vec<R>,
) -> Tap<E, H, R> {
    if let Some(e) = event() {
        Tap::Event(e)
    } else if let Some(h) = held() {
        Tap::Held(h)
    } else {
        Tap::Routes(routes())
    }
}

type Segment = GeomWithData<Line<[f64; 2]>, usize>;

/// Segments of every leg, as drawn (projected, densified).
#[derive(Debug)]
pub struct HitIndex {
    tree: RTree<Segment>,
}

/// The segments near a batch of queries at one tolerance, bucketed in a uniform grid of cells
/// about `2 · tolerance` wide over the queries' bounding box: a point far from every line (most
/// of a batch) costs one cell lookup instead of an R-tree descent. Built from the R-tree.
#[derive(Debug)]
pub struct NearGrid<'a> {
    segments: Vec<&'a Segment>,
    origin: [f64; 2],
    cell: f64,
    cols: usize,
    rows: usize,
    /// Cell `c`'s segments are `items[starts[c]..starts[c + 1]]` (indices into `segments`).
    starts: Vec<u32>,
    items: Vec<u32>,
    tolerance: f64,
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

    /// A grid for many [`NearGrid::visit_near`] queries at `tolerance`, all inside `bounds`
    /// (`[x0, y0, x1, y1]`, world units); queries outside it find nothing.
    pub fn near_grid(&self, bounds: [f64; 4], tolerance: f64) -> NearGrid<'_> {
        let [x0, y0, x1, y1] = bounds;
        let ok = [x0, y0, x1, y1, tolerance].iter().all(|v| v.is_finite()) && x1 >= x0 && y1 >= y0 && tolerance >= 0.0;
        let (w, h) = if ok { (x1 - x0, y1 - y0) } else { (0.0, 0.0) };
        // Cells about 2·tolerance wide, but never more than 2^16 of them.
        let mut cell = (2.0 * tolerance).max(f64::MIN_POSITIVE);
        while (w / cell + 1.0) * (h / cell + 1.0) > 65_536.0 {
            cell *= 2.0;
        }
        let (cols, rows) = ((w / cell) as usize + 1, (h / cell) as usize + 1);
        let envelope = AABB::from_corners([x0 - tolerance, y0 - tolerance], [x1 + tolerance, y1 + tolerance]);
        let segments: Vec<&Segment> = if ok {
            self.tree.locate_in_envelope_intersecting(&envelope).collect()
        } else {
            Vec::new()
        };
        // The cells each segment's box, grown by the tolerance, overlaps: counted, then filled.
        let span = |s: &Segment| {
            let e = s.geom().envelope();
            let (lo, hi) = (e.lower(), e.upper());
            let clamp = |v: f64, n: usize| (v.max(0.0) as usize).min(n - 1);
            (
                clamp((lo[0] - tolerance - x0) / cell, cols),
                clamp((hi[0] + tolerance - x0) / cell, cols),
                clamp((lo[1] - tolerance - y0) / cell, rows),
                clamp((hi[1] + tolerance - y0) / cell, rows),
            )
        };
        let mut starts = vec![0u32; cols * rows + 1];
        for s in &segments {
            let (c0, c1, r0, r1) = span(s);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    starts[r * cols + c + 1] += 1;
                }
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut items = vec![0u32; starts[cols * rows] as usize];
        for (k, s) in segments.iter().enumerate() {
            let (c0, c1, r0, r1) = span(s);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    let slot = &mut next[r * cols + c];
                    items[*slot as usize] = k as u32;
                    *slot += 1;
                }
            }
        }
        NearGrid {
            segments,
            origin: [x0, y0],
            cell,
            cols,
            rows,
            starts,
            items,
            tolerance,
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

impl NearGrid<'_> {
    /// Calls `f(leg, distance)` for each segment within the grid's tolerance of `p`, exactly as
    /// [`HitIndex::visit_near`] does (same segments, same distances), for `p` inside its bounds.
    pub fn visit_near(&self, p: [f64; 2], mut f: impl FnMut(usize, f64)) {
        let (cx, cy) = ((p[0] - self.origin[0]) / self.cell, (p[1] - self.origin[1]) / self.cell);
        // Also rejects NaN: every comparison with it is false.
        if !(cx >= 0.0 && cy >= 0.0 && cx < self.cols as f64 && cy < self.rows as f64) {
            return;
        }
        let c = cy as usize * self.cols + cx as usize;
        let max2 = self.tolerance * self.tolerance;
        for &k in &self.items[self.starts[c] as usize..self.starts[c + 1] as usize] {
            let s = self.segments[k as usize];
            let d2 = line_distance_2(p, s.geom().from, s.geom().to);
            if d2 <= max2 {
                f(s.data, d2.sqrt());
            }
        }
    }
}

/// rstar's `Line::distance_2`, operation for operation (so the grid and the tree give the same
/// bits), in plain f64: the wasm is built for size, and there rstar's generic point arithmetic
/// stays a chain of calls that made the 10,000-point batch three times slower.
#[inline(always)]
fn line_distance_2(q: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let dir = [b[0] - a[0], b[1] - a[1]];
    let s = ((q[0] - a[0]) * dir[0] + (q[1] - a[1]) * dir[1]) / (dir[1] * dir[1] + dir[0] * dir[0]);
    let n = if 0.0 < s && s < 1.0 {
        [a[0] + dir[0] * s, a[1] + dir[1] * s]
    } else if s <= 0.0 {
        a
    } else {
        b
    };
    let d = [n[0] - q[0], n[1] - q[1]];
    d[1] * d[1] + d[0] * d[0]
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
    fn the_grid_finds_what_the_tree_finds() {
        let i = index();
        let grid = i.near_grid([-5.0, -5.0, 35.0, 15.0], 2.5);
        let mut a = 0x1234_5678u32;
        let mut rnd = move || {
            a ^= a << 13;
            a ^= a >> 17;
            a ^= a << 5;
            f64::from(a) / f64::from(u32::MAX)
        };
        let mut found = 0;
        for _ in 0..5_000 {
            let p = [-5.0 + 40.0 * rnd(), -5.0 + 20.0 * rnd()];
            let (mut from_tree, mut from_grid) = (Vec::new(), Vec::new());
            i.visit_near(p, 2.5, |leg, d| from_tree.push((leg, d.to_bits())));
            grid.visit_near(p, |leg, d| from_grid.push((leg, d.to_bits())));
            from_tree.sort_unstable();
            from_grid.sort_unstable();
            assert_eq!(from_grid, from_tree, "{p:?}");
            found += from_tree.len();
        }
        assert!(found > 500, "the sample should come near the legs often: {found}");
        // Outside its bounds, or not a number: nothing.
        let mut none = true;
        grid.visit_near([100.0, 0.0], |_, _| none = false);
        grid.visit_near([f64::NAN, 0.0], |_, _| none = false);
        assert!(none);
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

    #[test]
    fn a_tap_opens_an_event_then_a_held_city_then_the_routes() {
        let none = || None::<u8>;
        assert_eq!(tap(|| Some(1u8), || Some(2u8), || vec![3u8]), Tap::Event(1));
        assert_eq!(tap(none, || Some(2u8), || vec![3u8]), Tap::Held(2));
        assert_eq!(tap(none, none, || vec![3u8]), Tap::Routes::<u8, u8, u8>(vec![3]));
        const { assert!(HELD_MARK_TAP_PX < HIT_TOLERANCE_PX) };
    }
}
