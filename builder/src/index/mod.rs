//! The model: the site's index — articles in order, grouped by section, tag, month and
//! credited person — and the API documents cut from it (home, listings, site map,
//! article neighbours).

mod names;
mod pages;
mod related;

use std::collections::{BTreeMap, HashMap};

use broadsheet_app::model::{
    Article, ArticleSummary, Home, Listing, MonthCount, Person, Section, SectionBlock, Site,
    SiteMap, SiteMapSection, Tag,
};

use broadsheet_app::slug;

use crate::content::article::Meta;
use names::Grouped;

const HOME_LATEST: usize = 10;
const HOME_PER_SECTION: usize = 4;
/// The site map lists this many of the most used tags and most credited people, so its
/// size does not grow with the archive (every one has its page, linked from articles).
pub const SITE_MAP_NAMES: usize = 100;

/// Articles newest first (ties by slug), with their sections and tags.
pub struct Index {
    pub site: Site,
    pub articles: Vec<Meta>,
    /// Per section slug (site order), article indices newest first.
    sections: Vec<(Section, Vec<usize>)>,
    /// Tags (by slug) with their articles newest first; per article, its tags.
    tags: Grouped,
    /// Writers and photographers (by slug) with their articles; per article, its people.
    people: Grouped,
    /// Months with articles, newest first, each with its articles newest first.
    months: Vec<((u16, u8), Vec<usize>)>,
    /// Per article: its position in its section's list.
    section_pos: Vec<usize>,
    section_of: Vec<usize>,
    /// Per article: its related articles ([`related`]).
    related: Vec<Vec<usize>>,
}

/// The articles an article's page links to, by index: the section's older (`prev`) and
/// newer (`next`) neighbours and the related articles.
pub struct Links {
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub related: Vec<usize>,
}

impl Index {
    pub fn new(site: Site, articles: Vec<Meta>) -> Index {
        let mut articles = newest_first(articles);
        let mut sections: Vec<(Section, Vec<usize>)> = site
            .sections
            .iter()
            .map(|s| (s.clone(), Vec::new()))
            .collect();
        let section_idx: HashMap<&str, usize> = site
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.slug.as_str(), i))
            .collect();
        let mut section_pos = Vec::with_capacity(articles.len());
        let mut section_of = Vec::with_capacity(articles.len());
        let mut months: BTreeMap<std::cmp::Reverse<(u16, u8)>, Vec<usize>> = BTreeMap::new();
        for (i, a) in articles.iter().enumerate() {
            // Loading checked every section, so the lookup cannot miss; keep a safe default.
            let s = section_idx.get(a.section.as_str()).copied().unwrap_or(0);
            if let Some((_, list)) = sections.get_mut(s) {
                section_pos.push(list.len());
                list.push(i);
            }
            section_of.push(s);
            months
                .entry(std::cmp::Reverse(year_month(&a.published.rfc3339)))
                .or_default()
                .push(i);
        }
        let tags = Grouped::new(
            articles.len(),
            |i| articles[i].tags.iter().map(|t| t.name.as_str()),
            slug::tag_slug,
        );
        // Every later stage (feeds, search) reads the tags with their final slugs (most
        // articles already spell them so: those keep theirs).
        for (a, mine) in articles.iter_mut().zip(&tags.of_article) {
            let same = a.tags.len() == mine.len()
                && (a.tags.iter().zip(mine)).all(|(tag, &t)| {
                    let (slug, name, _) = &tags.names[t];
                    tag.slug == *slug && tag.name == *name
                });
            if !same {
                a.tags = mine.iter().map(|&t| tag_of(&tags, t)).collect();
            }
        }
        let months = months.into_iter().map(|(k, list)| (k.0, list)).collect();
        let lists: Vec<&[usize]> = tags.names.iter().map(|(_, _, l)| &l[..]).collect();
        // The people's pages and the related articles are apart: one thread each.
        let (people, related) = rayon::join(
            || {
                Grouped::new(
                    articles.len(),
                    |i| {
                        let c = &articles[i].credits;
                        c.writers.iter().chain(&c.photographers).map(String::as_str)
                    },
                    person_slug,
                )
            },
            || related::all(&tags.of_article, &lists),
        );
        Index {
            site,
            articles,
            sections,
            tags,
            people,
            months,
            section_pos,
            section_of,
            related,
        }
    }

    pub fn summary(&self, i: usize) -> ArticleSummary {
        let a = &self.articles[i];
        ArticleSummary {
            slug: a.slug.clone(),
            section: a.section.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            published: a.published.rfc3339.clone(),
            thumbnail: a.thumbnail(),
            language: a.language.clone(),
        }
    }

    fn summaries(&self, idx: &[usize]) -> Vec<ArticleSummary> {
        idx.iter().map(|i| self.summary(*i)).collect()
    }

    pub fn home(&self) -> Home {
        let lead = self
            .articles
            .iter()
            .position(|a| a.lead.is_some())
            .or((!self.articles.is_empty()).then_some(0))
            .map(|i| self.summary(i));
        let latest: Vec<usize> = (0..self.articles.len().min(HOME_LATEST)).collect();
        Home {
            lead,
            latest: self.summaries(&latest),
            sections: self
                .sections
                .iter()
                .map(|(section, list)| SectionBlock {
                    section: section.clone(),
                    items: self.summaries(&list[..list.len().min(HOME_PER_SECTION)]),
                })
                .collect(),
        }
    }

    /// Every listing with its articles: latest, each section, tag, month and person.
    pub fn listings(&self) -> Vec<(Listing, Vec<usize>)> {
        let mut out = vec![(Listing::Latest, (0..self.articles.len()).collect())];
        for (s, list) in &self.sections {
            out.push((
                Listing::Section {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                },
                list.clone(),
            ));
        }
        for (slug, name, list) in &self.tags.names {
            let (slug, name) = (slug.clone(), name.clone());
            out.push((Listing::Tag { slug, name }, list.clone()));
        }
        for ((year, month), list) in &self.months {
            let (year, month) = (*year, *month);
            out.push((Listing::Month { year, month }, list.clone()));
        }
        for (slug, name, list) in &self.people.names {
            let (slug, name) = (slug.clone(), name.clone());
            out.push((Listing::Author { slug, name }, list.clone()));
        }
        out
    }

    /// The HTML site map: sections and months with their counts, the most used tags and
    /// the most credited people.
    pub fn sitemap(&self) -> SiteMap {
        let count = |list: &Vec<usize>| u32::try_from(list.len()).unwrap_or(u32::MAX);
        SiteMap {
            sections: self
                .sections
                .iter()
                .map(|(section, list)| SiteMapSection {
                    section: section.clone(),
                    count: count(list),
                })
                .collect(),
            months: self
                .months
                .iter()
                .map(|((year, month), list)| MonthCount {
                    year: *year,
                    month: *month,
                    count: count(list),
                })
                .collect(),
            tags: most_used(&self.tags)
                .map(|(slug, name)| Tag { slug, name })
                .collect(),
            people: most_used(&self.people)
                .map(|(slug, name)| Person { slug, name })
                .collect(),
        }
    }

    /// Article `i` without its body, neighbours and related articles: [`Index::link`] adds
    /// those of [`Index::links`] (only to an article that is rendered).
    pub fn article_alone(&self, i: usize) -> Article {
        let a = &self.articles[i];
        Article {
            slug: a.slug.clone(),
            section: a.section.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            language: a.language.clone(),
            published: a.published.rfc3339.clone(),
            updated: a.updated.clone(),
            tags: a.tags.clone(),
            credits: a.credits.clone(),
            people: self.people_of(i),
            views: a.views,
            lead: a.lead.clone(),
            body_html: String::new(),
            reading_minutes: a.reading_minutes,
            prev: None,
            next: None,
            related: Vec::new(),
        }
    }

    /// Which articles article `i` links to.
    pub fn links(&self, i: usize) -> Links {
        let list = &self.sections[self.section_of[i]].1;
        let pos = self.section_pos[i];
        Links {
            prev: list.get(pos + 1).copied(),
            next: pos.checked_sub(1).and_then(|p| list.get(p)).copied(),
            related: self.related[i].clone(),
        }
    }

    /// Puts the summaries of `links` into `doc`.
    pub fn link(&self, doc: &mut Article, links: &Links) {
        doc.prev = links.prev.map(|j| self.summary(j));
        doc.next = links.next.map(|j| self.summary(j));
        doc.related = links.related.iter().map(|&j| self.summary(j)).collect();
    }
}

