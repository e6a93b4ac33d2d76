//! Feed bytes in a declared or guessed encoding → UTF-8 that feed-rs reads as such.
//!
//! XML feeds name their encoding in the declaration (`<?xml version="1.0"
//! encoding="GB2312"?>`) or with a byte order mark. We transcode with encoding_rs
//! (WHATWG labels: `gb2312` reads as GBK, `iso-8859-1` as windows-1252, …) and rewrite
//! the declaration to say UTF-8, so the parser does not decode a second time.
//! Undeclared bytes that are UTF-8 are read as UTF-8; mostly UTF-8 with a few broken
//! sequences (a cut character), as UTF-8 with those replaced (U+FFFD); anything else in
//! the encoding chardetng guesses from the bytes (GBK, Big5, Shift_JIS, EUC-KR,
//! windows-1252, …), and [`Decoded::guessed`] says so.

use encoding_rs::{Encoding, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};

/// The feed as UTF-8 text, and the name of the encoding it was read from.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// Whether some bytes were not valid in that encoding (replaced by U+FFFD).
    pub had_errors: bool,
    /// Whether `encoding` was guessed from the bytes, the feed declaring none.
    pub guessed: bool,
}

/// Decodes `bytes`; errors name an encoding label that is not known.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(decoded) = utf32(bytes) {
        return Ok(decoded);
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return Ok(transcode(&bytes[bom..], enc));
    }
    // UTF-16 without a byte order mark: the first `<` gives it away (XML 1.0, F.1).
    match bytes {
        [0, b'<', ..] => return Ok(transcode(bytes, UTF_16BE)),
        [b'<', 0, ..] => return Ok(transcode(bytes, UTF_16LE)),
        _ => {}
    }
    let Some((label, range)) = declared_encoding(bytes) else {
        return Ok(undeclared(bytes));
    };
    match Encoding::for_label(label.as_bytes()) {
        // A declaration readable as ASCII is not in UTF-16, whatever it says.
        Some(enc) if enc == UTF_16LE || enc == UTF_16BE => Ok(undeclared(bytes)),
        Some(enc) if enc == REPLACEMENT => Err(format!(
            "the feed's encoding \"{label}\" cannot be decoded safely: convert the file to UTF-8"
        )),
        Some(enc) => Ok(transcode(bytes, enc)),
        None if std::str::from_utf8(bytes).is_ok() => Ok(rewrite(
            String::from_utf8_lossy(bytes).into_owned(),
            Some(range),
            UTF_8,
            false,
        )),
        None => Err(format!(
            "the feed declares encoding \"{label}\", which is not a known encoding, and is not UTF-8"
        )),
    }
}

/// UTF-32, which encoding_rs (WHATWG encodings only) leaves out: known by its byte
/// order mark or by `<` as the first code unit.
fn utf32(bytes: &[u8]) -> Option<Decoded> {
    let (big_endian, skip) = match bytes {
        [0, 0, 0xFE, 0xFF, ..] => (true, 4),
        [0xFF, 0xFE, 0, 0, ..] => (false, 4),
        [0, 0, 0, b'<', ..] => (true, 0),
        [b'<', 0, 0, 0, ..] => (false, 0),
        _ => return None,
    };
    let mut had_errors = false;
    let mut text = String::with_capacity(bytes.len() / 4);
    for unit in bytes[skip..].chunks(4) {
        let c = <[u8; 4]>::try_from(unit).ok().and_then(|u| {
            char::from_u32(if big_endian {
                u32::from_be_bytes(u)
            } else {
                u32::from_le_bytes(u)
            })
        });
        text.push(c.unwrap_or_else(|| {
            had_errors = true;
            '\u{fffd}'
        }));
    }
    let range = declared_encoding(text.as_bytes()).map(|(_, r)| r);
    let mut decoded = rewrite(text, range, UTF_8, had_errors);
    decoded.encoding = if big_endian { "UTF-32BE" } else { "UTF-32LE" };
    Some(decoded)
}

/// Bytes whose encoding nothing declares: UTF-8 when they are (mostly) UTF-8, else
/// what [`guess`] makes of them.
fn undeclared(bytes: &[u8]) -> Decoded {
    if mostly_utf8(bytes) {
        return transcode(bytes, UTF_8);
    }
    Decoded {
        guessed: true,
        ..transcode(bytes, guess(bytes))
    }
}

/// The legacy encoding `bytes` are most likely in, by chardetng (which weighs the
/// byte patterns of each encoding's languages); never UTF-8.
pub fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, false)
}

/// Whether `bytes` are UTF-8 but for a few broken sequences: at least ten good
/// non-ASCII characters for each broken one, as in a UTF-8 file with a cut character.
/// Text in a legacy encoding has it the other way round: its non-ASCII bytes rarely
/// happen to form UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    good >= 10 * broken
}

fn transcode(bytes: &[u8], enc: &'static Encoding) -> Decoded {
    let (text, actual, had_errors) = enc.decode(bytes);
    let text = text.into_owned();
    // The declaration, now in UTF-8, may need to say so.
    let range = declared_encoding(text.as_bytes()).map(|(_, r)| r);
    rewrite(text, range, actual, had_errors)
}

fn rewrite(
    mut text: String,
    range: Option<std::ops::Range<usize>>,
    enc: &'static Encoding,
    had_errors: bool,
) -> Decoded {
    if let Some(range) = range {
        text.replace_range(range, "UTF-8");
    }
    Decoded {
        text,
        encoding: enc.name(),
        had_errors,
        guessed: false,
    }
}

