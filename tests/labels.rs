//! Naming what the visitor looks at (issue 24), on the shipped map at the page's three screens:
//! a route's ends when it is framed, the places of the month's events, the cities of August
//! 1945, and never a label over an event's mark; the period's states (issue 21) named last,
//! never over a place's name.

mod common;

use supply_routes::data::events::{EventState, Shape};
use supply_routes::data::languages::codes;
use supply_routes::data::loader::{self, RouteSetFiles};
use supply_routes::data::month::Month;
use supply_routes::data::occupied::{HeldKind, HeldShape};
use supply_routes::geometry::measure::geodesic_distance_m;
use supply_routes::map::labels::{DOT, Rect};
use supply_routes::map::occupation::{BLOCKADE_OFFSET_KM, ExtraLabel, Occupation, WarLabel, fit_frame, offset_left};
use supply_routes::map::scene::Scene;
use supply_routes::map::story::EVENT_HIT_PX;

/// A screen as the page lays it out (`www/layout.js`, measured in Chromium): its size, the
/// label scale of its CSS, the free part left when a route's panel is open, and the free part
/// at the overview with the timeline showing a month's events.
struct Screen {
    name: &'static str,
    size: [f64; 2],
    label_scale: f64,
    route_free: [f64; 4],
    overview_free: [f64; 4],
}

const KIOSK: Screen = Screen {
    name: "kiosk 1920×1080",
    size: [1920.0, 1080.0],
    label_scale: 1.6,
    route_free: [580.0, 0.0, 760.0, 866.0],
    overview_free: [580.0, 0.0, 1340.0, 706.0],
};
const LAPTOP: Screen = Screen {
    name: "web 1280×800",
    size: [1280.0, 800.0],
    label_scale: 1.0,
    route_free: [366.0, 0.0, 498.0, 694.0],
    overview_free: [366.0, 0.0, 914.0, 622.0],
};
/// On a phone the timeline, legend and title leave little map at the overview once a month is
/// chosen; the test takes the free part a visitor has with an event or a route opened.
const PHONE: Screen = Screen {
    name: "phone 360×640",
    size: [360.0, 640.0],
    label_scale: 1.0,
    route_free: [0.0, 55.0, 296.0, 225.0],
    overview_free: [0.0, 55.0, 296.0, 225.0],
};

/// A label's size as the page measures it (render.js: 15, 14, 13 px by rank, bold to regular,
/// 1 px padding either side and 2 above and below, times the label scale), from a generous
/// estimate of Noto Sans's advance: 0.62 em a Latin or Cyrillic letter, 1 em a Chinese one.
fn label_size(name: &str, rank: u8, scale: f64) -> [f64; 2] {
    let px = [15.0, 14.0, 13.0][usize::from(rank.clamp(1, 3) - 1)] * scale;
    let ems: f64 = name
        .chars()
        .map(|c| {
            if ('\u{3000}'..='\u{9fff}').contains(&c) {
                1.0
            } else {
                0.62
            }
        })
        .sum();
    [(ems * px).ceil() + 2.0 * scale, px + 4.0 * scale]
}

/// The shipped map on `screen`, its labels measured in `lang`.
fn scene(screen: &Screen, lang: &str) -> Scene {
    let mut s = common::shipped_scene();
    s.viewport = s.viewport.with_size(screen.size[0], screen.size[1]);
    let sizes = s
        .places(lang)
        .iter()
        .map(|p| label_size(&p.name, p.rank, screen.label_scale))
        .collect();
    s.set_label_sizes(sizes);
    s
}

/// The cards around the free rectangle `[x, y, w, h]`, as the obstacles the page passes.
fn cards_around(free: [f64; 4], size: [f64; 2]) -> Vec<Rect> {
    let [x, y, w, h] = free;
    let [sw, sh] = size;
    vec![
        Rect {
            x: 0.0,
            y: 0.0,
            w: x,
            h: sh,
        },
        Rect {
            x: x + w,
            y: 0.0,
            w: sw - x - w,
            h: sh,
        },
        Rect { x, y: 0.0, w, h: y },
        Rect {
            x,
            y: y + h,
            w,
            h: sh - y - h,
        },
    ]
}

/// This frame's highlighted event marks: `(event, centre)`.
fn highlighted_marks(s: &Scene) -> Vec<(usize, [f64; 2])> {
    s.event_marks()
        .into_iter()
        .filter(|&(_, _, state)| state == EventState::Active)
        .map(|(e, at, _)| (e, at))
        .collect()
}

