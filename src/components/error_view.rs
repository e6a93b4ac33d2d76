//! What a reader sees when a page cannot be shown, in words, with a retry where it helps.

use crate::api::LoadError;
use crate::components::search_form::SearchForm;
use crate::context::use_site;
use crate::head::{set_head, PageMeta, PageStatus};
use crate::i18n::fill;
use crate::links::path_words;
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn ErrorView(error: LoadError, retry: Option<Callback<()>>) -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let (title, text) = match &error {
        LoadError::NotFound => (t.not_found_title, t.not_found_text.to_string()),
        LoadError::Network(_) => (t.offline_title, t.offline_text.to_string()),
        LoadError::Timeout => (t.timeout_title, t.timeout_text.to_string()),
        LoadError::Server(code) => (t.server_title, fill(t.server_text, &[code])),
        LoadError::BadData(_) => (t.bad_data_title, t.bad_data_text.to_string()),
    };
    set_head(PageMeta {
        title: title.to_string(),
        description: text.clone(),
        status: if error.retryable() {
            PageStatus::Failed
        } else {
            PageStatus::NotFound
        },
        ..Default::default()
    });
    let not_found = matches!(error, LoadError::NotFound);
    // Without a connection, what this device keeps is what there is to read.
    let offline = matches!(error, LoadError::Network(_) | LoadError::Timeout);
    let search = not_found.then(|| {
        let path = missing_path();
        let words = ctx.base.strip(&path).map(path_words).unwrap_or_default();
        view! {
            <p>{t.search_not_found}</p>
            <SearchForm id="not-found-q" q=words/>
        }
    });
    view! {
        <div class="error-view" class:not-found=not_found role="alert">
            <h1>{title}</h1>
            <p>{text}</p>
            {search}
            <p class="error-actions">
                {retry.map(|retry| view! {
                    <button class="retry" type="button" on:click=move |_| retry.run(())>{t.retry}</button>
                })}
                <a class="back-home" href=ctx.href(&Route::Home)>{t.back_home}</a>
                {offline.then(|| view! { <a class="saved-link" href=ctx.href(&Route::Saved)>{t.saved_title}</a> })}
            </p>
        </div>
    }
}

/// The address that was not found. Read from the window, not the router, so the view
/// shows outside a `<Router>` too; pre-rendered, it is the host's one 404 page for every
/// address, so it proposes no words.
fn missing_path() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        window().location().pathname().unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}
