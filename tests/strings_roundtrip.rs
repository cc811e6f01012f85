//! The gettext round trip of issue 20 on copies of the shipped geodata (and a small interface
//! fixture, tests/fixtures/strings/): export then import changes no byte; an edited translation
//! is written in place and remembered; each refusal names the PO file and line and changes
//! nothing; a changed English makes its translations stale; a language added to the data's
//! files only is exported and imported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use supply_routes::i18n::memory::{self, State};
use supply_routes::i18n::{Problem, po};

/// A fresh copy of the shipped geodata in a temporary folder named for the test, with room
/// beside it for exports; all removed when the test ends.
fn copy_geodata(test: &str) -> Temp {
    let root = std::env::temp_dir().join(format!("strings-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let geodata = root.join("geodata");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata"), &geodata);
    Temp { root, geodata }
}

/// A test's temporary folder; derefs to its copy of the geodata.
struct Temp {
    root: PathBuf,
    geodata: PathBuf,
}

impl std::ops::Deref for Temp {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.geodata
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a temporary folder");
    for e in std::fs::read_dir(from).expect("readable").flatten() {
        let path = e.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(e.file_name()));
        } else {
            std::fs::copy(&path, to.join(e.file_name())).expect("copied");
        }
    }
}

/// The small interface fixture in place of the folder's interface files.
fn with_interface_fixture(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.join("interface"));
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/strings/interface");
    copy_dir(&fixture, &dir.join("interface"));
    let _ = std::fs::remove_dir_all(dir.join("translations"));
    memory::accept(dir, None).expect("a baseline");
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The lines of the entry with `msgctxt` in a PO text: its first and last line's indexes.
fn entry(po: &str, ctxt: &str) -> (usize, usize) {
    let lines: Vec<&str> = po.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == format!("msgctxt \"{ctxt}\""))
        .unwrap_or_else(|| panic!("no entry {ctxt}"));
    let start = (0..at).rev().find(|&i| lines[i].is_empty()).map_or(0, |i| i + 1);
    let end = (at..lines.len()).find(|&i| lines[i].is_empty()).unwrap_or(lines.len());
    (start, end)
}

/// `po` with the entry `ctxt`'s msgstr set to `msgstr` and its fuzzy flag taken off; and the
/// (1-based) line of that msgstr.
fn translate(po: &str, ctxt: &str, msgstr: &str) -> (String, usize) {
    let (start, end) = entry(po, ctxt);
    let mut lines: Vec<String> = po.lines().map(str::to_owned).collect();
    let block: Vec<String> = lines[start..end]
        .iter()
        .filter(|l| l.as_str() != "#, fuzzy" && !l.starts_with("#| "))
        .cloned()
        .collect();
    let msgstr_at = block.iter().position(|l| l.starts_with("msgstr ")).expect("a msgstr");
    let mut new_block = block[..msgstr_at].to_vec();
    new_block.push(format!("msgstr {}", serde_json::Value::String(msgstr.to_owned())));
    let line = start + new_block.len();
    lines.splice(start..end, new_block);
    (lines.join("\n") + "\n", line)
}

/// Exports `dir` into a fresh folder beside it and returns that folder.
fn export(dir: &Path) -> PathBuf {
    let out = dir.with_extension("po");
    let _ = std::fs::remove_dir_all(&out);
    po::export(dir, &out).expect("export");
    out
}

const NAME: &str = "routes.geojson|burma-road|name";
const FIGURE: &str = "routes.geojson|northwest-highway|figures[0].text";

