//! Bad input: every problem is reported as `file:line: what, and what to do`, all at
//! once, and a previous build in the output folder is left exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;

/// Builds the basic fixture once (the "previous output"), applies `damage` to the
/// content, builds again and returns the problems; asserts the output is unchanged.
fn problems_after(damage: impl FnOnce(&Path)) -> Vec<String> {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    let out = tmp.path().join("dist");
    build(&content, &out, None, None).expect("the fixture builds");
    let before = snapshot(&out);
    damage(&content);
    let found = problems(build(&content, &out, None, None));
    assert_eq!(snapshot(&out), before, "the previous output changed");
    // Beside them, only what the first build keeps: its change list, the spare, the cache.
    let kept = ["dist.changes.json", "dist.spare", "dist.cache"];
    let left: Vec<PathBuf> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !kept.iter().any(|k| p.ends_with(k)))
        .collect();
    assert_eq!(left.len(), 2, "only content and dist remain: {left:?}");
    found
}

fn article(content: &Path, rel: &str) -> PathBuf {
    content.join("articles").join(rel)
}

fn assert_one(problems: &[String], file: &str, line: usize, words: &str) {
    let hit = problems
        .iter()
        .any(|p| p.contains(&format!("{file}:{line}: ")) && p.contains(words));
    assert!(hit, "no `{file}:{line}: …{words}…` among {problems:#?}");
}

#[test]
fn broken_front_matter_names_the_line_inside_the_file() {
    let p = problems_after(|c| {
        write(&article(c, "city/x.md"), "+++\ntitle = \"X\"\ndate = 2026-11-28T09:30:00\nsection = \"city\ntags = []\n+++\nBody\n")
    });
    assert_one(&p, "city/x.md", 4, "broken front matter");
}

#[test]
fn missing_title_date_and_section_are_all_reported() {
    let p = problems_after(|c| {
        write(
            &article(c, "city/empty.md"),
            "+++\ntags = [\"a\"]\n+++\nBody\n",
        )
    });
    assert_one(&p, "city/empty.md", 1, "no title: add title");
    assert_one(&p, "city/empty.md", 1, "no date: add date");
    assert_one(&p, "city/empty.md", 1, "no section: add section");
}

#[test]
fn an_unknown_section_is_reported_on_its_line_with_the_known_ones() {
    let p = problems_after(|c| {
        write(
            &article(c, "x.md"),
            "+++\ntitle = \"X\"\ndate = 2026-11-28\nsection = \"weather\"\n+++\n",
        )
    });
    assert_one(
        &p,
        "articles/x.md",
        4,
        "unknown section `weather`: use one of city, sport, culture",
    );
}

#[test]
fn a_duplicate_slug_names_both_files() {
    let p = problems_after(|c| {
        write(&article(c, "sport/copy.md"), "+++\ntitle = \"Copy\"\nslug = \"new-ferry-line\"\ndate = 2026-11-28\nsection = \"sport\"\n+++\n")
    });
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].contains("new-ferry-line.md"), "{}", p[0]);
    assert_one(&p, "sport/copy.md", 3, "duplicate slug `new-ferry-line`");
}

#[test]
fn invalid_utf8_is_reported_with_its_line() {
    let p = problems_after(|c| {
        fs::write(article(c, "bad.md"), b"+++\ntitle = \"X\"\n\xff\xfe\n+++\n").unwrap()
    });
    assert_one(&p, "articles/bad.md", 3, "not valid UTF-8");
}

#[test]
fn missing_images_are_reported_for_lead_and_body() {
    let p = problems_after(|c| {
        write(&article(c, "img.md"), "+++\ntitle = \"X\"\ndate = 2026-11-28\nsection = \"city\"\n[lead]\nsrc = \"media/nope.svg\"\n+++\n\nText.\n\n![x](media/gone.png)\n");
    });
    assert_one(
        &p,
        "articles/img.md",
        6,
        "image `media/nope.svg` does not exist",
    );
    assert_one(
        &p,
        "articles/img.md",
        11,
        "image `media/gone.png` does not exist",
    );
}

