//! Building over a previous index: the base's files keep their bytes, new and changed
//! documents go into the recent segment and are found there, removed and replaced ones
//! are not, and past the threshold everything is re-merged into what a fresh build
//! writes.

use super::common::{add, build, build_over, collection, Doc, Index};
use crate::outputs::search::{Params, Writer};
use std::collections::BTreeSet;

fn doc(slug: &str, title: &str, body: &str, section: &str) -> Doc {
    Doc {
        slug: slug.into(),
        title: title.into(),
        summary: "A story from the harbour".into(),
        body: body.into(),
        section: section.into(),
        language: None,
    }
}

/// 300 generated docs, newest first, with a hand-written one at place 100.
fn archive() -> Vec<Doc> {
    let mut docs = collection(300, 50, 5);
    docs[100] = doc(
        "old-ferry",
        "Ferry timetable",
        "The pelican crossing moves to the quay.",
        "city",
    );
    docs
}

/// `docs` (newest first) as a build adds them: oldest first.
fn oldest_first(docs: &[Doc]) -> Vec<&Doc> {
    docs.iter().rev().collect()
}

/// The files whose bytes differ from (or are missing in) `before`.
fn changed(before: &Index, after: &Index) -> Vec<String> {
    (after.files.iter())
        .filter(|(path, bytes)| before.files.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn a_new_article_goes_into_the_recent_segment_and_the_base_keeps_its_bytes() {
    let docs = archive();
    let first = build(&docs, Params::default());
    let mut now = docs.clone();
    now.insert(
        0,
        doc(
            "new-walrus",
            "Walrus visits the quay",
            "A walrus slept on the pier.",
            "world",
        ),
    );
    let second = build_over(&first, &oldest_first(&now), Params::default());
    assert!(!second.stats.merged, "{:?}", second.stats);
    assert_eq!((second.stats.recent_docs, second.stats.tombstones), (1, 0));
    assert_eq!(
        second.stats.untokenized, 300,
        "the base's documents not tokenized again"
    );
    let written = changed(&first, &second);
    // The root, the manifest, the last summary chunk and the recent segment's files.
    assert!(
        written.iter().all(|p| p == "index.txt"
            || p == "base.txt"
            || p.starts_with("r/")
            || p == "docs/75.json"),
        "{written:?}"
    );
    assert!(written.len() <= 12, "{written:?}");
    let root = second.root();
    assert_eq!(
        (root.docs, root.segments[1].first, root.segments[1].end),
        (301, 300, 301)
    );
    assert_eq!(second.slugs("walrus"), ["new-walrus"]);
    assert_eq!(second.slugs("pelican"), ["old-ferry"]);
    assert_eq!(second.slugs("\"walrus slept\""), ["new-walrus"]);
    // Section filters of either segment.
    let (world, _) = second.query_ids("walrus", Some("world"), None);
    assert_eq!(world.hits.len(), 1);
    let (city, _) = second.query_ids("walrus", Some("city"), None);
    assert_eq!(city.total, 0);
    // Nothing changed since: the same bytes again.
    let third = build_over(&second, &oldest_first(&now), Params::default());
    assert_eq!(changed(&second, &third), Vec::<String>::new());
}

#[test]
fn an_edited_article_is_found_by_its_new_words_and_a_removed_one_not_at_all() {
    let docs = archive();
    let first = build(&docs, Params::default());
    let mut now = docs.clone();
    now[100].body = "The albatross crossing moves to the quay.".into();
    let removed = now.remove(50).slug;
    let second = build_over(&first, &oldest_first(&now), Params::default());
    assert!(!second.stats.merged);
    assert_eq!((second.stats.recent_docs, second.stats.tombstones), (1, 2));
    assert_eq!(second.slugs("albatross"), ["old-ferry"]);
    assert_eq!(second.slugs("pelican"), Vec::<String>::new());
    assert_eq!(second.slugs("ferry timetable"), ["old-ferry"], "found once");
    let root = second.root();
    assert_eq!(root.tombstones.len(), 2);
    let gone = &docs[50];
    let word = gone.title.split_whitespace().next().unwrap_or(&gone.title);
    assert!(!second.slugs(word).contains(&removed), "{word}");
    assert!(
        first.slugs(word).contains(&removed),
        "{word} found it before"
    );
    // Its summary's place holds null; the kept ones keep theirs.
    let chunk: serde_json::Value = serde_json::from_slice(
        &second.files[&broadsheet_app::search::doc_chunk_path(root.doc_chunk(root.tombstones[0]))],
    )
    .unwrap();
    assert!(chunk[(root.tombstones[0] % root.chunk) as usize].is_null());
}

#[test]
fn past_the_threshold_everything_is_re_merged_as_a_fresh_build_writes_it() {
    let docs = archive();
    let first = build(&docs, Params::default());
    let mut now: Vec<Doc> = (0..70)
        .map(|i| {
            doc(
                &format!("new-{i}"),
                &format!("Dispatch {i}"),
                "News of the gannet colony.",
                "city",
            )
        })
        .collect();
    now.extend(docs.iter().cloned());
    // The base's 300 documents are added untokenized, so the writer cannot re-merge
    // from them: it says so, and refuses to finish.
    let mut writer = Writer::over(Params::default(), &first.files);
    for d in oldest_first(&now) {
        add(&mut writer, d);
    }
    assert!(writer.needs_every_document());
    assert_eq!(writer.finish_over_map(&first.files).0, Vec::new());
    // `build_over` adds them again to a new writer, as the builder does.
    let over = build_over(&first, &oldest_first(&now), Params::default());
    assert!(over.stats.merged, "70 new ids pass max(64, 300 / 64)");
    let fresh = build(&now, Params::default());
    assert_eq!(
        over.files.keys().collect::<Vec<_>>(),
        fresh.files.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh.files {
        assert!(
            over.files[path] == *bytes,
            "{path} differs from a fresh build"
        );
    }
    assert_eq!(over.slugs("gannet").len(), 70);
}

#[test]
fn the_recent_segment_finds_what_a_fresh_build_finds() {
    let docs = archive();
    let first = build(&docs[20..], Params::default());
    let over = build_over(&first, &oldest_first(&docs), Params::default());
    assert_eq!(over.stats.recent_docs, 20);
    let fresh = build(&docs, Params::default());
    let mut rng = super::common::Rng(17);
    for _ in 0..60 {
        let d = &docs[rng.below(40)];
        let words: Vec<&str> = d.body.split_whitespace().collect();
        let q = if words.len() > 2 {
            words[rng.below(words.len())].to_string()
        } else {
            d.body.chars().skip(rng.below(20)).take(2).collect()
        };
        let set = |i: &Index| i.slugs(&q).into_iter().collect::<BTreeSet<_>>();
        assert_eq!(set(&over), set(&fresh), "{q}");
    }
}

#[test]
fn a_previous_index_of_other_parameters_or_damaged_is_re_merged() {
    let docs = archive();
    let first = build(&docs, Params::default());
    let other = Params {
        max_postings: 100,
        ..Params::default()
    };
    assert!(build_over(&first, &oldest_first(&docs), other).stats.merged);
    let mut damaged = Index {
        files: first.files.clone(),
        stats: first.stats.clone(),
    };
    damaged.files.remove("t/0.bin");
    assert!(
        build_over(&damaged, &oldest_first(&docs), Params::default())
            .stats
            .merged
    );
    damaged.files = first.files.clone();
    damaged
        .files
        .insert("base.txt".into(), b"format=2\nbase=zz\n".to_vec());
    assert!(
        build_over(&damaged, &oldest_first(&docs), Params::default())
            .stats
            .merged
    );
    assert!(
        !build_over(&first, &oldest_first(&docs), Params::default())
            .stats
            .merged
    );
}
