//! What a static host needs besides the files: the Content-Security-Policy (as a
//! `<meta>` in every page and as a header) and `_headers` (Netlify and Cloudflare
//! Pages): caching and security headers.
//!
//! The policy allows only what the app does: its own scripts and the wasm they
//! compile (`'wasm-unsafe-eval'`), Trunk's one inline module script by its hash, its
//! own stylesheet, JSON fetched from its own origin, and images from anywhere over
//! https (articles may use absolute image URLs).

use std::fmt::Write as _;
use std::path::Path;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::error::BuildError;
use crate::outputs::files::is_hashed;

mod scripts;

/// Cache for files whose name changes with their content (Trunk's `-<hash>` names).
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache for everything that changes in place: pages, API documents, feeds.
const SHORT: &str = "public, max-age=300, must-revalidate";

/// The policy for `shell` (Trunk's index.html). `frame_ancestors` adds the directive
/// that only a header can carry (a `<meta>` policy ignores it).
pub fn csp(shell: &str, frame_ancestors: bool) -> String {
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    for hash in inline_script_hashes(shell) {
        let _ = write!(script, " 'sha256-{hash}'");
    }
    let mut policy = format!(
        "default-src 'self'; script-src {script}; style-src 'self'; img-src 'self' https: data:; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; \
         form-action 'self'; object-src 'none'"
    );
    if frame_ancestors {
        policy.push_str("; frame-ancestors 'none'");
    }
    policy
}

/// The `<meta http-equiv="Content-Security-Policy">` element for `shell`.
pub fn csp_meta(shell: &str) -> String {
    format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        crate::escape::html_attr(&csp(shell, false))
    )
}

/// `shell` with [`csp_meta`] inserted at the top of `<head>` (after `<meta charset>`
/// when that comes first), so the policy covers every element after it.
pub fn with_csp_meta(shell: &str) -> String {
    let meta = csp_meta(shell);
    let lower = shell.to_ascii_lowercase();
    let after = |needle: &str| {
        lower
            .find(needle)
            .and_then(|i| lower[i..].find('>').map(|j| i + j + 1))
    };
    let at = after("<meta charset")
        .filter(|&c| after("<head").is_some_and(|h| h <= c) && !lower[..c].contains("<script"))
        .or_else(|| after("<head"));
    match at {
        Some(i) => format!("{}{meta}{}", &shell[..i], &shell[i..]),
        None => format!("{meta}{shell}"),
    }
}

/// Base64 SHA-256 of the text of each inline script the browser executes (classic or
/// module; JSON and other data blocks are not executed and need none).
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    scripts::executed_inline(html)
        .iter()
        .map(|text| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text)))
        .collect()
}

/// The `_headers` file for a site below `base_path`: security headers for every
/// path, then one `Cache-Control` per rule (`(path below the base, value)`).
pub fn headers_file(base_path: &str, cache: &[(String, &str)], shell: Option<&str>) -> String {
    let base = base_path.trim_end_matches('/');
    let mut out = String::from(
        "# Written by `broadsheet build`: headers for Netlify and Cloudflare Pages.\n\
         # Hosts join a header set by several matching rules, so each is set by one only.\n",
    );
    let _ = writeln!(out, "{base}/*");
    out.push_str("  X-Content-Type-Options: nosniff\n");
    out.push_str("  Referrer-Policy: strict-origin-when-cross-origin\n");
    out.push_str("  X-Frame-Options: DENY\n");
    out.push_str(
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()\n",
    );
    if let Some(shell) = shell {
        let _ = writeln!(out, "  Content-Security-Policy: {}", csp(shell, true));
    }
    for (path, value) in cache {
        let _ = write!(out, "\n{base}{path}\n  Cache-Control: {value}\n");
    }
    out
}

/// The caching rules for the site in `dir`: Trunk's hashed files (found in `bundle`)
/// and the image variants (`media/_v/`, named by content) are immutable; pages, API
/// documents, feeds and site maps get a short cache (each top-level file and folder by
/// name, so no path gets two rules); the rest of media keeps the host's default.
pub fn cache_rules(
    dir: &Path,
    bundle: Option<&Path>,
) -> Result<Vec<(String, &'static str)>, BuildError> {
    let mut immutable = Vec::new();
    if let Some(bundle) = bundle {
        // Hidden folders (Trunk's `.stage`) are left-overs, not served files.
        let visible = |e: &walkdir::DirEntry| {
            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
        };
        for entry in walkdir::WalkDir::new(bundle)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(visible)
        {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(bundle).to_path_buf();
                BuildError::io(&path, e.into())
            })?;
            if entry.file_type().is_file() && is_hashed(&entry.file_name().to_string_lossy()) {
                if let Ok(rel) = entry.path().strip_prefix(bundle) {
                    immutable.push(format!("/{}", rel.to_string_lossy().replace('\\', "/")));
                }
            }
        }
    }
    // Folders holding hashed files get per-file rules only.
    let hashed_dirs: Vec<&str> = immutable
        .iter()
        .filter_map(|p| p[1..].split_once('/').map(|(d, _)| d))
        .collect();
    let mut rules: Vec<(String, &str)> = immutable.iter().map(|p| (p.clone(), IMMUTABLE)).collect();
    if dir.join(crate::images::VARIANTS_DIR).is_dir() {
        rules.push((format!("/{}/*", crate::images::VARIANTS_DIR), IMMUTABLE));
    }
    rules.push(("/".into(), SHORT));
    let mut names: Vec<(String, bool)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| BuildError::io(dir, e))? {
        let entry = entry.map_err(|e| BuildError::io(dir, e))?;
        let is_dir = entry
            .file_type()
            .map_err(|e| BuildError::io(&entry.path(), e))?
            .is_dir();
        names.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
    }
    names.sort();
    for (name, is_dir) in names {
        let path = format!("/{name}");
        // The worker and the manifest get their rules from `offline::headers_block`.
        let owned = crate::outputs::offline::OWNED_FILES.contains(&name.as_str());
        let skip = name == "media" || name == "_headers" || name.starts_with('.') || owned;
        if skip || hashed_dirs.contains(&name.as_str()) {
            continue;
        }
        if is_dir {
            rules.push((format!("{path}/*"), SHORT));
        } else if is_hashed(&name) && !immutable.contains(&path) {
            // Hashed by the builder (the page script), not by Trunk.
            rules.push((path, IMMUTABLE));
        } else if !immutable.contains(&path) {
            rules.push((path, SHORT));
        }
    }
    Ok(rules)
}

/// Writes `_headers` into `dir` (the finished site, but for precompressed copies).
pub fn write(
    dir: &Path,
    base_path: &str,
    bundle: Option<&Path>,
    shell: Option<&str>,
) -> Result<(), BuildError> {
    let rules = cache_rules(dir, bundle)?;
    let mut text = headers_file(base_path, &rules, shell);
    if shell.is_some() {
        // With pages there is a worker (or its switch-off), and its rules.
        let base = broadsheet_app::links::BasePath::new(base_path);
        text.push_str(&crate::outputs::offline::headers_block(&base));
    }
    let path = dir.join("_headers");
    crate::outputs::files::write_file(&path, text.as_bytes())
}

#[cfg(test)]
mod tests;
