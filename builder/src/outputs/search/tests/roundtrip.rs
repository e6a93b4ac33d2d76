//! Write an index of a few hundred docs, read it back and query it.

use super::common::{build, collection, Doc, Index};
use crate::outputs::search::{base_df, Params};
use broadsheet_app::search::{tokens, Filter, Mode, Root, Shard};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn doc(title: &str, summary: &str, body: &str, section: &str, language: Option<&str>) -> Doc {
    Doc {
        slug: format!("hand-{}", title.len()),
        title: title.into(),
        summary: summary.into(),
        body: body.into(),
        section: section.into(),
        language: language.map(String::from),
    }
}

/// 320 generated docs with hand-written ones at known ids.
fn docs() -> Vec<Doc> {
    let mut docs = collection(320, 50, 7);
    let en = Some("en");
    let hand = [
        (
            5,
            doc(
                "Harbour strike ends after talks",
                "Dock workers return",
                "The union said a red panda lives in the hills.",
                "city",
                en,
            ),
        ),
        (
            7,
            doc(
                "港口新闻：台风过境后恢复运营",
                "码头工人返岗",
                "记者在现场看到蓝鲸海豚同游。",
                "city",
                None,
            ),
        ),
        (
            9,
            doc(
                "海洋保护区发现鲸群",
                "科学家记录",
                "蓝鲸出现在海湾，随后海豚也来了。",
                "world",
                None,
            ),
        ),
        (
            11,
            doc(
                "Zoo opens a new wing",
                "Visitors queue",
                "Among the animals is one quokka from Rottnest.",
                "tech",
                en,
            ),
        ),
        (
            12,
            doc(
                "Quokka census begins",
                "Counting the smiling marsupials",
                "Rangers walk the island at dawn.",
                "tech",
                en,
            ),
        ),
        (
            20,
            doc(
                "Narwhal sighted off the coast",
                "A rare visit",
                "Fishermen filmed it.",
                "world",
                en,
            ),
        ),
        (
            30,
            doc(
                "Narwhal sighted off the coast",
                "A rare visit",
                "Fishermen filmed it.",
                "world",
                en,
            ),
        ),
        (
            40,
            doc(
                "Wildlife roundup",
                "Weekly notes",
                "We saw a red fox and a giant panda at the reserve.",
                "world",
                en,
            ),
        ),
    ];
    for (id, d) in hand {
        docs[id] = d;
    }
    docs
}

fn index() -> &'static (Vec<Doc>, Index) {
    static INDEX: OnceLock<(Vec<Doc>, Index)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let docs = docs();
        let params = Params {
            shard_bytes: 2048,
            ..Params::default()
        };
        let index = build(&docs, params);
        (docs, index)
    })
}

fn ids(q: &str) -> Vec<u32> {
    index().1.docs(q)
}

/// The terms a doc is indexed under, computed independently of the writer.
fn indexed_terms(d: &Doc) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (text, mode) in [
        (&d.title, Mode::Index),
        (&d.summary, Mode::Index),
        (&d.body, Mode::Query),
    ] {
        out.extend(tokens(text, mode).into_iter().map(|t| t.term));
    }
    out
}

#[test]
fn an_english_word_finds_its_article() {
    assert_eq!(ids("harbour"), [5]);
    assert_eq!(ids("HARBOUR Strike"), [5]);
    assert!(ids("union").contains(&5));
}

#[test]
fn a_chinese_two_character_substring_finds_its_article() {
    assert!(ids("台风").contains(&7));
    assert!(ids("恢复运营").contains(&7));
    assert!(ids("鲸群").contains(&9));
}

#[test]
fn a_one_character_han_query_finds_titles_and_summaries() {
    let hits = ids("鲸");
    assert!(hits.contains(&9), "{hits:?}"); // in the title
    assert!(!hits.contains(&7), "{hits:?}"); // only in the body, inside a run
}

#[test]
fn phrases_need_adjacent_terms_in_order() {
    assert_eq!(ids("\"red panda\""), [5]);
    let plain = ids("red panda");
    assert!(plain.contains(&5) && plain.contains(&40), "{plain:?}");
    assert!(ids("\"panda red\"").is_empty());
    let zh = ids("“蓝鲸海豚”");
    assert!(zh.contains(&7) && !zh.contains(&9), "{zh:?}");
    let zh_plain = ids("蓝鲸 海豚");
    assert!(
        zh_plain.contains(&7) && zh_plain.contains(&9),
        "{zh_plain:?}"
    );
    assert_eq!(ids("「台风过境」"), [7]);
}

#[test]
fn phrases_do_not_cross_fields() {
    // "talks" ends doc 5's title, "dock" starts its summary.
    assert!(ids("talks dock").contains(&5));
    assert!(!ids("\"talks dock\"").contains(&5));
}

