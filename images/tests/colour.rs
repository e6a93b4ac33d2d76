//! Colour: everything comes out sRGB.

use crate::common::inspect::decode;
use crate::common::metadata::with_segment;
use crate::common::{make, small_settings, temp_cache};
use broadsheet_images::{process, Processed, Warning};
use image::{Rgb, RgbImage};
use moxcms::ColorProfile;

const SWATCH: [u8; 3] = [200, 60, 60];

fn swatch() -> RgbImage {
    RgbImage::from_pixel(200, 100, Rgb(SWATCH))
}

/// The centre colour of the widest fallback and WebP.
fn centre_colours(done: &Processed) -> [[u8; 3]; 2] {
    [done.fallback.last().unwrap(), done.webp.last().unwrap()].map(|v| {
        let image = decode(&std::fs::read(v.cached_file()).unwrap()).to_rgb8();
        image.get_pixel(image.width() / 2, image.height() / 2).0
    })
}

fn close(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

#[test]
fn a_display_p3_jpeg_is_converted_to_srgb() {
    let (_dir, cache) = temp_cache();
    let p3 = ColorProfile::new_display_p3().encode().unwrap();
    let icc = [b"ICC_PROFILE\0\x01\x01".as_slice(), &p3].concat();
    let source = with_segment(&make::jpeg(&swatch(), 95), 0xE2, &icc);
    let done = process(&source, "p3.jpg", &small_settings(), &cache).unwrap();
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    for [r, g, b] in centre_colours(&done) {
        // The same numbers mean a more saturated red in P3 than in sRGB.
        assert!(
            r >= SWATCH[0] + 8 && g + 8 <= SWATCH[1] && b + 4 <= SWATCH[2],
            "{:?}",
            [r, g, b]
        );
    }
}

#[test]
fn untagged_and_srgb_tagged_images_keep_their_values() {
    let (_dir, cache) = temp_cache();
    let srgb = ColorProfile::new_srgb().encode().unwrap();
    let plain = make::png(&image::DynamicImage::ImageRgb8(swatch()));
    let tagged = make::png_with_icc(&swatch(), srgb);
    for (name, source) in [("plain.png", plain), ("srgb.png", tagged)] {
        let done = process(&source, name, &small_settings(), &cache).unwrap();
        let [png, webp] = centre_colours(&done);
        assert_eq!(png, SWATCH, "{name}: PNG is lossless");
        assert!(close(webp, SWATCH, 6), "{name}: {webp:?}");
    }
}

#[test]
fn a_broken_profile_is_ignored_with_a_warning() {
    let (_dir, cache) = temp_cache();
    let icc = b"ICC_PROFILE\0\x01\x01this is no profile".to_vec();
    let source = with_segment(&make::jpeg(&swatch(), 95), 0xE2, &icc);
    let done = process(&source, "bad.jpg", &small_settings(), &cache).unwrap();
    assert!(
        matches!(&done.warnings[..], [Warning::ProfileIgnored { .. }]),
        "{:?}",
        done.warnings
    );
    assert!(done.warnings[0]
        .to_string()
        .contains("export the image as sRGB"));
    // Kept for the next build too, which reads the cache.
    let again = process(&source, "bad.jpg", &small_settings(), &cache).unwrap();
    assert!(again.from_cache);
    assert_eq!(again.warnings, done.warnings);
}
