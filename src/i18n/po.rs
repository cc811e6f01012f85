//! The gettext round trip: a folder's texts out to `messages.pot` and one `<code>.po` per
//! language (written with `polib`), and translators' PO files back into the folder.
//!
//! An import refuses, naming the PO file and line, an unknown `msgctxt`, a translation whose
//! numbers or placeholders differ from its English, a text over its word limit and a malformed
//! file, and then anything the core's loader finds wrong with the result; if it refuses anything
//! it changes nothing. A fuzzy entry is not imported (the translation in the data stays).

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use polib::catalog::Catalog as PoCatalog;
use polib::message::{Message, MessageFlags};
use polib::metadata::CatalogMetadata;

use super::Problem;
use super::catalog::{Catalog, Limit, Text};
use super::checks::{compare, first_layer_problem, sentence_problem};
use super::folder::{Folder, LANGUAGES_FILE};
use super::memory::{Memory, State, state};
use super::splice::Splices;
use crate::data::text::{FIRST_LAYER_WORDS, SENTENCE_WORDS};

/// The template's name in an export folder.
pub const TEMPLATE: &str = "messages.pot";

/// The translator's note on a text (`#.`): what it belongs to and its word limit.
fn comment(t: &Text) -> String {
    let mut lines = Vec::new();
    if let Some(a) = &t.about {
        lines.push(format!("Belongs to {a}."));
    }
    match &t.limit {
        Limit::None => {}
        Limit::Sentences => lines.push(format!("At most {SENTENCE_WORDS} words a sentence.")),
        Limit::FirstLayer { .. } => lines.push(format!(
            "Part of a panel's first layer: with the other first-layer texts of the same feature at most \
             {FIRST_LAYER_WORDS} words; at most {SENTENCE_WORDS} words a sentence."
        )),
    }
    if t.ctxt.starts_with("interface|") {
        lines.push("An interface string: keep each {placeholder} as it is.".into());
    }
    lines.push("Keep every number as in the English (digit grouping may follow your language).".into());
    lines.join("\n")
}

fn metadata(lang: Option<&str>) -> CatalogMetadata {
    CatalogMetadata {
        project_id_version: "Supply Routes".into(),
        // gettext's own placeholders, for the translator's tool to fill in.
        po_revision_date: "YEAR-MO-DA HO:MI+ZONE".into(),
        last_translator: "FULL NAME <EMAIL@ADDRESS>".into(),
        language_team: "LANGUAGE <LL@li.org>".into(),
        mime_version: "1.0".into(),
        content_type: "text/plain; charset=UTF-8".into(),
        content_transfer_encoding: "8bit".into(),
        language: lang.unwrap_or_default().into(),
        ..CatalogMetadata::default()
    }
}

/// A string as a PO file quotes it (for the `#|` lines polib does not write).
fn po_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One PO (or POT, without `lang`) file's text: every text with its translation, a stale one
/// fuzzy with its previous English as `#| msgid`, an unrecorded one fuzzy for review.
fn po_text(catalog: &Catalog, memory: &Memory, lang: Option<&str>) -> String {
    let mut po = PoCatalog::new(metadata(lang));
    let mut previous: Vec<Option<String>> = Vec::new();
    for t in &catalog.texts {
        let mut flags = MessageFlags::new();
        let mut note = comment(t);
        let (msgstr, was) = match lang {
            None => (String::new(), None),
            Some(l) => {
                let msgstr = t.translations.get(l).cloned().unwrap_or_default();
                match state(t, l, memory) {
                    State::Stale { was } => {
                        flags.add_flag("fuzzy");
                        (msgstr, Some(was))
                    }
                    State::Unrecorded => {
                        flags.add_flag("fuzzy");
                        note.push_str("\nNot in the translation memory: check it against the English.");
                        (msgstr, None)
                    }
                    State::Current | State::Untranslated => (msgstr, None),
                }
            }
        };
        previous.push(was);
        po.append_or_update(
            Message::build_singular()
                .with_extracted_comments(note)
                .with_source(format!("{}:{}", t.file, t.line))
                .with_flags(flags)
                .with_msgctxt(t.ctxt.clone())
                .with_msgid(t.source.clone())
                .with_msgstr(msgstr)
                .done(),
        );
    }
    let mut buf = BufWriter::new(Vec::new());
    // Writing to memory cannot fail.
    let _ = polib::po_file::write(&po, &mut buf);
    let text = String::from_utf8(buf.into_inner().unwrap_or_default()).unwrap_or_default();
    // polib 0.3 does not write the previous msgid: each goes before its message's msgctxt (the
    // n-th msgctxt line is the n-th message's; the header has none).
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("msgctxt ") {
            if let Some(Some(was)) = previous.get(n) {
                out.push_str(&format!("#| msgid {}\n", po_quote(was)));
            }
            n += 1;
        }
        out.push_str(line);
    }
    out
}

