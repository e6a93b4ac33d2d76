//! Publishing one article into a built site: the bench's copy of the corpus and of the
//! built output (hard links, so nothing large is copied), a rebuild with nothing changed
//! (which leaves the spare folder later builds start from), then `broadsheet build` after
//! adding one new article, three times (three articles), and after editing one old one,
//! three times (three articles), each after `sync`. For each: the median wall time and its
//! spread, files written and removed (from the change list the build writes beside its
//! output, docs/deploy.md) and which kinds of files they are.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result};

use super::builds::Spread;
use super::measure;
use super::report::{self, Report};
use super::scale::{change_list, remove, Builder, Built};

/// The issue's goal for publishing one article at 100,000 articles.
const GOAL_SECONDS: f64 = 2.0;
const GOAL_FILES: usize = 300;

/// Publishes of each kind, each of its own article: one run on a shared machine is too
/// noisy to steer by.
const RUNS: usize = 3;

/// The wait after the first build over the copy, which links every file of the output
/// (329,000 at 100,000 articles) and makes its 146,000 folders, as a scale's first run
/// in the Builds section waits after the last scale's outputs: the publishes measure the
/// build, not what the file system still does with the copy. Each publish is preceded by
/// a `sync`, as each run of the Builds section is.
const SETTLE_AFTER_COPY: Duration = Duration::from_secs(5);

/// One publish: its time and the change list it wrote.
struct Publish {
    usage: measure::Usage,
    written: Vec<String>,
    removed: Vec<String>,
}

impl Publish {
    /// Reports `runs` of `what` at `articles`: the median wall time with the spread and
    /// the median CPU time, the most files any run wrote and removed, and those files by
    /// kind; against the goal (median wall time, most files) when `goal` and at 100,000
    /// articles.
    fn report(runs: &[Publish], articles: usize, what: &str, goal: bool, report: &mut Report) {
        let usages: Vec<measure::Usage> = runs.iter().map(|r| r.usage).collect();
        let spread = Spread::of(&usages);
        let Some(most) = runs
            .iter()
            .max_by_key(|r| r.written.len() + r.removed.len())
        else {
            return;
        };
        let (written, removed) = (most.written.len(), most.removed.len());
        let label = format!("publish {articles}: {what}");
        let value = match runs.len() {
            1 => format!(
                "{:.2} s wall ({:.2} s CPU), {written} written, {removed} removed",
                spread.wall_median, spread.cpu_median
            ),
            n => format!(
                "{} wall, median (min–max) of {n}, {:.2} s CPU; at most {written} written, \
                 {removed} removed",
                spread.wall(),
                spread.cpu_median
            ),
        };
        if goal && articles >= 100_000 {
            let pass = spread.wall_median <= GOAL_SECONDS && written <= GOAL_FILES;
            report.goal("publish", label.clone(), value, "≤ 2 s, ≤ 300 files", pass);
        } else {
            report.figure("publish", label.clone(), value);
        }
        report.figure(
            "publish",
            format!("{label}: files changed by kind"),
            kinds(most.written.iter().chain(&most.removed)),
        );
    }
}

