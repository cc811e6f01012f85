//! Polylines in world units as the page draws them: flat arrays of points with the index
//! where each line starts, simplified (Douglas–Peucker) and clipped to a box.

use geo::{LineString, Simplify};

use crate::geometry::viewport::Bounds;

/// Polylines in world coordinates as flat arrays the page can draw without parsing:
/// `xy` holds x, y pairs; line `i` is points `starts[i]..starts[i + 1]`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlatLines {
    pub xy: Vec<f32>,
    pub starts: Vec<u32>,
}

impl FlatLines {
    /// Appends one polyline.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::flat_lines::FlatLines;
    /// # use supply_routes::geometry::viewport::Bounds;
    /// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
    /// let mut lines = FlatLines::default();
    /// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
    /// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
    /// assert_eq!(lines.starts, [0, 3, 5]);
    /// assert_eq!(lines.xy.len(), 10);
    /// ```
    pub fn push_line(&mut self, line: &[[f64; 2]]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.xy.reserve(2 * line.len());
        for p in line {
            self.xy.push(p[0] as f32);
            self.xy.push(p[1] as f32);
        }
        self.starts.push((self.xy.len() / 2) as u32);
    }

    /// Appends one polyline given as flat `[x0, y0, x1, y1, …]`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::flat_lines::FlatLines;
    /// # use supply_routes::geometry::viewport::Bounds;
    /// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
    /// let mut lines = FlatLines::default();
    /// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
    /// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
    /// lines.push_flat(&[114.17, 22.29, 114.27, 30.59]); // Hong Kong to Hankow
    /// assert_eq!((lines.line_count(), lines.line(2)), (3, &[114.17, 22.29, 114.27, 30.59][..]));
    /// ```
    pub fn push_flat(&mut self, xy: &[f32]) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.xy.extend_from_slice(xy);
        self.starts.push((self.xy.len() / 2) as u32);
    }

    /// Line `i` as flat `[x0, y0, x1, y1, …]`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::flat_lines::FlatLines;
    /// # use supply_routes::geometry::viewport::Bounds;
    /// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
    /// let mut lines = FlatLines::default();
    /// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
    /// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
    /// assert_eq!(lines.line(1), &[131.89, 43.11, 106.69, 20.86][..]);
    /// ```
    pub fn line(&self, i: usize) -> &[f32] {
        &self.xy[2 * self.starts[i] as usize..2 * self.starts[i + 1] as usize]
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::flat_lines::FlatLines;
    /// # use supply_routes::geometry::viewport::Bounds;
    /// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
    /// let mut lines = FlatLines::default();
    /// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
    /// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
    /// assert_eq!(lines.line_count(), 2);
    /// assert_eq!(FlatLines::default().line_count(), 0);
    /// ```
    pub fn line_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The number of points inside `b`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::flat_lines::FlatLines;
    /// # use supply_routes::geometry::viewport::Bounds;
    /// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
    /// let mut lines = FlatLines::default();
    /// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
    /// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
    /// // Tonkin holds Haiphong (twice: both lines end there) and Hekou.
    /// let tonkin = Bounds { min: [102.0, 20.0], max: [108.0, 23.0] };
    /// assert_eq!(lines.points_inside(&tonkin), 3);
    /// ```
    pub fn points_inside(&self, b: &Bounds) -> usize {
        points(&self.xy).filter(|&p| b.contains(p)).count()
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::flat_lines::FlatLines;
    /// # use supply_routes::geometry::viewport::Bounds;
    /// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
    /// let mut lines = FlatLines::default();
    /// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
    /// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
    /// assert_eq!(lines.point_count(), 5);
    /// ```
    pub fn point_count(&self) -> usize {
        self.xy.len() / 2
    }
}

/// What of a level lies in a box: land rings clipped to it, and the border lines that may cross
/// it. Drawing this instead of the whole level spares the rasteriser (and its stroker
/// and dasher) every off-screen vertex. `None` when the box holds the whole level.
///
/// # Examples
///
/// ```
/// # use supply_routes::geometry::flat_lines::FlatLines;
/// # use supply_routes::geometry::viewport::Bounds;
/// // Two lines in degrees as world units: the Yunnan railway and Vladivostok to Haiphong.
/// let mut lines = FlatLines::default();
/// lines.push_line(&[[106.69, 20.86], [103.97, 22.49], [102.72, 25.06]]);
/// lines.push_line(&[[131.89, 43.11], [106.69, 20.86]]);
/// // A box around Tonkin: the railway is clipped to it as a ring would be, the sea lane kept
/// // whole as a border line is.
/// let tonkin = Bounds { min: [102.0, 20.0], max: [108.0, 23.0] };
/// let (land, borders) = supply_routes::geometry::flat_lines::visible_part(&lines, &lines, &tonkin)
///     .expect("part of the lines is outside");
/// assert!(land.xy.chunks(2).all(|p| tonkin.contains([f64::from(p[0]), f64::from(p[1])])));
/// assert_eq!((borders.line_count(), borders.point_count()), (2, 5));
/// ```
pub fn visible_part(land: &FlatLines, borders: &FlatLines, b: &Bounds) -> Option<(FlatLines, FlatLines)> {
    let inside = |l: &FlatLines| points(&l.xy).all(|p| b.contains(p));
    if inside(land) && inside(borders) {
        return None;
    }
    // Lines are read in place and clipped through two scratch buffers kept across rings: a
    // copy of each ring (the Afro-Eurasian one holds tens of thousands of points) would raise
    // the wasm memory's high-water mark, which never comes down, at the first wide cut.
    let mut scratch = (Vec::new(), Vec::new());
    let mut out_land = FlatLines::default();
    for i in 0..land.line_count() {
        let ring = land.line(i);
        let rb = bounds_of(ring);
        if !rb.intersects(b) {
            continue;
        }
        if b.contains(rb.min) && b.contains(rb.max) {
            out_land.push_flat(ring);
            continue;
        }
        let clipped = clip_ring(ring, b, &mut scratch);
        if clipped.len() >= 3 {
            out_land.push_line(clipped);
        }
    }
    // Borders: whole lines whose box meets the view, so that a dashed line keeps its phase.
    let mut out_borders = FlatLines::default();
    for i in 0..borders.line_count() {
        let line = borders.line(i);
        if bounds_of(line).intersects(b) {
            out_borders.push_flat(line);
        }
    }
    Some((out_land, out_borders))
}

/// The points of flat `[x0, y0, x1, y1, …]`.
fn points(xy: &[f32]) -> impl Iterator<Item = [f64; 2]> + '_ {
    xy.chunks_exact(2).map(|p| [f64::from(p[0]), f64::from(p[1])])
}

