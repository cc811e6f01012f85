//! The languages of the map, declared once in `geodata/languages.json`: every text a visitor
//! reads must exist in each of them, the first is the one the others fall back to, and the page
//! builds its language buttons from the same list.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

/// The declaration, compiled in: the loader's rules and the page must agree on it.
const LANGUAGES_JSON: &str = include_str!("../../geodata/languages.json");

/// The direction a language is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// One language: its code in the geodata (`zh`), its name in its own script (`中文`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub dir: Direction,
}

/// Every language, in the order the page offers them; the first is the default.
pub fn languages() -> &'static [Language] {
    static LIST: OnceLock<Vec<Language>> = OnceLock::new();
    LIST.get_or_init(|| {
        // Read through serde_json's `Value`, which the loader already uses: a derived
        // `Deserialize` made the wasm 5 KB larger for three entries.
        let bad = "geodata/languages.json is a non-empty list of {code, name, dir} (a unit test reads it)";
        let value: Value = serde_json::from_str(LANGUAGES_JSON).expect(bad);
        let list: Vec<Language> = value
            .as_array()
            .expect(bad)
            .iter()
            .map(|l| {
                let field = |k: &str| l.get(k).and_then(Value::as_str).expect(bad).to_owned();
                let dir = match field("dir").as_str() {
                    "ltr" => Direction::Ltr,
                    "rtl" => Direction::Rtl,
                    _ => panic!("{bad}"),
                };
                Language {
                    code: field("code"),
                    name: field("name"),
                    dir,
                }
            })
            .collect();
        assert!(!list.is_empty(), "{bad}");
        list
    })
}

/// The languages' codes (`en`, `zh`, `ru`), in order.
pub fn codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| languages().iter().map(|l| l.code.as_str()).collect())
}

/// The language every other falls back to: the first declared.
pub fn default_language() -> &'static str {
    codes()[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_reads_english_first_then_chinese_and_russian() {
        assert_eq!(codes(), ["en", "zh", "ru"]);
        assert_eq!(default_language(), "en");
        let names: Vec<&str> = languages().iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["English", "中文", "Русский"]);
        assert!(languages().iter().all(|l| l.dir == Direction::Ltr));
    }
}
