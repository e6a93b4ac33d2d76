//! The index's tests: order, listings, pages, neighbours and related articles.

use std::path::PathBuf;

use broadsheet_app::model::{Credits, Figure, Image, Publisher};

use super::*;
use crate::content::dates::Published;

pub(crate) fn site(page_size: u32) -> Site {
    Site {
        title: "T".into(),
        description: String::new(),
        base_url: "https://example.org/".into(),
        language: "en".into(),
        time_zone: "UTC".into(),
        sections: vec![
            Section {
                slug: "city".into(),
                name: "City".into(),
            },
            Section {
                slug: "sport".into(),
                name: "Sport".into(),
            },
        ],
        page_size,
        publisher: Publisher {
            name: "P".into(),
            address: "A".into(),
            contact: "C".into(),
        },
        copyright: String::new(),
        social: vec![],
        logo: None,
        licences: Default::default(),
        labels: Default::default(),
    }
}

pub(crate) fn meta(slug: &str, section: &str, second: i64, tags: &[&str]) -> Meta {
    Meta {
        path: PathBuf::from(format!("{slug}.md")),
        slug: slug.into(),
        slug_line: 1,
        section: section.into(),
        title: slug.to_uppercase(),
        summary: String::new(),
        published: Published {
            instant: jiff::Timestamp::from_second(second).unwrap(),
            rfc3339: format!("t{second}"),
        },
        updated: None,
        tags: tags
            .iter()
            .map(|t| Tag {
                slug: t.to_string(),
                name: t.to_string(),
            })
            .collect(),
        lead: None,
        credits: Credits::default(),
        views: None,
        language: None,
        reading_minutes: 1,
        draft: false,
        media_refs: Vec::new(),
    }
}

fn slugs(items: &[ArticleSummary]) -> Vec<&str> {
    items.iter().map(|s| s.slug.as_str()).collect()
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
    let page = idx.listing_page(&Listing::Latest, &(0..3).collect::<Vec<_>>(), 1);
    assert_eq!(slugs(&page.items), ["c", "a", "b"]);
}

#[test]
fn pagination_splits_by_page_size_and_links_neighbours() {
    let metas = (0..5)
        .map(|i| meta(&format!("a{i}"), "city", i, &[]))
        .collect();
    let idx = Index::new(site(2), metas);
    let all: Vec<usize> = (0..5).collect();
    let p1 = idx.listing_page(&Listing::Latest, &all, 1);
    let p3 = idx.listing_page(&Listing::Latest, &all, 3);
    assert_eq!((p1.total_pages, p1.total_items, p1.items.len()), (3, 5, 2));
    assert_eq!(p1.prev, None);
    assert_eq!(p1.next.as_deref(), Some("latest/page/2.json"));
    assert_eq!(slugs(&p3.items), ["a0"]);
    assert_eq!(p3.prev.as_deref(), Some("latest/page/2.json"));
    assert_eq!(p3.next, None);
}

#[test]
fn an_empty_listing_still_has_page_one() {
    assert_eq!(pages(0, 10), 1);
    let idx = Index::new(site(10), vec![]);
    let sport = Listing::Section {
        slug: "sport".into(),
        name: "Sport".into(),
    };
    let p = idx.listing_page(&sport, &[], 1);
    assert_eq!((p.page, p.total_pages, p.items.len()), (1, 1, 0));
}

#[test]
fn home_leads_with_the_newest_article_that_has_a_lead_image() {
    let mut with_image = meta("older", "city", 1, &[]);
    with_image.lead = Some(Figure {
        image: Image {
            src: "media/a.svg".into(),
            alt: String::new(),
            width: 1,
            height: 1,
            variants: None,
        },
        caption: None,
    });
    let idx = Index::new(site(10), vec![with_image, meta("newer", "sport", 2, &[])]);
    let home = idx.home();
    assert_eq!(home.lead.map(|l| l.slug).as_deref(), Some("older"));
    assert_eq!(slugs(&home.latest), ["newer", "older"]);
    assert_eq!(home.sections.len(), 2);
    assert_eq!(slugs(&home.sections[1].items), ["newer"]);
}

#[test]
fn home_leads_with_the_newest_article_when_none_has_an_image() {
    let idx = Index::new(
        site(10),
        vec![meta("a", "city", 1, &[]), meta("b", "city", 2, &[])],
    );
    assert_eq!(idx.home().lead.map(|l| l.slug).as_deref(), Some("b"));
}

#[test]
fn prev_is_the_older_and_next_the_newer_article_in_the_same_section() {
    let idx = Index::new(
        site(10),
        vec![
            meta("old", "city", 1, &[]),
            meta("mid", "city", 2, &[]),
            meta("other", "sport", 3, &[]),
            meta("new", "city", 4, &[]),
        ],
    );
    let mid = idx.articles.iter().position(|a| a.slug == "mid").unwrap();
    let a = idx.article(mid, String::new(), &mut Vec::new());
    assert_eq!(a.prev.map(|s| s.slug).as_deref(), Some("old"));
    assert_eq!(a.next.map(|s| s.slug).as_deref(), Some("new"));
}

#[test]
fn related_prefers_most_shared_tags_then_newest_and_stops_at_four() {
    let idx = Index::new(
        site(10),
        vec![
            meta("me", "city", 0, &["x", "y"]),
            meta("both-old", "city", 1, &["x", "y"]),
            meta("x1", "city", 2, &["x"]),
            meta("y1", "city", 3, &["y"]),
            meta("x2", "city", 4, &["x"]),
            meta("x3", "city", 5, &["x"]),
            meta("none", "city", 6, &["z"]),
        ],
    );
    let me = idx.articles.iter().position(|a| a.slug == "me").unwrap();
    let mut scratch = Vec::new();
    let a = idx.article(me, String::new(), &mut scratch);
    assert_eq!(slugs(&a.related), ["both-old", "x3", "x2", "y1"]);
    assert!(scratch.iter().all(|c| *c == 0), "scratch is left zeroed");
}

#[test]
fn sitemap_lists_sections_in_site_order_and_tags_by_slug() {
    let idx = Index::new(site(10), vec![meta("a", "sport", 1, &["zeta", "alpha"])]);
    let map = idx.sitemap();
    assert_eq!(map.sections[0].section.slug, "city");
    assert_eq!(map.sections[1].articles[0].slug, "a");
    let tags: Vec<&str> = map.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(tags, ["alpha", "zeta"]);
}
