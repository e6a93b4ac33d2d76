//! JSON Feed 1.1 (<https://www.jsonfeed.org/version/1.1/>) as serde structs.

use serde::Serialize;

use super::Channel;
use crate::error::BuildError;

#[derive(Serialize)]
struct Feed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    language: &'a str,
    authors: Vec<Author<'a>>,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    /// JSON Feed asks for `content_html` or `content_text`: without a body, the summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<Author<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
}

/// The channel as a JSON Feed 1.1 document.
pub fn feed(channel: &Channel) -> Result<String, BuildError> {
    let feed = Feed {
        version: "https://jsonfeed.org/version/1.1",
        title: &channel.title,
        home_page_url: &channel.home_url,
        feed_url: format!("{}feed.json", channel.feed_dir_url),
        description: &channel.description,
        language: &channel.language,
        authors: vec![Author {
            name: &channel.publisher,
        }],
        items: channel
            .items
            .iter()
            .map(|i| Item {
                id: &i.url,
                url: &i.url,
                title: &i.title,
                content_html: i.content_html.as_deref(),
                content_text: i.content_html.is_none().then_some(if i.summary.is_empty() {
                    i.title.as_str()
                } else {
                    i.summary.as_str()
                }),
                summary: &i.summary,
                image: i.image.as_deref(),
                date_published: &i.published,
                date_modified: i.updated.as_deref(),
                authors: i.authors.iter().map(|name| Author { name }).collect(),
                tags: i.tags.iter().map(|t| t.name.as_str()).collect(),
                language: i.language.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&feed)
        .map_err(|e| BuildError::Refused(format!("feeds: cannot write JSON Feed: {e}")))
}
