//! Feed tests: absolute URLs under a sub-path, links in bodies, channel dates.

use broadsheet_app::model::Site;

use super::*;

fn site(base_url: &str) -> Site {
    broadsheet_app::fixtures::site(base_url, "en")
}

#[test]
fn urls_keep_the_base_path() {
    let s = site("https://example.org/news/");
    let route = Route::article("city", "ferry");
    assert_eq!(
        s.absolute(&route.path()),
        "https://example.org/news/city/ferry/"
    );
    assert_eq!(s.absolute(&Route::Home.path()), "https://example.org/news/");
    assert_eq!(
        s.absolute_asset("media/a.svg").as_deref(),
        Some("https://example.org/news/media/a.svg")
    );
    assert_eq!(
        s.absolute_asset("https://cdn.example/b.png").as_deref(),
        Some("https://cdn.example/b.png")
    );
}

#[test]
fn links_in_bodies_resolve_against_the_article_url() {
    let base = ammonia::Url::parse("https://example.org/news/city/ferry/").unwrap();
    let html = sanitize::clean_foreign(
        r##"<p><a href="/news/city/">c</a> <a href="#fn1">f</a> <a href="../x/">x</a></p><img src="/news/media/a.svg" alt="">"##,
        Some(&base),
    );
    for url in [
        "https://example.org/news/city/\"",
        "https://example.org/news/city/ferry/#fn1",
        "https://example.org/news/city/x/",
        "https://example.org/news/media/a.svg",
    ] {
        assert!(html.contains(url), "{url} in {html}");
    }
}

#[test]
fn a_channel_is_as_new_as_its_newest_item_across_offsets() {
    let item = |published: &str, updated: Option<&str>| Item {
        url: String::new(),
        title: String::new(),
        summary: String::new(),
        content_html: None,
        published: published.into(),
        updated: updated.map(str::to_string),
        authors: vec![],
        tags: vec![],
        image: None,
        language: None,
    };
    let channel = Channel {
        title: String::new(),
        description: String::new(),
        language: "en".into(),
        home_url: String::new(),
        feed_dir_url: String::new(),
        publisher: String::new(),
        items: vec![
            item(
                "2026-01-01T10:00:00+08:00",
                Some("2026-01-02T00:00:00+08:00"),
            ),
            item("2026-01-01T20:00:00+00:00", None),
        ],
    };
    assert_eq!(channel.updated(), Some("2026-01-01T20:00:00+00:00"));
}
