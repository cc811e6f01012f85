//! The map in time: the month shown, which legs are open then, the events highlighted, and
//! where the moving markers are. The scene holds a [`Story`] and hands it the view and the
//! projection it needs.

use crate::data::events::{Event, EventState, Shape};
use crate::data::model::{Atlas, Mode};
use crate::data::month::Month;
use crate::data::timeline::Timeline;
use crate::geometry::flat_lines::FlatLines;
use crate::geometry::measure::{densify, geodesic_distance_within_m};
use crate::geometry::projection::Projection;
use crate::geometry::viewport::{Bounds, Viewport};
use crate::map::hit::{HIT_TOLERANCE_PX, segment_distance};
use crate::map::legs::DENSIFY_STEP_M;
use crate::map::markers::Track;

/// How near an event's point a tap must land to open it, CSS px (markers are drawn on top of
/// the routes, so an event wins over a route within this distance).
pub const EVENT_HIT_PX: f64 = 22.0;
/// The size of a past event's mark's box, CSS px (render.js draws it 5 px round, with a
/// 1.5 px white ring).
pub const PAST_MARK_PX: f64 = 12.0;
/// Markers farther off screen than this are not sent to the page, CSS px.
const OFFSCREEN_PX: f64 = 40.0;
/// An event's point names the nearest place within this distance, m: an event drawn at a
/// town's bridge or airfield (the Marco Polo Bridge, 17 km from Peiping) is named by the town.
pub const EVENT_PLACE_M: f64 = 25_000.0;

/// The time state of a scene.
#[derive(Debug, Default)]
pub struct Story {
    pub timeline: Option<Timeline>,
    pub events: Vec<Event>,
    /// `None` shows the whole period: every route at full strength.
    pub month: Option<Month>,
    /// Each leg's vertices with cumulative distances, for markers.
    tracks: Vec<Track>,
    /// Event points in world units: `(event, point)`.
    points: Vec<(usize, [f64; 2])>,
    /// The place each of `points` names (within [`EVENT_PLACE_M`]), if any.
    point_places: Vec<Option<usize>>,
    /// Arrow lines (densified, world units) and the event each belongs to.
    pub arrows: FlatLines,
    pub arrow_events: Vec<u32>,
}

impl Story {
    /// The story of `events` and `timeline` on the legs of `atlas`, drawn in `projection`,
    /// showing `month`.
    pub fn new(
        atlas: &Atlas,
        projection: &impl Projection,
        timeline: Option<Timeline>,
        events: Vec<Event>,
        month: Option<Month>,
    ) -> Story {
        let tracks = atlas.legs.iter().map(|l| Track::new(&l.coordinates)).collect();
        let mut points = Vec::new();
        let mut point_places = Vec::new();
        let mut arrows = FlatLines::default();
        let mut arrow_events = Vec::new();
        for (i, e) in events.iter().enumerate() {
            match &e.shape {
                Shape::Nowhere => {}
                Shape::Points(ps) => {
                    for &p in ps {
                        if let Some(w) = projection.project(p) {
                            points.push((i, w));
                            point_places.push(place_at(atlas, p));
                        }
                    }
                }
                Shape::Arrows(lines) => {
                    for line in lines {
                        let world: Vec<[f64; 2]> = densify(line, DENSIFY_STEP_M)
                            .into_iter()
                            .filter_map(|p| projection.project(p))
                            .collect();
                        arrows.push_line(&world);
                        arrow_events.push(i as u32);
                    }
                }
            }
        }
        Story {
            timeline,
            events,
            month,
            tracks,
            points,
            point_places,
            arrows,
            arrow_events,
        }
    }

    /// The slider's first and last months: the timeline's, or else the span of the routes'
    /// periods.
    pub fn month_range(&self, atlas: &Atlas) -> Option<(Month, Month)> {
        if let Some(t) = &self.timeline {
            return Some((t.start, t.end));
        }
        let periods = atlas.routes.iter().flat_map(|r| &r.periods);
        let from = periods.clone().map(|p| p.from).min()?;
        let to = periods.map(|p| p.to).max()?;
        Some((from, to))
    }

