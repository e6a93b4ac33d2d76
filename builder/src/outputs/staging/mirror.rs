//! The mark of a spare that mirrors the output (`.broadsheet-mirrors`), written by a
//! commit that brought the spare fully up to date and taken by the next build. It names
//! the output folder (device and inode), lists the files both folders hold (each one
//! inode, linked into both) and records each folder's change time in both. Adding,
//! removing, renaming or replacing a file changes its folder's change time, so a folder
//! that kept its change time still holds exactly the listed files. When both folders
//! hold, the next build takes the list instead of walking the spare (300,000 files in
//! 140,000 folders: about 2 s of CPU, 19 s with the file system's caches cold, where a
//! `stat` of each folder takes 0.15 s and 1.5–2.6 s), and a file it keeps untouched is
//! known to be the output's without a `stat`.
//!
//! The root folder's change time moves when the spare is renamed and the mark removed,
//! so the root's entries are read and compared instead; so are those of a folder whose
//! change time is not older than the mark (a change within the same clock tick would not
//! show, like git's racily clean entries). A file whose bytes are changed in place is not
//! seen, as by a walk: it is the output's file too (one inode).
//!
//! A build changes few folders: the next mark takes the others' change times from this
//! check (the spare's become the output's, and the output's the spare's) and reads only
//! the folders the build or the mirroring touched.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

/// The mark's file name, in the spare's root.
pub const MARK: &str = ".broadsheet-mirrors";

/// A change time, or the mark's modification time: seconds and nanoseconds.
type Stamp = (i64, i64);

/// What a mark that holds for the spare says.
pub struct Mirror {
    /// The spare's files (relative), each with its inode.
    pub files: Vec<(PathBuf, u64)>,
    /// Whether the output is as the mark left it too: then it holds exactly these
    /// files, each the same inode.
    pub output_holds: bool,
    /// Each folder's change time in the spare and in the output, as checked (when the
    /// output holds).
    folders: FxHashMap<OsString, (Stamp, Stamp)>,
}

/// Takes (reads and removes) the mark from the spare taken as the staging folder `tmp`,
/// with its modification time. Removed whatever it says: a mark left in place would be
/// pruned with the spare's other leftovers, and a failed build's folder must not carry
/// it.
pub fn take(tmp: &Path) -> Option<(Vec<u8>, fs::Metadata)> {
    let path = tmp.join(MARK);
    let meta = fs::symlink_metadata(&path).ok()?;
    let held = fs::read(&path);
    if fs::remove_file(&path).is_err() || !meta.is_file() {
        return None;
    }
    Some((held.ok()?, meta))
}

/// Whether the mark `held` (taken at [`take`]) names the output `out` as it is now.
pub fn names(held: &[u8], out: &Path) -> bool {
    let head = held.split(|b| *b == b'\n').next().unwrap_or_default();
    identity(out).is_some_and(|id| head.ends_with(id.as_bytes()))
}

/// What the mark `held` says when it names `out` and holds for the spare `tmp`: every
/// folder with its change time, the root's entries and those of folders changed as late
/// as the mark exactly those listed, each file the inode listed. Whether it holds for
/// the output too is checked the same way.
pub fn check(held: &[u8], marked: &fs::Metadata, tmp: &Path, out: &Path) -> Option<Mirror> {
    let mark = Mark::read(held)?;
    if !names(held, out) || !mark.whole() {
        return None;
    }
    let marked = mark_time(marked);
    let spare = mark.holds(tmp, marked, |(spare, _)| spare)?;
    let output = mark.holds(out, marked, |(_, output)| output);
    let output_holds = output.is_some();
    let folders = match output {
        Some(output) => (mark.folders.iter().zip(spare.into_iter().zip(output)))
            .map(|((dir, _), times)| (dir.to_os_string(), times))
            .collect(),
        None => FxHashMap::default(),
    };
    Some(Mirror {
        files: (mark.files.iter())
            .map(|(f, inode)| (PathBuf::from(f), *inode))
            .collect(),
        output_holds,
        folders,
    })
}

