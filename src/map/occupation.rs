//! The war on the map (issue 21): what Japan held, projected once into world units so that the
//! page paints it into its cached basemap bitmap (it changes only at the months an item was
//! taken or lost, not every frame); which items are held at the month shown; the period's
//! labels, placed after the place names; the blockade drawn out at sea; and a chapter's frame
//! fitted into the free part of the screen.

use crate::data::events::EventState;
use crate::data::loader::War;
use crate::data::month::Month;
use crate::data::occupied::{HeldKind, HeldShape};
use crate::geometry::flat_lines::FlatLines;
use crate::geometry::projection::Projection;
use crate::geometry::viewport::{Bounds, Viewport};
use crate::map::hit::HELD_MARK_TAP_PX;
use crate::map::labels::{AreaLabel, DOT, Label, Mark, Rect, place_area_labels};
use crate::map::scene::{FIT_MAX_ZOOM, Scene};
use crate::map::story::{EVENT_HIT_PX, PAST_MARK_PX};

/// How far out to sea the blockade is drawn, in km: off the coast it patrolled, so that it
/// reads as a line at sea and not as the shore. The data's blockade lines run with the sea on
/// their left (docs/war-data.md).
pub const BLOCKADE_OFFSET_KM: f64 = 20.0;
/// The zoom from which a period label of rank 1, 2, 3 is named (as place names are, by rank):
/// Korea and Formosa from 1.4, Hong Kong's status only close in, where its place's name leaves room.
pub const STATE_MIN_ZOOM: [f64; 3] = [0.0, 1.4, 5.0];
/// Half the size of a held city's square mark, CSS px (occupation-layer.js draws it 9 px wide,
/// with a white edge).
pub const HELD_MARK_PX: f64 = 5.5;

/// A label placed for the view: which one, and its box (CSS px).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StateLabel {
    pub which: WarLabel,
    pub rect: Rect,
}

/// Which label: a period label (the index among those shown, and which of its anchors), or the
/// page's `extra` label of that index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WarLabel {
    State { shown: usize, anchor: usize },
    Extra(usize),
}

/// A label the war's layer adds beside the period's (a held city's name, a chapter's front),
/// placed with them but before them: anchored at `at` (`[lon, lat]`), its box centred `dx` CSS
/// px right of the anchor (left if negative).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExtraLabel {
    pub at: [f64; 2],
    pub dx: f64,
    pub width: f64,
    pub height: f64,
    /// A held city's name: left out where a place named on the map stands at the same point
    /// (its own label names it).
    pub beside_place: bool,
}

/// How near a named place's mark a held city must be to count as that place, CSS px.
const SAME_POINT_PX: f64 = 8.0;

/// `line` (`[lon, lat]`) moved `km` to its left, each vertex along the normal of its two
/// neighbours' chord (on a local flat approximation, fine at tens of km).
pub fn offset_left(line: &[[f64; 2]], km: f64) -> Vec<[f64; 2]> {
    const KM_PER_DEGREE: f64 = 111.2;
    let n = line.len();
    (0..n)
        .map(|i| {
            let (a, b) = (line[i.saturating_sub(1)], line[(i + 1).min(n - 1)]);
            let [lon, lat] = line[i];
            let k = lat.to_radians().cos();
            let (dx, dy) = ((b[0] - a[0]) * k, b[1] - a[1]);
            let len = dx.hypot(dy);
            if len == 0.0 || k <= 0.0 {
                return line[i];
            }
            // The left normal of (dx, dy) is (-dy, dx).
            let d = km / KM_PER_DEGREE;
            [lon - dy / len * d / k, lat + dx / len * d]
        })
        .collect()
}

/// The held items' geometry in world units: one line per area ring, railway, blockade line
/// or city (a line of one point), `item[i]` naming the item of line `i`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Occupation {
    pub war: War,
    pub lines: FlatLines,
    pub item: Vec<u32>,
}

impl Occupation {
    pub fn new(war: War, projection: &impl Projection) -> Occupation {
        let mut lines = FlatLines::default();
        let mut item = Vec::new();
        for (i, h) in war.held.iter().enumerate() {
            let mut push = |line: &[[f64; 2]]| {
                let world: Vec<[f64; 2]> = line.iter().filter_map(|&p| projection.project(p)).collect();
                if !world.is_empty() {
                    lines.push_line(&world);
                    item.push(i as u32);
                }
            };
            match &h.shape {
                HeldShape::Area(polygons) => polygons.iter().flatten().for_each(|r| push(r)),
                HeldShape::Line(line) if h.kind == HeldKind::Blockade => push(&offset_left(line, BLOCKADE_OFFSET_KM)),
                HeldShape::Line(line) => push(line),
                HeldShape::Point(p) => push(&[*p]),
            }
        }
        Occupation { war, lines, item }
    }

