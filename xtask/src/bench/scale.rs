//! Build at scale: `broadsheet build` of synthetic corpora (`corpus.rs`) with the real
//! articles of `realdata.rs` mixed in when `../shared/realdata` is there, and Hugo on the
//! same Markdown in the same run.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use super::hugo;
use super::measure::{self, count_pages, mib, tree_size, Usage};
use super::realdata::{self, Mix};
use super::report::Report;
use crate::cmd;

/// Goal: 100,000 articles within 1 GiB of peak memory.
const MEMORY_BUDGET: u64 = 1 << 30;
/// The synthetic site's page size (gen writes `page_size = 10` into site.toml).
const PAGE_SIZE: usize = 10;

pub struct Builder<'a> {
    pub root: &'a Path,
    pub work: &'a Path,
    pub broadsheet: PathBuf,
    pub bundle: PathBuf,
    /// `../shared/realdata`, when it is there.
    pub realdata: Option<PathBuf>,
    pub mix: Mix,
}

pub struct Built {
    pub site: PathBuf,
    pub corpus: PathBuf,
    pub usage: Usage,
    /// The builder's `--timings` JSON.
    pub timings: PathBuf,
    /// Bytes of the largest page and the largest API document.
    pub largest: [u64; 2],
}

impl Builder<'_> {
    /// The corpus of `articles` articles (synthetic ones of seed 1, with the real ones of
    /// the mix when there are any), generated once and kept in the work folder.
    pub fn corpus(&self, articles: usize) -> Result<PathBuf> {
        let dir = self.work.join(format!("corpus-{articles}"));
        let label_file = self.work.join(format!("corpus-{articles}.mix"));
        let label = self.mix.label(self.realdata.as_deref());
        let kept = std::fs::read_to_string(&label_file).unwrap_or_default();
        if dir.join("site.toml").is_file() && kept == label {
            return Ok(dir);
        }
        remove(&dir)?;
        let partial = self.work.join(format!("corpus-{articles}.partial"));
        remove(&partial)?;
        match &self.realdata {
            Some(real) => {
                let n =
                    realdata::mixed_corpus(&self.broadsheet, real, &self.mix, &partial, articles)?;
                cmd::note(&format!(
                    "corpus: {n} real articles from {} and {} synthetic (seed 1) in {}",
                    real.display(),
                    articles - n,
                    dir.display()
                ));
            }
            None => {
                cmd::note(&format!(
                    "corpus: {articles} synthetic articles (seed 1) in {}",
                    dir.display()
                ));
                super::corpus::generate(&partial, articles, 1)?;
            }
        }
        std::fs::rename(&partial, &dir)?;
        std::fs::write(&label_file, label)?;
        Ok(dir)
    }

    /// `broadsheet build` of the corpus with the bundle (every page pre-rendered), measured.
    pub fn build(&self, articles: usize, report: &mut Report) -> Result<Built> {
        let corpus = self.corpus(articles)?;
        let site = self.work.join(format!("site-{articles}"));
        let timings = self.work.join(format!("timings-{articles}.json"));
        let mut build = Command::new(&self.broadsheet);
        build
            .arg("build")
            .arg("--content")
            .arg(&corpus)
            .arg("--bundle")
            .arg(&self.bundle)
            .arg("--out")
            .arg(&site)
            .arg("--timings")
            .arg(&timings)
            .current_dir(self.root);
        report.command(&build);
        let log = self.work.join(format!("build-{articles}.log"));
        let usage = measure::measure(&mut build, &log)?;
        let pages = count_pages(&site)?;
        let (bytes, files) = tree_size(&site)?;
        if pages < articles as u64 / 2 {
            anyhow::bail!(
                "{articles} articles built only {pages} pages (see {})",
                log.display()
            );
        }
        let n = articles;
        report.figure(
            "build",
            format!("broadsheet {n}: wall / CPU"),
            wall_cpu(&usage),
        );
        report.figure(
            "build",
            format!("broadsheet {n}: pages, pages/s"),
            format!("{pages}, {:.0}/s", pages as f64 / usage.wall.as_secs_f64()),
        );
        report.figure(
            "build",
            format!("broadsheet {n}: output"),
            format!("{} in {files} files", mib(bytes)),
        );
        let [page, doc] = measure::largest_files(&site)?;
        report.figure(
            "build",
            format!("broadsheet {n}: largest page, largest API document"),
            format!("{} ({}), {} ({})", kib(page.0), page.1, kib(doc.0), doc.1),
        );
        let rss = format!("broadsheet {n}: peak RSS");
        if articles >= 100_000 {
            report.goal(
                "build",
                rss,
                mib(usage.max_rss_bytes),
                "≤ 1 GiB",
                usage.max_rss_bytes <= MEMORY_BUDGET,
            );
        } else {
            report.figure("build", rss, mib(usage.max_rss_bytes));
        }
        Ok(Built {
            site,
            corpus,
            usage,
            timings,
            largest: [page.0, doc.0],
        })
    }

    /// Hugo on the same corpus; the ratio to Broadsheet's wall time (`goal` at 10,000).
    pub fn hugo(&self, articles: usize, ours: &Usage, report: &mut Report) -> Result<()> {
        let Some(hugo_bin) = which("hugo") else {
            report.missing(format!(
                "Hugo at {articles} articles: `hugo` not found (install Debian's package: apt-get install hugo)"
            ));
            return Ok(());
        };
        let corpus = self.corpus(articles)?;
        let site = self.work.join(format!("hugo-{articles}"));
        let converted = hugo::convert(&corpus, &site, PAGE_SIZE)?;
        let out = self.work.join(format!("hugo-{articles}-public"));
        let _ = std::fs::remove_dir_all(&out);
        let mut run = Command::new(hugo_bin);
        run.args(["--quiet", "--source"])
            .arg(&site)
            .arg("--destination")
            .arg(&out)
            .current_dir(self.root);
        report.command(&run);
        let log = self.work.join(format!("hugo-{articles}.log"));
        let usage = measure::measure(&mut run, &log)?;
        let pages = count_pages(&out)?;
        let (bytes, _) = tree_size(&out)?;
        if pages < converted as u64 / 2 {
            anyhow::bail!("Hugo rendered only {pages} pages for {converted} articles");
        }
        if articles >= 10_000 {
            remove(&out)?;
            remove(&site)?;
        }
        let n = articles;
        report.figure("build", format!("Hugo {n}: wall / CPU"), wall_cpu(&usage));
        report.figure(
            "build",
            format!("Hugo {n}: pages, pages/s, output, peak RSS"),
            format!(
                "{pages}, {:.0}/s, {}, {}",
                pages as f64 / usage.wall.as_secs_f64(),
                mib(bytes),
                mib(usage.max_rss_bytes)
            ),
        );
        let ratio = ours.wall.as_secs_f64() / usage.wall.as_secs_f64();
        let what = format!("broadsheet / Hugo wall time at {n}");
        if articles == 10_000 {
            report.goal("build", what, format!("{ratio:.2}×"), "≤ 1×", ratio <= 1.0);
        } else {
            report.figure("build", what, format!("{ratio:.2}×"));
        }
        Ok(())
    }
}

fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

/// Goal: no single page or document grows with the archive. The largest of each at the
/// biggest scale is held to 1.5× the largest at the smallest (room for longer article
/// bodies among more articles, none for a list of every article).
pub fn largest_goal(smallest: (usize, [u64; 2]), biggest: (usize, [u64; 2]), report: &mut Report) {
    for (i, what) in ["page", "API document"].iter().enumerate() {
        let (small, big) = (smallest.1[i], biggest.1[i]);
        let ratio = big as f64 / small.max(1) as f64;
        report.goal(
            "build",
            format!("largest {what} at {} / at {}", biggest.0, smallest.0),
            format!("{} / {} = {ratio:.2}×", kib(big), kib(small)),
            "≤ 1.5×",
            ratio <= 1.5,
        );
    }
}

fn wall_cpu(usage: &Usage) -> String {
    format!(
        "{:.2} s / {:.2} s",
        usage.wall.as_secs_f64(),
        usage.cpu.as_secs_f64()
    )
}

/// An executable on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Delete a folder if it exists (big build outputs, once measured).
pub fn remove(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    Ok(())
}
