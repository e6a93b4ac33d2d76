//! What offline reading costs a first visit: `bench/offline.mjs` opens an article with the
//! service worker blocked and allowed, counting every request (the worker's too) at a
//! proxy that answers with the caching `_headers` asks for; the goal is the issue's: the
//! worker adds no more than its precache (the app bundle, the CSS, the offline page, the
//! manifest and icons, whose list the builder's tests fix), and nothing to the first paint.

use std::path::Path;

use anyhow::Result;
use serde_json::Value;

use super::browser::{node, number};
use super::measure::kib;
use super::report::Report;
use crate::static_server::StaticServer;

/// First paint may move by this much between two runs of the same page on a busy machine.
const PAINT_NOISE_MS: f64 = 50.0;

pub fn first_visit(
    root: &Path,
    work: &Path,
    site: &Path,
    article: &str,
    report: &mut Report,
) -> Result<()> {
    let server = StaticServer::quiet(site.to_path_buf())?;
    let base = format!("http://127.0.0.1:{}/", server.port());
    let headers = site.join("_headers");
    let args = vec![
        "--path".into(),
        article.to_string(),
        "--headers".into(),
        headers.display().to_string(),
    ];
    let result = node(
        root,
        report,
        "offline.mjs",
        &[("BASE_URL", &base)],
        &args,
        &work.join("offline.json"),
    );
    server.stop();
    let result = result?;
    let visit = |which: &str| -> Result<(f64, f64, f64)> {
        Ok((
            number(&result, &[which, "requests"])?,
            number(&result, &[which, "bytes"])?,
            number(&result, &[which, "fcp_ms"])?,
        ))
    };
    let (requests0, bytes0, fcp0) = visit("without")?;
    let (requests1, bytes1, fcp1) = visit("with")?;
    let added: Vec<(String, f64, bool)> = match &result["added"] {
        Value::Array(files) => files
            .iter()
            .map(|f| {
                let path = f["path"].as_str().unwrap_or("?").to_string();
                let precached = f["precached"].as_bool().unwrap_or(false);
                (path, f["bytes"].as_f64().unwrap_or(0.0), precached)
            })
            .collect(),
        _ => Vec::new(),
    };
    let outside = added.iter().filter(|(_, _, precached)| !precached).count();
    let added_bytes: f64 = added.iter().map(|(_, bytes, _)| bytes).sum();
    report.figure(
        "offline",
        "first visit to an article, worker blocked: requests, bytes",
        format!("{requests0}, {}", kib(bytes0 as u64)),
    );
    report.goal(
        "offline",
        "first visit with the worker: requests, bytes (precache included)",
        format!("{requests1}, {}", kib(bytes1 as u64)),
        "adds only its script and the precache",
        outside == 0,
    );
    let list: Vec<String> = added
        .iter()
        .map(|(path, bytes, _)| format!("{path} {}", kib(*bytes as u64)))
        .collect();
    report.figure(
        "offline",
        format!("what the worker added: {}", kib(added_bytes as u64)),
        if list.is_empty() {
            "nothing".to_string()
        } else {
            list.join(", ")
        },
    );
    report.goal(
        "offline",
        "first contentful paint, worker blocked → allowed",
        format!("{fcp0:.0} ms → {fcp1:.0} ms"),
        format!("no later (± {PAINT_NOISE_MS:.0} ms)"),
        fcp1 <= fcp0 + PAINT_NOISE_MS,
    );
    Ok(())
}
