//! The index's tests: order, listings, neighbours and related articles (pages: `pages/tests.rs`).

use std::path::PathBuf;

use broadsheet_app::model::{Credits, Figure, Image, Publisher};

use super::*;
use crate::content::dates::Published;

/// Article `i` as its page shows it, without a body: with its neighbours and related
/// articles.
fn article(idx: &Index, i: usize) -> Article {
    let mut doc = idx.article_alone(i);
    idx.link(&mut doc, &idx.links(i));
    doc
}

pub(crate) fn site(page_size: u32) -> Site {
    Site {
        title: "T".into(),
        description: String::new(),
        base_url: "https://example.org/".into(),
        language: "en".into(),
        time_zone: "UTC".into(),
        timestamps_in_zone: true,
        sections: vec![
            Section {
                slug: "city".into(),
                name: "City".into(),
            },
            Section {
                slug: "sport".into(),
                name: "Sport".into(),
            },
        ],
        page_size,
        publisher: Publisher {
            name: "P".into(),
            address: "A".into(),
            contact: "C".into(),
        },
        copyright: String::new(),
        social: vec![],
        logo: None,
        licences: Default::default(),
        labels: Default::default(),
    }
}

pub(crate) fn meta(slug: &str, section: &str, second: i64, tags: &[&str]) -> Meta {
    Meta {
        path: PathBuf::from(format!("{slug}.md")),
        slug: slug.into(),
        slug_line: 1,
        section: section.into(),
        title: slug.to_uppercase(),
        summary: String::new(),
        published: Published {
            instant: jiff::Timestamp::from_second(second).unwrap(),
            rfc3339: jiff::Timestamp::from_second(second).unwrap().to_string(),
        },
        updated: None,
        tags: tags
            .iter()
            .map(|t| Tag {
                slug: t.to_string(),
                name: t.to_string(),
            })
            .collect(),
        lead: None,
        credits: Credits::default(),
        views: None,
        language: None,
        reading_minutes: 1,
        draft: false,
        media_refs: Vec::new(),
        source_hash: 0,
        text: None,
    }
}

fn slugs(items: &[ArticleSummary]) -> Vec<&str> {
    items.iter().map(|s| s.slug.as_str()).collect()
}

#[test]
fn home_leads_with_the_newest_article_that_has_a_lead_image() {
    let mut with_image = meta("older", "city", 1, &[]);
    with_image.lead = Some(Figure {
        image: Image {
            src: "media/a.svg".into(),
            alt: String::new(),
            width: 1,
            height: 1,
            variants: None,
            card: None,
        },
        caption: None,
    });
    let idx = Index::new(site(10), vec![with_image, meta("newer", "sport", 2, &[])]);
    let home = idx.home();
    assert_eq!(home.lead.map(|l| l.slug).as_deref(), Some("older"));
    assert_eq!(slugs(&home.latest), ["newer", "older"]);
    assert_eq!(home.sections.len(), 2);
    assert_eq!(slugs(&home.sections[1].items), ["newer"]);
}

#[test]
fn home_leads_with_the_newest_article_when_none_has_an_image() {
    let idx = Index::new(
        site(10),
        vec![meta("a", "city", 1, &[]), meta("b", "city", 2, &[])],
    );
    assert_eq!(idx.home().lead.map(|l| l.slug).as_deref(), Some("b"));
}

#[test]
fn prev_is_the_older_and_next_the_newer_article_in_the_same_section() {
    let idx = Index::new(
        site(10),
        vec![
            meta("old", "city", 1, &[]),
            meta("mid", "city", 2, &[]),
            meta("other", "sport", 3, &[]),
            meta("new", "city", 4, &[]),
        ],
    );
    let mid = idx.articles.iter().position(|a| a.slug == "mid").unwrap();
    let a = article(&idx, mid);
    assert_eq!(a.prev.map(|s| s.slug).as_deref(), Some("old"));
    assert_eq!(a.next.map(|s| s.slug).as_deref(), Some("new"));
}

#[test]
fn related_prefers_most_shared_tags_then_newest_and_stops_at_four() {
    let idx = Index::new(
        site(10),
        vec![
            meta("me", "city", 10, &["x", "y"]),
            meta("both-old", "city", 1, &["x", "y"]),
            meta("x1", "city", 2, &["x"]),
            meta("y1", "city", 3, &["y"]),
            meta("x2", "city", 4, &["x"]),
            meta("x3", "city", 5, &["x"]),
            meta("none", "city", 6, &["z"]),
        ],
    );
    let me = idx.articles.iter().position(|a| a.slug == "me").unwrap();
    let a = article(&idx, me);
    assert_eq!(slugs(&a.related), ["both-old", "x3", "x2", "y1"]);
}

