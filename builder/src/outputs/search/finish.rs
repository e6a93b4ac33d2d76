//! The end of every index build: the summary chunks (`docs/<k>.json`, by id, `null` for a
//! removed or replaced document), the manifest and the root; and the pieces both ways of
//! finishing share (the base's paths, the names per segment, an in-memory output).

use super::base_df;
use super::encode::{root_text, RootInfo, SegmentLine};
use super::manifest::{Base, Live, Manifest, MANIFEST_PATH};
use super::prepare::DocMeta;
use super::score::Encoded;
use super::segment::Names;
use super::writer::{params_hash, Output, Params, Previous, Writer};
use broadsheet_app::search::root::{doc_chunk_path, numbered, ROOT_PATH};
use std::collections::BTreeMap;
use std::io;

/// Summary chunks handed to the output at once.
const DOC_BATCH: usize = 256;

/// What [`Writer::finish`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub docs: u32,
    /// Whether every document went into a new base (else the base was kept).
    pub merged: bool,
    pub recent_docs: u32,
    /// Documents the kept base holds as they are now: not tokenized again.
    pub untokenized: u32,
    pub tombstones: u32,
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

/// An index in memory (tests, the size example): kept files are copied.
pub(super) struct Memory<'a> {
    pub(super) previous: Option<&'a BTreeMap<String, Vec<u8>>>,
    pub(super) files: Vec<(String, Vec<u8>)>,
}

impl Output for Memory<'_> {
    fn write(&mut self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.files.push((path.to_owned(), bytes.to_vec()));
        Ok(())
    }

    fn keep(&mut self, path: &str) -> io::Result<bool> {
        let Some(bytes) = self.previous.and_then(|p| p.get(path)) else {
            return Ok(false);
        };
        self.files.push((path.to_owned(), bytes.clone()));
        Ok(true)
    }
}

impl Writer {
    /// [`Writer::finish`] into memory: `(path, bytes)` in writing order.
    pub fn finish_to_vec(self) -> (Vec<(String, Vec<u8>)>, Stats) {
        self.finish_in_memory(None)
    }

    /// [`Writer::finish`] into memory over a previous index held in memory.
    pub fn finish_over_map(
        self,
        previous: &BTreeMap<String, Vec<u8>>,
    ) -> (Vec<(String, Vec<u8>)>, Stats) {
        self.finish_in_memory(Some(previous))
    }

    fn finish_in_memory(
        self,
        previous: Option<&BTreeMap<String, Vec<u8>>>,
    ) -> (Vec<(String, Vec<u8>)>, Stats) {
        let mut memory = Memory {
            previous,
            files: Vec::new(),
        };
        let stats = self.finish(&mut memory).unwrap_or_default();
        (memory.files, stats)
    }
}

impl Previous for BTreeMap<String, Vec<u8>> {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        self.get(path).cloned()
    }

    fn exists(&self, path: &str) -> bool {
        self.contains_key(path)
    }
}

/// The base segment's files: the ones a build over it keeps.
pub(super) fn base_paths(base: &Base) -> Vec<String> {
    let mut paths: Vec<String> = (0..base.shards)
        .map(|n| numbered("t/", n, ".bin"))
        .collect();
    paths.extend((0..base.position_shards).map(|n| numbered("p/", n, ".bin")));
    paths.extend((0..base.sections.len() as u32).map(|i| numbered("f/s", i, ".bin")));
    paths.extend((0..base.languages.len() as u32).map(|i| numbered("f/l", i, ".bin")));
    paths.push(base_df::PATH.to_owned());
    paths
}

/// The sections and languages of the documents added `orders`, by their ids.
pub(super) fn names(
    docs: &[DocMeta],
    ids: &[u32],
    orders: impl Iterator<Item = usize>,
) -> (Names, Names) {
    let (mut sections, mut languages) = (Names::default(), Names::default());
    for order in orders {
        let (doc, id) = (&docs[order], ids[order]);
        sections.add(id, &doc.section);
        languages.add(id, &doc.language);
    }
    (sections, languages)
}

pub(super) fn count(encoded: &[(Box<str>, Encoded)], stats: &mut Stats) {
    stats.terms = encoded.len();
    stats.pruned_terms = encoded.iter().filter(|(_, e)| e.pruned > 0).count();
    stats.pruned_postings = encoded.iter().map(|(_, e)| u64::from(e.pruned)).sum();
    stats.postings = encoded.iter().map(|(_, e)| count_of(&e.postings)).sum();
}