/// Adds one article to a copy of `built`'s corpus and rebuilds a copy of its output, three
/// times, then edits one article and rebuilds, three times; reports both.
pub fn run(
    builder: &Builder<'_>,
    built: &Built,
    articles: usize,
    report: &mut Report,
) -> Result<()> {
    let corpus = builder.work.join(format!("publish-corpus-{articles}"));
    let site = builder.work.join(format!("publish-site-{articles}"));
    for dir in [&corpus, &site] {
        remove(dir)?;
    }
    link_tree(&built.corpus, &corpus)?;
    link_tree(&built.site, &site)?;
    let mut md: Vec<PathBuf> = walkdir::WalkDir::new(corpus.join("articles"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    md.sort();
    // The new article shares the section and tags of an existing one, as news does.
    let (section, tags) = front_of(md.first().context("the corpus has no article")?)?;
    let cache = built.site.with_file_name(format!(
        "{}.cache",
        built.site.file_name().unwrap_or_default().to_string_lossy()
    ));
    let rebuild = |what: &str, run: usize, report: &mut Report| -> Result<Publish> {
        let mut build = Command::new(&builder.broadsheet);
        build
            .arg("build")
            .arg("--content")
            .arg(&corpus)
            .arg("--bundle")
            .arg(&builder.bundle)
            .arg("--out")
            .arg(&site)
            .arg("--cache")
            .arg(&cache)
            .current_dir(builder.root);
        report.command(&build);
        super::builds::sync();
        let log = builder
            .work
            .join(format!("publish-{articles}-{what}-{run}.log"));
        let usage = measure::measure(&mut build, &log)?;
        let list = change_list(&site);
        let changes: serde_json::Value = serde_json::from_str(
            &fs::read_to_string(&list).with_context(|| format!("reading {}", list.display()))?,
        )?;
        let paths = |key: &str| -> Vec<String> {
            changes[key]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(Publish {
            usage,
            written: paths("written"),
            removed: paths("removed"),
        })
    };
    // The first build over the copy has no spare folder yet (`<out>.spare`): it links
    // every file once, as a newsroom's second build does; the figures are the steady state.
    // It is not the publish the goal is about.
    let nothing = rebuild("nothing changed", 0, report)?;
    let first = "nothing changed, the first build over the copy";
    Publish::report(&[nothing], articles, first, false, report);
    super::builds::settle(SETTLE_AFTER_COPY);
    // A breaking story is the newest article: a minute after the corpus's newest (the
    // large corpora run years past today; an article dated today would be back-dated
    // into them and shift every listing page after it, which docs/json-api.md describes).
    let newest = newest_date(&md)?;
    let mut added = Vec::new();
    for run in 1..=RUNS {
        let date = newest
            .checked_add(jiff::Span::new().minutes(i64::try_from(run)?))?
            .strftime("%Y-%m-%dT%H:%M:%S");
        let new = corpus.join(format!("articles/bench-publish-{run}.md"));
        fs::write(
            &new,
            format!(
                "+++\ntitle = \"Breaking: the bench publishes article {run}\"\nslug = \"bench-breaking-{run}\"\n\
                 date = {date}\nsection = \"{section}\"\n{tags}+++\n\nOne new article, published into the \
                 archive by the publish bench.\n"
            ),
        )?;
        added.push(rebuild("one article added", run, report)?);
    }
    Publish::report(&added, articles, "one article added", true, report);
    let mut edited = Vec::new();
    for run in 1..=RUNS {
        let old = md.get(md.len() / 2 + run).context("no article to edit")?;
        let mut text = fs::read_to_string(old)?;
        text.push_str("\nA correction, added by the publish bench.\n");
        // The copy's files are links to the corpus: replace, never write through them.
        fs::remove_file(old)?;
        fs::write(old, text)?;
        edited.push(rebuild("one article edited", run, report)?);
    }
    Publish::report(&edited, articles, "one article edited", true, report);
    for dir in [&corpus, &site] {
        remove(dir)?;
    }
    remove(&site.with_file_name(format!("publish-site-{articles}.spare")))?;
    let _ = fs::remove_file(change_list(&site));
    Ok(())
}

/// The latest `date = …` of the articles' front matter, read as a civil time (the site's
/// clock; a trailing offset is ignored).
fn newest_date(md: &[PathBuf]) -> Result<jiff::civil::DateTime> {
    let mut newest = None;
    for path in md {
        let text = fs::read_to_string(path)?;
        // The first `date = ` line is the front matter's.
        let date = text
            .lines()
            .find_map(|l| l.strip_prefix("date = "))
            .and_then(|d| d.trim_matches('"').get(..19))
            .and_then(|d| d.parse::<jiff::civil::DateTime>().ok());
        newest = newest.max(date);
    }
    newest.context("no article has a date")
}

/// The section (`section = "…"`) and the tags line (`tags = […]`, or nothing) of an
/// article file's front matter.
fn front_of(md: &Path) -> Result<(String, String)> {
    let text = fs::read_to_string(md)?;
    let section = text
        .lines()
        .find_map(|l| l.strip_prefix("section = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_string)
        .with_context(|| format!("no section in {}", md.display()))?;
    let tags = text
        .lines()
        .find(|l| l.starts_with("tags = "))
        .map(|l| format!("{l}\n"))
        .unwrap_or_default();
    Ok((section, tags))
}

const BEGIN: &str = "<!-- publish section: written by `cargo xtask bench --publish` -->";
const END: &str = "<!-- end of the publish section -->";

/// `cargo xtask bench --publish`: the builds at `scales`, the publish bench on each and
/// Hugo's rebuild of the same corpus beside it (Hugo has no incremental build: publishing
/// one article is a whole build); prints the table and rewrites the Publishing section of
/// `target`.
pub fn alone(
    builder: &Builder<'_>,
    scales: &[usize],
    plan: super::builds::Plan,
    target: &Path,
    machine: &[(String, String)],
    report: &mut Report,
) -> Result<()> {
    for &articles in scales {
        crate::cmd::step(&format!("bench: build {articles} articles"));
        let built = builder.build(articles, report)?;
        crate::cmd::step(&format!("bench: publishing one article into {articles}"));
        let result = run(builder, &built, articles, report);
        report.attempt(&format!("publishing at {articles} articles"), result);
        if articles >= 10_000 {
            remove(&built.site)?;
        }
        crate::cmd::step(&format!("bench: Hugo rebuilds {articles} articles"));
        let result = hugo_rebuild(builder, articles, plan, report);
        report.attempt(&format!("Hugo at {articles} articles"), result);
    }
    crate::cmd::step("bench: results");
    print!("{}", report.text_table());
    let intro = format!(
        "Reproduce: `cargo xtask bench --publish` (`--publish-at N,…` for other \
         scales). A built site, then `broadsheet build` again after one article is \
         added and after one is edited (three of each, one article at a time: the \
         median and the spread), with the previous output in place, each after \
         `sync` (and the first after {} s more: the first build over the bench's \
         copy links every file of it); Hugo's row \
         is a whole build of the same corpus in the same run, since Hugo has no \
         incremental build, after `sync` and the Builds section's wait (also for the removals \
         before it). Files \
         written come from the change list the build writes (docs/deploy.md).",
        SETTLE_AFTER_COPY.as_secs()
    );
    let section = report::section("Publishing", &intro, report, machine, None);
    report::write_section(target, "Publishing", &section, (BEGIN, END), report)
}

/// Hugo's whole build of the corpus at `articles`, as one row beside the publish rows;
/// after `plan`'s wait, as a scale's first run in the Builds section waits: the outputs
/// just removed would slow the files it creates (see `builds.rs`).
fn hugo_rebuild(
    builder: &Builder<'_>,
    articles: usize,
    plan: super::builds::Plan,
    report: &mut Report,
) -> Result<()> {
    let Some(hugo) = builder.hugo_site(articles, report)? else {
        return Ok(());
    };
    super::builds::settle_after_removals(plan, builder.work);
    let run = builder.run_hugo(&hugo, report)?;
    report.figure(
        "publish",
        format!("publish {articles}: Hugo rebuilds the site"),
        format!(
            "{:.2} s wall ({:.2} s CPU), {} pages",
            run.usage.wall.as_secs_f64(),
            run.usage.cpu.as_secs_f64(),
            run.pages
        ),
    );
    remove(&run.out)
}

/// `to` becomes a copy of `from` made of hard links.
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry?;
        let target = to.join(entry.path().strip_prefix(from)?);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target)?;
        } else {
            fs::hard_link(entry.path(), &target)
                .with_context(|| format!("linking {}", target.display()))?;
        }
    }
    Ok(())
}

/// `12 article pages, 3 listings, …`: the changed files counted by kind (a `.br` or `.gz`
/// copy counts as its file's kind).
fn kinds<'a>(paths: impl Iterator<Item = &'a String>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for path in paths {
        *counts.entry(kind(path)).or_default() += 1;
    }
    if counts.is_empty() {
        return "none".into();
    }
    counts
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The kind of an output file, from its path.
fn kind(path: &str) -> &'static str {
    let path = path
        .strip_suffix(".br")
        .or_else(|| path.strip_suffix(".gz"))
        .unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let segments: Vec<&str> = path.split('/').collect();
    if path.starts_with("api/v1/search/r/") {
        "search index (recent segment)"
    } else if path.starts_with("api/v1/search/") {
        "search index"
    } else if path.starts_with("api/v1/articles/") {
        "article documents"
    } else if [
        "api/v1/article-inputs.txt",
        "api/v1/listing-inputs.txt",
        "api/v1/renderer.txt",
    ]
    .contains(&path)
    {
        "build records"
    } else if ["feed.xml", "atom.xml", "feed.json"].contains(&name) {
        "feeds"
    } else if name.starts_with("sitemap") || path.starts_with("sitemap/") || name == "robots.txt" {
        "site maps"
    } else if path.starts_with("api/v1/") {
        "listing documents"
    } else if name == "index.html" {
        const NOT_ARTICLES: &[&str] = &[
            "tag", "author", "archive", "sitemap", "feeds", "search", "saved", "offline",
        ];
        if segments.len() == 3 && !NOT_ARTICLES.contains(&segments[0]) {
            "article pages"
        } else {
            "listing pages"
        }
    } else {
        "other"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_files_are_counted_by_kind() {
        let paths: Vec<String> = [
            "city/ferry/index.html",
            "city/ferry/index.html.br",
            "city/index.html",
            "city/page/2/index.html",
            "tag/ai/index.html",
            "index.html",
            "api/v1/articles/ferry.json",
            "api/v1/article-inputs.txt",
            "api/v1/listing-inputs.txt",
            "api/v1/sections/city/page/1.json",
            "api/v1/search/t/0a.bin",
            "api/v1/search/r/t/3.bin",
            "feed.xml",
            "city/feed.xml",
            "sitemap-news.xml",
            "sw.js",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            kinds(paths.iter()),
            "1 article documents, 2 article pages, 2 build records, 2 feeds, 1 listing documents, \
             4 listing pages, 1 other, 1 search index, 1 search index (recent segment), 1 site maps"
        );
    }
}
