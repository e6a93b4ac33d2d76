//! Real articles for the bench corpus: news feeds and zh Wikinews headlines from
//! `../shared/realdata` beside the project (third-party test input, read at run time and
//! never copied into the repository), imported with the project's own importer
//! (`broadsheet import FEED --section …`) into the synthetic corpus, so the search
//! benchmark can cut its queries from text nobody on the team wrote.
//!
//! The same real articles go into every scale (a fixed set, so the queries are the same
//! at 1,000 and at 100,000 articles); synthetic articles fill the rest. Their dates are
//! redrawn (seeded) across the synthetic corpus's span, so real articles sit throughout
//! the archive as they would on a real site, not all at its old end.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde_json::json;

use super::corpus;
use super::rng::Rng;

/// The feeds imported, with the section each goes into.
const ZH_FEEDS: &[(&str, &str)] = &[
    ("rss-atom/rssant/oschina-news-zh.xml", "tech"),
    ("rss-atom/rssant/dapenti_blog_iframe.xml", "culture"),
    ("rss-atom/rssant/ruanyifeng-blog-zh.atom", "tech"),
];
const EN_FEEDS: &[(&str, &str)] = &[
    ("rss-atom/rss-parser/guardian.rss", "news"),
    ("rss-atom/node-feedparser/tpm.atom", "news"),
    ("rss-atom/rsparser/livemint.xml", "business"),
    ("rss-atom/rsparser/macworld.rss", "tech"),
];
const WIKINEWS: &str = "news-corpora/zh-wikinews-titles/zhwikinews.txt";

/// Which real material a corpus gets.
#[derive(Clone, Copy, Debug)]
pub struct Mix {
    /// Wikinews headlines (seeded sample), each imported as an article.
    pub wikinews: usize,
    pub zh_feeds: &'static [(&'static str, &'static str)],
    pub en_feeds: &'static [(&'static str, &'static str)],
}

pub const FULL_MIX: Mix = Mix {
    wikinews: 150,
    zh_feeds: ZH_FEEDS,
    en_feeds: EN_FEEDS,
};

/// For `--quick`: enough for ten queries of each kind.
pub const QUICK_MIX: Mix = Mix {
    wikinews: 40,
    zh_feeds: &[],
    en_feeds: &[("rss-atom/node-feedparser/tpm.atom", "news")],
};

impl Mix {
    /// What a corpus built with this mix holds: changes when the mix changes, so a kept
    /// corpus of another mix is built again.
    pub fn label(&self, realdata: Option<&Path>) -> String {
        match realdata {
            None => "synthetic only (no ../shared/realdata)".into(),
            Some(_) => {
                let feeds: Vec<&str> = self
                    .zh_feeds
                    .iter()
                    .chain(self.en_feeds)
                    .map(|(f, _)| *f)
                    .collect();
                format!(
                    "v1: {} Wikinews headlines; feeds {}",
                    self.wikinews,
                    feeds.join(", ")
                )
            }
        }
    }
}

/// `../shared/realdata` beside the project, if it is there.
pub fn dir(root: &Path) -> Option<PathBuf> {
    let dir = root.parent()?.join("shared/realdata");
    dir.join("SOURCES.md").is_file().then_some(dir)
}

/// A corpus of `articles` articles in `out` (a fresh folder): the real ones of `mix`
/// imported with `broadsheet`, then synthetic ones (seed 1) for the rest. Returns the
/// number of real articles.
pub fn mixed_corpus(
    broadsheet: &Path,
    realdata: &Path,
    mix: &Mix,
    out: &Path,
    articles: usize,
) -> Result<usize> {
    corpus::write_site(out)?;
    let wikinews = wikinews_feed(realdata, mix.wikinews, out)?;
    import(broadsheet, out, std::slice::from_ref(&wikinews), "news")?;
    fs::remove_file(&wikinews)?;
    for (feed, section) in mix.zh_feeds.iter().chain(mix.en_feeds) {
        import(broadsheet, out, &[realdata.join(feed)], section)?;
    }
    let imported = imported_files(out)?;
    if imported.len() >= articles {
        bail!(
            "{} real articles do not fit in a corpus of {articles}",
            imported.len()
        );
    }
    let span = corpus::write_articles(out, articles - imported.len(), 1)?;
    redate(&imported, span, 2)?;
    Ok(imported.len())
}

