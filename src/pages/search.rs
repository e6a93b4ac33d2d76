//! The search page: the search box with its filters, and the results as cards with
//! the matched words marked. A function of the request (from the URL) and what the
//! loader found; pre-rendered, it tells readers without JavaScript where else to look.
//!
//! The results are written as markup (`inner_html`, every value escaped), like the
//! search box: they never change while shown, and markup costs the wasm far less
//! than typed views.

use crate::components::card::article_route;
use crate::components::chrome::Breadcrumb;
use crate::components::search_form::{Filters, SearchForm};
use crate::context::{use_site, SiteCtx};
use crate::head::{set_head, PageMeta};
use crate::i18n::{fill, format_date, language_name};
use crate::model::ArticleSummary;
use crate::route::Route;
use crate::search::request::{Found, SearchOutcome, SearchRequest, MAX_SHOWN};
use crate::search::{highlight, parse_query, sole_phrase, Query};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use leptos::prelude::*;

#[component]
pub fn SearchPage(request: SearchRequest, outcome: SearchOutcome) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let trail = vec![
        (t.home.to_string(), Route::Home.path()),
        (t.search_title.to_string(), Route::Search.path()),
    ];
    let q = request.q.trim().to_string();
    set_head(PageMeta {
        title: if q.is_empty() {
            t.search_title.to_string()
        } else {
            format!("{q} · {}", t.search_title)
        },
        description: ctx.site.description.clone(),
        path: Some(Route::Search.path()),
        breadcrumb: trail.clone(),
        ..Default::default()
    });
    let filters = Filters {
        section: request.section.clone(),
        language: request.language.clone(),
        languages: match &outcome {
            SearchOutcome::Found(found) => found.languages.clone(),
            _ => Vec::new(),
        },
    };
    let prompt = format!(r#"<p class="search-status">{}</p>"#, text(t.search_prompt));
    let body = match &outcome {
        // The prompt too, where the app shows it: nothing below moves when it takes over.
        SearchOutcome::Static => prompt + &needs_script(&ctx),
        SearchOutcome::Prompt => prompt,
        SearchOutcome::Found(found) => found_html(&ctx, &request, found),
    };
    view! {
        <div class="search-page">
            <Breadcrumb trail/>
            <h1>{t.search_title}</h1>
            <SearchForm id="search-page-q" q=request.q filters/>
            <div class="search-found" inner_html=body></div>
        </div>
    }
}

/// What a reader without JavaScript sees: search runs in the browser, so here are
/// the ways to every article that need none.
fn needs_script(ctx: &SiteCtx) -> String {
    let t = ctx.t;
    format!(
        r#"<noscript><p class="search-status">{}</p><ul class="search-elsewhere"><li><a href="{}">{}</a></li><li><a href="{}" rel="external">{}</a></li></ul></noscript>"#,
        text(t.search_needs_js),
        attr(&ctx.href(&Route::SiteMap)),
        text(t.site_map),
        attr(&ctx.base.join("feed.xml")),
        text(t.rss_feed),
    )
}

/// The count, the results and the link to more of them.
fn found_html(ctx: &SiteCtx, request: &SearchRequest, found: &Found) -> String {
    let t = ctx.t;
    let q = named(request.q.trim());
    let status = if found.total == 0 {
        fill(t.search_none, &[&q])
    } else {
        fill(t.search_results, &[&found.total, &q])
    };
    let query = parse_query(&request.q);
    let mut html = format!(
        r#"<p class="search-status" role="status" aria-live="polite">{}</p><ol class="search-results">"#,
        text(&status)
    );
    for item in &found.hits {
        html.push_str(&hit_html(ctx, item, &query));
    }
    html.push_str("</ol>");
    if found.hits.len() < found.total as usize && request.shown < MAX_SHOWN {
        html.push_str(&format!(
            r#"<p class="search-more"><a href="{}">{}</a></p>"#,
            attr(&request.more().href(&ctx.base)),
            text(t.search_more)
        ));
    }
    html
}

/// The query as the status names it, in the status's own quotes: a query that is one
/// quoted phrase without its quotes, which would else be doubled (“"a b"”).
fn named(q: &str) -> &str {
    sole_phrase(q).unwrap_or(q)
}

