//! Reads the files in `geodata/` into an [`Atlas`], checking every field a visitor will see.
//!
//! A bad file never panics the core: loading returns either the atlas or *every* problem found,
//! each naming the file, the feature and the field (see `geodata/README.md` for the schema).

use std::collections::{HashMap, HashSet};
use std::fmt;

use geojson::{Feature, GeometryValue, JsonObject, JsonValue};

use crate::data::error::{LoadError, file_error};
use crate::data::languages;
use crate::data::model::{Atlas, Documented, Figure, Leg, LengthUnit, Mode, Period, Place, PlaceKind, Route, Source};
use crate::data::text::Localized;
use crate::geometry::measure::{geodesic_distance_m, has_vertex_within_m, nearest_vertex_m};

pub const ROUTES_FILE: &str = "routes.geojson";
pub const PLACES_FILE: &str = "places.geojson";
pub const SOURCES_FILE: &str = "sources.json";

/// How far a leg's end may lie from the place it names: a town's port, station and airfield
/// are a few km apart (Alma-Ata's station and airfield: 9 km).
pub const MAX_END_GAP_M: f64 = 10_000.0;
/// Bounds that keep a hostile file from exhausting a kiosk's memory or time.
pub const MAX_FEATURES: usize = 10_000;
pub const MAX_VERTICES_PER_LINE: usize = 100_000;
pub const MAX_TEXT_CHARS: usize = 4_000;
/// Problems listed at most; the rest are counted in one last message.
pub const MAX_ERRORS: usize = 100;
/// How far an `approx` position may lie from the leg's nearest vertex and still name it.
const APPROX_MATCH_M: f64 = 1.0;

/// The texts of the three geodata files.
#[derive(Clone, Copy, Debug)]
pub struct GeodataFiles<'a> {
    pub routes: &'a str,
    pub places: &'a str,
    pub sources: &'a str,
}

/// Parses and cross-checks the geodata; returns every problem if there is any.
pub fn load(files: GeodataFiles<'_>) -> Result<Atlas, Vec<LoadError>> {
    let mut errors = Vec::new();
    let sources = load_sources(files.sources, &mut errors);
    let places = load_places(files.places, &mut errors);
    let (legs, routes) = load_routes(files.routes, &places, &mut errors);
    let atlas = Atlas {
        places,
        legs,
        routes,
        sources,
    };
    check_source_tags(&atlas, &mut errors);
    if errors.is_empty() {
        return Ok(atlas);
    }
    if errors.len() > MAX_ERRORS {
        // A file with 100,000 bad vertices would otherwise give 100,000 lines to read.
        let more = errors.len() - MAX_ERRORS;
        errors.truncate(MAX_ERRORS);
        let last = &errors[MAX_ERRORS - 1];
        errors.push(file_error(
            &last.file.clone(),
            format!("and {more} more problems not listed"),
        ));
    }
    Err(errors)
}

fn load_sources(text: &str, errors: &mut Vec<LoadError>) -> Vec<Source> {
    let value: JsonValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(file_error(SOURCES_FILE, format!("not valid JSON: {e}")));
            return Vec::new();
        }
    };
    let Some(map) = value.as_object() else {
        errors.push(file_error(SOURCES_FILE, "expected an object of source tags"));
        return Vec::new();
    };
    if map.is_empty() {
        // Otherwise no tag could be checked against it (check_source_tags skips an empty list).
        errors.push(file_error(SOURCES_FILE, "no sources: every feature must cite one"));
    }
    let mut sources = Vec::new();
    for (tag, entry) in map {
        let mut p = Props::new(SOURCES_FILE, tag.clone(), entry.as_object(), errors);
        let title = p.text("title");
        let note = p.optional_text("note");
        if let Some(title) = title {
            sources.push(Source {
                tag: tag.clone(),
                title,
                note,
            });
        }
    }
    sources
}

