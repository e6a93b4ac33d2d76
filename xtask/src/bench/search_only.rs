//! `cargo xtask bench --search`: the builds and the search benchmark alone (issue 10), at
//! 1,000, 10,000 and 100,000 articles with Pagefind beside Broadsheet up to 10,000 (its
//! index took 1.5 GiB of memory at 10,000, and grows with the site), without Lighthouse,
//! Hugo or the browser sessions. It rewrites only the Search section of BENCHMARKS.md
//! (between two markers; the rest of the file is the last full run's), so the section says
//! its own machine, command and date. `--search --quick` runs 200 articles into
//! target/bench/SEARCH.quick.md.

use std::path::Path;

use anyhow::Result;

use super::report::{self, Report};
use super::scale::{self, Builder};
use super::search::SearchBench;
use crate::cmd::{note, step};

/// Where the Search section sits in BENCHMARKS.md: between these, its run rewrites it.
pub(super) const MARKS: (&str, &str) = (
    "<!-- search section: written by `cargo xtask bench --search` -->",
    "<!-- end of the search section -->",
);

/// Pagefind runs beside Broadsheet up to this many articles.
pub const PAGEFIND_UP_TO: usize = 10_000;

/// Builds each of `scales`, runs the search bench on it (Pagefind up to
/// [`PAGEFIND_UP_TO`]), prints
/// the table and writes the section into `target`.
pub fn run(
    builder: &Builder,
    scales: &[usize],
    queries: usize,
    target: &Path,
    machine: &[(String, String)],
    report: &mut Report,
) -> Result<()> {
    let mut bundle_reported = false;
    for &articles in scales {
        step(&format!("bench: build {articles} articles"));
        let built = builder.build(articles, report)?;
        step(&format!("bench: search at {articles} articles"));
        let searching = SearchBench {
            root: builder.root,
            work: builder.work,
            per_kind: queries,
            pagefind: articles <= PAGEFIND_UP_TO,
        };
        let result = searching.run(&built, articles, &mut bundle_reported, report);
        report.attempt(&format!("search at {articles} articles"), result);
        if articles >= 10_000 {
            scale::remove_output(&built.site)?;
        }
    }
    step("bench: results");
    print!("{}", report.text_table());
    for line in &report.missing {
        note(&format!("not measured: {line}"));
    }
    let findings = std::fs::read_to_string(builder.root.join("bench/search-findings.md")).ok();
    let intro = "Reproduce: `cargo xtask bench --search` (needs `../shared/realdata` beside the \
         project for the queries; about half an hour on the machine below). The rows come \
         from that run, not typed in by hand; the rest of this file is from the last full \
         `cargo xtask bench`.";
    let section = report::section("Search", intro, report, machine, findings.as_deref());
    report::write_section(target, "Search", &section, MARKS, report)
}
