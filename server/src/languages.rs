//! The languages a visitor can switch to, as `geodata/languages.json` declares them: the one
//! place they are written (the core and the page read the same file), compiled in, so that a
//! language added there is accepted in the statistics without a change here.

use std::sync::OnceLock;

use serde::Deserialize;

#[derive(Deserialize)]
struct Language {
    code: &'static str,
}

/// The language codes, in the file's order (the first is the default).
pub fn codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        let list: Vec<Language> = serde_json::from_str(include_str!("../../geodata/languages.json"))
            .expect("geodata/languages.json is a list of {code, …}: the core's tests check it");
        list.into_iter().map(|l| l.code).collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_languages_are_those_of_the_geodata() {
        assert_eq!(super::codes(), ["en", "zh", "ru"]);
    }
}
