//! Bytes on the wire: the bundle a first visit downloads, the first HTML, whether an
//! article's readable content arrives in the first 14 KB, and the JSON per view (what takes
//! the room in the wasm: `wasm_crates.rs`).

use std::path::Path;

use anyhow::{bail, Context, Result};

use super::measure::{brotli, gzip, kib};
use super::report::Report;

/// The first round trip of a new TCP connection carries about 14 KB (10 segments).
const FIRST_FLIGHT: usize = 14 * 1024;
/// Goal (issue 15): every script at the bundle's top (the wasm, its glue, the offline
/// page script and the worker) at most 140 KiB brotli; the moonshot is 100.
const BUNDLE_GOAL: usize = 140 * 1024;
const BUNDLE_MOONSHOT: usize = 100 * 1024;

/// The sample site's pages the browser benchmarks load.
pub struct Pages {
    pub section: String,
    pub article: String,
    /// The section's first numbered page, and the article's first tag, first person and
    /// month (their listing pages).
    pub numbered: String,
    pub tag: String,
    pub author: String,
    pub month: String,
}

/// A word of the sample articles' titles (English and Chinese articles both use it): the
/// search page's query in Lighthouse.
pub const SEARCH_QUERY: &str = "harbour";

/// The first section, its newest article and that article's listings, from the built
/// site's API.
pub fn pick_pages(site: &Path) -> Result<Pages> {
    let api = site.join("api/v1");
    let json = |rel: &str| -> Result<serde_json::Value> {
        let path = api.join(rel);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
    };
    let site_doc = json("site.json")?;
    let section = site_doc["sections"][0]["slug"]
        .as_str()
        .context("site.json lists no section")?
        .to_string();
    let page = json(&format!("sections/{section}/newest.json"))?;
    let slug = page["items"][0]["slug"]
        .as_str()
        .with_context(|| format!("section {section} has no article"))?;
    // `sections/city/page/1.json` is the page `city/page/1/`.
    let numbered = page["next"]
        .as_str()
        .and_then(|doc| doc.strip_prefix("sections/")?.strip_suffix(".json"))
        .with_context(|| format!("section {section} has one page only"))?;
    let article = json(&format!("articles/{slug}.json"))?;
    let first = |key: &str| {
        article[key][0]["slug"]
            .as_str()
            .with_context(|| format!("article {slug} has no {key}"))
    };
    let month = article["published"]
        .as_str()
        .and_then(|date| Some(format!("archive/{}/{}/", date.get(..4)?, date.get(5..7)?)))
        .with_context(|| format!("article {slug} has no date"))?;
    let titles = std::fs::read_dir(api.join("articles"))?
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .filter_map(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .filter_map(|doc| Some(doc["title"].as_str()?.to_lowercase()));
    if !titles.into_iter().any(|t| t.contains(SEARCH_QUERY)) {
        bail!("no article title of the sample has \"{SEARCH_QUERY}\": the search page would show no results");
    }
    Ok(Pages {
        numbered: format!("{numbered}/"),
        tag: format!("tag/{}/", first("tags")?),
        author: format!("author/{}/", first("people")?),
        month,
        article: format!("{section}/{slug}/"),
        section,
    })
}

/// The pages Lighthouse loads: one of every page type, and the article without its
/// scripts (`static_copy`).
pub fn lighthouse_pages(pages: &Pages, static_copy: Option<String>) -> Vec<(&'static str, String)> {
    let mut list = vec![
        ("home", String::new()),
        ("section", format!("{}/", pages.section)),
        ("numbered listing page", pages.numbered.clone()),
        ("article", pages.article.clone()),
        ("tag", pages.tag.clone()),
        ("author", pages.author.clone()),
        ("month archive", pages.month.clone()),
        ("site map", "sitemap/".into()),
        ("feeds", "feeds/".into()),
        ("search with a query", format!("search/?q={SEARCH_QUERY}")),
    ];
    list.extend(static_copy.map(|path| ("article (static copy)", path)));
    list
}

/// The sections' slugs, in site.json order.
pub fn sections(site: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(site.join("api/v1/site.json"))?;
    let doc: serde_json::Value = serde_json::from_str(&text)?;
    Ok(doc["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["slug"].as_str().map(String::from))
        .collect())
}

/// A bundle file's name without Trunk's content hash (`main-1a2b….css` → `main.css`), so
/// its row keeps its label from build to build.
fn unhashed(name: &str) -> String {
    crate::redeploy::trunk_hashed(name).map_or_else(
        || name.to_string(),
        |(stem, _, bg, ext)| format!("{stem}{bg}.{ext}"),
    )
}

/// Bundle and first-HTML sizes of the built sample site.
pub fn bundle(site: &Path, pages: &Pages, report: &mut Report) -> Result<()> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for entry in std::fs::read_dir(site)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if [".wasm", ".js", ".css"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            files.push((name.clone(), std::fs::read(site.join(&name))?));
        }
    }
    files.sort();
    if !files.iter().any(|(n, _)| n.ends_with(".wasm")) {
        bail!("{} has no .wasm: the bundle was not built", site.display());
    }
    let mut code_br = 0;
    for (name, bytes) in &files {
        let br = brotli(bytes, 11);
        if name.ends_with(".wasm") || name.ends_with(".js") {
            code_br += br;
        }
        report.figure(
            "bundle",
            format!("{}: raw / gzip / brotli", unhashed(name)),
            triple(bytes.len(), gzip(bytes), br),
        );
    }
    for (goal, limit) in [
        ("≤ 140 KiB", BUNDLE_GOAL),
        ("moonshot ≤ 100 KiB", BUNDLE_MOONSHOT),
    ] {
        report.goal(
            "bundle",
            "wasm + JS, brotli",
            kib(code_br as u64),
            goal,
            code_br <= limit,
        );
    }
    for (label, rel) in [("home", String::new()), ("article", pages.article.clone())] {
        let html = std::fs::read(site.join(&rel).join("index.html"))?;
        report.figure(
            "bundle",
            format!("first HTML, {label}: raw / gzip / brotli"),
            triple(html.len(), gzip(&html), brotli(&html, 9)),
        );
    }
    let html = std::fs::read_to_string(site.join(&pages.article).join("index.html"))?;
    let end = readable_end(&html).context("the article page has no h1 followed by a paragraph")?;
    let prefix = &html.as_bytes()[..end];
    let (br, gz) = (brotli(prefix, 9), gzip(prefix));
    report.goal(
        "bundle",
        "article h1 + first paragraph arrive within (brotli / gzip bytes)",
        format!("{br} / {gz} B"),
        "≤ 14 KiB",
        br <= FIRST_FLIGHT && gz <= FIRST_FLIGHT,
    );
    Ok(())
}

