//! Broadsheet's builder: a content folder (site.toml + Markdown articles + media) in,
//! a static site out (the JSON API of docs/json-api.md, media, pre-rendered pages,
//! feeds, site maps and the static host's files).
//!
//! The folders are the pipeline, each stage a plain function over data you can print:
//! [`content::load`] (config, front matter, checks; every problem with file:line) →
//! [`images::process`] (the photos' variants, through a cache between builds) →
//! [`index::Index`] (order, sections, tags, listings: the model the API is cut from) →
//! [`outputs::site`] (documents, pages, feeds, site maps into a staging folder) →
//! [`outputs::staging::Staging::commit`] (atomic swap; files whose bytes did not change
//! are the previous output's, [`outputs::publish`]). `import` turns feeds into
//! content and `views_import` an analytics export into the counts file the build reads;
//! neither is part of a build.

pub mod content;
pub mod error;
pub mod escape;
pub mod html_tokens;
pub mod images;
pub mod import;
pub mod index;
pub mod outputs;
pub mod progress;
pub mod timings;
pub mod views_import;

use std::path::{Path, PathBuf};

pub use error::{BuildError, Problem};
pub use outputs::Written;
pub use progress::Progress;
pub use timings::Timings;

use outputs::{host, offline, pages, precompress, staging};

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
    /// The image cache; `None`: `<out>.cache` beside the output ([`images::cache`]).
    pub cache: Option<PathBuf>,
    /// Publish photos as they are, without variants (for comparisons; they keep their
    /// metadata).
    pub original_images: bool,
}

/// A summary of a successful build or check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub articles: usize,
    pub drafts: usize,
    pub written: Written,
    /// Wall time per stage (empty for a check).
    pub timings: Timings,
    pub images: images::ImageStats,
    /// What the build changed in the output (empty for a check).
    pub changes: outputs::publish::Changes,
}

/// XXH3-128 of this builder's executable, read once: part of the keys that let a build
/// reuse what an earlier one made (articles loaded, pages rendered). `None` when the
/// executable cannot be read: then nothing is reused.
pub fn builder_id() -> Option<u128> {
    static ID: std::sync::OnceLock<Option<u128>> = std::sync::OnceLock::new();
    *ID.get_or_init(|| hash_file(&std::env::current_exe().ok()?).ok())
}

/// XXH3-128 of the file at `path`, read a block at a time (the executable is tens of
/// megabytes: read whole, it cost every build a buffer's page faults).
fn hash_file(path: &Path) -> std::io::Result<u128> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut block = vec![0; 256 * 1024];
    loop {
        match file.read(&mut block) {
            Ok(0) => return Ok(hash.digest128()),
            Ok(n) => hash.update(&block[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// Adds each of `parts` to `hash` after its length, so that parts never run into each
/// other: the framing of every reuse key (articles loaded, articles and listing pages
/// rendered).
pub fn hash_parts<'a>(
    hash: &mut xxhash_rust::xxh3::Xxh3,
    parts: impl IntoIterator<Item = &'a [u8]>,
) {
    for part in parts {
        hash.update(&(part.len() as u64).to_le_bytes());
        hash.update(part);
    }
}

/// Checks the content folder, writing nothing.
pub fn check(content: &Path, base_url: Option<&str>) -> Result<Report, BuildError> {
    let c = content::load(content, base_url, None)?;
    Ok(Report {
        articles: c.articles.len(),
        drafts: c.drafts,
        written: Written::default(),
        timings: Timings::default(),
        images: images::ImageStats::default(),
        changes: outputs::publish::Changes::default(),
    })
}

/// Builds the site: loads and checks everything, writes into `<out>.tmp-<pid>` and
/// swaps it in. On any error `out` is left untouched.
pub fn build(opts: &BuildOptions, progress: &Progress) -> Result<Report, BuildError> {
    let clock = timings::Recorder::default();
    for (what, dir) in [
        ("content", Some(&opts.content)),
        ("bundle", opts.bundle.as_ref()),
    ] {
        if let Some(dir) = dir {
            if staging::is_within(dir, &opts.out) {
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
    let cache = opts
        .cache
        .clone()
        .unwrap_or_else(|| images::cache::default_dir(&opts.out));
    images::cache::check_place(&cache, &opts.out, &opts.content)?;
    // Started first: its threads list the spare (and, unless the spare mirrors it, the
    // previous output) meanwhile.
    let staging = staging::Staging::create(&opts.out)?;
    progress.note(&format!("loading {}", opts.content.display()));
    let mut content = clock.time("load", || {
        content::load(&opts.content, opts.base_url.as_deref(), Some(&cache))
    })?;
    let images = clock.time("images", || {
        if opts.original_images {
            return Ok(images::Done::originals());
        }
        let settings = &content.config.images;
        images::process(
            &content,
            settings,
            &cache,
            &opts.out,
            &opts.content,
            progress,
        )
    })?;
    images.apply(&mut content);
    let app = content.config.app.clone();
    // Offline reading needs pages to register its worker: only with the bundle.
    let offline_files = shell_html
        .as_ref()
        .and_then(|_| offline::prepare(&content.config.site, &app));
    let shell_html = shell_html.map(|html| match &offline_files {
        Some(files) => offline::with_head(&html, files),
        None => html,
    });
    // Every page carries the Content-Security-Policy as a <meta> too.
    let shell = shell_html
        .as_deref()
        .map(|html| pages::Shell::new(&host::with_csp_meta(html)));
    let drafts = content.drafts;
    let media = content.media.clone();
    let index = clock.time("model", || {
        index::Index::new(content.config.site, content.articles)
    });
    if let Some(bundle) = &opts.bundle {
        clock.time("copy bundle", || {
            outputs::files::copy_tree(bundle, staging.path())
        })?;
    }
    let written = outputs::site(
        &index,
        &media,
        &images,
        staging.path(),
        shell.as_ref(),
        progress,
        &clock,
    )?;
    // What the previous build left in the staging folder and this one does not produce.
    clock.time("prune", || staging.prune())?;
    if shell.is_some() {
        clock.time("offline", || {
            offline::write(staging.path(), &index.site, &app, offline_files.as_ref())
        })?;
    }
    let (base_path, bundle) = (index.site.base_path(), opts.bundle.as_deref());
    clock.time("host files", || {
        host::write(
            staging.path(),
            base_path.as_str(),
            bundle,
            shell_html.as_deref(),
        )
    })?;
    if opts.precompress {
        progress.note("precompressing (.br, .gz)");
        clock.time("precompress", || precompress::tree(staging.path()))?;
    }
    // The model of 100,000 articles takes a tenth of a second to free: beside the swap.
    let freeing = std::thread::spawn(move || drop(index));
    let changes = clock.time("swap", || staging.commit())?;
    let _ = freeing.join();
    images.prune(progress);
    Ok(Report {
        articles: written.articles,
        drafts,
        written,
        timings: clock.finish(),
        images: images.stats,
        changes,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_hashed_block_by_block_hashes_as_its_whole_bytes() {
        let dir = tempfile::tempdir().unwrap();
        // Longer than two blocks and not a multiple of one; and an empty file.
        let bytes: Vec<u8> = (0..600_001u32).map(|i| (i * 31 % 251) as u8).collect();
        for (name, bytes) in [("long", &bytes[..]), ("empty", &[][..])] {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(
                super::hash_file(&path).unwrap(),
                xxhash_rust::xxh3::xxh3_128(bytes),
                "{name}"
            );
        }
        assert!(super::hash_file(&dir.path().join("missing")).is_err());
    }
}
