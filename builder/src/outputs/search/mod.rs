//! The search index (`api/v1/search/`, described in docs/json-api.md): every
//! article's title, summary and body, tokenized by the app's own tokenizer
//! (`broadsheet_app::search`), scored at build time (BM25F) and written as shards, so
//! that a query fetches only the few files its terms need.

mod collect;
mod encode;
mod params;
mod score;
mod text;
pub mod writer;

use std::path::Path;

use broadsheet_app::model::{ArticleSummary, Site};

use crate::error::BuildError;
use crate::outputs::files::write_file;
pub use writer::{DocInput, Params, Prepared, Stats, Writer};

/// Where the index goes, below the output folder (the app reads it there).
pub fn dir(out: &Path) -> std::path::PathBuf {
    out.join("api/v1").join(broadsheet_app::route::SEARCH_DIR)
}

/// An article tokenized for the index (call in parallel, then add in order, newest
/// first, with [`Writer::add_prepared`]).
pub fn prepare(
    writer: &Writer,
    site: &Site,
    summary: &ArticleSummary,
    body_html: &str,
) -> Prepared {
    let meta_json = serde_json::to_string(summary).unwrap_or_default();
    let body_text = text::of_html(body_html);
    // The index knows an article in the site's language as having none (`""`).
    let language = summary
        .language
        .as_deref()
        .filter(|l| !l.eq_ignore_ascii_case(&site.language));
    writer.prepare(&DocInput {
        title: &summary.title,
        summary: &summary.summary,
        body_text: &body_text,
        section: &summary.section,
        language,
        meta_json: &meta_json,
    })
}

/// Writes the finished index into `out` (the site folder).
pub fn write(writer: Writer, out: &Path) -> Result<Stats, BuildError> {
    let dir = dir(out);
    let mut failed = None;
    let stats = writer.finish(&mut |path, bytes| {
        write_file(&dir.join(path), bytes).map_err(|e| {
            let io = std::io::Error::other(e.to_string());
            failed = Some(e);
            io
        })
    });
    match (stats, failed) {
        (_, Some(e)) => Err(e),
        (Ok(stats), None) => Ok(stats),
        (Err(e), None) => Err(BuildError::io(&dir, e)),
    }
}

#[cfg(test)]
mod tests;
