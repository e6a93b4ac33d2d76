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

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Section {
        section: String,
        page: u32,
    },
    Tag {
        tag: String,
        page: u32,
    },
    Article {
        section: String,
        slug: String,
    },
    /// A month's articles: `/archive/2026/11/`.
    Archive {
        year: u16,
        month: u8,
        page: u32,
    },
    /// A person's articles: `/author/lin-hai/`.
    Author {
        author: String,
        page: u32,
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
    /// The first page of a section.
    pub fn section(slug: &str) -> Route {
        Route::Section {
            section: slug.into(),
            page: 1,
        }
    }

    /// The first page of a tag.
    pub fn tag(slug: &str) -> Route {
        Route::Tag {
            tag: slug.into(),
            page: 1,
        }
    }

    pub fn article(section: &str, slug: &str) -> Route {
        Route::Article {
            section: section.into(),
            slug: slug.into(),
        }
    }

    /// The first page of a month's archive.
    pub fn archive(year: u16, month: u8) -> Route {
        Route::Archive {
            year,
            month,
            page: 1,
        }
    }

    /// The first page of a person's articles.
    pub fn author(slug: &str) -> Route {
        Route::Author {
            author: slug.into(),
            page: 1,
        }
    }

    /// Page `page` of a listing's own route; the latest-articles listing has none
    /// (the home page shows its start), only API documents.
    pub fn of_listing(listing: &Listing, page: u32) -> Option<Route> {
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
            Route::Section { section, page } => paged(&format!("/{section}/"), *page),
            Route::Tag { tag, page } => paged(&format!("/tag/{tag}/"), *page),
            Route::Article { section, slug } => format!("/{section}/{slug}/"),
            Route::Archive { year, month, page } => {
                paged(&month_dir("/archive", *year, *month), *page)
            }
            Route::Author { author, page } => paged(&format!("/author/{author}/"), *page),
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
            Route::Section { section, page } => section_api_path(section, *page),
            Route::Tag { tag, page } => tag_api_path(tag, *page),
            Route::Article { slug, .. } => article_api_path(slug),
            Route::Archive { year, month, page } => {
                format!("{}page/{page}.json", month_dir("archive", *year, *month))
            }
            Route::Author { author, page } => format!("authors/{author}/page/{page}.json"),
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
        let page = |n: &str| n.parse::<u32>().ok().filter(|n| *n >= 2);
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
                    [] => 1,
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
    format!("articles/{slug}.json")
}

/// The API document of page `page` of `listing`, relative to `api/v1/`.
pub fn listing_api_path(listing: &Listing, page: u32) -> String {
    match Route::of_listing(listing, page).and_then(|r| r.api_path()) {
        Some(path) => path,
        None => format!("latest/page/{page}.json"),
    }
}

/// `{root}/2026/11/`: a month's folder.
fn month_dir(root: &str, year: u16, month: u8) -> String {
    format!("{root}/{year:04}/{month:02}/")
}

fn section_api_path(section: &str, page: u32) -> String {
    format!("sections/{section}/page/{page}.json")
}

fn tag_api_path(tag: &str, page: u32) -> String {
    format!("tags/{tag}/page/{page}.json")
}

fn paged(first: &str, page: u32) -> String {
    if page <= 1 {
        first.into()
    } else {
        format!("{first}page/{page}/")
    }
}

fn is_reserved(segment: &str) -> bool {
    RESERVED_SLUGS.contains(&segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_kinds() -> Vec<Route> {
        vec![
            Route::Home,
            Route::Section {
                section: "city".into(),
                page: 1,
            },
            Route::Section {
                section: "city".into(),
                page: 3,
            },
            Route::Tag {
                tag: "transport".into(),
                page: 1,
            },
            Route::Tag {
                tag: "transport".into(),
                page: 2,
            },
            Route::Article {
                section: "city".into(),
                slug: "new-ferry-line".into(),
            },
            Route::archive(2026, 3),
            Route::Archive {
                year: 2025,
                month: 12,
                page: 4,
            },
            Route::author("lin-hai"),
            Route::Author {
                author: "lin-hai".into(),
                page: 2,
            },
            Route::SiteMap,
            Route::Feeds,
            Route::Search,
            Route::Saved,
            Route::Offline,
        ]
    }

    #[test]
    fn every_route_parses_back_from_its_path() {
        for route in all_kinds() {
            assert_eq!(
                Route::parse(&route.path()),
                Some(route.clone()),
                "{route:?}"
            );
        }
    }

    #[test]
    fn paths_are_directory_urls() {
        for route in all_kinds() {
            assert!(route.path().ends_with('/'), "{route:?}");
        }
    }

    #[test]
    fn first_page_has_no_page_segment() {
        let r = Route::Section {
            section: "city".into(),
            page: 1,
        };
        assert_eq!(r.path(), "/city/");
        assert_eq!(r.api_path().as_deref(), Some("sections/city/page/1.json"));
    }

    #[test]
    fn page_one_and_zero_and_junk_are_not_routes() {
        assert_eq!(Route::parse("/city/page/1/"), None);
        assert_eq!(Route::parse("/city/page/0/"), None);
        assert_eq!(Route::parse("/city/page/two/"), None);
        assert_eq!(Route::parse("/tag/x/page/1/"), None);
    }

    #[test]
    fn reserved_segments_are_not_sections() {
        assert_eq!(Route::parse("/api/"), None);
        assert_eq!(Route::parse("/api/v1/"), None);
        assert_eq!(Route::parse("/tag/"), None);
        assert_eq!(Route::parse("/a/b/c/"), None);
    }

    #[test]
    fn segments_that_are_not_slugs_are_not_routes() {
        assert_eq!(Route::parse("/City/"), None);
        assert_eq!(Route::parse("/city/<script>/"), None);
        assert_eq!(Route::parse("/city/a%2Fb/"), None);
        assert_eq!(Route::parse("/city/..%2F/"), None);
    }

    #[test]
    fn archive_months_have_one_spelling_and_must_be_real_months() {
        assert_eq!(Route::archive(2026, 3).path(), "/archive/2026/03/");
        assert_eq!(
            Route::archive(2026, 3).api_path().as_deref(),
            Some("archive/2026/03/page/1.json")
        );
        for bad in [
            "/archive/2026/3/",
            "/archive/2026/13/",
            "/archive/2026/00/",
            "/archive/26/03/",
            "/archive/2026/",
            "/archive/2026/03/page/1/",
            "/archive/2026/03/x/",
            "/author/",
        ] {
            assert_eq!(Route::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn trailing_slash_is_optional_when_parsing() {
        assert_eq!(Route::parse("/sitemap"), Some(Route::SiteMap));
    }

    #[test]
    fn slugs_with_dashes_at_either_end_are_not_routes() {
        assert_eq!(Route::parse("/-city/"), None);
        assert_eq!(Route::parse("/city/x-/"), None);
    }

    #[test]
    fn listings_map_to_their_routes_and_api_documents() {
        let city = Listing::Section {
            slug: "city".into(),
            name: "City".into(),
        };
        let ai = Listing::Tag {
            slug: "ai".into(),
            name: "AI".into(),
        };
        assert_eq!(
            Route::of_listing(&city, 2),
            Some(Route::Section {
                section: "city".into(),
                page: 2
            })
        );
        assert_eq!(Route::of_listing(&Listing::Latest, 2), None);
        assert_eq!(listing_api_path(&Listing::Latest, 3), "latest/page/3.json");
        assert_eq!(listing_api_path(&city, 2), "sections/city/page/2.json");
        assert_eq!(listing_api_path(&ai, 1), "tags/ai/page/1.json");
        for (listing, page) in [(&city, 2), (&ai, 1)] {
            let route = Route::of_listing(listing, page).unwrap();
            assert_eq!(route.api_path(), Some(listing_api_path(listing, page)));
        }
    }

    #[test]
    fn article_api_path_uses_the_site_wide_slug() {
        let r = Route::Article {
            section: "city".into(),
            slug: "x".into(),
        };
        assert_eq!(r.api_path().as_deref(), Some("articles/x.json"));
    }
}
