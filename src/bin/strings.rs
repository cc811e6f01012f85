//! `cargo run --bin strings -- COMMAND`: the gettext round trip of a geodata folder's texts.
//!
//! - `export DIR`: writes `DIR/messages.pot` and `DIR/<code>.po` for every language but the
//!   source; a stale translation is fuzzy, with the English it was made from as `#| msgid`.
//! - `import DIR`: takes the translations of every `DIR/<code>.po` into the geodata and the
//!   interface files, and records the English they were made from; refuses (naming the PO file
//!   and line, and changing nothing) an unknown msgctxt, a changed number or placeholder, a text
//!   over its word limit, a malformed file, or a result the loader refuses.
//! - `accept [LANG]`: records the current English as the memory of every translation present
//!   (of LANG, or of all languages): a curator's word that they have checked them.
//! - `status`: per language, how many texts are translated, stale, untranslated, unrecorded.
//!
//! `--geodata DIR` (before the command) reads another folder than `geodata`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use supply_routes::i18n::catalog::Catalog;
use supply_routes::i18n::folder::Folder;
use supply_routes::i18n::memory::{self, Memory, State};
use supply_routes::i18n::{Problem, checks, po};

const USAGE: &str = "usage: strings [--geodata DIR] export DIR | import DIR | accept [LANG] | status";

fn fail(problems: &[Problem]) -> ExitCode {
    for p in problems {
        eprintln!("{p}");
    }
    eprintln!("{} problem(s); nothing was changed", problems.len());
    ExitCode::FAILURE
}

/// `writeln!` into a `String`, which cannot fail.
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

fn status(geodata: &std::path::Path) -> Result<(), Vec<Problem>> {
    let folder = Folder::read(geodata)?;
    let catalog = Catalog::read(&folder)?;
    let memory = Memory::read(&folder)?;
    // Written at once, and a closed pipe (`strings status | head`) is not an error.
    let mut out = String::new();
    outln!(
        out,
        "{} texts in {} (source language {})",
        catalog.texts.len(),
        geodata.display(),
        folder.source()
    );
    outln!(
        out,
        "{:<6} {:>10} {:>6} {:>12} {:>10}",
        "lang",
        "translated",
        "stale",
        "untranslated",
        "unrecorded"
    );
    for (lang, c) in memory::counts(&folder, &catalog, &memory) {
        outln!(
            out,
            "{lang:<6} {:>10} {:>6} {:>12} {:>10}",
            c.translated,
            c.stale,
            c.untranslated,
            c.unrecorded
        );
    }
    for lang in folder.targets() {
        for t in &catalog.texts {
            match memory::state(t, lang, &memory) {
                State::Stale { .. } => outln!(out, "  {lang} stale: {} ({}:{})", t.ctxt, t.file, t.line),
                State::Unrecorded => outln!(out, "  {lang} unrecorded: {} ({}:{})", t.ctxt, t.file, t.line),
                State::Current | State::Untranslated => {}
            }
        }
    }
    let differ = checks::existing(&catalog);
    if !differ.is_empty() {
        outln!(
            out,
            "\ntranslations whose numbers or placeholders differ from the English ({}):",
            differ.len()
        );
        for (ctxt, lang, m) in differ {
            outln!(out, "  {lang} {ctxt}: {m}");
        }
    }
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(())
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut geodata = PathBuf::from("geodata");
    if args.first().map(String::as_str) == Some("--geodata") && args.len() >= 2 {
        geodata = PathBuf::from(args.remove(1));
        args.remove(0);
    }
    let arg = |i: usize| args.get(i).map(String::as_str);
    let done = match (arg(0), arg(1), args.len()) {
        (Some("export"), Some(dir), 2) => po::export(&geodata, dir.as_ref()).map(|files| {
            for f in files {
                println!("wrote {}", f.display());
            }
        }),
        (Some("import"), Some(dir), 2) => po::import(&geodata, dir.as_ref()).map(|r| {
            println!(
                "{} translation(s) written, {} fuzzy entr{} left out",
                r.changed,
                r.fuzzy,
                if r.fuzzy == 1 { "y" } else { "ies" }
            );
            for f in r.files {
                println!("wrote {}", geodata.join(f).display());
            }
        }),
        (Some("accept"), lang, 1 | 2) => memory::accept(&geodata, lang).map(|n| {
            println!("{n} translation(s) recorded as made from the current English");
        }),
        (Some("status"), None, 1) => status(&geodata),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(p) => fail(&p),
    }
}
