//! Broadsheet against Hugo, build by build: the two take turns on the same corpus
//! (Broadsheet, Hugo, Broadsheet, Hugo, …), so a machine that is busier for a while slows
//! both alike, and each is reported as the median of its runs with the spread (min–max),
//! its CPU time and peak memory, beside the ratio of the medians (goal ≤ 0.5×). Up to
//! [`floor::LARGEST_SCALE`] articles a third turn writes Broadsheet's output again from
//! memory with no computing (`floor.rs`): the file system's share of a build. Run in the
//! full bench at every scale, in `--quick` at 200 articles, and alone by `--builds`, which
//! rewrites only the Builds section of BENCHMARKS.md.
//!
//! Each run writes into a folder of its own, and no output is removed until every run at
//! that scale is done (with `--builds`, until every scale is done). On ext4 without a
//! journal (this machine's), creating a file skips every free inode of its group that was
//! freed less than 30 s ago, or less than 330 s ago while that inode's block of the inode
//! table is not written back (and a new file in the same block makes it dirty again): one
//! buffer look-up each, for every file created (`recently_deleted` in the kernel's
//! `fs/ext4/ialloc.c`). So a removal slows the next builds in proportion to the files they
//! create and to the files removed: at 1,000 articles, after the last output was removed
//! and 65 s waited, a build took 1.0–1.5 s for either tool; into a new folder with nothing
//! removed, 0.25–0.3 s for Broadsheet and 0.4–0.6 s for Hugo (by hand, 2026-12-02). A build
//! of 1,000 articles right after removing 24,000 files spent 55 % of its perf samples in
//! that search (2026-12-04). Before each run the file system writes back what the last one
//! wrote (`sync`); before a scale's first run the bench waits [`Plan::settle`], and longer
//! if needed, until its last removal is [`Plan::removal_window`] old (noted in the bench's
//! folder, so a bench started right after another, `--publish` then `--builds`, waits too).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Result};

use super::floor;
use super::measure::{mib, Usage};
use super::report::{self, Report};
use super::scale::{self, Builder, Built};
use crate::cmd::{note, step};

const BEGIN: &str = "<!-- builds section: written by `cargo xtask bench --builds` -->";
const END: &str = "<!-- end of the builds section -->";

/// Goal: Broadsheet's median wall time at most half of Hugo's, at every scale.
const GOAL: f64 = 0.5;

/// How many runs of each, and the waits before a scale's first run.
#[derive(Clone, Copy)]
pub struct Plan {
    pub runs: usize,
    /// The least wait, after `sync`.
    pub settle: Duration,
    /// How old the bench's last removal must be (see the module's notes): 330 s and a
    /// little more.
    pub removal_window: Duration,
}

pub const FULL: Plan = Plan {
    runs: 3,
    settle: Duration::from_secs(65),
    removal_window: Duration::from_secs(335),
};

pub const QUICK: Plan = Plan {
    runs: 3,
    settle: Duration::from_secs(1),
    removal_window: Duration::ZERO,
};

impl Plan {
    /// How long to wait before a scale's first run, when the last removal was `since` ago.
    fn wait(&self, since: Option<Duration>) -> Duration {
        let window = match since {
            Some(since) => self.removal_window.saturating_sub(since),
            None => Duration::ZERO,
        };
        self.settle.max(window)
    }
}

