//! Writing one segment's files below its folder (`""` for the base, `r/` for the recent
//! segment): the term and position shards, and a filter file per section and language.

use super::encode::{filter_file, shard_file};
use super::finish::Stats;
use super::score::Encoded;
use super::writer::Output;
use broadsheet_app::search::codec::{MAGIC_POSITIONS, MAGIC_TERMS};
use broadsheet_app::search::root::numbered;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io;

/// Distinct names (sections or languages) with the name of each document.
#[derive(Default)]
pub(super) struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
    /// `(document id, name id)`, ascending document ids.
    of_doc: Vec<(u32, u32)>,
}

impl Names {
    /// Document `doc` (added in ascending order) has `name`.
    pub(super) fn add(&mut self, doc: u32, name: &str) {
        let next = self.names.len() as u32;
        let id = *self.ids.entry(name.to_owned()).or_insert(next);
        if id == next {
            self.names.push(name.to_owned());
        }
        self.of_doc.push((doc, id));
    }

    /// Names sorted, each with the ascending ids of its docs.
    fn sorted(&self) -> Vec<(String, Vec<u32>)> {
        let mut docs: Vec<Vec<u32>> = vec![Vec::new(); self.names.len()];
        for &(doc, id) in &self.of_doc {
            docs[id as usize].push(doc);
        }
        let mut out: Vec<(String, Vec<u32>)> = self.names.iter().cloned().zip(docs).collect();
        out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        out
    }
}

/// One segment to write.
pub(super) struct Segment<'a> {
    /// Its folder below the index: `""` or `"r/"`.
    pub(super) dir: &'a str,
    pub(super) build: u32,
    /// Every term's encoded lists, sorted by term.
    pub(super) encoded: &'a [(Box<str>, Encoded)],
    pub(super) sections: &'a Names,
    pub(super) languages: &'a Names,
    /// Target average shard size in bytes.
    pub(super) shard_bytes: usize,
    /// The most shards of each kind.
    pub(super) max_shards: u32,
}

/// What the root records of a written segment.
pub(super) struct Written {
    pub(super) shards: u32,
    pub(super) position_shards: u32,
    pub(super) sections: Vec<(String, u32)>,
    pub(super) languages: Vec<(String, u32)>,
}

/// Writes `segment`'s shards and filters; adds their sizes to `stats`.
pub(super) fn write(
    segment: &Segment,
    total_docs: u32,
    out: &mut dyn Output,
    stats: &mut Stats,
) -> io::Result<Written> {
    let (shards, term_bytes) = write_shards(segment, Kind::Terms, out)?;
    let (position_shards, position_bytes) = write_shards(segment, Kind::Positions, out)?;
    stats.term_bytes += term_bytes;
    stats.position_bytes += position_bytes;
    let mut filters = |names: &Names, prefix: &str| -> io::Result<Vec<(String, u32)>> {
        let mut counts = Vec::new();
        for (i, (name, ids)) in names.sorted().into_iter().enumerate() {
            let file = filter_file(segment.build, i as u32, &ids, total_docs);
            stats.filter_bytes += file.len() as u64;
            out.write(
                &numbered(&[segment.dir, prefix].concat(), i as u32, ".bin"),
                &file,
            )?;
            counts.push((name, ids.len() as u32));
        }
        Ok(counts)
    };
    let sections = filters(segment.sections, "f/s")?;
    let languages = filters(segment.languages, "f/l")?;
    Ok(Written {
        shards,
        position_shards,
        sections,
        languages,
    })
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

    fn path(self, dir: &str, n: u32) -> String {
        let folder = match self {
            Kind::Terms => "t/",
            Kind::Positions => "p/",
        };
        numbered(&[dir, folder].concat(), n, ".bin")
    }
}

/// The power of two giving an average shard of at most `target` bytes, at most `max`.
fn shard_count(encoded: &[(Box<str>, Encoded)], kind: Kind, target: usize, max: u32) -> u32 {
    let total: usize = encoded
        .iter()
        .map(|(term, e)| term.len() + 1 + kind.data(e).len())
        .sum();
    let wanted = total.div_ceil(target.max(1)).clamp(1, 1 << 16);
    (wanted.next_power_of_two() as u32).min(max.max(1).next_power_of_two())
}

/// Writes the `kind` half of every term into as many shards as keep them near the
/// target size each (positions are bigger than postings, so they get more shards, and a
/// phrase fetches less); returns the shard count and the bytes written.
fn write_shards(segment: &Segment, kind: Kind, out: &mut dyn Output) -> io::Result<(u32, u64)> {
    let shards = shard_count(
        segment.encoded,
        kind,
        segment.shard_bytes,
        segment.max_shards,
    );
    let mut groups: Vec<Vec<(&str, &[u8])>> = vec![Vec::new(); shards as usize];
    for (term, e) in segment.encoded {
        let shard = broadsheet_app::search::fnv1a(term.as_bytes()) & (shards - 1);
        groups[shard as usize].push((term, kind.data(e)));
    }
    // Files are built in parallel a batch at a time (bounding the copies held at once)
    // and handed to the output a batch at a time.
    let mut bytes = 0;
    for (batch, groups) in groups.chunks(SHARD_BATCH).enumerate() {
        let first = (batch * SHARD_BATCH) as u32;
        let files: Vec<(String, Vec<u8>)> = groups
            .par_iter()
            .enumerate()
            .map(|(i, group)| {
                let shard = first + i as u32;
                let file = shard_file(kind.magic(), segment.build, shard, group);
                (kind.path(segment.dir, shard), file)
            })
            .collect();
        bytes += files.iter().map(|(_, file)| file.len() as u64).sum::<u64>();
        out.write_all(&files)?;
    }
    Ok((shards, bytes))
}
