//! The thin layer between a route and its page: it finds the route's document
//! (in the store, or over the network), and shows the page, or an error view.
//!
//! Pages themselves are plain functions of data. Natively (pre-rendering) the store
//! already holds the document, so the page renders synchronously. Every route goes
//! through the one non-generic path below, so the browser bundle carries the
//! loading machinery once, not once per page type.

#[cfg(target_arch = "wasm32")]
mod fresh;
#[cfg(all(target_arch = "wasm32", feature = "search"))]
mod search;

use crate::api::LoadError;
use crate::components::error_view::ErrorView;
use crate::model::{Article, Home, ListingPage, SiteMap};
use crate::pages::{
    article::ArticlePage, feeds::FeedsPage, home::HomePage, listing::ListingView,
    offline::OfflinePage, offline::SavedPage, sitemap::SiteMapPage,
};
use crate::route::Route;
use crate::search::request::{SearchOutcome, SearchRequest};
use crate::store::Store;
use leptos::prelude::*;

/// A route's document, decoded.
#[derive(Clone)]
pub enum Doc {
    Home(Box<Home>),
    Listing(ListingPage),
    Article(Box<Article>),
    SiteMap(SiteMap),
    /// The search page: the request from the URL and what the index gave for it.
    Search(SearchRequest, SearchOutcome),
    /// The pages that show no document: the RSS map, the saved list and the offline page.
    Feeds,
    Saved,
    Offline,
}

impl Doc {
    /// Decodes `json` as the document `route` shows: natively with the model's serde
    /// derives, in the browser with `crate::decode` (no serde in the wasm).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn decode(route: &Route, json: &str) -> Result<Doc, String> {
        use serde_json::from_str;
        let doc = match route {
            Route::Home => from_str(json).map(|h| Doc::Home(Box::new(h))),
            Route::Section { .. }
            | Route::Tag { .. }
            | Route::Archive { .. }
            | Route::Author { .. } => from_str(json).map(Doc::Listing),
            Route::Article { .. } => from_str(json).map(|a| Doc::Article(Box::new(a))),
            Route::SiteMap => from_str(json).map(Doc::SiteMap),
            Route::Search | Route::Feeds | Route::Saved | Route::Offline => {
                Ok(Doc::without_document(route))
            }
        };
        doc.map_err(|e| e.to_string())
    }

    #[cfg(target_arch = "wasm32")]
    pub fn decode(route: &Route, json: &str) -> Result<Doc, String> {
        use crate::decode as read;
        let doc = read::parse(json).and_then(|node| match route {
            Route::Home => read::home(&node).map(|h| Doc::Home(Box::new(h))),
            Route::Section { .. }
            | Route::Tag { .. }
            | Route::Archive { .. }
            | Route::Author { .. } => read::listing_page(&node).map(Doc::Listing),
            Route::Article { .. } => read::article(&node).map(|a| Doc::Article(Box::new(a))),
            Route::SiteMap => read::site_map(&node).map(Doc::SiteMap),
            Route::Search | Route::Feeds | Route::Saved | Route::Offline => {
                Ok(Doc::without_document(route))
            }
        });
        doc.map_err(|e| e.to_string())
    }

    /// What a page shows that needs no document. Pre-rendered, the search page has no
    /// query: it is in the reader's URL, which only the browser sees.
    fn without_document(route: &Route) -> Doc {
        match route {
            Route::Feeds => Doc::Feeds,
            Route::Saved => Doc::Saved,
            Route::Offline => Doc::Offline,
            _ => Doc::Search(SearchRequest::default(), SearchOutcome::Static),
        }
    }

    /// The document, if it is the page at `route`: an article is found by its slug, but
    /// its section is part of its address, so under another section it is not found (as
    /// the host answers 404 there).
    pub fn at(self, route: &Route) -> Result<Doc, LoadError> {
        match (&self, route) {
            (Doc::Article(article), Route::Article { section, .. })
                if article.section != *section =>
            {
                Err(LoadError::NotFound)
            }
            _ => Ok(self),
        }
    }

    fn render(self) -> PageView {
        match self {
            Doc::Home(home) => page(view! { <HomePage home=*home/> }),
            Doc::Listing(listing) => page(view! { <ListingView page=listing/> }),
            Doc::Article(article) => page(view! { <ArticlePage article=*article/> }),
            Doc::SiteMap(map) => page(view! { <SiteMapPage map/> }),
            #[cfg(feature = "search")]
            Doc::Search(request, outcome) => {
                use crate::pages::search::SearchPage;
                page(view! { <SearchPage request outcome/> })
            }
            #[cfg(not(feature = "search"))]
            Doc::Search(request, outcome) => {
                let _ = (request, outcome);
                page(())
            }
            Doc::Feeds => page(view! { <FeedsPage/> }),
            Doc::Saved => page(view! { <SavedPage/> }),
            Doc::Offline => page(view! { <OfflinePage/> }),
        }
    }
}

