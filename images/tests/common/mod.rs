//! Test images made in code, and checks on output files.
#![allow(dead_code)] // each test binary uses a different part

pub mod hostile;
pub mod inspect;
pub mod make;
pub mod metadata;

use std::path::{Path, PathBuf};

use broadsheet_images::{Cache, Processed, Settings, Variant};

/// The real photographs beside the project (`../shared/realdata/images`), if this
/// machine has them: read in place, never copied into the repository.
pub const REAL_IMAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/realdata/images");

/// Every real photograph, or `None` (with a note on stderr) when absent.
pub fn real_photos() -> Option<Vec<PathBuf>> {
    let dir = Path::new(REAL_IMAGES);
    if !dir.is_dir() {
        eprintln!("skipped: {REAL_IMAGES} is absent on this machine");
        return None;
    }
    let mut photos: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "jpg" || e == "png"))
        .collect();
    photos.sort();
    Some(photos)
}

/// A fresh cache in its own temporary folder (kept alive by the returned guard).
pub fn temp_cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().join("cache")).unwrap();
    (dir, cache)
}

/// Settings with few widths, so tests stay quick.
pub fn small_settings() -> Settings {
    Settings {
        widths: vec![160, 320, 640],
        ..Settings::default()
    }
}

/// Peak resident memory of this process so far, in MiB (Linux VmHWM).
pub fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// Every file of `processed`, as (label, bytes), read from the cache.
pub fn outputs(processed: &Processed) -> Vec<(String, Vec<u8>)> {
    processed
        .files()
        .map(|v: &Variant| (v.path.clone(), std::fs::read(v.cached_file()).unwrap()))
        .collect()
}

/// The widths of a list of variants.
pub fn widths(variants: &[Variant]) -> Vec<u32> {
    variants.iter().map(|v| v.width).collect()
}
