//! Content in: a content folder's `site.toml`, every article (front matter, dates,
//! Markdown, sanitising, summaries), its media and the imported view counts
//! (`views.csv`), checked as a whole (duplicate slugs across files). All problems are
//! collected before anything fails.

pub mod article;
pub mod colour;
pub mod config;
pub mod dates;
pub mod frontmatter;
pub mod loaded;
pub mod markdown;
pub mod media;
mod portal;
pub mod sanitize;
pub mod scaffold;
pub mod summary;
pub mod svg;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{BuildError, Problem};
use article::{Context, Meta};
use config::Config;
use media::{Media, MediaRef};

/// How many bytes of article sources a build keeps from loading to rendering, so that
/// each is read once; past it (an archive of tens of thousands of articles) the rest are
/// read again when their bodies are rendered, which holds the memory to this much.
const KEPT_TEXT_BYTES: usize = 64 << 20;

/// A readable URL slug for a headline in any script: Han characters as pinyin, accented
/// letters as their base letter (`港口新闻` → `gang-kou-xin-wen`, `Verlängerung` →
/// `verlangerung`), through deunicode; empty when nothing is left.
pub fn title_slug(title: &str) -> String {
    broadsheet_app::slug::slugify(&deunicode::deunicode(title))
}

/// The checked `site.toml` of the content folder `dir`, for the commands that need the
/// site but not its articles (`new`, `import`, `views import`).
pub fn site_config(dir: &Path) -> Result<Config, BuildError> {
    let site_path = dir.join("site.toml");
    let text = article::read(&site_path).map_err(|p| BuildError::Invalid(vec![p]))?;
    config::parse(&site_path, &text, None, &Media::new(&dir.join("media")))
        .map_err(BuildError::Invalid)
}

/// A checked content folder.
#[derive(Debug)]
pub struct Content {
    pub config: Config,
    pub media: Media,
    /// Published articles (drafts left out), in file path order.
    pub articles: Vec<Meta>,
    pub drafts: usize,
    /// Every local image the published content names (the logo, lead and body images),
    /// with the file and line that name it.
    pub media_refs: Vec<MediaRef>,
}

/// Loads `dir` (a content folder), with `base_url` overriding site.toml's. With a
/// `cache` folder, articles whose sources did not change since the last build are taken
/// from its [`loaded`] file instead of being read again, and the file is brought up to
/// date when the content has no problems.
pub fn load(
    dir: &Path,
    base_url: Option<&str>,
    cache: Option<&Path>,
) -> Result<Content, BuildError> {
    load_at(dir, base_url, cache, loaded::settled_before_now())
}

