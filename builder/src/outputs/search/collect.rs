//! Collecting term occurrences document by document into compact per-term
//! byte buffers (no texts are kept), for scoring once the collection is known.

use super::encode::push_varint;
use broadsheet_app::search::codec::Cursor;
use broadsheet_app::search::tokenize::{for_each_token, Mode};
use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;

/// Fields in token-stream order.
pub(super) const TITLE: usize = 0;
pub(super) const BODY: usize = 2;
/// Positions left empty between fields so phrases never span two fields
/// (larger than the biggest step between consecutive tokens, 2).
pub(super) const FIELD_GAP: u32 = 8;

/// Everything known about one term before scoring.
pub(super) struct TermData {
    /// Per posting: doc-id delta, then the term frequencies packed by
    /// [`push_tf`] (all varints).
    pub(super) raw: Vec<u8>,
    /// Per posting: number of positions, then position deltas (varints).
    pub(super) positions: Vec<u8>,
    /// Number of postings (document frequency).
    pub(super) df: u32,
    last_doc: u32,
}

/// Terms sorted by UTF-8 bytes, with their data.
pub(super) type SortedTerms = Vec<(Box<str>, TermData)>;

/// Makes room for `extra` bytes growing by a quarter, not by doubling: these
/// buffers are most of the writer's memory (~12% spare on average instead of
/// ~45%), and the extra copying is cheap.
fn grow(buf: &mut Vec<u8>, extra: usize) {
    if buf.capacity() - buf.len() < extra {
        buf.reserve_exact(extra + buf.len() / 4);
    }
}

/// Title and summary frequencies are mostly 0: one varint holds the body
/// frequency and two flags, the others follow only when not 0. Most
/// postings take one byte instead of three.
fn push_tf(out: &mut Vec<u8>, [title, summary, body]: [u32; 3]) {
    let head = body.min(1 << 29) << 2 | u32::from(title > 0) << 1 | u32::from(summary > 0);
    push_varint(out, head);
    for tf in [title, summary] {
        if tf > 0 {
            push_varint(out, tf);
        }
    }
}

/// Reads what [`push_tf`] wrote.
pub(super) fn read_tf(c: &mut Cursor) -> Option<[u32; 3]> {
    let head = c.varint()?;
    let title = if head & 2 != 0 { c.varint()? } else { 0 };
    let summary = if head & 1 != 0 { c.varint()? } else { 0 };
    Some([title, summary, head >> 2])
}

/// One document's terms, tokenized on its own (in parallel with other documents)
/// before [`Collector::push`] adds them to the collection in document order.
#[derive(Clone)]
pub struct DocTerms {
    /// Distinct terms, in local id order (order of first occurrence), one after another:
    /// one allocation per document, as the thread that adds the document frees them
    /// (a term apiece, freed away from the thread that made it, was much of the adding).
    names: String,
    /// Per local id: where its term ends in `names`.
    ends: Vec<u32>,
    /// Per local id: frequencies in title, summary, body, and positions kept.
    counts: Vec<([u32; 3], u32)>,
    /// `(local id, position)` in token order.
    hits: Vec<(u32, u32)>,
    /// Number of positions in title, summary, body.
    lens: [u32; 3],
}

