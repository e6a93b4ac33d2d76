//! Pixels → file bytes. None of the encoders is given any metadata, so the
//! outputs hold pixels only (JPEG: a JFIF header; PNG and WebP: nothing).

use std::borrow::Cow;

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder};
use jpeg_encoder::{ChromaSubsamplingMethod, ColorType, Encoder};

use crate::pixels::{Kind, Picture};
use crate::webp::{self, Layout};
use crate::{Format, ImageError};

/// The fallback format for browsers without WebP. JPEG sources stay JPEG and PNG
/// stay PNG; GIFs (graphics) become PNG; WebP sources become JPEG. Anything
/// with transparency is PNG, so alpha is never lost or flattened.
pub(crate) fn fallback_format(source: Format, has_alpha: bool) -> Format {
    match source {
        _ if has_alpha => Format::Png,
        Format::Jpeg | Format::WebP => Format::Jpeg,
        Format::Png | Format::Gif => Format::Png,
    }
}

/// Lossy WebP, straight from the RGBA buffer (WebP stores colour only, so
/// grey goes as RGB; an opaque picture's fourth byte is ignored).
pub(crate) fn webp(picture: &Picture, quality: f32) -> Result<Vec<u8>, ImageError> {
    let layout = if picture.kind.has_alpha() {
        Layout::Rgba
    } else {
        Layout::Rgbx
    };
    let (w, h) = (picture.width(), picture.height());
    webp::encode_lossy(picture.rgba.as_raw(), layout, w, h, quality).map_err(|detail| {
        ImageError::Encode {
            format: Format::WebP,
            detail,
        }
    })
}

/// The fallback in `format` (JPEG or PNG).
pub(crate) fn fallback(
    picture: &Picture,
    format: Format,
    jpeg_quality: u8,
) -> Result<Vec<u8>, ImageError> {
    let result = match format {
        Format::Jpeg => jpeg(picture, jpeg_quality),
        _ => png(picture),
    };
    result.map_err(|detail| ImageError::Encode { format, detail })
}

/// Progressive JPEG with optimised Huffman tables (smaller at the same quality)
/// and 4:2:0 chroma averaged rather than sampled. Grey stays one channel.
/// `fallback_format` never sends transparency here.
fn jpeg(picture: &Picture, quality: u8) -> Result<Vec<u8>, String> {
    let too_big = |_| {
        format!(
            "{}×{} is larger than JPEG allows",
            picture.width(),
            picture.height()
        )
    };
    let w = u16::try_from(picture.width()).map_err(too_big)?;
    let h = u16::try_from(picture.height()).map_err(too_big)?;
    let mut out = Vec::new();
    let mut encoder = Encoder::new(&mut out, quality.clamp(1, 100));
    encoder.set_progressive(true);
    encoder.set_optimized_huffman_tables(true);
    encoder.set_chroma_subsampling_method(ChromaSubsamplingMethod::Average);
    let (pixels, colour) = match picture.kind {
        Kind::Grey | Kind::GreyAlpha => (Cow::Owned(picture.channels(&[0])), ColorType::Luma),
        // jpeg-encoder reads RGBA and ignores the alpha byte.
        Kind::Rgb | Kind::Rgba => (Cow::Borrowed(picture.rgba.as_raw()), ColorType::Rgba),
    };
    encoder
        .encode(&pixels, w, h, colour)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// PNG at the strongest deflate level with adaptive filters, in the smallest
/// colour type the pixels allow (8-bit, grey when grey, alpha only if used).
fn png(picture: &Picture) -> Result<Vec<u8>, String> {
    let (pixels, colour) = match picture.kind {
        Kind::Grey => (Cow::Owned(picture.channels(&[0])), ExtendedColorType::L8),
        Kind::GreyAlpha => (
            Cow::Owned(picture.channels(&[0, 3])),
            ExtendedColorType::La8,
        ),
        Kind::Rgb => (
            Cow::Owned(picture.channels(&[0, 1, 2])),
            ExtendedColorType::Rgb8,
        ),
        Kind::Rgba => (
            Cow::Borrowed(picture.rgba.as_raw()),
            ExtendedColorType::Rgba8,
        ),
    };
    let mut out = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut out, CompressionType::Best, FilterType::Adaptive);
    encoder
        .write_image(&pixels, picture.width(), picture.height(), colour)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_follows_the_source_unless_there_is_alpha() {
        assert_eq!(fallback_format(Format::Jpeg, false), Format::Jpeg);
        assert_eq!(fallback_format(Format::Png, false), Format::Png);
        assert_eq!(fallback_format(Format::WebP, false), Format::Jpeg);
        assert_eq!(fallback_format(Format::WebP, true), Format::Png);
        assert_eq!(fallback_format(Format::Gif, false), Format::Png);
    }

    #[test]
    fn grey_stays_one_channel() {
        let grey = image::GrayImage::from_pixel(16, 16, image::Luma([100]));
        let grey = Picture::new(image::DynamicImage::ImageLuma8(grey));
        let bytes = fallback(&grey, Format::Jpeg, 80).unwrap();
        let back = image::load_from_memory(&bytes).unwrap();
        assert_eq!(back.color(), image::ColorType::L8);
        let png = image::load_from_memory(&fallback(&grey, Format::Png, 80).unwrap()).unwrap();
        assert_eq!(png.color(), image::ColorType::L8);
    }

    #[test]
    fn opaque_colour_loses_the_alpha_byte_in_png() {
        let rgb = image::RgbImage::from_pixel(8, 8, image::Rgb([1, 2, 3]));
        let picture = Picture::new(image::DynamicImage::ImageRgb8(rgb));
        let png = image::load_from_memory(&fallback(&picture, Format::Png, 80).unwrap()).unwrap();
        assert_eq!(png.color(), image::ColorType::Rgb8);
        assert_eq!(png.to_rgb8().get_pixel(4, 4).0, [1, 2, 3]);
    }
}
