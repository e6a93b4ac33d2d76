//! Building the fixture sites: the JSON API matches the expected files, byte for byte.
//! Run with BROADSHEET_BLESS=1 to rewrite the expected files after a deliberate change.

use std::fs;

use crate::common::*;

#[test]
fn basic_site_api_matches_the_expected_files() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("dist");
    let report = build(&tmp.path().join("content"), &out, None, None).expect("build");
    assert_eq!((report.articles, report.drafts), (4, 1));
    let mut got = snapshot(&out.join("api"));
    // The search index is binary and has tests of its own (builder/src/outputs/search/):
    // here it need only be there.
    assert!(
        got.contains_key("v1/search/index.txt"),
        "the search index root"
    );
    got.retain(|rel, _| !rel.starts_with("v1/search/"));
    assert_eq!(report.written.documents, got.len(), "documents counted");
    let expected_dir = fixture("basic.expected/api");
    if std::env::var_os("BROADSHEET_BLESS").is_some() {
        let _ = fs::remove_dir_all(&expected_dir);
        for (rel, bytes) in &got {
            let pretty: serde_json::Value = serde_json::from_slice(bytes).expect("json");
            write(
                &expected_dir.join(rel),
                &serde_json::to_string_pretty(&pretty).expect("json"),
            );
        }
    }
    let expected = snapshot(&expected_dir);
    let names =
        |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&got), names(&expected), "the set of API files");
    for (rel, bytes) in &got {
        let got: serde_json::Value = serde_json::from_slice(bytes).expect("json");
        let want: serde_json::Value = serde_json::from_slice(&expected[rel]).expect("json");
        assert_eq!(got, want, "{rel}");
    }
}

#[test]
fn the_same_content_builds_to_byte_identical_output() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    build(&content, &tmp.path().join("a"), None, None).expect("build a");
    build(&content, &tmp.path().join("b"), None, None).expect("build b");
    assert_eq!(
        snapshot(&tmp.path().join("a")),
        snapshot(&tmp.path().join("b"))
    );
}

#[test]
fn documents_are_compact_json_of_the_model_types() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("dist");
    build(&tmp.path().join("content"), &out, None, None).expect("build");
    let text = fs::read_to_string(out.join("api/v1/articles/new-ferry-line.json")).unwrap();
    assert!(!text.contains('\n'), "compact");
    let a: broadsheet_app::model::Article = serde_json::from_str(&text).expect("an Article");
    assert_eq!(a.published, "2026-11-28T09:30:00+08:00");
    assert_eq!(a.views, Some(1234));
    let lead = a.lead.expect("lead");
    assert_eq!(
        (lead.image.src.as_str(), lead.image.width, lead.image.height),
        ("media/ferry.svg", 1600, 900)
    );
    assert!(a.body_html.contains(r#"<img src="/media/map.svg" width="640" height="480" alt="Map of the route" title="The route" loading="lazy">"#), "{}", a.body_html);
    let _: broadsheet_app::model::Site =
        serde_json::from_slice(&fs::read(out.join("api/v1/site.json")).unwrap()).unwrap();
    let _: broadsheet_app::model::Home =
        serde_json::from_slice(&fs::read(out.join("api/v1/home.json")).unwrap()).unwrap();
    let _: broadsheet_app::model::SiteMap =
        serde_json::from_slice(&fs::read(out.join("api/v1/sitemap.json")).unwrap()).unwrap();
}

#[test]
fn hostile_html_in_a_body_is_sanitised() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("dist");
    build(&tmp.path().join("content"), &out, None, None).expect("build");
    let text = fs::read_to_string(out.join("api/v1/articles/harbour-clean-up.json")).unwrap();
    let a: broadsheet_app::model::Article = serde_json::from_str(&text).unwrap();
    for bad in ["script", "alert", "onclick", "javascript"] {
        assert!(!a.body_html.contains(bad), "{bad} in {}", a.body_html);
    }
}

#[test]
fn a_sub_path_base_url_puts_body_images_under_it() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("dist");
    build(
        &tmp.path().join("content"),
        &out,
        None,
        Some("https://example.org/news"),
    )
    .expect("build");
    let site: broadsheet_app::model::Site =
        serde_json::from_slice(&fs::read(out.join("api/v1/site.json")).unwrap()).unwrap();
    assert_eq!(site.base_url, "https://example.org/news/");
    let text = fs::read_to_string(out.join("api/v1/articles/new-ferry-line.json")).unwrap();
    assert!(text.contains(r#"src=\"/news/media/map.svg\""#), "{text}");
    assert!(
        text.contains(r#""src":"media/ferry.svg""#),
        "lead images stay site-relative: {text}"
    );
}

#[test]
fn drafts_are_left_out_everywhere() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("dist");
    build(&tmp.path().join("content"), &out, None, None).expect("build");
    assert!(!out.join("api/v1/articles/draft-preview.json").exists());
    let all = snapshot(&out);
    assert!(all
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("Preview of next season")));
}

#[test]
fn media_is_copied_and_empty_sections_still_get_their_own_url() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("dist");
    build(&tmp.path().join("content"), &out, None, None).expect("build");
    assert!(out.join("media/ferry.svg").is_file());
    let page: broadsheet_app::model::ListingPage =
        serde_json::from_slice(&fs::read(out.join("api/v1/sections/culture/newest.json")).unwrap())
            .unwrap();
    assert_eq!(
        (page.total_pages, page.total_items, page.items.len()),
        (Some(1), Some(0), 0)
    );
}
