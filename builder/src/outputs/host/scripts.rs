//! The inline scripts a browser would run from an HTML page, read with html5ever's
//! tokenizer (switched into script, raw text and RCDATA states as the tree builder does),
//! so a `<script>` inside a `<title>` or a comment is not one, attributes are read with
//! their quoting and entities, and the text is the parser's (CR LF become LF), which is
//! what a CSP hash is computed over.

use std::cell::RefCell;

use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};

use crate::html_tokens;

/// The text of every inline script in `html` that the browser executes (classic or
/// module; data blocks such as JSON and scripts with `src` are left out).
pub fn executed_inline(html: &str) -> Vec<String> {
    html_tokens::read(html, Sink::default()).done.take()
}

/// The JavaScript MIME types of the HTML standard, and `module`.
fn executes(kind: Option<&str>) -> bool {
    const JS: [&str; 16] = [
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    ];
    match kind.map(|t| t.trim().to_ascii_lowercase()) {
        None => true,
        Some(t) => t.is_empty() || t == "module" || JS.contains(&t.as_str()),
    }
}

#[derive(Default)]
struct Sink {
    /// The text so far of the script being read, when it executes.
    open: RefCell<Option<String>>,
    done: RefCell<Vec<String>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let attr = |name: &str| {
                    tag.attrs
                        .iter()
                        .find(|a| &*a.name.local == name)
                        .map(|a| &*a.value)
                };
                if &*tag.name == "script" {
                    let inline = attr("src").is_none() && executes(attr("type"));
                    *self.open.borrow_mut() = inline.then(String::new);
                }
                return html_tokens::after_start_tag(&tag.name);
            }
            Token::TagToken(tag) if &*tag.name == "script" => {
                if let Some(text) = self.open.borrow_mut().take() {
                    self.done.borrow_mut().push(text);
                }
            }
            Token::CharacterTokens(text) => {
                if let Some(open) = self.open.borrow_mut().as_mut() {
                    open.push_str(&text);
                }
            }
            Token::NullCharacterToken => {
                if let Some(open) = self.open.borrow_mut().as_mut() {
                    open.push('\u{fffd}');
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_read_as_the_browser_parses_them() {
        let html = "<title><script>not()</script></title>\
            <!-- <script>no()</script> -->\
            <textarea><script>no()</script></textarea>\
            <script type=application/json>{}</script>\
            <script TYPE=' Module '>a()</script>\
            <script src=x.js>ignored()</script>\
            <script type=\"text/plain\">data()</script>\
            <script>if (a < b) c('</p>')</script>\
            <script language=js>\r\nd()\r\n</script>";
        assert_eq!(
            executed_inline(html),
            ["a()", "if (a < b) c('</p>')", "\nd()\n"]
        );
    }

    #[test]
    fn an_unclosed_script_is_not_hashed_and_nothing_panics() {
        assert!(executed_inline("<script>go(").is_empty());
        assert!(executed_inline("").is_empty());
        assert!(executed_inline("<<<>>></script>\u{0}").is_empty());
    }
}
