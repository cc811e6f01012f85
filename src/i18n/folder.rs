//! A geodata folder's files as text: its languages, the data files whose texts are translated
//! (every `*.json` and `*.geojson` at its top, but `languages.json`), the interface strings in
//! `interface/<code>.json` and the translation memory in `translations/<code>.json`. Read once;
//! written back only where a file's text changed, and all or nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Problem;
use crate::data::languages::Languages;
/// The languages' declaration, read from the folder so that a language added to the data is
/// translated with no change of code; the interface strings, one `{"key": "text"}` file per
/// language.
pub use crate::data::{interface::INTERFACE_DIR, languages::LANGUAGES_FILE};

/// The translation memory, one `{msgctxt: English}` file per language; not shipped to the page.
pub const MEMORY_DIR: &str = "translations";

/// A geodata folder's texts, by path relative to the folder (`routes.geojson`,
/// `interface/zh.json`).
#[derive(Clone, Debug)]
pub struct Folder {
    pub dir: PathBuf,
    /// The declared languages' codes, in order; the first is the source language.
    pub languages: Vec<String>,
    pub files: BTreeMap<String, String>,
}

impl Folder {
    /// Reads `dir`: `languages.json`, the data files, `interface/` and `translations/` (both
    /// optional).
    pub fn read(dir: &Path) -> Result<Folder, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut files = BTreeMap::new();
        let mut read_dir = |sub: &str, data: bool, problems: &mut Vec<Problem>| {
            let path = if sub.is_empty() {
                dir.to_path_buf()
            } else {
                dir.join(sub)
            };
            if !sub.is_empty() && !path.is_dir() {
                return;
            }
            let entries = match std::fs::read_dir(&path) {
                Ok(e) => e,
                Err(e) => {
                    problems.push(Problem::new(
                        path.display().to_string(),
                        None,
                        format!("cannot read: {e}"),
                    ));
                    return;
                }
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let json = name.ends_with(".json") || (data && name.ends_with(".geojson"));
                if !json || !entry.path().is_file() {
                    continue;
                }
                let rel = if sub.is_empty() { name } else { format!("{sub}/{name}") };
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        files.insert(rel, text);
                    }
                    Err(e) => problems.push(Problem::new(rel, None, format!("cannot read: {e}"))),
                }
            }
        };
        read_dir("", true, &mut problems);
        read_dir(INTERFACE_DIR, false, &mut problems);
        read_dir(MEMORY_DIR, false, &mut problems);
        let languages = match files.get(LANGUAGES_FILE) {
            Some(text) => language_codes(text).map_err(|m| vec![Problem::new(LANGUAGES_FILE, None, m)]),
            None => Err(vec![Problem::new(
                LANGUAGES_FILE,
                None,
                "missing: the folder declares no languages",
            )]),
        };
        match languages {
            Ok(languages) if problems.is_empty() => Ok(Folder {
                dir: dir.to_path_buf(),
                languages,
                files,
            }),
            Ok(_) => Err(problems),
            Err(p) => {
                problems.extend(p);
                Err(problems)
            }
        }
    }

    /// The source language: the first declared.
    pub fn source(&self) -> &str {
        &self.languages[0]
    }

    /// The languages translated from the source, in order.
    pub fn targets(&self) -> impl Iterator<Item = &str> {
        self.languages[1..].iter().map(String::as_str)
    }

    /// The data files whose texts are translated, in name order.
    pub fn data_files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .filter(|(name, _)| !name.contains('/') && name.as_str() != LANGUAGES_FILE)
            .map(|(n, t)| (n.as_str(), t.as_str()))
    }

    /// The text of `rel`, if the folder has it.
    pub fn get(&self, rel: &str) -> Option<&str> {
        self.files.get(rel).map(String::as_str)
    }

    /// Writes each file of `changed` whose text differs from the folder's (creating folders as
    /// needed), through a temporary file renamed into place, and takes the new texts in. Returns
    /// the paths written.
    pub fn write(&mut self, changed: BTreeMap<String, String>) -> Result<Vec<String>, Vec<Problem>> {
        let changed: BTreeMap<String, String> = changed
            .into_iter()
            .filter(|(rel, text)| self.files.get(rel) != Some(text))
            .collect();
        // Every new text goes to a temporary file first, and only when all are written are they
        // renamed into place: a full disk leaves the folder as it was.
        let mut staged = Vec::new();
        for (rel, text) in &changed {
            let path = self.dir.join(rel);
            let tmp = path.with_extension("strings-tmp");
            let done = path
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&tmp, text));
            staged.push((tmp, path));
            if let Err(e) = done {
                for (tmp, _) in &staged {
                    let _ = std::fs::remove_file(tmp);
                }
                return Err(vec![Problem::new(rel.clone(), None, format!("cannot write: {e}"))]);
            }
        }
        for ((tmp, path), rel) in staged.iter().zip(changed.keys()) {
            if let Err(e) = std::fs::rename(tmp, path) {
                return Err(vec![Problem::new(rel.clone(), None, format!("cannot write: {e}"))]);
            }
        }
        let written = changed.keys().cloned().collect();
        self.files.extend(changed);
        Ok(written)
    }
}

/// The codes of a `languages.json`, as the core reads it.
fn language_codes(text: &str) -> Result<Vec<String>, String> {
    Languages::parse(text)
        .map(|l| l.codes().map(str::to_owned).collect())
        .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
}
