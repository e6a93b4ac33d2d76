//! The thin layer between a route and its page: it finds the route's document
//! (in the store, or over the network), and shows the page, or an error view.
//!
//! Pages themselves are plain functions of data. At build time (`ssr`) the store
//! already holds the document, so the page renders synchronously.

use crate::components::error_view::ErrorView;
use crate::route::Route;
use crate::store::{LoadError, Store};
use leptos::prelude::*;
use serde::de::DeserializeOwned;

/// Shows `render(document)` for the route in `route` (`None`: no such page).
pub fn routed<T, V>(route: Memo<Option<Route>>, render: fn(T) -> V) -> AnyView
where
    T: DeserializeOwned + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    #[cfg(not(target_arch = "wasm32"))]
    {
        let store = expect_context::<Store>();
        let result = match route.get_untracked() {
            None => Err(LoadError::NotFound),
            Some(r) => store
                .get::<T>(&r.api_path())
                .unwrap_or(Err(LoadError::NotFound)),
        };
        match result {
            Ok(doc) => render(doc).into_any(),
            Err(error) => view! { <ErrorView error retry=None/> }.into_any(),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        client::routed(route, render)
    }
}

#[cfg(target_arch = "wasm32")]
mod client {
    use super::*;
    use crate::context::{use_site, Pending};

    pub fn routed<T, V>(route: Memo<Option<Route>>, render: fn(T) -> V) -> AnyView
    where
        T: DeserializeOwned + Clone + Send + Sync + 'static,
        V: IntoView + 'static,
    {
        let store = expect_context::<Store>();
        let base = use_site().base().to_string();
        let pending = expect_context::<Pending>();
        let inflight = Inflight::new();
        let doc = LocalResource::new(move || {
            let route = route.get();
            let store = store.clone();
            let base = base.clone();
            let inflight = inflight.clone();
            async move {
                let path = route.ok_or(LoadError::NotFound)?.api_path();
                if let Some(found) = store.get::<T>(&path) {
                    return found;
                }
                let value = match crate::browser::prefetching(&path) {
                    Some(prefetch) => prefetch.await?,
                    None => inflight.fetch(&crate::api::api_url(&base, &path)).await?,
                };
                store.insert(&path, value);
                store.get::<T>(&path).unwrap_or(Err(LoadError::NotFound))
            }
        });
        let retry = Callback::new(move |_| doc.refetch());
        view! {
            <Transition
                fallback=|| view! { <div class="page-loading" aria-busy="true"></div> }
                set_pending=pending.0
            >
                {move || Suspend::new(async move {
                    match doc.await {
                        Ok(value) => render(value).into_any(),
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
