//! What a staging folder held when the build started: its listing, by a walk or from
//! the spare's mark ([`crate::outputs::staging`]), each file with its inode.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::active_for;
use crate::error::BuildError;

/// A staging folder's files as its listing found them: the inode of each (relative path),
/// all on one device. A file the build has not touched since is still that inode, so
/// whether it is the previous output's takes one `stat` (of the previous output's file)
/// instead of two.
pub(super) struct Listed {
    pub device: u64,
    pub inodes: FxHashMap<Box<OsStr>, u64>,
    /// Whether each is the previous output's file too (a mark that held for both).
    pub previous: bool,
}

/// Every file below `dir` (relative), in the order the file system lists them: callers
/// sort what they report (sorting each folder's entries as they were read was 3 % of
/// publishing one article into 10,000, whose documents share a folder).
pub fn files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let mut out = Vec::new();
    each_file(dir, |rel, _| out.push(rel.to_path_buf()))?;
    Ok(out)
}

/// Calls `found` with each file below `dir` (relative) and its entry, as listed.
fn each_file(
    dir: &Path,
    mut found: impl FnMut(&Path, &walkdir::DirEntry),
) -> Result<(), BuildError> {
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            BuildError::io(&path, e.into())
        })?;
        if !entry.file_type().is_dir() {
            found(
                entry.path().strip_prefix(dir).unwrap_or(entry.path()),
                &entry,
            );
        }
    }
    Ok(())
}

/// The files of the registered staging folder `staging` (as [`files`] lists them), also
/// kept with their inodes for the build's comparisons ([`Listed`]).
#[cfg(unix)]
pub fn list_staging(staging: &Path) -> Result<Vec<PathBuf>, BuildError> {
    use walkdir::DirEntryExt;
    let device = device(staging).map_err(|e| BuildError::io(staging, e))?;
    let mut out = Vec::new();
    let mut inodes = FxHashMap::default();
    each_file(staging, |rel, entry| {
        inodes.insert(rel.as_os_str().into(), entry.ino());
        out.push(rel.to_path_buf());
    })?;
    keep(staging, device, inodes, false);
    Ok(out)
}

#[cfg(not(unix))]
pub fn list_staging(staging: &Path) -> Result<Vec<PathBuf>, BuildError> {
    files(staging)
}

/// Records `files` (relative, each with its inode) as the registered staging folder
/// `staging` holds them, as [`list_staging`] would: the listing a spare's mark keeps
/// ([`crate::outputs::staging`]); each the previous output's file too when `previous`.
/// Returns the files.
pub fn list_mirrored(staging: &Path, files: Vec<(PathBuf, u64)>, previous: bool) -> Vec<PathBuf> {
    let mut inodes = FxHashMap::default();
    inodes.reserve(files.len());
    let files = (files.into_iter())
        .map(|(rel, inode)| {
            inodes.insert(rel.as_os_str().into(), inode);
            rel
        })
        .collect();
    if let Ok(device) = device(staging) {
        keep(staging, device, inodes, previous);
    }
    files
}

/// Keeps the listing of the registered staging folder `staging` for the build.
fn keep(staging: &Path, device: u64, inodes: FxHashMap<Box<OsStr>, u64>, previous: bool) {
    if let Some((a, _)) = active_for(staging) {
        let _ = a.listed.set(Listed {
            device,
            inodes,
            previous,
        });
    }
}

/// The device `dir` is on (0 where there is none).
fn device(dir: &Path) -> std::io::Result<u64> {
    let meta = fs::metadata(dir)?;
    #[cfg(unix)]
    {
        Ok(std::os::unix::fs::MetadataExt::dev(&meta))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Ok(0)
    }
}
