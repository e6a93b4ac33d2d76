//! Writing the site into a folder: the JSON API, the media, and (with a Trunk bundle)
//! one pre-rendered `index.html` per route plus `404.html`.

use std::fs;
use std::path::{Path, PathBuf};

use broadsheet_app::model::Site;
use broadsheet_app::route::Route;
use rayon::prelude::*;
use serde::Serialize;

use crate::article;
use crate::assemble::{self, Index};
use crate::error::BuildError;
use crate::media::Media;
use crate::prerender::Shell;
use crate::progress::Progress;
use broadsheet_app::model::Listing;

/// Articles rendered per parallel batch: bounds memory to a batch of bodies per thread.
const BATCH: usize = 64;

/// Writes API documents (and pages when `shell` is given) below `dir`.
pub struct Writer<'a> {
    dir: &'a Path,
    site: &'a Site,
    shell: Option<&'a Shell>,
}

/// What a build wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    pub articles: usize,
    pub documents: usize,
    pub pages: usize,
}

impl<'a> Writer<'a> {
    pub fn new(dir: &'a Path, site: &'a Site, shell: Option<&'a Shell>) -> Writer<'a> {
        Writer { dir, site, shell }
    }

    /// Writes `api/v1/<api_path>`, and the page of `route` when pages are on.
    /// Returns the number of pages written (0 or 1).
    fn document<T: Serialize>(
        &self,
        api_path: &str,
        doc: &T,
        route: Option<&Route>,
    ) -> Result<usize, BuildError> {
        let json = serde_json::to_vec(doc)
            .map_err(|e| BuildError::Refused(format!("cannot encode {api_path}: {e}")))?;
        write_file(&self.dir.join("api/v1").join(api_path), &json)?;
        match (self.shell, route) {
            (Some(shell), Some(route)) => {
                let value = serde_json::to_value(doc)
                    .map_err(|e| BuildError::Refused(format!("cannot encode {api_path}: {e}")))?;
                let html = shell.page(self.site, Some(route), Some((api_path, &value)));
                write_file(&page_file(self.dir, route), html.as_bytes())?;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

/// The file of `route`'s page: `<dir><route.path()>index.html`.
pub fn page_file(dir: &Path, route: &Route) -> PathBuf {
    dir.join(route.path().trim_start_matches('/'))
        .join("index.html")
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| BuildError::io(parent, e))?;
    }
    fs::write(path, bytes).map_err(|e| BuildError::io(path, e))
}

/// Writes everything for `index` into `dir`.
pub fn site(
    index: &Index,
    media: &Media,
    dir: &Path,
    shell: Option<&Shell>,
    progress: &Progress,
) -> Result<Written, BuildError> {
    let w = Writer::new(dir, &index.site, shell);
    let mut out = Written::default();
    if let Some(shell) = shell {
        write_file(
            &dir.join("404.html"),
            shell.page(&index.site, None, None).as_bytes(),
        )?;
        out.pages += 1;
    }
    w.document("site.json", &index.site, None)?;
    out.pages += w.document("home.json", &index.home(), Some(&Route::Home))?;
    out.pages += w.document("sitemap.json", &index.sitemap(), Some(&Route::SiteMap))?;
    out.documents += 3;

    let listings = index.listings();
    let stage = progress.stage("listings", listings.len() as u64);
    for (listing, idx) in &listings {
        for page in 1..=index.page_count(idx.len()) {
            let doc = index.listing_page(listing, idx, page);
            let route = match listing {
                Listing::Latest => None,
                Listing::Section { slug, .. } => Some(Route::Section {
                    section: slug.clone(),
                    page,
                }),
                Listing::Tag { slug, .. } => Some(Route::Tag {
                    tag: slug.clone(),
                    page,
                }),
            };
            out.pages += w.document(
                &assemble::listing_api_path(listing, page),
                &doc,
                route.as_ref(),
            )?;
            out.documents += 1;
        }
        stage.inc(1);
    }
    stage.finish();

    let (docs, pages) = articles(index, media, &w, progress)?;
    out.articles = docs;
    out.documents += docs;
    out.pages += pages;
    if media.dir().is_dir() {
        crate::output::copy_tree(media.dir(), &dir.join("media"))?;
    }
    crate::feeds::write(index, media, dir)?;
    crate::sitemap_xml::write(index, dir, crate::sitemap_xml::SITEMAP_LIMIT)?;
    Ok(out)
}

/// Renders and writes every article, in parallel batches.
fn articles(
    index: &Index,
    media: &Media,
    w: &Writer<'_>,
    progress: &Progress,
) -> Result<(usize, usize), BuildError> {
    let n = index.articles.len();
    let stage = progress.stage("articles", n as u64);
    let base = index.site.base_path();
    let starts: Vec<usize> = (0..n).step_by(BATCH).collect();
    let pages = starts
        .par_iter()
        .map_init(Vec::new, |scratch, &start| {
            let mut pages = 0;
            for i in start..(start + BATCH).min(n) {
                let meta = &index.articles[i];
                let body = article::render_body(meta, base, media).map_err(BuildError::Invalid)?;
                let doc = index.article(i, body, scratch);
                let route = Route::Article {
                    section: meta.section.clone(),
                    slug: meta.slug.clone(),
                };
                pages += w.document(&route.api_path(), &doc, Some(&route))?;
                stage.inc(1);
            }
            Ok::<usize, BuildError>(pages)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    stage.finish();
    Ok((n, pages))
}
