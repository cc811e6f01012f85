//! The translation memory: for each language, the English each translation was made from, in
//! `translations/<code>.json` as `{msgctxt: "English at translation time"}` (sorted keys,
//! pretty-printed, a trailing newline). A translation is current when its English has not
//! changed since, stale when it has, unrecorded when the memory does not know it; a text with
//! no translation is untranslated.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::Problem;
use super::catalog::{Catalog, Text};
use super::folder::{Folder, MEMORY_DIR};

/// The English each translation was made from, by language and `msgctxt`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Memory(pub BTreeMap<String, BTreeMap<String, String>>);

impl Memory {
    /// The memory of `folder`'s languages (a language without a file remembers nothing).
    pub fn read(folder: &Folder) -> Result<Memory, Vec<Problem>> {
        let mut memory = Memory::default();
        let mut problems = Vec::new();
        for code in folder.targets() {
            let file = memory_file(code);
            let Some(text) = folder.get(&file) else { continue };
            match serde_json::from_str::<BTreeMap<String, String>>(text) {
                Ok(m) => {
                    memory.0.insert(code.to_owned(), m);
                }
                Err(e) => problems.push(Problem::new(
                    file,
                    Some(e.line()),
                    format!("expected {{\"msgctxt\": \"English\"}}: {e}"),
                )),
            }
        }
        if problems.is_empty() { Ok(memory) } else { Err(problems) }
    }

    /// The English `lang`'s translation of `ctxt` was made from, if recorded.
    pub fn get(&self, lang: &str, ctxt: &str) -> Option<&str> {
        self.0.get(lang)?.get(ctxt).map(String::as_str)
    }

    /// Records that `lang`'s translation of `ctxt` was made from `english`.
    pub fn record(&mut self, lang: &str, ctxt: &str, english: &str) {
        self.0
            .entry(lang.to_owned())
            .or_default()
            .insert(ctxt.to_owned(), english.to_owned());
    }

    /// The memory's files and their texts.
    pub fn files(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(code, m)| {
                let text = serde_json::to_string_pretty(m).unwrap_or_default();
                (memory_file(code), text + "\n")
            })
            .collect()
    }
}

/// `translations/<code>.json`.
pub fn memory_file(code: &str) -> String {
    format!("{MEMORY_DIR}/{code}.json")
}

/// Where a text stands in a language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// Translated from the English as it is now.
    Current,
    /// Translated from an earlier English, `was`.
    Stale { was: String },
    /// Not translated (the page shows the English).
    Untranslated,
    /// Translated, from an English the memory does not know.
    Unrecorded,
}

/// Where `text` stands in `lang`.
pub fn state(text: &Text, lang: &str, memory: &Memory) -> State {
    match text.translations.get(lang) {
        Some(t) if !t.trim().is_empty() => match memory.get(lang, &text.ctxt) {
            Some(was) if was == text.source => State::Current,
            Some(was) => State::Stale { was: was.to_owned() },
            None => State::Unrecorded,
        },
        _ => State::Untranslated,
    }
}

/// How many texts of a language stand where.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub translated: usize,
    pub stale: usize,
    pub untranslated: usize,
    pub unrecorded: usize,
}

/// For each language but the source, how many of the catalog's texts are translated (and
/// current), stale, untranslated and unrecorded.
pub fn counts(folder: &Folder, catalog: &Catalog, memory: &Memory) -> Vec<(String, Counts)> {
    folder
        .targets()
        .map(|lang| {
            let mut c = Counts::default();
            for t in &catalog.texts {
                match state(t, lang, memory) {
                    State::Current => c.translated += 1,
                    State::Stale { .. } => c.stale += 1,
                    State::Untranslated => c.untranslated += 1,
                    State::Unrecorded => c.unrecorded += 1,
                }
            }
            (lang.to_owned(), c)
        })
        .collect()
}

/// A text that needs a translator in a language: stale or untranslated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub lang: String,
    pub ctxt: String,
    pub file: String,
    pub line: usize,
    pub state: State,
}

impl fmt::Display for Pending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.state {
            State::Stale { .. } => "stale (the English changed since it was translated)",
            State::Untranslated => "untranslated",
            State::Current => "current",
            State::Unrecorded => "unrecorded",
        };
        write!(f, "{}:{}: {} {}: {what}", self.file, self.line, self.lang, self.ctxt)
    }
}

/// The stale and untranslated texts of the geodata folder `dir`, by language then in file
/// order: what `validate` lists.
pub fn pending(dir: &Path) -> Result<Vec<Pending>, Vec<Problem>> {
    let folder = Folder::read(dir)?;
    let catalog = Catalog::read(&folder)?;
    let memory = Memory::read(&folder)?;
    let mut out = Vec::new();
    for lang in folder.targets() {
        for t in &catalog.texts {
            let state = state(t, lang, &memory);
            if matches!(state, State::Stale { .. } | State::Untranslated) {
                out.push(Pending {
                    lang: lang.to_owned(),
                    ctxt: t.ctxt.clone(),
                    file: t.file.clone(),
                    line: t.line,
                    state,
                });
            }
        }
    }
    Ok(out)
}

/// Records the current English as the memory of every translation present in `lang` (all
/// languages when `None`): a curator's word that they are right. Writes the memory files and
/// returns how many entries changed.
pub fn accept(dir: &Path, lang: Option<&str>) -> Result<usize, Vec<Problem>> {
    let mut folder = Folder::read(dir)?;
    if let Some(l) = lang
        && !folder.targets().any(|t| t == l)
    {
        return Err(vec![Problem::new(
            super::folder::LANGUAGES_FILE,
            None,
            format!("{l:?} is not a language translated from {}", folder.source()),
        )]);
    }
    let catalog = Catalog::read(&folder)?;
    let mut memory = Memory::read(&folder)?;
    let mut changed = 0;
    let langs: Vec<String> = folder
        .targets()
        .filter(|t| lang.is_none_or(|l| l == *t))
        .map(str::to_owned)
        .collect();
    for l in &langs {
        // A language accepted has its file, even with nothing in it yet.
        memory.0.entry(l.clone()).or_default();
        for t in &catalog.texts {
            if matches!(state(t, l, &memory), State::Stale { .. } | State::Unrecorded) {
                memory.record(l, &t.ctxt, &t.source);
                changed += 1;
            }
        }
    }
    let files = memory
        .files()
        .into_iter()
        .filter(|(f, _)| langs.iter().any(|l| *f == memory_file(l)))
        .collect();
    folder.write(files)?;
    Ok(changed)
}
