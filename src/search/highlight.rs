//! Marking query terms in a title or summary, with the same tokenizer, so
//! what is marked is exactly what matched.

use crate::search::query::Query;
use crate::search::tokenize::{for_each_token, Mode};
use core::ops::Range;

/// Splits `text` into consecutive byte ranges covering all of it; `true`
/// marks a span made of query terms (overlapping bigrams are merged). Ranges
/// are on char boundaries of the original text, whatever folding applied.
pub fn highlight(text: &str, query: &Query) -> Vec<(Range<usize>, bool)> {
    let mut marks: Vec<Range<usize>> = Vec::new();
    for_each_token(text, Mode::Index, &mut |term, _, span| {
        if query.has_term(term) {
            marks.push(span);
        }
    });
    // Tokens come in order of their start (bigram before the single at the
    // same start), so no sort is needed: overlaps are merged below.
    let mut out: Vec<(Range<usize>, bool)> = Vec::new();
    let mut done = 0;
    for mark in marks {
        if let Some((last, true)) = out.last_mut() {
            if mark.start <= last.end {
                last.end = last.end.max(mark.end);
                done = last.end;
                continue;
            }
        }
        if mark.start > done {
            out.push((done..mark.start, false));
        }
        done = mark.end;
        out.push((mark, true));
    }
    if done < text.len() {
        out.push((done..text.len(), false));
    }
    out
}
