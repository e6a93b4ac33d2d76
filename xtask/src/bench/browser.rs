//! The browser benchmarks: node scripts in bench/ (playwright-core and Lighthouse driving
//! Debian's Chromium), against a site served by the xtask's static server.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde_json::Value;

use super::measure::kib;
use super::report::Report;
use crate::setup::CHROMIUM;
use crate::{cmd, static_server::StaticServer};

/// Goal: median click-to-paint at most 50 ms.
const NAV_BUDGET_MS: f64 = 50.0;

/// Run `node bench/<script> ARGS --out FILE` with `env` (e.g. BASE_URL) set; its JSON result.
pub fn node(
    root: &Path,
    report: &mut Report,
    script: &str,
    env: &[(&str, &str)],
    args: &[String],
    out: &Path,
) -> Result<Value> {
    let mut run = Command::new("node");
    run.arg(format!("bench/{script}"))
        .args(args)
        .arg("--out")
        .arg(out)
        .current_dir(root)
        .envs(env.iter().copied())
        .env("CHROMIUM", CHROMIUM);
    report.command(&run);
    cmd::run(&mut run)?;
    let text =
        std::fs::read_to_string(out).with_context(|| format!("reading {}", out.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", out.display()))
}

pub(super) fn number(value: &Value, path: &[&str]) -> Result<f64> {
    let mut v = value;
    for key in path {
        v = &v[*key];
    }
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        _ => bail!(
            "the browser benchmark gave no number for {}",
            path.join(".")
        ),
    }
}

/// Click-to-paint timings on a synthetic site (`count` navigations of each kind).
pub fn navigation(
    root: &Path,
    work: &Path,
    site: &Path,
    sections: &[String],
    count: usize,
    report: &mut Report,
) -> Result<()> {
    let server = StaticServer::quiet(site.to_path_buf())?;
    let base = format!("http://127.0.0.1:{}/", server.port());
    let args = vec![
        "--count".into(),
        count.to_string(),
        "--sections".into(),
        sections.join(","),
    ];
    let result = node(
        root,
        report,
        "navigate.mjs",
        &[("BASE_URL", base.as_str())],
        &args,
        &work.join("navigate.json"),
    );
    server.stop();
    let result = result?;
    for (kind, label) in [
        ("article", "click → article h1 painted"),
        ("listing", "click next page → listing painted"),
    ] {
        let median = number(&result, &[kind, "median"])?;
        let p95 = number(&result, &[kind, "p95"])?;
        let n = number(&result, &[kind, "count"])?;
        report.goal(
            "navigation",
            format!("{label}: median (n = {n})"),
            format!("{median:.1} ms"),
            "≤ 50 ms",
            median <= NAV_BUDGET_MS,
        );
        report.figure(
            "navigation",
            format!("{label}: p95"),
            format!("{p95:.1} ms"),
        );
    }
    let back = number(&result, &["back", "median"])?;
    report.figure(
        "navigation",
        "history back → listing painted: median",
        format!("{back:.1} ms"),
    );
    Ok(())
}

/// The long session: `navs` client-side navigations, heap and DOM at start and end.
pub fn session(
    root: &Path,
    work: &Path,
    site: &Path,
    sections: &[String],
    navs: usize,
    report: &mut Report,
) -> Result<()> {
    let server = StaticServer::quiet(site.to_path_buf())?;
    let base = format!("http://127.0.0.1:{}/", server.port());
    let args = vec![
        "--navs".into(),
        navs.to_string(),
        "--sections".into(),
        sections.join(","),
    ];
    let result = node(
        root,
        report,
        "session.mjs",
        &[("BASE_URL", base.as_str())],
        &args,
        &work.join("session.json"),
    );
    server.stop();
    let result = result?;
    let done = number(&result, &["navigations"])?;
    let heap0 = number(&result, &["start", "heap_bytes"])?;
    let heap1 = number(&result, &["end", "heap_bytes"])?;
    let dom0 = number(&result, &["start", "dom_nodes"])?;
    let dom1 = number(&result, &["end", "dom_nodes"])?;
    let wasm0 = number(&result, &["start", "wasm_memory_bytes"])?;
    let wasm1 = number(&result, &["end", "wasm_memory_bytes"])?;
    let heap_growth = heap1 / heap0.max(1.0);
    report.goal(
        "session",
        format!("JS heap after GC, start → end of {done} navigations"),
        format!(
            "{} → {} ({heap_growth:.2}×)",
            kib(heap0 as u64),
            kib(heap1 as u64)
        ),
        "bounded (≤ 2×)",
        heap_growth <= 2.0,
    );
    report.goal(
        "session",
        "DOM nodes, start → end",
        format!("{dom0} → {dom1}"),
        "bounded (≤ 1.5×)",
        dom1 <= dom0 * 1.5,
    );
    report.figure(
        "session",
        "wasm linear memory, start → end",
        format!("{} → {}", kib(wasm0 as u64), kib(wasm1 as u64)),
    );
    let seconds = number(&result, &["seconds"])?;
    report.figure("session", "session duration", format!("{seconds:.1} s"));
    let mut kinds = Vec::new();
    let mut within = true;
    for kind in ["pages", "lists", "articles", "images", "saved"] {
        let entries = number(&result, &["caches", "entries", kind]).unwrap_or(0.0);
        let bound = number(&result, &["caches", "bounds", kind])?;
        within &= entries <= bound;
        kinds.push(format!("{kind} {entries}/{bound}"));
    }
    report.goal(
        "session",
        "service worker caches after the session (entries/bound)",
        kinds.join(", "),
        "each within its bound",
        within,
    );
    Ok(())
}

/// A plain static copy of the article page: the pre-rendered HTML without any script and
/// without the module preload, at `bench-static/` in the sample site (with its .br/.gz).
pub fn write_static_copy(site: &Path, article: &str) -> Result<String> {
    let html = std::fs::read_to_string(site.join(article).join("index.html"))?;
    let plain = strip_scripts(&html);
    let dir = site.join("bench-static");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("index.html");
    std::fs::write(&file, &plain)?;
    // The same encodings the server sends for the real page.
    for (ext, body) in [
        ("br", compress_br(plain.as_bytes())),
        ("gz", compress_gz(plain.as_bytes())),
    ] {
        std::fs::write(dir.join(format!("index.html.{ext}")), body?)?;
    }
    Ok("bench-static/".into())
}

fn compress_br(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn compress_gz(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?)
}

/// The HTML without `<script>…</script>` elements and `<link rel="modulepreload">`.
pub fn strip_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let script = rest.find("<script");
        let preload = rest.find("<link rel=\"modulepreload\"");
        let Some(start) = [script, preload].into_iter().flatten().min() else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = if Some(start) == script {
            tail.find("</script>").map(|i| i + "</script>".len())
        } else {
            tail.find('>').map(|i| i + 1)
        };
        rest = &tail[end.unwrap_or(tail.len())..];
    }
}

