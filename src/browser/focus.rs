//! After a client-side navigation: focus on the new page's heading, an announcement
//! for screen readers, and the scroll position back where it was on back/forward.

use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// How many pages' scroll positions are remembered for back/forward.
const REMEMBERED_POSITIONS: usize = 200;

#[derive(Default)]
struct Positions {
    by_path: HashMap<String, f64>,
    /// Set by a back/forward navigation: the path whose scroll position to restore.
    restore: Option<String>,
    /// The path of the page on screen (empty until the first navigation: then it is the
    /// address the app started at, which the window still shows when the reader leaves).
    shown: String,
}

thread_local! {
    static POSITIONS: RefCell<Positions> = RefCell::new(Positions::default());
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

/// Keeps the scroll position of the page on screen, as the reader leaves it (a click,
/// which may follow a link; the start of back/forward). Recorded for the page shown,
/// not the address, which may already be the next page's.
pub fn remember_position() {
    let y = window().scroll_y().unwrap_or(0.0);
    POSITIONS.with_borrow_mut(|p| {
        let path = if p.shown.is_empty() {
            current_path()
        } else {
            p.shown.clone()
        };
        if p.by_path.len() >= REMEMBERED_POSITIONS && !p.by_path.contains_key(&path) {
            p.by_path.clear();
        }
        p.by_path.insert(path, y);
    });
}

/// A back/forward navigation (on `popstate`): the page being left keeps its position,
/// and the next page shown gets its old one.
pub fn restore_on_next_page() {
    remember_position();
    let path = current_path();
    POSITIONS.with_borrow_mut(|p| p.restore = Some(path));
}

/// `/` typed anywhere but in a form field focuses the header's search box.
pub fn search_shortcut(ev: &web_sys::Event) {
    let Some(key) = ev.dyn_ref::<web_sys::KeyboardEvent>() else {
        return;
    };
    if key.key() != "/" || key.ctrl_key() || key.meta_key() || key.alt_key() {
        return;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        });
    let search = document()
        .get_element_by_id("site-search-q")
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
    if let (false, Some(search)) = (typing, search) {
        ev.prevent_default();
        let _ = search.focus();
    }
}

/// After a new page has rendered: restore its scroll position (back/forward), move
/// focus to its heading and announce it (`loaded`, a template, with `title` in it: each
/// language has its own punctuation).
pub fn after_navigation(loaded: &str, title: &str) {
    let path = current_path();
    let restore = POSITIONS.with_borrow_mut(|p| {
        p.shown.clone_from(&path);
        match p.restore.take() {
            Some(r) if r == path => p.by_path.get(&r).copied(),
            _ => None,
        }
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
        announcer.set_text_content(Some(&crate::i18n::fill(loaded, &[&title])));
    }
}
