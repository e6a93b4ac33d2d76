#![no_main]
//! Fuzz target `feed`: see `props::feed` for the property.

#[path = "../props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::feed(data));