/// A page's view, type-erased: as `AnyView` natively (it renders to HTML), in the
/// browser as [`fresh::Fresh`] (built anew when the next page comes, never patched).
#[cfg(not(target_arch = "wasm32"))]
type PageView = AnyView;
#[cfg(target_arch = "wasm32")]
type PageView = fresh::Fresh;

#[cfg(not(target_arch = "wasm32"))]
fn page(view: impl IntoView + 'static) -> PageView {
    view.into_any()
}

#[cfg(target_arch = "wasm32")]
fn page<V>(view: V) -> PageView
where
    V: IntoView + 'static,
    V::State: 'static,
{
    fresh::Fresh::new(view)
}

/// Pre-rendering's documents are values before they are JSON: each converts into the
/// page's document as it is, with nothing to decode.
#[cfg(not(target_arch = "wasm32"))]
mod given {
    use super::*;

    impl From<Home> for Doc {
        fn from(home: Home) -> Doc {
            Doc::Home(Box::new(home))
        }
    }

    impl From<ListingPage> for Doc {
        fn from(page: ListingPage) -> Doc {
            Doc::Listing(page)
        }
    }

    impl From<Article> for Doc {
        fn from(article: Article) -> Doc {
            Doc::Article(Box::new(article))
        }
    }

    impl From<SiteMap> for Doc {
        fn from(map: SiteMap) -> Doc {
            Doc::SiteMap(map)
        }
    }

    /// The document a pre-rendered page shows, given as a value (`prerender`): taken
    /// by the first look for the route whose API path it has.
    #[derive(Clone)]
    pub struct Given(pub std::sync::Arc<std::sync::Mutex<Option<(String, Doc)>>>);

