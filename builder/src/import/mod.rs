//! `broadsheet import`: RSS 0.9x/1.0/2.0, Atom and JSON Feed files → article files in
//! `<content>/articles/imported/<section>/<slug>.md`, which `check` and `build` read
//! like any other article (docs/content.md, "Importing feeds").
//!
//! Per feed: [`decode`] (any declared or guessed encoding → UTF-8) → feed-rs → per item
//! [`item::draft`] (plain-text fields, sanitised HTML with absolute URLs) → duplicate
//! check by `source_id` → [`output`] (slug from the project's slugger, file written
//! with `create_new`, never overwriting).

pub mod decode;
pub mod existing;
pub mod item;
pub mod media;
pub mod output;
pub mod repair;

use std::collections::HashSet;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::BuildError;
use broadsheet_app::slug;

/// Feeds larger than this are refused rather than read into memory.
const MAX_FEED_BYTES: u64 = 64 * 1024 * 1024;

/// What one run did. `messages` has a line for every item not imported and every
/// file that could not be read or parsed.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub written: Vec<PathBuf>,
    pub duplicates: usize,
    pub failed: usize,
    pub unreadable_files: usize,
    pub messages: Vec<String>,
}

impl ImportReport {
    /// False when a file could not be read or parsed at all, or when no item was
    /// usable (imported now or already imported earlier).
    pub fn succeeded(&self) -> bool {
        self.unreadable_files == 0 && (!self.written.is_empty() || self.duplicates > 0)
    }

    pub fn summary(&self) -> String {
        format!(
            "imported {}, skipped {} duplicate(s), {} failed{}",
            self.written.len(),
            self.duplicates,
            self.failed,
            match self.unreadable_files {
                0 => String::new(),
                n => format!(", {n} file(s) unreadable"),
            }
        )
    }
}

/// Imports `files` into `content` (a content folder with site.toml), into `section`
/// or the first section of site.toml.
pub fn run(
    content: &Path,
    files: &[PathBuf],
    section: Option<&str>,
) -> Result<ImportReport, BuildError> {
    let site_path = content.join("site.toml");
    let config = crate::content::site_config(content)?;
    let site = &config.site;
    let known: Vec<&str> = site.sections.iter().map(|s| s.slug.as_str()).collect();
    let section = match section {
        Some(s) if known.contains(&s) => s,
        Some(s) => {
            return Err(BuildError::Refused(format!(
                "unknown section `{s}`: use one of {} (from {}) with --section",
                known.join(", "),
                site_path.display()
            )))
        }
        None => known.first().copied().ok_or_else(|| {
            BuildError::Refused(format!(
                "{} has no [[sections]]: add one to import into",
                site_path.display()
            ))
        })?,
    };
    if !slug::is_valid(section) {
        return Err(BuildError::Refused(format!(
            "section `{section}` is not a slug ([a-z0-9-]+): fix it in site.toml"
        )));
    }
    let articles = content.join("articles");
    let dir = articles.join("imported").join(section);
    let mut seen = existing::scan(&articles);
    let mut report = ImportReport::default();
    let mut dir_ready = false;
    for file in files {
        let (feed, thumbnails) = match read_feed(file, &mut report.messages) {
            Ok(read) => read,
            Err(msg) => {
                report.unreadable_files += 1;
                report.messages.push(format!("{}: {msg}", file.display()));
                continue;
            }
        };
        let ctx = item::FeedContext::new(&feed, &file.display().to_string());
        for (i, entry) in feed.entries.iter().enumerate() {
            let title = entry
                .title
                .as_ref()
                .map(|t| item::line(&crate::content::sanitize::text(&t.content), 60))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "untitled".into());
            let at = format!("{}: item {} ({title:?})", file.display(), i + 1);
            // Item-level thumbnails line up with the entries only if both parsers saw all.
            let own = match thumbnails.len() == feed.entries.len() {
                true => thumbnails.get(i).map_or(&[][..], Vec::as_slice),
                false => &[],
            };
            let draft = match item::draft(entry, own, &ctx) {
                Ok(d) => d,
                Err(reason) => {
                    report.failed += 1;
                    report.messages.push(format!("{at}: {reason}"));
                    continue;
                }
            };
            if draft.dated_by_feed {
                report.messages.push(format!(
                    "{at}: note: no date of its own; dated with the feed's"
                ));
            }
            if let media::Picked::Unusable(why) = &draft.lead {
                report.messages.push(format!("{at}: note: {why}"));
            }
            if !seen.source_ids.insert(draft.source_id.clone()) {
                report.duplicates += 1;
                report.messages.push(format!(
                    "{at}: already imported (source_id {:?}), skipped",
                    draft.source_id
                ));
                continue;
            }
            if !dir_ready {
                prepare_dir(content, &dir)?;
                dir_ready = true;
            }
            let path = write_article(&dir, &draft, section, &site.language, &mut seen.slugs)?;
            report.written.push(path);
        }
    }
    Ok(report)
}

