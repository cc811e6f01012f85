//! The core's architecture, checked: no module imports another that imports it back, directly
//! or around a loop (a module is a file of `src/`), and only `wasm.rs` knows JavaScript.
//!
//! Imports are the `crate::…`, `super::…` and `self::…` paths of the code, in `use`
//! declarations or written inline; comments, strings and `#[cfg(test)]` items do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module name → the modules it imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = graph(&sources());
    assert!(graph.len() > 10, "{} modules: is the source tree there?", graph.len());
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import loop: {}", cycle.join(" -> "));
    }
}

#[test]
fn only_wasm_rs_knows_javascript() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for (path, text) in files(&src) {
        let rel = path
            .strip_prefix(&src)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let named: Vec<&str> = ["wasm_bindgen", "web_sys", "js_sys"]
            .into_iter()
            .filter(|name| text.contains(name))
            .collect();
        if rel != "wasm.rs" && !named.is_empty() {
            offenders.push(format!("src/{rel} names {}", named.join(", ")));
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

// The checker itself, on made-up modules: it must see a loop, and only real imports.

#[test]
fn a_loop_through_three_modules_is_found() {
    let modules = [
        ("data/a", "use crate::data::b::B;\npub struct A;"),
        ("data/b", "pub struct B(super::c::C);"),
        ("data/c", "use crate::{data::a::A, geometry::x};\npub struct C;"),
        ("geometry/x", "pub fn x() {}"),
        ("data", "pub mod a;\npub mod b;\npub mod c;"),
    ];
    let looped = graph(&modules.map(|(m, code)| (m.to_owned(), code.to_owned())));
    assert_eq!(
        looped["data/c"],
        BTreeSet::from(["data/a".to_owned(), "geometry/x".to_owned()])
    );
    let cycle = find_cycle(&looped).expect("a loop");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
    let without_c_to_a = [
        ("data/a", "use crate::data::b::B;"),
        ("data/b", "use super::c::C;"),
        ("data/c", ""),
    ];
    assert_eq!(
        find_cycle(&graph(&without_c_to_a.map(|(m, code)| (m.to_owned(), code.to_owned())))),
        None
    );
}

#[test]
fn comments_strings_and_test_modules_are_not_imports() {
    let code = r##"
        // use crate::b::B;
        /* crate::b::B, /* nested */ crate::b::B */
        const S: &str = "crate::b::B";
        const R: &str = r#"use crate::b::{B}; "quoted""#;
        const C: char = '"';
        fn f<'a>(x: &'a str) -> &'a str { x }
        #[cfg(test)]
        mod tests {
            use crate::b::B;
            fn g() { let _ = "}"; }
        }
        #[cfg(test)]
        use crate::b::Other;
        pub fn h() -> crate::c::C { todo!() }
    "##;
    let modules = [("a", code), ("b", ""), ("c", "")];
    let graph = graph(&modules.map(|(m, code)| (m.to_owned(), code.to_owned())));
    assert_eq!(graph["a"], BTreeSet::from(["c".to_owned()]));
}

/// Every `.rs` file under `dir`, with its text.
fn files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path, text));
        }
    }
    out
}

/// The library's modules (`map/scene` for `src/map/scene.rs`, `map` for `src/map/mod.rs`, ``
/// for `lib.rs`) with their source; `src/bin/` holds other crates.
fn sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    files(&src)
        .into_iter()
        .filter_map(|(path, text)| {
            let rel = path.strip_prefix(&src).ok()?.with_extension("");
            let rel = rel.to_string_lossy().replace('\\', "/");
            if rel.starts_with("bin/") {
                return None;
            }
            let module = match rel.as_str() {
                "lib" => String::new(),
                m => m.strip_suffix("/mod").unwrap_or(m).to_owned(),
            };
            Some((module, text))
        })
        .collect()
}

fn graph(modules: &[(String, String)]) -> Graph {
    let known: BTreeSet<&str> = modules.iter().map(|(m, _)| m.as_str()).collect();
    modules
        .iter()
        .map(|(module, text)| {
            let code = without_tests(&code_only(text));
            let mut to = BTreeSet::new();
            for path in paths(&code) {
                if let Some(target) = resolve(module, &path, &known)
                    && target != *module
                {
                    to.insert(target);
                }
            }
            (module.clone(), to)
        })
        .collect()
}

