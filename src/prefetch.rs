//! Prefetching the data behind the link under the reader's pointer, finger or focus,
//! so a click shows the next page at once. The browser root wires the events; the
//! loader finds a prefetch under way through context and adopts it instead of asking
//! twice.
//!
//! Good manners: at most [`MAX_IN_FLIGHT`] prefetches at once (the newest link beyond
//! them waits for a slot, alone); a prefetch is aborted when the pointer or focus leaves
//! its link, or a navigation starts that does not need it — unless a loader adopted it,
//! then it is the loader's; after a 503 with `Retry-After`, none starts until that time.

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

/// How many prefetches may be in flight at once.
pub const MAX_IN_FLIGHT: usize = 3;

pub type SharedFetch = Shared<LocalBoxFuture<'static, Result<String, LoadError>>>;

/// How the app's components reach the prefetches (context must be `Send`; these are
/// browser-thread values, so they sit in local storage).
pub type PrefetchCtx = StoredValue<Prefetches, LocalStorage>;

/// The prefetches under way, by API path.
#[derive(Clone)]
pub struct Prefetches {
    base: BasePath,
    store: Store,
    state: Rc<RefCell<State>>,
}

#[derive(Default)]
struct State {
    running: HashMap<String, Running>,
    /// The newest link's document that found every slot taken.
    waiting: Option<String>,
    /// No prefetch starts before this time (ms since 1970): the server asked us to wait.
    paused_until: f64,
    started: u32,
}

/// A prefetch under way, and what aborts it.
#[derive(Clone)]
pub struct Running {
    pub fetch: SharedFetch,
    pub controller: Option<web_sys::AbortController>,
    /// Taken over by a loader, which now decides when to abort it.
    adopted: bool,
    id: u32,
}

/// The link (`a[href]`) an event happened on or in.
fn link_of(ev: &web_sys::Event) -> Option<Element> {
    ev.target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("a[href]").ok().flatten())
}

impl Prefetches {
    pub fn new(base: BasePath, store: Store) -> Prefetches {
        Prefetches {
            base,
            store,
            state: Rc::default(),
        }
    }

    /// Hands the prefetch of `path` under way, if any, to a loader: it is never aborted
    /// here again.
    pub fn adopt(&self, path: &str) -> Option<Running> {
        let mut state = self.state.borrow_mut();
        let running = state.running.get_mut(path)?;
        running.adopted = true;
        Some(running.clone())
    }

    /// A navigation to the document at `wanted` started: every other prefetch that no
    /// loader adopted is aborted, and the waiting one forgotten.
    pub fn navigating(&self, wanted: Option<&str>) {
        let unwanted: Vec<String> = {
            let mut state = self.state.borrow_mut();
            state.waiting = None;
            let running = &state.running;
            running
                .iter()
                .filter(|(path, r)| !r.adopted && Some(path.as_str()) != wanted)
                .map(|(path, _)| path.clone())
                .collect()
        };
        for path in unwanted {
            self.abort(&path);
        }
    }

    /// Prefetches the document behind the same-site link the event happened on.
    pub fn for_link_under(&self, ev: &web_sys::Event) {
        if let Some(path) = link_of(ev).and_then(|a| self.api_path(a)) {
            self.start(path);
        }
    }

    /// The pointer (a mouse's: a finger leaves every link it taps) or the focus left a
    /// link (`pointerout`, `focusout`): its prefetch is aborted unless a loader adopted
    /// it, or no longer waits. Moving within the link is not leaving it.
    pub fn left_link(&self, ev: &web_sys::Event) {
        if ev
            .dyn_ref::<web_sys::PointerEvent>()
            .is_some_and(|p| p.pointer_type() != "mouse")
        {
            return;
        }
        let Some(link) = link_of(ev) else {
            return;
        };
        let into = ev
            .dyn_ref::<web_sys::MouseEvent>()
            .and_then(|m| m.related_target())
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if into.is_some_and(|node| link.contains(Some(&node))) {
            return;
        }
        let Some(path) = self.api_path(link) else {
            return;
        };
        let adopted = {
            let mut state = self.state.borrow_mut();
            if state.waiting.as_deref() == Some(path.as_str()) {
                state.waiting = None;
            }
            state.running.get(&path).map(|r| r.adopted)
        };
        if adopted == Some(false) {
            self.abort(&path);
        }
    }

    /// No prefetch starts for `seconds` (a server's `Retry-After`; 0: no pause).
    pub fn pause(&self, seconds: u32) {
        if seconds > 0 {
            let mut state = self.state.borrow_mut();
            state.paused_until = js_sys::Date::now() + f64::from(seconds) * 1000.0;
            state.waiting = None;
        }
    }

    /// The API path of the document behind a link to one of the site's pages.
    fn api_path(&self, link: Element) -> Option<String> {
        let anchor = link.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
        if anchor.origin() != window().location().origin().unwrap_or_default() {
            return None;
        }
        self.base.route_at(&anchor.pathname())?.api_path()
    }

    /// Aborts the prefetch of `path` and gives its slot to the one waiting.
    fn abort(&self, path: &str) {
        let removed = self.state.borrow_mut().running.remove(path);
        if let Some(controller) = removed.and_then(|r| r.controller) {
            controller.abort();
        }
        self.start_waiting();
    }

    fn start_waiting(&self) {
        let waiting = self.state.borrow_mut().waiting.take();
        if let Some(path) = waiting {
            self.start(path);
        }
    }

    fn start(&self, path: String) {
        let mut state = self.state.borrow_mut();
        if self.store.contains(&path)
            || state.running.contains_key(&path)
            || js_sys::Date::now() < state.paused_until
        {
            return;
        }
        if state.running.len() >= MAX_IN_FLIGHT {
            state.waiting = Some(path);
            return;
        }
        let url = self.base.api_url(&path);
        let controller = web_sys::AbortController::new().ok();
        let signal = controller.clone();
        let fetch = async move { fetch_text(&url, signal).await }
            .boxed_local()
            .shared();
        state.started = state.started.wrapping_add(1);
        let id = state.started;
        let running = Running {
            fetch: fetch.clone(),
            controller,
            adopted: false,
            id,
        };
        state.running.insert(path.clone(), running);
        drop(state);
        let this = self.clone();
        leptos::task::spawn_local(async move {
            let result = fetch.await;
            this.finished(&path, id, result);
        });
    }

    /// A prefetch ended (done, failed or aborted): its slot is free, unless it was
    /// aborted and the path asked for again since.
    fn finished(&self, path: &str, id: u32, result: Result<String, LoadError>) {
        {
            let mut state = self.state.borrow_mut();
            if state.running.get(path).is_some_and(|r| r.id == id) {
                state.running.remove(path);
            }
        }
        self.pause(result.as_ref().err().map_or(0, LoadError::retry_after));
        if let Ok(doc) = result {
            self.store.insert(path, doc.as_str());
        }
        self.start_waiting();
    }
}
