//! What every component can reach: the site, its base path and its UI strings.

use crate::i18n::{format_count_in, strings_for, Strings};
use crate::links::BasePath;
use crate::model::{Labels, Site};
use crate::route::Route;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct SiteCtx {
    pub site: Arc<Site>,
    pub base: BasePath,
    pub t: &'static Strings,
}

impl SiteCtx {
    pub fn new(site: Site) -> SiteCtx {
        let t = strings_for(&site.language);
        SiteCtx {
            base: site.base_path(),
            site: Arc::new(site),
            t,
        }
    }

    /// A route's link under the base path.
    pub fn href(&self, route: &Route) -> String {
        self.base.href(route)
    }

    /// A site-relative asset (`media/x.svg`) or absolute URL, as a link.
    pub fn asset(&self, src: &str) -> String {
        self.base.asset(src)
    }

    /// The site's own word for a label (`custom`, from `[labels]`), or the language's.
    pub fn label(&self, custom: fn(&Labels) -> &String, default: &'static str) -> String {
        let word = custom(&self.site.labels).trim();
        if word.is_empty() { default } else { word }.to_owned()
    }

    /// The view count as the page shows it: `Views 12,345`, `浏览 1.2万`, or in the site's
    /// own words (`点击 {} 次`).
    pub fn views(&self, count: u64) -> String {
        let number = format_count_in(count, self.t);
        let label = self.label(|l| &l.views, self.t.views);
        if label.contains("{}") {
            label.replacen("{}", &number, 1)
        } else {
            format!("{label} {number}")
        }
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
