//! Reading API documents into the model's types without serde in the wasm: the browser's
//! `JSON.parse` parses, and the readers here take each field the model needs from the
//! parsed value. The serde derives and serde_json cost the browser bundle more than any
//! page; natively (pre-rendering, the builder) the model's serde derives still decode.
//!
//! The readers are written once over [`Node`], a parsed JSON value: `JsValue` in the
//! browser, `serde_json::Value` natively, where the tests check they read what serde reads.
//! They follow the derives: unknown fields are ignored, a field the model defaults may be
//! absent or `null`, and anything else missing or of the wrong type is [`Malformed`].

use crate::model::*;

/// Why a document is not of the model's shape: the field missing or of the wrong type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is missing or of the wrong type", self.0)
    }
}

type Read<T> = Result<T, Malformed>;

/// A parsed JSON value, as the readers see it.
pub trait Node: Sized {
    /// The member `key` of an object: `None` if absent, `null`, or this is no object.
    fn member(&self, key: &str) -> Option<Self>;
    /// Whether this is an object (not an array).
    fn is_map(&self) -> bool;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    fn items(&self) -> Option<Vec<Self>>;
}

/// An object's fields, each read with a reader named by the field it is for.
struct Obj<'a, N>(&'a N);

fn obj<'a, N: Node>(node: &'a N, what: &'static str) -> Read<Obj<'a, N>> {
    node.is_map().then_some(Obj(node)).ok_or(Malformed(what))
}

impl<N: Node> Obj<'_, N> {
    fn opt<T>(&self, key: &'static str, read: fn(&N, &'static str) -> Read<T>) -> Read<Option<T>> {
        self.0.member(key).map(|n| read(&n, key)).transpose()
    }

    fn req<T>(&self, key: &'static str, read: fn(&N, &'static str) -> Read<T>) -> Read<T> {
        self.opt(key, read)?.ok_or(Malformed(key))
    }

    fn text(&self, key: &'static str) -> Read<String> {
        self.req(key, text)
    }

    /// A string the model defaults to empty.
    fn text_or_empty(&self, key: &'static str) -> Read<String> {
        Ok(self.opt(key, text)?.unwrap_or_default())
    }

    /// A list the model defaults to empty.
    fn list<T>(&self, key: &'static str, read: fn(&N, &'static str) -> Read<T>) -> Read<Vec<T>> {
        self.0
            .member(key)
            .map_or(Ok(Vec::new()), |n| items(&n, key, read))
    }

    fn list_req<T>(
        &self,
        key: &'static str,
        read: fn(&N, &'static str) -> Read<T>,
    ) -> Read<Vec<T>> {
        self.0
            .member(key)
            .map_or(Err(Malformed(key)), |n| items(&n, key, read))
    }

    /// A flag the model defaults to false.
    fn flag(&self, key: &'static str) -> Read<bool> {
        let read = |n: &N, key| n.boolean().ok_or(Malformed(key));
        Ok(self.opt(key, read)?.unwrap_or_default())
    }

    fn u32(&self, key: &'static str) -> Read<u32> {
        self.req(key, |n, key| Ok(whole(n, key, u32::MAX.into())? as u32))
    }

    /// The slug and name of a section, tag, person or listing.
    fn named(&self) -> Read<(String, String)> {
        Ok((self.text("slug")?, self.text("name")?))
    }
}

