//! Tests of the worker script the builder writes: its CONFIG, and the script checked by node.

use std::time::Duration;

use serde_json::Value;

use super::super::js_literal::PLACEHOLDER;
use super::super::test_support::node_check;
use super::*;

const JS: &str = "broadsheet-app-0123456789abcdef.js";
const WASM: &str = "broadsheet-app-0123456789abcdef_bg.wasm";
const CSS: &str = "main-0123456789abcdef.css";

fn precache(order: &[(&str, &[u8])]) -> Precache {
    let mut p = Precache::new();
    for (path, content) in order {
        p.add(path, content).unwrap();
    }
    p
}

fn site_files() -> Vec<(&'static str, &'static [u8])> {
    vec![
        (JS, b"js"),
        (WASM, b"wasm"),
        (CSS, b"css"),
        ("favicon-0123456789abcdef.svg", b"<svg/>"),
        (
            "snippets/x-0123456789abcdef/inline0-0123456789abcdef.js",
            b"x",
        ),
        (OFFLINE_PAGE, b"<html>offline</html>"),
        ("manifest.webmanifest", b"{}"),
        ("icon-192.png", b"png"),
    ]
}

fn params(base: &str, files: &[(&str, &[u8])]) -> WorkerParams {
    WorkerParams::new(BasePath::new(base), precache(files))
}

/// The `CONFIG` object the script was generated with: what stands in place of the
/// minified template's placeholder, the rest being the template's text.
fn config(js: &str) -> Value {
    let (before, after) = TEMPLATE.minified().split_once(PLACEHOLDER).unwrap();
    let literal = js
        .strip_prefix(before)
        .and_then(|rest| rest.strip_suffix(after))
        .expect("the minified template around its CONFIG");
    serde_json::from_str(literal).expect("CONFIG is JSON")
}

#[test]
fn holds_the_exact_precache_list_and_base_path() {
    let js = service_worker(&params("/news/", &site_files())).unwrap();
    let c = config(&js);
    assert_eq!(c["base"], "/news/");
    assert_eq!(c["offline"], "offline/");
    let listed: Vec<&str> = c["precache"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut expected: Vec<&str> = site_files().iter().map(|(p, _)| *p).collect();
    expected.sort_unstable();
    assert_eq!(listed, expected);
    assert_eq!(c["markers"], serde_json::json!([JS, WASM, CSS]));
    assert_eq!(
        c["bounds"],
        serde_json::json!({"pages": 50, "lists": 40, "articles": 100, "images": 60, "saved": 600})
    );
    assert_eq!(c["pageTimeoutMs"], 3000);
    assert_eq!(c["pageGiveUpMs"], 10000);
    assert_eq!(c["version"].as_str().unwrap().len(), 16);
}

#[test]
fn is_served_minified_and_only_its_config_differs_between_sites() {
    let news = service_worker(&params("/news/", &site_files())).unwrap();
    let root = service_worker(&params("/", &site_files())).unwrap();
    assert_eq!(config(&news)["base"], "/news/");
    assert_eq!(config(&root)["base"], "/");
    let source = include_str!("../worker.js");
    assert!(
        news.len() * 2 < source.len(),
        "{} of {}",
        news.len(),
        source.len()
    );
    assert!(
        !news.contains("broadsheet build"),
        "its comments stay in the source"
    );
    assert!(!news.contains(PLACEHOLDER));
}

#[test]
fn is_deterministic_whatever_the_order_files_were_added_in() {
    let files = site_files();
    let mut reversed = files.clone();
    reversed.reverse();
    let a = service_worker(&params("/", &files)).unwrap();
    assert_eq!(a, service_worker(&params("/", &files)).unwrap());
    assert_eq!(a, service_worker(&params("/", &reversed)).unwrap());
}

#[test]
fn the_version_follows_every_precached_file_and_setting() {
    let base = service_worker(&params("/", &site_files())).unwrap();
    let version = |js: &str| config(js)["version"].as_str().unwrap().to_string();
    let mut files = site_files();
    files[5] = (OFFLINE_PAGE, b"<html>offline, reworded</html>");
    assert_ne!(
        version(&base),
        version(&service_worker(&params("/", &files)).unwrap())
    );
    let mut other = params("/", &site_files());
    other.bounds.images = 10;
    assert_ne!(version(&base), version(&service_worker(&other).unwrap()));
    let moved = service_worker(&params("/news/", &site_files())).unwrap();
    assert_ne!(version(&base), version(&moved));
}

#[test]
fn needs_the_offline_page() {
    let err = service_worker(&params("/", &[(JS, b"js")])).unwrap_err();
    assert_eq!(err, Error::MissingOfflinePage("offline/".into()));
}

#[test]
fn the_give_up_time_is_never_shorter_than_the_timeout_nor_beyond_timers() {
    let mut p = params("/", &site_files());
    p.page_timeout = Duration::from_secs(5);
    p.page_give_up = Duration::from_secs(1);
    assert_eq!(config(&service_worker(&p).unwrap())["pageGiveUpMs"], 5000);
    p.page_give_up = Duration::MAX;
    assert_eq!(
        config(&service_worker(&p).unwrap())["pageGiveUpMs"],
        i32::MAX
    );
}

#[test]
fn calls_skip_waiting_in_one_place_only() {
    // Where: on the page's request (js-test/sw.test.mjs runs it), never on install.
    let js = service_worker(&params("/", &site_files())).unwrap();
    assert_eq!(js.matches("skipWaiting()").count(), 1, "{js}");
}

#[test]
fn worker_and_kill_switch_are_valid_javascript() {
    node_check(
        "sw.js",
        &service_worker(&params("/news/", &site_files())).unwrap(),
    );
    node_check(
        "kill-switch.js",
        &kill_switch_worker(&BasePath::new("/news/")),
    );
}

#[test]
fn the_kill_switch_is_scoped_to_its_base_path() {
    let js = kill_switch_worker(&BasePath::new("/news/"));
    assert!(js.contains(r#"const CONFIG = {"base":"/news/"};"#), "{js}");
    assert!(!js.contains("addEventListener('fetch'"));
}
