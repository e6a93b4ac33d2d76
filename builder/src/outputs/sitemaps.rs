//! `sitemap.xml` (the sitemaps.org protocol) with every page of the site, and
//! `robots.txt` pointing to it. Above [`SITEMAP_LIMIT`] URLs the site map is split:
//! `sitemap.xml` becomes an index of `sitemap-1.xml`, `sitemap-2.xml`, ….

use std::fmt::Write as _;
use std::path::Path;

use broadsheet_app::route::Route;

use crate::error::BuildError;
use crate::escape;
use crate::index::Index;
use crate::outputs::files;

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
            loc: site.absolute(&Route::Home.path()),
            lastmod: newest_of(&all),
        },
        Url {
            loc: site.absolute(&Route::SiteMap.path()),
            lastmod: newest_of(&all),
        },
    ];
    let size = site.page_size.max(1) as usize;
    for (listing, idx) in index.listings() {
        for page in 1..=index.page_count(idx.len()) {
            let Some(route) = Route::of_listing(&listing, page) else {
                continue;
            };
            let start = (page as usize - 1) * size;
            let on_page = &idx[start.min(idx.len())..(start + size).min(idx.len())];
            out.push(Url {
                loc: site.absolute(&route.path()),
                lastmod: newest_of(on_page),
            });
        }
    }
    for (i, a) in index.articles.iter().enumerate() {
        let route = Route::article(&a.section, &a.slug);
        out.push(Url {
            loc: site.absolute(&route.path()),
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
        let _ = write!(xml, "<{entry}><loc>{}</loc>", escape::xml(&u.loc));
        if let Some(m) = &u.lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", escape::xml(m));
        }
        let _ = writeln!(xml, "</{entry}>");
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

    #[test]
    fn the_newest_date_wins_across_offsets() {
        let dates = ["2026-01-01T10:00:00+08:00", "2026-01-01T03:00:00+00:00"];
        let newest = dates.iter().copied().max_by(|a, b| newer(a, b));
        assert_eq!(newest, Some("2026-01-01T03:00:00+00:00"));
    }
}
