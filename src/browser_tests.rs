//! Component tests in a real browser (wasm-bindgen-test in headless Chromium):
//! each mounts one component into the page and reads the DOM it made.

use crate::api::LoadError;
use crate::components::card::Card;
use crate::components::error_view::ErrorView;
use crate::context::SiteCtx;
use crate::fixtures;
use crate::i18n::{format_datetime, EN, ZH};
use crate::model::Article;
use crate::pages::article::ArticlePage;
use crate::route::Page;
use leptos::mount::mount_to;
use leptos::prelude::*;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", root.inner_html()))
        .text_content()
        .unwrap_or_default()
}

fn attr(root: &HtmlElement, selector: &str, name: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .get_attribute(name)
        .unwrap_or_default()
}

fn ctx(language: &str) -> SiteCtx {
    SiteCtx::new(fixtures::site("https://example.org/news/", language))
}

#[wasm_bindgen_test]
fn listing_card_shows_title_date_summary_and_a_sized_thumbnail() {
    let root = container();
    mount_to(root.clone(), || {
        provide_context(ctx("en"));
        view! { <ul><Card item=fixtures::summary("a", "Story A")/></ul> }
    })
    .forget();
    assert_eq!(text(&root, "a.card-link"), "Story A");
    assert_eq!(attr(&root, "a.card-link", "href"), "/news/city/a/");
    assert_eq!(text(&root, "p.summary"), "About Story A");
    assert_eq!(text(&root, "time"), "28 November 2026");
    assert_eq!(attr(&root, "img", "width"), "1200");
    assert_eq!(attr(&root, "img", "height"), "675");
    assert_eq!(attr(&root, "img", "src"), "/news/media/ferry.svg");
}

#[wasm_bindgen_test]
fn article_view_shows_headline_credits_views_and_the_body() {
    let root = container();
    mount_to(root.clone(), || {
        provide_context(ctx("zh-CN"));
        view! { <ArticlePage article=fixtures::article()/> }
    })
    .forget();
    assert_eq!(text(&root, "h1"), "New ferry line </script><!-- opens");
    assert_eq!(text(&root, ".body h2#c-route"), "Route");
    assert!(text(&root, ".credits").contains("Lin Wei"));
    assert!(text(&root, ".views").contains("浏览 1.2万"));
    assert_eq!(text(&root, "time.published"), "2026年11月28日 09:30");
    assert_eq!(attr(&root, "article", "lang"), "en");
    assert_eq!(
        attr(&root, "nav.prev-next a[rel=prev]", "href"),
        "/news/city/older/"
    );
    assert!(
        root.query_selector("script").unwrap().is_none(),
        "no script from content"
    );
}

