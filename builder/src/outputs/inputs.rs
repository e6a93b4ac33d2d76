//! What the files of articles and listing pages are made from, hashed, one line per
//! document in `api/v1/` (not fetched by the app): `article-inputs.txt` (`slug key`) and
//! `listing-inputs.txt` (`api-path key`), XXH3-128 in hex. A document whose key is the
//! previous output's keeps its document and page as they are, and is not built again (see
//! `articles` and `listing_pages` in [`super`]).
//!
//! An article's key covers everything its two files are made from: the source file's
//! bytes, what renders the pages (the renderer id: this builder, the shell, the site), the
//! base path, the document without its body, neighbours and related articles (it holds
//! the people), the summary the search index keeps, the summaries of the neighbours and
//! related articles (by their hashes, [`Summaries`]), and every body image as the body
//! renders it (the photo's variants, or the measured size: [`BodyImages`]).
//!
//! A listing page's key covers the renderer id, the base path, the page without its
//! articles (the listing, its number, totals and neighbours) and the summary of each
//! article it shows, in order ([`Summaries`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hash;
use std::path::Path;

use broadsheet_app::model::{Article, ListingPage};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use crate::content::article::Meta;
use crate::content::media::{Media, Naming};
use crate::error::BuildError;
use crate::hash_parts;
use crate::index::{Index, Links};
use crate::outputs::documents::api_file;
use crate::outputs::files::write_file;
use crate::outputs::publish;

/// The articles' keys, below `api/v1/`.
pub const ARTICLES: &str = "article-inputs.txt";
/// The listing pages' keys, below `api/v1/`.
pub const LISTINGS: &str = "listing-inputs.txt";

/// Keys by name (an article's slug, a listing page's API path).
pub type Keys = Vec<(Box<str>, u128)>;

/// The previous output's keys in its file `name` (none without a previous output, or if
/// the file is damaged: then every document is built).
pub fn previous(dir: &Path, name: &str) -> HashMap<Box<str>, u128> {
    let file = publish::previous_of(&api_file(dir, name))
        .and_then(|old| std::fs::read_to_string(old).ok())
        .unwrap_or_default();
    let parse = |line: &str| {
        let (name, key) = line.rsplit_once(' ')?;
        Some((name.into(), u128::from_str_radix(key, 16).ok()?))
    };
    file.lines()
        .map(parse)
        .collect::<Option<_>>()
        .unwrap_or_default()
}

/// What an article is made from, besides its source (see the module's text).
pub struct Parts<'a> {
    pub renderer: &'a str,
    pub base: &'a str,
    /// Without its body, neighbours and related articles ([`Index::article_alone`]):
    /// hashed by its values (`Hash`), not serialised first (serialising every document of
    /// a publish into 100,000 articles for its key cost 1 G instructions of 12).
    pub document_alone: &'a Article,
    pub summary_json: &'a str,
    pub links: &'a Links,
    /// Every article's summary hash ([`Summaries`]).
    pub summary_keys: &'a [u128],
    pub body_images: &'a BodyImages,
}

/// The key of the article `meta` made from `parts`.
pub fn key(meta: &Meta, parts: &Parts<'_>) -> u128 {
    let mut hash = Xxh3::new();
    hash_parts(
        &mut hash,
        [
            &meta.source_hash.to_le_bytes()[..],
            parts.renderer.as_bytes(),
            parts.base.as_bytes(),
            parts.summary_json.as_bytes(),
        ],
    );
    parts.document_alone.hash(&mut hash);
    // Each link as its place and its summary's hash: the page shows the summary.
    let summary = |j: usize| parts.summary_keys.get(j).copied().unwrap_or_default();
    let Links {
        prev,
        next,
        related,
    } = parts.links;
    for (place, j) in [(0u8, prev), (1, next)] {
        hash.update(&[place, u8::from(j.is_some())]);
        hash.update(&j.map_or(0, summary).to_le_bytes());
    }
    hash.update(&(related.len() as u64).to_le_bytes());
    for &j in related {
        hash.update(&summary(j).to_le_bytes());
    }
    for image in meta.media_refs.iter().filter(|r| r.what == Naming::Body) {
        let state = parts.body_images.state(&image.rel);
        hash_parts(&mut hash, [image.rel.as_bytes(), state.as_bytes()]);
    }
    hash.digest128()
}

/// Each local image that article bodies show, as the body renders it: the photo's
/// variants, else the file's measured size. Found once per image: a site's charts and
/// maps are shown by many articles, and measuring a file reads it.
pub struct BodyImages(FxHashMap<String, String>);

impl BodyImages {
    pub fn of(index: &Index, media: &Media) -> BodyImages {
        let shown: FxHashSet<&str> = (index.articles.iter())
            .flat_map(|a| &a.media_refs)
            .filter(|r| r.what == Naming::Body)
            .map(|r| r.rel.as_str())
            .collect();
        let state = |rel: &str| match media.processed(rel) {
            Some(photo) => serde_json::to_string(photo).unwrap_or_default(),
            None => format!("{:?}", media.size_of(rel)),
        };
        let states = shown
            .into_par_iter()
            .map(|rel| (rel.to_string(), state(rel)));
        BodyImages(states.collect())
    }

    /// The state of `rel` (empty for an image no article body shows).
    fn state(&self, rel: &str) -> &str {
        self.0.get(rel).map_or("", String::as_str)
    }
}

/// Writes the keys of this build into its file `name`, in the order the build made
/// them (the index's, the same for the same content; sorting 155,000 keys was 0.16 G
/// instructions of a publish into 100,000 articles).
pub fn write(dir: &Path, name: &str, keys: Keys) -> Result<(), BuildError> {
    let mut text = String::with_capacity(keys.len() * 64);
    for (name, key) in keys {
        let _ = writeln!(text, "{name} {key:032x}");
    }
    write_file(&api_file(dir, name), text.as_bytes())
}

/// Each article's summary as listings and the search index show it, serialised once
/// (by article index), with its hash for the listing pages' keys.
pub struct Summaries {
    pub json: Vec<String>,
    pub keys: Vec<u128>,
}

impl Summaries {
    pub fn of(index: &Index) -> Summaries {
        let (json, keys) = (0..index.articles.len())
            .into_par_iter()
            .map(|i| {
                let json = serde_json::to_string(&index.summary(i)).unwrap_or_default();
                let key = xxh3_128(json.as_bytes());
                (json, key)
            })
            .unzip();
        Summaries { json, keys }
    }
}

/// The key of a listing page: `frame` is the page without its articles
/// ([`Index::listing_frame`]), `items` its articles' indexes, newest first.
pub fn listing_key(
    renderer: &str,
    base: &str,
    frame: &ListingPage,
    items: &[usize],
    summaries: &[u128],
) -> u128 {
    let mut hash = Xxh3::new();
    hash_parts(&mut hash, [renderer.as_bytes(), base.as_bytes()]);
    frame.hash(&mut hash);
    for i in items {
        hash.update(&summaries.get(*i).copied().unwrap_or_default().to_le_bytes());
    }
    hash.digest128()
}
