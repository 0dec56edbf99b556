//! The shape of the code: the top-level modules of `src/` form layers, with no cycle of
//! imports between them (Library -> Site -> Output reads one way).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module -> the top-level modules it names as `crate::<module>`.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Reads every `.rs` file of the library crate under `src` and records, for each top-level
/// module (`src/<m>.rs` or `src/<m>/`), which other top-level modules it uses.
fn module_graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    for entry in walk(src) {
        let rel = entry.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        // `main.rs` is the binary, and `lib.rs` the crate root that declares the modules.
        if module == "main" || module == "lib" {
            continue;
        }
        let text = without_comments(&std::fs::read_to_string(&entry).unwrap());
        let uses = graph.entry(module.clone()).or_default();
        for used in crate_paths(&text) {
            if used != module {
                uses.insert(used);
            }
        }
    }
    graph
}

/// Every `.rs` file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The text with `//` comments removed (doc links name modules without using them).
fn without_comments(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // Not inside a string such as "https://...".
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every `crate::a::...` path, and of each item of `crate::{a, b::c}`.
fn crate_paths(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                found.push(ident(item.trim()));
            }
        } else {
            found.push(ident(rest));
        }
    }
    found.retain(|m| !m.is_empty() && m.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
    found
}

/// A cycle of the graph, if it has one, as the modules along it.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, State>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), State::Open);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(State::Open) => {
                    let start = path.iter().position(|n| n == next).unwrap();
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(State::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, state, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        state.insert(node.to_string(), State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node)
            && let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(cycle);
        }
    }
    None
}

// Pins that the top-level modules of src/ import each other without a cycle.
#[test]
fn top_level_modules_have_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(graph.len() > 10, "too few modules found: {graph:?}");
    assert!(
        graph["render"].contains("site") && graph["site"].contains("content"),
        "the reader missed imports: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        let layers: Vec<String> = graph
            .iter()
            .map(|(m, uses)| {
                format!(
                    "  {m} -> {}",
                    uses.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!(
            "the modules import each other in a cycle: {}\n{}",
            cycle.join(" -> "),
            layers.join("\n")
        );
    }
}

// Pins that the cycle finder finds a cycle, so the test above can fail.
#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default();
    assert_eq!(find_cycle(&graph), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        find_cycle(&graph),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    let text = "use crate::{config::Config, content};\nlet x = crate::site::Site::plan();\n// crate::render\n";
    assert_eq!(
        crate_paths(&without_comments(text)),
        vec!["config", "content", "site"]
    );
}
