//! What a translation keeps from the English it was made from: its numbers (in any digit
//! grouping), its placeholders, and the word limits a visitor's panel is written to.

use crate::data::text::{FIRST_LAYER_WORDS, SENTENCE_WORDS, longest_sentence, word_count};

/// Spaces a language may group digits with: space, no-break space, narrow no-break space, thin
/// space, and the apostrophe some write.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

/// The numbers of `text`, normalized and sorted: `5,640`, `5 640`, `5.640` and `5640` all read
/// `5640`; `3.5` and `3,5` read `3.5`. A `,` or `.` before exactly three digits groups them,
/// as does a space between groups of three; before other digits, or as the last of two kinds
/// (`1,234.5`, `1 234,5`), it is the decimal mark. Placeholders (`{n}`) are left out.
pub fn numbers(text: &str) -> Vec<String> {
    let text = without_placeholders(text);
    let c: Vec<char> = text.chars().collect();
    let digits_at = |i: usize| c[i.min(c.len())..].iter().take_while(|d| d.is_ascii_digit()).count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if !c[i].is_ascii_digit() || (i > 0 && c[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // The number's groups and the marks between them.
        let mut groups = vec![c[i..i + digits_at(i)].iter().collect::<String>()];
        let mut marks: Vec<char> = Vec::new();
        i += groups[0].len();
        while i + 1 < c.len() {
            let mark = c[i];
            let next = digits_at(i + 1);
            let joins = match mark {
                ',' | '.' => next > 0,
                m if is_group_space(m) => next == 3 && groups.iter().all(|g| g.len() <= 3),
                _ => false,
            };
            if !joins {
                break;
            }
            groups.push(c[i + 1..i + 1 + next].iter().collect());
            marks.push(mark);
            i += 1 + next;
        }
        let n = normalize(&groups, &marks);
        // A Chinese month is written as its number (7月, "July"): not a number of the text.
        if c.get(i) == Some(&'月') && n.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)) {
            continue;
        }
        let rest: String = c[i..]
            .iter()
            .skip_while(|&&s| s == ' ' || s == '\u{a0}')
            .take(9)
            .collect();
        out.push(match SCALES.iter().find(|(w, _)| rest.to_lowercase().starts_with(w)) {
            Some((_, zeros)) => scaled(&n, *zeros),
            None => n,
        });
    }
    out.sort();
    out
}

/// Words that multiply the number before them, in the languages' own ways of writing large
/// numbers: 50 million = 5000万 = 50 млн; 150 million = 1.5亿; 90,000 = 9万.
const SCALES: &[(&str, i32)] = &[
    ("thousand", 3),
    ("million", 6),
    ("billion", 9),
    ("万", 4),
    ("亿", 8),
    ("тыс", 3),
    ("млн", 6),
    ("миллион", 6),
    ("млрд", 9),
    ("миллиард", 9),
];

/// `n` (as [`normalize`] writes it) times 10^`zeros`, written the same way.
fn scaled(n: &str, zeros: i32) -> String {
    let (whole, frac) = n.split_once('.').unwrap_or((n, ""));
    let shift = (zeros as usize).min(frac.len());
    let mut digits = format!("{whole}{}", &frac[..shift]);
    digits.extend(std::iter::repeat_n('0', zeros as usize - shift));
    let digits = match digits.trim_start_matches('0') {
        "" => "0",
        d => d,
    };
    match &frac[shift..] {
        "" => digits.to_owned(),
        rest => format!("{digits}.{rest}"),
    }
}

/// One number from its digit groups and the marks between them.
fn normalize(groups: &[String], marks: &[char]) -> String {
    let trim = |s: &str| match s.trim_start_matches('0') {
        "" => "0".to_owned(),
        t => t.to_owned(),
    };
    let Some((&last, before)) = marks.split_last() else {
        return trim(&groups[0]);
    };
    let decimal =
        matches!(last, ',' | '.') && (groups[groups.len() - 1].len() != 3 || before.iter().any(|&m| m != last));
    let whole: String = if decimal {
        groups[..groups.len() - 1].concat()
    } else {
        groups.concat()
    };
    let whole = trim(&whole);
    if decimal {
        format!("{whole}.{}", groups[groups.len() - 1])
    } else {
        whole
    }
}

/// The placeholders of `text` (`{name}`), sorted.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = spans(text).into_iter().map(|(a, b)| &text[a..b]).collect();
    out.sort_unstable();
    out
}

