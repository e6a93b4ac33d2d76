#![no_main]
//! Fuzz target `markdown`: see `props::markdown` for the property.

#[path = "../props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::markdown(data));
