//! A listing's pages: numbered from the oldest article, so that a full page never
//! changes when a newer one is published, with the newest articles at the listing's own
//! URL (`docs/json-api.md`, "Listing pages").

use broadsheet_app::model::{Listing, ListingPage};
use broadsheet_app::route::{listing_api_path, Page};

use super::Index;

impl Index {
    /// The pages of a listing of `items` articles, its own URL first, then its numbered
    /// pages from the newest (`docs/json-api.md`, "Listing pages").
    pub fn pages_of(&self, items: usize) -> impl Iterator<Item = Page> {
        let numbered = numbered_pages(items, self.site.page_size);
        std::iter::once(Page::Newest).chain((1..=numbered).rev().map(Page::Number))
    }

    /// The articles of `idx` (newest first) that page `page` shows, newest first: numbered
    /// page k the k-th `page_size` counted from the oldest, the own URL the rest (one to
    /// two pages' worth, or all when fewer). Empty for a page the listing does not have.
    pub fn page_items<'a>(&self, idx: &'a [usize], page: Page) -> &'a [usize] {
        let size = self.site.page_size.max(1) as usize;
        let numbered = numbered_pages(idx.len(), self.site.page_size) as usize;
        let n = idx.len();
        let range = match page {
            Page::Newest => 0..n - numbered * size,
            Page::Number(k) if (1..=numbered).contains(&(k as usize)) => {
                n - k as usize * size..n - (k as usize - 1) * size
            }
            Page::Number(_) => 0..0,
        };
        idx.get(range).unwrap_or_default()
    }

    /// Page `page` of `listing`, whose articles are `idx` (newest first). Totals are
    /// only on the own URL's page: a numbered page holds nothing a newer article changes.
    pub fn listing_page(&self, listing: &Listing, idx: &[usize], page: Page) -> ListingPage {
        ListingPage {
            items: self.summaries(self.page_items(idx, page)),
            ..self.listing_frame(listing, idx, page)
        }
    }

    /// [`Index::listing_page`] without its articles: what the page holds besides them.
    pub fn listing_frame(&self, listing: &Listing, idx: &[usize], page: Page) -> ListingPage {
        let numbered = numbered_pages(idx.len(), self.site.page_size);
        // The own URL's older neighbour is the newest numbered page; page 1 has none.
        let (newer, older) = match page {
            Page::Newest => (None, Some(numbered)),
            Page::Number(k) if k >= numbered => (Some(Page::Newest), k.checked_sub(1)),
            Page::Number(k) => (Some(Page::Number(k + 1)), k.checked_sub(1)),
        };
        let older = older.filter(|k| *k >= 1).map(Page::Number);
        let link = |page: Option<Page>| page.map(|page| listing_api_path(listing, page));
        let totals = page == Page::Newest;
        ListingPage {
            listing: listing.clone(),
            page: page.number(),
            total_pages: totals.then_some(numbered.saturating_add(1)),
            total_items: totals.then(|| u32::try_from(idx.len()).unwrap_or(u32::MAX)),
            items: Vec::new(),
            prev: link(newer),
            next: link(older),
        }
    }
}

/// How many numbered pages a listing of `items` articles has: ⌊items / page_size⌋ − 1
/// (none below two pages' worth), as the own URL shows the newest one to two pages' worth.
pub fn numbered_pages(items: usize, page_size: u32) -> u32 {
    let size = page_size.max(1) as usize;
    u32::try_from((items / size).saturating_sub(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
