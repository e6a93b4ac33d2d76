//! Query parsing, shard selection and highlighting.

use crate::search::{highlight, parse_query, Query, Root, Segment, MAX_TERMS};

fn root(shards: u32) -> Segment {
    let text = format!(
        "format=2\ntokenizer=3\ndocs=100\nchunk=16\nsegment=base 0000abcd 0 100 {shards} {shards}\n"
    );
    Root::parse(&text).unwrap().segments[0].clone()
}

/// `text` with matched spans in brackets.
fn marked(text: &str, q: &str) -> String {
    let query = parse_query(q);
    let mut out = String::new();
    let mut covered = 0;
    for (range, hit) in highlight(text, &query) {
        assert_eq!(range.start, covered, "ranges must be consecutive");
        covered = range.end;
        let part = &text[range];
        if hit {
            out.push_str(&format!("[{part}]"));
        } else {
            out.push_str(part);
        }
    }
    assert_eq!(covered, text.len(), "ranges must cover the text");
    out
}

#[test]
fn plain_words_become_terms() {
    let q = parse_query("Harbour  strike harbour");
    assert_eq!(q.terms, ["harbour", "strike"]);
    assert!(q.phrases.is_empty());
}

#[test]
fn quotes_of_every_kind_make_phrases() {
    for text in [
        "\"red panda\" zoo",
        "“red panda” zoo",
        "「red panda」 zoo",
        "『red panda』 zoo",
        "＂red panda＂ zoo",
    ] {
        let q = parse_query(text);
        assert_eq!(q.terms, ["red", "panda", "zoo"], "{text}");
        assert_eq!(q.phrases, [vec![(0, 0), (1, 1)]], "{text}");
    }
}

#[test]
fn han_phrases_keep_relative_positions() {
    let q = parse_query("“港口新闻 today”");
    assert_eq!(q.terms, ["港口", "口新", "新闻", "today"]);
    assert_eq!(q.phrases, [vec![(0, 0), (1, 1), (2, 2), (3, 4)]]);
}

#[test]
fn an_unclosed_quote_runs_to_the_end_and_one_word_phrases_are_terms() {
    let q = parse_query("zoo \"red panda");
    assert_eq!(q.phrases, [vec![(1, 0), (2, 1)]]);
    let q = parse_query("\"panda\"");
    assert_eq!(q.terms, ["panda"]);
    assert!(q.phrases.is_empty());
}

#[test]
fn han_queries_give_bigrams_or_a_lone_character() {
    assert_eq!(parse_query("港口新闻").terms, ["港口", "口新", "新闻"]);
    assert_eq!(parse_query("港").terms, ["港"]);
}

#[test]
fn empty_and_symbol_only_queries_are_empty() {
    for text in [
        "",
        "   ",
        "\"\"",
        "“”",
        "!?。",
        "😀👍🏽🇨🇳",
        "👩‍👩‍👧",
        "\u{200D}\u{FE0F}",
    ] {
        assert!(parse_query(text).is_empty(), "{text:?}");
    }
}

#[test]
fn hostile_queries_are_parsed_without_panicking() {
    let han: String = (0..600)
        .filter_map(|i| char::from_u32(0x4E00 + i))
        .collect();
    let long = han + &"a ".repeat(500);
    for text in [
        long.as_str(),
        "<script>alert(\"x\")</script>",
        "\\\"\\\\\"",
        ".*+?^${}()|[]\\/",
        "https://example.org/?q=a&b=%22c%22#frag",
        "\u{FFFF}\u{E000}\u{10FFFF}",
        "مرحبا \"שלום עולם\"",
        "\"\"\"\"\"",
    ] {
        let q = parse_query(text);
        assert!(q.terms.len() <= MAX_TERMS);
        let _ = root(64).shards_for(&q);
        let _ = highlight(text, &q);
    }
    assert_eq!(parse_query(&long).terms.len(), MAX_TERMS);
}

#[test]
fn queries_are_cut_at_256_characters() {
    let text = "x".repeat(255) + " abc";
    assert_eq!(parse_query(&text).terms.len(), 1);
    let text = "x".repeat(250) + " abcdef";
    assert_eq!(
        parse_query(&text).terms,
        ["x".repeat(64), "abcde".to_string()]
    );
}

#[test]
fn shards_for_lists_term_shards_and_phrase_position_shards() {
    let r = root(64);
    let q = parse_query("zoo \"red panda\"");
    let needs = r.shards_for(&q);
    let mut want: Vec<u32> = ["zoo", "red", "panda"]
        .iter()
        .map(|t| r.shard_of(t))
        .collect();
    want.sort_unstable();
    want.dedup();
    assert_eq!(needs.terms, want);
    let mut want: Vec<u32> = ["red", "panda"].iter().map(|t| r.shard_of(t)).collect();
    want.sort_unstable();
    want.dedup();
    assert_eq!(needs.positions, want);
    assert!(r.shards_for(&parse_query("zoo")).positions.is_empty());
    assert_eq!(r.shard_of("zoo"), crate::search::fnv1a(b"zoo") % 64);
}

