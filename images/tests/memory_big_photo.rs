//! A 50 MB camera-sized photo is processed within bounded memory, and a file
//! over the size limit is refused without being read. (One test in this
//! binary, so the measured peak is its own.)

mod common;

use std::fs;
use std::time::Instant;

use broadsheet_images::{process_all, Cache, ImageError, Settings};
use common::peak_rss_mib;
use jpeg_encoder::{ColorType, Encoder};

/// Peak RSS allowed: the file and the JPEG decoder's copy of it, 4 bytes a
/// pixel (the RGBA working buffer, widened in place from the decoded RGB), and
/// slack for the variants and the test harness.
fn budget_mib(file_bytes: u64, pixels: u64) -> u64 {
    (2 * file_bytes + 4 * pixels) / (1 << 20) + 48
}

/// A 7000×5000 noisy gradient at high quality: about 50 MB, like a big camera JPEG.
fn big_jpeg() -> Vec<u8> {
    let (w, h) = (7000u32, 5000u32);
    let mut seed = 0x9E37_79B9u32;
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = seed & 0x1F;
            pixels.extend([
                ((x / 28) + noise) as u8,
                ((y / 20) + noise) as u8,
                (noise * 3) as u8,
            ]);
        }
    }
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, 97);
    encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_1_1);
    encoder
        .encode(&pixels, w as u16, h as u16, ColorType::Rgb)
        .unwrap();
    out
}

/// Forgets the peak so far (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak() -> bool {
    fs::write("/proc/self/clear_refs", "5").is_ok()
}

#[test]
fn a_50_mb_photo_fits_the_memory_budget_and_a_bigger_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("big.jpg");
    let bytes = big_jpeg();
    let size_mb = bytes.len() as f64 / 1e6;
    let budget = budget_mib(bytes.len() as u64, 7000 * 5000);
    fs::write(&photo, &bytes).unwrap();
    drop(bytes);
    assert!(size_mb > 40.0, "the test photo is only {size_mb:.1} MB");
    if !reset_peak() || peak_rss_mib().is_none() {
        eprintln!("skipped: cannot measure peak memory on this system");
        return;
    }
    let cache = Cache::open(dir.path().join("cache")).unwrap();
    let out = dir.path().join("out");
    let started = Instant::now();
    let results = process_all(&[&photo], &Settings::default(), &cache, &out, || {});
    let done = results.into_iter().next().unwrap().unwrap();
    let peak = peak_rss_mib().unwrap();
    eprintln!(
        "{size_mb:.1} MB, {}×{}: {} variants in {:.1} s, peak RSS {peak} MiB (budget {budget} MiB)",
        done.source_width,
        done.source_height,
        done.webp.len() + done.fallback.len(),
        started.elapsed().as_secs_f64()
    );
    assert_eq!(done.webp.len(), 6);
    assert!(
        peak < budget,
        "peak RSS {peak} MiB over the {budget} MiB budget"
    );

    // 70 MB, sparse: over the 64 MiB limit, refused from its size alone.
    let huge = dir.path().join("huge.jpg");
    fs::File::create(&huge)
        .unwrap()
        .set_len(70_000_000)
        .unwrap();
    reset_peak();
    let results = process_all(&[&huge], &Settings::default(), &cache, &out, || {});
    let error = results.into_iter().next().unwrap().unwrap_err();
    assert!(matches!(error, ImageError::FileTooBig { .. }), "{error:?}");
    let peak = peak_rss_mib().unwrap();
    assert!(
        peak < 100,
        "peak RSS {peak} MiB: the oversized file was read"
    );
}