    /// 1 for each item held at `month`, 0 for the others; nothing is held over the whole
    /// period (`None`): the war is shown a month at a time.
    pub fn held(&self, month: Option<Month>) -> Vec<u8> {
        self.war
            .held
            .iter()
            .map(|h| u8::from(month.is_some_and(|m| h.held_at(m))))
            .collect()
    }

    /// The period's labels that apply at `month`; over the whole period (`None`), those that
    /// apply through all of `range`, so that no label claims a name a month did not have.
    pub fn states_at(&self, month: Option<Month>, range: Option<(Month, Month)>) -> Vec<usize> {
        let s = &self.war.states;
        (0..s.len())
            .filter(|&i| match (month, range) {
                (Some(m), _) => s[i].applies_at(m),
                (None, Some((a, b))) => s[i].applies_at(a) && s[i].applies_at(b),
                (None, None) => s[i].since.is_none() && s[i].until.is_none(),
            })
            .collect()
    }
}

impl Occupation {
    /// The held city whose mark a tap at `(x, y)` CSS px falls on (within
    /// [`HELD_MARK_TAP_PX`]), the nearest, at the month shown; none over the whole period.
    pub fn pick_city(&self, scene: &Scene, x: f64, y: f64) -> Option<usize> {
        let month = scene.month()?;
        self.war
            .held
            .iter()
            .enumerate()
            .filter(|(_, h)| h.kind == HeldKind::City && h.held_at(month))
            .filter_map(|(i, h)| match h.shape {
                HeldShape::Point(p) => scene.project(p).map(|[sx, sy]| ((sx - x).hypot(sy - y), i)),
                _ => None,
            })
            .filter(|(d, _)| *d <= HELD_MARK_TAP_PX)
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| i)
    }

    /// The period's labels for the scene's view, placed at the lowest priority of all (after
    /// `named`, the place names the scene placed for this frame): clear of every place's name
    /// and mark, the highlighted events' marks, the held cities' marks and the `obstacles`
    /// (cards). `sizes[k]` is the label box (CSS px) of the `k`-th of
    /// [`Occupation::states_at`]'s labels at the month shown; a label of a rank the zoom does not
    /// show yet ([`STATE_MIN_ZOOM`]) is left out, and so is one with no room. The `extra`
    /// labels are placed before the period's, in their order, under the same rules.
    pub fn place_state_labels(
        &self,
        scene: &Scene,
        named: &[Label],
        sizes: &[[f64; 2]],
        extra: &[ExtraLabel],
        obstacles: &[Rect],
    ) -> Vec<StateLabel> {
        let v = &scene.viewport;
        let mut taken: Vec<Rect> = obstacles.to_vec();
        for l in named {
            let radius = match l.mark {
                Mark::Event => EVENT_HIT_PX / 2.0,
                Mark::PastEvent => PAST_MARK_PX / 2.0,
                Mark::Dot => DOT,
            };
            taken.push(l.placed.rect);
            taken.push(Rect::around(l.at[0], l.at[1], radius));
        }
        for (_, [x, y], state) in scene.event_marks() {
            if state == EventState::Active {
                taken.push(Rect::around(x, y, EVENT_HIT_PX / 2.0));
            }
        }
        if let Some(m) = scene.month() {
            for h in self
                .war
                .held
                .iter()
                .filter(|h| h.kind == HeldKind::City && h.held_at(m))
            {
                if let HeldShape::Point(p) = h.shape
                    && let Some([x, y]) = scene.project(p)
                {
                    taken.push(Rect::around(x, y, HELD_MARK_PX));
                }
            }
        }
        let shown = self.states_at(scene.month(), scene.month_range());
        let mut which = Vec::new();
        let mut reqs = Vec::new();
        for (j, e) in extra.iter().enumerate() {
            let Some([x, y]) = scene.project(e.at) else { continue };
            if e.beside_place && named.iter().any(|l| (l.at[0] - x).hypot(l.at[1] - y) < SAME_POINT_PX) {
                continue;
            }
            which.push(WarLabel::Extra(j));
            reqs.push(AreaLabel {
                x: x + e.dx,
                y,
                width: e.width,
                height: e.height,
                rank: 0,
                // A front is named near its arrow, farther off if need be; a city's name only
                // beside its mark.
                far: !e.beside_place,
            });
        }
        for (k, &s) in shown.iter().enumerate() {
            let state = &self.war.states[s];
            let rank = state.rank.clamp(1, 3);
            let Some(&[width, height]) = sizes.get(k) else { continue };
            if v.zoom < STATE_MIN_ZOOM[usize::from(rank - 1)] {
                continue;
            }
            for (a, &p) in state.anchors.iter().enumerate() {
                if let Some([x, y]) = scene.project(p) {
                    which.push(WarLabel::State { shown: k, anchor: a });
                    reqs.push(AreaLabel {
                        x,
                        y,
                        width,
                        height,
                        rank,
                        far: false,
                    });
                }
            }
        }
        place_area_labels(&reqs, v.width, v.height, &taken)
            .into_iter()
            .zip(which)
            .filter_map(|(r, which)| r.map(|rect| StateLabel { which, rect }))
            .collect()
    }
}

