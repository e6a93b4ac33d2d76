//! What a build changed in its output: the files written, removed and kept, from what
//! [`super`] recorded as each was produced; the list beside the output
//! (`<out>.changes.json`, docs/deploy.md); and the spare brought up to date with it.

use std::fs;
use std::path::{Path, PathBuf};

use super::{same_inode, unlink, Fate, ACTIVE};
use crate::error::BuildError;

/// What a build changed in its output, paths relative to it, sorted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files new or with other bytes than before.
    pub written: Vec<String>,
    /// Files of the previous output this build no longer produces.
    pub removed: Vec<String>,
    /// How many files kept their bytes (the same inode as before).
    pub unchanged: usize,
}

impl Changes {
    /// What the registered staging folder `staged` changes against its previous output,
    /// whose files are `previous` (as [`files`] lists them): written and unchanged as
    /// recorded when each file was produced (a file placed by others compared by inode),
    /// removed: the previous files not produced. The staged folder holds exactly what was
    /// produced: the build pruned the rest.
    pub fn recorded(staged: &Path, previous_files: &[PathBuf]) -> Result<Changes, BuildError> {
        let active = ACTIVE
            .read()
            .ok()
            .and_then(|active| active.iter().find(|a| a.staging == staged).cloned());
        let Some(active) = active else {
            return Err(BuildError::Refused(format!(
                "{} is not a staging folder of this build",
                staged.display()
            )));
        };
        // Read in place: the build is over, nothing records any more.
        let produced = active
            .produced
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let previous = &active.previous;
        let mut changes = Changes::default();
        for (rel, fate) in produced.iter() {
            let rel = Path::new(rel);
            let kept = match fate {
                Fate::Held(_) | Fate::Kept => true,
                Fate::Written => false,
                Fate::Placed => same_inode(&staged.join(rel), &previous.join(rel)),
            };
            if kept {
                changes.unchanged += 1;
            } else {
                changes.written.push(slashed(rel));
            }
        }
        changes.removed = (previous_files.iter())
            .filter(|rel| !produced.contains_key(rel.as_os_str()))
            .map(|rel| slashed(rel))
            .collect();
        changes.written.sort();
        changes.removed.sort();
        Ok(changes)
    }

    /// Brings `spare`, a copy of links to the output this build replaced, up to date
    /// with the new output `out`: the written files linked in, the removed ones
    /// removed. Stops at the first failure (the next build prunes and relinks); whether
    /// it went through.
    pub fn mirror(&self, out: &Path, spare: &Path) -> bool {
        for rel in &self.written {
            let target = spare.join(rel);
            let linked = unlink(&target).is_ok()
                && target
                    .parent()
                    .is_some_and(|p| fs::create_dir_all(p).is_ok())
                && fs::hard_link(out.join(rel), &target).is_ok();
            if !linked {
                return false;
            }
        }
        for rel in &self.removed {
            let target = spare.join(rel);
            if unlink(&target).is_err() {
                return false;
            }
            for d in target.ancestors().skip(1) {
                if d == spare || fs::remove_dir(d).is_err() {
                    break;
                }
            }
        }
        true
    }

    /// `N written, M removed, K unchanged`.
    pub fn summary(&self) -> String {
        format!(
            "{} written, {} removed, {} unchanged",
            self.written.len(),
            self.removed.len(),
            self.unchanged
        )
    }

    /// The change list as JSON (docs/deploy.md): `{"written": [...], "removed": [...],
    /// "unchanged": K}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "written": self.written,
            "removed": self.removed,
            "unchanged": self.unchanged,
        })
        .to_string()
    }
}

/// A relative path as the change list writes it: `/`-separated.
fn slashed(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}
