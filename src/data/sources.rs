//! `sources.json`: every source tag the other files cite, with its full citation.

use std::collections::HashSet;

use geojson::{JsonObject, JsonValue};

use crate::data::error::{error, file_error};
use crate::data::json::{Fields, kind_of};
use crate::data::model::{Source, SourceKind};
use crate::data::month::Month;
use crate::data::report::Report;

pub const SOURCES_FILE: &str = "sources.json";

/// The fields of a citation besides `title`, `titleText`, `note`, `noteText`, `kind`, `weak`,
/// `year`, `date` and `unconfirmed`: texts, each as printed.
#[rustfmt::skip]
const CITATION_TEXTS: [&str; 15] = [
    "author", "editor", "work", "in", "series", "edition", "periodical", "publisher", "place", "volume",
    "issue", "pages", "url", "isbn", "licence",
];

/// Reads `sources.json`: an object of tags, each a citation (`geodata/README.md`): `title`, and
/// for the shipped set `kind` with the structured fields. A publication (`kind` other than
/// `wiki`, `web`, `general-knowledge`) must name its author or editor and its year, unless the
/// field is listed in `unconfirmed`: left out because no one could confirm it, not forgotten.
/// Its title is `title`, which every source must have.
pub(crate) fn read(text: &str, errors: &mut Report) -> Vec<Source> {
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
    map.iter()
        .filter_map(|(tag, entry)| source(tag, entry.as_object(), errors))
        .collect()
}

/// One entry of `sources.json`, checked; `None` (reported) without a title.
fn source(tag: &str, entry: Option<&JsonObject>, errors: &mut Report) -> Option<Source> {
    let mut p = Fields::new(SOURCES_FILE, tag.to_owned(), entry, errors);
    for key in entry.into_iter().flat_map(|e| e.keys()) {
        let known = CITATION_TEXTS.contains(&key.as_str())
            || [
                "title",
                "titleText",
                "note",
                "noteText",
                "kind",
                "weak",
                "year",
                "date",
                "unconfirmed",
            ]
            .contains(&key.as_str());
        if !known {
            p.error(key, "not a field of a citation (geodata/README.md lists them)");
        }
    }
    let title = p.text("title");
    let title_text = p.optional_localized("titleText");
    let note = p.optional_text("note");
    let note_text = p.optional_localized("noteText");
    if note.is_some() && note_text.is_some() {
        p.error(
            "noteText",
            "give \"note\" (an address) or \"noteText\" (a note of ours, in every language), not both",
        );
    }
    let kind = p.get("kind").and_then(|v| {
        let kind = v.as_str().and_then(SourceKind::parse);
        if kind.is_none() {
            let kinds: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
            p.error("kind", format!("expected one of {}, found {v}", kinds.join(", ")));
        }
        kind
    });
    let weak = match p.get("weak") {
        None => false,
        Some(JsonValue::Bool(b)) => *b,
        Some(v) => {
            p.error("weak", format!("expected true or false, found {}", kind_of(v)));
            false
        }
    };
    let year = p.get("year").and_then(|v| {
        let year = v.as_i64().filter(|y| (1000..=2100).contains(y));
        if year.is_none() {
            p.error("year", format!("expected a year such as 1938, found {v}"));
        }
        year.and_then(|y| i32::try_from(y).ok())
    });
    if let Some(date) = p.optional_text("date")
        && !is_date(&date)
    {
        p.error("date", format!("expected a date \"YYYY-MM-DD\", found {date:?}"));
    }
    let has = CITATION_TEXTS.map(|f| p.optional_text(f).is_some());
    let given = |field: &str| CITATION_TEXTS.iter().position(|f| *f == field).is_some_and(|i| has[i]);
    let unconfirmed = p.strings("unconfirmed");
    for field in &unconfirmed {
        if !CITATION_TEXTS.contains(&field.as_str()) && !["year", "date"].contains(&field.as_str()) {
            p.error("unconfirmed", format!("{field:?} is not a field of a citation"));
        }
    }
    let excused = |field: &str| unconfirmed.iter().any(|f| f == field);
    if let Some(kind) = kind.filter(|k| k.full()) {
        let what = kind.as_str();
        if !given("author") && !given("editor") && !excused("author") && !excused("editor") {
            p.error(
                "author",
                format!("a source of kind {what} names its author or editor (or lists \"author\" in \"unconfirmed\")"),
            );
        }
        if year.is_none() && !p.has("year") && !excused("year") {
            p.error(
                "year",
                format!("a source of kind {what} gives its year (or lists \"year\" in \"unconfirmed\")"),
            );
        }
    }
    Some(Source {
        tag: tag.to_owned(),
        title: title?,
        title_text,
        note,
        note_text,
        kind,
        weak,
        year,
    })
}