/// `view` framing `frame` (degrees) in the screen rectangle `free` (`[x, y, w, h]` CSS px), as
/// a route is framed.
pub fn fit_frame(view: Viewport, frame: [f64; 4], free: [f64; 4], projection: &impl Projection) -> Viewport {
    let [w, s, e, n] = frame;
    // Sampled along its edges: a conic bends the parallels into arcs.
    view.fitted(Bounds::of_region(projection, [w, e], [s, n]), free, FIT_MAX_ZOOM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::projection::MapProjection;

    fn shipped_war() -> War {
        let mut errors = crate::data::report::Report::new(crate::data::languages::Languages::shipped().clone());
        let held = crate::data::occupied::read(include_str!("../../geodata/occupied.geojson"), &mut errors);
        let states =
            crate::data::occupied::read_states(include_str!("../../geodata/period-states.geojson"), &mut errors);
        assert!(errors.is_empty(), "{:?}", errors.errors);
        War {
            held,
            states,
            chapters: Vec::new(),
        }
    }

    fn held_ids(o: &Occupation, m: &str) -> Vec<String> {
        let h = o.held(Month::parse(m));
        o.war
            .held
            .iter()
            .zip(h)
            .filter(|(_, x)| *x == 1)
            .map(|(h, _)| h.id.clone())
            .collect()
    }

    #[test]
    fn held_at_a_month_and_nothing_over_the_whole_period() {
        let o = Occupation::new(shipped_war(), &MapProjection::default());
        assert!(o.held(None).iter().all(|&x| x == 0));
        let before = held_ids(&o, "1938-09");
        let after = held_ids(&o, "1938-11");
        assert!(!before.contains(&"canton".to_owned()) && after.contains(&"canton".to_owned()));
        // The pre-war areas are held from the timeline's first month.
        assert!(held_ids(&o, "1937-07").contains(&"manchukuo".to_owned()));
        assert!(held_ids(&o, "1940-09").contains(&"tonkin".to_owned()));
        assert_eq!(*o.item.last().expect("lines"), o.war.held.len() as u32 - 1);
    }

    #[test]
    fn period_labels_over_the_whole_period_are_those_true_throughout() {
        let o = Occupation::new(shipped_war(), &MapProjection::default());
        let range = Some((Month::parse("1937-07").expect("m"), Month::parse("1945-09").expect("m")));
        let ids = |v: Vec<usize>| v.into_iter().map(|i| o.war.states[i].id.clone()).collect::<Vec<_>>();
        let all = ids(o.states_at(None, range));
        assert!(all.contains(&"china".to_owned()) && !all.contains(&"siam".to_owned()));
        let m = ids(o.states_at(Month::parse("1938-11"), range));
        assert!(m.contains(&"siam".to_owned()) && !m.contains(&"thailand".to_owned()));
    }

    #[test]
    fn a_frame_is_fitted_into_the_free_rectangle() {
        let p = MapProjection::default();
        let view = Viewport::overview(Bounds::of_region(&p, [60.0, 150.0], [0.0, 60.0]), 800.0, 600.0);
        let fitted = fit_frame(view, [112.0, 38.0, 136.0, 54.0], [0.0, 0.0, 800.0, 600.0], &p);
        for corner in [[112.0, 38.0], [136.0, 54.0], [124.0, 54.0]] {
            let [x, y] = fitted.to_screen(p.project(corner).expect("projects"));
            assert!(
                (0.0..=800.0).contains(&x) && (0.0..=600.0).contains(&y),
                "{corner:?} at {x}, {y}"
            );
        }
    }
}