/// Marks `spare`, just brought up to date with the output `out`, as its mirror: both
/// hold `files` (relative), each with its inode where the build left it untouched (else
/// it is read here), and `removed` is gone from both. The folders' change times come
/// from `checked` (the mark this build started from, when both folders held) for the
/// folders no file of `files` or `removed` touched, and are read for the others. Best
/// effort: without the mark the next build walks both folders. Never written through an
/// existing file (a produced file of that name would be a link to the output's).
#[cfg(unix)]
pub fn mark(
    spare: &Path,
    out: &Path,
    files: &[(Box<OsStr>, Option<u64>)],
    removed: &[String],
    checked: Option<&Mirror>,
) {
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::MetadataExt;
    let checked = checked.filter(|m| m.output_holds).map(|m| &m.folders);
    let (Some(id), Some(spare_tree), Some(out_tree)) =
        (identity(out), Tree::open(spare), Tree::open(out))
    else {
        return;
    };
    // The folders' records and the files' are made on two threads (the commit waits for
    // them, and nothing else runs then), then written in that order.
    let (dirs, listed) = rayon::join(
        || {
            let folders = folders_of(files.iter().map(|(f, _)| &**f));
            let touched = (files.iter())
                .filter(|(_, inode)| inode.is_none())
                .map(|(f, _)| &**f)
                .chain(removed.iter().map(OsStr::new));
            let touched = folders_of(touched);
            let mut held = Vec::with_capacity(folders.len() * 64);
            for dir in &folders {
                // The spare was the output, and the output the spare.
                let known = checked
                    .and_then(|c| c.get(*dir))
                    .filter(|_| !touched.contains(dir))
                    .map(|(spare, output)| (*output, *spare));
                let read = || Some((spare_tree.change_time(dir)?, out_tree.change_time(dir)?));
                let (s, o) = known.or_else(read)?;
                let _ = write!(held, "/{} {} {} {} ", s.0, s.1, o.0, o.1);
                held.extend_from_slice(dir.as_bytes());
                held.push(0);
            }
            Some((held, folders.len()))
        },
        || {
            let mut held = Vec::with_capacity(files.len() * 64);
            for (file, inode) in files {
                let inode = match inode {
                    Some(inode) => *inode,
                    None => fs::symlink_metadata(out.join(&**file)).ok()?.ino(),
                };
                let _ = write!(held, "{inode} ");
                held.extend_from_slice(file.as_bytes());
                held.push(0);
            }
            Some(held)
        },
    );
    let (Some((dirs, folders)), Some(listed)) = (dirs, listed) else {
        return;
    };
    let head = format!("broadsheet-mirrors 2 {} {folders} {id}\n", files.len());
    let path = spare.join(MARK);
    let file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    if let Ok(mut file) = file {
        let written = [head.as_bytes(), &dirs, &listed]
            .iter()
            .try_for_each(|part| file.write_all(part));
        if written.is_err() {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(not(unix))]
pub fn mark(_: &Path, _: &Path, _: &[(Box<OsStr>, Option<u64>)], _: &[String], _: Option<&Mirror>) {
}

/// Every folder (relative, not the root) that holds one of `files`, directly or below.
/// (Read from the bytes: `Path::parent` parses each path's components, 0.1 s for 300,000.)
#[cfg(unix)]
fn folders_of<'a>(files: impl Iterator<Item = &'a OsStr>) -> FxHashSet<&'a OsStr> {
    use std::os::unix::ffi::OsStrExt;
    let mut folders = FxHashSet::default();
    for file in files {
        let mut path = file.as_bytes();
        while let Some(slash) = path.iter().rposition(|b| *b == b'/') {
            path = &path[..slash];
            if !folders.insert(OsStr::from_bytes(path)) {
                break;
            }
        }
    }
    folders
}

/// A relative path's folder (empty for a name in the root) and its last name, read from
/// its bytes: `Path::parent` and `Path::file_name` parse the components, and the check
/// does this for every file and folder of the mark, twice.
#[cfg(unix)]
fn split_last(rel: &OsStr) -> (&OsStr, &OsStr) {
    use std::os::unix::ffi::OsStrExt;
    let bytes = rel.as_bytes();
    match bytes.iter().rposition(|b| *b == b'/') {
        Some(slash) => (
            OsStr::from_bytes(&bytes[..slash]),
            OsStr::from_bytes(&bytes[slash + 1..]),
        ),
        None => (OsStr::new(""), rel),
    }
}

#[cfg(not(unix))]
fn split_last(rel: &OsStr) -> (&OsStr, &OsStr) {
    let path = Path::new(rel);
    let parent = path.parent().map_or(OsStr::new(""), Path::as_os_str);
    (parent, path.file_name().unwrap_or(rel))
}

/// The output folder's device and inode, as the mark's first line ends; `None` where
/// there is no inode.
fn identity(out: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::metadata(out).ok()?;
        Some(format!("{} {}", meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = out;
        None
    }
}

#[cfg(unix)]
fn mark_time(meta: &fs::Metadata) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    (meta.mtime(), meta.mtime_nsec())
}

#[cfg(not(unix))]
fn mark_time(_: &fs::Metadata) -> Stamp {
    (0, 0)
}

