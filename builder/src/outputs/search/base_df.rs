//! The base segment's document frequencies, `base-df.bin` beside the manifest (not
//! fetched by the app): how many of the base's documents had each term when it was
//! merged. A build over the base scores its recent documents with them, so the base's
//! documents need not be tokenized again. Tombstoned documents still count, as deleted
//! documents do in a Lucene segment until it is merged.
//!
//! Layout: the base's build id (`u32` LE), then per term, sorted by UTF-8 bytes, `len`,
//! the bytes and `df` (varints).

use super::collect::SortedTerms;
use super::encode::push_varint;
use broadsheet_app::search::codec::Cursor;

/// Path of the file, relative to the index directory.
pub const PATH: &str = "base-df.bin";

/// The file for a base of build `build` with `terms`.
pub(super) fn encode(build: u32, terms: &SortedTerms) -> Vec<u8> {
    let mut out = build.to_le_bytes().to_vec();
    for (term, data) in terms {
        push_varint(&mut out, term.len() as u32);
        out.extend_from_slice(term.as_bytes());
        push_varint(&mut out, data.df);
    }
    out
}

/// Whether `bytes` are the file of the base of build `build`.
pub(super) fn is_of(bytes: &[u8], build: u32) -> bool {
    bytes.get(..4) == Some(&build.to_le_bytes()[..])
}

/// The base's df of each of `terms` (sorted by UTF-8 bytes), 0 for a term it lacks;
/// `None` if the file is damaged. One pass: both lists are sorted.
pub(super) fn lookup<'a>(bytes: &[u8], terms: impl Iterator<Item = &'a str>) -> Option<Vec<u32>> {
    let mut c = Cursor::new(bytes.get(4..)?);
    let mut next = || -> Option<Option<(&[u8], u32)>> {
        if c.at_end() {
            return Some(None);
        }
        let len = c.varint()? as usize;
        let term = c.take(len)?;
        Some(Some((term, c.varint()?)))
    };
    let mut entry = next()?;
    let mut out = Vec::new();
    for term in terms {
        let term = term.as_bytes();
        while entry.is_some_and(|(have, _)| have < term) {
            entry = next()?;
        }
        out.push(match entry {
            Some((have, df)) if have == term => df,
            _ => 0,
        });
    }
    Some(out)
}