/// The byte spans of the placeholders `{name}` (a letter or `_`, then letters, digits or `_`).
fn spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            let name = b[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_')
                .count();
            let starts = b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
            if starts && b.get(i + 1 + name) == Some(&b'}') {
                out.push((i, i + name + 2));
                i += name + 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn without_placeholders(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (a, b) in spans(text) {
        out.push_str(&text[from..a]);
        out.push(' ');
        from = b;
    }
    out.push_str(&text[from..]);
    out
}

/// What `translation` changes of `english`'s numbers and placeholders, as messages (none when
/// it keeps them all).
pub fn compare(english: &str, translation: &str) -> Vec<String> {
    let differ = |what: &str, a: Vec<&str>, b: Vec<&str>| {
        (a != b).then(|| {
            format!(
                "the {what} differ from the English: [{}] in the English, [{}] in the translation",
                a.join(", "),
                b.join(", ")
            )
        })
    };
    let (a, b) = (numbers(english), numbers(translation));
    let numbers = differ(
        "numbers",
        a.iter().map(String::as_str).collect(),
        b.iter().map(String::as_str).collect(),
    );
    let placeholders = differ("placeholders", placeholders(english), placeholders(translation));
    numbers.into_iter().chain(placeholders).collect()
}

/// What is over its limit: a sentence over `SENTENCE_WORDS` words.
pub fn sentence_problem(text: &str) -> Option<String> {
    let words = longest_sentence(text);
    (words > SENTENCE_WORDS).then(|| format!("a sentence of {words:.0} words, over the {SENTENCE_WORDS} allowed"))
}

/// A first layer of `texts` over `FIRST_LAYER_WORDS` words together.
pub fn first_layer_problem<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let words: f64 = texts.into_iter().map(word_count).sum();
    (words > FIRST_LAYER_WORDS)
        .then(|| format!("the panel's first layer would be {words:.0} words, over the {FIRST_LAYER_WORDS} allowed"))
}

/// The translations present in `catalog` whose numbers or placeholders differ from their
/// English (as it is now): `(msgctxt, language, what differs)`, for a curator to look at.
pub fn existing(catalog: &super::catalog::Catalog) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for t in &catalog.texts {
        for (lang, tr) in &t.translations {
            if *tr == t.source {
                continue;
            }
            for m in compare(&t.source, tr) {
                out.push((t.ctxt.clone(), lang.clone(), m));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_reads_the_same_in_any_grouping() {
        for t in [
            "5,640 trains",
            "5 640 поездов",
            "5\u{a0}640",
            "5\u{202f}640",
            "5640列",
            "5.640 Züge",
        ] {
            assert_eq!(numbers(t), ["5640"], "{t}");
        }
        assert_eq!(numbers("3.5 km"), ["3.5"]);
        assert_eq!(numbers("3,5 км"), ["3.5"]);
        assert_eq!(numbers("1,234.5 and 1 234,5"), ["1234.5", "1234.5"]);
        assert_eq!(numbers("1,000,000"), ["1000000"]);
    }

    #[test]
    fn large_numbers_read_the_same_in_each_languages_words() {
        assert_eq!(numbers("$50 million"), numbers("5000万美元"));
        assert_eq!(numbers("150 million"), numbers("1.5亿"));
        assert_eq!(numbers("173.18 million"), numbers("1.7318亿"));
        assert_eq!(numbers("90,000"), numbers("9万"));
        assert_eq!(numbers("50 million"), numbers("50 млн"));
        assert_eq!(numbers("50 million"), ["50000000"]);
        // A Chinese month is a word, not a number; its day is a number.
        assert_eq!(numbers("on 7 July 1937"), numbers("1937年7月7日"));
    }

    #[test]
    fn separate_numbers_stay_separate() {
        assert_eq!(numbers("On 7 July 1937, 5,640 trains"), ["1937", "5640", "7"]);
        assert_eq!(numbers("in 1938 5 trains"), ["1938", "5"]);
        assert_eq!(numbers("1937–1941"), ["1937", "1941"]);
        assert_eq!(numbers("no digits"), Vec::<String>::new());
        assert_eq!(numbers("{n} km"), Vec::<String>::new());
    }

    #[test]
    fn a_changed_number_or_placeholder_is_named() {
        assert!(compare("5,640 trains in {m}", "5 640 поездов в {m}").is_empty());
        let m = compare("5,640 trains", "5,460 поездов");
        assert_eq!(m.len(), 1);
        assert!(m[0].contains("[5640] in the English, [5460]"), "{m:?}");
        let m = compare("{name} selected", "{nom} sélectionné");
        assert!(m[0].contains("placeholders"), "{m:?}");
        // A brace that is not a placeholder is text.
        assert_eq!(placeholders("{} and {1x} and {a_1}"), ["{a_1}"]);
    }

    #[test]
    fn word_limits_are_the_cores() {
        assert_eq!(sentence_problem("One short sentence."), None);
        let long = "word ".repeat(26);
        assert!(sentence_problem(&long).is_some_and(|m| m.contains("26 words")));
        assert!(first_layer_problem(["word ".repeat(40).as_str(), "word ".repeat(31).as_str()]).is_some());
        assert_eq!(first_layer_problem(["a b c"]), None);
    }
}
