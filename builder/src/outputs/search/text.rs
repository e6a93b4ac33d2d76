//! The text of an article body for the index: the sanitised body HTML with its
//! tags removed and its character references decoded. Block-level tags become
//! spaces, so paragraphs do not run into each other; inline tags vanish, so
//! `港<em>口</em>` still gives the bigram 港口.

/// Tags whose boundaries separate words.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "img",
    "hr",
    "dd",
    "dt",
    "sup",
];

/// The plain text of `html` (the builder's own sanitised output: well-formed, quoted
/// attributes).
pub fn of_html(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(rest.get(..open).unwrap_or(""));
        let tag = rest.get(open..).unwrap_or("");
        let end = tag_end(tag);
        if is_block(tag) {
            text.push(' ');
        }
        rest = tag.get(end..).unwrap_or("");
    }
    text.push_str(rest);
    html_escape::decode_html_entities(&text).into_owned()
}

/// The length of the tag at the start of `tag`, quoted attribute values skipped.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return i + 1,
            None => {}
        }
    }
    tag.len()
}

fn is_block(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    BLOCKS.contains(&name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_part_and_inline_tags_join() {
        assert_eq!(
            of_html("<p>one</p><p>two</p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["one", "two"]
        );
        assert_eq!(of_html("<p>港<em>口</em>新闻</p>").trim(), "港口新闻");
    }

    #[test]
    fn references_are_decoded_and_quoted_angle_brackets_stay_in_attributes() {
        let html = r#"<p>a &amp; b &lt;c&gt;</p><img alt="x > y" src="a.png"><p>d</p>"#;
        let words: Vec<String> = of_html(html).split_whitespace().map(String::from).collect();
        assert_eq!(words, ["a", "&", "b", "<c>", "d"]);
    }
}
