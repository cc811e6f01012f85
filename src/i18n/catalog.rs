//! Every translatable text of a geodata folder, found generically: in each data file, every
//! object whose keys are declared language codes and that holds the source language is one
//! text; in `interface/`, each key of the source language's file is one.
//!
//! A text's `msgctxt` names where it is: `file|feature|field` (`routes.geojson|burma-road|summary`,
//! `sources.json|GK|titleText`, `chapters.json|war-begins|labels[canton].name`), or `file|field`
//! for a text outside any feature, or `interface|key`. The feature is a GeoJSON feature's id, an
//! array element's `id` outside any feature (a counter, a chapter), or the key of an object at
//! the top of a file whose root is an object (a source's tag); the field is the path from there,
//! an array element named by its `id` when it has one, else by its index.

use std::collections::{BTreeMap, BTreeSet};

use jsonc_parser::ast::{Object, ObjectPropName, Value};
use jsonc_parser::common::{Range, Ranged};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::folder::{Folder, INTERFACE_DIR};
use super::{Problem, line_of};

/// The texts a panel shows first, whose words together are limited (the first layer): per
/// file, the fields of one feature. They are what `views::routes::RouteDetails::first_layer`
/// and `views::events::EventSummary::first_layer` put together, and a chapter's text.
const FIRST_LAYER: &[(&str, &[&str])] = &[
    ("routes.geojson", &["name", "summary", "figures[0].text"]),
    ("events.geojson", &["title", "dateText", "text", "figures[0].text"]),
    // A chapter's text alone: with its title the longest (before-the-war) is 74 words.
    ("chapters.json", &["text"]),
];

/// The word limit a translation is held to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// An interface string: none (a button's label is short by nature).
    None,
    /// A text of the data: each sentence at most `SENTENCE_WORDS`.
    Sentences,
    /// Also part of a panel's first layer, whose texts (those of `group`, `file|feature`) are
    /// at most `FIRST_LAYER_WORDS` together.
    FirstLayer { group: String },
}

/// One translatable text.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// Where it is, as a PO file's `msgctxt`.
    pub ctxt: String,
    /// The file the source text is in, relative to the folder (`routes.geojson`, `interface/en.json`).
    pub file: String,
    /// The line of the source text in it.
    pub line: usize,
    /// What it belongs to, in the source language (`route "Burma Road"`), when that has a name.
    pub about: Option<String>,
    pub limit: Limit,
    /// The text in the source language.
    pub source: String,
    /// The translations present, by language (the source's own included), and where they are.
    pub translations: BTreeMap<String, String>,
    pub(crate) at: At,
}

/// Where a text's languages are in the folder's files, to write one back.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum At {
    /// An inline `{"en": …}` object in a data file: each language's string, and where a new
    /// language goes.
    Inline {
        values: BTreeMap<String, Range>,
        insert: Insert,
    },
    /// An interface key: for each language whose file exists, the string's range or where a
    /// new key goes in that file.
    Interface {
        key: String,
        files: BTreeMap<String, (Option<Range>, Insert)>,
    },
}

/// Where and how a new member goes into an object: after byte `at`, as `sep "key" colon value`,
/// in the style of the object's members.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Insert {
    pub at: usize,
    pub sep: String,
    pub colon: String,
}

/// A folder's texts, in file order (the data files by name, then the interface).
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub texts: Vec<Text>,
}

impl Catalog {
    /// Finds every text of `folder`; a file that does not parse, or two texts with the same
    /// `msgctxt`, is a problem.
    pub fn read(folder: &Folder) -> Result<Catalog, Vec<Problem>> {
        let codes: BTreeSet<&str> = folder.languages.iter().map(String::as_str).collect();
        let source = folder.source();
        let mut problems = Vec::new();
        let mut texts = Vec::new();
        for (name, text) in folder.data_files() {
            match parse(name, text) {
                Ok(root) => Walk {
                    file: name,
                    text,
                    codes: &codes,
                    source,
                    out: &mut texts,
                }
                .root(&root),
                Err(p) => problems.push(p),
            }
        }
        interface(folder, &mut texts, &mut problems);
        let mut seen = BTreeSet::new();
        for t in &texts {
            if !seen.insert(t.ctxt.as_str()) {
                problems.push(Problem::new(
                    t.file.clone(),
                    Some(t.line),
                    format!("a second text named {:?}: give the features distinct ids", t.ctxt),
                ));
            }
        }
        if problems.is_empty() {
            Ok(Catalog { texts })
        } else {
            Err(problems)
        }
    }

    /// The text named `ctxt`.
    pub fn get(&self, ctxt: &str) -> Option<&Text> {
        self.texts.iter().find(|t| t.ctxt == ctxt)
    }

    /// The texts by `msgctxt`.
    pub fn by_ctxt(&self) -> BTreeMap<&str, &Text> {
        self.texts.iter().map(|t| (t.ctxt.as_str(), t)).collect()
    }
}

