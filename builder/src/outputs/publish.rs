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
//! stayed without walking the staging folder again. What was removed comes from the
//! listing of a spare that mirrors the previous output, else of the previous output
//! (listed while the site is built: [`super::staging`]). The spare's listing also
//! keeps each file's inode: a file the build has not touched since is known to be the
//! previous output's, or not, with one `stat` instead of two. A spare marked as mirroring
//! the previous output is not walked: its mark holds that listing ([`list_mirrored`]).

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::BuildError;

mod changes;
mod identity;
mod listed;
mod relative;
pub use changes::Changes;
use identity::{holding, inode, is_file, same_identity, same_inode};
use listed::Listed;
pub use listed::{files, list_mirrored, list_staging};
use relative::relative;

/// A staging folder being built: the output it will replace and the files produced so
/// far (relative paths), each with what became of it.
struct Active {
    staging: PathBuf,
    previous: PathBuf,
    /// Whether there is a previous output ([`Active::previous_file`]).
    has_previous: bool,
    /// Keyed by the path's bytes: hashing a `Path` walks its components (a few percent
    /// of a publish, with 300,000 files looked up twice).
    produced: Mutex<FxHashMap<Box<OsStr>, Fate>>,
    /// The files the staging folder held when its listing ([`list_staging`]) ended.
    listed: OnceLock<Listed>,
    /// Set when the prune starts: the listing no longer says what is there.
    pruning: AtomicBool,
    /// Whether writing waits for `checked`: the spare's mark is being checked against
    /// its folders, which a write would change.
    gated: bool,
    checked: OnceLock<()>,
    /// When the staging folder started empty: the folders made in it so far (relative
    /// paths), which are all it has ([`Active::make_folder`]).
    folders: Option<Mutex<FxHashSet<Box<OsStr>>>>,
}

/// What became of a produced file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Not known here (placed by someone else): compared by inode at the swap.
    Placed,
    /// The previous output's file (this inode) already: unchanged, untouched.
    Held(u64),
    /// The previous output's file, linked: unchanged.
    Kept,
    /// A new file.
    Written,
}

static ACTIVE: RwLock<Vec<Arc<Active>>> = RwLock::new(Vec::new());

impl Active {
    /// The previous output's file for `rel`; none when there is no previous output, so
    /// that nothing of it is looked for.
    fn previous_file(&self, rel: &Path) -> Option<PathBuf> {
        self.has_previous.then(|| self.previous.join(rel))
    }

    /// Records `fate` for `rel`.
    fn record(&self, rel: PathBuf, fate: Fate) {
        if let Ok(mut produced) = self.produced.lock() {
            produced.insert(rel.into_os_string().into_boxed_os_str(), fate);
        }
    }

    /// Whether the staging folder's file `path` (`rel`) is the file `old` describes: by
    /// the listing while it holds for `rel` (listed, untouched by this build, no prune
    /// yet), else by a `stat` of `path`.
    fn holds(&self, rel: &Path, old: &fs::Metadata, path: &Path) -> bool {
        match self.listed(rel) {
            Some((device, inode, _)) => same_identity(old, device, inode),
            None => is_file(old, path),
        }
    }

    /// What the listing says of `rel` while it holds (listed, untouched by this build, no
    /// prune yet): its device and inode, and whether that is the previous output's file.
    fn listed(&self, rel: &Path) -> Option<(u64, u64, bool)> {
        let listed = self.listed.get()?;
        if self.pruning.load(Ordering::Acquire) {
            return None;
        }
        let inode = *listed.inodes.get(rel.as_os_str())?;
        let produced = self.produced.lock().ok()?;
        let untouched = !produced.contains_key(rel.as_os_str());
        untouched.then_some((listed.device, inode, listed.previous))
    }

    /// Makes the folder of `path` (`rel`) before a file's first write into it, when the
    /// staging folder started empty: the folders made here are then all it has, so no
    /// create fails for want of its folder (at 1,000 articles, half the files are the
    /// first of theirs, and a failed `open` costs a path lookup).
    fn make_folder(&self, path: &Path, rel: &Path) -> io::Result<()> {
        let (Some(folders), Some(folder), Some(parent)) =
            (&self.folders, rel.parent(), path.parent())
        else {
            return Ok(());
        };
        let made = || (folders.lock()).map_or(true, |f| f.contains(folder.as_os_str()));
        if folder.as_os_str().is_empty() || made() {
            return Ok(());
        }
        fs::create_dir_all(parent)?;
        if let Ok(mut folders) = folders.lock() {
            folders.insert(folder.as_os_str().into());
        }
        Ok(())
    }

    /// Waits, before a write, until the spare's mark is checked.
    fn wait(&self) {
        if self.gated {
            self.checked.wait();
        }
    }
}

/// Records that files written below `staging` replace those below `previous`; writes
/// wait for [`checked`] when `gated`; `empty` when `staging` starts empty.
pub fn register(staging: &Path, previous: &Path, gated: bool, empty: bool) {
    if let Ok(mut active) = ACTIVE.write() {
        active.push(Arc::new(Active {
            staging: staging.to_path_buf(),
            previous: previous.to_path_buf(),
            has_previous: previous.is_dir(),
            produced: Mutex::default(),
            listed: OnceLock::new(),
            pruning: AtomicBool::new(false),
            gated,
            checked: OnceLock::new(),
            folders: empty.then(Mutex::default),
        }));
    }
}

