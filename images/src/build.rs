//! Encoding one source: every file of its cache entry, in memory.

use crate::container::{WalkError, Walked};
use crate::decode::{self, check_dimensions};
use crate::manifest::{FileRecord, Manifest, Role};
use crate::naming::sha256_hex;
use crate::pixels::Picture;
use crate::resize::{height_for, plan_widths, resize};
use crate::{encode, gif, riff, Format, ImageError, Limits, Settings, Warning};

/// Encodes every file of an entry: its manifest and the bytes, in order.
pub(crate) fn build(
    bytes: &[u8],
    format: Format,
    settings: &Settings,
) -> Result<(Manifest, Vec<Vec<u8>>), ImageError> {
    if let Some(animation) = animation(bytes, format, &settings.limits)? {
        return Ok(passthrough(animation, format));
    }
    let decoded = decode::decode(bytes, format, &settings.limits)?;
    let (manifest, contents) = encode_variants(&decoded.picture, format, settings)?;
    let warnings = decoded.warnings.iter().filter_map(|w| match w {
        Warning::ProfileIgnored { reason } => Some(reason.clone()),
        Warning::ExtensionMismatch { .. } => None,
    });
    Ok((
        Manifest {
            warnings: warnings.collect(),
            ..manifest
        },
        contents,
    ))
}

/// An animated GIF or WebP, stripped of its metadata; `None` for a still.
/// The walk also reports a GIF or WebP cut short, which the decoders might not.
fn animation(bytes: &[u8], format: Format, limits: &Limits) -> Result<Option<Walked>, ImageError> {
    let walked = match format {
        Format::Gif => gif::inspect(bytes),
        Format::WebP => riff::inspect(bytes),
        Format::Jpeg | Format::Png => return Ok(None),
    };
    let walked = walked.map_err(|e| match e {
        WalkError::Truncated => ImageError::Truncated { format },
        WalkError::Damaged(detail) => ImageError::Damaged { format, detail },
    })?;
    if !walked.animated {
        return Ok(None);
    }
    check_dimensions(walked.width, walked.height, limits)?;
    Ok(Some(walked))
}

fn passthrough(animation: Walked, format: Format) -> (Manifest, Vec<Vec<u8>>) {
    let size = (animation.width, animation.height);
    let record = file_record(Role::Fallback, format, size, &animation.stripped);
    let manifest = Manifest {
        format,
        width: size.0,
        height: size.1,
        passthrough: true,
        files: vec![FileRecord {
            file: format!("original.{}", format.extension()),
            ..record
        }],
        warnings: Vec::new(),
    };
    (manifest, vec![animation.stripped])
}

/// The variants at each planned width, then, with `Settings::crop`, those of the
/// source cut to that shape.
fn encode_variants(
    picture: &Picture,
    format: Format,
    settings: &Settings,
) -> Result<(Manifest, Vec<Vec<u8>>), ImageError> {
    let source = (picture.width(), picture.height());
    let mut encoded = Encoded::default();
    let fallback_format = encode::fallback_format(format, picture.kind.has_alpha());
    encoded.widths(picture, WHOLE, fallback_format, settings)?;
    if let Some(region) = settings.crop.and_then(|shape| crop_region(source, shape)) {
        let (x, y, width, height) = region;
        let cut = Picture {
            rgba: image::imageops::crop_imm(&picture.rgba, x, y, width, height).to_image(),
            kind: picture.kind,
        };
        encoded.widths(&cut, CUT, fallback_format, settings)?;
    }
    let manifest = Manifest {
        format,
        width: source.0,
        height: source.1,
        passthrough: false,
        files: encoded.files,
        warnings: Vec::new(),
    };
    Ok((manifest, encoded.contents))
}

/// The roles of a picture's WebP and fallback files: the whole source, or its cut.
const WHOLE: [Role; 2] = [Role::WebP, Role::Fallback];
const CUT: [Role; 2] = [Role::CroppedWebP, Role::CroppedFallback];

/// The files of an entry as they are encoded: records and bytes, in the same order.
#[derive(Default)]
struct Encoded {
    files: Vec<FileRecord>,
    contents: Vec<Vec<u8>>,
}

impl Encoded {
    /// For each planned width of `picture`: resample once, encode WebP and the fallback,
    /// as `roles` ([`WHOLE`] or [`CUT`]).
    fn widths(
        &mut self,
        picture: &Picture,
        roles: [Role; 2],
        fallback_format: Format,
        settings: &Settings,
    ) -> Result<(), ImageError> {
        let source = (picture.width(), picture.height());
        for width in plan_widths(source.0, &settings.widths) {
            let height = height_for(source, width);
            let pixels = resize(picture, width, height).map_err(|detail| ImageError::Resize {
                width,
                height,
                detail,
            })?;
            let webp = encode::webp(&pixels, settings.webp_quality)?;
            let fallback = encode::fallback(&pixels, fallback_format, settings.jpeg_quality)?;
            let formats = [
                (roles[0], Format::WebP, webp),
                (roles[1], fallback_format, fallback),
            ];
            for (role, format, bytes) in formats {
                self.files
                    .push(file_record(role, format, (width, height), &bytes));
                self.contents.push(bytes);
            }
        }
        Ok(())
    }
}

