//! The map state the page drives: the route set, its legs as drawn, the basemap, the view, the
//! selection and the story in time. Every answer the page needs (what to draw where, what is
//! under a finger, what to say about a route) comes from here.

use crate::data::events::{Event, EventState};
use crate::data::loader::RouteSet;
use crate::data::model::{Atlas, Mode, Period, Place};
use crate::data::month::Month;
use crate::data::timeline::Timeline;
use crate::geometry::flat_lines::FlatLines;
use crate::geometry::measure::has_vertex_within_m;
use crate::geometry::projection::{MapProjection, Projection};
use crate::geometry::viewport::{Bounds, Viewport};
use crate::map::basemap::{Basemap, BasemapCut};
use crate::map::hit::{HIT_TOLERANCE_PX, SAME_LINE_PX};
use crate::map::labels::{DOT, Label, LabelRequest, Mark, Rect, Tier, place_labels};
use crate::map::legs::{DrawnLegs, Lengths};
use crate::map::story::{EVENT_HIT_PX, PAST_MARK_PX, Story};
use crate::views::events::{CounterValue, EventSummary, counters, event_summaries};
use crate::views::places::{PlaceSummary, places};
use crate::views::routes::{RouteDetails, RouteFacts, RouteStatus, RouteSummary, leg_periods};

/// The region zoom 1 shows: the Black Sea to the Sea of Japan, Singapore to Siberia.
pub const REGION_LON: [f64; 2] = [24.0, 136.0];
pub const REGION_LAT: [f64; 2] = [-1.0, 56.0];
/// Closest zoom when framing a route: a short leg should not fill the screen.
pub const FIT_MAX_ZOOM: f64 = 8.0;
/// Zoom from which a place of each rank is shown (index = rank − 1) when nothing else asks for
/// its name (see [`Scene::labels`]).
pub const LABEL_MIN_ZOOM: [f64; 3] = [0.0, 1.4, 2.5];
/// A place within this distance of a vertex of a route's legs is one of its stops, m (the
/// distance the loader allows between a leg's end and its place).
const STOP_M: f64 = 10_000.0;
/// Labels are considered for marks up to this far off screen, CSS px.
const LABEL_MARGIN_PX: f64 = 50.0;
/// Room kept around an event brought into view, CSS px.
const REVEAL_MARGIN_PX: f64 = 40.0;
/// How far apart an event's marks are brought when it is opened, CSS px: their boxes clear of
/// each other, with room for a name between.
const MARK_SPACING_PX: f64 = EVENT_HIT_PX + 8.0;

pub struct Scene {
    pub atlas: Atlas,
    projection: MapProjection,
    pub basemap: Basemap,
    /// The legs densified, projected, simplified per level, indexed and measured (the last
    /// three on first use).
    legs: DrawnLegs,
    place_xy: Vec<Option<[f64; 2]>>,
    roles: Roles,
    label_sizes: Vec<[f64; 2]>,
    pub viewport: Viewport,
    selected: Option<usize>,
    /// Time: the month shown, events, markers (see `story.rs`).
    pub story: Story,
}

impl Scene {
    pub fn new(atlas: Atlas, width: f64, height: f64) -> Scene {
        Scene::with_projection(atlas, MapProjection::default(), width, height)
    }

    /// A scene drawn in `projection` (the museum map uses the default Lambert conic).
    pub fn with_projection(atlas: Atlas, projection: MapProjection, width: f64, height: f64) -> Scene {
        let place_xy = atlas
            .places
            .iter()
            .map(|p| projection.project([p.lon, p.lat]))
            .collect();
        let region = Bounds::of_region(&projection, REGION_LON, REGION_LAT);
        Scene {
            label_sizes: vec![[0.0, 0.0]; atlas.places.len()],
            roles: Roles::new(&atlas),
            legs: DrawnLegs::new(&atlas, &projection),
            atlas,
            projection,
            basemap: Basemap::default(),
            place_xy,
            viewport: Viewport::overview(region, width, height),
            selected: None,
            story: Story::default(),
        }
    }

    /// Each leg densified and projected, every vertex kept: what is hit-tested, and drawn at
    /// the finest level.
    pub fn leg_lines(&self) -> &FlatLines {
        self.legs.lines()
    }

    /// The legs as a view at `level` draws them (see [`DrawnLegs::level`]).
    pub fn leg_level(&self, level: usize) -> Option<&FlatLines> {
        self.legs.level(level)
    }

    /// Builds the hit-test index now rather than at the first tap or hover (the page calls
    /// this after its first frame).
    pub fn prepare_hit_test(&self) {
        self.legs.hit_index();
    }

