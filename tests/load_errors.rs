//! What a curator reads when a file of the set is wrong, through the loader the page uses
//! (`new RouteMap`, `load_set`, preview's panel): one mistake is reported once, where it is,
//! not again by every feature of another file that names what failed; a reference to nothing
//! is still reported; every message names the line of its feature, and a duplicate id the
//! line of the duplicate.

use std::collections::BTreeMap;
use std::path::PathBuf;

use supply_routes::data::loader::{self, RouteSetFiles, SET_FILES};

/// The shipped set's files by name, to be edited.
fn shipped() -> BTreeMap<&'static str, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("geodata");
    SET_FILES
        .iter()
        .map(|&name| {
            let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, text)
        })
        .collect()
}

/// The messages the page shows for the set `files`, as `errors_to_js` gives them.
fn messages(files: &BTreeMap<&'static str, String>) -> Vec<String> {
    let get = |name: &str| files[name].as_str();
    let set = RouteSetFiles {
        events: Some(get("events.geojson")),
        timeline: Some(get("timeline.json")),
        occupied: Some(get("occupied.geojson")),
        period_states: Some(get("period-states.geojson")),
        chapters: Some(get("chapters.json")),
        languages: Some(get("languages.json")),
        ..RouteSetFiles::new(get("routes.geojson"), get("places.geojson"), get("sources.json"))
    };
    match loader::load(set) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// `files` with `from` replaced by `to` in `name` (once, where it first occurs).
fn edited(name: &'static str, from: &str, to: &str) -> BTreeMap<&'static str, String> {
    let mut files = shipped();
    let text = files.get_mut(name).expect("a set file");
    assert!(text.contains(from), "{name} has no {from:?}");
    *text = text.replacen(from, to, 1);
    files
}

/// `files` with `from` replaced by `to` in `name`, where it first occurs in feature `id`.
fn edited_in(name: &'static str, id: &str, from: &str, to: &str) -> BTreeMap<&'static str, String> {
    let mut files = shipped();
    let text = files.get_mut(name).expect("a set file");
    let start = text
        .find(&format!("\"id\": \"{id}\""))
        .unwrap_or_else(|| panic!("no {id}"));
    let at = start
        + text[start..]
            .find(from)
            .unwrap_or_else(|| panic!("{id} has no {from:?}"));
    text.replace_range(at..at + from.len(), to);
    files
}

/// The line (from 1) of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {needle:?}"))
        + 1
}

#[test]
fn the_shipped_set_loads_without_a_message() {
    assert_eq!(messages(&shipped()), Vec::<String>::new());
}

#[test]
fn a_routes_file_that_is_not_json_is_one_message_not_one_per_chapter_naming_a_route() {
    let files = edited("routes.geojson", "\"features\"", "features\"");
    let m = messages(&files);
    // Before, 14 `chapters.json … no route with id` lines followed it.
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("routes.geojson: not valid JSON: key must be a string at line "),
        "{m:?}"
    );
}

#[test]
fn a_bad_route_is_reported_once_with_its_line_and_the_chapters_showing_it_say_nothing() {
    // The Burma Road's first period, misspelt: its chapters would say it is not running.
    let files = edited_in(
        "routes.geojson",
        "burma-road",
        "\"periods\": [{\"from\"",
        "\"periods\": [{\"frm\"",
    );
    let line = line_of(&files["routes.geojson"], "\"frm\"");
    assert_eq!(
        messages(&files),
        [format!(
            "routes.geojson: feature \"burma-road\": field \"periods[0].from\": expected a month \"YYYY-MM\", found \"\" (line {line})"
        )]
    );
}

#[test]
fn a_bad_leg_refuses_its_route_silently_and_nothing_naming_the_route_is_reported() {
    // L3 is a leg of the Burma Road, which chapters and the timeline name.
    let text = &shipped()["routes.geojson"];
    let at = text.find("\"id\": \"L3\"").expect("L3");
    let mode = at + text[at..].find("\"mode\": \"").expect("mode");
    let mut broken = text.clone();
    broken.insert_str(mode + "\"mode\": \"".len(), "truck");
    let mut files = shipped();
    files.insert("routes.geojson", broken);
    let m = messages(&files);
    assert_eq!(m.len(), 1, "{m:#?}");
    let line = line_of(&files["routes.geojson"], "\"id\": \"L3\"");
    assert!(
        m[0].starts_with(
            "routes.geojson: feature \"L3\": field \"mode\": expected one of sea, rail, road, air, found \"truck"
        ) && m[0].ends_with(&format!(" (line {line})")),
        "{m:?}"
    );
}

#[test]
fn a_broken_source_is_reported_once_not_by_every_feature_citing_it() {
    let mut files = shipped();
    let mut sources: serde_json::Value = serde_json::from_str(&files["sources.json"]).expect("JSON");
    sources["CNS2018"].as_object_mut().expect("CNS2018").remove("title");
    files.insert("sources.json", serde_json::to_string_pretty(&sources).expect("JSON"));
    let line = line_of(&files["sources.json"], "\"CNS2018\":");
    assert_eq!(
        messages(&files),
        [format!(
            "sources.json: feature \"CNS2018\": field \"title\": missing (line {line})"
        )]
    );
}

#[test]
fn a_reference_to_nothing_is_still_reported_with_the_line_of_the_feature_making_it() {
    let files = edited("chapters.json", "\"air-route\"", "\"air-raute\"");
    let at = files["chapters.json"].find("\"air-raute\"").expect("edited");
    // The chapter naming it: the last id before the edit.
    let id_at = files["chapters.json"][..at].rfind("\"id\": \"").expect("an id");
    let line = files["chapters.json"][..id_at].matches('\n').count() + 1;
    let m = messages(&files);
    assert_eq!(m.len(), 1, "{m:#?}");
    assert!(
        m[0].starts_with("chapters.json: feature \"")
            && m[0].ends_with(&format!(
                "field \"routes\": no route with id \"air-raute\" in routes.geojson (line {line})"
            )),
        "{m:?}"
    );
    // And a place failing its own rules does not hide a reference to nothing elsewhere.
    let mut both = files.clone();
    both.insert(
        "places.geojson",
        edited("places.geojson", "\"rank\": 1", "\"rank\": 9")["places.geojson"].clone(),
    );
    let m = messages(&both);
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(
        m[0].starts_with("places.geojson: feature ") && m[0].contains("field \"rank\""),
        "{m:?}"
    );
    assert!(m[1].contains("no route with id \"air-raute\""), "{m:?}");
}

#[test]
fn a_duplicate_id_points_at_the_duplicate_and_a_feature_without_id_at_itself() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/duplicate-feature-id");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("fixture");
    let (routes, places, sources) = (read("routes.geojson"), read("places.geojson"), read("sources.json"));
    let m: Vec<String> = loader::load(RouteSetFiles::new(&routes, &places, &sources))
        .expect_err("a duplicate")
        .iter()
        .map(ToString::to_string)
        .collect();
    // The second feature with id L1 (the first gives it twice, as its own and in properties).
    let second = routes
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("\"id\": \"L1\""))
        .nth(2);
    let line = second.expect("three ids L1").0 + 1;
    assert_eq!(
        m,
        [format!(
            "routes.geojson: feature \"L1\": field \"id\": duplicate id \"L1\" (line {line})"
        )]
    );

    // A place with only GeoJSON's id is named by it, and what names it is not reported again.
    let files = edited(
        "places.geojson",
        "\"properties\": {\"id\": \"kunming\", ",
        "\"properties\": {",
    );
    let kunming = line_of(&files["places.geojson"], "\"Kunming\"");
    assert_eq!(
        messages(&files),
        [format!(
            "places.geojson: feature \"kunming\": field \"id\": missing (line {kunming})"
        )]
    );
    // Without any id, it is known by its index, and found by it.
    let mut files = files;
    let places = files.get_mut("places.geojson").expect("places");
    *places = places.replacen("\"id\": \"kunming\", ", "", 1);
    let m = messages(&files);
    assert!(
        m[0].starts_with("places.geojson: feature \"#")
            && m[0].ends_with(&format!("field \"id\": missing (line {kunming})")),
        "{m:?}"
    );
}
