//! The map in time: the month shown, which legs are open then, the events highlighted, where
//! the moving markers are, and the figures reached. An `impl Scene` block, so that the view and
//! the projection it needs stay private to the scene.

use serde::Serialize;

use crate::basemap::FlatLines;
use crate::details::{FigureDetails, SourceDetails};
use crate::events::{Event, Shape};
use crate::hit::segment_distance;
use crate::markers::Track;
use crate::measure::densify;
use crate::model::{Mode, Period};
use crate::projection::Projection;
use crate::scene::{DENSIFY_STEP_M, HIT_TOLERANCE_PX, Scene};
use crate::timeline::{Month, Timeline};
use crate::viewport::Bounds;

/// How near an event's point a tap must land to open it, CSS px (markers are drawn on top of
/// the routes, so an event wins over a route within this distance).
pub const EVENT_HIT_PX: f64 = 22.0;
/// Room kept around an event brought into view, CSS px.
const REVEAL_MARGIN_PX: f64 = 40.0;
/// Markers farther off screen than this are not sent to the page, CSS px.
const OFFSCREEN_PX: f64 = 40.0;

/// How an event shows at the current month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventState {
    Hidden,
    /// Already happened: a small mark.
    Past,
    /// Highlighted.
    Active,
}

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

/// Where a route stands at the month shown.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteStatus {
    pub month: String,
    /// `open`, `notYet` (before its first period), `paused` (between periods) or `ended`.
    pub state: &'static str,
}

/// One entry of `map.events()`, in one language.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSummary {
    pub id: String,
    pub kind: String,
    pub date: String,
    pub month: String,
    pub until: String,
    pub date_text: Option<String>,
    pub title: String,
    pub text: String,
    pub note: Option<String>,
    pub place_note: Option<String>,
    /// `[lon, lat]` of each place it is shown at.
    pub places: Vec<[f64; 2]>,
    /// Each arrow's positions, first to last.
    pub arrows: Vec<Vec<[f64; 2]>>,
    pub active: bool,
    pub figures: Vec<FigureDetails>,
    pub sources: Vec<SourceDetails>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterValue {
    pub id: String,
    pub route: Option<String>,
    pub label: String,
    pub value: f64,
    pub total: f64,
    pub unit: Option<String>,
    pub from: String,
    pub to: String,
    pub source: SourceDetails,
    pub note: Option<String>,
}

impl Scene {
    /// Adds the timeline and the events to the scene.
    pub fn set_story(&mut self, timeline: Option<Timeline>, events: Vec<Event>) {
        let tracks = self.atlas.legs.iter().map(|l| Track::new(&l.coordinates)).collect();
        let mut points = Vec::new();
        let mut arrows = FlatLines::default();
        let mut arrow_events = Vec::new();
        for (i, e) in events.iter().enumerate() {
            match &e.shape {
                Shape::Nowhere => {}
                Shape::Points(ps) => {
                    points.extend(ps.iter().filter_map(|&p| self.projection.project(p)).map(|w| (i, w)));
                }
                Shape::Arrows(lines) => {
                    for line in lines {
                        let world: Vec<[f64; 2]> = densify(line, DENSIFY_STEP_M)
                            .into_iter()
                            .filter_map(|p| self.projection.project(p))
                            .collect();
                        arrows.push_line(&world);
                        arrow_events.push(i as u32);
                    }
                }
            }
        }
        self.story = Story {
            month: self.story.month,
            timeline,
            events,
            tracks,
            points,
            arrows,
            arrow_events,
        };
    }

    /// The slider's first and last months: the timeline's, or else the span of the routes'
    /// periods.
    pub fn month_range(&self) -> Option<(Month, Month)> {
        if let Some(t) = &self.story.timeline {
            return Some((t.start, t.end));
        }
        let periods = self.atlas.routes.iter().flat_map(|r| &r.periods);
        let from = periods.clone().filter_map(|p| Month::parse(&p.from)).min()?;
        let to = periods.filter_map(|p| Month::parse(&p.to)).max()?;
        Some((from, to))
    }

