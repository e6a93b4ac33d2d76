//! What processing one source gave: the public [`Processed`] and [`Variant`],
//! described from a cache entry's manifest.

use std::path::{Path, PathBuf};

use crate::manifest::{FileRecord, Manifest, Role};
use crate::{naming, Cache, Format, Warning};

/// One published file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    /// File name, relative to the output folder: `<stem>-<hash8>-<width>.<ext>`, or
    /// `<stem>-<hash8>-crop-<width>.<ext>` for a cropped one.
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub format: Format,
    pub bytes: u64,
    pub(crate) cached: PathBuf,
}

impl Variant {
    /// Where the bytes are in the cache.
    pub fn cached_file(&self) -> &Path {
        &self.cached
    }
}

/// Everything made from one source.
#[derive(Clone, Debug, PartialEq)]
pub struct Processed {
    /// The format the bytes are (whatever the file name says).
    pub source_format: Format,
    /// After the EXIF orientation is applied.
    pub source_width: u32,
    pub source_height: u32,
    /// Lossy WebP variants, narrowest first.
    pub webp: Vec<Variant>,
    /// JPEG or PNG variants at the same widths; for a passthrough, the one file.
    pub fallback: Vec<Variant>,
    /// WebP and fallback variants of the source cut to `Settings::crop`, narrowest
    /// first; empty without a crop or when the source has that shape already.
    pub cropped_webp: Vec<Variant>,
    pub cropped_fallback: Vec<Variant>,
    /// An animated GIF or WebP, published as it is (minus its metadata blocks)
    /// as the one `fallback` file, with no `webp` variants.
    pub passthrough: bool,
    /// Nothing was encoded: every file came from the cache.
    pub from_cache: bool,
    pub warnings: Vec<Warning>,
}

impl Processed {
    /// Every file to publish.
    pub fn files(&self) -> impl Iterator<Item = &Variant> {
        let whole = self.webp.iter().chain(&self.fallback);
        whole
            .chain(&self.cropped_webp)
            .chain(&self.cropped_fallback)
    }
}

/// The public description of a cache entry, with names for `file_name`.
pub(crate) fn describe(
    manifest: &Manifest,
    file_name: &str,
    key: &str,
    cache: &Cache,
) -> Processed {
    let stem = naming::safe_stem(file_name);
    let dir = cache.entry_dir(key);
    let variant = |record: &FileRecord| {
        let extension = record.format.extension();
        let path = if manifest.passthrough {
            naming::passthrough_name(&stem, key, extension)
        } else {
            naming::variant_name(
                &stem,
                key,
                record.role.is_cropped(),
                record.width,
                extension,
            )
        };
        Variant {
            path,
            width: record.width,
            height: record.height,
            format: record.format,
            bytes: record.bytes,
            cached: dir.join(&record.file),
        }
    };
    let of_role = |role| {
        manifest
            .files
            .iter()
            .filter(|f| f.role == role)
            .map(variant)
            .collect()
    };
    Processed {
        source_format: manifest.format,
        source_width: manifest.width,
        source_height: manifest.height,
        webp: of_role(Role::WebP),
        fallback: of_role(Role::Fallback),
        cropped_webp: of_role(Role::CroppedWebP),
        cropped_fallback: of_role(Role::CroppedFallback),
        passthrough: manifest.passthrough,
        from_cache: false,
        warnings: manifest
            .warnings
            .iter()
            .map(|reason| Warning::ProfileIgnored {
                reason: reason.clone(),
            })
            .collect(),
    }
}
