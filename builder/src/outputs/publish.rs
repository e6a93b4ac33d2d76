//! Incremental publishing: a build writes into its staging folder only the files whose
//! bytes differ from the previous output's. An unchanged file is hard-linked from the
//! previous output instead, so after the swap it is the same inode with the same bytes
//! and modification time. The previous output itself is never written to: every file in
//! the staging folder is replaced by a new inode (never truncated in place), so a failed
//! or killed build still leaves it exactly as it was.
//!
//! Which previous output belongs to a staging folder is recorded here when
//! [`super::staging::Staging`] is created, so the one writer ([`super::files::write_file`])
//! needs no extra argument. It also records what became of each file (linked or
//! written), so after the build [`Changes::recorded`] lists what was written and what
//! stayed without walking the staging folder; only the previous output is walked, for
//! what was removed (while the site is built: [`super::staging`]).

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use rustc_hash::FxHashMap;

use crate::error::BuildError;

/// A staging folder being built: the output it will replace and the files produced so
/// far (relative paths), each with what became of it.
struct Active {
    staging: PathBuf,
    previous: PathBuf,
    /// Keyed by the path's bytes: hashing a `Path` walks its components (a few percent
    /// of a publish, with 300,000 files looked up twice).
    produced: Mutex<FxHashMap<Box<OsStr>, Fate>>,
}

/// What became of a produced file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Not known here (placed by someone else): compared by inode at the swap.
    Placed,
    /// The previous output's file, linked: unchanged.
    Kept,
    /// A new file.
    Written,
}

static ACTIVE: RwLock<Vec<Arc<Active>>> = RwLock::new(Vec::new());

impl Active {
    /// Records `fate` for `rel`.
    fn record(&self, rel: PathBuf, fate: Fate) {
        if let Ok(mut produced) = self.produced.lock() {
            produced.insert(rel.into_os_string().into_boxed_os_str(), fate);
        }
    }
}

/// Records that files written below `staging` replace those below `previous`.
pub fn register(staging: &Path, previous: &Path) {
    if let Ok(mut active) = ACTIVE.write() {
        active.push(Arc::new(Active {
            staging: staging.to_path_buf(),
            previous: previous.to_path_buf(),
            produced: Mutex::default(),
        }));
    }
}

/// Forgets `staging` (committed or dropped).
pub fn unregister(staging: &Path) {
    if let Ok(mut active) = ACTIVE.write() {
        active.retain(|a| a.staging != staging);
    }
}

/// The registered staging folder `path` lies in, with `path` relative to it.
fn active_for(path: &Path) -> Option<(Arc<Active>, PathBuf)> {
    let active = ACTIVE.read().ok()?;
    active.iter().find_map(|a| {
        let rel = path.strip_prefix(&a.staging).ok()?;
        Some((a.clone(), rel.to_path_buf()))
    })
}

/// The previous output's file for `path` in a registered staging folder.
pub fn previous_of(path: &Path) -> Option<PathBuf> {
    active_for(path).map(|(a, rel)| a.previous.join(rel))
}

/// Records that this build produces `path` (in a registered staging folder); returns
/// the previous output's file for it.
pub fn produced(path: &Path) -> Option<PathBuf> {
    let (a, rel) = active_for(path)?;
    let old = a.previous.join(&rel);
    a.record(rel, Fate::Placed);
    Some(old)
}

/// Whether this build produced `rel` (relative to `staging`); true when `staging` is
/// not registered.
pub fn was_produced(staging: &Path, rel: &Path) -> bool {
    let Some((a, _)) = active_for(staging) else {
        return true;
    };
    a.produced
        .lock()
        .map_or(true, |p| p.contains_key(rel.as_os_str()))
}

/// Writes `bytes` to `path` as a new file, or makes `path` the previous output's file
/// when that holds the same bytes (it may be already: a staging folder starts as a copy
/// of links, see [`super::staging`]). A file at `path` is unlinked, never written
/// through: it may be the previous output's. Its folder is made when missing.
pub fn put(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if let Some((a, rel)) = active_for(path) {
        let old = a.previous.join(&rel);
        let kept = match holding(&old, bytes) {
            Some(old_meta) => {
                is_file(&old_meta, path) || {
                    unlink(path)?;
                    in_folder(path, || fs::hard_link(&old, path)).is_ok()
                }
            }
            None => false,
        };
        a.record(rel, if kept { Fate::Kept } else { Fate::Written });
        if kept {
            return Ok(());
        }
    }
    unlink(path)?;
    in_folder(path, || fs::write(path, bytes)).map_err(|e| BuildError::io(path, e))
}

/// Makes `path` the previous output's file for it, if there is one (creating the folders
/// it needs). Returns whether it did.
pub fn keep_previous(path: &Path) -> bool {
    let Some((a, rel)) = active_for(path) else {
        return false;
    };
    let old = a.previous.join(&rel);
    let kept = same_inode(&old, path)
        || (old.is_file()
            && unlink(path).is_ok()
            && in_folder(path, || fs::hard_link(&old, path)).is_ok());
    // Not kept: produced all the same, as the caller writes it next.
    a.record(rel, if kept { Fate::Kept } else { Fate::Placed });
    kept
}

/// Runs `make`, which creates the file `path`; when its folder is missing, makes the
/// folder and runs it again. (Most files of a build go into folders that exist: trying
/// first spares a `mkdir` and a `stat` per file.)
fn in_folder(path: &Path, make: impl Fn() -> io::Result<()>) -> io::Result<()> {
    match make() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            make()
        }
        done => done,
    }
}

