//! The one tokenizer used by the index writer, the query parser and the
//! highlighter, so the three always agree on what a term is.
//!
//! Text is folded character by character (case, accents, full-width forms;
//! see `fold.rs`) and split into:
//!
//! * **bigram runs**: Han (CJK unified ideographs incl. extensions, compatibility
//!   ideographs), Hiragana, Katakana and Hangul syllables. A run yields its
//!   overlapping bigrams (港口新闻 → 港口 口新 新闻); a one-character run yields
//!   that character. [`Mode::Index`] also yields every single character.
//! * **words**: runs of other letters and digits (any script, Thai as whole
//!   runs), split at a change of script. An apostrophe between two letters is
//!   removed (don't → dont). Words are cut to [`MAX_WORD_CHARS`] characters;
//!   Latin ones of four or more lose a plural ending (`plural.rs`: ferries → ferry).
//! * everything else (punctuation, symbols, emoji, spaces) separates.
//!
//! Positions: each word and each bigram-run character takes one position; a
//! bigram sits at the position of its first character, a single at its own.
//! So a run of n characters spans n positions in every mode, and phrase offsets
//! computed from a query line up with those of the index.

use crate::search::fold::{fold, NONE};
use crate::search::plural::singular;
use core::ops::Range;

/// Words longer than this many characters are truncated.
pub const MAX_WORD_CHARS: u32 = 64;

/// Which terms a bigram run yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Bigrams; a one-character run yields that character. Used for queries
    /// and for article bodies.
    Query,
    /// Bigrams plus every single character. Used for titles and summaries so
    /// one-character queries find them.
    Index,
}

/// One term occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Normalised term text.
    pub term: String,
    /// Token position (see the module docs).
    pub pos: u32,
    /// Byte range in the original text.
    pub span: Range<usize>,
}

/// Callback receiving `(term, position, byte span in the original text)`.
pub type Emit<'a> = dyn FnMut(&str, u32, Range<usize>) + 'a;

/// All tokens of `text`, in order of their start.
pub fn tokens(text: &str, mode: Mode) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, mode, &mut |term, pos, span| {
        out.push(Token {
            term: term.to_owned(),
            pos,
            span,
        })
    });
    out
}

/// Calls `emit` for every token of `text` without allocating per token.
/// Returns the number of positions used (the next free position).
pub fn for_each_token(text: &str, mode: Mode, emit: &mut Emit) -> u32 {
    let mut t = Tokenizer {
        mode,
        emit,
        pos: 0,
        word: Word::default(),
        run: Run::default(),
        buf: String::new(),
    };
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        let [a, b] = fold(c);
        t.push(a, start..end);
        if b != NONE {
            t.push(b, start..end);
        }
    }
    t.end_word();
    t.end_run();
    t.pos
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    Separator,
    Apostrophe,
    Bigram,
    /// A word character of the given coarse script.
    Word(u32),
}

/// ASCII takes a short cut that classifies it as [`classify_any`] does (tested).
pub(super) fn classify(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => Class::Word(0),
        '\'' => Class::Apostrophe,
        _ if c.is_ascii() => Class::Separator,
        _ => classify_any(c),
    }
}

/// [`classify`] of any character, without its short cut.
pub(super) fn classify_any(c: char) -> Class {
    let u = c as u32;
    if is_bigram_script(u) {
        Class::Bigram
    } else if matches!(c, '\'' | '\u{2019}' | '\u{02BC}') {
        Class::Apostrophe
    } else if c.is_alphanumeric() || is_indic_mark(u) {
        Class::Word(script(u))
    } else {
        Class::Separator
    }
}

fn is_bigram_script(u: u32) -> bool {
    matches!(u,
        0x3005..=0x3007             // 々 〆 〇
        | 0x3041..=0x3096 | 0x309D..=0x309F // Hiragana
        | 0x30A1..=0x30FA | 0x30FC..=0x30FF // Katakana (not ・)
        | 0x31F0..=0x31FF           // Katakana phonetic extensions
        | 0x3400..=0x4DBF           // CJK extension A
        | 0x4E00..=0x9FFF           // CJK unified ideographs
        | 0xAC00..=0xD7A3           // Hangul syllables
        | 0xF900..=0xFAFF           // CJK compatibility ideographs
        | 0xFF66..=0xFF9F           // half-width Katakana
        | 0x20000..=0x3134F         // CJK extensions B–G
    )
}

