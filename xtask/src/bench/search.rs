//! The search benchmark (issue 10) at one scale: the index's size and build time, then the
//! queries of `queries.rs` in Chromium against the built site, through Broadsheet's search
//! page (`bench/search.mjs`) and through Pagefind's JS API on the same site
//! (`pagefind.rs`, `bench/pagefind.mjs`): data bytes per cold and warm query, recall.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::browser::node;
use super::measure::{kib, OverCap};
use super::pagefind;
use super::queries::{self, Query, KINDS};
use super::report::Report;
use super::rng::Rng;
use super::scale::Built;
use super::search_index;
use crate::static_server::StaticServer;

/// Goals for the data of a cold query (p95, brotli as served) by scale.
const COLD_GOALS: &[(usize, u64)] = &[(10_000, 50 * 1024), (100_000, 100 * 1024)];
/// Queries run before the warm ones are measured.
const WARMUP: usize = 3;
const SEED: u64 = 10;

pub struct SearchBench<'a> {
    pub root: &'a Path,
    pub work: &'a Path,
    pub per_kind: usize,
    /// Run Pagefind side by side at this scale.
    pub pagefind: bool,
}

/// What one query fetched and found, in one engine.
struct Sample {
    kind: String,
    target: String,
    wire: u64,
    raw: u64,
    files: Vec<String>,
    hits: Vec<String>,
}