/// A mark as read: the files with their inodes, the folders with their change times in
/// the spare and the output (relative), and the counts its first line gives.
struct Mark<'a> {
    files: Vec<(&'a OsStr, u64)>,
    folders: Vec<(&'a OsStr, (Stamp, Stamp))>,
    counts: (usize, usize),
}

impl<'a> Mark<'a> {
    /// `broadsheet-mirrors 2 <files> <folders> <device> <inode>`, then one record per
    /// folder (`/<spare's change time> <output's> <path>`, times as seconds and
    /// nanoseconds) and per file (`<inode> <path>`), each ended by a NUL.
    #[cfg(unix)]
    fn read(held: &'a [u8]) -> Option<Mark<'a>> {
        use std::os::unix::ffi::OsStrExt;
        let end = held.iter().position(|b| *b == b'\n')?;
        let head = std::str::from_utf8(&held[..end]).ok()?;
        let mut words = head.split(' ').skip(2).map(str::parse::<usize>);
        let counts = (words.next()?.ok()?, words.next()?.ok()?);
        if !head.starts_with("broadsheet-mirrors 2 ") {
            return None;
        }
        let mut mark = Mark {
            files: Vec::with_capacity(counts.0),
            folders: Vec::with_capacity(counts.1),
            counts,
        };
        for record in held[end + 1..].strip_suffix(&[0])?.split(|b| *b == 0) {
            match record.strip_prefix(b"/") {
                Some(folder) => {
                    let (t, folder) = numbers::<4>(folder)?;
                    let stamp = |i: usize| Some((t[i].try_into().ok()?, t[i + 1].try_into().ok()?));
                    let stamps = (stamp(0)?, stamp(2)?);
                    mark.folders.push((OsStr::from_bytes(folder), stamps));
                }
                None => {
                    let (inode, file) = numbers::<1>(record)?;
                    mark.files
                        .push((OsStr::from_bytes(file), inode[0].try_into().ok()?));
                }
            }
        }
        Some(mark)
    }

    #[cfg(not(unix))]
    fn read(_: &'a [u8]) -> Option<Mark<'a>> {
        None
    }

    /// Whether every record the first line announces is there.
    fn whole(&self) -> bool {
        self.counts == (self.files.len(), self.folders.len())
    }

    /// Each folder's change time in `root` when `root` is as the mark left it (`stamp`
    /// picks the time the mark recorded for it there): every folder with that change
    /// time, and the entries of the root and of folders changed as late as the mark
    /// (`marked`) exactly those listed, each file the inode listed.
    fn holds(
        &self,
        root: &Path,
        marked: Stamp,
        stamp: impl Fn(&(Stamp, Stamp)) -> &Stamp,
    ) -> Option<Vec<Stamp>> {
        let tree = Tree::open(root)?;
        // By the folder's bytes: a `Path` is hashed component by component, and every
        // file and folder of the mark is looked up here.
        let mut read: FxHashMap<&OsStr, Vec<_>> = FxHashMap::default();
        read.insert(OsStr::new(""), Vec::new());
        let mut times = Vec::with_capacity(self.folders.len());
        for (dir, stamps) in &self.folders {
            let now = tree.change_time(dir).filter(|now| now == stamp(stamps))?;
            if now >= marked {
                read.insert(*dir, Vec::new());
            }
            times.push(now);
        }
        let files = self.files.iter().map(|(f, inode)| (f, Some(*inode)));
        let folders = self.folders.iter().map(|(d, _)| (d, None));
        for (rel, inode) in files.chain(folders) {
            let (parent, name) = split_last(rel);
            if let Some(entries) = read.get_mut(parent) {
                entries.push((name.to_os_string(), inode));
            }
        }
        let same = read.into_iter().all(|(dir, mut listed)| {
            let Some(mut found) = entries(&root.join(dir)) else {
                return false;
            };
            found.sort();
            listed.sort();
            found == listed
        });
        same.then_some(times)
    }
}

/// `N` numbers, each followed by a space, then the rest.
fn numbers<const N: usize>(mut record: &[u8]) -> Option<([i128; N], &[u8])> {
    let mut numbers = [0; N];
    for number in &mut numbers {
        let space = record.iter().position(|b| *b == b' ')?;
        *number = std::str::from_utf8(&record[..space]).ok()?.parse().ok()?;
        record = &record[space + 1..];
    }
    Some((numbers, record))
}

/// A folder's entries: each name with its inode, none for a folder.
#[cfg(unix)]
fn entries(dir: &Path) -> Option<Vec<(OsString, Option<u64>)>> {
    use std::os::unix::fs::DirEntryExt;
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let inode = (!entry.file_type().ok()?.is_dir()).then(|| entry.ino());
        entries.push((entry.file_name(), inode));
    }
    Some(entries)
}

#[cfg(not(unix))]
fn entries(_: &Path) -> Option<Vec<(OsString, Option<u64>)>> {
    None
}

/// A folder tree, open: its folders are looked up from its root, not from `/`.
struct Tree {
    #[cfg(unix)]
    root: rustix::fd::OwnedFd,
}

impl Tree {
    #[cfg(unix)]
    fn open(root: &Path) -> Option<Tree> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let root = rustix::fs::open(root, flags, Mode::empty()).ok()?;
        Some(Tree { root })
    }

    #[cfg(not(unix))]
    fn open(_: &Path) -> Option<Tree> {
        None
    }

    /// The change time of the folder `rel` (relative); `None` when it is not a folder.
    #[cfg(unix)]
    fn change_time(&self, rel: &OsStr) -> Option<Stamp> {
        use rustix::fs::{statat, AtFlags, FileType};
        let stat = statat(&self.root, rel, AtFlags::SYMLINK_NOFOLLOW).ok()?;
        let dir = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
        dir.then_some((stat.st_ctime as i64, stat.st_ctime_nsec as i64))
    }

    #[cfg(not(unix))]
    fn change_time(&self, _: &OsStr) -> Option<Stamp> {
        None
    }
}