impl DocTerms {
    /// Tokenizes one document's fields; titles and summaries also index single CJK
    /// characters ([`Mode::Index`]), bodies do not. At most `max_positions` positions
    /// are kept per term.
    pub fn of(fields: [&str; 3], max_positions: u32) -> DocTerms {
        // Sized for a typical article's distinct terms: growing from empty rehashed the
        // map several times per document.
        let mut ids: FxHashMap<Box<str>, u32> =
            FxHashMap::with_capacity_and_hasher(512, Default::default());
        let mut counts: Vec<([u32; 3], u32)> = Vec::new();
        let mut hits = Vec::new();
        let mut lens = [0; 3];
        let mut base = 0u32;
        for (field, text) in fields.into_iter().enumerate() {
            let mode = if field == BODY {
                Mode::Query
            } else {
                Mode::Index
            };
            let used = for_each_token(text, mode, &mut |term, pos, _| {
                let id = match ids.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = counts.len() as u32;
                        ids.insert(term.into(), id);
                        counts.push(([0; 3], 0));
                        id
                    }
                };
                if let Some((tf, kept)) = counts.get_mut(id as usize) {
                    if let Some(n) = tf.get_mut(field) {
                        *n += 1;
                    }
                    if *kept < max_positions {
                        *kept += 1;
                        hits.push((id, base.saturating_add(pos)));
                    }
                }
            });
            if let Some(len) = lens.get_mut(field) {
                *len = used;
            }
            base = base.saturating_add(used).saturating_add(FIELD_GAP);
        }
        let mut by_id: Vec<&str> = vec![""; counts.len()];
        for (term, &id) in &ids {
            if let Some(slot) = by_id.get_mut(id as usize) {
                *slot = term;
            }
        }
        let mut names = String::with_capacity(by_id.iter().map(|t| t.len()).sum());
        let mut ends = Vec::with_capacity(by_id.len());
        for term in by_id {
            names.push_str(term);
            ends.push(names.len() as u32);
        }
        DocTerms {
            names,
            ends,
            counts,
            hits,
            lens,
        }
    }

    /// Number of positions in title, summary, body.
    pub(super) fn lens(&self) -> [u32; 3] {
        self.lens
    }

    /// Every kept position, grouped by term in id order, each term's ascending: a
    /// counting sort, as each term's `kept` says how many it has and they were found in
    /// order (a comparison sort of the hits was 3 % of publishing one article into 10,000).
    fn positions_by_term(&self) -> Vec<u32> {
        let mut next: Vec<usize> = Vec::with_capacity(self.counts.len());
        let mut total = 0;
        for &(_, kept) in &self.counts {
            next.push(total);
            total += kept as usize;
        }
        let mut grouped = vec![0; total];
        for &(id, pos) in &self.hits {
            let slot = &mut next[id as usize];
            grouped[*slot] = pos;
            *slot += 1;
        }
        grouped
    }
}

#[derive(Default)]
pub(super) struct Collector {
    /// Term → id. FxHash: the terms are the site's own text, so the DoS-resistant default
    /// hasher only costs time (SipHash stood out in callgrind); no output order depends on it.
    dict: FxHashMap<Box<str>, usize>,
    pub(super) terms: Vec<TermData>,
    /// Per doc: number of positions in title, summary, body.
    pub(super) lens: Vec<[u32; 3]>,
}

impl Collector {
    /// Appends document `doc`'s postings to each of its terms (documents come in
    /// id order).
    pub(super) fn push(&mut self, doc: u32, terms: DocTerms) {
        let positions = terms.positions_by_term();
        let mut positions = positions.iter();
        let mut start = 0;
        for (&end, (tf, kept)) in terms.ends.iter().zip(terms.counts) {
            let name = terms.names.get(start..end as usize).unwrap_or_default();
            start = end as usize;
            let id = self.term_id(name);
            let data = &mut self.terms[id];
            grow(&mut data.raw, 20);
            grow(&mut data.positions, 5 * (1 + kept as usize));
            let delta = if data.df == 0 {
                doc
            } else {
                doc - data.last_doc
            };
            push_varint(&mut data.raw, delta);
            push_tf(&mut data.raw, tf);
            push_varint(&mut data.positions, kept);
            let mut previous = 0;
            for &pos in positions.by_ref().take(kept as usize) {
                push_varint(&mut data.positions, pos - previous);
                previous = pos;
            }
            data.df += 1;
            data.last_doc = doc;
        }
        self.lens.push(terms.lens);
    }

    fn term_id(&mut self, term: &str) -> usize {
        if let Some(&id) = self.dict.get(term) {
            return id;
        }
        let id = self.terms.len();
        self.dict.insert(term.into(), id);
        self.terms.push(TermData {
            raw: Vec::new(),
            positions: Vec::new(),
            df: 0,
            last_doc: 0,
        });
        id
    }

    /// All terms sorted by their UTF-8 bytes, with their data.
    pub(super) fn into_sorted_terms(self) -> (SortedTerms, Vec<[u32; 3]>) {
        let mut data: Vec<Option<TermData>> = self.terms.into_iter().map(Some).collect();
        let mut terms: SortedTerms = self
            .dict
            .into_iter()
            .filter_map(|(term, id)| Some((term, data.get_mut(id)?.take()?)))
            .collect();
        // In parallel: the one thread left at the end of a build otherwise (5 ms of
        // 1,000 articles' 150). The terms are distinct, so the order is the one order.
        terms.par_sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        (terms, self.lens)
    }
}
