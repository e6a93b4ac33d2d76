//! Embedded ICC profiles → sRGB, with moxcms (pure Rust; the same version
//! `image` already depends on, so it adds nothing to the build).
//!
//! Pixels without a profile are taken as sRGB, as browsers do. The profile
//! itself is never written out: every variant is plain sRGB.

use image::DynamicImage;
use moxcms::{ColorProfile, DataColorSpace, Layout, TransformExecutor, TransformOptions};

use crate::Warning;

/// Pixels converted per call, so the conversion needs no second full-size buffer.
const CHUNK_PIXELS: usize = 64 * 1024;

/// Converts `image` (8-bit, see `pixels::to_8bit`) from the colour space of
/// `icc` to sRGB in place; a warning says why a profile could not be applied.
pub(crate) fn to_srgb(image: &mut DynamicImage, icc: Option<&[u8]>) -> Option<Warning> {
    apply_profile(image, icc?)
        .err()
        .map(|reason| Warning::ProfileIgnored { reason })
}

fn apply_profile(image: &mut DynamicImage, icc: &[u8]) -> Result<(), String> {
    let profile =
        ColorProfile::new_from_slice(icc).map_err(|e| format!("unreadable ICC profile: {e}"))?;
    let space = profile.color_space;
    match (space, image) {
        (DataColorSpace::Rgb, DynamicImage::ImageRgb8(buf)) => {
            convert_rgb(&profile, buf, Layout::Rgb)
        }
        (DataColorSpace::Rgb, DynamicImage::ImageRgba8(buf)) => {
            convert_rgb(&profile, buf, Layout::Rgba)
        }
        (DataColorSpace::Gray, DynamicImage::ImageLuma8(buf)) => convert_grey(&profile, buf, 1),
        (DataColorSpace::Gray, DynamicImage::ImageLumaA8(buf)) => convert_grey(&profile, buf, 2),
        (DataColorSpace::Cmyk, _) => {
            Err("a CMYK profile: the decoder turns CMYK into RGB without it".into())
        }
        (space, image) => Err(format!("a {space:?} profile on {:?} pixels", image.color())),
    }
}

fn srgb_transform(
    profile: &ColorProfile,
    from: Layout,
    to: Layout,
) -> Result<std::sync::Arc<dyn TransformExecutor<u8> + Send + Sync>, String> {
    profile
        .create_transform_8bit(
            from,
            &ColorProfile::new_srgb(),
            to,
            TransformOptions::default(),
        )
        .map_err(|e| format!("unsupported ICC profile: {e}"))
}

/// RGB(A) pixels through the profile, chunk by chunk; alpha is carried over.
fn convert_rgb(profile: &ColorProfile, pixels: &mut [u8], layout: Layout) -> Result<(), String> {
    let transform = srgb_transform(profile, layout, layout)?;
    let channels = if layout == Layout::Rgb { 3 } else { 4 };
    if is_identity(&*transform, channels) {
        return Ok(()); // an sRGB profile (or one close enough): nothing to do
    }
    let mut source = Vec::with_capacity(CHUNK_PIXELS * channels);
    for chunk in pixels.chunks_mut(CHUNK_PIXELS * channels) {
        source.clear();
        source.extend_from_slice(chunk);
        transform
            .transform(&source, chunk)
            .map_err(|e| format!("conversion failed: {e}"))?;
    }
    Ok(())
}

/// Grey has only 256 values: convert them once into a table and look up.
fn convert_grey(profile: &ColorProfile, pixels: &mut [u8], channels: usize) -> Result<(), String> {
    let transform = srgb_transform(profile, Layout::Gray, Layout::Rgb)?;
    let levels: Vec<u8> = (0..=255).collect();
    let mut rgb = vec![0u8; 256 * 3];
    transform
        .transform(&levels, &mut rgb)
        .map_err(|e| format!("conversion failed: {e}"))?;
    // A neutral grey comes out with R = G = B; green is the channel to keep.
    let table: Vec<u8> = rgb.chunks_exact(3).map(|px| px[1]).collect();
    for pixel in pixels.chunks_exact_mut(channels) {
        pixel[0] = table[usize::from(pixel[0])];
    }
    Ok(())
}

