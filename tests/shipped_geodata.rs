//! The geodata we ship loads cleanly and its lengths agree with the published ones.

mod common;

use common::shipped;
use supply_routes::measure::{METRES_PER_NM, geodesic_length_m};
use supply_routes::model::{Atlas, Mode};

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
    // NGA Pub. 151 distances (nm), as transcribed in shared/notes/history.md.
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
    // documented ones (history.md §2: rail 73–93 %, the Burma Road about 64 %).
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
    let scene = supply_routes::scene::Scene::new(shipped(), 1280.0, 800.0);
    let burma = scene.atlas.route_index("burma-road").expect("burma-road");
    let d = scene.route_details(burma, "zh").expect("details");
    let l3 = d.legs.iter().find(|l| l.id == "L3").expect("L3");
    let first = &l3.documented[0];
    assert_eq!(
        (first.km, first.source.as_str(), first.covers.as_deref()),
        (1146.1, "YLZC", None)
    );
    assert_eq!(first.drawn_km, Some(l3.length_km));
    let old_road = l3.documented.iter().find(|x| x.covers.is_some()).expect("a part");
    assert_eq!(
        (old_road.km, old_road.drawn_km),
        (411.6, None),
        "a part is not compared"
    );

    let hk = scene.atlas.route_index("sevastopol-hong-kong").expect("route");
    let d = scene.route_details(hk, "zh").expect("details");
    let canal_to_singapore = &d.documented[0];
    assert_eq!(canal_to_singapore.covers.as_deref(), Some("塞得港 – 新加坡"));
    assert_eq!(canal_to_singapore.nm, Some(5035.0));
    let drawn_nm = canal_to_singapore.drawn_km.expect("drawn") / 1.852;
    assert!((drawn_nm / 5035.0 - 1.0).abs() < 0.03, "{drawn_nm} nm");
}
