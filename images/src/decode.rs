//! Source bytes → upright 8-bit sRGB pixels, refusing hostile input before any
//! pixel buffer is allocated.

use std::io::{self, Cursor};

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader};

use crate::pixels::{self, Picture};
use crate::{colour, jpeg, Format, ImageError, Limits, Warning};

/// A decoded source, ready to resize.
pub(crate) struct Decoded {
    /// Upright, sRGB, 8-bit.
    pub picture: Picture,
    pub warnings: Vec<Warning>,
}

/// Decodes `bytes` (whose magic said `format`). Only the pixels survive: EXIF
/// (its orientation applied first), XMP, ICC (applied first) and comments stay
/// behind with the source bytes.
pub(crate) fn decode(bytes: &[u8], format: Format, limits: &Limits) -> Result<Decoded, ImageError> {
    if format == Format::Jpeg && !jpeg::is_complete(bytes) {
        return Err(ImageError::Truncated { format });
    }
    let mut decoder = open(bytes, format, limits)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, limits)?;
    if decoder.total_bytes() > limits.max_alloc {
        return Err(ImageError::NeedsTooMuchMemory {
            format,
            limit: limits.max_alloc,
        });
    }
    // Metadata the pixels depend on; unreadable metadata is no reason to refuse.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image =
        DynamicImage::from_decoder(decoder).map_err(|e| convert_error(e, format, limits))?;
    image.apply_orientation(orientation);
    let mut image = pixels::to_8bit(image);
    let warning = colour::to_srgb(&mut image, icc.as_deref());
    Ok(Decoded {
        picture: Picture::new(image),
        warnings: warning.into_iter().collect(),
    })
}

/// Reads the header only. The allocation cap is given to the decoder from the
/// start because PNG decoders take it at construction (it also bounds
/// compressed text and ICC chunks read with the header).
fn open<'a>(
    bytes: &'a [u8],
    format: Format,
    limits: &Limits,
) -> Result<impl ImageDecoder + 'a, ImageError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.to_image_format());
    let mut decoder_limits = image::Limits::no_limits();
    decoder_limits.max_alloc = Some(limits.max_alloc);
    reader.limits(decoder_limits);
    reader.into_decoder().map_err(|e| match e {
        // A PNG whose header alone exceeds the cap: say which limit it breaks.
        image::ImageError::Limits(_) => match png_dimensions(bytes) {
            Some((w, h)) => {
                check_dimensions(w, h, limits)
                    .err()
                    .unwrap_or(ImageError::NeedsTooMuchMemory {
                        format,
                        limit: limits.max_alloc,
                    })
            }
            None => convert_error(e, format, limits),
        },
        e => convert_error(e, format, limits),
    })
}

/// The size a PNG's IHDR declares (IHDR is the first chunk, at a fixed place).
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let ihdr = bytes.get(12..24)?;
    if &ihdr[..4] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(ihdr[4..8].try_into().ok()?);
    let height = u32::from_be_bytes(ihdr[8..12].try_into().ok()?);
    Some((width, height))
}

/// The area and side limits, checked on the declared size.
pub(crate) fn check_dimensions(width: u32, height: u32, limits: &Limits) -> Result<(), ImageError> {
    if u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(ImageError::TooManyPixels {
            width,
            height,
            limit_mp: limits.max_pixels as f64 / 1e6,
        });
    }
    if width.max(height) > limits.max_side {
        return Err(ImageError::SideTooLong {
            width,
            height,
            limit: limits.max_side,
        });
    }
    Ok(())
}

/// `image`'s errors in the author's terms.
fn convert_error(error: image::ImageError, format: Format, limits: &Limits) -> ImageError {
    use image::ImageError as E;
    match error {
        E::Limits(_) => ImageError::NeedsTooMuchMemory {
            format,
            limit: limits.max_alloc,
        },
        E::IoError(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            ImageError::Truncated { format }
        }
        E::Unsupported(e) => ImageError::Unsupported {
            format,
            detail: e.to_string(),
        },
        other => {
            let detail = other.to_string();
            if mentions_end_of_data(&detail) {
                ImageError::Truncated { format }
            } else {
                ImageError::Damaged { format, detail }
            }
        }
    }
}

/// Decoders report running out of data in their own words.
fn mentions_end_of_data(detail: &str) -> bool {
    let lower = detail.to_ascii_lowercase();
    [
        "eof",
        "end of file",
        "not enough bytes",
        "unexpected end",
        "truncated",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_and_side_are_both_limited() {
        let limits = Limits::default();
        assert!(matches!(
            check_dimensions(50_000, 50_000, &limits),
            Err(ImageError::TooManyPixels { .. })
        ));
        assert!(matches!(
            check_dimensions(20_000, 100, &limits),
            Err(ImageError::SideTooLong { .. })
        ));
        assert!(check_dimensions(8_000, 5_000, &limits).is_ok());
    }

    #[test]
    fn the_too_many_pixels_message_says_what_to_do() {
        let message = check_dimensions(50_000, 50_000, &Limits::default())
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "the image declares 50000×50000 pixels, more than the limit of 40 megapixels: resize it before adding it"
        );
    }
}
