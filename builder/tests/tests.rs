//! The builder's integration tests, one binary (each test binary links Leptos with
//! SSR, and link time dominates on two cores): fixture sites against expected output,
//! bad and broken input, path traversal, import (and undeclared encodings), view
//! counts, host outputs, incremental rebuilds, publishing into paged listings and into
//! the search index, kept fuzz inputs.

mod common;
mod sec_support;

mod api;
mod broken_input;
mod encodings;
mod errors;
mod fuzz_regressions;
mod host_outputs;
mod images;
mod import;
mod incremental;
mod listing_pages;
mod pages;
mod precompressed;
mod scaffold;
mod search_publish;
mod traversal;
mod views;
