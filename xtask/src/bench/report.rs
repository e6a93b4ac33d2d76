//! The bench's one table, the machine it ran on, and BENCHMARKS.md.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

use crate::cmd;

/// One figure: which benchmark, what was measured, the value, and the goal it answers.
pub struct Row {
    pub bench: &'static str,
    pub what: String,
    pub value: String,
    pub goal: String,
    /// `Some(true)` pass, `Some(false)` miss, `None` for figures without a goal.
    pub pass: Option<bool>,
}

#[derive(Default)]
pub struct Report {
    /// The project root with a trailing slash, left out of the commands shown.
    pub root_prefix: String,
    pub rows: Vec<Row>,
    /// The commands the bench ran, as typed.
    pub commands: Vec<String>,
    /// Things that could not be measured, and what to install or do.
    pub missing: Vec<String>,
    /// Parts that failed (the full bench goes on and fails at the end).
    pub failed: Vec<String>,
    /// Longer outputs worth keeping (twiggy), with a heading each.
    pub extras: Vec<(String, String)>,
}

impl Report {
    pub fn figure(
        &mut self,
        bench: &'static str,
        what: impl Into<String>,
        value: impl Into<String>,
    ) {
        self.rows.push(Row {
            bench,
            what: what.into(),
            value: value.into(),
            goal: String::new(),
            pass: None,
        });
    }

    pub fn goal(
        &mut self,
        bench: &'static str,
        what: impl Into<String>,
        value: impl Into<String>,
        goal: impl Into<String>,
        pass: bool,
    ) {
        self.rows.push(Row {
            bench,
            what: what.into(),
            value: value.into(),
            goal: goal.into(),
            pass: Some(pass),
        });
    }

    pub fn command(&mut self, command: &Command) {
        let line = cmd::display(command);
        let line = match self.root_prefix.as_str() {
            "" => line,
            prefix => line.replace(prefix, ""),
        };
        self.commands.push(line);
    }

    pub fn missing(&mut self, what: impl Into<String>) {
        let what = what.into();
        cmd::note(&format!("NOT MEASURED: {what}"));
        self.missing.push(what);
    }

    /// Keep going after a failed part: record it (shown under "Not measured") and go on.
    pub fn attempt(&mut self, part: &str, result: Result<()>) {
        if let Err(err) = result {
            let line = format!("{part}: FAILED: {err:#}");
            cmd::note(&line);
            self.missing.push(line.clone());
            self.failed.push(line);
        }
    }

