//! The one loader: reads a whole route set (routes, places, sources, and, when given, the
//! events, the timeline and the war: what Japan held, the period's states, the chapters) into
//! one validated [`RouteSet`], checking every field a visitor will see and every reference from
//! one file to another.
//!
//! A bad file never panics the core: loading returns either the set or *every* problem found,
//! each naming the file, the feature and the field, and the line: the feature's, or the line and
//! column for JSON that does not parse (see `geodata/README.md` for the schema). Each mistake is
//! reported once, where it is: a reference to a feature that failed its own rules, or into a
//! file that did not load, is not reported again (`Report::failed`).

use crate::data::chapters::{self, CHAPTERS_FILE, Chapter, in_frame};
use crate::data::error::{LoadError, error, feature_line, file_error};
use crate::data::events::{self, EVENTS_FILE, Event};
use crate::data::interface;
use crate::data::languages::{LANGUAGES_FILE, Languages};
use crate::data::model::Atlas;
use crate::data::occupied::{self, Held, HeldKind, HeldShape, OCCUPIED_FILE, PERIOD_STATES_FILE, PeriodState};
use crate::data::places::{self, PLACES_FILE};
use crate::data::report::{Completeness, Report};
use crate::data::routes::{self, ROUTES_FILE};
use crate::data::sources::{self, SOURCES_FILE, check_cited};
use crate::data::timeline::{self, TIMELINE_FILE, Timeline};

/// Every file of a set but the interface files, in the order [`RouteSetFiles`] lists them.
pub const SET_FILES: [&str; 9] = [
    ROUTES_FILE,
    PLACES_FILE,
    SOURCES_FILE,
    EVENTS_FILE,
    TIMELINE_FILE,
    OCCUPIED_FILE,
    PERIOD_STATES_FILE,
    CHAPTERS_FILE,
    LANGUAGES_FILE,
];

/// Problems listed at most; the rest are counted in one last message.
pub const MAX_ERRORS: usize = 100;

/// The texts of a route set's files. Every set has routes, places and sources; the story
/// (events and the timeline) is optional.
#[derive(Clone, Copy, Debug, Default)]
pub struct RouteSetFiles<'a> {
    pub routes: &'a str,
    pub places: &'a str,
    pub sources: &'a str,
    pub events: Option<&'a str>,
    pub timeline: Option<&'a str>,
    /// `occupied.geojson`, `period-states.geojson` and `chapters.json`, each optional.
    pub occupied: Option<&'a str>,
    pub period_states: Option<&'a str>,
    pub chapters: Option<&'a str>,
    /// `languages.json`: without it, the declaration shipped with the core.
    pub languages: Option<&'a str>,
    /// The interface files (`interface/<code>.json`) as `(code, text)`; none is fine.
    pub interface: &'a [(&'a str, &'a str)],
}

impl<'a> RouteSetFiles<'a> {
    /// The text of the file named `name` (`routes.geojson`), if given; not the interface files'.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        match name {
            ROUTES_FILE => Some(self.routes),
            PLACES_FILE => Some(self.places),
            SOURCES_FILE => Some(self.sources),
            EVENTS_FILE => self.events,
            TIMELINE_FILE => self.timeline,
            OCCUPIED_FILE => self.occupied,
            PERIOD_STATES_FILE => self.period_states,
            CHAPTERS_FILE => self.chapters,
            LANGUAGES_FILE => self.languages,
            _ => None,
        }
    }

    /// The three files every set has, without a story.
    pub fn new(routes: &'a str, places: &'a str, sources: &'a str) -> Self {
        RouteSetFiles {
            routes,
            places,
            sources,
            events: None,
            timeline: None,
            occupied: None,
            period_states: None,
            chapters: None,
            languages: None,
            interface: &[],
        }
    }
}

/// A route set, validated: the atlas (places, legs, routes, sources) and its story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RouteSet {
    pub atlas: Atlas,
    /// In date order; none without `events.geojson`.
    pub events: Vec<Event>,
    pub timeline: Option<Timeline>,
    pub war: War,
    /// The languages the texts were checked against (the set's, or the shipped ones).
    pub languages: Languages,
    /// How much of the set each language has.
    pub completeness: Completeness,
}

/// The war around the routes (issue 21): each part empty when its file was not given.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct War {
    /// What Japan held, in the file's order.
    pub held: Vec<Held>,
    /// The period's states and colonies, as label points.
    pub states: Vec<PeriodState>,
    /// The story in chapters, in the order told.
    pub chapters: Vec<Chapter>,
}

