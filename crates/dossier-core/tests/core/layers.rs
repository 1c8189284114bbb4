//! The core's module graph has no cycle, at any level of its folders.
//!
//! Every `crate::…`, `super::…` and `self::…` path in the core's sources
//! (grouped `use` trees included) is read as an edge from the file's module
//! to the module it names. An edge between two modules of which neither
//! contains the other is lifted to the two children of their nearest common
//! folder that hold them — `analysis::engine` using `analysis::suspect` is
//! an edge between those two; `export::dossier` using `case` is one from
//! `export` to `case` — and the graph of those lifted edges must have no
//! cycle. A module using its own parent or its own children (a `mod.rs`
//! that re-exports them, a child that takes its parent's types) is not a
//! layer edge and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every module of the core, by path from the crate root, with its file.
fn modules(src: &Path) -> BTreeMap<Module, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read the source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("inside src");
            let mut module: Module = relative
                .with_extension("")
                .iter()
                .map(|s| s.to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|m| m == "mod" || m == "lib") {
                module.pop();
            }
            found.insert(module, path);
        }
    }
    found
}

/// The source without comments, strings and character literals, so that
/// only code's paths are read.
fn code_only(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            i += rest.find("*/").map_or(rest.len(), |e| e + 2);
        } else if let Some(raw) = raw_string_len(rest) {
            i += raw;
            out.push_str("\"\"");
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            i = j + 1;
            out.push_str("\"\"");
        } else if bytes[i] == b'\'' && is_char_literal(rest) {
            i += rest[1..].find('\'').map_or(rest.len(), |e| e + 2);
            out.push_str("' '");
        } else {
            let c = rest.chars().next().expect("a character");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of the raw string (`r"…"`, `r#"…"#`, `br"…"`) `rest` starts with.
fn raw_string_len(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after.len() - after.trim_start_matches('#').len();
    let body = after[hashes..].strip_prefix('"')?;
    let close = format!("\"{}", "#".repeat(hashes));
    let end = body.find(&close)?;
    Some(rest.len() - body.len() + end + close.len())
}

/// Whether the `'` that starts `rest` opens a character literal rather than
/// naming a lifetime (`'a`, `'static`).
fn is_char_literal(rest: &str) -> bool {
    let mut chars = rest.chars().skip(1);
    matches!(
        (chars.next(), chars.next()),
        (Some('\\'), _) | (Some(_), Some('\''))
    )
}

/// The paths named by one use tree or path starting at `text` (just after
/// `crate::`, `super::` or `self::`), relative to that start.
fn paths(text: &str) -> Vec<Module> {
    fn tree(text: &str, at: &mut usize, prefix: &Module, out: &mut Vec<Module>) {
        let mut path = prefix.clone();
        loop {
            let rest = &text[*at..];
            let trimmed = rest.trim_start();
            *at += rest.len() - trimmed.len();
            if let Some(inner) = trimmed.strip_prefix('{') {
                *at += trimmed.len() - inner.len();
                loop {
                    tree(text, at, &path, out);
                    let rest = &text[*at..];
                    let trimmed = rest.trim_start();
                    *at += rest.len() - trimmed.len();
                    if let Some(after) = trimmed.strip_prefix(',') {
                        *at += trimmed.len() - after.len();
                        if text[*at..].trim_start().starts_with('}') {
                            let rest = &text[*at..];
                            *at += rest.len() - rest.trim_start().len() + 1;
                            return;
                        }
                        continue;
                    }
                    if trimmed.starts_with('}') {
                        *at += 1;
                    }
                    return;
                }
            }
            let ident: String = trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if ident.is_empty() {
                out.push(path);
                return;
            }
            *at += ident.len();
            if ident != "self" {
                path.push(ident);
            }
            match text[*at..].strip_prefix("::") {
                Some(_) => *at += 2,
                None => {
                    out.push(path);
                    return;
                }
            }
        }
    }
    let mut out = Vec::new();
    tree(text, &mut 0, &Vec::new(), &mut out);
    out
}

/// The module a path names: the longest known module it starts with.
fn resolve<'a>(path: &[String], known: &'a BTreeMap<Module, PathBuf>) -> Option<&'a Module> {
    (0..=path.len())
        .rev()
        .find_map(|n| known.get_key_value(&path[..n]).map(|(k, _)| k))
}

/// The modules each module's code names, by `crate::`, `super::` and `self::`.
fn references(known: &BTreeMap<Module, PathBuf>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in known {
        let code = code_only(&std::fs::read_to_string(file).expect("read a source file"));
        let is_folder = file
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        // `self::` in a folder's `mod.rs` is the folder; `super::` in a
        // file is its folder, in a `mod.rs` the folder's parent.
        let own: Module = module.clone();
        let parent: Module = if is_folder {
            module[..module.len().saturating_sub(1)].to_vec()
        } else {
            module[..module.len() - 1].to_vec()
        };
        let here: Module = if is_folder {
            own.clone()
        } else {
            parent.clone()
        };
        for (keyword, base) in [
            ("crate::", Vec::new()),
            ("super::", parent),
            ("self::", here),
        ] {
            let mut from = 0;
            while let Some(found) = code[from..].find(keyword) {
                let start = from + found;
                from = start + keyword.len();
                let before = code[..start].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    continue;
                }
                let mut rest = &code[from..];
                let mut base = base.clone();
                // `super::super::x`
                if keyword == "super::" {
                    while let Some(after) = rest.strip_prefix("super::") {
                        base.pop();
                        rest = after;
                    }
                }
                for path in paths(rest) {
                    let full: Module = base.iter().cloned().chain(path).collect();
                    if let Some(target) = resolve(&full, known) {
                        edges
                            .entry(module.clone())
                            .or_default()
                            .insert(target.clone());
                    }
                }
            }
        }
    }
    edges
}

