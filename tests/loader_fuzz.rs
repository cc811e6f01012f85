//! Bad geodata never crashes the core: property-based fuzzing of the loader (`loader::load`).
//!
//! Every input, however broken, must give either a loaded atlas that keeps the schema's
//! promises (and can be drawn, picked and described) or a non-empty list of errors, each naming
//! its file; never a panic, within a bounded time and a bounded amount of heap.
//!
//! The inputs: truncated prefixes of the shipped files, random byte-level mutations of them,
//! structural mutations (a value anywhere in the tree replaced by a hostile one: wrong types,
//! numbers JSON cannot hold such as `1e400`, control characters, deep nesting, huge coordinate
//! arrays; fields removed; features duplicated), GeoJSON-shaped documents generated from
//! scratch, and a table of named hostile cases whose messages are printed.
//!
//! Each run prints how many inputs it tried (`cargo test --test loader_fuzz -- --nocapture`).
//! `PROPTEST_CASES=n` sets the number of cases of every property (the defaults keep
//! `cargo test` short on a 2-core machine).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

use supply_routes::data::error::LoadError;
use supply_routes::data::json::{MAX_FEATURES, MAX_TEXT_CHARS};
use supply_routes::data::loader::{self, RouteSetFiles};
use supply_routes::data::model::Atlas;
use supply_routes::data::month::Month;
use supply_routes::data::places::PLACES_FILE;
use supply_routes::data::published::MAX_END_GAP_M;
use supply_routes::data::routes::{MAX_VERTICES_PER_LINE, ROUTES_FILE};
use supply_routes::data::sources::SOURCES_FILE;
use supply_routes::data::text::Localized;
use supply_routes::geometry::measure::geodesic_distance_m;
use supply_routes::map::scene::Scene;

const ROUTES: &str = include_str!("../geodata/routes.geojson");
const PLACES: &str = include_str!("../geodata/places.geojson");
const SOURCES: &str = include_str!("../geodata/sources.json");
const FILE_NAMES: [&str; 3] = [ROUTES_FILE, PLACES_FILE, SOURCES_FILE];

/// No single input may take longer than this to load (a load of the shipped set takes about
/// 10 ms in a debug build, the largest inputs below a few hundred): generous, so that a 2-core
/// machine busy with other builds does not fail it.
const PER_CASE_LIMIT: Duration = Duration::from_secs(5);
/// Nor hold more heap at its peak than this many times the size of its input, plus a constant.
const HEAP_PER_INPUT_BYTE: usize = 64;
const HEAP_CONSTANT: usize = 8 << 20;

// ---------------------------------------------------------------------------------------------
// Heap accounting: a counting allocator, per thread (the loader is single-threaded, and the
// tests of this file run on several threads at once).

struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    // `try_with`: a thread being torn down has no locals left; its frees are not counted.
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f`, returning its result and the most heap it held at once beyond what was live before.
fn peak_heap<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    let peak = PEAK.with(Cell::get) - base;
    (out, peak.max(0) as usize)
}

// ---------------------------------------------------------------------------------------------
// The check every input goes through.

#[derive(Default)]
struct Stats {
    inputs: usize,
    accepted: usize,
    rejected: usize,
    errors: usize,
    slowest: Duration,
    total: Duration,
    peak_heap: usize,
    peak_ratio: f64,
}

impl Stats {
    fn print(&self, name: &str) {
        println!(
            "loader_fuzz {name}: {} inputs ({} loaded, {} rejected with {} errors in all); \
             mean {:.2} ms, slowest {:.1} ms; peak heap {:.1} MiB, at most {:.1}× the input",
            self.inputs,
            self.accepted,
            self.rejected,
            self.errors,
            self.total.as_secs_f64() * 1000.0 / self.inputs.max(1) as f64,
            self.slowest.as_secs_f64() * 1000.0,
            self.peak_heap as f64 / (1 << 20) as f64,
            self.peak_ratio,
        );
    }
}

struct Files {
    routes: String,
    places: String,
    sources: String,
}

impl Files {
    fn shipped() -> Files {
        Files {
            routes: ROUTES.to_owned(),
            places: PLACES.to_owned(),
            sources: SOURCES.to_owned(),
        }
    }

    fn with(file: usize, text: String) -> Files {
        let mut f = Files::shipped();
        *f.get_mut(file) = text;
        f
    }

    fn get_mut(&mut self, file: usize) -> &mut String {
        match file {
            0 => &mut self.routes,
            1 => &mut self.places,
            _ => &mut self.sources,
        }
    }

    fn len(&self) -> usize {
        self.routes.len() + self.places.len() + self.sources.len()
    }
}

/// Loads the files and checks the outcome: Ok with an atlas that keeps every promise of the
/// schema, or a non-empty list of errors that each name a file; in bounded time and heap.
fn check(files: &Files, stats: &mut Stats) -> Result<Atlas, Vec<LoadError>> {
    let start = Instant::now();
    let (result, heap) = peak_heap(|| {
        loader::load(RouteSetFiles::new(&files.routes, &files.places, &files.sources)).map(|set| set.atlas)
    });
    let took = start.elapsed();
    stats.inputs += 1;
    stats.total += took;
    stats.slowest = stats.slowest.max(took);
    stats.peak_heap = stats.peak_heap.max(heap);
    stats.peak_ratio = stats.peak_ratio.max(heap as f64 / files.len() as f64);
    assert!(took < PER_CASE_LIMIT, "a load took {took:?}");
    assert!(
        heap <= HEAP_CONSTANT + HEAP_PER_INPUT_BYTE * files.len(),
        "a load of {} bytes held {heap} bytes of heap",
        files.len()
    );
    match &result {
        Ok(atlas) => {
            stats.accepted += 1;
            check_atlas(atlas);
            use_atlas(atlas.clone());
        }
        Err(errors) => {
            stats.rejected += 1;
            stats.errors += errors.len();
            assert!(!errors.is_empty(), "Err with no errors");
            for e in errors {
                assert!(FILE_NAMES.contains(&e.file.as_str()), "unknown file in {e:?}");
                assert!(!e.message.trim().is_empty(), "empty message in {e:?}");
                assert!(e.to_string().starts_with(&e.file), "{e}");
            }
        }
    }
    result
}

fn check_text(what: &str, s: &str) {
    assert!(
        s.chars().count() <= MAX_TEXT_CHARS,
        "{what}: {} chars",
        s.chars().count()
    );
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n'),
        "{what}: control character in {s:?}"
    );
}

fn check_localized(what: &str, l: &Localized) {
    assert!(!l.get("en").trim().is_empty(), "{what}: no English text");
    for (lang, s) in &l.0 {
        check_text(&format!("{what}.{lang}"), s);
    }
}

fn check_month(what: &str, m: Month) {
    let m = &m.to_string();
    let b = m.as_bytes();
    assert!(
        b.len() == 7 && b[4] == b'-' && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit),
        "{what}: month {m:?}"
    );
    assert!(("01"..="12").contains(&&m[5..]), "{what}: month {m:?}");
}

fn check_position(what: &str, [lon, lat]: [f64; 2]) {
    assert!(
        lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0,
        "{what}: position {lon}, {lat}"
    );
}

fn check_id(what: &str, id: &str) {
    assert!(
        (1..=64).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{what}: id {id:?}"
    );
}

/// What an accepted atlas promises the rest of the core (geodata/README.md).
fn check_atlas(a: &Atlas) {
    assert!(!a.routes.is_empty(), "loaded with no routes");
    let tags: Vec<&str> = a.sources.iter().map(|s| s.tag.as_str()).collect();
    let known = |what: &str, t: &str| assert!(tags.contains(&t), "{what}: unknown source {t:?}");
    for s in &a.sources {
        check_text(&s.tag, &s.title);
        assert!(!s.title.trim().is_empty(), "{}: empty title", s.tag);
        if let Some(n) = &s.note {
            check_text(&s.tag, n);
        }
    }
    for (i, p) in a.places.iter().enumerate() {
        check_id("place", &p.id);
        assert!(!a.places[..i].iter().any(|q| q.id == p.id), "duplicate place {}", p.id);
        check_localized(&p.id, &p.name);
        if let Some(m) = &p.modern {
            check_localized(&p.id, m);
        }
        assert!((1..=4).contains(&p.rank), "{}: rank {}", p.id, p.rank);
        check_position(&p.id, [p.lon, p.lat]);
        assert!(!p.sources.is_empty(), "{}: no sources", p.id);
        p.sources.iter().for_each(|t| known(&p.id, t));
    }
    for leg in &a.legs {
        check_id("leg", &leg.id);
        assert!(
            (2..=MAX_VERTICES_PER_LINE).contains(&leg.coordinates.len()),
            "{}: {} vertices",
            leg.id,
            leg.coordinates.len()
        );
        leg.coordinates.iter().for_each(|&c| check_position(&leg.id, c));
        let (from, to) = (&a.places[leg.from], &a.places[leg.to]);
        let ends = [leg.coordinates[0], leg.coordinates[leg.coordinates.len() - 1]];
        for (place, end) in [(from, ends[0]), (to, ends[1])] {
            let gap = geodesic_distance_m([place.lon, place.lat], end);
            assert!(gap <= MAX_END_GAP_M, "{} ends {gap} m from {}", leg.id, place.id);
        }
        for p in &leg.periods {
            check_month(&leg.id, p.from);
            check_month(&leg.id, p.to);
        }
        assert!(!leg.sources.is_empty(), "{}: no sources", leg.id);
        leg.sources.iter().for_each(|t| known(&leg.id, t));
    }
    let mut ids: Vec<&str> = a.legs.iter().map(|l| l.id.as_str()).collect();
    for r in &a.routes {
        check_id("route", &r.id);
        assert!(!ids.contains(&r.id.as_str()), "duplicate id {}", r.id);
        ids.push(&r.id);
        for l in [&r.name, &r.summary, &r.closed] {
            check_localized(&r.id, l);
        }
        assert!(!r.legs.is_empty(), "{}: no legs", r.id);
        assert!(r.legs.iter().all(|&l| l < a.legs.len()), "{}: leg out of range", r.id);
        for pair in r.legs.windows(2) {
            assert_eq!(a.legs[pair[0]].to, a.legs[pair[1]].from, "{}: legs do not chain", r.id);
        }
        assert!(!r.periods.is_empty(), "{}: no periods", r.id);
        for (i, p) in r.periods.iter().enumerate() {
            check_month(&r.id, p.from);
            check_month(&r.id, p.to);
            assert!(p.from <= p.to, "{}: period {p:?}", r.id);
            assert!(i == 0 || r.periods[i - 1].to < p.from, "{}: periods overlap", r.id);
        }
        for f in &r.figures {
            check_localized(&r.id, &f.text);
            known(&r.id, &f.source);
        }
        assert!(!r.sources.is_empty(), "{}: no sources", r.id);
        r.sources.iter().for_each(|t| known(&r.id, t));
    }
}

/// An accepted atlas can be drawn, picked and described without a panic.
fn use_atlas(atlas: Atlas) {
    let routes = atlas.routes.len();
    let mut scene = Scene::new(atlas, 1280.0, 800.0);
    scene.fit_all([0.0, 0.0, 1280.0, 800.0]);
    for lang in ["en", "zh", "xx"] {
        assert_eq!(scene.route_summaries(lang).len(), routes);
        for r in 0..routes {
            assert!(scene.route_details(r, lang).is_some());
        }
    }
    for (x, y) in [(640.0, 400.0), (10.0, 10.0), (1279.0, 799.0)] {
        let _ = scene.pick_all(x, y);
    }
    let _ = scene.labels(&[]);
    for r in 0..routes {
        scene.fit_route(r, [300.0, 0.0, 980.0, 800.0]);
    }
}

fn config(default_cases: u32) -> Config {
    let mut c = Config::default(); // reads PROPTEST_CASES from the environment
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = default_cases;
    }
    c.failure_persistence = None;
    c
}

fn run<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value, &mut Stats)) {
    let started = Instant::now();
    let stats = RefCell::new(Stats::default());
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&strategy, |input| {
        test(input, &mut stats.borrow_mut());
        Ok(())
    });
    stats.borrow().print(name);
    println!("loader_fuzz {name}: {:.1} s in all", started.elapsed().as_secs_f64());
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

fn shipped_text(file: usize) -> &'static str {
    [ROUTES, PLACES, SOURCES][file]
}

// ---------------------------------------------------------------------------------------------
// Hostile values and JSON trees.

/// Number literals that JSON's grammar allows but an f64 cannot hold exactly (or at all):
/// written into the text in place of the placeholder strings `"@@RAW<i>@@"`.
const RAW_NUMBERS: [&str; 12] = [
    "1e400",
    "-1e400",
    "1E+309",
    "1e-400",
    "-0",
    "123456789012345678901234567890",
    "-9223372036854775809",
    "18446744073709551616",
    "1.7976931348623157e308",
    "4.9e-324",
    "0.1e1",
    "-0.0e-0",
];
/// Not JSON at all, though some encoders write them.
const NOT_JSON: [&str; 6] = ["NaN", "Infinity", "-Infinity", "undefined", "0x10", "+1"];

fn with_raw_numbers(text: String) -> String {
    let mut out = text;
    for (i, raw) in RAW_NUMBERS.iter().enumerate() {
        out = out.replace(&format!("\"@@RAW{i}@@\""), raw);
    }
    out
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_owned()),
        Just("\u{0}".to_owned()),
        Just("bell\u{7}".to_owned()),
        Just("tab\there".to_owned()),
        Just("line\nbreak".to_owned()),
        Just("\r\n".to_owned()),
        Just("\u{202e}reversed".to_owned()),
        Just("zero\u{200b}width".to_owned()),
        Just("\u{feff}bom".to_owned()),
        Just("<img src=x onerror=\"window.__pwned=1\">".to_owned()),
        Just("javascript:window.__pwned=1".to_owned()),
        Just("../../../etc/passwd".to_owned()),
        Just("x".repeat(MAX_TEXT_CHARS + 1)),
        Just("字".repeat(MAX_TEXT_CHARS)),
        Just("🚂".to_owned()),
        Just("en".to_owned()),
        Just("leg".to_owned()),
        Just("route".to_owned()),
        Just("sea".to_owned()),
        Just("1937-13".to_owned()),
        Just("1940-00".to_owned()),
        Just("9999-12".to_owned()),
        Just("1937-1".to_owned()),
        Just("FeatureCollection".to_owned()),
        Just("LineString".to_owned()),
        (0..RAW_NUMBERS.len()).prop_map(|i| format!("@@RAW{i}@@")),
        "[a-z0-9-]{1,12}",
        any::<String>(),
        "\\PC{0,40}",
        "[\u{0}-\u{1f}\u{7f}-\u{9f}]{1,20}",
    ]
}

fn hostile_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<f64>().prop_map(|f| json!(f)), // NaN and infinities become null in a Value
        any::<i64>().prop_map(|i| json!(i)),
        any::<u64>().prop_map(|i| json!(i)),
        (-200.0..200.0f64).prop_map(|f| json!(f)),
        prop::sample::select(vec![
            0.0, -0.0, 180.0, -180.0, 180.000001, 90.0, -90.0, 90.000001, 1e308, -1e308, 5e-324
        ])
        .prop_map(|f| json!(f)),
        prop::sample::select(vec![0, 1, 2, 3, 4, 5, -1, 255, 256]).prop_map(|i: i64| json!(i)),
    ]
}

/// `n` positions from a seed, cheaply (a strategy per element is slow in a debug build):
/// mostly valid, some out of range, too short, too long, or not numbers.
fn positions(n: usize, seed: u64) -> Value {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let unit = |r: u64| (r >> 11) as f64 / (1u64 << 53) as f64;
    let items = (0..n)
        .map(|_| {
            let (lon, lat) = (unit(next()) * 360.0 - 180.0, unit(next()) * 180.0 - 90.0);
            match next() % 64 {
                0 => json!([lon * 1e6, lat]),
                1 => json!([lon]),
                2 => json!([lon, lat, 0.0, 1.0]),
                3 => json!([lon, "@@RAW0@@"]),
                4 => json!([null, lat]),
                5 => json!({"lon": lon, "lat": lat}),
                _ => json!([lon, lat]),
            }
        })
        .collect();
    Value::Array(items)
}

fn nested(depth: usize, leaf: Value, object: bool) -> Value {
    (0..depth).fold(leaf, |v, _| if object { json!({ "a": v }) } else { json!([v]) })
}

fn position_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (-180.0..=180.0f64, -90.0..=90.0f64).prop_map(|(a, b)| json!([a, b])),
        1 => (hostile_number(), hostile_number()).prop_map(|(a, b)| json!([a, b])),
        1 => Just(json!([])),
        1 => Just(json!([1.0])),
        1 => (-180.0..=180.0f64, -90.0..=90.0f64, any::<f64>()).prop_map(|(a, b, c)| json!([a, b, c])),
    ]
}

/// A hostile JSON value: wrong types, extreme numbers, control characters, deep nesting, big
/// arrays of positions, and plausible values of the wrong kind.
fn hostile_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        hostile_number(),
        hostile_string().prop_map(Value::String),
    ];
    let tree = leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        prop::sample::select(vec![
                            "type",
                            "features",
                            "geometry",
                            "coordinates",
                            "properties",
                            "id",
                            "kind",
                            "name",
                            "en",
                            "zh",
                            "from",
                            "to",
                            "mode",
                            "legs",
                            "periods",
                            "sources",
                            "figures",
                            "text",
                            "source",
                            "title",
                            "rank",
                            "summary",
                            "closed",
                        ])
                        .prop_map(str::to_owned),
                        hostile_string(),
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    });
    prop_oneof![
        6 => tree,
        1 => (100usize..=200, any::<bool>()).prop_map(|(d, o)| nested(d, json!(1), o)),
        1 => (0..2000usize, any::<u64>()).prop_map(|(n, seed)| positions(n, seed)),
        1 => (1usize..3000, -180.0..=180.0f64, -90.0..=90.0f64).prop_map(|(n, lon, lat)| json!(vec![[lon, lat]; n])),
    ]
}

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    At(usize),
}

/// Every path in a JSON tree (the root is the empty path).
fn paths(v: &Value, prefix: &mut Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
    out.push(prefix.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                prefix.push(Seg::At(i));
                paths(item, prefix, out);
                prefix.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                prefix.push(Seg::Key(k.clone()));
                paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn at_mut<'v>(v: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    path.iter().try_fold(v, |v, seg| match seg {
        Seg::Key(k) => v.get_mut(k.as_str()),
        Seg::At(i) => v.get_mut(*i),
    })
}

#[derive(Clone, Debug)]
enum Edit {
    Replace(Index, Value),
    Remove(Index),
    Duplicate(Index),
}

/// The shipped files as trees, with their paths: all of them, and those outside coordinate
/// arrays (which would otherwise be nearly every path of routes.geojson).
struct Trees {
    trees: Vec<Value>,
    all: Vec<Vec<Vec<Seg>>>,
    fields: Vec<Vec<Vec<Seg>>>,
}

impl Trees {
    fn new() -> Trees {
        let trees: Vec<Value> = (0..3)
            .map(|f| serde_json::from_str(shipped_text(f)).expect("shipped files are JSON"))
            .collect();
        let all: Vec<Vec<Vec<Seg>>> = trees
            .iter()
            .map(|t| {
                let mut out = Vec::new();
                paths(t, &mut Vec::new(), &mut out);
                out
            })
            .collect();
        let fields = all
            .iter()
            .map(|ps| {
                ps.iter()
                    .filter(|p| !p.contains(&Seg::Key("coordinates".into())) || matches!(p.last(), Some(Seg::Key(_))))
                    .cloned()
                    .collect()
            })
            .collect();
        Trees { trees, all, fields }
    }

    fn edited(&self, file: usize, edits: &[(bool, Edit)]) -> String {
        let mut tree = self.trees[file].clone();
        for (anywhere, edit) in edits {
            let paths = if *anywhere { &self.all[file] } else { &self.fields[file] };
            let pick = |i: &Index| i.get(paths).clone();
            match edit {
                Edit::Replace(i, value) => {
                    if let Some(slot) = at_mut(&mut tree, &pick(i)) {
                        *slot = value.clone();
                    }
                }
                Edit::Remove(i) | Edit::Duplicate(i) => {
                    let mut path = pick(i);
                    let Some(last) = path.pop() else { continue };
                    match (at_mut(&mut tree, &path), last) {
                        (Some(Value::Object(map)), Seg::Key(k)) => {
                            map.remove(&k);
                        }
                        (Some(Value::Array(items)), Seg::At(j)) if j < items.len() => {
                            if matches!(edit, Edit::Remove(_)) {
                                items.remove(j);
                            } else {
                                let copy = items[j].clone();
                                items.insert(j, copy);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        with_raw_numbers(serde_json::to_string(&tree).expect("a Value serializes"))
    }
}

fn edit() -> impl Strategy<Value = (bool, Edit)> {
    (
        prop::bool::weighted(0.2),
        prop_oneof![
            6 => (any::<Index>(), hostile_value()).prop_map(|(i, v)| Edit::Replace(i, v)),
            2 => any::<Index>().prop_map(Edit::Remove),
            1 => any::<Index>().prop_map(Edit::Duplicate),
        ],
    )
}

// ---------------------------------------------------------------------------------------------
// The properties.

#[test]
fn shipped_geodata_passes_the_check() {
    let mut stats = Stats::default();
    let atlas = check(&Files::shipped(), &mut stats).expect("the shipped geodata loads");
    assert!(atlas.routes.len() >= 10);
}

#[test]
fn truncated_files_are_rejected() {
    run(
        "truncated prefixes",
        200,
        (0..3usize, any::<Index>()),
        |(file, cut), stats| {
            let text = shipped_text(file);
            let mut n = cut.index(text.len());
            while !text.is_char_boundary(n) {
                n -= 1;
            }
            let prefix = &text[..n];
            let result = check(&Files::with(file, prefix.to_owned()), stats);
            // Only whitespace may be cut from a JSON text without breaking it.
            if prefix.trim_end().len() < text.trim_end().len() {
                let errors = result.expect_err("a truncated file must be rejected");
                assert!(
                    errors.iter().any(|e| e.file == FILE_NAMES[file] && e.feature.is_none()),
                    "no whole-file error for {} cut at {n}: {errors:?}",
                    FILE_NAMES[file]
                );
            }
        },
    );
}

#[derive(Clone, Debug)]
enum ByteEdit {
    Delete(Index, usize),
    Insert(Index, String),
    Set(Index, u8),
    Copy(Index, Index, usize),
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    let token = prop_oneof![
        prop::sample::select(
            [
                "\"", "{", "}", "[", "]", ",", ":", "null", "\\", "\\u0000", "\\ud800", "\u{0}", "\u{7f}", "\u{feff}",
                "é"
            ]
            .map(str::to_owned)
            .to_vec()
        ),
        prop::sample::select(RAW_NUMBERS.map(str::to_owned).to_vec()),
        prop::sample::select(NOT_JSON.map(str::to_owned).to_vec()),
        "\\PC{1,8}",
    ];
    prop_oneof![
        (any::<Index>(), 1..64usize).prop_map(|(i, n)| ByteEdit::Delete(i, n)),
        (any::<Index>(), token).prop_map(|(i, t)| ByteEdit::Insert(i, t)),
        (any::<Index>(), any::<u8>()).prop_map(|(i, b)| ByteEdit::Set(i, b)),
        (any::<Index>(), any::<Index>(), 1..400usize).prop_map(|(a, b, n)| ByteEdit::Copy(a, b, n)),
    ]
}

#[test]
fn byte_mutations_never_panic() {
    run(
        "byte mutations",
        250,
        (0..3usize, prop::collection::vec(byte_edit(), 1..6)),
        |(file, edits), stats| {
            let mut bytes = shipped_text(file).as_bytes().to_vec();
            for e in edits {
                let len = bytes.len().max(1);
                match e {
                    ByteEdit::Delete(i, n) => {
                        let a = i.index(len).min(bytes.len());
                        bytes.drain(a..(a + n).min(bytes.len()));
                    }
                    ByteEdit::Insert(i, t) => {
                        let a = i.index(len + 1).min(bytes.len());
                        bytes.splice(a..a, t.into_bytes());
                    }
                    ByteEdit::Set(i, b) => {
                        if !bytes.is_empty() {
                            bytes[i.index(len)] = b;
                        }
                    }
                    ByteEdit::Copy(from, to, n) => {
                        let a = from.index(len).min(bytes.len());
                        let piece = bytes[a..(a + n).min(bytes.len())].to_vec();
                        let b = to.index(len + 1).min(bytes.len());
                        bytes.splice(b..b, piece);
                    }
                }
            }
            // The loader takes text: invalid UTF-8 is replaced as the browser's decoder would.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let _ = check(&Files::with(file, text), stats);
        },
    );
}

#[test]
fn structural_mutations_never_panic() {
    let trees = Trees::new();
    run(
        "structural mutations",
        250,
        (0..3usize, prop::collection::vec(edit(), 1..4)),
        |(file, edits), stats| {
            let text = trees.edited(file, &edits);
            let _ = check(&Files::with(file, text), stats);
        },
    );
}

fn feature() -> impl Strategy<Value = Value> {
    let place = prop::sample::select(vec![
        "vladivostok",
        "haiphong",
        "kunming",
        "lanzhou",
        "alma-ata",
        "nowhere",
    ]);
    let good_line =
        prop::collection::vec(position_value(), 0..50).prop_map(|c| json!({"type": "LineString", "coordinates": c}));
    let geometry = prop_oneof![
        Just(Value::Null),
        good_line,
        position_value().prop_map(|c| json!({"type": "Point", "coordinates": c})),
        hostile_value().prop_map(|c| json!({"type": "LineString", "coordinates": c})),
        hostile_value(),
    ];
    let props = (
        prop::sample::select(vec!["leg", "route", "place", ""]),
        "[A-Za-z0-9_-]{1,8}",
        (place.clone(), place),
        prop::sample::select(vec!["sea", "rail", "road", "air", "camel"]),
        hostile_value(),
        prop::collection::vec(prop::sample::select(vec!["NOTES", "PUB151", "T", "nope"]), 0..3),
        prop::collection::vec(("19[0-9]{2}-[01][0-9]", "19[0-9]{2}-[01][0-9]"), 0..3),
    )
        .prop_map(|(kind, id, (from, to), mode, extra, sources, periods)| {
            json!({
                "kind": kind, "id": id, "from": from, "to": to, "mode": mode, "sources": sources,
                "name": {"en": id}, "summary": {"en": "s"}, "closed": {"en": "c"}, "legs": [id],
                "periods": periods.into_iter().map(|(f, t)| json!({"from": f, "to": t})).collect::<Vec<_>>(),
                "figures": [{"text": extra, "source": "NOTES"}],
            })
        });
    prop_oneof![
        8 => (geometry, props).prop_map(|(g, p)| json!({"type": "Feature", "geometry": g, "properties": p})),
        1 => hostile_value(),
    ]
}

#[test]
fn generated_collections_never_panic() {
    run(
        "generated collections",
        60,
        (0..3usize, prop::collection::vec(feature(), 0..12), hostile_value()),
        |(file, features, extra), stats| {
            let doc = if file == 2 {
                // sources.json: an object of tags, generated from the same parts.
                json!({"NOTES": {"title": "Notes"}, "X": extra, "Y": {"title": features.first().cloned().unwrap_or(Value::Null)}})
            } else {
                json!({"type": "FeatureCollection", "features": features, "extra": extra})
            };
            let text = with_raw_numbers(serde_json::to_string(&doc).expect("a Value serializes"));
            let _ = check(&Files::with(file, text), stats);
        },
    );
}

// ---------------------------------------------------------------------------------------------
// Named hostile inputs, each with the message a curator would read.

fn tree(file: usize) -> Value {
    serde_json::from_str(shipped_text(file)).expect("shipped files are JSON")
}

/// The shipped routes.geojson with one edit applied to the first feature of a kind.
fn routes_edit(kind: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut t = tree(0);
    let f = t["features"]
        .as_array_mut()
        .and_then(|fs| fs.iter_mut().find(|f| f["properties"]["kind"] == kind))
        .expect("a feature of that kind");
    edit(f);
    with_raw_numbers(serde_json::to_string(&t).expect("a Value serializes"))
}

/// `n` vertices along a polyline, evenly spaced by index between its vertices.
fn resample(line: &[Value], n: usize) -> Vec<Value> {
    let pts: Vec<[f64; 2]> = line
        .iter()
        .map(|c| [c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat")])
        .collect();
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64 * (pts.len() - 1) as f64;
            let (k, f) = ((t as usize).min(pts.len() - 2), t.fract());
            let f = if t as usize > pts.len() - 2 { 1.0 } else { f };
            json!([
                pts[k][0] + (pts[k + 1][0] - pts[k][0]) * f,
                pts[k][1] + (pts[k + 1][1] - pts[k][1]) * f
            ])
        })
        .collect()
}

struct Case {
    name: &'static str,
    file: usize,
    text: String,
    /// A fragment of one of the messages, or `None` where the input must load.
    expect: Option<&'static str>,
}

fn case(name: &'static str, file: usize, text: String, expect: Option<&'static str>) -> Case {
    Case {
        name,
        file,
        text,
        expect,
    }
}

fn hostile_cases() -> Vec<Case> {
    let deep = |depth: usize, open: &str, close: &str| format!("{}1{}", open.repeat(depth), close.repeat(depth));
    let n = MAX_VERTICES_PER_LINE;
    vec![
        case(
            "empty file",
            0,
            String::new(),
            Some("not valid JSON: EOF while parsing"),
        ),
        case(
            "only whitespace",
            0,
            " \n\t ".into(),
            Some("not valid JSON: EOF while parsing"),
        ),
        case(
            "JSON null",
            0,
            "null".into(),
            Some("expected a GeoJSON FeatureCollection"),
        ),
        case(
            "an array, not an object",
            0,
            "[]".into(),
            Some("expected a GeoJSON FeatureCollection"),
        ),
        case(
            "byte order mark before the JSON",
            0,
            format!("\u{feff}{ROUTES}"),
            Some("not valid JSON: expected value at line 1 column 1"),
        ),
        case(
            "features is an object",
            0,
            r#"{"type":"FeatureCollection","features":{}}"#.into(),
            Some("\"features\" must be an array"),
        ),
        case(
            "truncated in the middle",
            0,
            ROUTES[..ROUTES.floor_char_boundary(ROUTES.len() / 2)].into(),
            Some("not valid JSON: EOF while parsing"),
        ),
        case(
            "1e400 as a longitude",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"][1][0] = json!("@@RAW0@@")),
            Some("not valid JSON: number out of range"),
        ),
        case(
            "NaN as a latitude",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"][1][1] = json!("@@NaN@@")).replace("\"@@NaN@@\"", "NaN"),
            Some("not valid JSON: expected value"),
        ),
        case(
            "-Infinity as a longitude",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"][1][0] = json!("@@Inf@@"))
                .replace("\"@@Inf@@\"", "-Infinity"),
            Some("not valid JSON: invalid number"),
        ),
        case(
            "1e-400 (underflows to 0) as a latitude",
            0,
            routes_edit("leg", |f| {
                let end = f["geometry"]["coordinates"].as_array().map_or(0, |c| c.len() - 1);
                f["geometry"]["coordinates"][end][1] = json!("@@RAW3@@");
            }),
            Some("field \"to\": the line ends"), // the end moves to the equator, far from its place
        ),
        case(
            "longitude 1e308",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"][1][0] = json!(1e308)),
            Some("is not a [lon, lat] position within ±180, ±90"),
        ),
        case(
            "latitude 90.000001",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"][1][1] = json!(90.000001)),
            Some("is not a [lon, lat] position within ±180, ±90"),
        ),
        case(
            "a position with one number",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"][1] = json!([33.0])),
            Some("[33.0] is not a [lon, lat] position"),
        ),
        case(
            "coordinates is a string",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"] = json!("33,44")),
            Some("not a valid GeoJSON feature"),
        ),
        case(
            "coordinates nested 1,000,000 deep",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"] = json!("@@DEEP@@"))
                .replace("\"@@DEEP@@\"", &deep(1_000_000, "[", "]")),
            Some("recursion limit exceeded"),
        ),
        case(
            "a property nested 129 objects deep",
            0,
            routes_edit("route", |f| f["properties"]["extra"] = nested(129, json!(1), true)),
            Some("recursion limit exceeded"),
        ),
        case(
            "sources.json nested 100,000 objects deep",
            2,
            deep(100_000, "{\"a\":", "}"),
            Some("recursion limit exceeded"),
        ),
        case(
            "an unknown property nested 120 deep (under the limit of 128)",
            0,
            routes_edit("route", |f| f["properties"]["extra"] = nested(120, json!(1), false)),
            None,
        ),
        case(
            "a leg of 100,001 vertices",
            0,
            routes_edit("leg", |f| {
                let line = f["geometry"]["coordinates"].as_array().expect("line").clone();
                f["geometry"]["coordinates"] = Value::Array(resample(&line, n + 1));
            }),
            Some("a leg needs 2 to 100000 positions, found 100001"),
        ),
        case(
            "a leg of 100,000 vertices (the most allowed)",
            0,
            routes_edit("leg", |f| {
                let line = f["geometry"]["coordinates"].as_array().expect("line").clone();
                f["geometry"]["coordinates"] = Value::Array(resample(&line, n));
            }),
            None,
        ),
        case(
            "a leg of 100,000 vertices all out of range",
            0,
            routes_edit("leg", |f| f["geometry"]["coordinates"] = json!(vec![[200.0, 100.0]; n])),
            Some("[200.0, 100.0] is not a [lon, lat] position"),
        ),
        case(
            "10,001 features",
            1,
            {
                let mut t = tree(1);
                let first = t["features"][0].clone();
                t["features"] = Value::Array(vec![first; MAX_FEATURES + 1]);
                t.to_string()
            },
            Some("10001 features, more than the 10000 allowed"),
        ),
        case(
            "a route name with a BEL control character",
            0,
            routes_edit("route", |f| f["properties"]["name"]["en"] = json!("Burma\u{7} Road")),
            Some("field \"name.en\": text contains control characters"),
        ),
        case(
            "a route name with NUL",
            0,
            routes_edit("route", |f| f["properties"]["name"]["en"] = json!("\u{0}")),
            Some("text contains control characters"),
        ),
        case(
            "a summary of 4,001 characters",
            0,
            routes_edit("route", |f| {
                f["properties"]["summary"]["en"] = json!("x".repeat(MAX_TEXT_CHARS + 1))
            }),
            Some("text longer than 4000 characters"),
        ),
        case(
            "a summary of 10 million characters",
            0,
            routes_edit("route", |f| {
                f["properties"]["summary"]["en"] = json!("字".repeat(10_000_000))
            }),
            Some("text longer than 4000 characters"),
        ),
        case(
            "a lone surrogate \\ud800 in a name",
            0,
            routes_edit("route", |f| f["properties"]["name"]["en"] = json!("@@SUR@@")).replace("@@SUR@@", "\\ud800"),
            Some("not valid JSON"),
        ),
        case(
            "a name that is a number",
            0,
            routes_edit("route", |f| f["properties"]["name"] = json!(7)),
            Some("field \"name\": expected an object of languages like {\"en\": \"…\"}, found a number"),
        ),
        case(
            "name.en is an array",
            0,
            routes_edit("route", |f| f["properties"]["name"]["en"] = json!(["a"])),
            Some("field \"name.en\": expected a string, found an array"),
        ),
        case(
            "properties is an array",
            0,
            routes_edit("leg", |f| f["properties"] = json!([1, 2])),
            Some("not a valid GeoJSON feature"),
        ),
        case(
            "a feature that is a string",
            0,
            {
                let mut t = tree(0);
                t["features"][0] = json!("Feature");
                t.to_string()
            },
            Some("not a valid GeoJSON feature"),
        ),
        case(
            "rank 2.5",
            1,
            {
                let mut t = tree(1);
                t["features"][0]["properties"]["rank"] = json!(2.5);
                t.to_string()
            },
            Some("field \"rank\": expected an integer from 1 to 4"),
        ),
        case(
            "periods is a string",
            0,
            routes_edit("route", |f| f["properties"]["periods"] = json!("1937-1941")),
            Some("field \"periods\": expected an array of {\"from\": \"YYYY-MM\", \"to\": \"YYYY-MM\"}"),
        ),
        case(
            "month 1937-13",
            0,
            routes_edit("route", |f| f["properties"]["periods"][0]["from"] = json!("1937-13")),
            Some("expected a month \"YYYY-MM\", found \"1937-13\""),
        ),
        case(
            "a period that ends before it starts",
            0,
            routes_edit("route", |f| {
                f["properties"]["periods"] = json!([{"from": "1941-01", "to": "1937-01"}])
            }),
            Some("starts (1941-01) after it ends (1937-01)"),
        ),
        case(
            "a leg as a Point",
            0,
            routes_edit("leg", |f| {
                f["geometry"] = json!({"type": "Point", "coordinates": [33.5, 44.6]})
            }),
            Some("expected a LineString, found Point"),
        ),
        case(
            "an id with a space",
            0,
            routes_edit("route", |f| f["properties"]["id"] = json!("burma road")),
            Some("\"burma road\" must be 1-64 letters, digits, '-' or '_'"),
        ),
        case(
            "mode camel",
            0,
            routes_edit("leg", |f| f["properties"]["mode"] = json!("camel")),
            Some("expected one of sea, rail, road, air, found \"camel\""),
        ),
        case(
            "a route naming a leg that does not exist",
            0,
            routes_edit("route", |f| f["properties"]["legs"] = json!(["S1", "NOPE"])),
            Some("no leg with id \"NOPE\""),
        ),
        case(
            "two features with one id",
            0,
            {
                let mut t = tree(0);
                let first = t["features"][0].clone();
                t["features"].as_array_mut().expect("features").push(first);
                t.to_string()
            },
            Some("duplicate id"),
        ),
        case(
            "sources.json is an array",
            2,
            "[]".into(),
            Some("expected an object of source tags"),
        ),
        case(
            "sources.json is an empty object",
            2,
            "{}".into(),
            Some("sources.json: no sources: every feature must cite one"),
        ),
        case(
            "a source with no title",
            2,
            {
                let mut t = tree(2);
                let tag = t.as_object().and_then(|m| m.keys().next().cloned()).expect("a tag");
                t[tag.as_str()] = json!({"note": "n"});
                t.to_string()
            },
            Some("field \"title\": missing"),
        ),
        case(
            "markup and a javascript: URL in texts (loaded: shown as text by the page)",
            0,
            routes_edit("route", |f| {
                f["properties"]["name"]["en"] = json!("<img src=x onerror=\"window.__pwned=1\">");
                f["properties"]["summary"]["en"] = json!("javascript:window.__pwned=1");
            }),
            None,
        ),
    ]
}

#[test]
fn hostile_cases_are_rejected_with_clear_messages() {
    // On a 1 MiB stack, to show that deep nesting cannot overflow a small stack either.
    let worker = std::thread::Builder::new().stack_size(1 << 20).spawn(|| {
        let mut stats = Stats::default();
        let mut table = Vec::new();
        let mut wrong = Vec::new();
        for c in hostile_cases() {
            let start = Instant::now();
            let result = check(&Files::with(c.file, c.text), &mut stats);
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            let first = |errors: &[LoadError]| errors.iter().take(2).map(|e| format!("[{e}]")).collect::<String>();
            match (&result, c.expect) {
                (Ok(_), None) => table.push(format!("{}: loaded ({ms:.0} ms)", c.name)),
                (Ok(_), Some(want)) => wrong.push(format!("{}: loaded, but should fail with {want:?}", c.name)),
                (Err(errors), None) => wrong.push(format!("{}: should load, failed with {}", c.name, first(errors))),
                (Err(errors), Some(want)) => match errors.iter().find(|e| e.to_string().contains(want)) {
                    Some(hit) => table.push(format!("{}: {} error(s) ({ms:.0} ms); {hit}", c.name, errors.len())),
                    None => wrong.push(format!("{}: no message contains {want:?}: {}", c.name, first(errors))),
                },
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        (stats, table)
    });
    let (stats, table) = worker.expect("spawn").join().expect("no case panics or overflows");
    for line in table {
        println!("  {line}");
    }
    stats.print("hostile cases");
}
