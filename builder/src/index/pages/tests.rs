//! Tests of listing pages: what each page holds, its links, and that publishing a newer
//! article changes a bounded number of documents.

use std::collections::BTreeMap;

use broadsheet_app::model::{ArticleSummary, Listing};
use broadsheet_app::route::{listing_api_path, Page};

use crate::index::tests::{meta, site};
use crate::index::Index;

use super::numbered_pages;

fn slugs(items: &[ArticleSummary]) -> Vec<&str> {
    items.iter().map(|s| s.slug.as_str()).collect()
}

/// `n` articles in the city section, `a0` the oldest.
fn index(n: i64, page_size: u32) -> Index {
    let metas = (0..n)
        .map(|i| meta(&format!("a{i}"), "city", i, &[]))
        .collect();
    Index::new(site(page_size), metas)
}

/// Every listing document the build writes, by API path, serialised.
fn documents(idx: &Index) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (listing, list) in idx.listings() {
        for page in idx.pages_of(list.len()) {
            let doc = idx.listing_page(&listing, &list, page);
            let json = serde_json::to_string(&doc).unwrap();
            assert!(out.insert(listing_api_path(&listing, page), json).is_none());
        }
    }
    out
}

#[test]
fn articles_are_newest_first_with_ties_broken_by_slug() {
    let idx = Index::new(
        site(10),
        vec![
            meta("b", "city", 5, &[]),
            meta("a", "city", 5, &[]),
            meta("c", "city", 9, &[]),
        ],
    );
    let page = idx.listing_page(&Listing::Latest, &[0, 1, 2], Page::Newest);
    assert_eq!(slugs(&page.items), ["c", "a", "b"]);
}

#[test]
fn numbered_pages_count_from_the_oldest_and_the_own_url_shows_the_rest() {
    let idx = index(11, 3);
    let all: Vec<usize> = (0..11).collect();
    let pages: Vec<Page> = idx.pages_of(all.len()).collect();
    assert_eq!(pages, [Page::Newest, Page::Number(2), Page::Number(1)]);
    let page = |p| idx.listing_page(&Listing::Latest, &all, p);
    let (own, two, one) = (
        page(Page::Newest),
        page(Page::Number(2)),
        page(Page::Number(1)),
    );
    assert_eq!(slugs(&one.items), ["a2", "a1", "a0"]);
    assert_eq!(slugs(&two.items), ["a5", "a4", "a3"]);
    assert_eq!(slugs(&own.items), ["a10", "a9", "a8", "a7", "a6"]);
    assert_eq!((own.page, one.page), (None, Some(1)));
    assert_eq!((own.total_pages, own.total_items), (Some(3), Some(11)));
    assert_eq!((two.total_pages, two.total_items), (None, None));
    assert_eq!(
        (own.prev, own.next.as_deref()),
        (None, Some("latest/page/2.json"))
    );
    assert_eq!(two.prev.as_deref(), Some("latest/newest.json"));
    assert_eq!(two.next.as_deref(), Some("latest/page/1.json"));
    assert_eq!(
        (one.prev.as_deref(), one.next),
        (Some("latest/page/2.json"), None)
    );
}

#[test]
fn the_own_url_holds_one_to_two_pages_worth_and_every_article_is_on_one_page() {
    for n in 0..40 {
        let idx = index(n, 4);
        let all: Vec<usize> = (0..n as usize).collect();
        let mut seen = Vec::new();
        for page in idx.pages_of(all.len()) {
            let on_page = idx.page_items(&all, page);
            match page {
                Page::Newest if n < 8 => assert_eq!(on_page.len(), n as usize),
                Page::Newest => assert!((4..8).contains(&on_page.len()), "{n}: {on_page:?}"),
                Page::Number(_) => assert_eq!(on_page.len(), 4),
            }
            seen.extend_from_slice(on_page);
        }
        seen.sort_unstable();
        assert_eq!(seen, all, "{n} articles");
    }
}

#[test]
fn an_empty_listing_still_has_its_own_url_and_no_numbered_page() {
    assert_eq!(numbered_pages(0, 10), 0);
    assert_eq!(numbered_pages(19, 10), 0);
    assert_eq!(numbered_pages(20, 10), 1);
    let idx = Index::new(site(10), vec![]);
    let sport = Listing::Section {
        slug: "sport".into(),
        name: "Sport".into(),
    };
    assert_eq!(idx.pages_of(0).collect::<Vec<_>>(), [Page::Newest]);
    let p = idx.listing_page(&sport, &[], Page::Newest);
    assert_eq!(
        (p.page, p.total_pages, p.total_items),
        (None, Some(1), Some(0))
    );
    assert_eq!((p.items.len(), p.prev, p.next), (0, None, None));
}

#[test]
fn a_page_the_listing_does_not_have_holds_nothing() {
    let idx = index(9, 3);
    let all: Vec<usize> = (0..9).collect();
    assert!(idx.page_items(&all, Page::Number(0)).is_empty());
    assert!(idx.page_items(&all, Page::Number(3)).is_empty());
    assert_eq!(idx.page_items(&all, Page::Number(2)).len(), 3);
}

#[test]
fn publishing_a_newer_article_changes_the_own_url_and_at_a_page_boundary_two_more() {
    let size = 3;
    // Small listings, and one of a hundred pages (at a boundary and past it).
    for n in (1..30).chain([299, 300]) {
        let before = documents(&index(n, size));
        let after = documents(&index(n + 1, size));
        let changed: Vec<&str> = after
            .iter()
            .filter(|(path, json)| before.get(*path).is_some_and(|old| old != *json))
            .map(|(path, _)| path.as_str())
            .collect();
        let added: Vec<&str> = after
            .keys()
            .filter(|p| !before.contains_key(*p))
            .map(String::as_str)
            .collect();
        assert!(
            before.keys().all(|p| after.contains_key(p)),
            "{n}: none removed"
        );
        // Every listing here (latest, city, January 1970) holds the same articles.
        let (mut want_changed, mut want_added) = (Vec::new(), Vec::new());
        for folder in ["archive/1970/01/", "latest/", "sections/city/"] {
            want_changed.push(format!("{folder}newest.json"));
            let pages = numbered_pages(n as usize + 1, size);
            if pages > numbered_pages(n as usize, size) {
                want_added.push(format!("{folder}page/{pages}.json"));
                if pages >= 2 {
                    want_changed.push(format!("{folder}page/{}.json", pages - 1));
                }
            }
        }
        want_changed.sort();
        assert_eq!(changed, want_changed, "{n} → {} articles", n + 1);
        assert_eq!(added, want_added, "{n} → {} articles", n + 1);
    }
}

#[test]
fn at_a_page_boundary_the_new_page_links_the_own_url_and_its_older_neighbour_links_it() {
    let idx = index(12, 3);
    let all: Vec<usize> = (0..12).collect();
    let three = idx.listing_page(&Listing::Latest, &all, Page::Number(3));
    let two = idx.listing_page(&Listing::Latest, &all, Page::Number(2));
    assert_eq!(three.prev.as_deref(), Some("latest/newest.json"));
    assert_eq!(two.prev.as_deref(), Some("latest/page/3.json"));
    let own = idx.listing_page(&Listing::Latest, &all, Page::Newest);
    assert_eq!(own.next.as_deref(), Some("latest/page/3.json"));
}