/// Lighthouse (mobile) on `pages` of `site`. `uncompressed`: the site was built without
/// `--precompress`, so it is served as it is; its rows say so and leave out the image
/// audits (the same images as precompressed).
pub fn lighthouse(
    root: &Path,
    work: &Path,
    site: &Path,
    pages: &[(&str, String)],
    runs: usize,
    uncompressed: bool,
    report: &mut Report,
) -> Result<()> {
    let (served, out) = if uncompressed {
        (" (uncompressed)", "lighthouse-uncompressed.json")
    } else {
        ("", "lighthouse.json")
    };
    let server = StaticServer::quiet(site.to_path_buf())?;
    let base = format!("http://127.0.0.1:{}/", server.port());
    let list: Vec<String> = pages
        .iter()
        .map(|(name, path)| format!("{name}={base}{path}"))
        .collect();
    let args = vec![
        "--runs".into(),
        runs.to_string(),
        "--pages".into(),
        list.join(","),
    ];
    let result = node(
        root,
        report,
        "lighthouse.mjs",
        &[("BASE_URL", base.as_str())],
        &args,
        &work.join(out),
    );
    server.stop();
    let result = result?;
    let version = result["lighthouse"].as_str().unwrap_or("?").to_string();
    for (page, _) in pages {
        let p = &result["pages"][*page];
        let name = format!("{page}{served}");
        let scores: Vec<f64> = ["performance", "accessibility", "best_practices", "seo"]
            .iter()
            .map(|k| number(p, &[k]))
            .collect::<Result<_>>()?;
        let all = scores.iter().all(|s| *s >= 100.0);
        report.goal(
            "lighthouse",
            format!("{name}: perf / a11y / best practices / SEO (Lighthouse {version}, mobile, median of {runs})"),
            scores.iter().map(|s| format!("{s:.0}")).collect::<Vec<_>>().join(" / "),
            "100 each",
            all,
        );
        let cls = number(p, &["cls"])?;
        report.figure(
            "lighthouse",
            format!("{name}: FCP / LCP / TBT / Speed Index"),
            format!(
                "{:.0} / {:.0} / {:.0} / {:.0} ms",
                number(p, &["fcp_ms"])?,
                number(p, &["lcp_ms"])?,
                number(p, &["tbt_ms"])?,
                number(p, &["speed_index_ms"])?
            ),
        );
        report.goal(
            "lighthouse",
            format!("{name}: CLS"),
            format!("{cls:.3}"),
            "0",
            cls == 0.0,
        );
        let image_audits = if uncompressed {
            &[][..]
        } else {
            &[
                ("uses-responsive-images", "properly size images"),
                ("modern-image-formats", "serve images in modern formats"),
            ][..]
        };
        for (id, title) in image_audits {
            let audit = &p["image_audits"][id];
            let score = number(audit, &["score"])?;
            let savings = number(audit, &["savings_bytes"]).unwrap_or(0.0);
            report.goal(
                "lighthouse",
                format!("{name}: \"{title}\" ({id})"),
                format!("score {score:.0}, {} to save", kib(savings as u64)),
                "passes (score 1)",
                score >= 1.0,
            );
        }
        if let Some(failed) = p["failed_audits"].as_array().filter(|a| !a.is_empty()) {
            let ids: Vec<&str> = failed.iter().filter_map(|v| v.as_str()).collect();
            report.figure(
                "lighthouse",
                format!("{name}: failed audits"),
                ids.join(", "),
            );
        }
    }
    if let (Ok(app), Ok(plain)) = (
        number(&result["pages"]["article"], &["lcp_ms"]),
        number(&result["pages"]["article (static copy)"], &["lcp_ms"]),
    ) {
        report.goal(
            "lighthouse",
            "article LCP vs. the same page without scripts",
            format!("{app:.0} vs. {plain:.0} ms"),
            "≤ static",
            app <= plain * 1.05,
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::strip_scripts;

    #[test]
    fn scripts_and_module_preloads_are_removed_and_the_rest_kept() {
        let html = "<head><link rel=\"modulepreload\" href=\"/a.js\"><link rel=\"stylesheet\" href=\"/m.css\"><script type=\"module\">import x from '/a.js';</script></head><body><h1>T</h1><script type=\"application/json\">{}</script></body>";
        assert_eq!(
            strip_scripts(html),
            "<head><link rel=\"stylesheet\" href=\"/m.css\"></head><body><h1>T</h1></body>"
        );
    }
}
