//! `sources.json`: every source tag the other files cite, with its full citation.

use std::collections::HashSet;

use geojson::JsonValue;

use crate::data::error::{LoadError, file_error};
use crate::data::json::Fields;
use crate::data::model::Source;

pub const SOURCES_FILE: &str = "sources.json";

/// Reads `sources.json`: an object of tags, each `{"title": …, "note": …}`.
pub(crate) fn read(text: &str, errors: &mut Vec<LoadError>) -> Vec<Source> {
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
        // Otherwise no tag could be checked against it (a citation check skips an empty list).
        errors.push(file_error(SOURCES_FILE, "no sources: every feature must cite one"));
    }
    let mut sources = Vec::new();
    for (tag, entry) in map {
        let mut p = Fields::new(SOURCES_FILE, tag.clone(), entry.as_object(), errors);
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

/// The tags of `sources` (empty when `sources.json` failed: it said so, and no citation is
/// then checked against it).
pub(crate) fn known(sources: &[Source]) -> HashSet<&str> {
    sources.iter().map(|s| s.tag.as_str()).collect()
}

/// Reports each of `tags` (cited by `feature`'s `field` in `file`) that is not in `known`.
pub(crate) fn check_cited<'t>(
    known: &HashSet<&str>,
    file: &str,
    feature: &str,
    field: &str,
    tags: impl IntoIterator<Item = &'t String>,
    errors: &mut Vec<LoadError>,
) {
    if known.is_empty() {
        return;
    }
    for tag in tags {
        if !known.contains(tag.as_str()) {
            errors.push(LoadError {
                file: file.to_owned(),
                feature: Some(feature.to_owned()),
                field: Some(field.to_owned()),
                message: format!("source tag {tag:?} is not in {SOURCES_FILE}"),
            });
        }
    }
}
