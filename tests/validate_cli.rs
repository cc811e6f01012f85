//! The `validate` command on the shipped geodata, on a small valid set, on a set in English and
//! half-translated French, and on broken fixture sets under `tests/fixtures/bad/`, each with the
//! messages it must print (`expected.txt`, with the line for those that give one).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn validate(dir: &Path) -> Output {
    validate_with(dir, &[])
}

fn validate_with(dir: &Path, flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_validate"))
        .arg(dir)
        .args(flags)
        .output()
        .expect("run the validate command")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_shipped_geodata_passes_and_the_summary_lists_every_route() {
    let out = validate(&root().join("geodata"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("valid: 10 routes, 18 legs"), "{stdout}");
    for id in ["burma-road", "northwest-highway", "air-route", "sevastopol-rangoon"] {
        assert!(stdout.contains(&format!("route {id} ")), "{id}");
    }
    // One screen: every shipped language complete, the length checks counted, not listed.
    assert!(stdout.lines().count() <= 40, "{} lines", stdout.lines().count());
    for lang in ["en English", "zh 中文", "ru Русский"] {
        let line = stdout
            .lines()
            .find(|l| l.trim_start().starts_with(lang))
            .unwrap_or_else(|| panic!("no line for {lang}"));
        assert!(line.contains(" texts (100 %)"), "{line}");
    }
    assert!(stdout.contains(", 0 out of tolerance"), "{stdout}");
    assert!(!stdout.contains("leg L3: drawn "), "listed only with --lengths");
    let all = validate_with(&root().join("geodata"), &["--lengths"]);
    let all = String::from_utf8_lossy(&all.stdout);
    assert!(all.contains("leg L3: drawn "), "compares L3 with its published length");
    assert!(!all.contains("OUT OF TOLERANCE"), "{all}");
}

#[test]
fn a_language_half_translated_is_counted_not_an_error() {
    let out = validate(&root().join("tests/fixtures/french"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("  en English: 12/12 texts (100 %), interface 4/4\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  fr Français: 6/12 texts (50 %), interface 2/4\n"),
        "{stdout}"
    );
}

#[test]
fn a_small_valid_set_passes() {
    let out = validate(&root().join("tests/fixtures/good"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn every_broken_fixture_is_rejected_with_its_expected_messages() {
    let bad = root().join("tests/fixtures/bad");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&bad)
        .expect("tests/fixtures/bad")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 15, "{} fixtures", dirs.len());
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let expected =
            std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_else(|e| panic!("{name}: expected.txt: {e}"));
        let out = validate(dir);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.code() != Some(1) {
            failures.push(format!("{name}: exit code {:?}, expected 1", out.status.code()));
        }
        for line in expected.lines().filter(|l| !l.trim().is_empty()) {
            if !stdout.lines().any(|got| got.starts_with(line)) {
                failures.push(format!(
                    "{name}: missing message\n    {line}\n  got:\n    {}",
                    stdout.replace('\n', "\n    ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
