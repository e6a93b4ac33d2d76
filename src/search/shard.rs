//! Parsing of term shards (`t/<n>.bin`), position shards (`p/<n>.bin`) and
//! filter files (`f/*.bin`). Input is untrusted: anything malformed,
//! truncated or failing its checksum gives `None`, never a panic.

use crate::search::codec::{open, Cursor, MAGIC_FILTER, MAGIC_POSITIONS, MAGIC_TERMS};

/// A parsed term or position shard.
#[derive(Clone, Debug)]
pub struct Shard {
    /// Build id; must equal [`crate::Root::build`] to be used.
    pub build: u32,
    /// Shard number.
    pub number: u32,
    positions: bool,
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

/// One term: where its text and its postings are in `bytes`.
#[derive(Clone, Copy, Debug)]
struct Entry {
    term_start: usize,
    term_end: usize,
    count: u32,
    data: usize,
}

impl Shard {
    /// Parses and fully validates a term or position shard.
    pub fn parse(bytes: &[u8]) -> Option<Shard> {
        let positions = *bytes.first()? == MAGIC_POSITIONS;
        let magic = if positions {
            MAGIC_POSITIONS
        } else {
            MAGIC_TERMS
        };
        let (header, mut c) = open(bytes, magic)?;
        let term_count = c.varint()?;
        let mut entries = Vec::new();
        let mut previous: Option<&[u8]> = None;
        for _ in 0..term_count {
            let len = c.varint()? as usize;
            let term_start = c.pos();
            let term = c.take(len)?;
            if previous.is_some_and(|p| p >= term) {
                return None; // terms must be strictly sorted for binary search
            }
            previous = Some(term);
            let count = c.varint()?;
            let data = c.pos();
            check_postings(&mut c, count, positions)?;
            let term_end = term_start + len;
            entries.push(Entry {
                term_start,
                term_end,
                count,
                data,
            });
        }
        c.at_end().then(|| Shard {
            build: header.build,
            number: header.number,
            positions,
            bytes: bytes.to_vec(),
            entries,
        })
    }

    /// True for a position shard, false for a term shard.
    pub fn is_positions(&self) -> bool {
        self.positions
    }

    /// Number of terms in the shard.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the shard holds no terms.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, term: &str) -> Option<Entry> {
        let i = self
            .entries
            .binary_search_by(|e| {
                let text = self.bytes.get(e.term_start..e.term_end).unwrap_or(&[]);
                text.cmp(term.as_bytes())
            })
            .ok()?;
        self.entries.get(i).copied()
    }

    /// Postings of `term` as `(doc id, impact)`, sorted by doc id.
    /// `None` if the term is absent or this is a position shard.
    pub fn postings(&self, term: &str) -> Option<Vec<(u32, u8)>> {
        let e = self.find(term).filter(|_| !self.positions)?;
        let mut c = Cursor::new(self.bytes.get(e.data..)?);
        let mut out = Vec::new();
        let mut doc = 0u32;
        for i in 0..e.count {
            doc = step(doc, c.varint()?, i == 0)?;
            out.push((doc, c.byte()?));
        }
        Some(out)
    }

    /// Positions of `term`, one ascending list per posting in the order of
    /// the term shard's postings. `None` if absent or not a position shard.
    pub fn positions(&self, term: &str) -> Option<Vec<Vec<u32>>> {
        let e = self.find(term).filter(|_| self.positions)?;
        let mut c = Cursor::new(self.bytes.get(e.data..)?);
        let mut out = Vec::new();
        for _ in 0..e.count {
            let n = c.varint()?;
            let mut list = Vec::new();
            let mut pos = 0u32;
            for i in 0..n {
                pos = step(pos, c.varint()?, i == 0)?;
                list.push(pos);
            }
            out.push(list);
        }
        Some(out)
    }
}

/// Walks `count` postings, checking that doc ids (term shards) or each
/// posting's positions (position shards) strictly increase within `u32`, and
/// that impacts are in 1..=255.
fn check_postings(c: &mut Cursor, count: u32, positions: bool) -> Option<()> {
    let mut doc = 0u32;
    for i in 0..count {
        if positions {
            let n = c.varint()?;
            let mut pos = 0u32;
            for j in 0..n {
                pos = step(pos, c.varint()?, j == 0)?;
            }
        } else {
            doc = step(doc, c.varint()?, i == 0)?;
            if c.byte()? == 0 {
                return None;
            }
        }
    }
    Some(())
}

/// The next value of an ascending delta-coded list.
fn step(previous: u32, delta: u32, first: bool) -> Option<u32> {
    if !first && delta == 0 {
        return None;
    }
    previous.checked_add(delta)
}

/// The documents of one section or language (`f/s<i>.bin`, `f/l<i>.bin`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// Build id; must equal [`crate::Root::build`] to be used.
    pub build: u32,
    docs: Vec<u32>,
}

impl Filter {
    /// Parses a filter file: a bitmap (kind 0, bit `d % 8` of byte `d / 8`)
    /// or a count and ascending doc-id deltas (kind 1).
    pub fn parse(bytes: &[u8]) -> Option<Filter> {
        let (header, mut c) = open(bytes, MAGIC_FILTER)?;
        let mut docs = Vec::new();
        match c.byte()? {
            0 => {
                let mut base = 0u32;
                while let Some(b) = c.byte() {
                    for bit in 0..8 {
                        if b & (1 << bit) != 0 {
                            docs.push(base.checked_add(bit)?);
                        }
                    }
                    base = base.checked_add(8)?;
                }
            }
            1 => {
                let count = c.varint()?;
                let mut doc = 0u32;
                for i in 0..count {
                    doc = step(doc, c.varint()?, i == 0)?;
                    docs.push(doc);
                }
            }
            _ => return None,
        }
        c.at_end().then_some(Filter {
            build: header.build,
            docs,
        })
    }

    /// True when `doc` is in the filter.
    pub fn contains(&self, doc: u32) -> bool {
        self.docs.binary_search(&doc).is_ok()
    }
}