/// Reads and cross-checks a route set; returns every problem if there is any.
pub fn load(files: RouteSetFiles<'_>) -> Result<RouteSet, Vec<LoadError>> {
    let languages = files
        .languages
        .map_or_else(|| Ok(Languages::default()), Languages::parse)?;
    let mut errors = Report::new(languages);
    let sources = sources::read(files.sources, &mut errors);
    let places = places::read(files.places, &mut errors);
    let (legs, routes) = routes::read(files.routes, &places, &mut errors);
    let atlas = Atlas {
        places,
        legs,
        routes,
        sources,
    };
    check_citations(&atlas, &mut errors);
    // A page's first set has no story, war or interface files (they come after its first
    // frame): their readers are not even called, so the browser compiles none of their code
    // before that frame (about 2.5 ms of a cold start, measured on the bench page).
    let (events, timeline) = if files.events.is_some() || files.timeline.is_some() {
        story(&atlas, files.events, files.timeline, &mut errors)
    } else {
        (Vec::new(), None)
    };
    let war = if files.occupied.is_some() || files.period_states.is_some() || files.chapters.is_some() {
        war(&atlas, &events, timeline.as_ref(), files, &mut errors)
    } else {
        War::default()
    };
    if !files.interface.is_empty() {
        interface::check(files.interface, &mut errors);
    }
    let Report {
        errors,
        languages,
        completeness,
        ..
    } = errors;
    finish(errors, &files)?;
    Ok(RouteSet {
        atlas,
        events,
        timeline,
        war,
        languages,
        completeness,
    })
}

/// Reads the story's files (`events.geojson`, `timeline.json`) for a set already loaded, as
/// [`load`] reads them with the rest: what a page adds after its first frame. Texts are
/// checked against `languages`, the set's.
pub fn load_story(
    atlas: &Atlas,
    languages: &Languages,
    events: Option<&str>,
    timeline: Option<&str>,
) -> Result<(Vec<Event>, Option<Timeline>), Vec<LoadError>> {
    let mut errors = Report::new(languages.clone());
    let story = story(atlas, events, timeline, &mut errors);
    let files = RouteSetFiles {
        events,
        timeline,
        ..RouteSetFiles::default()
    };
    finish(errors.errors, &files)?;
    Ok(story)
}

/// Reads the war's files (what Japan held, the period's states, the chapters) for a set and
/// story already loaded, as [`load`] reads them with the rest.
pub fn load_war(
    atlas: &Atlas,
    languages: &Languages,
    events: &[Event],
    timeline: Option<&Timeline>,
    files: RouteSetFiles<'_>,
) -> Result<War, Vec<LoadError>> {
    let mut errors = Report::new(languages.clone());
    let war = war(atlas, events, timeline, files, &mut errors);
    finish(errors.errors, &files)?;
    Ok(war)
}

/// The events and the timeline, checked against the atlas: the sources they cite, the routes
/// the counters name. The timeline's problems are listed first.
fn story(
    atlas: &Atlas,
    events: Option<&str>,
    timeline: Option<&str>,
    errors: &mut Report,
) -> (Vec<Event>, Option<Timeline>) {
    let known = sources::known(&atlas.sources);
    let timeline = timeline.and_then(|text| timeline::read(text, errors));
    if let Some(t) = &timeline {
        timeline::check_aid_ends(atlas, t, errors);
    }
    for c in timeline.iter().flat_map(|t| &t.counters) {
        check_cited(&known, TIMELINE_FILE, &c.id, "source", [&c.source], errors);
        check_cited(&known, TIMELINE_FILE, &c.id, "noteSources", &c.note_sources, errors);
        if let Some(route) = &c.route
            && !atlas.routes.is_empty()
            && atlas.route_index(route).is_none()
            && !errors.failed(ROUTES_FILE, route)
        {
            let message = format!("no route with id {route:?} in {ROUTES_FILE}");
            errors.push(error(TIMELINE_FILE, Some(&c.id), Some("route".into()), message));
        }
    }
    let events = events.map_or_else(Vec::new, |text| events::read(text, &known, errors));
    (events, timeline)
}

