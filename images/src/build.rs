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

/// For each planned width: resample once, encode WebP and the fallback.
fn encode_variants(
    picture: &Picture,
    format: Format,
    settings: &Settings,
) -> Result<(Manifest, Vec<Vec<u8>>), ImageError> {
    let source = (picture.width(), picture.height());
    let fallback_format = encode::fallback_format(format, picture.kind.has_alpha());
    let mut files = Vec::new();
    let mut contents = Vec::new();
    for width in plan_widths(source.0, &settings.widths) {
        let height = height_for(source, width);
        let pixels = resize(picture, width, height).map_err(|detail| ImageError::Resize {
            width,
            height,
            detail,
        })?;
        let webp = encode::webp(&pixels, settings.webp_quality)?;
        files.push(file_record(
            Role::WebP,
            Format::WebP,
            (width, height),
            &webp,
        ));
        contents.push(webp);
        let fallback = encode::fallback(&pixels, fallback_format, settings.jpeg_quality)?;
        files.push(file_record(
            Role::Fallback,
            fallback_format,
            (width, height),
            &fallback,
        ));
        contents.push(fallback);
    }
    let manifest = Manifest {
        format,
        width: source.0,
        height: source.1,
        passthrough: false,
        files,
        warnings: Vec::new(),
    };
    Ok((manifest, contents))
}

fn file_record(
    role: Role,
    format: Format,
    (width, height): (u32, u32),
    bytes: &[u8],
) -> FileRecord {
    FileRecord {
        role,
        format,
        width,
        height,
        bytes: bytes.len() as u64,
        sha256: sha256_hex(bytes),
        file: format!("{width}.{}", format.extension()),
    }
}
