//! Query parsing: quoted phrases and plain terms, tokenized with
//! [`Mode::Query`] exactly like article bodies.

use crate::search::tokenize::{for_each_token, Mode};

/// Queries are cut to this many characters before parsing.
pub const MAX_QUERY_CHARS: usize = 256;
/// At most this many distinct terms are kept (bounds the shards fetched).
pub const MAX_TERMS: usize = 32;

/// A parsed query: every term must match (AND); every phrase must also match
/// with its terms at the given relative positions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Distinct terms in order of first appearance.
    pub terms: Vec<String>,
    /// Each phrase: `(index into terms, position relative to the first token)`,
    /// in order; only phrases of two or more tokens are kept.
    pub phrases: Vec<Vec<(u32, u32)>>,
}

impl Query {
    /// True when nothing can match (no terms).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// True when `term` is one of the query's terms.
    pub fn has_term(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
    }

    fn add_segment(&mut self, text: &str, phrase: bool) {
        let mut tokens: Vec<(u32, u32)> = Vec::new();
        let mut first = None;
        for_each_token(text, Mode::Query, &mut |term, pos, _| {
            if let Some(index) = self.intern(term) {
                let base = *first.get_or_insert(pos);
                tokens.push((index, pos.saturating_sub(base)));
            }
        });
        if phrase && tokens.len() > 1 {
            self.phrases.push(tokens);
        }
    }

    fn intern(&mut self, term: &str) -> Option<u32> {
        let index = match self.terms.iter().position(|t| t == term) {
            Some(i) => i,
            None if self.terms.len() < MAX_TERMS => {
                self.terms.push(term.to_owned());
                self.terms.len() - 1
            }
            None => return None,
        };
        u32::try_from(index).ok()
    }
}

fn opens_phrase(c: char) -> bool {
    matches!(c, '"' | '“' | '「' | '『' | '＂')
}

fn closes_phrase(c: char) -> bool {
    matches!(c, '"' | '”' | '」' | '』' | '＂')
}

/// The inside of a query that is one quoted phrase and nothing more, read as
/// [`parse_query`] reads it: `"a b"`, `「a b」` or `『a b」` give `a b`.
pub fn sole_phrase(q: &str) -> Option<&str> {
    let mut inner = q.chars();
    let (open, close) = (inner.next()?, inner.next_back()?);
    (opens_phrase(open) && closes_phrase(close) && !inner.clone().any(closes_phrase))
        .then_some(inner.as_str())
}

/// Parses a search box string. Text in `"…"`, `“…”`, `「…」`, `『…』` or `＂…＂` is a
/// phrase (an unclosed quote runs to the end); the rest are plain terms.
pub fn parse_query(q: &str) -> Query {
    let q = match q.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => q.get(..cut).unwrap_or(q),
        None => q,
    };
    let mut query = Query::default();
    let mut in_phrase = false;
    let mut start = 0;
    for (i, c) in q.char_indices() {
        let toggles = if in_phrase {
            closes_phrase(c)
        } else {
            opens_phrase(c)
        };
        if toggles {
            query.add_segment(q.get(start..i).unwrap_or(""), in_phrase);
            in_phrase = !in_phrase;
            start = i + c.len_utf8();
        }
    }
    query.add_segment(q.get(start..).unwrap_or(""), in_phrase);
    query
}
