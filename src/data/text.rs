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

    /// An optional text in `lang` (see [`Localized::get`]), owned for a view.
    pub fn get_opt(text: Option<&Localized>, lang: &str) -> Option<String> {
        text.map(|t| t.get(lang).to_owned())
    }
}

/// The most words a visitor reads on a panel's first layer (name, when, summary, key figure):
/// museum guidance is 30–70 words a screen (Te Papa).
pub const FIRST_LAYER_WORDS: f64 = 70.0;

/// The most words in one sentence (Smithsonian guidance).
pub const SENTENCE_WORDS: f64 = 25.0;

/// Chinese characters a word is worth, read aloud or at a glance (about 1.7).
const HAN_PER_WORD: f64 = 1.7;

/// Whether `c` is a Han character (Chinese): a word of its own, not spaced.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// How many words `text` is to a reader, in any language: each run of letters or digits between
/// spaces or Chinese characters is a word ("Kunming–Hsiakuan", "1,146", "Сары-Озек"), a run of
/// punctuation alone is not, and Chinese, written without spaces, counts about 1.7 characters
/// a word. The one count behind the first-layer and sentence limits, in every language.
pub fn word_count(text: &str) -> f64 {
    let mut han = 0usize;
    let mut words = 0usize;
    let mut in_word = false;
    for c in text.chars() {
        if is_han(c) {
            han += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            words += usize::from(!in_word);
            in_word = true;
        } else if c.is_whitespace() || matches!(c, '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}') {
            // A space, or Chinese punctuation (，、（）), which stands where a space would.
            in_word = false;
        }
        // Other punctuation joins what is around it ("1,146", "Kowloon–Canton").
    }
    words as f64 + han as f64 / HAN_PER_WORD
}

/// Whether `c` ends a sentence: `.`, `!`, `?`, `;` (when a space and a capital, a digit or an
/// opening quote follow), or the Chinese 。！？； (always).
fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?' | ';')
}

/// The sentences of `text`, in any language, each with its closing mark.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if !is_sentence_end(c) {
            continue;
        }
        let end = i + c.len_utf8();
        let split = if c.is_ascii() {
            // A space, then a capital, a digit or an opening quote or bracket. "Feb. 24" is cut
            // too, which only makes a sentence shorter than it is.
            let rest = &text[end..];
            let next = rest.trim_start().chars().next();
            rest.starts_with(char::is_whitespace)
                && next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "«“\"(".contains(n))
        } else {
            true
        };
        if split {
            out.push(text[start..end].trim());
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// The longest sentence of `text`, in words.
pub fn longest_sentence(text: &str) -> f64 {
    sentences(text).into_iter().map(word_count).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_alike_in_every_language() {
        assert_eq!(word_count("Trains brought arms to the railhead at Sary-Ozek."), 8.0);
        assert_eq!(word_count("Поезда доставляли оружие на станцию Сары-Озек."), 6.0);
        // Numbers and joined names are one word each; a dash between spaces is none.
        assert_eq!(word_count("published 1,146 km – Kowloon–Canton"), 4.0);
        // 18 Chinese characters are about 10.6 words, 1937 and Tihwa one each, punctuation none.
        let zh = "火车把武器运到萨雷奥泽克铁路站，1937年（Tihwa）到达。";
        assert_eq!(zh.chars().filter(|&c| is_han(c)).count(), 18);
        assert!((word_count(zh) - (2.0 + 18.0 / 1.7)).abs() < 1e-9, "{}", word_count(zh));
        assert_eq!(word_count(""), 0.0);
    }

    #[test]
    fn sentences_end_at_their_marks_in_every_language() {
        assert_eq!(
            sentences("Soviet aid ended in June 1941. The road carried goods until 1942; then Rangoon fell."),
            [
                "Soviet aid ended in June 1941.",
                "The road carried goods until 1942; then Rangoon fell."
            ]
        );
        assert_eq!(
            sentences("It ran. 1938 was its year."),
            ["It ran.", "1938 was its year."]
        );
        // An abbreviation before a capital or a number is taken for an end: that only shortens.
        assert_eq!(
            sentences("Pub. 151 in “1933, Feb. 24”"),
            ["Pub.", "151 in “1933, Feb.", "24”"]
        );
        assert_eq!(
            sentences("a lane (approx. three days)"),
            ["a lane (approx. three days)"]
        );
        assert_eq!(
            sentences("公路于1938年8月31日通车。原文称之为“川缅公路”"),
            ["公路于1938年8月31日通车。", "原文称之为“川缅公路”"]
        );
        assert_eq!(
            sentences("Путь работал до июня 1941 года. Статья «Вклад»."),
            ["Путь работал до июня 1941 года.", "Статья «Вклад»."]
        );
        assert!((longest_sentence("One two. Three four five.") - 3.0).abs() < 1e-9);
    }

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