/// Parses a JSON file for its ranges; a syntax error names the line.
pub(crate) fn parse<'a>(name: &str, text: &'a str) -> Result<Value<'a>, Problem> {
    let parsed = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
        .map_err(|e| Problem::new(name, Some(e.line_display()), format!("not valid JSON: {}", e.kind())))?;
    parsed
        .value
        .ok_or_else(|| Problem::new(name, None, "empty: expected a JSON value"))
}

/// A string in JSON, written as the geodata writes them: `"` and `\` escaped, non-ASCII as is.
pub(crate) fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// How a new member is inserted after the last of `members` (an index into the object's
/// properties) in the style of the object: the text between two members, and around the colon.
fn insert_after(text: &str, obj: &Object, last: usize) -> Insert {
    let props = &obj.properties;
    let prop = &props[last];
    let colon = text[prop.name.range().end..prop.value.range().start].to_owned();
    let sep = if props.len() >= 2 {
        let (a, b) = if last > 0 { (last - 1, last) } else { (0, 1) };
        text[props[a].range.end..props[b].range.start].to_owned()
    } else {
        // One member: the space after `{`, or one like the colon's.
        let lead = &text[obj.range.start + 1..props[0].range.start];
        if lead.is_empty() {
            if colon.ends_with(' ') { ", ".into() } else { ",".into() }
        } else {
            format!(",{lead}")
        }
    };
    Insert {
        at: prop.value.range().end,
        sep,
        colon,
    }
}

/// The name of what an object is (`route "Burma Road"`, `"July 1937: …"`), from its kind and
/// its English name, title or label.
fn about(obj: &Object, source: &str) -> Option<String> {
    let kind = obj.get_string("kind").map(|k| k.value.to_string());
    let named = ["name", "title", "label"]
        .iter()
        .find_map(|k| match &obj.get(k)?.value {
            Value::StringLit(s) => Some(s.value.to_string()),
            Value::Object(o) => match &o.get(source)?.value {
                Value::StringLit(s) => Some(s.value.to_string()),
                _ => None,
            },
            _ => None,
        });
    // A leg has no name: its ends say where it is.
    let ends = obj.get_string("from").zip(obj.get_string("to"));
    match (named, ends) {
        (Some(n), _) => Some(match kind {
            Some(k) => format!("{k} \"{n}\""),
            None => format!("\"{n}\""),
        }),
        (None, Some((a, b))) => Some(format!(
            "{} from {} to {}",
            kind.as_deref().unwrap_or("part"),
            a.value,
            b.value
        )),
        (None, None) => None,
    }
}

/// The string `id` of an object, if it has one.
fn id_of<'a>(obj: &'a Object) -> Option<&'a str> {
    obj.get_string("id").map(|s| s.value.as_ref())
}

struct Walk<'w, 'a> {
    file: &'w str,
    text: &'a str,
    codes: &'w BTreeSet<&'w str>,
    source: &'w str,
    out: &'w mut Vec<Text>,
}

/// The feature a text belongs to: its id and what it is.
type Feature = Option<(String, Option<String>)>;

impl Walk<'_, '_> {
    fn root(&mut self, root: &Value) {
        match root {
            Value::Object(o) if o.get_string("type").is_some_and(|t| t.value == "FeatureCollection") => {
                for (i, f) in o
                    .get_array("features")
                    .map_or(&[][..], |a| &a.elements)
                    .iter()
                    .enumerate()
                {
                    let Value::Object(f) = f else { continue };
                    let Some(props) = f.get_object("properties") else {
                        continue;
                    };
                    let id = id_of(props)
                        .or_else(|| id_of(f))
                        .map_or_else(|| format!("#{i}"), str::to_owned);
                    self.object(props, &Some((id, about(props, self.source))), "");
                }
            }
            Value::Object(o) => {
                for p in &o.properties {
                    let key = p.name.as_str();
                    match &p.value {
                        Value::Object(entry) if !self.is_text(entry) => {
                            self.object(entry, &Some((key.to_owned(), about(entry, self.source))), "");
                        }
                        v => self.value(v, &None, key),
                    }
                }
            }
            v => self.value(v, &None, ""),
        }
    }

    /// Whether `obj` is a text: language codes only, the source's among them, strings only.
    fn is_text(&self, obj: &Object) -> bool {
        !obj.properties.is_empty()
            && obj.get(self.source).is_some()
            && obj
                .properties
                .iter()
                .all(|p| self.codes.contains(p.name.as_str()) && matches!(p.value, Value::StringLit(_)))
    }

