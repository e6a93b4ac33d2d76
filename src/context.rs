//! What every component can reach: the site, its UI strings and the data store.

use crate::i18n::{strings_for, Strings};
use crate::model::Site;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct SiteCtx {
    pub site: Arc<Site>,
    pub t: &'static Strings,
}

impl SiteCtx {
    pub fn new(site: Site) -> SiteCtx {
        let t = strings_for(&site.language);
        SiteCtx {
            site: Arc::new(site),
            t,
        }
    }

    /// The site's base path, starting and ending with `/`.
    pub fn base(&self) -> &str {
        self.site.base_path()
    }

    /// A route's link under the base path.
    pub fn href(&self, route: &crate::route::Route) -> String {
        route.href(self.base())
    }

    /// A site-relative asset (`media/x.svg`) or absolute URL, as a link.
    pub fn asset(&self, src: &str) -> String {
        crate::model::asset_url(self.base(), src)
    }

    pub fn section_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.site.section(slug).map_or(slug, |s| s.name.as_str())
    }
}

pub fn use_site() -> SiteCtx {
    expect_context::<SiteCtx>()
}

/// Set while the current page waits for its data (drives the progress bar).
#[derive(Clone, Copy)]
pub struct Pending(pub RwSignal<bool>);
