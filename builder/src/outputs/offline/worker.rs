//! The service worker (`<base>sw.js`) and its kill-switch replacement.

use std::time::Duration;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::Error;
use super::js_literal::fill;
use super::minify::Template;
use super::precache::Precache;
use crate::outputs::files::is_hashed;
use broadsheet_app::links::BasePath;

/// The worker's file name, below the base path.
pub const WORKER_FILE: &str = "sw.js";
/// The offline page's path below the base path; the builder renders it there.
pub const OFFLINE_PAGE: &str = "offline/";

static TEMPLATE: Template = Template::new(include_str!("worker.js"));
const KILL_SWITCH_TEMPLATE: &str = include_str!("kill_switch.js");

/// How many entries each runtime cache keeps; storing one more evicts the oldest.
/// A bound of 0 keeps nothing of that kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bounds {
    /// Pages read (HTML, tens of kB each).
    pub pages: u32,
    /// API listing documents: home, sections, tags, sitemap, site.
    pub lists: u32,
    /// API article documents.
    pub articles: u32,
    /// Files under `media/`, the largest entries.
    pub images: u32,
    /// Entries the reader saved (a page, its document, its image, stylesheets). The
    /// reader chose them, so nothing is evicted: a save that would pass the bound is
    /// refused, and the reader removes one first.
    pub saved: u32,
}

impl Default for Bounds {
    fn default() -> Bounds {
        Bounds {
            pages: 50,
            lists: 40,
            articles: 100,
            images: 60,
            saved: 600,
        }
    }
}

/// What a build's worker is made from.
#[derive(Clone, Debug)]
pub struct WorkerParams {
    pub base_path: BasePath,
    /// Must hold [`OFFLINE_PAGE`].
    pub precache: Precache,
    pub bounds: Bounds,
    /// How long a page request may take before a cached copy is served instead.
    pub page_timeout: Duration,
    /// How long a page request may take, when nothing is cached, before the offline
    /// page is served instead (never less than `page_timeout`).
    pub page_give_up: Duration,
}

impl WorkerParams {
    /// Default bounds, a 3 s page timeout and a 10 s give-up.
    pub fn new(base_path: BasePath, precache: Precache) -> WorkerParams {
        WorkerParams {
            base_path,
            precache,
            bounds: Bounds::default(),
            page_timeout: Duration::from_secs(3),
            page_give_up: Duration::from_secs(10),
        }
    }
}

/// The `CONFIG` object of `worker.js`; field names are the ones the script reads.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WorkerConfig<'a> {
    version: String,
    base: &'a str,
    precache: Vec<&'a str>,
    offline: &'a str,
    markers: Vec<&'a str>,
    bounds: Bounds,
    page_timeout_ms: u64,
    page_give_up_ms: u64,
}

/// The text of `<base>sw.js`. Its version is a hash of everything in the worker and of
/// the content of every precached file, so a new build that changes any of them
/// installs as an update, and one that changes none of them leaves readers' caches be.
pub fn service_worker(params: &WorkerParams) -> Result<String, Error> {
    if !params.precache.contains(OFFLINE_PAGE) {
        return Err(Error::MissingOfflinePage(OFFLINE_PAGE.to_string()));
    }
    let timeout = millis(params.page_timeout);
    let mut config = WorkerConfig {
        version: String::new(),
        base: params.base_path.as_str(),
        precache: params.precache.paths().collect(),
        offline: OFFLINE_PAGE,
        markers: params.precache.paths().filter(|p| is_marker(p)).collect(),
        bounds: params.bounds,
        page_timeout_ms: timeout,
        page_give_up_ms: millis(params.page_give_up).max(timeout),
    };
    let template = TEMPLATE.minified();
    config.version = version(&fill(template, &config), &params.precache);
    Ok(fill(template, &config))
}

/// A worker that switches offline support off for readers who have it (see
/// `kill_switch.js`): deploy it as `sw.js` to undo a broken worker at once.
pub fn kill_switch_worker(base_path: &BasePath) -> String {
    #[derive(Serialize)]
    struct Config<'a> {
        base: &'a str,
    }
    fill(
        KILL_SWITCH_TEMPLATE,
        &Config {
            base: base_path.as_str(),
        },
    )
}

/// Files every page of the build names (Trunk's script, wasm and stylesheet at the top
/// of the bundle): a page that names them all belongs to this build.
fn is_marker(path: &str) -> bool {
    !path.contains('/')
        && is_hashed(path)
        && [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| path.ends_with(ext))
}

/// 16 hex digits of SHA-256 over the worker (before its version is filled in) and the
/// precached files' paths and contents.
fn version(worker_without_version: &str, precache: &Precache) -> String {
    let mut hasher = Sha256::new();
    hasher.update(worker_without_version.as_bytes());
    hasher.update([0]);
    precache.digest_into(&mut hasher);
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Milliseconds for `setTimeout`, which fires at once for more than `i32::MAX`.
fn millis(d: Duration) -> u64 {
    d.as_millis().min(i32::MAX as u128) as u64
}

#[cfg(test)]
mod tests;
