//! Reading JSON fields, for every file's rules: a GeoJSON FeatureCollection split into its
//! features, the fields of one object (`Fields`: texts, localized texts, lists, positions,
//! months), and serde for the files whose shape serde describes. Each bad field becomes a
//! [`LoadError`] naming the file, the feature and the field.

use geojson::{Feature, JsonObject, JsonValue};

use crate::data::error::{LoadError, error, file_error};
use crate::data::month::Month;
use crate::data::report::Report;
use crate::data::text::Localized;

/// Bounds that keep a hostile file from exhausting a kiosk's memory or time.
pub const MAX_FEATURES: usize = 10_000;
pub const MAX_TEXT_CHARS: usize = 4_000;

/// Splits a FeatureCollection into its features, each with its label (its `id`, or the
/// feature's own, or `#index` when it has none), parsing each one alone so that a broken
/// geometry is reported against its own feature rather than failing the whole file.
pub(crate) fn features(file: &str, text: &str, errors: &mut Vec<LoadError>) -> Vec<(String, Feature)> {
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
        // Without an id in its properties, the feature's own (GeoJSON's) id names it: what
        // names that id then fails with it, not again on its own.
        let label = raw
            .get("properties")
            .and_then(|p| p.get("id"))
            .or_else(|| raw.get("id"))
            .and_then(JsonValue::as_str)
            .map_or_else(|| format!("#{i}"), str::to_owned);
        match serde_json::from_value::<Feature>(raw) {
            Ok(f) => out.push((label, f)),
            Err(e) => errors.push(error(
                file,
                Some(&label),
                Some("geometry".into()),
                format!("not a valid GeoJSON feature: {e}"),
            )),
        }
    }
    out
}

/// Deserializes `value` as `T`, or describes the failing field (`counters[1].total`).
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, (Option<String>, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != ".").then_some(path);
        (field, e.into_inner().to_string())
    })
}

/// `pos` as a `[lon, lat]` position in degrees, within ±180, ±90, or what is wrong with it (a
/// swapped pair is named so).
pub(crate) fn check_position(pos: &[f64]) -> Result<[f64; 2], String> {
    match pos {
        [lon, lat, ..] if lon.is_finite() && lat.is_finite() && lon.abs() <= 180.0 && lat.abs() <= 90.0 => {
            Ok([*lon, *lat])
        }
        [a, b, ..] if a.abs() <= 90.0 && b.abs() <= 180.0 && b.abs() > 90.0 => Err(format!(
            "{pos:?} is not a [lon, lat] position within ±180, ±90 (latitude and longitude swapped?)"
        )),
        _ => Err(format!("{pos:?} is not a [lon, lat] position within ±180, ±90")),
    }
}

/// What a JSON value is, for messages: `a number`, `an array`.
pub(crate) fn kind_of(v: &JsonValue) -> &'static str {
    match v {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "an array",
        JsonValue::Object(_) => "an object",
    }
}

/// The fields of one JSON object (a feature's properties, a source's entry, an element of an
/// array field), read one at a time; each bad one is recorded as a [`LoadError`] and read as
/// `None` (or empty), so that a file's rules go on and find every problem.
pub(crate) struct Fields<'j, 'e> {
    file: &'static str,
    feature: String,
    obj: Option<&'j JsonObject>,
    errors: &'e mut Report,
    /// Prepended to field names: `figures[0]` for the fields of one figure.
    prefix: String,
}

