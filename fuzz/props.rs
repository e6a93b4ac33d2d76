//! The properties the fuzz targets check, shared with the regression test
//! (`builder/tests/fuzz_regressions.rs`), which replays every input in `fuzz/regressions/`.
//! Each function panics (fails) when its property does not hold.

use std::path::Path;

use broadsheet::content::media::Media;
use broadsheet::content::{frontmatter, markdown, sanitize};
use broadsheet::import::{decode, item, output, repair};

/// Front matter: splitting and parsing any text returns, never panics; a line number
/// reported is inside the file.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.lines().count().max(1) + 1;
    match frontmatter::split(text) {
        Ok(split) => {
            if let Err(e) = frontmatter::parse(&split) {
                assert!(e.line >= 1 && e.line <= lines, "line {} of {lines}", e.line);
            }
        }
        Err(e) => assert!(e.line >= 1 && e.line <= lines, "line {} of {lines}", e.line),
    }
}

/// Markdown (with raw HTML) → sanitised HTML, and foreign HTML → sanitised HTML: the
/// result never holds a script, an event handler, a style or a script URL.
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let media = Media::new(Path::new("/nonexistent/media"));
    if let Ok(html) = markdown::render(text, "/", &media) {
        assert_safe_html(&html);
    }
    assert_safe_html(&sanitize::clean(text));
    let base = url::Url::parse("https://feed.example/a/b.html").ok();
    assert_safe_html(&sanitize::clean_foreign(text, base.as_ref()));
    let plain = sanitize::text(text);
    assert!(!plain.contains('\0') || text.contains('\0'));
}

/// A feed file → articles: never panics, and each imported article is a file the
/// builder reads back (front matter parses) with a safe body.
pub fn feed(data: &[u8]) {
    let Ok(decoded) = decode::decode(data) else {
        return;
    };
    let text = repair::repair(decoded.text);
    let parsed = std::panic::catch_unwind(|| feed_rs::parser::parse(text.as_bytes()));
    // feed-rs is third-party: the importer catches its panics (import/mod.rs).
    let Ok(Ok(feed)) = parsed else {
        return;
    };
    let ctx = item::FeedContext::new(&feed, "fuzz.xml");
    let mut taken = std::collections::HashSet::new();
    for entry in &feed.entries {
        let Ok(draft) = item::draft(entry, &[], &ctx) else {
            continue;
        };
        let slug = output::choose_slug(&draft, &taken);
        assert!(broadsheet_app::slug::is_valid(&slug), "slug {slug:?}");
        taken.insert(slug.clone());
        let article = output::article(&draft, &slug, "city", "en");
        let split = frontmatter::split(&article).expect("an imported article splits");
        let fm = frontmatter::parse(&split)
            .unwrap_or_else(|e| panic!("imported front matter does not parse: {e:?}\n{article}"));
        assert_eq!(
            fm.slug.map(|s| s.into_inner()).as_deref(),
            Some(slug.as_str())
        );
        // The body is Markdown (a raw HTML block and a source link): check it as built.
        let media = Media::new(Path::new("/nonexistent/media"));
        if let Ok(html) = markdown::render(split.body, "/", &media) {
            assert_safe_html(&html);
        }
    }
}

/// The app's model: decoding any JSON as any API document returns, never panics.
pub fn model(data: &[u8]) {
    use broadsheet_app::model::*;
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = serde_json::from_str::<Article>(text);
    let _ = serde_json::from_str::<ListingPage>(text);
    let _ = serde_json::from_str::<Home>(text);
    let _ = serde_json::from_str::<Site>(text);
    let _ = serde_json::from_str::<SiteMap>(text);
    let _ = serde_json::from_str::<Embedded>(text);
    // What the app does with an answer: classify it, keep it, read it as a page's type.
    if let Ok(body) = broadsheet_app::api::classify(200, 0, Ok(text.to_string())) {
        let store = broadsheet_app::store::Store::default();
        store.insert("a.json", body);
        let _ = store.get::<Article>("a.json");
        let _ = store.get::<ListingPage>("a.json");
    }
}

/// Fails when serialised HTML (as ammonia writes it) holds anything that can run.
pub fn assert_safe_html(html: &str) {
    const BANNED: &[&str] = &[
        "script", "iframe", "frame", "object", "embed", "base", "meta", "form", "style", "link",
        "svg", "math", "input", "button", "textarea", "applet",
    ];
    const URL_ATTRS: &[&str] = &[
        "href",
        "src",
        "cite",
        "action",
        "formaction",
        "xlink:href",
        "poster",
        "background",
        "data",
        "srcset",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let tag = tag.trim_start_matches('/');
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        assert!(!BANNED.contains(&name.as_str()), "<{name}> in {html}");
        for (attr, value) in attributes(&tag[name_end..]) {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "{attr}= on <{name}> in {html}");
            assert!(attr != "style" && attr != "srcdoc", "{attr}= in {html}");
            if URL_ATTRS.contains(&attr.as_str()) {
                // As a browser reads a URL: leading and trailing C0 controls and spaces
                // trimmed, tabs and newlines removed anywhere.
                let v: String = value
                    .replace("&amp;", "&")
                    .trim_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .to_ascii_lowercase();
                if let Some(colon) = v.find(':') {
                    let scheme = &v[..colon];
                    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                        && scheme
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
                    if is_scheme {
                        assert!(
                            ["http", "https", "mailto"].contains(&&v[..colon]),
                            "{attr}=\"{value}\" in {html}"
                        );
                    }
                }
            }
        }
    }
}

/// Where the tag that starts `s` (just after `<`) ends: the first `>` outside quotes.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    s.len()
}

/// `name="value"` pairs of a serialised tag (values always double-quoted).
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = &rest[name_end..];
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix("=\"") {
            let close = after.find('"').unwrap_or(after.len());
            value = after[..close].to_string();
            rest = after.get(close + 1..).unwrap_or("");
        }
        if name.is_empty() {
            return out;
        }
        out.push((name, value));
    }
}
