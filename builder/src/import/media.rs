//! A feed item's picture → the article's lead image (and so its card thumbnail):
//! `media:content` and `media:thumbnail` (Media RSS), RSS `<enclosure>`s and Atom / JSON
//! Feed enclosure links of an image type. The image stays where it is (an absolute https
//! URL, which the site's policy allows): the builder downloads nothing, so only an image
//! whose width and height the feed declares can be used, since a page must reserve its
//! space before it loads.

use feed_rs::model::{Entry, MediaObject};
use url::Url;

/// The lead image of an imported article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lead {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// What the item's pictures give: a lead, or why none of them could be one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Lead(Lead),
    /// The item has images, none with a declared size (or none over https).
    Unusable(String),
    None,
}

/// A picture as the feed declares it: its URL as written, width and height.
pub type Declared = (String, Option<u32>, Option<u32>);

/// The largest image of `entry` (and `thumbnails`, its item-level `media:thumbnail`s)
/// that declares its size, made absolute against `base`.
pub fn lead(entry: &Entry, thumbnails: &[Declared], base: Option<&Url>, title: &str) -> Picked {
    let mut found: Vec<(String, Option<u32>, Option<u32>, String)> = thumbnails
        .iter()
        .map(|(url, w, h)| (url.clone(), *w, *h, title.to_string()))
        .collect();
    for object in &entry.media {
        let alt = alt_text(object).unwrap_or_else(|| title.to_string());
        for content in &object.content {
            let Some(url) = &content.url else { continue };
            // Without a type, the file name tells (media:content is often a video).
            let is_image = match &content.content_type {
                Some(t) => t.ty() == "image",
                None => crate::content::media::is_raster(url.path()),
            };
            if is_image {
                found.push((url.to_string(), content.width, content.height, alt.clone()));
            }
        }
        for thumb in &object.thumbnails {
            let image = &thumb.image;
            found.push((image.uri.clone(), image.width, image.height, alt.clone()));
        }
    }
    for link in &entry.links {
        let is_image = link
            .media_type
            .as_deref()
            .is_some_and(|t| t.starts_with("image/"));
        if is_image {
            found.push((link.href.clone(), None, None, title.to_string()));
        }
    }
    if found.is_empty() {
        return Picked::None;
    }
    let usable = found
        .iter()
        .filter_map(|(href, w, h, alt)| {
            let url = match base {
                Some(b) => b.join(href.trim()).ok()?,
                None => Url::parse(href.trim()).ok()?,
            };
            let (w, h) = (w.filter(|w| *w > 0)?, h.filter(|h| *h > 0)?);
            (url.scheme() == "https").then_some((url, w, h, alt))
        })
        .max_by_key(|(_, w, h, _)| u64::from(*w) * u64::from(*h));
    match usable {
        Some((url, width, height, alt)) => Picked::Lead(Lead {
            src: url.to_string(),
            alt: alt.clone(),
            width,
            height,
        }),
        None => Picked::Unusable(format!(
            "its image {} declares no width and height (or is not https), so it is not the lead image: the builder downloads nothing; add width = … and height = … to [lead] by hand",
            found[0].0
        )),
    }
}

/// The text describing a media object (not yet made one line): its title, else its
/// description.
fn alt_text(object: &MediaObject) -> Option<String> {
    [&object.title, &object.description]
        .into_iter()
        .flatten()
        .map(|t| crate::content::sanitize::text(&t.content))
        .find(|t| !t.trim().is_empty())
}

/// The names in the item's `media:credit`s (photographers, usually), as written.
pub fn credits(entry: &Entry) -> impl Iterator<Item = &str> {
    entry
        .media
        .iter()
        .flat_map(|m| &m.credits)
        .map(|c| c.entity.as_str())
}

const MEDIA_RSS: &str = "http://search.yahoo.com/mrss";

/// The item-level `media:thumbnail`s of an RSS feed, per item in document order (empty
/// when the rss crate cannot read the feed). feed-rs keeps a thumbnail only inside a
/// `media:content` or `media:group`, while news feeds often put it in the item itself.
pub fn rss_thumbnails(text: &str) -> Vec<Vec<Declared>> {
    let Ok(channel) = rss::Channel::read_from(text.as_bytes()) else {
        return Vec::new();
    };
    let prefixes: Vec<&str> = channel
        .namespaces()
        .iter()
        .filter(|(_, uri)| uri.trim_end_matches('/') == MEDIA_RSS)
        .map(|(prefix, _)| prefix.as_str())
        .collect();
    let declared = |ext: &rss::extension::Extension| {
        let attrs = ext.attrs();
        let number = |k: &str| attrs.get(k).and_then(|v| v.trim().parse().ok());
        Some((attrs.get("url")?.clone(), number("width"), number("height")))
    };
    channel
        .items()
        .iter()
        .map(|item| {
            prefixes
                .iter()
                .filter_map(|p| item.extensions().get(*p)?.get("thumbnail"))
                .flatten()
                .filter_map(declared)
                .collect()
        })
        .collect()
}
