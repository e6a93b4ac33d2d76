//! Security checks in Chromium: the hostile fixture site (`cargo xtask test`) and the real
//! XSS vector collections beside the project (`cargo xtask xss`, a sample in `test`).
//!
//! Both build a content folder with the optimised `broadsheet` (`--profile native`; imported
//! feeds included) into `target/security/`, then run `tests/security/*.test.mjs`, which open
//! every page with JavaScript on and off under the site's CSP and fail on any payload that runs.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::cmd;
use crate::setup::CHROMIUM;

/// Vectors per collection in the sample `cargo xtask test` runs.
pub const TEST_SAMPLE: usize = 12;
/// Vectors per article body (each article's title, summary and tags are vectors too).
const PER_ARTICLE: usize = 40;

fn broadsheet(root: &Path) -> Result<PathBuf> {
    cmd::run(
        Command::new("cargo")
            .args(["build", "--profile=native", "--quiet", "-p", "broadsheet"])
            .current_dir(root),
    )?;
    Ok(root.join("target/native/broadsheet"))
}

/// `broadsheet import FEEDS` into `content`; `strict`: every feed must import.
fn import(bin: &Path, content: &Path, feeds: &[PathBuf], strict: bool) -> Result<()> {
    let status = Command::new(bin)
        .arg("import")
        .args(feeds)
        .args(["--section", "world", "--content"])
        .arg(content)
        .stdout(std::process::Stdio::null())
        .status()
        .context("running broadsheet import")?;
    if strict && !status.success() {
        bail!("broadsheet import of the hostile feeds failed");
    }
    Ok(())
}

/// The path Trunk's bundle was built for (`/`, or `/news/` for `--public-url /news/`), read
/// from the script its index.html loads, so the site is built to match the shared bundle.
fn bundle_public_path(index_html: &str) -> String {
    index_html
        .find(".js\"")
        .and_then(|end| {
            let start = index_html[..end].rfind('"')? + 1;
            let url = &index_html[start..end];
            Some(url[..url.rfind('/')? + 1].to_string())
        })
        .filter(|p| p.starts_with('/'))
        .unwrap_or_else(|| "/".into())
}

fn build_site(root: &Path, bin: &Path, content: &Path, out: &Path) -> Result<()> {
    let index = root.join("target/bundle/index.html");
    let shell = std::fs::read_to_string(&index)
        .with_context(|| format!("reading {}: run `cargo xtask build` first", index.display()))?;
    let base_url = format!("https://example.org{}", bundle_public_path(&shell));
    cmd::run(
        Command::new(bin)
            .arg("build")
            .args(["--base-url", &base_url])
            .arg("--content")
            .arg(content)
            .arg("--bundle")
            .arg(root.join("target/bundle"))
            .arg("--out")
            .arg(out),
    )
}

/// Runs `test_file` on `site`; every finding of each check is also written to
/// `<site>-report/<check>.txt`.
fn browser_checks(root: &Path, test_file: &str, site: &Path) -> Result<()> {
    let mut report = site.as_os_str().to_owned();
    report.push("-report");
    cmd::run(
        Command::new("node")
            .args(["--test", test_file])
            .current_dir(root)
            .env("SECURITY_SITE", site)
            .env("SECURITY_REPORT", report)
            .env("CHROMIUM", CHROMIUM),
    )
}

/// The hostile fixture site (tests/security/hostile + tests/security/feeds), built and opened.
pub fn hostile(root: &Path) -> Result<()> {
    let bin = broadsheet(root)?;
    let work = root.join("target/security");
    let content = work.join("hostile-content");
    let site = work.join("hostile-site");
    cmd::fresh(&content)?;
    cmd::copy_dir(&root.join("tests/security/hostile"), &content)?;
    let feeds: Vec<PathBuf> = ["hostile.rss", "hostile.atom", "hostile.json"]
        .iter()
        .map(|f| root.join("tests/security/feeds").join(f))
        .collect();
    import(&bin, &content, &feeds, true)?;
    build_site(root, &bin, &content, &site)?;
    browser_checks(root, "tests/security/hostile.test.mjs", &site)
}

/// The real vector collections, `../shared/realdata/xss` beside the project.
fn corpus_dir(root: &Path) -> Option<PathBuf> {
    let dir = root.parent()?.join("shared/realdata/xss");
    dir.is_dir().then_some(dir)
}

/// Every vector of every collection, at most `limit` per collection.
fn vectors(dir: &Path, limit: usize) -> Result<Vec<String>> {
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap_or_default();
    let json = |p: &str| serde_json::from_str::<serde_json::Value>(&read(p)).ok();
    let mut sets: Vec<Vec<String>> = Vec::new();
    if let Some(serde_json::Value::Array(cases)) = json("dompurify/expect.json") {
        sets.push(
            cases
                .iter()
                .filter_map(|c| c["payload"].as_str().map(String::from))
                .collect(),
        );
    }
    if let Some(o) = json("owasp/owasp-xss-payloads.json") {
        let list = o["payloads"].as_array().cloned().unwrap_or_default();
        sets.push(
            list.iter()
                .filter_map(|c| c["payload"].as_str().map(String::from))
                .collect(),
        );
    }
    if let Some(a) = json("ammonia/ammonia-test-fragments.json") {
        let tests = a["tests"].as_array().cloned().unwrap_or_default();
        sets.push(
            tests
                .iter()
                .flat_map(|t| t["inputs"].as_array().cloned().unwrap_or_default())
                .filter_map(|i| i.as_str().map(String::from))
                .collect(),
        );
    }
    let lines = |text: String| -> Vec<String> {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect()
    };
    sets.push(lines(read("payloadbox/xss-payload-list.txt")));
    sets.push(lines(read("h5sc/rss-vectors.txt")));
    sets.push(
        read("h5sc/vectors.txt")
            .split("<div id=")
            .skip(1)
            .map(|v| format!("<div id={v}"))
            .collect(),
    );
    let mut bleach: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(dir.join("bleach"))
        .into_iter()
        .flatten()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "test") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            bleach.push(text.split("\n--\n").next().unwrap_or("").to_string());
        }
    }
    sets.push(bleach);
    Ok(sets
        .into_iter()
        .flat_map(|s| s.into_iter().take(limit))
        .filter(|v| !v.trim().is_empty())
        .collect())
}

