//! Pre-rendering: every route's page as static HTML, from the app's own components
//! (`broadsheet_app::prerender`), poured into the Trunk-built `index.html` so the
//! same page boots the app, which then takes over using the embedded data.

use broadsheet_app::model::Site;
use broadsheet_app::prerender::{render, render_document, Document, Rendered};
use broadsheet_app::route::Route;
use broadsheet_app::script_json::{push_script_safe, script_safe_json};

use crate::escape;

/// The Trunk-built `index.html` that every page is poured into, cut where the
/// page's parts go.
pub struct Shell {
    /// Up to (not including) the `lang` value of `<html>`.
    before_lang: String,
    /// From after the `lang` value up to `</head>`, without the shell's `<title>`.
    head: String,
    /// From `</head>` up to and including `<body…>`.
    body_open: String,
    /// From `</body>` to the end.
    tail: String,
}

impl Shell {
    pub fn new(index_html: &str) -> Shell {
        let html = strip_title(index_html);
        let (before_lang, rest) = split_lang(&html);
        let rest = rest.as_str();
        let head_end = rest.find("</head>").unwrap_or(0);
        let (head, rest) = rest.split_at(head_end);
        let body_tag_end = rest
            .find("<body")
            .and_then(|i| rest[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(rest.len());
        let (body_open, rest) = rest.split_at(body_tag_end);
        let tail = match rest.find("</body>") {
            Some(i) => &rest[i..],
            None => rest,
        };
        Shell {
            before_lang,
            head: head.to_string(),
            body_open: body_open.to_string(),
            tail: tail.to_string(),
        }
    }

    /// The shell bound to `site`, with what all of the site's pages share prepared once.
    pub fn for_site<'a>(&'a self, site: &'a Site) -> SitePages<'a> {
        let mut top = self.before_lang.clone();
        top.push_str(&escape::html_attr(&site.language));
        // The lang value's closing quote.
        let html_attrs_end = top.len() + 1;
        top.push_str(&self.head);
        let site_data = script_safe_json(site);
        SitePages {
            shell: self,
            site,
            top,
            html_attrs_end,
            site_may_hold_placeholder: may_hold_raw_placeholder(&site_data),
            site_data,
        }
    }

    /// The not-found page (`404.html`), which embeds the site alone.
    pub fn not_found(&self, site: &Site) -> String {
        self.for_site(site).not_found()
    }
}

/// The pages of one site: the shell with the site's language and its embedded JSON
/// ready, so a page costs its own rendering and document only.
pub struct SitePages<'a> {
    shell: &'a Shell,
    site: &'a Site,
    /// The shell up to `</head>`, with the site's language in.
    top: String,
    /// Where in `top` the `<html>` element's attributes end.
    html_attrs_end: usize,
    /// The site as embedded JSON (`script_safe_json`).
    site_data: String,
    /// Whether the site's data may hold `<!` ([`push_without_placeholders`]).
    site_may_hold_placeholder: bool,
}

impl SitePages<'_> {
    /// An id of everything a page is rendered with besides its document: this builder
    /// ([`crate::builder_id`]: its executable holds the components and the UI strings),
    /// the shell and the site. `None` when the executable cannot be read: then nothing is
    /// reused.
    pub fn renderer_id(&self) -> Option<String> {
        use std::hash::Hasher;
        let builder = crate::builder_id()?.to_le_bytes();
        let mut hash = std::hash::DefaultHasher::new();
        for part in [
            &builder[..],
            self.top.as_bytes(),
            self.shell.body_open.as_bytes(),
            self.shell.tail.as_bytes(),
            self.site_data.as_bytes(),
        ] {
            hash.write_usize(part.len());
            hash.write(part);
        }
        Some(format!("{:016x}", hash.finish()))
    }

    /// The full HTML document for `route`, rendered from its API document `doc` (served
    /// at `api_path`, relative to `api/v1/`), which the page also embeds as `json`, the
    /// text it was encoded to.
    pub fn page(&self, route: &Route, api_path: &str, json: &str, doc: Document) -> String {
        let url = self.site.base_path().href(route);
        let rendered = render_document(self.site, &url, api_path, doc);
        self.pour(rendered, Data::Document { api_path, json })
    }

