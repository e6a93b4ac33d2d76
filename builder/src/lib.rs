//! Broadsheet's builder: a content folder (site.toml + Markdown articles + media) in,
//! a static site out (the JSON API of docs/json-api.md, media, pre-rendered pages).
//!
//! The pipeline is plain functions over data:
//! [`load::load`] (config, front matter, checks) → [`assemble::Index`] (order, sections,
//! tags, listings) → [`write::site`] (documents and pages into a staging folder) →
//! [`output::Staging::commit`] (atomic swap).

pub mod article;
pub mod assemble;
pub mod config;
pub mod dates;
pub mod error;
pub mod feeds;
pub mod frontmatter;
pub mod gen;
pub mod host;
pub mod import;
pub mod load;
pub mod markdown;
pub mod media;
pub mod output;
pub mod precompress;
pub mod prerender;
pub mod progress;
pub mod sanitize;
pub mod scaffold;
pub mod sitemap_xml;
pub mod slug;
pub mod summary;
pub mod write;

use std::path::{Path, PathBuf};

pub use error::{BuildError, Problem};
pub use progress::Progress;
pub use write::Written;

/// What `broadsheet build` needs.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The content folder (with site.toml).
    pub content: PathBuf,
    /// The output folder, replaced atomically.
    pub out: PathBuf,
    /// Trunk's output folder; its `index.html` is the page shell. Without it only the
    /// API and media are written.
    pub bundle: Option<PathBuf>,
    /// Overrides site.toml's `base_url`.
    pub base_url: Option<String>,
    /// Also write `.br` and `.gz` copies of text-like files.
    pub precompress: bool,
}

/// A summary of a successful build or check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub articles: usize,
    pub drafts: usize,
    pub written: Written,
}

/// Checks the content folder, writing nothing.
pub fn check(content: &Path, base_url: Option<&str>) -> Result<Report, BuildError> {
    let c = load::load(content, base_url)?;
    Ok(Report {
        articles: c.articles.len(),
        drafts: c.drafts,
        written: Written::default(),
    })
}

/// Builds the site: loads and checks everything, writes into `<out>.tmp-<pid>` and
/// swaps it in. On any error `out` is left untouched.
pub fn build(opts: &BuildOptions, progress: &Progress) -> Result<Report, BuildError> {
    for (what, dir) in [
        ("content", Some(&opts.content)),
        ("bundle", opts.bundle.as_ref()),
    ] {
        if let Some(dir) = dir {
            if output::is_within(dir, &opts.out) {
                return Err(BuildError::Refused(format!(
                    "the {what} folder {} is inside --out {}: building would replace it; choose another --out",
                    dir.display(),
                    opts.out.display()
                )));
            }
        }
    }
    let shell_html = match &opts.bundle {
        Some(dir) => {
            let index = dir.join("index.html");
            Some(std::fs::read_to_string(&index).map_err(|e| BuildError::io(&index, e))?)
        }
        None => None,
    };
    // Every page carries the Content-Security-Policy as a <meta> too.
    let shell = shell_html
        .as_deref()
        .map(|html| prerender::Shell::new(&host::with_csp_meta(html)));
    progress.note(&format!("loading {}", opts.content.display()));
    let content = load::load(&opts.content, opts.base_url.as_deref())?;
    let drafts = content.drafts;
    let media = content.media.clone();
    let index = assemble::Index::new(content.config.site, content.articles);
    let staging = output::Staging::create(&opts.out)?;
    if let Some(bundle) = &opts.bundle {
        output::copy_tree(bundle, staging.path())?;
    }
    let written = write::site(&index, &media, staging.path(), shell.as_ref(), progress)?;
    let (base_path, bundle) = (index.site.base_path(), opts.bundle.as_deref());
    host::write(staging.path(), base_path, bundle, shell_html.as_deref())?;
    if opts.precompress {
        progress.note("precompressing (.br, .gz)");
        precompress::tree(staging.path())?;
    }
    staging.commit()?;
    Ok(Report {
        articles: written.articles,
        drafts,
        written,
    })
}