/// The box around a line given as flat `[x0, y0, x1, y1, …]`.
fn bounds_of(xy: &[f32]) -> Bounds {
    let mut b = Bounds::EMPTY;
    for p in points(xy) {
        b.include(p);
    }
    b
}

/// Sutherland–Hodgman: the ring (flat `[x0, y0, …]`) clipped to the box, built in `scratch`
/// (the first edge reads the ring in place, each later one the last one's output). Where a
/// concave ring leaves and re-enters, the result runs along the box's edge; the box is drawn
/// larger than the screen, so those edges are never seen, and the even-odd fill inside the box
/// is unchanged.
fn clip_ring<'a>(ring: &[f32], b: &Bounds, (pts, input): &'a mut (Vec<[f64; 2]>, Vec<[f64; 2]>)) -> &'a [[f64; 2]] {
    pts.clear();
    let Some(last) = points(ring).last() else {
        return pts;
    };
    clip_edge(points(ring), last, 0, b, pts);
    for edge in 1..4 {
        std::mem::swap(pts, input);
        pts.clear();
        let Some(&last) = input.last() else { break };
        clip_edge(input.iter().copied(), last, edge, b, pts);
    }
    if let (Some(&first), Some(&last)) = (pts.first(), pts.last())
        && first != last
    {
        pts.push(first); // keep rings closed, as they come, so a stroke closes them too
    }
    pts
}

