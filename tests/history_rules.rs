//! The rules a historian and a museum hold the shipped data to (issue 19), as tests: nothing
//! runs past the last month of Soviet aid; every source cited names its author, title and year
//! or says which it could not confirm; a panel's first layer is at most 70 words and a sentence
//! at most 25, in every language; a published length of a part between two places on a line is
//! measured on that line.

mod common;

use common::{shipped, shipped_scene};
use serde_json::Value;
use supply_routes::data::error::LoadError;
use supply_routes::data::languages;
use supply_routes::data::loader::{self, RouteSetFiles};
use supply_routes::data::model::Atlas;
use supply_routes::data::month::Month;
use supply_routes::data::published::{MAX_END_GAP_M, length_checks};
use supply_routes::data::text::{FIRST_LAYER_WORDS, SENTENCE_WORDS, longest_sentence, word_count};
use supply_routes::geometry::measure::nearest_vertex_m;

const ROUTES: &str = include_str!("../geodata/routes.geojson");
const PLACES: &str = include_str!("../geodata/places.geojson");
const SOURCES: &str = include_str!("../geodata/sources.json");
const EVENTS: &str = include_str!("../geodata/events.geojson");
const TIMELINE: &str = include_str!("../geodata/timeline.json");

/// The problems the loader finds in the shipped routes, places, sources and story, with
/// `routes` and `sources` in place of the shipped ones; without their lines, which move when
/// the data does (tests/load_errors.rs checks them).
fn problems(routes: &str, sources: &str) -> Vec<String> {
    let files = RouteSetFiles {
        events: Some(EVENTS),
        timeline: Some(TIMELINE),
        ..RouteSetFiles::new(routes, PLACES, sources)
    };
    loader::load(files)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| LoadError { line: None, ..e }.to_string())
        .collect()
}

/// `text` (a JSON file) after `edit`.
fn edited(text: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut v: Value = serde_json::from_str(text).expect("shipped JSON");
    edit(&mut v);
    v.to_string()
}

#[test]
fn no_route_or_leg_runs_past_the_last_month_of_soviet_aid() {
    let scene = shipped_scene();
    let last = scene.story.timeline.as_ref().and_then(|t| t.aid_ends);
    // 22 June 1941: Germany attacks the Soviet Union and the aid stops (the article).
    assert_eq!(last, Month::parse("1941-06"), "timeline.json declares aidEnds");
    // The loader refuses a period that runs past it, naming the file, the feature and the field.
    let late = edited(ROUTES, |v| {
        let burma = v["features"]
            .as_array_mut()
            .expect("features")
            .iter_mut()
            .find(|f| f["properties"]["id"] == "burma-road")
            .expect("burma-road");
        burma["properties"]["periods"][1]["to"] = "1942-03".into();
    });
    assert_eq!(
        problems(&late, SOURCES),
        [
            "routes.geojson: feature \"burma-road\": field \"periods[1].to\": runs to 1942-03, past the last month of the aid (1941-06, \"aidEnds\" in timeline.json)"
        ]
    );
}

#[test]
fn every_source_cited_names_its_author_title_and_year_or_says_which_it_could_not_confirm() {
    let atlas = shipped();
    // The shipped set gives every citation its kind, which says what it must name; the loader
    // checked each against it (a bare title is for test and benchmark sets only).
    let bare: Vec<&str> = atlas
        .sources
        .iter()
        .filter(|s| s.kind.is_none())
        .map(|s| s.tag.as_str())
        .collect();
    assert!(bare.is_empty(), "sources without a kind: {bare:?}");

    // Volkova's book without its author is refused ...
    let no_author = edited(SOURCES, |v| {
        let volk = v["VOLK"].as_object_mut().expect("VOLK");
        volk.remove("author");
    });
    assert_eq!(
        problems(ROUTES, &no_author),
        [
            "sources.json: feature \"VOLK\": field \"author\": a source of kind book names its author or editor (or lists \"author\" in \"unconfirmed\")"
        ]
    );
    // ... and so is a feature citing a tag that is not there.
    let no_tag = edited(SOURCES, |v| {
        v.as_object_mut().expect("sources").remove("YLZC");
    });
    let found = problems(ROUTES, &no_tag);
    assert!(
        found.contains(
            &"routes.geojson: feature \"L3\": field \"sources\": source tag \"YLZC\" is not in sources.json".to_owned()
        ),
        "{found:#?}"
    );
}

#[test]
fn every_first_layer_is_at_most_70_words_in_every_language() {
    let scene = shipped_scene();
    let mut over = Vec::new();
    let mut longest = (0.0, String::new());
    for &lang in languages::codes() {
        let routes = (0..scene.atlas.routes.len()).map(|r| {
            let d = scene.route_details(r, lang).expect("a route");
            (d.id.clone(), d.first_layer().iter().map(|t| word_count(t)).sum::<f64>())
        });
        let events = scene
            .event_summaries(lang)
            .into_iter()
            .map(|e| (e.id.clone(), e.first_layer().iter().map(|t| word_count(t)).sum::<f64>()));
        for (id, words) in routes.chain(events) {
            if words > longest.0 {
                longest = (words, format!("{id} ({lang})"));
            }
            if words > FIRST_LAYER_WORDS {
                over.push(format!("{id} ({lang}): {words:.0} words"));
            }
        }
    }
    println!("the longest first layer: {} with {:.0} words", longest.1, longest.0);
    assert!(
        over.is_empty(),
        "first layers over {FIRST_LAYER_WORDS} words: {over:#?}"
    );
}

