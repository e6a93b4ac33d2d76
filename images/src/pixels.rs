//! Bringing decoded pixels to what the web formats hold: 8 bits per channel,
//! grey or colour, with alpha only when some pixel is actually transparent.

use image::{DynamicImage, RgbaImage};

/// Which channels of a [`Picture`] carry information.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Grey,
    GreyAlpha,
    Rgb,
    Rgba,
}

impl Kind {
    pub(crate) fn has_alpha(self) -> bool {
        matches!(self, Kind::GreyAlpha | Kind::Rgba)
    }
}

/// Pixels ready to resize and encode. Always RGBA in memory, so that a single
/// resampler serves every image (see `resize`); `kind` tells the encoders
/// which channels to write, so grey stays grey and opaque stays opaque.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Picture {
    pub rgba: RgbaImage,
    pub kind: Kind,
}

impl Picture {
    /// Takes 8-bit pixels (see [`to_8bit`]). An alpha channel that is fully
    /// opaque (common in PNG exports) counts as none: smaller variants, and a
    /// JPEG fallback where the rules allow.
    pub(crate) fn new(image: DynamicImage) -> Picture {
        let kind = match &image {
            DynamicImage::ImageLuma8(_) => Kind::Grey,
            DynamicImage::ImageLumaA8(buf) if buf.pixels().all(|p| p[1] == u8::MAX) => Kind::Grey,
            DynamicImage::ImageLumaA8(_) => Kind::GreyAlpha,
            DynamicImage::ImageRgba8(buf) if buf.pixels().any(|p| p[3] < u8::MAX) => Kind::Rgba,
            _ => Kind::Rgb,
        };
        let (width, height) = (image.width(), image.height());
        let rgba = match image {
            DynamicImage::ImageLuma8(buf) => widen(buf.into_raw(), 1, |p| [p[0], p[0], p[0], 255]),
            DynamicImage::ImageLumaA8(buf) => {
                widen(buf.into_raw(), 2, |p| [p[0], p[0], p[0], p[1]])
            }
            DynamicImage::ImageRgb8(buf) => widen(buf.into_raw(), 3, |p| [p[0], p[1], p[2], 255]),
            other => other.into_rgba8().into_raw(),
        };
        Picture {
            rgba: RgbaImage::from_raw(width, height, rgba).expect("4 bytes per pixel"),
            kind,
        }
    }

    pub(crate) fn width(&self) -> u32 {
        self.rgba.width()
    }

    pub(crate) fn height(&self) -> u32 {
        self.rgba.height()
    }

    /// The channels `keep` (indices into RGBA) of every pixel, packed.
    pub(crate) fn channels(&self, keep: &[usize]) -> Vec<u8> {
        let mut packed = Vec::with_capacity(self.rgba.as_raw().len() / 4 * keep.len());
        for pixel in self.rgba.pixels() {
            packed.extend(keep.iter().map(|&c| pixel[c]));
        }
        packed
    }
}

/// Packed pixels of `channels` bytes turned into RGBA in their own allocation,
/// back to front so no pixel is overwritten before it is read. Growing the
/// buffer in place (a large realloc is an mremap) instead of converting into
/// a second one saves 3 bytes per pixel of peak memory: 120 MB at 40 MP.
fn widen(mut buf: Vec<u8>, channels: usize, to_rgba: impl Fn(&[u8]) -> [u8; 4]) -> Vec<u8> {
    let pixels = buf.len() / channels;
    buf.reserve_exact(pixels * 4 - buf.len());
    buf.resize(pixels * 4, 0);
    for i in (0..pixels).rev() {
        let rgba = to_rgba(&buf[i * channels..(i + 1) * channels]);
        buf[i * 4..(i + 1) * 4].copy_from_slice(&rgba);
    }
    buf
}

/// 8-bit grey, grey+alpha, RGB or RGBA. Browsers show 8 bits per channel and
/// WebP stores no more, so 16-bit and float sources are rounded here.
pub(crate) fn to_8bit(image: DynamicImage) -> DynamicImage {
    use DynamicImage as D;
    match image {
        D::ImageLuma8(_) | D::ImageLumaA8(_) | D::ImageRgb8(_) | D::ImageRgba8(_) => image,
        D::ImageLuma16(_) => D::ImageLuma8(image.to_luma8()),
        D::ImageLumaA16(_) => D::ImageLumaA8(image.to_luma_alpha8()),
        D::ImageRgb16(_) | D::ImageRgb32F(_) => D::ImageRgb8(image.to_rgb8()),
        _ => D::ImageRgba8(image.to_rgba8()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, LumaA, Rgb, Rgba};

    #[test]
    fn sixteen_bits_become_eight() {
        let deep = ImageBuffer::from_pixel(2, 2, Rgb([65535u16, 32768, 0]));
        let DynamicImage::ImageRgb8(shallow) = to_8bit(DynamicImage::ImageRgb16(deep)) else {
            panic!("expected RGB8");
        };
        assert_eq!(shallow.get_pixel(0, 0), &Rgb([255, 128, 0]));
    }

    #[test]
    fn only_real_transparency_counts_as_alpha() {
        let opaque = ImageBuffer::from_pixel(2, 2, Rgba([1u8, 2, 3, 255]));
        let mut holed = opaque.clone();
        holed.put_pixel(1, 1, Rgba([0, 0, 0, 0]));
        let grey = ImageBuffer::from_pixel(2, 2, LumaA([9u8, 255]));
        assert_eq!(
            Picture::new(DynamicImage::ImageRgba8(opaque)).kind,
            Kind::Rgb
        );
        assert_eq!(
            Picture::new(DynamicImage::ImageRgba8(holed)).kind,
            Kind::Rgba
        );
        assert_eq!(
            Picture::new(DynamicImage::ImageLumaA8(grey)).kind,
            Kind::Grey
        );
    }

    #[test]
    fn widening_keeps_every_pixel() {
        let rgb = image::RgbImage::from_fn(7, 5, |x, y| Rgb([x as u8, y as u8, (x * y) as u8]));
        let picture = Picture::new(DynamicImage::ImageRgb8(rgb.clone()));
        assert_eq!(picture.rgba, DynamicImage::ImageRgb8(rgb).to_rgba8());
        let grey = image::GrayImage::from_fn(3, 4, |x, y| image::Luma([(x * 10 + y) as u8]));
        let picture = Picture::new(DynamicImage::ImageLuma8(grey.clone()));
        assert_eq!(picture.rgba, DynamicImage::ImageLuma8(grey).to_rgba8());
    }

    #[test]
    fn channels_are_picked_in_order() {
        let picture = Picture::new(DynamicImage::ImageRgba8(ImageBuffer::from_pixel(
            2,
            1,
            Rgba([1, 2, 3, 4]),
        )));
        assert_eq!(picture.channels(&[0, 3]), [1, 4, 1, 4]);
    }
}
