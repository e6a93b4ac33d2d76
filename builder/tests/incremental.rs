//! Incremental publishing: a rebuild over the previous output writes only the files whose
//! bytes change, keeps the others (same inode, same modification time), removes what is
//! no longer produced, and lists written and removed files beside the output.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use crate::common::*;

const SHELL: &str = "<!DOCTYPE html><html><head><title>shell</title></head><body></body></html>";

/// A built copy of the basic fixture with a page shell: (temp root, content, bundle, out).
fn built() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    std::path::PathBuf,
    std::path::PathBuf,
) {
    let tmp = copy_fixture("basic");
    let (content, bundle, out) = (
        tmp.path().join("content"),
        tmp.path().join("bundle"),
        tmp.path().join("dist"),
    );
    write(&bundle.join("index.html"), SHELL);
    write(&bundle.join("app-1234.wasm"), "wasm");
    build(&content, &out, Some(&bundle), None).expect("first build");
    (tmp, content, bundle, out)
}

/// Replaces the first `from` in a built file by `to`, as a new file (the spare keeps the
/// old one): a file made again loses the change, a kept one shows it.
fn edit_as_new_file(file: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(file).expect("read built file");
    assert!(text.contains(from), "{}: no {from}", file.display());
    fs::remove_file(file).expect("unlink built file");
    fs::write(file, text.replacen(from, to, 1)).expect("write built file");
}

/// Puts `mark` into a built page (see [`edit_as_new_file`]).
fn mark(page: &Path, mark: &str) {
    edit_as_new_file(page, "</body>", &format!("{mark}</body>"));
}

#[test]
fn a_page_is_kept_unrendered_while_its_document_and_what_renders_it_stay_the_same() {
    let (_tmp, content, bundle, out) = built();
    let (dragon, harbour) = (
        out.join("sport/dragon-boat/index.html"),
        out.join("city/harbour-clean-up/index.html"),
    );
    let kept = "<!-- kept from the previous output -->";
    mark(&dragon, kept);
    mark(&harbour, kept);
    append(
        &content.join("articles/city/harbour-clean-up.md"),
        "\nThe council thanked every volunteer by name.\n",
    );
    build(&content, &out, Some(&bundle), None).expect("rebuild after an edit");
    let read = |p: &Path| fs::read_to_string(p).expect("read page");
    assert!(read(&dragon).contains(kept), "unchanged document: kept");
    assert!(!read(&harbour).contains(kept), "edited article: rendered");
    assert!(read(&harbour).contains("thanked every volunteer"));

    // What renders the pages changes: the site, then the shell. Every page is rendered.
    let site = content.join("site.toml");
    let toml = fs::read_to_string(&site).expect("site.toml");
    fs::write(
        &site,
        toml.replace("Harbour City Daily\"", "Harbour City Post\""),
    )
    .expect("write");
    build(&content, &out, Some(&bundle), None).expect("rebuild after a site change");
    assert!(!read(&dragon).contains(kept), "new site: rendered");
    assert!(read(&dragon).contains("Harbour City Post"));

    mark(&dragon, kept);
    build(&content, &out, Some(&bundle), None).expect("rebuild with nothing changed");
    assert!(read(&dragon).contains(kept), "nothing changed: kept");
    write(
        &bundle.join("index.html"),
        &SHELL.replace(
            "<head>",
            "<head><meta name=\"theme-color\" content=\"#123456\">",
        ),
    );
    build(&content, &out, Some(&bundle), None).expect("rebuild after a shell change");
    assert!(!read(&dragon).contains(kept), "new shell: rendered");
    assert!(read(&dragon).contains("#123456"));
}

#[test]
fn a_rebuild_with_nothing_changed_writes_no_file() {
    let (tmp, content, bundle, out) = built();
    let before = snapshot(&out);
    let report = build(&content, &out, Some(&bundle), None).expect("rebuild");
    assert_eq!(report.changes.written, Vec::<String>::new());
    assert_eq!(report.changes.removed, Vec::<String>::new());
    assert_eq!(report.changes.unchanged, before.len());
    assert_eq!(snapshot(&out), before);
    drop(tmp);
}

