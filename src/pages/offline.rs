//! The pages of offline reading: the reader's saved articles, and the page the service
//! worker shows for a page it has no copy of. Both are lists the page script fills
//! from what this device keeps (`[data-saved-list]`): there is no document to load.

use crate::components::chrome::Breadcrumb;
use crate::context::use_site;
use crate::head::{set_head, PageMeta};
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn SavedPage() -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    let trail = vec![
        (t.home.to_string(), Route::Home.path()),
        (t.saved_title.to_string(), Route::Saved.path()),
    ];
    set_head(PageMeta {
        title: t.saved_title.to_string(),
        description: t.saved_intro.to_string(),
        path: Some(Route::Saved.path()),
        breadcrumb: trail.clone(),
        ..Default::default()
    });
    view! {
        <div class="saved-page">
            <Breadcrumb trail/>
            <h1>{t.saved_title}</h1>
            <p>{t.saved_intro}</p>
            <div class="saved-list" data-saved-list="">
                <noscript><p>{t.saved_needs_js}</p></noscript>
            </div>
        </div>
    }
}

#[component]
pub fn OfflinePage() -> impl IntoView {
    let ctx = use_site();
    let t = ctx.t;
    set_head(PageMeta {
        title: t.offline_page_title.to_string(),
        description: t.offline_page_text.to_string(),
        ..Default::default()
    });
    view! {
        <div class="offline-page">
            <h1>{t.offline_page_title}</h1>
            <p>{t.offline_page_text}</p>
            <div class="saved-list" data-saved-list=""></div>
            <p><a href=ctx.href(&Route::Home)>{t.back_home}</a></p>
        </div>
    }
}
