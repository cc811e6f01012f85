//! Place labels that never overlap: greedy placement in priority order, each label trying
//! eight positions around its place's mark, and giving way when none is free.
//!
//! # Priority
//!
//! The scene (`scene.rs`, [`Tier`]) decides who is named first: the selected route's ends,
//! then its stops, then the places of the events highlighted at the month shown, then the
//! other routes' ends, then the rest by rank. A label placed earlier is never moved or hidden
//! by a later one: a later label avoids it, and a later place whose dot would sit under it is
//! not drawn at all, so that every dot on the map has its name.
//!
//! A highlighted event's mark is drawn whether or not its place is named ([`LabelRequest::fixed`]):
//! no label covers it, and its own place's name goes beside it, outside its box.
//!
//! The period's states and colonies (issue 21) are named last, below every tier
//! ([`place_area_labels`]): a place's name always wins, and a state's label moves off it or is
//! dropped.

/// A rectangle in CSS px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// The square of half-size `r` around `(x, y)`.
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x: x - r,
            y: y - r,
            w: 2.0 * r,
            h: 2.0 * r,
        }
    }

    /// Whether the two overlap, or come within `pad` of each other.
    pub fn overlaps(&self, o: &Rect, pad: f64) -> bool {
        self.x < o.x + o.w + pad
            && o.x < self.x + self.w + pad
            && self.y < o.y + o.h + pad
            && o.y < self.y + self.h + pad
    }

    fn inside(&self, w: f64, h: f64) -> bool {
        self.x >= 0.0 && self.y >= 0.0 && self.x + self.w <= w && self.y + self.h <= h
    }
}

/// Why a place is named, in the order the names are placed (issue 24). Within a tier, the
/// place's rank (1 first) decides, then its order in `places.geojson`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The first and last place of the selected route: on a phone at least these are named.
    SelectedEnd,
    /// A place the selected route passes through.
    SelectedStop,
    /// The place of an event highlighted at the month shown.
    EventPlace,
    /// The first or last place of another route.
    RouteEnd,
    /// Any other place, or the place of a past event, where the zoom shows its rank.
    Other,
}

impl Tier {
    /// The sort key of a place of this tier and `rank`: lower is placed first.
    pub fn priority(self, rank: u8) -> u32 {
        (self as u32) * 256 + u32::from(rank)
    }
}

/// One label to place: what marks its place on screen, its text's size, and its priority.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelRequest {
    /// The centre of the place's mark: its dot, or its event's mark.
    pub x: f64,
    pub y: f64,
    /// Half the size of the mark's box; the label keeps [`GAP`] beyond it.
    pub radius: f64,
    pub width: f64,
    pub height: f64,
    /// Why the place is named, and its rank: the order labels are placed in.
    pub tier: Tier,
    pub rank: u8,
    /// The mark is drawn whether or not the label fits (a highlighted event's): no other label
    /// may cover it, and nothing hides it.
    pub fixed: bool,
}

/// Where a label went, relative to its place's mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Hidden,
    Right,
    Left,
    Above,
    Below,
    AboveRight,
    BelowRight,
    AboveLeft,
    BelowLeft,
}

/// The sides tried first, in order: beside the mark, as a map reads best, then above and
/// below, then the corners (where a cluster of places leaves room for nothing else).
const SIDES: [Placement; 8] = [
    Placement::Right,
    Placement::Left,
    Placement::Above,
    Placement::Below,
    Placement::AboveRight,
    Placement::BelowRight,
    Placement::AboveLeft,
    Placement::BelowLeft,
];
/// Then the sides slid along the mark, as fractions of the label's height (beside it) or width
/// (above and below), the mark still facing the label: room between a card's edge and a
/// neighbour's mark.
const SLIDES: [(Placement, f64); 12] = [
    (Placement::Right, -0.5),
    (Placement::Right, 0.5),
    (Placement::Left, -0.5),
    (Placement::Left, 0.5),
    (Placement::Above, -0.25),
    (Placement::Above, 0.25),
    (Placement::Below, -0.25),
    (Placement::Below, 0.25),
    (Placement::Above, -0.5),
    (Placement::Above, 0.5),
    (Placement::Below, -0.5),
    (Placement::Below, 0.5),
];
/// The positions of a ring, in order: the sides, then the slides.
fn positions() -> impl Iterator<Item = (Placement, f64)> {
    SIDES.iter().map(|&p| (p, 0.0)).chain(SLIDES)
}
/// The rings tried: next to the mark, then farther out.
const RINGS: [u8; 3] = [0, 1, 2];

