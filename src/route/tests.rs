//! Tests of the routes: paths and API documents both ways, listings' pages.

use super::*;

fn section(page: Page) -> Route {
    Route::Section {
        section: "city".into(),
        page,
    }
}

fn all_kinds() -> Vec<Route> {
    vec![
        Route::Home,
        section(Page::Newest),
        section(Page::Number(1)),
        section(Page::Number(3)),
        Route::tag("transport"),
        Route::Tag {
            tag: "transport".into(),
            page: Page::Number(2),
        },
        Route::article("city", "new-ferry-line"),
        Route::archive(2026, 3),
        Route::Archive {
            year: 2025,
            month: 12,
            page: Page::Number(4),
        },
        Route::author("lin-hai"),
        Route::Author {
            author: "lin-hai".into(),
            page: Page::Number(1),
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
fn every_route_shows_a_document_of_its_own() {
    let mut seen = std::collections::HashSet::new();
    for route in all_kinds() {
        if let Some(api) = route.api_path() {
            assert!(seen.insert(api.clone()), "{route:?} shares {api}");
        }
    }
}

#[test]
fn the_own_url_shows_the_newest_document_and_numbered_pages_their_number() {
    assert_eq!(section(Page::Newest).path(), "/city/");
    assert_eq!(
        section(Page::Newest).api_path().as_deref(),
        Some("sections/city/newest.json")
    );
    assert_eq!(section(Page::Number(1)).path(), "/city/page/1/");
    assert_eq!(
        section(Page::Number(1)).api_path().as_deref(),
        Some("sections/city/page/1.json")
    );
    assert_eq!(
        Route::archive(2026, 3).api_path().as_deref(),
        Some("archive/2026/03/newest.json")
    );
    assert_eq!(
        Route::author("lin-hai").api_path().as_deref(),
        Some("authors/lin-hai/newest.json")
    );
}

#[test]
fn page_one_is_a_route_and_zero_padding_and_junk_are_not() {
    assert_eq!(
        Route::parse("/city/page/1/"),
        Some(section(Page::Number(1)))
    );
    assert_eq!(
        Route::parse("/tag/x/page/1/"),
        Some(Route::Tag {
            tag: "x".into(),
            page: Page::Number(1)
        })
    );
    for bad in [
        "/city/page/0/",
        "/city/page/01/",
        "/city/page/two/",
        "/city/page/",
        "/tag/x/page/0/",
        "/author/x/page/007/",
        "/archive/2026/03/page/0/",
        "/city/page/99999999999/",
    ] {
        assert_eq!(Route::parse(bad), None, "{bad}");
    }
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
    for bad in [
        "/archive/2026/3/",
        "/archive/2026/13/",
        "/archive/2026/00/",
        "/archive/26/03/",
        "/archive/2026/",
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

fn listings() -> Vec<Listing> {
    vec![
        Listing::Latest,
        Listing::Section {
            slug: "city".into(),
            name: "City".into(),
        },
        Listing::Tag {
            slug: "ai".into(),
            name: "AI".into(),
        },
        Listing::Month {
            year: 2026,
            month: 3,
        },
        Listing::Author {
            slug: "lin-hai".into(),
            name: "Lin Hai".into(),
        },
    ]
}

#[test]
fn listings_map_to_their_routes_and_api_documents() {
    let city = &listings()[1];
    assert_eq!(
        Route::of_listing(city, Page::Number(2)),
        Some(section(Page::Number(2)))
    );
    assert_eq!(Route::of_listing(&Listing::Latest, Page::Number(2)), None);
    assert_eq!(
        listing_api_path(&Listing::Latest, Page::Number(3)),
        "latest/page/3.json"
    );
    assert_eq!(
        listing_api_path(&Listing::Latest, Page::Newest),
        "latest/newest.json"
    );
    assert_eq!(
        listing_api_path(city, Page::Number(2)),
        "sections/city/page/2.json"
    );
    for listing in &listings()[1..] {
        for page in [Page::Newest, Page::Number(1), Page::Number(12)] {
            let route = Route::of_listing(listing, page).unwrap();
            assert_eq!(route.api_path(), Some(listing_api_path(listing, page)));
        }
    }
}

#[test]
fn a_listing_documents_api_path_reads_back_as_its_page() {
    for listing in listings() {
        for page in [Page::Newest, Page::Number(1), Page::Number(40)] {
            let path = listing_api_path(&listing, page);
            assert_eq!(listing_page_at(&listing, &path), Some(page), "{path}");
        }
    }
}

#[test]
fn an_api_path_of_another_listing_or_no_page_reads_as_none() {
    let city = &listings()[1];
    for path in [
        "sections/town/page/2.json",
        "tags/city/page/2.json",
        "sections/city/page/0.json",
        "sections/city/page/02.json",
        "sections/city/page/2",
        "sections/city/page/.json",
        "sections/city/newest.json.bak",
        "sections/city/",
        "",
    ] {
        assert_eq!(listing_page_at(city, path), None, "{path}");
    }
}

#[test]
fn a_listing_document_without_a_number_is_the_own_url() {
    assert_eq!(Page::of(None), Page::Newest);
    assert_eq!(Page::of(Some(0)), Page::Newest);
    assert_eq!(Page::of(Some(3)), Page::Number(3));
    assert_eq!(Page::Number(3).number(), Some(3));
    assert_eq!(Page::Newest.number(), None);
}

#[test]
fn article_api_path_uses_the_site_wide_slug() {
    let r = Route::article("city", "x");
    assert_eq!(r.api_path().as_deref(), Some("articles/x.json"));
}
