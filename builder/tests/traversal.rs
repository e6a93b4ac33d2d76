//! Path traversal: no slug, id, tag, image path or file name from content or feeds makes
//! `broadsheet build` or `broadsheet import` read or write outside their folders.

use std::os::unix::fs::symlink;

use crate::sec_support::*;

const SECRET: &str = "TOP-SECRET-OUTSIDE";

/// A folder beside the content with a secret file in it, and the listing of the root.
fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.md"), article(SECRET, "secret", SECRET)).unwrap();
    std::fs::write(
        outside.join("secret.svg"),
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><!--{SECRET}--></svg>"),
    )
    .unwrap();
    let c = content(root.path());
    (root, c)
}

fn refuses(root: &std::path::Path, c: &std::path::Path, name: &str, text: &str, says: &str) {
    std::fs::write(c.join("articles/city").join(name), text).unwrap();
    let out = root.join("dist");
    let before = listing(root);
    let o = build(c, &out);
    assert!(!o.status.success(), "{name} built: {}", stderr(&o));
    assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
    assert_eq!(listing(root), before, "{name}: nothing written anywhere");
    std::fs::remove_file(c.join("articles/city").join(name)).unwrap();
}

#[test]
fn slugs_sections_and_image_paths_that_climb_are_refused() {
    let (root, c) = setup();
    let fm = |extra: &str| {
        format!("+++\ntitle = \"x\"\ndate = 2026-11-20T10:00:00Z\n{extra}\n+++\nbody\n")
    };
    for slug in [
        "../../outside/x",
        "/tmp/x",
        "..%2F..%2Fx",
        "a/../../b",
        "..",
        "C:\\\\x",
    ] {
        let text = fm(&format!("section = \"city\"\nslug = \"{slug}\""));
        refuses(root.path(), &c, "a.md", &text, "slug");
    }
    refuses(
        root.path(),
        &c,
        "a.md",
        &fm("section = \"../../outside\""),
        "section",
    );
    for src in [
        "../outside/secret.svg",
        "media/../../outside/secret.svg",
        "/etc/passwd",
        "file:///etc/passwd",
        "media/%2e%2e/%2e%2e/outside/secret.svg",
    ] {
        let lead = fm(&format!(
            "section = \"city\"\n[lead]\nsrc = \"{src}\"\nalt = \"a\""
        ));
        refuses(root.path(), &c, "a.md", &lead, "a.md");
        if !src.starts_with("file:") {
            // (a file: URL in a body is not read: the sanitiser drops its src)
            let body = format!("{}\n![x]({src})\n", fm("section = \"city\""));
            refuses(root.path(), &c, "a.md", &body, "a.md");
        }
    }
}

#[test]
fn tags_with_path_characters_become_plain_slugs_inside_the_output() {
    let (root, c) = setup();
    let text = "+++\ntitle = \"x\"\nslug = \"x\"\ndate = 2026-11-20T10:00:00Z\nsection = \"city\"\ntags = [\"../../outside\", \"/etc/passwd\", \"..\", \"%2e%2e%2f\", \"a\\\\..\\\\b\"]\n+++\nbody\n";
    std::fs::write(c.join("articles/city/x.md"), text).unwrap();
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut outside_now = listing(&root.path().join("outside"));
    outside_now.sort();
    assert_eq!(outside_now, ["", "secret.md", "secret.svg"]);
    for entry in listing(&out) {
        assert!(!entry.contains(".."), "{entry}");
    }
    let tags = std::fs::read_dir(out.join("api/v1/tags")).unwrap().count();
    assert!(tags >= 4, "{tags} tag folders");
}

#[test]
fn an_article_symlinked_from_outside_the_content_folder_is_not_read() {
    let (root, c) = setup();
    symlink(
        root.path().join("outside/secret.md"),
        c.join("articles/city/leak.md"),
    )
    .unwrap();
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(!o.status.success(), "the outside article was built");
    assert!(
        stderr(&o).contains("outside the content folder"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn a_folder_of_articles_symlinked_from_outside_is_not_read() {
    let (root, c) = setup();
    symlink(root.path().join("outside"), c.join("articles/linked")).unwrap();
    let out = root.path().join("dist");
    let o = build(&c, &out);
    let site = std::fs::read_to_string(out.join("api/v1/sitemap.json")).unwrap_or_default();
    assert!(!site.contains(SECRET), "the secret article was published");
    assert!(
        o.status.success() || stderr(&o).contains("outside"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_media_file_symlinked_from_outside_is_neither_measured_nor_published() {
    let (root, c) = setup();
    symlink(
        root.path().join("outside/secret.svg"),
        c.join("media/leak.svg"),
    )
    .unwrap();
    let lead = "+++\ntitle = \"x\"\nslug = \"x\"\ndate = 2026-11-20T10:00:00Z\nsection = \"city\"\n[lead]\nsrc = \"media/leak.svg\"\nalt = \"a\"\n+++\nbody\n";
    std::fs::write(c.join("articles/city/x.md"), lead).unwrap();
    let out = root.path().join("dist");
    let o = build(&c, &out);
    assert!(
        !o.status.success(),
        "an image outside the content folder was used"
    );
    assert!(
        stderr(&o).contains("outside the content folder"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn import_writes_only_below_articles_imported_whatever_the_feed_says() {
    let (root, _content) = setup();
    let feed = root.path().join("feed.json");
    std::fs::write(
        &feed,
        r#"{"version":"https://jsonfeed.org/version/1.1","title":"f","items":[
        {"id":"../../../outside/pwned","title":"../../../outside/pwned","url":"https://x.example/../../a","content_text":"a","date_published":"2026-11-25T08:00:00Z","tags":["../../x"]},
        {"id":"/etc/passwd","title":"/etc/passwd","content_text":"b","date_published":"2026-11-25T08:00:00Z"},
        {"id":"%2e%2e%2f%2e%2e%2fz","title":"..\\..\\windows","content_text":"c","date_published":"2026-11-25T08:00:00Z"}]}"#,
    )
    .unwrap();
    let before = listing(root.path());
    let o = broadsheet(
        &["import", "feed.json", "--content", "content"],
        root.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let new: Vec<String> = listing(root.path())
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    assert_eq!(new.len(), 5, "two folders and three articles: {new:?}");
    for p in &new {
        assert!(p.starts_with("content/articles/imported"), "{p}");
        assert!(!p.contains(".."), "{p}");
    }
}

#[test]
fn import_refuses_an_imported_folder_that_links_outside() {
    let (root, c) = setup();
    symlink(root.path().join("outside"), c.join("articles/imported")).unwrap();
    let feed = root.path().join("feed.json");
    std::fs::write(&feed, r#"{"version":"https://jsonfeed.org/version/1.1","title":"f","items":[{"id":"1","title":"t","content_text":"a","date_published":"2026-11-25T08:00:00Z"}]}"#).unwrap();
    let o = broadsheet(
        &["import", "feed.json", "--content", "content"],
        root.path(),
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("outside the content folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        listing(&root.path().join("outside")).len(),
        3,
        "nothing written outside"
    );
}
