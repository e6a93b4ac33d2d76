//! Byte encodings of the files the writer emits (see `README.md`).

use broadsheet_app::search::codec::{fnv1a, FORMAT_VERSION, MAGIC_FILTER, TOKENIZER_VERSION};

/// LEB128 varint.
pub(super) fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Header of a binary file: magic, format version, build id, number.
fn begin(magic: u8, build: u32, number: u32) -> Vec<u8> {
    let mut out = vec![magic, FORMAT_VERSION as u8];
    out.extend_from_slice(&build.to_le_bytes());
    push_varint(&mut out, number);
    out
}

/// Appends the FNV-1a checksum of everything so far.
fn seal(mut out: Vec<u8>) -> Vec<u8> {
    let checksum = fnv1a(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// A term or position shard: term count, then per term (sorted by bytes)
/// its length-prefixed UTF-8 and its data (which starts with a count).
pub(super) fn shard_file(magic: u8, build: u32, number: u32, terms: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = begin(magic, build, number);
    push_varint(&mut out, terms.len() as u32);
    for (term, data) in terms {
        push_varint(&mut out, term.len() as u32);
        out.extend_from_slice(term.as_bytes());
        out.extend_from_slice(data);
    }
    seal(out)
}

/// A filter file: whichever is smaller of a bitmap over all docs (kind 0)
/// and a delta-coded list (kind 1).
pub(super) fn filter_file(build: u32, number: u32, docs: &[u32], total: u32) -> Vec<u8> {
    let mut list = vec![1];
    push_varint(&mut list, docs.len() as u32);
    let mut previous = 0;
    for &doc in docs {
        push_varint(&mut list, doc - previous);
        previous = doc;
    }
    let bitmap_len = total.div_ceil(8) as usize;
    let body = if bitmap_len + 1 < list.len() {
        let mut bitmap = vec![0u8; bitmap_len + 1];
        for &doc in docs {
            bitmap[1 + doc as usize / 8] |= 1 << (doc % 8);
        }
        bitmap
    } else {
        list
    };
    let mut out = begin(MAGIC_FILTER, build, number);
    out.extend_from_slice(&body);
    seal(out)
}

/// One segment's line in `index.txt`, with its section and language lists.
#[derive(Clone, Debug)]
pub(super) struct SegmentLine {
    pub(super) name: &'static str,
    pub(super) build: u32,
    pub(super) first: u32,
    pub(super) end: u32,
    pub(super) shards: u32,
    pub(super) position_shards: u32,
    pub(super) sections: Vec<(String, u32)>,
    pub(super) languages: Vec<(String, u32)>,
}

impl SegmentLine {
    /// A segment without documents or files, starting (and ending) at `at`.
    pub(super) fn empty(name: &'static str, at: u32) -> SegmentLine {
        SegmentLine {
            name,
            build: 0,
            first: at,
            end: at,
            shards: 0,
            position_shards: 0,
            sections: Vec::new(),
            languages: Vec::new(),
        }
    }
}

/// Everything `index.txt` records.
pub(super) struct RootInfo<'a> {
    pub(super) docs: u32,
    pub(super) chunk: u32,
    pub(super) weights: [f64; 3],
    pub(super) max_postings: usize,
    pub(super) segments: &'a [SegmentLine],
    pub(super) tombstones: &'a [u32],
}

/// The text of `index.txt`.
pub(super) fn root_text(r: &RootInfo) -> String {
    let [title, summary, body] = r.weights;
    let mut out = format!(
        "format={FORMAT_VERSION}\ntokenizer={TOKENIZER_VERSION}\ndocs={}\nchunk={}\n\
         weights={title},{summary},{body}\nmax_postings={}\n",
        r.docs, r.chunk, r.max_postings
    );
    for s in r.segments {
        out.push_str(&format!(
            "segment={} {:08x} {} {} {} {}\n",
            s.name, s.build, s.first, s.end, s.shards, s.position_shards
        ));
        for (key, list) in [("section", &s.sections), ("language", &s.languages)] {
            for (name, count) in list {
                out.push_str(&format!("{key}={} {count}\n", escape(name)));
            }
        }
    }
    let mut previous = 0;
    let deltas: Vec<String> = (r.tombstones.iter())
        .map(|&id| {
            let delta = id - previous;
            previous = id;
            delta.to_string()
        })
        .collect();
    out.push_str(&format!("tombstones={}\n", deltas.join(",")));
    out
}

/// Percent-encodes every byte outside `[A-Za-z0-9._~-]`.
pub(super) fn escape(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"._~-".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