/// The requests placed after request `i` (`turn`: each request's place in the order).
fn order_rest(turn: &[usize], i: usize) -> impl Iterator<Item = usize> + '_ {
    let t = turn[i];
    (0..turn.len()).filter(move |&j| turn[j] > t)
}

/// How far label box `b` stands from the round mark inscribed in box `m`.
fn gap_to(b: &Rect, m: &Rect) -> f64 {
    let (cx, cy) = (m.x + m.w / 2.0, m.y + m.h / 2.0);
    let dx = (b.x - cx).max(cx - b.x - b.w).max(0.0);
    let dy = (b.y - cy).max(cy - b.y - b.h).max(0.0);
    dx.hypot(dy) - m.w / 2.0
}

/// Where a place's label will look for room: its mark's box grown by its label's height.
fn reach(r: &LabelRequest) -> Rect {
    Rect::around(r.x, r.y, r.radius + GAP + r.height)
}

/// What marks a named place on the map (ordered: an event's mark stands for the place first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mark {
    /// A highlighted event's mark, drawn with the events whether or not the place is named.
    Event,
    /// A past event's mark, in place of the dot.
    PastEvent,
    /// The place's dot.
    Dot,
}

/// Where a label went: its side, its box (CSS px), and whether a leader line should join it to
/// its mark (it stands far out, or nearer another mark than its own: a crowd of places).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    pub placement: Placement,
    pub rect: Rect,
    pub leader: bool,
}

/// A place named this frame: the centre of its mark (CSS px), what marks it, and its label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Label {
    pub place: usize,
    pub at: [f64; 2],
    pub mark: Mark,
    pub placed: Placed,
}

/// Space between a mark's box and its label, in CSS px.
pub const GAP: f64 = 2.0;
/// How much farther out each ring of positions stands than the one before, CSS px: room to
/// clear a neighbour's event mark beside the place.
const RING_STEP: f64 = 10.0;
/// From this ring on, a label is joined to its mark by a leader line.
const LEADER_RING: u8 = 2;
/// Clearance between a label and a mark not its own, CSS px.
const MARK_CLEARANCE: f64 = 1.0;
/// Half the size of a place's dot's box, in CSS px (render.js draws it 3.5–4.5 px round).
pub const DOT: f64 = 4.0;
/// Space kept between two labels.
const PAD: f64 = 2.0;

/// The box of a label at `p` slid by `slide` (see [`SLIDES`]), in ring `ring` (0 the
/// nearest): every position keeps the whole label `GAP` outside the mark's box, corners
/// included.
fn candidate(r: &LabelRequest, ring: u8, p: Placement, slide: f64) -> Rect {
    let (w, h) = (r.width, r.height);
    let d = r.radius + GAP + f64::from(ring) * RING_STEP;
    let (x, y) = match p {
        Placement::Right | Placement::Hidden => (r.x + d, r.y - h / 2.0 + slide * h),
        Placement::Left => (r.x - d - w, r.y - h / 2.0 + slide * h),
        Placement::Above => (r.x - w / 2.0 + slide * w, r.y - d - h),
        Placement::Below => (r.x - w / 2.0 + slide * w, r.y + d),
        Placement::AboveRight => (r.x + d, r.y - d - h),
        Placement::BelowRight => (r.x + d, r.y + d),
        Placement::AboveLeft => (r.x - d - w, r.y - d - h),
        Placement::BelowLeft => (r.x - d - w, r.y + d),
    };
    Rect { x, y, w, h }
}

