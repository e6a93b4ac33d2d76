//! What the worker stores at install: the app's hashed files, the offline page, the
//! icons and the manifest, each with a digest of its content, so the worker's version
//! changes whenever any of them does (not only the hashed ones).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use super::error::Error;

/// Paths below the base path (`main-0123456789abcdef.css`, `offline/`) and the SHA-256
/// of what each serves, kept sorted so the generated worker is the same for the same
/// files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Precache {
    entries: BTreeMap<String, [u8; 32]>,
}

impl Precache {
    pub fn new() -> Precache {
        Precache::default()
    }

    /// Adds the file served at `path` (below the base path, no leading `/`; a page is
    /// its folder, `offline/`) with its `content`. Adding a path again replaces it.
    pub fn add(&mut self, path: &str, content: &[u8]) -> Result<&mut Precache, Error> {
        if !is_relative_url_path(path) {
            return Err(Error::PrecachePath {
                path: path.to_string(),
            });
        }
        self.entries
            .insert(path.to_string(), Sha256::digest(content).into());
        Ok(self)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.entries.contains_key(path)
    }

    /// The paths, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Feeds every path and content digest into `hasher`, unambiguously (NUL-separated).
    pub(crate) fn digest_into(&self, hasher: &mut Sha256) {
        for (path, digest) in &self.entries {
            hasher.update(path.as_bytes());
            hasher.update([0]);
            hasher.update(digest);
        }
    }
}

/// A path a URL can hold as it is: not empty, no leading `/`, no empty, `.` or `..`
/// segment, nothing a JavaScript regular expression or a cache key would read
/// differently (`?`, `#`, `\`, spaces, quotes).
fn is_relative_url_path(path: &str) -> bool {
    let segments: Vec<&str> = path.strip_suffix('/').unwrap_or(path).split('/').collect();
    !path.is_empty()
        && segments
            .iter()
            .all(|s| !s.is_empty() && *s != "." && *s != ".." && s.bytes().all(is_path_byte))
}

fn is_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%' | b'+' | b',' | b'=')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_below_the_base_are_accepted_and_kept_sorted() {
        let mut p = Precache::new();
        p.add("offline/", b"<html>").unwrap();
        p.add("main-0123456789abcdef.css", b"body{}").unwrap();
        p.add("snippets/x-0123456789abcdef/inline0.js", b"")
            .unwrap();
        let paths: Vec<&str> = p.paths().collect();
        assert_eq!(
            paths,
            [
                "main-0123456789abcdef.css",
                "offline/",
                "snippets/x-0123456789abcdef/inline0.js"
            ]
        );
    }

    #[test]
    fn absolute_escaping_or_odd_paths_are_refused() {
        for bad in [
            "", "/", "/a.js", "../a.js", "a/../b", "a//b", "./a", "a b", "a?x", "a#x", "a\\b",
            "a\"b", "é",
        ] {
            assert!(Precache::new().add(bad, b"").is_err(), "{bad:?} accepted");
        }
    }
}
