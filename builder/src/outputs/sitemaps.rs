//! `sitemap.xml` (the sitemaps.org protocol) with every page of the site, `sitemap-news.xml`
//! (Google News: the articles of the last two days), and `robots.txt` pointing to both.
//! Above [`SITEMAP_LIMIT`] URLs the site map is split: `sitemap.xml` becomes an index of
//! `sitemap-1.xml`, `sitemap-2.xml`, ….

use std::fmt::Write as _;
use std::path::Path;

use broadsheet_app::route::Route;
use rayon::prelude::*;

use crate::error::BuildError;
use crate::escape;
use crate::index::Index;
use crate::outputs::files;

/// URLs per sitemap file, the protocol's maximum.
pub const SITEMAP_LIMIT: usize = 50_000;

const XMLNS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_XMLNS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
/// Google News reads articles published in the last two days, at most 1,000 of them.
const NEWS_WINDOW_HOURS: i64 = 48;
const NEWS_LIMIT: usize = 1_000;

/// A page and when it last changed (absent for empty listings).
struct Url {
    loc: String,
    lastmod: Option<Lastmod>,
}

/// When a page last changed: its RFC 3339 text, read once. Ordered by instant (texts may
/// carry different offsets), then by text.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Lastmod {
    instant: Option<jiff::Timestamp>,
    text: String,
}

impl Lastmod {
    fn of(text: &str) -> Lastmod {
        Lastmod {
            instant: text.parse().ok(),
            text: text.to_string(),
        }
    }
}

/// Writes `sitemap.xml` (split above `limit` URLs), `sitemap-news.xml` (the articles
/// published in the two days before `now`) and `robots.txt` into `dir`. Returns the number
/// of files written.
pub fn write(
    index: &Index,
    dir: &Path,
    limit: usize,
    now: jiff::Timestamp,
) -> Result<usize, BuildError> {
    let urls = urls(index);
    let base = &index.site.base_url;
    let limit = limit.max(1);
    let mut files = 1;
    if urls.len() <= limit {
        write_file(&dir.join("sitemap.xml"), &urlset(&urls))?;
    } else {
        let parts = (urls.par_chunks(limit).enumerate())
            .map(|(n, chunk)| {
                let name = format!("sitemap-{}.xml", n + 1);
                write_file(&dir.join(&name), &urlset(chunk))?;
                let newest = chunk.iter().filter_map(|u| u.lastmod.as_ref()).max();
                Ok(Url {
                    loc: format!("{base}{name}"),
                    lastmod: newest.cloned(),
                })
            })
            .collect::<Result<Vec<_>, BuildError>>()?;
        files += parts.len();
        write_file(&dir.join("sitemap.xml"), &sitemap_index(&parts))?;
    }
    write_file(&dir.join("sitemap-news.xml"), &news(index, now))?;
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\nSitemap: {base}sitemap-news.xml\n"
    );
    write_file(&dir.join("robots.txt"), &robots)?;
    Ok(files + 2)
}

