//! One article: headline, dates, credits, lead image, body, neighbours and related.

use crate::components::card::{article_route, CardList, DateTime};
use crate::components::chrome::Breadcrumb;
use crate::components::picture::Picture;
use crate::context::use_site;
use crate::head::{set_head, ArticleMeta, PageMeta};
use crate::i18n::{fill, format_date};
use crate::images::{Loading, Place};
use crate::model::{Article, ArticleSummary, Credits, Person};
use crate::route::{article_api_path, Route};
use leptos::either::Either;
use leptos::prelude::*;

#[component]
pub fn ArticlePage(article: Article) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let section_name = ctx.section_name(&article.section).to_string();
    let route = Route::article(&article.section, &article.slug);
    let section_route = Route::section(&article.section);
    let trail = vec![
        (t.home.to_string(), Route::Home.path()),
        (section_name.clone(), section_route.path()),
        (article.title.clone(), route.path()),
    ];
    set_head(PageMeta {
        title: article.title.clone(),
        description: article.summary.clone(),
        path: Some(route.path()),
        image: article.lead.as_ref().map(|l| l.image.src.clone()),
        breadcrumb: trail.clone(),
        article: Some(ArticleMeta {
            published: article.published.clone(),
            updated: article.updated.clone(),
            section: section_name.clone(),
            tags: article.tags.iter().map(|t| t.name.clone()).collect(),
            authors: article.credits.writers.clone(),
            language: article.language.clone(),
        }),
        ..Default::default()
    });
    let section_href = ctx.href(&section_route);
    let tags = article
        .tags
        .iter()
        .map(|tag| {
            let href = ctx.href(&Route::tag(&tag.slug));
            view! { <li><a href=href>{tag.name.clone()}</a></li> }
        })
        .collect_view();
    let has_tags = !article.tags.is_empty();
    view! {
        <Breadcrumb trail/>
        <article class="article" lang=article.language.clone()>
            <header class="article-header">
                <a class="kicker" href=section_href>{section_name}</a>
                <h1>{article.title.clone()}</h1>
                <p class="standfirst">{article.summary.clone()}</p>
                <p class="article-meta">
                    <span>{t.published}" "<DateTime timestamp=article.published.clone() full=true class="published"/></span>
                    {article.updated.clone().map(|u| view! {
                        <span>{t.updated}" "<DateTime timestamp=u full=true class="updated"/></span>
                    })}
                    {article.views.map(|v| view! { <span class="views">{ctx.views(v)}</span> })}
                    <span class="reading-time">{fill(t.reading_time, &[&article.reading_minutes])}</span>
                </p>
                <CreditsLine credits=article.credits.clone() people=article.people.clone()/>
                <SaveButton article=&article/>
            </header>
            {article.lead.clone().map(|lead| view! {
                <figure class="lead">
                    <Picture image=lead.image place=Place::Column loading=Loading::Main/>
                    {lead.caption.map(|c| view! { <figcaption>{c}</figcaption> })}
                </figure>
            })}
            <div class="body" inner_html=article.body_html.clone()></div>
            {has_tags.then(|| view! {
                <footer class="article-tags">
                    <h2 class="visually-hidden">{t.tags}</h2>
                    <ul class="tag-list">{tags}</ul>
                </footer>
            })}
        </article>
        <Neighbours prev=article.prev.clone() next=article.next.clone()/>
        {(!article.related.is_empty()).then(|| view! {
            <section class="related">
                <h2>{t.related}</h2>
                <CardList items=article.related.clone() level=3/>
            </section>
        })}
    }
}

/// "Save for offline": hidden until the page script (which keeps saved articles with
/// the service worker) shows it, so it never appears where saving cannot work.
#[component]
fn SaveButton<'a>(article: &'a Article) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let page = ctx.href(&Route::article(&article.section, &article.slug));
    let api = ctx.base.api_url(&article_api_path(&article.slug));
    let image = article
        .lead
        .as_ref()
        .map(|l| ctx.asset(&l.image.src))
        .filter(|src| src.starts_with(ctx.base.as_str()))
        .unwrap_or_default();
    let meta = format!(
        "{} · {}",
        ctx.section_name(&article.section),
        format_date(&article.published, ctx.site.clock_zone(), t)
    );
    view! {
        <p class="save-offline">
            <button
                type="button"
                class="save"
                hidden=true
                aria-pressed="false"
                data-save-href=page
                data-save-api=api
                data-save-image=image
                data-save-title=article.title.clone()
                data-save-meta=meta
            >
                {t.save_offline}
            </button>
            <span class="save-status" role="status"></span>
        </p>
    }
}

/// The credits; a writer or photographer with a page of their own links to it.
#[component]
fn CreditsLine(credits: Credits, people: Vec<Person>) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let line = |label: String, names: Vec<String>| {
        (!names.is_empty()).then(|| {
            let names = names
                .into_iter()
                .enumerate()
                .map(|(n, name)| {
                    let page = people.iter().find(|p| p.name == name);
                    let name = match page {
                        Some(p) => Either::Left(
                            view! { <a href=ctx.href(&Route::author(&p.slug))>{name}</a> },
                        ),
                        None => Either::Right(name),
                    };
                    view! { {(n > 0).then_some("、")}{name} }
                })
                .collect_view();
            view! { <span><span class="credit-role">{label}</span>" "{names}</span> }
        })
    };
    (!credits.is_empty()).then(|| {
        view! {
            <p class="credits">
                {line(ctx.label(|l| &l.writers, t.writers), credits.writers)}
                {line(ctx.label(|l| &l.photographers, t.photographers), credits.photographers)}
                {line(ctx.label(|l| &l.editors, t.editors), credits.editors)}
            </p>
        }
    })
}

/// Previous (older) and next (newer) article in the same section.
#[component]
fn Neighbours(prev: Option<ArticleSummary>, next: Option<ArticleSummary>) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let link = move |item: ArticleSummary, rel: &'static str, label: &'static str| {
        let href = ctx.href(&article_route(&item));
        view! {
            <a rel=rel href=href>
                <span class="neighbour-label">{label}</span>
                <span class="neighbour-title">{item.title}</span>
            </a>
        }
    };
    (prev.is_some() || next.is_some()).then(|| {
        view! {
            <nav class="prev-next" aria-label=format!("{} / {}", t.previous_article, t.next_article)>
                {prev.map(|p| link(p, "prev", t.previous_article))}
                {next.map(|n| link(n, "next", t.next_article))}
            </nav>
        }
    })
}
