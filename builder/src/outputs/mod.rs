//! The outputs: everything a build writes into the staging folder, stage by stage —
//! the JSON API with a pre-rendered page per route ([`documents`], [`pages`]), the
//! media, feeds ([`feeds`]), site maps ([`sitemaps`]) and the static host's files
//! ([`host`], [`precompress`]), and the image variants the image stage made. New
//! outputs (the offline worker) are new modules here, called from [`site`].

pub mod documents;
pub mod feeds;
pub mod files;
pub mod host;
pub mod inputs;
pub mod offline;
pub mod pages;
pub mod precompress;
pub mod publish;
pub mod search;
pub mod sitemaps;
pub mod staging;

use std::collections::HashMap;
use std::path::Path;

use broadsheet_app::route::{article_api_path, listing_api_path, Page, Route};
use rayon::prelude::*;

use crate::content::article;
use crate::content::media::{is_raster, Media};
use crate::error::BuildError;
use crate::images;
use crate::index::Index;
use crate::progress::Progress;
use crate::timings::{self, Recorder};
use documents::Writer;
use files::write_file;
use pages::Shell;

/// Articles rendered per parallel batch: bounds memory to a batch of bodies per thread.
/// Small, so that the threads finish a wave together: with 64, one of two threads was
/// often left alone with a long batch at the end (4 % of a 1,000-article build's wall).
const BATCH: usize = 16;
/// Articles per wave: rendered in parallel batches, then added to the search index in
/// order while the next wave renders (bounds the tokenized articles held at once to two
/// waves).
const WAVE: usize = BATCH * 128;

/// What a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    pub articles: usize,
    pub documents: usize,
    pub pages: usize,
}

/// Writes everything for `index` into `dir`.
pub fn site(
    index: &Index,
    media: &Media,
    images: &images::Done,
    dir: &Path,
    shell: Option<&Shell>,
    progress: &Progress,
    clock: &Recorder,
) -> Result<Written, BuildError> {
    let started = std::time::Instant::now();
    let w = Writer::new(dir, &index.site, shell)?;
    let mut out = Written::default();
    if let Some(shell) = shell {
        write_file(
            &dir.join("404.html"),
            shell.not_found(&index.site).as_bytes(),
        )?;
        out.pages += 1;
    }
    out.pages += w.document("site.json", &index.site)?;
    out.pages += w.routed(&Route::Home, "home.json", index.home())?;
    out.pages += w.routed(&Route::SiteMap, "sitemap.json", index.sitemap())?;
    for route in [Route::Feeds, Route::Search, Route::Saved, Route::Offline] {
        out.pages += w.page_only(&route)?;
    }
    out.documents += 3;

    let summaries = inputs::Summaries::of(index);
    let (documents, pages) = listing_pages(index, &w, &summaries.keys, progress)?;
    out.documents += documents;
    out.pages += pages;
    clock.record("pages and listings", started.elapsed());

    let mut searcher = search::writer_for(dir);
    let feed_bodies = feeds::Bodies::of(index);
    // The media, feeds and site maps read only the index. Their thread starts when the
    // last wave is added to the search index, which runs on one thread, and goes on beside
    // the index's writing.
    std::thread::scope(|scope| {
        let mut others = None;
        let beside_last = || {
            others = Some(scope.spawn(|| {
                clock.time("media, feeds, site maps", || {
                    media_feeds_sitemaps(index, media, images, dir, &feed_bodies)
                })
            }));
        };
        let (docs, pages, keys) = articles(
            index,
            media,
            &summaries,
            Some((&w, &feed_bodies, beside_last)),
            &mut searcher,
            progress,
            clock,
        )?;
        out.articles = docs;
        out.documents += docs;
        out.pages += pages;
        if w.renderer().is_some() {
            inputs::write(dir, inputs::ARTICLES, keys)?;
        }
        if searcher.needs_every_document() {
            progress.note("re-merging the search index: tokenizing every article again");
            searcher = search::Writer::new(search::Params::default());
            articles(
                index,
                media,
                &summaries,
                None::<(&Writer, &feeds::Bodies, fn())>,
                &mut searcher,
                progress,
                clock,
            )?;
        }
        progress.note("writing the search index");
        let stats = clock.time(timings::SEARCH_WRITE, || search::write(searcher, dir))?;
        if let Some(others) = others {
            others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        }
        progress.note(&if stats.merged {
            format!(
                "search index: {} terms in {} term and {} position shards, {} postings",
                stats.terms, stats.shards, stats.position_shards, stats.postings
            )
        } else {
            format!(
                "search index: base kept ({} articles not tokenized again), {} new or changed articles in the recent segment, {} removed from the base",
                stats.untokenized, stats.recent_docs, stats.tombstones
            )
        });
        Ok::<_, BuildError>(())
    })?;
    Ok(out)
}

