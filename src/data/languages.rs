//! The languages of a route set, declared once in its `languages.json`: the first is the source
//! language every text is written in and the others fall back to; the page builds its language
//! buttons, fonts and number formats from the same list. A set read without one (the page's
//! shipped set) has the declaration compiled in from `geodata/languages.json`.

use std::sync::OnceLock;

use serde::Serialize;
use serde_json::Value;

use crate::data::error::{LoadError, error, file_error};

pub const LANGUAGES_FILE: &str = "languages.json";

/// The shipped declaration, compiled in: what a set is checked against when it brings none.
const LANGUAGES_JSON: &str = include_str!("../../geodata/languages.json");

/// The direction a language is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

/// One language: its code in the geodata (`zh`), its name in its own script (`中文`), and
/// what the page needs to show it (font faces, the `Intl` locale), when the set says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Language {
    pub code: String,
    pub name: String,
    pub dir: Direction,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fonts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// A set's languages, in the order the page offers them; never empty, the first the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Languages(Vec<Language>);

impl Default for Languages {
    fn default() -> Self {
        Languages::shipped().clone()
    }
}

impl Languages {
    /// Reads a `languages.json`: a non-empty list of `{code, name, dir}`, with `fonts` (a list
    /// of strings) and `locale` optional; other fields are the page's and are let through.
    /// Every problem names the entry (its code, or `#index`) and the field.
    pub fn parse(text: &str) -> Result<Languages, Vec<LoadError>> {
        let file = LANGUAGES_FILE;
        let value: Value =
            serde_json::from_str(text).map_err(|e| vec![file_error(file, format!("not valid JSON: {e}"))])?;
        let Some(list) = value.as_array().filter(|l| !l.is_empty()) else {
            return Err(vec![file_error(file, "expected a non-empty list of {code, name, dir}")]);
        };
        let mut errors = Vec::new();
        let mut out: Vec<Language> = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let code = entry.get("code").and_then(Value::as_str);
            let label = code.map_or_else(|| format!("#{i}"), str::to_owned);
            if !entry.is_object() {
                errors.push(error(
                    file,
                    Some(&label),
                    None,
                    "expected an object {code, name, dir}".into(),
                ));
                continue;
            }
            let mut bad = |field: &str, message: String| {
                errors.push(error(file, Some(&label), Some(field.to_owned()), message));
            };
            let mut text = |field: &str| match entry.get(field) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
                Some(v) if !v.is_string() => {
                    bad(field, "expected a string".into());
                    None
                }
                _ => {
                    bad(field, "missing or empty".into());
                    None
                }
            };
            let (code, name, dir) = (text("code"), text("name"), text("dir"));
            let locale = entry.get("locale").and_then(|_| text("locale"));
            let mut bad = |field: &str, message: String| {
                errors.push(error(file, Some(&label), Some(field.to_owned()), message));
            };
            // A code is a key in every text object and a file name (`interface/zh.json`).
            if let Some(c) = &code
                && !(c.len() <= 16 && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'))
            {
                bad(
                    "code",
                    format!("{c:?} must be letters, digits or '-' (a BCP 47 tag like \"zh\" or \"en-XA\")"),
                );
            }
            if let Some(c) = &code
                && out.iter().any(|l| &l.code == c)
            {
                bad("code", format!("{c:?} is declared twice"));
            }
            let dir = match dir.as_deref() {
                Some("ltr") => Some(Direction::Ltr),
                Some("rtl") => Some(Direction::Rtl),
                Some(d) => {
                    bad("dir", format!("expected \"ltr\" or \"rtl\", found {d:?}"));
                    None
                }
                None => None,
            };
            let fonts = match entry.get("fonts") {
                None => Vec::new(),
                Some(Value::Array(l)) if l.iter().all(Value::is_string) => {
                    l.iter().filter_map(Value::as_str).map(str::to_owned).collect()
                }
                Some(_) => {
                    bad("fonts", "expected a list of strings (font faces)".into());
                    Vec::new()
                }
            };
            if let (Some(code), Some(name), Some(dir)) = (code, name, dir) {
                out.push(Language {
                    code,
                    name,
                    dir,
                    fonts,
                    locale,
                });
            }
        }
        if errors.is_empty() {
            Ok(Languages(out))
        } else {
            Err(errors)
        }
    }

    /// The declaration shipped in `geodata/languages.json`.
    pub fn shipped() -> &'static Languages {
        static SHIPPED: OnceLock<Languages> = OnceLock::new();
        SHIPPED.get_or_init(|| {
            // Not `expect`: formatting the errors for it would cost the page's wasm.
            Languages::parse(LANGUAGES_JSON)
                .unwrap_or_else(|_| panic!("geodata/languages.json is a valid declaration (a unit test reads it)"))
        })
    }

    pub fn list(&self) -> &[Language] {
        &self.0
    }

    /// The codes, in order.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|l| l.code.as_str())
    }

    /// The language every text is written in first, and every other falls back to.
    pub fn source(&self) -> &str {
        &self.0[0].code
    }

    /// The position of `code` in the list, if it is declared.
    pub fn index(&self, code: &str) -> Option<usize> {
        self.0.iter().position(|l| l.code == code)
    }
}

/// The shipped languages, in the order the page offers them; the first is the default.
pub fn languages() -> &'static [Language] {
    Languages::shipped().list()
}

/// The shipped languages' codes (`en`, `zh`, `ru`), in order.
pub fn codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| Languages::shipped().codes().collect())
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

    #[test]
    fn a_declaration_keeps_the_pages_fields_and_lets_unknown_ones_through() {
        let l = Languages::parse(
            r#"[{"code":"en","name":"English","dir":"ltr"},
                {"code":"ar","name":"العربية","dir":"rtl","fonts":["Noto Naskh Arabic"],"locale":"ar-EG","button":"x"}]"#,
        )
        .expect("valid");
        assert_eq!(l.source(), "en");
        assert_eq!(l.index("ar"), Some(1));
        let ar = &l.list()[1];
        assert_eq!(
            (ar.dir, ar.fonts.as_slice(), ar.locale.as_deref()),
            (Direction::Rtl, &["Noto Naskh Arabic".to_owned()][..], Some("ar-EG"))
        );
    }

    #[test]
    fn a_bad_declaration_names_the_entry_and_the_field() {
        let m = |text: &str| -> Vec<String> {
            Languages::parse(text)
                .expect_err("invalid")
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(
            m(
                r#"[{"code":"en","name":"English","dir":"ltr"},{"code":"en","name":"","dir":"up","fonts":"Noto"},{"name":"x","dir":"ltr"}]"#
            ),
            [
                "languages.json: feature \"en\": field \"name\": missing or empty",
                "languages.json: feature \"en\": field \"code\": \"en\" is declared twice",
                "languages.json: feature \"en\": field \"dir\": expected \"ltr\" or \"rtl\", found \"up\"",
                "languages.json: feature \"en\": field \"fonts\": expected a list of strings (font faces)",
                "languages.json: feature \"#2\": field \"code\": missing or empty",
            ]
        );
        assert_eq!(
            m("[]"),
            ["languages.json: expected a non-empty list of {code, name, dir}"]
        );
        assert_eq!(
            m(r#"[{"code":"fr/../x","name":"x","dir":"ltr"}]"#),
            [
                "languages.json: feature \"fr/../x\": field \"code\": \"fr/../x\" must be letters, digits or '-' (a BCP 47 tag like \"zh\" or \"en-XA\")"
            ]
        );
    }
}
