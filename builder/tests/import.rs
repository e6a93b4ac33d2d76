//! `broadsheet import`: feeds of every kind in, articles that `check` and `build`
//! accept out — and nothing a hostile feed says can write outside the content folder
//! or put script into a page.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::*;
use broadsheet::import::{self, ImportReport};

fn feed(name: &str) -> PathBuf {
    fixture("feeds").join(name)
}

/// Imports `feeds` into a fresh copy of the basic fixture site.
fn import_into_copy(feeds: &[PathBuf], section: Option<&str>) -> (tempfile::TempDir, ImportReport) {
    let tmp = copy_fixture("basic");
    let report = import::run(&tmp.path().join("content"), feeds, section).expect("import runs");
    (tmp, report)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).expect("article file")
}

/// The one imported article whose front matter has this title.
fn article_titled(report: &ImportReport, title: &str) -> String {
    let line = format!("title = {}", toml::Value::String(title.into()));
    let texts: Vec<String> = report.written.iter().map(|p| read(p)).collect();
    texts
        .into_iter()
        .find(|t| t.lines().any(|l| l == line))
        .unwrap_or_else(|| panic!("no article titled {title:?} in {:?}", report.written))
}

fn all_feeds() -> Vec<PathBuf> {
    [
        "rss2.xml",
        "rss1.rdf",
        "atom.xml",
        "jsonfeed.json",
        "gb2312.xml",
        "hostile.xml",
        "hostile.json",
    ]
    .iter()
    .map(|f| feed(f))
    .collect()
}

#[test]
fn every_feed_format_imports_and_the_site_checks_and_builds() {
    let (tmp, report) = import_into_copy(&all_feeds(), None);
    let content = tmp.path().join("content");
    assert_eq!(report.written.len(), 14, "{report:#?}");
    assert!(report.succeeded(), "{report:#?}");
    let checked = broadsheet::check(&content, None).expect("imported articles pass check");
    assert_eq!(checked.articles, 4 + 14);
    let built = build(&content, &tmp.path().join("dist"), None, None).expect("build");
    assert_eq!(built.articles, 4 + 14);
}

#[test]
fn files_are_written_only_below_the_content_folder_under_their_section() {
    let (tmp, report) = import_into_copy(&all_feeds(), Some("culture"));
    let dir = tmp.path().join("content/articles/imported/culture");
    for path in &report.written {
        assert_eq!(path.parent(), Some(dir.as_path()), "{}", path.display());
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("utf-8 name");
        assert!(
            broadsheet_app::slug::is_valid(name) && name.len() <= 80,
            "{name}"
        );
    }
    // Nothing else appeared anywhere in the temp folder.
    let all: Vec<PathBuf> = walkdir::WalkDir::new(tmp.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| !p.starts_with(tmp.path().join("content/media")))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| p.starts_with(&dir))
        .collect();
    assert_eq!(all.len(), report.written.len());
    assert!(!tmp.path().join("etc").exists() && !Path::new("/x.md").exists());
}

#[test]
fn hostile_html_is_sanitised_and_path_like_names_are_just_text() {
    let (_tmp, report) = import_into_copy(&[feed("hostile.xml"), feed("hostile.json")], None);
    for path in &report.written {
        let text = read(path).to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "<style",
            "<form",
            "<svg",
        ] {
            assert!(
                !text.contains(bad),
                "`{bad}` in {}:\n{text}",
                path.display()
            );
        }
    }
    let headless = article_titled(&report, "No headline.");
    assert!(
        headless.contains("<p>No headline.</p>"),
        "a title-less item is headed by its text"
    );
    let x = article_titled(&report, "../../x");
    assert!(x.contains("slug = \"x\""), "{x}");
    assert!(x.contains("<p>Hi</p>"), "{x}");
    assert!(
        !x.contains("来源"),
        "a javascript: link is no source line: {x}"
    );
    let long = report
        .written
        .iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("llll"))
        })
        .expect("the 5,000-character title was imported");
    let title_line = read(long).lines().nth(1).expect("title").to_string();
    assert!(
        title_line.chars().count() < 320,
        "the title is cut: {}",
        title_line.len()
    );
}

