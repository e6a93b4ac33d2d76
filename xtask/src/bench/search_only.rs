//! `cargo xtask bench --search`: the builds and the search benchmark alone (issue 10), at
//! 1,000, 10,000 and 100,000 articles with Pagefind beside Broadsheet up to 10,000 (its
//! index took 1.5 GiB of memory at 10,000, and grows with the site), without Lighthouse,
//! Hugo or the browser sessions. It rewrites only the Search section of BENCHMARKS.md
//! (between two markers; the rest of the file is the last full run's), so the section says
//! its own machine, command and date. `--search --quick` runs 200 articles into
//! target/bench/SEARCH.quick.md.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{bail, Context, Result};

use super::report::Report;
use super::scale::{self, Builder};
use super::search::SearchBench;
use crate::cmd::{note, step};

const BEGIN: &str = "<!-- search section: written by `cargo xtask bench --search` -->";
const END: &str = "<!-- end of the search section -->";

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
            scale::remove(&built.site)?;
        }
    }
    step("bench: results");
    print!("{}", report.text_table());
    for line in &report.missing {
        note(&format!("not measured: {line}"));
    }
    let findings = std::fs::read_to_string(builder.root.join("bench/search-findings.md")).ok();
    let section = section(report, machine, findings.as_deref());
    let old = std::fs::read_to_string(target).unwrap_or_default();
    std::fs::write(target, splice(&old, &section))
        .with_context(|| format!("writing {}", target.display()))?;
    note(&format!("wrote the Search section of {}", target.display()));
    if !report.failed.is_empty() {
        bail!(
            "parts of the bench failed:\n  {}",
            report.failed.join("\n  ")
        );
    }
    Ok(())
}

/// The section: how to reproduce, the machine, the figures, what was not measured, the
/// hand-written reading of them, the commands run.
fn section(report: &Report, machine: &[(String, String)], findings: Option<&str>) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "{BEGIN}\n## Search\n");
    let _ = writeln!(
        md,
        "Reproduce: `cargo xtask bench --search` (needs `../shared/realdata` beside the \
         project for the queries; about half an hour on the machine below). The rows come \
         from that run, not typed in by hand; the rest of this file is from the last full \
         `cargo xtask bench`.\n"
    );
    let _ = writeln!(md, "| machine | |\n|---|---|");
    for (key, value) in machine {
        let _ = writeln!(md, "| {key} | {} |", value.replace('|', "\\|"));
    }
    let _ = writeln!(md);
    md.push_str(&report.markdown_table());
    if !report.missing.is_empty() {
        let _ = writeln!(md, "\nNot measured:\n");
        for line in &report.missing {
            let _ = writeln!(md, "- {line}");
        }
    }
    if let Some(text) = findings {
        let _ = writeln!(md, "\n{}", text.trim_end());
    }
    let _ = writeln!(md, "\nCommands this run executed:\n\n```sh");
    for line in &report.commands {
        let _ = writeln!(md, "{line}");
    }
    let _ = writeln!(md, "```\n{END}");
    md
}

/// `old` with its search section replaced by `section`, or with `section` added before the
/// first `## Findings` heading (or at the end) when it has none.
fn splice(old: &str, section: &str) -> String {
    if let (Some(start), Some(end)) = (old.find(BEGIN), old.find(END)) {
        if start < end {
            let rest = &old[end + END.len()..];
            return format!("{}{}{}", &old[..start], section.trim_end(), rest);
        }
    }
    match old.find("\n## Findings") {
        Some(at) => format!("{}\n{section}{}", &old[..at], &old[at..]),
        None if old.is_empty() => format!("# Benchmarks\n\n{section}"),
        None => format!("{}\n\n{section}", old.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_goes_before_the_findings_then_replaces_itself() {
        let old = "# Benchmarks\n\n## Figures\n\nrows\n\n## Findings\n\ntext\n";
        let first = splice(old, &format!("{BEGIN}\none\n{END}\n"));
        assert!(first.find("one").unwrap() < first.find("## Findings").unwrap());
        let second = splice(&first, &format!("{BEGIN}\ntwo\n{END}\n"));
        assert!(second.contains("two") && !second.contains("one"));
        assert!(second.contains("rows") && second.ends_with("text\n"));
    }
}
