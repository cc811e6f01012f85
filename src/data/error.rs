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

/// The line on which feature `feature` of a file's `text` is named. The file's list is the
/// objects that open directly in an array at the root or in a property of the root (a
/// FeatureCollection's features, the chapters, the timeline's counters, the languages): in the
/// `nth` of them (from 0: a duplicate is the second) whose `"id"` (or `"code"`) is `feature`,
/// the line of that id; for `#3`, a feature without an id, the line where the fourth starts;
/// without such an object, the line of a key `"<feature>":` (a source's tag, a field of the
/// timeline). `None` when none is there.
///
/// One pass over the bytes, not a parse: the page's wasm stays small (a JSON parser that keeps
/// positions is `validate`'s, native only), and a file that does not parse has said where.
pub fn feature_line(text: &str, feature: &str, nth: usize) -> Option<usize> {
    let (bytes, name) = (text.as_bytes(), feature.as_bytes());
    // `#3` (a label the loader gives): digits read by hand, `parse` costs the wasm more.
    let index = match name {
        [b'#', digits @ ..] if !digits.is_empty() => digits.iter().try_fold(0usize, |n, &d| {
            d.is_ascii_digit()
                .then(|| n.wrapping_mul(10).wrapping_add(usize::from(d - b'0')))
        }),
        _ => None,
    };
    // The root's bracket and the bracket open in the root: the list's objects open in an array.
    let (mut line, mut depth, mut root, mut inner) = (1, 0usize, 0, 0);
    // Objects of the list begun; matching objects still to pass; whether this one matched.
    let (mut objects, mut to_pass, mut matched) = (0, nth, false);
    // The line of a matching key of the root object.
    let mut key = None;
    // The last string (from its first byte), whether one is being read, and whether it was the
    // key "id" or "code" with its colon read.
    let (mut start, mut last, mut in_string, mut escaped, mut after_id) = (0, &bytes[..0], false, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (_, b'\\') => escaped = true,
                (_, b'"') => in_string = false,
                _ => {}
            }
            if !in_string {
                last = &bytes[start..i];
                if after_id && last == name && !matched && index.is_none() {
                    if to_pass == 0 {
                        return Some(line);
                    }
                    (to_pass, matched) = (to_pass - 1, true);
                }
                after_id = false;
            }
            continue;
        }
        match b {
            b'\n' => line += 1,
            b' ' | b'\t' | b'\r' => {}
            b'"' => (in_string, start) = (true, i + 1),
            b':' => {
                if depth == 1 && last == name && key.is_none() {
                    key = Some(line);
                }
                after_id = last == b"id" || last == b"code";
            }
            b'{' | b'[' => {
                let open_in = [root, inner].get(depth.wrapping_sub(1)).copied();
                if b == b'{' && open_in == Some(b'[') {
                    if index == Some(objects) {
                        return Some(line);
                    }
                    (objects, matched) = (objects + 1, false);
                }
                match depth {
                    0 => root = b,
                    1 => inner = b,
                    _ => {}
                }
                depth += 1;
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => after_id = false,
        }
    }
    index.map_or(key, |_| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, feature: &str, nth: usize) -> Option<usize> {
        feature_line(text, feature, nth)
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
        assert_eq!(
            line("{\"range\": {},\n \"counters\": [\n{\"id\": \"x\"}]}", "x", 0),
            Some(3)
        );
    }
}