impl<'j, 'e> Fields<'j, 'e> {
    /// The fields of `obj`, or, reported, none when the feature's properties are not an object.
    pub(crate) fn new(
        file: &'static str,
        feature: String,
        obj: Option<&'j JsonObject>,
        errors: &'e mut Report,
    ) -> Self {
        let mut p = Fields {
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

    /// How many problems have been recorded in all, to tell whether reading a part added one.
    pub(crate) fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Whether there is an object to read (a missing one was reported by [`Fields::new`]).
    pub(crate) fn is_object(&self) -> bool {
        self.obj.is_some()
    }

    pub(crate) fn error(&mut self, field: &str, message: impl Into<String>) {
        let field = match (self.prefix.is_empty(), field.is_empty()) {
            (true, _) => field.to_owned(),
            (false, true) => self.prefix.clone(),
            (false, false) => format!("{}.{field}", self.prefix),
        };
        self.errors
            .push(error(self.file, Some(&self.feature), Some(field), message.into()));
    }

    /// Reports that `field` names `id`, which is not in `target` (`message` says so), unless
    /// `id` failed there on its own: then that problem is the one reported, and this feature is
    /// only marked failed in turn (so that what names it is not reported either).
    pub(crate) fn dangling(&mut self, field: &str, target: &str, id: &str, message: String) {
        if self.errors.failed(target, id) {
            self.errors.refuse(self.file, &self.feature);
        } else {
            self.error(field, message);
        }
    }

    /// The value of `field`; `null` reads as absent.
    pub(crate) fn get(&self, field: &str) -> Option<&'j JsonValue> {
        self.obj.and_then(|o| o.get(field)).filter(|v| !v.is_null())
    }

    pub(crate) fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// Reports `field` as missing when the object lacks it; true when it is there.
    fn require(&mut self, field: &str) -> bool {
        if self.obj.is_some() && !self.has(field) {
            self.error(field, "missing");
            return false;
        }
        true
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

    pub(crate) fn optional_text(&mut self, field: &str) -> Option<String> {
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

    /// A text that must be there and not blank.
    pub(crate) fn text(&mut self, field: &str) -> Option<String> {
        if !self.require(field) {
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

    /// The feature's `id`: 1-64 ASCII letters, digits, `-` or `_`.
    pub(crate) fn id(&mut self) -> Option<String> {
        let id = self.text("id")?;
        let ok = id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !ok {
            self.error("id", format!("{id:?} must be 1-64 letters, digits, '-' or '_'"));
            return None;
        }
        Some(id)
    }

    /// A text a visitor reads, `{"en": "…", "zh": "…", "ru": "…"}`, when it is there (see
    /// [`Report::text`]).
    pub(crate) fn optional_localized(&mut self, field: &str) -> Option<Localized> {
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
        // In the source language, in declared languages only; a missing translation is
        // counted, not reported (the page shows the source language).
        let field = if self.prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{field}", self.prefix)
        };
        self.errors.text(self.file, &self.feature, &field, &out).then_some(out)
    }

    /// A text a visitor reads that must be there.
    pub(crate) fn localized(&mut self, field: &str) -> Option<Localized> {
        if !self.require(field) {
            return None;
        }
        self.optional_localized(field)
    }

    /// The array in `field`, or `None` when it is absent or, reported, not an array; `what`
    /// says what it holds, for the message (`strings`, `{km or nm, source}`).
    pub(crate) fn array(&mut self, field: &str, what: &str) -> Option<&'j [JsonValue]> {
        let v = self.get(field)?;
        let list = v.as_array().map(Vec::as_slice);
        if list.is_none() {
            self.error(field, format!("expected an array of {what}, found {}", kind_of(v)));
        }
        list
    }

    /// Calls `read` with the fields of each object in the array `field`, whose problems are
    /// named `field[i].…`; an element that is not an object is reported as not `{what}`.
    pub(crate) fn each_object(&mut self, field: &str, what: &str, mut read: impl FnMut(&mut Fields<'j, '_>)) {
        let Some(list) = self.array(field, what) else {
            return;
        };
        for (i, item) in list.iter().enumerate() {
            let mut inner = Fields {
                file: self.file,
                feature: self.feature.clone(),
                obj: item.as_object(),
                errors: self.errors,
                prefix: format!("{field}[{i}]"),
            };
            if inner.obj.is_none() {
                inner.error("", format!("expected an object {what}"));
                continue;
            }
            read(&mut inner);
        }
    }

    /// A list of strings (empty when absent).
    pub(crate) fn strings(&mut self, field: &str) -> Vec<String> {
        let Some(list) = self.array(field, "strings") else {
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

    /// The source tags a feature cites: at least one.
    pub(crate) fn tags(&mut self, field: &str) -> Vec<String> {
        let tags = self.strings(field);
        if tags.is_empty() && self.obj.is_some() {
            self.error(field, "every feature names at least one source");
        }
        tags
    }

    /// A `[lon, lat]` position in degrees (see [`check_position`]).
    pub(crate) fn position(&mut self, field: &str, pos: &[f64]) -> Option<[f64; 2]> {
        check_position(pos).map_err(|m| self.error(field, m)).ok()
    }

    /// A month `"YYYY-MM"` in `v` (the value of `field`).
    pub(crate) fn month(&mut self, field: &str, v: Option<&JsonValue>) -> Option<Month> {
        let s = v.and_then(JsonValue::as_str).unwrap_or_default();
        let month = Month::parse(s);
        if month.is_none() {
            self.error(field, format!("expected a month \"YYYY-MM\", found {s:?}"));
        }
        month
    }
}