const SITE_TOML: &str = r#"title = "XSS corpus"
base_url = "https://example.org/"
language = "en"
time_zone = "UTC"
page_size = 10
[publisher]
name = "P"
address = "A"
contact = "C"
[[sections]]
slug = "city"
name = "City"
[[sections]]
slug = "world"
name = "World"
"#;

/// A content folder whose titles, summaries, tags and bodies are the vectors, and an RSS
/// feed whose items carry them too (imported like any feed).
fn write_corpus(content: &Path, feed: &Path, vectors: &[String]) -> Result<()> {
    std::fs::write(content.join("site.toml"), SITE_TOML)?;
    let articles = content.join("articles/city");
    std::fs::create_dir_all(&articles)?;
    for (n, chunk) in vectors.chunks(PER_ARTICLE).enumerate() {
        let mut fm = toml::Table::new();
        let pick = |i: usize| chunk[i % chunk.len()].clone();
        fm.insert("title".into(), format!("{n} {}", pick(0)).into());
        fm.insert("slug".into(), format!("v{n}").into());
        fm.insert(
            "date".into(),
            format!("2026-11-{:02}T09:00:00Z", 1 + n % 28).into(),
        );
        fm.insert("section".into(), "city".into());
        fm.insert("summary".into(), pick(1).into());
        fm.insert(
            "tags".into(),
            toml::Value::Array(vec![pick(2).into(), pick(3).into()]),
        );
        fm.insert("authors".into(), toml::Value::Array(vec![pick(4).into()]));
        let mut body = String::from("Corpus text.\n\n");
        for v in chunk {
            let _ = write!(body, "<div>\n{v}\n</div>\n\n{v}\n\n");
        }
        let text = format!("+++\n{}+++\n\n{body}", toml::to_string(&fm)?);
        std::fs::write(articles.join(format!("v{n}.md")), text)?;
    }
    let mut rss = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>corpus</title><link>https://feed.example/</link><description>d</description>\n");
    for (i, v) in vectors.iter().enumerate().step_by(3) {
        let v = html_escape::encode_text(v);
        let _ = writeln!(rss, "<item><title>{v}</title><guid>urn:corpus:{i}</guid><pubDate>Mon, 23 Nov 2026 08:00:00 GMT</pubDate><category>{v}</category><description>{v}</description></item>");
    }
    rss.push_str("</channel></rss>\n");
    std::fs::write(feed, rss)?;
    Ok(())
}

/// `cargo xtask xss`: the real vector collections through the importer and the builder, every
/// page opened in Chromium. `per_set`: at most this many vectors per collection.
pub fn xss(root: &Path, per_set: Option<usize>) -> Result<()> {
    let Some(dir) = corpus_dir(root) else {
        cmd::note("no ../shared/realdata/xss beside the project: the XSS corpus check is skipped");
        return Ok(());
    };
    let vectors = vectors(&dir, per_set.unwrap_or(usize::MAX))?;
    cmd::note(&format!("{} vectors from {}", vectors.len(), dir.display()));
    let bin = broadsheet(root)?;
    let work = root.join("target/security");
    let content = work.join("xss-content");
    let site = work.join("xss-site");
    cmd::fresh(&content)?;
    let feed = work.join("xss-corpus.rss");
    write_corpus(&content, &feed, &vectors)?;
    // feedparser's sanitiser suite are whole feeds: imported as they are.
    let mut feeds = vec![feed];
    let mut sanitize: Vec<PathBuf> = std::fs::read_dir(dir.join("feedparser-sanitize"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    sanitize.sort();
    feeds.extend(
        sanitize
            .into_iter()
            .take(per_set.map_or(usize::MAX, |n| n.saturating_mul(4))),
    );
    import(&bin, &content, &feeds, false)?;
    build_site(root, &bin, &content, &site)?;
    browser_checks(root, "tests/security/xss.test.mjs", &site)
}

/// The bounded sample that `cargo xtask test` runs.
pub fn xss_sample(root: &Path) -> Result<()> {
    xss(root, Some(TEST_SAMPLE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_is_built_for_the_path_the_bundle_was_built_for() {
        let root = r#"<link rel="modulepreload" href="/broadsheet-app-1.js"><script type="module">import init from '/broadsheet-app-1.js';</script>"#;
        assert_eq!(bundle_public_path(root), "/");
        let sub = r#"<link rel="modulepreload" href="/news/broadsheet-app-1.js">"#;
        assert_eq!(bundle_public_path(sub), "/news/");
        assert_eq!(bundle_public_path("<html></html>"), "/");
    }
}
