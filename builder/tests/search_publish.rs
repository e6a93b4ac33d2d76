//! Publishing into a built site rewrites a bounded part of the search index: the base
//! segment's files keep their inodes, the new article is found through the app's own
//! search engine over the files the build wrote, an edited one by its new words only,
//! and a removed one not at all.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use broadsheet_app::search::{parse_query, search, Filter, Root, SegmentFiles, Shard};

use crate::common::*;

/// The slugs of `q`'s results in the index below `out`, read the way the app reads it.
fn found(out: &Path, q: &str) -> Vec<String> {
    let dir = out.join("api/v1/search");
    let read = |path: &str| fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let root = Root::parse(&String::from_utf8(read("index.txt")).unwrap()).expect("the root");
    let query = parse_query(q);
    let files: Vec<SegmentFiles> = (root.segments.iter())
        .map(|segment| {
            if !segment.has_files() {
                return SegmentFiles::default();
            }
            let needs = segment.shards_for(&query);
            let shard = |path: String| Shard::parse(&read(&path)).expect("a shard");
            SegmentFiles {
                terms: needs
                    .terms
                    .iter()
                    .map(|&n| shard(segment.term_shard_path(n)))
                    .collect(),
                positions: (needs.positions.iter())
                    .map(|&n| shard(segment.position_shard_path(n)))
                    .collect(),
                filters: Some(Vec::<Filter>::new()),
            }
        })
        .collect();
    let mut chunks: BTreeMap<u32, serde_json::Value> = BTreeMap::new();
    search(&root, &query, &files)
        .hits
        .iter()
        .map(|&(id, _)| {
            let k = root.doc_chunk(id);
            let chunk = chunks.entry(k).or_insert_with(|| {
                let path = broadsheet_app::search::doc_chunk_path(k);
                serde_json::from_slice(&read(&path)).unwrap()
            });
            chunk[(id % root.chunk) as usize]["slug"]
                .as_str()
                .expect("a live result's summary")
                .to_string()
        })
        .collect()
}

/// The slugs of every summary the index's chunks hold (a removed or replaced article's
/// place holds `null`), chunk by chunk.
fn summaries(out: &Path) -> Vec<String> {
    let dir = out.join("api/v1/search");
    (0..)
        .map(|k| dir.join(broadsheet_app::search::doc_chunk_path(k)))
        .take_while(|path| path.exists())
        .flat_map(|path| {
            let chunk: Vec<serde_json::Value> =
                serde_json::from_slice(&fs::read(path).unwrap()).unwrap();
            chunk
                .into_iter()
                .filter_map(|s| Some(s["slug"].as_str()?.to_string()))
        })
        .collect()
}

fn written_in_index(report: &broadsheet::Report) -> Vec<&String> {
    (report.changes.written.iter())
        .filter(|p| p.starts_with("api/v1/search/"))
        .collect()
}

const NEW: &str = "+++\ntitle = \"Walrus naps on the ferry pier\"\ndate = 2026-11-29T08:00:00Z\n\
    section = \"city\"\nsummary = \"Crowds gather.\"\nlanguage = \"en\"\n+++\n\n\
    The walrus slept until noon.\n";

