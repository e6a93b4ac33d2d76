//! Writing files into the staging folder: the one place that creates folders and
//! reports a failed write with its path. A file whose bytes the previous output already
//! has is linked from it rather than written ([`super::publish`]).

use std::fs;
use std::path::Path;

use crate::error::BuildError;
use crate::outputs::publish;

/// Writes `bytes` to `path` (a new file, or a link to the previous output's same
/// bytes), creating its folder when missing.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    publish::put(path, bytes)
}

/// Copies the folder `from` into `to`, recursively (later copies overwrite).
pub fn copy_tree(from: &Path, to: &Path) -> Result<usize, BuildError> {
    copy_tree_filtered(from, to, |_| true)
}

/// Copies the files of `from` whose path (relative to `from`) `keep` accepts into `to`.
pub fn copy_tree_filtered(
    from: &Path,
    to: &Path,
    keep: impl Fn(&Path) -> bool,
) -> Result<usize, BuildError> {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(from).to_path_buf();
            BuildError::io(&path, e.into())
        })?;
        let rel = entry.path().strip_prefix(from).unwrap_or(Path::new(""));
        let target = to.join(rel);
        if entry.file_type().is_file() && keep(rel) {
            // Folders come with their first file: one holding nothing kept is not made.
            let bytes = fs::read(entry.path()).map_err(|e| BuildError::io(entry.path(), e))?;
            write_file(&target, &bytes)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Whether `name` is a Trunk-hashed file name: `<stem>-<hex>[_bg].<ext>`. Trunk writes
/// its 64-bit hash in hex without leading zeros, so one build in sixteen has 15 digits
/// (one in 256 has 14, …): 12 to 16 are accepted, fewer are too rare to be Trunk's.
pub fn is_hashed(name: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}