/// The labels drawn this frame with the cards around `free`: `(place, box)`.
fn drawn(s: &Scene, free: [f64; 4]) -> Vec<(usize, Rect)> {
    let obstacles = cards_around(free, [s.viewport.width, s.viewport.height]);
    s.labels(&obstacles)
        .into_iter()
        .map(|l| (l.place, l.placed.rect))
        .collect()
}

fn inside(r: &Rect, [x, y, w, h]: [f64; 4]) -> bool {
    r.x >= x - 0.5 && r.y >= y - 0.5 && r.x + r.w <= x + w + 0.5 && r.y + r.h <= y + h + 0.5
}

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

fn month(s: &str) -> Month {
    Month::parse(s).expect("a month")
}

/// The place an event's point names: the nearest within 25 km.
fn place_at(s: &Scene, p: [f64; 2]) -> Option<usize> {
    s.atlas
        .places
        .iter()
        .enumerate()
        .map(|(i, q)| (i, geodesic_distance_m(p, [q.lon, q.lat])))
        .filter(|&(_, d)| d <= 25_000.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// No label is drawn over a highlighted event's mark (a disc the size of the box a tap opens it
/// from), and the name of the mark's own place stands outside that box.
fn assert_marks_clear(s: &Scene, labels: &[(usize, Rect)], what: &str) {
    let half = EVENT_HIT_PX / 2.0;
    for (e, [x, y]) in highlighted_marks(s) {
        let own = s.unproject([x, y]).and_then(|p| place_at(s, p));
        for (p, r) in labels {
            let dx = (r.x - x).max(x - r.x - r.w).max(0.0);
            let dy = (r.y - y).max(y - r.y - r.h).max(0.0);
            let clear = if own == Some(*p) {
                !overlap(
                    r,
                    &Rect {
                        x: x - half,
                        y: y - half,
                        w: 2.0 * half,
                        h: 2.0 * half,
                    },
                )
            } else {
                dx.hypot(dy) >= half
            };
            let (place, event) = (&s.atlas.places[*p].id, &s.story.events[e].id);
            assert!(
                clear,
                "{what}: the label of {place} {r:?} covers the mark of {event} at {x}, {y}"
            );
        }
    }
}

#[test]
fn every_event_point_on_the_map_names_a_place() {
    let s = common::shipped_scene();
    for e in &s.story.events {
        if let Shape::Points(points) = &e.shape {
            for &p in points {
                assert!(place_at(&s, p).is_some(), "{} at {p:?} names no place", e.id);
            }
        }
    }
}

#[test]
fn a_framed_route_names_both_its_ends_inside_the_free_part() {
    for screen in [&KIOSK, &LAPTOP, &PHONE] {
        for &lang in codes() {
            let mut s = scene(screen, lang);
            for r in 0..s.atlas.routes.len() {
                let route = &s.atlas.routes[r];
                let ends = [
                    s.atlas.legs[route.legs[0]].from,
                    s.atlas.legs[*route.legs.last().expect("a leg")].to,
                ];
                let id = route.id.clone();
                s.select(Some(r));
                s.fit_route(r, screen.route_free);
                // Over the whole period, and at every month the route ran (the month's events
                // compete for room).
                let months: Vec<Option<Month>> = std::iter::once(None)
                    .chain(s.months().into_iter().filter(|&m| s.atlas.route_open(r, m)).map(Some))
                    .collect();
                for m in months {
                    s.set_month(m);
                    let labels = drawn(&s, screen.route_free);
                    let what = format!("{} {lang} {id} at {m:?}", screen.name);
                    for end in ends {
                        let label = labels.iter().find(|(p, _)| *p == end);
                        let Some((_, rect)) = label else {
                            panic!("{what}: {} is not named", s.atlas.places[end].id)
                        };
                        assert!(
                            inside(rect, screen.route_free),
                            "{what}: {}'s name {rect:?} is under a card",
                            s.atlas.places[end].id
                        );
                    }
                    assert_marks_clear(&s, &labels, &what);
                }
            }
        }
    }
}

/// At every month with highlighted events, each of their places inside the free part of `s`'s
/// view is named there; `frame` moves the view first (to the overview, or to the event).
fn assert_event_places_named(screen: &Screen, lang: &str, free: [f64; 4], reveal: bool) {
    let mut s = scene(screen, lang);
    s.fit_all(free);
    for m in s.months() {
        s.set_month(Some(m));
        let active: Vec<usize> = (0..s.story.events.len())
            .filter(|&e| s.event_state(e) == EventState::Active)
            .collect();
        for &e in &active {
            if reveal {
                s.reveal_event(e, free);
            }
            let labels = drawn(&s, free);
            let what = format!("{} {lang} {m} {}", screen.name, s.story.events[e].id);
            assert_marks_clear(&s, &labels, &what);
            let Shape::Points(points) = &s.story.events[e].shape else {
                continue;
            };
            for &p in points {
                let Some([x, y]) = s.project(p) else { continue };
                let [fx, fy, fw, fh] = free;
                if !(fx..=fx + fw).contains(&x) || !(fy..=fy + fh).contains(&y) {
                    continue;
                }
                let place = place_at(&s, p).unwrap_or_else(|| panic!("{what}: {p:?} names no place"));
                let label = labels.iter().find(|(q, _)| *q == place);
                let Some((_, rect)) = label else {
                    panic!("{what}: {} is not named", s.atlas.places[place].id)
                };
                assert!(
                    inside(rect, free),
                    "{what}: {}'s name is under a card",
                    s.atlas.places[place].id
                );
            }
        }
    }
}

#[test]
fn the_places_of_the_months_events_are_named_at_the_overview() {
    for screen in [&KIOSK, &LAPTOP] {
        for &lang in codes() {
            assert_event_places_named(screen, lang, screen.overview_free, false);
        }
    }
}

#[test]
fn the_places_of_an_event_a_phone_reveals_are_named() {
    for &lang in codes() {
        assert_event_places_named(&PHONE, lang, PHONE.overview_free, true);
    }
}

#[test]
fn in_august_1945_the_cities_the_offensive_took_are_named() {
    let cities = [
        [126.64, 45.76],
        [123.92, 47.35],
        [123.43, 41.8],
        [125.32, 43.88],
        [121.26, 38.81],
    ];
    for screen in [&KIOSK, &LAPTOP, &PHONE] {
        for &lang in codes() {
            let mut s = scene(screen, lang);
            s.fit_all(screen.overview_free);
            s.set_month(Some(month("1945-08")));
            if screen.name == PHONE.name {
                let e = s
                    .story
                    .events
                    .iter()
                    .position(|e| e.id == "cities-taken")
                    .expect("event");
                s.reveal_event(e, screen.overview_free);
            }
            let labels = drawn(&s, screen.overview_free);
            for city in cities {
                let place = place_at(&s, city).unwrap_or_else(|| panic!("{city:?} names no place"));
                assert!(
                    labels.iter().any(|(p, _)| *p == place),
                    "{} {lang}: {} is not named",
                    screen.name,
                    s.atlas.places[place].id
                );
            }
        }
    }
}

/// The shipped war (issue 21), placed in the scene's projection.
fn shipped_occupation(s: &Scene) -> Occupation {
    let files = RouteSetFiles {
        events: Some(include_str!("../geodata/events.geojson")),
        timeline: Some(include_str!("../geodata/timeline.json")),
        occupied: Some(include_str!("../geodata/occupied.geojson")),
        period_states: Some(include_str!("../geodata/period-states.geojson")),
        chapters: Some(include_str!("../geodata/chapters.json")),
        ..RouteSetFiles::new(
            include_str!("../geodata/routes.geojson"),
            include_str!("../geodata/places.geojson"),
            include_str!("../geodata/sources.json"),
        )
    };
    let set = loader::load(files).expect("the shipped set loads");
    Occupation::new(set.war, &s.projection())
}

/// A period label's box as occupation-layer.js measures it: italic 13, 11.5, 10.5 px by rank,
/// upper case but in Chinese, 2 px either side, 0.7 em above and below.
fn state_size(name: &str, rank: u8, scale: f64, lang: &str) -> [f64; 2] {
    let px = [13.0, 11.5, 10.5][usize::from(rank.clamp(1, 3) - 1)] * scale;
    let text = if lang == "zh" {
        name.to_owned()
    } else {
        name.to_uppercase()
    };
    let ems: f64 = text
        .chars()
        .map(|c| {
            if ('\u{3000}'..='\u{9fff}').contains(&c) {
                1.0
            } else {
                0.7
            }
        })
        .sum();
    [ems * px + 4.0, 1.4 * px]
}

#[test]
fn a_period_label_never_covers_a_place_name_or_mark_and_some_are_named() {
    for screen in [&KIOSK, &LAPTOP, &PHONE] {
        for &lang in codes() {
            let mut s = scene(screen, lang);
            let occ = shipped_occupation(&s);
            let framed = occ.war.chapters.iter().map(|c| (c.month, Some(c.frame)));
            let months = ["1937-07", "1938-11", "1941-12", "1945-08"].map(|m| (Some(month(m)), None));
            for (m, frame) in months.into_iter().chain(framed) {
                s.set_month(m);
                let free = screen.overview_free;
                s.viewport = common::shipped_scene()
                    .viewport
                    .with_size(screen.size[0], screen.size[1]);
                if let Some(f) = frame {
                    s.viewport = fit_frame(s.viewport, f, free, &s.projection());
                }
                let obstacles = cards_around(free, screen.size);
                let named = s.labels(&obstacles);
                let sizes: Vec<[f64; 2]> = occ
                    .states_at(s.month(), s.month_range())
                    .into_iter()
                    .map(|i| {
                        let st = &occ.war.states[i];
                        state_size(st.name.get(lang), st.rank, screen.label_scale, lang)
                    })
                    .collect();
                // The held cities' names (not those that are places), as the page asks for them.
                let extra: Vec<ExtraLabel> = m
                    .map(|m| {
                        occ.war
                            .held
                            .iter()
                            .filter(|h| h.kind == HeldKind::City && h.place.is_none() && h.held_at(m))
                            .filter_map(|h| match h.shape {
                                HeldShape::Point(at) => {
                                    let [width, height] = label_size(h.name.get(lang), 3, screen.label_scale);
                                    Some(ExtraLabel {
                                        at,
                                        dx: width / 2.0 + 6.5,
                                        width,
                                        height,
                                        beside_place: true,
                                    })
                                }
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let states = occ.place_state_labels(&s, &named, &sizes, &extra, &obstacles);
                // A held city at a named place's point is named by that place alone.
                for st in &states {
                    if let WarLabel::Extra(j) = st.which {
                        let [x, y] = s.project(extra[j].at).expect("on the map");
                        assert!(
                            named.iter().all(|l| (l.at[0] - x).hypot(l.at[1] - y) >= 8.0),
                            "{} {lang}: a held city named twice",
                            screen.name
                        );
                    }
                }
                let what = format!("{} {lang} {m:?} {frame:?}", screen.name);
                for st in &states {
                    for l in &named {
                        let mark = Rect::around(l.at[0], l.at[1], DOT);
                        assert!(
                            !overlap(&st.rect, &l.placed.rect) && !overlap(&st.rect, &mark),
                            "{what}: a period label {:?} covers {}'s name or mark",
                            st.rect,
                            s.atlas.places[l.place].id
                        );
                    }
                    for o in &obstacles {
                        assert!(!overlap(&st.rect, o), "{what}: a period label under a card");
                    }
                }
                for (i, a) in states.iter().enumerate() {
                    for b in &states[i + 1..] {
                        assert!(!overlap(&a.rect, &b.rect), "{what}: two period labels overlap");
                    }
                }
                if frame.is_none() && screen.name != PHONE.name {
                    assert!(states.len() >= 4, "{what}: only {} period labels", states.len());
                }
            }
        }
    }
}

/// A vertex of a blockade line and the test of its move out to sea.
type Seaward = ([f64; 2], fn([f64; 2]) -> bool);

#[test]
fn the_blockade_is_drawn_out_at_sea_off_the_coast_it_follows() {
    let s = common::shipped_scene();
    let occ = shipped_occupation(&s);
    for h in occ.war.held.iter().filter(|h| h.kind == HeldKind::Blockade) {
        let HeldShape::Line(line) = &h.shape else {
            panic!("{} is a line", h.id)
        };
        let drawn = offset_left(line, BLOCKADE_OFFSET_KM);
        for (a, b) in line.iter().zip(&drawn) {
            let km = geodesic_distance_m(*a, *b) / 1000.0;
            assert!((km - BLOCKADE_OFFSET_KM).abs() < 3.0, "{}: {a:?} moved {km} km", h.id);
        }
        // Where the sea lies off a few of its vertices: east of the Yangtze's mouth, south of
        // Swatow, north of Laichow Bay's shore, west of the Luichow peninsula's.
        let moved = |p: [f64; 2]| {
            line.iter()
                .position(|&q| q == p)
                .map(|i| [drawn[i][0] - p[0], drawn[i][1] - p[1]])
        };
        let checks: [Seaward; 4] = [
            ([121.834, 31.9], |d| d[0] > 0.1),
            ([116.47, 22.945], |d| d[1] < -0.1),
            ([119.289, 37.139], |d| d[1] > 0.1),
            ([109.662, 20.918], |d| d[0] < -0.1),
        ];
        for (p, seaward) in checks {
            if let Some(d) = moved(p) {
                assert!(seaward(d), "{}: {p:?} moved {d:?}, inland", h.id);
            }
        }
    }
}