/// One Sutherland–Hodgman pass: the closed ring `input` (whose last point is `last`) cut by
/// edge `edge` of the box (0 left, 1 right, 2 bottom, 3 top), appended to `out`.
fn clip_edge(input: impl Iterator<Item = [f64; 2]>, last: [f64; 2], edge: usize, b: &Bounds, out: &mut Vec<[f64; 2]>) {
    let inside = |p: &[f64; 2]| match edge {
        0 => p[0] >= b.min[0],
        1 => p[0] <= b.max[0],
        2 => p[1] >= b.min[1],
        _ => p[1] <= b.max[1],
    };
    let cross = |p: [f64; 2], q: [f64; 2]| {
        let (axis, v) = match edge {
            0 => (0, b.min[0]),
            1 => (0, b.max[0]),
            2 => (1, b.min[1]),
            _ => (1, b.max[1]),
        };
        let t = (v - p[axis]) / (q[axis] - p[axis]);
        let mut r = [p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t];
        r[axis] = v;
        r
    };
    let mut prev = last;
    for cur in input {
        match (inside(&prev), inside(&cur)) {
            (true, true) => out.push(cur),
            (true, false) => out.push(cross(prev, cur)),
            (false, true) => {
                out.push(cross(prev, cur));
                out.push(cur);
            }
            (false, false) => {}
        }
        prev = cur;
    }
}

/// Every line simplified (Douglas–Peucker) at `tolerance`, or as it is at 0; lines left with
/// fewer than `min_points` points are dropped (0 keeps every line in its place).
pub(crate) fn simplify_all(lines: &[Vec<[f64; 2]>], tolerance: f64, min_points: usize) -> FlatLines {
    let mut out = FlatLines::default();
    if tolerance == 0.0 {
        // Every vertex kept (the finest level, or the overview): one allocation each.
        out.xy.reserve(2 * lines.iter().map(Vec::len).sum::<usize>());
        out.starts.reserve(lines.len() + 1);
    }
    for line in lines {
        if tolerance == 0.0 {
            if line.len() >= min_points {
                out.push_line(line);
            }
            continue;
        }
        let simplified = LineString::from(line.clone()).simplify(tolerance);
        let pts: Vec<[f64; 2]> = simplified.0.iter().map(|c| [c.x, c.y]).collect();
        if pts.len() >= min_points {
            out.push_line(&pts);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_inside_counts_only_the_points_in_the_box() {
        let mut l = FlatLines::default();
        l.push_line(&[[0.0, 0.0], [5.0, 5.0], [20.0, 5.0]]);
        l.push_line(&[[-1.0, 3.0], [10.0, 10.0]]);
        let b = Bounds {
            min: [0.0, 0.0],
            max: [10.0, 10.0],
        };
        assert_eq!(l.points_inside(&b), 3); // the edges count as inside, as in `visible_part`
        assert_eq!(FlatLines::default().points_inside(&b), 0);
    }

    #[test]
    fn visible_part_clips_land_and_cuts_borders_to_the_box() {
        let mut land = FlatLines::default();
        land.push_line(&[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]);
        land.push_line(&[[50.0, 50.0], [51.0, 50.0], [51.0, 51.0], [50.0, 50.0]]);
        let mut borders = FlatLines::default();
        borders.push_line(&[
            [-20.0, 5.0],
            [-10.0, 5.0],
            [2.0, 5.0],
            [4.0, 5.0],
            [20.0, 5.0],
            [30.0, 5.0],
        ]);
        borders.push_line(&[[40.0, 40.0], [45.0, 45.0]]);
        let all = Bounds {
            min: [-100.0, -100.0],
            max: [100.0, 100.0],
        };
        assert!(
            visible_part(&land, &borders, &all).is_none(),
            "everything in view: draw the cached level"
        );
        let b = Bounds {
            min: [-1.0, -1.0],
            max: [5.0, 5.0],
        };
        let (l, r) = visible_part(&land, &borders, &b).expect("a part");
        assert_eq!(l.line_count(), 1, "the far island is dropped");
        for p in points(&l.xy) {
            assert!(b.contains(p), "{p:?} outside the box");
        }
        // The square clipped to the box is [0,5]x[0,5]: area 25.
        let pts: Vec<[f64; 2]> = points(l.line(0)).collect();
        let area: f64 = pts
            .windows(2)
            .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
            .sum::<f64>()
            / 2.0;
        assert!((area.abs() - 25.0).abs() < 1e-9, "{area}");
        assert_eq!(r.line_count(), 1, "the far border is dropped");
        assert_eq!(
            r.point_count(),
            6,
            "a crossing border is kept whole (its dashes keep their phase)"
        );
    }
}