#[test]
fn an_edited_articles_page_changes_while_an_unrelated_page_keeps_its_inode_and_mtime() {
    let (_tmp, content, bundle, out) = built();
    let edited = out.join("city/harbour-clean-up/index.html");
    let unrelated = out.join("sport/dragon-boat/index.html");
    let unrelated_doc = out.join("api/v1/articles/dragon-boat.json");
    let (edited_before, unrelated_before, doc_before) = (
        fs::read(&edited).unwrap(),
        identity(&unrelated),
        identity(&unrelated_doc),
    );
    let edited_id = identity(&edited);
    // Later than the first build's files by more than any timestamp granularity.
    std::thread::sleep(std::time::Duration::from_millis(20));
    append(
        &content.join("articles/city/harbour-clean-up.md"),
        "\nThe council thanked every volunteer by name.\n",
    );
    let report = build(&content, &out, Some(&bundle), None).expect("rebuild");
    assert_ne!(fs::read(&edited).unwrap(), edited_before);
    assert_ne!(
        identity(&edited),
        edited_id,
        "the edited page is a new file"
    );
    assert_eq!(identity(&unrelated), unrelated_before);
    assert_eq!(identity(&unrelated_doc), doc_before);
    let written = &report.changes.written;
    for path in [
        "city/harbour-clean-up/index.html",
        "api/v1/articles/harbour-clean-up.json",
    ] {
        assert!(
            written.iter().any(|w| w == path),
            "{path} not in {written:?}"
        );
    }
    for path in [
        "sport/dragon-boat/index.html",
        "app-1234.wasm",
        "index.html",
    ] {
        assert!(!written.iter().any(|w| w == path), "{path} in {written:?}");
    }
    assert!(
        report.changes.unchanged > written.len(),
        "{:?}",
        report.changes
    );
}

#[test]
fn the_change_list_beside_the_output_names_written_and_removed_files() {
    let (tmp, content, bundle, out) = built();
    fs::remove_file(content.join("articles/sport/dragon-boat.md")).unwrap();
    let report = build(&content, &out, Some(&bundle), None).expect("rebuild");
    let removed = &report.changes.removed;
    for path in [
        "sport/dragon-boat/index.html",
        "api/v1/articles/dragon-boat.json",
    ] {
        assert!(
            removed.iter().any(|r| r == path),
            "{path} not in {removed:?}"
        );
        assert!(!out.join(path).exists());
    }
    let list = tmp.path().join("dist.changes.json");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&list).expect("the change list")).unwrap();
    assert_eq!(json["removed"], serde_json::json!(removed));
    assert_eq!(json["written"], serde_json::json!(report.changes.written));
    assert_eq!(json["unchanged"], report.changes.unchanged);
    assert!(
        !report.changes.written.is_empty(),
        "listings lose the article"
    );
    let published = snapshot(&out);
    assert!(
        !published.keys().any(|p| p.contains("changes")),
        "{published:?}"
    );
}

#[test]
fn a_first_build_lists_every_file_as_written() {
    let (_tmp, _content, _bundle, out) = built();
    let list = out.with_file_name("dist.changes.json");
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(list).unwrap()).unwrap();
    let files = snapshot(&out).into_keys().collect::<Vec<_>>();
    let mut written: Vec<String> = serde_json::from_value(json["written"].clone()).unwrap();
    written.sort();
    assert_eq!(written, files);
    assert_eq!(json["removed"], serde_json::json!([]));
}

#[test]
fn a_stale_or_damaged_spare_never_reaches_the_output() {
    let (tmp, content, bundle, out) = built();
    build(&content, &out, Some(&bundle), None).expect("second build");
    let spare = tmp.path().join("dist.spare");
    assert!(
        spare.is_dir(),
        "the folder swapped out is kept as the spare"
    );
    let before = snapshot(&out);
    let home = identity(&out.join("index.html"));
    assert_eq!(
        marked_files(&spare),
        inodes(&spare),
        "the mark lists the spare's files as they are"
    );
    // Junk, a file with other bytes (a new inode) and a missing file in the spare.
    write(&spare.join("junk/index.html"), "junk");
    fs::remove_file(spare.join("index.html")).unwrap();
    write(&spare.join("index.html"), "stale home");
    fs::remove_file(spare.join("api/v1/site.json")).unwrap();
    let report = build(&content, &out, Some(&bundle), None).expect("third build");
    assert_eq!(snapshot(&out), before);
    assert_eq!(identity(&out.join("index.html")), home);
    assert_eq!(report.changes.written, Vec::<String>::new());
    let mut mirrored = snapshot(&spare);
    assert!(
        mirrored.remove(".broadsheet-mirrors").is_some(),
        "marked as the output's mirror"
    );
    assert_eq!(mirrored, before, "the spare mirrors the output again");
}

/// The files a spare's mark lists, each with its inode (`<inode> <path>` records among
/// the folders' `/…` ones: builder/src/outputs/staging/mirror.rs).
fn marked_files(spare: &Path) -> BTreeMap<String, u64> {
    let held = fs::read(spare.join(".broadsheet-mirrors")).expect("the spare is marked");
    let records = &held[held.iter().position(|b| *b == b'\n').expect("a header") + 1..];
    (records.split(|b| *b == 0))
        .filter(|r| !r.is_empty() && !r.starts_with(b"/"))
        .map(|r| {
            let (inode, path) = std::str::from_utf8(r).unwrap().split_once(' ').unwrap();
            (path.to_owned(), inode.parse().unwrap())
        })
        .collect()
}

/// Each file below `dir` but a spare's mark (relative), with its inode.
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    (snapshot(dir).into_keys())
        .filter(|rel| rel != ".broadsheet-mirrors")
        .map(|rel| (rel.clone(), identity(&dir.join(rel)).0))
        .collect()
}

