//! The articles as the last build loaded them, kept in the cache folder
//! (`<cache>/articles.jsonl`): a build reads and parses only the sources that changed.
//!
//! An article is taken from the file instead of its source when the source and every
//! local image it names are the same files, unchanged: the same device and inode, size,
//! modification and change times. The change time cannot be set by hand (`touch` sets
//! the modification time only), so an edit shows even when the size and modification
//! time are put back. An article whose source or images changed within a second of the
//! build's start is not kept: a later edit in the same tick of the file system's clock
//! could leave its times as they were (git's "racy" entries).
//!
//! The first line is the key of everything else an article is loaded with: this
//! builder (its executable), `site.toml` and the base URL. Any other key, or a line
//! that does not read, and the file is not used: every source is read again.
//!
//! Articles read again are appended: a later line of a source wins, so publishing one
//! article writes one line, not the whole file. The file is written anew when the lines
//! it holds for sources gone or read since would pass a quarter of it.

use std::ffi::OsString;
use std::fs;
use std::io::Write as _;
use std::ops::Range;
use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::content::article::{self, Context, Meta};
use crate::error::Problem;

/// The file, in the cache folder.
pub const FILE: &str = "articles.jsonl";

/// A file as the file system describes it (`None` for a link, or without inodes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = fs::symlink_metadata(path).ok()?;
        m.file_type().is_file().then(|| Stamp {
            device: m.dev(),
            inode: m.ino(),
            size: m.size(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<Stamp> {
        None
    }
}

/// One article as loaded, with the stamps of its source and of its images.
#[derive(Serialize, Deserialize)]
struct Entry {
    source: Stamp,
    images: Vec<Stamp>,
    meta: Meta,
}

/// An entry of the previous file, with where its line is in the file's text (written
/// again as it is when the file is written anew).
pub struct Kept {
    entry: Entry,
    line: Range<usize>,
}

/// An article's line for the file: where it is in the previous file's text, or new.
pub enum Line {
    Kept(Range<usize>),
    New(String),
}

/// What the previous build loaded, by source file.
#[derive(Default)]
pub struct Previous {
    /// The file's text, read once: kept lines are ranges of it.
    text: String,
    /// The file's entries, in its order; taken out as the build finds their sources.
    entries: Vec<Option<Kept>>,
    /// Each source's last entry, by its path hashed as bytes (a `Path` is hashed
    /// component by component). Entries are large: the map holds their places only.
    by_source: FxHashMap<OsString, usize>,
    /// How many article lines the file holds (earlier lines of a source too), when it
    /// was read with this key.
    held: Option<usize>,
}

/// The key of what articles are loaded with besides their sources and images.
pub fn key(site_toml: &str, base_url: Option<&str>) -> Option<u128> {
    let builder = crate::builder_id()?.to_le_bytes();
    let mut hash = Xxh3::new();
    let base_url = base_url.unwrap_or("");
    crate::hash_parts(
        &mut hash,
        [&builder[..], site_toml.as_bytes(), base_url.as_bytes()],
    );
    Some(hash.digest128())
}

impl Previous {
    /// The file in `cache`, if it was written with `key` and reads whole.
    pub fn read(cache: &Path, key: u128) -> Previous {
        let Ok(text) = fs::read_to_string(cache.join(FILE)) else {
            return Previous::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(format!("{key:032x}").as_str()) {
            return Previous::default();
        }
        let start = text.as_ptr() as usize;
        let lines: Vec<&str> = lines.collect();
        let entries: Option<Vec<Option<Kept>>> = lines
            .par_iter()
            .map(|line| {
                let entry: Entry = serde_json::from_str(line).ok()?;
                let at = line.as_ptr() as usize - start;
                let line = at..at + line.len();
                Some(Some(Kept { entry, line }))
            })
            .collect();
        let Some(entries) = entries else {
            return Previous::default();
        };
        let mut by_source = FxHashMap::default();
        by_source.reserve(entries.len());
        for (i, kept) in entries.iter().enumerate() {
            if let Some(kept) = kept {
                // In the file's order: a source's later line wins.
                by_source.insert(kept.entry.meta.path.clone().into_os_string(), i);
            }
        }
        Previous {
            held: Some(entries.len()),
            entries,
            by_source,
            text,
        }
    }

    /// The text of `line`.
    fn line<'a>(&'a self, line: &'a Line) -> &'a str {
        match line {
            Line::Kept(range) => self.text.get(range.clone()).unwrap_or_default(),
            Line::New(text) => text,
        }
    }

    /// The previous entry of the source `path`, taken out.
    pub fn take(&mut self, path: &Path) -> Option<Kept> {
        let i = self.by_source.remove(path.as_os_str())?;
        self.entries.get_mut(i)?.take()
    }

    /// Whether no entry is left (every source's entry was taken).
    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty()
    }
}

/// An article loaded, and its line for the next build's file (none when it may not be
/// kept: it has problems, it is a link, or it changed too recently). A kept line means
/// it came from the previous file.
pub struct Loaded {
    pub meta: Result<Meta, Vec<Problem>>,
    pub line: Option<Line>,
}

impl Loaded {
    /// Whether it came from the previous file.
    pub fn from_previous(&self) -> bool {
        matches!(self.line, Some(Line::Kept(_)))
    }
}

/// The article at `path`: `previous` when its source and images are unchanged, else
/// read and checked. `settled` is the build's start less a second, in seconds; without
/// it (no cache to keep articles in) the article is only read, with no line.
pub fn load(
    path: &Path,
    previous: Option<Kept>,
    ctx: &Context<'_>,
    settled: Option<i64>,
) -> Loaded {
    let Some(settled) = settled else {
        return Loaded {
            meta: article::load(path, ctx),
            line: None,
        };
    };
    let source = Stamp::of(path);
    let images = |meta: &Meta| -> Option<Vec<Stamp>> {
        (meta.media_refs.iter())
            .map(|r| Stamp::of(&ctx.media.file(&r.rel)))
            .collect()
    };
    if let (Some(source), Some(kept)) = (source, previous) {
        let entry = &kept.entry;
        if entry.source == source && images(&entry.meta).as_ref() == Some(&entry.images) {
            return Loaded {
                meta: Ok(kept.entry.meta),
                line: Some(Line::Kept(kept.line)),
            };
        }
    }
    let meta = article::load(path, ctx);
    let line = match (&meta, source) {
        (Ok(meta), Some(source)) => images(meta)
            .filter(|images| {
                images
                    .iter()
                    .chain([&source])
                    .all(|s| s.changed.0 < settled)
            })
            .and_then(|images| {
                serde_json::to_string(&Entry {
                    source,
                    images,
                    meta: meta.clone(),
                })
                .ok()
                .map(Line::New)
            }),
        _ => None,
    };
    Loaded { meta, line }
}

/// The build's start less a second, in seconds since 1970 (see [`load`]).
pub fn settled_before_now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        - 1
}

/// Brings the file in `cache` up to date after a load with `key` that found `previous`:
/// `lines` are the articles' lines now. The new ones are appended to the file read, or
/// the file is written anew (see the module's notes). A failure only costs the next
/// build its reading: the caller may let it pass.
pub fn save(cache: &Path, key: u128, previous: &Previous, lines: &[Line]) -> std::io::Result<()> {
    let new = || lines.iter().filter(|l| matches!(l, Line::New(_)));
    let text = |line| previous.line(line);
    match previous.held {
        Some(held) if held + new().count() <= lines.len() + lines.len() / 4 + 8 => {
            append(cache, new().map(text))
        }
        _ => write(cache, key, lines.iter().map(text)),
    }
}

/// Appends `lines` to the file in `cache`; on a failure it is cut back to its length.
fn append<'a>(cache: &Path, lines: impl Iterator<Item = &'a str>) -> std::io::Result<()> {
    let file = fs::OpenOptions::new().append(true).open(cache.join(FILE))?;
    let before = file.metadata()?.len();
    let appended = write_lines(std::io::BufWriter::new(&file), lines);
    if appended.is_err() {
        let _ = file.set_len(before);
    }
    appended
}