/// `YYYY-MM-DD`, a real month and a day of 1–31.
fn is_date(s: &str) -> bool {
    let (Some(month), Some(day)) = (s.get(..7), s.get(7..)) else {
        return false;
    };
    let day = day.strip_prefix('-').unwrap_or_default();
    Month::parse(month).is_some()
        && day.len() == 2
        && day.bytes().all(|b| b.is_ascii_digit())
        && day.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// The tags of `sources` (empty when `sources.json` failed: it said so, and no citation is
/// then checked against it).
pub(crate) fn known(sources: &[Source]) -> HashSet<&str> {
    sources.iter().map(|s| s.tag.as_str()).collect()
}

/// Reports each of `tags` (cited by `feature`'s `field` in `file`) that is not in `known` (none
/// when it is empty), unless `sources.json` failed on it (said there: a tag whose entry is broken, a file that did
/// not load).
pub(crate) fn check_cited<'t>(
    known: &HashSet<&str>,
    file: &str,
    feature: &str,
    field: &str,
    tags: impl IntoIterator<Item = &'t String>,
    errors: &mut Report,
) {
    if known.is_empty() {
        return;
    }
    for tag in tags {
        if !known.contains(tag.as_str()) && !errors.failed(SOURCES_FILE, tag) {
            let message = format!("source tag {tag:?} is not in {SOURCES_FILE}");
            errors.push(error(file, Some(feature), Some(field.to_owned()), message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> (Vec<Source>, Vec<String>) {
        let mut errors = crate::data::report::Report::default();
        let sources = read(text, &mut errors);
        (sources, errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_publication_names_its_author_and_year_or_says_they_are_unconfirmed() {
        let (_, m) = messages(r#"{"VOLK": {"title": "Volkova", "kind": "book", "work": "СССР и Гоминьдан"}}"#);
        assert_eq!(
            m,
            [
                "sources.json: feature \"VOLK\": field \"author\": a source of kind book names its author or editor (or lists \"author\" in \"unconfirmed\")",
                "sources.json: feature \"VOLK\": field \"year\": a source of kind book gives its year (or lists \"year\" in \"unconfirmed\")",
            ]
        );
        let (s, m) = messages(
            r#"{"VOLK": {"title": "Volkova", "kind": "book", "editor": "А. Е. Тарас", "unconfirmed": ["year"]},
                "W": {"title": "Wikipedia", "kind": "wiki"}, "GK": {"title": "General knowledge", "kind": "general-knowledge"}}"#,
        );
        assert_eq!((s.len(), m), (3, Vec::<String>::new()));
    }

    #[test]
    fn an_unknown_kind_field_or_year_is_reported() {
        let (_, m) = messages(
            r#"{"X": {"title": "x", "kind": "blog", "auther": "A", "year": "1938", "date": "1938-13-01", "weak": "yes",
                      "unconfirmed": ["colour"]}}"#,
        );
        assert_eq!(
            m,
            [
                "sources.json: feature \"X\": field \"auther\": not a field of a citation (geodata/README.md lists them)",
                "sources.json: feature \"X\": field \"kind\": expected one of book, chapter, article, newspaper, document, encyclopedia, wiki, web, general-knowledge, found \"blog\"",
                "sources.json: feature \"X\": field \"weak\": expected true or false, found a string",
                "sources.json: feature \"X\": field \"year\": expected a year such as 1938, found \"1938\"",
                "sources.json: feature \"X\": field \"date\": expected a date \"YYYY-MM-DD\", found \"1938-13-01\"",
                "sources.json: feature \"X\": field \"unconfirmed\": \"colour\" is not a field of a citation",
            ]
        );
        // A date cut inside a character is a bad date, not a panic.
        let (_, m) = messages(r#"{"X": {"title": "x", "date": "1938年12月01日"}}"#);
        assert_eq!(m.len(), 1, "{m:?}");
    }

    #[test]
    fn notes_and_titles_of_ours_are_read_in_every_language() {
        let (s, m) = messages(
            r#"{"GK": {"title": "General knowledge", "kind": "general-knowledge",
                       "titleText": {"en": "General knowledge", "zh": "一般常识", "ru": "Общеизвестно"}},
                "KENMORE": {"title": "Kenmore Stamp Company", "kind": "web", "weak": true,
                            "noteText": {"en": "A stamp dealer", "zh": "邮票商", "ru": "Торговец марками"}},
                "A": {"title": "An Wen", "kind": "article", "author": "An Wen", "year": 2005, "note": "bjreview.cn"}}"#,
        );
        assert!(m.is_empty(), "{m:?}");
        let by = |tag: &str| s.iter().find(|x| x.tag == tag).expect("a source");
        assert_eq!((by("GK").title("zh"), by("GK").note("zh")), ("一般常识", None));
        assert_eq!(
            (by("KENMORE").note("ru"), by("KENMORE").weak),
            (Some("Торговец марками"), true)
        );
        assert_eq!(
            (by("A").title("ru"), by("A").note("zh"), by("A").year),
            ("An Wen", Some("bjreview.cn"), Some(2005))
        );

        let (_, m) =
            messages(r#"{"K": {"title": "K", "note": "a · b", "noteText": {"en": "a", "zh": "乙", "ru": "б"}}}"#);
        assert_eq!(
            m,
            [
                "sources.json: feature \"K\": field \"noteText\": give \"note\" (an address) or \"noteText\" (a note of ours, in every language), not both"
            ]
        );
    }
}
