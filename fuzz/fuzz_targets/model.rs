#![no_main]
//! Fuzz target `model`: see `props::model` for the property.

#[path = "../props.rs"]
mod props;

libfuzzer_sys::fuzz_target!(|data: &[u8]| props::model(data));
