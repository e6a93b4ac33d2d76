//! Tests of listing pages rendered as the builder pre-renders them: numbers, dates,
//! counts, neighbour links and canonicals.

use crate::fixtures;
use crate::prerender::{render, Rendered};
use crate::route::Page;

fn render_doc(url: &str, api: &str, doc: &crate::model::ListingPage) -> Rendered {
    let site = fixtures::site("https://example.org/", "en");
    let json = serde_json::to_string(doc).unwrap();
    render(&site, url, &[(api, &json)])
}

#[test]
fn a_numbered_page_shows_its_number_and_dates_and_links_both_neighbours() {
    let page = render_doc(
        "/city/page/2/",
        "sections/city/page/2.json",
        &fixtures::listing(Page::Number(2)),
    );
    let html = &page.body;
    assert_eq!(html.matches("class=\"card\"").count(), 2, "{html}");
    assert!(
        html.contains(r#"<a rel="prev" href="/city/page/3/">"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a rel="next" href="/city/page/1/">"#),
        "{html}"
    );
    assert!(html.contains(">Page 2</span>"), "{html}");
    assert!(
        html.contains(">20 November 2026 – 28 November 2026</p>"),
        "{html}"
    );
    assert!(
        !html.contains("14 articles"),
        "no count on a numbered page: {html}"
    );
    let meta = page.meta.expect("a listing declares its head");
    assert_eq!(meta.title, "City · Page 2");
    assert!(page
        .head
        .contains(r#"<link rel="canonical" href="https://example.org/city/page/2/">"#));
}

#[test]
fn the_newest_numbered_page_links_newer_to_the_listings_own_url() {
    let page = render_doc(
        "/city/page/3/",
        "sections/city/page/3.json",
        &fixtures::listing(Page::Number(3)),
    );
    assert!(
        page.body.contains(r#"<a rel="prev" href="/city/">"#),
        "{}",
        page.body
    );
    let first = render_doc(
        "/city/page/1/",
        "sections/city/page/1.json",
        &fixtures::listing(Page::Number(1)),
    );
    assert!(!first.body.contains(r#"rel="next""#), "{}", first.body);
}

#[test]
fn the_own_url_counts_its_articles_and_links_older_to_the_newest_numbered_page() {
    let page = render_doc(
        "/city/",
        "sections/city/newest.json",
        &fixtures::listing(Page::Newest),
    );
    let html = &page.body;
    assert!(html.contains(">14 articles</p>"), "{html}");
    assert!(
        html.contains(r#"<a rel="next" href="/city/page/3/">"#),
        "{html}"
    );
    assert!(
        !html.contains(r#"rel="prev""#) && !html.contains("page-status"),
        "{html}"
    );
    assert_eq!(page.meta.map(|m| m.title).as_deref(), Some("City"));
    assert!(page
        .head
        .contains(r#"<link rel="canonical" href="https://example.org/city/">"#));
}
