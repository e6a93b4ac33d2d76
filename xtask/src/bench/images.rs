//! Images: the image stage's time with an empty and with a warm cache, and the image bytes
//! a reader fetches on the home page and on the article with the most photos, on a 360 px
//! phone at DPR 2 and a 1280 px desktop, before (the files as they were added, the
//! builder's `--original-images`) and after (the variants).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::browser::node;
use super::measure::{self, kib};
use super::report::Report;
use crate::build::CONTENT_DIR;
use crate::static_server::StaticServer;

/// Goal: a phone fetches at most a third of the original image bytes on a photo article.
const PHONE_SHARE: f64 = 1.0 / 3.0;
/// Goal: a second build with unchanged images takes at most a tenth of the first's image time.
const WARM_SHARE: f64 = 0.10;

pub struct Sites<'a> {
    pub root: &'a Path,
    pub work: &'a Path,
    pub broadsheet: &'a Path,
    pub bundle: &'a Path,
    /// The sample site as the bench built it (with variants).
    pub after: &'a Path,
}

/// Cold and warm image-stage times, then the bytes fetched before and after.
pub fn run(sites: &Sites<'_>, report: &mut Report) -> Result<()> {
    build_times(sites, report)?;
    let before = sites.work.join("site-original-images");
    let mut build = sample_build(sites, &before);
    build.arg("--original-images");
    report.command(&build);
    crate::cmd::run(&mut build).context("building the sample site with its original images")?;
    let article = photo_article(sites.after)?;
    let result = fetched(sites, &before, &article, report)?;
    for page in ["home", "article"] {
        for (device, label) in [("phone", "360 px, DPR 2"), ("desktop", "1280 px, DPR 1")] {
            let key = format!("{page} {device}");
            let bytes = |site: &str| -> Result<u64> {
                result[&key][site]["bytes"]
                    .as_u64()
                    .with_context(|| format!("no image bytes for {key} ({site})"))
            };
            let (was, now) = (bytes("before")?, bytes("after")?);
            let share = now as f64 / was.max(1) as f64;
            let what = format!(
                "image bytes, {page} (/{}) at {label}: originals → variants",
                path_of(page, &article)
            );
            let value = format!("{} → {} ({:.0} %)", kib(was), kib(now), share * 100.0);
            if page == "article" && device == "phone" {
                report.goal("images", what, value, "≤ 33 %", share <= PHONE_SHARE);
            } else {
                report.figure("images", what, value);
            }
        }
    }
    Ok(())
}

fn path_of<'a>(page: &str, article: &'a str) -> &'a str {
    if page == "home" {
        ""
    } else {
        article
    }
}

/// `broadsheet build` of the sample content into `out`.
pub(super) fn sample_build(sites: &Sites<'_>, out: &Path) -> Command {
    let mut build = Command::new(sites.broadsheet);
    build
        .args(["build", "--content", CONTENT_DIR, "--bundle"])
        .arg(sites.bundle)
        .arg("--out")
        .arg(out)
        .current_dir(sites.root);
    build
}

/// The image stage's time in two builds with the same fresh cache: everything encoded,
/// then nothing.
fn build_times(sites: &Sites<'_>, report: &mut Report) -> Result<()> {
    let out = sites.work.join("site-image-times");
    let cache = sites.work.join("image-cache-bench");
    super::scale::remove(&cache)?;
    let mut times = Vec::new();
    for run in ["cold", "warm"] {
        let mut build = sample_build(sites, &out);
        build.arg("--cache").arg(&cache);
        report.command(&build);
        let log = sites.work.join(format!("images-{run}.log"));
        measure::measure(&mut build, &log)?;
        let text = std::fs::read_to_string(&log)?;
        let stage = ImageLine::parse(&text)
            .with_context(|| format!("no `images:` line in {}", log.display()))?;
        times.push(stage);
    }
    let (cold, warm) = (&times[0], &times[1]);
    report.figure(
        "images",
        format!(
            "image stage, empty cache: {} images, {} encoded, {} files",
            cold.images, cold.encoded, cold.files
        ),
        format!("{:.2} s", cold.seconds),
    );
    let share = warm.seconds / cold.seconds.max(1e-9);
    report.goal(
        "images",
        format!(
            "image stage, unchanged images: {} encoded, {} from the cache",
            warm.encoded, warm.reused
        ),
        format!(
            "{:.3} s ({:.1} % of the first)",
            warm.seconds,
            share * 100.0
        ),
        "0 encoded, ≤ 10 %",
        warm.encoded == 0 && share <= WARM_SHARE,
    );
    super::scale::remove(&out)?;
    Ok(())
}

