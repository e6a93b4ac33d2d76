//! The RSS map (RSS 地图): every feed the site publishes, the whole site's and each
//! section's, in the three formats the builder writes. Made from the site's sections:
//! there is no document to load.

use crate::components::chrome::Breadcrumb;
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::route::{Route, FEED_FORMATS};
use leptos::prelude::*;

#[component]
pub fn FeedsPage() -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let trail = vec![
        (t.home.to_string(), Route::Home.path()),
        (t.feed_map.to_string(), Route::Feeds.path()),
    ];
    set_head(PageMeta {
        title: t.feed_map.to_string(),
        description: t.feed_map_intro.to_string(),
        path: Some(Route::Feeds.path()),
        breadcrumb: trail.clone(),
        ..Default::default()
    });
    // The whole site's feeds sit at the root, each section's in its folder.
    let feeds = std::iter::once((t.feed_site.to_string(), String::new()))
        .chain(
            ctx.site
                .sections
                .iter()
                .map(|s| (s.name.clone(), format!("{}/", s.slug))),
        )
        .map(|(name, folder)| {
            let links = FEED_FORMATS
                .iter()
                .map(|(format, _, file)| {
                    let href = ctx.base.join(&format!("{folder}{file}"));
                    view! { <li><a href=href rel="alternate">{*format}</a></li> }
                })
                .collect_view();
            view! {
                <li class="feed">
                    <h2>{name}</h2>
                    <ul class="feed-formats">{links}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="feeds-page">
            <Breadcrumb trail/>
            <h1>{t.feed_map}</h1>
            <p>{t.feed_map_intro}</p>
            <ul class="feed-list">{feeds}</ul>
        </div>
    }
}
