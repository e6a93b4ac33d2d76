//! The root file `index.txt`: the index's segments (a frozen base and a small recent
//! one), the dead documents, and the paths of all other files.
//!
//! One `key=value` per line (parsed by hand: no JSON parser in the reader). A
//! `segment=` line opens a segment; the `section=`/`language=` lines after it are that
//! segment's, their order naming its filter files. Names are percent-encoded outside
//! `[A-Za-z0-9._~-]`, followed by a space and the number of documents.

use crate::search::codec::{fnv1a, FORMAT_VERSION, TOKENIZER_VERSION};
use crate::search::query::Query;
use crate::search::sort::sort_dedup;

/// Path of the root file, relative to the index directory.
pub const ROOT_PATH: &str = "index.txt";

/// What the reader needs from `index.txt`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// Number of document ids; ids are `0..docs`, 0 the oldest, new ones appended.
    pub docs: u32,
    /// Documents per `docs/<k>.json` chunk.
    pub chunk: u32,
    /// The base segment, then the recent one (if the root names it).
    pub segments: Vec<Segment>,
    /// Ids of documents removed or replaced since their segment was written, ascending.
    pub tombstones: Vec<u32>,
}

/// One segment: its own build id, documents, shards and filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Build id: every binary file of the segment carries it.
    pub build: u32,
    /// The segment's ids are `first..end`.
    pub first: u32,
    pub end: u32,
    /// Number of term shards (a power of two; 0: the segment has no files).
    pub shards: u32,
    /// Number of position shards (a power of two; 0 with `shards`).
    pub position_shards: u32,
    /// Folder of its files below the index: `""` (base) or `"r/"` (recent).
    pub dir: &'static str,
    /// Section slugs with their document counts; the index is the filter id.
    pub sections: Vec<(String, u32)>,
    /// Languages (`""` = the site's language) with counts; index = filter id.
    pub languages: Vec<(String, u32)>,
}

/// Which shards of one segment a query needs, sorted and distinct.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// Term shards: `<dir>t/<n>.bin`.
    pub terms: Vec<u32>,
    /// Position shards (only for terms of phrases): `<dir>p/<n>.bin`.
    pub positions: Vec<u32>,
}

impl Root {
    /// Parses `index.txt`; `None` if it is malformed or of another version.
    pub fn parse(text: &str) -> Option<Root> {
        let mut root = Root {
            docs: 0,
            chunk: 0,
            segments: Vec::new(),
            tombstones: Vec::new(),
        };
        let (mut format, mut tokenizer) = (None, None);
        let mut rest = text;
        while !rest.is_empty() {
            let (line, next) = split_at(rest, b'\n', false).unwrap_or((rest, ""));
            rest = next;
            let Some((key, value)) = split_at(line.strip_suffix('\r').unwrap_or(line), b'=', false)
            else {
                continue;
            };
            match key {
                "format" => format = number(value, 10),
                "tokenizer" => tokenizer = number(value, 10),
                "docs" => root.docs = number(value, 10)?,
                "chunk" => root.chunk = number(value, 10)?,
                "segment" => root.segments.push(Segment::parse(value)?),
                "section" => root.segments.last_mut()?.sections.push(parse_count(value)?),
                "language" => root
                    .segments
                    .last_mut()?
                    .languages
                    .push(parse_count(value)?),
                "tombstones" => root.tombstones = parse_deltas(value)?,
                _ => {}
            }
        }
        let mut previous_end = 0;
        for s in &root.segments {
            let counts = s.shards.is_power_of_two() && s.position_shards.is_power_of_two();
            let empty = s.shards == 0 && s.position_shards == 0;
            if s.first != previous_end || s.end < s.first || !(counts || empty) {
                return None;
            }
            previous_end = s.end;
        }
        let valid = format == Some(FORMAT_VERSION)
            && tokenizer == Some(TOKENIZER_VERSION)
            && root.segments.first().is_some_and(|s| s.dir.is_empty())
            && previous_end == root.docs
            && root.chunk > 0;
        valid.then_some(root)
    }

    /// Whether `doc` was removed or replaced (a tombstone).
    pub fn is_dead(&self, doc: u32) -> bool {
        self.tombstones.binary_search(&doc).is_ok()
    }

    /// The languages of the indexed articles (`""`: the site's), sorted, each once.
    pub fn languages(&self) -> Vec<String> {
        // Each segment's list is sorted: insert in place (no generic sort in the wasm).
        let mut all: Vec<String> = Vec::new();
        for s in &self.segments {
            for (language, _) in &s.languages {
                let at = all.iter().position(|l| l >= language).unwrap_or(all.len());
                if all.get(at) != Some(language) {
                    all.insert(at, language.clone());
                }
            }
        }
        all
    }

    /// The doc chunk holding `doc`: fetch `docs/<k>.json`, entry `doc % chunk`.
    pub fn doc_chunk(&self, doc: u32) -> u32 {
        doc.checked_div(self.chunk).unwrap_or(0)
    }
}

impl Segment {
    /// `"<name> <build hex> <first> <end> <shards> <position_shards>"`.
    fn parse(value: &str) -> Option<Segment> {
        let mut fields = Fields(value);
        let dir = match fields.next()? {
            "base" => "",
            "recent" => "r/",
            _ => return None,
        };
        let build = number(fields.next()?, 16)?;
        let mut next = || number(fields.next()?, 10);
        Some(Segment {
            build,
            first: next()?,
            end: next()?,
            shards: next()?,
            position_shards: next()?,
            dir,
            sections: Vec::new(),
            languages: Vec::new(),
        })
    }

