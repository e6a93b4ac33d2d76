//! What to produce ([`Settings`]) and what to refuse ([`Limits`]).

/// Bumped whenever the pipeline would write different bytes for the same source
/// and settings (an encoder upgrade, a new resampling filter…), so that file
/// names, and with them the cache keys and every host's cached copy, change too.
pub(crate) const PIPELINE_VERSION: u32 = 1;

/// The variants to produce.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Target widths in pixels. Never upscaled: steps wider than the source are
    /// dropped and the source's own width is added as the largest variant.
    pub widths: Vec<u32>,
    /// Lossy WebP quality, 0–100 (libwebp's scale).
    pub webp_quality: f32,
    /// JPEG fallback quality, 1–100.
    pub jpeg_quality: u8,
    /// Also make variants cut to this shape (width : height), centred, for a layout that
    /// shows the image in a box of that shape (`object-fit: cover`), so no pixel the box
    /// hides is downloaded. `None` makes none, and so does a source within 2 % of it.
    pub crop: Option<(u32, u32)>,
    /// What the pipeline refuses to decode.
    pub limits: Limits,
}

impl Default for Settings {
    /// Widths for a news layout: 320–480 for phones at 1×, 640–960 for phones at
    /// 2× and the article column, 1280–1920 for wide screens and lead images.
    fn default() -> Self {
        Settings {
            widths: vec![320, 480, 640, 960, 1280, 1920],
            webp_quality: 78.0,
            jpeg_quality: 80,
            crop: None,
            limits: Limits::default(),
        }
    }
}

impl Settings {
    /// Everything that changes the output bytes, as text for the cache key.
    /// The limits are left out: they decide whether an image is refused, not
    /// what its variants look like.
    pub(crate) fn fingerprint(&self) -> String {
        let mut widths = self.widths.clone();
        widths.sort_unstable();
        widths.dedup(); // the same set in another order makes the same files
        let widths: Vec<String> = widths.iter().map(u32::to_string).collect();
        let mut text = format!(
            "pipeline={PIPELINE_VERSION};widths={};webp_q={};jpeg_q={}",
            widths.join(","),
            self.webp_quality,
            self.jpeg_quality
        );
        // Only when set: the keys, and so the names, of uncropped images stay as they were.
        if let Some((w, h)) = self.crop {
            text += &format!(";crop={w}x{h}");
        }
        text
    }
}

/// Guards against hostile or accidental huge inputs. Every check runs on the
/// file size or the header, before any pixel buffer is allocated.
///
/// Peak memory for one image is about twice the file plus 4 bytes a pixel (the
/// RGBA working buffer) — 260 MB for a 50 MB, 35 MP JPEG — and at most
/// `max_alloc` + 4 bytes a pixel for 16-bit sources; with `Settings::crop`, the cut
/// region is copied too (4 bytes a pixel of it, at most the source's). `process_all` works on
/// one image per rayon thread, so the build's peak is threads × that.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest source file accepted, in bytes. Default 64 MiB: above any
    /// camera JPEG, and the file is held in memory while it is decoded.
    pub max_file_bytes: u64,
    /// Largest width × height accepted. Default 40 megapixels: a 45 MP camera
    /// photo must be downsized first; nothing on a news page needs more.
    pub max_pixels: u64,
    /// Longest side accepted, in pixels. Default 16,383, the most WebP can
    /// encode (a variant is never larger than its source).
    pub max_side: u32,
    /// Largest decoded buffer the decoder may allocate, in bytes. Default 512 MiB
    /// (40 MP in 16-bit RGBA is 320 MiB).
    pub max_alloc: u64,
}

impl Limits {
    /// Refuses a declared size over the area or side limit, before anything is decoded
    /// (for a caller that read the size from the header itself).
    pub fn check(&self, width: u32, height: u32) -> Result<(), crate::ImageError> {
        crate::decode::check_dimensions(width, height, self)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_pixels: 40_000_000,
            max_side: 16_383,
            max_alloc: 512 * 1024 * 1024,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_follows_output_settings_but_not_limits() {
        let base = Settings::default();
        let mut other_quality = base.clone();
        other_quality.webp_quality = 60.0;
        let mut other_limits = base.clone();
        other_limits.limits.max_pixels = 1;
        let mut reordered = base.clone();
        reordered.widths.reverse();
        let cropped = Settings {
            crop: Some((16, 9)),
            ..base.clone()
        };
        let other_crop = Settings {
            crop: Some((4, 3)),
            ..base.clone()
        };
        assert_ne!(base.fingerprint(), cropped.fingerprint());
        assert_ne!(cropped.fingerprint(), other_crop.fingerprint());
        assert_ne!(base.fingerprint(), other_quality.fingerprint());
        assert_eq!(base.fingerprint(), other_limits.fingerprint());
        assert_eq!(base.fingerprint(), reordered.fingerprint());
    }
}
