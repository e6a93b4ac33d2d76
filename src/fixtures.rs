//! Small hand-written documents for the app's own tests.

use crate::model::*;
use crate::route::{listing_api_path, Page};

pub fn site(base_url: &str, language: &str) -> Site {
    Site {
        title: "Harbour Daily".into(),
        description: "News from the harbour".into(),
        base_url: base_url.into(),
        language: language.into(),
        time_zone: "Asia/Shanghai".into(),
        // Converted like another CMS's API, so the app's tests go through `Intl`.
        timestamps_in_zone: false,
        sections: vec![
            Section {
                slug: "city".into(),
                name: "City".into(),
            },
            Section {
                slug: "sports".into(),
                name: "Sports".into(),
            },
        ],
        page_size: 2,
        publisher: Publisher {
            name: "Harbour Media".into(),
            address: "1 Quay Road".into(),
            contact: "news@example.org".into(),
        },
        copyright: "© 2026 Harbour Media".into(),
        social: vec![Link {
            label: "Bad".into(),
            url: "javascript:alert(1)".into(),
        }],
        logo: None,
        licences: Licences::default(),
        labels: Labels::default(),
    }
}

pub fn summary(slug: &str, title: &str) -> ArticleSummary {
    ArticleSummary {
        slug: slug.into(),
        section: "city".into(),
        title: title.into(),
        summary: format!("About {title}"),
        published: "2026-11-28T09:30:00+08:00".into(),
        language: None,
        thumbnail: Some(Image {
            src: "media/ferry.svg".into(),
            alt: "A ferry".into(),
            width: 1200,
            height: 675,
            variants: None,
            card: None,
        }),
    }
}

pub fn article() -> Article {
    Article {
        slug: "new-ferry".into(),
        section: "city".into(),
        title: "New ferry line </script><!-- opens".into(),
        summary: "The islands get a ferry.".into(),
        language: Some("en".into()),
        published: "2026-11-28T09:30:00+08:00".into(),
        updated: Some("2026-11-28T15:00:00+08:00".into()),
        tags: vec![Tag {
            slug: "transport".into(),
            name: "Transport".into(),
        }],
        credits: Credits {
            writers: vec!["Lin Wei".into()],
            photographers: vec!["Ana Costa".into()],
            editors: vec![],
        },
        people: vec![Person {
            slug: "lin-wei".into(),
            name: "Lin Wei".into(),
        }],
        views: Some(12345),
        lead: Some(Figure {
            image: Image {
                src: "media/ferry.svg".into(),
                alt: "The ferry".into(),
                width: 1200,
                height: 675,
                variants: None,
                card: None,
            },
            caption: Some("First crossing".into()),
        }),
        body_html: "<p>First paragraph.</p><h2 id=\"c-route\">Route</h2><p>Second.</p>".into(),
        reading_minutes: 3,
        prev: Some(summary("older", "Older story")),
        next: None,
        related: vec![summary("related-one", "Related one")],
    }
}

/// Page `page` of the city section's listing, which has numbered pages 1 to 3 and its own
/// URL, linked as the builder links them.
pub fn listing(page: Page) -> ListingPage {
    let listing = Listing::Section {
        slug: "city".into(),
        name: "City".into(),
    };
    let link = |p: Option<Page>| p.map(|p| listing_api_path(&listing, p));
    let (newer, older) = match page {
        Page::Newest => (None, Some(Page::Number(3))),
        Page::Number(k) => (
            Some(if k >= 3 {
                Page::Newest
            } else {
                Page::Number(k + 1)
            }),
            (k > 1).then(|| Page::Number(k - 1)),
        ),
    };
    let own = page == Page::Newest;
    ListingPage {
        page: page.number(),
        total_pages: own.then_some(4),
        total_items: own.then_some(14),
        items: vec![
            summary("a", "Story A"),
            ArticleSummary {
                published: "2026-11-20T08:00:00+08:00".into(),
                ..summary("b", "Story B")
            },
        ],
        prev: link(newer),
        next: link(older),
        listing,
    }
}

pub fn home() -> Home {
    Home {
        lead: Some(summary("new-ferry", "New ferry line")),
        latest: vec![summary("a", "Story A")],
        sections: vec![SectionBlock {
            section: Section {
                slug: "city".into(),
                name: "City".into(),
            },
            items: vec![summary("b", "Story B")],
        }],
    }
}

/// A 3:2 lead photo with WebP and JPEG variants, whole and cut to a card's 16:9, as the
/// builder describes one.
pub fn photo() -> Image {
    Image {
        src: "media/_v/quay-1a2b3c4d-960.jpg".into(),
        alt: "The quay at dawn".into(),
        width: 960,
        height: 640,
        variants: Some(Variants {
            path: "media/_v/quay-1a2b3c4d".into(),
            widths: vec![320, 720, 960],
            formats: vec!["webp".into(), "jpg".into()],
        }),
        card: Some(Variants {
            path: "media/_v/quay-1a2b3c4d-crop".into(),
            widths: vec![320, 720, 960],
            formats: vec!["webp".into(), "jpg".into()],
        }),
    }
}
