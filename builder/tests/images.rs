//! Photos through `broadsheet build`: variants at the layout's widths in WebP and the
//! source's format, named by content; `<picture>` markup in the body and variants in the
//! API; GPS and every other piece of metadata gone; orientation applied; the cache reused
//! by a second build and pruned; hostile images refused at the line that names them,
//! with the previous output left as it was.

use std::path::{Path, PathBuf};

use broadsheet_app::model::{Article, ArticleSummary, Image, ListingPage, Site};

use crate::sec_support::*;

/// A photograph of the sample site (public domain: SpaceX), 640 × 427.
fn rocket() -> Vec<u8> {
    std::fs::read(sample_photo("rocket.jpg")).unwrap()
}

fn sample_photo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../content/media/photos")
        .join(name)
}

const CANARY: &str = "BROADSHEET-GPS-CANARY";

/// `jpeg` with an EXIF segment right after SOI: orientation `orientation` and a GPS IFD
/// (latitude 51°30'N, and the canary as its processing method), as a phone writes it.
fn with_gps_exif(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [
            &tag.to_be_bytes()[..],
            &kind.to_be_bytes(),
            &count.to_be_bytes(),
            &value.to_be_bytes(),
        ]
        .concat()
    };
    let (ifd0, gps) = (8u32, 8 + 2 + 2 * 12 + 4);
    let (latitude, method) = (gps + 2 + 3 * 12 + 4, gps + 2 + 3 * 12 + 4 + 24);
    let mut tiff = b"MM\x00\x2a".to_vec();
    tiff.extend(ifd0.to_be_bytes());
    tiff.extend(2u16.to_be_bytes());
    tiff.extend(entry(0x0112, 3, 1, u32::from(orientation) << 16));
    tiff.extend(entry(0x8825, 4, 1, gps));
    tiff.extend(0u32.to_be_bytes());
    tiff.extend(3u16.to_be_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, 5, 3, latitude));
    tiff.extend(entry(0x001B, 7, CANARY.len() as u32, method));
    tiff.extend(0u32.to_be_bytes());
    for (num, den) in [(51u32, 1u32), (30, 1), (0, 1)] {
        tiff.extend(num.to_be_bytes());
        tiff.extend(den.to_be_bytes());
    }
    tiff.extend_from_slice(CANARY.as_bytes());
    let payload = [b"Exif\0\0".as_slice(), &tiff].concat();
    let len = (payload.len() + 2) as u16;
    [
        &jpeg[..2],
        &[0xFF, 0xE1],
        &len.to_be_bytes(),
        &payload,
        &jpeg[2..],
    ]
    .concat()
}

