//! The map state the page drives: the atlas, its projected geometry, the basemap, the view
//! and the selection. Every answer the page needs (what to draw where, what is under a finger,
//! what to say about a route) comes from here.

use std::cell::OnceCell;

use geo::{LineString, Simplify};

use crate::basemap::{Basemap, BasemapCut, FlatLines, LOD_TOLERANCES, simplify_all};
use crate::details::{
    DocumentedDetails, FigureDetails, LegDetails, LegSummary, PlaceSummary, RouteDetails, RouteSummary, SourceDetails,
};
use crate::hit::HitIndex;
use crate::labels::{LabelRequest, Placement, Rect, place_labels};
use crate::measure::{METRES_PER_NM, densify, densify_rhumb, geodesic_length_m};
use crate::model::{Atlas, Mode, Place};
use crate::projection::{MapProjection, Projection};
use crate::story::Story;
use crate::viewport::{Bounds, Viewport};

/// Longest geodesic step between drawn vertices: short enough that a leg curves smoothly.
pub const DENSIFY_STEP_M: f64 = 25_000.0;
/// How far from a line a tap still hits it, in CSS px either side (a finger is wide).
pub const HIT_TOLERANCE_PX: f64 = 24.0;
/// Vertices off a straight run by less than this (world units, ~1e-6 px) are dropped from the
/// hit index only.
const HIT_MERGE_TOLERANCE: f64 = 1e-6;
/// Legs whose distances from a tap differ by less than this are the same line to the eye.
pub const SAME_LINE_PX: f64 = 0.5;
/// The region zoom 1 shows: the Black Sea to the Sea of Japan, Singapore to Siberia.
pub const REGION_LON: [f64; 2] = [24.0, 136.0];
pub const REGION_LAT: [f64; 2] = [-1.0, 56.0];
/// Closest zoom when framing a route: a short leg should not fill the screen.
pub const FIT_MAX_ZOOM: f64 = 8.0;
/// Zoom from which each label rank is shown (index = rank − 1).
pub const LABEL_MIN_ZOOM: [f64; 3] = [0.0, 1.4, 2.5];

pub struct Scene {
    pub atlas: Atlas,
    pub(crate) projection: MapProjection,
    pub basemap: Basemap,
    /// Every leg's and route's length in metres, worked out on first use (the first details or
    /// tap), not before the first frame: Karney's geodesics over thousands of vertices.
    lengths: OnceCell<Lengths>,
    /// Each leg densified and projected, every vertex kept.
    leg_world: Vec<Vec<[f64; 2]>>,
    /// The legs simplified at each of [`LOD_TOLERANCES`] (what a view at that level draws), each
    /// on first use; the last level keeps every vertex: see [`Scene::leg_lines`].
    leg_levels: Vec<OnceCell<FlatLines>>,
    /// Built on first use (a tap, a hover, [`Scene::prepare_hit_test`]): the first frame does not need it.
    hit: OnceCell<HitIndex>,
    place_xy: Vec<Option<[f64; 2]>>,
    label_sizes: Vec<[f64; 2]>,
    pub viewport: Viewport,
    selected: Option<usize>,
    /// Time: the month shown, events, markers (see `story.rs`).
    pub story: Story,
}

/// Geodesic lengths along what is drawn, in metres.
struct Lengths {
    leg_m: Vec<f64>,
    route_m: Vec<f64>,
}

impl Scene {
    pub fn new(atlas: Atlas, width: f64, height: f64) -> Scene {
        Scene::with_projection(atlas, MapProjection::default(), width, height)
    }

