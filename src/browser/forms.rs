//! Search forms followed by the app: a submitted search form becomes a client-side
//! navigation to the address the form would load (`/search/?q=…`), so the reader
//! gets results without a page load. One listener serves every search form.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// On `submit`: follows a same-site search form (`role="search"`) in the app.
pub fn follow_search(ev: &web_sys::Event) {
    let Some(form) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        .filter(|f| f.get_attribute("role").as_deref() == Some("search"))
    else {
        return;
    };
    let Some(query) = form_query(&form) else {
        return;
    };
    ev.prevent_default();
    navigate(&format!("{}?{query}", form.action()));
}

/// The query string the form would send, without the filters left empty, so a
/// shared link stays short.
fn form_query(form: &web_sys::HtmlFormElement) -> Option<String> {
    let data = web_sys::FormData::new_with_form(form).ok()?;
    let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
    for name in ["section", "lang"] {
        if params.get(name).is_some_and(|v| v.is_empty()) {
            params.delete(name);
        }
    }
    Some(String::from(params.to_string()))
}

/// Navigates in the app the way a click on a link does: the router follows a click
/// on a same-site link without a page load (and a browser without the app follows
/// the link itself).
fn navigate(href: &str) {
    let doc = document();
    let Some(body) = doc.body() else {
        return;
    };
    let Ok(link) = doc.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", href);
    let _ = link.set_attribute("hidden", "");
    if body.append_child(&link).is_ok() {
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
        link.remove();
    }
}