impl SearchBench<'_> {
    /// Everything for one built scale; `bundle_reported` once the app's bytes are in.
    pub fn run(
        &self,
        built: &Built,
        articles: usize,
        bundle_reported: &mut bool,
        report: &mut Report,
    ) -> Result<()> {
        search_index::timing_rows(&built.timings, articles, report)?;
        search_index::precompress(&built.site)?;
        search_index::precompress_bundle(&built.site)?;
        search_index::size_rows(&built.site, articles, report)?;
        let real = queries::articles(&built.corpus, &built.site)?;
        if real.is_empty() {
            report.missing(format!(
                "search queries at {articles}: no real articles in the corpus (../shared/realdata is missing)"
            ));
            return Ok(());
        }
        let mut list = queries::cut(&real, self.per_kind, SEED);
        // Kinds interleaved, as a reader's session would mix them (the warm run's order).
        Rng::new(SEED + 2).shuffle(&mut list);
        let warmup: Vec<Query> = queries::cut(&real, WARMUP, SEED + 1)
            .into_iter()
            .filter(|w| !list.iter().any(|q| q.q == w.q))
            .take(WARMUP)
            .collect();
        let file = self.work.join(format!("search-queries-{articles}.json"));
        std::fs::write(
            &file,
            format!(
                "{{\"queries\": {}, \"warmup\": {}}}",
                queries::to_json(&list),
                queries::to_json(&warmup)
            ),
        )?;
        let ours = self.broadsheet(built, articles, &file, bundle_reported, report)?;
        if self.pagefind {
            let result = self.pagefind(built, articles, &file, ours, report);
            report.attempt(&format!("Pagefind at {articles} articles"), result);
        }
        Ok(())
    }

    fn browser(
        &self,
        site: &Path,
        script: &str,
        queries: &Path,
        out: &Path,
        report: &mut Report,
    ) -> Result<Value> {
        let server = StaticServer::quiet(site.to_path_buf())?;
        let base = format!("http://127.0.0.1:{}/", server.port());
        let args = vec!["--queries".into(), queries.display().to_string()];
        let result = node(
            self.root,
            report,
            script,
            &[("BASE_URL", &base)],
            &args,
            out,
        );
        server.stop();
        result
    }

    fn broadsheet(
        &self,
        built: &Built,
        n: usize,
        queries: &Path,
        bundle_reported: &mut bool,
        report: &mut Report,
    ) -> Result<(usize, usize)> {
        let out = self.work.join(format!("search-{n}.json"));
        let result = self.browser(&built.site, "search.mjs", queries, &out, report)?;
        let cold = samples(&result["cold"], "data")?;
        let warm = samples(&result["warm"], "data")?;
        if !*bundle_reported {
            let app = samples(&result["cold"], "app")?;
            let first = app.first().context("no cold query")?;
            report.figure(
                "search",
                "search page, cold: the app (wasm + JS + CSS) it loads once, brotli / raw",
                format!("{} / {}", kib(first.wire), kib(first.raw)),
            );
            *bundle_reported = true;
        }
        let (median, p95) = median_p95(cold.iter().map(|s| s.wire));
        let what = format!(
            "{n}: data per cold query, brotli as served: median / p95 (n = {})",
            cold.len()
        );
        let value = format!("{} / {}", kib(median), kib(p95));
        match COLD_GOALS.iter().find(|(at, _)| *at == n) {
            Some((_, goal)) => report.goal(
                "search",
                what,
                value,
                format!("p95 ≤ {}", kib(*goal)),
                p95 <= *goal,
            ),
            None => report.figure("search", what, value),
        }
        let (rm, rp) = median_p95(cold.iter().map(|s| s.raw));
        report.figure(
            "search",
            format!("{n}: data per cold query, raw: median / p95"),
            format!("{} / {}", kib(rm), kib(rp)),
        );
        report.figure(
            "search",
            format!("{n}: cold, brotli median by kind"),
            by_kind(&cold),
        );
        let (fm, fp) = median_p95(cold.iter().map(|s| s.files.len() as u64));
        report.figure(
            "search",
            format!("{n}: files fetched per cold query: median / p95"),
            format!("{fm} / {fp}"),
        );
        let (wm, wp) = median_p95(warm.iter().map(|s| s.wire));
        let (wrm, wrp) = median_p95(warm.iter().map(|s| s.raw));
        report.figure(
            "search",
            format!("{n}: data per warm query (one session, after {WARMUP} others): brotli median / p95; raw median / p95"),
            format!("{} / {}; {} / {}", kib(wm), kib(wp), kib(wrm), kib(wrp)),
        );
        let stuck = result["stuck"].as_array().map_or(0, Vec::len);
        report.goal(
            "search",
            format!("{n}: warm queries the page did not answer within 30 s"),
            format!("{stuck} of {}", stuck + warm.len()),
            "0",
            stuck == 0,
        );
        let (hit, all) = recall(&cold);
        report.goal(
            "search",
            format!("{n}: recall, target in the top 10, 2-character Chinese title substrings"),
            format!("{:.1}% ({hit} of {all})", percent(hit, all)),
            "100%",
            hit == all && all > 0,
        );
        let agree = cold
            .iter()
            .filter(|s| on_disk(&built.site, s) == (s.wire, s.raw))
            .count();
        report.figure(
            "search",
            format!(
                "{n}: cross-check: browser bytes = sizes of the fetched files and their .br copies"
            ),
            format!("{agree} of {} cold queries", cold.len()),
        );
        Ok((hit, all))
    }

    /// Pagefind on the same site and queries; `ours`: Broadsheet's recall to compare.
    fn pagefind(
        &self,
        built: &Built,
        n: usize,
        queries: &Path,
        (ours, all): (usize, usize),
        report: &mut Report,
    ) -> Result<()> {
        let Some(bin) = pagefind::binary(self.root) else {
            report.missing(
                "Pagefind: bench/node_modules/@pagefind/linux-x64 is missing (npm ci in bench/)",
            );
            return Ok(());
        };
        let sections = super::sizes::sections(&built.site)?;
        let log = self.work.join(format!("pagefind-{n}.log"));
        if let Err(err) = pagefind::index(&bin, &built.site, &sections, &log, n, report) {
            if let Some(over) = err.downcast_ref::<OverCap>() {
                report.missing(format!("Pagefind at {n} articles: {over}"));
                return Ok(());
            }
            return Err(err);
        }
        pagefind::precompress_scripts(&built.site)?;
        let out = self.work.join(format!("pagefind-{n}.json"));
        let result = self.browser(&built.site, "pagefind.mjs", queries, &out, report)?;
        let data = samples(&result["cold"], "data")?;
        let engine = samples(&result["cold"], "engine")?;
        let (median, p95) = median_p95(data.iter().map(|s| s.wire));
        report.figure(
            "pagefind",
            format!(
                "Pagefind {n}: data per cold query, as served: median / p95 (n = {})",
                data.len()
            ),
            format!("{} / {}", kib(median), kib(p95)),
        );
        let with: Vec<u64> = data
            .iter()
            .zip(&engine)
            .map(|(d, e)| d.wire + e.wire)
            .collect();
        let (wm, wp) = median_p95(with.into_iter());
        report.figure(
            "pagefind",
            format!("Pagefind {n}: the same with its engine (JS + wasm): median / p95"),
            format!("{} / {}", kib(wm), kib(wp)),
        );
        report.figure(
            "pagefind",
            format!("Pagefind {n}: cold, data median by kind"),
            by_kind(&data),
        );
        let (theirs, all_theirs) = recall(&data);
        report.goal(
            "search",
            format!("{n}: recall, 2-character Chinese title substrings: Broadsheet vs. Pagefind"),
            format!(
                "{:.1}% vs. {:.1}% ({ours} vs. {theirs} of {all})",
                percent(ours, all),
                percent(theirs, all_theirs)
            ),
            "≥ Pagefind",
            all == all_theirs && ours >= theirs,
        );
        Ok(())
    }
}