impl Index {
    /// The people credited on article `i` as the article spells them, each with the slug
    /// of their page (a name is found in any of its spellings).
    fn people_of(&self, i: usize) -> Vec<Person> {
        let c = &self.articles[i].credits;
        let mut out: Vec<Person> = Vec::new();
        for name in c.writers.iter().chain(&c.photographers) {
            let Some(p) = self.people.find(name) else {
                continue;
            };
            let slug = &self.people.names[p].0;
            if !out.iter().any(|x| &x.slug == slug) {
                out.push(Person {
                    slug: slug.clone(),
                    name: name.trim().to_string(),
                });
            }
        }
        out
    }
}

/// `articles` newest first, ties by slug. Their places are sorted, then each article is
/// moved once: sorting 100,000 whole articles moved each one many times.
fn newest_first(articles: Vec<Meta>) -> Vec<Meta> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        b.published
            .instant
            .cmp(&a.published.instant)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    let mut slots: Vec<Option<Meta>> = articles.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

fn tag_of(tags: &Grouped, t: usize) -> Tag {
    let (slug, name, _) = &tags.names[t];
    Tag {
        slug: slug.clone(),
        name: name.clone(),
    }
}

/// A person's page: their name spelt in ASCII (张伟 → `zhang-wei`), or a hash of it when
/// nothing can be spelt.
fn person_slug(key: &str) -> String {
    let spelt = crate::content::title_slug(key);
    if spelt.is_empty() {
        format!("p-{:08x}", slug::fnv1a(key))
    } else {
        spelt
    }
}

/// The most used names (most articles first, then by slug), at most [`SITE_MAP_NAMES`].
fn most_used(grouped: &Grouped) -> impl Iterator<Item = (String, String)> + '_ {
    let mut order: Vec<&(String, String, Vec<usize>)> = grouped.names.iter().collect();
    order.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.0.cmp(&b.0)));
    order
        .into_iter()
        .take(SITE_MAP_NAMES)
        .map(|(slug, name, _)| (slug.clone(), name.clone()))
}

/// The year and month of a timestamp written in the site's time zone (`2026-11-…`).
fn year_month(rfc3339: &str) -> (u16, u8) {
    let year = rfc3339.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    let month = rfc3339.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    (year, month)
}

#[cfg(test)]
pub(crate) mod tests;