    /// Shows month `m` (clamped to the range), or the whole period with `None`.
    pub fn set_month(&mut self, m: Option<Month>, atlas: &Atlas) {
        self.month = match (m, self.month_range(atlas)) {
            (Some(m), Some((a, b))) => Some(m.clamp(a, b)),
            _ => None,
        };
    }

    pub fn event_state(&self, e: usize) -> EventState {
        self.events[e].state_at(self.month)
    }

    /// Event marks on screen: `(event, [x, y], state)` for every shown point.
    pub fn event_marks(&self, view: &Viewport) -> Vec<(usize, [f64; 2], EventState)> {
        self.points
            .iter()
            .map(|&(e, w)| (e, view.to_screen(w), self.event_state(e)))
            .filter(|(_, _, s)| *s != EventState::Hidden)
            .collect()
    }

    /// Event marks on screen with the place each names: `(place, [x, y], state)` for every
    /// shown point.
    pub fn place_marks<'a>(
        &'a self,
        view: &'a Viewport,
    ) -> impl Iterator<Item = (Option<usize>, [f64; 2], EventState)> + 'a {
        self.points
            .iter()
            .zip(&self.point_places)
            .map(|(&(e, w), &place)| (place, view.to_screen(w), self.event_state(e)))
            .filter(|(_, _, s)| *s != EventState::Hidden)
    }

    /// The event a tap at `(x, y)` opens: the nearest highlighted point within
    /// [`EVENT_HIT_PX`], or else a highlighted arrow within the route tolerance. Past events'
    /// marks are not targets: many sit on route lines, where a tap means the route.
    pub fn pick_event(&self, view: &Viewport, x: f64, y: f64) -> Option<usize> {
        let near = |p: [f64; 2]| (p[0] - x).hypot(p[1] - y);
        let point = self
            .event_marks(view)
            .into_iter()
            .filter(|&(_, _, s)| s == EventState::Active)
            .map(|(e, p, _)| (e, near(p)))
            .filter(|&(_, d)| d <= EVENT_HIT_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((e, _)) = point {
            return Some(e);
        }
        let lines = &self.arrows;
        let mut best: Option<(usize, f64)> = None;
        for (i, &e) in self.arrow_events.iter().enumerate() {
            if self.event_state(e as usize) != EventState::Active {
                continue;
            }
            let (a, z) = (lines.starts[i] as usize, lines.starts[i + 1] as usize);
            let pts: Vec<[f64; 2]> = (a..z)
                .map(|j| view.to_screen([f64::from(lines.xy[2 * j]), f64::from(lines.xy[2 * j + 1])]))
                .collect();
            for w in pts.windows(2) {
                let d = segment_distance([x, y], w[0], w[1]);
                if d <= HIT_TOLERANCE_PX && best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((e as usize, d));
                }
            }
        }
        best.map(|(e, _)| e)
    }

    /// The world box around event `e`'s places and arrows, if it is shown anywhere.
    pub fn event_bounds(&self, e: usize, projection: &impl Projection) -> Option<Bounds> {
        let positions: Vec<[f64; 2]> = match &self.events.get(e)?.shape {
            Shape::Nowhere => return None,
            Shape::Points(p) => p.clone(),
            Shape::Arrows(lines) => lines.concat(),
        };
        let mut b = Bounds::EMPTY;
        for p in positions.into_iter().filter_map(|p| projection.project(p)) {
            b.include(p);
        }
        b.min[0].is_finite().then_some(b)
    }

    /// The distance between event `e`'s two nearest points, world units (`None` with fewer than
    /// two).
    pub fn event_spacing(&self, e: usize) -> Option<f64> {
        let pts: Vec<[f64; 2]> = self.points.iter().filter(|&&(i, _)| i == e).map(|&(_, w)| w).collect();
        let mut best: Option<f64> = None;
        for (i, a) in pts.iter().enumerate() {
            for b in &pts[i + 1..] {
                let d = (a[0] - b[0]).hypot(a[1] - b[1]);
                best = Some(best.map_or(d, |m: f64| m.min(d)));
            }
        }
        best
    }

    /// Markers at playback time `t` seconds on the legs of `atlas` open at the month shown, as
    /// `(x, y, heading, mode)`: CSS px, and the on-screen direction of travel in radians.
    pub fn markers(
        &self,
        atlas: &Atlas,
        projection: &impl Projection,
        view: &Viewport,
        t: f64,
    ) -> Vec<([f64; 2], f64, Mode)> {
        if self.month.is_none() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (l, track) in self.tracks.iter().enumerate() {
            if !atlas.leg_active(l, self.month) {
                continue;
            }
            for d in track.marker_distances(t) {
                // The heading comes from a point a little further on (or back, at the very end).
                let step = 5_000.0_f64.min(track.length_m() / 4.0);
                let (d0, d1) = if d + step <= track.length_m() {
                    (d, d + step)
                } else {
                    (d - step, d)
                };
                let (Some(p), Some(a), Some(b)) = (track.point_at(d), track.point_at(d0), track.point_at(d1)) else {
                    continue;
                };
                let screen = |q: [f64; 2]| projection.project(q).map(|w| view.to_screen(w));
                let (Some(s), Some(sa), Some(sb)) = (screen(p), screen(a), screen(b)) else {
                    continue;
                };
                let outside = s[0] < -OFFSCREEN_PX
                    || s[1] < -OFFSCREEN_PX
                    || s[0] > view.width + OFFSCREEN_PX
                    || s[1] > view.height + OFFSCREEN_PX;
                if !outside {
                    out.push((s, (sb[1] - sa[1]).atan2(sb[0] - sa[0]), atlas.legs[l].mode));
                }
            }
        }
        out
    }
}

