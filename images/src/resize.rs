//! Which widths to make, and making them: Lanczos3 with fast_image_resize
//! (SIMD; alpha premultiplied during the resize so edges do not darken).

use std::borrow::Cow;

use fast_image_resize::images::{TypedImage, TypedImageRef};
use fast_image_resize::pixels::U8x4;
use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbaImage;

use crate::pixels::Picture;

/// The widths to produce for a source `source_width` pixels wide, ascending.
///
/// Steps narrower than the source are kept. When the source is no wider than
/// the largest step, its own width closes the set (never upscale), and steps
/// within 10 % below it are dropped: the full-width variant serves them at
/// almost the same size.
pub(crate) fn plan_widths(source_width: u32, steps: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = steps
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < source_width)
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let largest_step = steps.iter().copied().max().unwrap_or(0);
    if source_width <= largest_step || widths.is_empty() {
        widths.retain(|&w| u64::from(w) * 10 < u64::from(source_width) * 9);
        widths.push(source_width);
    }
    widths
}

/// The height keeping the aspect ratio at `width`, rounded, at least 1.
pub(crate) fn height_for(source: (u32, u32), width: u32) -> u32 {
    let (sw, sh) = (u64::from(source.0), u64::from(source.1));
    let height = (sh * u64::from(width) + sw / 2) / sw;
    height.clamp(1, u64::from(u32::MAX)) as u32
}

/// `picture` resampled to `width` × `height`; borrowed when the size is unchanged.
///
/// One pixel type only (RGBA, `Picture`'s layout): fast_image_resize compiles
/// its resampler, with every SIMD variant, once per pixel type used, at about
/// 20 s of release build each; the four types an image can have cost 90 s.
pub(crate) fn resize(
    picture: &Picture,
    width: u32,
    height: u32,
) -> Result<Cow<'_, Picture>, String> {
    if (width, height) == (picture.width(), picture.height()) {
        return Ok(Cow::Borrowed(picture));
    }
    let raw = picture.rgba.as_raw();
    let source = TypedImageRef::<U8x4>::from_buffer(picture.width(), picture.height(), raw)
        .map_err(|e| e.to_string())?;
    let mut bytes = vec![0u8; width as usize * height as usize * 4];
    let mut target =
        TypedImage::<U8x4>::from_buffer(width, height, &mut bytes).map_err(|e| e.to_string())?;
    // Transparent pixels are premultiplied while resampling so their (invisible)
    // colour does not bleed into the edges; opaque pictures skip that work.
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(picture.kind.has_alpha());
    Resizer::new()
        .resize_typed(&source, &mut target, &options)
        .map_err(|e| e.to_string())?;
    let rgba =
        RgbaImage::from_raw(width, height, bytes).ok_or("resized buffer has the wrong size")?;
    Ok(Cow::Owned(Picture {
        rgba,
        kind: picture.kind,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEPS: [u32; 6] = [320, 480, 640, 960, 1280, 1920];

    #[test]
    fn wide_sources_get_every_step() {
        assert_eq!(plan_widths(4000, &STEPS), STEPS);
    }

    #[test]
    fn narrower_sources_end_with_their_own_width() {
        assert_eq!(plan_widths(1500, &STEPS), [320, 480, 640, 960, 1280, 1500]);
        assert_eq!(plan_widths(1920, &STEPS), STEPS);
        assert_eq!(plan_widths(200, &STEPS), [200]);
    }

    #[test]
    fn a_step_just_below_the_source_width_is_not_repeated() {
        assert_eq!(plan_widths(1000, &STEPS), [320, 480, 640, 1000]);
        assert_eq!(plan_widths(1411, &STEPS), [320, 480, 640, 960, 1411]);
    }

    #[test]
    fn odd_step_lists_still_give_a_plan() {
        assert_eq!(plan_widths(800, &[]), [800]);
        assert_eq!(plan_widths(800, &[640, 0, 320, 640]), [320, 640]);
    }

    #[test]
    fn heights_keep_the_aspect_ratio() {
        assert_eq!(height_for((1411, 940), 320), 213);
        assert_eq!(height_for((4000, 10), 320), 1);
        assert_eq!(height_for((640, 480), 320), 240);
    }

    #[test]
    fn resizing_keeps_the_kind_and_flat_colours() {
        let grey = image::GrayImage::from_pixel(64, 32, image::Luma([90]));
        let grey = Picture::new(image::DynamicImage::ImageLuma8(grey));
        let small = resize(&grey, 16, 8).unwrap();
        assert_eq!(
            (small.width(), small.height(), small.kind),
            (16, 8, grey.kind)
        );
        assert_eq!(small.rgba.get_pixel(3, 3).0, [90, 90, 90, 255]);
        assert!(matches!(resize(&grey, 64, 32).unwrap(), Cow::Borrowed(_)));
    }
}
