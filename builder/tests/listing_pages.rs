//! Publishing into a paged archive: a new article rewrites the own URL of each listing it is
//! in and, at a page boundary, one new numbered page and its older neighbour; every other
//! listing document and page keeps its bytes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::*;

const SHELL: &str = "<!DOCTYPE html><html><head><title>shell</title></head><body></body></html>";

fn article(content: &Path, slug: &str, date: &str) {
    write(
        &content.join(format!("articles/city/{slug}.md")),
        &format!("+++\ntitle = \"Story {slug}\"\ndate = {date}\nsection = \"city\"\n+++\n\nText of {slug}.\n"),
    );
}

/// The listings' documents and pages of a build: every file of a listing folder.
fn listing_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut all = snapshot(out);
    all.retain(|rel, _| {
        [
            "api/v1/latest/",
            "api/v1/sections/",
            "api/v1/tags/",
            "api/v1/archive/",
            "api/v1/authors/",
        ]
        .iter()
        .any(|folder| rel.starts_with(folder))
            || rel.starts_with("city/")
                && (rel == "city/index.html" || rel.starts_with("city/page/"))
            || rel.starts_with("sport/")
            || rel.starts_with("archive/")
    });
    all
}

fn changed<'a>(
    before: &BTreeMap<String, Vec<u8>>,
    after: &'a BTreeMap<String, Vec<u8>>,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let changed = after
        .iter()
        .filter(|(rel, bytes)| before.get(*rel).is_some_and(|old| old != *bytes))
        .map(|(rel, _)| rel.as_str())
        .collect();
    let added = after
        .keys()
        .filter(|rel| !before.contains_key(*rel))
        .map(String::as_str)
        .collect();
    (changed, added)
}

#[test]
fn publishing_an_article_rewrites_only_the_own_urls_and_at_a_page_boundary_one_new_page() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    let bundle = tmp.path().join("bundle");
    write(&bundle.join("index.html"), SHELL);
    // An October archive in the city: 12 city articles, 13 in all (two a page).
    for day in 1..=9 {
        article(
            &content,
            &format!("october-{day}"),
            &format!("2026-10-{day:02}"),
        );
    }
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&content, &a, Some(&bundle), None).expect("build a");
    let before = listing_files(&a);
    assert!(
        before.contains_key("api/v1/sections/city/page/5.json"),
        "city has pages 1–5"
    );
    assert!(
        before.contains_key("api/v1/latest/page/5.json")
            && !before.contains_key("api/v1/latest/page/6.json")
    );

    // A newer article: the city's 13th (same pages), the site's 14th (a new page 6).
    article(&content, "december", "2026-12-01T08:00:00+08:00");
    build(&content, &b, Some(&bundle), None).expect("build b");
    let after = listing_files(&b);
    assert!(
        before.keys().all(|rel| after.contains_key(rel)),
        "nothing removed"
    );
    let (changed, added) = changed(&before, &after);
    assert_eq!(
        changed,
        [
            "api/v1/latest/newest.json",
            "api/v1/latest/page/5.json",
            "api/v1/sections/city/newest.json",
            "city/index.html",
        ]
    );
    assert_eq!(
        added,
        [
            "api/v1/archive/2026/12/newest.json",
            "api/v1/latest/page/6.json",
            "archive/2026/12/index.html",
        ]
    );
}
