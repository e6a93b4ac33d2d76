//! Content-addressed names: `<stem>-<hash8>-<width>.<ext>`, `-crop-<width>` for a variant
//! cut to a shape. The hash covers the source bytes and the output settings, so a name
//! never changes meaning and hosts may cache the files forever.

use sha2::{Digest, Sha256};

use crate::Settings;

/// Longest stem kept, in bytes (long names help nobody in a URL).
const MAX_STEM: usize = 60;

/// SHA-256 of the settings fingerprint and the source bytes, as 64 hex digits.
/// It keys the cache; its first 8 digits go into the file names.
pub(crate) fn source_key(bytes: &[u8], settings: &Settings) -> String {
    let mut hasher = Sha256::new();
    hasher.update(settings.fingerprint().as_bytes());
    hasher.update([0]); // the fingerprint never contains NUL: no ambiguity
    hasher.update(bytes);
    hex(&hasher.finalize())
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A URL-safe stem from a file name: its stem with anything but ASCII letters,
/// digits, `-` and `_` turned into `-` (so names need no escaping in `srcset`,
/// where a comma or space would break the list).
pub(crate) fn safe_stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => base,
    };
    let mut safe = String::with_capacity(stem.len());
    for c in stem.chars() {
        let keep = c.is_ascii_alphanumeric() || c == '_' || c == '-';
        let c = if keep { c } else { '-' };
        if !(c == '-' && safe.ends_with('-')) {
            safe.push(c);
        }
        if safe.len() >= MAX_STEM {
            break;
        }
    }
    let safe = safe.trim_matches('-');
    if safe.is_empty() {
        "image".to_string()
    } else {
        safe.to_string()
    }
}

/// The extension of a file name, if it has one.
pub(crate) fn extension(file_name: &str) -> Option<&str> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => Some(ext),
        _ => None,
    }
}

/// `photo-1a2b3c4d-640.webp`, or `photo-1a2b3c4d-crop-640.webp` when `cropped`.
pub(crate) fn variant_name(
    stem: &str,
    key: &str,
    cropped: bool,
    width: u32,
    extension: &str,
) -> String {
    let crop = if cropped { "crop-" } else { "" };
    format!("{stem}-{}-{crop}{width}.{extension}", &key[..8])
}

/// `anim-1a2b3c4d.gif`, for files passed through at their own size.
pub(crate) fn passthrough_name(stem: &str, key: &str, extension: &str) -> String {
    format!("{stem}-{}.{extension}", &key[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_url_safe() {
        assert_eq!(safe_stem("Front Page, 2024.JPG"), "Front-Page-2024");
        assert_eq!(safe_stem("media/sub/café.png"), "caf");
        assert_eq!(safe_stem("..."), "image");
        assert_eq!(safe_stem(".hidden"), "hidden");
        assert_eq!(safe_stem(&"x".repeat(200)).len(), MAX_STEM);
    }

    #[test]
    fn extensions_come_from_the_last_dot() {
        assert_eq!(extension("a.b.JPG"), Some("JPG"));
        assert_eq!(extension("noext"), None);
        assert_eq!(extension(".hidden"), None);
        assert_eq!(extension("dir.d/file"), None);
    }

    #[test]
    fn keys_change_with_source_or_settings() {
        let settings = Settings::default();
        let key = source_key(b"abc", &settings);
        assert_eq!(key.len(), 64);
        assert_eq!(key, source_key(b"abc", &settings));
        assert_ne!(key, source_key(b"abd", &settings));
        let other = Settings {
            jpeg_quality: 60,
            ..Settings::default()
        };
        assert_ne!(key, source_key(b"abc", &other));
        assert_eq!(
            variant_name("x", &key, false, 320, "webp"),
            format!("x-{}-320.webp", &key[..8])
        );
        assert_eq!(
            variant_name("x", &key, true, 320, "webp"),
            format!("x-{}-crop-320.webp", &key[..8])
        );
    }
}