/// Byte offset just past the first body paragraph after the article's h1.
pub fn readable_end(html: &str) -> Option<usize> {
    let h1 = html.find("<h1")?;
    let body = html[h1..]
        .find("class=\"body\"")
        .map(|i| h1 + i)
        .unwrap_or(h1);
    let close = html[body..].find("</p>")?;
    Some(body + close + "</p>".len())
}

fn triple(raw: usize, gz: usize, br: usize) -> String {
    format!(
        "{} / {} / {}",
        kib(raw as u64),
        kib(gz as u64),
        kib(br as u64)
    )
}

/// JSON bytes per view at one corpus size: a listing page (newest and oldest of the first
/// section) and the median article document over an even sample of articles.
pub fn payload(site: &Path, articles: usize, report: &mut Report) -> Result<PayloadFigures> {
    let api = site.join("api/v1");
    let section = sections(site)?
        .into_iter()
        .next()
        .context("site.json lists no section")?;
    // The newest page (the section's own URL) and the oldest (numbered page 1, when the
    // section has numbered pages).
    let first = std::fs::read(api.join(format!("sections/{section}/newest.json")))?;
    let oldest = api.join(format!("sections/{section}/page/1.json"));
    let last = if oldest.is_file() {
        std::fs::read(oldest)?
    } else {
        first.clone()
    };
    let mut names: Vec<_> = std::fs::read_dir(api.join("articles"))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    if names.is_empty() {
        bail!("{} has no article documents", api.display());
    }
    let step = (names.len() / 200).max(1);
    let mut sizes: Vec<(usize, usize)> = names
        .iter()
        .step_by(step)
        .map(|p| std::fs::read(p).map(|b| (b.len(), brotli(&b, 9))))
        .collect::<std::io::Result<_>>()?;
    sizes.sort();
    let median = sizes[sizes.len() / 2];
    let figures = PayloadFigures {
        listing_br: brotli(&first, 9),
        article_br: median.1,
    };
    let n = articles;
    report.figure(
        "payload",
        format!("{n} articles: listing own URL (newest) JSON, raw / brotli"),
        format!(
            "{} / {}",
            kib(first.len() as u64),
            kib(figures.listing_br as u64)
        ),
    );
    report.figure(
        "payload",
        format!("{n} articles: listing page 1 (oldest) JSON, raw / brotli"),
        format!(
            "{} / {}",
            kib(last.len() as u64),
            kib(brotli(&last, 9) as u64)
        ),
    );
    report.figure(
        "payload",
        format!(
            "{n} articles: article JSON (median of {}), raw / brotli",
            sizes.len()
        ),
        format!("{} / {}", kib(median.0 as u64), kib(median.1 as u64)),
    );
    Ok(figures)
}

