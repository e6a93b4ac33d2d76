//! The JSON API types: the contract between the builder (or any CMS) and the app.
//!
//! Every type here is written by the builder and read by the app; `docs/json-api.md`
//! describes the same shapes for people. Timestamps are RFC 3339 strings with any
//! offset (the builder writes the site's, and says so in `Site::timestamps_in_zone`;
//! another CMS may write `Z`); readers see them on the clock of `Site::time_zone`
//! (`crate::zone`), and `<time datetime>` keeps them as given.

use serde::{Deserialize, Serialize};

/// Site-wide configuration: `api/v1/site.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Site {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site root, always ending in `/` (may include a path).
    pub base_url: String,
    /// BCP 47 language tag of the site, e.g. `zh-CN` or `en`.
    pub language: String,
    /// IANA time zone name, e.g. `Asia/Shanghai`: readers see every timestamp on its clock.
    pub time_zone: String,
    /// Every timestamp of the API is written with the offset `time_zone` has at its
    /// instant, so its date and time are already what readers see (the builder writes
    /// them so). The app then shows them as written and never starts the browser's `Intl`,
    /// whose first use costs the app's start tens of milliseconds.
    #[serde(default)]
    pub timestamps_in_zone: bool,
    pub sections: Vec<Section>,
    pub page_size: u32,
    pub publisher: Publisher,
    pub copyright: String,
    #[serde(default)]
    pub social: Vec<Link>,
    #[serde(default)]
    pub logo: Option<Image>,
    /// Registration numbers shown in the footer (sites in mainland China must).
    #[serde(default, skip_serializing_if = "Licences::is_empty")]
    pub licences: Licences,
    /// The site's own words for a few labels; the language's words where empty.
    #[serde(default, skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
}

/// Words a portal may want in its own style (`你的位置`, `采写`, `点击 {} 次`). Empty: the
/// language's default.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Labels {
    /// The breadcrumb's prefix.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub you_are_here: String,
    /// The credit roles.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub writers: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub photographers: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub editors: String,
    /// The view count: `{}` stands for the number (`点击 {} 次`); without it, the number
    /// follows the label.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub views: String,
}

impl Labels {
    pub fn is_empty(&self) -> bool {
        self == &Labels::default()
    }
}

/// A Chinese site's registrations, each as the site writes it: the ICP filing number
/// (`沪ICP备12345678号-1`, ICP 备案号) and the public security filing (`沪公网安备
/// 31010402000001号`, 公安备案号). Empty: not shown.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Licences {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub icp: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub public_security: String,
}

impl Licences {
    /// The MIIT registry where ICP filings are looked up.
    pub const ICP_REGISTRY: &'static str = "https://beian.miit.gov.cn/";

    pub fn is_empty(&self) -> bool {
        self.icp.trim().is_empty() && self.public_security.trim().is_empty()
    }

    /// The national registry's page for the public security filing: its number is the
    /// digits of the filing.
    pub fn public_security_href(&self) -> String {
        let code: String = self
            .public_security
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        format!("https://beian.mps.gov.cn/#/query/webSearch?code={code}")
    }
}

/// The site's links (`base_path`, `absolute`, …) are made in [`crate::links`].
impl Site {
    /// The title of a section's or a tag's feeds (in the feeds and announced by its pages).
    pub fn feed_title(&self, listing_name: &str) -> String {
        format!("{listing_name} · {}", self.title)
    }

