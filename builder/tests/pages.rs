//! With a Trunk bundle: the bundle is copied and every route gets a pre-rendered page.

use std::fs;
use std::path::Path;

use crate::common::*;
use broadsheet::outputs::pages::Shell;
use broadsheet_app::route::{Page, Route};

const SHELL: &str = "<!DOCTYPE html><html><head><title>shell</title></head><body></body></html>";

fn bundle(dir: &Path) {
    write(&dir.join("index.html"), SHELL);
    write(&dir.join("app-1234.wasm"), "wasm");
    write(&dir.join("assets/app-1234.css"), "css");
}

#[test]
fn every_route_gets_an_index_html_and_the_bundle_is_copied() {
    let tmp = copy_fixture("basic");
    let b = tmp.path().join("bundle");
    bundle(&b);
    let out = tmp.path().join("dist");
    let report = build(&tmp.path().join("content"), &out, Some(&b), None).expect("build");
    assert!(out.join("app-1234.wasm").is_file() && out.join("assets/app-1234.css").is_file());
    let routes = [
        Route::Home,
        Route::SiteMap,
        Route::section("city"),
        Route::section("culture"),
        Route::tag("transport"),
        Route::Article {
            section: "city".into(),
            slug: "new-ferry-line".into(),
        },
        Route::Article {
            section: "sport".into(),
            slug: "dragon-boat".into(),
        },
        Route::archive(2026, 11),
        Route::Archive {
            year: 2026,
            month: 11,
            page: Page::Number(1),
        },
        Route::author("lin-wei"),
    ];
    for r in &routes {
        let file = broadsheet::outputs::documents::page_file(&out, r);
        assert!(file.is_file(), "{} for {r:?}", file.display());
    }
    assert!(out.join("404.html").is_file());
    // Three articles at two a page: the own URL shows all three, no numbered page.
    assert!(!out.join("city/page/1/index.html").exists());
    assert!(!out.join("archive/2026/11/page/2/index.html").exists());
    // 1 home + 1 site map + 1 RSS map + 1 search + saved + offline + 4 articles + sections
    // (one each) + tags (3) + the month (own URL and page 1) + people (3) + 404.
    assert_eq!(
        report.written.pages,
        1 + 1 + 1 + 1 + 2 + 4 + 3 + 3 + 2 + 3 + 1
    );
    assert!(out.join("feeds/index.html").is_file());
    assert!(out.join("saved/index.html").is_file());
    assert!(out.join("offline/index.html").is_file());
    assert!(out.join("search/index.html").is_file());
}

#[test]
fn pages_are_what_the_shell_renders_from_the_route_document() {
    let tmp = copy_fixture("basic");
    let b = tmp.path().join("bundle");
    bundle(&b);
    let out = tmp.path().join("dist");
    build(&tmp.path().join("content"), &out, Some(&b), None).expect("build");
    let site: broadsheet_app::model::Site =
        serde_json::from_slice(&fs::read(out.join("api/v1/site.json")).unwrap()).unwrap();
    let route = Route::Article {
        section: "city".into(),
        slug: "new-ferry-line".into(),
    };
    let api_path = route.api_path().unwrap();
    let doc = fs::read_to_string(out.join("api/v1").join(&api_path)).unwrap();
    // The builder adds the Content-Security-Policy <meta> to the shell.
    let shell = Shell::new(&broadsheet::outputs::host::with_csp_meta(SHELL));
    let pages = shell.for_site(&site);
    // Rendered from the document the JSON on disk decodes to, as the browser would.
    let decoded: broadsheet_app::model::Article = serde_json::from_str(&doc).unwrap();
    let want = pages.page(&route, &api_path, &doc, decoded.into());
    let page = fs::read_to_string(broadsheet::outputs::documents::page_file(&out, &route)).unwrap();
    assert_eq!(without_offline_head(&page), want);
    assert_eq!(
        without_offline_head(&fs::read_to_string(out.join("404.html")).unwrap()),
        shell.not_found(&site)
    );
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    let home_doc = fs::read_to_string(out.join("api/v1/home.json")).unwrap();
    assert_eq!(
        without_offline_head(&home),
        pages.page(
            &Route::Home,
            "home.json",
            &home_doc,
            serde_json::from_str::<broadsheet_app::model::Home>(&home_doc)
                .unwrap()
                .into()
        ),
        "the home page replaces the shell copy"
    );
}

