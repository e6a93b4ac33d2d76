//! The one place text is escaped for markup the builder writes by hand (the shell's
//! `lang`, image tags in bodies, the CSP `<meta>`, site maps, feed descriptions,
//! imported plain text), on the well-kept `html-escape` crate. Everything else is
//! escaped by the library that writes it (Leptos, ammonia, the feed crates, toml).

use std::borrow::Cow;

/// For a double-quoted HTML attribute value (the only kind the builder writes), or
/// HTML text: `&`, `<`, `>` and `"`.
pub fn html_attr(s: &str) -> Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(s)
}

/// For HTML text (element content): `&`, `<` and `>`.
pub fn html_text(s: &str) -> Cow<'_, str> {
    html_escape::encode_text(s)
}

/// For XML text and attribute values: the five characters XML reserves, as
/// references every XML parser reads.
pub fn xml(s: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_cannot_be_closed_or_opened() {
        assert_eq!(html_attr(r#"a"b'c<d>&e"#), "a&quot;b'c&lt;d&gt;&amp;e");
    }

    #[test]
    fn text_keeps_quotes_but_not_markup() {
        assert_eq!(
            html_text(r#"<p>"x" & y</p>"#),
            r#"&lt;p&gt;"x" &amp; y&lt;/p&gt;"#
        );
    }

    #[test]
    fn urls_are_escaped_for_xml() {
        assert_eq!(
            xml("https://e.org/a?b=1&c='<d>\""),
            "https://e.org/a?b=1&amp;c=&#x27;&lt;d&gt;&quot;"
        );
    }

    #[test]
    fn plain_text_is_borrowed_not_copied() {
        assert!(matches!(html_attr("plain text 中文"), Cow::Borrowed(_)));
    }
}
