//! Which files come out, their sizes, formats and names.

use crate::common::inspect::{decode, webp_chunks};
use crate::common::{make, outputs, small_settings, temp_cache, widths};
use broadsheet_images::{process, Format, Settings};
use image::DynamicImage;

#[test]
fn a_wide_photo_gets_every_step_at_its_aspect_ratio() {
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(2000, 1000), 90);
    let done = process(&jpeg, "wide.jpg", &Settings::default(), &cache).unwrap();
    assert_eq!((done.source_width, done.source_height), (2000, 1000));
    assert_eq!(widths(&done.webp), [320, 480, 640, 960, 1280, 1920]);
    assert_eq!(widths(&done.fallback), widths(&done.webp));
    for v in done.webp.iter().chain(&done.fallback) {
        assert_eq!(v.height, v.width / 2, "{}", v.path);
        let image = decode(&std::fs::read(v.cached_file()).unwrap());
        assert_eq!(
            (image.width(), image.height()),
            (v.width, v.height),
            "{}",
            v.path
        );
    }
    assert!(done.fallback.iter().all(|v| v.format == Format::Jpeg));
}

#[test]
fn a_crop_keeps_the_middle_of_the_source_at_the_shape_asked_for() {
    let (dir, cache) = temp_cache();
    // Red above the middle 16:9 band of a square, blue below it, green in it (rows
    // 175–624 of 800).
    let square = image::RgbImage::from_fn(800, 800, |_, y| match y {
        0..175 => image::Rgb([230, 20, 20]),
        175..625 => image::Rgb([20, 200, 20]),
        _ => image::Rgb([20, 20, 230]),
    });
    let settings = Settings {
        crop: Some((16, 9)),
        ..small_settings()
    };
    let jpeg = make::jpeg(&square, 95);
    let done = process(&jpeg, "square.jpg", &settings, &cache).unwrap();
    assert_eq!(widths(&done.webp), [160, 320, 640]);
    assert!(done.webp.iter().all(|v| v.height == v.width), "uncut");
    assert_eq!(widths(&done.cropped_webp), [160, 320, 640]);
    assert_eq!(widths(&done.cropped_fallback), [160, 320, 640]);
    for v in done.cropped_webp.iter().chain(&done.cropped_fallback) {
        assert_eq!(v.height, v.width * 9 / 16, "{}", v.path);
        assert!(v.path.contains("-crop-"), "{}", v.path);
        let image = decode(&std::fs::read(v.cached_file()).unwrap()).to_rgb8();
        assert_eq!((image.width(), image.height()), (v.width, v.height));
        for (x, y) in [(2, 2), (v.width - 3, v.height - 3), (v.width / 2, 2)] {
            let [r, g, b] = image.get_pixel(x, y).0;
            assert!(
                g > 150 && r < 80 && b < 80,
                "{} at {x},{y}: {r},{g},{b}",
                v.path
            );
        }
    }
    // Published with the others.
    let out = dir.path().join("out");
    broadsheet_images::publish(&done, &out).unwrap();
    for v in done.files() {
        assert!(out.join(&v.path).is_file(), "{}", v.path);
    }
    assert_eq!(done.files().count(), 12);
    // From the cache, the same files.
    let again = process(&jpeg, "square.jpg", &settings, &cache).unwrap();
    assert!(again.from_cache);
    assert_eq!(again.cropped_webp, done.cropped_webp);
}

#[test]
fn no_crop_is_made_unless_asked_for_or_where_the_shape_is_already_right() {
    let (_dir, cache) = temp_cache();
    let settings = Settings {
        crop: Some((16, 9)),
        ..small_settings()
    };
    let wide = make::jpeg(&make::gradient(1600, 900), 90);
    let done = process(&wide, "wide.jpg", &settings, &cache).unwrap();
    assert!(done.cropped_webp.is_empty() && done.cropped_fallback.is_empty());
    let square = make::jpeg(&make::gradient(600, 600), 90);
    let done = process(&square, "square.jpg", &small_settings(), &cache).unwrap();
    assert!(done.cropped_webp.is_empty() && done.cropped_fallback.is_empty());
}

#[test]
fn a_small_image_is_never_upscaled() {
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(500, 300), 90);
    let done = process(&jpeg, "small.jpg", &Settings::default(), &cache).unwrap();
    // 480 is within 10 % of 500: the full-width file serves it
    assert_eq!(widths(&done.webp), [320, 500]);
    let tiny = make::jpeg(&make::gradient(100, 40), 90);
    let done = process(&tiny, "tiny.jpg", &Settings::default(), &cache).unwrap();
    assert_eq!(widths(&done.webp), [100]);
    assert_eq!(done.webp[0].height, 40);
}

#[test]
fn webp_variants_are_lossy_and_smaller_than_the_fallback() {
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(800, 600), 92);
    let done = process(&jpeg, "g.jpg", &small_settings(), &cache).unwrap();
    for (webp, fallback) in done.webp.iter().zip(&done.fallback) {
        let bytes = std::fs::read(webp.cached_file()).unwrap();
        assert_eq!(webp_chunks(&bytes), ["VP8 "], "{}", webp.path);
        assert_eq!(webp.bytes, bytes.len() as u64);
        assert!(
            webp.bytes < fallback.bytes,
            "{} vs {}",
            webp.path,
            fallback.path
        );
    }
}

