//! Each route's document: its JSON in the API (`api/v1/…`) and, when the bundle's
//! page shell is given, its pre-rendered page — both from one serialisation.
//!
//! A page is a function of its document and of what renders it (this builder, the shell,
//! the site). The latter's id is written first, as [`RENDERER_ID`]; when both it and a
//! route's document are the previous output's bytes, the previous output's page is kept
//! (linked, see [`crate::outputs::publish`]) instead of being rendered again.

use std::path::{Path, PathBuf};

use broadsheet_app::model::Site;
use broadsheet_app::prerender::Document;
use broadsheet_app::route::Route;
use serde::Serialize;

use crate::error::BuildError;
use crate::outputs::files::write_file;
use crate::outputs::pages::{Shell, SitePages};
use crate::outputs::publish;

/// The id of what renders the pages, below `api/v1/` (docs/json-api.md).
pub const RENDERER_ID: &str = "renderer.txt";

/// Writes API documents (and pages when `shell` is given) below `dir`.
pub struct Writer<'a> {
    dir: &'a Path,
    pages: Option<SitePages<'a>>,
    /// Whether the pages are rendered as the previous output's were (same
    /// [`RENDERER_ID`]), so an unchanged document's page may be kept.
    same_renderer: bool,
    /// The id of what renders the pages, when pages are on and it is known.
    renderer: Option<String>,
}

impl<'a> Writer<'a> {
    /// Also writes [`RENDERER_ID`] when pages are on.
    pub fn new(
        dir: &'a Path,
        site: &'a Site,
        shell: Option<&'a Shell>,
    ) -> Result<Writer<'a>, BuildError> {
        let pages = shell.map(|shell| shell.for_site(site));
        let mut same_renderer = false;
        let renderer = pages.as_ref().and_then(SitePages::renderer_id);
        if let Some(id) = &renderer {
            let file = api_file(dir, RENDERER_ID);
            write_file(&file, format!("{id}\n").as_bytes())?;
            same_renderer = publish::is_unchanged(&file);
        }
        Ok(Writer {
            dir,
            pages,
            same_renderer,
            renderer,
        })
    }

    /// The output folder.
    pub fn dir(&self) -> &Path {
        self.dir
    }

    /// The id of what renders the pages: `None` without pages.
    pub fn renderer(&self) -> Option<&str> {
        self.renderer.as_deref()
    }

    /// Keeps the previous output's document at `api_path` and page of `route` (if the
    /// document has one) as they are, when their inputs did not change; returns the number
    /// of pages (0 or 1), or `None` if a file is missing: then write both.
    pub fn keep(&self, route: Option<&Route>, api_path: &str) -> Option<usize> {
        let page = route.filter(|_| self.pages.is_some());
        let kept = publish::keep_previous(&api_file(self.dir, api_path))
            && page.is_none_or(|route| publish::keep_previous(&page_file(self.dir, route)));
        kept.then_some(usize::from(page.is_some()))
    }

    /// Writes `api/v1/<api_path>`. Returns the number of pages written (none).
    pub fn document<T: Serialize>(&self, api_path: &str, doc: &T) -> Result<usize, BuildError> {
        self.encode_and_write(api_path, doc)?;
        Ok(0)
    }

    /// Writes `api/v1/<api_path>` and, when pages are on, the page of `route` that
    /// shows it (rendered from `doc` itself, which the page also embeds as the JSON
    /// written). Returns the number of pages written (0 or 1).
    pub fn routed<T: Serialize + Into<Document>>(
        &self,
        route: &Route,
        api_path: &str,
        doc: T,
    ) -> Result<usize, BuildError> {
        let json = self.encode_and_write(api_path, &doc)?;
        let Some(pages) = &self.pages else {
            return Ok(0);
        };
        let file = page_file(self.dir, route);
        let document = api_file(self.dir, api_path);
        if self.same_renderer && publish::is_unchanged(&document) && publish::keep_previous(&file) {
            return Ok(1);
        }
        let html = pages.page(route, api_path, &json, doc.into());
        write_file(&file, html.as_bytes())?;
        Ok(1)
    }

    /// Writes the page of a route that shows no API document (the search page).
    /// Returns the number of pages written (0 or 1).
    pub fn page_only(&self, route: &Route) -> Result<usize, BuildError> {
        let Some(pages) = &self.pages else {
            return Ok(0);
        };
        let html = pages.page_without_document(route);
        write_file(&page_file(self.dir, route), html.as_bytes())?;
        Ok(1)
    }

    fn encode_and_write<T: Serialize>(
        &self,
        api_path: &str,
        doc: &T,
    ) -> Result<String, BuildError> {
        let json = serde_json::to_string(doc)
            .map_err(|e| BuildError::Refused(format!("cannot encode {api_path}: {e}")))?;
        write_file(&api_file(self.dir, api_path), json.as_bytes())?;
        Ok(json)
    }
}

/// The file of the API document at `api_path`: `<dir>/api/v1/<api_path>`.
pub fn api_file(dir: &Path, api_path: &str) -> PathBuf {
    dir.join("api/v1").join(api_path)
}

/// The file of `route`'s page: `<dir><route.path()>index.html`.
pub fn page_file(dir: &Path, route: &Route) -> PathBuf {
    dir.join(route.path().trim_start_matches('/'))
        .join("index.html")
}
