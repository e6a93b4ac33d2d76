//! JSON that can sit inside an HTML `<script>` element: what pages embed (their data and
//! JSON-LD) and what the builder writes into its scripts.

use serde::Serialize;

/// JSON that can sit inside an HTML `<script>` element: `<`, `>`, `&`, U+2028 and
/// U+2029 are written as `\u` escapes (they only occur inside JSON strings), so no
/// content can close the element, open a comment or break a JavaScript parser.
pub fn script_safe_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(json.len() + 16);
    push_script_safe(&mut out, &json);
    out
}

/// Appends the JSON text `json` to `out` escaped as [`script_safe_json`] escapes it, so
/// a page can embed JSON it already has as text without decoding it. Scans bytes: the
/// characters to escape are ASCII or start with the byte 0xE2.
pub fn push_script_safe(out: &mut String, json: &str) {
    let bytes = json.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        i += quiet_blocks(bytes.get(i..).unwrap_or_default());
        let Some(&b) = bytes.get(i) else { break };
        let (escaped, len) = match b {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0xA8)) => ("\\u2028", 3),
                (Some(0x80), Some(0xA9)) => ("\\u2029", 3),
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(json.get(copied..i).unwrap_or_default());
        out.push_str(escaped);
        i += len;
        copied = i;
    }
    out.push_str(json.get(copied..).unwrap_or_default());
}

/// How many of `bytes`' first bytes, in whole blocks of 16, hold no byte that
/// [`push_script_safe`] looks at. Natively the scan skips them a block at a time (the
/// compiler tests a block in a few vector instructions; pre-rendering escapes every
/// page's document). In the browser, which escapes only a page's JSON-LD, the byte loop
/// alone keeps the wasm smaller.
#[cfg(not(target_arch = "wasm32"))]
fn quiet_blocks(bytes: &[u8]) -> usize {
    let looked_at = |b: u8| (b == b'<') | (b == b'>') | (b == b'&') | (b == 0xE2);
    let quiet = bytes
        .chunks_exact(16)
        .take_while(|block| !block.iter().fold(false, |any, &b| any | looked_at(b)))
        .count();
    quiet * 16
}

#[cfg(target_arch = "wasm32")]
fn quiet_blocks(_: &[u8]) -> usize {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_its_script_or_open_a_comment() {
        let hostile = "</script><!-- \u{2028}\u{2029} & \"quoted\"";
        let out = script_safe_json(&hostile);
        for bad in ["<", ">", "\u{2028}", "\u{2029}", "&"] {
            assert!(!out.contains(bad), "{out} contains {bad:?}");
        }
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, hostile);
    }

    #[test]
    fn escaping_json_text_leaves_every_other_character_as_it_was() {
        let text = "\u{2027}\u{202A}\u{2028}é中<>&\u{2029}x";
        let json = serde_json::to_string(text).unwrap();
        let mut out = String::from("[");
        push_script_safe(&mut out, &json);
        assert_eq!(
            out,
            "[\"\u{2027}\u{202A}\\u2028é中\\u003c\\u003e\\u0026\\u2029x\""
        );
        assert_eq!(out[1..], script_safe_json(&text));
    }

    #[test]
    fn escaping_finds_each_character_wherever_it_falls_in_the_scans_blocks() {
        let by_char = |text: &str| -> String {
            text.chars()
                .map(|c| match c {
                    '<' => "\\u003c".to_string(),
                    '>' => "\\u003e".to_string(),
                    '&' => "\\u0026".to_string(),
                    '\u{2028}' => "\\u2028".to_string(),
                    '\u{2029}' => "\\u2029".to_string(),
                    c => c.to_string(),
                })
                .collect()
        };
        // Each character to escape, and a lookalike that starts with the same byte,
        // at every offset of two blocks and across their boundary.
        for special in [
            "<", ">", "&", "\u{2028}", "\u{2029}", "\u{2027}", "“", "\u{E2}",
        ] {
            for at in 0..40 {
                let text = format!("{}{special}{}中", "a".repeat(at), "b".repeat(40 - at));
                let mut out = String::new();
                push_script_safe(&mut out, &text);
                assert_eq!(out, by_char(&text), "{special:?} at {at}");
            }
        }
        let mut out = String::new();
        push_script_safe(&mut out, "");
        assert_eq!(out, "");
    }
}
