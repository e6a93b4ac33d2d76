//! One source → its variants, through the cache.

use std::panic::{self, AssertUnwindSafe};

use crate::build::build;
use crate::cache::{Cache, Lookup};
use crate::decode::check_dimensions;
use crate::processed::describe;
use crate::{naming, Format, ImageError, Limits, Processed, Settings, Warning};

/// Makes (or finds in `cache`) the variants of the image `bytes`, whose file
/// is called `file_name` (for the stem of the output names and to warn about
/// a wrong extension). Nothing is written outside the cache; see
/// [`publish`](crate::publish) and [`process_all`](crate::process_all).
pub fn process(
    bytes: &[u8],
    file_name: &str,
    settings: &Settings,
    cache: &Cache,
) -> Result<Processed, ImageError> {
    check_file_size(bytes.len() as u64, &settings.limits)?;
    let format = Format::sniff(bytes)?;
    let key = naming::source_key(bytes, settings);
    let (manifest, from_cache) = match cache.lookup(&key) {
        Lookup::Hit(manifest) => {
            // Limits are not part of the key: tightened ones apply to old entries too.
            check_dimensions(manifest.width, manifest.height, &settings.limits)?;
            (manifest, true)
        }
        miss => {
            let (manifest, contents) = without_panics(format, || build(bytes, format, settings))?;
            let rebuilt = matches!(miss, Lookup::Damaged);
            cache.store(&key, &manifest, &contents, rebuilt)?;
            (manifest, false)
        }
    };
    let mut processed = describe(&manifest, file_name, &key, cache);
    processed.from_cache = from_cache;
    if let Some(warning) = extension_warning(file_name, format) {
        processed.warnings.insert(0, warning);
    }
    Ok(processed)
}

pub(crate) fn check_file_size(bytes: u64, limits: &Limits) -> Result<(), ImageError> {
    if bytes > limits.max_file_bytes {
        return Err(ImageError::FileTooBig {
            bytes,
            limit: limits.max_file_bytes,
        });
    }
    Ok(())
}

/// A file whose extension lies is processed as what its bytes are, with a
/// warning (refusing would break a page over a harmless naming slip).
fn extension_warning(file_name: &str, actual: Format) -> Option<Warning> {
    let extension = naming::extension(file_name)?;
    (!actual.accepts_extension(extension)).then(|| Warning::ExtensionMismatch {
        extension: extension.to_string(),
        actual,
    })
}

/// Third-party decoders should never panic, but a hostile file must cost one
/// image, not the build (when the build is not compiled with panic=abort).
fn without_panics<T>(
    format: Format,
    work: impl FnOnce() -> Result<T, ImageError>,
) -> Result<T, ImageError> {
    panic::catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        Err(ImageError::Damaged {
            format,
            detail: format!("the decoder crashed: {detail}"),
        })
    })
}
