//! `cargo xtask setup`: install only what is missing. Nothing is downloaded from anywhere but
//! crates.io, the npm registry and Debian's packages.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::cmd::{self, note, step};

pub const TRUNK_VERSION: &str = "0.21.14";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long to wait for somebody else's `cargo install trunk` before giving up.
const TRUNK_WAIT: Duration = Duration::from_secs(45 * 60);

/// What a command needs installed.
#[derive(Clone, Copy)]
pub struct Needs {
    /// Trunk, wasm-bindgen-cli, wasm-opt and the wasm target.
    pub build_tools: bool,
    /// Chromium, ChromeDriver and the end-to-end suite's npm packages.
    pub browser: bool,
}

impl Needs {
    pub fn build() -> Self {
        Needs {
            build_tools: true,
            browser: false,
        }
    }
    pub fn everything() -> Self {
        Needs {
            build_tools: true,
            browser: true,
        }
    }
}

pub fn run(root: &Path, needs: Needs) -> Result<()> {
    step("setup: checking tools");
    if needs.build_tools {
        wasm_target()?;
        trunk(root)?;
        wasm_bindgen(root)?;
        wasm_opt(root)?;
    }
    if needs.browser {
        chromium()?;
        npm_ci(
            &root.join("tests").join("e2e"),
            "end-to-end suite (playwright-core)",
        )?;
    }
    Ok(())
}

fn wasm_target() -> Result<()> {
    let installed = cmd::output(Command::new("rustup").args(["target", "list", "--installed"]))
        .context("`rustup target list --installed` failed: is Rust installed with rustup?")?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        note(&format!("rust target {WASM_TARGET}: installed"));
        return Ok(());
    }
    cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn tool_version(root: &Path, tool: &str) -> Option<String> {
    let path = cmd::find_tool(root, tool)?;
    cmd::output(Command::new(path).arg("--version"))
}

fn trunk(root: &Path) -> Result<()> {
    wait_for_running_install("cargo install trunk")?;
    match tool_version(root, "trunk") {
        Some(v) if v.split_whitespace().any(|word| word == TRUNK_VERSION) => {
            note(&format!("trunk {TRUNK_VERSION}: installed"));
            return Ok(());
        }
        Some(v) => note(&format!("found `{v}`, want trunk {TRUNK_VERSION}")),
        None => note("trunk: not installed (a cold install takes about 20 minutes on 2 cores)"),
    }
    cmd::run(Command::new("cargo").args([
        "install",
        "trunk",
        "--version",
        TRUNK_VERSION,
        "--locked",
    ]))
}

/// If another process is already running `pattern` (e.g. `cargo install trunk`), wait for it
/// instead of starting a second install that would fight over the same files.
fn wait_for_running_install(pattern: &str) -> Result<()> {
    let running = || {
        Command::new("pgrep")
            .args(["-f", pattern])
            .output()
            .map(|out| out.status.success())
            .unwrap_or(false)
    };
    if !running() {
        return Ok(());
    }
    note(&format!(
        "another `{pattern}` is running; waiting for it to finish"
    ));
    let start = Instant::now();
    while running() {
        if start.elapsed() > TRUNK_WAIT {
            bail!(
                "`{pattern}` still running after {} minutes",
                TRUNK_WAIT.as_secs() / 60
            );
        }
        std::thread::sleep(Duration::from_secs(10));
    }
    note(&format!(
        "`{pattern}` finished after {}s",
        start.elapsed().as_secs()
    ));
    Ok(())
}

fn wasm_bindgen(root: &Path) -> Result<()> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let wanted = locked_version(&lock, "wasm-bindgen")?
        .context("Cargo.lock has no `wasm-bindgen` package")?;
    let trunk_toml =
        std::fs::read_to_string(root.join("Trunk.toml")).context("reading Trunk.toml")?;
    let configured = trunk_tool_version(&trunk_toml, "wasm_bindgen")?;
    if configured.as_deref() != Some(wanted.as_str()) {
        bail!(
            "Trunk.toml's [tools] wasm_bindgen is {} but Cargo.lock has wasm-bindgen {wanted}: \
             set `wasm_bindgen = \"{wanted}\"` in Trunk.toml (they must match exactly)",
            configured.as_deref().unwrap_or("not set"),
        );
    }
    wait_for_running_install("cargo install wasm-bindgen-cli")?;
    match tool_version(root, "wasm-bindgen") {
        Some(v) if v.split_whitespace().nth(1) == Some(wanted.as_str()) => {
            note(&format!("wasm-bindgen-cli {wanted}: installed"));
            return Ok(());
        }
        Some(v) => note(&format!("found `{v}`, want wasm-bindgen {wanted}")),
        None => note("wasm-bindgen-cli: not installed"),
    }
    // Not `--locked`: one of the CLI's locked dependencies is no longer on the registry.
    cmd::run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

/// The version of `package` recorded in a Cargo.lock.
pub fn locked_version(lock: &str, package: &str) -> Result<Option<String>> {
    let doc: toml::Table = toml::from_str(lock).context("Cargo.lock is not valid TOML")?;
    let packages = doc.get("package").and_then(|p| p.as_array());
    Ok(packages.into_iter().flatten().find_map(|pkg| {
        (pkg.get("name")?.as_str()? == package)
            .then(|| pkg.get("version")?.as_str().map(String::from))
            .flatten()
    }))
}