/// Each edge between modules of which neither contains the other, lifted to
/// the children of their nearest common folder.
fn layer_edges(edges: &BTreeMap<Module, BTreeSet<Module>>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut lifted: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (from, targets) in edges {
        for to in targets {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue;
            }
            lifted
                .entry(from[..=common].to_vec())
                .or_default()
                .insert(to[..=common].to_vec());
        }
    }
    lifted
}

/// The cycles of a graph: each strongly connected component of more than
/// one node (Tarjan's algorithm).
fn cycles(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'a Module, usize>,
        low: BTreeMap<&'a Module, usize>,
        stack: Vec<&'a Module>,
        on_stack: BTreeSet<&'a Module>,
        found: Vec<Vec<Module>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, node: &'a Module) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    component.push(top.clone());
                    if top == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node) {
            walk.visit(node);
        }
    }
    walk.found
}

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_core_has_no_import_cycle_at_any_level() {
    let known = modules(&source());
    let edges = references(&known);
    let lifted = layer_edges(&edges);
    let found = cycles(&lifted);
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            let names: Vec<String> = c.iter().map(|m| m.join("::")).collect();
            let why: Vec<String> = edges
                .iter()
                .flat_map(|(from, to)| to.iter().map(move |t| (from, t)))
                .filter(|(from, to)| {
                    c.iter().any(|m| from.starts_with(m))
                        && c.iter().any(|m| to.starts_with(m))
                        && !c.iter().any(|m| from.starts_with(m) && to.starts_with(m))
                })
                .map(|(from, to)| format!("{} → {}", from.join("::"), to.join("::")))
                .collect();
            format!("{}: {}", names.join(" ↔ "), why.join(", "))
        })
        .collect();
    assert!(found.is_empty(), "import cycles:\n{}", shown.join("\n"));
}

#[test]
fn the_graph_reader_sees_grouped_uses_and_cycles() {
    let tree = paths("{a::{b, c::d}, e, self}; more");
    assert_eq!(
        tree,
        vec![
            vec!["a".to_owned(), "b".to_owned()],
            vec!["a".to_owned(), "c".to_owned(), "d".to_owned()],
            vec!["e".to_owned()],
            vec![],
        ]
    );
    assert_eq!(
        code_only("let s = \"crate::x\"; // crate::y\nlet c = '\"'; crate::z"),
        "let s = \"\"; \nlet c = ' '; crate::z"
    );
    let m = |s: &str| -> Module { s.split("::").map(str::to_owned).collect() };
    let edges = BTreeMap::from([
        (m("a::x"), BTreeSet::from([m("b")])),
        (m("b"), BTreeSet::from([m("a::y::z")])),
        (m("a"), BTreeSet::from([m("a::x")])),
    ]);
    let lifted = layer_edges(&edges);
    assert_eq!(cycles(&lifted), vec![vec![m("a"), m("b")]]);
    // The real tree is read: the engine is seen to use the pack.
    let known = modules(&source());
    let edges = references(&known);
    assert!(edges[&m("analysis::engine")].contains(&m("analysis::pack")));
    assert!(
        edges[&m("export::dossier")].contains(&m("case")),
        "the dossier reads the case"
    );
}

/// The longest a source file may be. A file that grows past it is split by
/// concern (see ARCHITECTURE.md); data tables and generated files are not
/// source in this sense and are listed in [`NOT_SOURCE`].
const MAX_LINES: usize = 700;

/// Files exempt from [`MAX_LINES`]: generated, or data rather than code.
const NOT_SOURCE: &[&str] = &["ui/src/lib/bindings.ts"];

#[test]
fn no_source_file_is_over_700_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut long = Vec::new();
    let mut stack: Vec<PathBuf> = ["crates", "src-tauri/src", "tests", "ui/src", "scripts"]
        .iter()
        .map(|d| root.join(d))
        .collect();
    let mut read = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("entry").path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            if path.is_dir() {
                if !matches!(
                    name.as_deref(),
                    Some("node_modules" | "target" | "fixtures")
                ) {
                    stack.push(path);
                }
                continue;
            }
            let code = ["rs", "ts", "svelte", "mjs", "py", "sh"];
            if !path
                .extension()
                .is_some_and(|e| code.contains(&e.to_string_lossy().as_ref()))
            {
                continue;
            }
            let relative = path
                .strip_prefix(&root)
                .expect("inside the workspace")
                .to_string_lossy()
                .replace('\\', "/");
            if NOT_SOURCE.contains(&relative.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read a source file");
            read += 1;
            let lines = text.lines().count();
            if lines > MAX_LINES {
                long.push(format!("{relative}: {lines} lines"));
            }
        }
    }
    assert!(
        read > 100,
        "the workspace's sources were found ({read} read)"
    );
    assert!(
        long.is_empty(),
        "over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}
