//! The shipped map in time: which legs run at which month, the events, and the markers.

mod common;

use supply_routes::data::events::EventState;
use supply_routes::data::month::Month;

fn month(s: &str) -> Month {
    Month::parse(s).expect("a month")
}

#[test]
fn every_leg_opens_and_closes_exactly_at_its_period_boundaries() {
    let mut s = common::shipped_scene();
    for l in 0..s.atlas.legs.len() {
        let (_, periods) = s.leg_periods(l);
        assert!(!periods.is_empty(), "{} has a period", s.atlas.legs[l].id);
        let open_at = |s: &mut supply_routes::map::scene::Scene, m: Month| {
            s.set_month(Some(m));
            s.leg_active(l)
        };
        for p in &periods {
            let (from, to) = (p.from, p.to);
            let id = s.atlas.legs[l].id.clone();
            assert!(open_at(&mut s, from), "{id} open in its first month {from}");
            assert!(open_at(&mut s, to), "{id} open in its last month {to}");
            let inside = |m: Month| periods.iter().any(|q| q.from <= m && m <= q.to);
            if !inside(from.plus(-1)) {
                assert!(!open_at(&mut s, from.plus(-1)), "{id} closed before {from}");
            }
            if !inside(to.plus(1)) {
                assert!(!open_at(&mut s, to.plus(1)), "{id} closed after {to}");
            }
        }
    }
}

#[test]
fn the_fall_of_canton_cuts_the_hong_kong_railway() {
    let mut s = common::shipped_scene();
    let l5 = s.atlas.legs.iter().position(|l| l.id == "L5").expect("L5");
    s.set_month(Some(month("1938-09")));
    assert!(s.leg_active(l5));
    s.set_month(Some(month("1938-11")));
    assert!(!s.leg_active(l5));
    let r = s.atlas.route_index("hong-kong-railway").expect("route");
    assert_eq!(s.route_status(r).map(|st| st.state), Some("ended"));
    let burma = s.atlas.route_index("burma-road").expect("route");
    assert_eq!(s.route_status(burma).map(|st| st.state), Some("notYet"));
    s.set_month(Some(month("1940-08")));
    assert_eq!(
        s.route_status(burma).map(|st| st.state),
        Some("paused"),
        "closed by Britain, Jul–Oct 1940"
    );
}

#[test]
fn the_whole_period_shows_every_leg_and_no_markers() {
    let mut s = common::shipped_scene();
    s.set_month(None);
    assert!((0..s.atlas.legs.len()).all(|l| s.leg_active(l)));
    assert!(s.markers(3.0).is_empty());
}

#[test]
fn months_are_clamped_to_the_timeline() {
    let mut s = common::shipped_scene();
    assert_eq!(s.month_range(), Some((month("1937-07"), month("1945-09"))));
    s.set_month(Some(month("1950-01")));
    assert_eq!(s.month(), Some(month("1945-09")));
}

#[test]
fn markers_run_only_on_open_legs_and_move() {
    let mut s = common::shipped_scene();
    s.set_month(Some(month("1938-06")));
    let a = s.markers(1.0);
    let b = s.markers(1.5);
    assert!(a.len() > 10, "{} markers", a.len());
    assert_ne!(a, b, "markers move as time runs");
    // In June 1938 the Burma Road (not yet open) carries nothing: no marker near Lashio–Kunming.
    let [lx, ly] = s.project([99.16, 25.11]).expect("Paoshan on screen");
    let near_paoshan = a.iter().any(|(p, _, _)| (p[0] - lx).hypot(p[1] - ly) < 15.0);
    assert!(!near_paoshan, "no truck on the Burma Road before it opened");
}

#[test]
fn events_highlight_as_the_slider_passes_and_a_tap_opens_them() {
    let mut s = common::shipped_scene();
    let i = s
        .story
        .events
        .iter()
        .position(|e| e.id == "volunteers-nanjing")
        .expect("event");
    s.set_month(Some(month("1937-11")));
    assert_eq!(s.event_state(i), EventState::Hidden);
    s.set_month(Some(month("1937-12")));
    assert_eq!(s.event_state(i), EventState::Active);
    s.set_month(Some(month("1939-01")));
    assert_eq!(s.event_state(i), EventState::Past);
    s.set_month(Some(month("1941-09"))); // after the air battles over Nanking too
    assert_eq!(s.event_state(i), EventState::Past);
    let [x, y] = s.project([118.78, 32.06]).expect("Nanking on screen");
    assert_eq!(s.pick_event(x, y), None, "a past event's mark is not a target");
    s.set_month(None);
    assert!(s.event_marks().is_empty(), "the whole period shows routes only");
    let t = s
        .story
        .events
        .iter()
        .position(|e| e.id == "taiwan-raid")
        .expect("event");
    s.set_month(Some(month("1938-02")));
    let [x, y] = s.project([121.55, 25.07]).expect("Taipei on screen");
    assert_eq!(s.pick_event(x + 5.0, y - 5.0), Some(t));
    assert_eq!(s.pick_event(x + 60.0, y), None);
}

#[test]
fn the_1945_fronts_show_only_in_august_and_september_1945() {
    let mut s = common::shipped_scene();
    let f = s
        .story
        .events
        .iter()
        .position(|e| e.id == "front-transbaikal")
        .expect("front");
    for (m, state) in [
        ("1945-07", EventState::Hidden),
        ("1945-08", EventState::Active),
        ("1945-09", EventState::Active),
    ] {
        s.set_month(Some(month(m)));
        assert_eq!(s.event_state(f), state, "{m}");
    }
    s.set_month(None);
    assert_eq!(s.event_state(f), EventState::Hidden);
}

#[test]
fn the_train_count_reaches_the_articles_total_in_february_1939() {
    let s = common::shipped_scene();
    let at = |m: &str| f64::from(month(m).index()) + 1.0; // end of the month
    let trains = |m: &str| {
        s.counters("en", at(m))
            .into_iter()
            .find(|c| c.id == "trains")
            .expect("counter")
            .value
    };
    assert_eq!(trains("1937-09"), 0.0);
    assert!(trains("1938-06") > 0.0 && trains("1938-06") < 5640.0);
    assert_eq!(trains("1939-02"), 5640.0);
    assert_eq!(trains("1941-01"), 5640.0);
}