/// Splits a FeatureCollection into its features, parsing each one alone so that a broken
/// geometry is reported against its own feature rather than failing the whole file.
fn features(file: &str, text: &str, errors: &mut Vec<LoadError>) -> Vec<(String, Feature)> {
    let mut value: JsonValue = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(file_error(file, format!("not valid JSON: {e}")));
            return Vec::new();
        }
    };
    if value.get("type").and_then(JsonValue::as_str) != Some("FeatureCollection") {
        errors.push(file_error(file, "expected a GeoJSON FeatureCollection"));
        return Vec::new();
    }
    // Taken out of the tree, so that each feature is read without a copy.
    let Some(JsonValue::Array(list)) = value.get_mut("features").map(JsonValue::take) else {
        errors.push(file_error(file, "\"features\" must be an array"));
        return Vec::new();
    };
    if list.len() > MAX_FEATURES {
        errors.push(file_error(
            file,
            format!("{} features, more than the {MAX_FEATURES} allowed", list.len()),
        ));
        return Vec::new();
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, raw) in list.into_iter().enumerate() {
        let label = raw
            .get("properties")
            .and_then(|p| p.get("id"))
            .and_then(JsonValue::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{i}"));
        match serde_json::from_value::<Feature>(raw) {
            Ok(f) => out.push((label, f)),
            Err(e) => errors.push(LoadError {
                file: file.to_owned(),
                feature: Some(label),
                field: Some("geometry".into()),
                message: format!("not a valid GeoJSON feature: {e}"),
            }),
        }
    }
    out
}

fn load_places(text: &str, errors: &mut Vec<LoadError>) -> Vec<Place> {
    let mut places: Vec<Place> = Vec::new();
    let mut seen = HashSet::new();
    for (label, feature) in features(PLACES_FILE, text, errors) {
        let mut p = Props::new(PLACES_FILE, label.clone(), feature.properties.as_ref(), errors);
        let id = p.id();
        let name = p.localized("name");
        let modern = p.optional_localized("modern");
        let kind = p.text("kind").and_then(|k| {
            let kind = PlaceKind::parse(&k);
            if kind.is_none() {
                p.error(
                    "kind",
                    format!("expected one of port, city, town, junction, waypoint, found {k:?}"),
                );
            }
            kind
        });
        let rank = p.rank();
        let sources = p.tags("sources");
        let point = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) => p.position("geometry", coordinates.as_slice()),
            _ => {
                p.error("geometry", "expected a Point");
                None
            }
        };
        if let Some(id) = &id
            && !seen.insert(id.clone())
        {
            p.error("id", format!("duplicate place id {id:?}"));
        }
        if let (Some(id), Some(name), Some(kind), Some(rank), Some([lon, lat])) = (id, name, kind, rank, point) {
            places.push(Place {
                id,
                name,
                modern,
                kind,
                rank,
                lon,
                lat,
                sources,
            });
        }
    }
    places
}

fn load_routes(text: &str, places: &[Place], errors: &mut Vec<LoadError>) -> (Vec<Leg>, Vec<Route>) {
    let place_index: HashMap<&str, usize> = places.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let all = features(ROUTES_FILE, text, errors);
    let mut legs: Vec<Leg> = Vec::new();
    let mut route_features = Vec::new();
    let mut ids = HashSet::new();
    for (label, feature) in &all {
        let mut p = Props::new(ROUTES_FILE, label.clone(), feature.properties.as_ref(), errors);
        if let Some(id) = p.id()
            && !ids.insert(id.clone())
        {
            p.error("id", format!("duplicate id {id:?}"));
        }
        match p.text("kind").as_deref() {
            Some("leg") => {
                if let Some(leg) = p.leg(feature, &place_index, places) {
                    legs.push(leg);
                }
            }
            Some("route") => route_features.push((label.clone(), feature)),
            Some(other) => p.error("kind", format!("expected \"leg\" or \"route\", found {other:?}")),
            None => {}
        }
    }
    let leg_index: HashMap<&str, usize> = legs.iter().enumerate().map(|(i, l)| (l.id.as_str(), i)).collect();
    let mut routes = Vec::new();
    for (label, feature) in route_features {
        let mut p = Props::new(ROUTES_FILE, label, feature.properties.as_ref(), errors);
        if let Some(route) = p.route(&leg_index, &legs) {
            routes.push(route);
        }
    }
    if routes.is_empty() && errors.is_empty() {
        errors.push(file_error(
            ROUTES_FILE,
            "no route features (properties.kind = \"route\")",
        ));
    }
    (legs, routes)
}