/// Vowel signs, viramas and tone marks of Indic, Thai, Lao, Tibetan and
/// Myanmar scripts are not alphanumeric but belong inside words.
fn is_indic_mark(u: u32) -> bool {
    (0x0900..=0x109F).contains(&u)
        && !matches!(
            u,
            0x0964 | 0x0965 | 0x0970 | 0x0E3F | 0x0E4F | 0x0E5A | 0x0E5B | 0x0F04
                ..=0x0F14 | 0x104A | 0x104B
        )
}

/// Coarse script id: a change splits a word (Latin and digits share 0).
fn script(u: u32) -> u32 {
    if u < 0x250 || (0x1E00..0x1F00).contains(&u) {
        0
    } else {
        u >> 8
    }
}

#[derive(Default)]
struct Word {
    text: String,
    chars: u32,
    span: Option<Range<usize>>,
    script: u32,
}

#[derive(Default)]
struct Run {
    /// Previous character of the current run, its span and position.
    prev: Option<(char, Range<usize>, u32)>,
    len: u32,
}

struct Tokenizer<'e, 'f> {
    mode: Mode,
    emit: &'e mut Emit<'f>,
    pos: u32,
    word: Word,
    run: Run,
    buf: String,
}

impl Tokenizer<'_, '_> {
    fn push(&mut self, c: char, span: Range<usize>) {
        if c == NONE {
            // A dropped mark stays inside the word it follows.
            if let Some(w) = self.word.span.as_mut() {
                w.end = span.end;
            }
            return;
        }
        match classify(c) {
            Class::Word(script) => {
                self.end_run();
                self.word_char(c, script, span);
            }
            Class::Bigram => {
                self.end_word();
                self.run_char(c, span);
            }
            // Inside a word an apostrophe is dropped: don't → dont.
            Class::Apostrophe if self.word.span.is_some() => {}
            Class::Apostrophe | Class::Separator => {
                self.end_word();
                self.end_run();
            }
        }
    }

    fn word_char(&mut self, c: char, script: u32, span: Range<usize>) {
        if self.word.span.is_some() && self.word.script != script {
            self.end_word();
        }
        let w = &mut self.word;
        w.script = script;
        match w.span.as_mut() {
            Some(s) => s.end = span.end,
            None => w.span = Some(span),
        }
        if w.chars < MAX_WORD_CHARS {
            w.text.push(c);
            w.chars += 1;
        }
    }

    fn end_word(&mut self) {
        let Some(span) = self.word.span.take() else {
            return;
        };
        if self.word.script == 0 {
            singular(&mut self.word.text, self.word.chars);
        }
        (self.emit)(&self.word.text, self.pos, span);
        self.pos = self.pos.saturating_add(1);
        self.word.text.clear();
        self.word.chars = 0;
    }

    fn run_char(&mut self, c: char, span: Range<usize>) {
        let pos = self.pos;
        if let Some((p, p_span, p_pos)) = self.run.prev.take() {
            self.emit_chars(&[p, c], p_pos, p_span.start..span.end);
        }
        if self.mode == Mode::Index {
            self.emit_chars(&[c], pos, span.clone());
        }
        self.run.prev = Some((c, span, pos));
        self.run.len = self.run.len.saturating_add(1);
        self.pos = self.pos.saturating_add(1);
    }

    fn end_run(&mut self) {
        if self.run.len == 0 {
            return;
        }
        if let Some((c, span, pos)) = self.run.prev.take() {
            if self.run.len == 1 && self.mode == Mode::Query {
                self.emit_chars(&[c], pos, span);
            }
        }
        self.run.len = 0;
    }

    fn emit_chars(&mut self, chars: &[char], pos: u32, span: Range<usize>) {
        self.buf.clear();
        self.buf.extend(chars);
        (self.emit)(&self.buf, pos, span);
    }
}
