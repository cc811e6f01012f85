//! Translating a route set with gettext PO files (issue 20), for the native `strings` tool and
//! `validate`; never in the wasm. Every visitor text stays where it is, inline in the geodata as
//! `{"en": "…", "zh": "…"}`, and each interface string in `interface/<code>.json`; what this
//! module adds is a way to hand them to translators and take their work back.
//!
//! - [`folder`]: a geodata folder's files as text, read once and written back only where changed.
//! - [`catalog`]: every translatable text of a folder, named by a `msgctxt` (`file|feature|field`).
//! - [`memory`]: the English each translation was made from (`translations/<code>.json`), and
//!   so which translations are stale, missing or unrecorded.
//! - [`checks`]: what a translation keeps from its English: numbers, placeholders, word limits.
//! - [`po`]: export to and import from PO files.
//! - `splice`: a string written back into a JSON file in place, byte for byte around it.

pub mod catalog;
pub mod checks;
pub mod folder;
pub mod memory;
pub mod po;
mod splice;

/// A problem with a file: the file (relative to the folder, or a PO file's path), the line when
/// known, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

/// The 1-based line of byte `at` in `text`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// What the core's loader reports on a folder's data files (by name), none when the folder
/// lacks the three files every set has: the same check `validate` and the page make.
pub(crate) fn load_problems(files: &std::collections::BTreeMap<String, String>) -> Vec<crate::data::error::LoadError> {
    use crate::data::chapters::CHAPTERS_FILE;
    use crate::data::events::EVENTS_FILE;
    use crate::data::languages::LANGUAGES_FILE;
    use crate::data::loader::{self, RouteSetFiles};
    use crate::data::occupied::{OCCUPIED_FILE, PERIOD_STATES_FILE};
    use crate::data::places::PLACES_FILE;
    use crate::data::routes::ROUTES_FILE;
    use crate::data::sources::SOURCES_FILE;
    use crate::data::timeline::TIMELINE_FILE;
    let get = |name: &str| files.get(name).map(String::as_str);
    let (Some(routes), Some(places), Some(sources)) = (get(ROUTES_FILE), get(PLACES_FILE), get(SOURCES_FILE)) else {
        return Vec::new();
    };
    let interface: Vec<(&str, &str)> = files
        .iter()
        .filter_map(|(name, text)| {
            let code = name.strip_prefix("interface/")?.strip_suffix(".json")?;
            Some((code, text.as_str()))
        })
        .collect();
    let set = RouteSetFiles {
        languages: get(LANGUAGES_FILE),
        interface: &interface,
        events: get(EVENTS_FILE),
        timeline: get(TIMELINE_FILE),
        occupied: get(OCCUPIED_FILE),
        period_states: get(PERIOD_STATES_FILE),
        chapters: get(CHAPTERS_FILE),
        ..RouteSetFiles::new(routes, places, sources)
    };
    loader::load(set).err().unwrap_or_default()
}
