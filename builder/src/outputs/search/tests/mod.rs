//! The index written and read back: queries in both languages, phrases, filters,
//! ranking, corrupt files; the property that every 2-character substring of a
//! Chinese title finds its article; determinism; building over a previous index.

mod common;
mod incremental;
mod properties;
mod roundtrip;
