//! Broadsheet's reading app: the model shared with the builder, and the Leptos
//! components that render every page, in the browser (`csr`) and at build time (`ssr`).

pub mod model;
pub mod route;
