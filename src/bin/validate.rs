//! `cargo run --bin validate -- geodata/`: checks a route set's folder through the loader the
//! page uses: routes.geojson, places.geojson, sources.json, and where the folder has them
//! events.geojson, timeline.json, occupied.geojson, period-states.geojson, chapters.json,
//! languages.json and the interface files (`interface/<code>.json`). Prints every problem,
//! each naming the file, the feature, the field and the line, and exits with 1; or, when the set
//! is valid, a one-screen summary: what it holds, each route's drawn length beside its published
//! ones, and how complete each language is (exit 0). `--lengths` also lists every published
//! length against the drawn line; one out of tolerance is listed always, but is not an error:
//! the data may be right and the tolerance too tight.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jsonc_parser::ast::{ObjectProp, Value};
use jsonc_parser::common::Ranged;
use supply_routes::data::chapters::CHAPTERS_FILE;
use supply_routes::data::error::LoadError;
use supply_routes::data::events::EVENTS_FILE;
use supply_routes::data::interface::interface_file;
use supply_routes::data::languages::{LANGUAGES_FILE, Languages};
use supply_routes::data::loader::{self, RouteSet, RouteSetFiles, War};
use supply_routes::data::model::{Documented, LengthUnit, Mode};
use supply_routes::data::occupied::{HeldKind, OCCUPIED_FILE, PERIOD_STATES_FILE};
use supply_routes::data::places::PLACES_FILE;
use supply_routes::data::published::length_checks;
use supply_routes::data::report::Completeness;
use supply_routes::data::routes::ROUTES_FILE;
use supply_routes::data::sources::SOURCES_FILE;
use supply_routes::data::timeline::TIMELINE_FILE;
use supply_routes::geometry::measure::{METRES_PER_NM, geodesic_length_m};

/// The text of `dir/name`; `None`, without a problem, for an optional file that is not there.
fn read(dir: &Path, name: &str, optional: bool, errors: &mut Vec<LoadError>) -> Option<String> {
    let path = dir.join(name);
    if optional && !path.exists() {
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            errors.push(LoadError {
                file: name.to_owned(),
                feature: None,
                field: None,
                message: format!("cannot read {}: {e}", path.display()),
                line: None,
            });
            None
        }
    }
}

/// The property `name` of an object value.
fn prop<'v, 'a>(v: &'v Value<'a>, name: &str) -> Option<&'v Value<'a>> {
    match v {
        Value::Object(o) => o
            .properties
            .iter()
            .find(|p: &&ObjectProp| p.name.as_str() == name)
            .map(|p| &p.value),
        _ => None,
    }
}

fn element<'v, 'a>(v: &'v Value<'a>, i: usize) -> Option<&'v Value<'a>> {
    match v {
        Value::Array(a) => a.elements.get(i),
        _ => None,
    }
}

/// The chain of values from the root to the object whose `id` (or `code`) is `feature`, on
/// the line the loader found it on when it did (of two features with one id, the one it means).
fn find<'v, 'a>(v: &'v Value<'a>, feature: &str, on: &dyn Fn(usize) -> bool, path: &mut Vec<&'v Value<'a>>) -> bool {
    path.push(v);
    let named = ["id", "code"].iter().any(|k| {
        prop(v, k)
            .and_then(Value::as_string_lit)
            .is_some_and(|s| s.value == feature && on(s.range().start))
    });
    if named {
        return true;
    }
    let children: Vec<&Value> = match v {
        Value::Object(o) => o.properties.iter().map(|p| &p.value).collect(),
        Value::Array(a) => a.elements.iter().collect(),
        _ => Vec::new(),
    };
    if children.iter().any(|c| find(c, feature, on, path)) {
        return true;
    }
    path.pop();
    false
}

/// The line in `text` that `e` points at: its field inside its feature, as near as the file
/// allows (the loader gives only the feature's line: it has no parser that keeps positions, to
/// keep the page's wasm small); `None` when it cannot be found (or serde's message gives it).
fn line_of(text: &str, e: &LoadError) -> Option<usize> {
    if e.message.contains(" at line ") {
        return None;
    }
    let line = |at: usize| text[..at].matches('\n').count() + 1;
    let root = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
        .ok()?
        .value?;
    let mut path = vec![&root];
    if let Some(feature) = &e.feature {
        path.clear();
        let index = feature.strip_prefix('#').and_then(|i| i.parse::<usize>().ok());
        let by_index = index.and_then(|i| {
            ["features", "counters", "chapters"]
                .iter()
                .find_map(|k| prop(&root, k).and_then(|list| element(list, i)))
                .or_else(|| element(&root, i))
        });
        match (by_index, prop(&root, feature)) {
            (Some(v), _) | (None, Some(v)) => path.extend([&root, v]),
            _ if find(&root, feature, &|at| e.line.is_none_or(|l| line(at) == l), &mut path) => {}
            _ => return None,
        }
    }
    // The field from the innermost object out, in its properties first: a GeoJSON feature has
    // an `id` of its own beside its properties, and its `geometry` is not in them.
    let mut node = *path.last()?;
    if let Some(field) = &e.field {
        node = path
            .iter()
            .rev()
            .flat_map(|start| [prop(start, "properties"), Some(*start)])
            .flatten()
            .find_map(|start| walk(start, field))
            .unwrap_or(node);
    }
    Some(line(node.range().start))
}

