//! Image variants: the stage between `content/` (which images exist, and where the
//! content names them) and `outputs/` (what is written). Every raster image the
//! content names — lead images, the logo, body images — goes through
//! broadsheet-images: upright, sRGB, every piece of metadata left behind, resized to
//! the widths of `[images]` in site.toml (never upscaled), as lossy WebP plus the
//! source's format, named by content hash, cached between builds ([`cache`]).
//!
//! A bad image is a problem at every line that names it (the article's or
//! site.toml's), so the build fails before anything is written.

pub mod cache;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use broadsheet_app::images;
use broadsheet_app::model::{Image, Variants};
use broadsheet_images::{Processed, Settings, Variant};
use rayon::prelude::*;

use crate::content::media::{MediaRef, Naming};
use crate::content::Content;
use crate::error::{BuildError, Problem};
use crate::progress::Progress;
use cache::ImageCache;

pub use crate::content::media::VARIANTS_DIR;

/// What the image stage did, for the build's report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageStats {
    /// Distinct raster images the content names.
    pub images: usize,
    /// Images decoded and encoded in this build (cache misses).
    pub encoded: u64,
    /// Images whose variants came from the cache.
    pub reused: u64,
    /// Files published (variants and passed-through animations).
    pub files: usize,
    /// `file:line: warning: …` for images processed despite something worth fixing.
    pub warnings: Vec<String>,
    pub elapsed: Duration,
}

/// The processed images of a build.
#[derive(Default)]
pub struct Done {
    /// The model's image for each processed file, by site-relative path (`media/x.jpg`),
    /// without alt text (that belongs to each place that shows it).
    pub images: HashMap<String, Image>,
    processed: Vec<Processed>,
    cache: Option<ImageCache>,
    /// Raster files are published as they are (`--original-images`), not left out.
    pub copy_rasters: bool,
    pub stats: ImageStats,
}