    /// The number of levels of detail of the legs.
    pub fn leg_level_count(&self) -> usize {
        self.legs.level_count()
    }

    fn lengths(&self) -> &Lengths {
        self.legs.lengths(&self.atlas)
    }

    /// Shows another route set, keeping the view and the basemap; the story is cleared (a set
    /// brings its own events).
    pub fn replace_atlas(&mut self, atlas: Atlas) {
        let mut next = Scene::with_projection(atlas, self.projection, self.viewport.width, self.viewport.height);
        std::mem::swap(&mut next.basemap, &mut self.basemap);
        next.viewport = self.viewport;
        *self = next;
    }

    /// Shows another route set with its story, keeping the view and the basemap.
    pub fn replace_set(&mut self, set: RouteSet) {
        self.replace_atlas(set.atlas);
        self.set_story(set.timeline, set.events);
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
        let grid = self.legs.hit_index().near_grid(bounds, tolerance_px / k);
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

    /// Loads the binary basemap (`basemap.bin`, see [`crate::map::basemap::BINARY_MAGIC`]).
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
        let b = self.legs.bounds(r.legs.iter().copied());
        self.viewport = self.viewport.fitted(b, free, FIT_MAX_ZOOM);
    }

    /// The overview: frames every leg in the screen rectangle `free`, so that no legend or
    /// panel hides the ends of the routes.
    pub fn fit_all(&mut self, free: [f64; 4]) {
        let b = self.legs.bounds(0..self.atlas.legs.len());
        self.viewport = self.viewport.fitted(b, free, FIT_MAX_ZOOM);
    }

    /// Routes under a screen point, best first: those through the nearest leg before those
    /// through farther ones, and among routes sharing a leg the shortest (the most specific).
    pub fn pick_all(&self, x: f64, y: f64) -> Vec<usize> {
        let k = self.viewport.scale();
        let p = self.viewport.to_world([x, y]);
        let near = self.legs.hit_index().legs_near(p, HIT_TOLERANCE_PX / k);
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

    /// What the route views read: the set, the drawn lengths and the month shown.
    fn route_facts(&self) -> RouteFacts<'_> {
        let lengths = self.lengths();
        RouteFacts {
            atlas: &self.atlas,
            leg_m: &lengths.leg_m,
            route_m: &lengths.route_m,
            month: self.story.month,
        }
    }

    /// `map.routes()`: every route with its legs and lengths, in `lang`.
    pub fn route_summaries(&self, lang: &str) -> Vec<RouteSummary> {
        self.route_facts().summaries(lang)
    }

    /// Everything the details panel shows for route `r`, in `lang`.
    pub fn route_details(&self, r: usize, lang: &str) -> Option<RouteDetails> {
        self.route_facts().details(r, lang)
    }

    /// Where route `r` stands at the month shown; `None` over the whole period.
    pub fn route_status(&self, r: usize) -> Option<RouteStatus> {
        self.route_facts().status(r)
    }

    /// Leg `l`'s periods and their overall span.
    pub fn leg_periods(&self, l: usize) -> (Option<Period>, Vec<Period>) {
        leg_periods(&self.atlas, l)
    }

    pub fn places(&self, lang: &str) -> Vec<PlaceSummary> {
        places(&self.atlas, lang)
    }

    /// Sizes (CSS px) of each place's label in the current language, measured by the page.
    pub fn set_label_sizes(&mut self, sizes: Vec<[f64; 2]>) {
        if sizes.len() == self.atlas.places.len() {
            self.label_sizes = sizes;
        }
    }