    pub fn section(&self, slug: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.slug == slug)
    }

    /// The zone a timestamp is converted to before it is shown: none (`""`, shown as
    /// written) when [`Site::timestamps_in_zone`] says it is written on that clock already.
    pub fn clock_zone(&self) -> &str {
        match self.timestamps_in_zone {
            true => "",
            false => &self.time_zone,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    pub slug: String,
    pub name: String,
}

/// Someone credited on articles (a writer or a photographer), with a page of their articles.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Person {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Publisher {
    pub name: String,
    pub address: String,
    pub contact: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// An image with its intrinsic size, so pages reserve its space before it loads.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Image {
    /// Site-relative path (`media/harbour.svg`, resolved against the base path) or absolute URL.
    /// For an image with variants: the widest file of the last format, for readers without
    /// `srcset` (feeds, link previews).
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
    /// The same image at other widths and in other formats (added in v1 for responsive
    /// images: older documents have none, and readers that ignore it still have `src`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Variants>,
    /// Variants of the image cut, centred, to the shape of a listing card's picture
    /// (`images::CARD_SHAPE`, 16:9), which cards show instead, so a phone does not fetch
    /// the pixels the card would hide. Only on lead images whose shape is not the card's
    /// (added in v1; without it cards crop `variants`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<Variants>,
}

/// Responsive variants of an image, as a pattern: the file of width `w` in format `f` is
/// `{path}-{w}.{f}` (site-relative, like `Image::src`), for every pair of `widths` and
/// `formats`. `media/_v/quay-1a2b3c4d` with widths `[320, 720]` and formats
/// `["webp", "jpg"]` names four files, `media/_v/quay-1a2b3c4d-320.webp` to `…-720.jpg`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Variants {
    pub path: String,
    /// Ascending pixel widths; heights keep the image's aspect ratio.
    pub widths: Vec<u32>,
    /// File extensions (`webp`, `jpg`, `png`, `avif`), the preferred first; the last is a
    /// format every browser shows.
    pub formats: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Figure {
    pub image: Image,
    #[serde(default)]
    pub caption: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Credits {
    #[serde(default)]
    pub writers: Vec<String>,
    #[serde(default)]
    pub photographers: Vec<String>,
    #[serde(default)]
    pub editors: Vec<String>,
}

impl Credits {
    pub fn is_empty(&self) -> bool {
        self.writers.is_empty() && self.photographers.is_empty() && self.editors.is_empty()
    }
}

/// What a listing shows of an article.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArticleSummary {
    pub slug: String,
    /// Slug of the article's section.
    pub section: String,
    pub title: String,
    pub summary: String,
    pub published: String,
    #[serde(default)]
    pub thumbnail: Option<Image>,
    /// Language of the article when it differs from the site's.
    #[serde(default)]
    pub language: Option<String>,
}

/// One article: `api/v1/articles/<slug>.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Article {
    pub slug: String,
    pub section: String,
    pub title: String,
    pub summary: String,
    /// Language of the article when it differs from the site's.
    #[serde(default)]
    pub language: Option<String>,
    pub published: String,
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub credits: Credits,
    /// The credited people who have an author page, each once: a credit whose name is
    /// here links to `/author/<slug>/` (added in v1: older documents have none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    /// View count, only where the content source supplies one.
    #[serde(default)]
    pub views: Option<u64>,
    #[serde(default)]
    pub lead: Option<Figure>,
    /// Sanitised HTML of the body.
    pub body_html: String,
    pub reading_minutes: u32,
    #[serde(default)]
    pub prev: Option<ArticleSummary>,
    #[serde(default)]
    pub next: Option<ArticleSummary>,
    #[serde(default)]
    pub related: Vec<ArticleSummary>,
}

impl Article {
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            slug: self.slug.clone(),
            section: self.section.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            published: self.published.clone(),
            thumbnail: self.lead.as_ref().map(|f| f.image.clone()),
            language: self.language.clone(),
        }
    }
}

/// Which articles a listing holds.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Listing {
    Latest,
    Section {
        slug: String,
        name: String,
    },
    Tag {
        slug: String,
        name: String,
    },
    /// The articles published in one month (in the site's time zone).
    Month {
        year: u16,
        month: u8,
    },
    /// The articles that credit one person as writer or photographer.
    Author {
        slug: String,
        name: String,
    },
}

