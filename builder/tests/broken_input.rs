//! Broken input to `broadsheet build`: each case fails with a clear message and a non-zero
//! exit, and the previous output stays exactly as it was (same hash of the whole tree),
//! with no staging folder left beside it.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use crate::sec_support::*;

/// A content folder built once into `dist`; returns (root, content, dist, hash of dist).
fn built() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    String,
) {
    let root = tempfile::tempdir().unwrap();
    let c = content(root.path());
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let hash = tree_hash(&out);
    (root, c, out, hash)
}

fn fails_and_keeps(root: &Path, c: &Path, out: &Path, hash: &str, says: &[&str]) {
    let o = build(c, out);
    let err = stderr(&o);
    assert!(!o.status.success(), "built anyway: {err}");
    for s in says {
        assert!(err.contains(s), "`{s}` not in: {err}");
    }
    assert_eq!(tree_hash(out), hash, "the previous output changed");
    let leftovers: Vec<_> = listing(root)
        .into_iter()
        .filter(|p| {
            p.starts_with("dist.")
                && !p.starts_with("dist.spare")
                && !p.starts_with("dist.cache")
                && p != "dist.changes.json"
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn malformed_front_matter_names_file_and_line() {
    let (root, c, out, hash) = built();
    let bad = "+++\ntitle = \"x\"\ndate = 2026-11-20T10:00:00Z\nsection = \"city\nslug = \"x\"\n+++\nbody\n";
    std::fs::write(c.join("articles/city/bad.md"), bad).unwrap();
    fails_and_keeps(root.path(), &c, &out, &hash, &["bad.md:4"]);
    std::fs::write(
        c.join("articles/city/bad.md"),
        "+++\ntitle = \"x\"\nno end\n",
    )
    .unwrap();
    fails_and_keeps(root.path(), &c, &out, &hash, &["bad.md"]);
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let (root, c, out, hash) = built();
    let mut bytes = article("x", "x", "line one\nline two").into_bytes();
    bytes.extend_from_slice(b"\nbad \xff\xfe here\n");
    std::fs::write(c.join("articles/city/x.md"), bytes).unwrap();
    fails_and_keeps(root.path(), &c, &out, &hash, &["x.md:11", "UTF-8"]);
}

#[test]
fn an_empty_file_is_reported() {
    let (root, c, out, hash) = built();
    std::fs::write(c.join("articles/city/empty.md"), "").unwrap();
    fails_and_keeps(
        root.path(),
        &c,
        &out,
        &hash,
        &["empty.md:1", "front matter"],
    );
    std::fs::write(c.join("site.toml"), "").unwrap();
    std::fs::remove_file(c.join("articles/city/empty.md")).unwrap();
    fails_and_keeps(root.path(), &c, &out, &hash, &["site.toml"]);
}

#[test]
fn symlink_loops_are_reported_not_followed_forever() {
    let (root, c, out, hash) = built();
    symlink("loop.md", c.join("articles/city/loop.md")).unwrap();
    symlink("../city", c.join("articles/city/again")).unwrap();
    let started = std::time::Instant::now();
    fails_and_keeps(root.path(), &c, &out, &hash, &["loop.md"]);
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn a_50_mb_article_builds_or_fails_cleanly_without_touching_the_output() {
    let (root, c, out, hash) = built();
    let para = "The harbour wall was rebuilt in spring and again in autumn. ".repeat(16) + "\n\n";
    let body = para.repeat(50 * 1024 * 1024 / para.len());
    std::fs::write(
        c.join("articles/city/huge.md"),
        article("Huge", "huge", &body),
    )
    .unwrap();
    // And a broken article beside it: the build must fail, and must not have half-written.
    std::fs::write(c.join("articles/city/bad.md"), "no front matter").unwrap();
    fails_and_keeps(root.path(), &c, &out, &hash, &["bad.md:1"]);
    std::fs::remove_file(c.join("articles/city/bad.md")).unwrap();
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("api/v1/articles/huge.json").is_file());
}

/// Runs `args` as the user `nobody` (root reads every file, so permissions need another user).
fn as_nobody() -> Option<Command> {
    let root = unsafe_is_root();
    if !root {
        return Some(Command::new(env!("CARGO_BIN_EXE_broadsheet")));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    let mut cmd = Command::new(setpriv);
    cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_broadsheet"));
    Some(cmd)
}

fn unsafe_is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

#[test]
fn an_unreadable_folder_is_reported_as_a_non_root_user() {
    use std::os::unix::fs::PermissionsExt;
    let Some(mut cmd) = as_nobody() else {
        eprintln!("skipped: running as root without setpriv, so every folder is readable");
        return;
    };
    // The binary must be reachable for `nobody`: a world-readable temporary folder.
    let (root, c, out, hash) = built();
    for p in listing(root.path()) {
        let p = root.path().join(p);
        let mode = if p.is_dir() { 0o777 } else { 0o666 };
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    std::fs::create_dir_all(c.join("articles/locked")).unwrap();
    std::fs::write(c.join("articles/locked/x.md"), article("x", "x", "x")).unwrap();
    std::fs::set_permissions(
        c.join("articles/locked"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let o = cmd
        .arg("build")
        .arg("--content")
        .arg(&c)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    std::fs::set_permissions(
        c.join("articles/locked"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let err = stderr(&o);
    if err.contains("Permission denied") && err.contains("exec") {
        eprintln!("skipped: nobody cannot run the test binary here: {err}");
        return;
    }
    assert!(!o.status.success(), "built anyway: {err}");
    assert!(
        err.contains("locked") && err.contains("permission"),
        "{err}"
    );
    assert_eq!(tree_hash(&out), hash);
}

#[test]
fn a_disk_that_fills_up_mid_build_leaves_the_previous_output() {
    if !unsafe_is_root() {
        eprintln!("skipped: mounting a small tmpfs needs root");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let disk = root.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
        .arg(&disk)
        .status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let result = std::panic::catch_unwind(|| {
        let c = content(root.path());
        let out = disk.join("dist");
        let o = build(&c, &out);
        assert!(o.status.success(), "{}", stderr(&o));
        let hash = tree_hash(&out);
        // About 6 MB of output: more than the 2 MB disk holds.
        let body = "Filler text for the disk test. ".repeat(2000);
        for i in 0..100 {
            let a = article(&format!("A {i}"), &format!("a-{i}"), &body);
            std::fs::write(c.join(format!("articles/city/a-{i}.md")), a).unwrap();
        }
        let o = build(&c, &out);
        let err = stderr(&o);
        assert!(!o.status.success(), "built on a full disk");
        assert!(
            err.contains("No space left") || err.contains("space"),
            "{err}"
        );
        assert_eq!(tree_hash(&out), hash, "the previous output changed");
        assert_eq!(
            listing(&disk),
            listing(&disk)
                .into_iter()
                .filter(|p| !p.starts_with("dist.")
                    || p.starts_with("dist.spare")
                    || (p.starts_with("dist.cache") && !p.contains(".tmp-"))
                    || p == "dist.changes.json")
                .collect::<Vec<_>>()
        );
    });
    let _ = Command::new("umount").arg(&disk).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

#[test]
fn a_build_killed_mid_way_leaves_the_previous_output() {
    let root = tempfile::tempdir().unwrap();
    let c = content(root.path());
    let out = root.path().join("dist");
    assert!(build(&c, &out).status.success());
    let hash = tree_hash(&out);
    // A site big enough that a build takes a while: 3,000 articles of a few paragraphs.
    let big = content(&root.path().join("big"));
    let paragraphs = "A paragraph of the long story, long enough to render. ".repeat(40);
    for i in 0..3000 {
        let text = article(&format!("Story {i}"), &format!("story-{i}"), &paragraphs);
        std::fs::write(big.join(format!("articles/city/story-{i}.md")), text).unwrap();
    }
    for delay_ms in [150, 600, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .arg("build")
            .arg("--content")
            .arg(&big)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if finished {
            eprintln!("the build finished within {delay_ms} ms: nothing interrupted");
            break;
        }
        assert_eq!(
            tree_hash(&out),
            hash,
            "killed after {delay_ms} ms: output changed"
        );
    }
}
