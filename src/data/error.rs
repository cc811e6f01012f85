//! What a loader reports: one problem in one file, naming the feature, the field and the line.

use std::fmt;

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub file: String,
    /// The feature's id, or `#index` when it has none.
    pub feature: Option<String>,
    pub field: Option<String>,
    pub message: String,
    /// The line of the file it is on (1 the first), when known: the feature's (the line of its
    /// id), or the field's where `validate` can tell.
    pub line: Option<usize>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        if let Some(feature) = &self.feature {
            write!(f, "feature \"{feature}\": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "field \"{field}\": ")?;
        }
        f.write_str(&self.message)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        Ok(())
    }
}

/// A problem with a whole file (not valid JSON, not a FeatureCollection).
pub(crate) fn file_error(file: &str, message: impl Into<String>) -> LoadError {
    error(file, None, None, message.into())
}

/// A problem with one field of one feature (or with the file, without a feature).
pub(crate) fn error(file: &str, feature: Option<&str>, field: Option<String>, message: String) -> LoadError {
    LoadError {
        file: file.to_owned(),
        feature: feature.map(str::to_owned),
        field,
        message,
        line: None,
    }
}

/// Where each object of a file's list starts (a FeatureCollection's features, the chapters, the
/// timeline's counters, the languages): each object that opens directly in an array at the root
/// or in a property of the root. A scan for brackets outside strings, not a parse: the page's
/// wasm stays small, and a file that does not parse has said where already.
pub(crate) fn list_starts(text: &str) -> Vec<usize> {
    let (mut open, mut starts) = (Vec::new(), Vec::new());
    let (mut in_string, mut escaped) = (false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            (in_string, escaped) = (escaped || b != b'"', !escaped && b == b'\\');
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                if b == b'{' && open.len() <= 2 && open.last() == Some(&b'[') {
                    starts.push(i);
                }
                open.push(b);
            }
            b'}' | b']' => {
                open.pop();
            }
            _ => {}
        }
    }
    starts
}

/// The line on which feature `feature` of a file's `text` is named: in the `nth` object of the
/// file's list (`starts`, from [`list_starts`]) whose `"id"` (or `"code"`) is `feature`, counting
/// from 0 (a duplicate is the second), the line of that id; `#3`, a feature without an id, is
/// the line where the fourth object starts; without such an object, the line of a key
/// `"<feature>":` (a source's tag, an interface string). `None` when none is there.
pub fn feature_line(text: &str, starts: &[usize], feature: &str, nth: usize) -> Option<usize> {
    let line = |at: usize| Some(text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1);
    if let Some(i) = feature.strip_prefix('#').and_then(|i| i.parse::<usize>().ok()) {
        return line(*starts.get(i)?);
    }
    let quoted = format!("\"{feature}\"");
    let matches = text.match_indices(&quoted).map(|(at, _)| at);
    let ids = matches.clone().filter(|&at| {
        let before = text[..at].trim_end();
        before.strip_suffix(':').is_some_and(|b| {
            let b = b.trim_end();
            b.ends_with("\"id\"") || b.ends_with("\"code\"")
        })
    });
    // Each object once: a GeoJSON feature may give its id twice, as its own and in properties.
    let object = |at: usize| starts.partition_point(|&s| s < at);
    let mut last = None;
    let by_id = ids
        .filter(|&at| {
            let o = object(at);
            last.replace(o) != Some(o)
        })
        .nth(nth);
    let key = || matches.clone().find(|&at| text[at + quoted.len()..].trim_start().starts_with(':'));
    line(by_id.or_else(key)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, feature: &str, nth: usize) -> Option<usize> {
        feature_line(text, &list_starts(text), feature, nth)
    }

    #[test]
    fn a_feature_is_found_by_its_id_its_code_its_index_or_its_key() {
        let text = "{\"type\": \"FeatureCollection\", \"features\": [\n{\"properties\": {\"legs\": [\"a\"], \"note\": \"[{\\\"\"}},\n{\"id\": \"a\",\n \"properties\": {\"id\" : \"a\"}},\n{\"properties\": {\"id\":\"a\"}}]}";
        // "a" as a value of another field is not its id; the feature's own id and its
        // properties' are one feature (brackets and quotes in a text are no feature).
        assert_eq!(line(text, "a", 0), Some(3));
        assert_eq!(line(text, "a", 1), Some(5));
        assert_eq!(line(text, "a", 2), None);
        assert_eq!(line(text, "#0", 0), Some(2));
        assert_eq!(line(text, "#2", 0), Some(5));
        assert_eq!(line(text, "#3", 0), None);
        assert_eq!(line("[\n {\"code\": \"fr\"}]", "fr", 0), Some(2));
        assert_eq!(line("{\n\"T\": {\"title\": \"t\"},\n\"U\" :{}}", "U", 0), Some(3));
        assert_eq!(line("{\"range\": {},\n \"counters\": [\n{\"id\": \"x\"}]}", "x", 0), Some(3));
    }
}