#[test]
fn a_bad_slug_is_reported_with_a_suggestion() {
    let p = problems_after(|c| {
        write(&article(c, "s.md"), "+++\ntitle = \"X\"\nslug = \"Hello World\"\ndate = 2026-11-28\nsection = \"city\"\n+++\n")
    });
    assert_one(&p, "articles/s.md", 3, "slug = \"hello-world\"");
}

#[test]
fn a_file_name_without_ascii_needs_an_explicit_slug() {
    let p = problems_after(|c| {
        write(
            &article(c, "新闻.md"),
            "+++\ntitle = \"X\"\ndate = 2026-11-28\nsection = \"city\"\n+++\n",
        )
    });
    assert_one(&p, "新闻.md", 1, "add slug");
}

#[test]
fn a_reserved_or_malformed_section_slug_in_site_toml_is_reported() {
    let p = problems_after(|c| {
        let site = fs::read_to_string(c.join("site.toml")).unwrap();
        fs::write(
            c.join("site.toml"),
            site.replace("slug = \"culture\"", "slug = \"tag\"")
                .replace("slug = \"sport\"", "slug = \"Sport!\""),
        )
        .unwrap();
    });
    assert_one(&p, "site.toml", 19, "`Sport!` is not [a-z0-9-]+");
    assert_one(&p, "site.toml", 23, "`tag` is reserved");
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let p = problems_after(|c| {
        write(&article(c, "a.md"), "no front matter\n");
        write(
            &article(c, "b.md"),
            "+++\ntitle = \"B\"\ndate = \"yesterday\"\nsection = \"nowhere\"\n+++\n",
        );
    });
    assert_one(&p, "articles/a.md", 1, "does not start with front matter");
    assert_one(&p, "articles/b.md", 3, "`yesterday` is not a date");
    assert_one(&p, "articles/b.md", 4, "unknown section `nowhere`");
    assert_eq!(p.len(), 3, "{p:#?}");
}

#[test]
fn a_missing_site_toml_says_how_to_fix_it() {
    let p = problems_after(|c| fs::remove_file(c.join("site.toml")).unwrap());
    assert_one(&p, "site.toml", 1, "create one");
}

#[test]
fn an_unreadable_file_is_reported() {
    let p = problems_after(|c| {
        let f = article(c, "locked.md");
        write(&f, "+++\n+++\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&f, fs::Permissions::from_mode(0o000)).unwrap();
            if fs::read(&f).is_ok() {
                // Running as root: permissions do not stop reads; damage the file another way.
                fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
                fs::remove_file(&f).unwrap();
                std::os::unix::fs::symlink(c.join("missing-target"), &f).unwrap();
            }
        }
    });
    assert_one(&p, "articles/locked.md", 1, "cannot read the file");
}

#[test]
fn check_reports_problems_and_writes_nothing() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    let report = broadsheet::check(&content, None).expect("fixture is fine");
    assert_eq!((report.articles, report.drafts), (4, 1));
    write(&article(&content, "x.md"), "+++\ntitle = \"X\"\n+++\n");
    let err = broadsheet::check(&content, None).unwrap_err();
    assert!(
        err.to_string()
            .contains("x.md:1: the front matter has no date"),
        "{err}"
    );
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing but the content"
    );
}

#[test]
fn a_folder_that_is_not_a_previous_build_is_never_replaced() {
    let tmp = copy_fixture("basic");
    let out = tmp.path().join("project");
    write(&out.join("Cargo.toml"), "[package]");
    let err = build(&tmp.path().join("content"), &out, None, None).unwrap_err();
    assert!(err.to_string().contains("refusing to replace"), "{err}");
    assert!(out.join("Cargo.toml").is_file());
}

#[test]
fn the_command_line_exits_non_zero_and_prints_every_problem() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    write(&article(&content, "a.md"), "nothing\n");
    write(&article(&content, "b.md"), "+++\ntitle = \"B\"\n+++\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["check", "--content"])
        .arg(&content)
        .output()
        .expect("run broadsheet");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a.md:1: the file does not start with front matter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.md:1: the front matter has no date"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.md:1: the front matter has no section"),
        "{stderr}"
    );
}
