//! The thin layer between a route and its page: it finds the route's document
//! (in the store, or over the network), and shows the page, or an error view.
//!
//! Pages themselves are plain functions of data. Natively (pre-rendering) the store
//! already holds the document, so the page renders synchronously. Every route goes
//! through the one non-generic path below, so the browser bundle carries the
//! loading machinery once, not once per page type.

#[cfg(target_arch = "wasm32")]
mod search;

use crate::api::LoadError;
use crate::components::error_view::ErrorView;
use crate::model::{Article, Home, ListingPage, SiteMap};
use crate::pages::{
    article::ArticlePage, home::HomePage, listing::ListingView, search::SearchPage,
    sitemap::SiteMapPage,
};
use crate::route::Route;
use crate::search::request::{SearchOutcome, SearchRequest};
use crate::store::Store;
use leptos::prelude::*;

/// A route's document, decoded.
#[derive(Clone)]
pub enum Doc {
    Home(Home),
    Listing(ListingPage),
    Article(Box<Article>),
    SiteMap(SiteMap),
    /// The search page: the request from the URL and what the index gave for it.
    Search(SearchRequest, SearchOutcome),
}

impl Doc {
    /// Decodes `json` as the document `route` shows.
    pub fn decode(route: &Route, json: &str) -> Result<Doc, serde_json::Error> {
        use serde_json::from_str;
        Ok(match route {
            Route::Home => Doc::Home(from_str(json)?),
            Route::Section { .. } | Route::Tag { .. } => Doc::Listing(from_str(json)?),
            Route::Article { .. } => Doc::Article(Box::new(from_str(json)?)),
            Route::SiteMap => Doc::SiteMap(from_str(json)?),
            // Pre-rendered: the query is in the reader's URL, which only the browser sees.
            Route::Search => Doc::Search(SearchRequest::default(), SearchOutcome::Static),
        })
    }

    fn render(self) -> AnyView {
        match self {
            Doc::Home(home) => view! { <HomePage home/> }.into_any(),
            Doc::Listing(page) => view! { <ListingView page/> }.into_any(),
            Doc::Article(article) => view! { <ArticlePage article=*article/> }.into_any(),
            Doc::SiteMap(map) => view! { <SiteMapPage map/> }.into_any(),
            Doc::Search(request, outcome) => view! { <SearchPage request outcome/> }.into_any(),
        }
    }
}

/// The document for `route` if the store has it (`None`: not there yet). The search
/// page needs no stored document to pre-render.
fn stored(store: &Store, route: &Route) -> Option<Result<Doc, LoadError>> {
    if *route == Route::Search {
        return Some(Doc::decode(route, "").map_err(|e| LoadError::BadData(e.to_string())));
    }
    store.get_with(&route.api_path(), |json| Doc::decode(route, json))
}

/// Shows the page for the route in `route` (`None`: no such page).
pub fn routed(route: Memo<Option<Route>>) -> AnyView {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let store = expect_context::<Store>();
        let result = match route.get_untracked() {
            None => Err(LoadError::NotFound),
            Some(r) => stored(&store, &r).unwrap_or(Err(LoadError::NotFound)),
        };
        match result {
            Ok(doc) => doc.render(),
            Err(error) => view! { <ErrorView error retry=None/> }.into_any(),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        client::routed(route)
    }
}

#[cfg(target_arch = "wasm32")]
mod client {
    use super::*;
    use crate::context::{use_site, Pending};
    use crate::links::BasePath;
    use crate::prefetch::PrefetchCtx;

    pub fn routed(route: Memo<Option<Route>>) -> AnyView {
        let store = expect_context::<Store>();
        let ctx = use_site();
        let (base, language) = (ctx.base, ctx.site.language.clone());
        let query = leptos_router::hooks::use_query_map();
        let pending = expect_context::<Pending>();
        let prefetches = use_context::<PrefetchCtx>();
        let inflight = Inflight::new();
        abort_on_leaving(route, inflight.clone(), base.clone());
        let doc = LocalResource::new(move || {
            let route = route.get();
            let searching = (route == Some(Route::Search)).then(|| {
                let query = query.read();
                SearchRequest::from_params(|name| query.get(name))
            });
            let store = store.clone();
            let base = base.clone();
            let language = language.clone();
            let inflight = inflight.clone();
            async move {
                if let Some(request) = searching {
                    let outcome = search::answer(&base, &store, &language, &request).await?;
                    return Ok(Doc::Search(request, outcome));
                }
                let route = route.ok_or(LoadError::NotFound)?;
                if let Some(found) = stored(&store, &route) {
                    return found;
                }
                let path = route.api_path();
                let prefetch = prefetches.and_then(|p| p.try_with_value(|p| p.pending(&path)));
                let json = match prefetch.flatten() {
                    Some(prefetch) => prefetch.await?,
                    None => inflight.fetch(&base.api_url(&path)).await?,
                };
                store.insert(&path, json);
                stored(&store, &route).unwrap_or(Err(LoadError::NotFound))
            }
        });
        let retry = Callback::new(move |_| {
            search::forget_files();
            doc.refetch();
        });
        view! {
            <Transition
                fallback=|| view! { <div class="page-loading" aria-busy="true"></div> }
                set_pending=pending.0
            >
                {move || Suspend::new(async move {
                    match doc.await {
                        Ok(doc) => doc.render(),
                        Err(error) => {
                            let retry = error.retryable().then_some(retry);
                            view! { <ErrorView error retry/> }.into_any()
                        }
                    }
                })}
            </Transition>
        }
        .into_any()
    }

    /// Aborts the loader's request as soon as the address is no longer its route. The
    /// router keeps a route that is still loading alive until its data arrives, so
    /// cleanup alone would let an abandoned request run on until it times out.
    fn abort_on_leaving(route: Memo<Option<Route>>, inflight: Inflight, base: BasePath) {
        let location = leptos_router::hooks::use_location();
        Effect::new(move |_| {
            let here = base.route_at(&location.pathname.get());
            if here != route.get_untracked() {
                inflight.abort();
            }
        });
    }

    /// The request a loader has under way; a new one, or leaving the page, aborts it.
    #[derive(Clone)]
    struct Inflight(StoredValue<Option<web_sys::AbortController>, LocalStorage>);

    impl Inflight {
        fn new() -> Inflight {
            let this = Inflight(StoredValue::new_local(None));
            let cell = this.0;
            on_cleanup(move || {
                if let Some(Some(c)) = cell.try_get_value() {
                    c.abort();
                }
            });
            this
        }

        fn abort(&self) {
            if let Some(Some(c)) = self.0.try_get_value() {
                c.abort();
            }
        }

        async fn fetch(&self, url: &str) -> Result<String, LoadError> {
            let controller = web_sys::AbortController::new().ok();
            if let Some(Some(previous)) = self.0.try_get_value() {
                previous.abort();
            }
            self.0.try_set_value(controller.clone());
            crate::api::fetch_text(url, controller).await
        }
    }
}
