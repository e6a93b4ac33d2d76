//! A section's or a tag's articles, one page at a time.

use crate::components::card::{CardList, Pagination};
use crate::components::chrome::Breadcrumb;
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::i18n::{fill, format_month};
use crate::model::{Listing, ListingPage};
use crate::route::{self, Route};
use leptos::prelude::*;

#[component]
pub fn ListingView(page: ListingPage) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let home = (t.home.to_string(), Route::Home.path());
    let path = Route::of_listing(&page.listing, page.page)
        .map_or_else(|| Route::Home.path(), |r| r.path());
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
    let title = if page.page > 1 {
        format!(
            "{name} · {}",
            fill(t.page_of, &[&page.page, &page.total_pages])
        )
    } else {
        name.clone()
    };
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
                <p class="count">{fill(t.articles_count, &[&page.total_items])}</p>
            </header>
            <CardList items=page.items level=2 first_screen=true/>
            <Pagination listing=page.listing page=page.page total_pages=page.total_pages/>
        </div>
    }
}
