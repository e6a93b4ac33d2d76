//! A document on its way into the index: prepared on any thread (tokenized, or known to be
//! as the previous base holds it and only hashed), then added in order by one thread, while
//! other documents are prepared ([`super::Writer::split`]).

use super::collect::{Collector, DocTerms};
use broadsheet_app::search::codec::fnv1a_from;
use std::collections::HashMap;

/// One article, as the builder hands it over.
#[derive(Clone, Copy, Debug)]
pub struct DocInput<'a> {
    /// What names the article from build to build: its slug.
    pub key: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    /// The lead photo's caption, then the body, as plain text (markup removed).
    pub body_text: &'a str,
    /// Section slug.
    pub section: &'a str,
    /// Language when it differs from the site's; `None` = the site's.
    pub language: Option<&'a str>,
    /// The article's `ArticleSummary`, already serialised as JSON.
    pub meta_json: &'a str,
}

/// A document tokenized and ready to add ([`Known::prepare`]).
pub struct Prepared {
    /// `None`: the previous base holds the document as it is now, and it was not
    /// tokenized again.
    terms: Option<DocTerms>,
    meta: DocMeta,
}

/// What the writer keeps of each document besides its terms.
pub(super) struct DocMeta {
    pub(super) key: Box<str>,
    /// FNV-1a 64 of everything indexed for it (fields and summary JSON).
    pub(super) digest: u64,
    pub(super) section: Box<str>,
    pub(super) language: Box<str>,
    pub(super) meta_json: Box<str>,
    /// Number of positions in title, summary, body.
    pub(super) lens: [u32; 3],
}

impl DocMeta {
    /// `known` is the document's digest and field lengths.
    fn of(
        key: &str,
        section: &str,
        language: Option<&str>,
        meta_json: &str,
        (digest, lens): (u64, [u32; 3]),
    ) -> DocMeta {
        DocMeta {
            key: key.into(),
            digest,
            section: section.into(),
            language: language.unwrap_or("").into(),
            meta_json: meta_json.into(),
            lens,
        }
    }
}

/// What preparing a document reads: shared by the threads that prepare documents while
/// the writer adds others ([`Writer::split`]).
pub struct Known {
    pub(super) max_positions: u32,
    /// Slug → (digest, lens) of the previous base's documents.
    pub(super) in_base: HashMap<Box<str>, (u64, [u32; 3])>,
}

/// What adding documents in order makes.
pub struct Added {
    /// Every document, with its id in a re-merge (the order of adding).
    pub(super) collector: Collector,
    pub(super) build: u32,
    pub(super) docs: Vec<DocMeta>,
    /// Whether documents not in the previous base are also kept in `recent`.
    pub(super) keep_recent: bool,
    /// Documents not in the previous base as they are now: `(order of adding, terms)`.
    pub(super) recent: Vec<(u32, DocTerms)>,
    /// Documents added untokenized, as the previous base holds them.
    pub(super) untokenized: u32,
}

impl Known {
    /// Tokenizes a document on its own, so many can be prepared in parallel and then
    /// added in order ([`Added::add`]). A document the previous base holds as it is now
    /// is only hashed.
    pub fn prepare(&self, doc: &DocInput) -> Prepared {
        let language = doc.language.unwrap_or("");
        let mut digest = 0xcbf2_9ce4_8422_2325_u64;
        let fields = [doc.title, doc.summary, doc.body_text];
        for field in [doc.title, doc.summary, doc.body_text, doc.section, language] {
            for &b in field.as_bytes().iter().chain(&[0xFF]) {
                // 0xFF is not UTF-8: a separator.
                digest = (digest ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        for &b in doc.meta_json.as_bytes() {
            digest = (digest ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let (terms, known) = match self.in_base.get(doc.key) {
            Some(&known) if known.0 == digest => (None, known),
            _ => {
                let terms = DocTerms::of(fields, self.max_positions);
                let lens = terms.lens();
                (Some(terms), (digest, lens))
            }
        };
        let meta = DocMeta::of(doc.key, doc.section, doc.language, doc.meta_json, known);
        Prepared { terms, meta }
    }

    /// A document known to be as the previous base holds it, without its text: `None`
    /// if the base does not hold it.
    pub fn prepare_kept(
        &self,
        key: &str,
        section: &str,
        language: Option<&str>,
        meta_json: &str,
    ) -> Option<Prepared> {
        let known = *self.in_base.get(key)?;
        let meta = DocMeta::of(key, section, language, meta_json, known);
        Some(Prepared { terms: None, meta })
    }
}

impl Added {
    /// Adds the next (newer) prepared document.
    pub fn add(&mut self, doc: Prepared) {
        let order = self.docs.len() as u32;
        self.build = fnv1a_from(self.build, &doc.meta.digest.to_le_bytes());
        match doc.terms {
            None => self.untokenized += 1,
            Some(terms) => {
                if self.keep_recent {
                    // Kept beside the collector's copy: they go into the recent segment,
                    // unless `finish` re-merges.
                    self.recent.push((order, terms.clone()));
                }
                self.collector.push(order, terms);
            }
        }
        self.docs.push(doc.meta);
    }
}
