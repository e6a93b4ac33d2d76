//! Properties over larger generated collections: recall of title bigrams
//! under pruning, and deterministic output.

use super::common::{build, collection};
use crate::outputs::search::Params;
use broadsheet_app::search::{parse_query, search, term_shard_path, Shard};

/// Every two-character Han substring of every title finds its article, on
/// 2,400 docs (80% Chinese) with a posting cap low enough to prune.
#[test]
fn every_han_bigram_of_a_title_finds_its_article_despite_pruning() {
    let docs = collection(2400, 80, 42);
    let params = Params {
        max_postings: 500,
        ..Params::default()
    };
    let index = build(&docs, params);
    assert!(
        index.stats.pruned_postings > 0,
        "the cap must be in effect: {:?}",
        index.stats
    );
    let root = index.root();
    let shards: Vec<Shard> = (0..root.shards)
        .map(|n| index.shard(&term_shard_path(n)))
        .collect();
    let mut checked = 0;
    for (id, doc) in docs.iter().enumerate() {
        let chars: Vec<char> = doc.title.chars().collect();
        for pair in chars.windows(2) {
            if !pair.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
                continue;
            }
            let q: String = pair.iter().collect();
            let query = parse_query(&q);
            let shard = &shards[root.shard_of(&query.terms[0]) as usize];
            let results = search(&root, &query, std::slice::from_ref(shard), &[], &[]);
            if !results.hits.iter().any(|h| h.0 == id as u32) {
                let title_df = docs.iter().filter(|d| d.title.contains(&q)).count();
                panic!("{q} misses doc {id} ({}); in {title_df} titles", doc.title);
            }
            checked += 1;
        }
    }
    assert!(checked > 15_000, "only {checked} bigrams checked");
}

#[test]
fn writing_the_same_input_twice_gives_identical_bytes() {
    let docs = collection(400, 50, 9);
    let a = build(&docs, Params::default());
    let b = build(&docs, Params::default());
    assert_eq!(a.files.len(), b.files.len());
    for ((pa, fa), (pb, fb)) in a.files.iter().zip(&b.files) {
        assert_eq!(pa, pb);
        assert!(fa == fb, "{pa} differs");
    }
    let c = build(&docs[1..], Params::default());
    assert_ne!(
        a.root().build,
        c.root().build,
        "another input gets another build id"
    );
}
