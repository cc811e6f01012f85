//! Lengths on the WGS84 ellipsoid (Karney's geodesic algorithm, through geo's [`Geodesic`]),
//! and great-circle densification so that long legs curve as they do on the globe.
//!
//! # Units
//! Positions are `[lon, lat]` in degrees; distances are metres.

use geo::{Distance, Geodesic, Haversine, InterpolatePoint, Length, LineString, Point};
use geographiclib_rs::{GeodesicLine, InverseGeodesic, capability};

/// Metres in one international nautical mile.
pub const METRES_PER_NM: f64 = 1852.0;

/// Geodesic distance between two positions on WGS84, in metres.
///
/// # Examples
///
/// ```
/// // Vladivostok to Haiphong as the crow flies (GeographicLib: 3,402,586.998 m).
/// let m = supply_routes::geometry::measure::geodesic_distance_m([131.89, 43.11], [106.69, 20.86]);
/// assert!((m - 3_402_586.998).abs() < 1.0);
/// ```
pub fn geodesic_distance_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    Geodesic.distance(Point::from(a), Point::from(b))
}

/// Great-circle distance on the mean sphere (geo's `Haversine`), in metres: a cheap first look
/// before Karney's geodesic.
fn great_circle_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    Haversine.distance(Point::from(a), Point::from(b))
}

/// How far the WGS84 geodesic distance may be from the great-circle distance on the mean sphere
/// (geo's `Haversine`), as a fraction of it: at most about 0.6 % (`tests/properties.rs` checks
/// 0.6 % over random triples); 1 % leaves room.
const SPHERE_ERROR: f64 = 0.01;

/// The vertex of `line` nearest to `at` on WGS84 and its geodesic distance in metres: the
/// first of equals, as a scan of every vertex's geodesic distance finds it. Karney's inverse is
/// solved only for the vertices whose great-circle distance could make them the nearest (a
/// validation of the geodata asks this for every published length's ends, and the inverse
/// problem was most of the loader's time in the wasm).
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::nearest_vertex_m;
/// // The Turksib from Alma-Ata through Iliysk to Sary-Ozek; a point by the Ili bridge.
/// let line = [[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]];
/// let (vertex, metres) = nearest_vertex_m(&line, [77.1, 43.9]).expect("a vertex");
/// assert_eq!(vertex, 1);
/// assert!(metres < 3_000.0, "{metres}");
/// assert_eq!(nearest_vertex_m(&[], [77.1, 43.9]), None);
/// ```
pub fn nearest_vertex_m(line: &[[f64; 2]], at: [f64; 2]) -> Option<(usize, f64)> {
    let sphere: Vec<f64> = line.iter().map(|&p| great_circle_m(p, at)).collect();
    let best = sphere.iter().copied().fold(f64::INFINITY, f64::min);
    let reach = best * (1.0 + SPHERE_ERROR) / (1.0 - SPHERE_ERROR) + 1.0;
    let mut nearest: Option<(usize, f64)> = None;
    for (v, &s) in sphere.iter().enumerate() {
        // A non-finite great circle is not skipped: the geodesic decides, as it would alone.
        if s > reach {
            continue;
        }
        let d = geodesic_distance_m(line[v], at);
        if nearest.is_none_or(|(_, b)| d.total_cmp(&b).is_lt()) {
            nearest = Some((v, d));
        }
    }
    nearest
}

/// Whether a vertex of `line` lies within `max_m` metres of `at` on WGS84 (the geodesic
/// distance, solved only where the great circle does not already rule a vertex out).
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::has_vertex_within_m;
/// let turksib = [[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]];
/// assert!(has_vertex_within_m(&turksib, [77.1, 43.9], 3_000.0)); // Iliysk
/// assert!(!has_vertex_within_m(&turksib, [69.24, 41.3], 10_000.0)); // Tashkent
/// ```
pub fn has_vertex_within_m(line: &[[f64; 2]], at: [f64; 2], max_m: f64) -> bool {
    line.iter().any(|&c| geodesic_distance_within_m(c, at, max_m).is_some())
}