/// The `encoding` value of the XML declaration at the start of `bytes`, and its byte
/// range. Only ASCII-compatible bytes are looked at, which every declaration is.
fn declared_encoding(bytes: &[u8]) -> Option<(String, std::ops::Range<usize>)> {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &bytes[start..];
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = start + rest.iter().take(512).position(|&b| b == b'>')?;
    let decl = &bytes[start..end];
    let at = find(decl, b"encoding")?;
    let mut i = at + b"encoding".len();
    while decl
        .get(i)
        .is_some_and(|b| b.is_ascii_whitespace() || *b == b'=')
    {
        i += 1;
    }
    let quote = *decl.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
    let value_start = i + 1;
    let value_len = decl[value_start..].iter().position(|&b| b == quote)?;
    let value = std::str::from_utf8(&decl[value_start..value_start + value_len]).ok()?;
    let from = start + value_start;
    Some((value.trim().to_string(), from..from + value_len))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_untouched() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss>城市</rss>";
        let d = decode(xml.as_bytes()).unwrap();
        assert_eq!(d.text, xml.replace("utf-8", "UTF-8"));
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gb2312_is_transcoded_and_the_declaration_rewritten() {
        let (bytes, _, _) = encoding_rs::GBK
            .encode("<?xml version=\"1.0\" encoding=\"GB2312\"?><rss>港城新闻</rss>");
        let d = decode(&bytes).unwrap();
        assert_eq!(
            d.text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss>港城新闻</rss>"
        );
        assert_eq!(d.encoding, "GBK");
        assert!(!d.had_errors);
    }

    #[test]
    fn latin1_and_single_quotes_are_understood() {
        let bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?><rss>caf\xe9</rss>";
        let d = decode(bytes).unwrap();
        assert!(d.text.ends_with("<rss>café</rss>"), "{}", d.text);
        assert!(d.text.contains("encoding='UTF-8'"), "{}", d.text);
    }

    #[test]
    fn a_utf16_bom_wins() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<?xml version=\"1.0\" encoding=\"UTF-16\"?><feed/>".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><feed/>");
    }

    #[test]
    fn utf16_and_utf32_without_a_bom_are_sniffed() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss>é</rss>";
        let be: Vec<u8> = xml.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert!(decode(&be).unwrap().text.ends_with("<rss>é</rss>"));
        let le32: Vec<u8> = xml
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let d = decode(&le32).unwrap();
        assert!(d.text.ends_with("<rss>é</rss>"), "{}", d.text);
        assert_eq!(d.encoding, "UTF-32LE");
        let mut bom32 = vec![0, 0, 0xFE, 0xFF];
        bom32.extend(xml.chars().flat_map(|c| u32::from(c).to_be_bytes()));
        assert!(decode(&bom32).unwrap().text.contains("encoding=\"UTF-8\""));
    }

    #[test]
    fn an_unknown_label_on_non_utf8_bytes_is_an_error() {
        let e =
            decode(b"<?xml version=\"1.0\" encoding=\"x-klingon\"?><rss>\xff</rss>").unwrap_err();
        assert!(e.contains("x-klingon"), "{e}");
    }

    #[test]
    fn a_cut_character_in_undeclared_utf8_is_replaced_not_guessed() {
        let mut bytes = "<rss>港城渡轮新航线周一开通，首班船早上六点半出发"
            .as_bytes()
            .to_vec();
        bytes.extend(&"港".as_bytes()[..2]);
        bytes.extend(b"</rss>");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.had_errors && !d.guessed);
        assert!(d.text.contains("六点半出发\u{fffd}</rss>"), "{}", d.text);
    }

    #[test]
    fn valid_utf8_without_a_declaration_is_never_guessed() {
        let d = decode("<rss>Fährlinie 渡轮 フェリー 여객선</rss>".as_bytes()).unwrap();
        assert_eq!(
            (d.encoding, d.guessed, d.had_errors),
            ("UTF-8", false, false)
        );
    }

    #[test]
    fn undeclared_gbk_is_read_as_the_encoding_guessed_from_it() {
        let xml = "<rss><title>港城渡轮新航线周一开通</title><p>市政府今天宣布，连接港城与东岛的新渡轮航线将于下周一正式开通。首班船早上六点半从中环码头出发，全程约需四十分钟。</p></rss>";
        let (bytes, _, _) = encoding_rs::GBK.encode(xml);
        let d = decode(&bytes).unwrap();
        assert_eq!((d.encoding, d.guessed, d.had_errors), ("GBK", true, false));
        assert_eq!(d.text, xml);
    }

    #[test]
    fn a_single_latin1_letter_is_guessed_too() {
        let d = decode(b"{\"title\": \"caf\xe9\"}").unwrap();
        assert!(d.guessed);
        assert_eq!(d.text, "{\"title\": \"café\"}");
    }

    #[test]
    fn short_or_ambiguous_bytes_never_panic() {
        let inputs: [&[u8]; 8] = [
            b"",
            b"\xff",
            b"\x80\x81",
            b"<\xa4",
            b"\xe4\xb8",
            b"<?xml version=\"1.0\"?>\xfe",
            b"<?xml version=\"1.0\" encoding=\"utf-16\"?><a>\xb8\xdb</a>",
            &[0x8e; 3],
        ];
        for bytes in inputs {
            let d = decode(bytes).unwrap();
            assert!(d.guessed || bytes.is_ascii(), "{bytes:?}: {d:?}");
        }
    }
}