#[test]
fn export_then_import_with_no_edits_changes_no_byte() {
    let dir = copy_geodata("noop");
    memory::accept(&dir, None).expect("a baseline");
    let before = snapshot(&dir);
    let out = export(&dir);
    for f in ["messages.pot", "zh.po", "ru.po"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let done = po::import(&dir, &out).expect("import");
    assert_eq!(done.changed, 0);
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn an_edited_translation_is_written_in_place_and_remembered() {
    let dir = copy_geodata("edit");
    let routes_before = read(&dir.join("routes.geojson"));
    let out = export(&dir);
    let zh = read(&out.join("zh.po"));
    let (zh, _) = translate(&zh, NAME, "仰光至重庆：铁路与\"滇缅公路\"");
    std::fs::write(out.join("zh.po"), zh).expect("written");
    let done = po::import(&dir, &out).expect("import");
    assert_eq!(done.changed, 1);
    assert!(done.files.contains(&"routes.geojson".to_owned()), "{:?}", done.files);
    // Only the string's bytes changed, escaped as JSON, the Chinese as it is.
    let expected = routes_before.replacen(
        "\"zh\": \"仰光至重庆（铁路与滇缅公路）\"",
        "\"zh\": \"仰光至重庆：铁路与\\\"滇缅公路\\\"\"",
        1,
    );
    assert_ne!(expected, routes_before);
    assert_eq!(read(&dir.join("routes.geojson")), expected);
    let memory: BTreeMap<String, String> =
        serde_json::from_str(&read(&dir.join("translations/zh.json"))).expect("the memory");
    assert_eq!(memory[NAME], "Rangoon to Chungking by rail and the Burma Road");
}

/// Imports `po_text` as `lang`.po into a copy of `dir` and expects a refusal naming the file
/// and `line`, saying `says`, with nothing changed.
fn refused(dir: &Path, out: &Path, lang: &str, po_text: &str, line: usize, says: &str) {
    let before = snapshot(dir);
    let original = read(&out.join(format!("{lang}.po")));
    std::fs::write(out.join(format!("{lang}.po")), po_text).expect("written");
    let problems: Vec<Problem> = po::import(dir, out).expect_err(says);
    std::fs::write(out.join(format!("{lang}.po")), original).expect("restored");
    assert_eq!(snapshot(dir), before, "{says}: a refused import changed a file");
    let named = problems
        .iter()
        .any(|p| p.file.ends_with(&format!("{lang}.po")) && p.line == Some(line) && p.message.contains(says));
    assert!(named, "expected {lang}.po:{line} saying {says:?}, got {problems:#?}");
}

#[test]
fn each_refusal_names_the_po_file_and_line_and_changes_nothing() {
    let dir = copy_geodata("refusals");
    with_interface_fixture(&dir);
    let out = export(&dir);
    let zh = read(&out.join("zh.po"));

    // An unknown msgctxt, with a good translation beside it that is not taken in either.
    let (good, _) = translate(&zh, NAME, "仰光至重庆");
    let unknown = good.replacen(
        &format!("msgctxt \"{FIGURE}\""),
        "msgctxt \"routes.geojson|no-such-route|name\"",
        1,
    );
    let line = unknown
        .lines()
        .position(|l| l.contains("no-such-route"))
        .expect("there")
        + 1;
    refused(&dir, &out, "zh", &unknown, line, "unknown msgctxt");

    // A number changed; the same number in another grouping passes.
    let (changed, line) = translate(
        &zh,
        FIGURE,
        "1937年10月至1939年2月，至少有5460列货运列车向中国运送军用物资。",
    );
    refused(&dir, &out, "zh", &changed, line, "numbers differ");
    let ru = read(&out.join("ru.po"));
    let (regrouped, _) = translate(
        &ru,
        FIGURE,
        "С октября 1937 по февраль 1939 года не менее 5 640 товарных поездов везли военные грузы в Китай.",
    );
    std::fs::write(out.join("ru.po"), regrouped).expect("written");
    assert_eq!(po::import(&dir, &out).expect("5 640 is 5,640").changed, 1);
    std::fs::write(out.join("ru.po"), &ru).expect("restored");

    // A placeholder changed.
    let (placeholder, line) = translate(&zh, "interface|selected", "已选择{nom}");
    refused(&dir, &out, "zh", &placeholder, line, "placeholders differ");

    // A sentence over 25 words, and a first layer over 70.
    let long = "Это очень длинное предложение ".repeat(7);
    let (over, line) = translate(&ru, NAME, long.trim());
    refused(&dir, &out, "ru", &over, line, "over the 25 allowed");
    let summary = "Короткая фраза из пяти слов. ".repeat(15);
    let (layer, line) = translate(&ru, "routes.geojson|burma-road|summary", summary.trim());
    refused(&dir, &out, "ru", &layer, line, "first layer");

    // A malformed file: a string not closed.
    let (_, line) = translate(&zh, NAME, "x");
    let lines: Vec<String> = zh
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                "msgstr \"仰光".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect();
    refused(&dir, &out, "zh", &(lines.join("\n") + "\n"), line, "double quotes");
}

#[test]
fn a_changed_english_makes_its_translations_stale() {
    let dir = copy_geodata("stale");
    memory::accept(&dir, None).expect("a baseline");
    let old = "Rangoon to Chungking by rail and the Burma Road";
    let new = "Rangoon to Chungking by railway and the Burma Road";
    let routes = read(&dir.join("routes.geojson"));
    std::fs::write(dir.join("routes.geojson"), routes.replacen(old, new, 1)).expect("edited");

    // validate's list names it in both languages.
    let pending = memory::pending(&dir).expect("pending");
    let stale: Vec<(&str, &str)> = pending
        .iter()
        .filter(|p| p.ctxt == NAME)
        .map(|p| (p.lang.as_str(), p.ctxt.as_str()))
        .collect();
    assert_eq!(stale, [("zh", NAME), ("ru", NAME)], "{pending:#?}");
    assert!(pending.iter().any(|p| p.state == State::Stale { was: old.into() }));

    // The export marks it fuzzy with the previous English; its translation is still offered.
    let out = export(&dir);
    let zh = read(&out.join("zh.po"));
    let (start, end) = entry(&zh, NAME);
    let block: Vec<&str> = zh.lines().collect::<Vec<_>>()[start..end].to_vec();
    assert!(block.contains(&"#, fuzzy"), "{block:#?}");
    assert!(block.contains(&format!("#| msgid \"{old}\"").as_str()), "{block:#?}");
    assert!(block.contains(&format!("msgid \"{new}\"").as_str()), "{block:#?}");
    assert!(block.contains(&"msgstr \"仰光至重庆（铁路与滇缅公路）\""), "{block:#?}");

    // Importing it leaves the old translation in the data (the page shows it, never a blank).
    let before = snapshot(&dir);
    let done = po::import(&dir, &out).expect("import");
    assert_eq!(done.fuzzy, 2);
    assert_eq!(snapshot(&dir), before);
    assert!(read(&dir.join("routes.geojson")).contains("\"zh\": \"仰光至重庆（铁路与滇缅公路）\""));

    // A translation made from the earlier English (a PO file sent out before the change) is
    // taken in, and stays stale: the memory records the English it was made from, its msgid.
    let sent_earlier = dir.with_extension("earlier");
    let _ = std::fs::remove_dir_all(&sent_earlier);
    std::fs::create_dir_all(&sent_earlier).expect("a folder");
    let ru = read(&out.join("ru.po")).replace(&format!("msgid \"{new}\""), &format!("msgid \"{old}\""));
    let (ru, _) = translate(&ru, NAME, "Из Рангуна в Чунцин по железной дороге и Бирманской дороге");
    std::fs::write(sent_earlier.join("ru.po"), ru).expect("written");
    assert_eq!(po::import(&dir, &sent_earlier).expect("import").changed, 1);
    assert!(
        read(&dir.join("routes.geojson"))
            .contains("\"ru\": \"Из Рангуна в Чунцин по железной дороге и Бирманской дороге\"")
    );
    let pending = memory::pending(&dir).expect("pending");
    assert!(
        pending
            .iter()
            .any(|p| p.lang == "ru" && p.ctxt == NAME && p.state == State::Stale { was: old.into() })
    );

    // A curator who has checked it accepts it.
    assert_eq!(memory::accept(&dir, Some("zh")).expect("accepted"), 1);
    let pending = memory::pending(&dir).expect("pending");
    assert_eq!(pending.iter().filter(|p| p.ctxt == NAME).count(), 1, "{pending:#?}");
}

#[test]
fn a_language_added_to_the_data_files_only_is_translated() {
    let dir = copy_geodata("french");
    with_interface_fixture(&dir);
    let languages = read(&dir.join("languages.json"));
    let with_fr = languages.replacen(
        "\n]",
        ",\n  {\"code\": \"fr\", \"name\": \"Français\", \"dir\": \"ltr\"}\n]",
        1,
    );
    assert_ne!(with_fr, languages);
    std::fs::write(dir.join("languages.json"), with_fr).expect("fr declared");

    let out = export(&dir);
    let fr = read(&out.join("fr.po"));
    assert!(fr.contains("Language: fr"));
    let (fr, _) = translate(&fr, NAME, "De Rangoun à Chongqing par le rail et la route de Birmanie");
    let (fr, _) = translate(&fr, "interface|selected", "{name} sélectionné");
    // Only the French goes back: the others' files are not in the folder imported.
    let only_fr = dir.with_extension("fr");
    let _ = std::fs::remove_dir_all(&only_fr);
    std::fs::create_dir_all(&only_fr).expect("a folder");
    std::fs::write(only_fr.join("fr.po"), fr).expect("written");
    let done = po::import(&dir, &only_fr).expect("import");
    assert_eq!(done.changed, 2);

    // The French goes after the object's last language, in the file's own style.
    let routes = read(&dir.join("routes.geojson"));
    assert!(
        routes.contains(
            "\"ru\": \"Из Рангуна в Чунцин по железной и Бирманской дорогам\", \"fr\": \"De Rangoun à Chongqing par le rail et la route de Birmanie\"}"
        ),
        "the French name is not after the Russian"
    );
    assert_eq!(
        read(&dir.join("interface/fr.json")),
        "{\n  \"selected\": \"{name} sélectionné\"\n}\n"
    );
    let memory: BTreeMap<String, String> =
        serde_json::from_str(&read(&dir.join("translations/fr.json"))).expect("the memory");
    assert_eq!(memory.len(), 2);
    let status = memory::pending(&dir).expect("pending");
    assert!(status.iter().any(|p| p.lang == "fr" && p.state == State::Untranslated));
    assert!(!status.iter().any(|p| p.lang == "fr" && p.ctxt == NAME));
}

#[test]
fn msgctxt_names_file_feature_and_field() {
    let dir = copy_geodata("names");
    with_interface_fixture(&dir);
    let pot = read(&export(&dir).join("messages.pot"));
    for ctxt in [
        "routes.geojson|burma-road|summary",
        "routes.geojson|S1|documented[0].note",
        "sources.json|GK|titleText",
        "timeline.json|trains|label",
        "chapters.json|war-begins|title",
        "interface|selected",
    ] {
        assert!(pot.contains(&format!("msgctxt \"{ctxt}\"\n")), "{ctxt}");
    }
    // The translator's note says what a text belongs to and its limit.
    let (start, end) = entry(&pot, "routes.geojson|burma-road|summary");
    let block = pot.lines().collect::<Vec<_>>()[start..end].join("\n");
    assert!(
        block.contains("#. Belongs to route \"Rangoon to Chungking by rail and the Burma Road\"."),
        "{block}"
    );
    assert!(block.contains("at most 70 words"), "{block}");
}

#[test]
fn the_cli_prints_status_and_refuses_bad_usage() {
    let dir = copy_geodata("cli");
    let bin = env!("CARGO_BIN_EXE_strings");
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().expect("runs");
    let status = run(&["--geodata", dir.to_str().expect("a path"), "status"]);
    assert!(status.status.success());
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("translated") && text.lines().any(|l| l.starts_with("zh ")),
        "{text}"
    );
    assert_eq!(run(&["export"]).status.code(), Some(2));
}

#[test]
fn new_keys_go_after_the_last_in_the_files_style_and_several_edits_keep_their_places() {
    let dir = copy_geodata("inserts");
    with_interface_fixture(&dir);
    let routes_before = read(&dir.join("routes.geojson"));
    let out = export(&dir);
    let zh = read(&out.join("zh.po"));
    let (zh, _) = translate(&zh, "interface|trains", "{n}列火车，共5640列");
    let (zh, _) = translate(&zh, NAME, "仰光—重庆");
    let (zh, _) = translate(
        &zh,
        FIGURE,
        "1937年10月至1939年2月，至少5,640列货运列车向中国运送军用物资。",
    );
    std::fs::write(out.join("zh.po"), zh).expect("written");
    assert_eq!(po::import(&dir, &out).expect("import").changed, 3);
    assert_eq!(
        read(&dir.join("interface/zh.json")),
        "{\n  \"title\": \"援华运输线\",\n  \"selected\": \"已选择{name}\",\n  \"trains\": \"{n}列火车，共5640列\"\n}\n"
    );
    let expected = routes_before
        .replacen("\"zh\": \"仰光至重庆（铁路与滇缅公路）\"", "\"zh\": \"仰光—重庆\"", 1)
        .replacen(
            "\"zh\": \"1937年10月至1939年2月，至少有5640列货运列车向中国运送军用物资。\"",
            "\"zh\": \"1937年10月至1939年2月，至少5,640列货运列车向中国运送军用物资。\"",
            1,
        );
    assert_eq!(read(&dir.join("routes.geojson")), expected);
}

#[test]
fn the_shipped_texts_keep_the_limits_an_import_holds_translations_to() {
    use supply_routes::i18n::catalog::{Catalog, Limit};
    use supply_routes::i18n::checks::{first_layer_problem, sentence_problem};
    use supply_routes::i18n::folder::Folder;
    let folder = Folder::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("geodata")).expect("geodata");
    let catalog = Catalog::read(&folder).expect("a catalog");
    let mut over = Vec::new();
    let mut groups: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for t in catalog.texts.iter().filter(|t| t.limit != Limit::None) {
        for (lang, text) in &t.translations {
            if let Some(m) = sentence_problem(text) {
                over.push(format!("{} ({lang}): {m}", t.ctxt));
            }
            if let Limit::FirstLayer { group } = &t.limit {
                groups.entry((group, lang)).or_default().push(text);
            }
        }
    }
    assert!(groups.len() > 100, "{} first layers", groups.len());
    for ((group, lang), texts) in groups {
        if let Some(m) = first_layer_problem(texts) {
            over.push(format!("{group} ({lang}): {m}"));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}
