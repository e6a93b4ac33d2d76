//! What a reader sees when a page cannot be shown, in words, with a retry where it helps
//! (held back, counting down, while the server has asked us to wait).

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
        LoadError::Server(code, _) => (t.server_title, fill(t.server_text, &[code])),
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
                {retry.map(|retry| view! { <RetryButton retry wait=error.retry_after()/> })}
                <a class="back-home" href=ctx.href(&Route::Home)>{t.back_home}</a>
                {offline.then(|| view! { <a class="saved-link" href=ctx.href(&Route::Saved)>{t.saved_title}</a> })}
            </p>
        </div>
    }
}

/// "Try again", disabled while the server's `Retry-After` runs ("Try again in 5 s").
#[component]
fn RetryButton(retry: Callback<()>, wait: u32) -> impl IntoView {
    let t = use_site().t;
    let left = RwSignal::new(wait);
    #[cfg(target_arch = "wasm32")]
    count_down(left, crate::timer::Timer::owned());
    let label = move || match left.get() {
        0 => t.retry.to_string(),
        n => fill(t.retry_in, &[&n]),
    };
    view! {
        <button
            class="retry"
            type="button"
            disabled=move || left.get() != 0
            on:click=move |_| {
                if left.get_untracked() == 0 {
                    retry.run(());
                }
            }
        >
            {label}
        </button>
    }
}

/// Takes a second off `left` each second until it is 0.
#[cfg(target_arch = "wasm32")]
fn count_down(left: RwSignal<u32>, timer: crate::timer::Timer) {
    if left.try_get_untracked().unwrap_or(0) == 0 {
        return;
    }
    timer
        .clone()
        .set(std::time::Duration::from_secs(1), move || {
            left.try_update(|n| *n = n.saturating_sub(1));
            count_down(left, timer);
        });
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
