//! Atomic output: the site is built in a sibling folder and swapped in at the end, so
//! a failed build leaves the previous output exactly as it was. Files whose bytes did
//! not change are hard links to the previous output's ([`super::publish`]); the swap
//! reports what changed and writes the list beside the output (`<out>.changes.json`).
//!
//! The folder swapped out is not deleted: it is brought up to date with the new output
//! (links to the files this build wrote, the removed files removed) and kept beside it as
//! `<out>.spare`, and the next build starts from it. So a build that changes a few files
//! touches a few files, instead of linking every file into a new folder and deleting the
//! old one (each deleted folder costs a few milliseconds on a disk with `discard`). The
//! spare is only a head start: every file the build produces is compared with the
//! output's own (never the spare's), and what it does not produce is pruned, so a stale
//! or half-updated spare costs time, never correctness.
//!
//! A spare the commit brought fully up to date carries a mark ([`mirror`]) naming the
//! output folder it mirrors, listing the files both hold and recording each folder's
//! change time in both. When the next build finds the mark naming the output as it is
//! and every folder as it was, neither folder is walked: the mark's list serves the prune
//! and the change list, and a file the build keeps untouched is known to be the output's
//! (the mark vouches that it is one file in both) without a `stat`. Without the mark (a
//! failed build's folder, a mirroring cut short, an output folder replaced since), or
//! where a folder changed since, the folders the mark no longer describes are walked
//! ([`listing`]).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::BuildError;
use crate::outputs::publish::{self, Changes};

mod listing;
mod mirror;
use listing::{Later, Spare};
#[cfg(test)]
use mirror::MARK as MIRROR_MARK;

