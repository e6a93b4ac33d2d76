//! One article file: read, split, checked, and turned into the facts the index keeps
//! ([`Meta`]); the body is rendered later, when the article is written, from the text
//! kept since loading (up to a fixed amount per build), else from the file read again.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use broadsheet_app::model::{Credits, Figure, Image, Tag};
use serde::{Deserialize, Serialize};

use crate::content::config::Config;
use crate::content::dates::{self, Published};
use crate::content::frontmatter::{self, FrontMatter, Split};
use crate::content::markdown;
use crate::content::media::{self, Media, MediaRef, Naming};
use crate::content::summary;
use crate::error::{line_of, Problem};
use broadsheet_app::slug;

/// Everything about an article except its rendered body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub path: PathBuf,
    pub slug: String,
    /// Line of the `slug` field, or 1 when the slug comes from the file name.
    pub slug_line: usize,
    pub section: String,
    pub title: String,
    pub summary: String,
    pub published: Published,
    pub updated: Option<String>,
    /// As written in this article (each spelling once); the index then keeps each tag
    /// once, with its site-wide name and slug.
    pub tags: Vec<Tag>,
    pub lead: Option<Figure>,
    pub credits: Credits,
    pub views: Option<u64>,
    pub language: Option<String>,
    pub reading_minutes: u32,
    pub draft: bool,
    /// Every local image the article names (lead and body), with its line.
    pub media_refs: Vec<MediaRef>,
    /// XXH3-128 of the source file's bytes as loaded.
    pub source_hash: u128,
    /// The source file's text as loaded, while the build has room to keep it
    /// ([`Meta::keep_text`]); without it the body's rendering reads the file again.
    #[serde(skip)]
    pub text: Option<Arc<str>>,
}

impl Meta {
    /// Keeps the text if `room` (bytes, shared by the build's loading threads) holds it,
    /// taking its length from `room`; else lets it go. This holds the texts of a large
    /// archive to a fixed amount of memory.
    pub fn keep_text(&mut self, room: &AtomicUsize) {
        let len = self.text.as_ref().map_or(0, |t| t.len());
        let taken = room.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(len)
        });
        if taken.is_err() {
            self.text = None;
        }
    }

    pub fn thumbnail(&self) -> Option<Image> {
        self.lead.as_ref().map(|f| f.image.clone())
    }
}

/// What an article needs from the site.
pub struct Context<'a> {
    pub config: &'a Config,
    pub media: &'a Media,
}

/// Reads `path` as UTF-8 text, reporting unreadable files and invalid UTF-8.
pub fn read(path: &Path) -> Result<String, Problem> {
    let bytes = std::fs::read(path).map_err(|e| {
        Problem::new(
            path,
            1,
            format!("cannot read the file ({e}): check that it exists and is readable"),
        )
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1;
        Problem::new(
            path,
            line,
            format!("the file is not valid UTF-8 (byte {valid}): save it as UTF-8"),
        )
    })
}

/// Loads and checks the article at `path`, reporting every problem in it.
pub fn load(path: &Path, ctx: &Context<'_>) -> Result<Meta, Vec<Problem>> {
    let text = read(path).map_err(|p| vec![p])?;
    let at = |line: usize, msg: String| Problem::new(path, line, msg);
    let split = frontmatter::split(&text).map_err(|e| vec![at(e.line, e.message)])?;
    let fm = frontmatter::parse(&split).map_err(|e| vec![at(e.line, e.message)])?;
    let mut problems = Vec::new();
    let tz = &ctx.config.tz;

    let title = match &fm.title {
        Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().trim().to_string(),
        Some(t) => {
            problems.push(at(
                frontmatter::line(&split, t.span()),
                "the title is empty: write the headline in title = \"…\"".into(),
            ));
            String::new()
        }
        None => {
            problems.push(at(
                1,
                "the front matter has no title: add title = \"…\"".into(),
            ));
            String::new()
        }
    };

    let published = match &fm.date {
        Some(d) => match date_text(d.get_ref()).and_then(|t| dates::parse_in(&t, tz)) {
            Ok(p) => Some(p),
            Err(msg) => {
                problems.push(at(
                    frontmatter::line(&split, d.span()),
                    format!("date: {msg}"),
                ));
                None
            }
        },
        None => {
            problems.push(at(1, "the front matter has no date: add date = 2026-11-28T09:30:00+08:00 (or a local time)".into()));
            None
        }
    };

    let updated = fm.updated.as_ref().and_then(|d| {
        match date_text(d.get_ref()).and_then(|t| dates::parse_in(&t, tz)) {
            Ok(p) => Some(p.rfc3339),
            Err(msg) => {
                problems.push(at(
                    frontmatter::line(&split, d.span()),
                    format!("updated: {msg}"),
                ));
                None
            }
        }
    });

    let section = check_section(&fm, &split, ctx, &mut problems, path);
    let (slug, slug_line) = check_slug(&fm, &split, path, &mut problems);
    let tags = check_tags(&fm, &split, path, &mut problems);

    let mut media_refs = Vec::new();
    let lead = fm.lead.as_ref().and_then(|l| {
        let size = l.width.zip(l.height);
        match ctx.media.image_sized(l.src.get_ref(), &l.alt, size) {
            Ok(image) => {
                if !media::is_remote(&image.src) {
                    media_refs.push(MediaRef {
                        rel: image.src.clone(),
                        path: path.to_path_buf(),
                        line: frontmatter::line(&split, l.src.span()),
                        what: Naming::Lead,
                    });
                }
                Some(Figure {
                    image,
                    caption: l.caption.clone(),
                })
            }
            Err(msg) => {
                problems.push(at(
                    frontmatter::line(&split, l.src.span()),
                    format!("lead image: {msg}"),
                ));
                None
            }
        }
    });

    let (scan, body_errors) = markdown::scan(split.body, ctx.media);
    for e in body_errors {
        problems.push(at(body_line(&split, e.offset), e.message));
    }
    media_refs.extend(scan.images.iter().map(|(rel, offset)| MediaRef {
        rel: rel.clone(),
        path: path.to_path_buf(),
        line: body_line(&split, *offset),
        what: Naming::Body,
    }));

    let summary = match &fm.summary {
        Some(s) if !s.trim().is_empty() => s.trim().to_string(),
        _ => summary::summarise(&scan.paragraphs),
    };

    let (Some(published), true) = (published, problems.is_empty()) else {
        return Err(problems);
    };
    let mut credits = fm.credits;
    credits.writers.extend(fm.authors);
    Ok(Meta {
        path: path.to_path_buf(),
        slug,
        slug_line,
        section,
        title,
        summary,
        published,
        updated,
        tags,
        lead,
        credits,
        views: fm.views,
        language: fm.language,
        reading_minutes: scan.reading_minutes,
        draft: fm.draft,
        media_refs,
        source_hash: xxhash_rust::xxh3::xxh3_128(text.as_bytes()),
        text: Some(Arc::from(text)),
    })
}

