//! The war on the map (issue 21): what Japan held, projected once into world units so that the
//! page paints it into its cached basemap bitmap (it changes only at the months an item was
//! taken or lost, not every frame); which items are held at the month shown; the period's
//! labels; and a chapter's frame fitted into the free part of the screen.

use crate::data::loader::War;
use crate::data::month::Month;
use crate::data::occupied::HeldShape;
use crate::geometry::flat_lines::FlatLines;
use crate::geometry::projection::Projection;
use crate::geometry::viewport::{Bounds, Viewport};
use crate::map::scene::FIT_MAX_ZOOM;

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
        let mut errors = Vec::new();
        let held = crate::data::occupied::read(include_str!("../../geodata/occupied.geojson"), &mut errors);
        let states =
            crate::data::occupied::read_states(include_str!("../../geodata/period-states.geojson"), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
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