/// An English error view for `error` mounted in a fresh container, the number of times its
/// retry ran, and its retry button.
fn error_view_with_retry(error: LoadError) -> (HtmlElement, Arc<AtomicU32>, HtmlElement) {
    let root = container();
    let clicks = Arc::new(AtomicU32::new(0));
    let counter = clicks.clone();
    mount_to(root.clone(), move || {
        provide_context(ctx("en"));
        let retry = Callback::new(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        view! { <ErrorView error=error.clone() retry=Some(retry)/> }
    })
    .forget();
    let button = root
        .query_selector("button.retry")
        .unwrap()
        .unwrap()
        .unchecked_into();
    (root, clicks, button)
}

#[wasm_bindgen_test]
fn error_view_explains_in_words_and_retries_on_click() {
    let (root, clicks, button) = error_view_with_retry(LoadError::Server(503, 0));
    assert_eq!(text(&root, ".error-view h1"), "The server had a problem");
    assert!(text(&root, ".error-view p").contains("error 503"));
    button.click();
    assert_eq!(clicks.load(Ordering::SeqCst), 1);
}

async fn sleep(ms: i32) {
    let wake = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(wake).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_server_asking_to_wait_holds_the_retry_back_counting_down() {
    let (_root, clicks, button) = error_view_with_retry(LoadError::Server(503, 2));
    assert_eq!(button.text_content().unwrap(), "Try again in 2 s");
    assert!(button.has_attribute("disabled"));
    button.click();
    sleep(1_200).await;
    assert_eq!(button.text_content().unwrap(), "Try again in 1 s");
    button.click();
    assert_eq!(clicks.load(Ordering::SeqCst), 0, "no retry while waiting");
    sleep(1_000).await;
    assert_eq!(button.text_content().unwrap(), "Try again");
    assert!(!button.has_attribute("disabled"));
    button.click();
    assert_eq!(clicks.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn a_components_timer_is_replaced_by_the_next_and_never_fires_after_the_component() {
    use crate::timer::Timer;
    let fired = Arc::new(AtomicU32::new(0));
    let owner = Owner::new();
    let timer = owner.with(Timer::owned);
    let count = |n| {
        let fired = fired.clone();
        move || {
            fired.fetch_add(n, Ordering::SeqCst);
        }
    };
    timer.set(std::time::Duration::from_millis(20), count(1));
    timer.set(std::time::Duration::from_millis(20), count(10));
    sleep(80).await;
    assert_eq!(fired.load(Ordering::SeqCst), 10, "only the second ran");
    timer.set(std::time::Duration::from_millis(20), count(100));
    owner.cleanup();
    sleep(80).await;
    assert_eq!(
        fired.load(Ordering::SeqCst),
        10,
        "nothing ran after the cleanup"
    );
}

#[wasm_bindgen_test]
async fn the_progress_bar_shows_only_after_150_ms_of_the_same_wait() {
    use crate::components::chrome::Progress;
    use crate::context::Pending;
    let root = container();
    let (routing, set_routing) = signal(false);
    mount_to(root.clone(), move || {
        provide_context(Pending(RwSignal::new(false)));
        view! { <Progress is_routing=routing/> }
    })
    .forget();
    let active = || root.query_selector(".progress.active").unwrap().is_some();
    set_routing.set(true);
    sleep(100).await;
    set_routing.set(false);
    sleep(20).await;
    set_routing.set(true);
    sleep(70).await;
    assert!(
        !active(),
        "the first wait's timer was cleared when it ended"
    );
    sleep(150).await;
    assert!(
        active(),
        "the second wait shows the bar after its own 150 ms"
    );
    set_routing.set(false);
    sleep(20).await;
    assert!(!active());
}

#[wasm_bindgen_test]
fn not_found_view_offers_no_retry() {
    let root = container();
    mount_to(root.clone(), || {
        provide_context(ctx("zh-CN"));
        view! { <ErrorView error=LoadError::NotFound retry=None/> }
    })
    .forget();
    assert_eq!(text(&root, ".error-view.not-found h1"), "找不到这个页面");
    assert!(root.query_selector("button.retry").unwrap().is_none());
}

#[wasm_bindgen_test]
fn listing_page_links_to_its_neighbouring_pages() {
    use crate::pages::listing::ListingView;
    let root = container();
    mount_to(root.clone(), || {
        provide_context(ctx("en"));
        view! { <ListingView page=fixtures::listing(Page::Number(2))/> }
    })
    .forget();
    assert_eq!(root.query_selector_all("li.card").unwrap().length(), 2);
    assert_eq!(
        attr(&root, "nav.pagination a[rel=prev]", "href"),
        "/news/city/page/3/"
    );
    assert_eq!(
        attr(&root, "nav.pagination a[rel=next]", "href"),
        "/news/city/page/1/"
    );
    assert_eq!(text(&root, ".page-status"), "Page 2");
}

#[wasm_bindgen_test]
fn home_page_leads_with_its_top_story() {
    use crate::pages::home::HomePage;
    let root = container();
    mount_to(root.clone(), || {
        provide_context(ctx("en"));
        view! { <HomePage home=fixtures::home()/> }
    })
    .forget();
    assert_eq!(text(&root, "li.card.lead a.card-link"), "New ferry line");
    // The top story's picture is the page's largest paint: fetched at once, first.
    assert_eq!(attr(&root, "li.card.lead img", "fetchpriority"), "high");
    assert_eq!(attr(&root, "li.card.lead img", "loading"), "");
}

#[wasm_bindgen_test]
fn a_photo_renders_in_the_browser_as_the_builder_writes_it() {
    use crate::pages::article::ArticlePage;
    let mut article = fixtures::article();
    if let Some(lead) = &mut article.lead {
        lead.image = fixtures::photo();
    }
    let root = container();
    mount_to(root.clone(), move || {
        provide_context(ctx("en"));
        view! { <ArticlePage article/> }
    })
    .forget();
    let v = "/news/media/_v/quay-1a2b3c4d";
    assert_eq!(
        attr(&root, "figure.lead picture source", "srcset"),
        format!("{v}-320.webp 320w, {v}-720.webp 720w, {v}-960.webp 960w")
    );
    assert_eq!(attr(&root, "figure.lead source", "type"), "image/webp");
    assert_eq!(
        attr(&root, "figure.lead img", "sizes"),
        "(min-width: 44rem) 42rem, calc(100vw - 2rem)"
    );
    assert_eq!(
        attr(&root, "figure.lead img", "src"),
        format!("{v}-960.jpg")
    );
    assert_eq!(attr(&root, "figure.lead img", "width"), "960");
}

#[wasm_bindgen_test]
fn times_read_on_the_site_zones_clock_as_on_the_pre_rendered_pages() {
    // The same table the native tests check with jiff: the browser's Intl must agree.
    for case in crate::zone::cases::CASES {
        let (ts, zone) = (case.timestamp, case.zone);
        assert_eq!(format_datetime(ts, zone, &ZH), case.zh, "{ts} in {zone}");
        assert_eq!(format_datetime(ts, zone, &EN), case.en, "{ts} in {zone}");
    }
}

#[wasm_bindgen_test]
fn an_article_published_in_utc_shows_the_site_zones_time_and_keeps_the_instant() {
    let root = container();
    mount_to(root.clone(), || {
        provide_context(ctx("en"));
        let article = Article {
            published: "2026-11-28T01:30:00Z".into(),
            ..fixtures::article()
        };
        view! { <ArticlePage article/> }
    })
    .forget();
    assert_eq!(text(&root, "time.published"), "28 November 2026, 09:30");
    assert_eq!(
        attr(&root, "time.published", "datetime"),
        "2026-11-28T01:30:00Z"
    );
}

/// The browser's side of `crate::decode` (`JSON.parse` and `JsValue`); the readers
/// themselves are checked against serde natively.
#[wasm_bindgen_test]
fn documents_read_in_the_browser_as_the_builder_wrote_them() {
    use crate::decode::{self, parse};
    let article = fixtures::article();
    let node = parse(&json(&article)).unwrap();
    assert_eq!(decode::article(&node), Ok(article));
    let mut site = fixtures::site("https://example.org/news/", "zh-CN");
    site.logo = Some(fixtures::photo());
    site.labels.writers = "采写".into();
    assert_eq!(decode::site(&parse(&json(&site)).unwrap()), Ok(site));
    let home = fixtures::home();
    assert_eq!(decode::home(&parse(&json(&home)).unwrap()), Ok(home));
    for page in [Page::Newest, Page::Number(2)] {
        let page = fixtures::listing(page);
        let node = parse(&json(&page)).unwrap();
        assert_eq!(decode::listing_page(&node), Ok(page));
    }
}

#[wasm_bindgen_test]
fn an_older_document_reads_and_a_malformed_one_names_its_field_in_the_browser() {
    use crate::decode::{article, parse, Malformed};
    let old = r#"{"slug":"a","section":"s","title":"t","summary":"","published":"2026-01-02T03:04:05+08:00","body_html":"<p>x</p>","reading_minutes":1,"lead":null,"new_field":[1]}"#;
    let a = article(&parse(old).unwrap()).unwrap();
    assert_eq!((a.views, a.lead, a.tags.len()), (None, None, 0));
    let wrong = old.replace(r#""title":"t""#, r#""title":5"#);
    assert_eq!(article(&parse(&wrong).unwrap()), Err(Malformed("title")));
    let wrong = old.replace(r#""reading_minutes":1"#, r#""reading_minutes":1.5"#);
    assert_eq!(
        article(&parse(&wrong).unwrap()),
        Err(Malformed("reading_minutes"))
    );
    assert_eq!(article(&parse("[]").unwrap()), Err(Malformed("article")));
    assert_eq!(parse("{\"slug\":").err(), Some(Malformed("JSON")));
    assert_eq!(parse("<!DOCTYPE html>").err(), Some(Malformed("JSON")));
}

/// A model document as the builder writes it.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}
