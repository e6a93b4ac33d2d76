//! Properties over larger generated collections: recall of title bigrams
//! under pruning, shard sizes, and deterministic output.

use super::common::{build, collection};
use crate::outputs::search::Params;
use broadsheet_app::search::{
    parse_query, position_shard_path, search, term_shard_path, SegmentFiles, Shard,
};

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
    let base = &root.segments[0];
    let shards: Vec<Shard> = (0..base.shards)
        .map(|n| index.shard(&term_shard_path(n)))
        .collect();
    let last = docs.len() as u32 - 1;
    let mut checked = 0;
    for (id, doc) in docs.iter().enumerate() {
        let chars: Vec<char> = doc.title.chars().collect();
        for pair in chars.windows(2) {
            if !pair.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
                continue;
            }
            let q: String = pair.iter().collect();
            let query = parse_query(&q);
            let shard = &shards[base.shard_of(&query.terms[0]) as usize];
            let files = SegmentFiles {
                terms: vec![shard.clone()],
                positions: Vec::new(),
                filters: Some(Vec::new()),
            };
            let results = search(&root, &query, &[files]);
            if !results.hits.iter().any(|h| h.0 == last - id as u32) {
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
        a.root().segments[0].build,
        c.root().segments[0].build,
        "another input gets another build id"
    );
}

#[test]
fn positions_get_their_own_shards_sized_like_term_shards() {
    let docs = collection(600, 50, 7);
    let index = build(
        &docs,
        Params {
            shard_bytes: 2048,
            ..Params::default()
        },
    );
    let root = index.root().segments[0].clone();
    let stats = &index.stats;
    assert_eq!(
        (root.shards, root.position_shards),
        (stats.shards, stats.position_shards)
    );
    // Each kind gets the fewest shards (a power of two) that keep its average file within
    // the target: positions outweigh postings, so they get at least as many.
    assert!(stats.position_bytes > stats.term_bytes, "{stats:?}");
    assert!(root.position_shards >= root.shards, "{root:?}");
    let target = 2048; // shard_bytes above
    let header = 16; // magic, version, build, number, checksum, term count
    for (bytes, shards) in [
        (stats.term_bytes, stats.shards),
        (stats.position_bytes, stats.position_shards),
    ] {
        let average = bytes / u64::from(shards);
        assert!(
            average <= target + header,
            "{bytes} bytes in {shards} shards"
        );
        assert!(
            2 * average > target,
            "half as many shards would do: {bytes} in {shards}"
        );
    }
    let count = |dir: &str| index.files.keys().filter(|p| p.starts_with(dir)).count();
    assert_eq!(count("t/"), root.shards as usize);
    assert_eq!(count("p/"), root.position_shards as usize);
    // A phrase from an article's title fetches the position shards its terms hash to,
    // and finds the article.
    let (id, doc) = docs
        .iter()
        .enumerate()
        .find(|(_, d)| {
            d.title
                .chars()
                .take(4)
                .all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        })
        .expect("a Chinese title");
    let q = format!("\"{}\"", doc.title.chars().take(4).collect::<String>());
    let (results, fetched) = index.query(&q, None, None);
    for term in &parse_query(&q).terms {
        let path = position_shard_path(root.position_shard_of(term));
        assert!(fetched.contains(&path), "{path} in {fetched:?}");
    }
    assert!(
        results.hits.iter().any(|h| h.0 == id as u32),
        "{q} finds {id}"
    );
}
