//! The site's routes: URL paths, the API document behind each, and parsing back.
//!
//! Every route is a directory URL ending in `/`, so each one can be a real
//! `index.html` on a static host. Paths here are relative to the site's base path
//! and start with `/`; [`Route::href`] joins them with the base.

/// Path segments a section slug may not take, because routes use them.
pub const RESERVED_SLUGS: &[&str] = &["tag", "sitemap", "api", "page", "media", "assets"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Section { section: String, page: u32 },
    Tag { tag: String, page: u32 },
    Article { section: String, slug: String },
    SiteMap,
}

impl Route {
    /// The route's path below the base path, e.g. `/city/page/2/`.
    pub fn path(&self) -> String {
        match self {
            Route::Home => "/".into(),
            Route::Section { section, page } => paged(&format!("/{section}/"), *page),
            Route::Tag { tag, page } => paged(&format!("/tag/{tag}/"), *page),
            Route::Article { section, slug } => format!("/{section}/{slug}/"),
            Route::SiteMap => "/sitemap/".into(),
        }
    }

    /// The full link for this route under `base_path` (which starts and ends with `/`).
    pub fn href(&self, base_path: &str) -> String {
        format!("{}{}", base_path.trim_end_matches('/'), self.path())
    }

    /// The API document this route shows, relative to `api/v1/`.
    pub fn api_path(&self) -> String {
        match self {
            Route::Home => "home.json".into(),
            Route::Section { section, page } => format!("sections/{section}/page/{page}.json"),
            Route::Tag { tag, page } => format!("tags/{tag}/page/{page}.json"),
            Route::Article { slug, .. } => format!("articles/{slug}.json"),
            Route::SiteMap => "sitemap.json".into(),
        }
    }

    /// Parses a path below the base path (with or without the trailing slash).
    /// Returns `None` for paths that are no route of the site.
    pub fn parse(path: &str) -> Option<Route> {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if !parts.iter().all(|p| is_slug(p)) {
            return None;
        }
        let page = |n: &str| n.parse::<u32>().ok().filter(|n| *n >= 2);
        let route = match parts.as_slice() {
            [] => Route::Home,
            ["sitemap"] => Route::SiteMap,
            ["tag", tag] => Route::Tag {
                tag: (*tag).into(),
                page: 1,
            },
            ["tag", tag, "page", n] => Route::Tag {
                tag: (*tag).into(),
                page: page(n)?,
            },
            [section] if !is_reserved(section) => Route::Section {
                section: (*section).into(),
                page: 1,
            },
            [section, "page", n] if !is_reserved(section) => Route::Section {
                section: (*section).into(),
                page: page(n)?,
            },
            [section, slug] if !is_reserved(section) && *slug != "page" => Route::Article {
                section: (*section).into(),
                slug: (*slug).into(),
            },
            _ => return None,
        };
        Some(route)
    }

    /// Strips `base_path` from an absolute path; `None` when the path lies outside it.
    pub fn strip_base<'a>(path: &'a str, base_path: &str) -> Option<&'a str> {
        let base = base_path.trim_end_matches('/');
        let rest = path.strip_prefix(base)?;
        if rest.is_empty() || rest.starts_with('/') {
            Some(if rest.is_empty() { "/" } else { rest })
        } else {
            None
        }
    }
}

fn paged(first: &str, page: u32) -> String {
    if page <= 1 {
        first.into()
    } else {
        format!("{first}page/{page}/")
    }
}

/// Slugs are lowercase ASCII letters, digits and hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_reserved(segment: &str) -> bool {
    RESERVED_SLUGS.contains(&segment)
}

/// The listing page's own route, for page `page` of the same listing.
pub fn listing_route(listing: &crate::model::Listing, page: u32) -> Route {
    use crate::model::Listing;
    match listing {
        Listing::Latest => Route::Home,
        Listing::Section { slug, .. } => Route::Section {
            section: slug.clone(),
            page,
        },
        Listing::Tag { slug, .. } => Route::Tag {
            tag: slug.clone(),
            page,
        },
    }
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
            Route::SiteMap,
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
        assert_eq!(r.api_path(), "sections/city/page/1.json");
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
    fn trailing_slash_is_optional_when_parsing() {
        assert_eq!(Route::parse("/sitemap"), Some(Route::SiteMap));
    }

    #[test]
    fn href_joins_the_base_path() {
        let r = Route::Article {
            section: "city".into(),
            slug: "x".into(),
        };
        assert_eq!(r.href("/"), "/city/x/");
        assert_eq!(r.href("/news/"), "/news/city/x/");
        assert_eq!(Route::Home.href("/news/"), "/news/");
    }

    #[test]
    fn strip_base_keeps_only_paths_inside_the_base() {
        assert_eq!(Route::strip_base("/news/city/", "/news/"), Some("/city/"));
        assert_eq!(Route::strip_base("/news", "/news/"), Some("/"));
        assert_eq!(Route::strip_base("/newsroom/", "/news/"), None);
        assert_eq!(Route::strip_base("/city/", "/"), Some("/city/"));
    }

    #[test]
    fn article_api_path_uses_the_site_wide_slug() {
        let r = Route::Article {
            section: "city".into(),
            slug: "x".into(),
        };
        assert_eq!(r.api_path(), "articles/x.json");
    }
}