/// No path between two latitudes is shorter than the meridian arc between them, and a degree
/// of latitude is at least 110,574 m long on WGS84 (at the equator): a little less, for rounding.
const MIN_M_PER_DEGREE_OF_LATITUDE: f64 = 110_000.0;

/// The WGS84 geodesic distance from `a` to `b` when it is at most `max_m`, else `None`. Most
/// pairs far apart are ruled out by their latitudes alone or by the great circle (cheap first
/// looks, within [`SPHERE_ERROR`]) before Karney's geodesic is solved.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::{geodesic_distance_m, geodesic_distance_within_m};
/// let (kunming, dali) = ([102.71, 25.04], [100.23, 25.59]);
/// let d = geodesic_distance_m(kunming, dali);
/// assert_eq!(geodesic_distance_within_m(kunming, dali, 300_000.0), Some(d));
/// assert_eq!(geodesic_distance_within_m(kunming, dali, 200_000.0), None);
/// assert_eq!(geodesic_distance_within_m(kunming, [102.71, 36.06], 1_000_000.0), None); // Lanzhou's latitude
/// ```
pub fn geodesic_distance_within_m(a: [f64; 2], b: [f64; 2], max_m: f64) -> Option<f64> {
    if (a[1] - b[1]).abs() * MIN_M_PER_DEGREE_OF_LATITUDE > max_m {
        return None;
    }
    let s = great_circle_m(a, b);
    if s > max_m / (1.0 - SPHERE_ERROR) + 1.0 {
        return None;
    }
    let d = geodesic_distance_m(a, b);
    (d <= max_m).then_some(d)
}

/// Length of a polyline along the WGS84 geodesics between its vertices, in metres.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::geodesic_length_m;
/// // Leg L6 of the Turksib, Alma-Ata → Iliysk → Sary-Ozek (GeographicLib: 149,899.165 m).
/// let m = geodesic_length_m(&[[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]]);
/// assert!((m - 149_899.165).abs() < 1.0);
/// ```
pub fn geodesic_length_m(coordinates: &[[f64; 2]]) -> f64 {
    Geodesic.length(&LineString::from(coordinates.to_vec()))
}

/// The polyline with vertices inserted so that no geodesic step is longer than `max_step_m`:
/// drawn in any projection, it then follows the curve of the geodesic.
///
/// The same points as geo's `Geodesic.densify` (a test checks them bit for bit), with one
/// inverse problem per segment instead of one per inserted point: geo solves the segment's
/// inverse again for every point, which made densifying most of the page's constructor in the
/// wasm.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::{densify, geodesic_distance_m, geodesic_length_m};
/// // Vladivostok to Hong Kong, a vertex at least every 50 km: the same ends and length.
/// let line = [[131.89, 43.11], [114.17, 22.29]];
/// let dense = densify(&line, 50_000.0);
/// assert!(dense.len() > 50);
/// assert_eq!((dense[0], dense[dense.len() - 1]), (line[0], line[1]));
/// assert!(dense.windows(2).all(|w| geodesic_distance_m(w[0], w[1]) <= 50_000.0 + 1e-6));
/// assert!((geodesic_length_m(&dense) - geodesic_length_m(&line)).abs() < 1.0);
/// ```
pub fn densify(coordinates: &[[f64; 2]], max_step_m: f64) -> Vec<[f64; 2]> {
    let wgs84 = geographiclib_rs::Geodesic::wgs84();
    let mut out: Vec<[f64; 2]> = coordinates.first().copied().into_iter().collect();
    for w in coordinates.windows(2) {
        let ([lon1, lat1], [lon2, lat2]) = (w[0], w[1]);
        let (s12, azi1, _, _): (f64, f64, f64, f64) = wgs84.inverse(lat1, lon1, lat2, lon2);
        let n = (s12 / max_step_m).ceil();
        if n.is_finite() && n >= 2.0 && w[0] != w[1] {
            let frac = 1.0 / n;
            // What `wgs84.direct(lat1, lon1, azi1, s)` does for each point, with the geodesic
            // line set up once per segment instead of once per point: the same vertices, bit
            // for bit, for a third of the time.
            let mask = capability::LATITUDE | capability::LONGITUDE | capability::DISTANCE_IN;
            let line = GeodesicLine::new(&wgs84, lat1, lon1, azi1, Some(mask), None, None);
            for k in 1..n as u64 {
                let (_, lat, lon, ..) = line._gen_position(false, s12 * (frac * k as f64), mask);
                out.push([lon, lat]);
            }
        }
        out.push(w[1]);
    }
    out
}

