//! Rendering one route to HTML natively, with the same components as the browser.

use crate::context::SiteCtx;
use crate::head::{HeadSink, HeadTags, PageMeta};
use crate::loader::Given;
use crate::model::Site;
use crate::store::Store;
use crate::App;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use std::sync::{Arc, Mutex};

/// A rendered page: the app's markup and its head tags.
pub struct Rendered {
    pub body: String,
    pub head: String,
    pub meta: Option<PageMeta>,
}

/// A route's document as the builder has it, before it is JSON: an [`crate::model::Article`],
/// [`crate::model::ListingPage`], [`crate::model::Home`] or [`crate::model::SiteMap`]
/// converts into one.
pub use crate::loader::Doc as Document;

/// Renders the page at `url_path` (a full path, including the base path) with the
/// given documents (API path relative to `api/v1/`, JSON text) in the store.
pub fn render(site: &Site, url_path: &str, docs: &[(&str, &str)]) -> Rendered {
    let store = Store::default();
    for (path, json) in docs {
        store.insert(path, *json);
    }
    render_with(site, url_path, store, None)
}

/// Renders the page at `url_path` showing `doc`, the document at `api_path` (relative to
/// `api/v1/`) as a value: what [`render`] makes from its JSON, without decoding it.
pub fn render_document(site: &Site, url_path: &str, api_path: &str, doc: Document) -> Rendered {
    let given = Given(Arc::new(Mutex::new(Some((api_path.to_string(), doc)))));
    render_with(site, url_path, Store::default(), Some(given))
}

