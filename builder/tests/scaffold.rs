//! `broadsheet new`: a draft that passes the checks, never overwriting a file.

use std::fs;

use crate::common::*;

#[test]
fn new_writes_a_draft_that_passes_the_checks() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    let path =
        broadsheet::content::scaffold::new_article(&content, "Night buses return!", "city", None)
            .expect("new");
    assert!(
        path.ends_with("articles/city/night-buses-return.md"),
        "{}",
        path.display()
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("title = \"Night buses return!\"") && text.contains("draft = true"),
        "{text}"
    );
    let report = broadsheet::check(&content, None).expect("the draft is valid");
    assert_eq!(report.drafts, 2);
}

#[test]
fn new_refuses_to_overwrite_an_existing_file() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    broadsheet::content::scaffold::new_article(&content, "Same", "city", None).expect("first");
    fs::write(content.join("articles/city/same.md"), "mine").unwrap();
    let err =
        broadsheet::content::scaffold::new_article(&content, "Same", "city", None).unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(
        fs::read_to_string(content.join("articles/city/same.md")).unwrap(),
        "mine"
    );
}

#[test]
fn new_needs_a_known_section_and_spells_cjk_titles_in_pinyin() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    assert!(
        broadsheet::content::scaffold::new_article(&content, "X", "weather", None)
            .unwrap_err()
            .to_string()
            .contains("unknown section")
    );
    let p = broadsheet::content::scaffold::new_article(&content, "港口新闻", "city", None)
        .expect("a Han title spells its slug in pinyin");
    assert!(p.ends_with("gang-kou-xin-wen.md"), "{}", p.display());
    let p = broadsheet::content::scaffold::new_article(
        &content,
        "港口新闻",
        "city",
        Some("harbour-news"),
    )
    .expect("with slug");
    assert!(p.ends_with("harbour-news.md"));
    assert!(
        broadsheet::content::scaffold::new_article(&content, "！？", "city", None)
            .unwrap_err()
            .to_string()
            .contains("--slug"),
        "a title with nothing to spell asks for --slug"
    );
}
