//! The index's manifest, `base.txt` beside `index.txt` (not fetched by the app): which
//! document (by its slug) has which id and a hash of everything indexed for it, and the
//! base segment's frozen shape and statistics. The next build reads it from the previous
//! output, keeps the base segment's files and indexes only what changed, into the recent
//! segment ([`Plan`]); or re-merges everything into a new base.

use super::encode::escape;
use broadsheet_app::search::root::unescape;
use broadsheet_app::search::{FORMAT_VERSION, TOKENIZER_VERSION};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Path of the manifest, relative to the index directory.
pub const MANIFEST_PATH: &str = "base.txt";

/// The frozen base segment.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Base {
    pub(super) build: u32,
    /// Its ids are `0..end`.
    pub(super) end: u32,
    pub(super) shards: u32,
    pub(super) position_shards: u32,
    /// The score quantised to impact 255, also the scale of the recent segment's impacts.
    pub(super) max_score: f64,
    pub(super) sections: Vec<(String, u32)>,
    pub(super) languages: Vec<(String, u32)>,
}

/// What `base.txt` records.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Manifest {
    /// Hash of the index's parameters: another tuning cannot keep the base.
    pub(super) params: u32,
    pub(super) base: Base,
    /// Ids given out so far: the next document gets this one.
    pub(super) docs: u32,
    /// Every live document, ascending ids.
    pub(super) live: Vec<Live>,
}

/// A live document as the manifest records it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Live {
    pub(super) id: u32,
    /// Hash of everything indexed for it: a document with another digest changed.
    pub(super) digest: u64,
    /// Number of positions in title, summary, body: a build over the base needs them for
    /// the collection's average lengths without tokenizing the document again.
    pub(super) lens: [u32; 3],
    pub(super) slug: String,
}

impl Manifest {
    pub(super) fn text(&self) -> String {
        let b = &self.base;
        let mut out = format!(
            "format={FORMAT_VERSION}\ntokenizer={TOKENIZER_VERSION}\nparams={:08x}\n\
             base={:08x} {} {} {} {:016x}\ndocs={}\n",
            self.params,
            b.build,
            b.end,
            b.shards,
            b.position_shards,
            b.max_score.to_bits(),
            self.docs
        );
        for (key, list) in [("section", &b.sections), ("language", &b.languages)] {
            for (name, count) in list {
                out.push_str(&format!("{key}={} {count}\n", escape(name)));
            }
        }
        for Live {
            id,
            digest,
            lens: [title, summary, body],
            slug,
        } in &self.live
        {
            let _ = writeln!(
                out,
                "doc={id} {digest:016x} {title},{summary},{body} {}",
                escape(slug)
            );
        }
        out
    }

    /// Reads `base.txt`; `None` if damaged or of another format or tokenizer.
    pub(super) fn parse(text: &str) -> Option<Manifest> {
        let mut m = Manifest {
            params: 0,
            base: Base {
                build: 0,
                end: 0,
                shards: 0,
                position_shards: 0,
                max_score: 0.0,
                sections: Vec::new(),
                languages: Vec::new(),
            },
            docs: 0,
            live: Vec::new(),
        };
        let (mut format, mut tokenizer, mut base) = (None, None, false);
        for line in text.lines() {
            let (key, value) = line.split_once('=')?;
            let mut fields = value.split(' ');
            let mut field = || fields.next().ok_or(());
            match key {
                "format" => format = value.parse::<u32>().ok(),
                "tokenizer" => tokenizer = value.parse::<u32>().ok(),
                "params" => m.params = u32::from_str_radix(value, 16).ok()?,
                "docs" => m.docs = value.parse().ok()?,
                "base" => {
                    let b = &mut m.base;
                    b.build = u32::from_str_radix(field().ok()?, 16).ok()?;
                    b.end = field().ok()?.parse().ok()?;
                    b.shards = field().ok()?.parse().ok()?;
                    b.position_shards = field().ok()?.parse().ok()?;
                    b.max_score = f64::from_bits(u64::from_str_radix(field().ok()?, 16).ok()?);
                    base = true;
                }
                "section" | "language" => {
                    let (name, count) = value.rsplit_once(' ')?;
                    let entry = (unescape(name)?, count.parse().ok()?);
                    match key {
                        "section" => m.base.sections.push(entry),
                        _ => m.base.languages.push(entry),
                    }
                }
                "doc" => {
                    let id = field().ok()?.parse().ok()?;
                    let digest = u64::from_str_radix(field().ok()?, 16).ok()?;
                    let mut lens = [0; 3];
                    let mut counts = field().ok()?.split(',');
                    for len in &mut lens {
                        *len = counts.next()?.parse().ok()?;
                    }
                    let slug = unescape(field().ok()?)?;
                    (counts.next().is_none()).then_some(())?;
                    m.live.push(Live {
                        id,
                        digest,
                        lens,
                        slug,
                    });
                }
                _ => {}
            }
        }
        let b = &m.base;
        let sane = b.shards.is_power_of_two()
            && b.position_shards.is_power_of_two()
            && b.end <= m.docs
            && b.max_score.is_finite()
            && b.max_score > 0.0
            && m.live.iter().all(|l| l.id < m.docs);
        (format == Some(FORMAT_VERSION) && tokenizer == Some(TOKENIZER_VERSION) && base && sane)
            .then_some(m)
    }
}

/// The most recent-segment documents plus tombstones a base of `end` ids carries before
/// the next build re-merges: 64, or one in 64 of the base. Below it the recent segment
/// stays a few hundred KiB at most; above it, re-merging (which rewrites the index)
/// happens once per `end / 64` publishes, so its cost per publish stays bounded too.
pub(super) fn threshold(end: u32) -> u32 {
    (end / 64).max(64)
}

/// An incremental build: each document's id, the ids given out, the dead base ids.
#[derive(Debug, PartialEq)]
pub(super) struct Plan {
    /// Per document, in the order they were added.
    pub(super) ids: Vec<u32>,
    /// Ids given out (the root's `docs`).
    pub(super) next: u32,
    /// Base ids whose document was removed or changed, ascending.
    pub(super) tombstones: Vec<u32>,
}

/// Keeps the base when it can: documents whose slug and digest the manifest lists keep
/// their id, others get new ids after the last one. `None`: re-merge (the recent
/// segment and tombstones would pass [`threshold`], or the manifest contradicts itself).
pub(super) fn plan(manifest: &Manifest, docs: &[(&str, u64)]) -> Option<Plan> {
    let known: HashMap<&str, (u32, u64)> = (manifest.live.iter())
        .map(|l| (l.slug.as_str(), (l.id, l.digest)))
        .collect();
    let end = manifest.base.end;
    let mut used = vec![false; manifest.docs as usize];
    let mut next = manifest.docs;
    let mut ids = Vec::with_capacity(docs.len());
    for (slug, digest) in docs {
        let id = match known.get(slug) {
            Some(&(id, old)) if old == *digest => {
                let slot = used.get_mut(id as usize)?;
                if *slot {
                    return None; // two documents with one id: start again
                }
                *slot = true;
                id
            }
            _ => {
                next = next.checked_add(1)?;
                next - 1
            }
        };
        ids.push(id);
    }
    let tombstones: Vec<u32> = (0..end).filter(|&id| !used[id as usize]).collect();
    let carried = (next - end).saturating_add(tombstones.len() as u32);
    (carried <= threshold(end)).then_some(Plan {
        ids,
        next,
        tombstones,
    })
}