#[test]
fn the_root_rejects_other_versions_and_bad_values() {
    let base = "segment=base 1 0 1 1 1\n";
    let root = |head: &str, rest: &str| Root::parse(&format!("{head}{rest}"));
    assert!(root("format=2\ntokenizer=3\ndocs=1\nchunk=1\n", base).is_some());
    assert!(root("format=1\ntokenizer=3\ndocs=1\nchunk=1\n", base).is_none());
    assert!(root("format=2\ntokenizer=9\ndocs=1\nchunk=1\n", base).is_none());
    assert!(
        root("format=2\ntokenizer=1\ndocs=1\nchunk=1\n", base).is_none(),
        "an index whose plurals were not folded"
    );
    assert!(
        root("format=2\ntokenizer=2\ndocs=1\nchunk=1\n", base).is_none(),
        "an index whose boxes were boxe"
    );
    assert!(root("format=2\ntokenizer=3\ndocs=1\nchunk=0\n", base).is_none());
    assert!(
        root("format=2\ntokenizer=3\ndocs=1\nchunk=1\n", "").is_none(),
        "no base"
    );
    let head = "format=2\ntokenizer=3\ndocs=40\nchunk=16\n";
    assert!(
        root(head, "segment=base 1 0 40 12 4\n").is_none(),
        "not a power of two"
    );
    assert!(
        root(head, "segment=base 1 0 39 4 4\n").is_none(),
        "ids left over"
    );
    assert!(
        root(
            head,
            "segment=base 1 0 30 4 4\nsegment=recent 2 31 40 1 1\n"
        )
        .is_none(),
        "a gap between segments"
    );
    assert!(root(head, "segment=other 1 0 40 4 4\n").is_none());
    assert!(root(head, "segment=base 1 0 40 4 4\ntombstones=3,0\n").is_none());
    let r = root(
        head,
        "segment=base 1 0 30 4 8\nsection=a%20b 3\nlanguage= 2\nfuture=x\n\
         segment=recent 2 30 40 1 1\nsection=c 1\nlanguage=en 1\ntombstones=3,4\n",
    )
    .unwrap();
    let (base, recent) = (&r.segments[0], &r.segments[1]);
    assert_eq!(base.sections, [("a b".to_string(), 3)]);
    assert_eq!(base.position_shards, 8);
    assert_eq!(base.section_filter_path("a b").as_deref(), Some("f/s0.bin"));
    assert_eq!(base.language_filter_path("").as_deref(), Some("f/l0.bin"));
    assert_eq!(recent.section_filter_path("a b"), None);
    assert_eq!(
        recent.section_filter_path("c").as_deref(),
        Some("r/f/s0.bin")
    );
    assert_eq!(recent.term_shard_path(0), "r/t/0.bin");
    assert_eq!(r.tombstones, [3, 7]);
    assert!(r.is_dead(7) && !r.is_dead(4));
    assert_eq!(r.languages(), ["", "en"]);
    assert_eq!(r.doc_chunk(33), 2);
    let empty = root(
        head,
        "segment=base 1 0 40 4 4\nsegment=recent 0 40 40 0 0\n",
    )
    .unwrap();
    assert!(!empty.segments[1].has_files());
}

#[test]
fn highlight_marks_words_and_merges_overlapping_bigrams() {
    assert_eq!(
        marked("Harbour strike ends", "strike"),
        "Harbour [strike] ends"
    );
    assert_eq!(
        marked("台风过境后港口恢复运营", "港口恢复"),
        "台风过境后[港口恢复]运营"
    );
    assert_eq!(marked("港口与港湾", "港"), "[港]口与[港]湾");
    assert_eq!(
        marked("Red panda, red fox", "\"red panda\""),
        "[Red] [panda], [red] fox"
    );
}

#[test]
fn highlight_offsets_point_into_the_original_text() {
    assert_eq!(
        marked("Ｃａｆé ＡＢＣ news", "cafe abc"),
        "[Ｃａｆé] [ＡＢＣ] news"
    );
    assert_eq!(
        marked("Straße und Cafe\u{301}", "strasse cafe"),
        "[Straße] und [Cafe\u{301}]"
    );
    assert_eq!(marked("5G网络覆盖", "网络"), "5G[网络]覆盖");
    assert_eq!(marked("مرحبا بالعالم", "بالعالم"), "مرحبا [بالعالم]");
}

#[test]
fn a_plural_marks_its_singular_and_the_reverse() {
    assert_eq!(
        marked("New taxes for ferry businesses", "tax ferries business"),
        "New [taxes] for [ferry] [businesses]"
    );
    assert_eq!(
        marked("Two Classes at the Church", "class churches"),
        "Two [Classes] at the [Church]"
    );
}

#[test]
fn highlight_without_matches_is_one_plain_range() {
    assert_eq!(
        highlight("nothing here", &parse_query("zoo")),
        [(0..12, false)]
    );
    assert_eq!(
        highlight("nothing here", &Query::default()),
        [(0..12, false)]
    );
    assert!(highlight("", &parse_query("zoo")).is_empty());
}
