//! The cache between builds: reuse, repair, pruning, publishing.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::{make, small_settings};
use broadsheet_images::{process, process_all, Cache, CacheStats, Settings};

/// Two source files in a temporary content folder.
fn two_sources(dir: &Path) -> Vec<std::path::PathBuf> {
    let a = dir.join("a.jpg");
    let b = dir.join("b.png");
    fs::write(&a, make::jpeg(&make::gradient(700, 400), 90)).unwrap();
    let png = make::png(&image::DynamicImage::ImageRgb8(make::gradient(500, 500)));
    fs::write(&b, png).unwrap();
    vec![a, b]
}

fn build(
    sources: &[std::path::PathBuf],
    cache_dir: &Path,
    out: &Path,
) -> (Cache, Vec<broadsheet_images::Processed>) {
    let cache = Cache::open(cache_dir).unwrap();
    let results = process_all(sources, &small_settings(), &cache, out, || {});
    let processed = results.into_iter().map(Result::unwrap).collect();
    (cache, processed)
}

#[test]
fn a_second_build_encodes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let sources = two_sources(dir.path());
    let (cache_dir, out) = (dir.path().join("cache"), dir.path().join("out"));
    let (first, made) = build(&sources, &cache_dir, &out);
    assert_eq!(first.stats().images_encoded, 2);
    // 3 widths each (160, 320 and 640 or 500), WebP + fallback
    assert_eq!(first.stats().files_encoded, 2 * (3 + 3));
    let (second, again) = build(&sources, &cache_dir, &out);
    assert_eq!(
        second.stats(),
        CacheStats {
            images_encoded: 0,
            files_encoded: 0,
            images_reused: 2,
            entries_rebuilt: 0
        }
    );
    assert!(again.iter().all(|p| p.from_cache));
    let names = |ps: &[broadsheet_images::Processed]| -> Vec<String> {
        ps.iter()
            .flat_map(|p| p.webp.iter().chain(&p.fallback))
            .map(|v| v.path.clone())
            .collect()
    };
    assert_eq!(names(&made), names(&again));
    for name in names(&again) {
        assert!(out.join(&name).is_file(), "{name} published");
    }
}

#[test]
fn the_progress_callback_runs_once_per_image_even_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut sources = two_sources(dir.path());
    sources.push(dir.path().join("missing.jpg"));
    let cache = Cache::open(dir.path().join("cache")).unwrap();
    let done = AtomicUsize::new(0);
    let results = process_all(
        &sources,
        &small_settings(),
        &cache,
        &dir.path().join("out"),
        || {
            done.fetch_add(1, Ordering::Relaxed);
        },
    );
    assert_eq!(done.load(Ordering::Relaxed), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    let error = results[2].as_ref().unwrap_err().to_string();
    assert!(error.contains("missing.jpg"), "{error}");
}

#[test]
fn a_damaged_entry_is_detected_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let jpeg = make::jpeg(&make::gradient(700, 400), 90);
    let settings = small_settings();
    let made = process(&jpeg, "a.jpg", &settings, &Cache::open(&cache_dir).unwrap()).unwrap();
    let victim = made.webp[1].cached_file().to_path_buf();
    let good = fs::read(&victim).unwrap();

    // Same size, one byte changed: only the hash can tell.
    let mut flipped = good.clone();
    flipped[good.len() / 2] ^= 0x40;
    fs::write(&victim, &flipped).unwrap();
    assert_rebuilt(&jpeg, &settings, &cache_dir, &victim, &good);

    // Cut short, as a disk error or a copy gone wrong would.
    fs::write(&victim, &good[..100]).unwrap();
    assert_rebuilt(&jpeg, &settings, &cache_dir, &victim, &good);

    // Gone.
    fs::remove_file(&victim).unwrap();
    assert_rebuilt(&jpeg, &settings, &cache_dir, &victim, &good);
}