    /// The places named this frame, each with its mark and its label's box, keeping off the
    /// `obstacles` (the page's cards and buttons). Only what is drawn is returned: a place whose
    /// name does not fit has no dot either.
    ///
    /// Who is named first ([`Tier`], issue 24): the selected route's two ends, then the places
    /// it passes through, then the places of the events highlighted at the month shown, then
    /// the other routes' ends, whatever the zoom; then the other places on the routes and the
    /// places of past events, from the zoom their rank is shown at ([`LABEL_MIN_ZOOM`]). Rank 4
    /// (sea-lane waypoints) is named only as a selected route's end or an event's place.
    ///
    /// A place marked by a highlighted event is named beside the mark, outside its box, and no
    /// other label covers the mark (nor an event's mark that names no place). A past event's
    /// mark stands for its place's dot: drawn with its name, or not at all.
    pub fn labels(&self, obstacles: &[Rect]) -> Vec<Label> {
        let v = &self.viewport;
        let mut blocked = obstacles.to_vec();
        // Each place's event mark at the month shown, a highlighted one before a past one.
        let mut marks: Vec<Option<(Mark, [f64; 2])>> = vec![None; self.atlas.places.len()];
        for (place, at, state) in self.story.place_marks(v) {
            let mark = if state == EventState::Active {
                Mark::Event
            } else {
                Mark::PastEvent
            };
            match place {
                Some(p) if marks[p].is_none_or(|(m, _)| mark < m) => marks[p] = Some((mark, at)),
                None if mark == Mark::Event => blocked.push(Rect::around(at[0], at[1], EVENT_HIT_PX / 2.0)),
                _ => {}
            }
        }
        let selected = self.selected.map(|r| (&self.roles.ends[r], &self.roles.stops[r]));
        let mut named = Vec::new();
        let mut reqs = Vec::new();
        for (i, p) in self.atlas.places.iter().enumerate() {
            let shown_rank = p.rank < Place::UNLABELLED_RANK;
            let tier = if selected.is_some_and(|(ends, _)| ends.contains(&i)) {
                Tier::SelectedEnd
            } else if shown_rank && selected.is_some_and(|(_, stops)| stops.contains(&i)) {
                Tier::SelectedStop
            } else if matches!(marks[i], Some((Mark::Event, _))) {
                Tier::EventPlace
            } else if shown_rank && self.roles.route_end[i] {
                Tier::RouteEnd
            } else if shown_rank
                && (self.roles.on_leg[i] || marks[i].is_some())
                && v.zoom >= LABEL_MIN_ZOOM[usize::from(p.rank - 1)]
            {
                Tier::Other
            } else {
                continue;
            };
            let (mark, [x, y]) = match (marks[i], self.place_xy[i]) {
                (Some(m), _) => m,
                (None, Some(world)) => (Mark::Dot, v.to_screen(world)),
                (None, None) => continue,
            };
            let m = LABEL_MARGIN_PX;
            if !(x >= -m && y >= -m && x <= v.width + m && y <= v.height + m) {
                continue;
            }
            let [width, height] = self.label_sizes[i];
            named.push((i, mark));
            reqs.push(LabelRequest {
                x,
                y,
                radius: match mark {
                    Mark::Event => EVENT_HIT_PX / 2.0,
                    Mark::PastEvent => PAST_MARK_PX / 2.0,
                    Mark::Dot => DOT,
                },
                width,
                height,
                tier,
                rank: p.rank,
                fixed: mark == Mark::Event,
            });
        }
        let placed = place_labels(&reqs, v.width, v.height, &blocked);
        named
            .into_iter()
            .zip(reqs)
            .zip(placed)
            .filter_map(|(((place, mark), r), placed)| {
                placed.map(|placed| Label {
                    place,
                    at: [r.x, r.y],
                    mark,
                    placed,
                })
            })
            .collect()
    }

    /// Adds the timeline and the events to the scene, keeping the month shown.
    pub fn set_story(&mut self, timeline: Option<Timeline>, events: Vec<Event>) {
        self.story = Story::new(&self.atlas, &self.projection, timeline, events, self.story.month);
    }

    /// The slider's first and last months: the timeline's, or else the span of the routes'
    /// periods.
    pub fn month_range(&self) -> Option<(Month, Month)> {
        self.story.month_range(&self.atlas)
    }

    /// Every month of the slider's range, first to last (none without one).
    pub fn months(&self) -> Vec<Month> {
        self.month_range()
            .map(|(a, b)| a.through(b).collect())
            .unwrap_or_default()
    }

    /// Shows month `m` (clamped to the range), or the whole period with `None`.
    pub fn set_month(&mut self, m: Option<Month>) {
        self.story.set_month(m, &self.atlas);
    }

    pub fn month(&self) -> Option<Month> {
        self.story.month
    }

    /// Whether leg `l` is open at the month shown (every leg is, over the whole period).
    pub fn leg_active(&self, l: usize) -> bool {
        self.atlas.leg_active(l, self.story.month)
    }

    pub fn event_state(&self, e: usize) -> EventState {
        self.story.event_state(e)
    }

    /// Event marks on screen: `(event, [x, y], state)` for every shown point.
    pub fn event_marks(&self) -> Vec<(usize, [f64; 2], EventState)> {
        self.story.event_marks(&self.viewport)
    }

    /// The event a tap at `(x, y)` CSS px opens (see [`Story::pick_event`]).
    pub fn pick_event(&self, x: f64, y: f64) -> Option<usize> {
        self.story.pick_event(&self.viewport, x, y)
    }

