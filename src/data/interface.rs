//! The interface's strings, one file a language (`interface/<code>.json`, a flat object
//! `{"key": "text"}` with placeholders like `{name}`): the source language's file names every
//! key; another language's may lack some (untranslated: the page shows the source's), but may
//! not add keys or change a text's placeholders.

use serde_json::{Map, Value};

use crate::data::error::{LoadError, error, file_error};
use crate::data::languages::LANGUAGES_FILE;
use crate::data::report::Report;

/// The folder of a set that holds the interface files.
pub const INTERFACE_DIR: &str = "interface";

/// `interface/<code>.json`.
pub fn interface_file(code: &str) -> String {
    format!("{INTERFACE_DIR}/{code}.json")
}

/// The placeholders of `text`, each `{word}`, once each in order of appearance. (A `Vec`, not
/// a sorted set: sorting strings and `BTreeSet`s cost the page's wasm 4 KB.)
fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        match rest.find(['{', '}']) {
            Some(close) if rest.as_bytes()[close] == b'}' => {
                if !out.contains(&&rest[..close]) {
                    out.push(&rest[..close]);
                }
                rest = &rest[close + 1..];
            }
            _ => {}
        }
    }
    out
}

/// One file's strings, or (reported) none when it is not a flat object of strings.
fn read(file: &str, text: &str, errors: &mut Vec<LoadError>) -> Option<Map<String, Value>> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            errors.push(file_error(file, format!("not valid JSON: {e}")));
            return None;
        }
    };
    let Value::Object(map) = value else {
        errors.push(file_error(file, "expected an object {\"key\": \"text\"}"));
        return None;
    };
    let before = errors.len();
    for (key, v) in &map {
        if !v.is_string() {
            errors.push(key_error(file, key, "expected a string".into()));
        }
    }
    (errors.len() == before).then_some(map)
}

fn key_error(file: &str, key: &str, message: String) -> LoadError {
    error(file, None, Some(key.to_owned()), message)
}

/// Checks the interface files given as `(code, text)` against the source language's, and
/// counts each language's strings.
pub(crate) fn check(files: &[(&str, &str)], report: &mut Report) {
    let source = report.languages.source().to_owned();
    let mut read_files = Vec::new();
    for &(code, text) in files {
        let file = interface_file(code);
        if report.languages.index(code).is_none() {
            report.push(file_error(
                &file,
                format!("language {code:?} is not declared in {LANGUAGES_FILE}"),
            ));
            continue;
        }
        if let Some(strings) = read(&file, text, report) {
            read_files.push((code, file, strings));
        }
    }
    let Some((_, _, english)) = read_files.iter().find(|(code, ..)| *code == source) else {
        if !report.is_empty() {
            return;
        }
        let file = interface_file(&source);
        report.push(file_error(&file, "missing: the source language's file names every key"));
        return;
    };
    report.completeness.interface = Some(english.len());
    for (code, file, strings) in &read_files {
        let mut translated = 0;
        for (key, text) in strings {
            let text = text.as_str().unwrap_or_default();
            let Some(original) = english.get(key).and_then(Value::as_str) else {
                let message = format!("no such key in {}", interface_file(&source));
                report.push(key_error(file, key, message));
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            translated += 1;
            let (want, got) = (placeholders(original), placeholders(text));
            if want.len() != got.len() || want.iter().any(|p| !got.contains(p)) {
                let list = |s: &[&str]| s.iter().map(|p| format!(" {{{p}}}")).collect::<String>();
                let message = format!("placeholders{} differ from the source's{}", list(&got), list(&want));
                report.push(key_error(file, key, message));
            }
        }
        if let Some(count) = report.completeness.languages.iter_mut().find(|c| c.code == *code) {
            count.interface = Some(translated);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::languages::Languages;

    fn run(files: &[(&str, &str)]) -> (Vec<String>, Report) {
        let mut r = Report::new(Languages::shipped().clone());
        check(files, &mut r);
        (r.iter().map(ToString::to_string).collect(), r)
    }

    #[test]
    fn placeholders_are_the_words_in_braces() {
        assert_eq!(placeholders("{name} opened in {month}; {name} {"), ["name", "month"]);
    }

    #[test]
    fn a_missing_key_is_untranslated_and_an_extra_key_or_placeholder_an_error() {
        let en = r#"{"open": "Open {name}", "close": "Close"}"#;
        let (m, r) = run(&[("en", en), ("zh", r#"{"open": "打开{name}"}"#)]);
        assert!(m.is_empty(), "{m:?}");
        assert_eq!(r.completeness.interface, Some(2));
        let zh = &r.completeness.languages[1];
        assert_eq!((zh.code.as_str(), zh.interface), ("zh", Some(1)));
        assert_eq!(r.completeness.languages[2].interface, None);

        let (m, _) = run(&[
            ("en", en),
            ("ru", r#"{"open": "Открыть {место}", "extra": "x", "close": 3}"#),
            ("fr", "{}"),
        ]);
        assert_eq!(
            m,
            [
                "interface/ru.json: field \"close\": expected a string",
                "interface/fr.json: language \"fr\" is not declared in languages.json",
            ]
        );
        let (m, _) = run(&[("en", en), ("ru", r#"{"open": "Открыть {место}", "extra": "x"}"#)]);
        assert_eq!(
            m,
            [
                "interface/ru.json: field \"extra\": no such key in interface/en.json",
                "interface/ru.json: field \"open\": placeholders {место} differ from the source's {name}",
            ]
        );
        let (m, _) = run(&[("zh", "{}")]);
        assert_eq!(
            m,
            ["interface/en.json: missing: the source language's file names every key"]
        );
    }
}
