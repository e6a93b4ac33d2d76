//! Lossy WebP through libwebp's advanced API (libwebp-sys vendors and builds
//! libwebp 1.6). The only unsafe code of the crate lives here.
//!
//! Why not the `webp` crate: its latest release pins libwebp 1.3.1, older than
//! the fix for CVE-2023-4863, and we need no more than these few calls.

use std::ffi::c_int;
use std::mem::MaybeUninit;

use libwebp_sys as sys;

/// Pixel layouts libwebp imports directly (both 4 bytes a pixel).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    Rgba,
    /// RGBA in memory, the fourth byte ignored (an opaque picture).
    Rgbx,
}

/// Encodes tightly packed 8-bit RGBA/RGBX pixels as lossy WebP (alpha, when present, is
/// kept and compressed losslessly). The output carries no metadata chunks.
pub(crate) fn encode_lossy(
    pixels: &[u8],
    layout: Layout,
    width: u32,
    height: u32,
    quality: f32,
) -> Result<Vec<u8>, String> {
    let too_big = || format!("{width}×{height} is larger than WebP allows");
    let w = c_int::try_from(width).map_err(|_| too_big())?;
    let h = c_int::try_from(height).map_err(|_| too_big())?;
    let stride = w.checked_mul(4).ok_or_else(too_big)?;
    if pixels.len() != width as usize * height as usize * 4 {
        return Err("pixel buffer does not match the dimensions".into());
    }
    let config = lossy_config(quality)?;
    let mut picture = Picture::new(w, h)?;
    // SAFETY: `picture` is initialised with its size set; `pixels` holds
    // `height` rows of `stride` bytes (checked above) and is only read.
    let imported = unsafe {
        match layout {
            Layout::Rgba => sys::WebPPictureImportRGBA(&mut picture.0, pixels.as_ptr(), stride),
            Layout::Rgbx => sys::WebPPictureImportRGBX(&mut picture.0, pixels.as_ptr(), stride),
        }
    };
    if imported == 0 {
        return Err(format!("import failed: {:?}", picture.0.error_code));
    }
    picture.encode(&config)
}

/// libwebp's defaults at `quality`, lossy, effort 4 of 6 (its own default, the
/// usual balance of size and speed).
fn lossy_config(quality: f32) -> Result<sys::WebPConfig, String> {
    let mut slot = MaybeUninit::<sys::WebPConfig>::uninit();
    // SAFETY: WebPConfigInitInternal fills every field when it returns non-zero.
    let mut config = unsafe {
        let ok = sys::WebPConfigInitInternal(
            slot.as_mut_ptr(),
            sys::WebPPreset::WEBP_PRESET_DEFAULT,
            quality.clamp(0.0, 100.0),
            sys::WEBP_ENCODER_ABI_VERSION as c_int,
        );
        if ok == 0 {
            return Err("libwebp refused its own configuration (ABI mismatch)".into());
        }
        slot.assume_init()
    };
    config.lossless = 0;
    config.method = 4;
    // SAFETY: `config` is a fully initialised configuration.
    if unsafe { sys::WebPValidateConfig(&config) } == 0 {
        return Err("invalid WebP configuration".into());
    }
    Ok(config)
}

/// A `WebPPicture` freed on drop, whatever path the encoding takes.
struct Picture(sys::WebPPicture);

impl Picture {
    fn new(width: c_int, height: c_int) -> Result<Picture, String> {
        let mut slot = MaybeUninit::<sys::WebPPicture>::uninit();
        // SAFETY: WebPPictureInitInternal zeroes and initialises the struct
        // when it returns non-zero; it allocates nothing yet.
        let mut picture = unsafe {
            let abi = sys::WEBP_ENCODER_ABI_VERSION as c_int;
            if sys::WebPPictureInitInternal(slot.as_mut_ptr(), abi) == 0 {
                return Err("libwebp refused to set up a picture (ABI mismatch)".into());
            }
            slot.assume_init()
        };
        picture.width = width;
        picture.height = height;
        Ok(Picture(picture))
    }

    /// Encodes into memory through libwebp's own memory writer.
    fn encode(&mut self, config: &sys::WebPConfig) -> Result<Vec<u8>, String> {
        let mut writer = MemoryWriter::new();
        self.0.writer = Some(sys::WebPMemoryWrite);
        self.0.custom_ptr = (&mut writer.0 as *mut sys::WebPMemoryWriter).cast();
        // SAFETY: config and picture are initialised; `writer` outlives the call
        // and is the type WebPMemoryWrite expects behind custom_ptr.
        let ok = unsafe { sys::WebPEncode(config, &mut self.0) };
        self.0.custom_ptr = std::ptr::null_mut();
        if ok == 0 {
            return Err(format!("encoding failed: {:?}", self.0.error_code));
        }
        Ok(writer.bytes().to_vec())
    }
}

impl Drop for Picture {
    fn drop(&mut self) {
        // SAFETY: frees what the import allocated; safe on a picture never imported.
        unsafe { sys::WebPPictureFree(&mut self.0) }
    }
}

/// libwebp's growable output buffer, freed on drop.
struct MemoryWriter(sys::WebPMemoryWriter);

impl MemoryWriter {
    fn new() -> MemoryWriter {
        let mut slot = MaybeUninit::<sys::WebPMemoryWriter>::uninit();
        // SAFETY: WebPMemoryWriterInit initialises every field.
        MemoryWriter(unsafe {
            sys::WebPMemoryWriterInit(slot.as_mut_ptr());
            slot.assume_init()
        })
    }

    fn bytes(&self) -> &[u8] {
        if self.0.mem.is_null() {
            return &[];
        }
        // SAFETY: libwebp wrote `size` bytes at `mem`, alive until drop.
        unsafe { std::slice::from_raw_parts(self.0.mem, self.0.size) }
    }
}

impl Drop for MemoryWriter {
    fn drop(&mut self) {
        // SAFETY: releases the buffer libwebp allocated (or nothing).
        unsafe { sys::WebPMemoryWriterClear(&mut self.0) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_lossy_riff_file() {
        let pixels: Vec<u8> = (0..16 * 8 * 4).map(|i| (i * 7 % 256) as u8).collect();
        let webp = encode_lossy(&pixels, Layout::Rgbx, 16, 8, 75.0).unwrap();
        assert_eq!(&webp[..4], b"RIFF");
        assert_eq!(&webp[8..16], b"WEBPVP8 ");
    }

    #[test]
    fn alpha_is_kept() {
        let pixels: Vec<u8> = (0..16 * 8)
            .flat_map(|i| [200, 10, 10, (i * 2) as u8])
            .collect();
        let webp = encode_lossy(&pixels, Layout::Rgba, 16, 8, 75.0).unwrap();
        assert_eq!(&webp[12..16], b"VP8X");
        assert!(webp.windows(4).any(|w| w == b"ALPH"));
    }

    #[test]
    fn rgbx_ignores_the_fourth_byte() {
        let pixels: Vec<u8> = (0..16 * 8)
            .flat_map(|i| [200, 10, 10, (i * 2) as u8])
            .collect();
        let webp = encode_lossy(&pixels, Layout::Rgbx, 16, 8, 75.0).unwrap();
        assert_eq!(&webp[8..16], b"WEBPVP8 ");
    }

    #[test]
    fn a_short_buffer_is_refused_not_read_past() {
        assert!(encode_lossy(&[0; 10], Layout::Rgbx, 16, 8, 75.0).is_err());
    }
}
