//! The app: the frame around every page, and the one route that shows them.

use crate::api::LoadError;
use crate::components::chrome::{Progress, SiteFooter, SiteHeader};
use crate::components::error_view::ErrorView;
use crate::context::{Pending, SiteCtx};
use crate::loader::routed;
use crate::search::request::SearchRequest;
use crate::store::Store;
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route as RouteDef, Router};
use leptos_router::hooks::use_location;
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
                    <RouteDef path=path!("/*any") view=AnyRoute/>
                </FlatRoutes>
            </main>
            <SiteFooter/>
            <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
        </Router>
    }
}

/// Every page: the route is read from the address, so one route definition serves
/// them all (`Route::parse` knows which paths are pages, e.g. `page/0` is not), and the
/// wasm carries the router's matching for one route, not one per page type.
#[component]
fn AnyRoute() -> impl IntoView {
    let base = crate::context::use_site().base;
    let location = use_location();
    let route = Memo::new(move |_| base.route_at(&location.pathname.get()));
    // Read from the same location as the route, so both change in one step.
    let search = Memo::new(move |_| SearchRequest::from_query(&location.search.get()));
    routed(route, search)
}