/// The builder's summary of its image stage:
/// `images: 6 images, 6 encoded, 0 from the cache, 44 files in 1.42 s`.
#[derive(Debug, PartialEq)]
struct ImageLine {
    images: u64,
    encoded: u64,
    reused: u64,
    files: u64,
    seconds: f64,
}

impl ImageLine {
    /// The summary among the log's `images: ` lines (the stage's start, `images: 6…`, comes
    /// first when stderr is not a terminal).
    fn parse(log: &str) -> Option<ImageLine> {
        log.lines()
            .filter_map(|l| l.strip_prefix("images: "))
            .find_map(ImageLine::parse_summary)
    }

    fn parse_summary(line: &str) -> Option<ImageLine> {
        let numbers: Vec<f64> = line
            .split([' ', ','])
            .filter_map(|w| w.parse().ok())
            .collect();
        match numbers[..] {
            [images, encoded, reused, files, seconds] => Some(ImageLine {
                images: images as u64,
                encoded: encoded as u64,
                reused: reused as u64,
                files: files as u64,
                seconds,
            }),
            _ => None,
        }
    }
}

/// The article with the most processed images (lead and body), newest first on ties.
fn photo_article(site: &Path) -> Result<String> {
    let dir = site.join("api/v1/articles");
    let mut best: Option<(usize, String, String)> = None;
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        // The bench's sample site is precompressed: skip the .json.br and .json.gz copies.
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        let doc: Value = serde_json::from_str(&text)?;
        let lead = doc["lead"]["image"]["variants"].is_object() as usize;
        let body = doc["body_html"]
            .as_str()
            .unwrap_or("")
            .matches("<picture>")
            .count();
        let published = doc["published"].as_str().unwrap_or("").to_string();
        let path = format!(
            "{}/{}/",
            doc["section"].as_str().unwrap_or(""),
            doc["slug"].as_str().unwrap_or("")
        );
        let candidate = (lead + body, published, path);
        if best
            .as_ref()
            .is_none_or(|b| (&candidate.0, &candidate.1) > (&b.0, &b.1))
        {
            best = Some(candidate);
        }
    }
    match best {
        Some((n, _, path)) if n > 0 => Ok(path),
        _ => bail!("no article of the sample site has a processed photo"),
    }
}

/// Both sites served; the image bytes of home and the photo article on both devices.
fn fetched(sites: &Sites<'_>, before: &Path, article: &str, report: &mut Report) -> Result<Value> {
    let old = StaticServer::quiet(before.to_path_buf())?;
    let new = StaticServer::quiet(sites.after.to_path_buf())?;
    let url = |s: &StaticServer| format!("http://127.0.0.1:{}/", s.port());
    let (before_url, after_url) = (url(&old), url(&new));
    let args = vec!["--pages".into(), format!("home=,article={article}")];
    let result = node(
        sites.root,
        report,
        "images.mjs",
        &[
            ("BEFORE", before_url.as_str()),
            ("AFTER", after_url.as_str()),
        ],
        &args,
        &sites.work.join("images.json"),
    );
    old.stop();
    new.stop();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_line_is_read_from_the_build_log() {
        let log = "loading content\nimages: 6…\nimages: 6 images, 6 encoded, 0 from the cache, 44 files in 1.42 s\nbuilt 50 articles";
        assert_eq!(
            ImageLine::parse(log),
            Some(ImageLine {
                images: 6,
                encoded: 6,
                reused: 0,
                files: 44,
                seconds: 1.42
            })
        );
        assert_eq!(ImageLine::parse("images: broken"), None);
    }
}