fn render_with(site: &Site, url_path: &str, store: Store, given: Option<Given>) -> Rendered {
    let ctx = SiteCtx::new(site.clone());
    let collected: Arc<Mutex<Option<PageMeta>>> = Arc::default();
    let slot = collected.clone();
    let sink = HeadSink::new(move |meta| {
        if let Ok(mut slot) = slot.lock() {
            *slot = Some(meta);
        }
    });
    let owner = Owner::new();
    let body = owner.with(|| {
        provide_context(RequestUrl::new(url_path));
        provide_context(sink);
        if let Some(given) = given {
            provide_context(given);
        }
        let ctx = ctx.clone();
        view! { <App ctx store/> }.to_html()
    });
    let meta = collected.lock().ok().and_then(|mut m| m.take());
    let head = meta
        .clone()
        .map(|meta| owner.with(|| view! { <HeadTags ctx=ctx.clone() meta/> }.to_html()))
        .unwrap_or_default();
    owner.unset();
    Rendered { body, head, meta }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::images::Place;
    use crate::route::Page;

    fn render_doc<T: serde::Serialize>(base: &str, url: &str, api: &str, doc: &T) -> Rendered {
        let site = fixtures::site(base, "en");
        let json = serde_json::to_string(doc).unwrap();
        render(&site, url, &[(api, &json)])
    }

    #[test]
    fn an_article_renders_with_its_headline_credits_and_body() {
        let page = render_doc(
            "https://example.org/",
            "/city/new-ferry/",
            "articles/new-ferry.json",
            &fixtures::article(),
        );
        let html = &page.body;
        assert!(html.contains("class=\"article\""), "{html}");
        assert!(
            html.contains("New ferry line &lt;/script&gt;&lt;!-- opens"),
            "title escaped: {html}"
        );
        assert!(
            html.contains("<h2 id=\"c-route\">Route</h2>"),
            "body html kept"
        );
        assert!(html.contains("Lin Wei") && html.contains("Ana Costa"));
        assert!(html.contains("12,345"), "view count shown");
        assert!(
            html.contains("28 November 2026, 09:30"),
            "date in site offset"
        );
        assert!(html.contains("rel=\"prev\""), "neighbour link");
        assert!(html.contains("class=\"breadcrumb\""));
        let meta = page.meta.expect("article declares its head");
        assert_eq!(meta.path.as_deref(), Some("/city/new-ferry/"));
        assert!(
            page.head.contains("\"@type\":\"NewsArticle\""),
            "{}",
            page.head
        );
        assert!(
            !page.head.contains("</script><!--"),
            "JSON-LD escaped: {}",
            page.head
        );
    }

    #[test]
    fn an_article_published_in_utc_shows_the_site_zones_time_and_keeps_the_instant() {
        let article = crate::model::Article {
            published: "2026-11-28T01:30:00Z".into(),
            ..fixtures::article()
        };
        let page = render_doc(
            "https://example.org/",
            "/city/new-ferry/",
            "articles/new-ferry.json",
            &article,
        );
        let html = &page.body;
        assert!(
            html.contains(r#"datetime="2026-11-28T01:30:00Z" class="published">28 November 2026, 09:30</time>"#),
            "Asia/Shanghai's clock, the instant kept: {html}"
        );
    }

    #[test]
    fn a_site_that_writes_timestamps_on_its_clock_shows_them_as_written() {
        let mut site = fixtures::site("https://example.org/", "en");
        site.timestamps_in_zone = true;
        // Not what the builder writes (it writes `+08:00`): it shows the flag is obeyed.
        let article = crate::model::Article {
            published: "2026-11-28T01:30:00Z".into(),
            ..fixtures::article()
        };
        let json = serde_json::to_string(&article).unwrap();
        let page = render(
            &site,
            "/city/new-ferry/",
            &[("articles/new-ferry.json", &json)],
        );
        assert!(
            page.body.contains(r#"datetime="2026-11-28T01:30:00Z" class="published">28 November 2026, 01:30</time>"#),
            "as written: {}",
            page.body
        );
    }

    #[test]
    fn the_home_page_renders_lead_latest_and_section_blocks() {
        let page = render_doc("https://example.org/", "/", "home.json", &fixtures::home());
        assert!(page.body.contains("class=\"card lead\""), "{}", page.body);
        assert!(page.body.contains("Story A") && page.body.contains("Story B"));
        assert!(
            page.head.contains("<title>Harbour Daily</title>"),
            "{}",
            page.head
        );
    }

    #[test]
    fn the_home_pages_section_blocks_are_headlines_without_photos() {
        let home = fixtures::home();
        assert!(home.sections[0].items[0].thumbnail.is_some());
        let page = render_doc("https://example.org/", "/", "home.json", &home);
        let (before, blocks) = page
            .body
            .split_once("<div class=\"section-blocks\">")
            .unwrap_or_default();
        assert!(blocks.contains("Story B"), "{}", page.body);
        assert!(
            !blocks.contains("<img") && !blocks.contains("card-thumb"),
            "{blocks}"
        );
        assert_eq!(before.matches("<img").count(), 2, "{before}");
    }

    #[test]
    fn the_footer_shows_the_licence_numbers_linked_to_their_registries_only_when_set() {
        let home = serde_json::to_string(&fixtures::home()).unwrap();
        let mut site = fixtures::site("https://example.org/", "zh-CN");
        let without = render(&site, "/", &[("home.json", &home)]).body;
        assert!(!without.contains("licences"), "{without}");
        site.licences = crate::model::Licences {
            icp: "沪ICP备12345678号-1".into(),
            public_security: "沪公网安备 31010402000001号 <b>".into(),
        };
        let html = render(&site, "/", &[("home.json", &home)]).body;
        let line = &html[html.find("<p class=\"licences\">").expect(&html)..];
        let line = &line[..line.find("</p>").unwrap()];
        assert!(
            line.contains("href=\"https://beian.miit.gov.cn/\"")
                && line.contains(">沪ICP备12345678号-1</a>"),
            "{line}"
        );
        assert!(
            line.contains(
                "href=\"https://beian.mps.gov.cn/#/query/webSearch?code=31010402000001\""
            ),
            "{line}"
        );
        assert!(
            line.contains("31010402000001号 &lt;b&gt;</a>"),
            "text, escaped: {line}"
        );
    }

    #[test]
    fn the_sites_own_labels_replace_the_languages_words_where_set() {
        let doc = serde_json::to_string(&fixtures::article()).unwrap();
        let docs = [("articles/new-ferry.json", doc.as_str())];
        let mut site = fixtures::site("https://example.org/", "zh-CN");
        let plain = render(&site, "/city/new-ferry/", &docs).body;
        assert!(
            plain.contains("当前位置") && plain.contains("浏览 1.2万"),
            "{plain}"
        );
        site.labels = crate::model::Labels {
            you_are_here: "你的位置".into(),
            writers: "采写".into(),
            photographers: "摄影".into(),
            views: "点击 {} 次".into(),
            ..Default::default()
        };
        let html = render(&site, "/city/new-ferry/", &docs).body;
        assert!(html.contains("aria-label=\"你的位置\""), "{html}");
        assert!(
            html.contains(">你的位置</span>") && !html.contains("当前位置"),
            "{html}"
        );
        let credits = &html[html.find("class=\"credits\"").expect(&html)..];
        assert!(
            credits.contains(">采写</span>") && credits.contains(">摄影</span>"),
            "{credits}"
        );
        assert!(html.contains(">点击 1.2万 次</span>"), "{html}");
        site.labels.views = "点击".into();
        let html = render(&site, "/city/new-ferry/", &docs).body;
        assert!(html.contains(">点击 1.2万</span>"), "{html}");
    }

    #[test]
    fn the_rss_map_lists_every_feed_in_every_format_under_the_base_path() {
        let site = fixtures::site("https://example.org/news/", "zh-CN");
        let page = render(&site, "/news/feeds/", &[]);
        let html = &page.body;
        let main = &html[html.find("<main").expect(html)..html.find("</main>").expect(html)];
        assert!(main.contains("<h1>RSS 地图</h1>"), "{main}");
        for folder in ["", "city/", "sports/"] {
            for file in ["feed.xml", "atom.xml", "feed.json"] {
                let href = format!("href=\"/news/{folder}{file}\"");
                assert_eq!(main.matches(&href).count(), 1, "{href} in {main}");
            }
        }
        assert_eq!(
            main.matches("class=\"feed\"").count(),
            3,
            "site + 2 sections"
        );
        let footer = &html[html.find("<footer").expect(html)..];
        assert!(
            footer.contains("href=\"/news/feeds/\""),
            "the footer links it: {footer}"
        );
        assert_eq!(page.meta.map(|m| m.title), Some("RSS 地图".to_string()));
    }

    #[test]
    fn a_section_announces_its_own_feeds_and_the_home_page_only_the_sites() {
        let listing = fixtures::listing(Page::Newest);
        let page = render_doc(
            "https://example.org/",
            "/city/",
            "sections/city/newest.json",
            &listing,
        );
        for (kind, file) in [
            ("application/rss+xml", "feed.xml"),
            ("application/atom+xml", "atom.xml"),
            ("application/feed+json", "feed.json"),
        ] {
            let link = format!("type=\"{kind}\" title=\"City · Harbour Daily\" href=\"https://example.org/city/{file}\"");
            assert!(page.head.contains(&link), "{link} in {}", page.head);
        }
        assert_eq!(
            page.head.matches("data-own-feed").count(),
            3,
            "{}",
            page.head
        );
        let home = render_doc("https://example.org/", "/", "home.json", &fixtures::home());
        assert!(!home.head.contains("data-own-feed"), "{}", home.head);
        assert!(
            home.head.contains("href=\"https://example.org/feed.xml\""),
            "the site's feed"
        );
    }

    #[test]
    fn a_site_in_taiwan_reads_traditional_characters() {
        let doc = serde_json::to_string(&fixtures::article()).unwrap();
        let site = fixtures::site("https://example.org/", "zh-TW");
        let html = render(
            &site,
            "/city/new-ferry/",
            &[("articles/new-ferry.json", &doc)],
        )
        .body;
        assert!(
            html.contains(">首頁</a>") && html.contains("目前位置"),
            "{html}"
        );
        assert!(
            html.contains("瀏覽 1.2萬") && html.contains("網站地圖"),
            "{html}"
        );
        assert!(
            !html.contains("首页") && !html.contains("网站地图"),
            "{html}"
        );
    }

    #[test]
    fn links_carry_the_base_path_of_a_sub_path_site() {
        let page = render_doc(
            "https://example.org/news/",
            "/news/city/new-ferry/",
            "articles/new-ferry.json",
            &fixtures::article(),
        );
        assert!(page.body.contains("href=\"/news/city/\""), "{}", page.body);
        assert!(page.body.contains("src=\"/news/media/ferry.svg\""));
        assert!(page
            .head
            .contains("https://example.org/news/city/new-ferry/"));
    }

    #[test]
    fn a_lead_photo_renders_as_a_picture_with_webp_srcset_and_the_columns_sizes() {
        let mut article = fixtures::article();
        if let Some(lead) = &mut article.lead {
            lead.image = fixtures::photo();
        }
        let page = render_doc(
            "https://example.org/news/",
            "/news/city/new-ferry/",
            "articles/new-ferry.json",
            &article,
        );
        let sizes = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";
        let v = "/news/media/_v/quay-1a2b3c4d";
        let source = format!(
            "<source type=\"image/webp\" srcset=\"{v}-320.webp 320w, {v}-720.webp 720w, {v}-960.webp 960w\" sizes=\"{sizes}\">"
        );
        let img = format!(
            "<img src=\"{v}-960.jpg\" srcset=\"{v}-320.jpg 320w, {v}-720.jpg 720w, {v}-960.jpg 960w\" sizes=\"{sizes}\" width=\"960\" height=\"640\" alt=\"The quay at dawn\" fetchpriority=\"high\">"
        );
        let html = &page.body;
        assert!(
            html.contains("<figure class=\"lead\"><picture><source"),
            "{html}"
        );
        assert!(html.contains(&source) && html.contains(&img), "{html}");
    }

    #[test]
    fn card_thumbnails_are_lazy_with_the_card_grids_sizes_and_svgs_stay_plain() {
        let mut home = fixtures::home();
        if let Some(item) = home.latest.first_mut() {
            item.thumbnail = Some(fixtures::photo());
        }
        let page = render_doc("https://example.org/", "/", "home.json", &home);
        let html = &page.body;
        let card = html
            .split("<picture>")
            .find(|p| p.contains("quay-1a2b3c4d"))
            .unwrap_or_default();
        assert!(
            card.contains(Place::Card.sizes(960, 640).as_str()),
            "{html}"
        );
        assert!(card.contains("loading=\"lazy\""), "{card}");
        assert!(
            html.contains(
                "<img src=\"/media/ferry.svg\" width=\"1200\" height=\"675\" alt=\"A ferry\""
            ),
            "{html}"
        );
    }

    #[test]
    fn a_document_given_as_a_value_renders_as_its_json_does() {
        use crate::model::{MonthCount, Person, Section, SiteMap, SiteMapSection, Tag};
        use crate::route::{listing_api_path, Route};
        let site = fixtures::site("https://example.org/", "zh-CN");
        let map = SiteMap {
            sections: vec![SiteMapSection {
                section: Section {
                    slug: "city".into(),
                    name: "City <b>".into(),
                },
                count: 3,
            }],
            months: vec![MonthCount {
                year: 2026,
                month: 11,
                count: 3,
            }],
            tags: vec![Tag {
                slug: "ferries".into(),
                name: "Ferries & boats".into(),
            }],
            people: vec![Person {
                slug: "lin-wei".into(),
                name: "Lin Wei".into(),
            }],
        };
        let listing = fixtures::listing(Page::Number(2));
        let listing_path = listing_api_path(&listing.listing, Page::Number(2));
        let listing_route = Route::of_listing(&listing.listing, Page::Number(2)).unwrap();
        let article = crate::model::Article {
            body_html: "<p>Body <em>with</em> <!> markup</p>".into(),
            ..fixtures::article()
        };
        let cases: Vec<(Route, String, String, Document)> = vec![
            (
                Route::Home,
                "home.json".into(),
                serde_json::to_string(&fixtures::home()).unwrap(),
                fixtures::home().into(),
            ),
            (
                Route::SiteMap,
                "sitemap.json".into(),
                serde_json::to_string(&map).unwrap(),
                map.clone().into(),
            ),
            (
                listing_route,
                listing_path,
                serde_json::to_string(&listing).unwrap(),
                listing.clone().into(),
            ),
            (
                Route::article("city", "new-ferry"),
                "articles/new-ferry.json".into(),
                serde_json::to_string(&article).unwrap(),
                article.clone().into(),
            ),
        ];
        for (route, api, json, doc) in cases {
            let url = site.base_path().href(&route);
            let from_json = render(&site, &url, &[(&api, &json)]);
            let from_value = render_document(&site, &url, &api, doc);
            assert!(!from_json.body.contains("error-view"), "{}", from_json.body);
            assert_eq!(from_value.body, from_json.body, "{url}");
            assert_eq!(from_value.head, from_json.head, "{url}");
        }
        // A value given for another document is not shown: the route's own is missing.
        let page = render_document(
            &site,
            "/city/new-ferry/",
            "articles/other.json",
            article.into(),
        );
        assert!(page.body.contains("not-found"), "{}", page.body);
    }

    #[test]
    fn an_unknown_path_renders_the_not_found_view() {
        let site = fixtures::site("https://example.org/", "zh-CN");
        let page = render(&site, "/no/such/page/here/", &[]);
        assert!(page.body.contains("error-view not-found"), "{}", page.body);
        assert!(page.body.contains("找不到这个页面"));
    }

    #[test]
    fn a_route_without_its_document_renders_not_found_not_a_panic() {
        let site = fixtures::site("https://example.org/", "en");
        let page = render(&site, "/city/missing/", &[]);
        assert!(page.body.contains("not-found"), "{}", page.body);
    }

    #[test]
    fn a_wrong_shaped_document_renders_the_bad_data_view() {
        let site = fixtures::site("https://example.org/", "en");
        let page = render(
            &site,
            "/city/new-ferry/",
            &[("articles/new-ferry.json", r#"{"title": 5}"#)],
        );
        assert!(
            page.body.contains("This content cannot be shown"),
            "{}",
            page.body
        );
    }

    #[test]
    fn config_links_with_script_schemes_are_neutralised() {
        let page = render_doc("https://example.org/", "/", "home.json", &fixtures::home());
        assert!(!page.body.contains("javascript:"), "{}", page.body);
    }

    #[test]
    fn a_base_url_with_a_script_scheme_reaches_no_link() {
        let article = fixtures::article();
        let article_api = format!("articles/{}.json", article.slug);
        let article_path = format!("{}/{}/", article.section, article.slug);
        let documents = [
            ("/", "home.json", serde_json::to_string(&fixtures::home())),
            (&article_path, &article_api, serde_json::to_string(&article)),
        ];
        for base in [
            "javascript:alert(document.domain)//",
            "javascript://%0aalert(1)/",
        ] {
            for (path, api, json) in &documents {
                let site = fixtures::site(base, "en");
                let url = site.base_path().join(path);
                let json = json.as_ref().unwrap();
                let page = render(&site, &url, &[(api, json)]);
                assert!(!page.body.contains("not-found"), "{url}: {}", page.body);
                for html in [&page.body, &page.head] {
                    for attr in [
                        "href=\"javascript:",
                        "content=\"javascript:",
                        "\"url\":\"javascript:",
                    ] {
                        assert!(!html.contains(attr), "{url}: {attr} in {html}");
                    }
                }
            }
        }
    }

    #[test]
    fn page_zero_is_not_a_route() {
        let page = render_doc(
            "https://example.org/",
            "/city/page/0/",
            "sections/city/page/0.json",
            &fixtures::listing(Page::Number(1)),
        );
        assert!(page.body.contains("not-found"), "{}", page.body);
    }
}
