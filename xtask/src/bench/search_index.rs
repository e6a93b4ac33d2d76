//! The search index of a built site: its files and bytes, the brotli copies a host serves
//! (the scale builds skip `--precompress`, which would compress every page), and the
//! search stage's share of the build's wall time from `broadsheet build --timings`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use super::measure::{brotli_bytes, mib, write_brotli_copy};
use super::report::Report;

/// Goal: building the index takes at most this share of the build's wall time.
const SHARE_GOAL: f64 = 0.20;

/// The index folder of a built site.
pub fn dir(site: &Path) -> std::path::PathBuf {
    site.join("api/v1/search")
}

/// The index files `broadsheet build --precompress` writes brotli copies of (the small
/// `index.txt` it leaves as it is).
pub const COMPRESSED: &[&str] = &["bin", "json"];

/// Writes `<file>.br` beside the index files `--precompress` compresses, at the quality and
/// window it uses for them (9, 22): what a host serving the precompressed copies sends.
/// Returns the total of the copies.
pub fn precompress(site: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in walkdir::WalkDir::new(dir(site)).sort_by_file_name() {
        let entry = entry?;
        let path = entry.path();
        let compressed = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED.contains(&e));
        if !entry.file_type().is_file() || !compressed {
            continue;
        }
        total += write_brotli_copy(path)?;
    }
    Ok(total)
}

/// Brotli copies of the app's hashed bundle files (wasm, JS, CSS) at the site's top, at
/// quality 11 as `--precompress` writes them, so the search page loads the app as a
/// precompressing host serves it.
pub fn precompress_bundle(site: &Path) -> Result<()> {
    for entry in std::fs::read_dir(site)? {
        let path = entry?.path();
        let bundled = path
            .extension()
            .is_some_and(|e| e == "wasm" || e == "js" || e == "css");
        if path.is_file() && bundled {
            let out = brotli_bytes(&std::fs::read(&path)?, 11)?;
            let mut name = path.as_os_str().to_owned();
            name.push(".br");
            std::fs::write(std::path::PathBuf::from(name), out)?;
        }
    }
    Ok(())
}

/// Files and bytes of the index by kind (term shards, position shards, summaries,
/// filters and the root), raw and as the brotli copies.
pub fn size_rows(site: &Path, articles: usize, report: &mut Report) -> Result<()> {
    // kind → (files, raw bytes, brotli bytes)
    let mut kinds: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    let index = dir(site);
    for entry in walkdir::WalkDir::new(&index) {
        let entry = entry?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&index)?
            .to_string_lossy()
            .into_owned();
        let (rel, compressed) = match rel.strip_suffix(".br") {
            Some(r) => (r.to_string(), true),
            None => (rel, false),
        };
        let kind = match rel.split('/').next() {
            Some("t") => "term shards",
            Some("p") => "position shards",
            Some("docs") => "summaries",
            Some("r") => "recent segment",
            Some("base.txt") => "manifest (never fetched)",
            _ => "filters and root",
        };
        let len = entry.metadata()?.len();
        let slot = kinds.entry(kind).or_default();
        if compressed {
            slot.2 += len;
        } else {
            slot.0 += 1;
            slot.1 += len;
        }
    }
    let (files, raw, br) = kinds
        .values()
        .fold((0, 0, 0), |a, k| (a.0 + k.0, a.1 + k.1, a.2 + k.2));
    let parts: Vec<String> = kinds
        .iter()
        .map(|(kind, (f, r, _))| format!("{kind} {f} / {}", mib(*r)))
        .collect();
    report.figure(
        "search",
        format!("index at {articles}: files, raw / brotli"),
        format!("{files} files, {} / {}", mib(raw), mib(br)),
    );
    report.figure(
        "search",
        format!("index at {articles}: files / raw by kind"),
        parts.join("; "),
    );
    Ok(())
}

/// The search stage's share of the build's wall time, from the builder's `--timings` JSON:
/// adding and writing are sequential stages; tokenizing runs inside the parallel article
/// stage and counts as its thread time divided by the threads.
pub fn timing_rows(timings: &Path, articles: usize, report: &mut Report) -> Result<()> {
    let text = std::fs::read_to_string(timings)
        .with_context(|| format!("reading {}", timings.display()))?;
    let t: Value = serde_json::from_str(&text)?;
    let num = |v: &Value, what: &str| {
        v.as_f64()
            .with_context(|| format!("{}: no {what}", timings.display()))
    };
    let total = num(&t["total_seconds"], "total_seconds")?;
    let search = &t["search"];
    let wall = num(&search["wall_seconds"], "search.wall_seconds")?;
    let share = wall / total.max(f64::MIN_POSITIVE);
    report.goal(
        "search",
        format!(
            "index build at {articles}: share of the build's wall time (tokenize ÷ threads + add + score/encode/write)"
        ),
        format!(
            "{wall:.2} s of {total:.2} s = {:.1}% ({:.2} s tokenizing over {} threads, {:.2} s adding, {:.2} s writing)",
            share * 100.0,
            num(&search["tokenize_thread_seconds"], "tokenize")?,
            t["threads"].as_u64().unwrap_or(0),
            num(&search["add_seconds"], "add")?,
            num(&search["write_seconds"], "write")?,
        ),
        "≤ 20%",
        share <= SHARE_GOAL,
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_reads_the_builders_timings_and_fails_above_a_fifth() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.json");
        let json = r#"{"total_seconds": 10.0, "threads": 2, "search": {"tokenize_thread_seconds": 2.0, "add_seconds": 0.5, "write_seconds": 1.5, "wall_seconds": 3.0}}"#;
        std::fs::write(&file, json).unwrap();
        let mut report = Report::default();
        timing_rows(&file, 10, &mut report).unwrap();
        assert_eq!(report.rows[0].pass, Some(false));
        assert!(report.rows[0]
            .value
            .starts_with("3.00 s of 10.00 s = 30.0%"));
    }

    #[test]
    fn the_bench_compresses_what_the_builders_precompress_does() {
        for ext in COMPRESSED {
            assert!(
                broadsheet::outputs::precompress::EXTENSIONS.contains(ext),
                "{ext}"
            );
        }
        assert!(!broadsheet::outputs::precompress::EXTENSIONS.contains(&"txt"));
    }

    #[test]
    fn index_files_get_brotli_copies_and_the_sizes_count_both() {
        let dir = tempfile::tempdir().unwrap();
        let index = super::dir(dir.path());
        std::fs::create_dir_all(index.join("t")).unwrap();
        std::fs::write(index.join("index.txt"), "format=1\n".repeat(20)).unwrap();
        std::fs::write(index.join("t/0.bin"), [7u8; 100]).unwrap();
        let total = precompress(dir.path()).unwrap();
        assert!(index.join("t/0.bin.br").is_file() && total > 0);
        assert!(!index.join("index.txt.br").exists());
        let mut report = Report::default();
        size_rows(dir.path(), 1, &mut report).unwrap();
        assert!(
            report.rows[0].value.starts_with("2 files"),
            "{}",
            report.rows[0].value
        );
    }
}
