//! The reader's tests: the tokenizer on every script and on hostile input; query
//! parsing, shard selection and highlighting; merging the base and recent segments. Index round trips are the builder's
//! (`builder/src/outputs/search/tests/`).

mod query;
mod segments;
mod tokenize;