    /// The page of a route that embeds no API document, only the site. When the route
    /// has one all the same (the search page: the index root), only the app can show the
    /// page's content, and `<html>` names that document's URL in `data-app-needs`: the
    /// start script (Trunk.toml), which runs as soon as it is parsed, then fetches it and
    /// the wasm at once, beside the page, instead of after the page's load.
    pub fn page_without_document(&self, route: &Route) -> String {
        let base = self.site.base_path();
        let needs = route.api_path().map(|path| base.api_url(&path));
        let rendered = render(self.site, &base.href(route), &[]);
        self.pour(rendered, needs.as_deref().map_or(Data::None, Data::Fetched))
    }

    /// The not-found page (`404.html`), which embeds the site alone.
    pub fn not_found(&self) -> String {
        let url = self.site.base_path().join("404.html");
        self.pour(render(self.site, &url, &[]), Data::None)
    }

    /// The shell with the rendered page and its embedded data (`model::Embedded`:
    /// the site, and `data`'s document when it is embedded) poured in.
    fn pour(&self, rendered: Rendered, data: Data) -> String {
        let walk = self.site_may_hold_placeholder
            || matches!(data, Data::Document { json, .. } if may_hold_raw_placeholder(json));
        let (body, head) = (&rendered.body, &rendered.head);
        let shell = self.shell;
        let doc_len = match data {
            Data::Document { api_path, json } => api_path.len() + json.len(),
            Data::Fetched(url) => url.len(),
            Data::None => 0,
        };
        let mut out = String::with_capacity(
            self.top.len() + head.len() + body.len() + self.site_data.len() + doc_len + 512,
        );
        let (html_tag, rest) = self.top.split_at(self.html_attrs_end);
        out.push_str(html_tag);
        if let Data::Fetched(url) = data {
            out.push_str(" data-app-needs=\"");
            out.push_str(&escape::html_attr(url));
            out.push('"');
        }
        out.push_str(rest);
        push_without_placeholders(&mut out, head, walk);
        out.push_str(&shell.body_open);
        out.push_str("<div id=\"app\">");
        push_without_placeholders(&mut out, body, walk);
        out.push_str("</div><script type=\"application/json\" id=\"bs-data\">");
        // `Embedded` as serde writes it, from JSON already at hand: fields in order,
        // `None` as null, the document's text as it is served.
        out.push_str("{\"site\":");
        out.push_str(&self.site_data);
        out.push_str(",\"path\":");
        match data {
            Data::Document { api_path, json } => {
                out.push_str(&script_safe_json(&api_path));
                out.push_str(",\"data\":");
                push_script_safe(&mut out, json);
            }
            Data::Fetched(_) | Data::None => out.push_str("null,\"data\":null"),
        }
        out.push_str("}</script>");
        out.push_str(&shell.tail);
        out
    }
}

/// A page's API document: embedded, fetched by the app at once (`data-app-needs` on
/// `<html>`, for the start script), or none.
#[derive(Clone, Copy)]
enum Data<'a> {
    /// The document (its path below `api/v1/` and its JSON), embedded in the page.
    Document {
        api_path: &'a str,
        json: &'a str,
    },
    /// The URL of the document the app fetches first: only the app can show the page.
    Fetched(&'a str),
    None,
}

/// Splits `<html lang="…">` around the language value (adding the attribute when absent).
fn split_lang(html: &str) -> (String, String) {
    let Some(tag) = html.find("<html") else {
        return ("<!DOCTYPE html><html lang=\"".into(), format!("\">{html}"));
    };
    let tag_end = html[tag..].find('>').map_or(html.len(), |j| tag + j);
    if let Some(attr) = html[tag..tag_end].find("lang=\"") {
        let value_start = tag + attr + "lang=\"".len();
        let value_end = html[value_start..]
            .find('"')
            .map_or(value_start, |j| value_start + j);
        (
            html[..value_start].to_string(),
            html[value_end..].to_string(),
        )
    } else {
        let name_end = tag + "<html".len();
        (
            format!("{} lang=\"", &html[..name_end]),
            format!("\"{}", &html[name_end..]),
        )
    }
}

