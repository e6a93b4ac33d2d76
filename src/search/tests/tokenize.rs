//! Tokenizer behaviour: scripts, folding, positions and hostile input.

use crate::search::{for_each_token, tokens, Mode};

fn terms(text: &str, mode: Mode) -> Vec<String> {
    tokens(text, mode).into_iter().map(|t| t.term).collect()
}

fn query_terms(text: &str) -> Vec<String> {
    terms(text, Mode::Query)
}

#[test]
fn han_runs_give_overlapping_bigrams() {
    assert_eq!(query_terms("港口新闻"), ["港口", "口新", "新闻"]);
}

#[test]
fn a_one_character_run_gives_that_character() {
    assert_eq!(query_terms("港"), ["港"]);
    assert_eq!(query_terms("在 上海"), ["在", "上海"]);
}

#[test]
fn index_mode_adds_every_single_character() {
    let mut got = terms("港口新", Mode::Index);
    got.sort();
    let mut want = vec!["港", "口", "新", "港口", "口新"];
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn bigrams_sit_at_their_first_character_and_runs_take_one_position_per_char() {
    let toks = tokens("港口新闻 today", Mode::Query);
    let pos: Vec<(&str, u32)> = toks.iter().map(|t| (t.term.as_str(), t.pos)).collect();
    assert_eq!(pos, [("港口", 0), ("口新", 1), ("新闻", 2), ("today", 4)]);
    let singles: Vec<u32> = tokens("港口新闻", Mode::Index)
        .iter()
        .filter(|t| t.term.chars().count() == 1)
        .map(|t| t.pos)
        .collect();
    assert_eq!(singles, [0, 1, 2, 3]);
}

#[test]
fn kana_and_hangul_are_bigram_scripts() {
    assert_eq!(query_terms("ひらがな"), ["ひら", "らが", "がな"]);
    assert_eq!(query_terms("カタカナ"), ["カタ", "タカ", "カナ"]);
    assert_eq!(query_terms("東京タワー"), ["東京", "京タ", "タワ", "ワー"]);
    assert_eq!(query_terms("서울시"), ["서울", "울시"]);
    // The katakana middle dot separates.
    assert_eq!(
        query_terms("ジョン・スミス"),
        ["ジョ", "ョン", "スミ", "ミス"]
    );
}

#[test]
fn a_change_of_script_is_a_boundary() {
    assert_eq!(query_terms("5G网络"), ["5g", "网络"]);
    assert_eq!(query_terms("iPhone发布会"), ["iphone", "发布", "布会"]);
    assert_eq!(query_terms("2025年"), ["2025", "年"]);
    assert_eq!(query_terms("abcабв"), ["abc", "абв"]);
}

#[test]
fn words_split_on_punctuation_and_apostrophes_join() {
    assert_eq!(
        query_terms("Don't stop—the U.S. e-mail"),
        ["dont", "stop", "the", "u", "s", "e", "mail"]
    );
    assert_eq!(query_terms("it’s rock'n'roll"), ["its", "rocknroll"]);
    assert_eq!(query_terms("'quoted' students'"), ["quoted", "student"]);
    assert_eq!(
        query_terms("3.14 1,000 covid19"),
        ["3", "14", "1", "000", "covid19"]
    );
}

#[test]
fn english_plurals_fold_by_the_first_rule_that_applies() {
    let pairs = [
        ("ferries", "ferry"),
        ("cities", "city"),
        ("harbours", "harbour"),
        ("Festivals", "festival"),
        ("horses", "horse"),
        ("shoes", "shoe"),
        ("trees", "tree"),
        // after a hissing sound, the e goes too (ours), from singulars alike
        ("boxes", "box"),
        ("taxes", "tax"),
        ("classes", "class"),
        ("businesses", "business"),
        ("churches", "church"),
        ("matches", "match"),
        ("crashes", "crash"),
        ("buzzes", "buzz"),
        ("caches", "cach"),
        ("cache", "cach"),
        ("axes", "ax"),
        ("axe", "ax"),
        ("finesse", "finess"),
        ("she", "she"),
        ("crises", "crise"),
        ("houses", "house"),
        ("sizes", "size"),
        ("1990s", "1990"),
        // not plural endings, or too short to tell
        ("status", "status"),
        ("glass", "glass"),
        ("news", "new"),
        ("its", "its"),
        ("bus", "bus"),
        ("is", "is"),
        // ies after a vowel is not the y plural
        ("zombies", "zomby"),
        ("freebies", "freeby"),
        ("cookies", "cooky"),
    ];
    for (word, folded) in pairs {
        assert_eq!(query_terms(word), [folded], "{word}");
    }
    assert_eq!(query_terms("ferry"), query_terms("FERRIES"));
    // After the accents fold; a word the script splits folds on its own.
    assert_eq!(query_terms("Cafés"), ["cafe"]);
    assert_eq!(query_terms("港口ferries"), ["港口", "ferry"]);
}

#[test]
fn case_accents_and_full_width_fold() {
    assert_eq!(query_terms("ＡＢＣ"), ["abc"]);
    assert_eq!(query_terms("Café"), ["cafe"]);
    assert_eq!(query_terms("Cafe\u{301}"), ["cafe"]);
    assert_eq!(
        query_terms("Fußball Ærø Łódź Œuvre Þór"),
        ["fussball", "aero", "lodz", "oeuvre", "thor"]
    );
    assert_eq!(query_terms("ＮＡＳＡ２０２５"), ["nasa2025"]);
    assert_eq!(query_terms("中文　空格"), ["中文", "空格"]);
    assert_eq!(query_terms("İstanbul"), ["istanbul"]);
}

/// The short cuts for ASCII and the CJK unified ideographs give what the general path
/// gives, character by character.
#[test]
fn the_short_cuts_fold_and_classify_ascii_and_han_as_the_general_path_does() {
    use crate::search::fold::{fold, fold_any};
    use crate::search::tokenize::{classify, classify_any};
    for c in ('\0'..='\u{7F}').chain('\u{4E00}'..='\u{9FFF}') {
        assert_eq!(fold(c), fold_any(c), "{c:?}");
        assert_eq!(classify(c), classify_any(c), "{c:?}");
    }
}

/// The hand-written lowercase agrees with `char::to_lowercase` on every
/// letter of these blocks (compared after folding both) except the irregular
/// Latin Extended-B letters (African orthographies, digraphs) and archaic
/// Greek letters listed here, which are left as they are.
#[test]
fn lowercase_matches_std_on_latin_greek_cyrillic_and_armenian() {
    let ranges = [
        0x41..0x250,
        0x370..0x400,
        0x400..0x530,
        0x531..0x557,
        0x1E00..0x1F00,
    ];
    let mut differ = String::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let lower: String = c.to_lowercase().collect();
        if c.is_alphabetic() && query_terms(&c.to_string()) != query_terms(&lower) {
            differ.push(c);
        }
    }
    assert_eq!(
        differ,
        "ƁƂƄƆƇƉƊƋƎƏƐƑƓƔƖƗƘƜƝƟƢƤƦƧƩƬƮƱƲƳƵƷƸƼǄǅǇǈǊǋǱǲǴǶǷȠȺȻȽȾɁɃɄɅɆɈɊɌɎͰͲͶͿϏϘϚϜϞϠϢϤϦϨϪϬϮϴϷϹϺϽϾϿ"
    );
    assert_eq!(
        query_terms("ǍǏǑǓǕ Ș Ț Ơ Ư ẞ ԱՐԱՄ"),
        ["ǎǐǒǔǖ", "ș", "ț", "ơ", "ư", "ss", "արամ"]
    );
}

