//! Bombs are refused before allocating: the process's peak memory stays small.
//! (One test in this binary, so the peak is this test's alone.)

mod common;

use broadsheet_images::{process, ImageError};
use common::hostile::{gif_bomb, jpeg_bomb, png_bomb, webp_bomb};
use common::{peak_rss_mib, small_settings, temp_cache};

#[test]
fn bombs_cost_no_memory() {
    let Some(before) = peak_rss_mib() else {
        eprintln!("skipped: no /proc/self/status on this system");
        return;
    };
    let (_dir, cache) = temp_cache();
    for _ in 0..3 {
        for bomb in [png_bomb(), jpeg_bomb(), webp_bomb(), gif_bomb()] {
            let error = process(&bomb, "bomb", &small_settings(), &cache).unwrap_err();
            assert!(
                matches!(error, ImageError::TooManyPixels { .. }),
                "{error:?}"
            );
        }
    }
    let after = peak_rss_mib().unwrap();
    eprintln!("peak RSS: {before} MiB before the bombs, {after} MiB after");
    assert!(after < 200, "peak RSS {after} MiB: a bomb was allocated");
    assert!(after - before < 50, "peak grew by {} MiB", after - before);
}