/// Writes the file into `cache` (through a temporary file, so a reader sees the old
/// file or the new one, and a failure leaves the old one).
fn write<'a>(cache: &Path, key: u128, lines: impl Iterator<Item = &'a str>) -> std::io::Result<()> {
    fs::create_dir_all(cache)?;
    let tmp = cache.join(format!("{FILE}.tmp-{}", std::process::id()));
    let written = (|| {
        let mut out = std::io::BufWriter::new(fs::File::create(&tmp)?);
        writeln!(out, "{key:032x}")?;
        write_lines(out, lines)?;
        fs::rename(&tmp, cache.join(FILE))
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Writes each of `lines` and a line break to `out`, then flushes it.
fn write_lines<'a>(
    mut out: impl std::io::Write,
    lines: impl Iterator<Item = &'a str>,
) -> std::io::Result<()> {
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::content::{load, load_at, Content};

    const SITE: &str = r#"title = "T"
base_url = "https://example.org/"
language = "en"
time_zone = "UTC"
copyright = "© T"

[publisher]
name = "P"
address = "1 Quay Road"
contact = "news@example.org"

[[sections]]
slug = "city"
name = "City"
"#;
    const ARTICLE: &str = "+++\ntitle = \"Ferry\"\ndate = 2026-11-28T01:30:00Z\nsection = \"city\"\n\
                           [lead]\nsrc = \"media/pic.svg\"\nalt = \"A ferry\"\n+++\n\nThe ferry left.\n";
    const ALL_SETTLED: i64 = i64::MAX;

    /// A content folder with one article and its lead image: (temp root, content, cache).
    fn content() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let root = tempfile::tempdir().unwrap();
        let (dir, cache) = (root.path().join("content"), root.path().join("cache"));
        fs::create_dir_all(dir.join("articles/city")).unwrap();
        fs::create_dir_all(dir.join("media")).unwrap();
        fs::write(dir.join("site.toml"), SITE).unwrap();
        fs::write(dir.join("articles/city/ferry.md"), ARTICLE).unwrap();
        fs::write(dir.join("media/pic.svg"), svg(40, 30)).unwrap();
        (root, dir, cache)
    }

    fn svg(width: u32, height: u32) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"></svg>"#
        )
    }

    fn title(content: &Content) -> &str {
        &content.articles[0].title
    }

    /// Loads `dir` keeping its article in `cache`, then [`doctor`]s the file.
    fn keep_doctored(dir: &Path, cache: &Path) {
        load_at(dir, None, Some(cache), ALL_SETTLED).unwrap();
        doctor(cache);
    }

    /// Changes the kept article's title in the cache file, so a load that shows it took
    /// the article from the file and did not read the source.
    fn doctor(cache: &Path) {
        let file = cache.join(FILE);
        let text = fs::read_to_string(&file).unwrap();
        assert_eq!(text.lines().count(), 2, "the key and one article: {text}");
        assert!(text.contains(r#""title":"Ferry""#), "{text}");
        fs::write(
            &file,
            text.replace(r#""title":"Ferry""#, r#""title":"From the cache""#),
        )
        .unwrap();
    }

    #[test]
    fn an_unchanged_article_is_taken_from_the_file_and_equals_reading_it() {
        let (_root, dir, cache) = content();
        let read = load(&dir, None, None).unwrap();
        // A read article keeps its text for the rendering; one from the file has none,
        // and its body is rendered from the source read again.
        assert!(read.articles.iter().all(|m| m.text.is_some()));
        let facts = |c: &Content| -> Vec<Meta> {
            (c.articles.iter().cloned())
                .map(|m| Meta { text: None, ..m })
                .collect()
        };
        let first = load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        assert_eq!(facts(&first), facts(&read));
        let again = load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        assert!(again.articles.iter().all(|m| m.text.is_none()));
        assert_eq!(facts(&again), facts(&read));
        doctor(&cache);
        assert_eq!(
            title(&load(&dir, None, Some(&cache)).unwrap()),
            "From the cache"
        );
    }

    #[test]
    fn a_body_is_rendered_from_the_text_its_article_was_loaded_from() {
        let (_root, dir, _cache) = content();
        let read = load(&dir, None, None).unwrap();
        let meta = &read.articles[0];
        fs::write(
            dir.join("articles/city/ferry.md"),
            ARTICLE.replace("The ferry left.", "Edited after loading."),
        )
        .unwrap();
        let body = article::render_body(meta, "/", &read.media).unwrap();
        assert!(body.contains("The ferry left."), "{body}");
        let without = Meta {
            text: None,
            ..meta.clone()
        };
        let body = article::render_body(&without, "/", &read.media).unwrap();
        assert!(body.contains("Edited after loading."), "read again: {body}");
    }

    #[test]
    fn texts_are_kept_only_while_the_room_lasts() {
        let (_root, dir, _cache) = content();
        let meta = load(&dir, None, None).unwrap().articles.remove(0);
        let room = std::sync::atomic::AtomicUsize::new(ARTICLE.len() + 1);
        let (mut first, mut second) = (meta.clone(), meta);
        first.keep_text(&room);
        second.keep_text(&room);
        assert_eq!(first.text.as_deref(), Some(ARTICLE));
        assert_eq!(second.text, None, "a second copy does not fit");
        assert_eq!(room.into_inner(), 1, "only the kept text was taken");
    }

    #[test]
    fn an_edit_that_keeps_the_size_and_puts_the_modification_time_back_is_read() {
        let (_root, dir, cache) = content();
        keep_doctored(&dir, &cache);
        let source = dir.join("articles/city/ferry.md");
        let modified = fs::metadata(&source).unwrap().modified().unwrap();
        fs::write(&source, ARTICLE.replace("Ferry", "Barge")).unwrap();
        fs::File::options()
            .write(true)
            .open(&source)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert_eq!(fs::metadata(&source).unwrap().len(), ARTICLE.len() as u64);
        assert_eq!(title(&load(&dir, None, Some(&cache)).unwrap()), "Barge");
    }

    #[test]
    fn an_article_whose_image_changed_is_read_again() {
        let (_root, dir, cache) = content();
        keep_doctored(&dir, &cache);
        fs::write(dir.join("media/pic.svg"), svg(80, 30)).unwrap();
        let loaded = load(&dir, None, Some(&cache)).unwrap();
        assert_eq!(title(&loaded), "Ferry");
        let lead = loaded.articles[0].lead.as_ref().unwrap();
        assert_eq!((lead.image.width, lead.image.height), (80, 30));
        fs::remove_file(dir.join("media/pic.svg")).unwrap();
        let err = load(&dir, None, Some(&cache)).unwrap_err().to_string();
        assert!(
            err.contains("ferry.md:") && err.contains("does not exist"),
            "{err}"
        );
    }

    #[test]
    fn another_site_toml_or_a_damaged_file_reads_every_source() {
        let (_root, dir, cache) = content();
        keep_doctored(&dir, &cache);
        let other_base = load(&dir, Some("https://example.net/"), Some(&cache)).unwrap();
        assert_eq!(title(&other_base), "Ferry");
        keep_doctored(&dir, &cache);
        fs::write(dir.join("site.toml"), format!("{SITE}# edited\n")).unwrap();
        assert_eq!(title(&load(&dir, None, Some(&cache)).unwrap()), "Ferry");
        keep_doctored(&dir, &cache);
        let file = cache.join(FILE);
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, &text[..text.len() - 10]).unwrap();
        assert_eq!(title(&load(&dir, None, Some(&cache)).unwrap()), "Ferry");
    }

    #[test]
    fn an_article_read_again_is_appended_and_its_last_line_wins() {
        let (_root, dir, cache) = content();
        let source = dir.join("articles/city/ferry.md");
        load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        let lines = || {
            fs::read_to_string(cache.join(FILE))
                .unwrap()
                .lines()
                .count()
        };
        fs::write(&source, ARTICLE.replace("Ferry", "Barge")).unwrap();
        let edited = load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        assert_eq!(title(&edited), "Barge");
        assert_eq!(lines(), 3, "the key, the first line, the appended one");
        let file = cache.join(FILE);
        let text = fs::read_to_string(&file).unwrap();
        let doctored = text.replace(r#""title":"Barge""#, r#""title":"From the last line""#);
        fs::write(&file, doctored).unwrap();
        let again = load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        assert_eq!(title(&again), "From the last line");
        // Read again and again: the file is written anew before it grows past its bound.
        let mut most = 0;
        for n in 0..12 {
            fs::write(&source, ARTICLE.replace("Ferry", &format!("Edition {n}"))).unwrap();
            let loaded = load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
            assert_eq!(title(&loaded), format!("Edition {n}"));
            most = most.max(lines());
        }
        assert!((3..=10).contains(&most), "{most} lines at most");
        assert!(lines() < most, "written anew meanwhile");
    }

    #[test]
    fn a_kept_articles_line_is_written_again_as_it_was_when_the_file_is_written_anew() {
        let (_root, dir, cache) = content();
        fs::write(
            dir.join("articles/city/quay.md"),
            ARTICLE.replace("Ferry", "Quay"),
        )
        .unwrap();
        load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        let file = cache.join(FILE);
        let text = fs::read_to_string(&file).unwrap();
        let doctored = text.replace(r#""title":"Quay""#, r#""title":"Quay, kept""#);
        assert_ne!(doctored, text);
        fs::write(&file, doctored).unwrap();
        let lines = || fs::read_to_string(&file).unwrap().lines().count();
        let (mut most, mut rewritten) = (0, false);
        for n in 0..12 {
            let edition = ARTICLE.replace("Ferry", &format!("Edition {n}"));
            fs::write(dir.join("articles/city/ferry.md"), edition).unwrap();
            load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
            rewritten |= lines() < most;
            most = most.max(lines());
        }
        assert!(rewritten, "written anew meanwhile");
        let loaded = load_at(&dir, None, Some(&cache), ALL_SETTLED).unwrap();
        let titles: Vec<&str> = loaded.articles.iter().map(|a| a.title.as_str()).collect();
        assert!(titles.contains(&"Quay, kept"), "{titles:?}");
    }

    #[test]
    fn an_article_changed_within_a_second_of_the_build_is_not_kept() {
        let (_root, dir, cache) = content();
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap();
        let settled = i64::try_from((now - Duration::from_secs(1)).as_secs()).unwrap();
        load_at(&dir, None, Some(&cache), settled).unwrap();
        let text = fs::read_to_string(cache.join(FILE)).unwrap();
        assert_eq!(text.lines().count(), 1, "the key alone: {text}");
    }

    #[test]
    fn an_article_with_a_problem_is_never_kept_and_reports_it_every_time() {
        let (_root, dir, cache) = content();
        let bad = ARTICLE.replace("2026-11-28T01:30:00Z", "\"soon\"");
        fs::write(dir.join("articles/city/ferry.md"), bad).unwrap();
        for _ in 0..2 {
            let err = load_at(&dir, None, Some(&cache), ALL_SETTLED)
                .unwrap_err()
                .to_string();
            assert!(err.contains("ferry.md:3: date:"), "{err}");
        }
        assert!(!cache.join(FILE).exists());
    }
}
