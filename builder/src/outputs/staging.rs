//! Atomic output: the site is built in a sibling folder and swapped in at the end, so
//! a failed build leaves the previous output exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::BuildError;

/// A temporary folder beside the output, removed on drop unless committed.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares `<out>.tmp-<pid>`; refuses to replace a folder that is not a previous
    /// build (so a mistyped `--out` cannot wipe a project).
    pub fn create(out: &Path) -> Result<Staging, BuildError> {
        check_replaceable(out)?;
        let name = out.file_name().ok_or_else(|| {
            BuildError::Refused(format!(
                "--out {} has no folder name: name a folder such as dist",
                out.display()
            ))
        })?;
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| BuildError::io(parent, e))?;
        remove_abandoned(parent, &name.to_string_lossy());
        let tmp = parent.join(format!(
            "{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| BuildError::io(&tmp, e))?;
        }
        fs::create_dir(&tmp).map_err(|e| BuildError::io(&tmp, e))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Swaps the staged folder in: old output renamed away, new renamed in, old removed.
    pub fn commit(mut self) -> Result<(), BuildError> {
        let old = self.tmp.with_file_name(format!(
            "{}.old-{}",
            self.out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.out.exists();
        if had_old {
            fs::rename(&self.out, &old).map_err(|e| BuildError::io(&self.out, e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            if had_old {
                // Put the previous output back before reporting.
                let _ = fs::rename(&old, &self.out);
            }
            return Err(BuildError::io(&self.out, e));
        }
        self.committed = true;
        if had_old {
            fs::remove_dir_all(&old).map_err(|e| BuildError::io(&old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Removes staging folders (`<name>.tmp-<pid>`) left by builds that were killed: their
/// process no longer exists. Best effort; a folder that cannot be removed stays.
fn remove_abandoned(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!("{name}.tmp-");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive && Path::new("/proc/self").exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn check_replaceable(out: &Path) -> Result<(), BuildError> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(BuildError::Refused(format!(
            "--out {} is a file: choose a folder",
            out.display()
        )));
    }
    let empty = fs::read_dir(out)
        .map_err(|e| BuildError::io(out, e))?
        .next()
        .is_none();
    if empty || out.join("api/v1/site.json").is_file() {
        return Ok(());
    }
    Err(BuildError::Refused(format!(
        "refusing to replace {}: it is not empty and holds no previous build (api/v1/site.json); remove it or choose another --out",
        out.display()
    )))
}

/// Whether `inner` is `outer` or lies inside it (after resolving both).
pub fn is_within(inner: &Path, outer: &Path) -> bool {
    match (inner.canonicalize(), outer.canonicalize()) {
        (Ok(i), Ok(o)) => i.starts_with(o),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_builds_staging_folder_is_cleaned_up_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("dist");
        let abandoned = dir.path().join("dist.tmp-4000000000");
        fs::create_dir(&abandoned).unwrap();
        fs::write(abandoned.join("half.html"), "x").unwrap();
        let unrelated = dir.path().join("dist.tmp-notapid");
        fs::create_dir(&unrelated).unwrap();
        let staging = Staging::create(&out).unwrap();
        assert!(!abandoned.exists(), "the dead build's folder is gone");
        assert!(
            unrelated.exists(),
            "only <name>.tmp-<pid> folders are touched"
        );
        drop(staging);
    }

    #[test]
    fn commit_replaces_the_previous_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        fs::create_dir_all(out.join("api/v1")).unwrap();
        fs::write(out.join("api/v1/site.json"), "old").unwrap();
        fs::write(out.join("stale.txt"), "x").unwrap();
        let staging = Staging::create(&out).unwrap();
        fs::write(staging.path().join("new.txt"), "y").unwrap();
        staging.commit().unwrap();
        assert!(out.join("new.txt").exists() && !out.join("stale.txt").exists());
        assert_eq!(
            fs::read_dir(root.path()).unwrap().count(),
            1,
            "no temp or old folder left"
        );
    }

    #[test]
    fn dropping_without_commit_removes_the_temp_folder_and_keeps_the_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        fs::create_dir_all(&out).unwrap();
        {
            let staging = Staging::create(&out).unwrap();
            fs::write(staging.path().join("half.txt"), "y").unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
        assert!(out.is_dir());
    }

    #[test]
    fn a_folder_that_is_not_a_build_is_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("Cargo.toml"), "").unwrap();
        let err = Staging::create(root.path()).err().unwrap();
        assert!(err.to_string().contains("refusing to replace"), "{err}");
    }
}
