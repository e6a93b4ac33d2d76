//! Sanitising body HTML with ammonia: what survives is safe to put in any page.
//!
//! Removed: script, style, iframe, form, base, meta, object, embed (and every other
//! element not allowed below), event handlers, `style` attributes, and URLs other
//! than http, https, mailto and relative ones.
//!
//! Ids are the content's own namespace: every `id` a body keeps gets [`ID_PREFIX`] (and a
//! number when the body already used it), and what points at ids inside the body (`#x`
//! links, table cells' `headers`) is rewritten the same way. So no content can take an id
//! of the page around it (`app`, `main`, `bs-data`, …) or use one twice.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use broadsheet_app::links::safe_href;

/// What every id from content starts with. No id of the app's own pages starts with it
/// (checked by `broadsheet_app`'s tests of the frame and the builder's page shell).
pub const ID_PREFIX: &str = "c-";

/// The project's one set of sanitising rules.
fn settings() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .add_tag_attributes("img", ["loading"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"]);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b.allowed_classes(HashMap::from([
        (
            "sup",
            HashSet::from(["footnote-reference", "footnote-definition-label"]),
        ),
        ("div", HashSet::from(["footnote-definition"])),
    ]));
    b
}

/// A URL attribute whose value names a scheme other than http, https and mailto once
/// every leading space is gone is dropped, whichever spaces: browsers strip only ASCII
/// ones (so `\u{2028}javascript:` is a harmless relative path to them), but feed readers
/// and other tools read URLs their own ways. Runs before relative URLs are resolved, so
/// such a value never becomes `https://base/%E2%80%A8javascript:…` either.
fn url_attribute<'v>(attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    const URLS: [&str; 6] = ["href", "src", "cite", "longdesc", "poster", "action"];
    if !URLS.contains(&attribute) {
        return Some(Cow::Borrowed(value));
    }
    let bare = value.trim_start_matches(|c: char| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
            )
    });
    (safe_href(bare) != "#" || bare.starts_with('#')).then_some(Cow::Borrowed(value))
}

thread_local! {
    /// The ids the body being cleaned on this thread used so far: ammonia calls the
    /// attribute filter on the thread that called `clean`, one body at a time.
    static IDS: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// The safe subset of `html`, its ids in the content's namespace (see the module).
pub fn clean(html: &str) -> String {
    // Made once: a new `ammonia::Builder` per body was 4 % of publishing one article
    // into 10,000 (its default tag and attribute sets are built anew each time).
    static BODY: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let b = BODY.get_or_init(|| {
        let mut b = settings();
        b.attribute_filter(|element, attribute, value| {
            url_attribute(attribute, value)
                .map(|value| namespaced(element, attribute, &value).into_owned().into())
        });
        b
    });
    IDS.with(|ids| ids.borrow_mut().clear());
    b.clean(html).to_string()
}

/// `value` of an attribute that names or points at an id, moved into the content's
/// namespace; `id`s also made unique among [`IDS`] (those the body used so far).
fn namespaced<'a>(element: &str, attribute: &str, value: &'a str) -> Cow<'a, str> {
    match (element, attribute) {
        (_, "id") => IDS.with(|ids| {
            let mut ids = ids.borrow_mut();
            let id = format!("{ID_PREFIX}{value}");
            let mut unique = id.clone();
            let mut n = 1;
            while !ids.insert(unique.clone()) {
                unique = format!("{id}-{n}");
                n += 1;
            }
            unique.into()
        }),
        ("a", "href") => match value.strip_prefix('#') {
            Some(fragment) if !fragment.is_empty() => format!("#{ID_PREFIX}{fragment}").into(),
            _ => value.into(),
        },
        ("td" | "th", "headers") => value
            .split_ascii_whitespace()
            .map(|id| format!("{ID_PREFIX}{id}"))
            .collect::<Vec<_>>()
            .join(" ")
            .into(),
        _ => value.into(),
    }
}