/// The war's files, checked against the rest: the sources they cite, the places, events and
/// routes they name, their months inside the timeline; a chapter's routes running and its
/// events shown at its month, and inside its frame.
fn war(
    atlas: &Atlas,
    events: &[Event],
    timeline: Option<&Timeline>,
    files: RouteSetFiles<'_>,
    errors: &mut Report,
) -> War {
    let known = sources::known(&atlas.sources);
    let held = files.occupied.map_or_else(Vec::new, |t| occupied::read(t, errors));
    let states = files
        .period_states
        .map_or_else(Vec::new, |t| occupied::read_states(t, errors));
    let chapters = files.chapters.map_or_else(Vec::new, |t| chapters::read(t, errors));
    let end = timeline.map(|t| t.end);
    let event = |id: &str| events.iter().find(|e| e.id == id);
    let bad = |errors: &mut Report, file: &str, id: &str, field: &str, message: String| {
        errors.push(error(file, Some(id), Some(field.into()), message));
    };
    for h in &held {
        if let (Some(u), Some(end)) = (h.until, end)
            && u > end
        {
            let message = format!("{u} is after the timeline's end ({end})");
            bad(errors, OCCUPIED_FILE, &h.id, "until", message);
        }
        // A place or event that failed on its own was reported in its file, not again here.
        if let Some(place) = &h.place
            && !errors.failed(PLACES_FILE, place)
        {
            match atlas.places.iter().find(|p| &p.id == place) {
                None => {
                    let message = format!("no place with id {place:?} in {PLACES_FILE}");
                    bad(errors, OCCUPIED_FILE, &h.id, "place", message);
                }
                Some(p) => {
                    if let HeldShape::Point([lon, lat]) = h.shape
                        && ((lon - p.lon).abs() > 1e-3 || (lat - p.lat).abs() > 1e-3)
                    {
                        let message = format!("not at the position of place {place:?}");
                        bad(errors, OCCUPIED_FILE, &h.id, "geometry", message);
                    }
                }
            }
        }
        if let (Some(id), false) = (&h.event, events.is_empty())
            && !errors.failed(EVENTS_FILE, id)
        {
            match event(id) {
                None => {
                    let message = format!("no event with id {id:?} in {EVENTS_FILE}");
                    bad(errors, OCCUPIED_FILE, &h.id, "event", message);
                }
                Some(e) if h.kind == HeldKind::City && e.month != h.since => {
                    let message = format!("{} is not the month of event {id:?} ({})", h.since, e.month);
                    bad(errors, OCCUPIED_FILE, &h.id, "since", message);
                }
                Some(_) => {}
            }
        }
    }
    for c in &chapters {
        if let (Some(m), Some(t)) = (c.month, timeline)
            && (m < t.start || m > t.end)
        {
            let message = format!("{m} is outside the timeline ({} to {})", t.start, t.end);
            bad(errors, CHAPTERS_FILE, &c.id, "month", message);
        }
        // A route that failed on its own (or with its file) was reported there, not here.
        for r in &c.routes {
            if errors.failed(ROUTES_FILE, r) {
                continue;
            }
            let Some(i) = atlas.route_index(r) else {
                let message = format!("no route with id {r:?} in {ROUTES_FILE}");
                bad(errors, CHAPTERS_FILE, &c.id, "routes", message);
                continue;
            };
            if let Some(m) = c.month
                && !atlas.route_open(i, m)
            {
                let message = format!("route {r:?} is not running in {m}");
                bad(errors, CHAPTERS_FILE, &c.id, "routes", message);
            }
            let legs = &atlas.routes[i].legs;
            if legs
                .iter()
                .any(|&l| atlas.legs[l].coordinates.iter().any(|&q| !in_frame(c.frame, q)))
            {
                let message = format!("route {r:?} does not lie inside the frame");
                bad(errors, CHAPTERS_FILE, &c.id, "routes", message);
            }
        }
        // Without events.geojson there is nothing to check a chapter's events against.
        let ids = c
            .events
            .iter()
            .map(|e| ("events", e))
            .chain(c.labels.iter().filter_map(|l| l.event.as_ref().map(|e| ("labels", e))));
        for (field, e) in ids {
            if errors.failed(EVENTS_FILE, e) {
                continue;
            }
            match event(e) {
                None if !events.is_empty() => {
                    let message = format!("no event with id {e:?} in {EVENTS_FILE}");
                    bad(errors, CHAPTERS_FILE, &c.id, field, message);
                }
                Some(ev) if field == "events" && c.month.is_some_and(|m| !ev.active_at(m)) => {
                    let message = format!("event {e:?} is not shown in the chapter's month");
                    bad(errors, CHAPTERS_FILE, &c.id, field, message);
                }
                _ => {}
            }
        }
    }
    let cited = held
        .iter()
        .map(|h| (OCCUPIED_FILE, &h.id, &h.sources))
        .chain(states.iter().map(|s| (PERIOD_STATES_FILE, &s.id, &s.sources)))
        .chain(chapters.iter().map(|c| (CHAPTERS_FILE, &c.id, &c.sources)));
    for (file, id, tags) in cited {
        check_cited(&known, file, id, "sources", tags, errors);
    }
    War { held, states, chapters }
}