#[test]
fn a_title_match_beats_a_body_match() {
    assert_eq!(ids("quokka"), [12, 11]);
}

#[test]
fn equal_scores_put_the_newer_doc_first() {
    let (results, _) = index().1.query("narwhal", None, None);
    assert_eq!(results.hits.len(), 2);
    assert_eq!(results.hits[0].1, results.hits[1].1);
    assert_eq!(ids("narwhal"), [20, 30]);
}

#[test]
fn section_and_language_filters_restrict_results() {
    let (docs, index) = index();
    let (all, _) = index.query("red panda", None, None);
    let (world, fetched) = index.query("red panda", Some("world"), None);
    assert_eq!(world.hits.iter().map(|h| h.0).collect::<Vec<_>>(), [40]);
    assert!(fetched.iter().any(|p| p.starts_with("f/s")));
    assert_eq!(all.total, 2);
    // Every section of a common term, checked against the generator's data.
    let term = "the";
    let (unfiltered, _) = index.query(term, None, None);
    for section in super::common::SECTIONS {
        let (filtered, _) = index.query(term, Some(section), None);
        let want: Vec<u32> = unfiltered
            .hits
            .iter()
            .map(|h| h.0)
            .filter(|&d| docs[d as usize].section == section)
            .collect();
        assert_eq!(
            filtered.hits.iter().map(|h| h.0).collect::<Vec<_>>(),
            want,
            "{section}"
        );
    }
    let (zh_only, _) = index.query("the", None, Some(""));
    assert!(zh_only
        .hits
        .iter()
        .all(|h| docs[h.0 as usize].language.is_none()));
    let (en_city, _) = index.query("harbour", Some("city"), Some("en"));
    assert_eq!(en_city.total, 1);
    let (none, _) = index.query("harbour", Some("no-such-section"), None);
    assert_eq!(none.total, 0);
}

#[test]
fn queries_without_results() {
    assert!(ids("zzzzqqqq").is_empty());
    assert!(ids("harbour zzzzqqqq").is_empty());
    assert!(ids("").is_empty());
    assert!(ids("  ！？😀 ").is_empty());
}

#[test]
fn results_match_a_brute_force_scan() {
    let (docs, index) = index();
    let terms: Vec<BTreeSet<String>> = docs.iter().map(indexed_terms).collect();
    let mut rng = super::common::Rng(3);
    for _ in 0..150 {
        // A query of one or two terms taken from a random doc.
        let d = &terms[rng.below(terms.len())];
        let picked: Vec<&String> = (0..rng.range(1, 2))
            .map(|_| d.iter().nth(rng.below(d.len())).unwrap())
            .collect();
        let q = picked
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let query = broadsheet_app::search::parse_query(&q);
        let want: Vec<u32> = (0..docs.len() as u32)
            .filter(|&i| query.terms.iter().all(|t| terms[i as usize].contains(t)))
            .collect();
        let mut got = index.docs(&q);
        got.sort_unstable();
        assert_eq!(got, want, "query {q:?}");
    }
}

#[test]
fn the_base_records_how_many_docs_hold_each_term() {
    let (docs, index) = index();
    let mut want: BTreeMap<String, u32> = BTreeMap::new();
    for d in docs {
        for term in indexed_terms(d) {
            *want.entry(term).or_default() += 1;
        }
    }
    // BTreeMap<String, _> iterates in the UTF-8 byte order the file is sorted by.
    let mut asked: Vec<&str> = want.keys().map(String::as_str).collect();
    asked.push("a-term-no-doc-has");
    asked.sort_unstable();
    let got = base_df::lookup(&index.files["base-df.bin"], asked.iter().copied()).unwrap();
    for (term, df) in asked.iter().zip(got) {
        assert_eq!(df, want.get(*term).copied().unwrap_or(0), "{term:?}");
    }
}

#[test]
fn doc_chunks_hold_the_metadata_of_each_doc() {
    let (docs, index) = index();
    let root = index.root();
    assert_eq!(root.docs as usize, docs.len());
    for (place, d) in docs.iter().enumerate() {
        let id = root.docs - 1 - place as u32; // ids count from the oldest, the list's last
        let path = broadsheet_app::search::doc_chunk_path(root.doc_chunk(id));
        let chunk: serde_json::Value = serde_json::from_slice(&index.files[&path]).unwrap();
        let entry = &chunk[(id % root.chunk) as usize];
        assert_eq!(entry["slug"], d.slug.as_str());
        assert_eq!(entry["title"], d.title.as_str());
    }
}