/// Places labels on a `width` × `height` canvas, in priority order (see the module's doc):
/// each keeps off the `obstacles` (cards, buttons), the labels and marks placed before it, and
/// every fixed mark but its own. A place whose mark would lie under an obstacle, an earlier
/// label or an earlier place's fixed mark is hidden, and so is one with no free position.
/// Positions are tried in the order of [`SIDES`], then [`SLIDES`], next to the mark and then a
/// ring farther out; of the free ones, the first that stands nearer its own mark than any other
/// and crowds no place still to come wins, or else the least bad (see the costs below).
/// Returns, per request in request order, where its label went and its box, or `None`.
pub fn place_labels(requests: &[LabelRequest], width: f64, height: f64, obstacles: &[Rect]) -> Vec<Option<Placed>> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| requests[i].tier.priority(requests[i].rank));
    let mut turn = vec![0; requests.len()];
    for (t, &i) in order.iter().enumerate() {
        turn[i] = t;
    }
    let mark = |r: &LabelRequest| Rect::around(r.x, r.y, r.radius);
    let fixed: Vec<(usize, Rect)> = requests
        .iter()
        .enumerate()
        .filter(|(_, r)| r.fixed)
        .map(|(i, r)| (i, mark(r)))
        .collect();
    // Obstacles and the labels placed so far; then the marks of the places named so far.
    let mut taken: Vec<Rect> = obstacles.iter().filter(|o| o.w > 0.0 && o.h > 0.0).copied().collect();
    let mut marks: Vec<Rect> = Vec::new();
    let mut out = vec![None; requests.len()];
    for i in order {
        let r = &requests[i];
        if ![r.x, r.y, r.radius, r.width, r.height].iter().all(|v| v.is_finite()) {
            continue;
        }
        let own = mark(r);
        // Marks are round: one hides another where the circles meet. A dot under an earlier
        // place's fixed mark is not drawn; a later place's fixed mark is drawn over it, but this
        // place does not give way to it. A fixed mark is drawn anyway: its name may still fit.
        let hidden_by = |j: usize| {
            let q = &requests[j];
            turn[j] < turn[i] && (q.x - r.x).hypot(q.y - r.y) < q.radius + r.radius
        };
        let covered = !r.fixed && fixed.iter().any(|&(j, _)| j != i && hidden_by(j));
        if covered || taken.iter().any(|t| own.overlaps(t, 0.0)) {
            continue;
        }
        let clear = |b: &Rect, m: &Rect| gap_to(b, m) >= MARK_CLEARANCE;
        let free = |b: &Rect| {
            b.inside(width, height)
                && !taken.iter().any(|t| b.overlaps(t, PAD))
                && marks.iter().all(|m| clear(b, m))
                && fixed.iter().all(|&(j, f)| j == i || clear(b, &f))
        };
        // Of the free positions, the best: one nearer another mark than its own is read as that
        // mark's name, and comes last; then the nearer ring; then the one that least crowds the
        // places still to come (weighed by their tier). The first in order wins a tie, and one
        // with nothing against it at once.
        let crowding = |b: &Rect| -> u32 {
            order_rest(&turn, i)
                .filter(|&j| b.overlaps(&reach(&requests[j]), 0.0))
                .map(|j| 1 + Tier::Other as u32 - requests[j].tier as u32)
                .sum()
        };
        let ambiguous = |b: &Rect| {
            let mine = gap_to(b, &own);
            let others = fixed.iter().filter(|&&(j, _)| j != i).map(|(_, f)| f).chain(&marks);
            others.into_iter().any(|m| gap_to(b, m) < mine)
        };
        let mut best: Option<(u32, Placed)> = None;
        'search: for ring in RINGS {
            for (p, slide) in positions() {
                let b = candidate(r, ring, p, slide);
                if !free(&b) {
                    continue;
                }
                let astray = ambiguous(&b);
                let cost = 1000 * u32::from(astray) + 10 * u32::from(ring) + crowding(&b);
                if best.is_none_or(|(c, _)| cost < c) {
                    let leader = astray || ring >= LEADER_RING;
                    best = Some((
                        cost,
                        Placed {
                            placement: p,
                            rect: b,
                            leader,
                        },
                    ));
                }
                if cost == 0 {
                    break 'search;
                }
            }
        }
        if let Some((_, placed)) = best {
            taken.push(placed.rect);
            marks.push(own);
            out[i] = Some(placed);
        }
    }
    out
}

