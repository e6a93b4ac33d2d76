//! The app: the frame around every page and the route table.

use crate::api::LoadError;
use crate::components::chrome::{Progress, SiteFooter, SiteHeader};
use crate::components::error_view::ErrorView;
use crate::context::{Pending, SiteCtx};
use crate::loader::routed;
use crate::route::Route;
use crate::store::Store;
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route as RouteDef, Router};
use leptos_router::hooks::use_params_map;
use leptos_router::params::ParamsMap;
use leptos_router::path;

#[component]
pub fn App(ctx: SiteCtx, store: Store) -> impl IntoView {
    let t = ctx.t;
    let base = ctx.base.stem().to_string();
    provide_context(ctx);
    provide_context(store);
    provide_context(Pending(RwSignal::new(false)));
    let (is_routing, set_is_routing) = signal(false);
    view! {
        <Router base set_is_routing>
            <a class="skip-link" href="#main" rel="external">{t.skip_to_content}</a>
            <Progress is_routing/>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <FlatRoutes fallback=|| view! { <ErrorView error=LoadError::NotFound retry=None/> }>
                    <RouteDef path=path!("/") view=HomeRoute/>
                    <RouteDef path=path!("/sitemap") view=SiteMapRoute/>
                    <RouteDef path=path!("/search") view=SearchRoute/>
                    <RouteDef path=path!("/tag/:tag") view=TagRoute/>
                    <RouteDef path=path!("/tag/:tag/page/:page") view=TagRoute/>
                    <RouteDef path=path!("/:section") view=SectionRoute/>
                    <RouteDef path=path!("/:section/page/:page") view=SectionRoute/>
                    <RouteDef path=path!("/:section/:slug") view=ArticleRoute/>
                </FlatRoutes>
            </main>
            <SiteFooter/>
            <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
        </Router>
    }
}

/// The route these parameters name, if it is one of the site's (e.g. `page/1` is not).
fn from_params(
    build: impl Fn(&ParamsMap) -> Option<Route> + Send + Sync + 'static,
) -> Memo<Option<Route>> {
    let params = use_params_map();
    Memo::new(move |_| {
        let route = build(&params.read())?;
        (Route::parse(&route.path()).as_ref() == Some(&route)).then_some(route)
    })
}

fn page_number(params: &ParamsMap) -> Option<u32> {
    match params.get("page") {
        None => Some(1),
        Some(n) => n.parse().ok().filter(|n| *n >= 2),
    }
}

#[component]
fn HomeRoute() -> impl IntoView {
    let route = from_params(|_| Some(Route::Home));
    routed(route)
}

#[component]
fn SectionRoute() -> impl IntoView {
    let route = from_params(|p| {
        Some(Route::Section {
            section: p.get("section")?,
            page: page_number(p)?,
        })
    });
    routed(route)
}

#[component]
fn TagRoute() -> impl IntoView {
    let route = from_params(|p| {
        Some(Route::Tag {
            tag: p.get("tag")?,
            page: page_number(p)?,
        })
    });
    routed(route)
}

#[component]
fn ArticleRoute() -> impl IntoView {
    let route = from_params(|p| Some(Route::article(&p.get("section")?, &p.get("slug")?)));
    routed(route)
}

#[component]
fn SearchRoute() -> impl IntoView {
    routed(from_params(|_| Some(Route::Search)))
}

#[component]
fn SiteMapRoute() -> impl IntoView {
    let route = from_params(|_| Some(Route::SiteMap));
    routed(route)
}