/// The value at `field` (`documented[0].source`, or a key with dots in it) under `v`.
fn walk<'v, 'a>(v: &'v Value<'a>, field: &str) -> Option<&'v Value<'a>> {
    if field.is_empty() {
        return Some(v);
    }
    if let Some(whole) = prop(v, field) {
        return Some(whole);
    }
    let (head, rest) = field.split_once('.').unwrap_or((field, ""));
    let mut parts = head.split('[');
    let mut at = prop(v, parts.next()?)?;
    for index in parts {
        at = element(at, index.trim_end_matches(']').parse().ok()?)?;
    }
    walk(at, rest).or(Some(at))
}

fn length(km: f64, sea: bool) -> String {
    if sea {
        format!("{:.0} nm", km * 1000.0 / METRES_PER_NM)
    } else {
        format!("{km:.0} km")
    }
}

fn published(d: &Documented) -> String {
    let unit = match d.unit {
        LengthUnit::Km => "km",
        LengthUnit::Nm => "nm",
    };
    match &d.covers {
        Some(c) => format!("{} {unit} [{}] for {}", d.value, d.source, c.get("en")),
        None => format!("{} {unit} [{}]", d.value, d.source),
    }
}

/// `1204` as `1,204`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What Japan held by kind, the period's labels and the chapters, or that the set has none.
fn war_summary(war: &War) {
    if war.held.is_empty() && war.states.is_empty() && war.chapters.is_empty() {
        println!("no war (occupied.geojson, period-states.geojson, chapters.json)");
        return;
    }
    let count = |k: HeldKind| war.held.iter().filter(|h| h.kind == k).count();
    println!(
        "held: {} areas, {} cities, {} railways, {} blockade lines; {} period labels; {} chapters",
        count(HeldKind::Area),
        count(HeldKind::City),
        count(HeldKind::Railway),
        count(HeldKind::Blockade),
        war.states.len(),
        war.chapters.len(),
    );
}

/// Each language's share of the texts, and of the interface strings when the set has them.
fn languages_summary(set: &RouteSet) {
    let Completeness {
        texts,
        interface,
        languages,
    } = &set.completeness;
    println!(
        "languages ({} the source; a missing text shows in it):",
        set.languages.source()
    );
    for (l, c) in set.languages.list().iter().zip(languages) {
        let share = if *texts == 0 { 100 } else { c.texts * 100 / texts };
        let ui = match (interface, c.interface) {
            (Some(all), Some(n)) => format!(", interface {}/{}", grouped(n), grouped(*all)),
            (Some(all), None) => format!(", interface 0/{} (no {})", grouped(*all), interface_file(&l.code)),
            (None, _) => String::new(),
        };
        println!(
            "  {} {}: {}/{} texts ({share} %){ui}",
            l.code,
            l.name,
            grouped(c.texts),
            grouped(*texts)
        );
    }
}

