//! The layout rules ARCHITECTURE.md promises, checked by `cargo test` (in the spirit
//! of rust-analyzer's tidy tests): each test reads the source tree as text and names
//! every file that breaks its rule. Run them alone with `cargo test -p xtask tidy`.

#![cfg(test)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    crate::project_root()
}

/// Every `.rs` file below `dir` (relative to the project root), sorted.
fn rust_files(dir: &str) -> Vec<(String, String)> {
    let base = root();
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(base.join(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| !e.path().components().any(|c| c.as_os_str() == "target"))
        .map(|e| {
            let rel = e.path().strip_prefix(&base).unwrap_or(e.path());
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            (rel.display().to_string(), text)
        })
        .collect();
    files.sort();
    files
}

/// The project's own Rust sources: the app, the builder, the image pipeline, the automation.
fn all_sources() -> Vec<(String, String)> {
    [
        "src",
        "builder/src",
        "builder/tests",
        "images/src",
        "images/tests",
        "xtask/src",
    ]
    .iter()
    .flat_map(|d| rust_files(d))
    .collect()
}

/// The code of a file without its comments (doc comments say what code may not do).
fn code(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The part of a file that is not test code (a test may spell anything out).
fn non_test(text: &str) -> &str {
    if text.contains("#![cfg(test)]") {
        return "";
    }
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

fn fail_if_any(rule: &str, offenders: Vec<String>) {
    assert!(
        offenders.is_empty(),
        "{rule}:\n  {}",
        offenders.join("\n  ")
    );
}

#[test]
fn network_code_lives_only_in_the_api_module() {
    let network = [
        "gloo_net",
        "web_sys::Request",
        "XmlHttpRequest",
        "WebSocket",
        "fetch_with_request",
    ];
    let offenders = rust_files("src")
        .into_iter()
        .filter(|(path, _)| path != "src/api.rs")
        .filter_map(|(path, text)| {
            let code = code(&text);
            let found: Vec<_> = network.iter().filter(|n| code.contains(*n)).collect();
            (!found.is_empty()).then(|| format!("{path}: {found:?}"))
        })
        .collect();
    fail_if_any("network code outside src/api.rs", offenders);
}

#[test]
fn pages_and_components_never_fetch() {
    let fetching = [
        "api::fetch",
        "fetch_text",
        "LocalResource",
        "Resource::",
        "spawn_local",
        "Store",
        "prefetch",
    ];
    let offenders = ["src/pages", "src/components"]
        .iter()
        .flat_map(|d| rust_files(d))
        .filter_map(|(path, text)| {
            let code = code(&text);
            let found: Vec<_> = fetching.iter().filter(|n| code.contains(*n)).collect();
            (!found.is_empty()).then(|| format!("{path}: {found:?}"))
        })
        .collect();
    fail_if_any(
        "a page or component that fetches (only src/loader.rs may)",
        offenders,
    );
}

/// Names of the types declared in `text` (`struct X`, `enum X`).
fn declared_types(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in code(text).lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            if let [kind, name] = pair {
                if *kind == "struct" || *kind == "enum" {
                    let name: String = name
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        names.insert(name);
                    }
                }
            }
        }
    }
    names
}

#[test]
fn the_api_types_exist_once_in_the_model() {
    let model = std::fs::read_to_string(root().join("src/model.rs")).unwrap_or_default();
    let api_types = declared_types(&model);
    assert!(
        api_types.contains("Article"),
        "src/model.rs declares the API types"
    );
    let mut offenders = Vec::new();
    for (path, text) in all_sources() {
        if path == "src/model.rs" {
            continue;
        }
        for name in declared_types(non_test(&text)).intersection(&api_types) {
            offenders.push(format!("{path}: declares `{name}` again"));
        }
        let in_app = path.starts_with("src/");
        if in_app && code(&text).contains("Deserialize)") && !path.ends_with("_tests.rs") {
            offenders.push(format!("{path}: derives Deserialize outside the model"));
        }
    }
    fail_if_any("API types outside src/model.rs", offenders);
}

