//! The frame around every page: skip link, header with section navigation,
//! breadcrumb, progress bar and footer.

use crate::components::picture::Picture;
use crate::components::search_form::SearchForm;
use crate::context::{use_site, Pending};
use crate::images::{Loading, Place};
use crate::links::safe_href;
use crate::model::{Image, Licences};
use crate::route::Route;
use crate::timer::Timer;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let location = use_location();
    let base = ctx.base.clone();
    let current_section = Memo::new(move |_| {
        base.route_at(&location.pathname.get())
            .and_then(|r| match r {
                Route::Section { section, .. } | Route::Article { section, .. } => Some(section),
                _ => None,
            })
    });
    let links = ctx
        .site
        .sections
        .iter()
        .map(|s| {
            let slug = s.slug.clone();
            let href = ctx.href(&Route::section(&s.slug));
            let current =
                move || (current_section.get().as_deref() == Some(&slug)).then_some("page");
            view! { <li><a href=href aria-current=current>{s.name.clone()}</a></li> }
        })
        .collect_view();
    view! {
        <header class="site-header">
            <div class="masthead">
                <a class="site-title" href=ctx.href(&Route::Home)>
                    // The title beside it names the site: the logo's alt stays empty.
                    {ctx.site.logo.clone().map(|logo| {
                        let image = Image { alt: String::new(), ..logo };
                        view! { <Picture image place=Place::Logo loading=Loading::Eager/> }
                    })}
                    <span>{ctx.site.title.clone()}</span>
                </a>
                // Shown by the stylesheet while `html.offline` (set by the page script).
                <span class="offline-badge">{t.offline_badge}</span>
                <SearchForm id="site-search-q"/>
            </div>
            <nav id="site-nav" class="sections" aria-label=t.sections>
                <ul>
                    <li><a href=ctx.href(&Route::Home)>{t.home}</a></li>
                    {links}
                </ul>
            </nav>
        </header>
    }
}

/// "You are here: Home > Section > Title". The last step is the current page.
#[component]
pub fn Breadcrumb(trail: Vec<(String, String)>) -> impl IntoView {
    let ctx = use_site();
    let last = trail.len().saturating_sub(1);
    let steps = trail
        .into_iter()
        .enumerate()
        .map(|(i, (name, path))| {
            if i == last {
                Either::Left(view! { <li aria-current="page">{name}</li> })
            } else {
                let href = ctx.base.join(&path);
                Either::Right(view! { <li><a href=href>{name}</a></li> })
            }
        })
        .collect_view();
    let label = ctx.label(|l| &l.you_are_here, ctx.t.you_are_here);
    let aria_label = label.clone();
    view! {
        <nav class="breadcrumb" aria-label=aria_label>
            // Seen, not read: the landmark's label already says it.
            <span class="breadcrumb-label" aria-hidden="true">{label}</span>
            <ol>{steps}</ol>
        </nav>
    }
}

/// A thin bar at the top, shown when a page has waited for its data for 150 ms. Its one
/// timer is cleared when the wait ends or the bar goes, so it never fires for a wait
/// that is over (a navigation done in 100 ms and the next one 20 ms later shows no bar
/// before that one's own 150 ms).
#[component]
pub fn Progress(is_routing: ReadSignal<bool>) -> impl IntoView {
    let pending = expect_context::<Pending>().0;
    let visible = RwSignal::new(false);
    let timer = Timer::owned();
    Effect::new(move |was_waiting: Option<bool>| {
        let waiting = is_routing.get() || pending.get();
        if !waiting {
            timer.clear();
            visible.set(false);
        } else if was_waiting != Some(true) {
            timer.set(std::time::Duration::from_millis(150), move || {
                visible.try_set(true);
            });
        }
        waiting
    });
    view! { <div class="progress" class:active=move || visible.get() aria-hidden="true"></div> }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let site = &ctx.site;
    let contact = site.publisher.contact.clone();
    let contact_href = if contact.contains('@') && !contact.contains(':') {
        format!("mailto:{contact}")
    } else {
        safe_href(&contact).to_string()
    };
    let social = site
        .social
        .iter()
        .map(|l| view! { <li><a href=safe_href(&l.url).to_string() rel="me noopener">{l.label.clone()}</a></li> })
        .collect_view();
    let licences = licence_line(&site.licences);
    view! {
        <footer class="site-footer">
            <div class="footer-inner">
                <p class="publisher">{site.publisher.name.clone()}</p>
                <address>
                    <span>{t.address}": "{site.publisher.address.clone()}</span>
                    <span>{t.contact}": "<a href=contact_href>{contact}</a></span>
                    <span><a href=safe_href(&site.base_url).to_string()>{site.base_url.clone()}</a></span>
                </address>
                <ul class="footer-links">
                    <li><a href=ctx.base.join("feed.xml") rel="external">{t.rss_feed}</a></li>
                    <li><a href=ctx.href(&Route::SiteMap)>{t.site_map}</a></li>
                    <li><a href=ctx.href(&Route::Feeds)>{t.feed_map}</a></li>
                    <li><a href=ctx.href(&Route::Saved)>{t.saved_title}</a></li>
                    {social}
                </ul>
                <p class="copyright">{site.copyright.clone()}</p>
                {licences}
            </div>
        </footer>
    }
}

/// The footer's registration line, if the site has any: each number links to the registry
/// that lists it.
fn licence_line(licences: &Licences) -> Option<impl IntoView> {
    if licences.is_empty() {
        return None;
    }
    let icp = (!licences.icp.is_empty()).then(|| {
        view! { <a href=Licences::ICP_REGISTRY rel="external noopener">{licences.icp.clone()}</a> }
    });
    let public_security = (!licences.public_security.is_empty()).then(|| {
        let href = licences.public_security_href();
        view! { <a href=href rel="external noopener">{licences.public_security.clone()}</a> }
    });
    Some(view! { <p class="licences">{icp}{public_security}</p> })
}