/// The name of an area (a period's state or colony) to place at `(x, y)`, the anchor its data
/// gives, after every place: it has no mark of its own, and goes centred on the anchor when
/// there is room.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AreaLabel {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// 1 first (states and large colonies), as a place's rank.
    pub rank: u8,
    /// It may move farther from its anchor ([`far_shifts`]): a long label that must be
    /// drawn near its point (a chapter's front), rather than dropped.
    pub far: bool,
}

/// How far an area's label may move from its anchor, in its own heights (up or down) and half
/// widths (left or right): far enough to clear a place's name, near enough to name the area.
const AREA_SHIFTS: [(f64, f64); 9] = [
    (0.0, 0.0),
    (0.0, -1.2),
    (0.0, 1.2),
    (-0.6, 0.0),
    (0.6, 0.0),
    (0.0, -2.4),
    (0.0, 2.4),
    (-0.6, -1.2),
    (0.6, 1.2),
];

/// Farther positions, for a label that may stand off its anchor: up to four lines above or
/// below, and sideways by up to its width either way (a front whose preferred side runs into
/// a card may cross to the other side of its point).
fn far_shifts() -> impl Iterator<Item = (f64, f64)> {
    [0.0, -1.2, 1.2, -2.4, 2.4, -3.6, 3.6, -4.8, 4.8]
        .into_iter()
        .flat_map(|dy| [0.0, -1.0, 1.0, -0.5, 0.5].into_iter().map(move |dx| (dx, dy)))
}