/// Processes every raster image `content` names, through the cache in `cache_dir`
/// (opened only when there is an image to process, or a cache to prune).
pub fn process(
    content: &Content,
    settings: &Settings,
    cache_dir: &Path,
    out: &Path,
    content_dir: &Path,
    progress: &Progress,
) -> Result<Done, BuildError> {
    let started = Instant::now();
    let refs = raster_refs(&content.media_refs);
    if refs.is_empty() && !cache_dir.exists() {
        return Ok(Done::default());
    }
    let cache = ImageCache::open(cache_dir, out, content_dir, progress)?;
    let images: Vec<(&String, &Vec<&MediaRef>)> = refs.iter().collect();
    let stage = progress.stage("images", images.len() as u64);
    // A lead image is shown in listing cards too: it gets variants cut to their shape.
    let for_cards = Settings {
        crop: Some(images::CARD_SHAPE),
        ..settings.clone()
    };
    // One image per thread at a time: peak memory is threads × one image (see Limits).
    let results: Vec<_> = images
        .par_iter()
        .map(|(rel, at)| {
            let file = content.media.file(rel);
            let lead = at.iter().any(|r| r.what == Naming::Lead);
            let settings = if lead { &for_cards } else { settings };
            let result = broadsheet_images::process_file(&file, settings, &cache.cache);
            stage.inc(1);
            result
        })
        .collect();
    stage.finish();
    let mut done = Done::default();
    let mut problems = Vec::new();
    for ((rel, at), result) in images.into_iter().zip(results) {
        match result {
            Ok(processed) => {
                // A warning is the file's, so it is told once, at the first place.
                for (w, first) in processed
                    .warnings
                    .iter()
                    .zip(at.first().into_iter().cycle())
                {
                    done.stats.warnings.push(format!(
                        "{}:{}: warning: {} `{rel}`: {w}",
                        first.path.display(),
                        first.line,
                        first.what
                    ));
                }
                done.stats.files += processed.files().count();
                done.images.insert(rel.clone(), model_image(&processed));
                done.processed.push(processed);
            }
            Err(e) => problems.extend(
                at.iter()
                    .map(|r| Problem::new(&r.path, r.line, format!("{} `{rel}`: {e}", r.what))),
            ),
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        return Err(BuildError::Invalid(problems));
    }
    let stats = cache.cache.stats();
    done.stats.images = done.processed.len();
    done.stats.encoded = stats.images_encoded;
    done.stats.reused = stats.images_reused;
    done.stats.elapsed = started.elapsed();
    done.cache = Some(cache);
    for warning in &done.stats.warnings {
        progress.note(warning);
    }
    let s = &done.stats;
    // One line in a fixed form: `cargo xtask bench` reads the time from it.
    progress.note(&format!(
        "images: {} images, {} encoded, {} from the cache, {} files in {:.2} s",
        s.images,
        s.encoded,
        s.reused,
        s.files,
        s.elapsed.as_secs_f64()
    ));
    Ok(done)
}

impl Done {
    /// No variants: raster images are copied as they are, metadata and all.
    pub fn originals() -> Done {
        Done {
            copy_rasters: true,
            ..Done::default()
        }
    }

    /// `content` with its lead images and logo pointing at their variants, and its media
    /// knowing the photos (for body images).
    pub fn apply(&self, content: &mut Content) {
        if self.images.is_empty() {
            return;
        }
        for meta in &mut content.articles {
            if let Some(lead) = &mut meta.lead {
                lead.image = self.responsive(&lead.image);
            }
        }
        let site = &mut content.config.site;
        site.logo = site.logo.as_ref().map(|logo| self.responsive(logo));
        content.media = content.media.with_processed(self.images.clone());
    }

    /// Puts every variant into `site_dir/media/_v` (hard links to the cache, or copies).
    pub fn publish(&self, site_dir: &Path) -> Result<(), BuildError> {
        let dir = site_dir.join(VARIANTS_DIR);
        for processed in &self.processed {
            broadsheet_images::publish(processed, &dir).map_err(|e| {
                BuildError::Refused(format!(
                    "publishing image variants into {}: {e}",
                    dir.display()
                ))
            })?;
            for variant in processed.files() {
                crate::outputs::publish::produced(&dir.join(&variant.path));
            }
        }
        Ok(())
    }

    /// `image` with its processed file's source, size and variants when it is one of
    /// ours; remote images and SVGs stay as they are.
    pub fn responsive(&self, image: &Image) -> Image {
        match self.images.get(&image.src) {
            Some(done) => Image {
                alt: image.alt.clone(),
                ..done.clone()
            },
            None => image.clone(),
        }
    }

    /// After a successful build: drops the cache entries this build did not use.
    pub fn prune(&self, progress: &Progress) {
        if let Some(cache) = &self.cache {
            cache.prune(progress);
        }
    }
}

/// The distinct raster images among `refs`, each with every place that names it, in
/// file order (BTreeMap: a stable order for problems and progress).
fn raster_refs(refs: &[MediaRef]) -> BTreeMap<String, Vec<&MediaRef>> {
    let mut by_rel: BTreeMap<String, Vec<&MediaRef>> = BTreeMap::new();
    for r in refs
        .iter()
        .filter(|r| crate::content::media::is_raster(&r.rel))
    {
        by_rel.entry(r.rel.clone()).or_default().push(r);
    }
    by_rel
}

/// The model's image for a processed file: the widest fallback as `src` (for feeds,
/// previews and browsers without `srcset`), the upright size, and the variants, whole
/// and cut to a card's shape, as patterns: `<path>-<width>.<format>`.
fn model_image(p: &Processed) -> Image {
    let src = p
        .fallback
        .last()
        .map(|v| under_variants(&v.path))
        .unwrap_or_default();
    Image {
        src,
        alt: String::new(),
        width: p.source_width,
        height: p.source_height,
        variants: pattern(&p.webp, &p.fallback),
        card: pattern(&p.cropped_webp, &p.cropped_fallback),
    }
}

/// `webp` and `fallback` (the same widths) as one pattern, or `None` when there are none.
fn pattern(webp: &[Variant], fallback: &[Variant]) -> Option<Variants> {
    // `<stem>-<hash8>[-crop]-<width>.webp`: the pattern is everything before `-<width>`.
    let (prefix, _) = webp.first()?.path.rsplit_once('-')?;
    let fallback = fallback.first()?.format.extension();
    Some(Variants {
        path: under_variants(prefix),
        widths: webp.iter().map(|v| v.width).collect(),
        formats: vec!["webp".into(), fallback.into()],
    })
}

fn under_variants(name: &str) -> String {
    format!("{VARIANTS_DIR}/{name}")
}

#[cfg(test)]
mod tests;
