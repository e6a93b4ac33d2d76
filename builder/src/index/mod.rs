//! The model: the site's index — articles in order, grouped by section and tag — and
//! the API documents cut from it (home, listings, site map, article neighbours).

use std::collections::{BTreeMap, HashMap};

use broadsheet_app::model::{
    Article, ArticleSummary, Home, Listing, ListingPage, Section, SectionBlock, Site, SiteMap,
    SiteMapEntry, SiteMapSection, Tag,
};

use broadsheet_app::route::listing_api_path;

use crate::content::article::Meta;

const HOME_LATEST: usize = 10;
const HOME_PER_SECTION: usize = 4;
const RELATED: usize = 4;

/// Articles newest first (ties by slug), with their sections and tags.
pub struct Index {
    pub site: Site,
    pub articles: Vec<Meta>,
    /// Per section slug (site order), article indices newest first.
    sections: Vec<(Section, Vec<usize>)>,
    /// Per tag slug (sorted), the tag and its article indices newest first.
    tags: Vec<(Tag, Vec<usize>)>,
    /// Per article: its tags as indices into `tags`.
    article_tags: Vec<Vec<usize>>,
    /// Per article: its position in its section's list.
    section_pos: Vec<usize>,
    section_of: Vec<usize>,
}

impl Index {
    pub fn new(site: Site, mut articles: Vec<Meta>) -> Index {
        articles.sort_by(|a, b| {
            b.published
                .instant
                .cmp(&a.published.instant)
                .then_with(|| a.slug.cmp(&b.slug))
        });
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
        let mut tag_map: BTreeMap<String, (Tag, Vec<usize>)> = BTreeMap::new();
        for (i, a) in articles.iter().enumerate() {
            // Loading checked every section, so the lookup cannot miss; keep a safe default.
            let s = section_idx.get(a.section.as_str()).copied().unwrap_or(0);
            if let Some((_, list)) = sections.get_mut(s) {
                section_pos.push(list.len());
                list.push(i);
            }
            section_of.push(s);
            for t in &a.tags {
                // The newest article's spelling names the tag.
                tag_map
                    .entry(t.slug.clone())
                    .or_insert_with(|| (t.clone(), Vec::new()))
                    .1
                    .push(i);
            }
        }
        let tags: Vec<(Tag, Vec<usize>)> = tag_map.into_values().collect();
        let tag_idx: HashMap<&str, usize> = tags
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (t.slug.as_str(), i))
            .collect();
        let article_tags = articles
            .iter()
            .map(|a| {
                a.tags
                    .iter()
                    .filter_map(|t| tag_idx.get(t.slug.as_str()).copied())
                    .collect()
            })
            .collect();
        Index {
            site,
            articles,
            sections,
            tags,
            article_tags,
            section_pos,
            section_of,
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

    /// Every listing with its articles: latest, each section, each tag.
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
        for (t, list) in &self.tags {
            out.push((
                Listing::Tag {
                    slug: t.slug.clone(),
                    name: t.name.clone(),
                },
                list.clone(),
            ));
        }
        out
    }

    pub fn page_count(&self, items: usize) -> u32 {
        pages(items, self.site.page_size)
    }

    /// Page `page` (1-based) of `listing`.
    pub fn listing_page(&self, listing: &Listing, idx: &[usize], page: u32) -> ListingPage {
        let size = self.site.page_size.max(1) as usize;
        let total_pages = self.page_count(idx.len());
        let start = (page as usize - 1) * size;
        let items = idx
            .iter()
            .skip(start)
            .take(size)
            .copied()
            .collect::<Vec<_>>();
        ListingPage {
            listing: listing.clone(),
            page,
            total_pages,
            total_items: u32::try_from(idx.len()).unwrap_or(u32::MAX),
            items: self.summaries(&items),
            prev: (page > 1).then(|| listing_api_path(listing, page - 1)),
            next: (page < total_pages).then(|| listing_api_path(listing, page + 1)),
        }
    }

    pub fn sitemap(&self) -> SiteMap {
        SiteMap {
            sections: self
                .sections
                .iter()
                .map(|(section, list)| SiteMapSection {
                    section: section.clone(),
                    articles: list
                        .iter()
                        .map(|i| {
                            let a = &self.articles[*i];
                            SiteMapEntry {
                                slug: a.slug.clone(),
                                title: a.title.clone(),
                                published: a.published.rfc3339.clone(),
                            }
                        })
                        .collect(),
                })
                .collect(),
            tags: self.tags.iter().map(|(t, _)| t.clone()).collect(),
        }
    }

    /// Article `i` with `body_html`, its neighbours and related articles.
    /// `scratch` is a zeroed counter per article, reused between calls.
    pub fn article(&self, i: usize, body_html: String, scratch: &mut Vec<u16>) -> Article {
        let a = &self.articles[i];
        let list = &self.sections[self.section_of[i]].1;
        let pos = self.section_pos[i];
        Article {
            slug: a.slug.clone(),
            section: a.section.clone(),
            title: a.title.clone(),
            summary: a.summary.clone(),
            language: a.language.clone(),
            published: a.published.rfc3339.clone(),
            updated: a.updated.clone(),
            tags: self.article_tags[i]
                .iter()
                .map(|t| self.tags[*t].0.clone())
                .collect(),
            credits: a.credits.clone(),
            views: a.views,
            lead: a.lead.clone(),
            body_html,
            reading_minutes: a.reading_minutes,
            prev: list.get(pos + 1).map(|j| self.summary(*j)),
            next: pos
                .checked_sub(1)
                .and_then(|p| list.get(p))
                .map(|j| self.summary(*j)),
            related: self
                .related(i, scratch)
                .into_iter()
                .map(|j| self.summary(j))
                .collect(),
        }
    }

    /// Up to 4 articles sharing tags with `i`: most shared tags first, then newest.
    fn related(&self, i: usize, counts: &mut Vec<u16>) -> Vec<usize> {
        counts.resize(self.articles.len(), 0);
        let mut touched = Vec::new();
        for t in &self.article_tags[i] {
            for &j in &self.tags[*t].1 {
                if j != i {
                    if counts[j] == 0 {
                        touched.push(j);
                    }
                    counts[j] = counts[j].saturating_add(1);
                }
            }
        }
        // Keep the best few: higher count first, then lower index (newer).
        let mut best: Vec<(u16, usize)> = Vec::with_capacity(RELATED + 1);
        for &j in &touched {
            let key = (counts[j], j);
            let better =
                |a: &(u16, usize), b: &(u16, usize)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
            if best.len() < RELATED || best.last().is_some_and(|w| better(&key, w)) {
                let at = best
                    .iter()
                    .position(|b| better(&key, b))
                    .unwrap_or(best.len());
                best.insert(at, key);
                best.truncate(RELATED);
            }
        }
        for &j in &touched {
            counts[j] = 0;
        }
        best.into_iter().map(|(_, j)| j).collect()
    }
}

/// Number of pages for `items` at `page_size`: at least 1.
pub fn pages(items: usize, page_size: u32) -> u32 {
    let size = page_size.max(1) as usize;
    u32::try_from(items.div_ceil(size).max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
pub(crate) mod tests;