/// The polyline with vertices inserted along the rhumb lines (constant bearing) between its
/// vertices, so that no step is longer than about `max_step_m`: evenly spaced on the Mercator
/// plane, where a rhumb line is straight.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::densify_rhumb;
/// use supply_routes::geometry::projection::{Mercator, Projection};
/// // Aden to Colombo at one bearing: every inserted vertex on the straight Mercator line.
/// let line = [[45.03, 12.79], [79.85, 6.93]];
/// let rhumb = densify_rhumb(&line, 25_000.0);
/// assert!(rhumb.len() > 100);
/// let ends = (Mercator.project(line[0]), Mercator.project(line[1]));
/// let (Some(a), Some(b)) = ends else { panic!("both ends project") };
/// for p in &rhumb {
///     let q = Mercator.project(*p).expect("projects");
///     let cross = (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]);
///     assert!(cross.abs() < 1e-6, "{p:?}");
/// }
/// ```
pub fn densify_rhumb(coordinates: &[[f64; 2]], max_step_m: f64) -> Vec<[f64; 2]> {
    use crate::geometry::projection::{Mercator, Projection};
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(coordinates.len());
    for (i, pair) in coordinates.windows(2).enumerate() {
        if i == 0 {
            out.push(pair[0]);
        }
        let (Some(a), Some(b)) = (Mercator.project(pair[0]), Mercator.project(pair[1])) else {
            out.push(pair[1]);
            continue;
        };
        let steps = (geodesic_distance_m(pair[0], pair[1]) / max_step_m)
            .ceil()
            .clamp(1.0, 10_000.0) as usize;
        for s in 1..steps {
            let t = s as f64 / steps as f64;
            if let Some(p) = Mercator.invert([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]) {
                out.push(p);
            }
        }
        out.push(pair[1]);
    }
    if coordinates.len() == 1 {
        out.push(coordinates[0]);
    }
    out
}

/// Cumulative geodesic distance at each vertex, starting at 0; the last value is the length.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::{cumulative_m, geodesic_length_m};
/// let turksib = [[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]];
/// let along = cumulative_m(&turksib);
/// assert_eq!((along.len(), along[0]), (3, 0.0));
/// assert!(along[1] > 60_000.0 && along[1] < along[2]); // Alma-Ata to Iliysk
/// assert!((along[2] - geodesic_length_m(&turksib)).abs() < 1e-6);
/// ```
pub fn cumulative_m(coordinates: &[[f64; 2]]) -> Vec<f64> {
    let mut out = Vec::with_capacity(coordinates.len());
    let mut total = 0.0;
    out.push(0.0);
    for pair in coordinates.windows(2) {
        total += geodesic_distance_m(pair[0], pair[1]);
        out.push(total);
    }
    out
}

