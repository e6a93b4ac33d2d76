//! Query parsing, shard selection and highlighting.

use crate::search::{highlight, parse_query, Query, Root, MAX_TERMS};

fn root(shards: u32) -> Root {
    let text =
        format!("format=1\ntokenizer=1\nbuild=0000abcd\ndocs=100\nshards={shards}\nchunk=16\n");
    Root::parse(&text).unwrap()
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
    assert!(Root::parse("format=2\ntokenizer=1\nbuild=1\ndocs=1\nshards=1\nchunk=1\n").is_none());
    assert!(Root::parse("format=1\ntokenizer=9\nbuild=1\ndocs=1\nshards=1\nchunk=1\n").is_none());
    assert!(Root::parse("format=1\ntokenizer=1\nbuild=1\ndocs=1\nshards=1\nchunk=0\n").is_none());
    let with = |positions: &str| {
        Root::parse(&format!(
            "format=1\ntokenizer=1\nbuild=1\ndocs=1\nshards=4\n{positions}chunk=1\n"
        ))
        .map(|r| r.position_shards)
    };
    assert_eq!(
        with(""),
        Some(4),
        "positions default to the term shards' count"
    );
    assert_eq!(with("position_shards=16\n"), Some(16));
    assert_eq!(with("position_shards=12\n"), None, "not a power of two");
    let r = Root::parse("format=1\ntokenizer=1\nbuild=1\ndocs=40\nshards=1\nchunk=16\nsection=a%20b 3\nlanguage= 2\nfuture=x\n").unwrap();
    assert_eq!(r.sections, [("a b".to_string(), 3)]);
    assert_eq!(r.section_filter_path("a b").as_deref(), Some("f/s0.bin"));
    assert_eq!(r.language_filter_path("").as_deref(), Some("f/l0.bin"));
    assert_eq!(r.doc_chunk(33), 2);
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
