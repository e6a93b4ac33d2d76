//! Helpers for the unit tests.

use std::process::Command;

/// Runs `node --check` on `js` (written to a temporary `name`); when Node is not
/// installed, says so and passes, as the rest of the test still ran.
pub fn node_check(name: &str, js: &str) {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipped: `node` not found, {name} was not syntax-checked");
        return;
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, js).expect("write script");
    let out = Command::new("node")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{name} does not parse:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
