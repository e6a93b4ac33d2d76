//! `broadsheet views import FILE.csv`: page views from an analytics export → the
//! content folder's counts file (`views.csv`, [`crate::content::views`]), which every
//! build reads; the articles themselves are not touched.
//!
//! [`export`] reads the rows; each row's page — a full URL, a path with or without the
//! site's base path, or a bare slug — is matched to an article through the app's route
//! parser ([`article_slug`]); the rows of one article are added up; the import's counts
//! replace those of the articles it names, and the file is written atomically.

pub mod export;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use broadsheet_app::links::BasePath;
use broadsheet_app::route::Route;
use broadsheet_app::slug;

use crate::content::views::{self, Counts};
use crate::error::BuildError;
use crate::import::existing;
use export::Row;

/// How many unknown pages the warning names.
const EXAMPLES: usize = 3;

/// What an import did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ViewsReport {
    /// The counts file written.
    pub file: PathBuf,
    /// Rows with a page and a count (header, comments and totals left out).
    pub rows: usize,
    /// Articles whose count the import set.
    pub updated: usize,
    /// Rows of pages that are no article (home, sections, tags, other files).
    pub not_articles: usize,
    /// Rows naming an article that does not exist, and the first few of their pages.
    pub unknown: usize,
    pub unknown_examples: Vec<String>,
}

impl ViewsReport {
    pub fn summary(&self) -> String {
        format!(
            "{}: read {} row(s), updated {} article(s); {} row(s) of other pages ignored, {} unknown article page(s)",
            self.file.display(),
            self.rows,
            self.updated,
            self.not_articles,
            self.unknown
        )
    }

    /// A line about rows that name articles the site does not have.
    pub fn warning(&self) -> Option<String> {
        (self.unknown > 0).then(|| {
            format!(
                "warning: {} row(s) name articles this site does not have (e.g. {}): deleted articles, or a base_url in site.toml that differs from the export's",
                self.unknown,
                self.unknown_examples.join(", ")
            )
        })
    }
}

/// Imports the export at `file` into the counts file of `content`. On any error
/// nothing is written and the previous counts file stays as it was.
pub fn run(content: &Path, file: &Path) -> Result<ViewsReport, BuildError> {
    let config = crate::content::site_config(content)?;
    let base = config.site.base_path();
    let rows = export::read(file)?;
    let counts_file = content.join(views::FILE);
    let mut counts = views::read(&counts_file)
        .map_err(BuildError::Invalid)?
        .unwrap_or_default();
    let articles = existing::scan(&content.join("articles")).articles;
    let (imported, mut report) = tally(&rows, &base, &articles);
    report.updated = imported.len();
    counts.extend(imported);
    views::write(&counts_file, &counts).map_err(|e| BuildError::io(&counts_file, e))?;
    report.file = counts_file;
    Ok(report)
}

/// The rows' counts by article, added up, and what became of the rows.
fn tally(rows: &[Row], base: &BasePath, articles: &HashSet<String>) -> (Counts, ViewsReport) {
    let mut counts = Counts::new();
    let mut report = ViewsReport {
        rows: rows.len(),
        ..ViewsReport::default()
    };
    for row in rows {
        match article_slug(&row.page, base) {
            Some(slug) if articles.contains(&slug) => {
                let total = counts.entry(slug).or_default();
                *total = total.saturating_add(row.count);
            }
            Some(_) => {
                report.unknown += 1;
                if report.unknown_examples.len() < EXAMPLES {
                    report.unknown_examples.push(row.page.clone());
                }
            }
            None => report.not_articles += 1,
        }
    }
    (counts, report)
}

/// The slug of the article a page value names, if it names one: a full URL
/// (`https://example.org/news/city/ferry/?utm=x`), a path with or without the base path
/// (`/news/city/ferry/`, `/city/ferry`, `city/ferry/index.html`) or a bare slug
/// (`ferry`). Query and fragment do not matter; the section does not either, since
/// slugs are unique across the site (an article that moved keeps its old page's views).
pub fn article_slug(page: &str, base: &BasePath) -> Option<String> {
    let page = page.trim();
    let path = match url::Url::parse(page) {
        Ok(url) if url.has_host() => url.path().to_string(),
        _ => page.to_string(),
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix("index.htm"))
        .unwrap_or(path);
    if !path.contains('/') {
        return slug::is_valid(path).then(|| path.to_string());
    }
    let path = format!("/{}", path.trim_start_matches('/'));
    // A path below the base path is read below it; one outside, as if written without.
    match Route::parse(base.strip(&path).unwrap_or(&path)) {
        Some(Route::Article { slug, .. }) => Some(slug),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