/// Every text of ours in every geodata file: each `{"en", "zh", "ru"}` object, with where it is.
fn localized_texts() -> Vec<(String, serde_json::Map<String, Value>)> {
    fn walk(v: &Value, at: String, out: &mut Vec<(String, serde_json::Map<String, Value>)>) {
        match v {
            Value::Object(o) if languages::codes().iter().all(|l| o.contains_key(*l)) => {
                out.push((at, o.clone()));
            }
            Value::Object(o) => {
                let id = o.get("id").and_then(Value::as_str).map(str::to_owned);
                for (k, x) in o {
                    let here = id
                        .as_ref()
                        .map_or_else(|| format!("{at}.{k}"), |id| format!("{at}[{id}].{k}"));
                    walk(x, here, out);
                }
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, format!("{at}[{i}]"), out)),
            _ => {}
        }
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/geodata");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("geodata/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "geojson"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let name = path.file_name().expect("a name").to_string_lossy().into_owned();
        walk(&serde_json::from_str(&text).expect("JSON"), name, &mut out);
    }
    out
}

#[test]
fn every_sentence_of_ours_is_at_most_25_words_in_every_language() {
    let texts = localized_texts();
    assert!(texts.len() > 300, "{} texts", texts.len());
    let mut over = Vec::new();
    for (at, text) in &texts {
        for &lang in languages::codes() {
            let s = text.get(lang).and_then(Value::as_str).unwrap_or_default();
            let words = longest_sentence(s);
            if words > SENTENCE_WORDS {
                over.push(format!("{at}.{lang}: a sentence of {words:.0} words in {s:?}"));
            }
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}

/// The places a published length's `covers` names as a stretch "A–B" (by their English name or
/// today's, a bracket left out): `Kowloon–Canton`, `Vietnamese section, Haiphong–Laokay`.
fn named_ends(covers: &str, names: &[(usize, String)]) -> Option<[usize; 2]> {
    let find = |n: &str| {
        let n = n.split(" (").next().unwrap_or(n).trim();
        names.iter().find(|(_, name)| name == n).map(|(i, _)| *i)
    };
    covers.split(", ").find_map(|part| {
        let (a, b) = part.split_once('–')?;
        Some([find(a)?, find(b)?])
    })
}

/// Each published length of a leg whose `covers` names two places on its line but gives no
/// `from`/`to`, so that it is shown without being measured; and how many parts are measured.
fn unmeasured_parts(atlas: &Atlas) -> (Vec<String>, usize) {
    let names: Vec<(usize, String)> = atlas
        .places
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let modern = p.modern.as_ref().map(|m| (i, m.get("en").to_owned()));
            std::iter::once((i, p.name.get("en").to_owned())).chain(modern)
        })
        .collect();
    let on_line = |line: &[[f64; 2]], place: usize| {
        let p = &atlas.places[place];
        nearest_vertex_m(line, [p.lon, p.lat]).is_some_and(|(_, d)| d <= MAX_END_GAP_M)
    };
    let checks = length_checks(atlas);
    let mut unmeasured = Vec::new();
    let mut parts = 0;
    for leg in &atlas.legs {
        for d in &leg.documented {
            let Some(covers) = d.covers.as_ref().map(|c| c.get("en")) else {
                continue;
            };
            if d.span.is_some() {
                parts += 1;
                let what = format!("leg {} part ({covers})", leg.id);
                let check = checks.iter().find(|c| c.what == what && c.source == d.source);
                assert!(check.is_some_and(|c| c.within), "{what} [{}]: {check:?}", d.source);
            } else if named_ends(covers, &names).is_some_and(|ends| ends.iter().all(|&p| on_line(&leg.coordinates, p)))
            {
                unmeasured.push(format!("leg {} [{}]: {covers:?}", leg.id, d.source));
            }
        }
    }
    (unmeasured, parts)
}

#[test]
fn a_published_length_between_two_places_on_its_line_is_measured_there() {
    let atlas = shipped();
    let (unmeasured, parts) = unmeasured_parts(&atlas);
    assert!(parts >= 8, "{parts} parts measured");
    assert!(unmeasured.is_empty(), "name their places as from/to: {unmeasured:#?}");
    // The check can fail: the Canton–Hankow figure without its places is caught.
    let mut stripped = atlas.clone();
    let l5 = stripped.legs.iter_mut().find(|l| l.id == "L5").expect("L5");
    l5.documented
        .iter_mut()
        .find(|d| d.source == "ZH-YH")
        .expect("Canton–Hankow")
        .span = None;
    assert_eq!(unmeasured_parts(&stripped).0, ["leg L5 [ZH-YH]: \"Canton–Hankow\""]);
}