/// `(table, dependency name)` pairs of a Cargo.toml: `dependencies`,
/// `dev-dependencies`, `build-dependencies`, and the same per target.
fn dependencies(manifest: &toml::Table) -> Vec<(String, String, toml::Value)> {
    let mut out = Vec::new();
    let mut tables: Vec<(String, &toml::Table)> = vec![("".into(), manifest)];
    if let Some(toml::Value::Table(targets)) = manifest.get("target") {
        for (cfg, t) in targets {
            if let toml::Value::Table(t) = t {
                tables.push((format!("target.{cfg}."), t));
            }
        }
    }
    for (prefix, table) in tables {
        for kind in ["dependencies", "dev-dependencies", "build-dependencies"] {
            if let Some(toml::Value::Table(deps)) = table.get(kind) {
                for (name, spec) in deps {
                    out.push((format!("{prefix}{kind}"), name.clone(), spec.clone()));
                }
            }
        }
    }
    out
}

fn manifest(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The manifest of every workspace member, as root Cargo.toml's `members` lists them.
fn member_manifests() -> Vec<String> {
    let root = manifest(&crate::project_root().join("Cargo.toml"));
    let members = root
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(toml::Value::as_array)
        .expect("Cargo.toml lists [workspace] members");
    members
        .iter()
        .filter_map(toml::Value::as_str)
        .map(|m| match m.trim_end_matches('/') {
            "." | "" => "Cargo.toml".to_string(),
            dir => format!("{dir}/Cargo.toml"),
        })
        .collect()
}

#[test]
fn no_dependency_is_declared_twice() {
    let crates = member_manifests();
    assert!(crates.len() >= 4, "the workspace members: {crates:?}");
    // Per dependency: the crates using it, and where a version is stated outside
    // [workspace.dependencies].
    let mut used_by: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut own_version: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut offenders = Vec::new();
    for krate in crates.iter().map(String::as_str) {
        let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
        for (table, name, spec) in dependencies(&manifest(&root().join(krate))) {
            // One declaration per dependency and target: `[dependencies]` and
            // `[dev-dependencies]` of the same target may not both name it.
            let target = table.rsplit_once('.').map_or("", |(t, _)| t).to_string();
            if let Some(other) = seen.insert((target, name.clone()), table.clone()) {
                offenders.push(format!("{krate}: `{name}` in [{other}] and [{table}]"));
            }
            if spec.get("path").is_some() {
                continue;
            }
            used_by.entry(name.clone()).or_default().insert(krate);
            if spec.get("workspace").and_then(toml::Value::as_bool) != Some(true) {
                own_version
                    .entry(name)
                    .or_default()
                    .push(format!("{krate} [{table}]"));
            }
        }
    }
    // A dependency of two or more crates takes its version from [workspace.dependencies].
    for (name, crates) in &used_by {
        match own_version.get(name) {
            Some(places) if crates.len() > 1 => offenders.push(format!(
                "`{name}` is used by {crates:?} but states its version in {places:?}: use `{name}.workspace = true`"
            )),
            _ => {}
        }
    }
    fail_if_any("dependencies declared more than once", offenders);
}

#[test]
fn every_source_file_says_what_it_is_for() {
    let offenders = all_sources()
        .into_iter()
        .filter(|(_, text)| {
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with("#!"));
            !first.is_some_and(|l| l.starts_with("//!"))
        })
        .map(|(path, _)| path)
        .collect();
    fail_if_any(
        "files without a `//!` comment on what they are for",
        offenders,
    );
}

/// Code lines before a file's test module.
fn code_lines(text: &str) -> usize {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .count()
}

#[test]
fn source_files_stay_small() {
    const MAX_LINES: usize = 450;
    let offenders = all_sources()
        .into_iter()
        .filter(|(_, text)| code_lines(text) > MAX_LINES)
        .map(|(path, text)| format!("{path}: {} lines", code_lines(&text)))
        .collect();
    fail_if_any(
        &format!("files over {MAX_LINES} lines of code: split them"),
        offenders,
    );
}

