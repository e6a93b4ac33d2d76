//! A listing's articles (a section, a tag, a month, a person), one page at a time: the
//! own URL with the newest and their count, numbered pages with their dates.

use crate::components::card::{CardList, Pagination};
use crate::components::chrome::Breadcrumb;
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::i18n::{fill, format_date, format_month, Strings};
use crate::model::{ArticleSummary, Listing, ListingPage};
use crate::route::{self, Page, Route};
use leptos::prelude::*;

#[component]
pub fn ListingView(page: ListingPage) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let home = (t.home.to_string(), Route::Home.path());
    let which = Page::of(page.page);
    let path =
        Route::of_listing(&page.listing, which).map_or_else(|| Route::Home.path(), |r| r.path());
    let (name, trail) = match &page.listing {
        Listing::Latest => (t.latest.to_string(), vec![home]),
        Listing::Section { name, .. } => (name.clone(), vec![home, (name.clone(), path.clone())]),
        Listing::Tag { name, .. } => {
            let name = fill(t.tag, &[name]);
            (name.clone(), vec![home, (name, path.clone())])
        }
        Listing::Author { name, .. } => {
            let name = fill(t.author, &[name]);
            (name.clone(), vec![home, (name, path.clone())])
        }
        // A month is a page of the site map.
        Listing::Month { year, month } => {
            let name = format_month(*year, *month, t);
            let map = (t.site_map.to_string(), Route::SiteMap.path());
            (name.clone(), vec![home, map, (name, path.clone())])
        }
    };
    let title = match which.number() {
        Some(k) => format!("{name} · {}", fill(t.page_number, &[&k])),
        None => name.clone(),
    };
    // The own URL counts the listing's articles; a numbered page, which must not change
    // when an article is published, says which dates it covers.
    let about = match (which, page.total_items) {
        (Page::Newest, Some(n)) => Some(fill(t.articles_count, &[&n])),
        (Page::Newest, None) => None,
        (Page::Number(_), _) => date_range(&page.items, ctx.site.clock_zone(), t),
    };
    let link = |api: &Option<String>| {
        api.as_deref()
            .and_then(|api| route::listing_page_at(&page.listing, api))
    };
    let (newer, older) = (link(&page.prev), link(&page.next));
    // A section or a tag announces its own feeds.
    let feeds = route::feed_of(&page.listing, &ctx.site).map(|(folder, title)| (title, folder));
    set_head(PageMeta {
        title,
        description: format!("{name} – {}", ctx.site.description),
        path: Some(path),
        breadcrumb: trail.clone(),
        feeds,
        ..Default::default()
    });
    view! {
        <div class="listing">
            <Breadcrumb trail/>
            <header class="listing-header">
                <h1>{name}</h1>
                {about.map(|about| view! { <p class="count">{about}</p> })}
            </header>
            <CardList items=page.items level=2 first_screen=true/>
            <Pagination listing=page.listing page=which newer older/>
        </div>
    }
}

/// The dates of the oldest and the newest of `items` (newest first), as "from – to"; one
/// date when they fall on the same day.
fn date_range(items: &[ArticleSummary], zone: &str, t: &Strings) -> Option<String> {
    let newest = format_date(&items.first()?.published, zone, t);
    let oldest = format_date(&items.last()?.published, zone, t);
    Some(if oldest == newest {
        newest
    } else {
        fill(t.date_range, &[&oldest, &newest])
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