/// A content folder whose article `photo` has `lead` as its lead image and `body` as
/// its body, with `files` in media/.
fn site_with(root: &Path, lead: &str, body: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let c = content(root);
    for (name, bytes) in files {
        let path = c.join("media").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let text = format!(
        "+++\ntitle = \"Photo\"\nslug = \"photo\"\ndate = 2026-11-21T10:00:00Z\nsection = \"city\"\n\n[lead]\nsrc = \"{lead}\"\nalt = \"The lead\"\n+++\n\n{body}\n"
    );
    std::fs::write(c.join("articles/city/photo.md"), text).unwrap();
    c
}

fn json<T: serde::de::DeserializeOwned>(out: &Path, rel: &str) -> T {
    let text = std::fs::read_to_string(out.join("api/v1").join(rel)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every published variant file, by name.
fn variant_files(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.join("media/_v"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn a_photo_gets_webp_and_jpeg_variants_at_the_layout_widths() {
    let root = tempfile::tempdir().unwrap();
    let c = site_with(
        root.path(),
        "media/rocket.jpg",
        "Text.",
        &[("rocket.jpg", &rocket())],
    );
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let article: Article = json(&out, "articles/photo.json");
    let image = article.lead.unwrap().image;
    let variants = image.variants.clone().expect("the lead photo has variants");
    // 640 px wide: the steps below it, then its own width (never upscaled).
    assert_eq!(variants.widths, [320, 480, 640]);
    assert_eq!(variants.formats, ["webp", "jpg"]);
    assert!(
        variants.path.starts_with("media/_v/rocket-"),
        "{}",
        variants.path
    );
    assert_eq!((image.width, image.height), (640, 427));
    assert_eq!(image.src, format!("{}-640.jpg", variants.path));
    assert_eq!(image.alt, "The lead");
    for w in &variants.widths {
        for ext in &variants.formats {
            let file = out.join(format!("{}-{w}.{ext}", variants.path));
            let size = imagesize::size(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(size.width, *w as usize, "{}", file.display());
            let height = (427.0 * f64::from(*w) / 640.0).round() as usize;
            assert_eq!(size.height, height, "{}", file.display());
        }
    }
    // A lead photo is also cut to a card's 16:9 (640 × 360 of its 640 × 427, centred).
    let cut = image
        .card
        .clone()
        .expect("a 3:2 lead photo has card variants");
    assert_eq!(cut.path, format!("{}-crop", variants.path));
    assert_eq!(
        (cut.widths.as_slice(), cut.formats.as_slice()),
        (&[320, 480, 640][..], &variants.formats[..])
    );
    for w in &cut.widths {
        for ext in &cut.formats {
            let file = out.join(format!("{}-{w}.{ext}", cut.path));
            let size = imagesize::size(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert_eq!(
                (size.width, size.height),
                (*w as usize, (*w * 9 / 16) as usize)
            );
        }
    }
    assert_eq!(variant_files(&out).len(), 12);
    // The original is not published: only its variants are.
    assert!(!out.join("media/rocket.jpg").exists());
    // Cards carry the same image, with both sets of variants.
    let listing: ListingPage = json(&out, "latest/newest.json");
    let card: &ArticleSummary = listing.items.iter().find(|i| i.slug == "photo").unwrap();
    assert_eq!(card.thumbnail.as_ref().unwrap().variants, Some(variants));
    assert_eq!(card.thumbnail.as_ref().unwrap().card, Some(cut));
}

#[test]
fn body_photos_become_pictures_with_srcset_and_sizes() {
    let root = tempfile::tempdir().unwrap();
    let c = site_with(
        root.path(),
        "media/rocket.jpg",
        "Before.\n\n![A \"rocket\" & the pad](media/sub/pad.jpg \"Launch\")\n\nAfter.",
        &[("rocket.jpg", &rocket()), ("sub/pad.jpg", &rocket())],
    );
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let article: Article = json(&out, "articles/photo.json");
    // The same bytes as the lead, under another name: its own variants, none cut for cards.
    let files = variant_files(&out);
    let pad = files.iter().find(|f| f.starts_with("pad-")).unwrap();
    let pad = format!("media/_v/{}", pad.rsplit_once('-').unwrap().0);
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with("pad-") && f.contains("-crop-")),
        "{files:?}"
    );
    let html = &article.body_html;
    let expected = format!(
        "<picture><source type=\"image/webp\" srcset=\"/{pad}-320.webp 320w, /{pad}-480.webp 480w, /{pad}-640.webp 640w\" sizes=\"(min-width: 44rem) 42rem, calc(100vw - 2rem)\"><img src=\"/{pad}-640.jpg\" srcset=\"/{pad}-320.jpg 320w, /{pad}-480.jpg 480w, /{pad}-640.jpg 640w\" sizes=\"(min-width: 44rem) 42rem, calc(100vw - 2rem)\" width=\"640\" height=\"427\" alt=\"A &quot;rocket&quot; &amp; the pad\" title=\"Launch\" loading=\"lazy\" decoding=\"async\"></picture>"
    );
    assert!(html.contains(&expected), "{html}");
    assert!(out.join(format!("{pad}-480.webp")).is_file());
}

#[test]
fn gps_and_every_other_piece_of_metadata_is_gone_and_the_photo_is_upright() {
    let root = tempfile::tempdir().unwrap();
    // Orientation 6: the camera was turned; the stored pixels are 640 × 427 on their side.
    let source = with_gps_exif(&rocket(), 6);
    assert!(source.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()));
    let c = site_with(
        root.path(),
        "media/phone.jpg",
        "Text.",
        &[("phone.jpg", &source)],
    );
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let article: Article = json(&out, "articles/photo.json");
    let image = article.lead.unwrap().image;
    assert_eq!((image.width, image.height), (427, 640), "turned upright");
    let files = variant_files(&out);
    assert!(!files.is_empty());
    for name in files {
        let bytes = std::fs::read(out.join("media/_v").join(&name)).unwrap();
        for needle in [CANARY.as_bytes(), b"Exif\0\0", b"MM\x00\x2a"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{name} still holds {:?}",
                String::from_utf8_lossy(needle)
            );
        }
        let size = imagesize::size(out.join("media/_v").join(&name)).unwrap();
        if name.contains("-crop-") {
            // Cut to 16:9 from the upright 427 × 640, not from the stored 640 × 427.
            assert!(
                size.width <= 427 && size.height < size.width,
                "{name} is upright"
            );
        } else {
            assert!(size.height > size.width, "{name} is upright");
        }
    }
}

#[test]
fn a_second_build_reuses_the_cache_and_the_first_builds_unused_entries_are_pruned() {
    let root = tempfile::tempdir().unwrap();
    let c = site_with(
        root.path(),
        "media/rocket.jpg",
        "Text.",
        &[("rocket.jpg", &rocket())],
    );
    let (out, cache) = (root.path().join("dist"), root.path().join("dist.cache"));
    let first = crate::common::build(&c, &out, None, None).unwrap();
    assert_eq!((first.images.encoded, first.images.reused), (1, 0));
    let names = variant_files(&out);
    let second = crate::common::build(&c, &out, None, None).unwrap();
    assert_eq!((second.images.encoded, second.images.reused), (0, 1));
    assert_eq!(variant_files(&out), names, "the same names");
    let variant = |p: &String| p.starts_with("media/_v/");
    assert!(
        !second.changes.written.iter().any(variant),
        "the same variants are not listed as written: {:?}",
        second.changes.written
    );
    assert!(cache.join("CACHEDIR.TAG").is_file());
    // Another photo instead: encoded, and the old entry is pruned after the build.
    let other = with_gps_exif(&rocket(), 3);
    std::fs::write(c.join("media/rocket.jpg"), other).unwrap();
    let third = crate::common::build(&c, &out, None, None).unwrap();
    assert_eq!(third.images.encoded, 1);
    // The change list names the new variants as written and the old ones as removed.
    let listed = |list: &[String]| -> Vec<String> {
        let mut names: Vec<String> = (list.iter().filter(|p| variant(p)))
            .map(|p| p.trim_start_matches("media/_v/").to_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(listed(&third.changes.written), variant_files(&out));
    assert_eq!(listed(&third.changes.removed), names);
    let entries = walkdir::WalkDir::new(cache.join("v1"))
        .min_depth(2)
        .max_depth(2)
        .into_iter()
        .count();
    assert_eq!(entries, 1, "only the entry the last build used is kept");
}

/// Builds once, breaks the photo with `bytes`, and checks the build fails saying `says`,
/// at the article's lead line, with the previous output unchanged.
fn refused(name: &str, bytes: &[u8], says: &str) {
    let root = tempfile::tempdir().unwrap();
    let c = site_with(
        root.path(),
        "media/rocket.jpg",
        "Text.",
        &[("rocket.jpg", &rocket())],
    );
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let hash = tree_hash(&out);
    std::fs::write(c.join("media/rocket.jpg"), bytes).unwrap();
    let o = build(&c, &out);
    let err = stderr(&o);
    assert!(!o.status.success(), "{name}: built anyway: {err}");
    assert!(
        err.contains("photo.md:8: lead image"),
        "{name}: no file:line in {err}"
    );
    assert!(err.contains(says), "{name}: `{says}` not in {err}");
    assert_eq!(tree_hash(&out), hash, "{name}: the previous output changed");
    let leftovers: Vec<_> = listing(root.path())
        .into_iter()
        .filter(|p| {
            p.starts_with("dist.")
                && !p.starts_with("dist.cache")
                && !p.starts_with("dist.spare")
                && p != "dist.changes.json"
        })
        .collect();
    assert!(leftovers.is_empty(), "{name}: {leftovers:?}");
}

#[test]
fn a_truncated_photo_is_refused_at_the_line_that_names_it() {
    let whole = rocket();
    refused("truncated", &whole[..whole.len() * 6 / 10], "truncated");
}

#[test]
fn a_decompression_bomb_is_refused_before_it_is_decoded() {
    refused("bomb", &png_header(50_000, 50_000), "50000×50000");
}

#[test]
fn a_photo_over_the_size_limit_is_refused_without_being_read() {
    let mut bytes = rocket();
    bytes.resize(70 * 1024 * 1024, 0);
    refused("70 MB", &bytes, "more than the limit");
}

#[test]
fn text_named_like_a_photo_is_refused_and_a_lying_extension_is_a_warning() {
    refused(
        "svg as jpg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "text or SVG",
    );
    let root = tempfile::tempdir().unwrap();
    let png = std::fs::read(sample_photo("chelsea.png")).unwrap();
    let c = site_with(root.path(), "media/cat.jpg", "Text.", &[("cat.jpg", &png)]);
    let out = root.path().join("dist");
    let o = build(&c, &out);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("photo.md:8: warning: lead image `media/cat.jpg`: the file is named .jpg but holds a PNG image"),
        "{err}"
    );
    let article: Article = json(&out, "articles/photo.json");
    assert_eq!(
        article.lead.unwrap().image.variants.unwrap().formats,
        ["webp", "png"]
    );
}

#[test]
fn a_bad_body_image_is_refused_at_its_body_line() {
    let root = tempfile::tempdir().unwrap();
    let c = site_with(
        root.path(),
        "media/rocket.jpg",
        "One.\n\nTwo.\n\n![x](media/cut.jpg)",
        &[("rocket.jpg", &rocket()), ("cut.jpg", &rocket()[..4000])],
    );
    let o = build(&c, &root.path().join("dist"));
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("photo.md:16: image `media/cut.jpg`: the JPEG file ends early"),
        "{err}"
    );
}

/// A PNG that declares `width` × `height` pixels (a valid header, no pixel data).
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let crc = crc32(&ihdr);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13u32.to_be_bytes());
    png.extend(ihdr);
    png.extend(crc.to_be_bytes());
    png.extend([0, 0, 0, 0]);
    png.extend(b"IDAT");
    png.extend(crc32(b"IDAT").to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn the_site_logo_can_be_a_photo() {
    let root = tempfile::tempdir().unwrap();
    let c = site_with(
        root.path(),
        "media/rocket.jpg",
        "Text.",
        &[("rocket.jpg", &rocket())],
    );
    let toml = std::fs::read_to_string(c.join("site.toml")).unwrap();
    std::fs::write(
        c.join("site.toml"),
        format!("{toml}\n[logo]\nsrc = \"media/rocket.jpg\"\nalt = \"Logo\"\n"),
    )
    .unwrap();
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let site: Site = json(&out, "site.json");
    let logo: Image = site.logo.unwrap();
    assert!(logo.variants.is_some());
    assert_eq!(logo.alt, "Logo");
}
