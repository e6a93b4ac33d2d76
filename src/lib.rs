#![recursion_limit = "256"]
//! Broadsheet's reading app: the model shared with the builder, and the Leptos
//! components that render every page — to the DOM in the browser (wasm32) and to
//! HTML natively, where the builder pre-renders the static site with them.
//!
//! A panic in the browser kills the whole app (`panic = "abort"`), so outside tests
//! the code may not unwrap, expect, panic or index where that could fail.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod api;
pub mod decode;
pub mod i18n;
pub mod images;
pub mod links;
pub mod model;
pub mod route;
pub mod script_json;
pub mod search;
pub mod slug;
pub mod store;

mod app;
mod components;
mod context;
mod head;
mod loader;
mod pages;
mod timer;
mod zone;

#[cfg(target_arch = "wasm32")]
mod browser;
#[cfg(target_arch = "wasm32")]
mod prefetch;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;

pub use app::App;
pub use context::SiteCtx;
pub use head::{HeadTags, PageMeta, PageStatus};

#[cfg(target_arch = "wasm32")]
pub use browser::boot;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
/// Small hand-written documents for tests (the app's and the builder's).
#[doc(hidden)]
pub mod fixtures;
