//! The site's base path and every link made from it — route links, API document URLs,
//! asset URLs — and which links from content or config are safe to put in a page.
//! App and builder both make their links here, so a sub-path site (`/news/`) works the
//! same in pre-rendered pages, in the browser and in feeds.

use crate::model::Site;
use crate::route::Route;

impl Site {
    /// The path part of `base_url`: `/`, or a sub-path such as `/news/`.
    pub fn base_path(&self) -> BasePath {
        BasePath::from_url(&self.base_url)
    }

    /// The absolute URL of a path below the base (`/city/x/`) or of a site-relative
    /// asset (`media/a.svg`); absolute URLs pass as they are.
    pub fn absolute(&self, path: &str) -> String {
        absolute(&self.base_url, path)
    }

    /// An image source from the API as an absolute URL; `None` when it is no image URL.
    pub fn absolute_asset(&self, src: &str) -> Option<String> {
        absolute_asset(&self.base_url, src)
    }
}

/// The path the site is served under: `/`, or a sub-path such as `/news/`. Always
/// starts and ends with `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasePath(String);

impl BasePath {
    /// The path part of an absolute URL (`https://example.org/news` → `/news/`); a bare
    /// path is taken as it is. Query and fragment are ignored.
    pub fn from_url(url: &str) -> BasePath {
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        let path = match after_scheme.find('/') {
            Some(i) if url.contains("://") => after_scheme.get(i..).unwrap_or("/"),
            None if url.contains("://") => "/",
            _ => after_scheme,
        };
        let path = path.split(['?', '#']).next().unwrap_or("/");
        BasePath::new(path)
    }