/// Whether `path` in a registered staging folder is the previous output's file (the
/// same inode): its bytes did not change in this build. Known without a `stat` for a
/// file this build put or kept.
pub fn is_unchanged(path: &Path) -> bool {
    let Some((a, rel)) = active_for(path) else {
        return false;
    };
    let fate = (a.produced.lock().ok()).and_then(|p| p.get(rel.as_os_str()).copied());
    match fate {
        Some(Fate::Kept) => true,
        Some(Fate::Written) => false,
        Some(Fate::Placed) | None => same_inode(&a.previous.join(&rel), path),
    }
}

/// Removes the files of `listed` (relative to `staging`, as [`files`] lists them) that
/// this build did not produce, except those `keep` accepts (returned: the swap looks at
/// them again), and the folders that leaves empty.
pub fn prune(
    staging: &Path,
    listed: &[PathBuf],
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, BuildError> {
    let mut emptied = BTreeSet::new();
    let mut spared = Vec::new();
    for rel in listed.iter().map(PathBuf::as_path) {
        if was_produced(staging, rel) {
            continue;
        }
        if keep(rel) {
            spared.push(rel.to_path_buf());
        } else {
            let path = staging.join(rel);
            unlink(&path)?;
            if let Some(parent) = path.parent() {
                emptied.insert(parent.to_path_buf());
            }
        }
    }
    // Deepest first; a folder that still holds something stays.
    for dir in emptied.iter().rev() {
        for d in dir
            .ancestors()
            .take_while(|d| d.starts_with(staging) && *d != staging)
        {
            if fs::remove_dir(d).is_err() {
                break;
            }
        }
    }
    Ok(spared)
}

/// Removes the files of `rels` (relative to `staging`) this build did not produce in the
/// end: what [`prune`] spared.
pub fn prune_spared(staging: &Path, rels: &[PathBuf]) -> Result<(), BuildError> {
    for rel in rels {
        if !was_produced(staging, rel) {
            unlink(&staging.join(rel))?;
        }
    }
    Ok(())
}

fn unlink(path: &Path) -> Result<(), BuildError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(BuildError::io(path, e)),
        _ => Ok(()),
    }
}

/// The metadata of `old` when it is a file holding exactly `bytes`.
fn holding(old: &Path, bytes: &[u8]) -> Option<fs::Metadata> {
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
fn is_file(meta: &fs::Metadata, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).is_ok_and(|p| p.dev() == meta.dev() && p.ino() == meta.ino())
}

#[cfg(not(unix))]
fn is_file(_: &fs::Metadata, _: &Path) -> bool {
    false
}

/// Whether `a` and `b` are the same file (the same inode).
fn same_inode(a: &Path, b: &Path) -> bool {
    fs::symlink_metadata(a).is_ok_and(|meta| is_file(&meta, b))
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
    /// What the registered staging folder `staged` changes against its previous output,
    /// whose files are `previous` (as [`files`] lists them): written and unchanged as
    /// recorded when each file was produced (a file placed by others compared by inode),
    /// removed: the previous files not produced. The staged folder holds exactly what was
    /// produced: the build pruned the rest.
    pub fn recorded(staged: &Path, previous_files: &[PathBuf]) -> Result<Changes, BuildError> {
        let active = ACTIVE
            .read()
            .ok()
            .and_then(|active| active.iter().find(|a| a.staging == staged).cloned());
        let Some(active) = active else {
            return Err(BuildError::Refused(format!(
                "{} is not a staging folder of this build",
                staged.display()
            )));
        };
        // Read in place: the build is over, nothing records any more.
        let produced = active
            .produced
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let previous = &active.previous;
        let mut changes = Changes::default();
        for (rel, fate) in produced.iter() {
            let rel = Path::new(rel);
            let kept = match fate {
                Fate::Kept => true,
                Fate::Written => false,
                Fate::Placed => same_inode(&staged.join(rel), &previous.join(rel)),
            };
            if kept {
                changes.unchanged += 1;
            } else {
                changes.written.push(slashed(rel));
            }
        }
        changes.removed = (previous_files.iter())
            .filter(|rel| !produced.contains_key(rel.as_os_str()))
            .map(|rel| slashed(rel))
            .collect();
        changes.written.sort();
        changes.removed.sort();
        Ok(changes)
    }

    /// Brings `spare`, a copy of links to the output this build replaced, up to date
    /// with the new output `out`: the written files linked in, the removed ones
    /// removed. Stops at the first failure (the next build prunes and relinks); whether
    /// it went through.
    pub fn mirror(&self, out: &Path, spare: &Path) -> bool {
        for rel in &self.written {
            let target = spare.join(rel);
            let linked = unlink(&target).is_ok()
                && target
                    .parent()
                    .is_some_and(|p| fs::create_dir_all(p).is_ok())
                && fs::hard_link(out.join(rel), &target).is_ok();
            if !linked {
                return false;
            }
        }
        for rel in &self.removed {
            let target = spare.join(rel);
            if unlink(&target).is_err() {
                return false;
            }
            for d in target.ancestors().skip(1) {
                if d == spare || fs::remove_dir(d).is_err() {
                    break;
                }
            }
        }
        true
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

/// Every file below `dir` (relative), in the order the file system lists them: callers
/// sort what they report (sorting each folder's entries as they were read was 3 % of
/// publishing one article into 10,000, whose documents share a folder).
pub fn files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            BuildError::io(&path, e.into())
        })?;
        if !entry.file_type().is_dir() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            out.push(rel.to_path_buf());
        }
    }
    Ok(out)
}

/// A relative path as the change list writes it: `/`-separated.
fn slashed(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}