/// The place of `atlas` nearest `p` within [`EVENT_PLACE_M`].
fn place_at(atlas: &Atlas, p: [f64; 2]) -> Option<usize> {
    atlas
        .places
        .iter()
        .enumerate()
        .filter_map(|(i, q)| Some((i, geodesic_distance_within_m(p, [q.lon, q.lat], EVENT_PLACE_M)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::geometry::projection::MapProjection;

    fn month(s: &str) -> Month {
        Month::parse(s).expect("a month")
    }

    /// The test set's story on its atlas, drawn at the overview.
    fn story() -> (Story, Atlas, MapProjection, Viewport) {
        let s = fixtures::scene();
        (s.story, s.atlas, MapProjection::default(), s.viewport)
    }

    fn event(story: &Story, id: &str) -> usize {
        story
            .events
            .iter()
            .position(|e| e.id == id)
            .expect("an event of the test set")
    }

    #[test]
    fn the_month_is_clamped_to_the_timeline_and_none_shows_the_whole_period() {
        let (mut story, atlas, ..) = story();
        assert_eq!(story.month_range(&atlas), Some((month("1937-07"), month("1941-06"))));
        story.set_month(Some(month("1950-01")), &atlas);
        assert_eq!(story.month, Some(month("1941-06")));
        story.set_month(None, &atlas);
        assert_eq!(story.month, None);
        // Without a timeline, the span of the routes' periods.
        let bare = Story::default();
        assert_eq!(bare.month_range(&atlas), Some((month("1937-07"), month("1941-06"))));
    }

    #[test]
    fn a_month_opens_the_legs_of_the_routes_running_then() {
        let (_, atlas, ..) = story();
        let open = |m: &str| atlas.leg_active(0, Some(month(m)));
        assert!(!open("1937-11") && open("1937-12") && open("1938-12"));
        assert!(!open("1939-03"), "the railway paused between its periods");
        assert!(open("1939-06") && !open("1940-07"));
        assert!(atlas.leg_active(0, None), "every leg over the whole period");
    }

    #[test]
    fn an_event_is_highlighted_for_its_month_and_two_more_then_stays_as_a_past_mark() {
        let (mut story, atlas, ..) = story();
        let e = event(&story, "arrival");
        let state_at = |story: &mut Story, m: &str| {
            story.set_month(Some(month(m)), &atlas);
            story.event_state(e)
        };
        assert_eq!(state_at(&mut story, "1938-09"), EventState::Hidden);
        assert_eq!(state_at(&mut story, "1938-10"), EventState::Active);
        assert_eq!(state_at(&mut story, "1938-12"), EventState::Active);
        assert_eq!(state_at(&mut story, "1939-01"), EventState::Past);
        story.set_month(None, &atlas);
        assert_eq!(
            story.event_state(e),
            EventState::Hidden,
            "events belong to the story in time"
        );
    }

    #[test]
    fn a_front_arrow_leaves_no_mark_once_past() {
        let (mut story, atlas, ..) = story();
        let e = event(&story, "front");
        story.set_month(Some(month("1940-02")), &atlas);
        assert_eq!(story.event_state(e), EventState::Active);
        story.set_month(Some(month("1940-03")), &atlas);
        assert_eq!(story.event_state(e), EventState::Hidden);
        assert_eq!(
            (story.arrows.line_count(), story.arrow_events.as_slice()),
            (1, &[e as u32][..])
        );
    }

    #[test]
    fn a_tap_opens_a_highlighted_event_but_not_a_past_one() {
        let (mut story, atlas, projection, view) = story();
        let e = event(&story, "arrival");
        let at = view.to_screen(projection.project([102.72, 25.06]).expect("projects"));
        story.set_month(Some(month("1938-11")), &atlas);
        assert_eq!(story.event_marks(&view), vec![(e, at, EventState::Active)]);
        assert_eq!(story.pick_event(&view, at[0] + 10.0, at[1] - 10.0), Some(e));
        assert_eq!(story.pick_event(&view, at[0] + EVENT_HIT_PX + 1.0, at[1]), None);
        story.set_month(Some(month("1939-02")), &atlas);
        assert_eq!(
            story.pick_event(&view, at[0], at[1]),
            None,
            "past marks sit on routes: a tap there means the route"
        );
        // The front's arrow opens its event along its line while highlighted.
        story.set_month(Some(month("1940-01")), &atlas);
        let mid = view.to_screen(projection.project([108.0, 28.0]).expect("projects"));
        assert_eq!(story.pick_event(&view, mid[0], mid[1]), Some(event(&story, "front")));
    }

    #[test]
    fn an_event_is_framed_by_its_places_or_its_arrows() {
        let (story, _, projection, _) = story();
        let arrival = story
            .event_bounds(event(&story, "arrival"), &projection)
            .expect("a place");
        assert_eq!(arrival.size(), [0.0, 0.0]);
        let front = story
            .event_bounds(event(&story, "front"), &projection)
            .expect("an arrow");
        assert!(front.size()[0] > 0.0 && front.size()[1] > 0.0);
        assert_eq!(story.event_bounds(99, &projection), None);
    }

    #[test]
    fn markers_move_only_on_open_legs_and_only_at_a_month() {
        let (mut story, atlas, projection, view) = story();
        assert!(
            story.markers(&atlas, &projection, &view, 1.0).is_empty(),
            "not over the whole period"
        );
        story.set_month(Some(month("1939-03")), &atlas); // the railway paused, the sea lane open
        let markers = story.markers(&atlas, &projection, &view, 1.0);
        assert!(!markers.is_empty());
        assert!(markers.iter().all(|&(_, _, mode)| mode == Mode::Sea));
        let later = story.markers(&atlas, &projection, &view, 1.5);
        assert_ne!(markers[0].0, later[0].0, "half a second later, the ship has moved");
    }
}
