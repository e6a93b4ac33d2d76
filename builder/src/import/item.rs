//! One feed item → the facts of an article ([`Draft`]), or the reason it cannot be one.

use feed_rs::model::{Entry, Feed, Link, Person};
use url::Url;

use crate::content::{sanitize, summary};
use crate::import::media;
use broadsheet_app::slug;

/// Longest title kept, in characters; longer ones are cut with `…`.
const MAX_TITLE: usize = 300;
/// A title made from the text of a title-less item.
const MAX_DERIVED_TITLE: usize = 80;
const MAX_NAME: usize = 100;
const MAX_ALT: usize = 300;
const MAX_TAG: usize = 60;
const MAX_TAGS: usize = 20;
const MAX_SOURCE_ID: usize = 500;
/// Dates are written in UTC as TOML date-times: `2024-05-01T08:30:00Z`.
const STAMP: &str = "%Y-%m-%dT%H:%M:%SZ";
const STAMP_LEN: usize = "2024-05-01T08:30:00Z".len();

/// What an imported article is made of. Every string is plain text except `html`,
/// which is already sanitised.
#[derive(Debug, Clone)]
pub struct Draft {
    pub source_id: String,
    pub title: String,
    /// RFC 3339 in UTC; the builder re-expresses it in the site's time zone.
    pub date: String,
    pub updated: Option<String>,
    pub writers: Vec<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub html: String,
    /// The item's page on the source site (http or https only).
    pub link: Option<Url>,
    pub language: Option<String>,
    /// The item had no date of its own and got the feed's.
    pub dated_by_feed: bool,
    /// The item's picture, as the lead image; or why it could not be one.
    pub lead: media::Picked,
    /// Names in the item's `media:credit`s.
    pub photographers: Vec<String>,
}

/// What every item of one feed shares.
pub struct FeedContext {
    /// Qualifies item ids that are not URIs, so `1` in two feeds are two items.
    pub key: String,
    /// The feed's own page, for resolving relative URLs.
    pub base: Option<Url>,
    pub language: Option<String>,
    pub authors: Vec<String>,
    /// For items without a date (RSS 0.91 items have none): the channel's
    /// publication or last build date.
    pub date: Option<String>,
}

impl FeedContext {
    pub fn new(feed: &Feed, fallback_key: &str) -> FeedContext {
        let base = alternate(&feed.links, None);
        // A real feed id (Atom's is a URI); else the feed's page; else the id feed-rs
        // made from the link and title; else the file name.
        let id = feed.id.trim();
        let key = match &base {
            _ if id.contains(':') => id.to_string(),
            Some(b) => b.to_string(),
            None if !id.is_empty() => id.to_string(),
            None => fallback_key.to_string(),
        };
        FeedContext {
            key,
            base,
            language: feed.language.clone(),
            authors: names(&feed.authors),
            date: feed
                .published
                .or(feed.updated)
                .map(|d| d.format(STAMP).to_string()),
        }
    }
}

/// The draft for `entry` (with `thumbnails`, its item-level `media:thumbnail`s), or why
/// it cannot be imported.
pub fn draft(
    entry: &Entry,
    thumbnails: &[media::Declared],
    feed: &FeedContext,
) -> Result<Draft, String> {
    let own_date = entry.published.or(entry.updated);
    let date = own_date
        .map(|d| d.format(STAMP).to_string())
        .or_else(|| feed.date.clone())
        .ok_or(
            "no date (neither the item nor the feed has one): the site orders articles by date, so it was skipped",
        )?;
    // `+10000-…` or `-0001-…` cannot be a TOML date.
    if date.len() != STAMP_LEN || !date.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!("the date {date} is outside the years 0000–9999"));
    }
    let updated = entry
        .updated
        .filter(|u| entry.published.is_some_and(|p| *u > p))
        .map(|u| u.format(STAMP).to_string())
        .filter(|u| u.len() == STAMP_LEN);

    let link = alternate(&entry.links, feed.base.as_ref());
    let page_base = link.clone().or_else(|| feed.base.clone());
    let (html, from_summary) = body(entry, page_base.as_ref());
    let body_text = sanitize::text(&html);
    // Items with no id, link or title (RSS 0.92 allows that) are known by their text.
    let id = match entry.id.trim() {
        "" if !body_text.trim().is_empty() => format!("text-{:08x}", slug::fnv1a(body_text.trim())),
        id => id.to_string(),
    };
    let source_id = source_id(&id, &feed.key)?;
    let summary = match (&entry.summary, from_summary) {
        (Some(s), false) => Some(sanitize::text(&s.content)),
        _ => Some(body_text.clone()),
    }
    .map(|s| summary::summarise(&s))
    .filter(|s| !s.is_empty());

    // Title-less items (microblogs, some RSS) are headed by the start of their text.
    let title = entry
        .title
        .as_ref()
        .map(|t| line(&sanitize::text(&t.content), MAX_TITLE))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| line(&body_text, MAX_DERIVED_TITLE));
    if title.is_empty() {
        return Err("no title and no text to make one from".into());
    }

    let mut writers = names(&entry.authors);
    if writers.is_empty() {
        writers = feed.authors.clone();
    }
    let language = entry
        .language
        .clone()
        .or_else(|| feed.language.clone())
        .filter(|l| is_language_tag(l));
    Ok(Draft {
        source_id,
        lead: match media::lead(entry, thumbnails, page_base.as_ref(), &title) {
            media::Picked::Lead(lead) => media::Picked::Lead(media::Lead {
                alt: line(&lead.alt, MAX_ALT),
                ..lead
            }),
            other => other,
        },
        photographers: distinct_names(media::credits(entry)),
        title,
        date,
        updated,
        writers,
        tags: tags(entry),
        summary,
        html,
        link,
        language,
        dated_by_feed: own_date.is_none(),
    })
}

