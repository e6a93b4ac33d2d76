//! `cargo xtask serve`: build, serve `dist/`, rebuild what a change needs.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Result;

use crate::build::{self, BuildArgs};
use crate::cmd::step;
use crate::setup::{self, Needs};
use crate::static_server::StaticServer;

/// Sources of the browser bundle: a change here needs Trunk and then the builder.
const APP_SOURCES: &[&str] = &["src", "style", "public", "index.html", "Trunk.toml"];
/// Sources of the pre-rendered site only: a change here reruns just `broadsheet build`.
const SITE_SOURCES: &[&str] = &["content", "builder/src"];

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Rebuild {
    Nothing,
    SiteOnly,
    Everything,
}

pub fn run(root: &Path, port: u16) -> Result<()> {
    setup::run(root, Needs::build())?;
    let args = BuildArgs {
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        out: PathBuf::from("dist"),
    };
    let mut app = fingerprint(root, APP_SOURCES);
    let mut site = fingerprint(root, SITE_SOURCES);
    report(build::run(root, &args));

    let server = StaticServer::logged(root.join(&args.out), port)?;
    step(&format!(
        "serving {}/ at http://127.0.0.1:{}/ (rebuilds on change; Ctrl-C stops)",
        args.out.display(),
        server.port()
    ));
    loop {
        std::thread::sleep(Duration::from_secs(1));
        let (new_app, new_site) = (
            fingerprint(root, APP_SOURCES),
            fingerprint(root, SITE_SOURCES),
        );
        let needed = what_to_rebuild(app != new_app, site != new_site);
        if needed == Rebuild::Nothing {
            continue;
        }
        // Let an editor finish writing, then take the state we are about to build as the new
        // baseline, so edits made during the build trigger another round.
        std::thread::sleep(Duration::from_millis(300));
        app = fingerprint(root, APP_SOURCES);
        site = fingerprint(root, SITE_SOURCES);
        let result = match needed {
            Rebuild::Everything => build::run(root, &args),
            _ => build::site(root, &args),
        };
        report(result);
    }
}

/// Which build steps a change needs.
pub fn what_to_rebuild(app_changed: bool, site_changed: bool) -> Rebuild {
    match (app_changed, site_changed) {
        (true, _) => Rebuild::Everything,
        (false, true) => Rebuild::SiteOnly,
        (false, false) => Rebuild::Nothing,
    }
}

/// A build that fails while serving is reported; the previous output stays served.
fn report(result: Result<()>) {
    match result {
        Ok(()) => println!("\n    build finished: reload the page"),
        Err(err) => eprintln!("\n    build failed (still serving the previous output): {err:#}"),
    }
}

/// A hash of every file's path, size and modification time below the given paths.
pub fn fingerprint(root: &Path, paths: &[&str]) -> u64 {
    let mut entries = Vec::new();
    for path in paths {
        collect(&root.join(path), &mut entries);
    }
    entries.sort();
    let mut hasher = DefaultHasher::new();
    entries.hash(&mut hasher);
    hasher.finish()
}

fn collect(path: &Path, entries: &mut Vec<(PathBuf, u64, u128)>) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            collect(&entry.path(), entries);
        }
        return;
    }
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    entries.push((path.to_path_buf(), meta.len(), mtime));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn content_changes_rebuild_only_the_site() {
        assert_eq!(what_to_rebuild(false, true), Rebuild::SiteOnly);
        assert_eq!(what_to_rebuild(true, false), Rebuild::Everything);
        assert_eq!(what_to_rebuild(true, true), Rebuild::Everything);
        assert_eq!(what_to_rebuild(false, false), Rebuild::Nothing);
    }

    #[test]
    fn fingerprint_sees_new_changed_and_deleted_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/articles")).unwrap();
        fs::write(root.join("content/site.toml"), "a").unwrap();
        let first = fingerprint(root, &["content"]);
        assert_eq!(first, fingerprint(root, &["content"]));

        fs::write(root.join("content/articles/new.md"), "x").unwrap();
        let added = fingerprint(root, &["content"]);
        assert_ne!(first, added);

        fs::write(root.join("content/articles/new.md"), "longer").unwrap();
        let changed = fingerprint(root, &["content"]);
        assert_ne!(added, changed);

        fs::remove_file(root.join("content/articles/new.md")).unwrap();
        assert_ne!(changed, fingerprint(root, &["content"]));
        // Unrelated folders do not count.
        fs::write(root.join("elsewhere.txt"), "x").unwrap();
        assert_eq!(
            fingerprint(root, &["content"]),
            fingerprint(root, &["content"])
        );
    }
}
