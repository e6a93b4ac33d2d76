//! The search index (`api/v1/search/`, described in docs/json-api.md): every
//! article's title, summary and body, tokenized by the app's own tokenizer
//! (`broadsheet_app::search`), scored at build time (BM25F) and written as shards, so
//! that a query fetches only the few files its terms need. A build over a previous
//! output keeps that index's base segment and writes only a small recent segment
//! (`writer.rs`, `manifest.rs`).

mod base_df;
mod collect;
mod encode;
mod finish;
mod manifest;
mod params;
mod prepare;
mod score;
mod segment;
mod text;
pub mod writer;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use broadsheet_app::model::{ArticleSummary, Site};
use rayon::prelude::*;

use crate::error::BuildError;
use crate::outputs::files::write_file;
use crate::outputs::publish;
pub use base_df::PATH as BASE_DF_PATH;
pub use finish::Stats;
pub use manifest::MANIFEST_PATH;
pub use writer::{Added, DocInput, Known, Output, Params, Prepared, Previous, Writer};

/// Where the index goes, below the output folder (the app reads it there).
pub fn dir(out: &Path) -> std::path::PathBuf {
    crate::outputs::documents::api_file(out, broadsheet_app::route::SEARCH_DIR)
}

/// The writer for a build into `out` (a staging folder): over the index of the output it
/// replaces, when there is one.
pub fn writer_for(out: &Path) -> Writer {
    let params = Params::default();
    let previous = publish::previous_of(&dir(out).join(MANIFEST_PATH))
        .and_then(|manifest| manifest.parent().map(Path::to_path_buf));
    match previous {
        Some(folder) => Writer::over(params, &Folder(folder)),
        None => Writer::new(params),
    }
}

/// The previous output's index folder.
struct Folder(PathBuf);

impl Previous for Folder {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        fs::read(self.0.join(path)).ok()
    }

    fn exists(&self, path: &str) -> bool {
        self.0.join(path).is_file()
    }
}

/// An article tokenized for the index (call in parallel, then add in order, oldest
/// first, with [`Added::add`]). `summary_json` is `summary` serialised. The lead photo's
/// caption, which the page shows above the body, is indexed as the body's first words.
pub fn prepare(
    writer: &Known,
    site: &Site,
    summary: &ArticleSummary,
    summary_json: &str,
    caption: Option<&str>,
    body_html: &str,
) -> Prepared {
    let body_text = match caption {
        Some(caption) => [caption, "\n", &text::of_html(body_html)].concat(),
        None => text::of_html(body_html),
    };
    writer.prepare(&DocInput {
        key: &summary.slug,
        title: &summary.title,
        summary: &summary.summary,
        body_text: &body_text,
        section: &summary.section,
        language: language(site, summary),
        meta_json: summary_json,
    })
}

/// An article whose inputs did not change since the previous build, without its body:
/// `None` unless the index's base holds it (then it must be [`prepare`]d).
pub fn prepare_kept(
    writer: &Known,
    site: &Site,
    summary: &ArticleSummary,
    summary_json: &str,
) -> Option<Prepared> {
    writer.prepare_kept(
        &summary.slug,
        &summary.section,
        language(site, summary),
        summary_json,
    )
}

/// The index knows an article in the site's language as having none (`""`).
fn language<'a>(site: &Site, summary: &'a ArticleSummary) -> Option<&'a str> {
    (summary.language.as_deref()).filter(|l| !l.eq_ignore_ascii_case(&site.language))
}

/// Writes the finished index into `out` (the site folder).
pub fn write(writer: Writer, out: &Path) -> Result<Stats, BuildError> {
    let mut folder = Staging {
        dir: dir(out),
        failed: None,
    };
    let stats = writer.finish(&mut folder);
    match (stats, folder.failed) {
        (_, Some(e)) => Err(e),
        (Ok(stats), None) => Ok(stats),
        (Err(e), None) => Err(BuildError::io(&folder.dir, e)),
    }
}

/// The index folder in the staging folder; the first error kept as the build's.
struct Staging {
    dir: PathBuf,
    failed: Option<BuildError>,
}

impl Staging {
    /// Keeps `e` as the build's error; the index writer gets it as an `io::Error`.
    fn fail(&mut self, e: BuildError) -> io::Error {
        let io = io::Error::other(e.to_string());
        self.failed = Some(e);
        io
    }
}

impl Output for Staging {
    fn write(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        write_file(&self.dir.join(path), bytes).map_err(|e| self.fail(e))
    }

    fn write_all(&mut self, files: &[(String, Vec<u8>)]) -> io::Result<()> {
        let dir = &self.dir;
        (files.par_iter())
            .try_for_each(|(path, bytes)| write_file(&dir.join(path), bytes))
            .map_err(|e| self.fail(e))
    }

    fn keep(&mut self, path: &str) -> io::Result<bool> {
        // Linking makes the folders it needs.
        Ok(publish::keep_previous(&self.dir.join(path)))
    }
}

#[cfg(test)]
mod tests;