/// One result: its title and summary with the query's words marked, its section,
/// date and language.
fn hit_html(ctx: &SiteCtx, item: &ArticleSummary, query: &Query) -> String {
    let language = item.language.as_deref().unwrap_or(&ctx.site.language);
    let lang = item
        .language
        .as_deref()
        .map(|l| format!(r#" lang="{}""#, attr(l)))
        .unwrap_or_default();
    format!(
        r#"<li class="search-hit"{lang}><h2 class="card-title"><a class="card-link" href="{href}">{title}</a></h2><p class="hit-meta"><a class="card-section" href="{section_href}">{section}</a><time datetime="{published}">{date}</time><span class="hit-language">{language}</span></p><p class="summary">{summary}</p></li>"#,
        href = attr(&ctx.href(&article_route(item))),
        title = marked(&item.title, query),
        section_href = attr(&ctx.href(&Route::section(&item.section))),
        section = text(ctx.section_name(&item.section)),
        published = attr(&item.published),
        date = text(&format_date(&item.published, ctx.site.clock_zone(), ctx.t)),
        language = text(&language_name(language)),
        summary = marked(&item.summary, query),
    )
}

/// `source` as escaped text with the spans that match `query` in `<mark>`.
fn marked(source: &str, query: &Query) -> String {
    let mut html = String::with_capacity(source.len() + 16);
    for (range, hit) in highlight(source, query) {
        let part = text(source.get(range).unwrap_or(""));
        if hit {
            html.push_str("<mark>");
            html.push_str(&part);
            html.push_str("</mark>");
        } else {
            html.push_str(&part);
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn ctx() -> SiteCtx {
        SiteCtx::new(fixtures::site("https://example.org/news/", "en"))
    }

    #[test]
    fn results_mark_the_query_and_escape_the_rest() {
        let mut item = fixtures::summary("ferry", "New <b>ferry</b> line");
        item.summary = "The ferry & the harbour".into();
        let found = Found {
            total: 1,
            hits: vec![item],
            languages: vec![],
        };
        let request = SearchRequest {
            q: "ferry".into(),
            shown: 10,
            ..Default::default()
        };
        let html = found_html(&ctx(), &request, &found);
        assert!(html.contains(r#"href="/news/city/ferry/""#), "{html}");
        assert!(
            html.contains("New &lt;b&gt;<mark>ferry</mark>&lt;/b&gt; line"),
            "{html}"
        );
        assert!(
            html.contains("The <mark>ferry</mark> &amp; the harbour"),
            "{html}"
        );
        assert!(html.contains("1 articles found for “ferry”"), "{html}");
        assert!(!html.contains("search-more"), "no more to show: {html}");
    }

    #[test]
    fn the_status_names_a_quoted_phrase_in_its_own_quotes_only() {
        let found = Found {
            total: 1,
            hits: vec![fixtures::summary("ferry", "Ferry line")],
            languages: vec![],
        };
        for (q, named) in [
            ("\"ferry line\"", "“ferry line”"),
            ("“ferry line”", "“ferry line”"),
            ("「ferry line」", "“ferry line”"),
            ("『ferry line』", "“ferry line”"),
            ("＂ferry line＂", "“ferry line”"),
            ("\"ferry line”", "“ferry line”"),
            ("\"ferry line", "“\"ferry line”"),
            ("\"ferry line\" harbour", "“\"ferry line\" harbour”"),
            ("\"ferry\" \"line\"", "“\"ferry\" \"line\"”"),
            ("ferry", "“ferry”"),
        ] {
            let request = SearchRequest {
                q: q.into(),
                shown: 10,
                ..Default::default()
            };
            let html = found_html(&ctx(), &request, &found);
            assert!(
                html.contains(&format!("1 articles found for {}", text(named))),
                "{q}: {html}"
            );
        }
    }

    #[test]
    fn more_results_link_to_a_longer_page_of_the_same_search() {
        let found = Found {
            total: 30,
            hits: vec![fixtures::summary("a", "A")],
            languages: vec![],
        };
        let request = SearchRequest {
            q: "港口".into(),
            section: Some("city".into()),
            shown: 10,
            ..Default::default()
        };
        let html = found_html(&ctx(), &request, &found);
        assert!(
            html.contains(r#"href="/news/search/?q=%E6%B8%AF%E5%8F%A3&amp;section=city&amp;n=20""#),
            "{html}"
        );
    }
}
