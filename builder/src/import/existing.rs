//! What is already in the content folder: the slugs in use (slugs are unique across
//! the whole site), the slug each article is published under (for `broadsheet views
//! import`) and the `source_id`s of earlier imports.

use std::collections::HashSet;
use std::path::Path;

use crate::content::frontmatter;
use broadsheet_app::slug;

#[derive(Debug, Default)]
pub struct Existing {
    /// Every slug an import must not take: each file's own and its file name's.
    pub slugs: HashSet<String>,
    /// The slug each article that parses is published under (its `slug`, else its
    /// file name's).
    pub articles: HashSet<String>,
    pub source_ids: HashSet<String>,
}

/// Reads the front matter of every `*.md` below `articles`. Files that do not parse
/// still reserve the slug of their file name; `broadsheet check` reports them.
pub fn scan(articles: &Path) -> Existing {
    let mut found = Existing::default();
    for entry in walkdir::WalkDir::new(articles).into_iter().flatten() {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|x| x != "md") {
            continue;
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        found.slugs.insert(slug::slugify(stem));
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(fm) = frontmatter::split(&text).and_then(|s| frontmatter::parse(&s)) else {
            continue;
        };
        let published = fm
            .slug
            .map_or_else(|| slug::slugify(stem), |s| s.into_inner());
        found.slugs.insert(published.clone());
        found.articles.insert(published);
        if let Some(id) = fm.source_id {
            found.source_ids.insert(id);
        }
    }
    found
}
