//! Character normalisation ("NFKC-lite"): only the foldings that matter for
//! matching news text, with tables small enough for the wasm build.
//!
//! * full-width ASCII (U+FF01–FF5E) → ASCII, ideographic space → space;
//! * lowercase for Latin (incl. Extended-A, pinyin tone letters, Romanian and
//!   Vietnamese letters, Extended Additional), Greek, Cyrillic and Armenian:
//!   hand-written instead of `char::to_lowercase`, whose table alone would add
//!   11 KiB to the wasm; other cased scripts are left as they are;
//! * Latin accents and ligatures of Latin-1 Supplement and Latin Extended-A
//!   (é→e, ß→ss, ø→o, ł→l, æ→ae, œ→oe, þ→th …), Greek tonos/dialytika,
//!   final sigma, Cyrillic ё→е;
//! * combining marks, variation selectors, ZWJ/ZWNJ, soft hyphen and Arabic
//!   tatweel/harakat are dropped (they never split a word).

/// "No character": returned in place of a dropped mark and for an unused slot.
pub(crate) const NONE: char = '\0';

/// Base letters of U+00E0..=U+017F (lowercased first); `.` keeps the character
/// (÷) or marks a two-letter ligature handled in [`ligature`].
const LATIN: &[u8; 160] = b"aaaaaa.ceeeeiiiidnooooo.ouuuuy.y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll\
lllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// The search form of one character: up to two characters, [`NONE`] for none.
/// ASCII and the CJK unified ideographs, most of a news site's text, take a short cut
/// that folds them as [`fold_any`] does (tested on every one of them): it halved the
/// builder's tokenizing.
pub(crate) fn fold(c: char) -> [char; 2] {
    if c.is_ascii() {
        let c = if c == NONE {
            ' '
        } else {
            c.to_ascii_lowercase()
        };
        return [c, NONE];
    }
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return [c, NONE];
    }
    fold_any(c)
}

/// [`fold`] of any character, without its short cuts.
pub(super) fn fold_any(c: char) -> [char; 2] {
    if is_dropped(c) {
        return [NONE, NONE];
    }
    let lower = lowercase(widen_to_ascii(c));
    if let Some(pair) = ligature(lower) {
        return pair;
    }
    [strip_accent(lower), NONE]
}

fn widen_to_ascii(c: char) -> char {
    match c as u32 {
        0 | 0x3000 => ' ',
        u @ 0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Lowercase of the cased letters listed in the module docs. In the ranges
/// marked "pairs" capitals and small letters alternate.
fn lowercase(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 32,
        0x130 => 'i' as u32,
        0x178 => 0xFF,
        0x1E9E => 0xDF,         // ẞ → ß
        0x1A0 | 0x1AF => u + 1, // Ơ Ư
        // pairs, capital first (even)
        0x100..=0x12F
        | 0x132..=0x137
        | 0x14A..=0x177
        | 0x1DE..=0x1EF
        | 0x1F8..=0x21F
        | 0x222..=0x233
        | 0x460..=0x481
        | 0x48A..=0x4BF
        | 0x4D0..=0x52F
        | 0x1E00..=0x1E95
        | 0x1EA0..=0x1EFF => u | 1,
        // pairs, capital first (odd)
        0x139..=0x148 | 0x179..=0x17E | 0x1CD..=0x1DC | 0x4C1..=0x4CE => u + (u & 1),
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => u + 32,
        0x400..=0x40F => u + 80,
        0x4C0 => 0x4CF,
        0x531..=0x556 => u + 48,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

fn ligature(c: char) -> Option<[char; 2]> {
    let pair = match c {
        'ß' => ['s', 's'],
        'æ' => ['a', 'e'],
        'þ' => ['t', 'h'],
        'ĳ' => ['i', 'j'],
        'œ' => ['o', 'e'],
        'ﬁ' => ['f', 'i'],
        'ﬂ' => ['f', 'l'],
        _ => return None,
    };
    Some(pair)
}

fn strip_accent(c: char) -> char {
    let u = c as u32;
    if let Some(&b) = u.checked_sub(0xE0).and_then(|i| LATIN.get(i as usize)) {
        return if b == b'.' { c } else { b as char };
    }
    match c {
        'ς' => 'σ',
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' => 'υ',
        'ώ' => 'ω',
        'ё' => 'е',
        _ => c,
    }
}

/// Marks and invisible joiners that are removed without splitting a word.
fn is_dropped(c: char) -> bool {
    matches!(c as u32,
        0x00AD                      // soft hyphen
        | 0x0300..=0x036F           // combining diacritical marks
        | 0x0483..=0x0489           // Cyrillic combining marks
        | 0x0591..=0x05BD | 0x05BF | 0x05C1 | 0x05C2 | 0x05C4 | 0x05C5 | 0x05C7 // Hebrew points
        | 0x0610..=0x061A | 0x0640 | 0x064B..=0x065F | 0x0670 // Arabic harakat, tatweel
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF // more combining marks
        | 0x200C | 0x200D           // ZWNJ, ZWJ
        | 0x3099..=0x309C           // kana voicing marks
        | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F // variation selectors, half marks
        | 0xE0100..=0xE01EF         // ideographic variation selectors
    )
}