/// Writes `out/messages.pot` and `out/<code>.po` for every language but the source, from the
/// geodata folder `dir`. Returns the files written.
pub fn export(dir: &Path, out: &Path) -> Result<Vec<PathBuf>, Vec<Problem>> {
    let folder = Folder::read(dir)?;
    let catalog = Catalog::read(&folder)?;
    let memory = Memory::read(&folder)?;
    let cannot = |p: &Path, e: std::io::Error| {
        vec![Problem::new(
            p.display().to_string(),
            None,
            format!("cannot write: {e}"),
        )]
    };
    std::fs::create_dir_all(out).map_err(|e| cannot(out, e))?;
    let mut written = Vec::new();
    let langs = std::iter::once(None).chain(folder.targets().map(Some));
    for lang in langs {
        let path = out.join(lang.map_or(TEMPLATE.to_owned(), |l| format!("{l}.po")));
        std::fs::write(&path, po_text(&catalog, &memory, lang)).map_err(|e| cannot(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The folder's files written (relative), translations' memory included.
    pub files: Vec<String>,
    /// Translations written into the data or the interface files.
    pub changed: usize,
    /// Entries skipped as fuzzy.
    pub fuzzy: usize,
}

/// One entry's lines in a PO file: its `msgctxt` and its `msgstr`.
#[derive(Clone, Copy, Debug)]
struct Lines {
    ctxt: usize,
    msgstr: usize,
}

/// Checks a PO file's lines, as polib (which reports no line and takes some malformed lines
/// for others) would read them, and finds each entry's lines by its `msgctxt`. Every line must
/// be blank, a comment, a keyword and its quoted string, or a quoted string continuing one.
fn index(file: &str, text: &str) -> Result<BTreeMap<String, Lines>, Problem> {
    let bad = |n: usize, m: &str| Problem::new(file, Some(n), m);
    let mut out = BTreeMap::new();
    // The entry being read: its keywords seen, its msgctxt, and the line of each.
    let mut keys: BTreeMap<&str, usize> = BTreeMap::new();
    let mut ctxt: Option<String> = None;
    let mut current: Option<&str> = None;
    let mut end_entry = |keys: &mut BTreeMap<&str, usize>, ctxt: &mut Option<String>, n: usize| {
        if keys.is_empty() {
            return Ok(());
        }
        if !keys.contains_key("msgid") || !keys.keys().any(|k| k.starts_with("msgstr")) {
            let first = keys.values().min().copied().unwrap_or(n);
            return Err(bad(first, "an entry needs a msgid and a msgstr"));
        }
        if let Some(c) = ctxt.take() {
            let line = keys["msgctxt"];
            let msgstr = keys
                .iter()
                .find(|(k, _)| k.starts_with("msgstr"))
                .map_or(line, |(_, l)| *l);
            if out.insert(c.clone(), Lines { ctxt: line, msgstr }).is_some() {
                return Err(bad(line, &format!("msgctxt {c:?} appears twice")));
            }
        }
        keys.clear();
        Ok(())
    };
    let mut n = 0;
    for raw in text.split('\n') {
        n += 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.is_empty() {
            end_entry(&mut keys, &mut ctxt, n)?;
            current = None;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let (key, quoted) = match line.split_once(' ') {
            _ if line.starts_with('"') => (None, line),
            Some((k, q)) if ["msgctxt", "msgid", "msgid_plural", "msgstr"].contains(&k) || is_plural_msgstr(k) => {
                (Some(k), q)
            }
            _ => {
                return Err(bad(
                    n,
                    "expected msgctxt, msgid or msgstr and a quoted string, a quoted string, or a comment",
                ));
            }
        };
        let value = unquote(quoted).map_err(|m| bad(n, &m))?;
        match key {
            Some(k) => {
                if keys.insert(k, n).is_some() {
                    return Err(bad(
                        n,
                        &format!("a second {k} in one entry (entries are separated by a blank line)"),
                    ));
                }
                if k == "msgctxt" {
                    ctxt = Some(value);
                }
                current = Some(k);
            }
            None => match current {
                Some("msgctxt") => ctxt.get_or_insert_default().push_str(&value),
                Some(_) => {}
                None => return Err(bad(n, "a quoted string that continues no msgctxt, msgid or msgstr")),
            },
        }
    }
    end_entry(&mut keys, &mut ctxt, n)?;
    Ok(out)
}

fn is_plural_msgstr(k: &str) -> bool {
    k.strip_prefix("msgstr[")
        .and_then(|r| r.strip_suffix(']'))
        .is_some_and(|d| d.len() == 1 && d.as_bytes()[0].is_ascii_digit())
}

/// The text of a PO quoted string (`"…"`, escapes `\\ \" \n \r \t`), or what is wrong with it.
fn unquote(q: &str) -> Result<String, String> {
    let inner = q
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .filter(|_| q.len() >= 2)
        .ok_or("expected a string in double quotes")?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Err("a double quote inside a string must be written \\\"".into()),
            '\\' => match chars.next() {
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some(x) => return Err(format!("unknown escape \\{x}")),
                None => return Err("the string's closing quote is escaped".into()),
            },
            c => out.push(c),
        }
    }
    Ok(out)
}

/// One translation to take in.
struct Planned<'c> {
    text: &'c Text,
    lang: String,
    msgid: String,
    msgstr: String,
    file: String,
    line: usize,
}

/// Reads one PO file for `lang` against the catalog: the translations to take in, or its
/// problems; counts fuzzy entries.
fn read_po<'c>(
    path: &Path,
    lang: &str,
    catalog: &BTreeMap<&str, &'c Text>,
    fuzzy: &mut usize,
    problems: &mut Vec<Problem>,
) -> Vec<Planned<'c>> {
    let file = path.display().to_string();
    let raw = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem::new(file, None, format!("cannot read: {e}")));
            return Vec::new();
        }
    };
    let text = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let lines = match index(&file, text) {
        Ok(l) => l,
        Err(p) => {
            problems.push(p);
            return Vec::new();
        }
    };
    let po = match std::panic::catch_unwind(|| polib::po_file::parse_from_reader(text.as_bytes())) {
        Ok(Ok(po)) => po,
        Ok(Err(e)) => {
            problems.push(Problem::new(file, Some(1), format!("not a PO file: {e}")));
            return Vec::new();
        }
        Err(_) => {
            problems.push(Problem::new(file, None, "not a PO file: the PO reader failed on it"));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for m in po.messages() {
        let Some(ctxt) = m.msgctxt() else {
            // A block of comments alone reads as an empty message.
            if !m.msgid().is_empty() {
                problems.push(Problem::new(
                    file.clone(),
                    None,
                    format!("the entry {:?} has no msgctxt", m.msgid()),
                ));
            }
            continue;
        };
        let at = lines.get(ctxt).copied().unwrap_or(Lines { ctxt: 0, msgstr: 0 });
        let Some(&text) = catalog.get(ctxt) else {
            problems.push(Problem::new(
                file.clone(),
                Some(at.ctxt),
                format!("unknown msgctxt {ctxt:?}: no such text in the geodata"),
            ));
            continue;
        };
        let Ok(msgstr) = m.msgstr() else {
            problems.push(Problem::new(
                file.clone(),
                Some(at.msgstr),
                "a plural entry: the geodata has none",
            ));
            continue;
        };
        if m.flags().is_fuzzy() {
            *fuzzy += 1;
            continue;
        }
        if msgstr.trim().is_empty() {
            continue;
        }
        let bad = |m: String| Problem::new(file.clone(), Some(at.msgstr), format!("{ctxt}: {m}"));
        // A translation the data already holds is not checked again: it was taken in before,
        // or written by hand and reviewed (`strings status` lists those whose numbers differ).
        let unchanged = text.translations.get(lang).is_some_and(|t| t == msgstr);
        let mut ok = true;
        for m in compare(m.msgid(), msgstr).into_iter().filter(|_| !unchanged) {
            problems.push(bad(m));
            ok = false;
        }
        if text.limit != Limit::None
            && !unchanged
            && let Some(m) = sentence_problem(msgstr)
        {
            problems.push(bad(m));
            ok = false;
        }
        if ok {
            out.push(Planned {
                text,
                lang: lang.to_owned(),
                msgid: m.msgid().to_owned(),
                msgstr: msgstr.to_owned(),
                file: file.clone(),
                line: at.msgstr,
            });
        }
    }
    out
}

/// Takes the translations of every `<code>.po` in `po_dir` into the geodata folder `dir`, and
/// records in the memory the English each was made from (its msgid); or, changing nothing,
/// returns every problem.
pub fn import(dir: &Path, po_dir: &Path) -> Result<Imported, Vec<Problem>> {
    let mut folder = Folder::read(dir)?;
    let catalog = Catalog::read(&folder)?;
    let mut memory = Memory::read(&folder)?;
    let by_ctxt = catalog.by_ctxt();
    let mut problems = Vec::new();
    let mut po_files: Vec<PathBuf> = std::fs::read_dir(po_dir)
        .map_err(|e| {
            vec![Problem::new(
                po_dir.display().to_string(),
                None,
                format!("cannot read: {e}"),
            )]
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "po"))
        .collect();
    po_files.sort();
    let mut planned = Vec::new();
    let mut imported = Imported::default();
    for path in &po_files {
        let lang = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !folder.targets().any(|t| t == lang) {
            problems.push(Problem::new(
                path.display().to_string(),
                None,
                format!(
                    "{lang:?} is not a language of {LANGUAGES_FILE} translated from {}",
                    folder.source()
                ),
            ));
            continue;
        }
        planned.extend(read_po(path, &lang, &by_ctxt, &mut imported.fuzzy, &mut problems));
    }
    // The translations that change the data, and the first layers they change.
    let mut splices = Splices::default();
    let mut now: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for p in &planned {
        if p.text.translations.get(&p.lang) != Some(&p.msgstr) {
            splices.set(p.text, &p.lang, &p.msgstr);
            now.insert((p.text.ctxt.as_str(), p.lang.as_str()), &p.msgstr);
            imported.changed += 1;
        }
        memory.record(&p.lang, &p.text.ctxt, &p.msgid);
    }
    check_first_layers(&catalog, &planned, &now, &mut problems);
    let mut changed = splices.apply(&folder.files);
    if problems.is_empty() {
        problems.extend(loader_problems(&folder.files, &changed));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    changed.extend(memory.files());
    imported.files = folder.write(changed)?;
    Ok(imported)
}

/// A first layer a planned translation makes too long, in its language.
fn check_first_layers(
    catalog: &Catalog,
    planned: &[Planned],
    now: &BTreeMap<(&str, &str), &str>,
    problems: &mut Vec<Problem>,
) {
    let mut seen = BTreeSet::new();
    for p in planned {
        let Limit::FirstLayer { group } = &p.text.limit else {
            continue;
        };
        if !now.contains_key(&(p.text.ctxt.as_str(), p.lang.as_str())) || !seen.insert((group, &p.lang)) {
            continue;
        }
        let texts = catalog
            .texts
            .iter()
            .filter(|t| matches!(&t.limit, Limit::FirstLayer { group: g } if g == group))
            .map(|t| {
                now.get(&(t.ctxt.as_str(), p.lang.as_str()))
                    .copied()
                    .or_else(|| t.translations.get(&p.lang).map(String::as_str))
                    .unwrap_or(&t.source)
            });
        if let Some(m) = first_layer_problem(texts) {
            problems.push(Problem::new(
                p.file.clone(),
                Some(p.line),
                format!("{}: {m}", p.text.ctxt),
            ));
        }
    }
}

/// What the core's loader finds wrong with the folder's data once `changed` is written, that
/// it did not find before: each problem against its data file.
fn loader_problems(files: &BTreeMap<String, String>, changed: &BTreeMap<String, String>) -> Vec<Problem> {
    let after: BTreeMap<String, String> = files
        .iter()
        .map(|(k, v)| (k.clone(), changed.get(k).unwrap_or(v).clone()))
        .collect();
    let before = super::load_problems(files);
    super::load_problems(&after)
        .into_iter()
        .filter(|e| !before.contains(e))
        .map(|e| Problem::new(e.file.clone(), None, format!("the loader refuses the result: {e}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_po_file_is_indexed_by_msgctxt_and_bad_lines_are_named() {
        let good =
            "msgid \"\"\nmsgstr \"Language: zh\\n\"\n\n#. note\nmsgctxt \"a|b\"\n\"|c\"\nmsgid \"x\"\nmsgstr \"y\"\n";
        let idx = index("zh.po", good).expect("good");
        let l = idx["a|b|c"];
        assert_eq!((l.ctxt, l.msgstr), (5, 8));
        let cases = [
            ("msgid \"\"\nmsgstr \"x\n", 2, "double quotes"),
            (
                "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"x\"\nmsgid \"y\"\nmsgstr \"\"\n",
                6,
                "a second msgid",
            ),
            (
                "msgid \"\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"x\"\n",
                4,
                "needs a msgid and a msgstr",
            ),
            ("msgid \"\"\nmsgstr \"\"\nhello\n", 3, "expected msgctxt"),
            ("msgid \"\"\nmsgstr \"a\\q\"\n", 2, "unknown escape"),
        ];
        for (text, line, says) in cases {
            let p = index("zh.po", text).expect_err(text);
            assert_eq!(p.line, Some(line), "{text:?}: {p}");
            assert!(p.message.contains(says), "{p}");
        }
    }

    #[test]
    fn quoting_round_trips_what_polib_reads() {
        let s = "a \"quoted\" back\\slash\nnew line";
        assert_eq!(unquote(&po_quote(s)).as_deref(), Ok(s));
    }
}