/// The sanitised body HTML and whether it came from the summary (no content).
fn body(entry: &Entry, page_base: Option<&Url>) -> (String, bool) {
    let content = entry.content.as_ref().and_then(|c| {
        let body = c.body.as_deref().filter(|b| !b.trim().is_empty())?;
        let kind = c.content_type.to_string();
        let html = if kind.contains("html") || kind.ends_with("xml") {
            body.to_string()
        } else if kind == "text/plain" {
            as_html(body)
        } else {
            return None; // base64 or other media: nothing to show as text
        };
        // RSS content:encoded carries the xml:base in effect as `src`.
        let xml_base = c.src.as_ref().and_then(|l| Url::parse(&l.href).ok());
        Some((html, xml_base))
    });
    let (html, xml_base, from_summary) = match content {
        Some((html, xml_base)) => (html, xml_base, false),
        None => match &entry.summary {
            Some(s) if !s.content.trim().is_empty() => (as_html(&s.content), None, true),
            _ => (String::new(), None, true),
        },
    };
    // Atom's xml:base on <content> may itself be relative to the page.
    let atom_base = entry.base.as_deref().and_then(|b| match page_base {
        Some(p) => p.join(b).ok(),
        None => Url::parse(b).ok(),
    });
    let base = xml_base.or(atom_base).or_else(|| page_base.cloned());
    (sanitize::clean_foreign(&html, base.as_ref()), from_summary)
}

/// Text that may be HTML (RSS descriptions often are, whatever they declare) as HTML.
fn as_html(text: &str) -> String {
    let looks_like_html = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'));
    if looks_like_html {
        return text.to_string();
    }
    crate::escape::html_text(text)
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>")))
        .collect()
}

/// The item's page: the `alternate` (or unlabelled) link, else the first, made
/// absolute against `base`; only http and https.
fn alternate(links: &[Link], base: Option<&Url>) -> Option<Url> {
    let link = links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or_else(|| links.first())?;
    let href = link.href.trim();
    let url = match base {
        Some(b) => b.join(href).ok()?,
        None => Url::parse(href).ok()?,
    };
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// The id to recognise the item by in a later import: URIs (with a scheme, as GUIDs,
/// `tag:` and `urn:` ids are) as they are; anything else qualified with the feed's key.
fn source_id(id: &str, feed_key: &str) -> Result<String, String> {
    let id = line(id, usize::MAX);
    if id.is_empty() {
        return Err("no id, link or title to recognise the item by".into());
    }
    let qualified = if id.contains(':') {
        id
    } else {
        format!("{} {id}", line(feed_key, usize::MAX))
    };
    if qualified.chars().count() <= MAX_SOURCE_ID {
        return Ok(qualified);
    }
    // Keep it readable and still unique: a prefix and a hash of the whole.
    let prefix: String = qualified.chars().take(MAX_SOURCE_ID - 10).collect();
    Ok(format!("{prefix}#{:08x}", slug::fnv1a(&qualified)))
}

/// Each name once, as one line.
fn distinct_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names.map(|n| line(n, MAX_NAME)) {
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn names(people: &[Person]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in people {
        let name = p.name.as_deref().or(p.email.as_deref()).unwrap_or("");
        let name = line(name, MAX_NAME);
        // RSS writes `mail@example.org (Name)`; some parsers leave the brackets.
        let name = match name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
            Some(inner) => inner.trim().to_string(),
            None => name,
        };
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn tags(entry: &Entry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut slugs = Vec::new();
    for c in &entry.categories {
        let name = line(c.label.as_deref().unwrap_or(&c.term), MAX_TAG);
        let tag_slug = slug::tag_slug(&name);
        if !name.is_empty() && !slugs.contains(&tag_slug) && out.len() < MAX_TAGS {
            out.push(name);
            slugs.push(tag_slug);
        }
    }
    out
}

/// One line of plain text: whitespace runs collapsed, control characters dropped,
/// cut to `max` characters with `…`.
pub fn line(s: &str, max: usize) -> String {
    let collapsed: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// `en`, `zh-CN`, `pt-BR`: what may go in front matter's `language`.
fn is_language_tag(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    s.len() <= 35
        && (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_collapses_whitespace_drops_controls_and_cuts() {
        assert_eq!(line(" a\n\tb\u{0}c ", 10), "a bc");
        assert_eq!(line("abcdef", 4), "abc…");
    }

    #[test]
    fn plain_text_becomes_escaped_paragraphs() {
        assert_eq!(as_html("a & b\n\nc\nd"), "<p>a &amp; b</p><p>c<br>d</p>");
        assert_eq!(as_html("<p>x</p>"), "<p>x</p>");
        assert_eq!(as_html("1 < 2"), "<p>1 &lt; 2</p>");
    }

    #[test]
    fn ids_that_are_not_uris_are_qualified_by_the_feed() {
        assert_eq!(
            source_id("1", "https://a.example/feed").unwrap(),
            "https://a.example/feed 1"
        );
        assert_eq!(source_id("urn:x:1", "k").unwrap(), "urn:x:1");
        assert!(source_id("  ", "k").is_err());
        let long = source_id(&"x".repeat(5000), "k").unwrap();
        assert!(long.chars().count() <= MAX_SOURCE_ID, "{}", long.len());
    }

    #[test]
    fn language_tags_are_checked() {
        assert!(is_language_tag("zh-CN") && is_language_tag("en"));
        assert!(!is_language_tag("english language") && !is_language_tag("../x"));
    }
}