fn check_source_tags(atlas: &Atlas, errors: &mut Vec<LoadError>) {
    if atlas.sources.is_empty() {
        return; // sources.json itself failed and said so
    }
    let known: HashSet<&str> = atlas.sources.iter().map(|s| s.tag.as_str()).collect();
    let mut check = |file: &str, feature: &str, field: &str, tag: &str| {
        if !known.contains(tag) {
            errors.push(LoadError {
                file: file.to_owned(),
                feature: Some(feature.to_owned()),
                field: Some(field.to_owned()),
                message: format!("source tag {tag:?} is not in {SOURCES_FILE}"),
            });
        }
    };
    for place in &atlas.places {
        place
            .sources
            .iter()
            .for_each(|t| check(PLACES_FILE, &place.id, "sources", t));
    }
    for leg in &atlas.legs {
        leg.sources
            .iter()
            .for_each(|t| check(ROUTES_FILE, &leg.id, "sources", t));
        for (i, d) in leg.documented.iter().enumerate() {
            check(ROUTES_FILE, &leg.id, &format!("documented[{i}].source"), &d.source);
        }
    }
    for route in &atlas.routes {
        route
            .sources
            .iter()
            .for_each(|t| check(ROUTES_FILE, &route.id, "sources", t));
        for (i, f) in route.figures.iter().enumerate() {
            check(ROUTES_FILE, &route.id, &format!("figures[{i}].source"), &f.source);
            for t in &f.note_sources {
                check(ROUTES_FILE, &route.id, &format!("figures[{i}].noteSources"), t);
            }
        }
        for (i, d) in route.documented.iter().enumerate() {
            check(ROUTES_FILE, &route.id, &format!("documented[{i}].source"), &d.source);
        }
    }
}

/// A route's leg ids, the index of leg ids, and the legs: what a route's published lengths check.
type RouteLegs<'b> = (&'b [String], &'b HashMap<&'b str, usize>, &'b [Leg]);
/// A leg's line, the index of place ids, and the places: what a leg's published parts check.
type LegLine<'b> = (&'b [[f64; 2]], &'b HashMap<&'b str, usize>, &'b [Place]);

/// Reads the properties of one feature, recording a [`LoadError`] for each bad field.
struct Props<'a> {
    file: &'static str,
    feature: String,
    obj: Option<&'a JsonObject>,
    errors: &'a mut Vec<LoadError>,
    /// Prepended to field names: `figures[0]` for the properties of one figure.
    prefix: String,
}

impl<'a> Props<'a> {
    fn new(file: &'static str, feature: String, obj: Option<&'a JsonObject>, errors: &'a mut Vec<LoadError>) -> Self {
        let mut p = Props {
            file,
            feature,
            obj,
            errors,
            prefix: String::new(),
        };
        if obj.is_none() {
            p.error("properties", "expected an object");
        }
        p
    }

    fn error(&mut self, field: &str, message: impl Into<String>) {
        let field = match (self.prefix.is_empty(), field.is_empty()) {
            (true, _) => field.to_owned(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{field}", self.prefix),
        };
        self.errors.push(LoadError {
            file: self.file.to_owned(),
            feature: Some(self.feature.clone()),
            field: Some(field),
            message: message.into(),
        });
    }

    fn get(&self, field: &str) -> Option<&'a JsonValue> {
        self.obj.and_then(|o| o.get(field)).filter(|v| !v.is_null())
    }

    fn check_text(&mut self, field: &str, s: &str) -> bool {
        if s.chars().count() > MAX_TEXT_CHARS {
            self.error(field, format!("text longer than {MAX_TEXT_CHARS} characters"));
            return false;
        }
        if s.chars().any(|c| c.is_control() && c != '\n') {
            self.error(field, "text contains control characters");
            return false;
        }
        true
    }

    fn optional_text(&mut self, field: &str) -> Option<String> {
        let v = self.get(field)?;
        match v.as_str() {
            Some(s) if self.check_text(field, s) => Some(s.to_owned()),
            Some(_) => None,
            None => {
                self.error(field, format!("expected a string, found {}", kind_of(v)));
                None
            }
        }
    }

    fn text(&mut self, field: &str) -> Option<String> {
        if self.obj.is_some() && self.get(field).is_none() {
            self.error(field, "missing");
            return None;
        }
        self.optional_text(field).filter(|s| {
            let ok = !s.trim().is_empty();
            ok || {
                self.error(field, "must not be empty");
                false
            }
        })
    }

