//! Search, the reader's half and the one tokenizer: the builder indexes with the same
//! [`tokenize`] that reads a query here, so the index cannot disagree with the query.
//!
//! * [`tokenize`]: words, CJK bigrams (plus single characters of titles and summaries),
//!   case, accent and full-width folding, English plurals folded.
//! * [`parse_query`], [`Root`], [`Shard`], [`Filter`], [`search`], [`highlight`]: the
//!   reader — no dependencies, no panics on any input, small in the wasm.
//! * [`codec`]: the bytes every index file shares, also used by the builder's writer
//!   (`builder/src/outputs/search/`).
//!
//! The files, their encoding, the scoring and the pruning are in docs/json-api.md.

pub mod codec;
mod engine;
mod fold;
mod highlight;
mod plural;
mod query;
pub mod request;
pub mod root;
mod shard;
mod sort;
pub mod tokenize;

pub use codec::{fnv1a, FORMAT_VERSION, TOKENIZER_VERSION};
pub use engine::{search, Results, SegmentFiles};
pub use highlight::highlight;
pub use query::{parse_query, sole_phrase, Query, MAX_QUERY_CHARS, MAX_TERMS};
pub use root::{
    doc_chunk_path, position_shard_path, term_shard_path, Needs, Root, Segment, ROOT_PATH,
};
pub use shard::{Filter, Shard};
pub use tokenize::{for_each_token, tokens, Mode, Token};

#[cfg(test)]
mod tests;