/// The code without comments and without the contents of string and char literals.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let next = c.get(i + 1).copied();
        match c[i] {
            '/' if next == Some('/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            'r' if (i == 0 || !ident(c[i - 1])) && matches!(next, Some('#' | '"')) => {
                let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
                if c.get(i + 1 + hashes) != Some(&'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                i += hashes + 2;
                while i < c.len()
                    && !(c[i] == '"' && c[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes)
                {
                    i += 1;
                }
                i += hashes + 1;
                out.push_str("\"\"");
            }
            '"' => {
                i += 1;
                while i < c.len() && c[i] != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            '\'' if next == Some('\\') => {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            }
            '\'' if c.get(i + 2) == Some(&'\'') => {
                i += 3;
                out.push_str("' '");
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// The code without its `#[cfg(test)]` items (a `mod tests { … }`, a `use …;`).
fn without_tests(code: &str) -> String {
    let mut out = code.to_owned();
    while let Some(at) = out.find("#[cfg(test)]") {
        let rest = &out[at..];
        let end = match (rest.find('{'), rest.find(';')) {
            (Some(b), Some(s)) if s < b => s + 1,
            (Some(b), _) => {
                let mut depth = 0;
                let mut end = rest.len();
                for (k, ch) in rest[b..].char_indices() {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, Some(s)) => s + 1,
            (None, None) => rest.len(),
        };
        out.replace_range(at..at + end, "");
    }
    out
}

/// Every path beginning with `crate`, `super` or `self`, as its segments: those of `use`
/// declarations with their groups expanded (`use crate::{a, b::c}`), then those written inline.
fn paths(code: &str) -> Vec<Vec<String>> {
    let tokens = tokens(code);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "use" {
            let end = tokens[i..]
                .iter()
                .position(|t| t == ";")
                .map_or(tokens.len(), |k| i + k);
            use_tree(&tokens[i + 1..end], &[], &mut out);
            i = end;
        } else if matches!(tokens[i].as_str(), "crate" | "super" | "self")
            && tokens.get(i + 1).is_some_and(|t| t == "::")
        {
            let mut path = vec![tokens[i].clone()];
            let mut k = i + 1;
            while tokens.get(k).is_some_and(|t| t == "::") && tokens.get(k + 1).is_some_and(|t| is_ident(t)) {
                path.push(tokens[k + 1].clone());
                k += 2;
            }
            out.push(path);
            i = k;
        } else {
            i += 1;
        }
    }
    out.retain(|p| matches!(p.first().map(String::as_str), Some("crate" | "super" | "self")));
    out
}

/// Identifiers, `::`, and single punctuation characters.
fn tokens(code: &str) -> Vec<String> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        if c[i].is_alphanumeric() || c[i] == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
            out.push("::".to_owned());
            i += 2;
        } else {
            if !c[i].is_whitespace() {
                out.push(c[i].to_string());
            }
            i += 1;
        }
    }
    out
}

fn is_ident(t: &str) -> bool {
    t.chars().all(|ch| ch.is_alphanumeric() || ch == '_')
}

/// Expands a `use` tree (`crate::a::{b, c::{d, e}}`) under `prefix` into full paths.
fn use_tree(tokens: &[String], prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut path = prefix.to_vec();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "::" => i += 1,
            "{" => {
                // Split the group at its top-level commas.
                let mut depth = 0;
                let mut start = i + 1;
                for k in i..tokens.len() {
                    match tokens[k].as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                use_tree(&tokens[start..k], &path, out);
                                return;
                            }
                        }
                        "," if depth == 1 => {
                            use_tree(&tokens[start..k], &path, out);
                            start = k + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            "as" | "*" => break,
            t if is_ident(t) => {
                path.push(t.to_owned());
                i += 1;
            }
            _ => i += 1,
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// The module a path from `module` leads into: the longest known module its segments name.
fn resolve(module: &str, path: &[String], known: &BTreeSet<&str>) -> Option<String> {
    let mut segments: Vec<String> = Vec::new();
    let mut rest = path;
    let parent = |m: &str| m.rsplit_once('/').map_or(String::new(), |(p, _)| p.to_owned());
    match rest.first().map(String::as_str) {
        Some("crate") => rest = &rest[1..],
        Some("super") => {
            let mut base = parent(module);
            rest = &rest[1..];
            while rest.first().is_some_and(|s| s == "super") {
                base = parent(&base);
                rest = &rest[1..];
            }
            segments.extend(base.split('/').filter(|s| !s.is_empty()).map(str::to_owned));
        }
        Some("self") => {
            segments.extend(module.split('/').filter(|s| !s.is_empty()).map(str::to_owned));
            rest = &rest[1..];
        }
        _ => return None,
    }
    segments.extend(rest.iter().filter(|s| *s != "self").cloned());
    (0..=segments.len())
        .rev()
        .map(|n| segments[..n].join("/"))
        .find(|m| known.contains(m.as_str()))
}

/// A loop of imports, if any: the modules along it, the first repeated at the end.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        m: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(m) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = stack.iter().position(|s| s == m).unwrap_or(0);
                let mut cycle = stack[from..].to_vec();
                cycle.push(m.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(m.to_owned(), Mark::Open);
        stack.push(m.to_owned());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        marks.insert(m.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph.keys().find_map(|m| visit(m, graph, &mut marks, &mut Vec::new()))
}
