//! The same synthetic Markdown corpus as a Hugo site: `+++` TOML front matter is Hugo's own,
//! so each article is copied as it is into content/<section>/, with a minimal hugo.toml and
//! minimal layouts that render what Broadsheet renders: every article page, every section
//! and tag listing paginated like ours, the home page, feeds and the sitemap. Broadsheet
//! publishes future-dated articles, so Hugo is told to as well (`buildFuture`).

use std::path::Path;

use anyhow::{Context, Result};

const LAYOUT_HEAD: &str = r#"<!DOCTYPE html><html lang="{{ .Site.LanguageCode }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} | {{ .Site.Title }}</title><meta name="description" content="{{ .Summary | plainify | truncate 160 }}"></head><body><header><a href="/">{{ .Site.Title }}</a><nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header><main>"#;
const LAYOUT_FOOT: &str = r#"</main><footer><p>{{ .Site.Params.publisher }}</p><p>{{ .Site.Copyright }}</p></footer></body></html>"#;
const SINGLE: &str = r#"<nav class="breadcrumb"><a href="/">Home</a> › <a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a> › {{ .Title }}</nav><article><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02 15:04" }}</time>{{ with .Params.views }}<span>{{ . }}</span>{{ end }}<div class="body">{{ .Content }}</div>{{ with .Params.credits }}{{ with .writers }}<p>{{ delimit . ", " }}</p>{{ end }}{{ end }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>"#;
const LIST: &str = r#"<h1>{{ .Title }}</h1>{{ $pager := .Paginate .Pages }}<ul>{{ range $pager.Pages }}<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary | plainify | truncate 120 }}</p><time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul><nav class="pagination">{{ if $pager.HasPrev }}<a rel="prev" href="{{ $pager.Prev.URL }}">prev</a>{{ end }}<span>{{ $pager.PageNumber }} / {{ $pager.TotalPages }}</span>{{ if $pager.HasNext }}<a rel="next" href="{{ $pager.Next.URL }}">next</a>{{ end }}</nav>"#;
const HOME: &str = r#"<h1>{{ .Site.Title }}</h1><ul>{{ range first 20 (where .Site.RegularPages "Type" "in" .Site.Params.mainSections) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ range .Site.Sections }}<section><h2>{{ .Title }}</h2><ul>{{ range first 6 .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>{{ end }}"#;

/// Write the Hugo site for `corpus` (a synthetic corpus from `corpus.rs`) into `site`.
pub fn convert(corpus: &Path, site: &Path, page_size: usize) -> Result<usize> {
    if site.exists() {
        std::fs::remove_dir_all(site).with_context(|| format!("removing {}", site.display()))?;
    }
    let content = site.join("content");
    let mut articles = 0;
    let mut sections: Vec<String> = Vec::new();
    let mut stack = vec![corpus.join("articles")];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            let text = std::fs::read_to_string(&path)?;
            let section = front_matter_string(&text, "section")
                .with_context(|| format!("{}: no section in the front matter", path.display()))?;
            if !sections.contains(&section) {
                std::fs::create_dir_all(content.join(&section))?;
                sections.push(section.clone());
            }
            let name = path.file_name().context("file without a name")?;
            std::fs::write(content.join(&section).join(name), text)?;
            articles += 1;
        }
    }
    for section in &sections {
        std::fs::write(
            content.join(section).join("_index.md"),
            format!("+++\ntitle = \"{section}\"\n+++\n"),
        )?;
    }
    let layouts = site.join("layouts").join("_default");
    std::fs::create_dir_all(&layouts)?;
    let page = |body: &str| format!("{LAYOUT_HEAD}{body}{LAYOUT_FOOT}");
    std::fs::write(layouts.join("single.html"), page(SINGLE))?;
    std::fs::write(layouts.join("list.html"), page(LIST))?;
    std::fs::write(site.join("layouts").join("index.html"), page(HOME))?;
    std::fs::write(
        site.join("hugo.toml"),
        format!(
            "baseURL = \"https://example.org/\"\nlanguageCode = \"zh-CN\"\ntitle = \"Synthetic Daily\"\n\
             copyright = \"© 2026 Synthetic Daily\"\npaginate = {page_size}\ntimeZone = \"Asia/Shanghai\"\n\
             buildFuture = true\ndisableKinds = [\"taxonomy\"]\nignoreErrors = [\"error-disable-taxonomy\"]\n\n[taxonomies]\ntag = \"tags\"\n\n[params]\npublisher = \"Synthetic Media\"\n\
             mainSections = {sections:?}\n"
        ),
    )?;
    Ok(articles)
}

/// A `key = "value"` line of the `+++` front matter.
fn front_matter_string(text: &str, key: &str) -> Option<String> {
    let front = text.strip_prefix("+++")?.split("\n+++").next()?;
    front.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::front_matter_string;

    #[test]
    fn front_matter_values_are_read_from_the_toml_block_only() {
        let text = "+++\ntitle = \"A = B\"\nsection = \"city\"\n+++\nsection = \"body\"\n";
        assert_eq!(
            front_matter_string(text, "section").as_deref(),
            Some("city")
        );
        assert_eq!(front_matter_string(text, "missing"), None);
    }
}
