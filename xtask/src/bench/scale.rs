//! Build at scale: `broadsheet build` of synthetic corpora (`corpus.rs`) with the real
//! articles of `realdata.rs` mixed in when `../shared/realdata` is there, and Hugo on the
//! same Markdown in the same run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
    /// Their paths in the output.
    pub largest_names: [String; 2],
    pub pages: u64,
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

    /// `broadsheet build` of the corpus with the bundle (every page pre-rendered), measured,
    /// with its figures.
    pub fn build(&self, articles: usize, report: &mut Report) -> Result<Built> {
        let built = self.run(articles, report)?;
        report.figure(
            "build",
            format!("broadsheet {articles}: wall / CPU"),
            wall_cpu(&built.usage),
        );
        self.figures(articles, &built, report)?;
        Ok(built)
    }

    /// `broadsheet build` of the corpus into a fresh folder (the last run's removed first,
    /// so the build never spends time deleting it), measured; no figures. Every source is
    /// read: the articles the last run loaded (`articles.jsonl` in the cache folder,
    /// docs/deploy.md) are removed too, while the photos' variants stay cached.
    pub fn run(&self, articles: usize, report: &mut Report) -> Result<Built> {
        self.run_into(articles, self.site_dir(articles), report)
    }

    /// [`Builder::run`] into `site`, with the cache folder of [`Builder::site_dir`].
    pub fn run_into(&self, articles: usize, site: PathBuf, report: &mut Report) -> Result<Built> {
        let corpus = self.corpus(articles)?;
        remove(&site)?;
        let cache = self.work.join(format!("site-{articles}.cache"));
        let loaded = cache.join("articles.jsonl");
        if loaded.exists() {
            std::fs::remove_file(&loaded)
                .with_context(|| format!("removing {}", loaded.display()))?;
        }
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
            .arg("--cache")
            .arg(&cache)
            .arg("--timings")
            .arg(&timings)
            .current_dir(self.root);
        report.command(&build);
        let log = self.work.join(format!("build-{articles}.log"));
        let usage = measure::measure(&mut build, &log)?;
        let pages = count_pages(&site)?;
        if pages < articles as u64 / 2 {
            anyhow::bail!(
                "{articles} articles built only {pages} pages (see {})",
                log.display()
            );
        }
        let [page, doc] = measure::largest_files(&site)?;
        Ok(Built {
            site,
            corpus,
            usage,
            timings,
            largest: [page.0, doc.0],
            largest_names: [page.1, doc.1],
            pages,
        })
    }

    /// Where `run` writes the site of `articles` articles.
    pub fn site_dir(&self, articles: usize) -> PathBuf {
        self.work.join(format!("site-{articles}"))
    }

    /// A build's figures besides its times: pages, output, largest files, peak memory
    /// (held to [`MEMORY_BUDGET`] at 100,000 articles).
    pub fn figures(&self, articles: usize, built: &Built, report: &mut Report) -> Result<()> {
        let (bytes, files) = tree_size(&built.site)?;
        let n = articles;
        let pages = built.pages;
        report.figure(
            "build",
            format!("broadsheet {n}: pages, pages/s"),
            format!(
                "{pages}, {:.0}/s",
                pages as f64 / built.usage.wall.as_secs_f64()
            ),
        );
        report.figure(
            "build",
            format!("broadsheet {n}: output"),
            format!("{} in {files} files", mib(bytes)),
        );
        let [page, doc] = &built.largest_names;
        report.figure(
            "build",
            format!("broadsheet {n}: largest page, largest API document"),
            format!(
                "{} ({page}), {} ({doc})",
                kib(built.largest[0]),
                kib(built.largest[1])
            ),
        );
        let rss = format!("broadsheet {n}: peak RSS");
        let max_rss = built.usage.max_rss_bytes;
        if articles >= 100_000 {
            report.goal(
                "build",
                rss,
                mib(max_rss),
                "≤ 1 GiB",
                max_rss <= MEMORY_BUDGET,
            );
        } else {
            report.figure("build", rss, mib(max_rss));
        }
        Ok(())
    }

    /// The corpus as a Hugo site (converted once), with the `hugo` to run it; `None` (and
    /// a line under "Not measured") without Hugo.
    pub fn hugo_site(&self, articles: usize, report: &mut Report) -> Result<Option<HugoSite>> {
        let Some(bin) = which("hugo") else {
            report.missing(format!(
                "Hugo at {articles} articles: `hugo` not found (install Debian's package: apt-get install hugo)"
            ));
            return Ok(None);
        };
        let corpus = self.corpus(articles)?;
        let site = self.work.join(format!("hugo-{articles}"));
        let out = self.work.join(format!("hugo-{articles}-public"));
        remove(&out)?;
        let articles = hugo::convert(&corpus, &site, PAGE_SIZE)?;
        Ok(Some(HugoSite {
            bin,
            site,
            out,
            articles,
        }))
    }

    /// Hugo on its site into a fresh folder (the last run's removed first), measured; the
    /// output's pages and bytes.
    pub fn run_hugo(&self, hugo: &HugoSite, report: &mut Report) -> Result<HugoRun> {
        self.run_hugo_into(hugo, hugo.out.clone(), report)
    }

    /// [`Builder::run_hugo`] into `out`.
    pub fn run_hugo_into(
        &self,
        hugo: &HugoSite,
        out: PathBuf,
        report: &mut Report,
    ) -> Result<HugoRun> {
        remove(&out)?;
        let mut run = Command::new(&hugo.bin);
        run.args(["--quiet", "--source"])
            .arg(&hugo.site)
            .arg("--destination")
            .arg(&out)
            .current_dir(self.root);
        report.command(&run);
        let log = hugo.site.with_extension("log");
        let usage = measure::measure(&mut run, &log)?;
        let pages = count_pages(&out)?;
        let (bytes, _) = tree_size(&out)?;
        if pages < hugo.articles as u64 / 2 {
            anyhow::bail!(
                "Hugo rendered only {pages} pages for {} articles",
                hugo.articles
            );
        }
        Ok(HugoRun {
            out,
            usage,
            pages,
            bytes,
        })
    }
}