/// Puts `mark` at the start of a built article document's body (see [`edit_as_new_file`]).
fn mark_body(document: &Path, mark: &str) {
    let field = "\"body_html\":\"";
    edit_as_new_file(document, field, &format!("{field}{mark}"));
}

#[test]
fn an_unchanged_article_is_not_rendered_until_its_source_a_body_image_or_a_neighbour_changes() {
    let (_tmp, content, bundle, out) = built();
    let (ferry, dragon) = (
        out.join("api/v1/articles/new-ferry-line.json"),
        out.join("api/v1/articles/dragon-boat.json"),
    );
    let read = |p: &Path| fs::read_to_string(p).expect("read document");
    let kept = "kept-from-the-previous-output";
    let rebuild = |what: &str| {
        build(&content, &out, Some(&bundle), None).unwrap_or_else(|e| panic!("{what}: {e:?}"))
    };
    mark_body(&ferry, kept);
    mark_body(&dragon, kept);
    rebuild("nothing changed");
    assert!(
        read(&ferry).contains(kept) && read(&dragon).contains(kept),
        "not rendered"
    );
    assert!(out.join("api/v1/article-inputs.txt").is_file());

    // The map in the ferry article's body is redrawn larger.
    let map = content.join("media/map.svg");
    fs::write(
        &map,
        read(&map).replace(
            "width=\"640\" height=\"480\"",
            "width=\"800\" height=\"600\"",
        ),
    )
    .expect("write map");
    rebuild("a body image changed");
    assert!(
        !read(&ferry).contains(kept),
        "its body image changed: rendered"
    );
    assert!(
        read(&ferry).contains(r#"width=\"800\" height=\"600\""#),
        "{}",
        read(&ferry)
    );
    assert!(read(&dragon).contains(kept), "unrelated: kept");

    mark_body(&ferry, kept);
    append(
        &content.join("articles/city/new-ferry-line.md"),
        "\nTickets go on sale on Monday.\n",
    );
    rebuild("the source changed");
    assert!(!read(&ferry).contains(kept), "its source changed: rendered");
    assert!(read(&ferry).contains("Tickets go on sale"));
    assert!(read(&dragon).contains(kept), "unrelated: kept");

    // A newer sport article becomes the dragon boat story's neighbour.
    write(
        &content.join("articles/sport/rowing.md"),
        "+++\ntitle = \"Rowers cross the bay\"\ndate = \"2026-11-29T10:00:00+08:00\"\n\
         section = \"sport\"\n+++\n\nEight crews crossed the bay at dawn.\n",
    );
    rebuild("a neighbour arrived");
    assert!(
        !read(&dragon).contains(kept),
        "its neighbour changed: rendered"
    );
    assert!(read(&dragon).contains("rowing"), "{}", read(&dragon));

    // The neighbour's title changes: the page that links to it shows the new one.
    mark_body(&dragon, kept);
    let rowing = content.join("articles/sport/rowing.md");
    edit_as_new_file(
        &rowing,
        "Rowers cross the bay",
        "Rowers race across the bay",
    );
    rebuild("a neighbour's summary changed");
    assert!(
        !read(&dragon).contains(kept),
        "its neighbour's summary changed: rendered"
    );
    assert!(read(&dragon).contains("Rowers race across the bay"));
}

#[test]
fn a_listing_page_is_not_built_again_until_an_article_it_shows_changes() {
    let (_tmp, content, bundle, out) = built();
    let (city, sport) = (
        out.join("api/v1/sections/city/newest.json"),
        out.join("api/v1/sections/sport/newest.json"),
    );
    let read = |p: &Path| fs::read_to_string(p).expect("read document");
    let kept = "\"kept-from-the-previous-output\":1,";
    for doc in [&city, &sport] {
        edit_as_new_file(doc, "{", &format!("{{{kept}"));
    }
    build(&content, &out, Some(&bundle), None).expect("rebuild with nothing changed");
    assert!(
        read(&city).contains(kept) && read(&sport).contains(kept),
        "not built"
    );
    assert!(out.join("api/v1/listing-inputs.txt").is_file());

    // A city article gets a new headline: the city listing shows it, the sport one does not.
    let harbour = content.join("articles/city/harbour-clean-up.md");
    let source = read(&harbour);
    let title = source.lines().find(|l| l.starts_with("title = ")).unwrap();
    fs::write(
        &harbour,
        source.replacen(title, "title = \"Volunteers clear the harbour\"", 1),
    )
    .unwrap();
    build(&content, &out, Some(&bundle), None).expect("rebuild after a new headline");
    assert!(
        !read(&city).contains(kept),
        "the city listing is built again"
    );
    assert!(read(&city).contains("Volunteers clear the harbour"));
    assert!(read(&out.join("city/index.html")).contains("Volunteers clear the harbour"));
    assert!(
        read(&sport).contains(kept),
        "the sport listing is kept unbuilt"
    );
}