/// Places area labels by rank (then in request order) at the lowest priority of all: each keeps
/// off `taken` (the place names and marks placed before it, event marks, cards) and off the
/// area labels placed before it. One near the canvas's side edge is slid in, as long as it still
/// covers its anchor's x; one with no free position is dropped (`None`).
pub fn place_area_labels(requests: &[AreaLabel], width: f64, height: f64, taken: &[Rect]) -> Vec<Option<Rect>> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| requests[i].rank);
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = vec![None; requests.len()];
    for i in order {
        let r = &requests[i];
        if ![r.x, r.y, r.width, r.height].iter().all(|v| v.is_finite()) {
            continue;
        }
        let (w, h) = (r.width, r.height);
        let far = far_shifts().filter(|_| r.far);
        let found = AREA_SHIFTS.iter().copied().chain(far).find_map(|(dx, dy)| {
            let cx = r.x + dx * w;
            // Slid onto the canvas, but never so far that the label no longer spans its anchor.
            let x = (cx - w / 2.0).clamp(GAP, (width - w - GAP).max(GAP));
            let b = Rect {
                x,
                y: r.y + dy * h - h / 2.0,
                w,
                h,
            };
            let spans = dx != 0.0 || (b.x <= r.x && r.x <= b.x + b.w);
            let free = b.inside(width, height)
                && !taken.iter().any(|t| b.overlaps(t, PAD))
                && !placed.iter().any(|t| b.overlaps(t, PAD));
            (spans && free).then_some(b)
        });
        if let Some(b) = found {
            placed.push(b);
            out[i] = Some(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where each label went, `Hidden` for none.
    fn placements(out: &[Option<Placed>]) -> Vec<Placement> {
        out.iter()
            .map(|o| o.map_or(Placement::Hidden, |p| p.placement))
            .collect()
    }

    fn req(x: f64, y: f64, rank: u8) -> LabelRequest {
        LabelRequest {
            x,
            y,
            radius: DOT,
            width: 60.0,
            height: 14.0,
            tier: Tier::Other,
            rank,
            fixed: false,
        }
    }

    /// A highlighted event's mark (22 px square) at `(x, y)`, its place of `tier`.
    fn event(x: f64, y: f64, tier: Tier) -> LabelRequest {
        LabelRequest {
            radius: 11.0,
            tier,
            fixed: true,
            ..req(x, y, 2)
        }
    }

    #[test]
    fn placed_labels_never_overlap() {
        // A dense cluster: every pair of placed labels must be disjoint.
        let reqs: Vec<_> = (0..40)
            .map(|i| {
                req(
                    200.0 + (i % 8) as f64 * 9.0,
                    200.0 + (i / 8) as f64 * 7.0,
                    (i % 3) as u8 + 1,
                )
            })
            .collect();
        let out = place_labels(&reqs, 800.0, 600.0, &[]);
        let rects: Vec<Rect> = out.iter().filter_map(|o| o.map(|p| p.rect)).collect();
        assert!(rects.len() >= 4, "some labels are placed");
        assert!(rects.len() < 40, "some give way");
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                assert!(!a.overlaps(b, 0.0), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn higher_priority_wins_a_conflict() {
        // Listed second, rank 1 still gets the preferred spot; rank 3 moves aside.
        let out = placements(&place_labels(
            &[req(100.0, 100.0, 3), req(104.0, 100.0, 1)],
            400.0,
            200.0,
            &[],
        ));
        assert_eq!(out[1], Placement::Right);
        assert_eq!(out[0], Placement::Left);
    }

    #[test]
    fn labels_stay_on_screen_and_off_obstacles() {
        let out = placements(&place_labels(&[req(790.0, 300.0, 1)], 800.0, 600.0, &[]));
        assert_eq!(out[0], Placement::Left);
        let wall = Rect {
            x: 0.0,
            y: 0.0,
            w: 800.0,
            h: 600.0,
        };
        assert_eq!(
            placements(&place_labels(&[req(400.0, 300.0, 1)], 800.0, 600.0, &[wall])),
            vec![Placement::Hidden]
        );
    }

    #[test]
    fn the_tiers_come_in_the_order_of_the_issue_and_rank_decides_within_one() {
        let order = [
            Tier::SelectedEnd,
            Tier::SelectedStop,
            Tier::EventPlace,
            Tier::RouteEnd,
            Tier::Other,
        ];
        for w in order.windows(2) {
            assert!(w[0].priority(3) < w[1].priority(1), "{:?} before {:?}", w[0], w[1]);
        }
        assert!(Tier::RouteEnd.priority(1) < Tier::RouteEnd.priority(2));
    }

    #[test]
    fn an_event_mark_is_named_beside_it_and_no_other_label_covers_it() {
        let mark = Rect::around(200.0, 100.0, 11.0);
        let reqs = [
            // A route's end just left of the mark, placed first: its label may not cover it.
            LabelRequest {
                tier: Tier::SelectedEnd,
                ..req(150.0, 100.0, 1)
            },
            event(200.0, 100.0, Tier::EventPlace),
        ];
        let out = place_labels(&reqs, 400.0, 200.0, &[]);
        let end = out[0].expect("the end is named").rect;
        let own = out[1].expect("the event's place is named").rect;
        assert!(!end.overlaps(&mark, 0.0), "{end:?} covers the mark");
        assert!(
            !own.overlaps(&mark, 0.0),
            "its own name stays outside the mark: {own:?}"
        );
        assert!(
            own.x >= mark.x + mark.w || own.x + own.w <= mark.x || own.y + own.h <= mark.y || own.y >= mark.y + mark.h
        );
        // A place whose dot lies under the mark of a place named before it is not drawn; a
        // selected route's end under a later place's mark does not give way, but is named
        // clear of the mark.
        let under = |tier: Tier| {
            let reqs = [
                LabelRequest {
                    tier,
                    ..req(205.0, 100.0, 1)
                },
                event(200.0, 100.0, Tier::EventPlace),
            ];
            (place_labels(&reqs, 400.0, 200.0, &[]), reqs)
        };
        let (out, _) = under(Tier::Other);
        assert_eq!(placements(&out), vec![Placement::Hidden, Placement::Right]);
        let (out, _) = under(Tier::SelectedEnd);
        let end = out[0].expect("the selected route's end is named").rect;
        assert!(!end.overlaps(&mark, 0.0), "{end:?} covers the mark");
        assert!(out[1].is_some(), "and so is the event's place");
    }

    #[test]
    fn a_later_place_gives_way_and_its_dot_under_an_earlier_label_is_not_drawn() {
        // The first label can go only right of its dot, at the screen's edge; the second dot
        // lies under it: hidden, and the first label is where it would be alone.
        let first = req(10.0, 100.0, 1);
        let second = req(40.0, 100.0, 3);
        let out = placements(&place_labels(&[second, first], 400.0, 200.0, &[]));
        assert_eq!(out, vec![Placement::Hidden, Placement::Right]);
        // Seen the other way round: an earlier label avoids the later places' dots only once
        // they are drawn, so a crowd of minor places never pushes a route's end off the map.
        let crowd: Vec<LabelRequest> = (0..6).map(|i| req(20.0 + 8.0 * f64::from(i), 100.0, 3)).collect();
        let mut reqs = vec![LabelRequest {
            tier: Tier::SelectedEnd,
            ..req(10.0, 100.0, 2)
        }];
        reqs.extend(crowd);
        assert_eq!(placements(&place_labels(&reqs, 400.0, 200.0, &[]))[0], Placement::Right);
    }

    #[test]
    fn a_crowded_place_takes_a_corner() {
        // Small walls, each in one side's position only: the label goes to the first corner.
        let walls = [
            Rect {
                x: 150.0,
                y: 101.0,
                w: 10.0,
                h: 6.0,
            },
            Rect {
                x: 40.0,
                y: 101.0,
                w: 10.0,
                h: 6.0,
            },
            Rect {
                x: 90.0,
                y: 80.0,
                w: 4.0,
                h: 4.0,
            },
            Rect {
                x: 90.0,
                y: 116.0,
                w: 4.0,
                h: 4.0,
            },
        ];
        let out = placements(&place_labels(&[req(100.0, 100.0, 1)], 400.0, 200.0, &walls));
        assert_eq!(out, vec![Placement::AboveRight]);
    }

    fn area(x: f64, y: f64, rank: u8) -> AreaLabel {
        AreaLabel {
            x,
            y,
            width: 120.0,
            height: 16.0,
            rank,
            far: false,
        }
    }

    #[test]
    fn an_area_label_goes_centred_on_its_anchor_when_free() {
        let out = place_area_labels(&[area(300.0, 200.0, 1)], 800.0, 600.0, &[]);
        let b = out[0].expect("placed");
        assert_eq!((b.x + b.w / 2.0, b.y + b.h / 2.0), (300.0, 200.0));
    }

    #[test]
    fn a_place_name_wins_and_an_area_label_moves_off_it_or_is_dropped() {
        // A place's name right on the anchor: the area's label moves above it.
        let name = Rect {
            x: 280.0,
            y: 193.0,
            w: 60.0,
            h: 14.0,
        };
        let out = place_area_labels(&[area(300.0, 200.0, 1)], 800.0, 600.0, &[name]);
        let b = out[0].expect("moved, not dropped");
        assert!(!b.overlaps(&name, 0.0), "{b:?} over {name:?}");
        assert!(b.y + b.h <= name.y, "moved up first: {b:?}");
        // Names all round: no room within reach, so the label is dropped rather than drawn over them.
        let wall = Rect {
            x: 100.0,
            y: 120.0,
            w: 400.0,
            h: 160.0,
        };
        assert_eq!(
            place_area_labels(&[area(300.0, 200.0, 1)], 800.0, 600.0, &[wall]),
            vec![None]
        );
    }

    #[test]
    fn area_labels_by_rank_clear_of_each_other_and_on_the_canvas() {
        // Rank 2 listed first, at the same anchor: rank 1 keeps the centre.
        let out = place_area_labels(&[area(300.0, 200.0, 2), area(300.0, 200.0, 1)], 800.0, 600.0, &[]);
        let (a, b) = (out[0].expect("rank 2 moved"), out[1].expect("rank 1"));
        assert_eq!(b.y + b.h / 2.0, 200.0);
        assert!(!a.overlaps(&b, 0.0));
        // Near the left edge: slid in, still spanning its anchor.
        let e = place_area_labels(&[area(20.0, 200.0, 1)], 800.0, 600.0, &[])[0].expect("slid in");
        assert!(e.x >= 0.0 && e.x <= 20.0);
        // Off the canvas: dropped.
        assert_eq!(
            place_area_labels(&[area(300.0, -50.0, 1)], 800.0, 600.0, &[]),
            vec![None]
        );
    }
}
