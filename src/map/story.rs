//! The map in time: the month shown, which legs are open then, the events highlighted, and
//! where the moving markers are. The scene holds a [`Story`] and hands it the view and the
//! projection it needs.

use crate::data::events::{Event, EventState, Shape};
use crate::data::model::{Atlas, Mode};
use crate::data::month::Month;
use crate::data::timeline::Timeline;
use crate::geometry::flat_lines::FlatLines;
use crate::geometry::measure::densify;
use crate::geometry::projection::Projection;
use crate::geometry::viewport::{Bounds, Viewport};
use crate::map::hit::{HIT_TOLERANCE_PX, segment_distance};
use crate::map::legs::DENSIFY_STEP_M;
use crate::map::markers::Track;

/// How near an event's point a tap must land to open it, CSS px (markers are drawn on top of
/// the routes, so an event wins over a route within this distance).
pub const EVENT_HIT_PX: f64 = 22.0;
/// Markers farther off screen than this are not sent to the page, CSS px.
const OFFSCREEN_PX: f64 = 40.0;

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
        let mut arrows = FlatLines::default();
        let mut arrow_events = Vec::new();
        for (i, e) in events.iter().enumerate() {
            match &e.shape {
                Shape::Nowhere => {}
                Shape::Points(ps) => {
                    points.extend(ps.iter().filter_map(|&p| projection.project(p)).map(|w| (i, w)));
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