/// Drops the `<!>` comments that Leptos writes where a view renders nothing (`None`, an
/// empty list): they mark places for hydration, which the app does not do (it mounts
/// afresh and swaps), and `<!>` is a bogus comment to HTML validators. Only markup is
/// touched: a `<!>` inside a quoted attribute value stays (text content cannot hold one,
/// its `<` is escaped). Leptos escapes `<` in every attribute value it writes, and so do
/// the app's own markup writers (`images::picture_inner`, the search form and results),
/// so a `<!>` inside a value can only come from raw markup in the page's data (an
/// article's sanitised body keeps `<` in attribute values): unless `walk` says the data
/// may hold one, every `<!>` is a placeholder and goes without walking the tags. Appends
/// `html`, without them, to `out`.
fn push_without_placeholders(out: &mut String, html: &str, walk: bool) {
    if !walk {
        let mut copied = 0;
        for at in memchr::memmem::find_iter(html.as_bytes(), "<!>") {
            out.push_str(&html[copied..at]);
            copied = at + "<!>".len();
        }
        out.push_str(&html[copied..]);
        return;
    }
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!>") {
            rest = after;
            continue;
        }
        let end = tag_len(rest.as_bytes());
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
}

/// Whether the JSON text `json` may hold the characters `<!` in one of its strings:
/// written as they are, or any `<` escaped (which serde never does, and the embedded
/// site's script-safe JSON always does).
fn may_hold_raw_placeholder(json: &str) -> bool {
    json.contains("<!") || json.contains("\\u003c") || json.contains("\\u003C")
}

/// The length of the tag that `tag` starts with, up to its `>` and skipping `>` inside
/// quoted attribute values (all ASCII, so bytes will do); all of `tag` if it does not end.
fn tag_len(tag: &[u8]) -> usize {
    let mut at = 1;
    while let Some(i) = tag
        .get(at..)
        .and_then(|t| memchr::memchr3(b'>', b'"', b'\'', t))
    {
        let i = at + i;
        let Some(&quote @ (b'"' | b'\'')) = tag.get(i) else {
            return i + 1;
        };
        let Some(close) = tag.get(i + 1..).and_then(|t| memchr::memchr(quote, t)) else {
            break;
        };
        at = i + 1 + close + 1;
    }
    tag.len()
}

