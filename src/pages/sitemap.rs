//! The HTML site map: every section with its articles, and every tag.

use crate::components::card::DateTime;
use crate::components::chrome::Breadcrumb;
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::model::SiteMap;
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn SiteMapPage(map: SiteMap) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let trail = vec![
        (t.home.to_string(), Route::Home.path()),
        (t.site_map.to_string(), Route::SiteMap.path()),
    ];
    set_head(PageMeta {
        title: t.site_map.to_string(),
        description: ctx.site.description.clone(),
        path: Some(Route::SiteMap.path()),
        breadcrumb: trail.clone(),
        ..Default::default()
    });
    let sections = map
        .sections
        .into_iter()
        .map(|s| {
            let section = s.section.slug.clone();
            let articles = s
                .articles
                .into_iter()
                .map(|a| {
                    let href = ctx.href(&Route::article(&section, &a.slug));
                    view! { <li><a href=href>{a.title}</a>" "<DateTime timestamp=a.published/></li> }
                })
                .collect_view();
            let href = ctx.href(&Route::section(&s.section.slug));
            view! {
                <section>
                    <h2><a href=href>{s.section.name}</a></h2>
                    <ul class="sitemap-articles">{articles}</ul>
                </section>
            }
        })
        .collect_view();
    let tags = map
        .tags
        .into_iter()
        .map(|tag| {
            let href = ctx.href(&Route::tag(&tag.slug));
            view! { <li><a href=href>{tag.name}</a></li> }
        })
        .collect_view();
    view! {
        <div class="sitemap">
            <Breadcrumb trail/>
            <h1>{t.site_map}</h1>
            {sections}
            <section>
                <h2>{t.tags}</h2>
                <ul class="tag-list">{tags}</ul>
            </section>
        </div>
    }
}