#[test]
fn a_bundle_without_index_html_is_an_error_and_nothing_is_written() {
    let tmp = copy_fixture("basic");
    let b = tmp.path().join("bundle");
    fs::create_dir_all(&b).unwrap();
    let out = tmp.path().join("dist");
    let err = build(&tmp.path().join("content"), &out, Some(&b), None).unwrap_err();
    assert!(err.to_string().contains("index.html"), "{err}");
    assert!(!out.exists());
}

const APP_IDS_IN_A_BODY: &str = r#"+++
title = "Ids"
date = 2026-11-20T01:30:00Z
section = "city"
+++

# Main {#main}

## The app {#app}

## Twice

## Twice

<div id="announcer">a</div><div id="bs-data">{}</div><h2 id="twice">again</h2>
<div id="c-main">prefixed already</div>

Text[^site-nav] and [a link](#app).

[^site-nav]: A footnote named like the header's section list.
"#;

#[test]
fn content_cannot_take_the_pages_ids_and_every_page_has_unique_ids() {
    let tmp = copy_fixture("basic");
    let b = tmp.path().join("bundle");
    bundle(&b);
    let content = tmp.path().join("content");
    write(&content.join("articles/city/ids.md"), APP_IDS_IN_A_BODY);
    let out = tmp.path().join("dist");
    build(&content, &out, Some(&b), None).expect("build");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.expect("walk").into_path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        let html = fs::read_to_string(&path).unwrap();
        let ids = ids_in(&html);
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{}: {ids:?}", path.display());
        let page_ids: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|i| !i.starts_with("c-"))
            .collect();
        assert!(
            ["app", "main", "announcer", "bs-data"]
                .iter()
                .all(|i| page_ids.contains(i)),
            "{}: {page_ids:?}",
            path.display()
        );
        if !html.contains("<div class=\"body\">") {
            assert_eq!(page_ids, ids, "{}: only bodies have c- ids", path.display());
        }
    }
    assert!(pages > 10, "{pages} pages");
    let article = fs::read_to_string(out.join("city/ids/index.html")).unwrap();
    let body_ids: Vec<&str> = ids_in(&article)
        .into_iter()
        .filter(|i| i.starts_with("c-"))
        .collect();
    assert_eq!(
        body_ids,
        [
            "c-main",
            "c-app",
            "c-twice",
            "c-twice-1",
            "c-announcer",
            "c-bs-data",
            "c-twice-2",
            "c-c-main",
            "c-site-nav"
        ]
    );
    assert!(
        article.contains(r##"<a href="#c-app""##),
        "the link follows its id"
    );
    assert!(
        article.contains(r##"href="#c-site-nav""##),
        "the footnote too"
    );
}

/// The values of the `id` attributes in `html`'s tags, in order (not in text, comments
/// or script data, which the builder writes without a `<` in them).
fn ids_in(html: &str) -> Vec<&str> {
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let tag = &rest[open..];
        let mut end = tag.len();
        let mut quoted = false;
        for (i, c) in tag.char_indices() {
            match c {
                '"' => quoted = !quoted,
                '>' if !quoted => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let mut attrs = &tag[..end];
        while let Some(at) = attrs.find(" id=\"") {
            let value = &attrs[at + 5..];
            let close = value.find('"').unwrap_or(value.len());
            ids.push(&value[..close]);
            attrs = &value[close..];
        }
        rest = &tag[end..];
    }
    ids
}

/// `html` without the tags the offline stage adds to every `<head>` (the manifest, the
/// icon, the theme colour and the page script), checking they are there, in that order.
fn without_offline_head(html: &str) -> String {
    let start = html
        .find("<link rel=\"manifest\" href=\"/manifest.webmanifest\">")
        .expect("the manifest link");
    let script_end = "\" defer></script>";
    let end = start + html[start..].find(script_end).expect("the page script") + script_end.len();
    let tags = &html[start..end];
    assert!(
        tags.contains("<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">"),
        "{tags}"
    );
    assert!(
        tags.contains("<meta name=\"theme-color\" content=\"#a3161a\">"),
        "{tags}"
    );
    assert!(tags.contains("<script src=\"/offline-"), "{tags}");
    format!("{}{}", &html[..start], &html[end..])
}
