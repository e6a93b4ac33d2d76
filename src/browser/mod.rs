//! Everything that only happens in a browser, rooted here: starting the app and
//! taking over the pre-rendered page. The leaves do one job each and know nothing of
//! the app: [`head`] updates the document head, [`focus`] moves focus, announces and
//! restores scroll positions, [`forms`] follows search forms, [`keep`] keeps the reader's
//! focus and scroll position through the take-over; prefetching lives in
//! [`crate::prefetch`], reached by the loader through context.

mod focus;
mod forms;
mod head;
mod keep;

use crate::api::fetch_text;
use crate::context::SiteCtx;
use crate::decode::{self, Node};
use crate::head::{HeadSink, PageMeta, PageStatus};
use crate::links::BasePath;
use crate::model::Site;
use crate::prefetch::Prefetches;
use crate::store::Store;
use crate::App;
use leptos::mount::mount_to;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

#[derive(Default)]
struct State {
    /// The app, mounted off-screen, until its first page is ready to replace the static one.
    waiting: Option<(HtmlElement, Box<dyn FnOnce()>)>,
    booted: bool,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Starts the app: on the data the page carries when it has it, else on `site.json`.
/// Elements are found by their tag and id, so an element of the body with the same id
/// (which the builder's namespace for content ids rules out) could not be taken for them.
pub fn boot() {
    let embedded = document()
        .query_selector("script#bs-data[type='application/json']")
        .ok()
        .flatten()
        .and_then(|el| el.text_content())
        .and_then(|text| embedded_data(&text));
    match embedded {
        Some((site, store)) => start(SiteCtx::new(site), store),
        // Not Leptos's `spawn_local`: its executor only exists once the app is mounted,
        // and spawning before that panics.
        None => wasm_bindgen_futures::spawn_local(async {
            let url = BasePath::new("/").api_url("site.json");
            match fetch_text(&url, None).await {
                Ok(text) => match decode::parse(&text).and_then(|node| decode::site(&node)) {
                    Ok(site) => start(SiteCtx::new(site), Store::default()),
                    Err(e) => leptos::logging::error!("site.json has the wrong shape: {e}"),
                },
                Err(e) => leptos::logging::error!("cannot load site.json: {e}"),
            }
        }),
    }
}

/// The site and the store with the route's document, from the data a pre-rendered page
/// embeds (`crate::model::Embedded`); the document is kept as JSON text, like a fetched one.
fn embedded_data(text: &str) -> Option<(Site, Store)> {
    let node = decode::parse(text).ok()?;
    let site = decode::site(&node.member("site")?).ok()?;
    let store = Store::default();
    let path = node.member("path").and_then(|p| p.as_string());
    let data = node
        .member("data")
        .and_then(|d| js_sys::JSON::stringify(&d).ok());
    if let (Some(path), Some(data)) = (path, data.and_then(|d| d.as_string())) {
        store.insert(&path, data);
    }
    Some((site, store))
}

fn start(ctx: SiteCtx, store: Store) {
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    let prefetches = Prefetches::new(ctx.base.clone(), store.clone());
    listen(&prefetches);
    let Ok(container) = document().create_element("div") else {
        return;
    };
    container.set_id("app");
    let container: HtmlElement = container.unchecked_into();
    let handle = mount_to(container.clone(), move || {
        let shown = ctx.clone();
        provide_context(HeadSink::new(move |meta| page_shown(&shown, meta)));
        provide_context(StoredValue::new_local(prefetches));
        view! { <App ctx store/> }
    });
    // Dropping the handle unmounts the app; keeping it (forget) keeps it running.
    let mut handle = Some(handle);
    let finish = Box::new(move || {
        if let Some(h) = handle.take() {
            h.forget();
        }
    });
    STATE.with_borrow_mut(|s| s.waiting = Some((container, finish)));
}

/// Called whenever a page has rendered (through the [`HeadSink`]).
fn page_shown(ctx: &SiteCtx, meta: PageMeta) {
    let title = meta.document_title(&ctx.site);
    let loaded = ctx.t.loaded;
    let ctx = ctx.clone();
    request_animation_frame(move || {
        let first = STATE.with_borrow(|s| !s.booted);
        if first {
            take_over(meta.status);
        } else if meta.status == PageStatus::NotFound {
            // Not a page of the app (a feed, a file, or a page that does not exist):
            // let the static host answer it.
            let _ = window().location().reload();
            return;
        }
        head::apply(&ctx, &meta);
        if !first {
            focus::after_navigation(loaded, &title);
        }
    });
}

/// Replaces the static page with the app, in one step before the next paint, unless
/// the app's first page failed: then the static page stays, readable as it is. Focus and
/// scroll position stay where the reader had them.
fn take_over(status: PageStatus) {
    let Some((container, finish)) = STATE.with_borrow_mut(|s| {
        s.booted = true;
        s.waiting.take()
    }) else {
        return;
    };
    let doc = document();
    let static_page = doc.query_selector("body > div#app").ok().flatten();
    if status == PageStatus::Failed && static_page.is_some() {
        leptos::logging::warn!("keeping the pre-rendered page: the app could not load its data");
        return;
    }
    match static_page {
        Some(old) => {
            let kept = keep::Kept::before(&old);
            if old.replace_with_with_node_1(&container).is_ok() {
                kept.restore(&container);
            }
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

/// Window listeners for the app's lifetime: scroll positions (kept on leaving), back/forward, and
/// prefetching the data behind the link under the pointer, finger or focus (until it leaves).
fn listen(prefetches: &Prefetches) {
    on_window_capture("click", |_| focus::remember_position());
    on_window_active("keydown", |ev| focus::search_shortcut(&ev));
    on_window_active("submit", |ev| forms::follow_search(&ev));
    on_window("popstate", |_| focus::restore_on_next_page());
    for event in ["pointerover", "touchstart", "focusin"] {
        let prefetches = prefetches.clone();
        on_window(event, move |ev| prefetches.for_link_under(&ev));
    }
    for event in ["pointerout", "focusout"] {
        let prefetches = prefetches.clone();
        on_window(event, move |ev| prefetches.left_link(&ev));
    }
}

/// A listener on `window` for the app's lifetime (passive: it never blocks scrolling).
fn on_window(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    listen_on_window(event, Box::new(handler), true);
}

/// A listener on `window` that runs before the page's own (capture phase), so it sees
/// a click before the router acts on it.
fn on_window_capture(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    listen_on_window_with(event, Box::new(handler), true, true);
}

/// A listener on `window` that may cancel its event (a keyboard shortcut).
fn on_window_active(event: &str, handler: impl FnMut(web_sys::Event) + 'static) {
    listen_on_window(event, Box::new(handler), false);
}

fn listen_on_window(event: &str, handler: Box<dyn FnMut(web_sys::Event)>, passive: bool) {
    listen_on_window_with(event, handler, passive, false);
}

fn listen_on_window_with(
    event: &str,
    handler: Box<dyn FnMut(web_sys::Event)>,
    passive: bool,
    capture: bool,
) {
    use wasm_bindgen::closure::Closure;
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(passive);
    options.set_capture(capture);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        event,
        closure.as_ref().unchecked_ref(),
        &options,
    );
    closure.forget();
}
