//! The live document head after a client-side navigation: title, description,
//! canonical link and the link-preview tags, from the page's [`PageMeta`].

use crate::head::PageMeta;
use leptos::prelude::*;

pub fn apply(title: &str, meta: &PageMeta, canonical: Option<&str>, image: Option<&str>) {
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