/// A temporary folder beside the output, removed on drop unless committed.
pub struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    committed: bool,
    /// Whether it started as the spare (else empty: nothing to prune).
    from_spare: bool,
    /// After [`Staging::prune`]: the compressed copies it spared, which the swap removes
    /// unless the build produced them after all.
    spared: Mutex<Option<Vec<PathBuf>>>,
    /// The spare as it came, and the previous output's files when the spare's mark did
    /// not name it.
    spare: Later<Spare>,
    previous_files: Later<Vec<PathBuf>>,
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
        let spare = spare_dir(out);
        remove_abandoned(parent, &name.to_string_lossy(), &spare, out);
        let tmp = parent.join(format!(
            "{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(|e| BuildError::io(&tmp, e))?;
        }
        if spare.is_dir() && !out.is_dir() {
            // No output to mirror: the spare would only hold files to prune.
            let _ = fs::remove_dir_all(&spare);
        }
        let from_spare = spare.is_dir() && fs::rename(&spare, &tmp).is_ok();
        if !from_spare {
            fs::create_dir(&tmp).map_err(|e| BuildError::io(&tmp, e))?;
        }
        let mark = from_spare.then(|| mirror::take(&tmp)).flatten();
        let mark = mark.filter(|(held, _)| mirror::names(held, out));
        let named = mark.is_some();
        publish::register(&tmp, out, named, !from_spare);
        let (spare_tmp, spare_out) = (tmp.clone(), out.to_path_buf());
        let previous = out.to_path_buf();
        Ok(Staging {
            spare: Later::start(from_spare, move || {
                listing::spare(spare_tmp, spare_out, mark)
            }),
            previous_files: Later::start(out.is_dir() && !named, move || publish::files(&previous)),
            tmp,
            out: out.to_path_buf(),
            committed: false,
            from_spare,
            spared: Mutex::new(None),
        })
    }

    /// The spare's files as it came (none when it did not start as the spare).
    fn spare_files(&self) -> Result<&[PathBuf], BuildError> {
        Ok(self.spare.get()?.map_or(&[], |s| s.files.as_slice()))
    }

    /// Whether the spare's mark held for it and the output: its files are the output's.
    #[cfg(test)]
    fn mirrors(&self) -> bool {
        self.spare.get().ok().flatten().is_some_and(Spare::mirrors)
    }

    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Removes what the spare held and this build has not produced, except compressed
    /// copies of produced files (`--precompress` keeps or rewrites them): before the
    /// stages that read the staging folder back (offline, host files, precompress).
    pub fn prune(&self) -> Result<(), BuildError> {
        if !self.from_spare {
            return Ok(());
        }
        let spared = publish::prune(&self.tmp, self.spare_files()?, |rel| {
            let name = rel.as_os_str().to_string_lossy();
            let base = name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".br"));
            base.is_some_and(|b| publish::was_produced(&self.tmp, Path::new(b)))
        })?;
        if let Ok(mut slot) = self.spared.lock() {
            *slot = Some(spared);
        }
        Ok(())
    }

    /// Where the change list waits for the swap: `<out>.tmp-<pid>.changes`.
    fn list_tmp(&self) -> PathBuf {
        let mut name = self.tmp.clone().into_os_string();
        name.push(".changes");
        PathBuf::from(name)
    }

    /// The change list's file for the output `out`: `<out>.changes.json` beside it.
    pub fn changes_file(out: &Path) -> PathBuf {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.with_file_name(format!("{name}.changes.json"))
    }

    /// Swaps the staged folder in: old output renamed away, new renamed in, old removed.
    /// Returns what changed against the previous output, also written (as JSON) to
    /// [`Staging::changes_file`].
    pub fn commit(mut self) -> Result<Changes, BuildError> {
        if self.from_spare {
            // Pruned already: only what that spared is looked at again, not the whole tree.
            match self.spared.lock().ok().and_then(|mut s| s.take()) {
                Some(spared) => publish::prune_spared(&self.tmp, &spared)?,
                None => {
                    publish::prune(&self.tmp, self.spare_files()?, |_| false)?;
                }
            }
        }
        let spare = self.spare.get()?;
        let previous = match spare {
            Some(spare) if spare.mirrors() => &spare.files,
            Some(Spare {
                previous: Some(files),
                ..
            }) => files,
            _ => self.previous_files.get()?.map_or(&[][..], Vec::as_slice),
        };
        let changes = Changes::recorded(&self.tmp, previous)?;
        let files = publish::take_produced(&self.tmp);
        let list = Staging::changes_file(&self.out);
        let list_tmp = self.list_tmp();
        fs::write(&list_tmp, changes.to_json()).map_err(|e| BuildError::io(&list_tmp, e))?;
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
            let _ = fs::remove_file(&list_tmp);
            return Err(BuildError::io(&self.out, e));
        }
        self.committed = true;
        publish::unregister(&self.tmp);
        fs::rename(&list_tmp, &list).map_err(|e| BuildError::io(&list, e))?;
        if had_old {
            let spare = spare_dir(&self.out);
            if spare.exists() || fs::rename(&old, &spare).is_err() {
                fs::remove_dir_all(&old).map_err(|e| BuildError::io(&old, e))?;
            } else if changes.mirror(&self.out, &spare) {
                let checked = self.spare.get()?.and_then(|s| s.mirror.as_ref());
                mirror::mark(&spare, &self.out, &files, &changes.removed, checked);
            }
            // Else best effort: a spare left behind is brought up to date next time.
        }
        Ok(changes)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            publish::unregister(&self.tmp);
            // A failed build's folder is a spare for the next (it prunes what it must).
            let spare = spare_dir(&self.out);
            if spare.exists() || !self.out.is_dir() || fs::rename(&self.tmp, &spare).is_err() {
                let _ = fs::remove_dir_all(&self.tmp);
            }
            let _ = fs::remove_file(self.list_tmp());
        }
    }
}

/// The folder kept beside the output for the next build to start from: `<out>.spare`.
pub fn spare_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!("{name}.spare"))
}