/// The safe subset of `html` from elsewhere (an imported feed), with relative URLs
/// made absolute against `base`, or removed when there is no base to resolve them.
pub fn clean_foreign(html: &str, base: Option<&url::Url>) -> String {
    let mut b = settings();
    b.attribute_filter(|_, attribute, value| url_attribute(attribute, value));
    b.url_relative(match base {
        Some(base) => ammonia::UrlRelative::RewriteWithBase(base.clone()),
        None => ammonia::UrlRelative::Deny,
    });
    b.clean(html).to_string()
}

/// The text of `html`: every tag removed (script and style with their content),
/// entities decoded. For titles and summaries, which the site shows as text.
pub fn text(html: &str) -> String {
    static TEXT: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let b = TEXT.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.clean_content_tags(HashSet::from(["script", "style"]));
        b
    });
    // With no tags allowed the serialiser escapes exactly these in text.
    b.clean(&spaced(html))
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// `html` with a space before each block-level tag, so that `<p>a</p><p>b</p>` reads
/// as two words once the tags are gone.
fn spaced(html: &str) -> String {
    const BLOCKS: [&str; 14] = [
        "<p", "</p", "<div", "</div", "<br", "<li", "<h", "</h", "<t", "</t", "<block", "<pre",
        "<img", "<fig",
    ];
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len() + 32);
    let mut last = 0;
    for (i, _) in lower.match_indices('<') {
        if BLOCKS.iter().any(|t| lower[i..].starts_with(t)) {
            out.push_str(&html[last..i]);
            out.push(' ');
            last = i;
        }
    }
    out.push_str(&html[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_gone(input: &str, needles: &[&str]) -> String {
        let out = clean(input);
        for n in needles {
            assert!(!out.to_lowercase().contains(n), "`{n}` survived in {out}");
        }
        out
    }

    #[test]
    fn script_elements_and_their_content_are_removed() {
        let out = assert_gone(
            "<p>a</p><script>alert(1)</script><SCRIPT src=x></SCRIPT>",
            &["script", "alert"],
        );
        assert_eq!(out, "<p>a</p>");
    }

    #[test]
    fn event_handlers_are_removed() {
        let out = assert_gone(
            r#"<img src="media/a.png" onerror="alert(1)"><p onclick="x()">t</p>"#,
            &["onerror", "onclick", "alert"],
        );
        assert!(out.contains(r#"src="media/a.png""#), "{out}");
    }

    #[test]
    fn javascript_links_lose_their_href() {
        let out = assert_gone(
            r#"<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="data:text/html,x">z</a>"#,
            &["javascript", "data:"],
        );
        assert!(out.contains(">x</a>"), "{out}");
    }

    #[test]
    fn script_schemes_behind_any_unicode_space_lose_their_href() {
        for space in [
            "\u{2028}", "\u{1680}", "\u{180e}", "\u{200b}", "\u{3000}", "\u{a0}", "\u{feff}",
        ] {
            let html = format!(
                r#"<a href="{space}javascript:alert(1)">x</a><img src="{space}vbscript:y">"#
            );
            assert_gone(&html, &["javascript", "vbscript"]);
            let base = url::Url::parse("https://feed.example/").unwrap();
            let out = clean_foreign(&html, Some(&base));
            assert!(!out.contains("script"), "{out}");
        }
        let out = clean(r##"<a href="#notes">n</a><a href="a:b">c</a>"##);
        assert!(out.contains("#c-notes") && !out.contains("a:b"), "{out}");
    }

    #[test]
    fn iframes_styles_bases_metas_and_forms_are_removed() {
        assert_gone(
            r#"<iframe src="https://evil.example"></iframe><style>body{display:none}</style><base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example"><form action="https://evil.example"><input name="q"><button>go</button></form><object data="x"></object><embed src="x">"#,
            &[
                "iframe", "<style", "display", "<base", "<meta", "refresh", "<form", "<input",
                "<object", "<embed", "evil",
            ],
        );
    }

    #[test]
    fn style_attributes_are_removed() {
        let out = assert_gone(r#"<p style="position:fixed">x</p>"#, &["style", "fixed"]);
        assert_eq!(out, "<p>x</p>");
    }

    #[test]
    fn foreign_html_gets_absolute_urls_or_none() {
        let base = url::Url::parse("https://news.example/2024/item.html").unwrap();
        let html = r#"<a href="../a.html">a</a><img src="/i.png" onerror="x()"><script>y</script>"#;
        let out = clean_foreign(html, Some(&base));
        assert!(
            out.contains(r#"href="https://news.example/a.html""#),
            "{out}"
        );
        assert!(out.contains(r#"src="https://news.example/i.png""#), "{out}");
        assert!(!out.contains("onerror") && !out.contains("script"), "{out}");
        let out = clean_foreign(html, None);
        assert!(!out.contains("href") && !out.contains("src"), "{out}");
    }

    #[test]
    fn text_drops_tags_and_decodes_entities() {
        assert_eq!(
            text("<b>Fish &amp; chips</b> &lt;3<script>alert(1)</script>"),
            "Fish & chips <3"
        );
        assert_eq!(text("a &amp;lt; b"), "a &lt; b");
        assert_eq!(
            text("<p>a</p><p>b<br>c</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["a", "b", "c"]
        );
    }

    #[test]
    fn safe_structure_survives() {
        let html = r##"<h2 id="harbour">H</h2><a href="#harbour">h</a><figure><img src="/media/a.svg" alt="A" width="4" height="3" loading="lazy"><figcaption>C</figcaption></figure><blockquote>q</blockquote><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><a href="mailto:a@b.org">m</a><a href="https://x.org/">h</a><a href="../rel/">r</a>"##;
        let out = clean(html);
        for keep in [
            r#"<h2 id="c-harbour">"#,
            r##"<a href="#c-harbour""##,
            "<figure>",
            "<figcaption>",
            r#"loading="lazy""#,
            r#"width="4""#,
            "<blockquote>",
            "<table>",
            "mailto:a@b.org",
            "https://x.org/",
            "../rel/",
        ] {
            assert!(out.contains(keep), "`{keep}` lost in {out}");
        }
    }

    /// Every id the app's pages use (the frame, the search forms, the embedded data).
    const APP_IDS: [&str; 8] = [
        "app",
        "main",
        "announcer",
        "bs-data",
        "site-nav",
        "site-search-q",
        "not-found-q",
        "search-page-q",
    ];

    fn ids(html: &str) -> Vec<&str> {
        html.split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect()
    }

    #[test]
    fn content_ids_get_the_prefix_and_links_inside_the_body_follow_them() {
        let out = clean(
            r##"<h2 id="app">A</h2><div id="main"><a href="#main">m</a><a href="#">top</a><a href="https://x.org/#main">x</a></div><table><tr><th>h</th><td headers="a b">1</td></tr></table>"##,
        );
        assert_eq!(ids(&out), ["c-app", "c-main"], "{out}");
        for keep in [
            r##"href="#c-main""##,
            r##"href="#""##,
            r##"href="https://x.org/#main""##,
            r#"headers="c-a c-b""#,
        ] {
            assert!(out.contains(keep), "`{keep}` lost in {out}");
        }
    }

    #[test]
    fn no_content_can_give_an_element_an_id_of_the_page_or_use_one_twice() {
        let mut body = String::new();
        for id in APP_IDS {
            body.push_str(&format!(
                r#"<div id="{id}">d</div><h3 id="{id}">h</h3><a id="{id}" name="{id}">a</a><p id="{id}">p</p><div id="c-{id}">c</div>"#
            ));
        }
        let out = clean(&body);
        let found = ids(&out);
        assert_eq!(found.len(), APP_IDS.len() * 3, "{out}");
        let mut unique = found.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), found.len(), "ids used twice: {found:?}");
        for id in &found {
            assert!(id.starts_with(ID_PREFIX), "{id}");
            assert!(!APP_IDS.contains(id), "{id}");
        }
        assert!(!out.contains("name="), "{out}");
    }

    #[test]
    fn each_body_has_its_own_ids() {
        let first = clean(r#"<h2 id="a">1</h2>"#);
        assert_eq!(first, clean(r#"<h2 id="a">1</h2>"#));
        assert_eq!(ids(&first), ["c-a"]);
    }
}
