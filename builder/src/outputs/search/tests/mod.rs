//! The index written and read back: queries in both languages, phrases, filters,
//! ranking, corrupt files; the property that every 2-character substring of a
//! Chinese title finds its article; determinism.

mod common;
mod properties;
mod roundtrip;
