//! The real photographs (public domain / CC0) in ../shared/realdata/images beside the
//! project, read in place; skipped with a note where the folder is absent.

use crate::common::inspect::{assert_no_metadata, decode};
use crate::common::{outputs, real_photos, widths};
use broadsheet_images::{process_all, Cache, Settings};

#[test]
fn every_real_photo_gives_clean_smaller_variants() {
    let Some(photos) = real_photos() else { return };
    assert_eq!(photos.len(), 6, "{photos:?}");
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(dir.path().join("cache")).unwrap();
    let results = process_all(
        &photos,
        &Settings::default(),
        &cache,
        &dir.path().join("out"),
        || {},
    );
    for (photo, result) in photos.iter().zip(results) {
        let name = photo.file_name().unwrap().to_string_lossy();
        let done = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        let source_bytes = std::fs::metadata(photo).unwrap().len();
        let planned = widths(&done.webp);
        assert!(
            planned.iter().all(|&w| w <= done.source_width),
            "{name}: upscaled {planned:?}"
        );
        assert_eq!(planned.last(), Some(&done.source_width.min(1920)), "{name}");
        for (label, bytes) in outputs(&done) {
            assert_no_metadata(&bytes, &label);
            decode(&bytes);
        }
        let widest = done.webp.last().unwrap();
        assert!(
            widest.bytes < source_bytes,
            "{name}: {} ≥ {source_bytes}",
            widest.bytes
        );
    }
}