/// Article `i`'s related found by counting the tags it shares with every older article,
/// and how many tags the fourth of them shares (0 with fewer than four).
fn counted_related(idx: &Index, i: usize) -> (Vec<usize>, usize) {
    let mut counted: Vec<(usize, usize)> = (i + 1..idx.articles.len())
        .map(|j| {
            let shared = (idx.tags.of_article[i].iter())
                .filter(|t| idx.tags.of_article[j].contains(t))
                .count();
            (shared, j)
        })
        .filter(|&(shared, _)| shared > 0)
        .collect();
    counted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let fourth = counted.get(3).map_or(0, |c| c.0);
    (counted.iter().take(4).map(|&(_, j)| j).collect(), fourth)
}

/// Articles `0..n` (the highest `n` newest), each with the tags of `tags` that `has`
/// gives it.
fn tagged(n: usize, tags: &[&str], has: impl Fn(usize, usize) -> bool) -> Vec<Meta> {
    (0..n)
        .map(|n| {
            let mine: Vec<&str> = (tags.iter().enumerate())
                .filter(|&(t, _)| has(n, t))
                .map(|(_, tag)| *tag)
                .collect();
            meta(&format!("n{n}"), "city", n as i64, &mine)
        })
        .collect()
}

#[test]
fn related_are_the_best_of_each_tag_sets_newest_and_agree_with_counting_every_article() {
    // Many articles over few tags, in overlapping sets: ties, early stops, short lists.
    let tags = ["a", "b", "c", "d", "e"];
    let articles = tagged(300, &tags, |n, t| {
        (n * 7 + n / 3).is_multiple_of(t + 2) || (n + t).is_multiple_of(11)
    });
    let idx = Index::new(site(10), articles);
    let mut several = 0;
    for i in 0..idx.articles.len() {
        let (expected, fourth) = counted_related(&idx, i);
        assert_eq!(idx.related[i], expected, "article {i}");
        several += usize::from(fourth > 1);
    }
    assert!(
        several > 20,
        "the sample has articles sharing several tags: {several}"
    );
}

#[test]
fn related_of_articles_with_many_tags_agree_with_counting_every_article() {
    // Up to 14 tags: some articles walk their tags' lists (more than 6 tags), and some are
    // compared with every later article (more than 10), beside ones with a few tags.
    let tags = [
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    ];
    let articles = tagged(240, &tags, |n, t| match n % 5 {
        0 => !(n / 5 + t).is_multiple_of(5),
        1 => t < 10 && !(n + t).is_multiple_of(5),
        _ => (n * 3 + t).is_multiple_of(7) || (n + 2 * t).is_multiple_of(13),
    });
    let idx = Index::new(site(10), articles);
    let counts: Vec<usize> = idx.tags.of_article.iter().map(Vec::len).collect();
    assert!(counts.iter().any(|&c| c > 10) && counts.iter().any(|&c| (7..=10).contains(&c)));
    for i in 0..idx.articles.len() {
        assert_eq!(idx.related[i], counted_related(&idx, i).0, "article {i}");
    }
}

#[test]
fn related_articles_are_published_before_so_a_new_article_changes_no_older_page() {
    let old = vec![
        meta("first", "city", 1, &["x"]),
        meta("second", "city", 2, &["x"]),
    ];
    let mut with_new = old.clone();
    with_new.push(meta("breaking", "city", 3, &["x"]));
    let related = |articles: Vec<Meta>, slug: &str| {
        let idx = Index::new(site(10), articles);
        let i = idx.articles.iter().position(|a| a.slug == slug).unwrap();
        let related = article(&idx, i).related;
        slugs(&related).join(" ")
    };
    assert_eq!(related(old.clone(), "second"), "first");
    assert_eq!(related(with_new.clone(), "second"), "first");
    assert_eq!(related(with_new, "breaking"), "second first");
    assert_eq!(related(old, "first"), "", "nothing came before it");
}