#[test]
fn duplicate_ids_are_skipped_within_a_run_and_on_a_second_run() {
    let (tmp, first) = import_into_copy(&[feed("hostile.xml"), feed("rss2.xml")], None);
    assert_eq!(first.duplicates, 1, "{first:#?}");
    assert!(first
        .messages
        .iter()
        .any(|m| m.contains("item 3 (\"Copy of the first\"): already imported")));
    let content = tmp.path().join("content");
    let again = import::run(&content, &[feed("rss2.xml"), feed("hostile.xml")], None).expect("run");
    assert!(again.written.is_empty(), "{again:#?}");
    assert_eq!(again.duplicates, 2 + 5, "item 3 shares item 1's id");
    assert!(
        again.succeeded(),
        "a re-run that finds only known items is not a failure"
    );
}

#[test]
fn relative_urls_are_resolved_against_xml_base_and_the_item_link() {
    let (_tmp, report) = import_into_copy(
        &[feed("rss2.xml"), feed("atom.xml"), feed("jsonfeed.json")],
        None,
    );
    let ferry = article_titled(&report, "Ferry timetable changes");
    assert!(
        ferry.contains(r#"href="https://wire.example/news/timetable.html""#),
        "{ferry}"
    );
    assert!(
        ferry.contains(r#"src="https://wire.example/img/ferry.jpg""#),
        "{ferry}"
    );
    assert!(
        ferry.contains("(<https://wire.example/news/2024/ferry-timetable.html>)"),
        "{ferry}"
    );
    let tides = article_titled(&report, "Tide tables explained");
    assert!(
        tides.contains(r#"src="https://blog.example/posts/tides/chart.png""#),
        "{tides}"
    );
    assert!(
        tides.contains("(<https://blog.example/posts/tides/>)"),
        "xml:base applies to links: {tides}"
    );
    let xhtml = article_titled(&report, "Only updated");
    assert!(
        xhtml.contains(r#"href="https://blog.example/about""#),
        "{xhtml}"
    );
    let radio = article_titled(&report, "Morning show returns");
    assert!(
        radio.contains(r#"href="https://radio.example/live""#),
        "{radio}"
    );
}

#[test]
fn fields_map_to_front_matter() {
    let (_tmp, report) = import_into_copy(&all_feeds(), None);
    let ferry = article_titled(&report, "Ferry timetable changes");
    for want in [
        "date = 2024-05-01T00:30:00Z",
        "tags = [\"Transport\", \"Islands\"]",
        "summary = \"New times from Monday.\"",
        "writers = [\"Lin Wei\"]",
        "language = \"en\"",
    ] {
        assert!(ferry.contains(want), "`{want}` missing:\n{ferry}");
    }
    let tides = article_titled(&report, "Tide tables explained");
    assert!(tides.contains("updated = 2024-05-03T10:00:00Z"), "{tides}");
    assert!(tides.contains("tags = [\"Tides\"]"), "{tides}");
    let only_updated = article_titled(&report, "Only updated");
    assert!(
        only_updated.contains("date = 2024-05-02T12:00:00Z"),
        "updated stands in for published"
    );
    let radio = article_titled(&report, "Morning show returns");
    assert!(
        radio.contains("tags = [\"radio\", \"mornings\"]"),
        "tags deduplicated by slug: {radio}"
    );
    let night = article_titled(&report, "Night owls");
    assert!(
        night.contains("<p>Late music.</p><p>All night &amp; more.</p>"),
        "{night}"
    );
    assert!(night.contains("writers = [\"DJ Kai\"]"), "{night}");
    let market = article_titled(&report, "Market & fair this weekend");
    assert!(
        market.contains("<b>nine</b>"),
        "escaped HTML descriptions become HTML: {market}"
    );
    assert!(
        market.contains("summary = \"Stalls open at nine.\""),
        "{market}"
    );
    let trail = article_titled(&report, "Hill trail reopens");
    assert!(
        trail.contains("writers = [\"Ana Costa\"]")
            && trail.contains("date = 2024-04-20T07:00:00Z"),
        "{trail}"
    );
}

#[test]
fn a_gb2312_feed_comes_out_as_readable_chinese() {
    let (_tmp, report) = import_into_copy(&[feed("gb2312.xml")], None);
    let text = article_titled(&report, "港口新航线开通");
    assert!(text.contains("今天上午，新的渡轮航线正式开通。"), "{text}");
    assert!(text.contains("tags = [\"交通\"]"), "{text}");
    assert!(text.contains("writers = [\"林伟\"]"), "{text}");
    assert!(
        text.contains(r#"src="https://gb.example/pic/ferry.jpg""#),
        "{text}"
    );
}

#[test]
fn a_windows_1252_feed_written_here_is_decoded() {
    let tmp = copy_fixture("basic");
    let xml = "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>C</title><link>https://c.example/</link><item><title>Café “crème” — naïve</title><guid>https://c.example/1</guid><pubDate>Tue, 07 May 2024 08:00:00 GMT</pubDate><description>Déjà vu</description></item></channel></rss>";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(xml);
    assert!(!unmappable);
    let file = tmp.path().join("cp1252.xml");
    fs::write(&file, &bytes).expect("write feed");
    let report = import::run(&tmp.path().join("content"), &[file], None).expect("run");
    let text = article_titled(&report, "Café “crème” — naïve");
    assert!(text.contains("Déjà vu"), "{text}");
}

#[test]
fn unusable_items_and_unreadable_files_are_reported_with_reasons() {
    let (_tmp, report) = import_into_copy(
        &[
            feed("rss2.xml"),
            feed("broken.xml"),
            feed("hostile.xml"),
            feed("missing.xml"),
        ],
        None,
    );
    let has = |needle: &str| report.messages.iter().any(|m| m.contains(needle));
    assert!(
        has("rss2.xml: item 3 (\"Undated notice\"): no date"),
        "{:#?}",
        report.messages
    );
    assert!(
        has("broken.xml: not a feed that can be read"),
        "{:#?}",
        report.messages
    );
    assert!(
        has("missing.xml: cannot read the file"),
        "{:#?}",
        report.messages
    );
    assert_eq!((report.failed, report.unreadable_files), (1, 2));
    assert!(!report.succeeded(), "an unreadable file fails the run");
    assert!(
        report
            .summary()
            .starts_with("imported 6, skipped 1 duplicate(s), 1 failed"),
        "{}",
        report.summary()
    );
}

#[test]
fn a_run_with_nothing_usable_fails_and_an_unknown_section_is_refused() {
    let tmp = copy_fixture("basic");
    let content = tmp.path().join("content");
    let empty = tmp.path().join("empty.json");
    fs::write(&empty, r#"{"version":"https://jsonfeed.org/version/1.1","title":"E","items":[{"id":"1","title":"No date"}]}"#).expect("write");
    let report = import::run(&content, std::slice::from_ref(&empty), None).expect("run");
    assert!(!report.succeeded() && report.failed == 1, "{report:#?}");
    let e = import::run(&content, &[empty], Some("weather")).expect_err("unknown section");
    let msg = e.to_string();
    assert!(
        msg.contains("unknown section `weather`") && msg.contains("city, sport, culture"),
        "{msg}"
    );
}

#[test]
fn garbage_and_empty_files_never_panic() {
    let tmp = copy_fixture("basic");
    let inputs: [&[u8]; 8] = [
        b"",
        b"\xff\xfe\x00",
        b"<",
        b"{",
        b"<?xml version=\"1.0\" encoding=\"x-unknown\"?>\xff",
        b"<rss version=\"2.0\"><channel><item><title>x</title><pubDate>not a date</pubDate></item></channel></rss>",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title><updated>99999-01-01T00:00:00Z</updated></entry></feed>",
        b"{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{}]}",
    ];
    for (i, bytes) in inputs.iter().enumerate() {
        let file = tmp.path().join(format!("g{i}.xml"));
        fs::write(&file, bytes).expect("write");
        let report = import::run(&tmp.path().join("content"), &[file], None).expect("run");
        assert!(report.written.is_empty(), "input {i}: {report:#?}");
        assert!(!report.messages.is_empty(), "input {i} is reported");
    }
}

#[test]
fn rss_091_items_without_dates_take_the_channel_date() {
    let tmp = copy_fixture("basic");
    let file = tmp.path().join("rss091.xml");
    let xml = r#"<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link><pubDate>Sat, 04 May 2024 10:00:00 GMT</pubDate><item><title>Dateless</title><link>https://old.example/a</link></item><item><description>Only text here.</description></item></channel></rss>"#;
    fs::write(&file, xml).expect("write");
    let report = import::run(&tmp.path().join("content"), &[file], None).expect("run");
    let text = article_titled(&report, "Dateless");
    assert!(text.contains("date = 2024-05-04T10:00:00Z"), "{text}");
    let bare = article_titled(&report, "Only text here.");
    assert!(
        bare.contains("source_id = \"https://old.example/ text-"),
        "known by its text: {bare}"
    );
    assert!(
        report
            .messages
            .iter()
            .any(|m| m.contains("dated with the feed's")),
        "{report:#?}"
    );
}

#[test]
fn feed_pictures_with_a_declared_size_become_remote_lead_images() {
    let (tmp, report) = import_into_copy(&[feed("media.xml")], None);
    assert_eq!(report.written.len(), 5, "{report:#?}");
    let crane = article_titled(&report, "Harbour crane lifts the new ferry");
    assert!(
        crane.contains("[lead]\nsrc = \"https://img.news.example/crane.jpg\"\nalt = \"A yellow crane lowers a white ferry into the harbour\"\nwidth = 1200\nheight = 800\n"),
        "the largest picture, with its title as alt: {crane}"
    );
    assert!(crane.contains("photographers = [\"Ana Costa\"]"), "{crane}");
    let tides = article_titled(&report, "Tide tables for the week");
    assert!(
        tides.contains("src = \"https://news.example/img/tides.png\"\nalt = \"Tide tables for the week\"\nwidth = 640\nheight = 360"),
        "a relative thumbnail is made absolute, the title is its alt: {tides}"
    );
    for title in [
        "Council approves the budget",
        "Old photo from an insecure host",
        "Video of the regatta",
    ] {
        assert!(
            !article_titled(&report, title).contains("[lead]"),
            "{title}"
        );
    }
    let notes: Vec<&String> = report
        .messages
        .iter()
        .filter(|m| m.contains("declares no width"))
        .collect();
    assert_eq!(
        notes.len(),
        2,
        "the enclosure without a size and the http picture: {:#?}",
        report.messages
    );
    assert!(
        notes[0].contains("https://img.news.example/council.jpg"),
        "{}",
        notes[0]
    );
    // The site builds; the lead stays remote, with its size and without variants.
    let content = tmp.path().join("content");
    let out = tmp.path().join("dist");
    build(&content, &out, None, None).expect("build");
    let slug = crane
        .lines()
        .find_map(|l| l.strip_prefix("slug = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap();
    let text = fs::read_to_string(out.join(format!("api/v1/articles/{slug}.json"))).unwrap();
    let article: broadsheet_app::model::Article = serde_json::from_str(&text).unwrap();
    let image = article.lead.unwrap().image;
    assert_eq!(image.src, "https://img.news.example/crane.jpg");
    assert_eq!(
        (image.width, image.height, image.variants),
        (1200, 800, None)
    );
}
