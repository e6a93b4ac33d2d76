//! `cargo xtask fuzz --seconds N`: every cargo-fuzz target in `fuzz/` for N seconds.
//!
//! cargo-fuzz is installed with `cargo install` when missing. It asks rustc for sanitizer
//! flags that only nightly accepts, so the stable toolchain runs it with
//! `RUSTC_BOOTSTRAP=1`. Each target starts from its seeds in `fuzz/regressions/<target>/`;
//! a crash fails the command and leaves its input in `fuzz/artifacts/<target>/`: copy it
//! into `fuzz/regressions/<target>/`, where `cargo test` replays it for good.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::cmd;

pub const TARGETS: &[&str] = &["frontmatter", "markdown", "feed", "model"];

fn ensure_cargo_fuzz() -> Result<()> {
    let found = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        cmd::run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

pub fn run(root: &Path, seconds: u64) -> Result<()> {
    ensure_cargo_fuzz()?;
    let fuzz = root.join("fuzz");
    for target in TARGETS {
        let corpus = fuzz.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)
            .with_context(|| format!("creating {}", corpus.display()))?;
        cmd::note(&format!("fuzzing `{target}` for {seconds}s"));
        cmd::run(
            Command::new("cargo")
                .args(["fuzz", "run", "--release", "--jobs", "1"])
                // Leak checks would flag the builder's intentional statics (OnceLock).
                .args(["-s", "address", target])
                .arg(&corpus)
                .arg(fuzz.join("regressions").join(target))
                .arg("--")
                .arg(format!("-max_total_time={seconds}"))
                .args(["-detect_leaks=0", "-max_len=65536", "-rss_limit_mb=4096"])
                .current_dir(&fuzz)
                .env("RUSTC_BOOTSTRAP", "1"),
        )
        .with_context(|| {
            format!("fuzz target `{target}` failed: its input is in fuzz/artifacts/{target}/")
        })?;
    }
    Ok(())
}
