//! Small, well-known defects of real feeds that feed-rs refuses, mended in the text
//! before it parses them. Each is a fix other feed readers make too.

/// The decoded feed text, ready for feed-rs.
pub fn repair(text: String) -> String {
    match text.trim_start().as_bytes().first() {
        Some(b'{') => json_version(text),
        _ => bare_ampersands(rss_version(strip_declaration(text))),
    }
}

/// Removes the XML declaration: the text is UTF-8 now whatever it declared, and
/// without one the parser never switches encodings (quick-xml panics when a
/// declaration arrives after its detection buffer was used up).
fn strip_declaration(text: String) -> String {
    let body = text.trim_start();
    if !body.starts_with("<?xml") {
        return text;
    }
    match body.find("?>") {
        Some(end) => body[end + 2..].to_string(),
        None => text,
    }
}

/// `<rss>` without `version` (common, and allowed by RSS 0.9x readers) reads as 2.0;
/// feed-rs would not recognise the root otherwise.
fn rss_version(text: String) -> String {
    let Some(at) = root_start(&text) else {
        return text;
    };
    let rest = &text[at..];
    let is_rss = rest.starts_with("<rss")
        && rest[4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>');
    let tag_end = rest.find('>').unwrap_or(rest.len());
    if !is_rss || rest[..tag_end].contains("version") {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(&text[..at + 4]);
    out.push_str(" version=\"2.0\"");
    out.push_str(&text[at + 4..]);
    out
}

/// `&` that starts no entity or character reference (`AT&T`, `a=1&b=2` in URLs) is
/// ill-formed XML that many real feeds carry; it becomes `&amp;`. In CDATA that text
/// is HTML, where `&amp;` means the same `&`.
fn bare_ampersands(text: String) -> String {
    if !text.contains('&') {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text.as_str();
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        if !starts_reference(rest) {
            out.push_str("amp;");
        }
    }
    out.push_str(rest);
    out
}

/// Whether `s` (what follows a `&`) is `name;`, `#123;` or `#x1F;`.
fn starts_reference(s: &str) -> bool {
    let end = match s.find(';') {
        Some(e) if e > 0 && e <= 32 => e,
        _ => return false,
    };
    let name = &s[..end];
    if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(dec) = name.strip_prefix('#') {
        return !dec.is_empty() && dec.chars().all(|c| c.is_ascii_digit());
    }
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Byte offset of the root element's `<`, past comments, processing instructions
/// and a doctype.
fn root_start(text: &str) -> Option<usize> {
    let mut i = 0;
    loop {
        i += text[i..].find('<')?;
        let rest = &text[i..];
        let skip_to = if rest.starts_with("<!--") {
            rest.find("-->").map(|e| e + 3)
        } else if rest.starts_with("<?") || rest.starts_with("<!") {
            rest.find('>').map(|e| e + 1)
        } else {
            return Some(i);
        };
        i += skip_to?;
    }
}

/// JSON Feeds that say `"version": "1.1"` or use `http:` in the version URL are JSON
/// Feeds all the same; feed-rs accepts only `https://jsonfeed.org/version/1…`.
fn json_version(text: String) -> String {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(&text) else {
        return text; // let feed-rs report the JSON error
    };
    let Some(version) = doc.get("version").and_then(|v| v.as_str()) else {
        return text;
    };
    let fixed = match version.trim() {
        "1" | "1.0" | "http://jsonfeed.org/version/1" => "https://jsonfeed.org/version/1",
        "1.1" | "http://jsonfeed.org/version/1.1" => "https://jsonfeed.org/version/1.1",
        _ => return text,
    };
    doc["version"] = serde_json::Value::String(fixed.into());
    doc.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declaration_goes() {
        assert_eq!(
            repair("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed/>".into()),
            "\n<feed/>"
        );
    }

    #[test]
    fn rss_without_version_becomes_rss_2() {
        assert_eq!(
            repair("<!-- c --><rss>\n<channel/></rss>".into()),
            "<!-- c --><rss version=\"2.0\">\n<channel/></rss>"
        );
        let has = "<rss version=\"0.91\"><channel/></rss>";
        assert_eq!(repair(has.into()), has);
        let rdf = "<rdf:RDF><channel/></rdf:RDF>";
        assert_eq!(repair(rdf.into()), rdf);
    }

    #[test]
    fn bare_ampersands_are_escaped_and_references_kept() {
        assert_eq!(
            bare_ampersands("<t>AT&T &amp; a?x=1&y=2 &#38; &#x26; &nbsp; &</t>".into()),
            "<t>AT&amp;T &amp; a?x=1&amp;y=2 &#38; &#x26; &nbsp; &amp;</t>"
        );
    }

    #[test]
    fn bare_json_feed_versions_are_understood() {
        let out = repair(r#"{"version": "1.1", "items": []}"#.into());
        assert!(out.contains("https://jsonfeed.org/version/1.1"), "{out}");
        let other = r#"{"version": "https://google.com"}"#;
        assert_eq!(repair(other.into()), other);
    }
}
