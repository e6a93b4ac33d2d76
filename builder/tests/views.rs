//! `broadsheet views import`: an analytics export into the counts file, the counts into
//! the built articles, and a bad export or counts file that changes nothing.

use std::fs;
use std::path::Path;

use crate::common::{build, copy_fixture, problems, write};
use crate::sec_support::{broadsheet, listing, stderr};

const GA4: &str = "# ----------------------------------------\n\
    # Pages and screens: Page path and screen class\n\
    # Start date: 20261101\n\
    # End date: 20261130\n\
    # ----------------------------------------\n\
    \n\
    Page path and screen class,Views,Active users\n\
    ,\"21,369\",9000\n\
    /,\"1,000\",800\n\
    /city/new-ferry-line/,\"12,000\",5000\n\
    /city/new-ferry-line/?utm_source=newsletter,8000,3000\n\
    /city/market-reopens/,57,40\n\
    /city/an-article-deleted-last-year/,312,200\n";

/// The `views` of the built article `slug`.
fn built_views(dist: &Path, slug: &str) -> Option<u64> {
    let path = dist.join(format!("api/v1/articles/{slug}.json"));
    let text = fs::read_to_string(&path).expect("article document");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["views"].as_u64()
}

#[test]
fn imported_counts_replace_the_front_matters_in_the_built_articles() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    write(&tmp.path().join("ga4.csv"), GA4);
    let o = broadsheet(&["views", "import", "ga4.csv"], tmp.path());
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("read 5 row(s), updated 2 article(s)"),
        "summary: {err}"
    );
    assert!(
        err.contains("warning: 1 row(s)") && err.contains("/city/an-article-deleted-last-year/"),
        "warning: {err}"
    );
    assert_eq!(
        fs::read_to_string(content.join("views.csv")).expect("counts file"),
        "slug,views\nmarket-reopens,57\nnew-ferry-line,20000\n"
    );
    let dist = tmp.path().join("dist");
    build(&content, &dist, None, None).expect("build");
    assert_eq!(built_views(&dist, "new-ferry-line"), Some(20_000));
    assert_eq!(built_views(&dist, "market-reopens"), Some(57));
    assert_eq!(built_views(&dist, "harbour-clean-up"), None);
}

#[test]
fn a_second_import_replaces_only_the_articles_it_names() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    write(&tmp.path().join("ga4.csv"), GA4);
    write(
        &tmp.path().join("later.csv"),
        "page,views\nmarket-reopens,60\n",
    );
    for file in ["ga4.csv", "later.csv"] {
        let o = broadsheet(&["views", "import", file], tmp.path());
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(
        fs::read_to_string(content.join("views.csv")).expect("counts file"),
        "slug,views\nmarket-reopens,60\nnew-ferry-line,20000\n"
    );
}

#[test]
fn a_bad_export_leaves_the_counts_file_byte_identical() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    let before = b"slug,views\r\nnew-ferry-line,99\r\n".to_vec();
    fs::write(content.join("views.csv"), &before).expect("counts file");
    write(
        &tmp.path().join("bad.csv"),
        "page,views\n/city/market-reopens/,57\n/city/new-ferry-line/,about 12k\n",
    );
    let o = broadsheet(&["views", "import", "bad.csv"], tmp.path());
    let err = stderr(&o);
    assert!(!o.status.success(), "imported anyway: {err}");
    assert!(err.contains("bad.csv:3: `about 12k`"), "{err}");
    assert_eq!(fs::read(content.join("views.csv")).expect("kept"), before);
    let missing = broadsheet(&["views", "import", "missing.csv"], tmp.path());
    assert!(!missing.status.success());
    assert_eq!(fs::read(content.join("views.csv")).expect("kept"), before);
    let names = listing(&content);
    assert!(
        !names.iter().any(|n| n.contains(".tmp")),
        "a temporary file was left: {names:?}"
    );
}

#[test]
fn a_malformed_counts_file_fails_check_and_build_at_its_line() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    write(
        &content.join("views.csv"),
        "slug,views\nnew-ferry-line,12\nmarket-reopens,many\nno-such-article,4\n",
    );
    let found = problems(build(&content, &tmp.path().join("dist"), None, None));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("views.csv:3: `many`"), "{found:?}");
    assert!(broadsheet::check(&content, None).is_err());
    assert!(!tmp.path().join("dist").exists());
    // A slug of a deleted article is no problem.
    write(
        &content.join("views.csv"),
        "slug,views\nno-such-article,4\n",
    );
    broadsheet::check(&content, None).expect("a count of a deleted article is ignored");
}
