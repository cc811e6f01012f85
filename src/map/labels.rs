//! Place labels that never overlap: greedy placement in priority order, each label trying
//! four positions around its dot, and giving way when none is free.

/// A rectangle in CSS px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect, pad: f64) -> bool {
        self.x < o.x + o.w + pad
            && o.x < self.x + self.w + pad
            && self.y < o.y + o.h + pad
            && o.y < self.y + self.h + pad
    }

    fn inside(&self, w: f64, h: f64) -> bool {
        self.x >= 0.0 && self.y >= 0.0 && self.x + self.w <= w && self.y + self.h <= h
    }
}

/// One label to place: its dot's screen position, its text's size, and its priority
/// (lower `rank` is placed first).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelRequest {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub rank: u8,
}

/// Where a label went, relative to its dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Hidden,
    Right,
    Left,
    Above,
    Below,
}

/// Gap between a dot and its label, and the dot's half-size, in CSS px.
pub const GAP: f64 = 6.0;
pub const DOT: f64 = 4.0;
/// Space kept between two labels.
const PAD: f64 = 2.0;

fn candidate(r: &LabelRequest, p: Placement) -> Rect {
    let (w, h) = (r.width, r.height);
    match p {
        Placement::Right | Placement::Hidden => Rect {
            x: r.x + GAP,
            y: r.y - h / 2.0,
            w,
            h,
        },
        Placement::Left => Rect {
            x: r.x - GAP - w,
            y: r.y - h / 2.0,
            w,
            h,
        },
        Placement::Above => Rect {
            x: r.x - w / 2.0,
            y: r.y - GAP - h,
            w,
            h,
        },
        Placement::Below => Rect {
            x: r.x - w / 2.0,
            y: r.y + GAP,
            w,
            h,
        },
    }
}

/// Places labels on a `width` × `height` canvas, avoiding each other, every dot, and the
/// `obstacles` (panels, legend). Returns one placement per request, in request order.
pub fn place_labels(requests: &[LabelRequest], width: f64, height: f64, obstacles: &[Rect]) -> Vec<Placement> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by_key(|&i| requests[i].rank);
    let dots: Vec<Rect> = requests
        .iter()
        .map(|r| Rect {
            x: r.x - DOT,
            y: r.y - DOT,
            w: 2.0 * DOT,
            h: 2.0 * DOT,
        })
        .collect();
    let mut taken: Vec<Rect> = obstacles.to_vec();
    let mut out = vec![Placement::Hidden; requests.len()];
    for i in order {
        let r = &requests[i];
        if !(r.x.is_finite() && r.y.is_finite() && r.width.is_finite() && r.height.is_finite()) {
            continue;
        }
        for p in [Placement::Right, Placement::Left, Placement::Above, Placement::Below] {
            let rect = candidate(r, p);
            let free = rect.inside(width, height)
                && !taken.iter().any(|t| rect.overlaps(t, PAD))
                && !dots.iter().enumerate().any(|(j, d)| j != i && rect.overlaps(d, 0.0));
            if free {
                taken.push(rect);
                out[i] = p;
                break;
            }
        }
    }
    out
}

/// The rectangle a placed label occupies (for drawing and for tests).
pub fn label_rect(r: &LabelRequest, p: Placement) -> Option<Rect> {
    (p != Placement::Hidden).then(|| candidate(r, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(x: f64, y: f64, rank: u8) -> LabelRequest {
        LabelRequest {
            x,
            y,
            width: 60.0,
            height: 14.0,
            rank,
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
        let rects: Vec<Rect> = reqs.iter().zip(&out).filter_map(|(r, p)| label_rect(r, *p)).collect();
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
        let out = place_labels(&[req(100.0, 100.0, 3), req(104.0, 100.0, 1)], 400.0, 200.0, &[]);
        assert_eq!(out[1], Placement::Right);
        assert_eq!(out[0], Placement::Left);
    }

    #[test]
    fn labels_stay_on_screen_and_off_obstacles() {
        let out = place_labels(&[req(790.0, 300.0, 1)], 800.0, 600.0, &[]);
        assert_eq!(out[0], Placement::Left);
        let wall = Rect {
            x: 0.0,
            y: 0.0,
            w: 800.0,
            h: 600.0,
        };
        assert_eq!(
            place_labels(&[req(400.0, 300.0, 1)], 800.0, 600.0, &[wall]),
            vec![Placement::Hidden]
        );
    }
}