    /// Brings event `e`'s places and arrows into the screen rectangle `free` (`[x, y, w, h]`),
    /// and where its marks would be drawn over one another (six cities on a phone), zooms in
    /// until they stand [`MARK_SPACING_PX`] apart, as far as they all still fit.
    pub fn reveal_event(&mut self, e: usize, free: [f64; 4]) {
        let Some(b) = self.story.event_bounds(e, &self.projection) else {
            return;
        };
        let mut v = self.viewport.revealed(b, free, REVEAL_MARGIN_PX);
        if let Some(spacing) = self.story.event_spacing(e).filter(|&d| d > 0.0) {
            let apart = v.zoom * MARK_SPACING_PX / (spacing * v.scale());
            let fits = v.fitted(b, free, FIT_MAX_ZOOM).zoom;
            let zoom = apart.min(fits);
            if zoom > v.zoom {
                v = v.with_center_zoom(b.center(), zoom).revealed(b, free, REVEAL_MARGIN_PX);
            }
        }
        self.viewport = v;
    }

    /// Markers at playback time `t` seconds, on the legs open at the month shown, as
    /// `(x, y, heading, mode)`: CSS px, and the on-screen direction of travel in radians.
    pub fn markers(&self, t: f64) -> Vec<([f64; 2], f64, Mode)> {
        self.story.markers(&self.atlas, &self.projection, &self.viewport, t)
    }

    /// `map.events()`: every event in date order, in `lang`, with whether it is highlighted.
    pub fn event_summaries(&self, lang: &str) -> Vec<EventSummary> {
        event_summaries(&self.atlas, &self.story.events, self.story.month, lang)
    }

    /// The counters' values at fractional month `at` (see [`Month::index`]).
    pub fn counters(&self, lang: &str, at: f64) -> Vec<CounterValue> {
        counters(&self.atlas, self.story.timeline.as_ref(), lang, at)
    }
}

/// What each place is to the routes, for the label priority.
#[derive(Debug, Default)]
struct Roles {
    /// Per route: its first and last place.
    ends: Vec<[usize; 2]>,
    /// Per route: the places within [`STOP_M`] of a vertex of its legs.
    stops: Vec<Vec<usize>>,
    /// Per place: the first or last place of some route.
    route_end: Vec<bool>,
    /// Per place: within [`STOP_M`] of a vertex of some leg (else it is shown only with its
    /// events).
    on_leg: Vec<bool>,
}

