//! What a reader had on the static page when the app takes it over: the focused element
//! (a keyboard reader may have tabbed in before the wasm arrived) and the scroll position.
//! [`Kept::before`] notes them in the static page, [`Kept::restore`] finds the same
//! element in the app's page, which renders the same markup, and puts both back.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// Where the focused element sits, in terms that hold in both pages.
#[derive(Debug)]
enum Spot {
    /// An element with an id (ids are unique: content's have their own namespace).
    Id(String),
    /// The `nth` link (from 0) with this `href`.
    Link { href: String, nth: usize },
    /// Element child indices from the page's root down to the element.
    Path(Vec<usize>),
}

/// The reader's place in the static page.
pub struct Kept {
    focus: Option<(Spot, Option<JsValue>)>,
    scroll: (f64, f64),
}

impl Kept {
    /// Notes focus (when it is inside `old`, the static page's root) and scroll position.
    pub fn before(old: &Element) -> Kept {
        let focus = document()
            .active_element()
            .filter(|el| el != old && old.contains(Some(el)))
            .and_then(|el| Some((spot(old, &el)?, typed_value(&el))));
        let win = window();
        Kept {
            focus,
            scroll: (win.scroll_x().unwrap_or(0.0), win.scroll_y().unwrap_or(0.0)),
        }
    }

    /// Puts focus on the element of `new` (the app's root, now in the page) at the same
    /// spot, without scrolling, and the window back at the same scroll position.
    pub fn restore(self, new: &Element) {
        if let Some((spot, value)) = self.focus {
            if let Some(el) = find(new, &spot).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                if let Some(value) = value {
                    let _ = js_sys::Reflect::set(&el, &JsValue::from_str("value"), &value);
                }
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = el.focus_with_options(&options);
            }
        }
        let win = window();
        let (x, y) = self.scroll;
        if win.scroll_x().unwrap_or(0.0) != x || win.scroll_y().unwrap_or(0.0) != y {
            win.scroll_to_with_x_and_y(x, y);
        }
    }
}

/// What the reader typed into a focused text field (carried over with the focus).
fn typed_value(el: &Element) -> Option<JsValue> {
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
        .then(|| js_sys::Reflect::get(el, &JsValue::from_str("value")).ok())
        .flatten()
        .filter(|v| v.as_string().is_some_and(|s| !s.is_empty()))
}

fn spot(root: &Element, el: &Element) -> Option<Spot> {
    let id = el.id();
    if !id.is_empty() {
        return Some(Spot::Id(id));
    }
    if let Some(href) = el.get_attribute("href").filter(|_| el.tag_name() == "A") {
        let nth = links(root)
            .take_while(|a| a != el)
            .filter(|a| a.get_attribute("href").as_deref() == Some(&href))
            .count();
        return Some(Spot::Link { href, nth });
    }
    let mut path = Vec::new();
    let mut at = el.clone();
    while &at != root {
        let mut index = 0;
        let mut sibling = at.previous_element_sibling();
        while let Some(s) = sibling {
            index += 1;
            sibling = s.previous_element_sibling();
        }
        path.push(index);
        at = at.parent_element()?;
    }
    path.reverse();
    Some(Spot::Path(path))
}

fn find(root: &Element, spot: &Spot) -> Option<Element> {
    match spot {
        Spot::Id(id) => document().get_element_by_id(id),
        Spot::Link { href, nth } => links(root)
            .filter(|a| a.get_attribute("href").as_deref() == Some(href.as_str()))
            .nth(*nth),
        Spot::Path(path) => {
            let mut at = root.clone();
            for &index in path {
                let mut child = at.first_element_child();
                for _ in 0..index {
                    child = child?.next_element_sibling();
                }
                at = child?;
            }
            Some(at)
        }
    }
}

/// The links below `root`, in document order.
fn links(root: &Element) -> impl Iterator<Item = Element> {
    let list = root.query_selector_all("a[href]").ok();
    let len = list.as_ref().map_or(0, web_sys::NodeList::length);
    (0..len).filter_map(move |i| list.as_ref()?.item(i)?.dyn_into::<Element>().ok())
}
