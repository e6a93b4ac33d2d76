//! Feeds for readers' feed apps: RSS 2.0 (`feed.xml`), Atom 1.0 (`atom.xml`) and
//! JSON Feed 1.1 (`feed.json`), for the whole site, each section (`<section>/feed.xml`, …)
//! and each tag (`tag/<tag>/feed.xml`, …). Each holds the latest [`FEED_ITEMS`] articles,
//! every URL absolute (links inside bodies too): the site's and the sections' with their
//! full sanitised body, the tags' (as many as the newsroom makes) with the summary and
//! the link only, so that they cost neither a body render nor memory per tag.

mod json;
mod xml;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use broadsheet_app::model::{Listing, Tag};
use broadsheet_app::route::{self, Page, Route};

use crate::content::article;
use crate::content::media::Media;
use crate::content::sanitize;
use crate::error::BuildError;
use crate::index::Index;
use crate::outputs::files::write_file;

/// Articles per feed.
pub const FEED_ITEMS: usize = 20;

/// One feed: the site's or a section's.
pub struct Channel {
    pub title: String,
    pub description: String,
    pub language: String,
    /// The page the feed mirrors (absolute).
    pub home_url: String,
    /// Absolute URL of the folder the feed files sit in (ends with `/`).
    pub feed_dir_url: String,
    /// Shown as the feed's author where an article names none.
    pub publisher: String,
    pub items: Vec<Item>,
}

/// One article as feeds show it.
pub struct Item {
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Sanitised body with absolute URLs (`None` in tag feeds: summary and link only).
    pub content_html: Option<String>,
    /// RFC 3339.
    pub published: String,
    /// RFC 3339.
    pub updated: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<Tag>,
    /// Absolute URL of the lead image.
    pub image: Option<String>,
    pub language: Option<String>,
}

impl Channel {
    /// The newest date among the items (updated, else published).
    pub fn updated(&self) -> Option<&str> {
        self.items
            .iter()
            .map(|i| i.updated.as_deref().unwrap_or(&i.published))
            .max_by_key(|d| atom_syndication::FixedDateTime::parse_from_rfc3339(d).ok())
    }
}

/// The bodies the site's feed and the sections' carry: wanted for their latest
/// [`FEED_ITEMS`] articles, offered by the article stage as it renders them (in
/// parallel, so the feeds' own thread renders only what it was not offered: articles
/// whose pages were kept from the previous build).
pub struct Bodies {
    wanted: Vec<bool>,
    done: Mutex<HashMap<usize, String>>,
}

impl Bodies {
    pub fn of(index: &Index) -> Bodies {
        let mut wanted = vec![false; index.articles.len()];
        for (listing, idx) in index.listings() {
            if route::feed_of(&listing, &index.site).is_some() && with_bodies(&listing) {
                for &i in &idx[..idx.len().min(FEED_ITEMS)] {
                    wanted[i] = true;
                }
            }
        }
        Bodies {
            wanted,
            done: Mutex::default(),
        }
    }

    /// Article `i`'s `body_html` as the article stage rendered it (relative URLs),
    /// kept with absolute URLs if a feed carries it.
    pub fn offer(&self, index: &Index, i: usize, body_html: &str) {
        if self.wanted.get(i) == Some(&true) {
            let body = for_feeds(body_html, &article_url(index, i));
            self.lock().insert(i, body);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<usize, String>> {
        self.done
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether `listing`'s feed carries bodies: the site's and the sections' do, the tags'
/// (as many as the newsroom makes) have the summary and the link only.
fn with_bodies(listing: &Listing) -> bool {
    !matches!(listing, Listing::Tag { .. })
}

/// Writes the site's feeds and each section's into `dir`; returns the number of files.
pub fn write(
    index: &Index,
    media: &Media,
    dir: &Path,
    bodies: &Bodies,
) -> Result<usize, BuildError> {
    let site = &index.site;
    let mut bodies = bodies.lock();
    let mut files = 0;
    for (listing, idx) in index.listings() {
        let Some((folder, title)) = route::feed_of(&listing, site) else {
            continue;
        };
        let home = Route::of_listing(&listing, Page::Newest).unwrap_or(Route::Home);
        let full = with_bodies(&listing);
        let latest = &idx[..idx.len().min(FEED_ITEMS)];
        let mut items = Vec::with_capacity(latest.len());
        for &i in latest {
            items.push(item(index, media, i, full.then_some(&mut *bodies))?);
        }
        let channel = Channel {
            title,
            description: site.description.clone(),
            language: site.language.clone(),
            home_url: site.absolute(&home.path()),
            feed_dir_url: format!("{}{folder}", site.base_url),
            publisher: site.publisher.name.clone(),
            items,
        };
        let out = dir.join(&folder);
        write_file(&out.join("feed.xml"), xml::rss(&channel)?.as_bytes())?;
        write_file(&out.join("atom.xml"), xml::atom(&channel)?.as_bytes())?;
        write_file(&out.join("feed.json"), json::feed(&channel)?.as_bytes())?;
        files += 3;
    }
    Ok(files)
}

fn article_url(index: &Index, i: usize) -> String {
    let meta = &index.articles[i];
    (index.site).absolute(&Route::article(&meta.section, &meta.slug).path())
}

/// Article `i` for a feed, with its body when `bodies` is given: bodies are rendered once
/// and shared between the site's feed and its section's (at most `FEED_ITEMS` ×
/// (sections + 1) are kept).
fn item(
    index: &Index,
    media: &Media,
    i: usize,
    bodies: Option<&mut HashMap<usize, String>>,
) -> Result<Item, BuildError> {
    let site = &index.site;
    let meta = &index.articles[i];
    let url = article_url(index, i);
    let content_html = match bodies {
        None => None,
        Some(bodies) => Some(body(index, media, i, &url, bodies)?),
    };
    Ok(Item {
        title: meta.title.clone(),
        summary: meta.summary.clone(),
        content_html,
        published: meta.published.rfc3339.clone(),
        updated: meta.updated.clone(),
        authors: meta.credits.writers.clone(),
        tags: meta.tags.clone(),
        image: meta
            .lead
            .as_ref()
            .and_then(|f| site.absolute_asset(&f.image.src)),
        language: meta.language.clone(),
        url,
    })
}

/// Article `i`'s body for feeds: the one the article stage offered, else rendered here
/// once and kept in `bodies`.
fn body(
    index: &Index,
    media: &Media,
    i: usize,
    url: &str,
    bodies: &mut HashMap<usize, String>,
) -> Result<String, BuildError> {
    if let Some(body) = bodies.get(&i) {
        return Ok(body.clone());
    }
    let body = article::render_body(&index.articles[i], index.site.base_path().as_str(), media)
        .map_err(BuildError::Invalid)?;
    let body = for_feeds(&body, url);
    bodies.insert(i, body.clone());
    Ok(body)
}

/// A body as the site renders it, with its URLs made absolute against the article's.
fn for_feeds(body_html: &str, url: &str) -> String {
    match ammonia::Url::parse(url) {
        Ok(base) => sanitize::clean_foreign(body_html, Some(&base)),
        Err(_) => body_html.to_string(),
    }
}

#[cfg(test)]
mod tests;
