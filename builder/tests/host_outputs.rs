//! The static-host outputs: feeds, site maps, robots.txt, `_headers` and the
//! Content-Security-Policy, precompressed copies.

use std::fs;
use std::path::Path;

use crate::common::*;
use broadsheet::{BuildOptions, Progress};
use serde_json::Value;

/// Trunk's shell as it really is: one inline module script that loads the wasm.
const SHELL: &str = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>Broadsheet</title>\n  <link rel=\"stylesheet\" href=\"/main-fce9aed995aceae0.css\"/>\n<script type=\"module\">\nimport init, * as bindings from '/broadsheet-app-2869f28d931db448.js';\nconst wasm = await init({ module_or_path: '/broadsheet-app-2869f28d931db448_bg.wasm' });\n</script>\n</head>\n<body></body>\n</html>\n";

fn bundle(dir: &Path) {
    write(&dir.join("index.html"), SHELL);
    write(&dir.join("broadsheet-app-2869f28d931db448.js"), "js");
    write(&dir.join("broadsheet-app-2869f28d931db448_bg.wasm"), "wasm");
    write(&dir.join("main-fce9aed995aceae0.css"), "body{}");
}

/// Builds fixture `basic` with a bundle into `<tmp>/dist`.
fn built(base_url: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = copy_fixture("basic");
    bundle(&tmp.path().join("bundle"));
    let out = tmp.path().join("dist");
    let b = tmp.path().join("bundle");
    build(&tmp.path().join("content"), &out, Some(&b), base_url).expect("build");
    (tmp, out)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("read")).expect("json")
}

/// (title, url, published) of the newest articles, from the JSON API: the listing's
/// own document, then its numbered pages by their `next` (older) links.
fn latest(out: &Path, base: &str, section: Option<&str>) -> Vec<(String, String, String)> {
    let folder = match section {
        None => "latest".to_string(),
        Some(s) => format!("sections/{s}"),
    };
    let mut items = Vec::new();
    let mut next = Some(format!("{folder}/newest.json"));
    while let Some(path) = next {
        let p = json(&out.join("api/v1").join(path));
        items.extend(p["items"].as_array().unwrap().clone());
        next = p["next"].as_str().map(String::from);
    }
    let page = serde_json::json!({ "items": items });
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["title"].as_str().unwrap().to_string(),
                format!(
                    "{base}{}/{}/",
                    i["section"].as_str().unwrap(),
                    i["slug"].as_str().unwrap()
                ),
                instant(i["published"].as_str().unwrap()),
            )
        })
        .collect()
}

/// An RFC 3339 date as its instant in UTC (feed-rs reads dates into UTC).
fn instant(rfc3339: &str) -> String {
    rfc3339
        .parse::<jiff::Timestamp>()
        .expect("date")
        .to_string()
}