    /// A scene drawn in `projection` (the museum map uses the default Lambert conic).
    pub fn with_projection(atlas: Atlas, projection: MapProjection, width: f64, height: f64) -> Scene {
        let drawn: Vec<Vec<[f64; 2]>> = atlas
            .legs
            .iter()
            .map(|l| {
                if l.rhumb {
                    densify_rhumb(&l.coordinates, DENSIFY_STEP_M)
                } else {
                    densify(&l.coordinates, DENSIFY_STEP_M)
                }
            })
            .collect();
        let world: Vec<Vec<[f64; 2]>> = drawn
            .into_iter()
            .map(|d| d.into_iter().filter_map(|p| projection.project(p)).collect())
            .collect();
        // What is drawn at each level of detail (simplified on first use, see `leg_level`): the
        // stroker's time grows with vertices, and a leg densified every 25 km has far more than
        // a zoomed-out view can show.
        let leg_levels = LOD_TOLERANCES.iter().map(|_| OnceCell::new()).collect();
        let place_xy = atlas
            .places
            .iter()
            .map(|p| projection.project([p.lon, p.lat]))
            .collect();
        let region = Bounds::of_region(&projection, REGION_LON, REGION_LAT);
        Scene {
            label_sizes: vec![[0.0, 0.0]; atlas.places.len()],
            atlas,
            projection,
            basemap: Basemap::default(),
            lengths: OnceCell::new(),
            leg_world: world,
            leg_levels,
            hit: OnceCell::new(),
            place_xy,
            viewport: Viewport::overview(region, width, height),
            selected: None,
            story: Story::default(),
        }
    }

    /// Each leg densified and projected, every vertex kept: what is hit-tested, and drawn at
    /// the finest level.
    pub fn leg_lines(&self) -> &FlatLines {
        self.leg_level(LOD_TOLERANCES.len() - 1)
            .unwrap_or_else(|| unreachable!("a level per tolerance"))
    }

    /// The legs as a view at `level` draws them (Douglas–Peucker at the level's tolerance, on
    /// first use). Every leg keeps its index: Douglas–Peucker keeps both ends, no line is dropped.
    pub fn leg_level(&self, level: usize) -> Option<&FlatLines> {
        let cell = self.leg_levels.get(level)?;
        Some(cell.get_or_init(|| simplify_all(&self.leg_world, LOD_TOLERANCES[level], 0)))
    }

    /// The R-tree of what is drawn, built on first use. Collinear runs are merged first (a
    /// rhumb leg on Mercator is straight between its vertices): far fewer segments, the same
    /// distances.
    fn hit_index(&self) -> &HitIndex {
        self.hit.get_or_init(|| {
            let lines: Vec<Vec<[f64; 2]>> = self
                .leg_world
                .iter()
                .map(|l| {
                    let s = LineString::from(l.clone()).simplify(HIT_MERGE_TOLERANCE);
                    s.0.iter().map(|c| [c.x, c.y]).collect()
                })
                .collect();
            HitIndex::new(&lines)
        })
    }

    /// Builds the hit-test index now rather than at the first tap or hover (the page calls
    /// this after its first frame).
    pub fn prepare_hit_test(&self) {
        self.hit_index();
    }

    /// The number of levels of detail of the legs (one per [`LOD_TOLERANCES`]).
    pub fn leg_level_count(&self) -> usize {
        self.leg_levels.len()
    }

    fn lengths(&self) -> &Lengths {
        self.lengths.get_or_init(|| {
            // A rhumb leg is measured along the rhumb line it is drawn on, densified as drawn.
            let leg_m: Vec<f64> = self
                .atlas
                .legs
                .iter()
                .map(|l| {
                    if l.rhumb {
                        geodesic_length_m(&densify_rhumb(&l.coordinates, DENSIFY_STEP_M))
                    } else {
                        geodesic_length_m(&l.coordinates)
                    }
                })
                .collect();
            let route_m = self
                .atlas
                .routes
                .iter()
                .map(|r| r.legs.iter().map(|&l| leg_m[l]).sum())
                .collect();
            Lengths { leg_m, route_m }
        })
    }

    /// Shows another route set, keeping the view and the basemap; the story is cleared (a set
    /// brings its own events).
    pub fn replace_atlas(&mut self, atlas: Atlas) {
        let mut next = Scene::with_projection(atlas, self.projection, self.viewport.width, self.viewport.height);
        std::mem::swap(&mut next.basemap, &mut self.basemap);
        next.viewport = self.viewport;
        *self = next;
    }

    /// Redraws everything in another projection: the view returns to the overview, and the
    /// basemap and story, projected in the old one, are dropped (set them again).
    pub fn set_projection(&mut self, projection: MapProjection) {
        if projection == self.projection {
            return;
        }
        let atlas = std::mem::take(&mut self.atlas);
        *self = Scene::with_projection(atlas, projection, self.viewport.width, self.viewport.height);
    }

    pub fn projection(&self) -> MapProjection {
        self.projection
    }

