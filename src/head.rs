//! The document head of each page: title, description, canonical URL, Open Graph
//! and Twitter card tags, and schema.org JSON-LD for articles.
//!
//! Pages describe their head as a [`PageMeta`] and call [`set_head`], which hands it
//! to the [`HeadSink`] that whoever mounted the app provided: at build time the
//! builder collects it and renders [`HeadTags`] into the static page; in the browser
//! the same data updates the live document after a client-side navigation.

use crate::context::SiteCtx;
use crate::model::Site;
use leptos::prelude::*;
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
/// `BreadcrumbList` for other pages with a trail. Written by hand (no serde_json in the
/// wasm), with each object's keys in the order serde_json's maps sort them.
pub fn json_ld(
    ctx: &SiteCtx,
    meta: &PageMeta,
    canonical: Option<&str>,
    image: Option<&str>,
) -> Option<String> {
    use Ld::{List, Null, Object, Text};
    let site = &ctx.site;
    let mut graph = Vec::new();
    let absolute: Vec<String> = meta
        .breadcrumb
        .iter()
        .map(|(_, path)| site.absolute(path))
        .collect();
    if !meta.breadcrumb.is_empty() {
        let items = (meta.breadcrumb.iter().zip(&absolute).enumerate())
            .map(|(i, ((name, _), url))| {
                let position = Ld::Number(i + 1);
                typed(
                    "ListItem",
                    vec![
                        ("item", Text(url)),
                        ("name", Text(name)),
                        ("position", position),
                    ],
                )
            })
            .collect();
        graph.push(typed(
            "BreadcrumbList",
            vec![("itemListElement", List(items))],
        ));
    }
    if let Some(a) = &meta.article {
        let person = |name| typed("Person", vec![("name", Text(name))]);
        graph.push(typed(
            "NewsArticle",
            vec![
                ("articleSection", Text(&a.section)),
                (
                    "author",
                    List(a.authors.iter().map(|n| person(n)).collect()),
                ),
                (
                    "dateModified",
                    Text(a.updated.as_deref().unwrap_or(&a.published)),
                ),
                ("datePublished", Text(&a.published)),
                ("description", Text(&meta.description)),
                ("headline", Text(&meta.title)),
                ("image", List(image.into_iter().map(Text).collect())),
                (
                    "inLanguage",
                    Text(a.language.as_deref().unwrap_or(&site.language)),
                ),
                ("keywords", List(a.tags.iter().map(|t| Text(t)).collect())),
                ("mainEntityOfPage", canonical.map_or(Null, Text)),
                (
                    "publisher",
                    typed("Organization", vec![("name", Text(&site.publisher.name))]),
                ),
            ],
        ));
    }
    let mut out = String::new();
    (!graph.is_empty()).then(|| {
        let root = Object(vec![
            ("@context", Text("https://schema.org")),
            ("@graph", List(graph)),
        ]);
        root.write(&mut out);
        out
    })
}

/// A schema.org object of type `kind`.
fn typed<'a>(kind: &'static str, mut fields: Vec<(&'static str, Ld<'a>)>) -> Ld<'a> {
    fields.insert(0, ("@type", Ld::Text(kind)));
    Ld::Object(fields)
}

/// A JSON value of the JSON-LD.
enum Ld<'a> {
    Text(&'a str),
    Number(usize),
    List(Vec<Ld<'a>>),
    Object(Vec<(&'static str, Ld<'a>)>),
    Null,
}

impl Ld<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Ld::Text(text) => quote(out, text),
            Ld::Number(n) => out.push_str(&n.to_string()),
            Ld::Null => out.push_str("null"),
            Ld::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Ld::Object(fields) => {
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    quote(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// `text` as a JSON string that can sit inside a `<script>`, escaped as serde_json and
/// then [`crate::script_json::script_safe_json`] escape it.
fn quote(out: &mut String, text: &str) {
    out.push('"');
    // Runs of plain characters go in whole; only the characters JSON or HTML must not
    // hold as they are stop them.
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        // `None`: written as `\uXXXX`.
        let short = match c {
            '"' => Some("\\\""),
            '\\' => Some("\\\\"),
            '\n' => Some("\\n"),
            '\r' => Some("\\r"),
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\0'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => None,
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        plain = i + c.len_utf8();
        match short {
            Some(short) => out.push_str(short),
            None => out.push_str(&format!("\\u{:04x}", c as u32)),
        }
    }
    out.push_str(&text[plain..]);
    out.push('"');
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

    /// The JSON-LD as serde_json wrote it before the hand-written writer.
    fn serde_json_ld(
        site: &Site,
        meta: &PageMeta,
        canonical: Option<&str>,
        image: Option<&str>,
    ) -> String {
        use serde_json::json;
        let items: Vec<_> = (meta.breadcrumb.iter().enumerate())
            .map(|(i, (name, path))| json!({"@type": "ListItem", "position": i + 1, "name": name, "item": site.absolute(path)}))
            .collect();
        let a = meta.article.as_ref().unwrap();
        let authors: Vec<_> = a
            .authors
            .iter()
            .map(|n| json!({"@type": "Person", "name": n}))
            .collect();
        let graph = vec![
            json!({"@type": "BreadcrumbList", "itemListElement": items}),
            json!({
                "@type": "NewsArticle", "headline": meta.title, "description": meta.description,
                "datePublished": a.published, "dateModified": a.updated.as_deref().unwrap_or(&a.published),
                "articleSection": a.section, "keywords": a.tags,
                "inLanguage": a.language.as_deref().unwrap_or(&site.language), "author": authors,
                "image": image.map(|i| vec![i]).unwrap_or_default(), "mainEntityOfPage": canonical,
                "publisher": {"@type": "Organization", "name": site.publisher.name},
            }),
        ];
        crate::script_json::script_safe_json(
            &json!({"@context": "https://schema.org", "@graph": graph}),
        )
    }

    #[test]
    fn json_ld_is_written_byte_for_byte_as_serde_json_wrote_it_and_stays_in_its_script() {
        let ctx = SiteCtx::new(site());
        let hostile = "</script><!-- \"q\" \\ \n\t\u{1}\u{7f}\u{2028}\u{2029} & 渡轮 😀";
        let meta = PageMeta {
            title: hostile.into(),
            description: "A ferry".into(),
            breadcrumb: vec![
                ("City".into(), "city/".into()),
                (hostile.into(), "city/x/".into()),
            ],
            article: Some(ArticleMeta {
                published: "2026-11-28T09:30:00+08:00".into(),
                updated: None,
                section: "City".into(),
                tags: vec!["Transport".into(), hostile.into(), "<&>\n".into()],
                authors: vec!["Lin Wei".into(), "Ana Costa".into()],
                language: None,
            }),
            ..Default::default()
        };
        for (canonical, image) in [
            (
                Some("https://example.org/news/city/x/"),
                Some("https://e.org/a.jpg"),
            ),
            (None, None),
        ] {
            let ours = json_ld(&ctx, &meta, canonical, image).unwrap();
            assert_eq!(ours, serde_json_ld(&ctx.site, &meta, canonical, image));
            assert!(!ours.contains('<') && !ours.contains("\u{2028}"));
        }
        assert_eq!(json_ld(&ctx, &PageMeta::default(), None, None), None);
    }
}
