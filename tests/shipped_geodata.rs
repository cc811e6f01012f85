//! The geodata we ship loads cleanly and its lengths agree with the published ones.

mod common;

use common::shipped;
use supply_routes::data::languages;
use supply_routes::data::model::{Atlas, Mode};
use supply_routes::data::published::{length_checks, length_tolerance};
use supply_routes::data::text::Localized;
use supply_routes::geometry::measure::{METRES_PER_NM, geodesic_length_m};

fn leg_m(atlas: &Atlas, id: &str) -> f64 {
    let leg = atlas
        .legs
        .iter()
        .find(|l| l.id == id)
        .unwrap_or_else(|| panic!("leg {id}"));
    geodesic_length_m(&leg.coordinates)
}

#[test]
fn shipped_geodata_loads_with_every_route_of_the_article() {
    let atlas = shipped();
    for id in [
        "sevastopol-hong-kong",
        "sevastopol-haiphong",
        "sevastopol-rangoon",
        "vladivostok-hong-kong",
        "vladivostok-haiphong",
        "yunnan-vietnam-railway",
        "burma-road",
        "northwest-highway",
        "air-route",
    ] {
        assert!(atlas.route_index(id).is_some(), "route {id}");
    }
    for mode in Mode::ALL {
        assert!(atlas.legs.iter().any(|l| l.mode == mode), "a {mode:?} leg");
    }
}

#[test]
fn sea_legs_agree_with_pub_151_within_three_percent() {
    // NGA Pub. 151 distances (nm), the publication sources.json cites as PUB151.
    let atlas = shipped();
    let sevastopol_rangoon = ["S1", "S2", "S3", "S4"].iter().map(|l| leg_m(&atlas, l)).sum::<f64>() / METRES_PER_NM;
    let vladivostok_hong_kong = leg_m(&atlas, "S9") / METRES_PER_NM;
    let hong_kong_haiphong = leg_m(&atlas, "S10") / METRES_PER_NM;
    for (name, computed, published) in [
        ("Sevastopol–Rangoon (sum of Pub. 151 legs)", sevastopol_rangoon, 5801.0),
        ("Vladivostok–Hong Kong", vladivostok_hong_kong, 1646.0),
        ("Hong Kong–Haiphong", hong_kong_haiphong, 477.0),
    ] {
        let ratio = computed / published;
        assert!(
            (0.97..1.03).contains(&ratio),
            "{name}: {computed:.0} nm vs {published} nm"
        );
    }
}

#[test]
fn land_legs_are_shorter_than_documented_but_not_absurdly() {
    // Waypoints cut the bends of roads and railways, so computed lengths fall short of the
    // documented ones (rail 73–93 %, the Burma Road about 64 %: docs/history-review.md).
    let atlas = shipped();
    for (leg, documented_km) in [("L1", 855.0), ("L3", 1146.1), ("L7", 2925.0), ("L5", 179.0 + 1095.6)] {
        let ratio = leg_m(&atlas, leg) / 1000.0 / documented_km;
        assert!(
            (0.55..=1.0).contains(&ratio),
            "{leg}: {ratio:.2} of the documented length"
        );
    }
}

#[test]
fn details_give_published_lengths_beside_the_drawn_ones() {
    let scene = supply_routes::map::scene::Scene::new(shipped(), 1280.0, 800.0);
    let burma = scene.atlas.route_index("burma-road").expect("burma-road");
    let d = scene.route_details(burma, "zh").expect("details");
    let l3 = d.legs.iter().find(|l| l.id == "L3").expect("L3");
    let first = &l3.documented[0];
    assert_eq!(
        (first.km, first.source.as_str(), first.covers.as_deref()),
        (1146.1, "YLZC", None)
    );
    assert_eq!(first.drawn_km, Some(l3.length_km));
    // The Kunming–Hsiakuan old road, among L3's measured parts (Wanting–Kunming is another).
    let old_road = l3
        .documented
        .iter()
        .find(|x| x.covers.is_some() && x.km == 411.6)
        .expect("a part");
    assert_eq!(old_road.km, 411.6);
    let drawn = old_road
        .drawn_km
        .expect("a part between two places is set against the drawn part");
    assert!((250.0..300.0).contains(&drawn), "Kunming–Hsiakuan drawn {drawn} km");
    let l7 = scene
        .route_details(scene.atlas.route_index("northwest-highway").expect("nw"), "en")
        .expect("nw");
    let xianyang = l7.legs[1].documented.iter().find(|x| x.source == "VMS").expect("VMS");
    assert_eq!(xianyang.drawn_km, None, "a figure of a longer stretch is not compared");

    let hk = scene.atlas.route_index("sevastopol-hong-kong").expect("route");
    let d = scene.route_details(hk, "zh").expect("details");
    let canal_to_singapore = &d.documented[0];
    assert_eq!(canal_to_singapore.covers.as_deref(), Some("塞得港 – 新加坡"));
    assert_eq!(canal_to_singapore.nm, Some(5035.0));
    let drawn_nm = canal_to_singapore.drawn_km.expect("drawn") / 1.852;
    assert!((drawn_nm / 5035.0 - 1.0).abs() < 0.03, "{drawn_nm} nm");
}

