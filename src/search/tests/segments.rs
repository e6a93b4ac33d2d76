//! Reading an index of two segments: postings merged in global ids, tombstones left
//! out, newer first among equal scores, phrases and filters per segment, and a file of
//! another build answering nothing. The files are written here by hand, byte by byte.

use crate::search::codec::{fnv1a, FORMAT_VERSION, MAGIC_FILTER, MAGIC_POSITIONS, MAGIC_TERMS};
use crate::search::{parse_query, search, Filter, Root, SegmentFiles, Shard};

const BASE: u32 = 0xB0;
const RECENT: u32 = 0x4E;

fn varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn file(magic: u8, build: u32, body: &[u8]) -> Vec<u8> {
    let mut out = vec![magic, FORMAT_VERSION as u8];
    out.extend_from_slice(&build.to_le_bytes());
    varint(&mut out, 0);
    out.extend_from_slice(body);
    let sum = fnv1a(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// A term shard (shard 0 of a segment of one shard): terms sorted, `(doc, impact)`.
fn terms(build: u32, list: &[(&str, &[(u32, u8)])]) -> Shard {
    let mut body = Vec::new();
    varint(&mut body, list.len() as u32);
    for (term, postings) in list {
        varint(&mut body, term.len() as u32);
        body.extend_from_slice(term.as_bytes());
        varint(&mut body, postings.len() as u32);
        let mut previous = 0;
        for &(doc, impact) in *postings {
            varint(&mut body, doc - previous);
            body.push(impact);
            previous = doc;
        }
    }
    Shard::parse(&file(MAGIC_TERMS, build, &body)).unwrap()
}

/// A position shard: per term, per posting its positions.
fn positions(build: u32, list: &[(&str, &[&[u32]])]) -> Shard {
    let mut body = Vec::new();
    varint(&mut body, list.len() as u32);
    for (term, lists) in list {
        varint(&mut body, term.len() as u32);
        body.extend_from_slice(term.as_bytes());
        varint(&mut body, lists.len() as u32);
        for positions in *lists {
            varint(&mut body, positions.len() as u32);
            let mut previous = 0;
            for &p in *positions {
                varint(&mut body, p - previous);
                previous = p;
            }
        }
    }
    Shard::parse(&file(MAGIC_POSITIONS, build, &body)).unwrap()
}

fn filter(build: u32, docs: &[u32]) -> Filter {
    let mut body = vec![1];
    varint(&mut body, docs.len() as u32);
    let mut previous = 0;
    for &doc in docs {
        varint(&mut body, doc - previous);
        previous = doc;
    }
    Filter::parse(&file(MAGIC_FILTER, build, &body)).unwrap()
}

/// Base ids 0..10, recent 10..14, one shard each; `tombstones` as the root writes them.
fn root(tombstones: &str) -> Root {
    Root::parse(&format!(
        "format=2\ntokenizer=3\ndocs=14\nchunk=4\nsegment=base {BASE:08x} 0 10 1 1\n\
         section=city 6\nsection=sport 4\nsegment=recent {RECENT:08x} 10 14 1 1\nsection=city 3\n\
         tombstones={tombstones}\n"
    ))
    .unwrap()
}

/// The base: "ferry" in 2, 5 and 7; "strike" in 5 and 7. The recent segment: "ferry"
/// in 11 and 13, "strike" in 13 (13 is 5 changed).
fn files() -> Vec<SegmentFiles> {
    let base = terms(
        BASE,
        &[
            ("ferry", &[(2, 10), (5, 20), (7, 30)]),
            ("strike", &[(5, 5), (7, 1)]),
        ],
    );
    let recent = terms(
        RECENT,
        &[("ferry", &[(11, 20), (13, 25)]), ("strike", &[(13, 5)])],
    );
    vec![
        SegmentFiles {
            terms: vec![base],
            positions: Vec::new(),
            filters: Some(Vec::new()),
        },
        SegmentFiles {
            terms: vec![recent],
            positions: Vec::new(),
            filters: Some(Vec::new()),
        },
    ]
}

#[test]
fn postings_of_both_segments_merge_and_tombstones_are_left_out() {
    let r = search(&root("5"), &parse_query("ferry"), &files());
    assert_eq!(r.hits, [(7, 30), (13, 25), (11, 20), (2, 10)]);
    assert_eq!(r.total, 4);
    let r = search(&root("5"), &parse_query("ferry strike"), &files());
    assert_eq!(r.hits, [(7, 31), (13, 30)]);
}

#[test]
fn equal_scores_put_the_higher_id_first_across_segments() {
    let r = search(&root(""), &parse_query("ferry"), &files());
    // 5 (base) and 11 (recent) both score 20: the newer, 11, first.
    assert_eq!(r.hits, [(7, 30), (13, 25), (11, 20), (5, 20), (2, 10)]);
}

#[test]
fn a_term_missing_from_one_segment_still_matches_in_the_other() {
    let mut files = files();
    files[1].terms = vec![terms(RECENT, &[("ferry", &[(11, 20)])])];
    let r = search(&root(""), &parse_query("strike"), &files);
    assert_eq!(r.hits, [(5, 5), (7, 1)]);
}

#[test]
fn an_empty_or_unfetched_segment_adds_nothing() {
    let mut files = files();
    files.truncate(1);
    let r = search(&root(""), &parse_query("ferry"), &files);
    assert_eq!(r.hits, [(7, 30), (5, 20), (2, 10)]);
}

#[test]
fn filters_apply_per_segment() {
    let mut files = files();
    files[0].filters = Some(vec![filter(BASE, &[2, 7])]);
    files[1].filters = None; // the section is not in the recent segment
    let r = search(&root(""), &parse_query("ferry"), &files);
    assert_eq!(r.hits, [(7, 30), (2, 10)]);
    files[1].filters = Some(vec![filter(RECENT, &[13])]);
    let r = search(&root(""), &parse_query("ferry"), &files);
    assert_eq!(r.hits, [(7, 30), (13, 25), (2, 10)]);
}

#[test]
fn a_file_of_another_build_answers_nothing_for_its_segment() {
    let mut files = files();
    files[1].terms = vec![terms(BASE, &[("ferry", &[(11, 20), (13, 25)])])];
    let r = search(&root(""), &parse_query("ferry"), &files);
    assert_eq!(r.hits, [(7, 30), (5, 20), (2, 10)]);
    let mut files = self::files();
    files[0].filters = Some(vec![filter(RECENT, &[2])]);
    assert_eq!(
        search(&root(""), &parse_query("ferry"), &files).hits,
        [(13, 25), (11, 20)]
    );
}

#[test]
fn phrases_are_matched_in_each_segment_with_its_own_positions() {
    let mut files = files();
    // "ferry strike" adjacent in 7 (base) and 13 (recent), apart in 5.
    files[0].positions = vec![positions(
        BASE,
        &[("ferry", &[&[1], &[1], &[4]]), ("strike", &[&[9], &[5]])],
    )];
    files[1].positions = vec![positions(
        RECENT,
        &[("ferry", &[&[3], &[0]]), ("strike", &[&[1]])],
    )];
    let r = search(&root(""), &parse_query("\"ferry strike\""), &files);
    assert_eq!(r.hits, [(7, 31), (13, 30)]);
    let r = search(&root("7"), &parse_query("\"ferry strike\""), &files);
    assert_eq!(r.hits, [(13, 30)]);
}
