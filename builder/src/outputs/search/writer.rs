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
pub use super::prepare::{Added, DocInput, Known, Prepared};
use super::score::{Encoded, Global, Scoring};
use super::segment;
use broadsheet_app::search::codec::{fnv1a_from, FNV_START};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;

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
        self.added.add(self.known.prepare(doc));
    }

    /// What preparing reads, beside what adding makes: documents can be prepared while
    /// others are added.
    pub fn split(&mut self) -> (&Known, &mut Added) {
        (&self.known, &mut self.added)
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
