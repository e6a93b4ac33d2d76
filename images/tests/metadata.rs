//! Orientation is applied, then every piece of metadata is left behind.

use crate::common::inspect::{assert_no_metadata, contains, decode, jpeg_markers};
use crate::common::make::CANARY;
use crate::common::metadata::{exif, jpeg_full_of_metadata, png_full_of_metadata, with_segment};
use crate::common::{make, outputs, small_settings, temp_cache};
use broadsheet_images::{process, Settings};
use image::{DynamicImage, RgbImage};

fn p3_profile() -> Vec<u8> {
    moxcms::ColorProfile::new_display_p3().encode().unwrap()
}

#[test]
fn a_jpeg_with_gps_exif_xmp_icc_and_comment_comes_out_clean_and_rotated() {
    let (_dir, cache) = temp_cache();
    let plain = make::jpeg(&make::gradient(600, 400), 90);
    let source = jpeg_full_of_metadata(&plain, 6, &p3_profile());
    // The source really has it all, in the places readers look.
    assert_eq!(jpeg_markers(&source)[..4], [0xE1, 0xE1, 0xFE, 0xE2]);
    assert!(contains(&source, CANARY) && contains(&source, b"Exif\0\0"));
    let done = process(&source, "gps.jpg", &small_settings(), &cache).unwrap();
    assert_eq!((done.source_width, done.source_height), (400, 600));
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    for (label, bytes) in outputs(&done) {
        assert_no_metadata(&bytes, &label);
        let image = decode(&bytes);
        assert!(image.height() > image.width(), "{label} is portrait");
    }
}

#[test]
fn a_png_with_exif_text_and_xmp_comes_out_clean_and_rotated() {
    let (_dir, cache) = temp_cache();
    let plain = make::png(&DynamicImage::ImageRgb8(make::gradient(300, 200)));
    let source = png_full_of_metadata(&plain, 8);
    assert!(contains(&source, CANARY) && contains(&source, b"eXIf"));
    let done = process(&source, "meta.png", &small_settings(), &cache).unwrap();
    assert_eq!((done.source_width, done.source_height), (200, 300));
    for (label, bytes) in outputs(&done) {
        assert_no_metadata(&bytes, &label);
    }
}

#[test]
fn an_icc_tagged_png_comes_out_without_its_profile() {
    let (_dir, cache) = temp_cache();
    let source = make::png_with_icc(&make::gradient(300, 200), p3_profile());
    assert!(contains(&source, b"iCCP"));
    let done = process(&source, "p3.png", &small_settings(), &cache).unwrap();
    for (label, bytes) in outputs(&done) {
        assert_no_metadata(&bytes, &label);
        assert!(!contains(&bytes, b"iCCP"), "{label}");
    }
}

/// Where the red corner of `corner_marked` ends up, as (right?, bottom?).
fn red_corner(bytes: &[u8]) -> (bool, bool) {
    let image = decode(bytes).to_rgb8();
    let (w, h) = image.dimensions();
    let is_red = |x: u32, y: u32| {
        let [r, _, b] = image.get_pixel(x, y).0;
        r > 150 && b < 100
    };
    let corners = [(false, false), (true, false), (false, true), (true, true)];
    let red: Vec<_> = corners
        .into_iter()
        .filter(|&(right, bottom)| {
            let x = if right { w - 4 } else { 3 };
            let y = if bottom { h - 4 } else { 3 };
            is_red(x, y)
        })
        .collect();
    assert_eq!(red.len(), 1, "exactly one red corner, found {red:?}");
    red[0]
}

fn oriented(orientation: u16) -> (u32, u32, (bool, bool)) {
    let (_dir, cache) = temp_cache();
    let upright: RgbImage = make::corner_marked(300, 150);
    let source = with_segment(&make::jpeg(&upright, 92), 0xE1, &exif(orientation));
    let settings = Settings {
        widths: vec![120],
        ..Settings::default()
    };
    let done = process(&source, "o.jpg", &settings, &cache).unwrap();
    let fallback = std::fs::read(done.fallback.last().unwrap().cached_file()).unwrap();
    let webp = std::fs::read(done.webp.last().unwrap().cached_file()).unwrap();
    assert_eq!(red_corner(&fallback), red_corner(&webp));
    (done.source_width, done.source_height, red_corner(&fallback))
}

#[test]
fn orientation_6_rotates_clockwise() {
    // The stored top-left goes to the top-right.
    assert_eq!(oriented(6), (150, 300, (true, false)));
}

#[test]
fn orientation_3_turns_upside_down() {
    assert_eq!(oriented(3), (300, 150, (true, true)));
}

#[test]
fn orientation_8_rotates_anticlockwise() {
    // The stored top-left goes to the bottom-left.
    assert_eq!(oriented(8), (150, 300, (false, true)));
}

#[test]
fn orientation_1_changes_nothing() {
    assert_eq!(oriented(1), (300, 150, (false, false)));
}
