#![no_main]
//! Fuzz target `frontmatter`: see `props::frontmatter` for the property.

#[path = "../props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::frontmatter(data));