/// [`load`], keeping in the cache only articles whose files changed last before
/// `settled` (seconds since 1970).
fn load_at(
    dir: &Path,
    base_url: Option<&str>,
    cache: Option<&Path>,
    settled: i64,
) -> Result<Content, BuildError> {
    let media = Media::new(&dir.join("media"));
    let site_path = dir.join("site.toml");
    let site_text = article::read(&site_path).map_err(|p| {
        if site_path.exists() {
            BuildError::Invalid(vec![p])
        } else {
            BuildError::Invalid(vec![Problem::new(&site_path, 1, format!("there is no site.toml in {}: create one (see docs/content.md) or pass --content DIR", dir.display()))])
        }
    })?;
    // The walk waits on the file system; the key (the builder's executable hashed) and
    // the previous file's parsing on the CPU.
    let ((files, mut problems), (key, mut previous)) = rayon::join(
        || article_files(&dir.join("articles")),
        || {
            let key = cache.and_then(|_| loaded::key(&site_text, base_url));
            let previous = (cache.zip(key))
                .map(|(cache, key)| loaded::Previous::read(cache, key))
                .unwrap_or_default();
            (key, previous)
        },
    );
    problems.extend(crate::content::media::unsafe_svgs(media.dir()));
    let reserved = media.file(media::VARIANTS_DIR);
    if reserved.exists() {
        problems.push(Problem::new(
            &reserved,
            1,
            "media/_v/ is where the builder publishes image variants: rename this folder",
        ));
    }
    let config = match config::parse(&site_path, &site_text, base_url, &media) {
        Ok(c) => c,
        Err(mut p) => {
            p.append(&mut problems);
            return Err(BuildError::Invalid(p));
        }
    };
    let ctx = Context {
        config: &config,
        media: &media,
    };
    let kept: Vec<_> = files.iter().map(|f| previous.take(f)).collect();
    let settled = key.map(|_| settled);
    let room = AtomicUsize::new(KEPT_TEXT_BYTES);
    let results: Vec<loaded::Loaded> = (files.par_iter().zip(kept))
        .map(|(f, kept)| {
            let mut loaded = loaded::load(f, kept, &ctx, settled);
            if let Ok(meta) = &mut loaded.meta {
                meta.keep_text(&room);
            }
            loaded
        })
        .collect();
    let mut metas = Vec::with_capacity(results.len());
    let mut lines = Vec::with_capacity(results.len());
    let mut changed = !previous.is_empty();
    for r in results {
        changed |= !r.from_previous();
        lines.extend(r.line);
        match r.meta {
            Ok(m) => metas.push(m),
            Err(mut p) => problems.append(&mut p),
        }
    }
    problems.extend(duplicate_slugs(&metas));
    // Counts imported from analytics win over the front matter's; a slug of a deleted
    // article is no problem.
    let counts = views::read(&dir.join(views::FILE)).unwrap_or_else(|mut p| {
        problems.append(&mut p);
        None
    });
    if !problems.is_empty() {
        return Err(BuildError::Invalid(problems));
    }
    if let (Some(cache), Some(key), true) = (cache, key, changed) {
        // A file not written costs the next build its reading, nothing more.
        let _ = loaded::save(cache, key, &previous, &lines);
    }
    for m in &mut metas {
        if let Some(count) = counts.as_ref().and_then(|c| c.get(&m.slug)) {
            m.views = Some(*count);
        }
    }
    let total = metas.len();
    metas.retain(|m| !m.draft);
    let drafts = total - metas.len();
    let media_refs = config
        .logo_ref
        .iter()
        .chain(metas.iter().flat_map(|m| &m.media_refs))
        .cloned()
        .collect();
    Ok(Content {
        config,
        media,
        articles: metas,
        drafts,
        media_refs,
    })
}

/// Every `*.md` below `dir`, sorted; a missing folder is an empty site.
fn article_files(dir: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.exists() {
        return (files, problems);
    }
    let root = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    for entry in walkdir::WalkDir::new(dir) {
        match entry {
            Ok(e)
                if (e.file_type().is_file() || e.path_is_symlink())
                    && e.path().extension().is_some_and(|x| x == "md") =>
            {
                // A symlink may point anywhere: only what stays in the folder is content.
                // (The walk does not follow linked folders, so a plain file is inside.)
                match e.path_is_symlink().then(|| e.path().canonicalize()) {
                    Some(Ok(real)) if !real.starts_with(&root) => problems.push(Problem::new(
                        e.path(),
                        1,
                        format!(
                            "this link leads outside the content folder (to {}): copy the article in instead",
                            real.display()
                        ),
                    )),
                    _ => files.push(e.into_path()),
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                problems.push(Problem::new(
                    &path,
                    1,
                    format!("cannot read this folder entry ({e}): check its permissions"),
                ));
            }
        }
    }
    // Sorted once, by their bytes: sorting each folder's entries in the walk took a
    // twentieth of a publish's instructions at 100,000 articles (callgrind).
    files.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
    problems.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    (files, problems)
}

fn duplicate_slugs(metas: &[Meta]) -> Vec<Problem> {
    let mut first: FxHashMap<&str, &Meta> = FxHashMap::default();
    let mut problems = Vec::new();
    for m in metas {
        if let Some(other) = first.get(m.slug.as_str()) {
            problems.push(Problem::new(
                &m.path,
                m.slug_line,
                format!(
                    "duplicate slug `{}`: {} uses it too; give one of them another slug = \"…\"",
                    m.slug,
                    other.path.display()
                ),
            ));
        } else {
            first.insert(&m.slug, m);
        }
    }
    problems
}
