//! What search adds to the app: Trunk builds the bundle again without the app's `search`
//! feature (the search page's engine, loader and results; the header's search form stays),
//! and the wasm + JS of both bundles are compared, brotli-compressed as served.

use std::path::Path;

use anyhow::{bail, Result};

use super::measure::{brotli, kib};
use super::report::Report;

/// Goal of issue 10: search adds at most 15 KiB brotli to the app.
const BUDGET: u64 = 15 * 1024;

/// Brotli bytes of the `.wasm` and `.js` files in a Trunk dist folder.
pub fn code_brotli(dist: &Path) -> Result<u64> {
    let mut total = 0;
    let mut wasm = false;
    for entry in std::fs::read_dir(dist)? {
        let path = entry?.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "wasm" || ext == "js" {
            wasm |= ext == "wasm";
            total += brotli(&std::fs::read(&path)?, 11) as u64;
        }
    }
    if !wasm {
        bail!("{} has no .wasm: the bundle was not built", dist.display());
    }
    Ok(total)
}

/// Reports both bundles and the difference; `without` was built with `--no-default-features`.
pub fn rows(with: &Path, without: &Path, report: &mut Report) -> Result<()> {
    let (with, without) = (code_brotli(with)?, code_brotli(without)?);
    let added = with.saturating_sub(without);
    report.figure(
        "search",
        "the app's wasm + JS, brotli: with search / without",
        format!("{} / {}", kib(with), kib(without)),
    );
    report.goal(
        "search",
        "what search adds to the app's wasm + JS, brotli",
        kib(added),
        "≤ 15 KiB",
        added <= BUDGET,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_wasm_and_js_count_and_a_bundle_without_wasm_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(code_brotli(dir.path()).is_err());
        let noise: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        std::fs::write(dir.path().join("app.wasm"), &noise).unwrap();
        let wasm = code_brotli(dir.path()).unwrap();
        assert_eq!(wasm, brotli(&noise, 11) as u64);
        std::fs::write(dir.path().join("app.js"), b"export default 1;").unwrap();
        std::fs::write(dir.path().join("style.css"), &noise).unwrap();
        let both = code_brotli(dir.path()).unwrap();
        assert_eq!(both, wasm + brotli(b"export default 1;", 11) as u64);
    }
}
