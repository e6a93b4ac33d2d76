//! Everything that only happens in a browser: taking over the pre-rendered page,
//! the document head after navigation, focus and announcements, scroll positions
//! on back/forward, and prefetching a link's data when the reader points at it.

use crate::api::{api_url, fetch_text};
use crate::context::SiteCtx;
use crate::head::{absolute, PageMeta};
use crate::model::Embedded;
use crate::route::Route;
use crate::store::{LoadError, Store};
use crate::App;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::mount::mount_to;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// How many pages' scroll positions are remembered for back/forward.
const REMEMBERED_POSITIONS: usize = 200;

#[derive(Default)]
struct State {
    /// The app, mounted off-screen, until its first page is ready to replace the static one.
    waiting: Option<(HtmlElement, Box<dyn FnOnce()>)>,
    booted: bool,
    positions: HashMap<String, f64>,
    /// Set by a back/forward navigation: the path whose scroll position to restore.
    restore: Option<String>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Starts the app: on the data the page carries when it has it, else on `site.json`.
pub fn boot() {
    let embedded = document()
        .get_element_by_id("bs-data")
        .and_then(|el| el.text_content())
        .and_then(|text| serde_json::from_str::<Embedded>(&text).ok());
    match embedded {
        Some(Embedded { site, path, data }) => {
            let store = Store::default();
            if let (Some(path), Some(data)) = (path, data) {
                store.insert(&path, data.get());
            }
            start(SiteCtx::new(site), store);
        }
        None => leptos::task::spawn_local(async {
            match fetch_text(&api_url("/", "site.json"), None).await {
                Ok(text) => match serde_json::from_str(&text) {
                    Ok(site) => start(SiteCtx::new(site), Store::default()),
                    Err(e) => leptos::logging::error!("site.json has the wrong shape: {e}"),
                },
                Err(e) => leptos::logging::error!("cannot load site.json: {e}"),
            }
        }),
    }
}

fn start(ctx: SiteCtx, store: Store) {
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    listen(ctx.clone(), store.clone());
    let Ok(container) = document().create_element("div") else {
        return;
    };
    container.set_id("app");
    let container: HtmlElement = container.unchecked_into();
    let handle = mount_to(container.clone(), move || view! { <App ctx store/> });
    // Dropping the handle unmounts the app; keeping it (forget) keeps it running.
    let mut handle = Some(handle);
    let finish = Box::new(move || {
        if let Some(h) = handle.take() {
            h.forget();
        }
    });
    STATE.with_borrow_mut(|s| s.waiting = Some((container, finish)));
}

/// Called whenever a page has rendered (from `set_head`).
pub fn page_shown(ctx: &SiteCtx, meta: PageMeta) {
    let site_title = meta.document_title(&ctx.site);
    let canonical = meta.canonical(&ctx.site);
    let image = meta.image.as_deref().map(|i| absolute(&ctx.site, i));
    let loaded = ctx.t.loaded;
    let failed = meta.failed;
    let not_found = meta.not_found;
    request_animation_frame(move || {
        let first = STATE.with_borrow(|s| !s.booted);
        if first {
            take_over(failed);
        } else if not_found {
            // Not a page of the app (a feed, a file, or a page that does not exist):
            // let the static host answer it.
            let _ = window().location().reload();
            return;
        }
        apply_head(&site_title, &meta, canonical.as_deref(), image.as_deref());
        if !first {
            after_navigation(loaded, &site_title);
        }
    });
}

/// Replaces the static page with the app, in one step before the next paint, unless
/// the app's first page failed: then the static page stays, readable as it is.
fn take_over(failed: bool) {
    let Some((container, finish)) = STATE.with_borrow_mut(|s| {
        s.booted = true;
        s.waiting.take()
    }) else {
        return;
    };
    let doc = document();
    let static_page = doc.get_element_by_id("app");
    if failed && static_page.is_some() {
        leptos::logging::warn!("keeping the pre-rendered page: the app could not load its data");
        return;
    }
    match static_page {
        Some(old) => {
            let _ = old.replace_with_with_node_1(&container);
        }
        None => {
            if let Some(body) = doc.body() {
                let _ = body.prepend_with_node_1(&container);
            }
        }
    }
    finish();
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("data-app", "ready");
    }
}