/// The samples of a browser result list; `part` names the byte counts to read.
fn samples(list: &Value, part: &str) -> Result<Vec<Sample>> {
    let items = list
        .as_array()
        .context("the browser result has no query list")?;
    if items.is_empty() {
        bail!("the browser result has no queries");
    }
    items
        .iter()
        .map(|v| {
            let strings = |x: &Value| -> Vec<String> {
                x.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            };
            Ok(Sample {
                kind: v["kind"].as_str().unwrap_or("").to_string(),
                target: v["target"].as_str().unwrap_or("").to_string(),
                wire: v[part]["wire"]
                    .as_u64()
                    .with_context(|| format!("no {part}.wire for {}", v["q"]))?,
                raw: v[part]["raw"]
                    .as_u64()
                    .with_context(|| format!("no {part}.raw for {}", v["q"]))?,
                files: strings(&v[part]["files"]),
                hits: strings(&v["hits"]),
            })
        })
        .collect()
}

/// Median and 95th percentile (nearest rank), as `bench/lib.mjs` computes them.
fn median_p95(values: impl Iterator<Item = u64>) -> (u64, u64) {
    let mut sorted: Vec<u64> = values.collect();
    sorted.sort_unstable();
    let at = |q: f64| {
        let rank = (q * sorted.len() as f64).ceil() as usize;
        sorted.get(rank.saturating_sub(1)).copied().unwrap_or(0)
    };
    (at(0.5), at(0.95))
}

fn by_kind(samples: &[Sample]) -> String {
    KINDS
        .iter()
        .map(|kind| {
            let (median, _) =
                median_p95(samples.iter().filter(|s| s.kind == *kind).map(|s| s.wire));
            format!("{kind} {}", kib(median))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Title-substring queries whose target is among the hits, and how many there were.
fn recall(samples: &[Sample]) -> (usize, usize) {
    let title = samples.iter().filter(|s| s.kind == "zh-title-2");
    let all = title.clone().count();
    (title.filter(|s| s.hits.contains(&s.target)).count(), all)
}

fn percent(part: usize, all: usize) -> f64 {
    100.0 * part as f64 / all.max(1) as f64
}

/// The bytes a sample's files have on disk: their .br copies (or themselves), and raw.
fn on_disk(site: &Path, sample: &Sample) -> (u64, u64) {
    let size = |p: PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    sample.files.iter().fold((0, 0), |(wire, raw), file| {
        let path = site.join(file);
        let mut br = path.as_os_str().to_owned();
        br.push(".br");
        let br = PathBuf::from(br);
        let served = if br.is_file() {
            size(br)
        } else {
            size(path.clone())
        };
        (wire + served, raw + size(path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p95_are_nearest_ranks() {
        assert_eq!(median_p95((1..=100).rev()), (50, 95));
        assert_eq!(median_p95([7].into_iter()), (7, 7));
    }

    #[test]
    fn recall_counts_title_queries_whose_target_is_a_hit() {
        let sample = |kind: &str, hit: bool| Sample {
            kind: kind.into(),
            target: "news/a/".into(),
            wire: 0,
            raw: 0,
            files: vec![],
            hits: if hit { vec!["news/a/".into()] } else { vec![] },
        };
        let list = [
            sample("zh-title-2", true),
            sample("zh-title-2", false),
            sample("en-word", false),
        ];
        assert_eq!(recall(&list), (1, 2));
    }
}
