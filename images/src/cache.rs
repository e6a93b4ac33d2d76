//! The cache between builds.
//!
//! Layout: `<dir>/v1/<key[..2]>/<key>/` holds one source's encoded files
//! (`320.webp`, `320.jpg`, …, or `original.gif`) and a `manifest` listing them
//! with sizes and SHA-256. The key is the SHA-256 of the settings and the
//! source bytes, so an entry never goes stale: it is either used or unused.
//!
//! Every file, the manifest last, is written to a temporary name and renamed,
//! so a killed build leaves either a whole entry or one without a manifest,
//! which counts as missing. A hit is verified file by file (size and SHA-256)
//! before use; a damaged entry is rebuilt.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use crate::manifest::Manifest;
use crate::naming::sha256_hex;
use crate::ImageError;

const LAYOUT: &str = "v1";
const MANIFEST: &str = "manifest";
const TEMP_PREFIX: &str = ".tmp-";

/// A cache folder plus what this build did with it.
#[derive(Debug)]
pub struct Cache {
    root: PathBuf,
    used: Mutex<HashSet<String>>,
    counters: Counters,
}

#[derive(Debug, Default)]
struct Counters {
    images_encoded: AtomicU64,
    files_encoded: AtomicU64,
    images_reused: AtomicU64,
    entries_rebuilt: AtomicU64,
}

/// What this `Cache` value has done since it was opened.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Images decoded and encoded (cache misses).
    pub images_encoded: u64,
    /// Files written by an encoder (variants and passthroughs).
    pub files_encoded: u64,
    /// Images served from the cache without encoding.
    pub images_reused: u64,
    /// Entries found damaged and encoded again (also counted in `images_encoded`).
    pub entries_rebuilt: u64,
}

/// What [`Cache::prune_unused`] removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pruned {
    pub entries: u64,
    pub bytes: u64,
}

/// A cache lookup's outcome.
pub(crate) enum Lookup {
    Hit(Manifest),
    Missing,
    Damaged,
}

impl Cache {
    /// Opens (creating if needed) the cache in `dir`.
    pub fn open(dir: impl AsRef<Path>) -> io::Result<Cache> {
        let root = dir.as_ref().join(LAYOUT);
        fs::create_dir_all(&root)?;
        Ok(Cache {
            root,
            used: Mutex::default(),
            counters: Counters::default(),
        })
    }

    /// The counters since [`Cache::open`].
    pub fn stats(&self) -> CacheStats {
        let c = &self.counters;
        CacheStats {
            images_encoded: c.images_encoded.load(Ordering::Relaxed),
            files_encoded: c.files_encoded.load(Ordering::Relaxed),
            images_reused: c.images_reused.load(Ordering::Relaxed),
            entries_rebuilt: c.entries_rebuilt.load(Ordering::Relaxed),
        }
    }

    /// Removes every entry this `Cache` value did not look up, and temporary
    /// files left by killed builds. Call it after a successful build, when no
    /// other build uses the folder: the cache then holds exactly the latest
    /// build's images.
    pub fn prune_unused(&self) -> io::Result<Pruned> {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut pruned = Pruned::default();
        for shard in fs::read_dir(&self.root)? {
            let shard = shard?.path();
            if !shard.is_dir() {
                continue;
            }
            for entry in fs::read_dir(&shard)? {
                let entry = entry?.path();
                let key = entry
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if used.contains(key) {
                    pruned.bytes += remove_temp_files(&entry)?;
                } else {
                    pruned.bytes += size_of_tree(&entry)?;
                    remove_any(&entry)?;
                    pruned.entries += 1;
                }
            }
            // Fails harmlessly when the shard still holds entries.
            let _ = fs::remove_dir(&shard);
        }
        Ok(pruned)
    }

    pub(crate) fn entry_dir(&self, key: &str) -> PathBuf {
        self.root.join(&key[..2]).join(key)
    }

    /// Looks `key` up and marks it used by this build.
    pub(crate) fn lookup(&self, key: &str) -> Lookup {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        let dir = self.entry_dir(key);
        let Ok(text) = fs::read_to_string(dir.join(MANIFEST)) else {
            return Lookup::Missing;
        };
        match Manifest::parse(&text) {
            Some(manifest) if files_intact(&dir, &manifest) => {
                self.counters.images_reused.fetch_add(1, Ordering::Relaxed);
                Lookup::Hit(manifest)
            }
            _ => Lookup::Damaged,
        }
    }

    /// Writes a freshly encoded entry: the files, then the manifest.
    pub(crate) fn store(
        &self,
        key: &str,
        manifest: &Manifest,
        contents: &[Vec<u8>],
        rebuilt: bool,
    ) -> Result<(), ImageError> {
        let dir = self.entry_dir(key);
        fs::create_dir_all(&dir).map_err(ImageError::write(&dir))?;
        for (record, bytes) in manifest.files.iter().zip(contents) {
            let path = dir.join(&record.file);
            write_atomically(&path, bytes).map_err(ImageError::write(path))?;
        }
        let path = dir.join(MANIFEST);
        write_atomically(&path, manifest.to_text().as_bytes()).map_err(ImageError::write(path))?;
        let c = &self.counters;
        c.images_encoded.fetch_add(1, Ordering::Relaxed);
        c.files_encoded
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        if rebuilt {
            c.entries_rebuilt.fetch_add(1, Ordering::Relaxed);
        }
        Ok(())
    }
}

/// Whether every file the manifest lists is there with its size and hash.
fn files_intact(dir: &Path, manifest: &Manifest) -> bool {
    manifest.files.iter().all(|record| {
        let path = dir.join(&record.file);
        let size_ok = fs::metadata(&path).is_ok_and(|m| m.len() == record.bytes);
        size_ok && fs::read(&path).is_ok_and(|bytes| sha256_hex(&bytes) == record.sha256)
    })
}

/// Writes `bytes` under a unique temporary name beside `path`, then renames it
/// over `path`: readers see the old file or the whole new one, never a part.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let unique = NEXT.fetch_add(1, Ordering::Relaxed);
    let temp = path.with_file_name(format!(
        "{TEMP_PREFIX}{}-{unique}-{name}",
        std::process::id()
    ));
    let result = fs::write(&temp, bytes).and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes temporary files left in an entry; returns the bytes freed.
fn remove_temp_files(entry: &Path) -> io::Result<u64> {
    let mut freed = 0;
    for file in fs::read_dir(entry)? {
        let file = file?;
        if file.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            freed += file.metadata()?.len();
            fs::remove_file(file.path())?;
        }
    }
    Ok(freed)
}

fn size_of_tree(path: &Path) -> io::Result<u64> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for child in fs::read_dir(path)? {
        total += size_of_tree(&child?.path())?;
    }
    Ok(total)
}

fn remove_any(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}
