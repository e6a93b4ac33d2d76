//! Pagefind 1.6 (npm `pagefind`, pinned in bench/package.json; its binary comes in the
//! `@pagefind/linux-x64` package, never from a download) on the same built site: indexing
//! measured like a build (wait4: wall, CPU, peak RSS, under a memory cap), and a small page
//! that runs Pagefind's JS API, for `bench/pagefind.mjs`.
//!
//! What Pagefind indexes: the article pages only (`--glob` over the section folders: listing,
//! tag and search pages would compete with the articles for the top ten), and in each page
//! only `<article class="article">` (`--root-selector`): headline, summary, credits, body and
//! tags, as Broadsheet indexes title, summary and body, without the header, navigation,
//! related articles and footer. One index for the whole site in its language
//! (`--force-language zh`): otherwise Pagefind would split it by each page's `lang` and a
//! search page could only search one of them.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Result};

use super::measure::{self, mib, tree_size, Usage};
use super::report::Report;

/// The bench stops Pagefind when its resident memory passes this (the machine is shared).
pub const MEMORY_CAP: u64 = 12 << 30;

/// The page that runs Pagefind's JS API: `benchSearch(q)` searches and loads the data of
/// the top ten results, as a results page would.
const BENCH_PAGE: &str = r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind bench</title></head>
<body><script type="module">
window.benchSearch = async (q) => {
  const pagefind = await import('../pagefind/pagefind.js');
  const search = await pagefind.search(q);
  const top = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  return { total: search.results.length, urls: top.map((d) => d.url) };
};
</script></body></html>
"#;

/// The Pagefind binary installed by `npm ci` in bench/.
pub fn binary(root: &Path) -> Option<PathBuf> {
    let bin = root.join("bench/node_modules/@pagefind/linux-x64/bin/pagefind_extended");
    bin.is_file().then_some(bin)
}

/// The arguments that make Pagefind index what Broadsheet indexes (see the module docs).
pub fn args(site: &Path, sections: &[String]) -> Vec<String> {
    vec![
        "--site".into(),
        site.display().to_string(),
        "--glob".into(),
        format!("{{{}}}/*/index.html", sections.join(",")),
        "--root-selector".into(),
        "article.article".into(),
        "--force-language".into(),
        "zh".into(),
        "--quiet".into(),
    ]
}

/// Runs Pagefind on `site` (writing `site/pagefind/`), measured; reports its cost and
/// size, and writes the bench page `site/pagefind-bench/`.
pub fn index(
    bin: &Path,
    site: &Path,
    sections: &[String],
    log: &Path,
    articles: usize,
    report: &mut Report,
) -> Result<Usage> {
    let mut run = Command::new(bin);
    run.args(args(site, sections));
    report.command(&run);
    let usage = measure::measure_capped(&mut run, log, Some(MEMORY_CAP))?;
    let out = site.join("pagefind");
    let (bytes, files) = tree_size(&out)?;
    if files == 0 {
        bail!("Pagefind wrote nothing into {}", out.display());
    }
    let n = articles;
    report.figure(
        "pagefind",
        format!("Pagefind {n}: index wall / CPU / peak RSS"),
        format!(
            "{:.2} s / {:.2} s / {}",
            usage.wall.as_secs_f64(),
            usage.cpu.as_secs_f64(),
            mib(usage.max_rss_bytes)
        ),
    );
    report.figure(
        "pagefind",
        format!("Pagefind {n}: index"),
        format!("{} in {files} files", mib(bytes)),
    );
    let page = site.join("pagefind-bench");
    std::fs::create_dir_all(&page)?;
    std::fs::write(page.join("index.html"), BENCH_PAGE)?;
    Ok(usage)
}

/// Brotli copies of Pagefind's scripts and JSON, which a host would compress; its index
/// files are gzip-compressed by Pagefind itself and are served as they are.
pub fn precompress_scripts(site: &Path) -> Result<()> {
    for entry in std::fs::read_dir(site.join("pagefind"))? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "js" || e == "json") {
            measure::write_brotli_copy(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagefind_reads_only_article_pages_and_their_article_element() {
        let a = args(Path::new("site"), &["news".into(), "city".into()]);
        let after = |flag: &str| a[a.iter().position(|x| x == flag).unwrap() + 1].clone();
        assert_eq!(after("--glob"), "{news,city}/*/index.html");
        assert_eq!(after("--root-selector"), "article.article");
    }

    #[test]
    fn the_root_selector_names_the_article_pages_element() {
        let page = include_str!("../../../src/pages/article.rs");
        assert!(page.contains(r#"<article class="article""#));
    }
}
