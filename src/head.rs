//! The document head of each page: title, description, canonical URL, Open Graph
//! and Twitter card tags, and schema.org JSON-LD for articles.
//!
//! Pages describe their head as a [`PageMeta`] and call [`set_head`], which hands it
//! to the [`HeadSink`] that whoever mounted the app provided: at build time the
//! builder collects it and renders [`HeadTags`] into the static page; in the browser
//! the same data updates the live document after a client-side navigation.

use crate::context::SiteCtx;
use crate::model::{script_safe_json, Site};
use leptos::prelude::*;
use serde::Serialize;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct PageMeta {
    /// The page's own title (the site name is added for the document title).
    pub title: String,
    pub description: String,
    /// The route's path below the base path (`/city/x/`); `None` for error pages.
    pub path: Option<String>,
    /// Image URL (site-relative or absolute) for link previews.
    pub image: Option<String>,
    pub article: Option<ArticleMeta>,
    /// Breadcrumb trail as (name, path below the base) from the home page down.
    pub breadcrumb: Vec<(String, String)>,
    pub status: PageStatus,
    /// A section's or a tag's own feeds, announced beside the site's: their title and their
    /// folder below the base (`city/`).
    pub feeds: Option<(String, String)>,
}

impl PageMeta {
    /// `(media type, title, absolute URL)` of each of the page's own feeds.
    pub fn own_feeds(&self, site: &Site) -> Vec<(&'static str, String, String)> {
        let Some((title, folder)) = &self.feeds else {
            return Vec::new();
        };
        crate::route::FEED_FORMATS
            .iter()
            .map(|(_, kind, file)| {
                (
                    *kind,
                    title.clone(),
                    site.absolute(&format!("{folder}{file}")),
                )
            })
            .collect()
    }
}

/// What the page shown is: the page asked for, or one of the two kinds of error view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PageStatus {
    #[default]
    Shown,
    /// An error that a retry may mend (network, server, bad data).
    Failed,
    /// The not-found view.
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct ArticleMeta {
    pub published: String,
    pub updated: Option<String>,
    pub section: String,
    pub tags: Vec<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
}

impl PageMeta {
    /// `Title – Site` for inner pages, the site title alone for the home page.
    pub fn document_title(&self, site: &Site) -> String {
        if self.title.is_empty() || self.title == site.title {
            site.title.clone()
        } else {
            format!("{} – {}", self.title, site.title)
        }
    }

    /// The absolute canonical URL, when the page has one.
    pub fn canonical(&self, site: &Site) -> Option<String> {
        self.path.as_deref().map(|p| site.absolute(p))
    }

    /// The description, or the site's when the page has none.
    pub fn description_or_site(&self, site: &Site) -> String {
        if self.description.is_empty() {
            site.description.clone()
        } else {
            self.description.clone()
        }
    }

    /// `article` or `website`, for `og:type`.
    pub fn og_type(&self) -> &'static str {
        if self.article.is_some() {
            "article"
        } else {
            "website"
        }
    }

    /// The link-preview image as an absolute URL.
    pub fn image_url(&self, site: &Site) -> Option<String> {
        self.image.as_deref().and_then(|i| site.absolute_asset(i))
    }
}

/// Where each page's head goes once the page has rendered, provided as context by
/// whoever mounts the app (the pre-renderer collects it; the browser applies it).
#[derive(Clone)]
pub struct HeadSink(Arc<dyn Fn(PageMeta) + Send + Sync>);

impl HeadSink {
    pub fn new(sink: impl Fn(PageMeta) + Send + Sync + 'static) -> HeadSink {
        HeadSink(Arc::new(sink))
    }
}

/// Declares the current page's head.
pub fn set_head(meta: PageMeta) {
    if let Some(sink) = use_context::<HeadSink>() {
        (sink.0)(meta);
    }
}