fn summary(set: &RouteSet, all_lengths: bool) {
    let atlas = &set.atlas;
    let counters = set.timeline.as_ref().map_or(0, |t| t.counters.len());
    println!(
        "valid: {} routes, {} legs, {} places, {} sources, {} events, {} counters",
        atlas.routes.len(),
        atlas.legs.len(),
        atlas.places.len(),
        atlas.sources.len(),
        set.events.len(),
        counters,
    );
    match (&set.timeline, set.events.first(), set.events.last()) {
        (Some(t), _, _) => println!("timeline: {} to {}", t.start, t.end),
        (None, Some(a), Some(b)) => println!("events: {} to {}, no timeline", a.month, b.month),
        _ => println!("no story (events.geojson, timeline.json)"),
    }
    war_summary(&set.war);
    languages_summary(set);
    let leg_km: Vec<f64> = atlas
        .legs
        .iter()
        .map(|l| geodesic_length_m(&l.coordinates) / 1000.0)
        .collect();
    println!("routes (drawn; published):");
    for route in &atlas.routes {
        let total: f64 = route.legs.iter().map(|&l| leg_km[l]).sum();
        let sea = route.legs.iter().all(|&l| atlas.legs[l].mode == Mode::Sea);
        let figures: Vec<String> = route.documented.iter().map(published).collect();
        println!(
            "  route {} \"{}\": drawn {}{}",
            route.id,
            route.name.get("en"),
            length(total, sea),
            if figures.is_empty() {
                String::new()
            } else {
                format!("; published {}", figures.join(", "))
            }
        );
    }
    let checks = length_checks(atlas);
    let outside = checks.iter().filter(|c| !c.within).count();
    println!(
        "published lengths against the drawn line: {} compared, {} out of tolerance{}",
        checks.len(),
        outside,
        if all_lengths { "" } else { " (--lengths lists them)" }
    );
    for check in checks.iter().filter(|c| all_lengths || !c.within) {
        println!("  {check}");
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let all_lengths = args.iter().any(|a| a == "--lengths");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map_or_else(|| PathBuf::from("geodata"), PathBuf::from);
    let mut errors = Vec::new();
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut get = |name: &str, optional: bool, errors: &mut Vec<LoadError>| {
        let text = read(&dir, name, optional, errors);
        if let Some(t) = &text {
            texts.push((name.to_owned(), t.clone()));
        }
        text
    };
    let routes = get(ROUTES_FILE, false, &mut errors);
    let places = get(PLACES_FILE, false, &mut errors);
    let sources = get(SOURCES_FILE, false, &mut errors);
    let events = get(EVENTS_FILE, true, &mut errors);
    let timeline = get(TIMELINE_FILE, true, &mut errors);
    let occupied = get(OCCUPIED_FILE, true, &mut errors);
    let period_states = get(PERIOD_STATES_FILE, true, &mut errors);
    let chapters = get(CHAPTERS_FILE, true, &mut errors);
    let languages = get(LANGUAGES_FILE, true, &mut errors);
    // The interface files of the languages declared (the loader reports a bad declaration).
    let declared = languages
        .as_deref()
        .map_or_else(|| Ok(Languages::default()), Languages::parse)
        .unwrap_or_default();
    let interface: Vec<(String, String)> = declared
        .codes()
        .filter_map(|code| Some((code.to_owned(), get(&interface_file(code), true, &mut errors)?)))
        .collect();
    let interface: Vec<(&str, &str)> = interface.iter().map(|(c, t)| (c.as_str(), t.as_str())).collect();
    if let (Some(routes), Some(places), Some(sources), true) = (&routes, &places, &sources, errors.is_empty()) {
        let files = RouteSetFiles {
            events: events.as_deref(),
            timeline: timeline.as_deref(),
            occupied: occupied.as_deref(),
            period_states: period_states.as_deref(),
            chapters: chapters.as_deref(),
            languages: languages.as_deref(),
            interface: &interface,
            ..RouteSetFiles::new(routes, places, sources)
        };
        match loader::load(files) {
            Ok(set) => {
                summary(&set, all_lengths);
                // What translators have to do (the translation memory of `strings`): each stale
                // translation, and how many texts each language lacks.
                use supply_routes::i18n::memory::{State, pending};
                match pending(&dir) {
                    Ok(todo) => {
                        let stale: Vec<_> = todo.iter().filter(|p| p.state != State::Untranslated).collect();
                        println!("\ntranslations: {} stale (the English changed since)", stale.len());
                        for p in stale.iter().take(20) {
                            println!("  {p}");
                        }
                        if stale.len() > 20 {
                            println!("  and {} more (cargo run --bin strings -- status)", stale.len() - 20);
                        }
                        let mut missing: Vec<(&str, usize)> = Vec::new();
                        for p in todo.iter().filter(|p| p.state == State::Untranslated) {
                            match missing.iter_mut().find(|(l, _)| *l == p.lang) {
                                Some((_, n)) => *n += 1,
                                None => missing.push((&p.lang, 1)),
                            }
                        }
                        for (lang, n) in missing {
                            println!("  {lang}: {n} texts untranslated");
                        }
                    }
                    Err(e) => println!("\ntranslations: not checked: {}", e[0]),
                }
                return ExitCode::SUCCESS;
            }
            Err(e) => errors = e,
        }
    }
    for e in &mut errors {
        let text = texts.iter().find(|(name, _)| *name == e.file).map(|(_, t)| t.as_str());
        // The field's line where the file's syntax tree tells it, else the loader's feature line.
        e.line = text.and_then(|t| line_of(t, e)).or(e.line);
        println!("{e}");
    }
    eprintln!("{}: {} problem(s)", dir.display(), errors.len());
    ExitCode::FAILURE
}