/// The imported articles of a corpus: `articles/imported/<section>/<slug>.md`, sorted.
pub fn imported_files(corpus: &Path) -> Result<Vec<PathBuf>> {
    let dir = corpus.join("articles/imported");
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    Ok(files)
}

/// `broadsheet import FEEDS --section SECTION --content CORPUS`. A feed with items the
/// importer refuses still counts: its other items are imported.
fn import(broadsheet: &Path, corpus: &Path, feeds: &[PathBuf], section: &str) -> Result<()> {
    let out = Command::new(broadsheet)
        .arg("import")
        .args(feeds)
        .args(["--section", section, "--content"])
        .arg(corpus)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .context("running broadsheet import")?;
    let log = String::from_utf8_lossy(&out.stderr);
    let summary = log.lines().last().unwrap_or("");
    crate::cmd::note(&format!(
        "import {}: {summary}",
        feeds
            .iter()
            .filter_map(|f| f.file_name())
            .map(|n| n.to_string_lossy())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if !out.status.success() {
        bail!("broadsheet import failed:\n{log}");
    }
    Ok(())
}

/// `count` distinct Wikinews headlines (at least four Han characters, a seeded sample) as
/// a JSON Feed in `dir`: the corpus has headlines only, so each item's text is its headline.
fn wikinews_feed(realdata: &Path, count: usize, dir: &Path) -> Result<PathBuf> {
    let path = realdata.join(WIKINEWS);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut seen = std::collections::HashSet::new();
    let mut lines: Vec<(usize, &str)> = text
        .lines()
        .map(str::trim)
        .enumerate()
        .filter(|(_, l)| l.chars().filter(|c| is_han(*c)).count() >= 4 && seen.insert(*l))
        .collect();
    Rng::new(3).shuffle(&mut lines);
    lines.truncate(count);
    lines.sort_unstable();
    let items: Vec<serde_json::Value> = lines
        .iter()
        .map(|(n, title)| {
            json!({
                "id": format!("zhwikinews-line-{}", n + 1),
                "title": title,
                "content_text": title,
                "date_published": "2024-01-01T00:00:00Z",
                "authors": [{"name": "Wikinews contributors"}],
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "zh.wikinews.org headlines (bench input, CC BY 2.5)",
        "language": "zh-CN",
        "items": items,
    });
    let out = dir.join("zhwikinews.json");
    fs::write(&out, feed.to_string())?;
    Ok(out)
}

/// Gives each imported article a seeded date within the synthetic span (site time), and
/// drops its `updated` line (which could now come before its date).
fn redate(files: &[PathBuf], span_minutes: u64, seed: u64) -> Result<()> {
    let mut rng = Rng::new(seed);
    for file in files {
        let text = fs::read_to_string(file)?;
        let minutes = rng.next() % span_minutes.max(1);
        let Some((front, body)) = text
            .strip_prefix("+++\n")
            .and_then(|rest| rest.split_once("\n+++\n"))
        else {
            bail!("{}: no +++ front matter", file.display());
        };
        let mut out = String::from("+++\n");
        for line in front.lines() {
            if line.starts_with("date = ") {
                let _ = writeln!(out, "date = {}", corpus::local_stamp(minutes));
            } else if !line.starts_with("updated = ") {
                let _ = writeln!(out, "{line}");
            }
        }
        out.push_str("+++\n");
        out.push_str(body);
        fs::write(file, out)?;
    }
    Ok(())
}

/// Han ideographs (the unified block and extension A), as the queries count them.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redating_replaces_the_date_and_drops_updated_in_the_front_matter_only() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(
            &file,
            "+++\ntitle = \"x\"\ndate = 2019-01-01T00:00:00Z\nupdated = 2019-01-02T00:00:00Z\n+++\n\ndate = body\n",
        )
        .unwrap();
        redate(std::slice::from_ref(&file), 1440 * 3, 1).unwrap();
        let text = fs::read_to_string(&file).unwrap();
        assert!(text.contains("date = 2024-01-0"), "{text}");
        assert!(!text.contains("updated"));
        assert!(text.ends_with("+++\n\ndate = body\n"));
    }

    #[test]
    fn han_is_told_from_kana_latin_and_punctuation() {
        assert!(is_han('港') && is_han('㐀'));
        assert!(!is_han('か') && !is_han('a') && !is_han('，'));
    }
}