/// One page of a listing (`docs/json-api.md`, "Listing pages"): the listing's own URL,
/// `api/v1/<folder>/newest.json`, shows its newest articles; numbered pages,
/// `api/v1/<folder>/page/<k>.json`, count from the oldest article, so that publishing a
/// newer article never changes them. Folders: `latest`, `sections/<s>`, `tags/<t>`,
/// `archive/<yyyy>/<mm>`, `authors/<a>`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct ListingPage {
    pub listing: Listing,
    /// A numbered page's number (1: the oldest articles); absent on the own URL's document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// The listing's pages (numbered pages and the own URL): only on the own URL's
    /// document, as nothing on a numbered page may change when an article is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_pages: Option<u32>,
    /// The listing's articles: only on the own URL's document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_items: Option<u32>,
    /// Newest first.
    pub items: Vec<ArticleSummary>,
    /// API path (relative to `api/v1/`) of the newer neighbour, if any.
    #[serde(default)]
    pub prev: Option<String>,
    /// API path of the older neighbour, if any.
    #[serde(default)]
    pub next: Option<String>,
}

/// The front page: `api/v1/home.json`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Home {
    #[serde(default)]
    pub lead: Option<ArticleSummary>,
    pub latest: Vec<ArticleSummary>,
    pub sections: Vec<SectionBlock>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SectionBlock {
    pub section: Section,
    pub items: Vec<ArticleSummary>,
}

/// The HTML site map's data: `api/v1/sitemap.json`. Its size does not grow with the
/// archive: the months link to their archive pages, and only the most used tags and the
/// most credited people are listed (older documents listed every article: they still
/// read, without counts or months).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SiteMap {
    pub sections: Vec<SiteMapSection>,
    /// Every month with articles, newest first.
    #[serde(default)]
    pub months: Vec<MonthCount>,
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub people: Vec<Person>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SiteMapSection {
    pub section: Section,
    #[serde(default)]
    pub count: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MonthCount {
    pub year: u16,
    pub month: u8,
    pub count: u32,
}

/// The data a pre-rendered page carries for the app to take over without fetching:
/// embedded as `<script type="application/json" id="bs-data">`.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Embedded {
    pub site: Site,
    /// API path (relative to `api/v1/`) of the route's document, e.g. `articles/x.json`.
    #[serde(default)]
    pub path: Option<String>,
    /// The document itself, as served at `path` (kept as JSON text until a page reads it).
    #[serde(default)]
    pub data: Option<Box<serde_json::value::RawValue>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_url: &str) -> Site {
        crate::fixtures::site(base_url, "en")
    }

    #[test]
    fn base_path_is_root_for_a_bare_domain_and_keeps_a_sub_path() {
        assert_eq!(site("https://example.org/").base_path().as_str(), "/");
        assert_eq!(site("https://example.org").base_path().as_str(), "/");
        assert_eq!(
            site("https://example.org/news/").base_path().as_str(),
            "/news/"
        );
    }

    #[test]
    fn listing_kind_is_tagged_in_json() {
        let json = serde_json::to_string(&Listing::Section {
            slug: "city".into(),
            name: "City".into(),
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"section","slug":"city","name":"City"}"#);
    }

    #[test]
    fn optional_article_fields_may_be_absent() {
        let json = r#"{"slug":"a","section":"s","title":"t","summary":"","published":"2026-01-02T03:04:05+08:00","body_html":"<p>x</p>","reading_minutes":1}"#;
        let a: Article = serde_json::from_str(json).unwrap();
        assert_eq!(a.views, None);
        assert!(a.credits.is_empty());
        assert!(a.related.is_empty());
    }

    #[test]
    fn a_listing_document_written_before_numbering_from_the_oldest_still_reads() {
        let old = r#"{"listing":{"kind":"latest"},"page":2,"total_pages":3,"total_items":25,"items":[],"prev":"latest/page/1.json","next":null}"#;
        let page: ListingPage = serde_json::from_str(old).unwrap();
        assert_eq!((page.page, page.total_items), (Some(2), Some(25)));
        let numbered = r#"{"listing":{"kind":"latest"},"page":2,"items":[]}"#;
        let page: ListingPage = serde_json::from_str(numbered).unwrap();
        assert_eq!(
            (page.total_pages, page.total_items, page.next),
            (None, None, None)
        );
    }
}
