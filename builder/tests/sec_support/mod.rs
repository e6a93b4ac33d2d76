//! Helpers for the builder's integration tests: content folders, the binary, tree hashes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};

pub const SITE_TOML: &str = r#"title = "T"
base_url = "https://example.org/"
language = "en"
time_zone = "UTC"
[publisher]
name = "P"
address = "A"
contact = "C"
[[sections]]
slug = "city"
name = "City"
"#;

pub fn article(title: &str, slug: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nslug = \"{slug}\"\ndate = 2026-11-20T10:00:00Z\nsection = \"city\"\n+++\n\n{body}\n")
}

/// A content folder with one article, in `root/content`.
pub fn content(root: &Path) -> PathBuf {
    let c = root.join("content");
    std::fs::create_dir_all(c.join("articles/city")).unwrap();
    std::fs::create_dir_all(c.join("media")).unwrap();
    std::fs::write(c.join("site.toml"), SITE_TOML).unwrap();
    std::fs::write(
        c.join("articles/city/one.md"),
        article("One", "one", "Text."),
    )
    .unwrap();
    c
}

pub fn broadsheet(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

pub fn build(content: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("build")
        .arg("--content")
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A hash of every path, file type and file content below `dir`.
pub fn tree_hash(dir: &Path) -> String {
    let mut h = Sha256::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        h.update(
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .as_bytes(),
        );
        h.update([e.file_type().is_dir() as u8]);
        if e.file_type().is_file() {
            h.update(std::fs::read(e.path()).unwrap());
        }
    }
    format!("{:x}", h.finalize())
}

/// Every path below `dir` (relative), to see what a command wrote.
pub fn listing(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect()
}