/// Publishes the media folder and the photos' variants, and writes the feeds and site
/// maps.
fn media_feeds_sitemaps(
    index: &Index,
    media: &Media,
    images: &images::Done,
    dir: &Path,
    feed_bodies: &feeds::Bodies,
) -> Result<(), BuildError> {
    if media.dir().is_dir() {
        // Photos are published as their variants only: the originals keep their metadata.
        let keep = |rel: &Path| images.copy_rasters || !is_raster(&rel.to_string_lossy());
        files::copy_tree_filtered(media.dir(), &dir.join("media"), keep)?;
    }
    images.publish(dir)?;
    feeds::write(index, media, dir, feed_bodies)?;
    sitemaps::write(index, dir, sitemaps::SITEMAP_LIMIT, jiff::Timestamp::now())?;
    Ok(())
}

/// Writes every page of every listing, in parallel, each on its own; returns the number
/// of documents and pages. A page whose inputs are the previous output's ([`inputs`])
/// keeps its files and is not built.
fn listing_pages(
    index: &Index,
    w: &Writer<'_>,
    summaries: &[u128],
    progress: &Progress,
) -> Result<(usize, usize), BuildError> {
    let listings = index.listings();
    let jobs: Vec<(usize, Page)> = listings
        .iter()
        .enumerate()
        .flat_map(|(i, (_, idx))| index.pages_of(idx.len()).map(move |page| (i, page)))
        .collect();
    let stage = progress.stage("listing pages", jobs.len() as u64);
    let base = index.site.base_path();
    let previous = match w.renderer() {
        Some(_) => inputs::previous(w.dir(), inputs::LISTINGS),
        None => Default::default(),
    };
    let done = jobs
        .par_iter()
        .map(|&(i, page)| {
            let (listing, idx) = &listings[i];
            let api_path = listing_api_path(listing, page);
            let route = Route::of_listing(listing, page);
            let items = index.page_items(idx, page);
            let key = w.renderer().map(|renderer| {
                let frame = index.listing_frame(listing, idx, page);
                inputs::listing_key(renderer, base.as_str(), &frame, items, summaries)
            });
            let kept = (key.is_some() && previous.get(api_path.as_str()) == key.as_ref())
                .then(|| w.keep(route.as_ref(), &api_path))
                .flatten();
            let pages = match kept {
                Some(pages) => pages,
                None => {
                    let doc = index.listing_page(listing, idx, page);
                    match &route {
                        Some(route) => w.routed(route, &api_path, doc)?,
                        None => w.document(&api_path, &doc)?,
                    }
                }
            };
            stage.inc(1);
            Ok((pages, key.map(|key| (api_path.into_boxed_str(), key))))
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    stage.finish();
    let pages = done.iter().map(|(pages, _)| pages).sum();
    if w.renderer().is_some() {
        let keys = done.into_iter().filter_map(|(_, key)| key).collect();
        inputs::write(w.dir(), inputs::LISTINGS, keys)?;
    }
    Ok((jobs.len(), pages))
}

/// Renders every article, in parallel batches, writes it when `writing` (and calls its
/// function when the last wave's adding begins), and
/// tokenizes it for the search index (added in order, oldest first, after each wave:
/// waves run from the oldest articles). An article whose inputs are the previous
/// output's ([`inputs`]) keeps its files and is not rendered. Returns the
/// number of articles and pages, and each article's key. The clock gets the article
/// stage, the adding, and the threads' time spent tokenizing.
fn articles(
    index: &Index,
    media: &Media,
    summaries: &inputs::Summaries,
    writing: Option<(&Writer<'_>, &feeds::Bodies, impl FnOnce())>,
    searcher: &mut search::Writer,
    progress: &Progress,
    clock: &Recorder,
) -> Result<(usize, usize, inputs::Keys), BuildError> {
    let started = std::time::Instant::now();
    let (w, feed_bodies, beside_last) = match writing {
        Some((w, bodies, beside_last)) => (Some(w), Some(bodies), Some(beside_last)),
        None => (None, None, None),
    };
    let mut adding = std::time::Duration::ZERO;
    let n = index.articles.len();
    let stage = progress.stage("articles", n as u64);
    let base = index.site.base_path();
    let previous = (w.filter(|w| w.renderer().is_some()))
        .map(|w| inputs::previous(w.dir(), inputs::ARTICLES))
        .unwrap_or_default();
    let body_images = inputs::BodyImages::of(index, media);
    let mut pages = 0;
    let mut keys = Vec::with_capacity(n);
    let (known, added) = searcher.split();
    let run = Run {
        index,
        media,
        w,
        base: base.as_str(),
        summaries,
        body_images: &body_images,
        searcher: known,
        previous: &previous,
        feed_bodies,
        clock,
    };
    // Each wave is added to the index, in order on one thread, while the next renders.
    let mut rendered: Option<Vec<Batch>> = None;
    let mut add = |done: Vec<Batch>| {
        let add = std::time::Instant::now();
        // `index.articles` is newest first: the wave and its batches are added backwards.
        for (batch_pages, prepared, batch_keys) in done.into_iter().rev() {
            pages += batch_pages;
            keys.extend(batch_keys.into_iter().rev());
            for doc in prepared.into_iter().rev() {
                added.add(doc);
            }
        }
        adding += add.elapsed();
    };
    let waves: Vec<usize> = (0..n).step_by(WAVE).collect();
    for &wave in waves.iter().rev() {
        let end = (wave + WAVE).min(n);
        let starts: Vec<usize> = (wave..end).step_by(BATCH).collect();
        let render = || {
            starts
                .par_iter()
                .map(|&start| {
                    let mut batch = (0, Vec::with_capacity(BATCH), Vec::new());
                    for i in start..(start + BATCH).min(end) {
                        let (pages, prepared, key) = run.article(i)?;
                        batch.0 += pages;
                        batch.1.push(prepared);
                        let slug = index.articles[i].slug.as_str();
                        batch.2.extend(key.map(|key| (slug.into(), key)));
                        stage.inc(1);
                    }
                    Ok::<_, BuildError>(batch)
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let (done, ()) = rayon::join(render, || rendered.take().into_iter().for_each(&mut add));
        rendered = Some(done?);
    }
    let last = std::time::Instant::now();
    if let Some(start) = beside_last {
        start();
    }
    rendered.into_iter().for_each(add);
    stage.finish();
    // The two instants, not two `elapsed()` read one after the other: the second read
    // comes later, so with few articles their difference could be negative, and a
    // `Duration` subtraction that underflows panics.
    clock.record("articles (render, write, tokenize)", last - started);
    // Thread time: all but the last wave's beside the rendering.
    clock.record(timings::SEARCH_ADD, adding);
    Ok((n, pages, keys))
}

/// A batch of rendered articles: their pages, search documents and keys.
type Batch = (usize, Vec<search::Prepared>, inputs::Keys);

/// What every thread of [`articles`] shares.
struct Run<'a> {
    index: &'a Index,
    media: &'a Media,
    w: Option<&'a Writer<'a>>,
    base: &'a str,
    summaries: &'a inputs::Summaries,
    body_images: &'a inputs::BodyImages,
    searcher: &'a search::Known,
    previous: &'a HashMap<Box<str>, u128>,
    /// Given the bodies that feeds carry while the pages are written.
    feed_bodies: Option<&'a feeds::Bodies>,
    clock: &'a Recorder,
}

impl Run<'_> {
    /// Article `i`: its pages, its search document, its key when pages are on.
    fn article(&self, i: usize) -> Result<(usize, search::Prepared, Option<u128>), BuildError> {
        let (index, meta) = (self.index, &self.index.articles[i]);
        let mut doc = index.article_alone(i);
        let links = index.links(i);
        let summary = doc.summary();
        let summary_json = &self.summaries.json[i];
        let route = Route::article(&meta.section, &meta.slug);
        let api_path = article_api_path(&meta.slug);
        let renderer = self.w.and_then(Writer::renderer);
        let key = renderer.map(|renderer| {
            let parts = inputs::Parts {
                renderer,
                base: self.base,
                document_alone: &doc,
                summary_json,
                links: &links,
                summary_keys: &self.summaries.keys,
                body_images: self.body_images,
            };
            inputs::key(meta, &parts)
        });
        if let (Some(key), Some(w)) = (key, self.w) {
            let kept = (self.previous.get(meta.slug.as_str()) == Some(&key))
                .then(|| search::prepare_kept(self.searcher, &index.site, &summary, summary_json))
                .flatten()
                .and_then(|prepared| Some((w.keep(Some(&route), &api_path)?, prepared)));
            if let Some((pages, prepared)) = kept {
                return Ok((pages, prepared, Some(key)));
            }
        }
        index.link(&mut doc, &links);
        doc.body_html =
            article::render_body(meta, self.base, self.media).map_err(BuildError::Invalid)?;
        if let Some(bodies) = self.feed_bodies {
            bodies.offer(index, i, &doc.body_html);
        }
        let tokenizing = std::time::Instant::now();
        let caption = doc.lead.as_ref().and_then(|lead| lead.caption.as_deref());
        let prepared = search::prepare(
            self.searcher,
            &index.site,
            &summary,
            summary_json,
            caption,
            &doc.body_html,
        );
        self.clock.add_search_tokenize(tokenizing.elapsed());
        let pages = match self.w {
            Some(w) => w.routed(&route, &api_path, doc)?,
            None => 0,
        };
        Ok((pages, prepared, key))
    }
}