    fn id(&mut self) -> Option<String> {
        let id = self.text("id")?;
        let ok = id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error("id", format!("{id:?} must be 1-64 letters, digits, '-' or '_'"));
            return None;
        }
        Some(id)
    }

    fn optional_localized(&mut self, field: &str) -> Option<Localized> {
        let v = self.get(field)?;
        let Some(map) = v.as_object() else {
            self.error(
                field,
                format!(
                    "expected an object of languages like {{\"en\": \"…\"}}, found {}",
                    kind_of(v)
                ),
            );
            return None;
        };
        let mut out = Localized::default();
        for (lang, text) in map {
            let f = format!("{field}.{lang}");
            match text.as_str() {
                Some(s) if self.check_text(&f, s) => {
                    out.0.insert(lang.clone(), s.to_owned());
                }
                Some(_) => {}
                None => self.error(&f, format!("expected a string, found {}", kind_of(text))),
            }
        }
        // Every text a visitor reads must exist in each declared language: a missing one is
        // an error (field `name.zh`), not a silent fallback.
        let default = languages::default_language();
        if out.0.get(default).is_none_or(|s| s.trim().is_empty()) {
            self.error(field, format!("the \"{default}\" text is missing or empty"));
            return None;
        }
        for &lang in languages::codes() {
            if lang != default && out.0.get(lang).is_none_or(|s| s.trim().is_empty()) {
                self.error(
                    &format!("{field}.{lang}"),
                    format!(
                        "missing translation: every text needs {}",
                        languages::codes().join(", ")
                    ),
                );
            }
        }
        Some(out)
    }

    fn localized(&mut self, field: &str) -> Option<Localized> {
        if self.obj.is_some() && self.get(field).is_none() {
            self.error(field, "missing");
            return None;
        }
        self.optional_localized(field)
    }

    fn strings(&mut self, field: &str) -> Vec<String> {
        let Some(v) = self.get(field) else {
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.error(field, format!("expected an array of strings, found {}", kind_of(v)));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in list {
            match item.as_str() {
                Some(s) if self.check_text(field, s) => out.push(s.to_owned()),
                Some(_) => {}
                None => self.error(field, format!("expected a string, found {}", kind_of(item))),
            }
        }
        out
    }

    fn tags(&mut self, field: &str) -> Vec<String> {
        let tags = self.strings(field);
        if tags.is_empty() && self.obj.is_some() {
            self.error(field, "every feature names at least one source");
        }
        tags
    }

    fn rank(&mut self) -> Option<u8> {
        let v = self.get("rank");
        match v.and_then(JsonValue::as_u64) {
            Some(r @ 1..=4) => Some(r as u8),
            _ => {
                self.error("rank", "expected an integer from 1 to 4");
                None
            }
        }
    }

    fn position(&mut self, field: &str, pos: &[f64]) -> Option<[f64; 2]> {
        match pos {
            [lon, lat, ..] if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 => {
                Some([*lon, *lat])
            }
            [a, b, ..] if a.abs() <= 90.0 && b.abs() <= 180.0 && b.abs() > 90.0 => {
                self.error(
                    field,
                    format!("{pos:?} is not a [lon, lat] position within ±180, ±90 (latitude and longitude swapped?)"),
                );
                None
            }
            _ => {
                self.error(field, format!("{pos:?} is not a [lon, lat] position within ±180, ±90"));
                None
            }
        }
    }

    fn month(&mut self, field: &str, v: Option<&JsonValue>) -> Option<String> {
        let s = v.and_then(JsonValue::as_str).unwrap_or_default();
        let ok = s.len() == 7
            && s.as_bytes()[4] == b'-'
            && s[..4].parse::<u16>().is_ok()
            && matches!(s[5..].parse::<u8>(), Ok(1..=12));
        if ok {
            Some(s.to_owned())
        } else {
            self.error(field, format!("expected a month \"YYYY-MM\", found {s:?}"));
            None
        }
    }

    fn periods(&mut self, field: &str, required: bool) -> Vec<Period> {
        let Some(v) = self.get(field) else {
            if required && self.obj.is_some() {
                self.error(field, "missing");
            }
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.error(
                field,
                "expected an array of {\"from\": \"YYYY-MM\", \"to\": \"YYYY-MM\"}",
            );
            return Vec::new();
        };
        let mut out: Vec<Period> = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let f = format!("{field}[{i}]");
            let from = self.month(&format!("{f}.from"), item.get("from"));
            let to = self.month(&format!("{f}.to"), item.get("to"));
            if let (Some(from), Some(to)) = (from, to) {
                if from > to {
                    self.error(&f, format!("starts ({from}) after it ends ({to})"));
                } else if out.last().is_some_and(|prev| prev.to >= from) {
                    self.error(&f, "periods must be in order and not overlap");
                } else {
                    out.push(Period { from, to });
                }
            }
        }
        if required && out.is_empty() && self.obj.is_some() {
            self.error(field, "at least one period is needed");
        }
        out
    }

    fn figures(&mut self) -> Vec<Figure> {
        let Some(v) = self.get("figures") else {
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.error("figures", "expected an array");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let mut inner = self.item(format!("figures[{i}]"), item);
            if inner.obj.is_none() {
                inner.error("", "expected an object {text, source}");
                continue;
            }
            let text = inner.localized("text");
            let source = inner.text("source");
            let note = inner.optional_localized("note");
            let note_sources = inner.strings("noteSources");
            if !note_sources.is_empty() && note.is_none() {
                inner.error("noteSources", "names the sources of a note, but there is no note");
            }
            if let (Some(text), Some(source)) = (text, source) {
                out.push(Figure {
                    text,
                    source,
                    note,
                    note_sources,
                });
            }
        }
        out
    }

    /// The properties of one element of an array field, whose errors name it as
    /// `field[i].subfield` on the same feature.
    fn item<'b>(&'b mut self, prefix: String, item: &'a JsonValue) -> Props<'b>
    where
        'a: 'b,
    {
        Props {
            file: self.file,
            feature: self.feature.clone(),
            obj: item.as_object(),
            errors: self.errors,
            prefix,
        }
    }

    /// Published lengths: `[{"km": 855, "source": "WIKI-KH", "note": {…}, "covers": {…}}]`, or
    /// `"nm"` instead of `"km"` where every leg covered is at sea. On a route, `"legs"` names the
    /// run of the route's legs the figure covers (all of them when absent).
    fn documented(
        &mut self,
        sea: Option<bool>,
        route_legs: Option<RouteLegs<'_>>,
        leg_line: Option<LegLine<'_>>,
    ) -> Vec<Documented> {
        let Some(v) = self.get("documented") else {
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.error(
                "documented",
                format!("expected an array of {{km or nm, source}}, found {}", kind_of(v)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let mut p = self.item(format!("documented[{i}]"), item);
            if p.obj.is_none() {
                p.error("", "expected an object {km or nm, source}");
                continue;
            }
            let number = |p: &mut Props, unit: &str| -> Option<f64> {
                let v = p.get(unit)?;
                match v.as_f64() {
                    Some(x) if x.is_finite() && x > 0.0 && x < 100_000.0 => Some(x),
                    _ => {
                        p.error(unit, format!("expected a positive length under 100,000, found {v}"));
                        None
                    }
                }
            };
            let (km, nm) = (number(&mut p, "km"), number(&mut p, "nm"));
            let has = |p: &Props, unit: &str| p.get(unit).is_some();
            let value = match (has(&p, "km"), has(&p, "nm")) {
                (true, true) => {
                    p.error("", "give either \"km\" or \"nm\", not both");
                    None
                }
                (false, false) => {
                    p.error("km", "missing: a published length needs \"km\" (or \"nm\" at sea)");
                    None
                }
                (true, false) => km.map(|x| (x, LengthUnit::Km)),
                (false, true) => nm.map(|x| (x, LengthUnit::Nm)),
            };
            let source = p.text("source");
            let note = p.optional_localized("note");
            let covers = p.optional_localized("covers");
            let mut legs = Vec::new();
            let mut sea = sea;
            if let Some((own, index, all)) = route_legs {
                let names = p.strings("legs");
                if !names.is_empty() {
                    let start = own.iter().position(|l| *l == names[0]);
                    let run = start.is_some_and(|s| own.get(s..s + names.len()) == Some(names.as_slice()));
                    if !run {
                        p.error("legs", format!("{names:?} is not a run of this route's legs {own:?}"));
                    }
                    legs = names.iter().filter_map(|n| index.get(n.as_str()).copied()).collect();
                }
                let covered: Vec<&String> = if names.is_empty() {
                    own.iter().collect()
                } else {
                    names.iter().collect()
                };
                let modes: Option<Vec<Mode>> = covered
                    .iter()
                    .map(|n| index.get(n.as_str()).map(|&i| all[i].mode))
                    .collect();
                sea = modes.map(|m| m.iter().all(|&m| m == Mode::Sea));
            } else if p.get("legs").is_some() {
                p.error("legs", "only a route's published lengths name legs");
            }
            let mut span = None;
            match (p.get("from").is_some() || p.get("to").is_some(), leg_line) {
                (false, _) => {}
                (true, None) => p.error("from", "only a leg's published lengths name places on the line"),
                (true, Some((line, index, places))) => {
                    let mut ends = [None, None];
                    for (k, field) in ["from", "to"].into_iter().enumerate() {
                        let Some(i) = p.place_ref(field, index) else { continue };
                        let at = [places[i].lon, places[i].lat];
                        let nearest = nearest_vertex_m(line, at);
                        match nearest {
                            Some((v, d)) if d <= MAX_END_GAP_M => ends[k] = Some(v),
                            Some((_, d)) => p.error(
                                field,
                                format!(
                                    "place {:?} is {:.1} km from the line, more than {} km",
                                    places[i].id,
                                    d / 1000.0,
                                    MAX_END_GAP_M / 1000.0
                                ),
                            ),
                            None => {}
                        }
                    }
                    if let [Some(a), Some(b)] = ends {
                        if a == b {
                            p.error("to", "the part starts and ends at the same vertex");
                        } else {
                            span = Some([a.min(b), a.max(b)]);
                        }
                    }
                }
            }
            if has(&p, "nm") && sea == Some(false) {
                p.error("nm", "nautical miles are for sea legs only; give \"km\"");
            }
            if let (Some((value, unit)), Some(source)) = (value, source) {
                out.push(Documented {
                    value,
                    unit,
                    source,
                    note,
                    covers,
                    legs,
                    span,
                });
            }
        }
        out
    }

    /// `"approx": [[lon, lat], …]`: vertices of the line whose position is estimated.
    fn approx(&mut self, coordinates: Option<&[[f64; 2]]>) -> Vec<[f64; 2]> {
        let Some(v) = self.get("approx") else {
            return Vec::new();
        };
        let Some(list) = v.as_array() else {
            self.error(
                "approx",
                format!("expected an array of [lon, lat] vertices, found {}", kind_of(v)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in list.iter().enumerate() {
            let field = format!("approx[{i}]");
            let pos: Vec<f64> = item
                .as_array()
                .map(|a| a.iter().filter_map(JsonValue::as_f64).collect())
                .unwrap_or_default();
            let Some(p) = self.position(&field, &pos) else { continue };
            if let Some(line) = coordinates
                && !has_vertex_within_m(line, p, APPROX_MATCH_M)
            {
                self.error(&field, format!("{p:?} is not a vertex of the line"));
                continue;
            }
            out.push(p);
        }
        out
    }

    fn place_ref(&mut self, field: &str, index: &HashMap<&str, usize>) -> Option<usize> {
        let id = self.text(field)?;
        let found = index.get(id.as_str()).copied();
        if found.is_none() {
            self.error(field, format!("no place with id {id:?} in {PLACES_FILE}"));
        }
        found
    }

    fn leg(&mut self, feature: &Feature, place_index: &HashMap<&str, usize>, places: &[Place]) -> Option<Leg> {
        let id = self.id();
        let from = self.place_ref("from", place_index);
        let to = self.place_ref("to", place_index);
        let mode = self.text("mode").and_then(|m| {
            let mode = Mode::parse(&m);
            if mode.is_none() {
                self.error("mode", format!("expected one of sea, rail, road, air, found {m:?}"));
            }
            mode
        });
        let via = self.optional_localized("via");
        let note = self.optional_localized("note");
        let periods = self.periods("periods", false);
        let sources = self.tags("sources");
        let coordinates = match feature.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::LineString { coordinates }) => {
                if coordinates.len() < 2 || coordinates.len() > MAX_VERTICES_PER_LINE {
                    self.error(
                        "geometry",
                        format!(
                            "a leg needs 2 to {MAX_VERTICES_PER_LINE} positions, found {}",
                            coordinates.len()
                        ),
                    );
                    None
                } else {
                    let pts: Vec<[f64; 2]> = coordinates
                        .iter()
                        .filter_map(|c| self.position("geometry", c.as_slice()))
                        .collect();
                    (pts.len() == coordinates.len()).then_some(pts)
                }
            }
            Some(other) => {
                self.error(
                    "geometry",
                    format!("expected a LineString, found {}", other.type_name()),
                );
                None
            }
            None => {
                self.error("geometry", "a leg needs a LineString geometry");
                None
            }
        };
        let documented = self.documented(
            mode.map(|m| m == Mode::Sea),
            None,
            coordinates.as_deref().map(|c| (c, place_index, places)),
        );
        let approx = self.approx(coordinates.as_deref());
        let rhumb = match self.optional_text("line").as_deref() {
            None | Some("geodesic") => false,
            Some("rhumb") => true,
            Some(other) => {
                self.error("line", format!("expected geodesic or rhumb, found {other:?}"));
                false
            }
        };
        let (id, from, to, mode, coordinates) = (id?, from?, to?, mode?, coordinates?);
        for (field, place, end) in [
            ("from", from, coordinates[0]),
            ("to", to, coordinates[coordinates.len() - 1]),
        ] {
            let p = &places[place];
            let gap = geodesic_distance_m([p.lon, p.lat], end);
            if gap > MAX_END_GAP_M {
                self.error(
                    field,
                    format!(
                        "the line ends {:.1} km from place {:?}, more than {} km",
                        gap / 1000.0,
                        p.id,
                        MAX_END_GAP_M / 1000.0
                    ),
                );
            }
        }
        Some(Leg {
            id,
            from,
            to,
            mode,
            coordinates,
            via,
            note,
            periods,
            sources,
            documented,
            approx,
            rhumb,
        })
    }

    fn route(&mut self, leg_index: &HashMap<&str, usize>, legs: &[Leg]) -> Option<Route> {
        let id = self.id();
        let name = self.localized("name");
        let summary = self.localized("summary");
        let closed = self.localized("closed");
        let period_note = self.optional_localized("periodNote");
        let periods = self.periods("periods", true);
        let figures = self.figures();
        let sources = self.tags("sources");
        let leg_ids = self.strings("legs");
        if leg_ids.is_empty() && self.obj.is_some() {
            self.error("legs", "a route needs at least one leg");
        }
        let mut route_legs = Vec::new();
        for leg_id in &leg_ids {
            match leg_index.get(leg_id.as_str()) {
                Some(&i) => route_legs.push(i),
                None => self.error("legs", format!("no leg with id {leg_id:?}")),
            }
        }
        for pair in route_legs.windows(2) {
            let (a, b) = (&legs[pair[0]], &legs[pair[1]]);
            if a.to != b.from {
                self.error(
                    "legs",
                    format!("leg {:?} does not end where leg {:?} starts", a.id, b.id),
                );
            }
        }
        let documented = self.documented(None, Some((&leg_ids, leg_index, legs)), None);
        if route_legs.len() != leg_ids.len() {
            return None;
        }
        Some(Route {
            id: id?,
            name: name?,
            summary: summary?,
            legs: route_legs,
            periods,
            period_note,
            closed: closed?,
            figures,
            sources,
            documented,
        })
    }
}

/// How far a drawn length may stray from a published one of the same stretch, as the ratio
/// drawn / published, by mode. Sea lanes follow NGA Pub. 151 to within about 2 %. Railways
/// and roads are drawn through their stations and towns, so they cut the bends and come out
/// shorter (rail 73–93 %, the Burma Road about 64 % in the research notes), never longer. The
/// air route is drawn airfield to airfield, a little longer than the published great-circle figure.
pub fn length_tolerance(mode: Mode) -> (f64, f64) {
    match mode {
        Mode::Sea => (0.97, 1.03),
        Mode::Rail => (0.70, 1.02),
        Mode::Road => (0.60, 1.02),
        Mode::Air => (0.95, 1.10),
    }
}

/// One published length set against the drawn line over the same stretch.
#[derive(Clone, Debug, PartialEq)]
pub struct LengthCheck {
    /// `leg L3` or `route burma-road (L2–L4)`.
    pub what: String,
    /// The mode whose tolerance applies (the loosest of the stretch's modes).
    pub mode: Mode,
    pub drawn_km: f64,
    pub published_km: f64,
    /// The unit the figure was published in.
    pub unit: LengthUnit,
    pub source: String,
    pub within: bool,
}

impl fmt::Display for LengthCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lo, hi) = length_tolerance(self.mode);
        let ratio = self.drawn_km / self.published_km;
        let (drawn, published, unit) = match self.unit {
            LengthUnit::Km => (self.drawn_km, self.published_km, "km"),
            LengthUnit::Nm => (self.drawn_km / 1.852, self.published_km / 1.852, "nm"),
        };
        write!(
            f,
            "{}: drawn {drawn:.0} {unit}, published {published:.1} {unit} [{}], {:.0} % ({} allows {:.0}–{:.0} %){}",
            self.what,
            self.source,
            ratio * 100.0,
            self.mode.as_str(),
            lo * 100.0,
            hi * 100.0,
            if self.within { "" } else { "  OUT OF TOLERANCE" }
        )
    }
}