    /// Whether the segment has files to fetch.
    pub fn has_files(&self) -> bool {
        self.shards > 0
    }

    /// The term shard of `term`: FNV-1a 32 of its UTF-8 bytes mod `shards`.
    pub fn shard_of(&self, term: &str) -> u32 {
        fnv1a(term.as_bytes()) & self.shards.wrapping_sub(1)
    }

    /// The position shard of `term`: the same hash mod `position_shards`.
    pub fn position_shard_of(&self, term: &str) -> u32 {
        fnv1a(term.as_bytes()) & self.position_shards.wrapping_sub(1)
    }

    /// The term shards (and, for phrases, position shards) to fetch.
    pub fn shards_for(&self, query: &Query) -> Needs {
        let mut needs = Needs::default();
        for term in &query.terms {
            needs.terms.push(self.shard_of(term));
        }
        for &(index, _) in query.phrases.iter().flatten() {
            if let Some(term) = query.terms.get(index as usize) {
                needs.positions.push(self.position_shard_of(term));
            }
        }
        Needs {
            terms: sort_dedup(needs.terms),
            positions: sort_dedup(needs.positions),
        }
    }

    /// `<dir><kind><n>.bin`.
    fn path(&self, kind: &str, n: u32) -> String {
        let mut prefix = String::from(self.dir);
        prefix.push_str(kind);
        numbered(&prefix, n, ".bin")
    }

    /// Path of term shard `n` of this segment.
    pub fn term_shard_path(&self, n: u32) -> String {
        self.path("t/", n)
    }

    /// Path of position shard `n` of this segment.
    pub fn position_shard_path(&self, n: u32) -> String {
        self.path("p/", n)
    }

    /// Path of the segment's filter file for a section slug, `None` if none of its
    /// documents has it.
    pub fn section_filter_path(&self, slug: &str) -> Option<String> {
        let i = self.sections.iter().position(|(s, _)| s == slug)?;
        Some(self.path("f/s", i as u32))
    }

    /// Path of the segment's filter file for a language (`""` = the site's language).
    pub fn language_filter_path(&self, language: &str) -> Option<String> {
        let i = self.languages.iter().position(|(l, _)| l == language)?;
        Some(self.path("f/l", i as u32))
    }
}

/// Space-separated fields.
struct Fields<'a>(&'a str);

impl<'a> Fields<'a> {
    fn next(&mut self) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        let (field, rest) = split_at(self.0, b' ', false).unwrap_or((self.0, ""));
        self.0 = rest;
        Some(field)
    }
}

/// Path of base term shard `n`.
pub fn term_shard_path(n: u32) -> String {
    numbered("t/", n, ".bin")
}

/// Path of base position shard `n`.
pub fn position_shard_path(n: u32) -> String {
    numbered("p/", n, ".bin")
}

/// Path of doc chunk `k` (see [`Root::doc_chunk`]).
pub fn doc_chunk_path(k: u32) -> String {
    numbered("docs/", k, ".json")
}

/// `prefix`, decimal `n`, `suffix`, without pulling `core::fmt` into wasm.
pub fn numbered(prefix: &str, n: u32, suffix: &str) -> String {
    let mut digits = [0u8; 10];
    let mut len = 0;
    let mut rest = n;
    loop {
        if let Some(d) = digits.get_mut(len) {
            *d = b'0' + (rest % 10) as u8;
        }
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut out = String::from(prefix);
    for &d in digits.iter().take(len).rev() {
        out.push(char::from(d));
    }
    out.push_str(suffix);
    out
}

/// Splits at the first (or last) byte `b`, which must be ASCII. Byte search
/// keeps `core::str::pattern` out of the wasm.
fn split_at(s: &str, b: u8, last: bool) -> Option<(&str, &str)> {
    let i = if last {
        s.bytes().rposition(|x| x == b)?
    } else {
        s.bytes().position(|x| x == b)?
    };
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `"<percent-encoded name> <count>"`.
fn parse_count(value: &str) -> Option<(String, u32)> {
    let (name, count) = split_at(value, b' ', true)?;
    Some((unescape(name)?, number(count, 10)?))
}

/// Comma-separated decimal deltas of a strictly ascending list (the first from 0).
fn parse_deltas(value: &str) -> Option<Vec<u32>> {
    let mut out: Vec<u32> = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let (delta, next) = split_at(rest, b',', false).unwrap_or((rest, ""));
        rest = next;
        let delta = number(delta, 10)?;
        let doc = match out.last() {
            Some(&last) if delta > 0 => last.checked_add(delta)?,
            Some(_) => return None,
            None => delta,
        };
        out.push(doc);
    }
    Some(out)
}

/// A non-empty run of digits in `radix` that fits in `u32` (smaller in wasm
/// than `str::parse`).
fn number(s: &str, radix: u32) -> Option<u32> {
    let mut value: u32 = 0;
    for c in s.chars() {
        value = value.checked_mul(radix)?.checked_add(c.to_digit(radix)?)?;
    }
    (!s.is_empty()).then_some(value)
}

/// Reverses the builder's escaping of names in `index.txt` (`%XX` for a byte); `None` on a
/// bad escape or bytes that are not UTF-8. The builder's manifest (`base.txt`) reads with it too.
pub fn unescape(s: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut rest = s.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b == b'%' {
            let hex = core::str::from_utf8(rest.get(..2)?).ok()?;
            bytes.push(u8::try_from(number(hex, 16)?).ok()?);
            rest = rest.get(2..)?;
        } else {
            bytes.push(b);
        }
    }
    String::from_utf8(bytes).ok()
}
