//! Reading HTML token by token with html5ever's tokenizer alone (no tree is built),
//! switched into the script, raw text and RCDATA states after the start tags that make the
//! tree builder switch it, so that what follows `<title>`, `<textarea>`, `<style>` or
//! `<script>` is read as the browser reads it.

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

/// Feeds `html` to `sink`, to its end; hands the sink back.
pub fn read<S: TokenSink>(html: &str, sink: S) -> S {
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(html.into());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink
}

/// What a sink returns after the start tag `name`: the state the tree builder would put
/// the tokenizer in.
pub fn after_start_tag<H>(name: &str) -> TokenSinkResult<H> {
    match name {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
            TokenSinkResult::RawData(RawKind::Rawtext)
        }
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}
