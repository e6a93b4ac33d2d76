//! Prefetching the data behind the link under the reader's pointer, finger or focus,
//! so a click shows the next page at once. The browser root wires the events; the
//! loader finds a prefetch under way through context and waits for it instead of
//! asking twice.

use crate::api::{fetch_text, LoadError};
use crate::links::BasePath;
use crate::store::Store;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;

pub type SharedFetch = Shared<LocalBoxFuture<'static, Result<String, LoadError>>>;

/// How the app's components reach the prefetches (context must be `Send`; these are
/// browser-thread values, so they sit in local storage).
pub type PrefetchCtx = StoredValue<Prefetches, LocalStorage>;

/// The prefetches under way, by API path.
#[derive(Clone)]
pub struct Prefetches {
    base: BasePath,
    store: Store,
    running: Rc<RefCell<HashMap<String, Running>>>,
}

/// A prefetch under way, and what aborts it (when a loader that took it over is left).
#[derive(Clone)]
pub struct Running {
    pub fetch: SharedFetch,
    pub controller: Option<web_sys::AbortController>,
}

impl Prefetches {
    pub fn new(base: BasePath, store: Store) -> Prefetches {
        Prefetches {
            base,
            store,
            running: Rc::default(),
        }
    }

    /// The prefetch of `path` under way, if any.
    pub fn pending(&self, path: &str) -> Option<Running> {
        self.running.borrow().get(path).cloned()
    }

    /// Prefetches the document behind the same-site link the event happened on.
    pub fn for_link_under(&self, ev: &web_sys::Event) {
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
        if let Some(route) = self.base.route_at(&anchor.pathname()) {
            if let Some(path) = route.api_path() {
                self.start(path);
            }
        }
    }

    fn start(&self, path: String) {
        if self.store.contains(&path) || self.running.borrow().contains_key(&path) {
            return;
        }
        let url = self.base.api_url(&path);
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.clone();
        let fetch = async move { fetch_text(&url, signal).await }
            .boxed_local()
            .shared();
        let running = Running {
            fetch: fetch.clone(),
            controller,
        };
        self.running.borrow_mut().insert(path.clone(), running);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            if let Ok(doc) = fetch.await {
                this.store.insert(&path, doc.as_str());
            }
            this.running.borrow_mut().remove(&path);
        });
    }
}