/// The head tags for a page, rendered into static pages at build time.
#[component]
pub fn HeadTags(ctx: SiteCtx, meta: PageMeta) -> impl IntoView {
    let site = &ctx.site;
    let title = meta.document_title(site);
    let canonical = meta.canonical(site);
    let image = meta.image_url(site);
    let og_type = meta.og_type();
    let json_ld = json_ld(&ctx, &meta, canonical.as_deref(), image.as_deref());
    let description = meta.description_or_site(site);
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    view! {
        <title>{title.clone()}</title>
        <meta name="description" content=description.clone()/>
        {canonical.clone().map(|href| view! { <link rel="canonical" href=href/> })}
        <link rel="alternate" type="application/rss+xml" title=site.title.clone() href=site.absolute("feed.xml")/>
        {meta.own_feeds(site).into_iter().map(|(kind, title, href)| view! {
            <link rel="alternate" type=kind title=title href=href data-own-feed=""/>
        }).collect_view()}
        {og("og:site_name", site.title.clone())}
        {og("og:type", og_type)}
        {og("og:title", meta.title.clone())}
        {og("og:description", description.clone())}
        {og("og:locale", site.language.replace('-', "_"))}
        {canonical.map(|href| view! { {og("og:url", href)} })}
        {image.clone().map(|src| view! { {og("og:image", src)} })}
        {meta.article.as_ref().map(|a| view! {
            {og("article:published_time", a.published.clone())}
            {a.updated.clone().map(|u| view! { {og("article:modified_time", u)} })}
        })}
        <meta name="twitter:card" content=card/>
        <meta name="twitter:title" content=meta.title.clone()/>
        <meta name="twitter:description" content=description/>
        {image.map(|src| view! { <meta name="twitter:image" content=src/> })}
        {json_ld.map(|data| view! { <script type="application/ld+json" inner_html=data></script> })}
    }
}

/// `<meta property=… content=…>`, the Open Graph form (`property` is no HTML attribute
/// the view macro knows).
fn og(property: &'static str, content: impl Into<String>) -> impl IntoView {
    use leptos::attr::custom::custom_attribute;
    use leptos::tachys::view::add_attr::AddAnyAttr;
    let content: String = content.into();
    view! { <meta content=content/> }.add_any_attr(custom_attribute("property", property))
}

/// schema.org data: a `NewsArticle` and a `BreadcrumbList` for articles, a
/// `BreadcrumbList` for other pages with a trail.
pub fn json_ld(
    ctx: &SiteCtx,
    meta: &PageMeta,
    canonical: Option<&str>,
    image: Option<&str>,
) -> Option<String> {
    let site = &ctx.site;
    let mut graph = Vec::new();
    if !meta.breadcrumb.is_empty() {
        let items = meta
            .breadcrumb
            .iter()
            .enumerate()
            .map(|(i, (name, path))| ListItem {
                kind: "ListItem",
                item: site.absolute(path),
                name,
                position: i + 1,
            })
            .collect();
        graph.push(Node::Breadcrumbs(Breadcrumbs {
            kind: "BreadcrumbList",
            items,
        }));
    }
    if let Some(a) = &meta.article {
        let person = |name| Named {
            kind: "Person",
            name,
        };
        graph.push(Node::Article(Box::new(NewsArticle {
            kind: "NewsArticle",
            article_section: &a.section,
            author: a.authors.iter().map(|n| person(n.as_str())).collect(),
            date_modified: a.updated.as_deref().unwrap_or(&a.published),
            date_published: &a.published,
            description: &meta.description,
            headline: &meta.title,
            image: image.into_iter().collect(),
            in_language: a.language.as_deref().unwrap_or(&site.language),
            keywords: &a.tags,
            main_entity_of_page: canonical,
            publisher: Named {
                kind: "Organization",
                name: &site.publisher.name,
            },
        })));
    }
    (!graph.is_empty()).then(|| {
        script_safe_json(&LinkedData {
            context: "https://schema.org",
            graph,
        })
    })
}

// The schema.org nodes, typed: serialised straight to text, with their keys in the
// order a JSON object map sorts them (pages stay byte for byte what they were).

#[derive(Serialize)]
struct LinkedData<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Breadcrumbs(Breadcrumbs<'a>),
    Article(Box<NewsArticle<'a>>),
}

#[derive(Serialize)]
struct Breadcrumbs<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: &'a str,
    position: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    article_section: &'a str,
    author: Vec<Named<'a>>,
    date_modified: &'a str,
    date_published: &'a str,
    description: &'a str,
    headline: &'a str,
    image: Vec<&'a str>,
    in_language: &'a str,
    keywords: &'a [String],
    main_entity_of_page: Option<&'a str>,
    publisher: Named<'a>,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        crate::fixtures::site("https://example.org/news/", "en")
    }

    #[test]
    fn inner_pages_carry_the_site_name_in_their_title() {
        let meta = PageMeta {
            title: "Ferry".into(),
            ..Default::default()
        };
        assert_eq!(meta.document_title(&site()), "Ferry – Harbour Daily");
        assert_eq!(PageMeta::default().document_title(&site()), "Harbour Daily");
    }

    #[test]
    fn canonical_urls_are_absolute_under_the_base_url() {
        let meta = PageMeta {
            path: Some("/city/ferry/".into()),
            ..Default::default()
        };
        assert_eq!(
            meta.canonical(&site()).as_deref(),
            Some("https://example.org/news/city/ferry/")
        );
        assert_eq!(
            site().absolute("media/a.svg"),
            "https://example.org/news/media/a.svg"
        );
    }
}
