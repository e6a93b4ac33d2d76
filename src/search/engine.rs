//! Query evaluation over the fetched shards of each segment: AND of all terms, phrase
//! adjacency from position shards, section/language filters, the root's tombstones, and
//! ranking by the sum of the terms' build-time impacts.

use crate::search::query::Query;
use crate::search::root::{Root, Segment};
use crate::search::shard::{Filter, Shard};
use crate::search::sort::heapsort;

/// The matching documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Results {
    /// Number of matching documents (among the postings kept by pruning).
    pub total: u32,
    /// `(doc id, score)`, best first; equal scores: higher id (newer) first.
    pub hits: Vec<(u32, u32)>,
}

/// The fetched files of one segment, in the root's segment order.
#[derive(Clone, Debug, Default)]
pub struct SegmentFiles {
    /// Its term shards of [`Segment::shards_for`].
    pub terms: Vec<Shard>,
    /// Its position shards (for phrases).
    pub positions: Vec<Shard>,
    /// One file per active filter (a doc must be in all of them); `None` when a filter
    /// names a section or language none of the segment's documents has.
    pub filters: Option<Vec<Filter>>,
}

/// A term's postings, with the index of the term in the query.
type Postings = (usize, Vec<(u32, u8)>);

/// Evaluates `query` over every segment of `root` (`files[i]` for `root.segments[i]`;
/// a segment without files or without an entry matches nothing) and merges the hits in
/// global ids, leaving out the tombstones. A missing shard or a file of another build
/// counts as empty: no results from that segment.
pub fn search(root: &Root, query: &Query, files: &[SegmentFiles]) -> Results {
    let mut hits = Vec::new();
    for (segment, files) in root.segments.iter().zip(files) {
        if segment.has_files() {
            hits.extend(search_segment(segment, query, files));
        }
    }
    hits.retain(|&(doc, _)| !root.is_dead(doc));
    rank(&mut hits);
    Results {
        total: u32::try_from(hits.len()).unwrap_or(u32::MAX),
        hits,
    }
}

fn search_segment(segment: &Segment, query: &Query, files: &SegmentFiles) -> Vec<(u32, u32)> {
    let Some(filters) = &files.filters else {
        return Vec::new();
    };
    if filters.iter().any(|f| f.build != segment.build) {
        return Vec::new();
    }
    let mut lists: Vec<Postings> = Vec::new();
    for (index, term) in query.terms.iter().enumerate() {
        match find_shard(segment, &files.terms, term, false).and_then(|s| s.postings(term)) {
            Some(list) => lists.push((index, list)),
            None => return Vec::new(),
        }
    }
    let mut hits = intersect(&lists, filters);
    for phrase in &query.phrases {
        let Some(tokens) = phrase_tokens(segment, query, phrase, &lists, &files.positions) else {
            return Vec::new();
        };
        hits.retain(|&(doc, _)| phrase_matches(&tokens, doc));
    }
    // A segment only answers for its own ids.
    hits.retain(|&(doc, _)| (segment.first..segment.end).contains(&doc));
    hits
}

fn find_shard<'s>(
    segment: &Segment,
    shards: &'s [Shard],
    term: &str,
    pos: bool,
) -> Option<&'s Shard> {
    let number = if pos {
        segment.position_shard_of(term)
    } else {
        segment.shard_of(term)
    };
    shards
        .iter()
        .find(|s| s.number == number && s.build == segment.build && s.is_positions() == pos)
}

/// Sorts by score descending, then doc id descending (newer first), as one `u64` key.
fn rank(hits: &mut [(u32, u32)]) {
    let mut keys: Vec<u64> = hits
        .iter()
        .map(|&(doc, score)| u64::from(u32::MAX - score) << 32 | u64::from(u32::MAX - doc))
        .collect();
    heapsort(&mut keys);
    for (hit, key) in hits.iter_mut().zip(keys) {
        *hit = (u32::MAX - key as u32, u32::MAX - (key >> 32) as u32);
    }
}

/// Docs in every list and every filter, with summed impacts. Starts from the
/// shortest list and only looks the others up.
fn intersect(lists: &[Postings], filters: &[Filter]) -> Vec<(u32, u32)> {
    let Some((shortest, (_, first))) = lists.iter().enumerate().min_by_key(|(_, l)| l.1.len())
    else {
        return Vec::new();
    };
    let mut hits: Vec<(u32, u32)> = first
        .iter()
        .filter(|(doc, _)| filters.iter().all(|f| f.contains(*doc)))
        .map(|&(doc, impact)| (doc, u32::from(impact)))
        .collect();
    for (_, list) in lists
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != shortest)
        .map(|(_, l)| l)
    {
        hits.retain_mut(|(doc, score)| match impact_of(list, *doc) {
            Some(impact) => {
                *score += u32::from(impact);
                true
            }
            None => false,
        });
    }
    hits
}

fn impact_of(list: &[(u32, u8)], doc: u32) -> Option<u8> {
    let i = list.binary_search_by_key(&doc, |p| p.0).ok()?;
    list.get(i).map(|p| p.1)
}

/// One phrase token: offset in the phrase, the term's postings and the
/// positions aligned with them.
struct PhraseToken<'a> {
    offset: u32,
    postings: &'a [(u32, u8)],
    positions: Vec<Vec<u32>>,
}

fn phrase_tokens<'a>(
    segment: &Segment,
    query: &Query,
    phrase: &[(u32, u32)],
    lists: &'a [Postings],
    positions: &[Shard],
) -> Option<Vec<PhraseToken<'a>>> {
    let mut tokens = Vec::new();
    for &(index, offset) in phrase {
        let term = query.terms.get(index as usize)?;
        let (_, postings) = lists.iter().find(|(i, _)| *i == index as usize)?;
        let shard = find_shard(segment, positions, term, true)?;
        let lists = shard.positions(term)?;
        if lists.len() != postings.len() {
            return None; // not the position shard of this term shard
        }
        tokens.push(PhraseToken {
            offset,
            postings,
            positions: lists,
        });
    }
    Some(tokens)
}

/// True when `doc` has the phrase's terms at their relative offsets.
fn phrase_matches(tokens: &[PhraseToken], doc: u32) -> bool {
    let mut lists = Vec::new();
    for t in tokens {
        let Ok(i) = t.postings.binary_search_by_key(&doc, |p| p.0) else {
            return false;
        };
        match t.positions.get(i) {
            Some(list) => lists.push((t.offset, list)),
            None => return false,
        }
    }
    let Some(&(first_offset, first)) = lists.first() else {
        return false;
    };
    first.iter().any(|&p| {
        let Some(anchor) = p.checked_sub(first_offset) else {
            return false;
        };
        lists.iter().all(|&(offset, list)| {
            anchor
                .checked_add(offset)
                .is_some_and(|want| list.binary_search(&want).is_ok())
        })
    })
}