impl Roles {
    fn new(atlas: &Atlas) -> Roles {
        let n = atlas.places.len();
        let at = |p: usize| [atlas.places[p].lon, atlas.places[p].lat];
        let leg_places: Vec<Vec<usize>> = atlas
            .legs
            .iter()
            .map(|l| {
                (0..n)
                    .filter(|&p| p == l.from || p == l.to || has_vertex_within_m(&l.coordinates, at(p), STOP_M))
                    .collect()
            })
            .collect();
        let mut roles = Roles {
            route_end: vec![false; n],
            on_leg: vec![false; n],
            ..Roles::default()
        };
        for places in &leg_places {
            places.iter().for_each(|&p| roles.on_leg[p] = true);
        }
        for r in &atlas.routes {
            let (Some(&first), Some(&last)) = (r.legs.first(), r.legs.last()) else {
                roles.ends.push([usize::MAX; 2]);
                roles.stops.push(Vec::new());
                continue;
            };
            let ends = [atlas.legs[first].from, atlas.legs[last].to];
            ends.iter().for_each(|&p| roles.route_end[p] = true);
            let mut stops: Vec<usize> = r.legs.iter().flat_map(|&l| leg_places[l].iter().copied()).collect();
            stops.sort_unstable();
            stops.dedup();
            roles.ends.push(ends);
            roles.stops.push(stops);
        }
        roles
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::map::labels::Placement;

    fn route(s: &Scene, id: &str) -> usize {
        s.atlas.route_index(id).expect("a route of the test set")
    }

    /// A point of leg `l`'s drawn line, on screen: its middle vertex.
    fn on_leg(s: &Scene, l: usize) -> [f64; 2] {
        let lines = s.leg_lines();
        let i = (lines.starts[l] + lines.starts[l + 1]) as usize / 2;
        s.viewport
            .to_screen([f64::from(lines.xy[2 * i]), f64::from(lines.xy[2 * i + 1])])
    }

    #[test]
    fn selecting_an_unknown_route_clears_the_selection() {
        let mut s = fixtures::scene();
        s.select(Some(route(&s, "sea")));
        assert_eq!(s.selected(), Some(route(&s, "sea")));
        s.select(Some(99));
        assert_eq!(s.selected(), None);
        s.select(Some(0));
        s.select(None);
        assert_eq!(s.selected(), None);
    }

    #[test]
    fn a_tap_on_a_line_picks_its_route_and_a_tap_far_from_every_line_picks_nothing() {
        let s = fixtures::scene();
        let [x, y] = on_leg(&s, 1);
        assert_eq!(s.pick(x, y), Some(route(&s, "sea")));
        // Within the tolerance of the line, still the route; well beyond it, nothing.
        assert_eq!(s.pick(x + HIT_TOLERANCE_PX * 0.7, y), Some(route(&s, "sea")));
        let [x, y] = s.project([80.0, 10.0]).expect("on the map: the Bay of Bengal");
        assert_eq!((s.pick(x, y), s.pick_all(x, y)), (None, vec![]));
    }

    #[test]
    fn the_batch_hit_test_answers_each_point() {
        let s = fixtures::scene();
        let [a, b] = on_leg(&s, 0);
        let far = s.project([80.0, 10.0]).expect("on the map");
        let hits = s.hit_routes(&[a, b, far[0], far[1], f64::NAN, 0.0], HIT_TOLERANCE_PX);
        assert_eq!(hits, vec![route(&s, "rail") as i32, -1, -1]);
    }

    #[test]
    fn fitting_a_route_brings_every_vertex_into_the_free_rectangle() {
        let mut s = fixtures::scene();
        let free = [400.0, 0.0, 400.0, 300.0]; // the top right quarter, a panel elsewhere
        s.fit_route(route(&s, "rail"), free);
        for &c in &s.atlas.legs[0].coordinates {
            let [x, y] = s.project(c).expect("projects");
            assert!(
                (400.0..=800.0).contains(&x) && (0.0..=300.0).contains(&y),
                "{c:?} at {x}, {y}"
            );
        }
        assert!(s.viewport.zoom > 1.0 && s.viewport.zoom <= FIT_MAX_ZOOM);
        let before = s.viewport;
        s.fit_route(99, free);
        assert_eq!(s.viewport, before, "an unknown route leaves the view");
    }

    #[test]
    fn a_new_route_set_keeps_the_view_and_drops_the_selection() {
        let mut s = fixtures::scene();
        s.set_view([105.0, 23.0], 4.0);
        s.select(Some(0));
        let view = s.view();
        s.replace_set(fixtures::set());
        assert_eq!((s.view(), s.selected()), (view, None));
        assert_eq!(s.story.events.len(), 2);
    }

    #[test]
    fn lengths_are_measured_along_what_is_drawn() {
        let s = fixtures::scene();
        let rail = route(&s, "rail");
        assert_eq!(s.route_length_m(rail), s.leg_length_m(0));
        // Haiphong to Yunnanfu through Hekou: about 650 km of track drawn (855 km published).
        assert!(
            (600_000.0..700_000.0).contains(&s.leg_length_m(0)),
            "{}",
            s.leg_length_m(0)
        );
    }

    #[test]
    fn labels_are_placed_for_the_places_on_screen() {
        let mut s = fixtures::scene();
        s.set_label_sizes(vec![[60.0, 14.0]; 3]);
        let labels = s.labels(&[]);
        assert_eq!(labels.len(), 3);
        assert!(labels.iter().all(|l| l.placed.placement != Placement::Hidden));
        let wall = Rect {
            x: 0.0,
            y: 0.0,
            w: 800.0,
            h: 600.0,
        };
        assert!(s.labels(&[wall]).is_empty(), "every label hidden");
        s.set_label_sizes(vec![[1.0, 1.0]]); // not one per place: ignored
        assert_eq!(s.labels(&[]).len(), 3);
    }

    #[test]
    fn the_basemap_is_cut_only_when_zoomed_in() {
        let mut s = fixtures::scene();
        assert_eq!(s.basemap_cut(1.0, 0.0), None, "no basemap yet");
        let land = r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"layer": "land"}, "geometry": {"type": "MultiPolygon", "coordinates": [
            [[[100, 15], [110, 15], [110, 30], [100, 30], [100, 15]]],
            [[[130, 40], [135, 40], [135, 45], [130, 45], [130, 40]]]]}}]}"#;
        s.basemap = Basemap::from_geojson(land, &s.projection).expect("a basemap");
        assert_eq!(s.basemap_cut(1.0, 0.0), None, "the overview shows the whole basemap");
        s.set_view([105.0, 22.0], 16.0);
        let cut = s.basemap_cut(1.0, 0.0).expect("zoomed in on Tonkin: a cut");
        assert_eq!(cut.land.line_count(), 1, "Vladivostok's square is far off screen");
    }
}
