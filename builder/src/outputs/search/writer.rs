//! The index writer: documents in (oldest first), index files out.
//!
//! Document ids count from the oldest and are only appended. Without a usable previous
//! index ([`Writer::new`], or a re-merge) every document goes into one new base segment:
//! [`Writer::finish`] scores every (term, doc) pair with BM25F, prunes long lists and
//! writes all files. Over a previous index ([`Writer::over`]) whose manifest still fits
//! (see `manifest.rs`), the base segment's files are kept as they are, and only the
//! documents that are new or changed since the base was written go into the small recent
//! segment (`r/`); the base documents removed or changed become tombstones. Output depends
//! only on the input, the parameters and the previous manifest: terms and names are
//! sorted, never hashed order.
//!
//! Scoring (per term t, doc d; fields title, summary, body):
//! `wtf = Σ_f w_f · tf_f / (1 − b + b · len_f / avglen_f)`,
//! `impact = idf(t) · wtf · (k1 + 1) / (wtf + k1)`,
//! `idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5))`, quantised linearly to
//! 1..=255 against the base's highest impact. The base's impacts are frozen when it is
//! written; the recent segment's use the current N and average lengths, and df in the
//! base as merged (`base_df.rs`) plus in the recent segment, on the base's scale. The
//! base's documents are not tokenized again: the manifest has their lengths.

use super::base_df;
use super::collect::{Collector, DocTerms};
use super::encode::SegmentLine;
use super::finish::{base_paths, count, finish_files, names, Ends, Stats};
use super::manifest::{self, Base, Manifest, Plan, MANIFEST_PATH};
pub use super::params::Params;
use super::score::{Encoded, Global, Scoring};
use super::segment;
use broadsheet_app::search::codec::{fnv1a_from, FNV_START};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;

/// One article, as the builder hands it over.
#[derive(Clone, Copy, Debug)]
pub struct DocInput<'a> {
    /// What names the article from build to build: its slug.
    pub key: &'a str,
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

/// Where the files go: written, or kept from the previous output.
pub trait Output {
    /// Writes `bytes` at `path` (relative to the index folder).
    fn write(&mut self, path: &str, bytes: &[u8]) -> io::Result<()>;
    /// Writes each `(path, bytes)`, in any order (a folder writes them in parallel).
    fn write_all(&mut self, files: &[(String, Vec<u8>)]) -> io::Result<()> {
        files
            .iter()
            .try_for_each(|(path, bytes)| self.write(path, bytes))
    }
    /// Makes `path` the previous output's file (the same bytes); false if there is none.
    fn keep(&mut self, path: &str) -> io::Result<bool>;
}

/// The previous output's index, read-only.
pub trait Previous {
    fn read(&self, path: &str) -> Option<Vec<u8>>;
    fn exists(&self, path: &str) -> bool;
}

/// The most recent-segment shards of each kind: a publish rewrites them all.
const RECENT_SHARDS: u32 = 16;

/// Builds an index from documents given oldest first.
pub struct Writer {
    params: Params,
    known: Known,
    added: Added,
    /// The previous index's manifest, when its base can be kept.
    previous: Option<Manifest>,
    /// The previous base's document frequencies ([`base_df`]).
    base_df: Vec<u8>,
}

/// What preparing a document reads: shared by the threads that prepare documents while
/// the writer adds others ([`Writer::split`]).
pub struct Known {
    max_positions: u32,
    /// Slug → (digest, lens) of the previous base's documents.
    in_base: HashMap<Box<str>, (u64, [u32; 3])>,
}

/// What adding documents in order makes.
pub struct Added {
    /// Every document, with its id in a re-merge (the order of adding).
    collector: Collector,
    build: u32,
    docs: Vec<DocMeta>,
    /// Whether documents not in the previous base are also kept in `recent`.
    keep_recent: bool,
    /// Documents not in the previous base as they are now: `(order of adding, terms)`.
    recent: Vec<(u32, DocTerms)>,
    /// Documents added untokenized, as the previous base holds them.
    untokenized: u32,
}

pub(super) fn params_hash(params: &Params) -> u32 {
    fnv1a_from(FNV_START, format!("{params:?}").as_bytes())
}

