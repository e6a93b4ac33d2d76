//! The image cache folder between builds: where it is, one build at a time, and its
//! pruning after a successful build.
//!
//! By default it is `<out>.cache` beside the output folder (`dist.cache` for `dist`):
//! outside the output, so the atomic swap never touches it and a failed build cannot
//! lose it; on the same file system as the staging folder, so published variants are
//! hard links to the cached files rather than copies; one per output, so two sites
//! built side by side never prune each other's entries; and outside the content
//! folder, which authors keep under version control.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};

use broadsheet_images::Cache;

use crate::error::BuildError;
use crate::outputs::staging;
use crate::progress::Progress;

/// Tells backup and archiving tools that the folder can be rebuilt (bford.info/cachedir).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This folder is Broadsheet's image cache: variants it can encode again.\n";

/// The cache folder for a build into `out`, unless `--cache` names one.
pub fn default_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!("{name}.cache"))
}

/// Refuses a cache folder `dir` inside `out` or `content`.
pub fn check_place(dir: &Path, out: &Path, content: &Path) -> Result<(), BuildError> {
    for (what, folder) in [("--out", out), ("the content folder", content)] {
        if staging::is_within(dir, folder) || dir.starts_with(folder) {
            return Err(BuildError::Refused(format!(
                "the cache {} is inside {what} {}: it would be replaced or published; pass --cache with a folder outside it",
                dir.display(),
                folder.display()
            )));
        }
    }
    Ok(())
}

/// An open cache, locked for this build until it is dropped.
pub struct ImageCache {
    pub cache: Cache,
    dir: PathBuf,
    /// Held (an exclusive advisory lock, released by the system if the process dies)
    /// so a second build with the same cache waits instead of pruning our entries.
    _lock: File,
}

impl ImageCache {
    /// Opens (creating) the cache in `dir`, which must lie outside `out` and `content`.
    pub fn open(
        dir: &Path,
        out: &Path,
        content: &Path,
        progress: &Progress,
    ) -> Result<ImageCache, BuildError> {
        check_place(dir, out, content)?;
        fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e))?;
        let tag = dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            fs::write(&tag, CACHEDIR_TAG).map_err(|e| BuildError::io(&tag, e))?;
        }
        let lock_path = dir.join("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| BuildError::io(&lock_path, e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                progress.note(&format!(
                    "waiting for another build that uses the image cache {}…",
                    dir.display()
                ));
                lock.lock().map_err(|e| BuildError::io(&lock_path, e))?;
            }
            Err(TryLockError::Error(e)) => return Err(BuildError::io(&lock_path, e)),
        }
        let cache = Cache::open(dir).map_err(|e| BuildError::io(dir, e))?;
        Ok(ImageCache {
            cache,
            dir: dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// After a successful build: removes the entries this build did not use. A failure
    /// costs nothing but disk space, so it is reported, not raised.
    pub fn prune(&self, progress: &Progress) {
        match self.cache.prune_unused() {
            Ok(p) if p.entries > 0 => progress.note(&format!(
                "image cache: removed {} unused entries ({:.1} MB)",
                p.entries,
                p.bytes as f64 / 1e6
            )),
            Ok(_) => {}
            Err(e) => progress.note(&format!(
                "image cache {}: pruning failed ({e}); it is retried after the next build",
                self.dir.display()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_cache_sits_beside_the_output() {
        assert_eq!(
            default_dir(Path::new("site/dist")),
            Path::new("site/dist.cache")
        );
        assert_eq!(default_dir(Path::new("dist")), Path::new("dist.cache"));
    }

    #[test]
    fn a_cache_inside_the_output_or_the_content_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let (out, content) = (root.path().join("dist"), root.path().join("content"));
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&content).unwrap();
        for inside in [out.join("cache"), content.join("media/cache")] {
            let err = ImageCache::open(&inside, &out, &content, &Progress::quiet())
                .err()
                .unwrap();
            assert!(err.to_string().contains("pass --cache"), "{err}");
            assert!(!inside.exists());
        }
    }

    #[test]
    fn a_second_build_with_the_same_cache_waits_for_the_first() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("dist.cache");
        let open = || {
            ImageCache::open(
                &dir,
                &root.path().join("dist"),
                &root.path().join("content"),
                &Progress::quiet(),
            )
            .unwrap()
        };
        let first = open();
        assert!(dir.join("CACHEDIR.TAG").is_file());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let second = open();
                tx.send(()).unwrap();
                drop(second);
            });
            let waited = rx.recv_timeout(std::time::Duration::from_millis(300));
            assert!(waited.is_err(), "the second build went ahead of the first");
            drop(first);
            rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        });
    }
}