    /// Every month of the slider's range, first to last (none without one).
    pub fn months(&self) -> Vec<Month> {
        self.month_range().map(|(a, b)| a.through(b).collect()).unwrap_or_default()
    }

    /// Shows month `m` (clamped to the range), or the whole period with `None`.
    pub fn set_month(&mut self, m: Option<Month>) {
        self.story.month = match (m, self.month_range()) {
            (Some(m), Some((a, b))) => Some(m.clamp(a, b)),
            _ => None,
        };
    }

    pub fn month(&self) -> Option<Month> {
        self.story.month
    }

    /// Whether leg `l` is open at the month shown (every leg is, over the whole period).
    pub fn leg_active(&self, l: usize) -> bool {
        self.story.month.is_none_or(|m| self.atlas.leg_open(l, &m.to_string()))
    }

    /// The leg's periods and their overall span.
    pub fn leg_periods(&self, l: usize) -> (Option<Period>, Vec<Period>) {
        let periods: Vec<Period> = self.atlas.leg_periods(l).into_iter().cloned().collect();
        let from = periods.iter().map(|p| &p.from).min();
        let to = periods.iter().map(|p| &p.to).max();
        let span = from.zip(to).map(|(f, t)| Period {
            from: f.clone(),
            to: t.clone(),
        });
        (span, periods)
    }

    pub fn route_status(&self, r: usize) -> Option<RouteStatus> {
        let m = self.story.month?.to_string();
        let periods = &self.atlas.routes.get(r)?.periods;
        let state = if periods.iter().any(|p| p.contains(&m)) {
            "open"
        } else if periods.iter().all(|p| m < p.from) {
            "notYet"
        } else if periods.iter().all(|p| m > p.to) {
            "ended"
        } else {
            "paused"
        };
        Some(RouteStatus { month: m, state })
    }

    pub fn event_state(&self, e: usize) -> EventState {
        let event = &self.story.events[e];
        // Over the whole period the map shows routes only: events belong to the story in time.
        match self.story.month {
            None => EventState::Hidden,
            Some(m) if event.active_at(m) => EventState::Active,
            Some(m) if event.month <= m && !matches!(event.shape, Shape::Arrows(_)) => EventState::Past,
            Some(_) => EventState::Hidden,
        }
    }

    /// Event marks on screen: `(event, [x, y], state)` for every shown point.
    pub fn event_marks(&self) -> Vec<(usize, [f64; 2], EventState)> {
        self.story
            .points
            .iter()
            .map(|&(e, w)| (e, self.viewport.to_screen(w), self.event_state(e)))
            .filter(|(_, _, s)| *s != EventState::Hidden)
            .collect()
    }

