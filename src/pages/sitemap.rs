//! The HTML site map: sections and months with their counts (each month links to its
//! archive pages), the most used tags and the most credited people. Its size does not
//! grow with the archive.

use crate::components::chrome::Breadcrumb;
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::i18n::{fill, format_month};
use crate::model::{MonthCount, SiteMap};
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
    let counted = move |href: String, name: String, count: u32| {
        let count = (count > 0).then(|| fill(t.articles_count, &[&count]));
        view! { <li><a href=href>{name}</a>" "<span class="count">{count}</span></li> }
    };
    let sections = map
        .sections
        .into_iter()
        .map(|s| {
            counted(
                ctx.href(&Route::section(&s.section.slug)),
                s.section.name,
                s.count,
            )
        })
        .collect_view();
    let years = by_year(map.months)
        .into_iter()
        .map(|(year, months)| {
            let months = months
                .into_iter()
                .map(|m| {
                    let href = ctx.href(&Route::archive(m.year, m.month));
                    counted(href, format_month(m.year, m.month, t), m.count)
                })
                .collect_view();
            view! { <h3>{year}</h3><ul class="sitemap-months">{months}</ul> }
        })
        .collect_view();
    let names = |list: Vec<(Route, String)>| {
        list.into_iter()
            .map(|(route, name)| view! { <li><a href=ctx.href(&route)>{name}</a></li> })
            .collect_view()
    };
    let tags = names(
        map.tags
            .into_iter()
            .map(|g| (Route::tag(&g.slug), g.name))
            .collect(),
    );
    let people = names(
        map.people
            .into_iter()
            .map(|p| (Route::author(&p.slug), p.name))
            .collect(),
    );
    view! {
        <div class="sitemap">
            <Breadcrumb trail/>
            <h1>{t.site_map}</h1>
            <section>
                <h2>{t.sections}</h2>
                <ul class="sitemap-sections">{sections}</ul>
            </section>
            <section>
                <h2>{t.archive}</h2>
                {years}
            </section>
            <section>
                <h2>{t.tags}</h2>
                <ul class="tag-list">{tags}</ul>
            </section>
            <section>
                <h2>{t.people}</h2>
                <ul class="tag-list">{people}</ul>
            </section>
        </div>
    }
}

/// Months (newest first) grouped by year, newest year first.
fn by_year(months: Vec<MonthCount>) -> Vec<(u16, Vec<MonthCount>)> {
    let mut years: Vec<(u16, Vec<MonthCount>)> = Vec::new();
    for m in months {
        match years.last_mut() {
            Some((year, list)) if *year == m.year => list.push(m),
            _ => years.push((m.year, vec![m])),
        }
    }
    years
}