#[test]
fn the_code_map_names_only_paths_that_exist() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap_or_default();
    let map = text
        .split("## Code map")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or("");
    assert!(
        !map.is_empty(),
        "ARCHITECTURE.md has a `## Code map` section"
    );
    let mut offenders = Vec::new();
    for line in map.lines().filter(|l| l.starts_with("| `")) {
        let first_cell = line.split('|').nth(1).unwrap_or("");
        for path in first_cell.split('`').skip(1).step_by(2) {
            let path = path.trim_end_matches('/');
            if !path.contains('*') && !root().join(path).exists() {
                offenders.push(path.to_string());
            }
        }
    }
    fail_if_any(
        "ARCHITECTURE.md's code map names paths that do not exist",
        offenders,
    );
}

/// The file a `crate::a::b::c` path names, inside the crate whose sources are in `src`:
/// the longest prefix of the path that is a module file.
fn module_file(src: &str, path: &[&str], files: &BTreeSet<String>) -> Option<String> {
    (1..=path.len()).rev().find_map(|n| {
        let joined = path.get(..n)?.join("/");
        [
            format!("{src}/{joined}.rs"),
            format!("{src}/{joined}/mod.rs"),
        ]
        .into_iter()
        .find(|f| files.contains(f))
    })
}

/// File-level import edges of one crate: from each file to the files its `crate::…`
/// paths name (test code left out).
fn import_edges(src: &str) -> BTreeMap<String, BTreeSet<String>> {
    let sources = rust_files(src);
    let files: BTreeSet<String> = sources.iter().map(|(p, _)| p.clone()).collect();
    let mut edges = BTreeMap::new();
    for (path, text) in &sources {
        let mut to = BTreeSet::new();
        for chunk in code(non_test(text)).split("crate::").skip(1) {
            let names: Vec<&str> = chunk
                .split("::")
                .map(|seg| {
                    seg.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or("")
                })
                .take_while(|seg| {
                    !seg.is_empty()
                        && seg
                            .chars()
                            .all(|c| c.is_lowercase() || c == '_' || c.is_ascii_digit())
                })
                .collect();
            if let Some(target) = module_file(src, &names, &files) {
                if &target != path {
                    to.insert(target);
                }
            }
        }
        edges.insert(path.clone(), to);
    }
    edges
}

/// A circle in `edges`, if there is one, as the files on it.
fn find_circle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            return Some(stack.get(at..)?.to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, stack, done) {
                return Some(circle);
            }
        }
        stack.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|start| visit(start, edges, &mut Vec::new(), &mut done))
}

#[test]
fn imports_run_one_way_with_no_circle() {
    for src in ["src", "builder/src", "images/src"] {
        if let Some(circle) = find_circle(&import_edges(src)) {
            panic!("an import circle in {src}: {}", circle.join(" -> "));
        }
    }
}

#[test]
fn the_rules_catch_what_they_guard() {
    let edges: BTreeMap<String, BTreeSet<String>> = [("a", "b"), ("b", "c"), ("c", "a")]
        .iter()
        .map(|(a, b)| (a.to_string(), BTreeSet::from([b.to_string()])))
        .collect();
    assert!(find_circle(&edges).is_some_and(|c| c.len() == 3));
    // Each reader must see what it looks for, or its rule could never fail.
    assert!(declared_types("pub struct Article {").contains("Article"));
    assert!(declared_types("enum Listing { A }").contains("Listing"));
    assert!(code("// gloo_net\nlet x = 1;").find("gloo_net").is_none());
    assert_eq!(code_lines("a\nb\n#[cfg(test)]\nmod tests;"), 2);
    assert_eq!(
        non_test("struct A;\n#[cfg(test)]\nstruct B;"),
        "struct A;\n"
    );
    let manifest: toml::Table = "[dependencies]\na = \"1\"\n[dev-dependencies]\na = \"1\"\n"
        .parse()
        .unwrap();
    let deps = dependencies(&manifest);
    assert_eq!(deps.len(), 2);
    assert!(deps.iter().all(|(_, name, _)| name == "a"));
}