impl Writer {
    /// A writer that puts every document into a new base.
    pub fn new(params: Params) -> Writer {
        Writer {
            known: Known {
                max_positions: params.max_positions,
                in_base: HashMap::new(),
            },
            added: Added {
                collector: Collector::default(),
                build: params_hash(&params),
                docs: Vec::new(),
                keep_recent: false,
                recent: Vec::new(),
                untokenized: 0,
            },
            params,
            previous: None,
            base_df: Vec::new(),
        }
    }

    /// A writer that keeps `previous`'s base when its manifest is sound, of these
    /// parameters, and all the base's files are there; else like [`Writer::new`].
    /// Documents the base holds as they are now are not tokenized again.
    pub fn over(params: Params, previous: &dyn Previous) -> Writer {
        let mut writer = Writer::new(params);
        let mut base_df = Vec::new();
        let manifest = previous
            .read(MANIFEST_PATH)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| Manifest::parse(&text))
            .filter(|m| m.params == params_hash(&writer.params))
            .filter(|m| base_paths(&m.base).iter().all(|p| previous.exists(p)))
            .filter(|m| {
                // The base's first shard says which build it is.
                let first = previous.read(&base_paths(&m.base)[0]).unwrap_or_default();
                first.get(2..6) == Some(&m.base.build.to_le_bytes()[..])
            })
            .filter(|m| {
                base_df = previous.read(base_df::PATH).unwrap_or_default();
                base_df::is_of(&base_df, m.base.build)
            });
        if let Some(m) = &manifest {
            writer.known.in_base = (m.live.iter())
                .filter(|l| l.id < m.base.end)
                .map(|l| (l.slug.as_str().into(), (l.digest, l.lens)))
                .collect();
            writer.base_df = base_df;
        }
        writer.added.keep_recent = manifest.is_some();
        writer.previous = manifest;
        writer
    }

    /// Adds the next (newer) document; its id is the number added before it.
    pub fn add(&mut self, doc: &DocInput) {
        let prepared = self.prepare(doc);
        self.add_prepared(prepared);
    }

    /// Tokenizes a document on its own ([`Known::prepare`]).
    pub fn prepare(&self, doc: &DocInput) -> Prepared {
        self.known.prepare(doc)
    }

    /// What preparing reads, beside what adding makes: documents can be prepared while
    /// others are added.
    pub fn split(&mut self) -> (&Known, &mut Added) {
        (&self.known, &mut self.added)
    }

    /// Adds the next (newer) prepared document.
    pub fn add_prepared(&mut self, doc: Prepared) {
        self.added.add(doc);
    }

    /// Whether [`Writer::finish`] must re-merge although documents were added
    /// untokenized: then add every document again to a [`Writer::new`].
    pub fn needs_every_document(&self) -> bool {
        self.added.untokenized > 0 && self.plan().is_none()
    }

    /// How the documents added so far fit over the previous base; `None`: re-merge.
    fn plan(&self) -> Option<Plan> {
        let docs = &self.added.docs;
        let keys: Vec<(&str, u64)> = docs.iter().map(|d| (&*d.key, d.digest)).collect();
        manifest::plan(self.previous.as_ref()?, &keys)
    }

    /// Scores, prunes and writes all files, `index.txt` last (so a reader never sees a
    /// root whose files are not there yet).
    pub fn finish(self, out: &mut dyn Output) -> io::Result<Stats> {
        match (self.plan(), self.previous.clone()) {
            (Some(plan), Some(previous)) => self.finish_over(previous, plan, out),
            _ if self.added.untokenized > 0 => Err(io::Error::other(
                "the search index must be re-merged, but not every document was tokenized",
            )),
            _ => self.finish_merged(out),
        }
    }

    /// Every document into one new base segment, ids in the order of adding.
    fn finish_merged(self, out: &mut dyn Output) -> io::Result<Stats> {
        let Writer {
            params,
            added:
                Added {
                    collector,
                    build,
                    docs,
                    ..
                },
            previous,
            ..
        } = self;
        let n = docs.len() as u32;
        let mut stats = Stats {
            docs: n,
            merged: true,
            ..Stats::default()
        };
        let (terms, lens) = collector.into_sorted_terms();
        let df_file = base_df::encode(build, &terms);
        let scoring = Scoring::new(&params, &lens, 0, Global::of(&lens));
        let max_score = scoring.max_score(&terms);
        // In parallel, collected in term order: the same bytes as one thread would write.
        let encoded: Vec<(Box<str>, Encoded)> = terms
            .into_par_iter()
            .map(|(term, data)| {
                let encoded = scoring.encode(&data, data.df, max_score);
                (term, encoded)
            })
            .collect();
        let ids: Vec<u32> = (0..n).collect();
        let (sections, languages) = names(&docs, &ids, 0..docs.len());
        let written = segment::write(
            &segment::Segment {
                dir: "",
                build,
                encoded: &encoded,
                sections: &sections,
                languages: &languages,
                shard_bytes: params.shard_bytes,
                max_shards: 1 << 16,
            },
            n,
            out,
            &mut stats,
        )?;
        count(&encoded, &mut stats);
        out.write(base_df::PATH, &df_file)?;
        let base = Base {
            build,
            end: n,
            shards: written.shards,
            position_shards: written.position_shards,
            max_score,
            sections: written.sections,
            languages: written.languages,
        };
        let recent = SegmentLine::empty("recent", n);
        let ends = Ends {
            docs: &docs,
            ids: &ids,
            next: n,
            tombstones: &[],
            previous: previous.as_ref(),
        };
        finish_files(&params, &base, &recent, &ends, out, &mut stats)?;
        Ok(stats)
    }

    /// The previous base kept; the documents new or changed since go into the recent
    /// segment, scored with the statistics of all current documents.
    fn finish_over(
        self,
        previous: Manifest,
        plan: Plan,
        out: &mut dyn Output,
    ) -> io::Result<Stats> {
        let Writer {
            params,
            added:
                Added {
                    collector,
                    build,
                    docs,
                    recent,
                    untokenized,
                    ..
                },
            base_df,
            ..
        } = self;
        let base = &previous.base;
        for path in base_paths(base) {
            if !out.keep(&path)? {
                return Err(io::Error::other(format!(
                    "the previous search index lost {path} during the build"
                )));
            }
        }
        let mut stats = Stats {
            docs: docs.len() as u32,
            tombstones: plan.tombstones.len() as u32,
            untokenized,
            ..Stats::default()
        };
        drop(collector); // the recent documents again: `recent` holds them
        let all_lens: Vec<[u32; 3]> = docs.iter().map(|d| d.lens).collect();
        let global = Global::of(&all_lens);
        drop(all_lens);
        let mut recent: Vec<(u32, u32, DocTerms)> = recent
            .into_iter()
            .map(|(order, terms)| (plan.ids[order as usize], order, terms))
            .collect();
        recent.sort_unstable_by_key(|r| r.0);
        stats.recent_docs = recent.len() as u32;
        let first = base.end;
        let mut lens = vec![[0; 3]; (plan.next - first) as usize];
        let mut in_recent = Collector::default();
        let orders: Vec<usize> = recent.iter().map(|r| r.1 as usize).collect();
        for (id, _, terms) in recent {
            lens[(id - first) as usize] = terms.lens();
            in_recent.push(id, terms);
        }
        let (sections, languages) = names(&docs, &plan.ids, orders.iter().copied());
        let (terms, _) = in_recent.into_sorted_terms();
        let in_base = base_df::lookup(&base_df, terms.iter().map(|(term, _)| &**term))
            .ok_or_else(|| io::Error::other(format!("{} is damaged", base_df::PATH)))?;
        let scoring = Scoring::new(&params, &lens, first, global);
        let encoded: Vec<(Box<str>, Encoded)> = (terms.into_par_iter().zip(in_base))
            .map(|((term, data), in_base)| {
                let encoded = scoring.encode(&data, in_base + data.df, base.max_score);
                (term, encoded)
            })
            .collect();
        let mut line = SegmentLine::empty("recent", plan.next);
        line.first = first;
        if !orders.is_empty() {
            line.build = fnv1a_from(build, b"recent");
            let written = segment::write(
                &segment::Segment {
                    dir: "r/",
                    build: line.build,
                    encoded: &encoded,
                    sections: &sections,
                    languages: &languages,
                    shard_bytes: params.shard_bytes,
                    max_shards: RECENT_SHARDS,
                },
                plan.next,
                out,
                &mut stats,
            )?;
            (line.shards, line.position_shards) = (written.shards, written.position_shards);
            (line.sections, line.languages) = (written.sections, written.languages);
        }
        count(&encoded, &mut stats);
        let ends = Ends {
            docs: &docs,
            ids: &plan.ids,
            next: plan.next,
            tombstones: &plan.tombstones,
            previous: Some(&previous),
        };
        finish_files(&params, base, &line, &ends, out, &mut stats)?;
        Ok(stats)
    }
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
