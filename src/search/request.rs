//! What the search page shows, as plain data: the request read from the URL's query
//! string (`/search/?q=…&section=…&lang=…&n=…`, shareable and kept by back/forward)
//! and the outcome the loader found for it.

use crate::links::BasePath;
use crate::model::ArticleSummary;
use crate::route::Route;

/// Results shown at first, and added by each "more results".
pub const PAGE: u32 = 10;
/// The most results one page shows, however large `n` in the URL.
pub const MAX_SHOWN: u32 = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchRequest {
    pub q: String,
    pub section: Option<String>,
    pub language: Option<String>,
    /// How many results to show.
    pub shown: u32,
}

impl SearchRequest {
    /// The request in a URL's query parameters (`get` reads one by name).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> SearchRequest {
        let non_empty = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        let shown = get("n")
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(PAGE)
            .clamp(1, MAX_SHOWN);
        SearchRequest {
            q: get("q").unwrap_or_default(),
            section: non_empty("section"),
            language: non_empty("lang"),
            shown,
        }
    }

    /// The link to this request's results.
    pub fn href(&self, base: &BasePath) -> String {
        let mut query = format!("?q={}", encode(&self.q));
        if let Some(section) = &self.section {
            query.push_str(&format!("&section={}", encode(section)));
        }
        if let Some(language) = &self.language {
            query.push_str(&format!("&lang={}", encode(language)));
        }
        if self.shown != PAGE {
            query.push_str(&format!("&n={}", self.shown));
        }
        format!("{}{query}", base.href(&Route::Search))
    }

    /// The request in a URL's query string (`?q=%E6%B8%AF&n=20`, with or without `?`).
    pub fn from_query(query: &str) -> SearchRequest {
        let pairs: Vec<(String, String)> = query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                Some((decode(name), decode(value))).filter(|(n, _)| !n.is_empty())
            })
            .collect();
        SearchRequest::from_params(|name| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        })
    }

    /// The same request showing the next page of results too.
    pub fn more(&self) -> SearchRequest {
        SearchRequest {
            shown: self.shown.saturating_add(PAGE).min(MAX_SHOWN),
            ..self.clone()
        }
    }
}

/// What the loader found for a request.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchOutcome {
    /// The pre-rendered page: the query is in the reader's URL, which only the
    /// browser sees, and searching needs the app.
    Static,
    /// Nothing to look for yet: the search box is empty.
    Prompt,
    Found(Found),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// Matching articles (the index may undercount very common words).
    pub total: u32,
    /// The first `shown` of them, best first.
    pub hits: Vec<ArticleSummary>,
    /// Languages of the indexed articles (`""`: the site's), for the filter.
    pub languages: Vec<String>,
}

/// A query-string value decoded: `+` is a space, `%XX` a byte of UTF-8.
fn decode(value: &str) -> String {
    crate::links::percent_decode(&value.replace('+', " "))
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_request_reads_back_from_its_own_link() {
        let request = SearchRequest {
            q: "港口 \"ferry line\" & <b>".into(),
            section: Some("city".into()),
            language: None,
            shown: 20,
        };
        let href = request.href(&BasePath::new("/news/"));
        assert_eq!(
            href,
            "/news/search/?q=%E6%B8%AF%E5%8F%A3%20%22ferry%20line%22%20%26%20%3Cb%3E&section=city&n=20"
        );
    }

    #[test]
    fn missing_odd_and_huge_counts_are_bounded() {
        assert_eq!(SearchRequest::from_params(params(&[])).shown, PAGE);
        assert_eq!(
            SearchRequest::from_params(params(&[("n", "x")])).shown,
            PAGE
        );
        assert_eq!(SearchRequest::from_params(params(&[("n", "0")])).shown, 1);
        assert_eq!(
            SearchRequest::from_params(params(&[("n", "99999")])).shown,
            MAX_SHOWN
        );
        let empty_filter = SearchRequest::from_params(params(&[("section", " ")]));
        assert_eq!(empty_filter.section, None);
    }

    #[test]
    fn a_query_string_reads_like_the_link_that_made_it() {
        let request = SearchRequest {
            q: "港口 \"ferry line\" & a+b".into(),
            section: Some("city".into()),
            language: None,
            shown: 20,
        };
        let href = request.href(&BasePath::new("/"));
        let query = href.split_once('?').map(|(_, q)| q).unwrap();
        assert_eq!(SearchRequest::from_query(query), request);
        assert_eq!(SearchRequest::from_query("?q=a+b&lang=").q, "a b");
        assert_eq!(SearchRequest::from_query("").q, "");
        assert_eq!(SearchRequest::from_query("q=%E6%B8%AF%ZZ").q, "港%ZZ");
    }

    #[test]
    fn more_adds_a_page_of_results() {
        let r = SearchRequest::from_params(params(&[("q", "x")]));
        assert_eq!(r.more().shown, 2 * PAGE);
    }
}