#[test]
fn publishing_an_article_writes_a_bounded_part_of_the_index_and_finds_it() {
    let tmp = copy_fixture("basic");
    let (content, out) = (tmp.path().join("content"), tmp.path().join("dist"));
    build(&content, &out, None, None).expect("first build");
    let base_shard = out.join("api/v1/search/t/0.bin");
    let inode = fs::metadata(&base_shard).unwrap().ino();
    assert_eq!(found(&out, "walrus"), Vec::<String>::new());
    // The oldest articles' summaries (a chunk holds 4): a chunk the new article does not
    // reach.
    let first_chunk = out.join("api/v1/search/docs/0.json");
    let chunk_inode = fs::metadata(&first_chunk).unwrap().ino();

    fs::write(content.join("articles/city/walrus.md"), NEW).unwrap();
    let report = build(&content, &out, None, None).expect("publish");
    let written = written_in_index(&report);
    assert!(written.len() <= 12, "{written:?}");
    assert!(
        written.iter().all(|p| !p.starts_with("api/v1/search/t/")
            && !p.starts_with("api/v1/search/p/")
            && !p.starts_with("api/v1/search/f/")),
        "base files rewritten: {written:?}"
    );
    assert!(
        written.iter().any(|p| p.starts_with("api/v1/search/r/t/")),
        "{written:?}"
    );
    assert!(
        written.iter().any(|p| p.starts_with("api/v1/search/docs/")),
        "the new article's summary chunk written: {written:?}"
    );
    assert_eq!(
        fs::metadata(&first_chunk).unwrap().ino(),
        chunk_inode,
        "a summary chunk the new article does not reach kept"
    );
    assert_eq!(
        fs::metadata(&base_shard).unwrap().ino(),
        inode,
        "the base shard kept"
    );
    assert_eq!(found(&out, "walrus"), ["walrus"]);
    assert_eq!(found(&out, "\"walrus slept\""), ["walrus"]);
    assert!(found(&out, "ferry").contains(&"walrus".to_string()));

    // An old article edited: found by its new words, not by the ones it lost.
    let ferry = content.join("articles/city/new-ferry-line.md");
    let text = fs::read_to_string(&ferry).unwrap();
    assert!(found(&out, "passengers").contains(&"new-ferry-line".to_string()));
    fs::write(&ferry, text.replace("passengers", "pelicans")).unwrap();
    let report = build(&content, &out, None, None).expect("edit");
    assert!(written_in_index(&report).len() <= 12);
    assert_eq!(fs::metadata(&base_shard).unwrap().ino(), inode);
    assert_eq!(found(&out, "pelicans"), ["new-ferry-line"]);
    assert!(!found(&out, "passengers").contains(&"new-ferry-line".to_string()));
    assert_eq!(found(&out, "islands"), ["new-ferry-line"], "found once");
    let held = summaries(&out);
    assert_eq!(
        held.iter().filter(|s| *s == "new-ferry-line").count(),
        1,
        "{held:?}"
    );

    // An article removed: not found any more.
    assert_eq!(found(&out, "龙舟"), ["dragon-boat"]);
    fs::remove_file(content.join("articles/sport/dragon-boat.md")).unwrap();
    build(&content, &out, None, None).expect("removal");
    assert_eq!(found(&out, "龙舟"), Vec::<String>::new());
    assert_eq!(fs::metadata(&base_shard).unwrap().ino(), inode);
    let mut held = summaries(&out);
    held.sort();
    assert_eq!(
        held,
        [
            "harbour-clean-up",
            "market-reopens",
            "new-ferry-line",
            "walrus"
        ]
    );
}

#[test]
fn publishing_past_the_threshold_re_merges_with_every_article_tokenized() {
    let tmp = copy_fixture("basic");
    let (content, out) = (tmp.path().join("content"), tmp.path().join("dist"));
    build(&content, &out, None, None).expect("first build");
    // 70 new articles pass the threshold (64 for a small base): the base's articles were
    // added untokenized, so the build tokenizes every article again for the new base.
    for i in 0..70 {
        let text = NEW
            .replace("Walrus naps", &format!("Dispatch {i}: walrus naps"))
            .replace("08:00", &format!("{:02}:{:02}", 8 + i / 60, i % 60));
        fs::write(content.join(format!("articles/city/walrus-{i}.md")), text).unwrap();
    }
    build(&content, &out, None, None).expect("publish past the threshold");
    let dir = out.join("api/v1/search");
    let root = Root::parse(&fs::read_to_string(dir.join("index.txt")).unwrap()).unwrap();
    assert_eq!(
        root.segments[0].end, root.docs,
        "one new base holds every article"
    );
    assert_eq!(found(&out, "walrus").len(), 70);
    assert_eq!(
        found(&out, "龙舟"),
        ["dragon-boat"],
        "the old base's articles too"
    );
    assert_eq!(found(&out, "\"walrus slept\"").len(), 70);
}

/// The basic fixture built once, its `new-ferry-line` article's source `edit`ed first;
/// the folder (keep it alive) and the output.
fn built_with_ferry_line(edit: impl FnOnce(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = copy_fixture("basic");
    let (content, out) = (tmp.path().join("content"), tmp.path().join("dist"));
    let article = content.join("articles/city/new-ferry-line.md");
    fs::write(&article, edit(fs::read_to_string(&article).unwrap())).unwrap();
    build(&content, &out, None, None).expect("build");
    (tmp, out)
}

#[test]
fn a_lead_photo_caption_is_searched_with_the_body() {
    let (_tmp, out) = built_with_ferry_line(|text| {
        let captioned = text.replace(
            "caption = \"The first crossing on Monday morning\"",
            "caption = \"Cormorants watch the first crossing\"",
        );
        assert_ne!(text, captioned, "the fixture's lead photo has its caption");
        captioned
    });
    assert_eq!(found(&out, "cormorant"), ["new-ferry-line"]);
    assert_eq!(found(&out, "\"cormorants watch\""), ["new-ferry-line"]);
}

#[test]
fn a_plural_after_a_hissing_sound_finds_its_singular_through_the_written_index() {
    let (_tmp, out) = built_with_ferry_line(|text| {
        text + "\nHarbour taxes pay for the two churches' new boxes.\n"
    });
    for query in ["tax", "church", "box", "Taxes", "\"harbour tax\""] {
        assert_eq!(found(&out, query), ["new-ferry-line"], "{query}");
    }
}
