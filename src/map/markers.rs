//! The moving markers of playback: ships, trains, trucks and planes travelling along the open
//! legs at one speed, so that a leg takes time in proportion to its length.
//!
//! # Units
//! Playback time in seconds; distances in metres along the leg's geodesics.

use crate::geometry::measure::{cumulative_m, point_at_fraction};

/// How fast markers travel: km of route per second of playback.
pub const SPEED_KM_PER_S: f64 = 300.0;
/// Distance between successive markers on one leg, km.
pub const SPACING_KM: f64 = 1_000.0;

/// A leg's vertices with the cumulative geodesic distance at each.
#[derive(Clone, Debug, PartialEq)]
pub struct Track {
    pub coordinates: Vec<[f64; 2]>,
    pub cumulative: Vec<f64>,
}

impl Track {
    pub fn new(coordinates: &[[f64; 2]]) -> Track {
        Track {
            coordinates: coordinates.to_vec(),
            cumulative: cumulative_m(coordinates),
        }
    }

    pub fn length_m(&self) -> f64 {
        self.cumulative.last().copied().unwrap_or(0.0)
    }

    /// The point `d` metres from the start, on the geodesic between the vertices around it.
    pub fn point_at(&self, d: f64) -> Option<[f64; 2]> {
        let length = self.length_m();
        if length <= 0.0 {
            return self.coordinates.first().copied();
        }
        point_at_fraction(&self.coordinates, &self.cumulative, d / length)
    }

    /// How far along the markers are at time `t`: one marker per [`SPACING_KM`] started
    /// (at least one), looping over a cycle of whole spacings, so that on a leg shorter than
    /// the spacing a marker crosses at the common speed and then waits off the line.
    pub fn marker_distances(&self, t: f64) -> Vec<f64> {
        let (length, spacing) = (self.length_m(), SPACING_KM * 1000.0);
        if !(t.is_finite() && length > 0.0) {
            return Vec::new();
        }
        let n = (length / spacing).ceil().max(1.0);
        let cycle = n * spacing;
        let travelled = t * SPEED_KM_PER_S * 1000.0;
        (0..n as usize)
            .map(|j| (travelled + j as f64 * spacing).rem_euclid(cycle))
            .filter(|&d| d <= length)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::measure::geodesic_distance_m;

    fn track() -> Track {
        // Sary-Ozek to Lanchow by a few of the highway's towns: long, bent, on land.
        Track::new(&[
            [77.97, 44.36],
            [80.4, 44.2],
            [87.6, 43.8],
            [93.51, 42.82],
            [98.49, 39.74],
            [103.83, 36.06],
        ])
    }

    /// Segment of the track holding `p`, and `p`'s distance along the track through it.
    fn along(track: &Track, p: [f64; 2]) -> (usize, f64) {
        let c = &track.coordinates;
        let i = (1..c.len())
            .min_by(|&a, &b| {
                let gap = |i: usize| {
                    geodesic_distance_m(c[i - 1], p) + geodesic_distance_m(p, c[i])
                        - geodesic_distance_m(c[i - 1], c[i])
                };
                gap(a).total_cmp(&gap(b))
            })
            .expect("segments");
        (i, track.cumulative[i - 1] + geodesic_distance_m(c[i - 1], p))
    }

    #[test]
    fn positions_lie_on_the_legs_geodesic_within_a_metre() {
        let t = track();
        for k in 0..=200 {
            let d = t.length_m() * f64::from(k) / 200.0;
            let p = t.point_at(d).expect("on the track");
            let (i, _) = along(&t, p);
            let c = &t.coordinates;
            // On the geodesic a→b exactly when |ap| + |pb| = |ab|; off it by h, the sum grows by
            // about 2h²/|ab|, so a 1 m offset on a 500 km segment shows as a few µm: use the
            // distance along instead, which must match d to well under a metre.
            let detour =
                geodesic_distance_m(c[i - 1], p) + geodesic_distance_m(p, c[i]) - geodesic_distance_m(c[i - 1], c[i]);
            assert!(detour < 1e-3, "{detour} m at {d}");
            assert!((along(&t, p).1 - d).abs() < 1.0, "at {d} m");
        }
    }

    #[test]
    fn a_marker_moves_forward_along_the_leg_as_time_runs() {
        let t = track();
        let mut last = -1.0;
        // Follow the first marker for less than a cycle from its start.
        for step in 0..100 {
            let time = f64::from(step) * 0.05;
            let d = t.marker_distances(time)[0];
            let p = t.point_at(d).expect("on the track");
            let (_, a) = along(&t, p);
            assert!(a > last, "step {step}: {a} after {last}");
            last = a;
        }
    }

    #[test]
    fn markers_are_spaced_and_cover_the_leg() {
        let t = track();
        let ds = t.marker_distances(1.234);
        let n = (t.length_m() / (SPACING_KM * 1000.0)).ceil() as usize;
        assert!(ds.len() == n || ds.len() == n - 1, "{} markers for {n} slots", ds.len());
        assert!(ds.iter().all(|&d| (0.0..=t.length_m()).contains(&d)));
        assert!(t.marker_distances(f64::NAN).is_empty());
    }

    #[test]
    fn on_a_short_leg_a_marker_crosses_at_the_common_speed() {
        // 150 km: the marker is on the leg for half a second of each 3.3 s cycle.
        let t = Track::new(&[[76.95, 43.34], [77.97, 44.36]]);
        let seconds_on_leg = t.length_m() / (SPEED_KM_PER_S * 1000.0);
        let cycle = SPACING_KM / SPEED_KM_PER_S;
        let samples = 1000;
        let shown = (0..samples)
            .filter(|&k| !t.marker_distances(cycle * f64::from(k) / f64::from(samples)).is_empty())
            .count();
        let share = shown as f64 / f64::from(samples);
        assert!((share - seconds_on_leg / cycle).abs() < 0.01, "{share}");
    }
}