/// Every source tag the atlas cites must be in `sources.json`.
fn check_citations(atlas: &Atlas, errors: &mut Report) {
    let known = sources::known(&atlas.sources);
    let mut cite = |file: &str, feature: &str, field: &str, tags: &[String]| {
        check_cited(&known, file, feature, field, tags, errors);
    };
    for place in &atlas.places {
        cite(PLACES_FILE, &place.id, "sources", &place.sources);
    }
    for leg in &atlas.legs {
        cite(ROUTES_FILE, &leg.id, "sources", &leg.sources);
        for (i, d) in leg.documented.iter().enumerate() {
            let field = format!("documented[{i}].source");
            cite(ROUTES_FILE, &leg.id, &field, std::slice::from_ref(&d.source));
        }
    }
    for route in &atlas.routes {
        cite(ROUTES_FILE, &route.id, "sources", &route.sources);
        for (i, f) in route.figures.iter().enumerate() {
            let field = format!("figures[{i}].source");
            cite(ROUTES_FILE, &route.id, &field, std::slice::from_ref(&f.source));
            cite(
                ROUTES_FILE,
                &route.id,
                &format!("figures[{i}].noteSources"),
                &f.note_sources,
            );
        }
        for (i, d) in route.documented.iter().enumerate() {
            let field = format!("documented[{i}].source");
            cite(ROUTES_FILE, &route.id, &field, std::slice::from_ref(&d.source));
        }
    }
}

/// `Ok` without problems; else the problems, each with its line in `files` where it can be
/// found, at most [`MAX_ERRORS`] of them and a count of the rest (a file with 100,000 bad
/// vertices would otherwise give 100,000 lines to read).
fn finish(mut errors: Vec<LoadError>, files: &RouteSetFiles<'_>) -> Result<(), Vec<LoadError>> {
    if errors.is_empty() {
        return Ok(());
    }
    if errors.len() > MAX_ERRORS {
        let more = errors.len() - MAX_ERRORS;
        errors.truncate(MAX_ERRORS);
        let file = errors[MAX_ERRORS - 1].file.clone();
        errors.push(file_error(&file, format!("and {more} more problems not listed")));
    }
    add_lines(&mut errors, files);
    Err(errors)
}

