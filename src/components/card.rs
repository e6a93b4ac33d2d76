//! Listing cards and the pieces around them: dates, thumbnails, pagination.

use crate::components::picture::Picture;
use crate::context::use_site;
use crate::i18n::{fill, format_date, format_datetime};
use crate::images::{Loading, Place};
use crate::model::{ArticleSummary, Listing};
use crate::route::{Page, Route};
use leptos::either::Either;
use leptos::prelude::*;

pub fn article_route(item: &ArticleSummary) -> Route {
    Route::article(&item.section, &item.slug)
}

/// A `<time>` showing the date (and with `full`, the time) in the site's language, on the
/// site's clock; its `datetime` keeps the instant as given.
#[component]
pub fn DateTime(
    timestamp: String,
    #[prop(optional)] full: bool,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let ctx = use_site();
    let (zone, t) = (ctx.site.clock_zone(), ctx.t);
    let text = if full {
        format_datetime(&timestamp, zone, t)
    } else {
        format_date(&timestamp, zone, t)
    };
    view! { <time class=class datetime=timestamp>{text}</time> }
}

/// One article in a listing. `level` is the heading level of its title.
#[component]
pub fn Card(
    item: ArticleSummary,
    #[prop(default = 2)] level: u8,
    #[prop(optional)] lead: bool,
    /// Load the thumbnail at once: it is in the first screen (the page's largest paint).
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let ctx = use_site();
    let href = ctx.href(&article_route(&item));
    let section_href = ctx.href(&Route::section(&item.section));
    let section_name = ctx.section_name(&item.section).to_string();
    let link = view! { <a class="card-link" href=href>{item.title.clone()}</a> };
    let heading = if level <= 2 {
        Either::Left(view! { <h2 class="card-title">{link}</h2> })
    } else {
        Either::Right(view! { <h3 class="card-title">{link}</h3> })
    };
    view! {
        <li class="card" class:lead=lead lang=item.language.clone()>
            {item.thumbnail.map(|image| {
                let place = if lead { Place::LeadCard } else { Place::Card };
                let loading = if lead || eager { Loading::Main } else { Loading::Lazy };
                view! { <div class="card-thumb"><Picture image place loading/></div> }
            })}
            <div class="card-text">
                <a class="card-section" href=section_href>{section_name}</a>
                {heading}
                <p class="summary">{item.summary}</p>
                <DateTime timestamp=item.published/>
            </div>
        </li>
    }
}

#[component]
pub fn CardList(
    items: Vec<ArticleSummary>,
    #[prop(default = 2)] level: u8,
    /// The list opens the page: its first thumbnail is loaded at once.
    #[prop(optional)]
    first_screen: bool,
) -> impl IntoView {
    let t = use_site().t;
    if items.is_empty() {
        return Either::Left(view! { <p class="empty">{t.no_articles}</p> });
    }
    Either::Right(view! {
        <ul class="cards">
            {items
                .into_iter()
                .enumerate()
                .map(|(i, item)| view! { <Card item level eager=first_screen && i == 0/> })
                .collect_view()}
        </ul>
    })
}

/// Newer/older page links for a listing; plain links, so they work without the app.
/// `newer` and `older` are the pages the listing's document links to; a numbered page
/// says its number between them.
#[component]
pub fn Pagination(
    listing: Listing,
    page: Page,
    newer: Option<Page>,
    older: Option<Page>,
) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let link = |p: Option<Page>| {
        p.and_then(|p| Route::of_listing(&listing, p))
            .map(|r| ctx.href(&r))
    };
    let (newer, older) = (link(newer), link(older));
    let status = page.number().map(|k| fill(t.page_number, &[&k]));
    (newer.is_some() || older.is_some()).then(|| {
        view! {
            <nav class="pagination" aria-label=t.pagination>
                {newer.map(|href| view! { <a rel="prev" href=href>"← "{t.newer}</a> })}
                {status.map(|s| view! { <span class="page-status">{s}</span> })}
                {older.map(|href| view! { <a rel="next" href=href>{t.older}" →"</a> })}
            </nav>
        }
    })
}
