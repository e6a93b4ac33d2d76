//! Pre-rendering: every route's page as static HTML, from the app's own components
//! (`broadsheet_app::prerender`), poured into the Trunk-built `index.html` so the
//! same page boots the app, which then takes over using the embedded data.

use broadsheet_app::model::{script_safe_json, Embedded, Site};
use broadsheet_app::prerender::{render, Rendered};
use broadsheet_app::route::Route;

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

    /// The full HTML document for `route`, rendered from its API document `json`
    /// (served at `api_path`, relative to `api/v1/`), which the page also embeds.
    pub fn page(&self, site: &Site, route: &Route, api_path: &str, json: &str) -> String {
        let url = site.base_path().href(route);
        let rendered = render(site, &url, &[(api_path, json)]);
        let raw = serde_json::value::RawValue::from_string(json.to_string()).ok();
        let embedded = Embedded {
            site: site.clone(),
            path: raw.as_ref().map(|_| api_path.to_string()),
            data: raw,
        };
        self.pour(site, rendered, &embedded)
    }

    /// The page of a route that shows no API document (the search page), which
    /// embeds the site alone.
    pub fn page_without_document(&self, site: &Site, route: &Route) -> String {
        self.site_only(site, &site.base_path().href(route))
    }

    /// The not-found page (`404.html`), which embeds the site alone.
    pub fn not_found(&self, site: &Site) -> String {
        self.site_only(site, &site.base_path().join("404.html"))
    }

    fn site_only(&self, site: &Site, url: &str) -> String {
        let rendered = render(site, url, &[]);
        let embedded = Embedded {
            site: site.clone(),
            path: None,
            data: None,
        };
        self.pour(site, rendered, &embedded)
    }

    /// The shell with the rendered page and its embedded data poured in.
    fn pour(&self, site: &Site, mut rendered: Rendered, embedded: &Embedded) -> String {
        rendered.body = strip_placeholders(&rendered.body);
        rendered.head = strip_placeholders(&rendered.head);
        let data = script_safe_json(embedded);
        let mut out = String::with_capacity(
            rendered.body.len() + rendered.head.len() + data.len() + self.head.len() + 512,
        );
        out.push_str(&self.before_lang);
        out.push_str(&escape::html_attr(&site.language));
        out.push_str(&self.head);
        out.push_str(&rendered.head);
        out.push_str(&self.body_open);
        out.push_str("<div id=\"app\">");
        out.push_str(&rendered.body);
        out.push_str("</div><script type=\"application/json\" id=\"bs-data\">");
        out.push_str(&data);
        out.push_str("</script>");
        out.push_str(&self.tail);
        out
    }
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
/// its `<` is escaped).
fn strip_placeholders(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!>") {
            rest = after;
            continue;
        }
        // Copy the whole tag, skipping `>` inside quoted attribute values.
        let mut quote = None;
        let end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| match quote {
                Some(q) if c == q => {
                    quote = None;
                    false
                }
                Some(_) => false,
                None if c == '"' || c == '\'' => {
                    quote = Some(c);
                    false
                }
                None => c == '>',
            })
            .map_or(rest.len(), |(i, _)| i + 1);
        out.push_str(&rest[..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
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
    use broadsheet_app::model::Site;

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
    fn hydration_placeholders_are_dropped_from_markup_only() {
        let html = r#"<ul><!><li title="a<!>b" data-x='>'>x &lt;!&gt;</li><!><!></ul><!>"#;
        assert_eq!(
            strip_placeholders(html),
            r#"<ul><li title="a<!>b" data-x='>'>x &lt;!&gt;</li></ul>"#
        );
        let page = Shell::new(SHELL).not_found(&site());
        assert!(!page.contains("<!>"), "{page}");
    }

    #[test]
    fn a_shell_without_lang_gets_one() {
        let shell = "<!DOCTYPE html><html><head></head><body></body></html>";
        let page = Shell::new(shell).not_found(&site());
        assert!(page.contains("<html lang=\"en\">"), "{page}");
    }
}