/// The point at fraction `t` (0..=1) of the polyline's geodesic length, on the geodesic.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::measure::{cumulative_m, geodesic_distance_m, point_at_fraction};
/// // Halfway from Alma-Ata to Sary-Ozek along the Turksib: just past Iliysk.
/// let turksib = [[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]];
/// let along = cumulative_m(&turksib);
/// let half = point_at_fraction(&turksib, &along, 0.5).expect("on the line");
/// let travelled = along[1] + geodesic_distance_m(turksib[1], half);
/// assert!((travelled - along[2] / 2.0).abs() < 1.0);
/// assert_eq!(point_at_fraction(&turksib, &along, 0.0), Some(turksib[0]));
/// ```
pub fn point_at_fraction(coordinates: &[[f64; 2]], cumulative: &[f64], t: f64) -> Option<[f64; 2]> {
    let total = *cumulative.last()?;
    if coordinates.len() != cumulative.len() || !t.is_finite() {
        return None;
    }
    let target = t.clamp(0.0, 1.0) * total;
    let i = cumulative
        .partition_point(|&d| d <= target)
        .clamp(1, coordinates.len() - 1);
    let (d0, d1) = (cumulative[i - 1], cumulative[i]);
    let ratio = if d1 > d0 { (target - d0) / (d1 - d0) } else { 0.0 };
    let p = Geodesic.point_at_ratio_between(Point::from(coordinates[i - 1]), Point::from(coordinates[i]), ratio);
    Some([p.x(), p.y()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn densify_puts_each_vertex_where_direct_puts_it() {
        use geographiclib_rs::DirectGeodesic;
        let wgs84 = geographiclib_rs::Geodesic::wgs84();
        let line = [[131.89, 43.11], [106.69, 20.86], [106.7, 20.9]];
        let dense = densify(&line, 25_000.0);
        let mut k = 1;
        for w in line.windows(2) {
            let ([lon1, lat1], [lon2, lat2]) = (w[0], w[1]);
            let (s12, azi1, _, _): (f64, f64, f64, f64) = wgs84.inverse(lat1, lon1, lat2, lon2);
            let n = (s12 / 25_000.0).ceil();
            for j in 1..n as u64 {
                let (lat, lon): (f64, f64) = wgs84.direct(lat1, lon1, azi1, s12 * ((1.0 / n) * j as f64));
                assert_eq!(dense[k], [lon, lat], "vertex {k}");
                k += 1;
            }
            assert_eq!(dense[k], w[1]);
            k += 1;
        }
        assert_eq!(k, dense.len());
    }

    #[test]
    fn within_m_agrees_with_the_geodesic_distance() {
        let at = [102.71, 25.04];
        for (i, p) in [
            [102.9, 25.1],
            [103.0, 25.3],
            [100.23, 25.59],
            [102.71, 25.27],
            [-77.0, 38.9],
        ]
        .into_iter()
        .enumerate()
        {
            let d = geodesic_distance_m(at, p);
            for max in [10_000.0, 25_000.0, 30_000.0, 300_000.0] {
                assert_eq!(
                    geodesic_distance_within_m(at, p, max),
                    (d <= max).then_some(d),
                    "point {i}, {max} m"
                );
            }
        }
    }

    // Reference values from GeographicLib 2.0 (Python, `Geodesic.WGS84.Inverse`), an
    // implementation independent of geo's geographiclib-rs port.
    #[test]
    fn distances_match_geographiclib_to_a_metre() {
        let cases = [
            // London → Paris → Berlin, toolchain spike reference
            (
                vec![[-0.1278, 51.5074], [2.3522, 48.8566], [13.405, 52.52]],
                1_223_622.436,
            ),
            // one degree along the equator
            (vec![[0.0, 0.0], [1.0, 0.0]], 111_319.491),
            // leg L6, Turksib: Alma-Ata → Iliysk → Sary-Ozek
            (vec![[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]], 149_899.165),
        ];
        for (line, expected) in cases {
            let got = geodesic_length_m(&line);
            assert!((got - expected).abs() < 1.0, "{got} vs {expected}");
        }
    }

    #[test]
    fn nearest_vertex_and_within_agree_with_a_scan_of_geodesics() {
        // Vertices of real legs, a place beside them, and a near-tie along a meridian.
        let lines: [&[[f64; 2]]; 4] = [
            // From (0, 0) the sphere puts the east vertex nearer, the ellipsoid the north one.
            &[[0.0, 0.1], [0.0995, 0.0]],
            &[
                [76.95, 43.34],
                [77.08, 43.88],
                [77.97, 44.36],
                [81.3, 43.9],
                [87.6, 43.8],
            ],
            &[[102.71, 25.04], [102.71, 25.04], [103.6, 24.0], [103.97, 22.5]],
            &[[100.0, 10.0], [100.0, 10.2], [100.2, 10.1], [99.8, 10.1]],
        ];
        let places = [
            [0.0, 0.0],
            [77.0, 43.3],
            [103.97, 22.49],
            [100.0, 10.1],
            [100.1, 10.1],
            [120.0, -30.0],
            [102.71, 25.04],
        ];
        for line in lines {
            for at in places {
                let scan = (0..line.len())
                    .map(|v| (v, geodesic_distance_m(line[v], at)))
                    .min_by(|a, b| a.1.total_cmp(&b.1));
                assert_eq!(nearest_vertex_m(line, at), scan, "{line:?} from {at:?}");
                for max_m in [0.0, 1.0, 1_000.0, 20_000.0, 1e7] {
                    let any = line.iter().any(|&c| geodesic_distance_m(c, at) <= max_m);
                    assert_eq!(has_vertex_within_m(line, at, max_m), any, "{line:?} {at:?} {max_m}");
                }
            }
        }
        assert_eq!(nearest_vertex_m(&[], [0.0, 0.0]), None);
    }

    #[test]
    fn densify_gives_geos_points_bit_for_bit() {
        use geo::Densify;
        let lines: [&[[f64; 2]]; 6] = [
            &[[131.89, 43.11], [114.165, 22.29]], // Vladivostok → Hong Kong
            &[[76.95, 43.34], [77.08, 43.88], [77.97, 44.36], [103.83, 36.06]],
            &[[33.52, 44.6], [33.52, 44.6], [32.3, 31.3]], // a repeated vertex
            &[[170.0, 50.0], [-170.0, 52.0]],              // across the antimeridian
            &[[100.0, 20.0], [100.1, 20.1]],               // shorter than a step
            &[[103.83, 36.06]],
        ];
        for line in lines {
            for step in [25_000.0, 50_000.0, 333_333.0] {
                let geo: Vec<[f64; 2]> = Geodesic
                    .densify(&LineString::from(line.to_vec()), step)
                    .0
                    .into_iter()
                    .map(|c| [c.x, c.y])
                    .collect();
                assert_eq!(densify(line, step), geo, "{line:?} every {step} m");
            }
        }
    }

    #[test]
    fn densified_line_keeps_its_length_and_ends() {
        let line = [[131.89, 43.11], [114.165, 22.29]];
        let dense = densify(&line, 50_000.0);
        assert!(dense.len() > 40);
        assert_eq!(dense[0], line[0]);
        assert_eq!(dense[dense.len() - 1], line[1]);
        let (a, b) = (geodesic_length_m(&line), geodesic_length_m(&dense));
        assert!((a - b).abs() < 1.0, "{a} vs {b}");
    }

    #[test]
    fn point_at_fraction_runs_from_start_to_end() {
        let line = [[76.95, 43.34], [77.08, 43.88], [77.97, 44.36]];
        let cum = cumulative_m(&line);
        assert_eq!(point_at_fraction(&line, &cum, 0.0), Some(line[0]));
        let end = point_at_fraction(&line, &cum, 1.0).expect("end");
        assert!(geodesic_distance_m(end, line[2]) < 0.01);
        let half = point_at_fraction(&line, &cum, 0.5).expect("half");
        let to_half = geodesic_distance_m(line[0], line[1]) + geodesic_distance_m(line[1], half);
        assert!((to_half - cum[2] / 2.0).abs() < 1.0);
        assert_eq!(point_at_fraction(&line, &cum, f64::NAN), None);
    }

    #[test]
    fn rhumb_densification_is_straight_on_mercator() {
        use crate::geometry::projection::{Mercator, Projection};
        let line = [[51.0, 12.0], [65.0, 10.0], [80.6, 5.8]];
        let d = densify_rhumb(&line, 25_000.0);
        assert!(d.len() > 40, "{}", d.len());
        assert_eq!(d[0], line[0]);
        assert_eq!(*d.last().unwrap(), line[2]);
        let (a, b) = (Mercator.project(line[0]).unwrap(), Mercator.project(line[1]).unwrap());
        for p in d.iter().take_while(|p| p[0] <= 65.0) {
            let q = Mercator.project(*p).unwrap();
            let cross = (b[0] - a[0]) * (q[1] - a[1]) - (b[1] - a[1]) * (q[0] - a[0]);
            assert!(cross.abs() < 1e-6, "{p:?} off the straight line: {cross}");
        }
        for w in d.windows(2) {
            assert!(geodesic_distance_m(w[0], w[1]) <= 1.2 * 25_000.0);
        }
    }
}
