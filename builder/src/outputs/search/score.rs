//! BM25F impacts, quantisation to one byte, and static pruning of long lists.

use super::collect::{read_tf, TermData, TITLE};
use super::encode::push_varint;
use super::params::Params;
use broadsheet_app::search::codec::Cursor;
use rayon::prelude::*;
use std::cmp::Ordering;
use std::ops::Range;

/// Collection statistics that scoring needs.
pub(super) struct Scoring<'a> {
    params: &'a Params,
    /// Field lengths of the documents scored, from id `first` on.
    lens: &'a [[u32; 3]],
    first: u32,
    global: Global,
}

/// The statistics of the whole collection: number of documents, average field lengths.
#[derive(Clone, Copy, Debug)]
pub(super) struct Global {
    docs: f64,
    avg: [f64; 3],
}

impl Global {
    /// Of the documents with field lengths `lens`.
    pub(super) fn of(lens: &[[u32; 3]]) -> Global {
        let docs = lens.len().max(1) as f64;
        let mut avg = [0.0; 3];
        for (field, avg) in avg.iter_mut().enumerate() {
            let total: f64 = lens.iter().map(|l| f64::from(l[field])).sum();
            *avg = (total / docs).max(1.0);
        }
        Global { docs, avg }
    }
}

/// One decoded posting before encoding.
struct Posting {
    doc: u32,
    score: f64,
    in_title: bool,
    positions: Range<usize>,
}

/// A term's final encoded lists.
pub(super) struct Encoded {
    /// Term-shard data: count, then (doc-id delta, impact) pairs.
    pub(super) postings: Vec<u8>,
    /// Position-shard data: count, then per posting its positions.
    pub(super) positions: Vec<u8>,
    /// Postings dropped by pruning.
    pub(super) pruned: u32,
}

impl<'a> Scoring<'a> {
    /// Scores documents `first..` (field lengths `lens`) against `global`.
    pub(super) fn new(
        params: &'a Params,
        lens: &'a [[u32; 3]],
        first: u32,
        global: Global,
    ) -> Self {
        Scoring {
            params,
            lens,
            first,
            global,
        }
    }

    fn idf(&self, df: u32) -> f64 {
        let df = f64::from(df);
        (1.0 + (self.global.docs - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25F: field-weighted, length-normalised tf, saturated once, × idf.
    fn score(&self, idf: f64, doc: u32, tf: [u32; 3]) -> f64 {
        let (k1, b) = (self.params.k1, self.params.b);
        let at = doc.wrapping_sub(self.first) as usize;
        let lens = self.lens.get(at).copied().unwrap_or([0; 3]);
        let mut weighted = 0.0;
        for field in 0..3 {
            let norm = 1.0 - b + b * f64::from(lens[field]) / self.global.avg[field];
            weighted += self.params.weights[field] * f64::from(tf[field]) / norm;
        }
        idf * weighted * (k1 + 1.0) / (weighted + k1)
    }

    /// The highest score in the collection: impact 255. Terms are scored in parallel;
    /// the maximum does not depend on their order.
    pub(super) fn max_score(&self, terms: &[(Box<str>, TermData)]) -> f64 {
        terms
            .par_iter()
            .map(|(_, data)| {
                let mut max = f64::MIN_POSITIVE;
                self.each_score(data, data.df, |_, score, _| max = max.max(score));
                max
            })
            .reduce(|| f64::MIN_POSITIVE, f64::max)
    }

    /// Calls `f(doc, score, tf)` for each of the term's postings, scored with document
    /// frequency `df` (the collection's); its positions are not read.
    fn each_score(&self, data: &TermData, df: u32, mut f: impl FnMut(u32, f64, [u32; 3])) {
        let idf = self.idf(df);
        let mut raw = Cursor::new(&data.raw);
        let mut doc = 0;
        for _ in 0..data.df {
            let (Some(delta), Some(tf)) = (raw.varint(), read_tf(&mut raw)) else {
                break; // our own buffer: cannot happen
            };
            doc += delta;
            f(doc, self.score(idf, doc, tf), tf);
        }
    }

    /// The term's postings scored with document frequency `df`, with their positions.
    fn decode(&self, data: &TermData, df: u32) -> Vec<Posting> {
        let mut pos = Cursor::new(&data.positions);
        let mut out = Vec::with_capacity(data.df as usize);
        self.each_score(data, df, |doc, score, tf| {
            out.push(Posting {
                doc,
                score,
                in_title: tf[TITLE] > 0,
                positions: skip_positions(&mut pos),
            })
        });
        out
    }

    /// Scores (with document frequency `df`), prunes and encodes one term's lists,
    /// quantised against `max_score`.
    pub(super) fn encode(&self, data: &TermData, df: u32, max_score: f64) -> Encoded {
        let mut postings = self.decode(data, df);
        let pruned = prune(&mut postings, self.params.max_postings.max(1));
        let mut out = Encoded {
            postings: Vec::with_capacity(postings.len() * 2 + 2),
            positions: Vec::with_capacity(data.positions.len() + 5),
            pruned,
        };
        push_varint(&mut out.postings, postings.len() as u32);
        push_varint(&mut out.positions, postings.len() as u32);
        let mut previous = 0;
        for p in &postings {
            push_varint(&mut out.postings, p.doc - previous);
            out.postings.push(quantise(p.score, max_score));
            previous = p.doc;
            out.positions
                .extend_from_slice(&data.positions[p.positions.clone()]);
        }
        out
    }
}

/// Skips one posting's positions, returning their byte range.
fn skip_positions(c: &mut Cursor) -> Range<usize> {
    let start = c.pos();
    let n = c.varint().unwrap_or(0);
    for _ in 0..n {
        c.varint();
    }
    start..c.pos()
}

/// Linear quantisation of `score` to 1..=255 (255 = the collection's best).
fn quantise(score: f64, max_score: f64) -> u8 {
    (score / max_score * 255.0).round().clamp(1.0, 255.0) as u8
}

/// Keeps at most `cap` postings: first those with a title hit, then the
/// highest scores, then the newest (highest id); returns how many were dropped. The kept
/// postings stay in doc-id order.
fn prune(postings: &mut Vec<Posting>, cap: usize) -> u32 {
    if postings.len() <= cap {
        return 0;
    }
    let dropped = postings.len() - cap;
    postings.sort_unstable_by(keep_first);
    postings.truncate(cap);
    postings.sort_unstable_by_key(|p| p.doc);
    dropped as u32
}

fn keep_first(a: &Posting, b: &Posting) -> Ordering {
    b.in_title
        .cmp(&a.in_title)
        .then(b.score.total_cmp(&a.score))
        .then(b.doc.cmp(&a.doc))
}
