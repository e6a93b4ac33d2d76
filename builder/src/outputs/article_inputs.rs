//! What each article's files are made from, hashed: `api/v1/article-inputs.txt` (not
//! fetched by the app), one line per article, `slug key` (XXH3-128, hex). An article whose
//! key is the previous output's keeps its document and page as they are, and is not
//! rendered again (see `articles` in [`super`]).
//!
//! The key covers everything the two files are made from: the source file's bytes, what
//! renders the pages (the renderer id: this builder's executable, the shell, the site),
//! the base path, the document without its body (which holds the neighbours, related
//! articles and people), the summary the search index keeps, and every body image as
//! the body renders it (the photo's variants, or the measured size).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

use crate::content::article::Meta;
use crate::content::media::{Media, Naming};
use crate::error::BuildError;
use crate::outputs::documents::api_file;
use crate::outputs::files::write_file;
use crate::outputs::publish;

/// Where the keys are, below `api/v1/`.
pub const PATH: &str = "article-inputs.txt";

/// The previous output's keys by slug (none without a previous output, or if its file is
/// damaged: then every article is rendered).
pub fn previous(dir: &Path) -> HashMap<Box<str>, u128> {
    let file = publish::previous_of(&api_file(dir, PATH))
        .and_then(|old| std::fs::read_to_string(old).ok())
        .unwrap_or_default();
    let parse = |line: &str| {
        let (slug, key) = line.rsplit_once(' ')?;
        Some((slug.into(), u128::from_str_radix(key, 16).ok()?))
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
    pub document_without_body: &'a str,
    pub summary_json: &'a str,
}

/// The key of the article `meta` made from `parts` with `media`.
pub fn key(meta: &Meta, parts: &Parts<'_>, media: &Media) -> u128 {
    let mut hash = Xxh3::new();
    let mut part = |bytes: &[u8]| {
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    part(&meta.source_hash.to_le_bytes());
    for text in [
        parts.renderer,
        parts.base,
        parts.document_without_body,
        parts.summary_json,
    ] {
        part(text.as_bytes());
    }
    for image in meta.media_refs.iter().filter(|r| r.what == Naming::Body) {
        // As the body renders it: the photo's variants, else the file's measured size.
        let state = match media.processed(&image.rel) {
            Some(photo) => serde_json::to_string(photo).unwrap_or_default(),
            None => format!("{:?}", media.size_of(&image.rel)),
        };
        part(image.rel.as_bytes());
        part(state.as_bytes());
    }
    hash.digest128()
}

/// Writes the keys of this build, sorted by slug.
pub fn write(dir: &Path, mut keys: Vec<(Box<str>, u128)>) -> Result<(), BuildError> {
    keys.sort_unstable();
    let mut text = String::with_capacity(keys.len() * 64);
    for (slug, key) in keys {
        let _ = writeln!(text, "{slug} {key:032x}");
    }
    write_file(&api_file(dir, PATH), text.as_bytes())
}