    /// The batch hit test: for each screen point `(x, y)` CSS px, the route whose drawn line is
    /// nearest within `tolerance_px`, or −1. Where two routes are equally near (within 1e-9 px,
    /// as where they share a vertex), the later route wins.
    pub fn hit_routes(&self, points: &[f64], tolerance_px: f64) -> Vec<i32> {
        let k = self.viewport.scale();
        let eps = 1e-9 / k;
        let mut routes_of: Vec<Vec<usize>> = vec![Vec::new(); self.atlas.legs.len()];
        for (r, route) in self.atlas.routes.iter().enumerate() {
            for &l in &route.legs {
                routes_of[l].push(r);
            }
        }
        let world: Vec<[f64; 2]> = points
            .chunks_exact(2)
            .map(|c| self.viewport.to_world([c[0], c[1]]))
            .collect();
        let mut bounds = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        for p in world.iter().filter(|p| p[0].is_finite() && p[1].is_finite()) {
            bounds = [
                bounds[0].min(p[0]),
                bounds[1].min(p[1]),
                bounds[2].max(p[0]),
                bounds[3].max(p[1]),
            ];
        }
        let grid = self.hit_index().near_grid(bounds, tolerance_px / k);
        world
            .iter()
            .map(|&p| {
                let mut best: Option<(f64, usize)> = None;
                grid.visit_near(p, |leg, d| {
                    for &r in &routes_of[leg] {
                        best = match best {
                            Some((bd, br)) if d > bd + eps || (d >= bd - eps && r < br) => Some((bd, br)),
                            _ => Some((d, r)),
                        };
                    }
                });
                best.map_or(-1, |(_, r)| r as i32)
            })
            .collect()
    }

    /// Loads the binary basemap (`basemap.bin`, see [`crate::basemap::BINARY_MAGIC`]).
    pub fn set_basemap_binary(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.basemap = Basemap::from_binary(bytes, &self.projection)?;
        Ok(())
    }

    /// The basemap to draw for this view at devicePixelRatio `dpr`: its level cut to the screen
    /// plus `margin_px` CSS px each side when less than half of the level is in it, else `None`
    /// (draw the whole level). See [`Basemap::cut`].
    pub fn basemap_cut(&self, dpr: f64, margin_px: f64) -> Option<BasemapCut> {
        let level = Basemap::level_for(self.viewport.scale(), dpr);
        self.basemap.cut(level, &self.viewport.visible(margin_px.max(0.0)))
    }

    /// Screen position (CSS px) of a `[lon, lat]`.
    pub fn project(&self, lon_lat: [f64; 2]) -> Option<[f64; 2]> {
        self.projection.project(lon_lat).map(|w| self.viewport.to_screen(w))
    }

    /// `[lon, lat]` under a screen position.
    pub fn unproject(&self, screen: [f64; 2]) -> Option<[f64; 2]> {
        self.projection.invert(self.viewport.to_world(screen))
    }

    /// The view as `(centre [lon, lat], zoom)`.
    pub fn view(&self) -> ([f64; 2], f64) {
        let c = self.projection.invert(self.viewport.center).unwrap_or([f64::NAN; 2]);
        (c, self.viewport.zoom)
    }

    pub fn set_view(&mut self, center: [f64; 2], zoom: f64) {
        let world = self.projection.project(center).unwrap_or(self.viewport.center);
        self.viewport = self.viewport.with_center_zoom(world, zoom);
    }

    /// Frames a route in the screen rectangle `free` (`[x, y, w, h]` CSS px).
    pub fn fit_route(&mut self, route: usize, free: [f64; 4]) {
        let Some(r) = self.atlas.routes.get(route) else { return };
        let b = self.legs_bounds(r.legs.iter().copied());
        self.viewport = self.viewport.fitted(b, free, FIT_MAX_ZOOM);
    }

    /// The overview: frames every leg in the screen rectangle `free`, so that no legend or
    /// panel hides the ends of the routes.
    pub fn fit_all(&mut self, free: [f64; 4]) {
        let b = self.legs_bounds(0..self.atlas.legs.len());
        self.viewport = self.viewport.fitted(b, free, FIT_MAX_ZOOM);
    }