/// The interleaved runs at `articles`, with their figures. Returns Broadsheet's last
/// build, whose output is kept for the benchmarks that read it; every other output (and
/// Hugo's copy of a large corpus) goes into `leftovers`, for the caller to remove when no
/// more builds are measured.
pub fn compare(
    builder: &Builder,
    articles: usize,
    plan: Plan,
    leftovers: &mut Vec<PathBuf>,
    report: &mut Report,
) -> Result<Built> {
    let hugo = builder.hugo_site(articles, report)?;
    let site = |run| builder.work.join(format!("site-{articles}.run-{run}"));
    let hugo_out = |run| (builder.work).join(format!("hugo-{articles}-public.run-{run}"));
    let floor_out = |run| builder.work.join(format!("site-{articles}.floor-{run}"));
    // What an earlier bench left in these folders goes before the wait, not during the runs.
    for run in 1..=plan.runs {
        scale::remove(&site(run))?;
        scale::remove(&hugo_out(run))?;
        scale::remove(&floor_out(run))?;
    }
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut floor = Vec::new();
    let mut floor_files = 0;
    let mut last: Option<Built> = None;
    settle_after_removals(plan, builder.work);
    for run in 1..=plan.runs {
        step(&format!(
            "bench: build {articles} articles, run {run} of {}",
            plan.runs
        ));
        leftovers.extend(last.take().map(|previous| previous.site));
        sync();
        let built = builder.run_into(articles, site(run), report)?;
        ours.push(built.usage);
        last = Some(built);
        if let Some(hugo) = &hugo {
            sync();
            let done = builder.run_hugo_into(hugo, hugo_out(run), report)?;
            theirs.push(done.usage);
            if run == plan.runs {
                report.figure(
                    "build",
                    format!("Hugo {articles}: pages, output"),
                    format!("{}, {}", done.pages, mib(done.bytes)),
                );
            }
            leftovers.push(done.out);
        }
        if articles <= floor::LARGEST_SCALE {
            // Read for this turn only: the memory the bench holds when it starts a build
            // counts in that build's peak (a child's maximum counts what it had before
            // `exec`).
            let tree = floor::Tree::read(&site(run))?;
            floor_files = tree.files();
            sync();
            floor.push(tree.write(&floor_out(run))?);
            leftovers.push(floor_out(run));
        }
    }
    let Some(built) = last else {
        bail!("no build ran at {articles} articles");
    };
    let ours = Spread::of(&ours);
    report.figure(
        "build",
        format!("broadsheet {articles}: wall median (min–max) of {}", ours.n),
        ours.wall(),
    );
    report.figure(
        "build",
        format!("broadsheet {articles}: CPU median, peak RSS largest"),
        ours.cpu_rss(),
    );
    builder.figures(articles, &built, report)?;
    let floor = (!floor.is_empty()).then(|| Spread::of(&floor));
    if let Some(floor) = &floor {
        report.figure(
            "build",
            format!(
                "broadsheet {articles}: its {} files written alone (the floor), wall median (min–max) of {}",
                floor_files, floor.n
            ),
            floor.wall(),
        );
        report.figure(
            "build",
            format!("the floor at {articles}: CPU median"),
            format!("{:.2} s", floor.cpu_median),
        );
    }
    if let (Some(hugo), false) = (&hugo, theirs.is_empty()) {
        let theirs = Spread::of(&theirs);
        report.figure(
            "build",
            format!("Hugo {articles}: wall median (min–max) of {}", theirs.n),
            theirs.wall(),
        );
        report.figure(
            "build",
            format!("Hugo {articles}: CPU median, peak RSS largest"),
            theirs.cpu_rss(),
        );
        let ratio = ours.wall_median / theirs.wall_median;
        report.goal(
            "build",
            format!("broadsheet / Hugo median wall time at {articles}"),
            format!("{ratio:.2}×"),
            format!("≤ {GOAL}×"),
            ratio <= GOAL,
        );
        if let Some(floor) = &floor {
            report.figure(
                "build",
                format!("the floor / Hugo median wall time at {articles}"),
                format!("{:.2}×", floor.wall_median / theirs.wall_median),
            );
        }
        if articles >= 10_000 {
            leftovers.push(hugo.site.clone());
        }
    }
    Ok(built)
}

/// [`settle`] before a run into new files: `plan`'s wait, longer while the last removal
/// in `work` is under [`Plan::removal_window`] old.
pub(super) fn settle_after_removals(plan: Plan, work: &Path) {
    let wait = plan.wait(scale::since_last_removal(work));
    if wait > plan.settle {
        note(&format!(
            "waiting {} s: a removal is less than {} s old",
            wait.as_secs(),
            plan.removal_window.as_secs()
        ));
    }
    settle(wait);
}

/// What was written, written back, and `wait` more for the file system.
pub(super) fn settle(wait: Duration) {
    sync();
    std::thread::sleep(wait);
}

/// What the last run wrote, written back.
pub(super) fn sync() {
    let _ = std::process::Command::new("sync").status();
}

/// Median and spread of one tool's runs.
pub(super) struct Spread {
    n: usize,
    pub(super) wall_median: f64,
    wall_min: f64,
    wall_max: f64,
    pub(super) cpu_median: f64,
    rss_max: u64,
}