#[test]
fn the_root_lists_sections_and_languages_with_counts() {
    let (docs, index) = index();
    let root = index.root();
    let base = &root.segments[0];
    let total: u32 = base.sections.iter().map(|s| s.1).sum();
    assert_eq!(total as usize, docs.len());
    let names: Vec<&str> = base.languages.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, ["", "en"]);
    assert_eq!(root.languages(), ["", "en"]);
    assert!(base.shards.is_power_of_two() && base.shards > 1);
    let recent = &root.segments[1];
    assert_eq!(
        (recent.first, recent.end, recent.shards),
        (root.docs, root.docs, 0)
    );
}

#[test]
fn every_file_of_the_index_parses() {
    let (_, index) = index();
    for (path, bytes) in &index.files {
        let ok = match path.split('/').next() {
            Some("t" | "p") => Shard::parse(bytes).is_some(),
            Some("f") => Filter::parse(bytes).is_some(),
            Some("docs") => serde_json::from_slice::<serde_json::Value>(bytes).is_ok(),
            Some("base.txt") => bytes.starts_with(b"format=2\n"),
            // A term after every other makes the lookup read the whole file.
            Some("base-df.bin") => base_df::lookup(bytes, ["\u{10FFFF}"].into_iter()).is_some(),
            _ => Root::parse(std::str::from_utf8(bytes).unwrap()).is_some(),
        };
        assert!(ok, "{path}");
    }
}

#[test]
fn truncated_or_corrupt_files_are_rejected_without_panicking() {
    let (_, index) = index();
    let files: Vec<(&String, &Vec<u8>)> = index
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("t/") || p.starts_with("p/") || p.starts_with("f/"))
        .take(12)
        .collect();
    for (path, bytes) in files {
        let parse = |b: &[u8]| {
            if path.starts_with("f/") {
                Filter::parse(b).is_some()
            } else {
                Shard::parse(b).is_some()
            }
        };
        for len in 0..bytes.len() {
            assert!(!parse(&bytes[..len]), "{path} truncated to {len}");
        }
        for i in 0..bytes.len() {
            let mut corrupt = bytes.clone();
            corrupt[i] ^= 0x5A;
            assert!(!parse(&corrupt), "{path} with byte {i} changed");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(!parse(&longer), "{path} with a trailing byte");
    }
}

#[test]
fn garbage_never_panics_the_parsers() {
    let mut rng = super::common::Rng(11);
    for _ in 0..20_000 {
        let len = rng.below(64);
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
        if let Some(first) = bytes.first_mut() {
            *first = [b'T', b'P', b'F', 0][rng.below(4)];
        }
        let _ = Shard::parse(&bytes);
        let _ = Filter::parse(&bytes);
        let _ = Root::parse(&String::from_utf8_lossy(&bytes));
    }
    assert!(Root::parse("").is_none());
    assert!(Root::parse("format=1\ntokenizer=1\nbuild=zz\ndocs=1\nshards=3\nchunk=1").is_none());
}

#[test]
fn shards_of_another_build_are_ignored() {
    let (_, index) = index();
    let mut root = index.root();
    root.segments[0].build ^= 1;
    let query = broadsheet_app::search::parse_query("harbour");
    let shards: Vec<Shard> = root.segments[0]
        .shards_for(&query)
        .terms
        .iter()
        .map(|&n| index.shard(&broadsheet_app::search::term_shard_path(n)))
        .collect();
    let files = broadsheet_app::search::SegmentFiles {
        terms: shards,
        positions: Vec::new(),
        filters: Some(Vec::new()),
    };
    assert_eq!(
        broadsheet_app::search::search(&root, &query, &[files]).total,
        0
    );
}

#[test]
fn pruning_keeps_title_hits_then_the_best_impacts() {
    let mut docs: Vec<Doc> = (0..60)
        .map(|i| {
            let body = "walrus ".repeat(1 + i % 5) + "on the ice";
            doc(&format!("Story {i}"), "notes", &body, "world", None)
        })
        .collect();
    docs[50].title = "Walrus story".into();
    let params = Params {
        max_postings: 5,
        ..Params::default()
    };
    let index = build(&docs, params);
    let (results, _) = index.query("walrus", None, None);
    assert_eq!(results.total, 5);
    let mut kept: Vec<u32> = results.hits.iter().map(|h| h.0).collect();
    kept.sort_unstable();
    // The title hit, then the highest body tf (5), newest first among equals.
    assert_eq!(kept, [4, 9, 14, 19, 50]);
}

#[test]
fn results_are_sorted_by_score_then_newest() {
    for q in ["the", "a of", "said"] {
        let (results, _) = index().1.query(q, None, None);
        assert!(results.hits.len() > 20, "{q}");
        assert_eq!(results.total as usize, results.hits.len());
        for pair in results.hits.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!(
                a.1 > b.1 || (a.1 == b.1 && a.0 < b.0),
                "{q}: {a:?} before {b:?}"
            );
        }
    }
}
