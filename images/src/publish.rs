//! Putting variants in the output folder, and the parallel driver for a build.

use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::cache::write_atomically;
use crate::pipeline::check_file_size;
use crate::{process, Cache, ImageError, Processed, Settings};

/// Processes every source file in parallel (rayon's global pool), publishes the
/// variants into `out_dir`, and calls `on_done` once per image, success or not
/// (for a progress bar). Results come back in the order of `sources`.
///
/// Each rayon thread holds one decoded image at a time (no nested parallelism,
/// which would let a waiting thread start another), so peak memory is threads
/// × one image's (see [`Limits`](crate::Limits)).
pub fn process_all<P: AsRef<Path> + Sync>(
    sources: &[P],
    settings: &Settings,
    cache: &Cache,
    out_dir: &Path,
    on_done: impl Fn() + Sync,
) -> Vec<Result<Processed, ImageError>> {
    sources
        .par_iter()
        .map(|source| {
            let result = process_file(source.as_ref(), settings, cache)
                .and_then(|processed| publish(&processed, out_dir).map(|()| processed));
            on_done();
            result
        })
        .collect()
}

/// Reads one file (checking its size first, so an oversized file is never read) and
/// processes it, like [`process`].
pub fn process_file(
    path: &Path,
    settings: &Settings,
    cache: &Cache,
) -> Result<Processed, ImageError> {
    let read_error = |source| ImageError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = fs::metadata(path).map_err(read_error)?.len();
    check_file_size(size, &settings.limits)?;
    let bytes = fs::read(path).map_err(read_error)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    process(&bytes, &name, settings, cache)
}

/// Places every file of `processed` in `out_dir` under its `path`: a hard link
/// to the cache entry where the file system allows it (no copy, no extra
/// disk), a copy otherwise. Existing files of the same name are replaced.
pub fn publish(processed: &Processed, out_dir: &Path) -> Result<(), ImageError> {
    fs::create_dir_all(out_dir).map_err(ImageError::write(out_dir))?;
    for variant in processed.files() {
        let target = out_dir.join(&variant.path);
        place(variant.cached_file(), &target).map_err(ImageError::write(target))?;
    }
    Ok(())
}

fn place(cached: &Path, target: &Path) -> io::Result<()> {
    if same_file(cached, target) {
        return Ok(());
    }
    match fs::remove_file(target) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    if fs::hard_link(cached, target).is_ok() {
        return Ok(());
    }
    write_atomically(target, &fs::read(cached)?)
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}
