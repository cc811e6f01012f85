//! The map's projections. The museum map uses a Lambert conformal conic on the sphere, centred
//! on Central and East Asia: conformal, so coastlines keep their shapes, and unlike Web Mercator
//! it does not inflate Siberia and the Kazakh steppe against South-East Asia. Spherical
//! Mercator is there for embedders who want the web maps' look (and for the benchmark's
//! workload); [`MapProjection`] is the choice the scene holds.
//!
//! # Units
//! `[lon, lat]` in degrees in; "world" units out, where [`WORLD_RADIUS`] is the Earth's radius.
//! Distances shown to visitors are never measured here: see [`crate::geometry::measure`].

use std::f64::consts::FRAC_PI_4;

/// Earth radius in world units: keeps world coordinates in a comfortable range for f32.
pub const WORLD_RADIUS: f64 = 1000.0;

/// A raw projection: a project/invert pair (d3-geo's shape).
pub trait Projection {
    /// `[lon, lat]` → world `[x, y]` (y up), or `None` where the projection is undefined.
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// let lcc = LambertConformalConic::asia();
    /// // Lanchow is north-east of the centre (85°E 30°N), Rangoon south-east of it.
    /// let [x, y] = lcc.project([103.83, 36.06]).expect("Lanchow");
    /// assert!(x > 0.0 && y > 0.0);
    /// let [x, y] = lcc.project([96.16, 16.8]).expect("Rangoon");
    /// assert!(x > 0.0 && y < 0.0);
    /// assert_eq!(lcc.project([0.0, -90.0]), None, "the south pole is at infinity");
    /// ```
    fn project(&self, lon_lat: [f64; 2]) -> Option<[f64; 2]>;
    /// World `[x, y]` → `[lon, lat]`.
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::{Mercator, Projection};
    /// // Haiphong there and back.
    /// let xy = Mercator.project([106.69, 20.86]).expect("projects");
    /// let [lon, lat] = Mercator.invert(xy).expect("inverts");
    /// assert!((lon - 106.69).abs() < 1e-9 && (lat - 20.86).abs() < 1e-9);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// // A conic for the Trans-Siberian, centred on Irkutsk.
    /// let lcc = LambertConformalConic::new(104.3, 52.3, 45.0, 60.0);
    /// let [x, y] = lcc.project([104.3, 52.3]).expect("the centre");
    /// assert!(x.abs() < 1e-9 && y.abs() < 1e-9);
    /// ```
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
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// let lcc = LambertConformalConic::asia();
    /// // Yunnanfu (Kunming) there and back.
    /// let back = lcc.invert(lcc.project([102.72, 25.06]).expect("projects")).expect("inverts");
    /// assert!((back[0] - 102.72).abs() < 1e-9 && (back[1] - 25.06).abs() < 1e-9);
    /// ```
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
        // t^n as exp(n·ln t): libm's powf, exact to the last bit over every input, costs more
        // than exp and ln together, and this runs for every basemap vertex on the way to the
        // first frame; the two differ by a few units in the last place.
        let rho = WORLD_RADIUS * self.f / (self.n * (FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln()).exp();
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

/// Spherical Mercator, Greenwich at x = 0: `x = R·λ`, `y = R·ln tan(π/4 + φ/2)` (y up), with
/// `R` = [`WORLD_RADIUS`]. Longitudes are not wrapped, so a ring unwrapped past 180° stays
/// continuous. Undefined at the poles: latitudes are limited to ±89.9°.
///
/// # Examples
///
/// ```
/// use supply_routes::geometry::projection::{Mercator, Projection, WORLD_RADIUS};
/// // Greenwich's meridian at x = 0; Vladivostok 131.89° east of it.
/// let [x, _] = Mercator.project([131.89, 43.11]).expect("projects");
/// assert!((x - WORLD_RADIUS * 131.89f64.to_radians()).abs() < 1e-9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Mercator;

const MERCATOR_MAX_LAT: f64 = 89.9;

impl Projection for Mercator {
    fn project(&self, [lon, lat]: [f64; 2]) -> Option<[f64; 2]> {
        if !lon.is_finite() || !(-MERCATOR_MAX_LAT..=MERCATOR_MAX_LAT).contains(&lat) {
            return None;
        }
        let y = (FRAC_PI_4 + lat.to_radians() / 2.0).tan().ln();
        Some([WORLD_RADIUS * lon.to_radians(), WORLD_RADIUS * y])
    }

    fn invert(&self, [x, y]: [f64; 2]) -> Option<[f64; 2]> {
        if !x.is_finite() || !y.is_finite() {
            return None;
        }
        let lon = (x / WORLD_RADIUS).to_degrees();
        let lat = (2.0 * (y / WORLD_RADIUS).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
        (lon.abs() <= 540.0).then_some([lon, lat])
    }
}

/// The projection a scene is drawn in, chosen by name (`lcc`, the default, or `mercator`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MapProjection {
    Lambert(LambertConformalConic),
    Mercator(Mercator),
}

impl Default for MapProjection {
    fn default() -> Self {
        MapProjection::Lambert(LambertConformalConic::asia())
    }
}

impl MapProjection {
    /// `"lcc"` (or `"lambert"`) and `"mercator"`; `None` for any other name.
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::MapProjection;
    /// assert_eq!(MapProjection::by_name("Mercator").map(|p| p.name()), Some("mercator"));
    /// assert_eq!(MapProjection::by_name("lambert"), Some(MapProjection::default()));
    /// assert_eq!(MapProjection::by_name("albers"), None);
    /// ```
    pub fn by_name(name: &str) -> Option<MapProjection> {
        match name.trim().to_ascii_lowercase().as_str() {
            "lcc" | "lambert" => Some(MapProjection::default()),
            "mercator" => Some(MapProjection::Mercator(Mercator)),
            _ => None,
        }
    }

    /// The name [`MapProjection::by_name`] knows it by: `lcc` or `mercator`.
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::MapProjection;
    /// assert_eq!(MapProjection::default().name(), "lcc");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            MapProjection::Lambert(_) => "lcc",
            MapProjection::Mercator(_) => "mercator",
        }
    }
}

