//! The index's tuning: shard and chunk sizes, pruning, the BM25F weights.

/// Tuning of the index.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Target average size of a term shard in bytes; the shard count is the
    /// power of two that gets closest from above.
    pub shard_bytes: usize,
    /// Documents per `docs/<k>.json` chunk: the ten results shown usually sit in ten
    /// chunks, so small ones (4 summaries, ~0.6 KiB brotli) keep a query's bytes down.
    pub doc_chunk: u32,
    /// Longest posting list kept; longer ones keep title hits, then the
    /// highest impacts, then the newest docs.
    pub max_postings: usize,
    /// Positions kept per (term, doc) for phrase matching (the first ones).
    pub max_positions: u32,
    /// Field weights: title, summary, body.
    pub weights: [f64; 3],
    /// BM25 term-frequency saturation.
    pub k1: f64,
    /// BM25 length normalisation.
    pub b: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shard_bytes: 8 * 1024,
            doc_chunk: 4,
            max_postings: 4000,
            max_positions: 32,
            weights: [4.0, 2.0, 1.0],
            k1: 1.2,
            b: 0.75,
        }
    }
}
