//! What a set's file rules report into: the problems found, and the set's languages, against
//! which every visitor text is checked and counted. A text must be there in the source
//! language (the first declared) and may name only declared languages; a missing translation
//! is not a problem but an *untranslated* text (the page shows the source language), counted
//! for each language's completeness.

use std::ops::{Deref, DerefMut};

use serde::Serialize;

use crate::data::error::{LoadError, error};
use crate::data::languages::{LANGUAGES_FILE, Languages};
use crate::data::text::Localized;

/// How much of a set each language has.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Completeness {
    /// The visitor texts of the data files (each in the source language).
    pub texts: usize,
    /// The keys of the source language's interface file, when the set has one.
    pub interface: Option<usize>,
    /// Per declared language, in order.
    pub languages: Vec<LanguageCount>,
}

/// What one language has of the set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LanguageCount {
    pub code: String,
    /// Texts of the data files in this language.
    pub texts: usize,
    /// Keys of its interface file (`None` without one).
    pub interface: Option<usize>,
}

/// The problems found so far (a list: rules push to it as to any), and the languages texts
/// are checked against.
#[derive(Clone, Debug)]
pub struct Report {
    pub errors: Vec<LoadError>,
    pub languages: Languages,
    pub completeness: Completeness,
    /// Features left out, without a problem of their own, because what they name failed (a
    /// route whose leg failed): the file and the feature, no message.
    refused: Vec<LoadError>,
}

impl Report {
    pub fn new(languages: Languages) -> Self {
        let counts = languages
            .codes()
            .map(|code| LanguageCount {
                code: code.to_owned(),
                ..LanguageCount::default()
            })
            .collect();
        Report {
            errors: Vec::new(),
            languages,
            completeness: Completeness {
                languages: counts,
                ..Completeness::default()
            },
            refused: Vec::new(),
        }
    }

    /// Whether feature `id` of `file` failed, so that what names it is not reported again: the
    /// file did not load (a problem without a feature: not JSON, not a FeatureCollection), the
    /// feature has a problem of its own, or it was refused for what it names ([`Report::refuse`]).
    /// One mistake is then reported once, where it is, not again by every reference to it.
    pub(crate) fn failed(&self, file: &str, id: &str) -> bool {
        self.errors
            .iter()
            .chain(&self.refused)
            .any(|e| e.file == file && e.feature.as_deref().is_none_or(|f| f == id))
    }

    /// Marks feature `id` of `file` as failed without a problem of its own: what it names
    /// failed, and said so.
    pub(crate) fn refuse(&mut self, file: &str, id: &str) {
        self.refused.push(error(file, Some(id), None, String::new()));
    }

    /// Checks a visitor text `field` of `feature` in `file` against the languages and counts
    /// it; false, reported, when it lacks the source language.
    pub fn text(&mut self, file: &str, feature: &str, field: &str, text: &Localized) -> bool {
        let problem = |field: String, message: String| error(file, Some(feature), Some(field), message);
        for lang in text.0.keys() {
            if self.languages.index(lang).is_none() {
                // Written out rather than joined: `join` costs the page's wasm a kilobyte.
                let mut declared = String::new();
                for code in self.languages.codes() {
                    if !declared.is_empty() {
                        declared += ", ";
                    }
                    declared += code;
                }
                let message = format!("language {lang:?} is not declared in {LANGUAGES_FILE} ({declared})");
                self.errors.push(problem(format!("{field}.{lang}"), message));
            }
        }
        let has = |code: &str| text.0.get(code).is_some_and(|s| !s.trim().is_empty());
        let source = self.languages.source();
        if !has(source) {
            let message = format!("the \"{source}\" text is missing or empty");
            self.errors.push(problem(field.to_owned(), message));
            return false;
        }
        self.completeness.texts += 1;
        for count in &mut self.completeness.languages {
            count.texts += usize::from(has(&count.code));
        }
        true
    }
}

/// A report against the shipped languages.
impl Default for Report {
    fn default() -> Self {
        Report::new(Languages::default())
    }
}

impl Deref for Report {
    type Target = Vec<LoadError>;
    fn deref(&self) -> &Vec<LoadError> {
        &self.errors
    }
}

impl DerefMut for Report {
    fn deref_mut(&mut self) -> &mut Vec<LoadError> {
        &mut self.errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(pairs: &[(&str, &str)]) -> Localized {
        Localized(pairs.iter().map(|&(k, v)| (k.to_owned(), v.to_owned())).collect())
    }

    #[test]
    fn a_missing_translation_is_counted_and_an_undeclared_language_is_an_error() {
        let mut r = Report::new(Languages::shipped().clone());
        assert!(r.text(
            "places.geojson",
            "canton",
            "name",
            &text(&[("en", "Canton"), ("zh", "广州")])
        ));
        assert!(r.is_empty());
        let counts: Vec<usize> = r.completeness.languages.iter().map(|c| c.texts).collect();
        assert_eq!((r.completeness.texts, counts), (1, vec![1, 1, 0]));

        assert!(r.text(
            "places.geojson",
            "canton",
            "name",
            &text(&[("en", "Canton"), ("fr", "Canton")])
        ));
        assert!(!r.text(
            "places.geojson",
            "canton",
            "modern",
            &text(&[("zh", "广州"), ("en", " ")])
        ));
        let m: Vec<String> = r.iter().map(ToString::to_string).collect();
        assert_eq!(
            m,
            [
                "places.geojson: feature \"canton\": field \"name.fr\": language \"fr\" is not declared in languages.json (en, zh, ru)",
                "places.geojson: feature \"canton\": field \"modern\": the \"en\" text is missing or empty",
            ]
        );
        assert_eq!(r.completeness.texts, 2);
    }
}
