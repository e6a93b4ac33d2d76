//! The site's routes: URL paths, the API document behind each, and parsing back.
//!
//! Every route is a directory URL ending in `/`, so each one can be a real
//! `index.html` on a static host. Paths here are relative to the site's base path
//! and start with `/`; [`crate::links::BasePath`] joins them with the base.

use crate::model::{Listing, Site};
use crate::slug;

/// Path segments a section slug may not take, because routes use them.
pub const RESERVED_SLUGS: &[&str] = &[
    "tag", "sitemap", "feeds", "search", "saved", "offline", "api", "page", "media", "assets",
    "archive", "author",
];

/// The files of every feed folder (the site's root and each section's folder) as
/// `(name, media type, file)`: listed by the RSS map and announced in section pages' heads.
pub const FEED_FORMATS: [(&str, &str, &str); 3] = [
    ("RSS", "application/rss+xml", "feed.xml"),
    ("Atom", "application/atom+xml", "atom.xml"),
    ("JSON Feed", "application/feed+json", "feed.json"),
];

/// Which page of a listing. Numbered pages count from the oldest article, so a page,
/// once full, never changes when newer articles are published; the listing's own URL
/// shows the newest articles (see `docs/json-api.md`, "Listing pages").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// The listing's own URL (`/city/`): its newest articles.
    Newest,
    /// `/city/page/<k>/`, k ≥ 1: the articles k·P−P+1 … k·P counted from the oldest.
    Number(u32),
}

impl Page {
    /// The page a listing document says it is: its `page` number, or the own URL without one.
    pub fn of(number: Option<u32>) -> Page {
        match number {
            Some(k) if k >= 1 => Page::Number(k),
            _ => Page::Newest,
        }
    }

    /// The number a listing document carries: none on the own URL.
    pub fn number(self) -> Option<u32> {
        match self {
            Page::Newest => None,
            Page::Number(k) => Some(k),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Section {
        section: String,
        page: Page,
    },
    Tag {
        tag: String,
        page: Page,
    },
    Article {
        section: String,
        slug: String,
    },
    /// A month's articles: `/archive/2026/11/`.
    Archive {
        year: u16,
        month: u8,
        page: Page,
    },
    /// A person's articles: `/author/lin-hai/`.
    Author {
        author: String,
        page: Page,
    },
    SiteMap,
    /// The RSS map: every feed of the site (made from the site's sections, no document).
    Feeds,
    /// The search page; its query lives in the URL's query string (`?q=…`).
    Search,
    /// The reader's saved articles (kept on the device, listed by the page script).
    Saved,
    /// What the service worker shows for a page it has no copy of, offline.
    Offline,
}

impl Route {
    /// A section's own URL.
    pub fn section(slug: &str) -> Route {
        Route::Section {
            section: slug.into(),
            page: Page::Newest,
        }
    }

    /// A tag's own URL.
    pub fn tag(slug: &str) -> Route {
        Route::Tag {
            tag: slug.into(),
            page: Page::Newest,
        }
    }

    pub fn article(section: &str, slug: &str) -> Route {
        Route::Article {
            section: section.into(),
            slug: slug.into(),
        }
    }

    /// A month's own URL.
    pub fn archive(year: u16, month: u8) -> Route {
        Route::Archive {
            year,
            month,
            page: Page::Newest,
        }
    }

    /// A person's own URL.
    pub fn author(slug: &str) -> Route {
        Route::Author {
            author: slug.into(),
            page: Page::Newest,
        }
    }

    /// Page `page` of a listing's own route; the latest-articles listing has none
    /// (the home page shows its start), only API documents.
    pub fn of_listing(listing: &Listing, page: Page) -> Option<Route> {
        Some(match listing {
            Listing::Latest => return None,
            Listing::Section { slug, .. } => Route::Section {
                section: slug.clone(),
                page,
            },
            Listing::Tag { slug, .. } => Route::Tag {
                tag: slug.clone(),
                page,
            },
            Listing::Month { year, month } => Route::Archive {
                year: *year,
                month: *month,
                page,
            },
            Listing::Author { slug, .. } => Route::Author {
                author: slug.clone(),
                page,
            },
        })
    }

    /// The route's path below the base path, e.g. `/city/page/2/`.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Section { section, page } => paged(["/", section, "/"].concat(), *page),
            Route::Tag { tag, page } => paged(["/tag/", tag, "/"].concat(), *page),
            Route::Article { section, slug } => ["/", section, "/", slug, "/"].concat(),
            Route::Archive { year, month, page } => {
                paged(month_dir("/archive", *year, *month), *page)
            }
            Route::Author { author, page } => paged(["/author/", author, "/"].concat(), *page),
            Route::SiteMap => "/sitemap/".into(),
            Route::Feeds => "/feeds/".into(),
            Route::Search => "/search/".into(),
            Route::Saved => "/saved/".into(),
            Route::Offline => "/offline/".into(),
        }
    }

    /// The API document this route shows, relative to `api/v1/` (for the search page:
    /// the search index's root, which every query reads first); `None` for the pages
    /// that show no document.
    pub fn api_path(&self) -> Option<String> {
        Some(match self {
            Route::Home => "home.json".into(),
            Route::Section { section, page } => {
                paged_api(["sections/", section, "/"].concat(), *page)
            }
            Route::Tag { tag, page } => paged_api(["tags/", tag, "/"].concat(), *page),
            Route::Article { slug, .. } => article_api_path(slug),
            Route::Archive { year, month, page } => {
                paged_api(month_dir("archive", *year, *month), *page)
            }
            Route::Author { author, page } => paged_api(["authors/", author, "/"].concat(), *page),
            Route::SiteMap => "sitemap.json".into(),
            Route::Search => format!("{}/{}", SEARCH_DIR, crate::search::ROOT_PATH),
            Route::Feeds | Route::Saved | Route::Offline => return None,
        })
    }

