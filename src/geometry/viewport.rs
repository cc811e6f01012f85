//! The view: which part of the world fills the canvas, and the world ↔ screen transform.
//!
//! # Units
//! Screen positions are CSS px from the canvas's top-left corner, y down; world positions are
//! the projection's units, y up. `zoom` 1 fits the whole region of the routes in the canvas.

use crate::geometry::projection::Projection;

pub const MIN_ZOOM: f64 = 0.75;
/// How far out a framing may go, below what a reader can zoom: a route across the whole region
/// (Sevastopol to Hong Kong) framed beside a panel.
pub const FIT_MIN_ZOOM: f64 = 0.4;
pub const MAX_ZOOM: f64 = 64.0;

/// Axis-aligned box in world units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl Bounds {
    /// The box around nothing: [`Bounds::include`] grows it to the first point.
    pub const EMPTY: Bounds = Bounds {
        min: [f64::INFINITY; 2],
        max: [f64::NEG_INFINITY; 2],
    };

    /// The world box around the projected outline of a lon/lat box (sampled, since a conic
    /// bends parallels into arcs).
    ///
    /// # Examples
    ///
    /// ```
    /// use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// use supply_routes::geometry::viewport::Bounds;
    /// // The map's region, the Black Sea to the Sea of Japan, Singapore to Siberia.
    /// let lcc = LambertConformalConic::asia();
    /// let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// for city in [[33.52, 44.6], [131.89, 43.11], [103.82, 1.35]] {
    ///     assert!(region.contains(lcc.project(city).expect("projects")), "{city:?}");
    /// }
    /// ```
    pub fn of_region(projection: &impl Projection, lon: [f64; 2], lat: [f64; 2]) -> Bounds {
        let mut b = Bounds::EMPTY;
        const STEPS: usize = 32;
        for i in 0..=STEPS {
            let f = i as f64 / STEPS as f64;
            let lo = lon[0] + (lon[1] - lon[0]) * f;
            let la = lat[0] + (lat[1] - lat[0]) * f;
            for ll in [[lo, lat[0]], [lo, lat[1]], [lon[0], la], [lon[1], la]] {
                if let Some(p) = projection.project(ll) {
                    b.include(p);
                }
            }
        }
        b
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let mut b = Bounds::EMPTY;
    /// b.include(at(106.69, 20.86)); // Haiphong
    /// b.include(at(102.72, 25.06)); // Yunnanfu
    /// assert!(b.contains(at(103.97, 22.49))); // Hekou, between them
    /// assert!(!b.contains(at(96.16, 16.8))); // Rangoon
    /// ```
    pub fn include(&mut self, p: [f64; 2]) {
        for (i, v) in p.into_iter().enumerate() {
            self.min[i] = self.min[i].min(v);
            self.max[i] = self.max[i].max(v);
        }
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// assert!(region.contains(at(114.17, 22.29))); // Hong Kong
    /// assert!(!region.contains(at(-0.13, 51.51))); // London
    /// ```
    pub fn contains(&self, p: [f64; 2]) -> bool {
        p[0] >= self.min[0] && p[0] <= self.max[0] && p[1] >= self.min[1] && p[1] <= self.max[1]
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let tonkin = Bounds { min: at(102.0, 20.0), max: at(108.0, 23.0) };
    /// assert!(region.intersects(&tonkin));
    /// assert!(!tonkin.intersects(&Bounds { min: at(30.0, 44.0), max: at(34.0, 46.0) })); // Crimea
    /// ```
    pub fn intersects(&self, other: &Bounds) -> bool {
        self.min[0] <= other.max[0]
            && other.min[0] <= self.max[0]
            && self.min[1] <= other.max[1]
            && other.min[1] <= self.max[1]
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let [w, h] = region.size();
    /// assert!(w > h, "the region is wider than it is high");
    /// ```
    pub fn size(&self) -> [f64; 2] {
        [self.max[0] - self.min[0], self.max[1] - self.min[1]]
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let [x, y] = region.center();
    /// assert!(region.contains([x, y]));
    /// ```
    pub fn center(&self) -> [f64; 2] {
        [(self.min[0] + self.max[0]) / 2.0, (self.min[1] + self.max[1]) / 2.0]
    }
}

/// An immutable view; every change returns a new value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Canvas size in CSS px.
    pub width: f64,
    pub height: f64,
    /// World point at the canvas centre.
    pub center: [f64; 2],
    pub zoom: f64,
    /// The region that zoom 1 fits, and that the centre may not leave.
    pub region: Bounds,
}

/// Share of the canvas the region fills at zoom 1, leaving a margin.
const FIT_MARGIN: f64 = 0.94;

impl Viewport {
    /// The overview: the whole region, centred.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// // The whole region fits the screen at zoom 1.
    /// assert_eq!(view.zoom, 1.0);
    /// for city in [[33.52, 44.6], [131.89, 43.11], [103.82, 1.35]] {
    ///     let [x, y] = view.to_screen(lcc.project(city).expect("projects"));
    ///     assert!((0.0..=1280.0).contains(&x) && (0.0..=800.0).contains(&y), "{city:?}");
    /// }
    /// ```
    pub fn overview(region: Bounds, width: f64, height: f64) -> Viewport {
        Viewport {
            width: width.max(1.0),
            height: height.max(1.0),
            center: region.center(),
            zoom: 1.0,
            region,
        }
    }

    /// CSS px per world unit.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let twice = view.zoomed_about(2.0, 640.0, 400.0);
    /// assert!((twice.scale() - 2.0 * view.scale()).abs() < 1e-9);
    /// ```
    pub fn scale(&self) -> f64 {
        let [w, h] = self.region.size();
        FIT_MARGIN * (self.width / w).min(self.height / h) * self.zoom
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// // North is up: Lanchow is drawn above Yunnanfu.
    /// let (lanchow, yunnanfu) = (view.to_screen(at(103.83, 36.06)), view.to_screen(at(102.72, 25.06)));
    /// assert!(lanchow[1] < yunnanfu[1]);
    /// ```
    pub fn to_screen(&self, [x, y]: [f64; 2]) -> [f64; 2] {
        let k = self.scale();
        [
            (x - self.center[0]) * k + self.width / 2.0,
            (self.center[1] - y) * k + self.height / 2.0,
        ]
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let hankow = at(114.27, 30.59);
    /// let back = view.to_world(view.to_screen(hankow));
    /// assert!((back[0] - hankow[0]).abs() < 1e-9 && (back[1] - hankow[1]).abs() < 1e-9);
    /// ```
    pub fn to_world(&self, [sx, sy]: [f64; 2]) -> [f64; 2] {
        let k = self.scale();
        [
            (sx - self.width / 2.0) / k + self.center[0],
            self.center[1] - (sy - self.height / 2.0) / k,
        ]
    }

    /// The affine transform world → screen as canvas `setTransform(a, b, c, d, e, f)` takes it.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let [a, b, c, d, e, f] = view.transform();
    /// let [x, y] = at(76.95, 43.34); // Alma-Ata
    /// let s = view.to_screen([x, y]);
    /// assert!((a * x + c * y + e - s[0]).abs() < 1e-9 && (b * x + d * y + f - s[1]).abs() < 1e-9);
    /// ```
    pub fn transform(&self) -> [f64; 6] {
        let k = self.scale();
        [
            k,
            0.0,
            0.0,
            -k,
            self.width / 2.0 - self.center[0] * k,
            self.height / 2.0 + self.center[1] * k,
        ]
    }

    /// The world box the canvas shows, grown by `margin_px` CSS px on every side.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let zoomed = view.with_center_zoom(at(106.69, 20.86), 32.0); // Haiphong, close up
    /// assert!(zoomed.visible(0.0).contains(at(106.69, 20.86)));
    /// assert!(!zoomed.visible(0.0).contains(at(114.17, 22.29)), "Hong Kong is off screen");
    /// assert!(zoomed.visible(400.0).contains(at(106.0, 22.0)), "a margin reaches further");
    /// ```
    pub fn visible(&self, margin_px: f64) -> Bounds {
        let m = margin_px;
        let a = self.to_world([-m, -m]);
        let b = self.to_world([self.width + m, self.height + m]);
        Bounds {
            min: [a[0].min(b[0]), a[1].min(b[1])],
            max: [a[0].max(b[0]), a[1].max(b[1])],
        }
    }

    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let phone = view.with_size(390.0, 844.0);
    /// assert_eq!((phone.width, phone.height, phone.center), (390.0, 844.0, view.center));
    /// ```
    pub fn with_size(self, width: f64, height: f64) -> Viewport {
        Viewport {
            width: width.max(1.0),
            height: height.max(1.0),
            ..self
        }
    }

    /// Centre on a world point at a zoom, both kept within bounds.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let kunming = at(102.72, 25.06);
    /// let v = view.with_center_zoom(kunming, 4.0);
    /// let [x, y] = v.to_screen(kunming);
    /// assert!((x - 640.0).abs() < 1e-9 && (y - 400.0).abs() < 1e-9);
    /// assert_eq!(view.with_center_zoom(kunming, 1e9).zoom, supply_routes::geometry::viewport::MAX_ZOOM);
    /// ```
    pub fn with_center_zoom(self, center: [f64; 2], zoom: f64) -> Viewport {
        let zoom = if zoom.is_finite() {
            zoom.clamp(MIN_ZOOM, MAX_ZOOM)
        } else {
            self.zoom
        };
        let center = if center.iter().all(|c| c.is_finite()) {
            center
        } else {
            self.center
        };
        Viewport { zoom, ..self }.with_center(center)
    }

    /// The centre may leave the region by half the screen, so that the region's edge can come to
    /// the screen's border but no further: a route along that edge can then still be framed
    /// beside a panel, or above a phone's bottom sheet, that covers much of the map.
    fn with_center(self, [x, y]: [f64; 2]) -> Viewport {
        let r = self.region;
        let k = self.scale();
        let [mx, my] = if k.is_finite() && k > 0.0 {
            [self.width / 2.0 / k, self.height / 2.0 / k]
        } else {
            [0.0, 0.0]
        };
        Viewport {
            center: [
                x.clamp(r.min[0] - mx, r.max[0] + mx),
                y.clamp(r.min[1] - my, r.max[1] + my),
            ],
            ..self
        }
    }

    /// Moves the map with the finger: content shifts by `(dx, dy)` CSS px.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// let before = view.to_screen(at(102.72, 25.06));
    /// let after = view.panned(30.0, -20.0).to_screen(at(102.72, 25.06));
    /// assert!((after[0] - before[0] - 30.0).abs() < 1e-9 && (after[1] - before[1] + 20.0).abs() < 1e-9);
    /// ```
    pub fn panned(self, dx: f64, dy: f64) -> Viewport {
        let k = self.scale();
        if !dx.is_finite() || !dy.is_finite() {
            return self;
        }
        self.with_center([self.center[0] - dx / k, self.center[1] + dy / k])
    }

    /// Brings `bounds` into the screen rectangle `free` with as little change as possible:
    /// nothing if it is already inside, a pan if it fits at this zoom, else a zoom out to fit.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// // The Burma Road's ends, Lashio and Yunnanfu, beside a panel over the left half.
    /// let mut road = Bounds::EMPTY;
    /// road.include(at(97.75, 22.93));
    /// road.include(at(102.72, 25.06));
    /// let free = [640.0, 0.0, 640.0, 800.0];
    /// let v = view.revealed(road, free, 40.0);
    /// for p in [road.min, road.max] {
    ///     let [x, _] = v.to_screen(p);
    ///     assert!(x >= 640.0 + 40.0 - 1e-9, "{x}");
    /// }
    /// assert_eq!(v.zoom, view.zoom, "it fitted at this zoom: a pan");
    /// assert_eq!(v.revealed(road, free, 40.0), v, "already in view: nothing moves");
    /// ```
    pub fn revealed(self, bounds: Bounds, free: [f64; 4], margin_px: f64) -> Viewport {
        let [fx, fy, fw, fh] = free;
        let (a, b) = (
            self.to_screen([bounds.min[0], bounds.max[1]]),
            self.to_screen([bounds.max[0], bounds.min[1]]),
        );
        let inside = |m: f64| a[0] >= fx + m && b[0] <= fx + fw - m && a[1] >= fy + m && b[1] <= fy + fh - m;
        if !(fw > 2.0 * margin_px && fh > 2.0 * margin_px) || inside(margin_px) {
            return self;
        }
        let k = self.scale();
        let [bw, bh] = bounds.size();
        if bw * k <= fw - 2.0 * margin_px && bh * k <= fh - 2.0 * margin_px {
            let c = bounds.center();
            return self.with_center([
                c[0] - (fx + fw / 2.0 - self.width / 2.0) / k,
                c[1] + (fy + fh / 2.0 - self.height / 2.0) / k,
            ]);
        }
        self.fitted(bounds, free, self.zoom)
    }

    /// Frames `bounds` inside the screen rectangle `free` (`[x, y, w, h]` CSS px: the part of
    /// the canvas no panel covers), no closer than `max_zoom`.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// // Frame the Yunnan railway, Haiphong to Yunnanfu, in the right half of the screen.
    /// let mut rail = Bounds::EMPTY;
    /// rail.include(at(106.69, 20.86));
    /// rail.include(at(102.72, 25.06));
    /// let v = view.fitted(rail, [640.0, 0.0, 640.0, 800.0], 8.0);
    /// assert!(v.zoom > 1.0 && v.zoom <= 8.0);
    /// for p in [rail.min, rail.max] {
    ///     let [x, y] = v.to_screen(p);
    ///     assert!((640.0..=1280.0).contains(&x) && (0.0..=800.0).contains(&y));
    /// }
    /// ```
    pub fn fitted(self, bounds: Bounds, free: [f64; 4], max_zoom: f64) -> Viewport {
        let [fx, fy, fw, fh] = free;
        let [bw, bh] = bounds.size();
        if !(fw > 0.0 && fh > 0.0 && bw.is_finite() && bh.is_finite()) {
            return self;
        }
        let per_zoom = Viewport { zoom: 1.0, ..self }.scale();
        let k = (0.85 * (fw / bw.max(1e-9)).min(fh / bh.max(1e-9))).min(per_zoom * max_zoom);
        let zoom = (k / per_zoom).clamp(FIT_MIN_ZOOM, MAX_ZOOM);
        let k = per_zoom * zoom;
        let c = bounds.center();
        Viewport { zoom, ..self }.with_center([
            c[0] - (fx + fw / 2.0 - self.width / 2.0) / k,
            c[1] + (fy + fh / 2.0 - self.height / 2.0) / k,
        ])
    }

    /// Zooms by `factor` keeping the world point under screen `(sx, sy)` in place.
    ///
    /// # Examples
    ///
    /// ```
    /// # use supply_routes::geometry::projection::{LambertConformalConic, Projection};
    /// # use supply_routes::geometry::viewport::{Bounds, Viewport};
    /// # let lcc = LambertConformalConic::asia();
    /// # let region = Bounds::of_region(&lcc, [24.0, 136.0], [-1.0, 56.0]);
    /// # let view = Viewport::overview(region, 1280.0, 800.0);
    /// # let at = |lon: f64, lat: f64| lcc.project([lon, lat]).expect("projects");
    /// // Zooming in on Chungking keeps it under the cursor.
    /// let cursor = view.to_screen(at(106.55, 29.56));
    /// let v = view.zoomed_about(3.0, cursor[0], cursor[1]);
    /// let [x, y] = v.to_screen(at(106.55, 29.56));
    /// assert!((x - cursor[0]).abs() < 1e-9 && (y - cursor[1]).abs() < 1e-9);
    /// assert_eq!(v.zoom, 3.0);
    /// ```
    pub fn zoomed_about(self, factor: f64, sx: f64, sy: f64) -> Viewport {
        if !factor.is_finite() || factor <= 0.0 || !sx.is_finite() || !sy.is_finite() {
            return self;
        }
        let anchor = self.to_world([sx, sy]);
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let next = Viewport { zoom, ..self };
        let k = next.scale();
        next.with_center([
            anchor[0] - (sx - self.width / 2.0) / k,
            anchor[1] + (sy - self.height / 2.0) / k,
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> Viewport {
        let region = Bounds {
            min: [-100.0, -50.0],
            max: [100.0, 50.0],
        };
        Viewport::overview(region, 800.0, 600.0)
    }

    #[test]
    fn screen_and_world_round_trip() {
        let v = view().zoomed_about(3.0, 100.0, 200.0).panned(40.0, -25.0);
        for p in [[0.0, 0.0], [800.0, 600.0], [123.4, 456.7]] {
            let back = v.to_screen(v.to_world(p));
            assert!((back[0] - p[0]).abs() < 1e-9 && (back[1] - p[1]).abs() < 1e-9);
        }
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let v = view();
        let before = v.to_world([200.0, 150.0]);
        let z = v.zoomed_about(2.0, 200.0, 150.0);
        let after = z.to_world([200.0, 150.0]);
        assert!((before[0] - after[0]).abs() < 1e-9 && (before[1] - after[1]).abs() < 1e-9);
        assert_eq!(z.zoom, 2.0);
    }

    #[test]
    fn zoom_and_centre_are_clamped() {
        let v = view().zoomed_about(1e9, 0.0, 0.0);
        assert_eq!(v.zoom, MAX_ZOOM);
        let v = view().panned(-1e9, 0.0);
        let half_screen = v.width / 2.0 / v.scale();
        assert_eq!(v.center[0], 100.0 + half_screen);
        let [x, _] = v.to_screen([100.0, 0.0]);
        assert!(x.abs() < 1e-9, "the region's edge stops at the screen's border: {x}");
        assert_eq!(view().zoomed_about(f64::NAN, 1.0, 1.0), view());
    }

    #[test]
    fn transform_matches_to_screen() {
        let v = view().zoomed_about(1.7, 300.0, 100.0);
        let [a, b, c, d, e, f] = v.transform();
        let p = [12.0, -7.0];
        let s = v.to_screen(p);
        assert!((a * p[0] + c * p[1] + e - s[0]).abs() < 1e-9);
        assert!((b * p[0] + d * p[1] + f - s[1]).abs() < 1e-9);
    }

    #[test]
    fn fitted_bounds_land_inside_the_free_rectangle() {
        let b = Bounds {
            min: [10.0, 10.0],
            max: [30.0, 20.0],
        };
        let free = [300.0, 0.0, 500.0, 600.0];
        let v = view().fitted(b, free, 100.0);
        for p in [b.min, b.max] {
            let [x, y] = v.to_screen(p);
            assert!((300.0..=800.0).contains(&x) && (0.0..=600.0).contains(&y), "{x} {y}");
        }
        let [x0, _] = v.to_screen(b.min);
        let [x1, _] = v.to_screen(b.max);
        assert!((x1 - x0 - 0.85 * 500.0).abs() < 1e-6, "fills 85 % of the free width");
        assert!(view().fitted(b, free, 1.5).zoom <= 1.5);
    }

    #[test]
    fn a_route_at_the_regions_edge_is_framed_above_a_bottom_sheet() {
        // A phone: the free part is the top third; the route runs along the region's south edge.
        let v = view();
        let r = v.region;
        let b = Bounds {
            min: [r.min[0] + 10.0, r.min[1]],
            max: [r.max[0] - 10.0, r.min[1] + 5.0],
        };
        let free = [0.0, 0.0, v.width, v.height / 3.0];
        let f = v.fitted(b, free, 100.0);
        for p in [b.min, b.max] {
            let [x, y] = f.to_screen(p);
            assert!(x >= 0.0 && x <= v.width && y >= 0.0 && y <= v.height / 3.0, "{x} {y}");
        }
    }

    #[test]
    fn revealing_pans_only_when_needed_and_zooms_out_only_when_it_must() {
        let v = view();
        let b = Bounds {
            min: [10.0, 10.0],
            max: [12.0, 12.0],
        };
        let free = [0.0, 0.0, 800.0, 600.0];
        assert_eq!(v.revealed(b, free, 20.0), v, "already in view: nothing moves");
        let right = [0.0, 0.0, 200.0, 600.0];
        let moved = v.revealed(b, right, 20.0);
        assert_eq!(moved.zoom, v.zoom);
        let [x, _] = moved.to_screen(b.center());
        assert!((x - 100.0).abs() < 1e-9, "centred in the free part: {x}");
        let wide = Bounds {
            min: [-25.0, -10.0],
            max: [25.0, 10.0],
        };
        let out = v.revealed(wide, right, 20.0);
        assert!(out.zoom < v.zoom);
        let (a, c) = (out.to_screen([-25.0, 10.0]), out.to_screen([25.0, -10.0]));
        assert!(a[0] >= 0.0 && c[0] <= 200.0, "{a:?} {c:?}");
    }

    #[test]
    fn overview_fits_the_region() {
        let v = view();
        let tl = v.to_screen([-100.0, 50.0]);
        let br = v.to_screen([100.0, -50.0]);
        assert!(tl[0] >= 0.0 && tl[1] >= 0.0 && br[0] <= 800.0 && br[1] <= 600.0);
        assert!((br[0] - tl[0]) / 800.0 > 0.9);
    }
}