/// Whether the transform leaves a 16×16×16 grid of colours within one level:
/// the profile is sRGB in effect (most embedded "sRGB IEC61966-2.1" profiles),
/// and the image can skip the per-pixel pass.
fn is_identity(transform: &(dyn TransformExecutor<u8> + Send + Sync), channels: usize) -> bool {
    let steps = (0..=255u8).step_by(17);
    let mut grid = Vec::with_capacity(16 * 16 * 16 * channels);
    for r in steps.clone() {
        for g in steps.clone() {
            for b in steps.clone() {
                grid.extend_from_slice(&[r, g, b, u8::MAX][..channels]);
            }
        }
    }
    let mut out = vec![0u8; grid.len()];
    transform.transform(&grid, &mut out).is_ok()
        && grid.iter().zip(&out).all(|(a, b)| a.abs_diff(*b) <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, Luma, Rgb, RgbImage};
    use moxcms::ToneReprCurve;

    fn linear_srgb_profile() -> Vec<u8> {
        let mut profile = ColorProfile::new_srgb();
        let linear = ToneReprCurve::Parametric(vec![1.0]);
        profile.red_trc = Some(linear.clone());
        profile.green_trc = Some(linear.clone());
        profile.blue_trc = Some(linear);
        profile.cicp = None;
        profile.encode().unwrap()
    }

    #[test]
    fn a_linear_profile_brightens_mid_grey_to_its_srgb_value() {
        let mut image = DynamicImage::ImageRgb8(RgbImage::from_pixel(4, 4, Rgb([128, 128, 128])));
        assert_eq!(to_srgb(&mut image, Some(&linear_srgb_profile())), None);
        // linear 0.502 → sRGB 0.737 → 188
        let px = image.as_rgb8().unwrap().get_pixel(0, 0).0;
        assert!(px.iter().all(|&c| c.abs_diff(188) <= 1), "{px:?}");
    }

    #[test]
    fn an_srgb_profile_changes_nothing() {
        let icc = ColorProfile::new_srgb().encode().unwrap();
        let original = RgbImage::from_fn(8, 8, |x, y| Rgb([x as u8 * 30, y as u8 * 30, 77]));
        let mut image = DynamicImage::ImageRgb8(original.clone());
        assert_eq!(to_srgb(&mut image, Some(&icc)), None);
        assert_eq!(image.as_rgb8().unwrap(), &original);
    }

    #[test]
    fn a_grey_gamma_one_profile_is_applied_through_the_table() {
        let icc = ColorProfile::new_gray_with_gamma(1.0).encode().unwrap();
        let mut image = DynamicImage::ImageLuma8(GrayImage::from_pixel(3, 3, Luma([128])));
        assert_eq!(to_srgb(&mut image, Some(&icc)), None);
        let level = image.as_luma8().unwrap().get_pixel(1, 1).0[0];
        assert!(level.abs_diff(188) <= 2, "{level}");
    }

    #[test]
    fn a_cmyk_profile_is_ignored_with_a_warning() {
        let mut icc = ColorProfile::new_srgb().encode().unwrap();
        icc[16..20].copy_from_slice(b"CMYK"); // the header's data colour space
        let mut image = DynamicImage::ImageRgb8(RgbImage::new(2, 2));
        let warning = to_srgb(&mut image, Some(&icc)).unwrap();
        assert!(warning.to_string().contains("CMYK"), "{warning}");
    }

    #[test]
    fn garbage_profiles_are_ignored_with_a_warning() {
        let mut image = DynamicImage::ImageRgb8(RgbImage::new(2, 2));
        let warning = to_srgb(&mut image, Some(b"not a profile")).unwrap();
        assert!(warning.to_string().contains("unreadable"), "{warning}");
    }
}
