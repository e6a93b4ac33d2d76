//! Text measures: the derived summary and the reading time, for CJK and Latin text.

/// Summary budget: a CJK character costs 1, a Latin word 3 (≈ 120 CJK chars or 40 words).
const SUMMARY_BUDGET: usize = 120;
const WORD_COST: usize = 3;
const CJK_PER_MINUTE: usize = 400;
const WORDS_PER_MINUTE: usize = 220;

/// Whether `c` is read one character at a time (Han, kana, Hangul, CJK punctuation).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF
        | 0x20000..=0x2FA1F)
}

/// A summary of `text`: the first ~120 CJK characters or ~40 words, cut on a
/// character boundary, ending with `…` when shortened.
pub fn summarise(text: &str) -> String {
    let text = collapse_whitespace(text);
    let mut spent = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let cost = if is_cjk(c) {
            in_word = false;
            1
        } else if c.is_whitespace() {
            in_word = false;
            0
        } else if !in_word {
            in_word = true;
            WORD_COST
        } else {
            0
        };
        if spent + cost > SUMMARY_BUDGET {
            let cut = text[..i]
                .trim_end_matches(|c: char| c.is_whitespace() || ",;:，、；：—-".contains(c));
            return format!("{cut}…");
        }
        spent += cost;
    }
    text
}

/// Appends the text that the HTML fragment `html` shows, for counting its words: tags
/// dropped (script and style with their content), a space for each tag that is not
/// inline (so `<p>a</p><p>b</p>` reads as two words), entities decoded. Read token by
/// token ([`crate::html_tokens`]): no tree is built and nothing is written back out.
pub fn push_html_text(out: &mut String, html: &str) {
    use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
    use std::cell::{Cell, RefCell};

    /// Phrasing elements, which do not part the words around them.
    const INLINE: [&str; 25] = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    ];
    struct Sink<'a> {
        out: RefCell<&'a mut String>,
        /// Inside a script or style element: its text is not read.
        hidden: Cell<bool>,
    }
    impl TokenSink for Sink<'_> {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            match token {
                Token::TagToken(tag) => {
                    if !INLINE.contains(&&*tag.name) {
                        self.out.borrow_mut().push(' ');
                    }
                    if matches!(&*tag.name, "script" | "style") {
                        self.hidden.set(tag.kind == TagKind::StartTag);
                    }
                    if tag.kind == TagKind::StartTag {
                        return crate::html_tokens::after_start_tag(&tag.name);
                    }
                }
                Token::CharacterTokens(text) if !self.hidden.get() => {
                    self.out.borrow_mut().push_str(&text);
                }
                _ => {}
            }
            TokenSinkResult::Continue
        }
    }
    let sink = Sink {
        out: RefCell::new(out),
        hidden: Cell::new(false),
    };
    crate::html_tokens::read(html, sink);
}

/// Minutes to read `text`: CJK characters at 400 a minute plus words at 220, at least 1.
pub fn reading_minutes(text: &str) -> u32 {
    let (cjk, words) = count(text);
    // cjk/400 + words/220, rounded up, in integers.
    let units = cjk * WORDS_PER_MINUTE + words * CJK_PER_MINUTE;
    let per_minute = CJK_PER_MINUTE * WORDS_PER_MINUTE;
    let minutes = units.div_ceil(per_minute).max(1);
    u32::try_from(minutes).unwrap_or(u32::MAX)
}

/// (CJK characters, Latin words) in `text`.
pub fn count(text: &str) -> (usize, usize) {
    let (mut cjk, mut words, mut in_word) = (0, 0, false);
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else if c.is_whitespace() {
            in_word = false;
        }
    }
    (cjk, words)
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_its_own_summary() {
        assert_eq!(summarise("  A short\n note. "), "A short note.");
    }

    #[test]
    fn latin_summaries_stop_after_forty_words() {
        let text = (1..=100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let s = summarise(&text);
        assert!(s.ends_with("w40…"), "{s}");
    }

    #[test]
    fn cjk_summaries_cut_by_characters_not_bytes() {
        let text = "港".repeat(300);
        let s = summarise(&text);
        assert_eq!(s.chars().count(), 121);
        assert!(s.ends_with('…'));
    }

    #[test]
    fn cut_drops_trailing_punctuation_before_the_ellipsis() {
        let text = format!("{}，{}", "城".repeat(119), "市".repeat(50));
        assert_eq!(summarise(&text), format!("{}…", "城".repeat(119)));
    }

    #[test]
    fn mixed_text_spends_one_unit_per_cjk_char_and_three_per_word() {
        let text = format!("{} {}", "新".repeat(60), "word ".repeat(40));
        let s = summarise(&text);
        assert_eq!(
            s,
            format!("{} {}…", "新".repeat(60), ["word"; 20].join(" "))
        );
    }

    #[test]
    fn html_text_keeps_what_a_reader_reads() {
        let mut text = String::new();
        push_html_text(
            &mut text,
            "<div><p>one</p><p>two&amp;three</p></div><script>no(\"</p>x\")</script>\
             <style>p{}</style><b>fo</b>ur <img alt=skipped>城市&nbsp;五",
        );
        assert_eq!(count(&text), (3, 3), "{text}");
        assert!(
            text.contains("two&three") && text.contains("four"),
            "{text}"
        );
        assert!(!text.contains("no(") && !text.contains("p{") && !text.contains("skipped"));
    }

    #[test]
    fn reading_time_counts_cjk_chars_and_latin_words() {
        assert_eq!(reading_minutes(""), 1);
        assert_eq!(reading_minutes(&"字".repeat(400)), 1);
        assert_eq!(reading_minutes(&"字".repeat(401)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(440)), 2);
        assert_eq!(reading_minutes(&"word ".repeat(441)), 3);
        // 200 chars (half a minute) and 110 words (half a minute) make one minute.
        assert_eq!(
            reading_minutes(&format!("{} {}", "字".repeat(200), "word ".repeat(110))),
            1
        );
    }

    #[test]
    fn counting_separates_cjk_from_words() {
        assert_eq!(count("Hello, 世界! It's 2026."), (2, 3));
    }
}