    /// World bounds of the drawn (densified) lines of these legs.
    fn legs_bounds(&self, legs: impl Iterator<Item = usize>) -> Bounds {
        let mut b = Bounds {
            min: [f64::INFINITY; 2],
            max: [f64::NEG_INFINITY; 2],
        };
        let lines = self.leg_lines();
        for leg in legs {
            let (a, z) = (lines.starts[leg] as usize, lines.starts[leg + 1] as usize);
            for i in a..z {
                b.include([f64::from(lines.xy[2 * i]), f64::from(lines.xy[2 * i + 1])]);
            }
        }
        b
    }

    /// Routes under a screen point, best first: those through the nearest leg before those
    /// through farther ones, and among routes sharing a leg the shortest (the most specific).
    pub fn pick_all(&self, x: f64, y: f64) -> Vec<usize> {
        let k = self.viewport.scale();
        let p = self.viewport.to_world([x, y]);
        let near = self.hit_index().legs_near(p, HIT_TOLERANCE_PX / k);
        let mut out: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < near.len() {
            // Legs drawn on top of one another (S7 and S8 share a stretch) tie: treat every leg
            // within half a pixel of the nearest as one group.
            let group_end = near[i].1 + SAME_LINE_PX / k;
            let mut through: Vec<usize> = Vec::new();
            while i < near.len() && near[i].1 <= group_end {
                let leg = near[i].0;
                for r in 0..self.atlas.routes.len() {
                    if self.atlas.routes[r].legs.contains(&leg) && !out.contains(&r) && !through.contains(&r) {
                        through.push(r);
                    }
                }
                i += 1;
            }
            let route_m = &self.lengths().route_m;
            through.sort_by(|&a, &b| route_m[a].total_cmp(&route_m[b]));
            out.extend(through);
        }
        out
    }

    /// The route a tap at `(x, y)` selects.
    pub fn pick(&self, x: f64, y: f64) -> Option<usize> {
        self.pick_all(x, y).into_iter().next()
    }

    pub fn select(&mut self, route: Option<usize>) {
        self.selected = route.filter(|&r| r < self.atlas.routes.len());
    }

    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    pub fn leg_length_m(&self, leg: usize) -> f64 {
        self.lengths().leg_m[leg]
    }

    pub fn route_length_m(&self, route: usize) -> f64 {
        self.lengths().route_m[route]
    }

    fn is_all_sea(&self, route: usize) -> bool {
        self.atlas.routes[route]
            .legs
            .iter()
            .all(|&l| self.atlas.legs[l].mode == Mode::Sea)
    }

    fn nm(&self, metres: f64, sea: bool) -> Option<f64> {
        sea.then_some(metres / METRES_PER_NM)
    }

    pub fn route_summaries(&self, lang: &str) -> Vec<RouteSummary> {
        (0..self.atlas.routes.len())
            .map(|r| {
                let route = &self.atlas.routes[r];
                let mut modes: Vec<Mode> = Vec::new();
                for &l in &route.legs {
                    if !modes.contains(&self.atlas.legs[l].mode) {
                        modes.push(self.atlas.legs[l].mode);
                    }
                }
                RouteSummary {
                    id: route.id.clone(),
                    name: route.name.get(lang).to_owned(),
                    length_km: self.route_length_m(r) / 1000.0,
                    length_nm: self.nm(self.route_length_m(r), self.is_all_sea(r)),
                    modes,
                    periods: route.periods.clone(),
                    legs: route.legs.iter().map(|&l| self.leg_summary(l, lang)).collect(),
                }
            })
            .collect()
    }

    fn place_name(&self, place: usize, lang: &str) -> String {
        self.atlas.places[place].name.get(lang).to_owned()
    }

    fn leg_summary(&self, l: usize, lang: &str) -> LegSummary {
        let leg = &self.atlas.legs[l];
        let (period, periods) = self.leg_periods(l);
        LegSummary {
            id: leg.id.clone(),
            from: self.place_name(leg.from, lang),
            to: self.place_name(leg.to, lang),
            from_id: self.atlas.places[leg.from].id.clone(),
            to_id: self.atlas.places[leg.to].id.clone(),
            mode: leg.mode,
            length_km: self.leg_length_m(l) / 1000.0,
            length_nm: self.nm(self.leg_length_m(l), leg.mode == Mode::Sea),
            coordinates: leg.coordinates.clone(),
            active: self.leg_active(l),
            period,
            periods,
        }
    }