pub struct PayloadFigures {
    pub listing_br: usize,
    pub article_br: usize,
}

#[cfg(test)]
mod tests {
    use super::{lighthouse_pages, pick_pages, readable_end, unhashed};

    #[test]
    fn lighthouse_loads_a_page_of_every_type_found_from_the_sites_api() {
        let site = tempfile::tempdir().unwrap();
        let api = site.path().join("api/v1");
        let write = |rel: &str, json: &str| {
            let path = api.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, json).unwrap();
        };
        write("site.json", r#"{"sections":[{"slug":"city"}]}"#);
        write(
            "sections/city/newest.json",
            r#"{"items":[{"slug":"ferry"}],"next":"sections/city/page/3.json"}"#,
        );
        let article = r#"{"title":"Harbour ferry","published":"2026-11-29T09:00:00+08:00",
            "tags":[{"slug":"t-1"}],"people":[{"slug":"lin"}]}"#;
        write("articles/ferry.json", article);
        let pages = pick_pages(site.path()).unwrap();
        let list = lighthouse_pages(&pages, Some("copy/".into()));
        let paths: Vec<&str> = list.iter().map(|(_, path)| path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "",
                "city/",
                "city/page/3/",
                "city/ferry/",
                "tag/t-1/",
                "author/lin/",
                "archive/2026/11/",
                "sitemap/",
                "feeds/",
                "search/?q=harbour",
                "copy/"
            ]
        );
        // A sample whose titles lack the query would measure a search page without results.
        write("articles/ferry.json", &article.replace("Harbour", "River"));
        let error = pick_pages(site.path()).err().unwrap().to_string();
        assert!(error.contains("harbour"), "{error}");
    }

    #[test]
    fn bundle_rows_are_named_without_the_content_hash() {
        assert_eq!(
            unhashed("broadsheet-app-ff1eef82b55a5385_bg.wasm"),
            "broadsheet-app_bg.wasm"
        );
        assert_eq!(
            unhashed("broadsheet-app-81fe0cb03609b2b.js"),
            "broadsheet-app.js"
        );
        assert_eq!(unhashed("offline-cd4adf4046c5b758.js"), "offline.js");
        assert_eq!(unhashed("main-55868638f6f3b1d5.css"), "main.css");
        assert_eq!(unhashed("sw.js"), "sw.js");
    }

    #[test]
    fn readable_content_ends_after_the_first_body_paragraph() {
        let html = "<head><p>no</p></head><h1>T</h1><p class=\"standfirst\">s</p><div class=\"body\"><p>one</p><p>two</p>";
        let end = readable_end(html).unwrap();
        assert!(html[..end].ends_with("<p>one</p>"));
        assert_eq!(readable_end("<p>no heading</p>"), None);
    }
}