    /// The event a tap at `(x, y)` opens: the nearest highlighted point within
    /// [`EVENT_HIT_PX`], or else a highlighted arrow within the route tolerance. Past events'
    /// marks are not targets: many sit on route lines, where a tap means the route.
    pub fn pick_event(&self, x: f64, y: f64) -> Option<usize> {
        let near = |p: [f64; 2]| (p[0] - x).hypot(p[1] - y);
        let point = self
            .event_marks()
            .into_iter()
            .filter(|&(_, _, s)| s == EventState::Active)
            .map(|(e, p, _)| (e, near(p)))
            .filter(|&(_, d)| d <= EVENT_HIT_PX)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((e, _)) = point {
            return Some(e);
        }
        let lines = &self.story.arrows;
        let mut best: Option<(usize, f64)> = None;
        for (i, &e) in self.story.arrow_events.iter().enumerate() {
            if self.event_state(e as usize) != EventState::Active {
                continue;
            }
            let (a, z) = (lines.starts[i] as usize, lines.starts[i + 1] as usize);
            let pts: Vec<[f64; 2]> = (a..z)
                .map(|j| {
                    self.viewport
                        .to_screen([f64::from(lines.xy[2 * j]), f64::from(lines.xy[2 * j + 1])])
                })
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

    /// Brings event `e`'s places and arrows into the screen rectangle `free` (`[x, y, w, h]`).
    pub fn reveal_event(&mut self, e: usize, free: [f64; 4]) {
        let Some(event) = self.story.events.get(e) else { return };
        let positions: Vec<[f64; 2]> = match &event.shape {
            Shape::Nowhere => return,
            Shape::Points(p) => p.clone(),
            Shape::Arrows(lines) => lines.concat(),
        };
        let mut b = Bounds {
            min: [f64::INFINITY; 2],
            max: [f64::NEG_INFINITY; 2],
        };
        for p in positions.into_iter().filter_map(|p| self.projection.project(p)) {
            b.include(p);
        }
        if b.min[0].is_finite() {
            self.viewport = self.viewport.revealed(b, free, REVEAL_MARGIN_PX);
        }
    }

    /// Markers at playback time `t` seconds, on the legs open at the month shown, as
    /// `(x, y, heading, mode)`: CSS px, and the on-screen direction of travel in radians.
    pub fn markers(&self, t: f64) -> Vec<([f64; 2], f64, Mode)> {
        if self.story.month.is_none() {
            return Vec::new();
        }
        let v = &self.viewport;
        let mut out = Vec::new();
        for (l, track) in self.story.tracks.iter().enumerate() {
            if !self.leg_active(l) {
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
                let screen = |q: [f64; 2]| self.projection.project(q).map(|w| v.to_screen(w));
                let (Some(s), Some(sa), Some(sb)) = (screen(p), screen(a), screen(b)) else {
                    continue;
                };
                let outside = s[0] < -OFFSCREEN_PX
                    || s[1] < -OFFSCREEN_PX
                    || s[0] > v.width + OFFSCREEN_PX
                    || s[1] > v.height + OFFSCREEN_PX;
                if !outside {
                    out.push((s, (sb[1] - sa[1]).atan2(sb[0] - sa[0]), self.atlas.legs[l].mode));
                }
            }
        }
        out
    }

    pub fn event_summaries(&self, lang: &str) -> Vec<EventSummary> {
        let sources = |tags: &[String]| {
            tags.iter()
                .filter_map(|t| self.atlas.source(t))
                .map(|s| SourceDetails {
                    tag: s.tag.clone(),
                    title: s.title.clone(),
                    note: s.note.clone(),
                })
                .collect()
        };
        self.story
            .events
            .iter()
            .enumerate()
            .map(|(i, e)| EventSummary {
                id: e.id.clone(),
                kind: e.kind.clone(),
                date: e.date.clone(),
                month: e.month.to_string(),
                until: e.until.to_string(),
                date_text: e.date_text.as_ref().map(|t| t.get(lang).to_owned()),
                title: e.title.get(lang).to_owned(),
                text: e.text.get(lang).to_owned(),
                note: e.note.as_ref().map(|t| t.get(lang).to_owned()),
                place_note: e.place_note.as_ref().map(|t| t.get(lang).to_owned()),
                places: match &e.shape {
                    Shape::Points(p) => p.clone(),
                    _ => Vec::new(),
                },
                arrows: match &e.shape {
                    Shape::Arrows(a) => a.clone(),
                    _ => Vec::new(),
                },
                active: self.event_state(i) == EventState::Active,
                figures: e.figures.iter().map(|f| FigureDetails::of(f, lang)).collect(),
                sources: sources(&e.sources),
            })
            .collect()
    }

    /// The counters' values at fractional month `at` (see [`Month::index`]).
    pub fn counters(&self, lang: &str, at: f64) -> Vec<CounterValue> {
        let Some(t) = &self.story.timeline else {
            return Vec::new();
        };
        t.counters
            .iter()
            .filter_map(|c| {
                let s = self.atlas.source(&c.source)?;
                Some(CounterValue {
                    id: c.id.clone(),
                    route: c.route.clone(),
                    label: c.label.get(lang).to_owned(),
                    value: c.value_at(at),
                    total: c.total,
                    unit: c.unit.clone(),
                    from: c.from.to_string(),
                    to: c.to.to_string(),
                    source: SourceDetails {
                        tag: s.tag.clone(),
                        title: s.title.clone(),
                        note: s.note.clone(),
                    },
                    note: c.note.as_ref().map(|n| n.get(lang).to_owned()),
                })
            })
            .collect()
    }
}