    pub fn route_details(&self, r: usize, lang: &str) -> Option<RouteDetails> {
        let route = self.atlas.routes.get(r)?;
        let modern = |p: &Place| p.modern.as_ref().map(|m| m.get(lang).to_owned());
        let legs = route
            .legs
            .iter()
            .map(|&l| {
                let leg = &self.atlas.legs[l];
                let (from, to) = (&self.atlas.places[leg.from], &self.atlas.places[leg.to]);
                LegDetails {
                    id: leg.id.clone(),
                    from: from.name.get(lang).to_owned(),
                    from_modern: modern(from),
                    to: to.name.get(lang).to_owned(),
                    to_modern: modern(to),
                    mode: leg.mode,
                    active: self.leg_active(l),
                    length_km: self.leg_length_m(l) / 1000.0,
                    length_nm: self.nm(self.leg_length_m(l), leg.mode == Mode::Sea),
                    via: leg.via.as_ref().map(|v| v.get(lang).to_owned()),
                    note: leg.note.as_ref().map(|v| v.get(lang).to_owned()),
                    sources: leg.sources.clone(),
                    documented: DocumentedDetails::of_leg(&self.atlas, l, &self.lengths().leg_m, lang),
                }
            })
            .collect();
        let sources = route
            .sources
            .iter()
            .filter_map(|tag| self.atlas.source(tag))
            .map(|s| SourceDetails {
                tag: s.tag.clone(),
                title: s.title.clone(),
                note: s.note.clone(),
            })
            .collect();
        Some(RouteDetails {
            id: route.id.clone(),
            name: route.name.get(lang).to_owned(),
            summary: route.summary.get(lang).to_owned(),
            periods: route.periods.clone(),
            period_note: route.period_note.as_ref().map(|n| n.get(lang).to_owned()),
            status: self.route_status(r),
            closed: route.closed.get(lang).to_owned(),
            length_km: self.route_length_m(r) / 1000.0,
            length_nm: self.nm(self.route_length_m(r), self.is_all_sea(r)),
            legs,
            figures: route.figures.iter().map(|f| FigureDetails::of(f, lang)).collect(),
            sources,
            documented: DocumentedDetails::of_route(&self.atlas, r, &self.lengths().leg_m, lang),
        })
    }

    pub fn places(&self, lang: &str) -> Vec<PlaceSummary> {
        self.atlas
            .places
            .iter()
            .map(|p| PlaceSummary {
                id: p.id.clone(),
                name: p.name.get(lang).to_owned(),
                modern: p.modern.as_ref().map(|m| m.get(lang).to_owned()),
                rank: p.rank,
                lon: p.lon,
                lat: p.lat,
            })
            .collect()
    }

    /// Sizes (CSS px) of each place's label in the current language, measured by the page.
    pub fn set_label_sizes(&mut self, sizes: Vec<[f64; 2]>) {
        if sizes.len() == self.atlas.places.len() {
            self.label_sizes = sizes;
        }
    }

    /// Labels for this frame: `(place, x, y, placement)` for every labellable place on screen,
    /// hidden ones included so the page can still draw termini's dots.
    pub fn labels(&self, obstacles: &[Rect]) -> Vec<(usize, [f64; 2], Placement)> {
        let v = &self.viewport;
        let mut idx = Vec::new();
        let mut reqs = Vec::new();
        for (i, p) in self.atlas.places.iter().enumerate() {
            if p.rank >= Place::UNLABELLED_RANK || v.zoom < LABEL_MIN_ZOOM[usize::from(p.rank - 1)] {
                continue;
            }
            let Some(world) = self.place_xy[i] else { continue };
            let [x, y] = v.to_screen(world);
            if x < -50.0 || y < -50.0 || x > v.width + 50.0 || y > v.height + 50.0 {
                continue;
            }
            let [w, h] = self.label_sizes[i];
            idx.push(i);
            reqs.push(LabelRequest {
                x,
                y,
                width: w,
                height: h,
                rank: p.rank,
            });
        }
        let placed = place_labels(&reqs, v.width, v.height, obstacles);
        idx.into_iter()
            .zip(reqs)
            .zip(placed)
            .map(|((i, r), p)| (i, [r.x, r.y], p))
            .collect()
    }
}
