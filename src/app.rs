//! The app: the frame around every page, and the one route that shows them.

use crate::components::chrome::{Progress, SiteFooter, SiteHeader};
use crate::context::{Pending, SiteCtx};
use crate::loader::routed;
use crate::search::request::SearchRequest;
use crate::store::Store;
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;

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
                <AnyRoute/>
            </main>
            <SiteFooter/>
            <div id="announcer" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
        </Router>
    }
}

/// Every page: the route is read from the address (`Route::parse` knows which paths are
/// pages, e.g. `page/0` is not; anything else is the loader's not-found page), so the
/// router only keeps the location and follows links: none of its route matching is in the
/// wasm.
#[component]
fn AnyRoute() -> impl IntoView {
    let base = crate::context::use_site().base;
    let location = use_location();
    #[cfg(target_arch = "wasm32")]
    if let Some(url) = use_context::<leptos_router::location::BrowserUrl>() {
        use leptos_router::location::LocationProvider;
        // What the router's own route matching would do: the router puts a link's address
        // in the address bar once the routes say so, and here every address is this route.
        Effect::new(move |_| {
            location.pathname.track();
            url.ready_to_complete();
        });
    }
    let route = Memo::new(move |_| base.route_at(&location.pathname.get()));
    // Read from the same location as the route, so both change in one step.
    let search = Memo::new(move |_| SearchRequest::from_query(&location.search.get()));
    routed(route, search)
}
