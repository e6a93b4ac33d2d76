//! Hostile or broken files: a clear error each, never a panic.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::common::hostile::{cut, gif_bomb, jpeg_bomb, png_bomb, webp_bomb};
use crate::common::inspect::contains;
use crate::common::make::{self, CANARY};
use crate::common::{small_settings, temp_cache};
use broadsheet_images::{process, Cache, Format, ImageError, Limits, Processed, Settings, Warning};
use image::DynamicImage;

fn run(bytes: &[u8], name: &str, cache: &Cache) -> Result<Processed, ImageError> {
    catch_unwind(AssertUnwindSafe(|| {
        process(bytes, name, &small_settings(), cache)
    }))
    .unwrap_or_else(|_| panic!("{name} made the pipeline panic"))
}

#[test]
fn bombs_are_refused_by_their_declared_size() {
    let (_dir, cache) = temp_cache();
    for (name, bomb) in [
        ("bomb.png", png_bomb()),
        ("bomb.jpg", jpeg_bomb()),
        ("bomb.webp", webp_bomb()),
        ("bomb.gif", gif_bomb()),
    ] {
        let error = run(&bomb, name, &cache).unwrap_err();
        assert!(
            matches!(error, ImageError::TooManyPixels { .. }),
            "{name}: {error:?}"
        );
        assert!(
            error.to_string().contains("resize it before adding it"),
            "{name}: {error}"
        );
    }
    let message = run(&png_bomb(), "bomb.png", &cache)
        .unwrap_err()
        .to_string();
    assert_eq!(
        message,
        "the image declares 50000×50000 pixels, more than the limit of 40 megapixels: resize it before adding it"
    );
}

#[test]
fn truncated_files_are_reported_as_truncated() {
    let (_dir, cache) = temp_cache();
    let photo = make::gradient(400, 300);
    let jpeg = make::jpeg(&photo, 90);
    let png = make::png(&DynamicImage::ImageRgb8(photo));
    let gif = make::animated_gif(40, 30, 3);
    for (name, whole) in [("t.jpg", &jpeg), ("t.png", &png), ("t.gif", &gif)] {
        for percent in [30, 60, 95] {
            let error = run(&cut(whole, percent), name, &cache).unwrap_err();
            assert!(
                matches!(error, ImageError::Truncated { .. }),
                "{name} at {percent}%: {error:?}"
            );
            assert!(error.to_string().contains("copy it again"), "{error}");
        }
    }
}

#[test]
fn a_truncated_webp_gives_an_error() {
    let (_dir, cache) = temp_cache();
    let made = run(&make::jpeg(&make::gradient(400, 300), 90), "a.jpg", &cache).unwrap();
    let webp = std::fs::read(made.webp.last().unwrap().cached_file()).unwrap();
    for percent in [20, 50, 90] {
        let error = run(&cut(&webp, percent), "t.webp", &cache).unwrap_err();
        let clear = matches!(
            error,
            ImageError::Truncated { .. } | ImageError::Damaged { .. }
        );
        assert!(clear, "{percent}%: {error:?}");
    }
}

/// Flipped bytes all over valid files: whatever happens, no panic escapes.
#[test]
fn random_damage_never_panics() {
    let (_dir, cache) = temp_cache();
    let photo = make::gradient(64, 48);
    let jpeg = make::jpeg(&photo, 90);
    let made = run(&jpeg, "a.jpg", &cache).unwrap();
    let webp = std::fs::read(made.webp.last().unwrap().cached_file()).unwrap();
    let sources = [
        make::animated_webp(&webp, 64, 48),
        webp,
        jpeg,
        make::png(&DynamicImage::ImageRgb8(photo)),
        make::animated_gif(16, 16, 2),
        make::grey_jpeg(32, 32),
    ];
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    for source in &sources {
        for _ in 0..150 {
            let mut damaged = source.clone();
            for _ in 0..4 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = 8 + (seed as usize) % (damaged.len() - 8);
                damaged[at] = (seed >> 32) as u8;
            }
            let _ = run(&damaged, "damaged", &cache);
        }
    }
}

