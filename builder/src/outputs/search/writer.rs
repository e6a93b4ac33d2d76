//! The index writer: documents in (newest first), index files out.
//!
//! Documents are added newest first (doc id = order of [`Writer::add`]);
//! [`Writer::finish`] scores every (term, doc) pair with BM25F, prunes long
//! lists and writes all files through a sink. Output depends only on the
//! input and the parameters: terms and names are sorted, never hashed order.
//!
//! Scoring (per term t, doc d; fields title, summary, body):
//! `wtf = Σ_f w_f · tf_f / (1 − b + b · len_f / avglen_f)`,
//! `impact = idf(t) · wtf · (k1 + 1) / (wtf + k1)`,
//! `idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))`, quantised linearly to
//! 1..=255 against the collection's highest impact. A query's score is the sum
//! of its terms' impacts.

use super::collect::{Collector, DocTerms};
use super::encode::{filter_file, root_text, shard_file, RootInfo};
pub use super::params::Params;
use super::score::{Encoded, Scoring};
use broadsheet_app::search::codec::{fnv1a_from, FNV_START, MAGIC_POSITIONS, MAGIC_TERMS};
use broadsheet_app::search::root::{
    doc_chunk_path, numbered, position_shard_path, term_shard_path, ROOT_PATH,
};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;

/// One article, as the builder hands it over.
#[derive(Clone, Copy, Debug)]
pub struct DocInput<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    /// The body as plain text (markup removed).
    pub body_text: &'a str,
    /// Section slug.
    pub section: &'a str,
    /// Language when it differs from the site's; `None` = the site's.
    pub language: Option<&'a str>,
    /// The article's `ArticleSummary`, already serialised as JSON.
    pub meta_json: &'a str,
}

/// A document tokenized and ready to add ([`Writer::prepare`]).
pub struct Prepared {
    terms: DocTerms,
    /// FNV-1a of its fields, for the build id.
    hash: u32,
    section: String,
    language: String,
    meta_json: String,
}

/// What [`Writer::finish`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub docs: u32,
    pub terms: usize,
    pub shards: u32,
    pub position_shards: u32,
    pub postings: u64,
    pub pruned_terms: usize,
    pub pruned_postings: u64,
    pub term_bytes: u64,
    pub position_bytes: u64,
    pub doc_bytes: u64,
    pub filter_bytes: u64,
    pub root_bytes: u64,
}

/// Receives every file: relative path and contents.
pub type Sink<'a> = dyn FnMut(&str, &[u8]) -> io::Result<()> + 'a;

/// Distinct names (sections or languages) with the id of each doc's name.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    of_doc: Vec<u32>,
}

impl Names {
    fn add(&mut self, name: &str) {
        let next = self.names.len() as u32;
        let id = *self.ids.entry(name.to_owned()).or_insert(next);
        if id == next {
            self.names.push(name.to_owned());
        }
        self.of_doc.push(id);
    }