/// Clears staging folders (`<name>.tmp-<pid>`) left by builds that were killed: their
/// process no longer exists. One becomes the spare when there is none (and an output to
/// mirror); the others are removed. Best effort; a folder that cannot be removed stays.
fn remove_abandoned(parent: &Path, name: &str, spare: &Path, out: &Path) {
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
            let recycled =
                !spare.exists() && out.is_dir() && fs::rename(entry.path(), spare).is_ok();
            if !recycled {
                let _ = fs::remove_dir_all(entry.path());
            }
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
    use crate::outputs::files::write_file;

    /// A folder a build left, `dist` with its `api/v1/site.json` (`{}`), in a new
    /// temporary folder.
    fn previous_build() -> (tempfile::TempDir, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        fs::create_dir_all(out.join("api/v1")).unwrap();
        fs::write(out.join("api/v1/site.json"), "{}").unwrap();
        (root, out)
    }

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
    fn commit_replaces_the_previous_output_and_lists_what_changed() {
        use std::os::unix::fs::MetadataExt;
        let (root, out) = previous_build();
        fs::write(out.join("stale.txt"), "x").unwrap();
        fs::write(out.join("same.txt"), "kept").unwrap();
        let inode = |p: &Path| fs::metadata(p).unwrap().ino();
        let kept = inode(&out.join("same.txt"));
        let staging = Staging::create(&out).unwrap();
        let put = |rel: &str, text: &str| write_file(&staging.path().join(rel), text.as_bytes());
        put("new.txt", "y").unwrap();
        put("api/v1/site.json", "new").unwrap();
        put("same.txt", "kept").unwrap();
        let changes = staging.commit().unwrap();
        assert!(out.join("new.txt").exists() && !out.join("stale.txt").exists());
        assert_eq!(
            inode(&out.join("same.txt")),
            kept,
            "the unchanged file is the same file"
        );
        assert_eq!(changes.written, ["api/v1/site.json", "new.txt"]);
        assert_eq!(changes.removed, ["stale.txt"]);
        assert_eq!(changes.unchanged, 1);
        let list = fs::read_to_string(root.path().join("dist.changes.json")).unwrap();
        assert_eq!(list, changes.to_json());
        let mut left: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["dist", "dist.changes.json", "dist.spare"]);
        let spare = root.path().join("dist.spare");
        assert_eq!(
            inode(&spare.join("same.txt")),
            kept,
            "the spare mirrors the output"
        );
        assert_eq!(inode(&spare.join("new.txt")), inode(&out.join("new.txt")));
        assert!(!spare.join("stale.txt").exists());
    }

    #[test]
    fn a_spare_brought_up_to_date_stands_for_the_output_it_mirrors_and_no_other() {
        let (root, out) = previous_build();
        fs::write(out.join("gone.txt"), "x").unwrap();
        let first = Staging::create(&out).unwrap();
        assert!(!first.mirrors(), "no spare yet");
        for rel in ["api/v1/site.json", "gone.txt"] {
            let bytes = fs::read(out.join(rel)).unwrap();
            write_file(&first.path().join(rel), &bytes).unwrap();
        }
        first.commit().unwrap();
        let spare = root.path().join("dist.spare");
        assert!(
            spare.join(MIRROR_MARK).is_file(),
            "the mirrored spare is marked"
        );

        let second = Staging::create(&out).unwrap();
        assert!(second.mirrors(), "its files stand for the output's");
        assert!(
            !second.path().join(MIRROR_MARK).exists(),
            "the mark is taken"
        );
        write_file(&second.path().join("api/v1/site.json"), b"{}").unwrap();
        second.prune().unwrap();
        assert_eq!(second.commit().unwrap().removed, ["gone.txt"]);
        assert!(!out.join(MIRROR_MARK).exists(), "never published");

        // Another folder put in the output's place, with a file of its own: the mark
        // names the folder that was there, so the output is listed itself.
        let other = root.path().join("other");
        fs::create_dir_all(other.join("api/v1")).unwrap();
        fs::write(other.join("api/v1/site.json"), "{}").unwrap();
        fs::write(other.join("by-hand.txt"), "x").unwrap();
        fs::remove_dir_all(&out).unwrap();
        fs::rename(&other, &out).unwrap();
        let third = Staging::create(&out).unwrap();
        assert!(!third.mirrors());
        write_file(&third.path().join("api/v1/site.json"), b"{}").unwrap();
        third.prune().unwrap();
        assert_eq!(third.commit().unwrap().removed, ["by-hand.txt"]);

        // A failed build's folder becomes the spare unmarked.
        drop(Staging::create(&out).unwrap());
        assert!(spare.is_dir() && !spare.join(MIRROR_MARK).exists());
        let fifth = Staging::create(&out).unwrap();
        assert!(!fifth.mirrors());
    }

    #[test]
    fn a_spare_or_output_changed_since_the_mark_is_walked_not_taken_at_its_word() {
        use std::time::{Duration, SystemTime};
        let site = ["api/v1/site.json", "news/a/index.html", "news/b/index.html"];
        // (the change, what it does to the spare and the output, what the mark holds for)
        type Case = (&'static str, fn(&Path, &Path), &'static str);
        let cases: [Case; 8] = [
            ("nothing", |_, _| {}, "both"),
            (
                "a file added",
                |s, _| write(&s.join("news/a/x.txt")),
                "neither",
            ),
            (
                "a file replaced",
                |s, _| {
                    fs::remove_file(s.join("news/a/index.html")).unwrap();
                    fs::write(s.join("news/a/index.html"), "news/a/index.html").unwrap();
                },
                "neither",
            ),
            (
                "a file removed",
                |s, _| fs::remove_file(s.join("news/b/index.html")).unwrap(),
                "neither",
            ),
            (
                "a folder added",
                |s, _| fs::create_dir(s.join("news/c")).unwrap(),
                "neither",
            ),
            (
                "the mark cut short",
                |s, _| {
                    let mark = fs::File::options().write(true).open(s.join(MIRROR_MARK));
                    mark.and_then(|m| m.set_len(40)).unwrap()
                },
                "neither",
            ),
            (
                "a file added to the output",
                |_, o| write(&o.join("news/a/x.txt")),
                "spare",
            ),
            (
                "a file replaced in the output",
                |_, o| {
                    fs::remove_file(o.join("news/b/index.html")).unwrap();
                    fs::write(o.join("news/b/index.html"), "by hand").unwrap();
                },
                "spare",
            ),
        ];
        fn write(path: &Path) {
            fs::write(path, "x").unwrap()
        }
        for (case, change, holds) in cases {
            // The mark's time: no folder changed as late (each known by its change time
            // alone), or every folder (each read and compared).
            for racy in [false, true] {
                let (root, out) = previous_build();
                let first = Staging::create(&out).unwrap();
                for rel in site {
                    write_file(&first.path().join(rel), rel.as_bytes()).unwrap();
                }
                first.commit().unwrap();
                let spare = root.path().join("dist.spare");
                let when = match racy {
                    true => SystemTime::UNIX_EPOCH,
                    false => SystemTime::now() + Duration::from_secs(3600),
                };
                let mark = fs::File::options()
                    .write(true)
                    .open(spare.join(MIRROR_MARK));
                mark.and_then(|m| m.set_modified(when)).unwrap();
                // Past the clock tick of the commit's own changes.
                std::thread::sleep(Duration::from_millis(30));
                change(&spare, &out);
                let walked = publish::files(&spare).unwrap();
                let next = Staging::create(&out).unwrap();
                let listing = next.spare.get().unwrap().unwrap();
                let held = match (&listing.mirror, listing.mirrors()) {
                    (_, true) => "both",
                    (Some(_), false) => "spare",
                    (None, _) => "neither",
                };
                assert_eq!(held, holds, "{case}, racy: {racy}");
                let mut listed = next.spare_files().unwrap().to_vec();
                listed.sort();
                let mut walked: Vec<_> = walked
                    .into_iter()
                    .filter(|f| f != Path::new(MIRROR_MARK))
                    .collect();
                walked.sort();
                assert_eq!(listed, walked, "{case}, racy: {racy}");
                for rel in site {
                    write_file(&next.path().join(rel), rel.as_bytes()).unwrap();
                }
                next.prune().unwrap();
                let changes = next.commit().unwrap();
                let added = case == "a file added to the output";
                assert_eq!(changes.removed.len(), usize::from(added), "{case}");
                for rel in site {
                    let bytes = fs::read(out.join(rel)).unwrap();
                    assert_eq!(bytes, rel.as_bytes(), "{case}, racy: {racy}");
                }
                let mut published: Vec<_> = publish::files(&out).unwrap();
                published.sort();
                assert_eq!(published, site.map(PathBuf::from), "{case}, racy: {racy}");
                // The spare mirrors the output again, and its mark holds for both.
                let again = Staging::create(&out).unwrap();
                assert!(again.mirrors(), "{case}, racy: {racy}: marked again");
            }
        }
    }

    #[test]
    fn a_build_from_a_mark_that_held_marks_the_spare_with_what_it_changed() {
        let (root, out) = previous_build();
        let builds: [&[(&str, &str)]; 4] = [
            &[
                ("api/v1/site.json", "{}"),
                ("a/1/index.html", "1"),
                ("a/2/index.html", "2"),
            ],
            // One page edited, one gone (its folder too), one in a new folder.
            &[
                ("api/v1/site.json", "{}"),
                ("a/1/index.html", "one"),
                ("b/3/index.html", "3"),
            ],
            &[
                ("api/v1/site.json", "{}"),
                ("a/1/index.html", "one"),
                ("b/3/index.html", "3"),
            ],
            &[("api/v1/site.json", "{}"), ("b/3/index.html", "three")],
        ];
        for (n, files) in builds.into_iter().enumerate() {
            let staging = Staging::create(&out).unwrap();
            assert_eq!(staging.mirrors(), n > 0, "build {n}");
            for (rel, text) in files {
                write_file(&staging.path().join(rel), text.as_bytes()).unwrap();
            }
            staging.prune().unwrap();
            staging.commit().unwrap();
            let spare = root.path().join("dist.spare");
            for dir in [&out, &spare] {
                let mut found = publish::files(dir).unwrap();
                found.retain(|f| f != Path::new(MIRROR_MARK));
                found.sort();
                let mut made: Vec<_> = files.iter().map(|(rel, _)| PathBuf::from(rel)).collect();
                made.sort();
                assert_eq!(found, made, "build {n}: {}", dir.display());
            }
            // Past the clock tick of the commit's own changes.
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    }

    #[test]
    fn the_spares_listing_stands_for_its_files_only_until_the_build_touches_them() {
        use std::os::unix::fs::MetadataExt;
        let inode = |p: &Path| fs::metadata(p).unwrap().ino();
        let (root, out) = previous_build();
        for rel in ["a.txt", "b.txt", "c.txt"] {
            fs::write(out.join(rel), rel).unwrap();
        }
        let first = Staging::create(&out).unwrap();
        for rel in ["api/v1/site.json", "a.txt", "b.txt", "c.txt"] {
            let bytes = fs::read(out.join(rel)).unwrap();
            write_file(&first.path().join(rel), &bytes).unwrap();
        }
        first.commit().unwrap();
        // In the spare, another file with the same bytes: not the output's.
        let spare = root.path().join("dist.spare");
        fs::remove_file(spare.join("b.txt")).unwrap();
        fs::write(spare.join("b.txt"), "b.txt").unwrap();

        let second = Staging::create(&out).unwrap();
        second.spare_files().unwrap();
        let staged = |rel: &str| second.path().join(rel);
        assert!(publish::keep_previous(&staged("a.txt")));
        assert!(publish::keep_previous(&staged("b.txt")));
        assert_eq!(
            inode(&staged("b.txt")),
            inode(&out.join("b.txt")),
            "relinked"
        );
        // Written by this build after the listing, then kept after all.
        assert_eq!(inode(&staged("c.txt")), inode(&out.join("c.txt")));
        write_file(&staged("c.txt"), b"other bytes").unwrap();
        assert_eq!(
            fs::read(out.join("c.txt")).unwrap(),
            b"c.txt",
            "not written through"
        );
        assert!(publish::keep_previous(&staged("c.txt")));
        assert_eq!(fs::read(staged("c.txt")).unwrap(), b"c.txt");
        write_file(&staged("api/v1/site.json"), b"{}").unwrap();
        second.prune().unwrap();
        let changes = second.commit().unwrap();
        assert_eq!(changes.unchanged, 4);
        assert_eq!(fs::read(out.join("b.txt")).unwrap(), b"b.txt");
    }

    #[test]
    fn a_file_whose_name_holds_a_backslash_is_kept_or_pruned_by_its_own_name() {
        let (_root, out) = previous_build();
        for name in ["kept\\name.txt", "gone\\name.txt"] {
            fs::write(out.join(name), "x").unwrap();
        }
        let once = Staging::create(&out).unwrap();
        for name in ["api/v1/site.json", "kept\\name.txt", "gone\\name.txt"] {
            let text = fs::read(out.join(name)).unwrap();
            write_file(&once.path().join(name), &text).unwrap();
        }
        once.commit().unwrap();
        // The second build starts from the spare, which holds both names.
        let staging = Staging::create(&out).unwrap();
        write_file(&staging.path().join("api/v1/site.json"), b"{}").unwrap();
        write_file(&staging.path().join("kept\\name.txt"), b"x").unwrap();
        staging.prune().unwrap();
        let changes = staging.commit().unwrap();
        assert!(out.join("kept\\name.txt").is_file());
        assert!(
            !out.join("gone\\name.txt").exists(),
            "pruned from the spare"
        );
        assert_eq!(changes.written, Vec::<String>::new());
        assert_eq!(changes.removed.len(), 1, "{:?}", changes.removed);
        assert_eq!(changes.unchanged, 2);
    }

    #[test]
    fn a_file_linked_from_the_previous_output_is_replaced_never_written_through() {
        let (_root, out) = previous_build();
        fs::write(out.join("page.html"), "before").unwrap();
        {
            let staging = Staging::create(&out).unwrap();
            let page = staging.path().join("page.html");
            write_file(&page, b"before").unwrap();
            assert!(publish::is_unchanged(&page), "linked, not written");
            write_file(&page, b"after, longer").unwrap();
            assert!(!publish::is_unchanged(&page));
            crate::outputs::precompress::file(&page).unwrap();
            // Dropped: the build failed.
        }
        assert_eq!(fs::read_to_string(out.join("page.html")).unwrap(), "before");
        assert_eq!(fs::read_dir(&out).unwrap().count(), 2, "nothing added");
    }

    #[test]
    fn dropping_without_commit_keeps_the_output_and_the_temp_folder_as_the_spare() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        fs::create_dir_all(&out).unwrap();
        {
            let staging = Staging::create(&out).unwrap();
            fs::write(staging.path().join("half.txt"), "y").unwrap();
        }
        assert_eq!(
            fs::read_dir(&out).unwrap().count(),
            0,
            "the output is untouched"
        );
        let left: Vec<_> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "the output and the spare: {left:?}");
        assert!(root.path().join("dist.spare").is_dir());
    }

    #[test]
    fn a_folder_that_is_not_a_build_is_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        fs::write(root.path().join("Cargo.toml"), "").unwrap();
        let err = Staging::create(root.path()).err().unwrap();
        assert!(err.to_string().contains("refusing to replace"), "{err}");
    }
}