/// Lets writes into the registered staging folder `staging` go on: its spare's mark is
/// checked.
pub fn checked(staging: &Path) {
    if let Some((a, _)) = active_for(staging) {
        let _ = a.checked.set(());
    }
}

/// Forgets `staging` (committed or dropped).
pub fn unregister(staging: &Path) {
    let gone: Vec<Arc<Active>> = match ACTIVE.write() {
        Ok(mut active) => {
            let (gone, kept) = active.drain(..).partition(|a| a.staging == staging);
            *active = kept;
            gone
        }
        Err(_) => return,
    };
    // Freeing 300,000 paths twice over takes a while: not on the swap's way.
    std::thread::spawn(move || drop(gone));
}

/// The registered staging folder `path` lies in, with `path` relative to it.
fn active_for(path: &Path) -> Option<(Arc<Active>, PathBuf)> {
    let active = ACTIVE.read().ok()?;
    active.iter().find_map(|a| {
        let rel = relative(path, &a.staging)?;
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
    a.wait();
    let old = a.previous.join(&rel);
    a.record(rel, Fate::Placed);
    Some(old)
}

/// The files this build produced in `staging` (relative), what the output holds once
/// it is committed, each with its inode when the build left it untouched: taken from
/// the record (after the change list).
pub fn take_produced(staging: &Path) -> Vec<(Box<OsStr>, Option<u64>)> {
    let Some((a, _)) = active_for(staging) else {
        return Vec::new();
    };
    let Ok(mut produced) = a.produced.lock() else {
        return Vec::new();
    };
    let inode = |fate| match fate {
        Fate::Held(inode) => Some(inode),
        Fate::Kept | Fate::Written | Fate::Placed => None,
    };
    (std::mem::take(&mut *produced).into_iter())
        .map(|(rel, fate)| (rel, inode(fate)))
        .collect()
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
        a.wait();
        let old = a.previous_file(&rel);
        let held = old
            .as_deref()
            .and_then(|old| Some((old, holding(old, bytes)?)));
        let kept = match held {
            Some((_, old_meta)) if a.holds(&rel, &old_meta, path) => {
                Some(Fate::Held(inode(&old_meta)))
            }
            Some((old, _)) => {
                unlink(path)?;
                let linked = in_folder(path, || fs::hard_link(old, path)).is_ok();
                linked.then_some(Fate::Kept)
            }
            None => None,
        };
        if let Some(fate) = kept {
            a.record(rel, fate);
            return Ok(());
        }
        a.make_folder(path, &rel)
            .map_err(|e| BuildError::io(path, e))?;
        a.record(rel, Fate::Written);
    }
    write_new(path, bytes).map_err(|e| BuildError::io(path, e))
}

/// Writes `bytes` to `path` as a new file (making its folder when missing). A file
/// already at `path` is unlinked first, never written through. Creating first spares
/// an `unlink` per file where most are new (every file of a first build).
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let create = || {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)?;
        file.write_all(bytes)
    };
    match in_folder(path, create) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            create()
        }
        done => done,
    }
}

/// Makes `path` the previous output's file for it, if there is one (creating the folders
/// it needs). Returns whether it did.
pub fn keep_previous(path: &Path) -> bool {
    let Some((a, rel)) = active_for(path) else {
        return false;
    };
    a.wait();
    if let Some((_, inode, true)) = a.listed(&rel) {
        a.record(rel, Fate::Held(inode));
        return true;
    }
    let found =
        (a.previous_file(&rel)).and_then(|old| Some((fs::symlink_metadata(&old).ok()?, old)));
    let Some((old_meta, old)) = found else {
        a.record(rel, Fate::Placed);
        return false;
    };
    let fate = if a.holds(&rel, &old_meta, path) {
        Fate::Held(inode(&old_meta))
    } else if old_meta.is_file()
        && unlink(path).is_ok()
        && in_folder(path, || fs::hard_link(&old, path)).is_ok()
    {
        Fate::Kept
    } else {
        // Not kept: produced all the same, as the caller writes it next.
        Fate::Placed
    };
    let kept = fate != Fate::Placed;
    a.record(rel, fate);
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
        Some(Fate::Held(_) | Fate::Kept) => true,
        Some(Fate::Written) => false,
        Some(Fate::Placed) | None => {
            (a.previous_file(&rel)).is_some_and(|old| same_inode(&old, path))
        }
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
    let Some((a, _)) = active_for(staging) else {
        return Ok(Vec::new());
    };
    a.wait();
    a.pruning.store(true, Ordering::Release);
    // Looked up under one lock (not one per file), released before `keep` asks again.
    let unproduced: Vec<&Path> = match a.produced.lock() {
        Ok(produced) => (listed.iter())
            .filter(|rel| !produced.contains_key(rel.as_os_str()))
            .map(PathBuf::as_path)
            .collect(),
        Err(_) => Vec::new(),
    };
    let mut emptied = BTreeSet::new();
    let mut spared = Vec::new();
    for rel in unproduced {
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
