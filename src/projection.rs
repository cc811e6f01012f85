//! The map's projection: Lambert conformal conic on the sphere, centred on Central and East
//! Asia. Conformal, so coastlines keep their shapes; unlike Web Mercator it does not inflate
//! Siberia and the Kazakh steppe against South-East Asia.
//!
//! # Units
//! `[lon, lat]` in degrees in; "world" units out, where [`WORLD_RADIUS`] is the Earth's radius.
//! Distances shown to visitors are never measured here: see [`crate::measure`].

use std::f64::consts::FRAC_PI_4;

/// Earth radius in world units: keeps world coordinates in a comfortable range for f32.
pub const WORLD_RADIUS: f64 = 1000.0;

/// A raw projection: a project/invert pair (d3-geo's shape).
pub trait Projection {
    /// `[lon, lat]` → world `[x, y]` (y up), or `None` where the projection is undefined.
    fn project(&self, lon_lat: [f64; 2]) -> Option<[f64; 2]>;
    /// World `[x, y]` → `[lon, lat]`.
    fn invert(&self, xy: [f64; 2]) -> Option<[f64; 2]>;
}

/// Lambert conformal conic with two standard parallels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LambertConformalConic {
    lon0: f64,
    n: f64,
    f: f64,
    rho0: f64,
}

impl LambertConformalConic {
    /// `lon0`, `lat0`: the centre; `lat1`, `lat2`: standard parallels (degrees, north of 0).
    pub fn new(lon0: f64, lat0: f64, lat1: f64, lat2: f64) -> Self {
        let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
        let t = |p: f64| (FRAC_PI_4 + p / 2.0).tan();
        let n = if (lat1 - lat2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln()
        };
        let f = p1.cos() * t(p1).powf(n) / n;
        let rho0 = WORLD_RADIUS * f / t(lat0.to_radians()).powf(n);
        LambertConformalConic { lon0, n, f, rho0 }
    }

    /// The projection the map uses: centred at 85°E 30°N, standard parallels 10°N and 45°N,
    /// which bracket the routes from Singapore (1°N) to Sevastopol (45°N).
    pub fn asia() -> Self {
        LambertConformalConic::new(85.0, 30.0, 10.0, 45.0)
    }
}

/// Longitude difference wrapped to (-180, 180].
fn wrap_degrees(d: f64) -> f64 {
    let w = (d + 180.0).rem_euclid(360.0) - 180.0;
    if w == -180.0 { 180.0 } else { w }
}

impl Projection for LambertConformalConic {
    fn project(&self, [lon, lat]: [f64; 2]) -> Option<[f64; 2]> {
        if !lon.is_finite() || !(-89.9..=90.0).contains(&lat) {
            return None; // the south pole maps to infinity
        }
        let rho = WORLD_RADIUS * self.f / (FRAC_PI_4 + lat.to_radians() / 2.0).tan().powf(self.n);
        let theta = self.n * wrap_degrees(lon - self.lon0).to_radians();
        Some([rho * theta.sin(), self.rho0 - rho * theta.cos()])
    }

    fn invert(&self, [x, y]: [f64; 2]) -> Option<[f64; 2]> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let dy = self.rho0 - y;
        let rho = self.n.signum() * x.hypot(dy);
        let theta = (x * self.n.signum()).atan2(dy * self.n.signum());
        let lat = if rho == 0.0 {
            90.0f64.copysign(self.n)
        } else {
            (2.0 * (WORLD_RADIUS * self.f / rho).powf(1.0 / self.n).atan() - std::f64::consts::FRAC_PI_2).to_degrees()
        };
        let lon = self.lon0 + (theta / self.n).to_degrees();
        (lon.abs() <= 540.0).then_some([wrap_degrees(lon), lat])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_across_the_map() {
        let p = LambertConformalConic::asia();
        for lon in (20..=140).step_by(5) {
            for lat in (-10..=60).step_by(5) {
                let ll = [lon as f64, lat as f64];
                let xy = p.project(ll).expect("projects");
                let back = p.invert(xy).expect("inverts");
                assert!(
                    (back[0] - ll[0]).abs() < 1e-9 && (back[1] - ll[1]).abs() < 1e-9,
                    "{ll:?} -> {back:?}"
                );
            }
        }
    }

    #[test]
    fn centre_is_the_origin_and_north_is_up() {
        let p = LambertConformalConic::asia();
        let c = p.project([85.0, 30.0]).expect("centre");
        assert!(c[0].abs() < 1e-9 && c[1].abs() < 1e-9);
        let north = p.project([85.0, 40.0]).expect("north");
        let east = p.project([95.0, 30.0]).expect("east");
        assert!(north[1] > 0.0 && north[0].abs() < 1e-9);
        assert!(east[0] > 0.0);
    }

    #[test]
    fn conformal_scale_is_equal_in_both_directions() {
        // A conformal map stretches a small step north and a small step east equally.
        let p = LambertConformalConic::asia();
        let (lon, lat, d) = (60.0, 20.0, 1e-4);
        let o = p.project([lon, lat]).expect("o");
        let n = p.project([lon, lat + d]).expect("n");
        let e = p.project([lon + d, lat]).expect("e");
        let ns = (n[0] - o[0]).hypot(n[1] - o[1]);
        let es = (e[0] - o[0]).hypot(e[1] - o[1]) / lat.to_radians().cos();
        assert!((ns / es - 1.0).abs() < 1e-6, "{ns} {es}");
    }

    #[test]
    fn undefined_inputs_give_none() {
        let p = LambertConformalConic::asia();
        assert_eq!(p.project([f64::NAN, 10.0]), None);
        assert_eq!(p.project([10.0, -90.0]), None);
        assert_eq!(p.invert([f64::INFINITY, 0.0]), None);
    }
}