/// Gives each problem the line of its feature (or, without one, of its field: a key of an
/// interface file, a part of the timeline). A duplicate id's problem is on the duplicate: the
/// second feature with the id for the first such problem, the third for the next.
fn add_lines(errors: &mut [LoadError], files: &RouteSetFiles<'_>) {
    for i in 0..errors.len() {
        let e = &errors[i];
        let duplicate =
            |d: &LoadError| d.file == e.file && d.feature == e.feature && d.message.starts_with("duplicate ");
        let nth = if duplicate(e) {
            errors[..i].iter().filter(|d| duplicate(d)).count() + 1
        } else {
            0
        };
        let name = e.feature.as_ref().or(e.field.as_ref());
        if let (Some(text), Some(name)) = (files.text(&e.file), name) {
            errors[i].line = feature_line(text, name, nth);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::model::Mode;

    const PLACES: &str = r#"{"type":"FeatureCollection","features":[
      {"type":"Feature","geometry":{"type":"Point","coordinates":[106.69,20.86]},
       "properties":{"id":"haiphong","name":{"en":"Haiphong","zh":"海防","ru":"Хайфон"},"kind":"port","rank":1,"sources":["T"]}},
      {"type":"Feature","geometry":{"type":"Point","coordinates":[102.72,25.06]},
       "properties":{"id":"kunming","name":{"en":"Yunnanfu","zh":"云南府","ru":"Юньнаньфу"},"modern":{"en":"Kunming","zh":"昆明","ru":"Куньмин"},"kind":"city","rank":1,"sources":["T"]}}]}"#;
    const SOURCES: &str = r#"{"T":{"title":"Test source"}}"#;

    fn routes(leg_props: &str, geometry: &str) -> String {
        format!(
            r#"{{"type":"FeatureCollection","features":[
          {{"type":"Feature","geometry":{geometry},"properties":{leg_props}}},
          {{"type":"Feature","geometry":null,"properties":{{"kind":"route","id":"rail","name":{{"en":"Railway","zh":"铁路","ru":"Железная дорога"}},
            "summary":{{"en":"A railway.","zh":"一条铁路。","ru":"Железная дорога."}},"closed":{{"en":"Closed.","zh":"关闭。","ru":"Закрыта."}},"legs":["L1"],
            "periods":[{{"from":"1937-12","to":"1940-06"}}],"sources":["T"],
            "figures":[{{"text":{{"en":"855 km","zh":"855公里","ru":"855 км"}},"source":"T"}}]}}}}]}}"#
        )
    }

    const GOOD_LEG: &str = r#"{"kind":"leg","id":"L1","from":"haiphong","to":"kunming","mode":"rail","sources":["T"]}"#;
    const GOOD_LINE: &str = r#"{"type":"LineString","coordinates":[[106.69,20.86],[103.97,22.49],[102.72,25.06]]}"#;

    fn load_with(routes_text: &str) -> Result<Atlas, Vec<LoadError>> {
        load(RouteSetFiles::new(routes_text, PLACES, SOURCES)).map(|set| set.atlas)
    }

    fn messages(r: Result<Atlas, Vec<LoadError>>) -> Vec<String> {
        r.err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_flood_of_problems_is_cut_to_a_readable_list() {
        let many: Vec<String> = (0..500).map(|i| format!("[{},91]", i % 180)).collect();
        let line = format!(r#"{{"type":"LineString","coordinates":[{}]}}"#, many.join(","));
        let m = messages(load_with(&routes(GOOD_LEG, &line)));
        assert_eq!(m.len(), MAX_ERRORS + 1);
        assert!(m[MAX_ERRORS].ends_with("more problems not listed"), "{}", m[MAX_ERRORS]);
    }

    #[test]
    fn loads_a_good_set() {
        let atlas = load_with(&routes(GOOD_LEG, GOOD_LINE)).expect("valid");
        assert_eq!(atlas.routes[0].legs, vec![0]);
        assert_eq!(atlas.legs[0].mode, Mode::Rail);
        assert_eq!(atlas.places[1].modern.as_ref().map(|m| m.get("en")), Some("Kunming"));
    }

    #[test]
    fn bad_mode_names_file_feature_and_field() {
        let leg = GOOD_LEG.replace("\"rail\"", "\"boat\"");
        assert_eq!(
            messages(load_with(&routes(&leg, GOOD_LINE))),
            vec![
                "routes.geojson: feature \"L1\": field \"mode\": expected one of sea, rail, road, air, found \"boat\" (line 2)",
            ]
        );
    }

    #[test]
    fn unknown_place_and_far_end_are_reported() {
        let leg = GOOD_LEG.replace("\"kunming\"", "\"lhasa\"");
        let m = messages(load_with(&routes(&leg, GOOD_LINE)));
        assert!(m[0].contains("field \"to\": no place with id \"lhasa\""), "{m:?}");
        let far = GOOD_LINE.replace("[102.72,25.06]", "[102.0,25.06]");
        let m = messages(load_with(&routes(GOOD_LEG, &far)));
        assert!(m[0].contains("field \"to\": the line ends 72."), "{m:?}");
    }

    #[test]
    fn wrong_geometry_type_and_out_of_range_position() {
        let point = r#"{"type":"Point","coordinates":[1,2]}"#;
        let m = messages(load_with(&routes(GOOD_LEG, point)));
        assert!(
            m[0].ends_with("field \"geometry\": expected a LineString, found Point (line 2)"),
            "{m:?}"
        );
        let bad = GOOD_LINE.replace("[103.97,22.49]", "[303.97,22.49]");
        let m = messages(load_with(&routes(GOOD_LEG, &bad)));
        assert!(m[0].contains("is not a [lon, lat] position"), "{m:?}");
    }

    #[test]
    fn malformed_json_names_the_file() {
        let m = messages(load_with("{\"type\": \"FeatureCollection\", \"features\": ["));
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("routes.geojson: not valid JSON: EOF"), "{m:?}");
    }

    #[test]
    fn broken_geometry_is_reported_against_its_feature() {
        let m = messages(load_with(&routes(
            GOOD_LEG,
            r#"{"type":"LineString","coordinates":"x"}"#,
        )));
        assert!(
            m[0].starts_with("routes.geojson: feature \"L1\": field \"geometry\": not a valid GeoJSON feature"),
            "{m:?}"
        );
    }

    #[test]
    fn control_characters_and_bad_months_are_rejected() {
        let text = routes(GOOD_LEG, GOOD_LINE)
            .replace("Railway", "Rail\\u0007way")
            .replace("1940-06", "1940-13");
        let m = messages(load_with(&text));
        assert!(
            m.iter()
                .any(|e| e.contains("field \"name.en\": text contains control characters")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|e| e.contains("field \"periods[0].to\": expected a month")),
            "{m:?}"
        );
    }

    #[test]
    fn unknown_source_tag_is_reported() {
        let text = routes(GOOD_LEG, GOOD_LINE).replace("\"source\":\"T\"", "\"source\":\"NOPE\"");
        let m = messages(load_with(&text));
        assert_eq!(
            m,
            vec![
                "routes.geojson: feature \"rail\": field \"figures[0].source\": source tag \"NOPE\" is not in sources.json (line 3)"
            ]
        );
    }

    #[test]
    fn legs_that_do_not_chain_are_reported() {
        let text = routes(GOOD_LEG, GOOD_LINE).replace("\"legs\":[\"L1\"]", "\"legs\":[\"L1\",\"L1\"]");
        let m = messages(load_with(&text));
        assert_eq!(
            m,
            vec![
                "routes.geojson: feature \"rail\": field \"legs\": leg \"L1\" does not end where leg \"L1\" starts (line 3)"
            ]
        );
    }

    #[test]
    fn a_missing_translation_is_counted_and_an_undeclared_language_is_an_error() {
        let text = routes(GOOD_LEG, GOOD_LINE).replace(r#","zh":"铁路""#, "");
        let set = load(RouteSetFiles::new(&text, PLACES, SOURCES)).expect("an untranslated text is valid");
        let counts: Vec<(&str, usize)> = set
            .completeness
            .languages
            .iter()
            .map(|c| (c.code.as_str(), c.texts))
            .collect();
        // 3 place texts and 4 route texts; Chinese lacks the route's name.
        assert_eq!(set.completeness.texts, 7);
        assert_eq!(counts, [("en", 7), ("zh", 6), ("ru", 7)]);

        let text = routes(GOOD_LEG, GOOD_LINE).replace(r#""zh":"铁路""#, r#""fr":"Chemin de fer""#);
        assert_eq!(
            messages(load_with(&text)),
            vec![
                "routes.geojson: feature \"rail\": field \"name.fr\": language \"fr\" is not declared in languages.json (en, zh, ru) (line 3)"
            ]
        );
    }

    #[test]
    fn a_set_brings_its_own_languages() {
        let fr = r#"[{"code":"en","name":"English","dir":"ltr"},{"code":"fr","name":"Français","dir":"ltr","locale":"fr-FR"}]"#;
        let text = routes(GOOD_LEG, GOOD_LINE).replace(r#""zh":"铁路""#, r#""fr":"Chemin de fer""#);
        let files = RouteSetFiles {
            languages: Some(fr),
            ..RouteSetFiles::new(&text, PLACES, SOURCES)
        };
        // zh and ru are now undeclared in every text that has them.
        let m: Vec<String> = load(files)
            .expect_err("zh, ru undeclared")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            m.iter()
                .all(|e| e.contains("is not declared in languages.json (en, fr)")),
            "{m:?}"
        );

        let places = PLACES
            .replace(r#","zh":"海防","ru":"Хайфон""#, "")
            .replace(r#","zh":"云南府","ru":"Юньнаньфу""#, "")
            .replace(r#","zh":"昆明","ru":"Куньмин""#, "");
        let text = text
            .replace(r#","zh":"一条铁路。","ru":"Железная дорога.""#, "")
            .replace(r#","zh":"关闭。","ru":"Закрыта.""#, "")
            .replace(r#","zh":"855公里","ru":"855 км""#, "")
            .replace(r#","ru":"Железная дорога""#, "");
        let files = RouteSetFiles {
            languages: Some(fr),
            ..RouteSetFiles::new(&text, &places, SOURCES)
        };
        let set = load(files).unwrap_or_else(|e| panic!("{e:#?}"));
        assert_eq!(set.languages.codes().collect::<Vec<_>>(), ["en", "fr"]);
        assert_eq!(set.atlas.routes[0].name.get("fr"), "Chemin de fer");
        let fr_count = &set.completeness.languages[1];
        assert_eq!((fr_count.texts, set.completeness.texts), (1, 7));

        let broken = RouteSetFiles {
            languages: Some(r#"[{"code":"en","name":"English"}]"#),
            ..RouteSetFiles::new(&text, &places, SOURCES)
        };
        assert_eq!(
            load(broken)
                .expect_err("no dir")
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["languages.json: feature \"en\": field \"dir\": missing or empty"]
        );
    }

    #[test]
    fn published_lengths_are_read_and_checked() {
        let leg = GOOD_LEG.replace(
            r#""sources":["T"]"#,
            r#""sources":["T"],"documented":[{"km":855,"source":"T"},{"km":466,"source":"T","covers":{"en":"Hekou–Kunming","zh":"河口至昆明","ru":"Хэкоу — Куньмин"}}],"approx":[[103.97,22.49]]"#,
        );
        let atlas = load_with(&routes(&leg, GOOD_LINE)).expect("valid");
        let d = &atlas.legs[0].documented;
        assert_eq!((d.len(), d[0].km(), d[1].covers.is_some()), (2, 855.0, true));
        assert_eq!(atlas.legs[0].approx, vec![[103.97, 22.49]]);

        let bad = leg
            .replace(r#""km":855,"source":"T""#, r#""nm":855"#)
            .replace("[[103.97,22.49]]", "[[103.0,22.49]]");
        assert_eq!(
            messages(load_with(&routes(&bad, GOOD_LINE))),
            vec![
                "routes.geojson: feature \"L1\": field \"documented[0].source\": missing (line 2)",
                "routes.geojson: feature \"L1\": field \"documented[0].nm\": nautical miles are for sea legs only; give \"km\" (line 2)",
                "routes.geojson: feature \"L1\": field \"approx[0]\": [103.0, 22.49] is not a vertex of the line (line 2)",
            ]
        );
    }

    #[test]
    fn a_route_length_names_a_run_of_its_legs() {
        let text = routes(GOOD_LEG, GOOD_LINE).replace(
            r#""sources":["T"],
            "figures""#,
            r#""sources":["T"],"documented":[{"km":855,"source":"T","legs":["L2"]}],
            "figures""#,
        );
        assert_eq!(
            messages(load_with(&text)),
            vec![
                "routes.geojson: feature \"rail\": field \"documented[0].legs\": [\"L2\"] is not a run of this route's legs [\"L1\"] (line 3)"
            ]
        );
    }

    #[test]
    fn a_published_part_names_two_places_on_the_line() {
        let part = |from: &str, to: &str| {
            GOOD_LEG.replace(
                r#""sources":["T"]"#,
                &format!(
                    r#""sources":["T"],"documented":[{{"km":466,"source":"T","from":"{from}","to":"{to}","covers":{{"en":"All","zh":"全程","ru":"Всё"}}}}]"#
                ),
            )
        };
        let atlas = load_with(&routes(&part("kunming", "haiphong"), GOOD_LINE)).expect("valid");
        assert_eq!(atlas.legs[0].documented[0].span, Some([0, 2]));
        assert_eq!(
            messages(load_with(&routes(&part("kunming", "kunming"), GOOD_LINE))),
            vec![
                "routes.geojson: feature \"L1\": field \"documented[0].to\": the part starts and ends at the same vertex (line 2)"
            ]
        );
        assert_eq!(
            messages(load_with(&routes(&part("haiphong", "lhasa"), GOOD_LINE))),
            vec![
                "routes.geojson: feature \"L1\": field \"documented[0].to\": no place with id \"lhasa\" in places.geojson (line 2)"
            ]
        );
    }

    const EVENTS: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,
      "properties":{"id":"e","kind":"war","date":"1938","month":"1938-01","title":{"en":"x","zh":"x","ru":"x"},
      "text":{"en":"x","zh":"x","ru":"x"},"sources":["T"]}}]}"#;
    const TIMELINE: &str = r#"{"range":{"from":"1937-07","to":"1941-12"},"counters":[{"id":"wagons","route":"rail",
      "from":"1937-12","to":"1940-06","total":1000,"label":{"en":"Wagons"},"source":"T"}]}"#;

    fn with_story<'a>(events: &'a str, timeline: &'a str, routes: &'a str) -> RouteSetFiles<'a> {
        RouteSetFiles {
            events: Some(events),
            timeline: Some(timeline),
            ..RouteSetFiles::new(routes, PLACES, SOURCES)
        }
    }

    #[test]
    fn the_story_is_read_with_the_set() {
        let routes = routes(GOOD_LEG, GOOD_LINE);
        let set = load(with_story(EVENTS, TIMELINE, &routes)).expect("valid");
        assert_eq!((set.events.len(), set.atlas.routes.len()), (1, 1));
        assert_eq!(set.timeline.map(|t| t.counters.len()), Some(1));
        let story = load_story(&set.atlas, &set.languages, Some(EVENTS), None).expect("valid");
        assert_eq!((story.0.len(), story.1), (1, None));
    }

    #[test]
    fn the_story_cites_known_sources_and_routes_and_every_file_is_heard_from() {
        let routes = routes(GOOD_LEG, GOOD_LINE).replace("\"source\":\"T\"", "\"source\":\"NOPE\"");
        let events = EVENTS.replace(r#""sources":["T"]"#, r#""sources":["NOPE"]"#);
        let timeline = TIMELINE.replace(r#""route":"rail""#, r#""route":"tram""#);
        let m: Vec<String> = load(with_story(&events, &timeline, &routes))
            .expect_err("invalid")
            .iter()
            .map(ToString::to_string)
            .collect();
        // The routes' problems, then the timeline's, then the events'.
        assert_eq!(
            m,
            [
                "routes.geojson: feature \"rail\": field \"figures[0].source\": source tag \"NOPE\" is not in sources.json (line 3)",
                "timeline.json: feature \"wagons\": field \"route\": no route with id \"tram\" in routes.geojson (line 1)",
                "events.geojson: feature \"e\": field \"sources\": source tag \"NOPE\" is not in sources.json (line 2)",
            ]
        );
    }

    #[test]
    fn the_war_is_optional_and_its_references_are_checked() {
        let routes = routes(GOOD_LEG, GOOD_LINE);
        let set = load(with_story(EVENTS, TIMELINE, &routes)).expect("valid without the war");
        assert_eq!(set.war, War::default());
        let city = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[102.72,25.06]},
          "properties":{"id":"c","kind":"city","name":{"en":"x","zh":"x","ru":"x"},"since":"1938-01","until":"1946-01",
          "approximate":false,"sources":["T","NOPE"],"place":"lhasa","event":"e"}}]}"#;
        let chapter = |month: &str, route: &str, event: &str| {
            format!(
                r#"{{"chapters":[{{"id":"k","month":"{month}","title":{{"en":"x","zh":"x","ru":"x"}},"text":{{"en":"x","zh":"x","ru":"x"}},
                  "routes":["{route}"],"events":["{event}"],"frame":[100,20,110,30],"sources":["T"]}}]}}"#
            )
        };
        let good = chapter("1938-01", "rail", "e");
        let files = |occupied, chapters| RouteSetFiles {
            occupied,
            chapters,
            ..with_story(EVENTS, TIMELINE, &routes)
        };
        let set = load(files(None, Some(&good))).expect("valid");
        assert_eq!(set.war.chapters[0].routes, ["rail"]);
        let m = |r: Result<RouteSet, Vec<LoadError>>| -> Vec<String> {
            r.expect_err("invalid").iter().map(ToString::to_string).collect()
        };
        assert_eq!(
            m(load(files(Some(city), None))),
            [
                "occupied.geojson: feature \"c\": field \"until\": 1946-01 is after the timeline's end (1941-12) (line 2)",
                "occupied.geojson: feature \"c\": field \"place\": no place with id \"lhasa\" in places.geojson (line 2)",
                "occupied.geojson: feature \"c\": field \"sources\": source tag \"NOPE\" is not in sources.json (line 2)",
            ]
        );
        let tram = chapter("1937-07", "tram", "e");
        assert_eq!(
            m(load(files(None, Some(&tram)))),
            [
                "chapters.json: feature \"k\": field \"routes\": no route with id \"tram\" in routes.geojson (line 1)",
                "chapters.json: feature \"k\": field \"events\": event \"e\" is not shown in the chapter's month (line 1)",
            ]
        );
        let outside = chapter("1937-07", "rail", "e").replace("[100,20,110,30]", "[104,20,110,30]");
        assert_eq!(
            m(load(files(None, Some(&outside)))),
            [
                "chapters.json: feature \"k\": field \"routes\": route \"rail\" is not running in 1937-07 (line 1)",
                "chapters.json: feature \"k\": field \"routes\": route \"rail\" does not lie inside the frame (line 1)",
                "chapters.json: feature \"k\": field \"events\": event \"e\" is not shown in the chapter's month (line 1)",
            ]
        );
    }
}