    /// Goals missed, as `bench: what`.
    pub fn misses(&self) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.pass == Some(false))
            .map(|r| format!("{}: {}", r.bench, r.what))
            .collect()
    }

    /// The table as aligned plain text, for the terminal.
    pub fn text_table(&self) -> String {
        let cells: Vec<[String; 5]> = std::iter::once(header())
            .chain(self.rows.iter().map(cells))
            .collect();
        let widths: Vec<usize> = (0..5)
            .map(|i| {
                cells
                    .iter()
                    .map(|c| c[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &cells {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
                .collect();
            let _ = writeln!(out, "  {}", line.join("  ").trim_end());
        }
        out
    }

    pub fn markdown_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "| {} |", header().join(" | "));
        let _ = writeln!(out, "|---|---|---:|---|---|");
        for row in &self.rows {
            let row = cells(row).map(|c| c.replace('|', "\\|"));
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        out
    }
}

fn header() -> [String; 5] {
    ["bench", "measure", "value", "goal", "result"].map(String::from)
}

fn cells(row: &Row) -> [String; 5] {
    let verdict = match row.pass {
        Some(true) => "pass",
        Some(false) => "MISS",
        None => "",
    };
    [
        row.bench.to_string(),
        row.what.clone(),
        row.value.clone(),
        row.goal.clone(),
        verdict.to_string(),
    ]
}

/// The machine, read at run time: cores, memory, CPU model, OS, kernel, tool versions.
pub fn machine() -> Vec<(String, String)> {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once([':', '=']))
            .map(|(_, v)| v.trim().trim_matches('"').to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    let out = |program: &str, args: &[&str]| {
        cmd::output(Command::new(program).args(args))
            .and_then(|s| s.lines().next().map(String::from))
            .unwrap_or_else(|| "not found".into())
    };
    let mem_kib: u64 = field(&read("/proc/meminfo"), "MemTotal")
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    vec![
        ("date (UTC)".into(), out("date", &["-u", "+%Y-%m-%d %H:%M"])),
        ("nproc".into(), out("nproc", &[])),
        (
            "memory".into(),
            format!("{:.1} GiB", mem_kib as f64 / 1024.0 / 1024.0),
        ),
        ("CPU".into(), field(&read("/proc/cpuinfo"), "model name")),
        ("OS".into(), field(&read("/etc/os-release"), "PRETTY_NAME")),
        ("kernel".into(), out("uname", &["-r"])),
        (
            "load average at start".into(),
            read("/proc/loadavg").trim().to_string(),
        ),
        ("rustc".into(), out("rustc", &["--version"])),
        ("node".into(), out("node", &["--version"])),
        ("chromium".into(), out("/usr/bin/chromium", &["--version"])),
        ("hugo".into(), out("hugo", &["version"])),
        (
            "git commit".into(),
            out("git", &["rev-parse", "--short", "HEAD"]),
        ),
    ]
}

/// BENCHMARKS.md: how to run, the machine, the table, what was not measured, the commands,
/// the extra outputs, and the hand-written findings from `bench/findings.md` and
/// `bench/search-findings.md`.
pub fn write_markdown(
    root: &Path,
    path: &Path,
    report: &Report,
    machine: &[(String, String)],
    quick: bool,
) -> Result<()> {
    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n");
    let _ = writeln!(
        md,
        "Written by `cargo xtask bench{}`: every figure below comes from that run on the \
         machine described here; nothing in the table is typed in by hand. The machine has \
         2 cores shared with other work, so absolute times are noisy: compare the ratios \
         measured in the same run.\n",
        if quick { " --quick" } else { "" }
    );
    let _ = writeln!(md, "## Machine\n");
    let _ = writeln!(md, "| | |\n|---|---|");
    for (key, value) in machine {
        let _ = writeln!(md, "| {key} | {} |", value.replace('|', "\\|"));
    }
    let _ = writeln!(md, "\n## Figures\n");
    md.push_str(&report.markdown_table());
    let misses = report.misses();
    let _ = writeln!(
        md,
        "\nGoals missed in this run: {}.",
        if misses.is_empty() {
            "none".to_string()
        } else {
            misses.join("; ")
        }
    );
    if !report.missing.is_empty() {
        let _ = writeln!(md, "\n## Not measured\n");
        for line in &report.missing {
            let _ = writeln!(md, "- {line}");
        }
    }
    for (title, body) in &report.extras {
        let _ = writeln!(md, "\n## {title}\n\n```\n{}\n```", body.trim_end());
    }
    if let Ok(text) = std::fs::read_to_string(root.join("bench/findings.md")) {
        let _ = writeln!(md, "\n{}", text.trim_end());
    }
    // The reading of the search figures, where `--search` puts its section: a later run of
    // it replaces this with its rows and the same reading, so the reading is there once.
    if let Ok(text) = std::fs::read_to_string(root.join("bench/search-findings.md")) {
        let (begin, end) = super::search_only::MARKS;
        let _ = writeln!(md, "\n{begin}\n{}\n{end}", text.trim_end());
    }
    let _ = writeln!(md, "\n## Commands this run executed\n\n```sh");
    for line in &report.commands {
        let _ = writeln!(md, "{line}");
    }
    let _ = writeln!(md, "```");
    std::fs::write(path, md).with_context(|| format!("writing {}", path.display()))
}

/// A section of BENCHMARKS.md that one part of the bench rewrites alone: its heading, how
/// to reproduce it (`intro`), the machine, the figures, what was not measured, the
/// hand-written reading of them, the commands run.
pub fn section(
    title: &str,
    intro: &str,
    report: &Report,
    machine: &[(String, String)],
    findings: Option<&str>,
) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "## {title}\n\n{intro}\n");
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
    let _ = writeln!(md, "```");
    md
}

