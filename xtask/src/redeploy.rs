//! A second deploy of a site, for the offline journey that checks updates: the same
//! Trunk bundle with its script, wasm and stylesheet under new hashed names (as a new
//! build of the app would have them), built by the builder like any bundle.

use std::path::Path;

use anyhow::{Context, Result};

use crate::cmd;

/// Copies `bundle` into `to`, giving every hashed top-level file a new hash and
/// rewriting the names in `index.html`.
pub fn renamed_bundle(bundle: &Path, to: &Path) -> Result<()> {
    cmd::fresh(to)?;
    cmd::copy_dir(bundle, to)?;
    let index = to.join("index.html");
    let mut html =
        std::fs::read_to_string(&index).with_context(|| format!("reading {}", index.display()))?;
    for entry in std::fs::read_dir(to)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some(renamed) = rehashed(&name) else {
            continue;
        };
        std::fs::rename(to.join(&name), to.join(&renamed))?;
        html = html.replace(&name, &renamed);
    }
    std::fs::write(&index, html).with_context(|| format!("writing {}", index.display()))
}

/// `<stem>-<hex>[_bg].<ext>` with the hash's digits reversed, for the files every page
/// names (script, wasm, stylesheet); `None` for other files.
fn rehashed(name: &str) -> Option<String> {
    let (stem, hash, bg, ext) = trunk_hashed(name)?;
    if !matches!(ext, "js" | "wasm" | "css") {
        return None;
    }
    let reversed: String = hash.chars().rev().collect();
    (reversed != hash).then(|| format!("{stem}-{reversed}{bg}.{ext}"))
}

/// A Trunk-hashed name `<stem>-<hash>[_bg].<ext>` as (stem, hash, `"_bg"` or `""`, ext).
/// Trunk's hash has 12 to 16 digits (no leading zeros), as the builder's
/// `outputs::files::is_hashed` reads it (xtask has the builder only as a dev-dependency).
pub fn trunk_hashed(name: &str) -> Option<(&str, &str, &str, &str)> {
    let (stem, ext) = name.rsplit_once('.')?;
    let (stem, bg) = match stem.strip_suffix("_bg") {
        Some(s) => (s, "_bg"),
        None => (stem, ""),
    };
    let (stem, hash) = stem.rsplit_once('-')?;
    let hex = (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit());
    hex.then_some((stem, hash, bg, ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_get_a_new_hash_and_the_rest_stays() {
        for name in [
            "broadsheet-app-d8d58d9f9009dd4.js",
            "main-0123456789abcdef.css",
        ] {
            let builder_hashed = broadsheet::outputs::files::is_hashed(name);
            assert!(builder_hashed && rehashed(name).is_some(), "{name}");
        }
        assert_eq!(
            rehashed("broadsheet-app-0123456789abcdef_bg.wasm").as_deref(),
            Some("broadsheet-app-fedcba9876543210_bg.wasm")
        );
        assert_eq!(
            rehashed("main-0123456789abcdef.css").as_deref(),
            Some("main-fedcba9876543210.css")
        );
        // Trunk drops the hash's leading zeros: one build in sixteen has 15 digits.
        assert_eq!(
            rehashed("broadsheet-app-d8d58d9f9009dd4.js").as_deref(),
            Some("broadsheet-app-4dd9009f9d85d8d.js")
        );
        assert_eq!(rehashed("app-cafe.js"), None);
        assert_eq!(rehashed("favicon-0123456789abcdef.svg"), None);
        assert_eq!(rehashed("index.html"), None);
    }
}