fn items<N: Node, T>(
    node: &N,
    key: &'static str,
    read: fn(&N, &'static str) -> Read<T>,
) -> Read<Vec<T>> {
    let items = node.items().ok_or(Malformed(key))?;
    items.iter().map(|item| read(item, key)).collect()
}

fn text<N: Node>(node: &N, key: &'static str) -> Read<String> {
    node.string().ok_or(Malformed(key))
}

/// A whole number from 0 to `max`.
fn whole<N: Node>(node: &N, key: &'static str, max: f64) -> Read<u64> {
    node.number()
        .filter(|n| n.fract() == 0.0 && (0.0..=max).contains(n))
        .map(|n| n as u64)
        .ok_or(Malformed(key))
}

fn u32_item<N: Node>(node: &N, key: &'static str) -> Read<u32> {
    Ok(whole(node, key, u32::MAX.into())? as u32)
}

/// `site.json`, and the site every pre-rendered page embeds.
pub fn site<N: Node>(node: &N) -> Read<Site> {
    let o = obj(node, "site")?;
    Ok(Site {
        title: o.text("title")?,
        description: o.text("description")?,
        base_url: o.text("base_url")?,
        language: o.text("language")?,
        time_zone: o.text("time_zone")?,
        timestamps_in_zone: o.flag("timestamps_in_zone")?,
        sections: o.list_req("sections", section)?,
        page_size: o.u32("page_size")?,
        publisher: o.req("publisher", publisher)?,
        copyright: o.text("copyright")?,
        social: o.list("social", link)?,
        logo: o.opt("logo", image)?,
        licences: o.opt("licences", licences)?.unwrap_or_default(),
        labels: o.opt("labels", labels)?.unwrap_or_default(),
    })
}

fn labels<N: Node>(node: &N, key: &'static str) -> Read<Labels> {
    let o = obj(node, key)?;
    Ok(Labels {
        you_are_here: o.text_or_empty("you_are_here")?,
        writers: o.text_or_empty("writers")?,
        photographers: o.text_or_empty("photographers")?,
        editors: o.text_or_empty("editors")?,
        views: o.text_or_empty("views")?,
    })
}

fn licences<N: Node>(node: &N, key: &'static str) -> Read<Licences> {
    let o = obj(node, key)?;
    Ok(Licences {
        icp: o.text_or_empty("icp")?,
        public_security: o.text_or_empty("public_security")?,
    })
}

fn section<N: Node>(node: &N, key: &'static str) -> Read<Section> {
    let (slug, name) = obj(node, key)?.named()?;
    Ok(Section { slug, name })
}

fn tag<N: Node>(node: &N, key: &'static str) -> Read<Tag> {
    let (slug, name) = obj(node, key)?.named()?;
    Ok(Tag { slug, name })
}

fn person<N: Node>(node: &N, key: &'static str) -> Read<Person> {
    let (slug, name) = obj(node, key)?.named()?;
    Ok(Person { slug, name })
}

fn publisher<N: Node>(node: &N, key: &'static str) -> Read<Publisher> {
    let o = obj(node, key)?;
    Ok(Publisher {
        name: o.text("name")?,
        address: o.text("address")?,
        contact: o.text("contact")?,
    })
}

fn link<N: Node>(node: &N, key: &'static str) -> Read<Link> {
    let o = obj(node, key)?;
    Ok(Link {
        label: o.text("label")?,
        url: o.text("url")?,
    })
}

fn image<N: Node>(node: &N, key: &'static str) -> Read<Image> {
    let o = obj(node, key)?;
    Ok(Image {
        src: o.text("src")?,
        alt: o.text("alt")?,
        width: o.u32("width")?,
        height: o.u32("height")?,
        variants: o.opt("variants", variants)?,
        card: o.opt("card", variants)?,
    })
}

fn variants<N: Node>(node: &N, key: &'static str) -> Read<Variants> {
    let o = obj(node, key)?;
    Ok(Variants {
        path: o.text("path")?,
        widths: o.list_req("widths", u32_item)?,
        formats: o.list_req("formats", text)?,
    })
}

fn figure<N: Node>(node: &N, key: &'static str) -> Read<Figure> {
    let o = obj(node, key)?;
    Ok(Figure {
        image: o.req("image", image)?,
        caption: o.opt("caption", text)?,
    })
}

fn credits<N: Node>(node: &N, key: &'static str) -> Read<Credits> {
    let o = obj(node, key)?;
    Ok(Credits {
        writers: o.list("writers", text)?,
        photographers: o.list("photographers", text)?,
        editors: o.list("editors", text)?,
    })
}

/// One search result's summary, and what listings show of an article.
pub fn summary<N: Node>(node: &N, key: &'static str) -> Read<ArticleSummary> {
    let o = obj(node, key)?;
    Ok(ArticleSummary {
        slug: o.text("slug")?,
        section: o.text("section")?,
        title: o.text("title")?,
        summary: o.text("summary")?,
        published: o.text("published")?,
        thumbnail: o.opt("thumbnail", image)?,
        language: o.opt("language", text)?,
    })
}

/// A chunk of the search index's summaries (`search/docs/<k>.json`): a list of them,
/// `None` where the chunk holds `null` (a document removed or replaced since).
pub fn summaries<N: Node>(node: &N) -> Read<Vec<Option<ArticleSummary>>> {
    let list = node.items().ok_or(Malformed("summaries"))?;
    list.iter()
        .map(|n| {
            let null = !n.is_map() && n.items().is_none() && n.string().is_none();
            match null && n.number().is_none() {
                true => Ok(None),
                false => summary(n, "summaries").map(Some),
            }
        })
        .collect()
}

pub fn article<N: Node>(node: &N) -> Read<Article> {
    let o = obj(node, "article")?;
    Ok(Article {
        slug: o.text("slug")?,
        section: o.text("section")?,
        title: o.text("title")?,
        summary: o.text("summary")?,
        language: o.opt("language", text)?,
        published: o.text("published")?,
        updated: o.opt("updated", text)?,
        tags: o.list("tags", tag)?,
        credits: o.opt("credits", credits)?.unwrap_or_default(),
        people: o.list("people", person)?,
        views: o.opt("views", |n, key| whole(n, key, u64::MAX as f64))?,
        lead: o.opt("lead", figure)?,
        body_html: o.text("body_html")?,
        reading_minutes: o.u32("reading_minutes")?,
        prev: o.opt("prev", summary)?,
        next: o.opt("next", summary)?,
        related: o.list("related", summary)?,
    })
}

fn listing<N: Node>(node: &N, key: &'static str) -> Read<Listing> {
    let o = obj(node, key)?;
    Ok(match o.text("kind")?.as_str() {
        "latest" => Listing::Latest,
        "section" => o
            .named()
            .map(|(slug, name)| Listing::Section { slug, name })?,
        "tag" => o.named().map(|(slug, name)| Listing::Tag { slug, name })?,
        "author" => o
            .named()
            .map(|(slug, name)| Listing::Author { slug, name })?,
        "month" => Listing::Month {
            year: o.req("year", |n, key| whole(n, key, u16::MAX.into()))? as u16,
            month: o.req("month", |n, key| whole(n, key, u8::MAX.into()))? as u8,
        },
        _ => return Err(Malformed("kind")),
    })
}

pub fn listing_page<N: Node>(node: &N) -> Read<ListingPage> {
    let o = obj(node, "listing page")?;
    Ok(ListingPage {
        listing: o.req("listing", listing)?,
        page: o.opt("page", u32_item)?,
        total_pages: o.opt("total_pages", u32_item)?,
        total_items: o.opt("total_items", u32_item)?,
        items: o.list_req("items", summary)?,
        prev: o.opt("prev", text)?,
        next: o.opt("next", text)?,
    })
}

pub fn home<N: Node>(node: &N) -> Read<Home> {
    let o = obj(node, "home")?;
    Ok(Home {
        lead: o.opt("lead", summary)?,
        latest: o.list_req("latest", summary)?,
        sections: o.list_req("sections", section_block)?,
    })
}

fn section_block<N: Node>(node: &N, key: &'static str) -> Read<SectionBlock> {
    let o = obj(node, key)?;
    Ok(SectionBlock {
        section: o.req("section", section)?,
        items: o.list_req("items", summary)?,
    })
}

pub fn site_map<N: Node>(node: &N) -> Read<SiteMap> {
    let o = obj(node, "site map")?;
    Ok(SiteMap {
        sections: o.list_req("sections", site_map_section)?,
        months: o.list("months", month_count)?,
        tags: o.list_req("tags", tag)?,
        people: o.list("people", person)?,
    })
}

fn site_map_section<N: Node>(node: &N, key: &'static str) -> Read<SiteMapSection> {
    let o = obj(node, key)?;
    Ok(SiteMapSection {
        section: o.req("section", section)?,
        count: o.opt("count", u32_item)?.unwrap_or_default(),
    })
}

fn month_count<N: Node>(node: &N, key: &'static str) -> Read<MonthCount> {
    let o = obj(node, key)?;
    Ok(MonthCount {
        year: o.req("year", |n, key| whole(n, key, u16::MAX.into()))? as u16,
        month: o.req("month", |n, key| whole(n, key, u8::MAX.into()))? as u8,
        count: o.u32("count")?,
    })
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::{Malformed, Node};
    use wasm_bindgen::{JsCast, JsValue};

    /// `text` parsed by the browser's `JSON.parse`.
    pub fn parse(text: &str) -> Result<JsValue, Malformed> {
        js_sys::JSON::parse(text).map_err(|_| Malformed("JSON"))
    }

    impl Node for JsValue {
        fn member(&self, key: &str) -> Option<JsValue> {
            if !self.is_object() {
                return None;
            }
            js_sys::Reflect::get(self, &JsValue::from_str(key))
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        }

        fn is_map(&self) -> bool {
            self.is_object() && !js_sys::Array::is_array(self)
        }

        fn string(&self) -> Option<String> {
            self.as_string()
        }

        fn number(&self) -> Option<f64> {
            self.as_f64()
        }

        fn boolean(&self) -> Option<bool> {
            self.as_bool()
        }

        fn items(&self) -> Option<Vec<JsValue>> {
            self.dyn_ref::<js_sys::Array>().map(|a| a.iter().collect())
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use browser::parse;

#[cfg(not(target_arch = "wasm32"))]
impl Node for serde_json::Value {
    fn member(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|v| !v.is_null()).cloned()
    }

    fn is_map(&self) -> bool {
        self.is_object()
    }

    fn string(&self) -> Option<String> {
        self.as_str().map(String::from)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