#[test]
fn drawn_lengths_agree_with_published_ones_within_the_tolerance_of_their_mode() {
    let atlas = shipped();
    let checks = length_checks(&atlas);
    for c in &checks {
        println!("{c}");
    }
    for leg in ["S1", "S9", "S10", "L1", "L2", "L3", "L7", "A1"] {
        assert!(
            checks.iter().any(|c| c.what == format!("leg {leg}")),
            "{leg} has a published length to compare"
        );
    }
    let out: Vec<String> = checks.iter().filter(|c| !c.within).map(ToString::to_string).collect();
    assert!(out.is_empty(), "out of tolerance:\n{}", out.join("\n"));

    // L5 has published lengths only for its two lines, Kowloon–Canton and Canton–Hankow: their
    // sum is the leg's.
    let parts: f64 = ["SPELLER", "ZH-YH"]
        .iter()
        .map(|tag| {
            let leg = atlas.legs.iter().find(|l| l.id == "L5").expect("L5");
            leg.documented.iter().find(|d| d.source == *tag).expect("part").km()
        })
        .sum();
    let drawn = leg_m(&atlas, "L5") / 1000.0;
    let (lo, hi) = length_tolerance(Mode::Rail);
    println!(
        "leg L5: drawn {drawn:.0} km, published 179 + 1,095.6 = {parts:.1} km, {:.0} %",
        drawn / parts * 100.0
    );
    assert!((lo..=hi).contains(&(drawn / parts)));
}

/// Every localized text of the atlas, with where it is.
fn texts(atlas: &Atlas) -> Vec<(String, &Localized)> {
    let mut out: Vec<(String, &Localized)> = Vec::new();
    for p in &atlas.places {
        out.push((format!("{} name", p.id), &p.name));
        out.extend(p.modern.iter().map(|m| (format!("{} modern", p.id), m)));
    }
    for l in &atlas.legs {
        out.extend(l.via.iter().map(|t| (format!("{} via", l.id), t)));
        out.extend(l.note.iter().map(|t| (format!("{} note", l.id), t)));
        for d in &l.documented {
            out.extend(
                d.note
                    .iter()
                    .chain(&d.covers)
                    .map(|t| (format!("{} documented", l.id), t)),
            );
        }
    }
    for r in &atlas.routes {
        for (field, t) in [("name", &r.name), ("summary", &r.summary), ("closed", &r.closed)] {
            out.push((format!("{} {field}", r.id), t));
        }
        out.extend(r.period_note.iter().map(|t| (format!("{} periodNote", r.id), t)));
        for f in &r.figures {
            out.push((format!("{} figure", r.id), &f.text));
            out.extend(f.note.iter().map(|t| (format!("{} figure note", r.id), t)));
        }
        for d in &r.documented {
            out.extend(
                d.note
                    .iter()
                    .chain(&d.covers)
                    .map(|t| (format!("{} documented", r.id), t)),
            );
        }
    }
    out
}

#[test]
fn every_text_is_in_english_chinese_and_russian_and_short() {
    let atlas = shipped();
    let all = texts(&atlas);
    assert!(all.len() > 150, "{} texts", all.len());
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let cyrillic = |s: &str| s.chars().any(|c| ('\u{0400}'..='\u{04ff}').contains(&c));
    for (where_, t) in &all {
        for &lang in languages::codes() {
            assert!(
                t.0.get(lang).is_some_and(|s| !s.trim().is_empty()),
                "{where_}: no {lang}"
            );
        }
        assert!(
            cjk(t.get("zh")),
            "{where_}: the zh text has no Chinese: {:?}",
            t.get("zh")
        );
        assert!(
            cyrillic(t.get("ru")),
            "{where_}: the ru text has no Cyrillic: {:?}",
            t.get("ru")
        );
        for sentence in t.get("en").split(". ") {
            let words = sentence.split_whitespace().count();
            assert!(words < 25, "{where_}: a sentence of {words} words: {sentence}");
        }
    }
    for r in &atlas.routes {
        let words = r.summary.get("en").split_whitespace().count();
        assert!(words < 75, "{}: summary of {words} words", r.id);
    }
    for r in &atlas.routes {
        for f in &r.figures {
            assert!(
                atlas.source(&f.source).is_some(),
                "{}: figure without a known source",
                r.id
            );
        }
    }
}

/// The loader no longer refuses a missing translation (it shows English): the shipped set, every
/// file of it, must still have each of its texts and interface strings in every shipped language.
#[test]
fn every_shipped_text_and_interface_string_is_in_every_shipped_language() {
    use supply_routes::data::interface::interface_file;
    use supply_routes::data::loader::{RouteSetFiles, SET_FILES, load};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let interface: Vec<(&str, String)> = languages::codes()
        .iter()
        .filter_map(|&c| Some((c, std::fs::read_to_string(dir.join(interface_file(c))).ok()?)))
        .collect();
    let interface: Vec<(&str, &str)> = interface.iter().map(|(c, t)| (*c, t.as_str())).collect();
    let [
        routes,
        places,
        sources,
        events,
        timeline,
        occupied,
        states,
        chapters,
        langs,
    ] = SET_FILES.map(read);
    let set = load(RouteSetFiles {
        events: Some(&events),
        timeline: Some(&timeline),
        occupied: Some(&occupied),
        period_states: Some(&states),
        chapters: Some(&chapters),
        languages: Some(&langs),
        interface: &interface,
        ..RouteSetFiles::new(&routes, &places, &sources)
    })
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let c = &set.completeness;
    assert!(c.texts > 400, "{} texts", c.texts);
    for l in &c.languages {
        assert_eq!(l.texts, c.texts, "{}: untranslated texts", l.code);
        assert_eq!(l.interface, c.interface, "{}: untranslated interface strings", l.code);
    }
}