#[test]
fn sitemap_counts_sections_in_site_order_and_months_newest_first() {
    const DAY: i64 = 86_400;
    let idx = Index::new(
        site(10),
        vec![
            meta("a", "sport", 1, &["zeta", "alpha"]),
            meta("b", "sport", 40 * DAY, &[]),
            meta("c", "city", 41 * DAY, &[]),
        ],
    );
    let map = idx.sitemap();
    let sections: Vec<(&str, u32)> = map
        .sections
        .iter()
        .map(|s| (s.section.slug.as_str(), s.count))
        .collect();
    assert_eq!(sections, [("city", 1), ("sport", 2)]);
    let months: Vec<(u16, u8, u32)> = map
        .months
        .iter()
        .map(|m| (m.year, m.month, m.count))
        .collect();
    assert_eq!(months, [(1970, 2, 2), (1970, 1, 1)]);
    let tags: Vec<&str> = map.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(tags, ["alpha", "zeta"]);
    let listings = idx.listings();
    let feb = listings
        .iter()
        .find(|(l, _)| {
            *l == Listing::Month {
                year: 1970,
                month: 2,
            }
        })
        .unwrap();
    let page = idx.listing_page(&feb.0, &feb.1, broadsheet_app::route::Page::Newest);
    assert_eq!(slugs(&page.items), ["c", "b"]);
}

#[test]
fn the_site_map_stays_the_same_size_however_many_tags_and_people() {
    let articles = (0..SITE_MAP_NAMES as i64 * 3)
        .map(|n| {
            let tag = format!("tag {n}");
            let mut a = meta(&format!("a{n}"), "city", n, &[tag.as_str(), "common"]);
            a.credits.writers = vec![format!("Writer {n}"), "Lin Hai".into()];
            a
        })
        .collect();
    let map = Index::new(site(10), articles).sitemap();
    assert_eq!(map.tags.len(), SITE_MAP_NAMES);
    assert_eq!(map.people.len(), SITE_MAP_NAMES);
    assert_eq!(map.tags[0].slug, "common", "the most used come first");
    assert_eq!(map.people[0].slug, "lin-hai");
}

#[test]
fn tag_spellings_equal_up_to_case_and_width_are_one_tag_and_distinct_names_stay_distinct() {
    let idx = Index::new(
        site(10),
        vec![
            meta("a", "city", 1, &["C++", "AI"]),
            meta("b", "city", 2, &["C", "ＡＩ"]),
            meta("c", "city", 3, &["ai", "Covid 19"]),
            meta("d", "city", 4, &["covid-19"]),
        ],
    );
    let tags: Vec<(String, String, usize)> = idx
        .listings()
        .into_iter()
        .filter_map(|(l, list)| match l {
            Listing::Tag { slug, name } => Some((slug, name, list.len())),
            _ => None,
        })
        .collect();
    let find = |name: &str| tags.iter().find(|t| t.1 == name).unwrap();
    // AI, ＡＩ and ai: one tag, named as the newest article spells it.
    assert_eq!(find("ai").2, 3);
    assert_eq!(find("ai").0, "ai");
    // C++ and C, Covid 19 and covid-19: two tags each, and the name spelt as its slug
    // keeps the slug.
    assert_eq!(find("C").0, "c");
    assert_ne!(find("C++").0, "c");
    assert_eq!(find("covid-19").0, "covid-19");
    assert_ne!(find("Covid 19").0, "covid-19");
    assert_eq!(tags.len(), 5);
    // Each article carries its tags with their final slugs.
    let a = idx.articles.iter().find(|a| a.slug == "a").unwrap();
    let a_tags: Vec<&str> = a.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(a_tags, [find("C++").0.as_str(), "ai"]);
}

#[test]
fn credited_people_get_readable_pages_and_articles_link_them() {
    let mut a = meta("a", "city", 1, &[]);
    a.credits.writers = vec!["张伟".into(), "Ana Costa".into()];
    a.credits.editors = vec!["Editor Only".into()];
    let mut b = meta("b", "city", 2, &[]);
    b.credits.photographers = vec!["章伟".into(), "ana costa".into()];
    let idx = Index::new(site(10), vec![a, b]);
    let people: Vec<(String, String, usize)> = idx
        .listings()
        .into_iter()
        .filter_map(|(l, list)| match l {
            Listing::Author { slug, name } => Some((slug, name, list.len())),
            _ => None,
        })
        .collect();
    let find = |name: &str| people.iter().find(|p| p.1 == name).unwrap();
    assert_eq!(people.len(), 3, "editors get no page: {people:?}");
    assert_eq!(
        find("张伟").0,
        "zhang-wei",
        "the older name keeps the plain slug"
    );
    assert!(find("章伟").0.starts_with("zhang-wei-"));
    assert_eq!(find("ana costa").0, "ana-costa");
    assert_eq!(find("ana costa").2, 2);
    let i = idx.articles.iter().position(|a| a.slug == "a").unwrap();
    let article = article(&idx, i);
    let linked: Vec<(&str, &str)> = article
        .people
        .iter()
        .map(|p| (p.slug.as_str(), p.name.as_str()))
        .collect();
    // The article keeps its own spelling of a name.
    assert_eq!(linked, [("zhang-wei", "张伟"), ("ana-costa", "Ana Costa")]);
}
