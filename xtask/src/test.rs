//! `cargo xtask test`: every check in order, stopping at the first failure.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::build::{self, BuildArgs};
use crate::cmd::{self, step};
use crate::setup::{self, Needs, CHROMEDRIVER, CHROMIUM};
use crate::static_server::StaticServer;

/// Chromium's flags for tests: as root (no sandbox), headless, and quiet on a closed network.
pub const CHROME_ARGS: &[&str] = &[
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

type Check = (&'static str, fn(&Path) -> Result<()>);

const CHECKS: &[Check] = &[
    ("setup", |root| setup::run(root, Needs::everything())),
    ("cargo fmt --check", fmt),
    ("cargo clippy -D warnings (native and wasm32)", clippy),
    ("native tests (cargo test --workspace)", native_tests),
    ("wasm tests in headless Chromium", wasm_tests),
    ("cargo xtask build", site_build),
    ("links in dist/", crate::fallback::check_dist_links),
    ("end-to-end journeys (node --test tests/e2e/)", end_to_end),
    (
        "security: hostile content in Chromium (JS on/off, CSP)",
        crate::security::hostile,
    ),
    ("security: XSS corpus sample", crate::security::xss_sample),
    (
        "static fallback: sub-path /news/ and hostile content",
        crate::fallback::subpath_and_hostile,
    ),
    ("benchmarks", bench),
];

pub fn run(root: &Path) -> Result<()> {
    let mut passed: Vec<String> = Vec::new();
    for (name, check) in CHECKS {
        step(&format!("test: {name}"));
        let start = Instant::now();
        if let Err(err) = check(root) {
            summary(&passed, Some(name));
            return Err(err.context(format!("`{name}` failed")));
        }
        passed.push(format!("{name} ({}s)", start.elapsed().as_secs()));
    }
    summary(&passed, None);
    Ok(())
}

fn summary(passed: &[String], failed: Option<&str>) {
    println!("\n==> cargo xtask test: summary");
    for name in passed {
        println!("    passed  {name}");
    }
    match failed {
        Some(name) => println!("    FAILED  {name} (later checks did not run)"),
        None => println!("    every check passed"),
    }
}

fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.args(args);
    cmd
}

fn fmt(root: &Path) -> Result<()> {
    cmd::run(cargo(&["fmt", "--all", "--", "--check"]).current_dir(root))
}

/// Clippy on every target we ship: the workspace natively, and the app for the
/// browser (its wasm-only code — boot, take-over, prefetch, the client loader — is
/// compiled only there). The app denies unwrap, expect and panicking indexing itself.
fn clippy(root: &Path) -> Result<()> {
    cmd::run(
        cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(root),
    )?;
    cmd::run(
        cargo(&[
            "clippy",
            "-p",
            "broadsheet-app",
            "--all-targets",
            "--target",
            setup::WASM_TARGET,
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(root),
    )
}

fn native_tests(root: &Path) -> Result<()> {
    cmd::run(cargo(&["test", "--workspace"]).current_dir(root))
}

/// wasm-bindgen-test under wasm-bindgen-test-runner, which drives Chromium through ChromeDriver.
/// The runner reads browser capabilities from the file named by WASM_BINDGEN_TEST_WEBDRIVER_JSON
/// (and adds `headless`, `disable-dev-shm-usage`, `no-sandbox` itself).
fn wasm_tests(root: &Path) -> Result<()> {
    let webdriver_json = write_webdriver_json(root)?;
    cmd::run(
        cargo(&[
            "test",
            "-p",
            "broadsheet-app",
            "--target",
            setup::WASM_TARGET,
        ])
        .current_dir(root)
        .env("PATH", cmd::tool_path(root)?)
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            "wasm-bindgen-test-runner",
        )
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver_json)
        // Test binaries without `wasm_bindgen_test_configure!` run in the browser too.
        .env("WASM_BINDGEN_USE_BROWSER", "1")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
    )
}

fn write_webdriver_json(root: &Path) -> Result<PathBuf> {
    let dir = root.join("target").join("xtask");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join("webdriver.json");
    std::fs::write(&path, webdriver_json())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// ChromeDriver capabilities: Debian's Chromium with the test flags.
pub fn webdriver_json() -> String {
    let args: Vec<String> = CHROME_ARGS.iter().map(|a| format!("\"{a}\"")).collect();
    format!(
        "{{\n  \"goog:chromeOptions\": {{\n    \"binary\": \"{CHROMIUM}\",\n    \"args\": [{}]\n  }}\n}}\n",
        args.join(", ")
    )
}

fn site_build(root: &Path) -> Result<()> {
    let args = BuildArgs {
        base_url: None,
        out: PathBuf::from("dist"),
    };
    build::run(root, &args)
}

/// Serve dist/ on a free port and run the journeys against it.
pub fn end_to_end(root: &Path) -> Result<()> {
    let dist = root.join("dist");
    if !dist.join("index.html").is_file() {
        bail!(
            "{} has no index.html: the build did not produce a site",
            dist.display()
        );
    }
    let server = StaticServer::quiet(dist)?;
    let base_url = format!("http://127.0.0.1:{}/", server.port());
    cmd::note(&format!("serving dist/ at {base_url}"));
    let result = cmd::run(
        Command::new("node")
            .args(["--test", "tests/e2e/"])
            .current_dir(root)
            .env("BASE_URL", &base_url)
            .env("CHROMIUM", CHROMIUM),
    );
    server.stop();
    result
}

/// `cargo xtask bench --quick`, so the benchmarks cannot rot.
fn bench(root: &Path) -> Result<()> {
    crate::bench::run(
        root,
        &crate::bench::BenchArgs {
            quick: true,
            search: false,
            builds: false,
            publish: false,
            publish_at: Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webdriver_json_names_debian_chromium_and_the_root_safe_flags() {
        let json = webdriver_json();
        assert!(json.contains("\"binary\": \"/usr/bin/chromium\""));
        for flag in [
            "--no-sandbox",
            "--headless",
            "--disable-background-networking",
        ] {
            assert!(json.contains(&format!("\"{flag}\"")), "{flag}");
        }
    }
}