/// Every published length that covers exactly a leg, a run of a route's legs, or the part of a
/// leg between two of its places (`from`, `to`), against the drawn geodesic length of the same
/// stretch. Figures of other stretches (`covers` with no places) are not compared.
pub fn length_checks(atlas: &Atlas) -> Vec<LengthCheck> {
    let leg_km: Vec<f64> = atlas
        .legs
        .iter()
        .map(|l| crate::geometry::measure::geodesic_length_m(&l.coordinates) / 1000.0)
        .collect();
    let loosest = |legs: &[usize]| {
        let modes: Vec<Mode> = legs.iter().map(|&l| atlas.legs[l].mode).collect();
        [Mode::Road, Mode::Rail, Mode::Air, Mode::Sea]
            .into_iter()
            .find(|m| modes.contains(m))
            .unwrap_or(Mode::Sea)
    };
    let mut out = Vec::new();
    let mut parts = Vec::new();
    let mut push = |what: String, legs: &[usize], d: &Documented| {
        let mode = loosest(legs);
        let drawn_km: f64 = legs.iter().map(|&l| leg_km[l]).sum();
        let (lo, hi) = length_tolerance(mode);
        let ratio = drawn_km / d.km();
        out.push(LengthCheck {
            what,
            mode,
            drawn_km,
            published_km: d.km(),
            unit: d.unit,
            source: d.source.clone(),
            within: (lo..=hi).contains(&ratio),
        });
    };
    for (i, leg) in atlas.legs.iter().enumerate() {
        for d in leg.documented.iter().filter(|d| d.covers.is_none()) {
            push(format!("leg {}", leg.id), &[i], d);
        }
        for d in &leg.documented {
            if let Some([a, z]) = d.span {
                let mode = leg.mode;
                let drawn_km = crate::geometry::measure::geodesic_length_m(&leg.coordinates[a..=z]) / 1000.0;
                let (lo, hi) = length_tolerance(mode);
                parts.push(LengthCheck {
                    what: format!(
                        "leg {} part ({})",
                        leg.id,
                        d.covers.as_ref().map_or("", |c| c.get("en"))
                    ),
                    mode,
                    drawn_km,
                    published_km: d.km(),
                    unit: d.unit,
                    source: d.source.clone(),
                    within: (lo..=hi).contains(&(drawn_km / d.km())),
                });
            }
        }
    }
    for route in &atlas.routes {
        for d in route.documented.iter().filter(|d| d.covers.is_none()) {
            let run: &[usize] = if d.legs.is_empty() { &route.legs } else { &d.legs };
            let first = &atlas.legs[run[0]].id;
            let last = &atlas.legs[run[run.len() - 1]].id;
            let span = if run.len() == 1 {
                first.clone()
            } else {
                format!("{first}–{last}")
            };
            push(format!("route {} ({span})", route.id), run, d);
        }
    }
    out.extend(parts);
    out
}