#[test]
fn names_carry_stem_hash_and_width() {
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(400, 200), 90);
    let done = process(&jpeg, "Front Page.jpeg", &small_settings(), &cache).unwrap();
    for v in done.webp.iter().chain(&done.fallback) {
        let (stem_hash, rest) = v.path.rsplit_once('-').unwrap();
        let (stem, hash) = stem_hash.rsplit_once('-').unwrap();
        assert_eq!(stem, "Front-Page");
        assert_eq!(hash.len(), 8);
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(rest, format!("{}.{}", v.width, v.format.extension()));
    }
}

#[test]
fn alpha_stays_alpha_in_webp_and_png() {
    let (_dir, cache) = temp_cache();
    let png = make::png(&DynamicImage::ImageRgba8(make::with_hole(400, 300)));
    let done = process(&png, "logo.png", &small_settings(), &cache).unwrap();
    assert!(done.fallback.iter().all(|v| v.format == Format::Png));
    for (label, bytes) in outputs(&done) {
        let image = decode(&bytes);
        assert!(image.color().has_alpha(), "{label}");
        let centre = image
            .to_rgba8()
            .get_pixel(image.width() / 2, image.height() / 2)
            .0;
        assert_eq!(centre[3], 0, "{label}: the hole is transparent");
        let corner = image.to_rgba8().get_pixel(1, 1).0;
        assert_eq!(corner[3], 255, "{label}: the frame is opaque");
    }
}

#[test]
fn a_png_with_opaque_alpha_loses_the_channel() {
    let (_dir, cache) = temp_cache();
    let opaque = DynamicImage::ImageRgb8(make::gradient(300, 200)).to_rgba8();
    let png = make::png(&DynamicImage::ImageRgba8(opaque));
    let done = process(&png, "flat.png", &small_settings(), &cache).unwrap();
    for (label, bytes) in outputs(&done) {
        assert!(!decode(&bytes).color().has_alpha(), "{label}");
    }
}

#[test]
fn sixteen_bit_png_works() {
    let (_dir, cache) = temp_cache();
    let done = process(
        &make::png16(700, 350),
        "deep.png",
        &small_settings(),
        &cache,
    )
    .unwrap();
    assert_eq!(widths(&done.webp), [160, 320, 640]);
    for (label, bytes) in outputs(&done) {
        let image = decode(&bytes);
        assert!(
            matches!(image.color(), image::ColorType::Rgb8),
            "{label}: {:?}",
            image.color()
        );
    }
}

#[test]
fn grey_jpeg_gives_grey_fallbacks() {
    let (_dir, cache) = temp_cache();
    let done = process(
        &make::grey_jpeg(500, 250),
        "grey.jpg",
        &small_settings(),
        &cache,
    )
    .unwrap();
    for v in &done.fallback {
        let image = decode(&std::fs::read(v.cached_file()).unwrap());
        assert_eq!(image.color(), image::ColorType::L8, "{}", v.path);
    }
    assert_eq!(done.webp.len(), done.fallback.len());
}

#[test]
fn cmyk_jpeg_works() {
    let (_dir, cache) = temp_cache();
    let done = process(
        &make::cmyk_jpeg(400, 200),
        "print.jpg",
        &small_settings(),
        &cache,
    )
    .unwrap();
    let fallback = decode(&std::fs::read(done.fallback[0].cached_file()).unwrap()).to_rgb8();
    let [r, g, b] = fallback.get_pixel(10, 10).0;
    // cyan + magenta ink is blue-violet on screen
    assert!(b > 150 && r < 120 && g < 120, "{:?}", [r, g, b]);
}

#[test]
fn webp_sources_fall_back_to_jpeg_or_png_with_alpha() {
    let (_dir, cache) = temp_cache();
    let opaque = make::jpeg(&make::gradient(700, 400), 90);
    let made = process(&opaque, "a.jpg", &small_settings(), &cache).unwrap();
    let webp = std::fs::read(made.webp.last().unwrap().cached_file()).unwrap();
    let done = process(&webp, "a.webp", &small_settings(), &cache).unwrap();
    assert_eq!(done.source_format, Format::WebP);
    assert!(done.fallback.iter().all(|v| v.format == Format::Jpeg));

    let holed = make::png(&DynamicImage::ImageRgba8(make::with_hole(300, 300)));
    let made = process(&holed, "b.png", &small_settings(), &cache).unwrap();
    let webp = std::fs::read(made.webp.last().unwrap().cached_file()).unwrap();
    let done = process(&webp, "b.webp", &small_settings(), &cache).unwrap();
    assert!(done.fallback.iter().all(|v| v.format == Format::Png));
}

#[test]
fn a_static_gif_is_processed_like_a_graphic() {
    let (_dir, cache) = temp_cache();
    let gif = make::animated_gif(400, 100, 1);
    let done = process(&gif, "chart.gif", &small_settings(), &cache).unwrap();
    assert!(!done.passthrough);
    assert_eq!(widths(&done.webp), [160, 320, 400]);
    assert!(done.fallback.iter().all(|v| v.format == Format::Png));
}

#[test]
fn every_variant_is_named_by_one_prefix_then_its_width_and_format() {
    // The API describes an image's variants as a pattern, `<prefix>-<width>.<extension>`.
    let (_dir, cache) = temp_cache();
    let jpeg = make::jpeg(&make::gradient(600, 300), 90);
    let done = process(&jpeg, "Front page.jpg", &small_settings(), &cache).unwrap();
    let (prefix, _) = done.webp[0].path.rsplit_once('-').unwrap();
    assert!(prefix.starts_with("Front-page-"), "{prefix}");
    for v in done.webp.iter().chain(&done.fallback) {
        let expected = format!("{prefix}-{}.{}", v.width, v.format.extension());
        assert_eq!(v.path, expected);
    }
}