fn strip_title(html: &str) -> String {
    match (html.find("<title>"), html.find("</title>")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &html[..a], &html[b + "</title>".len()..]),
        _ => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_app::fixtures;
    use broadsheet_app::model::{Embedded, Site};
    use serde_json::value::RawValue;

    const SHELL: &str = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>Broadsheet</title><script type=\"module\">import init from '/app.js';</script></head><body></body></html>";

    fn site() -> Site {
        broadsheet_app::fixtures::site("https://example.org/", "en")
    }

    #[test]
    fn the_not_found_page_keeps_the_bundle_and_gets_the_site_language() {
        let page = Shell::new(SHELL).not_found(&site());
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{page}"
        );
        assert!(page.contains("import init from '/app.js'"), "bundle kept");
        assert_eq!(page.matches("<title>").count(), 1, "{page}");
        assert!(page.contains("<div id=\"app\">"));
        assert!(page.contains("not-found"));
        assert!(page.contains("id=\"bs-data\""));
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn embedded_data_cannot_break_out_of_its_script() {
        let mut s = site();
        s.title = "</script><script>alert(1)</script><!--\u{2028}".into();
        let page = Shell::new(SHELL).not_found(&s);
        let data_start = page.find("id=\"bs-data\">").unwrap();
        let data = &page[data_start..];
        let end = data.find("</script>").unwrap();
        assert!(!data[..end].contains('<'), "{}", &data[..end]);
        assert!(!page.contains("<script>alert(1)"), "{page}");
    }

    #[test]
    fn the_embedded_data_is_the_sites_embedded_document_as_serde_writes_it() {
        let mut s = site();
        s.title = "A & B <i>\u{2028}".into();
        let json = r#"{"slug":"x","title":"</script>&\u2028"}"#;
        let pages = Shell::new(SHELL);
        let pages = pages.for_site(&s);
        for (page, path, data) in [
            (
                pages.page(&Route::Home, "home.json", json, fixtures::home().into()),
                Some("home.json"),
                Some(json),
            ),
            (pages.not_found(), None, None),
        ] {
            let start = page.find("id=\"bs-data\">").unwrap() + "id=\"bs-data\">".len();
            let embedded = &page[start..start + page[start..].find("</script>").unwrap()];
            let expected = Embedded {
                site: s.clone(),
                path: path.map(str::to_string),
                data: data.map(|d| RawValue::from_string(d.to_string()).unwrap()),
            };
            assert_eq!(embedded, script_safe_json(&expected));
        }
    }

    #[test]
    fn hydration_placeholders_are_dropped_from_markup_only() {
        let stripped = |html: &str, walk: bool| {
            let mut out = String::from("x");
            push_without_placeholders(&mut out, html, walk);
            out
        };
        let html = r#"<ul><!><li title="a<!>b" data-x='>'>x &lt;!&gt;</li><!><!></ul><!>"#;
        assert_eq!(
            stripped(html, true),
            r#"x<ul><li title="a<!>b" data-x='>'>x &lt;!&gt;</li></ul>"#
        );
        // Quotes of the other kind inside a value; a tag or a value that never ends.
        let html = r#"<!><p data-x='a">b' title="c'>d">e</p><!><a title="f>"#;
        assert_eq!(
            stripped(html, true),
            r#"x<p data-x='a">b' title="c'>d">e</p><a title="f>"#
        );
        assert_eq!(stripped("<!><p class=x", true), "x<p class=x");
        // Without raw markup that may hold one, every `<!>` is a placeholder.
        let html = r#"<ul><!><li title="a&lt;b">x &lt;!&gt;</li><!><!></ul><!>"#;
        assert_eq!(
            stripped(html, false),
            r#"x<ul><li title="a&lt;b">x &lt;!&gt;</li></ul>"#
        );
        assert_eq!(stripped("<p>", false), "x<p>");
        let page = Shell::new(SHELL).not_found(&site());
        assert!(!page.contains("<!>"), "{page}");
    }

    #[test]
    fn a_placeholder_in_an_article_bodys_attribute_stays_and_the_others_go() {
        let shell = Shell::new(SHELL);
        let s = site();
        let pages = shell.for_site(&s);
        let route = Route::article("city", "new-ferry");
        let page = |body: &str| {
            let article = broadsheet_app::model::Article {
                body_html: body.into(),
                ..broadsheet_app::fixtures::article()
            };
            let json = serde_json::to_string(&article).unwrap();
            pages.page(&route, "articles/new-ferry.json", &json, article.into())
        };
        // The page's markup, without its embedded data.
        let app_of = |page: &str| {
            let app = &page[page.find("<div id=\"app\">").unwrap()..];
            app[..app.find("<script type=\"application/json\"").unwrap()].to_string()
        };
        let app = app_of(&page(r#"<p><img alt="a<!>b" src="/x.png"></p>"#));
        assert!(app.contains(r#"alt="a<!>b""#), "{app}");
        assert_eq!(app.matches("<!>").count(), 1, "{app}");
        let plain = page("<p>Plain</p>");
        assert!(!plain.contains("<!>"), "{plain}");
        let json = serde_json::to_string(&broadsheet_app::fixtures::article()).unwrap();
        let raw = render(
            &s,
            "/city/new-ferry/",
            &[("articles/new-ferry.json", &json)],
        );
        assert!(
            raw.body.contains("<!>"),
            "the render has placeholders to drop"
        );
        // The same markup apart from the body's attribute: both ways strip alike.
        assert_eq!(
            app.replace(r#"<p><img alt="a<!>b" src="/x.png"></p>"#, "<p>Plain</p>"),
            app_of(&plain)
        );
    }

    #[test]
    fn only_a_page_whose_document_the_app_fetches_names_it_for_the_start_script() {
        let site = broadsheet_app::fixtures::site("https://example.org/news/", "en");
        let shell = Shell::new(SHELL);
        let pages = shell.for_site(&site);
        let search = pages.page_without_document(&Route::Search);
        assert!(
            search.starts_with(
                r#"<!DOCTYPE html><html lang="en" data-app-needs="/news/api/v1/search/index.txt"><head>"#
            ),
            "{search}"
        );
        for page in [
            pages.page_without_document(&Route::Feeds),
            pages.page(&Route::Home, "home.json", "{}", fixtures::home().into()),
            pages.not_found(),
        ] {
            assert!(
                page.starts_with(r#"<!DOCTYPE html><html lang="en"><head>"#),
                "{page}"
            );
            assert!(!page.contains("data-app-needs"), "{page}");
        }
    }

    #[test]
    fn a_shell_without_lang_gets_one() {
        let shell = "<!DOCTYPE html><html><head></head><body></body></html>";
        let page = Shell::new(shell).not_found(&site());
        assert!(page.contains("<html lang=\"en\">"), "{page}");
    }
}