/// A parsed feed, with the item-level `media:thumbnail`s of an RSS feed per item.
type Read = (feed_rs::model::Feed, Vec<Vec<media::Declared>>);

/// Reads, decodes, repairs and parses one feed file; `notes` gets what was
/// noticed on the way. feed-rs is third-party code fed with
/// third-party bytes: a panic inside it is reported as a parse failure.
fn read_feed(file: &Path, notes: &mut Vec<String>) -> Result<Read, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read the file ({e})"))?
        .len();
    if size > MAX_FEED_BYTES {
        return Err(format!(
            "the file is {size} bytes, more than the {MAX_FEED_BYTES} a feed may have"
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read the file ({e})"))?;
    let decoded = decode::decode(&bytes)?;
    if decoded.guessed {
        notes.push(format!(
            "{}: note: the feed is not UTF-8 and declares no encoding it could be in: read as {} (guessed); if its text looks wrong, declare the encoding in the XML declaration",
            file.display(),
            decoded.encoding
        ));
    }
    if decoded.had_errors {
        notes.push(format!(
            "{}: note: some bytes are not valid {} and were replaced by U+FFFD; declare the encoding in the XML declaration",
            file.display(),
            decoded.encoding
        ));
    }
    let parser = feed_rs::parser::Builder::new()
        .id_generator(stable_id)
        .build();
    let text = repair::repair(decoded.text);
    let feed = quiet_panics(|| parser.parse(text.as_bytes()))
        .map_err(|_| "the feed parser failed on this file (internal error)".to_string())?
        .map_err(|e| match e {
            feed_rs::parser::ParseFeedError::ParseError(feed_rs::parser::ParseErrorKind::NoFeedRoot) => {
                "no RSS channel, Atom feed or JSON Feed found in the file".to_string()
            }
            e => format!("not a feed that can be read ({e}): check that it is RSS, Atom or JSON Feed and complete"),
        })?;
    let rss = matches!(
        feed.feed_type,
        feed_rs::model::FeedType::RSS0 | feed_rs::model::FeedType::RSS2
    );
    let thumbnails = match rss {
        true => quiet_panics(|| media::rss_thumbnails(&text)).unwrap_or_default(),
        false => Vec::new(),
    };
    Ok((feed, thumbnails))
}

/// Runs `f`, turning a panic into `Err(())` without printing it: the failure is
/// reported as a message about the file instead.
fn quiet_panics<T>(f: impl FnOnce() -> T) -> Result<T, ()> {
    thread_local!(static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|_| ())
}

/// An id for items without one that is the same on every run (feed-rs falls back
/// to a random UUID): from the link and title, else the title alone, else none.
fn stable_id(
    links: &[feed_rs::model::Link],
    title: &Option<feed_rs::model::Text>,
    _uri: Option<&str>,
) -> String {
    if let Some(link) = links.first() {
        return feed_rs::parser::generate_id_from_link_and_title(link, title);
    }
    match title {
        Some(t) if !t.content.trim().is_empty() => {
            format!("title-{:08x}", slug::fnv1a(t.content.trim()))
        }
        _ => String::new(),
    }
}

/// Creates `dir` and checks that it really is inside `content` (no symlink leads out).
fn prepare_dir(content: &Path, dir: &Path) -> Result<(), BuildError> {
    let root = content
        .canonicalize()
        .map_err(|e| BuildError::io(content, e))?;
    // Checked before creating anything too: a link on the way must not get a folder
    // made at its far end.
    let existing = dir.ancestors().find(|a| a.exists()).unwrap_or(content);
    let real = existing
        .canonicalize()
        .map_err(|e| BuildError::io(existing, e))?;
    if real.starts_with(&root) {
        std::fs::create_dir_all(dir).map_err(|e| BuildError::io(dir, e))?;
    }
    let real = match dir.canonicalize() {
        Ok(r) => r,
        Err(_) => real,
    };
    if !real.starts_with(&root) {
        return Err(BuildError::Refused(format!(
            "{} leads outside the content folder (to {}): remove that link",
            dir.display(),
            real.display()
        )));
    }
    Ok(())
}

/// Writes the article under a free slug; never overwrites a file.
fn write_article(
    dir: &Path,
    draft: &item::Draft,
    section: &str,
    language: &str,
    taken: &mut HashSet<String>,
) -> Result<PathBuf, BuildError> {
    loop {
        let slug = output::choose_slug(draft, taken);
        taken.insert(slug.clone());
        // The slug is [a-z0-9-]+ (checked again here): one plain file name in `dir`.
        if !slug::is_valid(&slug) {
            return Err(BuildError::Refused(format!("internal: bad slug `{slug}`")));
        }
        let path = dir.join(format!("{slug}.md"));
        let file = OpenOptions::new().write(true).create_new(true).open(&path);
        let mut file = match file {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(BuildError::io(&path, e)),
        };
        let text = output::article(draft, &slug, section, language);
        file.write_all(text.as_bytes())
            .map_err(|e| BuildError::io(&path, e))?;
        return Ok(path);
    }
}
