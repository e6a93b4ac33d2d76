//! Which format a file really is, from its first bytes (its "magic"), never
//! from its name.

use std::fmt;

/// The raster formats the pipeline reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    Gif,
}

impl Format {
    /// The extension the pipeline gives files of this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Gif => "gif",
        }
    }

    /// The MIME type, for `<source type="…">`.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::WebP => "image/webp",
            Format::Gif => "image/gif",
        }
    }

    /// The format whose signature `bytes` start with, if it is one we read.
    pub fn from_magic(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Format::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Format::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Format::WebP)
        } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
            Some(Format::Gif)
        } else {
            None
        }
    }

    /// The format `bytes` start with, or the error naming what they seem to be instead.
    pub fn sniff(bytes: &[u8]) -> Result<Format, crate::ImageError> {
        Format::from_magic(bytes).ok_or_else(|| crate::ImageError::UnknownFormat {
            found: describe_unknown(bytes),
        })
    }

    /// Whether `extension` (without the dot, any case) is a usual name for this format.
    pub fn accepts_extension(self, extension: &str) -> bool {
        let ext = extension.to_ascii_lowercase();
        match self {
            Format::Jpeg => ["jpg", "jpeg", "jpe", "jfif"].contains(&ext.as_str()),
            Format::Png => ext == "png",
            Format::WebP => ext == "webp",
            Format::Gif => ext == "gif",
        }
    }

    /// The name `image` uses for this format.
    pub(crate) fn to_image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::WebP => image::ImageFormat::WebP,
            Format::Gif => image::ImageFormat::Gif,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::WebP => "WebP",
            Format::Gif => "GIF",
        })
    }
}

/// What a file we cannot read seems to be, for the error message.
pub(crate) fn describe_unknown(bytes: &[u8]) -> String {
    let start = &bytes[..bytes.len().min(64)];
    let text = String::from_utf8_lossy(start).to_ascii_lowercase();
    let brand = bytes.get(4..12);
    let known = if bytes.is_empty() {
        Some("an empty file")
    } else if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        Some("text or SVG (SVG is copied as it is, not by this pipeline)")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("a TIFF image")
    } else if bytes.starts_with(b"BM") {
        Some("a BMP image")
    } else if bytes.starts_with(b"%PDF") {
        Some("a PDF document")
    } else if matches!(brand, Some(b) if b.starts_with(b"ftyphei") || b.starts_with(b"ftypmif")) {
        Some("a HEIC image")
    } else if matches!(brand, Some(b) if b.starts_with(b"ftypavi")) {
        Some("an AVIF image")
    } else {
        None
    };
    match known {
        Some(name) => name.to_string(),
        None => {
            let hex: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02x}")).collect();
            format!("unknown data starting with {}", hex.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_decides_the_format() {
        assert_eq!(
            Format::from_magic(b"\xff\xd8\xff\xe0rest"),
            Some(Format::Jpeg)
        );
        assert_eq!(
            Format::from_magic(b"\x89PNG\r\n\x1a\n...."),
            Some(Format::Png)
        );
        assert_eq!(
            Format::from_magic(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(Format::WebP)
        );
        assert_eq!(Format::from_magic(b"RIFF\0\0\0\0WAVEfmt "), None);
        assert_eq!(Format::from_magic(b"GIF89a"), Some(Format::Gif));
        assert_eq!(Format::from_magic(b"\xff\xd8"), None);
    }

    #[test]
    fn unknown_files_are_named_when_recognisable() {
        assert!(describe_unknown(b"<?xml version='1.0'?><svg/>").contains("SVG"));
        assert!(describe_unknown(b"\0\0\0\x18ftypheic").contains("HEIC"));
        assert!(describe_unknown(b"II*\0\x08").contains("TIFF"));
        assert_eq!(describe_unknown(b""), "an empty file");
        assert!(describe_unknown(b"\x01\x02").contains("01 02"));
    }

    #[test]
    fn extensions_are_matched_without_case() {
        assert!(Format::Jpeg.accepts_extension("JPEG"));
        assert!(!Format::Jpeg.accepts_extension("png"));
        assert!(Format::WebP.accepts_extension("webp"));
    }
}