/// The corpus converted for Hugo (`hugo.rs`).
pub struct HugoSite {
    pub bin: PathBuf,
    pub site: PathBuf,
    /// Where it writes.
    pub out: PathBuf,
    pub articles: usize,
}

/// One measured Hugo run.
pub struct HugoRun {
    pub out: PathBuf,
    pub usage: Usage,
    pub pages: u64,
    pub bytes: u64,
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

/// The change list a build of `out` writes beside it (`<out>.changes.json`, docs/deploy.md):
/// the builder's `Staging::changes_file`, which xtask does not link outside its tests.
pub fn change_list(out: &Path) -> PathBuf {
    let mut list = out.as_os_str().to_owned();
    list.push(".changes.json");
    PathBuf::from(list)
}

/// A build's output, once measured, and the change list the build wrote beside it.
pub fn remove_output(out: &Path) -> Result<()> {
    remove(out)?;
    let list = change_list(out);
    match std::fs::remove_file(&list) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", list.display()))
        }
        _ => Ok(()),
    }
}

/// Delete a folder if it exists (big build outputs, once measured), and note when in
/// [`REMOVED_AT`] beside it, for this bench and the next (see `builds::Plan::wait`).
pub fn remove(dir: &Path) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
        if let (Some(parent), Ok(now)) =
            (dir.parent(), SystemTime::now().duration_since(UNIX_EPOCH))
        {
            let _ = std::fs::write(parent.join(REMOVED_AT), now.as_secs().to_string());
        }
    }
    Ok(())
}

/// The file in the bench's folder that holds when [`remove`] last removed a folder there,
/// in seconds since 1970.
const REMOVED_AT: &str = "removed-at";

/// How long ago [`remove`] last removed a folder in `work`, if it ever did.
pub fn since_last_removal(work: &Path) -> Option<Duration> {
    let text = std::fs::read_to_string(work.join(REMOVED_AT)).ok()?;
    let at = UNIX_EPOCH + Duration::from_secs(text.trim().parse().ok()?);
    Some(SystemTime::now().duration_since(at).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_change_list_is_where_the_builder_writes_it() {
        let out = std::path::Path::new("target/bench/site-1000.run-2");
        assert_eq!(
            super::change_list(out),
            broadsheet::outputs::staging::Staging::changes_file(out)
        );
    }

    #[test]
    fn a_removed_output_takes_its_change_list_with_it_and_the_removal_is_noted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site-1000.run-1");
        std::fs::create_dir_all(out.join("news")).unwrap();
        std::fs::write(out.join("news/index.html"), "<p>").unwrap();
        std::fs::write(super::change_list(&out), "{}").unwrap();
        let hugo = dir.path().join("hugo-1000-public.run-1");
        std::fs::create_dir_all(&hugo).unwrap();

        super::remove_output(&out).unwrap();
        // Hugo writes no change list: its output goes alone.
        super::remove_output(&hugo).unwrap();

        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .filter(|name| name != super::REMOVED_AT)
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        let since = super::since_last_removal(dir.path()).expect("the removal was noted");
        assert!(since < std::time::Duration::from_secs(60), "{since:?}");
    }
}