    /// Names sorted, each with the ascending ids of its docs.
    fn sorted(&self) -> Vec<(String, Vec<u32>)> {
        let mut docs: Vec<Vec<u32>> = vec![Vec::new(); self.names.len()];
        for (doc, &id) in self.of_doc.iter().enumerate() {
            docs[id as usize].push(doc as u32);
        }
        let mut out: Vec<(String, Vec<u32>)> = self.names.iter().cloned().zip(docs).collect();
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// Builds an index from documents given newest first.
pub struct Writer {
    params: Params,
    collector: Collector,
    build: u32,
    docs: u32,
    chunks: Vec<Vec<u8>>,
    sections: Names,
    languages: Names,
}

impl Writer {
    pub fn new(params: Params) -> Writer {
        let settings = format!("{params:?}");
        Writer {
            build: fnv1a_from(FNV_START, settings.as_bytes()),
            params,
            collector: Collector::default(),
            docs: 0,
            chunks: Vec::new(),
            sections: Names::default(),
            languages: Names::default(),
        }
    }

    /// Adds the next (older) document; its id is the number added before it.
    pub fn add(&mut self, doc: &DocInput) {
        let prepared = self.prepare(doc);
        self.add_prepared(prepared);
    }

    /// Tokenizes a document on its own, so many can be prepared in parallel and then
    /// added in order with [`Writer::add_prepared`].
    pub fn prepare(&self, doc: &DocInput) -> Prepared {
        let language = doc.language.unwrap_or("");
        let mut hash = FNV_START;
        for field in [doc.title, doc.summary, doc.body_text, doc.section, language] {
            hash = fnv1a_from(hash, field.as_bytes());
            hash = fnv1a_from(hash, &[0xFF]); // not UTF-8: a separator
        }
        let fields = [doc.title, doc.summary, doc.body_text];
        Prepared {
            terms: DocTerms::of(fields, self.params.max_positions),
            hash,
            section: doc.section.to_owned(),
            language: language.to_owned(),
            meta_json: doc.meta_json.to_owned(),
        }
    }

    /// Adds the next (older) prepared document.
    pub fn add_prepared(&mut self, doc: Prepared) {
        self.build = fnv1a_from(self.build, &doc.hash.to_le_bytes());
        self.collector.push(self.docs, doc.terms);
        self.add_meta(&doc.meta_json);
        self.sections.add(&doc.section);
        self.languages.add(&doc.language);
        self.docs += 1;
    }

    fn add_meta(&mut self, json: &str) {
        let json = if json.trim().is_empty() { "null" } else { json };
        self.build = fnv1a_from(self.build, json.as_bytes());
        let chunk = self.params.doc_chunk.max(1);
        if self.docs.is_multiple_of(chunk) {
            self.chunks.push(b"[".to_vec());
        } else if let Some(c) = self.chunks.last_mut() {
            c.push(b',');
        }
        if let Some(c) = self.chunks.last_mut() {
            c.extend_from_slice(json.as_bytes());
        }
    }

    /// Scores, prunes and writes all files through `sink`, `index.txt` last
    /// (so a reader never sees a root whose files are not there yet).
    pub fn finish(self, sink: &mut Sink) -> io::Result<Stats> {
        let Writer {
            params,
            collector,
            build,
            docs,
            mut chunks,
            sections,
            languages,
        } = self;
        let mut stats = Stats {
            docs,
            ..Stats::default()
        };
        let (terms, lens) = collector.into_sorted_terms();
        let scoring = Scoring::new(&params, &lens);
        let max_score = scoring.max_score(&terms);
        // In parallel, collected in term order: the same bytes as one thread would write.
        let encoded: Vec<(Box<str>, Encoded)> = terms
            .into_par_iter()
            .map(|(term, data)| {
                let encoded = scoring.encode(&data, max_score);
                (term, encoded)
            })
            .collect();
        let shards = write_shards(&encoded, Kind::Terms, build, params.shard_bytes, sink)?;
        let position_shards =
            write_shards(&encoded, Kind::Positions, build, params.shard_bytes, sink)?;
        stats.terms = encoded.len();
        stats.pruned_terms = encoded.iter().filter(|(_, e)| e.pruned > 0).count();
        stats.pruned_postings = encoded.iter().map(|(_, e)| u64::from(e.pruned)).sum();
        stats.postings = encoded.iter().map(|(_, e)| count_of(&e.postings)).sum();
        (stats.shards, stats.term_bytes) = shards;
        (stats.position_shards, stats.position_bytes) = position_shards;
        for (k, chunk) in chunks.iter_mut().enumerate() {
            chunk.push(b']');
            stats.doc_bytes += chunk.len() as u64;
            sink(&doc_chunk_path(k as u32), chunk)?;
        }
        let sections = write_filters(&sections, "f/s", build, docs, sink, &mut stats)?;
        let languages = write_filters(&languages, "f/l", build, docs, sink, &mut stats)?;
        let root = root_text(&RootInfo {
            build,
            docs,
            shards: stats.shards,
            position_shards: stats.position_shards,
            chunk: params.doc_chunk.max(1),
            weights: params.weights,
            max_postings: params.max_postings,
            sections: &sections,
            languages: &languages,
        });
        stats.root_bytes = root.len() as u64;
        sink(ROOT_PATH, root.as_bytes())?;
        Ok(stats)
    }

    /// [`Writer::finish`] into memory: `(path, bytes)` in writing order.
    pub fn finish_to_vec(self) -> (Vec<(String, Vec<u8>)>, Stats) {
        let mut files = Vec::new();
        let stats = self
            .finish(&mut |path, bytes| {
                files.push((path.to_owned(), bytes.to_vec()));
                Ok(())
            })
            .unwrap_or_default();
        (files, stats)
    }
}

/// Shards whose files are built together (in parallel) before they are written.
const SHARD_BATCH: usize = 64;

/// The two sharded halves of the index: postings (`t/`) and phrase positions (`p/`).
#[derive(Clone, Copy)]
enum Kind {
    Terms,
    Positions,
}

impl Kind {
    fn data(self, encoded: &Encoded) -> &[u8] {
        match self {
            Kind::Terms => &encoded.postings,
            Kind::Positions => &encoded.positions,
        }
    }

    fn magic(self) -> u8 {
        match self {
            Kind::Terms => MAGIC_TERMS,
            Kind::Positions => MAGIC_POSITIONS,
        }
    }

    fn path(self, n: u32) -> String {
        match self {
            Kind::Terms => term_shard_path(n),
            Kind::Positions => position_shard_path(n),
        }
    }
}

/// The power of two giving an average shard of at most `target` bytes.
fn shard_count(encoded: &[(Box<str>, Encoded)], kind: Kind, target: usize) -> u32 {
    let total: usize = encoded
        .iter()
        .map(|(term, e)| term.len() + 1 + kind.data(e).len())
        .sum();
    let wanted = total.div_ceil(target.max(1)).clamp(1, 1 << 16);
    wanted.next_power_of_two() as u32
}

/// Writes the `kind` half of every term into as many shards as keep them near `target`
/// bytes each (positions are bigger than postings, so they get more shards, and a phrase
/// fetches less); returns the shard count and the bytes written.
fn write_shards(
    encoded: &[(Box<str>, Encoded)],
    kind: Kind,
    build: u32,
    target: usize,
    sink: &mut Sink,
) -> io::Result<(u32, u64)> {
    let shards = shard_count(encoded, kind, target);
    let mut groups: Vec<Vec<(&str, &[u8])>> = vec![Vec::new(); shards as usize];
    for (term, e) in encoded {
        let shard = broadsheet_app::search::fnv1a(term.as_bytes()) & (shards - 1);
        groups[shard as usize].push((term, kind.data(e)));
    }
    // Files are built in parallel a batch at a time (bounding the copies held at once)
    // and handed to the sink in shard order.
    let mut bytes = 0;
    for (batch, groups) in groups.chunks(SHARD_BATCH).enumerate() {
        let first = (batch * SHARD_BATCH) as u32;
        let files: Vec<Vec<u8>> = groups
            .par_iter()
            .enumerate()
            .map(|(i, group)| shard_file(kind.magic(), build, first + i as u32, group))
            .collect();
        for (i, file) in files.iter().enumerate() {
            bytes += file.len() as u64;
            sink(&kind.path(first + i as u32), file)?;
        }
    }
    Ok((shards, bytes))
}

/// The leading varint count of an encoded list.
fn count_of(data: &[u8]) -> u64 {
    u64::from(
        broadsheet_app::search::codec::Cursor::new(data)
            .varint()
            .unwrap_or(0),
    )
}

/// Writes one filter file per name (`<prefix><i>.bin`); returns the sorted
/// names with their document counts for `index.txt`.
fn write_filters(
    names: &Names,
    prefix: &str,
    build: u32,
    docs: u32,
    sink: &mut Sink,
    stats: &mut Stats,
) -> io::Result<Vec<(String, u32)>> {
    let mut counts = Vec::new();
    for (i, (name, ids)) in names.sorted().into_iter().enumerate() {
        let file = filter_file(build, i as u32, &ids, docs);
        stats.filter_bytes += file.len() as u64;
        sink(&numbered(prefix, i as u32, ".bin"), &file)?;
        counts.push((name, ids.len() as u32));
    }
    Ok(counts)
}