fn assert_rebuilt(jpeg: &[u8], settings: &Settings, cache_dir: &Path, victim: &Path, good: &[u8]) {
    let cache = Cache::open(cache_dir).unwrap();
    let again = process(jpeg, "a.jpg", settings, &cache).unwrap();
    assert!(!again.from_cache);
    assert_eq!(cache.stats().entries_rebuilt, 1);
    assert_eq!(fs::read(victim).unwrap(), good, "encoding is deterministic");
    let third = Cache::open(cache_dir).unwrap();
    assert!(process(jpeg, "a.jpg", settings, &third).unwrap().from_cache);
}

#[test]
fn a_build_killed_mid_entry_leaves_no_usable_half() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let jpeg = make::jpeg(&make::gradient(700, 400), 90);
    let made = process(
        &jpeg,
        "a.jpg",
        &small_settings(),
        &Cache::open(&cache_dir).unwrap(),
    )
    .unwrap();
    // What a kill between a temporary write and the manifest's rename leaves.
    let entry = made.webp[0].cached_file().parent().unwrap().to_path_buf();
    fs::remove_file(entry.join("manifest")).unwrap();
    fs::write(
        entry.join(".tmp-999-0-manifest"),
        "broadsheet-images-manifest 1\nsou",
    )
    .unwrap();

    let cache = Cache::open(&cache_dir).unwrap();
    let again = process(&jpeg, "a.jpg", &small_settings(), &cache).unwrap();
    assert!(!again.from_cache);
    assert_eq!(cache.stats().images_encoded, 1);
    let pruned = cache.prune_unused().unwrap();
    assert_eq!(pruned.entries, 0);
    assert!(pruned.bytes > 0, "the temporary file was removed");
    assert!(!entry.join(".tmp-999-0-manifest").exists());
}

#[test]
fn changed_settings_or_sources_get_new_names() {
    let (_dir, cache) = crate::common::temp_cache();
    let jpeg = make::jpeg(&make::gradient(700, 400), 90);
    let base = process(&jpeg, "a.jpg", &small_settings(), &cache).unwrap();
    let lower = Settings {
        webp_quality: 50.0,
        ..small_settings()
    };
    let changed = process(&jpeg, "a.jpg", &lower, &cache).unwrap();
    assert_ne!(base.webp[0].path, changed.webp[0].path);
    let other = make::jpeg(&make::gradient(700, 401), 90);
    let other = process(&other, "a.jpg", &small_settings(), &cache).unwrap();
    assert_ne!(base.webp[0].path, other.webp[0].path);
    // A renamed file reuses the entry: only the stem changes.
    let renamed = process(&jpeg, "b.jpg", &small_settings(), &cache).unwrap();
    assert!(renamed.from_cache);
    assert_eq!(
        renamed.webp[0].path.replacen("b-", "a-", 1),
        base.webp[0].path
    );
}

#[test]
fn pruning_keeps_exactly_the_latest_build() {
    let dir = tempfile::tempdir().unwrap();
    let sources = two_sources(dir.path());
    let (cache_dir, out) = (dir.path().join("cache"), dir.path().join("out"));
    build(&sources, &cache_dir, &out);
    let (latest, kept) = build(&sources[..1], &cache_dir, &out);
    let pruned = latest.prune_unused().unwrap();
    assert_eq!(pruned.entries, 1);
    assert!(pruned.bytes > 10_000, "{pruned:?}");
    assert!(kept[0].webp.iter().all(|v| v.cached_file().is_file()));
    let next = Cache::open(&cache_dir).unwrap();
    process_all(&sources, &small_settings(), &next, &out, || {});
    assert_eq!(next.stats().images_reused, 1);
    assert_eq!(next.stats().images_encoded, 1);
}

#[cfg(unix)]
#[test]
fn published_files_are_hard_links_replacing_older_files() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let sources = two_sources(dir.path());
    let (cache_dir, out) = (dir.path().join("cache"), dir.path().join("out"));
    let (_, made) = build(&sources, &cache_dir, &out);
    let variant = &made[0].webp[0];
    let published = out.join(&variant.path);
    fs::write(&published, b"stale").unwrap();
    build(&sources, &cache_dir, &out);
    let (a, b) = (
        fs::metadata(&published).unwrap(),
        fs::metadata(variant.cached_file()).unwrap(),
    );
    assert_eq!((a.dev(), a.ino()), (b.dev(), b.ino()));
    assert_eq!(a.len(), variant.bytes);
}
