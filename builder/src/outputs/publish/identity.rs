//! Which file a path is: inodes and devices, and whether an old file holds given bytes,
//! so that a build can tell an unchanged file from one to write.

use std::fs;
use std::path::Path;

/// The metadata of `old` when it is a file holding exactly `bytes`.
pub(super) fn holding(old: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
    use std::io::Read;
    let meta = fs::symlink_metadata(old).ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    // The length is known: one read, no second `stat` and no read to the end.
    let mut held = vec![0; bytes.len()];
    fs::File::open(old).ok()?.read_exact(&mut held).ok()?;
    (held == bytes).then_some(meta)
}

/// Whether `path` is the file `meta` describes (the same inode).
#[cfg(unix)]
pub(super) fn is_file(meta: &fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).is_ok_and(|p| p.dev() == meta.dev() && p.ino() == meta.ino())
}

#[cfg(not(unix))]
pub(super) fn is_file(_: &fs::Metadata, _: &Path) -> bool {
    false
}

/// Whether `meta` describes a file that is `inode` on `device`.
#[cfg(unix)]
pub(super) fn same_identity(meta: &fs::Metadata, device: u64, inode: u64) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.is_file() && meta.dev() == device && meta.ino() == inode
}

#[cfg(not(unix))]
pub(super) fn same_identity(_: &fs::Metadata, _: u64, _: u64) -> bool {
    false
}

/// The inode `meta` describes (0 where there is none).
pub(super) fn inode(meta: &fs::Metadata) -> u64 {
    #[cfg(unix)]
    {
        std::os::unix::fs::MetadataExt::ino(meta)
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        0
    }
}

/// Whether `a` and `b` are the same file (the same inode).
pub(super) fn same_inode(a: &Path, b: &Path) -> bool {
    fs::symlink_metadata(a).is_ok_and(|meta| is_file(&meta, b))
}
