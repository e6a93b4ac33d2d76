//! The XML feeds, written by the `rss` and `atom_syndication` crates.

use atom_syndication as atom;

use super::{Channel, Item};
use crate::error::BuildError;

/// When a feed has no items: a fixed date keeps the output deterministic.
const EPOCH: &str = "1970-01-01T00:00:00+00:00";

fn date(rfc3339: &str) -> Result<atom::FixedDateTime, BuildError> {
    atom::FixedDateTime::parse_from_rfc3339(rfc3339)
        .map_err(|e| BuildError::Refused(format!("feeds: bad date `{rfc3339}`: {e}")))
}

fn link(href: &str, rel: &str, mime_type: Option<&str>) -> atom::Link {
    atom::Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: mime_type.map(str::to_string),
        ..Default::default()
    }
}

/// RSS 2.0 with `content:encoded` for the body and `dc:creator` for the writers
/// (RSS's own `author` must be an e-mail address).
pub fn rss(channel: &Channel) -> Result<String, BuildError> {
    let items = channel
        .items
        .iter()
        .map(rss_item)
        .collect::<Result<Vec<_>, _>>()?;
    let last = channel.updated().map(date).transpose()?;
    let feed = rss::Channel {
        title: channel.title.clone(),
        link: channel.home_url.clone(),
        description: html_text(&channel.description),
        language: Some(channel.language.clone()),
        last_build_date: last.map(|d| d.to_rfc2822()),
        generator: Some("Broadsheet".into()),
        atom_ext: Some(rss::extension::atom::AtomExtension {
            links: vec![link(
                &format!("{}feed.xml", channel.feed_dir_url),
                "self",
                Some("application/rss+xml"),
            )],
        }),
        items,
        ..Default::default()
    };
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| BuildError::Refused(format!("feeds: cannot write RSS: {e}")))?;
    xml_text(bytes)
}

/// RSS readers show `<description>` as HTML, so plain text (a summary) goes in escaped:
/// `</p><script>` in a summary stays text in every reader.
fn html_text(text: &str) -> String {
    crate::escape::html_attr(text).into_owned()
}

/// The written document as text, without the characters XML 1.0 forbids (NUL and
/// other C0 controls, U+FFFE, U+FFFF), which content may carry and which would make
/// the whole feed unreadable. They never occur in markup, only in text. A C0 control is
/// one byte that no other character's UTF-8 contains, so it goes byte by byte; a feed
/// without any (nearly every one) is taken as it was written.
fn xml_text(mut bytes: Vec<u8>) -> Result<String, BuildError> {
    let forbidden = |b: &u8| *b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    if bytes.iter().any(forbidden) {
        bytes.retain(|b| !forbidden(b));
    }
    let text = String::from_utf8(bytes).map_err(|e| BuildError::Refused(format!("feeds: {e}")))?;
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF: found by their first two bytes.
    let noncharacter = memchr::memmem::find_iter(text.as_bytes(), b"\xEF\xBF")
        .any(|i| matches!(text.as_bytes().get(i + 2), Some(0xBE | 0xBF)));
    Ok(match noncharacter {
        true => text.replace(['\u{fffe}', '\u{ffff}'], ""),
        false => text,
    })
}

fn rss_item(item: &Item) -> Result<rss::Item, BuildError> {
    Ok(rss::Item {
        title: Some(item.title.clone()),
        link: Some(item.url.clone()),
        description: Some(html_text(&item.summary)),
        categories: item
            .tags
            .iter()
            .map(|t| rss::Category {
                name: t.name.clone(),
                domain: None,
            })
            .collect(),
        guid: Some(rss::Guid {
            value: item.url.clone(),
            permalink: true,
        }),
        pub_date: Some(date(&item.published)?.to_rfc2822()),
        content: item.content_html.clone(),
        dublin_core_ext: (!item.authors.is_empty()).then(|| {
            rss::extension::dublincore::DublinCoreExtension {
                creators: item.authors.clone(),
                ..Default::default()
            }
        }),
        ..Default::default()
    })
}

/// Atom 1.0. The feed names the publisher as its author, so entries without writers
/// still have one (RFC 4287 §4.1.1).
pub fn atom(channel: &Channel) -> Result<String, BuildError> {
    let entries = channel
        .items
        .iter()
        .map(atom_entry)
        .collect::<Result<Vec<_>, _>>()?;
    let self_url = format!("{}atom.xml", channel.feed_dir_url);
    let feed = atom::Feed {
        title: atom::Text::plain(channel.title.clone()),
        id: self_url.clone(),
        updated: date(channel.updated().unwrap_or(EPOCH))?,
        authors: vec![person(&channel.publisher)],
        links: vec![
            link(&channel.home_url, "alternate", Some("text/html")),
            link(&self_url, "self", Some("application/atom+xml")),
        ],
        subtitle: (!channel.description.is_empty())
            .then(|| atom::Text::plain(channel.description.clone())),
        lang: Some(channel.language.clone()),
        entries,
        ..Default::default()
    };
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| BuildError::Refused(format!("feeds: cannot write Atom: {e}")))?;
    xml_text(bytes)
}

fn person(name: &str) -> atom::Person {
    atom::Person {
        name: name.to_string(),
        ..Default::default()
    }
}

fn atom_entry(item: &Item) -> Result<atom::Entry, BuildError> {
    let published = date(&item.published)?;
    let updated = match &item.updated {
        Some(u) => date(u)?,
        None => published,
    };
    Ok(atom::Entry {
        title: atom::Text::plain(item.title.clone()),
        id: item.url.clone(),
        updated,
        published: Some(published),
        authors: item.authors.iter().map(|a| person(a)).collect(),
        categories: item
            .tags
            .iter()
            .map(|t| atom::Category {
                term: t.slug.clone(),
                label: Some(t.name.clone()),
                ..Default::default()
            })
            .collect(),
        links: vec![link(&item.url, "alternate", Some("text/html"))],
        summary: (!item.summary.is_empty()).then(|| atom::Text::plain(item.summary.clone())),
        content: item.content_html.as_ref().map(|html| atom::Content {
            value: Some(html.clone()),
            content_type: Some("html".into()),
            lang: item.language.clone(),
            ..Default::default()
        }),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_is_text_in_every_reader_not_markup() {
        assert_eq!(
            html_text("</p><script>x()</script> & \"q\""),
            "&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn characters_xml_forbids_are_dropped_and_the_rest_kept() {
        let text = xml_text("<t>a\u{0}b\u{1f}c\td\r\ne\u{ffff}f 城\u{fffe}</t>".into()).unwrap();
        assert_eq!(text, "<t>abc\td\r\nef 城</t>");
        let plain = "<t>城 \u{fffd} \u{fffc}\u{10ffff} a\tb</t>";
        assert_eq!(xml_text(plain.into()).unwrap(), plain);
    }
}