/// `old` with the section between the markers `begin` and `end` replaced by `section`, or
/// with it added before the first `## Findings` heading (or at the end) when it has none.
pub fn splice(old: &str, section: &str, begin: &str, end: &str) -> String {
    let section = format!("{begin}\n{}\n{end}", section.trim_end());
    if let (Some(start), Some(stop)) = (old.find(begin), old.find(end)) {
        if start < stop {
            let rest = &old[stop + end.len()..];
            return format!("{}{section}{rest}", &old[..start]);
        }
    }
    match old.find("\n## Findings") {
        Some(at) => format!("{}\n{section}\n{}", &old[..at], &old[at..]),
        None if old.is_empty() => format!("# Benchmarks\n\n{section}\n"),
        None => format!("{}\n\n{section}\n", old.trim_end()),
    }
}

/// Writes `section` (named `name` in the note) between `begin` and `end` of `target`,
/// keeping the rest of the file, then fails if any part of the bench failed: how the
/// benches that run alone (`--search`, `--builds`) finish.
pub fn write_section(
    target: &Path,
    name: &str,
    section: &str,
    (begin, end): (&str, &str),
    report: &Report,
) -> Result<()> {
    let old = std::fs::read_to_string(target).unwrap_or_default();
    std::fs::write(target, splice(&old, section, begin, end))
        .with_context(|| format!("writing {}", target.display()))?;
    cmd::note(&format!("wrote the {name} section of {}", target.display()));
    if !report.failed.is_empty() {
        anyhow::bail!(
            "parts of the bench failed:\n  {}",
            report.failed.join("\n  ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_reading_is_there_once_after_a_full_run_then_a_search_run() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("bench")).unwrap();
        std::fs::write(
            root.path().join("bench/findings.md"),
            "## Findings\n\nwhy\n",
        )
        .unwrap();
        let reading = "### Reading the search figures\n\nhow\n";
        std::fs::write(root.path().join("bench/search-findings.md"), reading).unwrap();
        let target = root.path().join("BENCHMARKS.md");
        let report = Report::default();
        write_markdown(root.path(), &target, &report, &[], false).unwrap();
        let full = std::fs::read_to_string(&target).unwrap();
        assert_eq!(full.matches("Reading the search figures").count(), 1);

        let section = section("Search", "intro", &report, &[], Some(reading));
        let marks = super::super::search_only::MARKS;
        write_section(&target, "Search", &section, marks, &report).unwrap();
        let after = std::fs::read_to_string(&target).unwrap();
        assert_eq!(
            after.matches("Reading the search figures").count(),
            1,
            "{after}"
        );
        assert!(after.contains("## Search") && after.contains("## Findings"));
    }

    #[test]
    fn a_section_goes_before_the_findings_then_replaces_only_itself() {
        let (a, b) = ("<!-- a -->", "<!-- /a -->");
        let (c, d) = ("<!-- c -->", "<!-- /c -->");
        let old = "# Benchmarks\n\n## Figures\n\nrows\n\n## Findings\n\ntext\n";
        let first = splice(old, "one\n", a, b);
        assert!(first.find("one").unwrap() < first.find("## Findings").unwrap());
        let both = splice(&first, "other\n", c, d);
        let second = splice(&both, "two\n", a, b);
        assert!(second.contains("two") && !second.contains("one"));
        assert!(second.contains("other"), "the other section stays");
        assert!(second.contains("rows") && second.ends_with("text\n"));
    }
}