fn parsed(path: &Path) -> Vec<(String, String, String)> {
    let feed = feed_rs::parser::parse(&fs::read(path).expect("read")[..]).expect("feed parses");
    feed.entries
        .iter()
        .map(|e| {
            (
                e.title
                    .as_ref()
                    .map(|t| t.content.clone())
                    .unwrap_or_default(),
                e.links.first().map(|l| l.href.clone()).unwrap_or_default(),
                e.published
                    .map(|d| instant(&d.to_rfc3339()))
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn rss_and_atom_parse_back_with_the_latest_articles_of_the_site_and_each_section() {
    let (_tmp, out) = built(None);
    let base = "https://example.org/";
    let site = latest(&out, base, None);
    assert_eq!(site.len(), 4, "the fixture's published articles");
    for file in ["feed.xml", "atom.xml", "feed.json"] {
        assert_eq!(parsed(&out.join(file)), site, "{file}");
    }
    let city = latest(&out, base, Some("city"));
    assert_eq!(parsed(&out.join("city/feed.xml")), city);
    assert_eq!(parsed(&out.join("city/atom.xml")), city);
    assert!(
        parsed(&out.join("culture/atom.xml")).is_empty(),
        "an empty section has an empty feed"
    );
}

#[test]
fn feeds_carry_the_full_body_authors_tags_and_rfc_822_dates() {
    let (_tmp, out) = built(None);
    let rss = fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        rss.contains("<pubDate>Fri, 27 Nov 2026 10:00:00 +0800</pubDate>"),
        "{rss}"
    );
    assert!(rss.contains("<dc:creator>Sam Reid</dc:creator>"), "{rss}");
    assert!(rss.contains("<category>Islands</category>"), "{rss}");
    assert!(!rss.contains("alert("), "bodies stay sanitised");
    let feed = feed_rs::parser::parse(rss.as_bytes()).unwrap();
    let ferry = feed
        .entries
        .iter()
        .find(|e| e.id.contains("new-ferry-line"))
        .unwrap();
    let body = ferry.content.as_ref().and_then(|c| c.body.clone()).unwrap();
    assert!(
        body.contains("src=\"https://example.org/media/map.svg\""),
        "{body}"
    );
}

#[test]
fn each_tag_has_feeds_of_summaries_and_links_and_its_page_announces_them() {
    let (_tmp, out) = built(None);
    let tag = json(&out.join("api/v1/tags/transport/newest.json"));
    let want: Vec<&str> = tag["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    for file in ["feed.xml", "atom.xml", "feed.json"] {
        let feed =
            feed_rs::parser::parse(&fs::read(out.join("tag/transport").join(file)).unwrap()[..])
                .unwrap();
        let titles: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.clone().unwrap().content)
            .collect();
        assert_eq!(titles, want, "{file}");
        assert!(
            feed.entries
                .iter()
                .all(|e| e.content.is_none() || file == "feed.json"),
            "{file}: no bodies"
        );
    }
    let rss = fs::read_to_string(out.join("tag/transport/feed.xml")).unwrap();
    assert!(!rss.contains("content:encoded"), "{rss}");
    let page = fs::read_to_string(out.join("tag/transport/index.html")).unwrap();
    for file in ["feed.xml", "atom.xml", "feed.json"] {
        assert!(
            page.contains(&format!("/tag/transport/{file}\"")),
            "the tag page announces {file}"
        );
    }
}

#[test]
fn the_json_feed_validates_against_the_json_feed_1_1_schema() {
    let (_tmp, out) = built(None);
    let mut schemas = vec![json(&fixture("schemas/jsonfeed-1.1.json"))];
    // The published schema, where the shared test material is beside the project.
    let published = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/realdata/jsonfeed/jsonfeed-schema/schema-v1.1.json");
    if let Ok(bytes) = fs::read(&published) {
        schemas.push(serde_json::from_slice(&bytes).expect("schema"));
    }
    for schema in &schemas {
        let validator = jsonschema::validator_for(schema).expect("schema compiles");
        for file in [
            "feed.json",
            "city/feed.json",
            "culture/feed.json",
            "tag/transport/feed.json",
        ] {
            let doc = json(&out.join(file));
            let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{file}: {errors:?}");
        }
    }
    let doc = json(&out.join("feed.json"));
    assert_eq!(doc["items"].as_array().unwrap().len(), 4);
    let newest = &latest(&out, "https://example.org/", None)[0];
    assert_eq!(
        instant(doc["items"][0]["date_published"].as_str().unwrap()),
        newest.2
    );
}

fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split_once("</loc>").map(|(l, _)| l.replace("&amp;", "&")))
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_with_its_date_and_robots_points_to_it() {
    let (_tmp, out) = built(None);
    let xml = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let urls = locs(&xml);
    for (_, url, _) in latest(&out, "https://example.org/", None) {
        assert!(urls.contains(&url), "{url} missing");
    }
    for page in [
        "",
        "sitemap/",
        "feeds/",
        "city/",
        "archive/2026/11/",
        "archive/2026/11/page/1/",
        "culture/",
        "tag/transport/",
    ] {
        assert!(
            urls.contains(&format!("https://example.org/{page}")),
            "{page} missing"
        );
    }
    // Every page that was pre-rendered is listed, and nothing else; the search, saved
    // and offline pages have no content of their own to list.
    let unlisted = [
        "search/index.html",
        "saved/index.html",
        "offline/index.html",
    ];
    let pages = snapshot(&out)
        .keys()
        .filter(|k| k.ends_with("index.html") && !unlisted.contains(&k.as_str()))
        .count();
    assert_eq!(urls.len(), pages);
    assert_eq!(
        xml.matches("<lastmod>").count(),
        urls.len() - 2,
        "all but the empty culture listing and the RSS map"
    );
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap.xml\n"),
        "{robots}"
    );
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap-news.xml\n"),
        "{robots}"
    );
    // The fixture's articles are older than two days: a valid news site map with none.
    let news = fs::read_to_string(out.join("sitemap-news.xml")).unwrap();
    assert!(
        news.contains("xmlns:news=") && locs(&news).is_empty(),
        "{news}"
    );
}