/// The leading varint count of an encoded list.
fn count_of(data: &[u8]) -> u64 {
    u64::from(
        broadsheet_app::search::codec::Cursor::new(data)
            .varint()
            .unwrap_or(0),
    )
}

/// What every build writes last: ids and what the root and manifest need of them.
pub(super) struct Ends<'a> {
    pub(super) docs: &'a [DocMeta],
    /// Per document (order of adding), its id.
    pub(super) ids: &'a [u32],
    pub(super) next: u32,
    pub(super) tombstones: &'a [u32],
    /// The previous index's manifest (its parameters are these): a summary chunk whose
    /// every place holds the document it held then is kept, not written.
    pub(super) previous: Option<&'a Manifest>,
}

/// Writes the summary chunks, the manifest and the root (last).
pub(super) fn finish_files(
    params: &Params,
    base: &Base,
    recent: &SegmentLine,
    ends: &Ends,
    out: &mut dyn Output,
    stats: &mut Stats,
) -> io::Result<()> {
    let chunk = params.doc_chunk.max(1);
    let mut by_id: Vec<Option<&DocMeta>> = vec![None; ends.next as usize];
    for (doc, &id) in ends.docs.iter().zip(ends.ids) {
        by_id[id as usize] = Some(doc);
    }
    // Each place's digest (which covers the summary JSON), then and now.
    let mut before: Vec<Option<u64>> = vec![None; ends.previous.map_or(0, |m| m.docs as usize)];
    for live in ends.previous.iter().flat_map(|m| &m.live) {
        if let Some(place) = before.get_mut(live.id as usize) {
            *place = Some(live.digest);
        }
    }
    let mut before = before.chunks(chunk as usize);
    // A removed or replaced document's place holds `null`.
    fn meta<'a>(doc: &Option<&'a DocMeta>) -> &'a str {
        match doc.map_or("", |d| d.meta_json.trim()) {
            "" => "null",
            meta => meta,
        }
    }
    // Written a batch at a time (a folder writes a batch in parallel).
    let mut batch: Vec<(String, Vec<u8>)> = Vec::with_capacity(DOC_BATCH);
    for (k, entries) in by_id.chunks(chunk as usize).enumerate() {
        // `[`, the entries with a comma between each two, `]`.
        let bytes = entries.iter().map(|d| meta(d).len() + 1).sum::<usize>() + 1;
        stats.doc_bytes += bytes as u64;
        let path = doc_chunk_path(k as u32);
        let same = before.next().is_some_and(|then| {
            then.len() == entries.len()
                && (then.iter().zip(entries)).all(|(then, now)| *then == now.map(|d| d.digest))
        });
        if !(same && out.keep(&path)?) {
            let mut json = String::with_capacity(bytes);
            json.push('[');
            for (i, doc) in entries.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                json.push_str(meta(doc));
            }
            json.push(']');
            debug_assert_eq!(json.len(), bytes);
            batch.push((path, json.into_bytes()));
            if batch.len() == DOC_BATCH {
                out.write_all(&batch)?;
                batch.clear();
            }
        }
    }
    out.write_all(&batch)?;
    let mut live: Vec<Live> = (ends.docs.iter().zip(ends.ids))
        .map(|(d, &id)| Live {
            id,
            digest: d.digest,
            lens: d.lens,
            slug: d.key.to_string(),
        })
        .collect();
    live.sort_unstable_by_key(|l| l.id);
    let manifest = Manifest {
        params: params_hash(params),
        base: base.clone(),
        docs: ends.next,
        live,
    };
    out.write(MANIFEST_PATH, manifest.text().as_bytes())?;
    let mut base_line = SegmentLine::empty("base", 0);
    base_line.build = base.build;
    base_line.end = base.end;
    (base_line.shards, base_line.position_shards) = (base.shards, base.position_shards);
    (base_line.sections, base_line.languages) = (base.sections.clone(), base.languages.clone());
    let root = root_text(&RootInfo {
        docs: ends.next,
        chunk,
        weights: params.weights,
        max_postings: params.max_postings,
        segments: &[base_line, recent.clone()],
        tombstones: ends.tombstones,
    });
    stats.root_bytes = root.len() as u64;
    stats.shards = base.shards;
    stats.position_shards = base.position_shards;
    out.write(ROOT_PATH, root.as_bytes())
}