/// A `[tools]` entry of Trunk.toml.
pub fn trunk_tool_version(trunk_toml: &str, tool: &str) -> Result<Option<String>> {
    let doc: toml::Table = toml::from_str(trunk_toml).context("Trunk.toml is not valid TOML")?;
    Ok(doc
        .get("tools")
        .and_then(|tools| tools.get(tool))
        .and_then(|v| v.as_str())
        .map(String::from))
}

fn wasm_opt(root: &Path) -> Result<()> {
    let tools = root.join("tools");
    let wasm_opt = cmd::local_tools_bin(root).join("wasm-opt");
    let version = cmd::output(Command::new(&wasm_opt).arg("--version"));
    if version
        .as_deref()
        .is_some_and(|v| v.contains("version 132"))
        && npm_up_to_date(&tools)
    {
        note("wasm-opt 132 (npm binaryen, tools/node_modules): installed");
        return Ok(());
    }
    npm_ci(&tools, "wasm-opt (npm binaryen)")
}

/// `npm ci` in `dir`, unless its node_modules already matches its package-lock.json.
fn npm_ci(dir: &Path, what: &str) -> Result<()> {
    if npm_up_to_date(dir) {
        note(&format!("{what}: installed"));
        return Ok(());
    }
    if cmd::output(Command::new("npm").arg("--version")).is_none() {
        bail!("npm not found: install Node.js 20 with npm, then run this again");
    }
    cmd::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
    )
    .with_context(|| format!("installing the {what} in {}", dir.display()))
}

/// npm records what it installed in node_modules/.package-lock.json.
fn npm_up_to_date(dir: &Path) -> bool {
    let mtime = |p: PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (
        mtime(dir.join("node_modules").join(".package-lock.json")),
        mtime(dir.join("package-lock.json")),
    ) {
        (Some(installed), Some(locked)) => installed >= locked,
        _ => false,
    }
}

/// A CJK font, so pages and screenshots show Chinese text rather than empty boxes.
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// The bench's tools: Lighthouse and playwright-core in bench/ (npm ci), and, for the runs
/// that build with Hugo beside Broadsheet (`hugo`: the full bench, `--builds`, `--publish`),
/// Debian's `hugo` (installed with apt-get as root; otherwise the bench says it is missing),
/// and for the full bench twiggy (`twiggy`).
pub fn bench_tools(root: &Path, hugo: bool, twiggy: bool) -> Result<()> {
    npm_ci(
        &root.join("bench"),
        "bench tools (lighthouse, playwright-core)",
    )?;
    if twiggy {
        install_twiggy(root)?;
    }
    if !hugo || cmd::output(Command::new("hugo").arg("version")).is_some() {
        return Ok(());
    }
    if cmd::output(Command::new("id").arg("-u")).as_deref() != Some("0") {
        note("hugo: not installed; the bench skips Hugo (install it: `apt-get install hugo`)");
        return Ok(());
    }
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "hugo"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// twiggy, for the wasm by crate in the full bench (`cargo install`, a few minutes once).
const TWIGGY: &str = "0.8.0";

fn install_twiggy(root: &Path) -> Result<()> {
    wait_for_running_install("cargo install twiggy")?;
    if tool_version(root, "twiggy").is_some_and(|v| v.ends_with(TWIGGY)) {
        note(&format!("twiggy {TWIGGY}: installed"));
        return Ok(());
    }
    cmd::run(Command::new("cargo").args(["install", "twiggy", "--locked", "--version", TWIGGY]))
}

fn chromium() -> Result<()> {
    if Path::new(CHROMIUM).exists()
        && Path::new(CHROMEDRIVER).exists()
        && Path::new(CJK_FONT).exists()
    {
        note("chromium, chromium-driver and a CJK font: installed");
        return Ok(());
    }
    let is_root = cmd::output(Command::new("id").arg("-u")).as_deref() == Some("0");
    let browser_present = Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists();
    if !is_root && browser_present {
        note("no CJK font (Debian: fonts-noto-cjk): Chinese text in screenshots shows as boxes");
        return Ok(());
    }
    if !is_root {
        bail!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing. Install Debian's packages as root: \
             `apt-get update && apt-get install -y chromium chromium-driver`, then run this again"
        );
    }
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
                "fonts-noto-cjk",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_version_finds_the_named_package_only() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.80"

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
"#;
        assert_eq!(
            locked_version(lock, "wasm-bindgen").unwrap().as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "trunk").unwrap(), None);
    }

    #[test]
    fn trunk_tool_version_reads_the_tools_table() {
        let trunk = "[build]\ntarget = \"index.html\"\n[tools]\nwasm_bindgen = \"0.2.130\"\n";
        assert_eq!(
            trunk_tool_version(trunk, "wasm_bindgen")
                .unwrap()
                .as_deref(),
            Some("0.2.130")
        );
        assert_eq!(trunk_tool_version(trunk, "wasm_opt").unwrap(), None);
    }

    #[test]
    fn project_trunk_toml_matches_cargo_lock() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
        let trunk = std::fs::read_to_string(root.join("Trunk.toml")).unwrap();
        assert_eq!(
            trunk_tool_version(&trunk, "wasm_bindgen").unwrap(),
            locked_version(&lock, "wasm-bindgen").unwrap(),
            "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen"
        );
    }
}