impl Projection for MapProjection {
    fn project(&self, lon_lat: [f64; 2]) -> Option<[f64; 2]> {
        match self {
            MapProjection::Lambert(p) => p.project(lon_lat),
            MapProjection::Mercator(p) => p.project(lon_lat),
        }
    }

    fn invert(&self, xy: [f64; 2]) -> Option<[f64; 2]> {
        match self {
            MapProjection::Lambert(p) => p.invert(xy),
            MapProjection::Mercator(p) => p.invert(xy),
        }
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

    #[test]
    fn mercator_round_trip() {
        let p = Mercator;
        for lon in (-180..=250).step_by(10) {
            for lat in (-80..=80).step_by(5) {
                let ll = [lon as f64, lat as f64];
                let back = p.invert(p.project(ll).expect("projects")).expect("inverts");
                assert!(
                    (back[0] - ll[0]).abs() < 1e-9 && (back[1] - ll[1]).abs() < 1e-9,
                    "{ll:?} -> {back:?}"
                );
            }
        }
        assert_eq!(p.project([10.0, 90.0]), None);
        assert_eq!(p.project([f64::NAN, 0.0]), None);
    }

    /// Kiosk frame workload v1 fits lon 25..135, lat 0..55 in 1920x1080 px (d3's fitExtent):
    /// its constants, and the base pixels they give, follow from the core's Mercator.
    #[test]
    fn mercator_gives_the_workload_base_pixels() {
        const K0: f64 = 935.6850361334608;
        const TX0: f64 = -346.4627713736802;
        const TY0: f64 = 1080.0;
        let p = Mercator;
        let (sw, ne) = (p.project([25.0, 0.0]).unwrap(), p.project([135.0, 55.0]).unwrap());
        // Height-limited fit: 55° of latitude span exactly 1080 px, the longitudes centred.
        let k = 1080.0 / (ne[1] - sw[1]);
        assert!((k * WORLD_RADIUS - K0).abs() < 1e-9, "{}", k * WORLD_RADIUS);
        let tx = 960.0 - k * (sw[0] + ne[0]) / 2.0;
        assert!((tx - TX0).abs() < 1e-9, "{tx}");
        assert!((TY0 + k * sw[1] - 1080.0).abs() < 1e-12);
        for (lon, lat) in [(102.71, 25.04), (103.83, 36.06), (33.52, 44.6), (103.82, 1.35)] {
            let [x, y] = p.project([lon, lat]).unwrap();
            let (l, f) = (f64::to_radians(lon), f64::to_radians(lat));
            let x0 = TX0 + K0 * l;
            let y0 = TY0 - K0 * (FRAC_PI_4 + f / 2.0).tan().ln();
            assert!(
                (TX0 + k * x - x0).abs() < 1e-9 && (TY0 - k * y - y0).abs() < 1e-9,
                "{lon} {lat}"
            );
        }
        // Kunming, frame 149's centre.
        let [x, y] = p.project([102.71, 25.04]).unwrap();
        assert!(
            (TX0 + k * x - 1330.8).abs() < 0.1 && (TY0 - k * y - 657.4).abs() < 0.1,
            "{} {}",
            TX0 + k * x,
            TY0 - k * y
        );
    }

    #[test]
    fn projections_by_name() {
        assert_eq!(
            MapProjection::by_name("mercator"),
            Some(MapProjection::Mercator(Mercator))
        );
        assert_eq!(MapProjection::by_name("LCC"), Some(MapProjection::default()));
        assert_eq!(MapProjection::by_name("albers"), None);
        assert_eq!(MapProjection::default().name(), "lcc");
    }
}