/// Renders the article's body from its kept text, else from its file read again.
pub fn render_body(meta: &Meta, base_path: &str, media: &Media) -> Result<String, Vec<Problem>> {
    let text = match &meta.text {
        Some(text) => Cow::Borrowed(&**text),
        None => Cow::Owned(read(&meta.path).map_err(|p| vec![p])?),
    };
    let split =
        frontmatter::split(&text).map_err(|e| vec![Problem::new(&meta.path, e.line, e.message)])?;
    markdown::render(split.body, base_path, media).map_err(|errs| {
        errs.into_iter()
            .map(|e| Problem::new(&meta.path, body_line(&split, e.offset), e.message))
            .collect()
    })
}

fn body_line(split: &Split<'_>, offset: usize) -> usize {
    split.body_line - 1 + line_of(split.body, offset)
}

fn date_text(value: &toml::Value) -> Result<String, String> {
    match value {
        toml::Value::Datetime(d) => Ok(d.to_string()),
        toml::Value::String(s) => Ok(s.clone()),
        other => Err(format!(
            "`{other}` is not a date: write 2026-11-28T09:30:00+08:00"
        )),
    }
}

fn check_section(
    fm: &FrontMatter,
    split: &Split<'_>,
    ctx: &Context<'_>,
    problems: &mut Vec<Problem>,
    path: &Path,
) -> String {
    let known: Vec<&str> = ctx
        .config
        .site
        .sections
        .iter()
        .map(|s| s.slug.as_str())
        .collect();
    let Some(section) = &fm.section else {
        problems.push(Problem::new(
            path,
            1,
            format!(
                "the front matter has no section: add section = \"…\" with one of: {}",
                known.join(", ")
            ),
        ));
        return String::new();
    };
    let name = section.get_ref();
    if ctx.config.site.section(name).is_none() {
        problems.push(Problem::new(
            path,
            frontmatter::line(split, section.span()),
            format!(
                "unknown section `{name}`: use one of {} or add it to site.toml",
                known.join(", ")
            ),
        ));
    }
    name.clone()
}

fn check_slug(
    fm: &FrontMatter,
    split: &Split<'_>,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> (String, usize) {
    if let Some(s) = &fm.slug {
        let line = frontmatter::line(split, s.span());
        let value = s.get_ref();
        if !slug::is_valid(value) || value == "page" {
            let hint = slug::slugify(value);
            let hint = if hint.is_empty() || hint == "page" {
                "my-article".to_string()
            } else {
                hint
            };
            problems.push(Problem::new(path, line, format!("slug `{value}` is not a valid slug ([a-z0-9-]+, not `page`): write e.g. slug = \"{hint}\"")));
        }
        return (value.clone(), line);
    }
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let derived = slug::slugify(stem);
    if derived.is_empty() || derived == "page" {
        problems.push(Problem::new(path, 1, format!("the file name `{stem}` gives no usable slug: add slug = \"…\" ([a-z0-9-]+) to the front matter")));
    }
    (derived, 1)
}

fn check_tags(
    fm: &FrontMatter,
    split: &Split<'_>,
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Vec<Tag> {
    let mut tags: Vec<Tag> = Vec::new();
    for t in &fm.tags {
        let name = t.get_ref().trim();
        if name.is_empty() {
            problems.push(Problem::new(
                path,
                frontmatter::line(split, t.span()),
                "a tag is empty: remove it from tags",
            ));
            continue;
        }
        // The index decides which spellings are one tag and gives each its final slug.
        if !tags.iter().any(|x| x.name == name) {
            tags.push(Tag {
                slug: slug::tag_slug(name),
                name: name.to_string(),
            });
        }
    }
    tags
}
