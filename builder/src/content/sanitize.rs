//! Sanitising body HTML with ammonia: what survives is safe to put in any page.
//!
//! Removed: script, style, iframe, form, base, meta, object, embed (and every other
//! element not allowed below), event handlers, `style` attributes, and URLs other
//! than http, https, mailto and relative ones.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use broadsheet_app::links::safe_href;

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(settings)
}

/// The project's one set of sanitising rules.
fn settings() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(HashSet::from(["http", "https", "mailto"]))
        .add_tag_attributes("img", ["loading"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("td", ["align"])
        .add_tag_attributes("th", ["align"])
        .attribute_filter(|_, attribute, value| url_attribute(attribute, value));
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

/// The safe subset of `html`.
pub fn clean(html: &str) -> String {
    builder().clean(html).to_string()
}

/// The safe subset of `html` from elsewhere (an imported feed), with relative URLs
/// made absolute against `base`, or removed when there is no base to resolve them.
pub fn clean_foreign(html: &str, base: Option<&url::Url>) -> String {
    let mut b = settings();
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
        assert!(out.contains("#notes") && !out.contains("a:b"), "{out}");
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
        let html = r#"<h2 id="harbour">H</h2><figure><img src="/media/a.svg" alt="A" width="4" height="3" loading="lazy"><figcaption>C</figcaption></figure><blockquote>q</blockquote><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><a href="mailto:a@b.org">m</a><a href="https://x.org/">h</a><a href="../rel/">r</a>"#;
        let out = clean(html);
        for keep in [
            r#"<h2 id="harbour">"#,
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
}