    impl Given {
        pub(super) fn take(&self, route: &Route) -> Option<Result<Doc, LoadError>> {
            let mut slot = self.0.lock().ok()?;
            if slot.as_ref()?.0 != route.api_path()? {
                return None;
            }
            slot.take().map(|(_, doc)| doc.at(route))
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use given::Given;

/// The document for `route` if the store has it (`None`: not there yet). The search
/// page needs no stored document to pre-render, the saved and offline pages none at all.
fn stored(store: &Store, route: &Route) -> Option<Result<Doc, LoadError>> {
    if *route == Route::Search {
        return Some(Ok(Doc::without_document(route)));
    }
    match route.api_path() {
        Some(path) => store
            .get_with(&path, |json| Doc::decode(route, json))
            .map(|doc| doc.and_then(|doc| doc.at(route))),
        None => Some(Ok(Doc::without_document(route))),
    }
}

/// Shows the page for the route in `route` (`None`: no such page); for the search page,
/// the results of the request in `search`.
pub fn routed(route: Memo<Option<Route>>, search: Memo<SearchRequest>) -> impl IntoView {
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Pre-rendering knows no query: the search page renders its static form.
        let _ = search;
        let store = expect_context::<Store>();
        let result = match route.get_untracked() {
            None => Err(LoadError::NotFound),
            Some(r) => (use_context::<Given>().and_then(|given| given.take(&r)))
                .or_else(|| stored(&store, &r))
                .unwrap_or(Err(LoadError::NotFound)),
        };
        match result {
            Ok(doc) => doc.render(),
            Err(error) => view! { <ErrorView error retry=None/> }.into_any(),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        client::routed(route, search)
    }
}

#[cfg(target_arch = "wasm32")]
mod client {
    use super::*;
    use crate::context::{use_site, Pending};
    use crate::prefetch::PrefetchCtx;

    pub fn routed(
        route: Memo<Option<Route>>,
        search_request: Memo<SearchRequest>,
    ) -> impl IntoView {
        let store = expect_context::<Store>();
        let ctx = use_site();
        let (base, language) = (ctx.base, ctx.site.language.clone());
        let pending = expect_context::<Pending>();
        let prefetches = use_context::<PrefetchCtx>();
        let inflight = Inflight::new();
        // The page shown: which route it is for, and its document or why there is none
        // (`None` until the first answer). Kept until the next answer replaces it, so the
        // previous page stays while the next loads.
        let shown = RwSignal::new(None::<(Option<Route>, Result<Doc, LoadError>)>);
        // The loads started; only the latest one's answer is shown.
        let started = StoredValue::new(0_u64);
        let retries = RwSignal::new(0_u32);
        Effect::new(move |before: Option<Option<Route>>| {
            retries.track();
            let route = route.get();
            if before.as_ref() != Some(&route) {
                leaving(&route, &inflight, prefetches);
            }
            let searching = (route == Some(Route::Search)).then(|| search_request.get());
            let store = store.clone();
            let base = base.clone();
            let language = language.clone();
            let inflight = inflight.clone();
            let (wanted, now) = (route.clone(), route.clone());
            let load = async move {
                if let Some(request) = searching {
                    #[cfg(feature = "search")]
                    let outcome = search::answer(&base, &store, &language, &request).await?;
                    #[cfg(not(feature = "search"))]
                    let outcome = {
                        let _ = &language;
                        SearchOutcome::Static
                    };
                    return Ok(Doc::Search(request, outcome));
                }
                let route = route.ok_or(LoadError::NotFound)?;
                if let Some(found) = stored(&store, &route) {
                    return found;
                }
                let path = route.api_path().unwrap_or_default();
                let prefetch = prefetches.and_then(|p| p.try_with_value(|p| p.adopt(&path)));
                let fetched = match prefetch.flatten() {
                    Some(prefetch) => {
                        // Taken over: leaving this page aborts the prefetch too.
                        inflight.adopt(&path, prefetch.controller);
                        prefetch.fetch.await
                    }
                    None => inflight.fetch(&path, &base.api_url(&path)).await,
                };
                if let (Err(error), Some(prefetches)) = (&fetched, prefetches) {
                    // A server that asked us to wait gets no prefetches meanwhile either.
                    prefetches.try_with_value(|p| p.pause(error.retry_after()));
                }
                store.insert(&path, fetched?);
                stored(&store, &route).unwrap_or(Err(LoadError::NotFound))
            };
            let this = started.try_get_value().unwrap_or_default() + 1;
            started.try_set_value(this);
            pending.0.try_set(true);
            leptos::task::spawn_local(async move {
                let result = load.await;
                if started.try_get_value() == Some(this) {
                    shown.try_set(Some((wanted, result)));
                    pending.0.try_set(false);
                }
            });
            now
        });
        let retry = Callback::new(move |_| {
            #[cfg(feature = "search")]
            search::forget_files();
            retries.update(|n| *n += 1);
        });
        move || {
            let loading = || page(view! { <div class="page-loading" aria-busy="true"></div> });
            shown.track();
            // Taken, not cloned: this view is its one reader, and runs once per answer.
            match shown.try_update_untracked(Option::take).flatten() {
                None => loading(),
                Some((_, Ok(doc))) => doc.render(),
                // Aborted because the reader left: the next page is on its way.
                Some((wanted, Err(_))) if wanted != route.get_untracked() => loading(),
                Some((_, Err(error))) => {
                    let retry = error.retryable().then_some(retry);
                    page(view! { <ErrorView error retry/> })
                }
            }
        }
    }

    /// On a new address: aborts the loader's request unless it is for the new page, and
    /// the prefetches the new page does not need.
    fn leaving(route: &Option<Route>, inflight: &Inflight, prefetches: Option<PrefetchCtx>) {
        let wanted = route.as_ref().and_then(Route::api_path);
        inflight.abort_unless(wanted.as_deref());
        if let Some(prefetches) = prefetches {
            prefetches.try_with_value(|p| p.navigating(wanted.as_deref()));
        }
    }

    /// The request a loader has under way (its API path and what aborts it); a new one,
    /// leaving the page, or the loader's end aborts it.
    #[derive(Clone)]
    struct Inflight(StoredValue<Option<(String, web_sys::AbortController)>, LocalStorage>);

    impl Inflight {
        fn new() -> Inflight {
            let this = Inflight(StoredValue::new_local(None));
            let cell = this.0;
            on_cleanup(move || {
                if let Some(Some((_, c))) = cell.try_get_value() {
                    c.abort();
                }
            });
            this
        }

        /// Aborts the request unless it is for `path`.
        fn abort_unless(&self, path: Option<&str>) {
            if let Some(Some((held, c))) = self.0.try_get_value() {
                if Some(held.as_str()) != path {
                    c.abort();
                    self.0.try_set_value(None);
                }
            }
        }

        /// Makes `controller`'s request (for `path`) this loader's own.
        fn adopt(&self, path: &str, controller: Option<web_sys::AbortController>) {
            if let Some(Some((_, previous))) = self.0.try_get_value() {
                previous.abort();
            }
            self.0
                .try_set_value(controller.map(|c| (path.to_string(), c)));
        }

        async fn fetch(&self, path: &str, url: &str) -> Result<String, LoadError> {
            let controller = web_sys::AbortController::new().ok();
            self.adopt(path, controller.clone());
            crate::api::fetch_text(url, controller).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn an_article_is_found_only_under_its_own_section() {
        let article = fixtures::article();
        let json = serde_json::to_string(&article).unwrap();
        let at = |section: &str| {
            let route = Route::article(section, &article.slug);
            Doc::decode(&route, &json).unwrap().at(&route)
        };
        assert!(matches!(at(&article.section), Ok(Doc::Article(_))));
        assert!(matches!(at("elsewhere"), Err(LoadError::NotFound)));
    }
}