    fn value(&mut self, v: &Value, feature: &Feature, path: &str) {
        match v {
            Value::Object(o) => self.object(o, feature, path),
            Value::Array(a) => {
                for (i, x) in a.elements.iter().enumerate() {
                    let id = match x {
                        Value::Object(o) if !self.is_text(o) => id_of(o),
                        _ => None,
                    };
                    match (id, feature, x) {
                        // An entry with an id outside any feature is a feature (a chapter, a counter).
                        (Some(id), None, Value::Object(o)) => {
                            self.object(o, &Some((id.to_owned(), about(o, self.source))), "");
                        }
                        (Some(id), _, _) => self.value(x, feature, &format!("{path}[{id}]")),
                        (None, _, _) => self.value(x, feature, &format!("{path}[{i}]")),
                    }
                }
            }
            _ => {}
        }
    }

    fn object(&mut self, obj: &Object, feature: &Feature, path: &str) {
        if self.is_text(obj) {
            self.text(obj, feature, path);
            return;
        }
        for p in &obj.properties {
            let key = p.name.as_str();
            let here = if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            };
            self.value(&p.value, feature, &here);
        }
    }

    fn text(&mut self, obj: &Object, feature: &Feature, path: &str) {
        let ctxt = match feature {
            Some((id, _)) => format!("{}|{id}|{path}", self.file),
            None => format!("{}|{path}", self.file),
        };
        let mut values = BTreeMap::new();
        let mut translations = BTreeMap::new();
        let mut last = 0;
        for (i, p) in obj.properties.iter().enumerate() {
            if let (ObjectPropName::String(name), Value::StringLit(s)) = (&p.name, &p.value) {
                values.insert(name.value.to_string(), s.range);
                translations.insert(name.value.to_string(), s.value.to_string());
                last = i;
            }
        }
        let source_at = values.get(self.source).map_or(obj.range.start, |r| r.start);
        let limit = match FIRST_LAYER.iter().find(|(f, _)| *f == self.file) {
            Some((_, fields)) if fields.contains(&path) && feature.is_some() => Limit::FirstLayer {
                group: ctxt.rsplit_once('|').map_or(ctxt.clone(), |(g, _)| g.to_owned()),
            },
            _ => Limit::Sentences,
        };
        self.out.push(Text {
            line: line_of(self.text, source_at),
            about: feature.as_ref().and_then(|(_, a)| a.clone()),
            limit,
            source: translations.get(self.source).cloned().unwrap_or_default(),
            translations,
            at: At::Inline {
                values,
                insert: insert_after(self.text, obj, last),
            },
            file: self.file.to_owned(),
            ctxt,
        });
    }
}

/// An interface file's strings by key, with their ranges.
type Strings = BTreeMap<String, (String, Range)>;

/// The interface strings: each key of `interface/<source>.json`, with its translations in the
/// other languages' files.
fn interface(folder: &Folder, texts: &mut Vec<Text>, problems: &mut Vec<Problem>) {
    let file = |code: &str| format!("{INTERFACE_DIR}/{code}.json");
    let source_file = file(folder.source());
    let Some(source_text) = folder.get(&source_file) else {
        return;
    };
    // Each language's file: its strings by key with their ranges, and where a new key goes.
    let mut parsed: BTreeMap<String, (Strings, Insert)> = BTreeMap::new();
    for code in &folder.languages {
        let name = file(code);
        let Some(text) = folder.get(&name) else { continue };
        let obj = match parse(&name, text) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                problems.push(Problem::new(name, None, "expected an object of {\"key\": \"text\"}"));
                continue;
            }
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let mut strings = BTreeMap::new();
        for p in &obj.properties {
            match &p.value {
                Value::StringLit(s) => {
                    strings.insert(p.name.as_str().to_owned(), (s.value.to_string(), s.range));
                }
                _ => problems.push(Problem::new(
                    name.clone(),
                    Some(line_of(text, p.range.start)),
                    format!("key {:?}: expected a string", p.name.as_str()),
                )),
            }
        }
        let insert = if obj.properties.is_empty() {
            // An empty file's object: the first key goes right after `{`.
            Insert {
                at: obj.range.start + 1,
                sep: "\n  ".into(),
                colon: ": ".into(),
            }
        } else {
            insert_after(text, &obj, obj.properties.len() - 1)
        };
        parsed.insert(code.clone(), (strings, insert));
    }
    let Some((source_strings, _)) = parsed.get(folder.source()) else {
        return;
    };
    let mut keys: Vec<(&String, &(String, Range))> = source_strings.iter().collect();
    keys.sort_by_key(|(_, (_, r))| r.start);
    for (key, (source, range)) in keys {
        let mut translations = BTreeMap::new();
        let mut files = BTreeMap::new();
        for (code, (strings, insert)) in &parsed {
            let found = strings.get(key);
            if let Some((s, _)) = found {
                translations.insert(code.clone(), s.clone());
            }
            files.insert(code.clone(), (found.map(|(_, r)| *r), insert.clone()));
        }
        texts.push(Text {
            ctxt: format!("interface|{key}"),
            file: source_file.clone(),
            line: line_of(source_text, range.start),
            about: None,
            limit: Limit::None,
            source: source.clone(),
            translations,
            at: At::Interface {
                key: key.clone(),
                files,
            },
        });
    }
}
