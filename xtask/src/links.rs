//! The link checker: every internal `href`, `src` and `srcset` of every HTML page of a built
//! site must be a file in that site (a folder URL means its `index.html`), the way a static
//! host would serve it. Internal means below the site's base URL: relative and root-relative
//! URLs, and absolute ones that start with the base URL. A root-relative URL outside the base
//! path (`/city/x/` in a site built for `/news/`) is broken too.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use percent_encoding::percent_decode_str;
use url::Url;

/// Checks every `*.html` below `dist` for a site served at `base_url` (absolute, ending in
/// `/`). Fails listing every broken link with the page it is on.
pub fn check(dist: &Path, base_url: &str) -> Result<usize> {
    let base = Url::parse(base_url).with_context(|| format!("base URL `{base_url}`"))?;
    let mut pages = Vec::new();
    html_files(dist, &mut pages)?;
    if pages.is_empty() {
        bail!("{} holds no HTML page", dist.display());
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let html =
            std::fs::read_to_string(page).with_context(|| format!("reading {}", page.display()))?;
        let page_url = page_url(&base, dist, page)?;
        for link in links(&html) {
            checked += 1;
            if let Err(why) = target(&base, &page_url, dist, &link) {
                let shown = page.strip_prefix(dist).unwrap_or(page);
                broken.push(format!("{}: {link} {why}", shown.display()));
            }
        }
    }
    if !broken.is_empty() {
        bail!(
            "{} broken link(s) in {}:\n  {}",
            broken.len(),
            dist.display(),
            broken.join("\n  ")
        );
    }
    Ok(checked)
}

/// The HTML files below `dir`, sorted. A symbolic link to a folder is not followed (it may
/// lead back up, round and round); one to a file is checked like the file.
fn html_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    walk(dir, out)?;
    out.sort();
    Ok(())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        // `file_type` describes the entry itself, not what a link points to.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if (kind.is_file() || path.is_file())
            && path.extension().is_some_and(|e| e == "html")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The URL a file of the site is served at: `city/index.html` → `<base>city/`.
fn page_url(base: &Url, dist: &Path, page: &Path) -> Result<Url> {
    let rel = page
        .strip_prefix(dist)?
        .to_string_lossy()
        .replace('\\', "/");
    let rel = rel.strip_suffix("index.html").unwrap_or(&rel);
    Ok(base.join(rel)?)
}

/// Why `link` on the page at `page_url` is broken, if it is.
fn target(base: &Url, page_url: &Url, dist: &Path, link: &str) -> Result<(), String> {
    let Ok(url) = page_url.join(link.trim()) else {
        return Err("is not a valid URL".into());
    };
    if !matches!(url.scheme(), "http" | "https") || url.origin() != base.origin() {
        return Ok(()); // mailto:, data:, another site
    }
    let Some(rel) = url.path().strip_prefix(base.path()) else {
        return Err(format!("is outside the base path {}", base.path()));
    };
    let rel = percent_decode_str(rel)
        .decode_utf8()
        .map_err(|_| "has a path that is not UTF-8".to_string())?;
    if rel.split('/').any(|s| s == "..") {
        return Err("leaves the site".into());
    }
    let file = dist.join(rel.as_ref());
    if rel.is_empty() || rel.ends_with('/') {
        if file.join("index.html").is_file() {
            return Ok(());
        }
        return Err(format!("→ {rel}index.html does not exist"));
    }
    if file.is_file() {
        Ok(())
    } else if file.is_dir() {
        Err(format!(
            "is a folder: link to {rel}/ (a host would redirect)"
        ))
    } else {
        Err(format!("→ {rel} does not exist"))
    }
}

/// Every `href`, `src` and `srcset` candidate in `html`.
fn links(html: &str) -> Vec<String> {
    let sink = LinkSink::default();
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.links.take()
}

#[derive(Default)]
struct LinkSink {
    links: RefCell<Vec<String>>,
}

impl TokenSink for LinkSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let mut links = self.links.borrow_mut();
        for attr in &tag.attrs {
            match &*attr.name.local {
                "href" | "src" => links.push(attr.value.to_string()),
                "srcset" => links.extend(
                    attr.value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(String::from),
                ),
                _ => {}
            }
        }
        // Script and style contents are text, not markup.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn site(pages: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, body) in pages {
            let file = dir.path().join(path);
            fs::create_dir_all(file.parent().unwrap()).unwrap();
            fs::write(file, body).unwrap();
        }
        dir
    }

    #[test]
    fn links_are_read_from_markup_not_from_scripts() {
        let found = links(
            r#"<a href="/a/">x</a><img src="m.svg" srcset="m1.svg 1x, m2.svg 2x">
            <script>let s = '<a href="/in-script/">';</script><link rel=icon href=/i.svg>"#,
        );
        assert_eq!(found, ["/a/", "m.svg", "m1.svg", "m2.svg", "/i.svg"]);
    }

    #[test]
    fn every_broken_internal_link_is_reported_with_its_page() {
        let dir = site(&[
            (
                "index.html",
                r#"<a href="/news/city/">ok</a> <a href="/news/gone/">x</a>"#,
            ),
            (
                "city/index.html",
                concat!(
                    r#"<a href="../">up</a> <a href="x/">rel</a> <img src="/news/m.svg">"#,
                    r#"<a href="/city/">root</a> <a href="https://example.org/news/city">dir</a>"#,
                    r#"<a href="https://other.example/">ext</a> <a href="mailto:a@b">m</a>"#,
                    r#"<a href="https://example.org/news/city/#top">canonical</a>"#,
                ),
            ),
            ("city/x/index.html", "<p>x</p>"),
        ]);
        let err = check(dir.path(), "https://example.org/news/")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("4 broken link(s)"), "{err}");
        for line in [
            "index.html: /news/gone/ → gone/index.html does not exist",
            "city/index.html: /news/m.svg → m.svg does not exist",
            "city/index.html: /city/ is outside the base path /news/",
            "city/index.html: https://example.org/news/city is a folder",
        ] {
            assert!(err.contains(line), "{line}\n{err}");
        }
    }

    #[test]
    fn a_site_whose_links_all_resolve_passes() {
        let dir = site(&[
            (
                "index.html",
                r#"<a href="/city/">c</a><a href="feed.xml">f</a>"#,
            ),
            ("city/index.html", r#"<a href="/">home</a>"#),
            ("feed.xml", "<rss/>"),
        ]);
        assert_eq!(check(dir.path(), "https://example.org/").unwrap(), 3);
    }

    #[cfg(unix)]
    #[test]
    fn folder_links_that_loop_back_are_not_followed() {
        let dir = site(&[
            ("index.html", r#"<a href="/city/">c</a>"#),
            ("city/index.html", ""),
        ]);
        std::os::unix::fs::symlink(dir.path(), dir.path().join("city/up")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("city/parent")).unwrap();
        std::os::unix::fs::symlink("index.html", dir.path().join("copy.html")).unwrap();
        let mut pages = Vec::new();
        html_files(dir.path(), &mut pages).unwrap();
        let names: Vec<_> = pages
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap())
            .collect();
        assert_eq!(
            names,
            [
                Path::new("city/index.html"),
                Path::new("copy.html"),
                Path::new("index.html")
            ]
        );
        assert_eq!(check(dir.path(), "https://example.org/").unwrap(), 2);
    }
}