#[test]
fn files_that_are_no_raster_image_are_named() {
    let (_dir, cache) = temp_cache();
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>";
    for (bytes, expected) in [
        (&svg[..], "SVG"),
        (&b""[..], "empty"),
        (&b"II*\0\x08\0\0\0"[..], "TIFF"),
        (&b"\0\0\0\x18ftypheic\0\0"[..], "HEIC"),
    ] {
        let error = run(bytes, "x.jpg", &cache).unwrap_err();
        assert!(
            matches!(error, ImageError::UnknownFormat { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains(expected), "{error}");
    }
}

#[test]
fn limits_are_parameters() {
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(400, 300), 90);
    let tight = |limits: Limits| Settings {
        limits,
        ..small_settings()
    };
    let small_file = tight(Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    });
    let error = process(&jpeg, "a.jpg", &small_file, &cache).unwrap_err();
    assert!(
        matches!(error, ImageError::FileTooBig { limit: 1000, .. }),
        "{error:?}"
    );
    let few_pixels = tight(Limits {
        max_pixels: 100_000,
        ..Limits::default()
    });
    let error = process(&jpeg, "a.jpg", &few_pixels, &cache).unwrap_err();
    assert!(
        error.to_string().contains("limit of 0.1 megapixels"),
        "{error}"
    );
    let short_side = tight(Limits {
        max_side: 399,
        ..Limits::default()
    });
    let error = process(&jpeg, "a.jpg", &short_side, &cache).unwrap_err();
    assert!(
        matches!(error, ImageError::SideTooLong { limit: 399, .. }),
        "{error:?}"
    );
    let little_memory = tight(Limits {
        max_alloc: 100_000,
        ..Limits::default()
    });
    let error = process(&jpeg, "a.jpg", &little_memory, &cache).unwrap_err();
    assert!(
        matches!(error, ImageError::NeedsTooMuchMemory { .. }),
        "{error:?}"
    );
}

#[test]
fn a_lying_extension_is_processed_as_the_real_format_with_a_warning() {
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(400, 300), 90);
    let done = run(&jpeg, "photo.png", &cache).unwrap();
    assert_eq!(done.source_format, Format::Jpeg);
    assert!(done
        .fallback
        .iter()
        .all(|v| v.format == Format::Jpeg && v.path.ends_with(".jpg")));
    let expected = Warning::ExtensionMismatch {
        extension: "png".into(),
        actual: Format::Jpeg,
    };
    assert_eq!(done.warnings, std::slice::from_ref(&expected));
    assert!(expected.to_string().contains("rename it to .jpg"));
    // Reported again when the variants come from the cache.
    let again = run(&jpeg, "photo.png", &cache).unwrap();
    assert!(again.from_cache);
    assert_eq!(again.warnings, [expected]);
    // A right name, or none at all, is no lie.
    assert!(run(&jpeg, "photo.JPEG", &cache)
        .unwrap()
        .warnings
        .is_empty());
    assert!(run(&jpeg, "photo", &cache).unwrap().warnings.is_empty());
}

#[test]
fn an_animated_gif_passes_through_without_its_comments() {
    let (_dir, cache) = temp_cache();
    let clean = make::animated_gif(120, 80, 3);
    let commented = make::gif_with_comment(&clean);
    assert!(contains(&commented, CANARY));
    let done = run(&commented, "anim.gif", &cache).unwrap();
    assert!(done.passthrough);
    assert!(done.webp.is_empty());
    assert_eq!(done.fallback.len(), 1);
    let out = &done.fallback[0];
    assert_eq!((out.width, out.height, out.format), (120, 80, Format::Gif));
    assert!(
        out.path.starts_with("anim-") && out.path.ends_with(".gif"),
        "{}",
        out.path
    );
    assert_eq!(std::fs::read(out.cached_file()).unwrap(), clean);
    // Without metadata, the file is published byte for byte.
    let done = run(&clean, "clean.gif", &cache).unwrap();
    assert_eq!(
        std::fs::read(done.fallback[0].cached_file()).unwrap(),
        clean
    );
}

#[test]
fn an_animated_webp_passes_through_without_its_exif() {
    let (_dir, cache) = temp_cache();
    let made = run(&make::jpeg(&make::gradient(160, 90), 90), "f.jpg", &cache).unwrap();
    let still = std::fs::read(made.webp.last().unwrap().cached_file()).unwrap();
    let animated = make::animated_webp(&still, 160, 90);
    assert!(contains(&animated, CANARY));
    let done = run(&animated, "anim.webp", &cache).unwrap();
    assert!(done.passthrough && done.webp.is_empty());
    let out = &done.fallback[0];
    assert_eq!((out.width, out.height, out.format), (160, 90, Format::WebP));
    let bytes = std::fs::read(out.cached_file()).unwrap();
    assert!(!contains(&bytes, CANARY) && !contains(&bytes, b"EXIF"));
    assert_eq!(bytes[20] & 0x08, 0, "the EXIF flag is cleared");
    assert_eq!(
        bytes.len(),
        animated.len() - (8 + 6 + CANARY.len() + CANARY.len() % 2)
    );
    let decoder = image::codecs::webp::WebPDecoder::new(std::io::Cursor::new(&bytes)).unwrap();
    assert!(decoder.has_animation(), "still a valid animation");
}
