//! Localized strings as they appear in the geodata: `{"en": "…", "zh": "…", "ru": "…"}`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::languages::default_language;

/// A visitor-facing string in several languages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Localized(pub BTreeMap<String, String>);

impl Localized {
    /// An English-only string (tests and defaults).
    pub fn en(text: &str) -> Self {
        Localized(BTreeMap::from([(default_language().to_owned(), text.to_owned())]))
    }

    /// The text in `lang`, or in the default language (English) when that one is missing.
    pub fn get(&self, lang: &str) -> &str {
        self.0
            .get(lang)
            .or_else(|| self.0.get(default_language()))
            .map(String::as_str)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_language_falls_back_to_english() {
        let mut s = Localized::en("Canton");
        s.0.insert("zh".into(), "广州".into());
        assert_eq!(s.get("zh"), "广州");
        assert_eq!(s.get("ru"), "Canton");
    }

    #[test]
    fn empty_string_reads_as_empty() {
        assert_eq!(Localized::default().get("en"), "");
    }
}