/// The Google News site map: every article published in the [`NEWS_WINDOW_HOURS`] before
/// `now` (none from the future), newest first, with its publication, date and title.
fn news(index: &Index, now: jiff::Timestamp) -> String {
    let site = &index.site;
    let since = now - jiff::SignedDuration::from_hours(NEWS_WINDOW_HOURS);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"{XMLNS}\" xmlns:news=\"{NEWS_XMLNS}\">\n"
    );
    let recent = index
        .articles
        .iter()
        .filter(|a| (since..=now).contains(&a.published.instant))
        .take(NEWS_LIMIT);
    for a in recent {
        let loc = site.absolute(&Route::article(&a.section, &a.slug).path());
        let language = news_language(a.language.as_deref().unwrap_or(&site.language));
        let _ = writeln!(
            xml,
            "<url><loc>{}</loc><news:news><news:publication><news:name>{}</news:name>\
             <news:language>{}</news:language></news:publication>\
             <news:publication_date>{}</news:publication_date><news:title>{}</news:title>\
             </news:news></url>",
            escape::xml(&loc),
            escape::xml(&site.title),
            escape::xml(&language),
            escape::xml(&a.published.rfc3339),
            escape::xml(&a.title),
        );
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The language code Google News wants: ISO 639 (`en`), except Chinese, which is `zh-cn`
/// or `zh-tw` (Traditional script, Taiwan, Hong Kong, Macau).
fn news_language(tag: &str) -> String {
    let tag = tag.to_ascii_lowercase();
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or("").to_owned();
    if primary != "zh" {
        return primary;
    }
    let traditional = parts.any(|p| matches!(p, "hant" | "tw" | "hk" | "mo"));
    if traditional { "zh-tw" } else { "zh-cn" }.to_owned()
}

/// Every page in a fixed order: home, site map, RSS map, listings (sections, then tags),
/// articles.
fn urls(index: &Index) -> Vec<Url> {
    let site = &index.site;
    // Each article's, read once: a listing's is the newest of its articles'.
    let lastmods: Vec<Lastmod> = (index.articles.par_iter())
        .map(|a| Lastmod::of(a.updated.as_deref().unwrap_or(&a.published.rfc3339)))
        .collect();
    let newest_of = |idx: &[usize]| idx.iter().map(|&i| &lastmods[i]).max().cloned();
    // Home and the site map page change with the newest article.
    let newest = lastmods.iter().max();
    let mut out = vec![
        Url {
            loc: site.absolute(&Route::Home.path()),
            lastmod: newest.cloned(),
        },
        Url {
            loc: site.absolute(&Route::SiteMap.path()),
            lastmod: newest.cloned(),
        },
        Url {
            loc: site.absolute(&Route::Feeds.path()),
            lastmod: None,
        },
    ];
    for (listing, idx) in index.listings() {
        for page in index.pages_of(idx.len()) {
            let Some(route) = Route::of_listing(&listing, page) else {
                continue;
            };
            out.push(Url {
                loc: site.absolute(&route.path()),
                lastmod: newest_of(index.page_items(&idx, page)),
            });
        }
    }
    let articles = (index.articles.par_iter().zip(lastmods)).map(|(a, lastmod)| Url {
        loc: site.absolute(&Route::article(&a.section, &a.slug).path()),
        lastmod: Some(lastmod),
    });
    out.par_extend(articles);
    out
}

fn urlset(urls: &[Url]) -> String {
    document("urlset", "url", urls)
}

fn sitemap_index(parts: &[Url]) -> String {
    document("sitemapindex", "sitemap", parts)
}

fn document(root: &str, entry: &str, urls: &[Url]) -> String {
    let mut xml =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{root} xmlns=\"{XMLNS}\">\n");
    // Pieces pushed, not `write!`: a site map of 100,000 articles is 300,000 of them.
    for u in urls {
        xml.extend(["<", entry, "><loc>", &escape::xml(&u.loc), "</loc>"]);
        if let Some(m) = &u.lastmod {
            xml.extend(["<lastmod>", &escape::xml(&m.text), "</lastmod>"]);
        }
        xml.extend(["</", entry, ">\n"]);
    }
    let _ = writeln!(xml, "</{root}>");
    xml
}

fn write_file(path: &Path, text: &str) -> Result<(), BuildError> {
    files::write_file(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::index::tests::{meta, site};

    #[test]
    fn the_news_site_map_holds_the_articles_of_the_last_two_days_only() {
        let hour = 3_600;
        let now = 1_000 * hour;
        let mut fresh = meta("fresh", "city", now - hour, &[]);
        fresh.title = "Ferry <line> & \"pier\"".into();
        fresh.published.rfc3339 = "2026-11-30T08:00:00+08:00".into();
        let mut edge = meta("edge", "city", now - 48 * hour, &[]);
        edge.language = Some("zh-Hant-TW".into());
        let articles = vec![
            fresh,
            edge,
            meta("old", "city", now - 48 * hour - 1, &[]),
            meta("future", "city", now + hour, &[]),
        ];
        let index = Index::new(site(10), articles);
        let xml = news(&index, jiff::Timestamp::from_second(now).unwrap());
        assert!(
            xml.contains("/city/fresh/</loc>") && xml.contains("/city/edge/</loc>"),
            "{xml}"
        );
        assert!(!xml.contains("/old/") && !xml.contains("/future/"), "{xml}");
        assert!(xml.contains("<news:title>Ferry &lt;line&gt; &amp; &quot;pier&quot;</news:title>"));
        assert!(
            xml.contains("<news:publication_date>2026-11-30T08:00:00+08:00<"),
            "{xml}"
        );
        assert!(xml.contains("<news:language>en</news:language>"), "{xml}");
        assert!(
            xml.contains("<news:language>zh-tw</news:language>"),
            "{xml}"
        );
        assert!(xml.find("/fresh/") < xml.find("/edge/"), "newest first");
        let doc = roxmltree::Document::parse(&xml).expect("well-formed");
        assert_eq!(doc.root_element().tag_name().namespace(), Some(XMLNS));
    }

    #[test]
    fn news_languages_are_iso_639_or_the_two_chinese_codes() {
        let cases = [
            ("en", "en"),
            ("en-GB", "en"),
            ("zh-CN", "zh-cn"),
            ("zh", "zh-cn"),
        ];
        for (tag, code) in cases
            .into_iter()
            .chain([("zh-HK", "zh-tw"), ("zh-Hant", "zh-tw")])
        {
            assert_eq!(news_language(tag), code, "{tag}");
        }
    }

    #[test]
    fn the_newest_date_wins_across_offsets() {
        let dates = ["2026-01-01T10:00:00+08:00", "2026-01-01T03:00:00+00:00"];
        let newest = dates.into_iter().map(Lastmod::of).max().unwrap();
        assert_eq!(newest.text, "2026-01-01T03:00:00+00:00");
    }
}