fn after_navigation(loaded: &str, title: &str) {
    let path = window().location().pathname().unwrap_or_default();
    let restore = STATE.with_borrow_mut(|s| match s.restore.take() {
        Some(p) if p == path => s.positions.get(&p).copied(),
        _ => None,
    });
    if let Some(y) = restore {
        window().scroll_to_with_x_and_y(0.0, y);
    }
    let doc = document();
    if let Ok(Some(h1)) = doc.query_selector("main h1") {
        let _ = h1.set_attribute("tabindex", "-1");
        if let Ok(h1) = h1.dyn_into::<HtmlElement>() {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = h1.focus_with_options(&options);
        }
    }
    if let Some(announcer) = doc.get_element_by_id("announcer") {
        announcer.set_text_content(Some(&format!("{loaded}：{title}")));
    }
}

fn apply_head(title: &str, meta: &PageMeta, canonical: Option<&str>, image: Option<&str>) {
    let doc = document();
    doc.set_title(title);
    set_meta("name", "description", &meta.description);
    set_meta("property", "og:title", &meta.title);
    set_meta("property", "og:description", &meta.description);
    set_meta("name", "twitter:title", &meta.title);
    set_meta("name", "twitter:description", &meta.description);
    if let Some(url) = canonical {
        set_meta("property", "og:url", url);
        if let Ok(Some(link)) = doc.query_selector("link[rel=canonical]") {
            let _ = link.set_attribute("href", url);
        }
    }
    if let Some(src) = image {
        set_meta("property", "og:image", src);
    }
}

fn set_meta(attr: &str, key: &str, content: &str) {
    let doc = document();
    let selector = format!("meta[{attr}=\"{key}\"]");
    let existing = doc.query_selector(&selector).ok().flatten();
    let el = match existing {
        Some(el) => el,
        None => {
            let Ok(el) = doc.create_element("meta") else {
                return;
            };
            let _ = el.set_attribute(attr, key);
            if let Some(head) = doc.head() {
                let _ = head.append_child(&el);
            }
            el
        }
    };
    let _ = el.set_attribute("content", content);
}

/// Window and document listeners for the app's lifetime.
fn listen(ctx: SiteCtx, store: Store) {
    on_window("scroll", |_| {
        let path = window().location().pathname().unwrap_or_default();
        let y = window().scroll_y().unwrap_or(0.0);
        STATE.with_borrow_mut(|s| {
            if s.restore.is_none() {
                if s.positions.len() >= REMEMBERED_POSITIONS && !s.positions.contains_key(&path) {
                    s.positions.clear();
                }
                s.positions.insert(path, y);
            }
        });
    });
    on_window("popstate", |_| {
        let path = window().location().pathname().unwrap_or_default();
        STATE.with_borrow_mut(|s| s.restore = Some(path));
    });
    for event in ["pointerover", "touchstart", "focusin"] {
        let ctx = ctx.clone();
        let store = store.clone();
        on_window(event, move |ev| prefetch(&ctx, &store, &ev));
    }
}

fn on_window(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        event,
        closure.as_ref().unchecked_ref(),
        &options,
    );
    closure.forget();
}

/// Fetches the data behind the link under the pointer (or finger, or focus), so a
/// click shows the next page at once.
fn prefetch(ctx: &SiteCtx, store: &Store, ev: &web_sys::Event) {
    let Some(anchor) = ev
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    if anchor.origin() != window().location().origin().unwrap_or_default() {
        return;
    }
    let pathname = anchor.pathname();
    if let Some(route) = Route::strip_base(&pathname, ctx.base()).and_then(Route::parse) {
        prefetch_document(store, ctx.base(), route.api_path());
    }
}

type SharedFetch = Shared<LocalBoxFuture<'static, Result<String, LoadError>>>;

thread_local! {
    /// Prefetches under way, so a click during one waits for it instead of asking twice.
    static PREFETCHING: RefCell<HashMap<String, SharedFetch>> = RefCell::new(HashMap::new());
}

fn prefetch_document(store: &Store, base: &str, path: String) {
    if store.contains(&path) || PREFETCHING.with_borrow(|p| p.contains_key(&path)) {
        return;
    }
    let url = api_url(base, &path);
    let fetch = async move { fetch_text(&url, None).await }
        .boxed_local()
        .shared();
    PREFETCHING.with_borrow_mut(|p| p.insert(path.clone(), fetch.clone()));
    let store = store.clone();
    leptos::task::spawn_local(async move {
        if let Ok(doc) = fetch.await {
            store.insert(&path, doc.as_str());
        }
        PREFETCHING.with_borrow_mut(|p| p.remove(&path));
    });
}

/// The prefetch of `path` under way, if any.
pub fn prefetching(path: &str) -> Option<SharedFetch> {
    PREFETCHING.with_borrow(|p| p.get(path).cloned())
}