    /// Parses a path below the base path (with or without the trailing slash).
    /// Returns `None` for paths that are no route of the site.
    pub fn parse(path: &str) -> Option<Route> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if !parts.iter().all(|p| slug::is_valid(p)) {
            return None;
        }
        // One spelling per page: `1`, not `01` or `+1`; page 0 does not exist.
        let page = |n: &str| {
            let k = n
                .parse::<u32>()
                .ok()
                .filter(|k| *k >= 1 && k.to_string() == n)?;
            Some(Page::Number(k))
        };
        let route = match parts.as_slice() {
            [] => Route::Home,
            ["sitemap"] => Route::SiteMap,
            ["feeds"] => Route::Feeds,
            ["search"] => Route::Search,
            ["saved"] => Route::Saved,
            ["offline"] => Route::Offline,
            ["archive", y, m, rest @ ..] => {
                let (year, month) = (y.parse::<u16>().ok()?, m.parse::<u8>().ok()?);
                // Exactly `2026/11`: one spelling per month, a real month.
                if y.len() != 4 || m.len() != 2 || !(1..=12).contains(&month) {
                    return None;
                }
                let page = match rest {
                    [] => Page::Newest,
                    ["page", n] => page(n)?,
                    _ => return None,
                };
                Route::Archive { year, month, page }
            }
            ["author", author] => Route::author(author),
            ["author", author, "page", n] => Route::Author {
                author: (*author).into(),
                page: page(n)?,
            },
            ["tag", tag] => Route::tag(tag),
            ["tag", tag, "page", n] => Route::Tag {
                tag: (*tag).into(),
                page: page(n)?,
            },
            [section] if !is_reserved(section) => Route::section(section),
            [section, "page", n] if !is_reserved(section) => Route::Section {
                section: (*section).into(),
                page: page(n)?,
            },
            [section, slug] if !is_reserved(section) && *slug != "page" => {
                Route::article(section, slug)
            }
            _ => return None,
        };
        Some(route)
    }
}

/// A listing's feeds: the folder of its [`FEED_FORMATS`] files below the base path, and
/// their title. The whole site, each section and each tag have feeds; months and people
/// do not.
pub fn feed_of(listing: &Listing, site: &Site) -> Option<(String, String)> {
    Some(match listing {
        Listing::Latest => (String::new(), site.title.clone()),
        Listing::Section { slug, name } => (format!("{slug}/"), site.feed_title(name)),
        Listing::Tag { slug, name } => (format!("tag/{slug}/"), site.feed_title(name)),
        Listing::Month { .. } | Listing::Author { .. } => return None,
    })
}

/// The search index's folder, relative to `api/v1/`.
pub const SEARCH_DIR: &str = "search";

/// The API document of an article, relative to `api/v1/` (slugs are site-wide).
pub fn article_api_path(slug: &str) -> String {
    ["articles/", slug, ".json"].concat()
}

/// The API document of page `page` of `listing`, relative to `api/v1/`:
/// `<folder>newest.json` for the own URL, `<folder>page/<k>.json` for numbered pages.
pub fn listing_api_path(listing: &Listing, page: Page) -> String {
    match Route::of_listing(listing, page).and_then(|r| r.api_path()) {
        Some(path) => path,
        None => paged_api(LATEST_DIR.into(), page),
    }
}

/// Which page of `listing` the API document at `api_path` is: the inverse of
/// [`listing_api_path`], for the links a listing document gives as API paths.
pub fn listing_page_at(listing: &Listing, api_path: &str) -> Option<Page> {
    let newest = listing_api_path(listing, Page::Newest);
    if api_path == newest {
        return Some(Page::Newest);
    }
    let folder = newest.strip_suffix(NEWEST_FILE)?;
    let n = api_path.strip_prefix(folder)?.strip_prefix("page/")?;
    let k = n.strip_suffix(".json")?;
    let page = Page::Number(k.parse().ok().filter(|k: &u32| *k >= 1)?);
    (listing_api_path(listing, page) == api_path).then_some(page)
}

/// The latest-articles listing's folder, relative to `api/v1/`.
const LATEST_DIR: &str = "latest/";
/// A listing's own-URL document, in its folder.
const NEWEST_FILE: &str = "newest.json";

/// `{root}/2026/11/`: a month's folder.
fn month_dir(root: &str, year: u16, month: u8) -> String {
    format!("{root}/{year:04}/{month:02}/")
}

/// A listing route's path: its folder, or a numbered page below it.
fn paged(folder: String, page: Page) -> String {
    match page {
        Page::Newest => folder,
        Page::Number(k) => folder + "page/" + &k.to_string() + "/",
    }
}

/// A listing page's API document in its `folder`.
fn paged_api(folder: String, page: Page) -> String {
    match page {
        Page::Newest => folder + NEWEST_FILE,
        Page::Number(k) => folder + "page/" + &k.to_string() + ".json",
    }
}

fn is_reserved(segment: &str) -> bool {
    RESERVED_SLUGS.contains(&segment)
}

#[cfg(test)]
mod tests;