    /// `news` or `/news` → `/news/`; empty → `/`.
    pub fn new(path: &str) -> BasePath {
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() {
            BasePath("/".into())
        } else {
            BasePath(format!("/{trimmed}/"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The base without its trailing slash: empty at the root, `/news` below a
    /// sub-path (the router's form).
    pub fn stem(&self) -> &str {
        self.0.strip_suffix('/').unwrap_or(&self.0)
    }

    /// A path below the base (`/city/x/`, with its leading slash) as a link.
    pub fn join(&self, path: &str) -> String {
        [self.stem(), "/", path.trim_start_matches('/')].concat()
    }

    /// A route's link.
    pub fn href(&self, route: &Route) -> String {
        self.join(&route.path())
    }

    /// The URL of an API document (`home.json`), below `api/v1/`.
    pub fn api_url(&self, api_path: &str) -> String {
        [self.stem(), "/api/v1/", api_path].concat()
    }

    /// The path below the base of an absolute path; `None` when it lies outside.
    pub fn strip<'a>(&self, path: &'a str) -> Option<&'a str> {
        let rest = path.strip_prefix(self.stem())?;
        if rest.is_empty() {
            Some("/")
        } else if rest.starts_with('/') {
            Some(rest)
        } else {
            None
        }
    }

    /// The route at an absolute path, if it is one of the site's.
    pub fn route_at(&self, path: &str) -> Option<Route> {
        self.strip(path).and_then(Route::parse)
    }

    /// An image `src` as a link: site-relative paths (`media/x.svg`) get the base;
    /// absolute `http(s)` URLs and absolute paths pass; anything else (a `javascript:`
    /// or `data:` URL, a scheme-relative `//host/x` however it is spelt) becomes an empty
    /// string. The `src` is judged, and returned, as a browser reads it ([`as_parsed`]).
    pub fn asset(&self, src: &str) -> String {
        let src = as_parsed(src);
        if src.starts_with("//") {
            String::new()
        } else if src.starts_with("https://") || src.starts_with("http://") || src.starts_with('/')
        {
            src
        } else if src.contains(':') {
            String::new()
        } else {
            self.join(&src)
        }
    }
}

/// A URL as the WHATWG URL parser reads it on an `http(s)` page: without leading or trailing
/// controls and spaces, without tabs and newlines anywhere, and with `\` as `/` before the
/// query. So `/\host`, `\\host` and `/<tab>/host` all show as the `//host` they are.
fn as_parsed(url: &str) -> String {
    let mut in_path = true;
    url.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| {
            in_path &= !matches!(c, '?' | '#');
            if in_path && c == '\\' {
                '/'
            } else {
                c
            }
        })
        .collect()
}

impl std::fmt::Display for BasePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `path` (below the base, or a site-relative asset) as an absolute URL under
/// `base_url`; absolute `http(s)` URLs pass as they are. A `base_url` with a script or
/// other unsafe scheme (from a JSON API not written by our builder) counts as empty, so
/// the URLs made from it stay on this site.
pub fn absolute(base_url: &str, path: &str) -> String {
    if path.starts_with("https://") || path.starts_with("http://") {
        return path.to_string();
    }
    [
        web_base(base_url).trim_end_matches('/'),
        "/",
        path.trim_start_matches('/'),
    ]
    .concat()
}

/// `base_url` if it is safe in a link ([`safe_href`]), else empty.
fn web_base(base_url: &str) -> &str {
    match safe_href(base_url) {
        "#" => "",
        safe => safe,
    }
}

/// An image source from the API as an absolute URL (for feeds and link previews):
/// site-relative sources sit under `base_url`, absolute paths under its origin;
/// `None` for a source that is no image URL (see [`BasePath::asset`]).
pub fn absolute_asset(base_url: &str, src: &str) -> Option<String> {
    let base_url = web_base(base_url);
    let link = BasePath::from_url(base_url).asset(src);
    if link.is_empty() {
        None
    } else if link.starts_with("https://") || link.starts_with("http://") {
        Some(link)
    } else {
        // A path from the site's root (the base path already joined): under its origin.
        let origin = base_url
            .find("://")
            .map(
                |i| match base_url.get(i + 3..).and_then(|rest| rest.find('/')) {
                    Some(j) => base_url.get(..i + 3 + j).unwrap_or(base_url),
                    None => base_url,
                },
            )
            .unwrap_or("");
        Some(format!("{origin}{link}"))
    }
}

/// The words of a URL path, for a search from the not-found page:
/// `/city/ferry-strike%E6%B8%AF/` → `city ferry strike港`. File endings and numbers
/// (`index.html`, `2026`) are left out.
pub fn path_words(path: &str) -> String {
    let decoded = percent_decode(path);
    decoded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !matches!(*w, "html" | "htm" | "index" | "php" | "page"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `%XX` escapes decoded as UTF-8 (invalid sequences become U+FFFD).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A link target from content or config that is safe to put in `href`: `http(s)`,
/// `mailto` and relative URLs pass; other schemes (`javascript:`, `data:`, …) become `#`.
pub fn safe_href(url: &str) -> &str {
    let lower = url.trim_start().to_ascii_lowercase();
    match lower.find([':', '/', '?', '#']) {
        Some(i) if lower.get(i..=i) == Some(":") => {
            let scheme = lower.get(..i).unwrap_or("");
            if matches!(scheme, "http" | "https" | "mailto") {
                url
            } else {
                "#"
            }
        }
        _ => url,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_is_the_path_of_the_base_url() {
        assert_eq!(BasePath::from_url("https://example.org/").as_str(), "/");
        assert_eq!(BasePath::from_url("https://example.org").as_str(), "/");
        assert_eq!(
            BasePath::from_url("https://example.org/news").as_str(),
            "/news/"
        );
        assert_eq!(
            BasePath::from_url("http://127.0.0.1:8080/a/b/?x=1").as_str(),
            "/a/b/"
        );
        assert_eq!(BasePath::new("news").as_str(), "/news/");
    }

    #[test]
    fn links_join_the_base_path() {
        let news = BasePath::new("/news/");
        let article = Route::article("city", "x");
        assert_eq!(BasePath::new("/").href(&article), "/city/x/");
        assert_eq!(news.href(&article), "/news/city/x/");
        assert_eq!(news.href(&Route::Home), "/news/");
        assert_eq!(
            news.api_url("articles/a.json"),
            "/news/api/v1/articles/a.json"
        );
        assert_eq!(BasePath::new("/").api_url("home.json"), "/api/v1/home.json");
    }

    #[test]
    fn strip_keeps_only_paths_inside_the_base() {
        let news = BasePath::new("/news/");
        assert_eq!(news.strip("/news/city/"), Some("/city/"));
        assert_eq!(news.strip("/news"), Some("/"));
        assert_eq!(news.strip("/newsroom/"), None);
        assert_eq!(BasePath::new("/").strip("/city/"), Some("/city/"));
    }

    #[test]
    fn assets_resolve_against_the_base_path() {
        assert_eq!(BasePath::new("/").asset("media/a.svg"), "/media/a.svg");
        assert_eq!(
            BasePath::new("/news/").asset("media/a.svg"),
            "/news/media/a.svg"
        );
        assert_eq!(
            BasePath::new("/news/").asset("https://cdn.example/a.png"),
            "https://cdn.example/a.png"
        );
    }

    #[test]
    fn script_urls_and_other_hosts_never_become_image_sources() {
        for bad in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:image/svg+xml,<svg onload=x>",
            "//evil.example/x.png",
            "/\\evil.example/x.png",
            "\\/evil.example/x.png",
            "\\\\evil.example/x.png",
            "/\t/evil.example/x.png",
            "/\n/evil.example/x.png",
            "/\r\n/evil.example/x.png",
            "\t//evil.example/x.png",
            " //evil.example/x.png",
            "\u{1}//evil.example/x.png",
            "/\t\\evil.example/x.png",
        ] {
            assert_eq!(BasePath::new("/").asset(bad), "", "{bad:?}");
            assert_eq!(BasePath::new("/news/").asset(bad), "", "{bad:?}");
            assert_eq!(absolute_asset("https://example.org/", bad), None, "{bad:?}");
        }
    }

    #[test]
    fn an_asset_link_is_the_url_a_browser_would_read() {
        let root = BasePath::new("/");
        assert_eq!(root.asset(" media/a\tb.svg\n"), "/media/ab.svg");
        assert_eq!(root.asset("/img\\x.png?q=a\\b"), "/img/x.png?q=a\\b");
    }

    #[test]
    fn absolute_urls_sit_under_the_base_url() {
        let base = "https://example.org/news/";
        assert_eq!(
            absolute(base, "/city/x/"),
            "https://example.org/news/city/x/"
        );
        assert_eq!(
            absolute(base, "media/a.svg"),
            "https://example.org/news/media/a.svg"
        );
        assert_eq!(
            absolute(base, "https://cdn.example/b.png"),
            "https://cdn.example/b.png"
        );
    }

    #[test]
    fn image_sources_become_absolute_urls_or_nothing() {
        let base = "https://example.org/news/";
        let abs = |src| absolute_asset(base, src);
        assert_eq!(
            abs("media/a.svg").as_deref(),
            Some("https://example.org/news/media/a.svg")
        );
        assert_eq!(
            abs("/img/b.png").as_deref(),
            Some("https://example.org/img/b.png")
        );
        assert_eq!(
            abs("https://cdn.example/b.png").as_deref(),
            Some("https://cdn.example/b.png")
        );
        assert_eq!(abs("javascript:alert(1)"), None);
        assert_eq!(abs("//evil.example/x.png"), None);
        assert_eq!(
            absolute_asset("https://example.org", "/b.png").as_deref(),
            Some("https://example.org/b.png")
        );
    }

    #[test]
    fn a_base_url_with_a_script_scheme_never_starts_a_link() {
        for base in [
            "javascript:alert(1)//",
            " JavaScript:alert(1)/",
            "data:text/html,x/",
        ] {
            assert_eq!(absolute(base, "/city/x/"), "/city/x/", "{base}");
            let image = absolute_asset(base, "media/a.svg").unwrap_or_default();
            assert!(
                image.starts_with('/') && !image.contains(':'),
                "{base}: {image}"
            );
        }
    }

    #[test]
    fn a_missing_path_gives_the_words_to_search_for() {
        assert_eq!(path_words("/city/ferry-strike/"), "city ferry strike");
        assert_eq!(
            path_words("/news/%E6%B8%AF%E5%8F%A3/2026/index.html"),
            "news 港口"
        );
        assert_eq!(path_words("/%ZZ/%E6/"), "ZZ");
        assert_eq!(path_words("/"), "");
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        assert_eq!(safe_href("https://example.org/"), "https://example.org/");
        assert_eq!(safe_href("mailto:a@example.org"), "mailto:a@example.org");
        assert_eq!(safe_href("/city/x/"), "/city/x/");
        assert_eq!(safe_href("#top"), "#top");
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert_eq!(safe_href(bad), "#", "{bad}");
        }
    }
}