#[test]
fn cyrillic_and_greek_lowercase_and_fold() {
    assert_eq!(query_terms("МОСКВА Ёлка"), ["москва", "елка"]);
    assert_eq!(
        query_terms("ΑΘΗΝΑ Αθήνα λόγος"),
        ["αθηνα", "αθηνα", "λογοσ"]
    );
}

#[test]
fn rtl_indic_and_thai_words() {
    assert_eq!(query_terms("مرحبا بالعالم"), ["مرحبا", "بالعالم"]);
    assert_eq!(query_terms("مَرْحَبًا"), ["مرحبا"]);
    assert_eq!(query_terms("שָׁלוֹם עולם"), ["שלום", "עולם"]);
    assert_eq!(query_terms("हिन्दी भाषा।"), ["हिन्दी", "भाषा"]);
    assert_eq!(query_terms("ภาษาไทย ไม่"), ["ภาษาไทย", "ไม่"]);
}

#[test]
fn emoji_and_symbols_separate() {
    assert_eq!(query_terms("👩‍👩‍👧 family🇨🇳中国❤️"), ["family", "中国"]);
    assert_eq!(
        query_terms("a+b=c * $5 €9 #tag @me"),
        ["a", "b", "c", "5", "9", "tag", "me"]
    );
}

#[test]
fn only_punctuation_emoji_or_odd_code_points_give_nothing() {
    for text in [
        "",
        " ",
        "!!!",
        "。，、「」",
        "😀🎉👍🏽",
        "\u{FFFF}\u{E000}\u{10FFFF}",
        "\u{200B}\u{0301}",
        "<>&\"'\\",
    ] {
        assert!(query_terms(text).is_empty(), "{text:?}");
        assert!(terms(text, Mode::Index).is_empty(), "{text:?}");
    }
}