fn kind_of(v: &JsonValue) -> &'static str {
    match v {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "an array",
        JsonValue::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const PLACES: &str = r#"{"type":"FeatureCollection","features":[
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
        load(GeodataFiles {
            routes: routes_text,
            places: PLACES,
            sources: SOURCES,
        })
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
                "routes.geojson: feature \"L1\": field \"mode\": expected one of sea, rail, road, air, found \"boat\"",
                "routes.geojson: feature \"rail\": field \"legs\": no leg with id \"L1\""
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
            m[0].ends_with("field \"geometry\": expected a LineString, found Point"),
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
                "routes.geojson: feature \"rail\": field \"figures[0].source\": source tag \"NOPE\" is not in sources.json"
            ]
        );
    }

    #[test]
    fn legs_that_do_not_chain_are_reported() {
        let text = routes(GOOD_LEG, GOOD_LINE).replace("\"legs\":[\"L1\"]", "\"legs\":[\"L1\",\"L1\"]");
        let m = messages(load_with(&text));
        assert_eq!(
            m,
            vec!["routes.geojson: feature \"rail\": field \"legs\": leg \"L1\" does not end where leg \"L1\" starts"]
        );
    }

    #[test]
    fn a_missing_translation_is_an_error() {
        let text = routes(GOOD_LEG, GOOD_LINE).replace(r#","zh":"铁路""#, "");
        assert_eq!(
            messages(load_with(&text)),
            vec![
                "routes.geojson: feature \"rail\": field \"name.zh\": missing translation: every text needs en, zh, ru"
            ]
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
                "routes.geojson: feature \"L1\": field \"documented[0].source\": missing",
                "routes.geojson: feature \"L1\": field \"documented[0].nm\": nautical miles are for sea legs only; give \"km\"",
                "routes.geojson: feature \"L1\": field \"approx[0]\": [103.0, 22.49] is not a vertex of the line",
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
                "routes.geojson: feature \"rail\": field \"documented[0].legs\": [\"L2\"] is not a run of this route's legs [\"L1\"]"
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
                "routes.geojson: feature \"L1\": field \"documented[0].to\": the part starts and ends at the same vertex"
            ]
        );
        assert_eq!(
            messages(load_with(&routes(&part("haiphong", "lhasa"), GOOD_LINE))),
            vec![
                "routes.geojson: feature \"L1\": field \"documented[0].to\": no place with id \"lhasa\" in places.geojson"
            ]
        );
    }
}
