//! Why an image was refused ([`ImageError`]) and what was worth telling the
//! author although it was processed ([`Warning`]). Every message says what is
//! wrong and what to do about it.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::Format;

/// Why an image could not be processed.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("the file is {bytes} bytes, more than the limit of {limit} bytes: resize or recompress it before adding it")]
    FileTooBig { bytes: u64, limit: u64 },

    #[error("the file is {found}, not a JPEG, PNG, WebP or GIF image: convert it to JPEG (photos) or PNG (graphics)")]
    UnknownFormat { found: String },

    #[error("the image declares {width}×{height} pixels, more than the limit of {limit_mp} megapixels: resize it before adding it")]
    TooManyPixels {
        width: u32,
        height: u32,
        limit_mp: f64,
    },

    #[error("the image declares {width}×{height} pixels, longer than the limit of {limit} pixels on a side: resize or crop it before adding it")]
    SideTooLong { width: u32, height: u32, limit: u32 },

    #[error("decoding the {format} image would need more than the limit of {limit} bytes of memory: resize it or save it with 8 bits per channel")]
    NeedsTooMuchMemory { format: Format, limit: u64 },

    #[error("the {format} file ends early, it is truncated: copy it again from the original")]
    Truncated { format: Format },

    #[error(
        "the {format} file is damaged ({detail}): open it in an image editor and save it again"
    )]
    Damaged { format: Format, detail: String },

    #[error("the {format} file uses a feature the decoder does not support ({detail}): save it again as a baseline/standard {format}")]
    Unsupported { format: Format, detail: String },

    #[error("encoding the {format} variant failed ({detail}): this is a bug in the image pipeline, please report it with the source image")]
    Encode { format: Format, detail: String },

    #[error("resizing to {width}×{height} failed ({detail}): this is a bug in the image pipeline, please report it with the source image")]
    Resize {
        width: u32,
        height: u32,
        detail: String,
    },

    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },

    #[error(
        "cannot write {path}: {source}: check the free disk space and the folder's permissions"
    )]
    Write { path: PathBuf, source: io::Error },
}

impl ImageError {
    pub(crate) fn write(path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> ImageError {
        let path = path.into();
        move |source| ImageError::Write { path, source }
    }
}

/// Something the author should fix, although the image was processed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The file's name says one format, its bytes another; it was processed as
    /// what the bytes are.
    ExtensionMismatch { extension: String, actual: Format },
    /// The embedded colour profile was not applied; the pixels were taken as
    /// sRGB, so colours may be off.
    ProfileIgnored { reason: String },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::ExtensionMismatch { extension, actual } => write!(
                f,
                "the file is named .{extension} but holds a {actual} image; it was processed as {actual}: rename it to .{}",
                actual.extension()
            ),
            Warning::ProfileIgnored { reason } => write!(
                f,
                "the colour profile was not applied ({reason}), colours may look off: export the image as sRGB"
            ),
        }
    }
}
