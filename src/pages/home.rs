//! The front page: lead story, the latest articles, and a block per section.

use crate::components::card::{Card, CardList};
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::model::Home;
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn HomePage(home: Home) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    set_head(PageMeta {
        title: ctx.site.title.clone(),
        description: ctx.site.description.clone(),
        path: Some(Route::Home.path()),
        image: home
            .lead
            .as_ref()
            .and_then(|l| l.thumbnail.as_ref())
            .map(|i| i.src.clone()),
        ..Default::default()
    });
    let blocks = home
        .sections
        .into_iter()
        .filter(|b| !b.items.is_empty())
        .map(|block| {
            let href = ctx.href(&Route::section(&block.section.slug));
            // A block is headlines only: its cards get no photo, so the page neither
            // carries one nor, for a reader without JavaScript (whose browser loads lazy
            // images at once), fetches one.
            let mut items = block.items;
            for item in &mut items {
                item.thumbnail = None;
            }
            view! {
                <section class="section-block">
                    <h2><a href=href>{block.section.name}</a></h2>
                    <CardList items level=3/>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="home">
            <h1 class="visually-hidden">{ctx.site.title.clone()}</h1>
            {home.lead.map(|item| view! {
                <section class="lead-story" aria-label=t.lead_story>
                    <ul class="cards"><Card item level=2 lead=true/></ul>
                </section>
            })}
            <section class="latest">
                <h2>{t.latest}</h2>
                <CardList items=home.latest level=3/>
            </section>
            <div class="section-blocks">{blocks}</div>
        </div>
    }
}