/// The centred region `(x, y, width, height)` of a `source` of that size cut to `shape`
/// (width : height), or `None` when it would keep 98 % of the source or more (the
/// variants already serve that shape) or when `shape` has a zero side.
pub(crate) fn crop_region(source: (u32, u32), shape: (u32, u32)) -> Option<(u32, u32, u32, u32)> {
    let (sw, sh) = (u64::from(source.0), u64::from(source.1));
    let (w, h) = (u64::from(shape.0), u64::from(shape.1));
    if w == 0 || h == 0 || sw == 0 || sh == 0 {
        return None;
    }
    // Wider than the shape: keep the whole height; otherwise the whole width. The other
    // side is the shape's at that size, rounded as every variant's height is.
    let (cw, ch) = if sw * h > sh * w {
        (u64::from(height_for((shape.1, shape.0), source.1)), sh)
    } else {
        (sw, u64::from(height_for(shape, source.0)))
    };
    if cw * ch * 50 >= sw * sh * 49 {
        return None;
    }
    let at = |whole: u64, part: u64| ((whole - part) / 2) as u32;
    Some((at(sw, cw), at(sh, ch), cw as u32, ch as u32))
}

fn file_record(
    role: Role,
    format: Format,
    (width, height): (u32, u32),
    bytes: &[u8],
) -> FileRecord {
    // The cut's files are `c<width>.<ext>` beside the whole's `<width>.<ext>`.
    let prefix = if role.is_cropped() { "c" } else { "" };
    FileRecord {
        role,
        format,
        width,
        height,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        file: format!("{prefix}{width}.{}", format.extension()),
    }
}

#[cfg(test)]
mod tests {
    use super::crop_region;

    #[test]
    fn crops_are_centred_and_keep_the_whole_of_the_narrow_side() {
        // Taller than 16:9: the whole width, the middle rows.
        assert_eq!(crop_region((1000, 872), (16, 9)), Some((0, 154, 1000, 563)));
        assert_eq!(crop_region((512, 512), (16, 9)), Some((0, 112, 512, 288)));
        // Wider: the whole height, the middle columns.
        assert_eq!(
            crop_region((4000, 1000), (16, 9)),
            Some((1111, 0, 1778, 1000))
        );
        // Within 2 % of the shape, or no shape: nothing to cut.
        assert_eq!(crop_region((1920, 1080), (16, 9)), None);
        assert_eq!(crop_region((1920, 1100), (16, 9)), None);
        assert_eq!(
            crop_region((1920, 1120), (16, 9)),
            Some((0, 20, 1920, 1080))
        );
        assert_eq!(crop_region((640, 427), (0, 9)), None);
        // A sliver still keeps a pixel.
        assert_eq!(crop_region((1, 5000), (16, 9)), Some((0, 2499, 1, 1)));
    }
}

#[cfg(test)]
mod cost {
    //! The cost of each crate the pipeline uses, stage by stage, on the sample site's
    //! photos. Ignored by default (it measures, it asserts nothing); run it in release:
    //! `cargo test --release -p broadsheet-images --lib -- --ignored --nocapture stage_costs`.

    use std::path::Path;
    use std::time::{Duration, Instant};

    use super::*;

    #[test]
    #[ignore = "a measurement, not a check: run it with --release --ignored --nocapture"]
    fn stage_costs_on_the_sample_photos() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/media/photos");
        let settings = Settings::default();
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        let [mut decode_t, mut resize_t, mut webp_t, mut fallback_t] = [Duration::ZERO; 4];
        println!(
            "| photo | source | decode + orient + sRGB | resize | WebP encode | fallback encode |"
        );
        println!("|---|---|---:|---:|---:|---:|");
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let format = Format::sniff(&bytes).unwrap();
            let t = Instant::now();
            let decoded = decode::decode(&bytes, format, &settings.limits).unwrap();
            let d = t.elapsed();
            let picture = &decoded.picture;
            let source = (picture.width(), picture.height());
            let fallback_format = encode::fallback_format(format, picture.kind.has_alpha());
            let [mut r, mut w, mut f] = [Duration::ZERO; 3];
            for width in plan_widths(source.0, &settings.widths) {
                let t = Instant::now();
                let pixels = resize(picture, width, height_for(source, width)).unwrap();
                r += t.elapsed();
                let t = Instant::now();
                encode::webp(&pixels, settings.webp_quality).unwrap();
                w += t.elapsed();
                let t = Instant::now();
                encode::fallback(&pixels, fallback_format, settings.jpeg_quality).unwrap();
                f += t.elapsed();
            }
            let name = path.file_name().unwrap().to_string_lossy();
            let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
            println!(
                "| {name} | {}×{} {format:?} → {fallback_format:?} | {} | {} | {} | {} |",
                source.0,
                source.1,
                ms(d),
                ms(r),
                ms(w),
                ms(f)
            );
            decode_t += d;
            resize_t += r;
            webp_t += w;
            fallback_t += f;
        }
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| all, one thread | | {} | {} | {} | {} |",
            ms(decode_t),
            ms(resize_t),
            ms(webp_t),
            ms(fallback_t)
        );
    }
}
