//! Offline reading and installing: the service worker (`sw.js`), the page script every
//! page names (registration, the new-version notice, "save for offline", the saved
//! list), the web app manifest and the icons drawn from the site's SVG logo, and what
//! the pages' `<head>` and the host's headers need for them.
//!
//! Two steps around the pages: [`prepare`] before them (the page script's name goes
//! into every page's `<head>`, so the policy and the pages know it), [`write`] after
//! them (the worker precaches the offline page, so it must exist first).
//! `worker.js` holds the caching strategy; README-level notes are in docs/deploy.md.

mod error;
mod headers;
mod icons;
mod js_literal;
mod manifest;
mod minify;
mod page_script;
mod precache;
mod worker;

#[cfg(test)]
mod js_tests;
#[cfg(test)]
mod test_support;

use std::path::Path;

use broadsheet_app::i18n::strings_for;
use broadsheet_app::model::Site;

use crate::content::config::AppConfig;
use crate::error::BuildError;
use crate::outputs::files::is_hashed;
use crate::outputs::files::write_file;
pub use headers::{headers_block, OWNED_FILES};
use page_script::{page_script, PageScriptParams, UiStrings};
use precache::Precache;
use worker::{kill_switch_worker, service_worker, WorkerParams, OFFLINE_PAGE, WORKER_FILE};

/// What [`prepare`] made: the page script and the tags for every page's `<head>`.
pub struct Prepared {
    script_name: String,
    script: String,
    /// Manifest link, touch icon, theme colour and the page script (deferred).
    pub head: String,
}

/// The page script and the head tags, when offline reading is on.
pub fn prepare(site: &Site, app: &AppConfig) -> Option<Prepared> {
    if !app.offline {
        return None;
    }
    let base = site.base_path();
    let (script_name, script) = page_script(&PageScriptParams {
        base_path: base.clone(),
        strings: UiStrings::from_app(strings_for(&site.language)),
    });
    let mut head = headers::head_tags(&base, &app.theme_color.to_css(), app.icon.is_some());
    head.push_str(&format!(
        "<script src=\"{}\" defer></script>",
        base.join(&script_name)
    ));
    Some(Prepared {
        script_name,
        script,
        head,
    })
}

/// `shell` (Trunk's index.html) with the head tags before `</head>`.
pub fn with_head(shell: &str, prepared: &Prepared) -> String {
    match shell.rfind("</head>") {
        Some(i) => format!("{}{}{}", &shell[..i], prepared.head, &shell[i..]),
        None => format!("{}{shell}", prepared.head),
    }
}

/// Writes the page script, the icons, the manifest and the worker into `dir` (the
/// site, pages already written). With offline reading off, `sw.js` is the worker
/// that switches it off for readers who still have it.
pub fn write(
    dir: &Path,
    site: &Site,
    app: &AppConfig,
    prepared: Option<&Prepared>,
) -> Result<(), BuildError> {
    let base = site.base_path();
    let Some(prepared) = prepared else {
        return write_file(&dir.join(WORKER_FILE), kill_switch_worker(&base).as_bytes());
    };
    let mut precache = Precache::new();
    let mut put = |name: &str, bytes: &[u8]| -> Result<(), BuildError> {
        write_file(&dir.join(name), bytes)?;
        precache.add(name, bytes).map_err(|e| refused(&e))?;
        Ok(())
    };
    put(&prepared.script_name, prepared.script.as_bytes())?;
    if let Some(icon) = &app.icon {
        let svg = std::fs::read(icon).map_err(|e| BuildError::io(icon, e))?;
        let drawn = icons::icons(&svg, app.background_color)
            .map_err(|e| BuildError::Refused(format!("{}: {e}", icon.display())))?;
        for (name, png) in drawn {
            put(&name, &png)?;
        }
    }
    let manifest = manifest::manifest(&manifest::ManifestParams {
        name: &site.title,
        short_name: app.short_name.as_deref(),
        description: &site.description,
        language: &site.language,
        base_path: &base,
        theme_color: &app.theme_color.to_css(),
        background_color: &app.background_color.to_css(),
        with_icons: app.icon.is_some(),
    })
    .map_err(|e| refused(&e))?;
    put(manifest::MANIFEST_FILE, manifest.as_bytes())?;
    // The logo is in every page's header: without it offline pages show a broken image.
    if let Some(logo) = site.logo.as_ref().filter(|l| !l.src.contains(':')) {
        let path = dir.join(&logo.src);
        if let Ok(bytes) = std::fs::read(&path) {
            precache.add(&logo.src, &bytes).map_err(|e| refused(&e))?;
        }
    }
    let offline_page = dir.join(OFFLINE_PAGE).join("index.html");
    let page = std::fs::read(&offline_page).map_err(|e| BuildError::io(&offline_page, e))?;
    precache.add(OFFLINE_PAGE, &page).map_err(|e| refused(&e))?;
    for name in bundle_files(dir)? {
        let path = dir.join(&name);
        let bytes = std::fs::read(&path).map_err(|e| BuildError::io(&path, e))?;
        precache.add(&name, &bytes).map_err(|e| refused(&e))?;
    }
    let worker = service_worker(&WorkerParams::new(base, precache)).map_err(|e| refused(&e))?;
    write_file(&dir.join(WORKER_FILE), worker.as_bytes())
}

/// The hashed files at the top of the site: the app's script, wasm and stylesheet (and
/// the page script, already added).
fn bundle_files(dir: &Path) -> Result<Vec<String>, BuildError> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| BuildError::io(dir, e))? {
        let entry = entry.map_err(|e| BuildError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_file() && is_hashed(&name) && !name.starts_with("offline-") {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

fn refused(e: &error::Error) -> BuildError {
    BuildError::Refused(format!("offline reading: {e}"))
}
