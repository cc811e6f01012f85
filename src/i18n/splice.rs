//! Translations written back into the folder's JSON files in place: a string's bytes are
//! replaced, a new language key goes after the object's last language key (a new interface key
//! after the file's last key) in the style of its neighbours, and every other byte of the file
//! stays as it was.

use std::collections::BTreeMap;

use jsonc_parser::common::Range;

use super::catalog::{At, Insert, Text, json_string};
use super::folder::INTERFACE_DIR;

/// One change to a file: bytes `start..end` become `with`; `seq` orders changes at one place.
struct Change {
    start: usize,
    end: usize,
    seq: usize,
    with: String,
}

/// The changes to make, by file, and the interface files to create.
#[derive(Default)]
pub(crate) struct Splices {
    changes: BTreeMap<String, Vec<Change>>,
    new_files: BTreeMap<String, Vec<(String, String)>>,
    seq: usize,
}

impl Change {
    /// The string at `r` becomes `value`.
    fn replace(r: &Range, seq: usize, value: &str) -> Change {
        Change {
            start: r.start,
            end: r.end,
            seq,
            with: json_string(value),
        }
    }

    /// A new member `key: value` goes in at `insert`.
    fn insert(insert: &Insert, seq: usize, key: &str, value: &str) -> Change {
        Change {
            start: insert.at,
            end: insert.at,
            seq,
            with: format!(
                "{}{}{}{}",
                insert.sep,
                json_string(key),
                insert.colon,
                json_string(value)
            ),
        }
    }
}

impl Splices {
    /// Sets `text` in `lang` to `value`.
    pub(crate) fn set(&mut self, text: &Text, lang: &str, value: &str) {
        self.seq += 1;
        let seq = self.seq;
        let (file, change) = match &text.at {
            At::Inline { values, insert } => (
                text.file.clone(),
                match values.get(lang) {
                    Some(r) => Change::replace(r, seq, value),
                    None => Change::insert(insert, seq, lang, value),
                },
            ),
            At::Interface { key, files } => {
                let file = format!("{INTERFACE_DIR}/{lang}.json");
                let change = match files.get(lang) {
                    Some((Some(r), _)) => Change::replace(r, seq, value),
                    Some((None, insert)) => Change::insert(insert, seq, key, value),
                    None => {
                        self.new_files
                            .entry(file)
                            .or_default()
                            .push((key.clone(), value.to_owned()));
                        return;
                    }
                };
                (file, change)
            }
        };
        self.changes.entry(file).or_default().push(change);
    }

    /// The new texts of the files changed, from their current texts (`current`).
    pub(crate) fn apply(self, current: &BTreeMap<String, String>) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (file, mut changes) in self.changes {
            let mut text = current.get(&file).cloned().unwrap_or_default();
            // From the end back, so that each change's offsets still hold; at one place, the
            // change asked for first ends up first.
            changes.sort_by_key(|c| (c.start, c.seq));
            for c in changes.iter().rev() {
                text.replace_range(c.start..c.end, &c.with);
            }
            out.insert(file, text);
        }
        for (file, members) in self.new_files {
            let body: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("  {}: {}", json_string(k), json_string(v)))
                .collect();
            out.insert(file, format!("{{\n{}\n}}\n", body.join(",\n")));
        }
        out
    }
}