impl Spread {
    pub(super) fn of(runs: &[Usage]) -> Spread {
        let walls: Vec<f64> = runs.iter().map(|u| u.wall.as_secs_f64()).collect();
        let cpus: Vec<f64> = runs.iter().map(|u| u.cpu.as_secs_f64()).collect();
        Spread {
            n: runs.len(),
            wall_median: median(&walls),
            wall_min: walls.iter().copied().fold(f64::INFINITY, f64::min),
            wall_max: walls.iter().copied().fold(0.0, f64::max),
            cpu_median: median(&cpus),
            rss_max: runs.iter().map(|u| u.max_rss_bytes).max().unwrap_or(0),
        }
    }

    pub(super) fn wall(&self) -> String {
        format!(
            "{:.2} s ({:.2}–{:.2} s)",
            self.wall_median, self.wall_min, self.wall_max
        )
    }

    fn cpu_rss(&self) -> String {
        format!("{:.2} s, {}", self.cpu_median, mib(self.rss_max))
    }
}

/// The median: the middle value, or the mean of the two middle ones.
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// `--builds`: only the comparison, at each of `scales`; prints the table and rewrites
/// the Builds section of `target`.
pub fn run_alone(
    builder: &Builder,
    scales: &[usize],
    plan: Plan,
    target: &Path,
    machine: &[(String, String)],
    report: &mut Report,
) -> Result<()> {
    // Nothing is removed until every scale is measured (the module's notes say why).
    let mut leftovers = Vec::new();
    for &articles in scales {
        match compare(builder, articles, plan, &mut leftovers, report) {
            Ok(built) => leftovers.push(built.site),
            Err(err) => report.attempt(&format!("builds at {articles} articles"), Err(err)),
        }
    }
    step("bench: removing the builds' outputs");
    for output in &leftovers {
        scale::remove_output(output)?;
    }
    step("bench: results");
    print!("{}", report.text_table());
    for line in &report.missing {
        note(&format!("not measured: {line}"));
    }
    let mut intro = String::new();
    let _ = write!(
        intro,
        "Reproduce: `cargo xtask bench --builds` on a quiet machine. Broadsheet and Hugo take \
         turns on the same corpus ({} runs each per scale, each into a folder of its own, \
         nothing removed until every scale is done, `sync` before each run; up to {} \
         articles a third turn creates Broadsheet's output again from memory, with no \
         computing: the floor the file system sets for that many files; before each \
         scale at least {} s and until the bench's last removal of files is {} s old, since \
         ext4 without a journal makes new files pay for recently removed ones); the rows \
         come from that run, the rest of this file from the last full `cargo xtask bench`.",
        plan.runs,
        floor::LARGEST_SCALE,
        plan.settle.as_secs(),
        plan.removal_window.as_secs()
    );
    let section = report::section("Builds", &intro, report, machine, None);
    report::write_section(target, "Builds", &section, (BEGIN, END), report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_run_or_the_mean_of_the_middle_two() {
        assert_eq!(median(&[9.0, 1.0, 5.0]), 5.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn a_scale_waits_until_the_last_removal_is_out_of_the_window() {
        let secs = Duration::from_secs;
        assert_eq!(FULL.wait(None), secs(65));
        assert_eq!(FULL.wait(Some(secs(35))), secs(300));
        assert_eq!(FULL.wait(Some(secs(300))), secs(65));
        assert_eq!(FULL.wait(Some(secs(3_600))), secs(65));
        assert_eq!(QUICK.wait(Some(secs(0))), secs(1));
    }

    #[test]
    fn a_spread_shows_the_median_between_its_fastest_and_slowest_run() {
        let run = |wall: u64, cpu: u64, rss: u64| Usage {
            wall: Duration::from_secs(wall),
            cpu: Duration::from_secs(cpu),
            max_rss_bytes: rss << 20,
        };
        let spread = Spread::of(&[run(3, 5, 10), run(1, 2, 30), run(2, 4, 20)]);
        assert_eq!(spread.wall(), "2.00 s (1.00–3.00 s)");
        assert_eq!(spread.cpu_rss(), "4.00 s, 30.0 MiB");
    }
}
