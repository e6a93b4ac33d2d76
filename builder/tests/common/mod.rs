//! Helpers for the integration tests: fixture copies, builds, folder snapshots, and a
//! file's identity (inode and modification time).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use broadsheet::{BuildError, BuildOptions, Progress, Report};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A temp folder holding a copy of fixture `name` at `<tmp>/content`.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), &tmp.path().join("content"));
    tmp
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn build(
    content: &Path,
    out: &Path,
    bundle: Option<&Path>,
    base_url: Option<&str>,
) -> Result<Report, BuildError> {
    let opts = BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        bundle: bundle.map(Path::to_path_buf),
        base_url: base_url.map(str::to_string),
        precompress: false,
        cache: None,
        original_images: false,
    };
    broadsheet::build(&opts, &Progress::quiet())
}

/// Every file below `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The messages of a failed build, one per problem.
pub fn problems(result: Result<Report, BuildError>) -> Vec<String> {
    match result {
        Ok(r) => panic!("expected the build to fail, it wrote {r:?}"),
        Err(e) => e.problems(),
    }
}

pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(path, text).expect("write");
}

/// (inode, modification time in ns) of a file.
pub fn identity(path: &Path) -> (u64, i128) {
    let meta = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (
        meta.ino(),
        meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128,
    )
}

pub fn append(path: &Path, text: &str) {
    let mut body = fs::read_to_string(path).expect("read");
    body.push_str(text);
    fs::write(path, body).expect("write");
}
