//! `sitemap.xml` (the sitemaps.org protocol) with every page of the site, and
//! `robots.txt` pointing to it. Above [`SITEMAP_LIMIT`] URLs the site map is split:
//! `sitemap.xml` becomes an index of `sitemap-1.xml`, `sitemap-2.xml`, ….

use std::fmt::Write as _;
use std::path::Path;

use broadsheet_app::model::Listing;
use broadsheet_app::route::{listing_route, Route};

use crate::assemble::Index;
use crate::error::BuildError;
use crate::feeds::absolute;

/// URLs per sitemap file, the protocol's maximum.
pub const SITEMAP_LIMIT: usize = 50_000;

const XMLNS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// A page and when it last changed (RFC 3339; absent for empty listings).
struct Url {
    loc: String,
    lastmod: Option<String>,
}

/// Writes `sitemap.xml` (split above `limit` URLs) and `robots.txt` into `dir`.
/// Returns the number of files written.
pub fn write(index: &Index, dir: &Path, limit: usize) -> Result<usize, BuildError> {
    let urls = urls(index);
    let base = &index.site.base_url;
    let limit = limit.max(1);
    let mut files = 1;
    if urls.len() <= limit {
        write_file(&dir.join("sitemap.xml"), &urlset(&urls))?;
    } else {
        let mut parts = Vec::new();
        for (n, chunk) in urls.chunks(limit).enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            write_file(&dir.join(&name), &urlset(chunk))?;
            let newest = chunk
                .iter()
                .filter_map(|u| u.lastmod.as_deref())
                .max_by(|a, b| newer(a, b));
            parts.push(Url {
                loc: format!("{base}{name}"),
                lastmod: newest.map(str::to_string),
            });
            files += 1;
        }
        write_file(&dir.join("sitemap.xml"), &sitemap_index(&parts))?;
    }
    let robots = format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n");
    write_file(&dir.join("robots.txt"), &robots)?;
    Ok(files + 1)
}

/// Every page in a fixed order: home, site map, listings (sections, then tags), articles.
fn urls(index: &Index) -> Vec<Url> {
    let site = &index.site;
    let lastmod = |i: usize| {
        let a = &index.articles[i];
        a.updated
            .clone()
            .unwrap_or_else(|| a.published.rfc3339.clone())
    };
    let newest_of = |idx: &[usize]| idx.iter().map(|&i| lastmod(i)).max_by(|a, b| newer(a, b));
    let all: Vec<usize> = (0..index.articles.len()).collect();
    let mut out = vec![
        Url {
            loc: absolute(site, &Route::Home),
            lastmod: newest_of(&all),
        },
        Url {
            loc: absolute(site, &Route::SiteMap),
            lastmod: newest_of(&all),
        },
    ];
    let size = site.page_size.max(1) as usize;
    for (listing, idx) in index.listings() {
        for page in 1..=index.page_count(idx.len()) {
            if listing == Listing::Latest {
                continue;
            }
            let route = listing_route(&listing, page);
            let start = (page as usize - 1) * size;
            let on_page = &idx[start.min(idx.len())..(start + size).min(idx.len())];
            out.push(Url {
                loc: absolute(site, &route),
                lastmod: newest_of(on_page),
            });
        }
    }
    for (i, a) in index.articles.iter().enumerate() {
        let route = Route::Article {
            section: a.section.clone(),
            slug: a.slug.clone(),
        };
        out.push(Url {
            loc: absolute(site, &route),
            lastmod: Some(lastmod(i)),
        });
    }
    out
}

/// Orders RFC 3339 texts by instant (texts may carry different offsets).
fn newer(a: &str, b: &str) -> std::cmp::Ordering {
    let t = |s: &str| s.parse::<jiff::Timestamp>().ok();
    t(a).cmp(&t(b)).then_with(|| a.cmp(b))
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
    for u in urls {
        let _ = write!(xml, "<{entry}><loc>{}</loc>", escape(&u.loc));
        if let Some(m) = &u.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", escape(m));
        }
        let _ = writeln!(xml, "</{entry}>");
    }
    let _ = writeln!(xml, "</{root}>");
    xml
}

/// XML text escaping, as the protocol asks for URLs (`&`, `'`, `"`, `<`, `>`).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&apos;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

fn write_file(path: &Path, text: &str) -> Result<(), BuildError> {
    std::fs::write(path, text).map_err(|e| BuildError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_escaped_for_xml() {
        assert_eq!(
            escape("https://e.org/a?b=1&c='<d>\""),
            "https://e.org/a?b=1&amp;c=&apos;&lt;d&gt;&quot;"
        );
    }

    #[test]
    fn the_newest_date_wins_across_offsets() {
        let dates = ["2026-01-01T10:00:00+08:00", "2026-01-01T03:00:00+00:00"];
        let newest = dates.iter().copied().max_by(|a, b| newer(a, b));
        assert_eq!(newest, Some("2026-01-01T03:00:00+00:00"));
    }
}
