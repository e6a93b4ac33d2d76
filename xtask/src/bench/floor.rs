//! The file system's floor under a build: Broadsheet's output created again from memory,
//! with no computing at all — its folders, then its files spread over as many threads as
//! the machine has, into a new folder. Measured in the same turns as the builds, it shows
//! how much of a build's wall time creating that many files takes here, and so what the
//! goal against Hugo leaves for reading, rendering and indexing.

use std::fs::File;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use super::measure::{self, Usage};

/// An output folder read into memory: its folders (parents first) and its files, whose
/// bytes lie end to end in one buffer (one mapping, given back whole when it is dropped:
/// a build started while the bench still held it would count it in its peak memory, see
/// `measure::forget_own_peak`).
pub struct Tree {
    dirs: Vec<PathBuf>,
    files: Vec<(PathBuf, Range<usize>)>,
    bytes: Vec<u8>,
}

/// The largest scale measured: the floor answers whether a small site's build is its
/// files; at 10,000 articles its three copies (109,000 files, 1.1 GiB) stayed on the file
/// system through the 100,000-article builds, which took 26–28 s in three runs against
/// 21–28 s in the four before the floor: not shown to be its doing, but a third turn has no
/// business beside the scales whose ratio is at the goal's edge (bench/findings.md).
pub const LARGEST_SCALE: usize = 1_000;

impl Tree {
    /// Reads every folder and file under `root`.
    pub fn read(root: &Path) -> Result<Tree> {
        let mut tree = Tree {
            dirs: Vec::new(),
            files: Vec::new(),
            bytes: Vec::new(),
        };
        for entry in walkdir::WalkDir::new(root).min_depth(1) {
            let entry = entry?;
            let rel = entry.path().strip_prefix(root)?.to_path_buf();
            if entry.file_type().is_dir() {
                tree.dirs.push(rel);
            } else {
                let start = tree.bytes.len();
                File::open(entry.path())
                    .and_then(|mut file| file.read_to_end(&mut tree.bytes))
                    .with_context(|| format!("reading {}", entry.path().display()))?;
                tree.files.push((rel, start..tree.bytes.len()));
            }
        }
        Ok(tree)
    }

    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// Creates the tree in `into`, which must not exist; returns the wall time and the
    /// CPU time (user and kernel, of this process's threads) it took.
    pub fn write(&self, into: &Path) -> Result<Usage> {
        let cpu = process_cpu();
        let started = Instant::now();
        std::fs::create_dir(into).with_context(|| format!("creating {}", into.display()))?;
        for dir in &self.dirs {
            std::fs::create_dir(into.join(dir))?;
        }
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let share = self.files.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let workers: Vec<_> = (self.files.chunks(share))
                .map(|files| {
                    scope.spawn(move || {
                        files.iter().try_for_each(|(rel, range)| {
                            std::fs::write(into.join(rel), &self.bytes[range.clone()])
                        })
                    })
                })
                .collect();
            workers
                .into_iter()
                .try_for_each(|worker| worker.join().expect("a writing thread panicked"))
        })
        .with_context(|| format!("writing into {}", into.display()))?;
        Ok(Usage {
            wall: started.elapsed(),
            cpu: process_cpu().saturating_sub(cpu),
            max_rss_bytes: 0,
        })
    }
}

/// The CPU time this process has used so far, in user space and in the kernel.
fn process_cpu() -> Duration {
    // SAFETY: rusage is plain data, which getrusage fills for this process.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    measure::cpu_time(&usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_written_again_holds_the_same_folders_and_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("site");
        std::fs::create_dir_all(src.join("news/a")).unwrap();
        std::fs::create_dir_all(src.join("empty")).unwrap();
        std::fs::write(src.join("index.html"), "<p>home</p>").unwrap();
        std::fs::write(src.join("news/a/index.html"), "<p>a</p>").unwrap();
        std::fs::write(src.join("news/feed.xml"), [0u8, 1, 2]).unwrap();

        let tree = Tree::read(&src).unwrap();
        assert_eq!(tree.files(), 3);
        let copy = tmp.path().join("copy");
        tree.write(&copy).unwrap();

        assert!(copy.join("empty").is_dir());
        assert_eq!(
            std::fs::read(copy.join("news/feed.xml")).unwrap(),
            [0, 1, 2]
        );
        assert_eq!(
            std::fs::read_to_string(copy.join("news/a/index.html")).unwrap(),
            "<p>a</p>"
        );
        assert!(tree.write(&copy).is_err(), "the folder must be new");
    }
}