#[test]
fn above_the_limit_the_sitemap_becomes_an_index_of_parts() {
    let tmp = copy_fixture("basic");
    let content = broadsheet::content::load(&tmp.path().join("content"), None, None).unwrap();
    let index = broadsheet::index::Index::new(content.config.site, content.articles);
    let dir = tmp.path().join("out");
    fs::create_dir(&dir).unwrap();
    let now = jiff::Timestamp::now();
    broadsheet::outputs::sitemaps::write(&index, &dir, 5, now).unwrap();
    let root = fs::read_to_string(dir.join("sitemap.xml")).unwrap();
    assert!(root.contains("<sitemapindex"), "{root}");
    let parts = locs(&root);
    let mut all = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        assert_eq!(part, &format!("https://example.org/sitemap-{}.xml", n + 1));
        let xml = fs::read_to_string(dir.join(format!("sitemap-{}.xml", n + 1))).unwrap();
        assert!(xml.contains("<urlset"));
        assert!(locs(&xml).len() <= 5);
        all.extend(locs(&xml));
    }
    broadsheet::outputs::sitemaps::write(&index, &dir, 50_000, now).unwrap();
    let single = fs::read_to_string(dir.join("sitemap.xml")).unwrap();
    assert_eq!(
        locs(&single),
        all,
        "the parts hold the same URLs in the same order"
    );
    assert!(
        parts.len() >= 3,
        "{} URLs in {} parts",
        all.len(),
        parts.len()
    );
}

#[test]
fn headers_hash_the_shells_inline_script_and_every_page_carries_the_policy() {
    let (_tmp, out) = built(None);
    let headers = fs::read_to_string(out.join("_headers")).unwrap();
    let script = SHELL
        .split("<script type=\"module\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    use base64::Engine as _;
    use sha2::Digest as _;
    let hash =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    assert!(headers.contains(&format!("'sha256-{hash}'")), "{headers}");
    assert!(headers.contains("frame-ancestors 'none'"));
    for hashed in [
        "/broadsheet-app-2869f28d931db448.js",
        "/broadsheet-app-2869f28d931db448_bg.wasm",
        "/main-fce9aed995aceae0.css",
    ] {
        assert!(
            headers.contains(&format!(
                "\n{hashed}\n  Cache-Control: public, max-age=31536000, immutable\n"
            )),
            "{hashed}"
        );
    }
    assert!(headers.contains("\n/api/*\n  Cache-Control: public, max-age=300, must-revalidate\n"));
    let pages: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|k| k.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10);
    for page in pages {
        let html = fs::read_to_string(out.join(&page)).unwrap();
        let head = &html[..html.find("<script").unwrap()];
        assert!(head.contains(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';")), "{page}");
        assert!(!html.contains("frame-ancestors"), "{page}");
    }
}

#[test]
fn a_sub_path_base_url_reaches_feeds_sitemap_robots_and_headers() {
    let base = "https://user.github.io/repo/";
    let (_tmp, out) = built(Some(base));
    for (_, url, _) in parsed(&out.join("feed.xml")) {
        assert!(url.starts_with(base), "{url}");
    }
    let atom = fs::read_to_string(out.join("city/atom.xml")).unwrap();
    assert!(
        atom.contains("href=\"https://user.github.io/repo/city/atom.xml\" rel=\"self\""),
        "{atom}"
    );
    assert!(
        atom.contains("src=&quot;https://user.github.io/repo/media/map.svg&quot;"),
        "{atom}"
    );
    let feed = json(&out.join("feed.json"));
    assert_eq!(feed["feed_url"], "https://user.github.io/repo/feed.json");
    let urls = locs(&fs::read_to_string(out.join("sitemap.xml")).unwrap());
    assert!(urls.iter().all(|u| u.starts_with(base)), "{urls:?}");
    let robots = fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://user.github.io/repo/sitemap.xml"));
    let headers = fs::read_to_string(out.join("_headers")).unwrap();
    assert!(
        headers.contains("\n/repo/*\n") && headers.contains("\n/repo/api/*\n"),
        "{headers}"
    );
}

#[test]
fn building_twice_gives_the_same_bytes_precompressed_copies_included() {
    let tmp = copy_fixture("basic");
    let b = tmp.path().join("bundle");
    bundle(&b);
    let mut snaps = Vec::new();
    for n in 0..2 {
        let opts = BuildOptions {
            content: tmp.path().join("content"),
            out: tmp.path().join(format!("dist{n}")),
            bundle: Some(b.clone()),
            base_url: None,
            precompress: true,
            cache: None,
            original_images: false,
        };
        broadsheet::build(&opts, &Progress::quiet()).expect("build");
        snaps.push(snapshot(&opts.out));
    }
    let files = &snaps[0];
    assert!(files.contains_key("feed.xml.br") && files.contains_key("index.html.gz"));
    assert!(files.contains_key("broadsheet-app-2869f28d931db448_bg.wasm.br"));
    assert!(!files.contains_key("media/map.svg.gz.gz") && !files.contains_key("robots.txt.gz"));
    assert!(
        files.contains_key("api/v1/search/t/0.bin.br"),
        "search shards get copies"
    );
    assert!(
        !files.contains_key("api/v1/search/base-df.bin.br"),
        "the builder's own records get none"
    );
    assert!(snaps[0] == snaps[1], "two builds differ");
}
