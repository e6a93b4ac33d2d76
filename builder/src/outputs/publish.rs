//! Incremental publishing: a build writes into its staging folder only the files whose
//! bytes differ from the previous output's. An unchanged file is hard-linked from the
//! previous output instead, so after the swap it is the same inode with the same bytes
//! and modification time. The previous output itself is never written to: every file in
//! the staging folder is replaced by a new inode (never truncated in place), so a failed
//! or killed build still leaves it exactly as it was.
//!
//! Which previous output belongs to a staging folder is recorded here when
//! [`super::staging::Staging`] is created, so the one writer ([`super::files::write_file`])
//! needs no extra argument. After the build, [`Changes::between`] compares the two trees
//! by inode: what was written, what was removed, what stayed.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use crate::error::BuildError;

/// Staging folders being built, each with the output it will replace.
static ACTIVE: RwLock<Vec<(PathBuf, PathBuf)>> = RwLock::new(Vec::new());

/// Records that files written below `staging` replace those below `previous`.
pub fn register(staging: &Path, previous: &Path) {
    if let Ok(mut active) = ACTIVE.write() {
        active.push((staging.to_path_buf(), previous.to_path_buf()));
    }
}

/// Forgets `staging` (committed or dropped).
pub fn unregister(staging: &Path) {
    if let Ok(mut active) = ACTIVE.write() {
        active.retain(|(s, _)| s != staging);
    }
}

/// The previous output's file for `path` in a registered staging folder.
pub fn previous_of(path: &Path) -> Option<PathBuf> {
    let active = ACTIVE.read().ok()?;
    active.iter().find_map(|(staging, previous)| {
        let rel = path.strip_prefix(staging).ok()?;
        Some(previous.join(rel))
    })
}

/// Writes `bytes` to `path` as a new file, or hard-links the previous output's file
/// there when it holds the same bytes. Whatever `path` named before is unlinked first,
/// never overwritten: it may be a link to the previous output.
pub fn put(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    unlink(path)?;
    if let Some(old) = previous_of(path) {
        if same_bytes(&old, bytes) && fs::hard_link(&old, path).is_ok() {
            return Ok(());
        }
    }
    fs::write(path, bytes).map_err(|e| BuildError::io(path, e))
}

/// Hard-links the previous output's file for `path` there, if there is one and
/// `path` is not there yet. Returns whether it did.
pub fn keep_previous(path: &Path) -> bool {
    match previous_of(path) {
        Some(old) => !path.exists() && old.is_file() && fs::hard_link(&old, path).is_ok(),
        None => false,
    }
}

/// Whether `path` in a registered staging folder is the previous output's file (the
/// same inode): its bytes did not change in this build.
pub fn is_unchanged(path: &Path) -> bool {
    previous_of(path).is_some_and(|old| same_inode(&old, path))
}

fn unlink(path: &Path) -> Result<(), BuildError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(BuildError::io(path, e)),
        _ => Ok(()),
    }
}

fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    match fs::symlink_metadata(old) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            fs::read(old).is_ok_and(|b| b == bytes)
        }
        _ => false,
    }
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

/// What a build changed in its output, paths relative to it, sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files new or with other bytes than before.
    pub written: Vec<String>,
    /// Files of the previous output this build no longer produces.
    pub removed: Vec<String>,
    /// How many files kept their bytes (the same inode as before).
    pub unchanged: usize,
}

impl Changes {
    /// Compares the staged tree with the previous output (missing: everything is new).
    pub fn between(staged: &Path, previous: &Path) -> Result<Changes, BuildError> {
        let mut changes = Changes::default();
        let mut produced = BTreeSet::new();
        for rel in files(staged)? {
            if same_inode(&staged.join(&rel), &previous.join(&rel)) {
                changes.unchanged += 1;
            } else {
                changes.written.push(rel.clone());
            }
            produced.insert(rel);
        }
        if previous.is_dir() {
            changes.removed = files(previous)?
                .into_iter()
                .filter(|rel| !produced.contains(rel))
                .collect();
        }
        changes.written.sort();
        changes.removed.sort();
        Ok(changes)
    }

    /// `N written, M removed, K unchanged`.
    pub fn summary(&self) -> String {
        format!(
            "{} written, {} removed, {} unchanged",
            self.written.len(),
            self.removed.len(),
            self.unchanged
        )
    }

    /// The change list as JSON (docs/deploy.md): `{"written": [...], "removed": [...],
    /// "unchanged": K}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "written": self.written,
            "removed": self.removed,
            "unchanged": self.unchanged,
        })
        .to_string()
    }
}

/// Every file below `dir` (relative, `/`-separated), sorted.
fn files(dir: &Path) -> Result<Vec<String>, BuildError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            BuildError::io(&path, e.into())
        })?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(out)
}
