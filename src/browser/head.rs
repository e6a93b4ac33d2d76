//! The live document head after a client-side navigation: every tag that
//! [`HeadTags`](crate::head::HeadTags) renders into a static page, set from the new page's
//! [`PageMeta`], and the tags the new page does not have removed (a listing after an
//! article keeps no `og:image`, `article:*` or JSON-LD of the article).

use crate::context::SiteCtx;
use crate::head::{json_ld, PageMeta};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn apply(ctx: &SiteCtx, meta: &PageMeta) {
    let site = &ctx.site;
    let doc = document();
    let canonical = meta.canonical(site);
    let image = meta.image_url(site);
    let description = meta.description_or_site(site);
    doc.set_title(&meta.document_title(site));
    set_meta("name", "description", Some(&description));
    set_meta("property", "og:type", Some(meta.og_type()));
    set_meta("property", "og:title", Some(&meta.title));
    set_meta("property", "og:description", Some(&description));
    set_meta("property", "og:url", canonical.as_deref());
    set_meta("property", "og:image", image.as_deref());
    let article = meta.article.as_ref();
    let published = article.map(|a| a.published.as_str());
    let updated = article.and_then(|a| a.updated.as_deref());
    set_meta("property", "article:published_time", published);
    set_meta("property", "article:modified_time", updated);
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    set_meta("name", "twitter:card", Some(card));
    set_meta("name", "twitter:title", Some(&meta.title));
    set_meta("name", "twitter:description", Some(&description));
    set_meta("name", "twitter:image", image.as_deref());
    if let (Some(url), Ok(Some(link))) = (&canonical, doc.query_selector("link[rel=canonical]")) {
        let _ = link.set_attribute("href", url);
    }
    own_feeds(&doc, &meta.own_feeds(site));
    let data = json_ld(ctx, meta, canonical.as_deref(), image.as_deref());
    set_head_element(
        "script[type=\"application/ld+json\"]",
        data.as_deref(),
        |el, data| {
            el.set_text_content(Some(data));
        },
        |doc| {
            let script = doc.create_element("script").ok()?;
            script.set_attribute("type", "application/ld+json").ok()?;
            Some(script)
        },
    );
}

/// The page's own feed links (`link[data-own-feed]`): the previous page's go, the new
/// page's come.
fn own_feeds(doc: &web_sys::Document, feeds: &[(&str, String, String)]) {
    if let Ok(old) = doc.query_selector_all("link[data-own-feed]") {
        for i in 0..old.length() {
            if let Some(el) = old
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                el.remove();
            }
        }
    }
    let Some(head) = doc.head() else { return };
    for (kind, title, href) in feeds {
        let Ok(link) = doc.create_element("link") else {
            continue;
        };
        for (name, value) in [
            ("rel", "alternate"),
            ("type", kind),
            ("title", title),
            ("href", href),
        ] {
            let _ = link.set_attribute(name, value);
        }
        let _ = link.set_attribute("data-own-feed", "");
        let _ = head.append_child(&link);
    }
}

/// Sets `<meta attr=key content=…>`, adding it when missing; `None` removes it.
fn set_meta(attr: &str, key: &str, content: Option<&str>) {
    let selector = format!("meta[{attr}=\"{key}\"]");
    set_head_element(
        &selector,
        content,
        |el, content| {
            let _ = el.set_attribute("content", content);
        },
        |doc| {
            let el = doc.create_element("meta").ok()?;
            el.set_attribute(attr, key).ok()?;
            Some(el)
        },
    );
}

/// The head element for `selector` gets `value` through `fill`, made by `make` and
/// appended when missing; with no `value` it is removed.
fn set_head_element(
    selector: &str,
    value: Option<&str>,
    fill: impl FnOnce(&web_sys::Element, &str),
    make: impl FnOnce(&web_sys::Document) -> Option<web_sys::Element>,
) {
    let doc = document();
    let existing = doc.query_selector(selector).ok().flatten();
    match (existing, value) {
        (Some(el), Some(value)) => fill(&el, value),
        (Some(el), None) => el.remove(),
        (None, Some(value)) => {
            let Some(el) = make(&doc) else { return };
            fill(&el, value);
            if let Some(head) = doc.head() {
                let _ = head.append_child(&el);
            }
        }
        (None, None) => {}
    }
}