#[test]
fn markup_and_special_characters_are_just_separators() {
    assert_eq!(
        query_terms("<script>alert(1)</script>"),
        ["script", "alert", "1", "script"]
    );
    assert_eq!(
        query_terms(r#"say "hi" \n back\slash"#),
        ["say", "hi", "n", "back", "slash"]
    );
    assert_eq!(query_terms(".*+?^${}()|[]\\ a.b"), ["a", "b"]);
    assert_eq!(
        query_terms("https://example.org/a?b=c&d=%20#x"),
        ["http", "example", "org", "a", "b", "c", "d", "20", "x"]
    );
}

#[test]
fn long_words_are_truncated_to_64_characters() {
    let long = "a".repeat(1000);
    let toks = tokens(&long, Mode::Query);
    assert_eq!(toks.len(), 1);
    assert_eq!(toks[0].term.chars().count(), 64);
    assert_eq!(toks[0].span, 0..1000);
}

#[test]
fn spans_point_into_the_original_text() {
    let text = "Ｃａｆé 港口";
    for t in tokens(text, Mode::Index) {
        assert!(text.get(t.span.clone()).is_some(), "{t:?}");
    }
    let toks = tokens(text, Mode::Query);
    assert_eq!(&text[toks[0].span.clone()], "Ｃａｆé");
    assert_eq!(&text[toks[1].span.clone()], "港口");
}

#[test]
fn the_number_of_positions_is_returned() {
    assert_eq!(
        for_each_token("a b 港口新", Mode::Query, &mut |_, _, _| {}),
        5
    );
    assert_eq!(for_each_token("", Mode::Index, &mut |_, _, _| {}), 0);
}

/// xorshift64*: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A random character from a pool mixing every kind of input.
fn random_char(rng: &mut Rng) -> char {
    const POOL: &str = "aZé ß'’\"\\<>&.,-_/港口新闻中国ひらカナ한국ΑθЖж مرحبا שלום हिन्दीไทย\u{301}\u{200D}\u{FE0F}\u{3000}ＡＢ１！😀👩🏽\u{E000}\u{FFFF}\u{10FFFF}\u{0}\n\t\u{2028}İﬁ²①";
    let kinds = rng.below(3);
    if kinds == 0 {
        // Any scalar value at all.
        loop {
            if let Some(c) = char::from_u32(rng.below(0x11_0000) as u32) {
                return c;
            }
        }
    }
    let pool: Vec<char> = POOL.chars().collect();
    pool[rng.below(pool.len() as u64) as usize]
}

#[test]
fn random_strings_never_break_the_invariants() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = rng.below(80) as usize;
        let text: String = (0..len).map(|_| random_char(&mut rng)).collect();
        for mode in [Mode::Query, Mode::Index] {
            let (mut last_pos, mut last_start) = (0, 0);
            let used = for_each_token(&text, mode, &mut |term, pos, span| {
                // The highlighter relies on tokens coming in order of start.
                assert!(span.start >= last_start, "starts go back in {text:?}");
                last_start = span.start;
                assert!(!term.is_empty());
                assert!(term.chars().count() <= 64);
                assert!(
                    text.get(span.clone()).is_some_and(|s| !s.is_empty()),
                    "{text:?} {span:?}"
                );
                assert!(pos + 1 >= last_pos, "positions go back in {text:?}");
                last_pos = pos;
            });
            assert!(used >= last_pos);
        }
    }
}
