//! Incremental publishing with `--precompress`: the compressed copies of unchanged files
//! are kept, and those a build no longer makes are removed and listed.

use std::path::Path;

use crate::common::*;

/// Options for a `--precompress` build of the fixture copied into `tmp`.
fn precompressed(tmp: &Path) -> broadsheet::BuildOptions {
    broadsheet::BuildOptions {
        content: tmp.join("content"),
        out: tmp.join("dist"),
        bundle: None,
        base_url: None,
        precompress: true,
        cache: None,
        original_images: false,
    }
}

#[test]
fn a_precompressed_rebuild_keeps_the_compressed_copies_of_unchanged_files() {
    let tmp = copy_fixture("basic");
    let opts = precompressed(tmp.path());
    let (content, out) = (opts.content.clone(), opts.out.clone());
    let progress = broadsheet::Progress::quiet();
    broadsheet::build(&opts, &progress).expect("first build");
    let kept = out.join("api/v1/articles/dragon-boat.json.br");
    let edited = out.join("api/v1/articles/harbour-clean-up.json.br");
    let (kept_id, edited_id) = (identity(&kept), identity(&edited));
    append(
        &content.join("articles/city/harbour-clean-up.md"),
        "\nThe council thanked every volunteer by name.\n",
    );
    let report = broadsheet::build(&opts, &progress).expect("rebuild");
    assert_eq!(identity(&kept), kept_id);
    assert_ne!(identity(&edited), edited_id);
    let written = &report.changes.written;
    assert!(written
        .iter()
        .any(|w| w == "api/v1/articles/harbour-clean-up.json.gz"));
    assert!(!written
        .iter()
        .any(|w| w.starts_with("api/v1/articles/dragon-boat")));
}

#[test]
fn compressed_copies_left_in_the_spare_go_when_a_build_stops_precompressing() {
    let tmp = copy_fixture("basic");
    let mut opts = precompressed(tmp.path());
    let out = opts.out.clone();
    let progress = broadsheet::Progress::quiet();
    broadsheet::build(&opts, &progress).expect("first build");
    broadsheet::build(&opts, &progress).expect("second build: its spare has compressed copies");
    let compressed = |p: &String| p.ends_with(".gz") || p.ends_with(".br");
    let before: Vec<String> = snapshot(&out).into_keys().filter(compressed).collect();
    assert!(
        before.iter().any(|p| p == "api/v1/site.json.gz"),
        "{before:?}"
    );
    opts.precompress = false;
    let report = broadsheet::build(&opts, &progress).expect("a build without --precompress");
    let after = snapshot(&out);
    assert!(!after.keys().any(compressed), "no compressed copy stays");
    let mut removed = report.changes.removed.clone();
    removed.sort();
    assert_eq!(removed, before, "every one of them is listed as removed");
    // The host rules no longer mention compressed copies.
    assert_eq!(report.changes.written, ["_headers"]);
    assert_eq!(report.changes.unchanged + 1, after.len());
}
