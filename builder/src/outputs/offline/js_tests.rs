//! Runs the generated worker and page script in Node's test runner
//! (`js-test/*.test.mjs`), inside the fakes of `js-test/fake-scope.mjs` (a service
//! worker's global scope) and `js-test/fake-page.mjs` (a page). Skips when Node is
//! missing (`cargo xtask test` installs it first, so there it always runs).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use broadsheet_app::links::BasePath;
use serde_json::json;

use super::page_script::{page_script, PageScriptParams, UiStrings};
use super::precache::Precache;
use super::worker::{kill_switch_worker, service_worker, Bounds, WorkerParams, OFFLINE_PAGE};

/// One build of the test site: its hashed names all carry `hash` (16 hex digits).
fn build(base: &str, hash: &str) -> (String, serde_json::Value) {
    let names = json!({
        "js": format!("broadsheet-app-{hash}.js"),
        "wasm": format!("broadsheet-app-{hash}_bg.wasm"),
        "css": format!("main-{hash}.css"),
    });
    let mut precache = Precache::new();
    for key in ["js", "wasm", "css"] {
        let name = names[key].as_str().unwrap();
        precache.add(name, name.as_bytes()).unwrap();
    }
    precache.add(OFFLINE_PAGE, hash.as_bytes()).unwrap();
    precache.add("manifest.webmanifest", b"{}").unwrap();
    precache.add("icon-192.png", b"png").unwrap();
    let mut params = WorkerParams::new(BasePath::new(base), precache);
    params.bounds = Bounds {
        pages: 3,
        lists: 2,
        articles: 2,
        images: 2,
        saved: 6,
    };
    params.page_timeout = Duration::from_millis(50);
    params.page_give_up = Duration::from_millis(600);
    (service_worker(&params).unwrap(), names)
}

fn write_fixtures(dir: &Path) -> std::path::PathBuf {
    let mut index = serde_json::Map::new();
    for (label, base, hash) in [
        ("v1", "/news/", "1111111111111111"),
        ("v2", "/news/", "2222222222222222"),
        ("root", "/", "1111111111111111"),
        ("special", "/a:b(c)/", "3333333333333333"),
    ] {
        let (js, mut names) = build(base, hash);
        let script = dir.join(format!("{label}.js"));
        std::fs::write(&script, js).unwrap();
        names["script"] = json!(script);
        names["base"] = json!(base);
        index.insert(label.into(), names);
    }
    let kill = dir.join("kill.js");
    std::fs::write(&kill, kill_switch_worker(&BasePath::new("/news/"))).unwrap();
    index.insert("kill".into(), json!({ "script": kill, "base": "/news/" }));
    let register = dir.join("register.js");
    let params = PageScriptParams {
        base_path: BasePath::new("/news/"),
        strings: UiStrings::from_app(&broadsheet_app::i18n::EN),
    };
    std::fs::write(&register, page_script(&params).1).unwrap();
    index.insert("register".into(), json!({ "script": register }));
    let path = dir.join("fixtures.json");
    std::fs::write(&path, serde_json::to_string_pretty(&index).unwrap()).unwrap();
    path
}

#[test]
fn worker_and_register_script_pass_their_node_tests() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: `node` not found, the worker's behaviour tests did not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fixtures = write_fixtures(dir.path());
    let out = Command::new("node")
        .args(["--test", "js-test/sw.test.mjs", "js-test/register.test.mjs"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/outputs/offline"))
        .env("BS_FIXTURES", &fixtures)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "node tests failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
