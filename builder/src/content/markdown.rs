//! Markdown bodies: rendering to sanitised HTML, and reading their text and images.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::content::media::{self, Media};
use crate::content::sanitize;
use crate::content::summary;
use crate::escape;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A problem at byte `offset` of the body.
#[derive(Debug, PartialEq, Eq)]
pub struct BodyError {
    pub offset: usize,
    pub message: String,
}

/// What the index needs from a body without rendering it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Text of the paragraphs, for a derived summary.
    pub paragraphs: String,
    pub reading_minutes: u32,
}

/// Reads the body's text; checks that every local image exists.
pub fn scan(body: &str, media: &Media) -> (Scan, Vec<BodyError>) {
    let mut all = String::new();
    let mut paragraphs = String::new();
    let mut errors = Vec::new();
    let (mut in_paragraph, mut in_footnote, mut in_image) = (false, 0, false);
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => {
                in_paragraph = false;
                paragraphs.push(' ');
            }
            Event::Start(Tag::FootnoteDefinition(_)) => in_footnote += 1,
            Event::End(TagEnd::FootnoteDefinition) => in_footnote -= 1,
            Event::Start(Tag::Image { dest_url, .. }) => {
                in_image = true;
                if let Err(message) = local_image(&dest_url, media) {
                    errors.push(BodyError {
                        offset: range.start,
                        message,
                    });
                }
            }
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(t) | Event::Code(t) if !in_image => {
                all.push_str(&t);
                all.push(' ');
                if in_paragraph && in_footnote == 0 && paragraphs.len() < 4096 {
                    paragraphs.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak if in_paragraph => paragraphs.push(' '),
            // Raw HTML (imported articles are one HTML block) still takes time to read.
            Event::Html(html) | Event::InlineHtml(html) => {
                all.push_str(&crate::content::sanitize::text(&html));
                all.push(' ');
            }
            _ => {}
        }
    }
    let scan = Scan {
        paragraphs: paragraphs.trim().to_string(),
        reading_minutes: summary::reading_minutes(&all),
    };
    (scan, errors)
}

/// A local image: its site-relative path and its width and height.
type LocalImage = (String, (u32, u32));

/// The local image at `src`, or `None` for a remote one (which is left unmeasured).
fn local_image(src: &str, media: &Media) -> Result<Option<LocalImage>, String> {
    if media::is_remote(src) {
        return Ok(None);
    }
    let rel = media::site_relative(src)?;
    let size = media.size_of(&rel)?;
    Ok(Some((rel, size)))
}

/// The body as sanitised HTML: headings get ids, local images become absolute paths
/// under `base_path` with their width, height and `loading="lazy"`, task list boxes
/// become ☐/☑ characters.
pub fn render(body: &str, base_path: &str, media: &Media) -> Result<String, Vec<BodyError>> {
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut events = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = collect_text(&mut events, |e| matches!(e, Event::End(TagEnd::Image)));
                match image_html(&dest_url, &title, &alt, base_path, media) {
                    Ok(html) => out.push(Event::InlineHtml(html.into())),
                    Err(message) => errors.push(BodyError {
                        offset: range.start,
                        message,
                    }),
                }
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let mut inner = Vec::new();
                let mut text = String::new();
                for (e, _) in events.by_ref() {
                    if matches!(e, Event::End(TagEnd::Heading(_))) {
                        break;
                    }
                    if let Event::Text(t) | Event::Code(t) = &e {
                        text.push_str(t);
                    }
                    inner.push(e);
                }
                let id = unique_id(
                    id.map_or_else(|| heading_id(&text), |i| i.to_string()),
                    &mut ids,
                );
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(id.into()),
                    classes,
                    attrs,
                }));
                out.extend(inner);
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: site_link(dest_url, base_path),
                title,
                id,
            })),
            Event::TaskListMarker(done) => out.push(Event::Text(CowStr::from(if done {
                "☑ "
            } else {
                "☐ "
            }))),
            other => out.push(other),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    Ok(sanitize::clean(&html))
}

/// A root-relative link (`/city/x/`) points into the site, so it gets the base path
/// (`/news/city/x/`). Protocol-relative (`//host/x`), absolute, relative and fragment
/// links stay as written.
fn site_link<'a>(dest: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    match dest.strip_prefix('/') {
        Some(rest) if !rest.starts_with(['/', '\\']) && base_path != "/" => {
            format!("{base_path}{rest}").into()
        }
        _ => dest,
    }
}

fn collect_text<'a>(
    events: &mut impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
    end: impl Fn(&Event<'a>) -> bool,
) -> String {
    let mut text = String::new();
    let mut depth = 0;
    for (e, _) in events.by_ref() {
        match &e {
            Event::Start(Tag::Image { .. }) => depth += 1,
            e2 if end(e2) && depth == 0 => break,
            Event::End(TagEnd::Image) => depth -= 1,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn image_html(
    src: &str,
    title: &str,
    alt: &str,
    base_path: &str,
    media: &Media,
) -> Result<String, String> {
    let mut html = String::from("<img src=\"");
    match local_image(src, media)? {
        Some((rel, (w, h))) => {
            html.push_str(&escape::html_attr(&format!("{base_path}{rel}")));
            html.push_str(&format!("\" width=\"{w}\" height=\"{h}"));
        }
        None => html.push_str(&escape::html_attr(src)),
    }
    html.push_str("\" alt=\"");
    html.push_str(&escape::html_attr(alt));
    if !title.is_empty() {
        html.push_str("\" title=\"");
        html.push_str(&escape::html_attr(title));
    }
    html.push_str("\" loading=\"lazy\">");
    Ok(html)
}

/// A heading's anchor: lowercase letters and digits of any script, joined by `-`.
fn heading_id(text: &str) -> String {
    let mut id = String::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !id.is_empty() {
            id.push('-');
        }
        id.extend(word.chars().flat_map(char::to_lowercase));
    }
    if id.is_empty() {
        "section".into()
    } else {
        id
    }
}

fn unique_id(id: String, seen: &mut HashSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 1;
    while !seen.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn media_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Media) {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in files {
            std::fs::write(dir.path().join(name), content).unwrap();
        }
        let media = Media::new(dir.path());
        (dir, media)
    }

    fn html(md: &str) -> String {
        render(md, "/", &Media::new(Path::new("/nonexistent"))).unwrap()
    }

    #[test]
    fn tables_render_as_html_tables() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            out.contains("<table>") && out.contains("<th>a</th>") && out.contains("<td>2</td>"),
            "{out}"
        );
    }

    #[test]
    fn footnotes_render_with_working_anchors() {
        let out = html("Text[^1].\n\n[^1]: The note.\n");
        assert!(
            out.contains(r##"<sup class="footnote-reference"><a href="#1""##),
            "{out}"
        );
        assert!(
            out.contains(r#"<div class="footnote-definition" id="1">"#),
            "{out}"
        );
    }

    #[test]
    fn strikethrough_and_task_lists_render() {
        let out = html("~~old~~\n\n- [x] done\n- [ ] todo\n");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(
            out.contains("☑ done") && out.contains("☐ todo") && !out.contains("<input"),
            "{out}"
        );
    }

    #[test]
    fn headings_get_unique_ids_in_any_script() {
        let out = html("## The Harbour\n\n## The Harbour\n\n## 港口 新闻\n\n## Custom {#mine}\n");
        assert!(out.contains(r#"<h2 id="the-harbour">"#), "{out}");
        assert!(out.contains(r#"<h2 id="the-harbour-1">"#), "{out}");
        assert!(out.contains(r#"<h2 id="港口-新闻">"#), "{out}");
        assert!(out.contains(r#"<h2 id="mine">"#), "{out}");
    }

    #[test]
    fn local_images_get_base_path_size_and_lazy_loading() {
        let (_dir, media) = media_with(&[("x.svg", r#"<svg width="40" height="30"></svg>"#)]);
        let out = render("![A \"cat\"](media/x.svg \"T\")", "/news/", &media).unwrap();
        assert_eq!(
            out,
            r#"<p><img src="/news/media/x.svg" width="40" height="30" alt="A &quot;cat&quot;" title="T" loading="lazy"></p>
"#
        );
    }

    #[test]
    fn root_relative_links_get_the_base_path() {
        let md = "[a](/city/x/) [b](//cdn.example/x) [c](https://e.org/y) [d](#n) [e](rel/)\n\n\
                  [f]: /tag/ai/\n\n[ref][f]";
        let media = Media::new(Path::new("/nonexistent"));
        let out = render(md, "/news/", &media).unwrap();
        for href in [
            "/news/city/x/",
            "//cdn.example/x",
            "https://e.org/y",
            "#n",
            "rel/",
            "/news/tag/ai/",
        ] {
            assert!(out.contains(&format!("href=\"{href}\"")), "{href}: {out}");
        }
        assert!(!out.contains("href=\"/city/"), "{out}");
        let at_root = render(md, "/", &media).unwrap();
        assert!(at_root.contains("href=\"/city/x/\""), "{at_root}");
    }

    #[test]
    fn missing_images_are_errors_at_their_offset() {
        let (_dir, media) = media_with(&[]);
        let errs = render("Intro\n\n![a](media/none.png)\n", "/", &media).unwrap_err();
        assert_eq!(errs[0].offset, 7);
        assert!(
            errs[0].message.contains("does not exist"),
            "{}",
            errs[0].message
        );
        let (_, errs) = scan("Intro\n\n![a](media/none.png)\n", &media);
        assert_eq!(errs.len(), 1);
    }

    #[test]
    fn hostile_raw_html_is_sanitised() {
        let out = html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<iframe src=//evil></iframe>");
        assert!(
            !out.contains("script")
                && !out.contains("onerror")
                && !out.contains("javascript")
                && !out.contains("iframe"),
            "{out}"
        );
    }

    #[test]
    fn raw_html_blocks_count_towards_reading_time() {
        let (_d, media) = media_with(&[]);
        let words = "word ".repeat(1100);
        let (s, errs) = scan(&format!("<div><p>{words}</p></div>\n"), &media);
        assert!(errs.is_empty());
        assert_eq!(s.reading_minutes, 5);
    }

    #[test]
    fn scan_reads_paragraph_text_and_reading_time() {
        let (_d, media) = media_with(&[]);
        let (s, errs) = scan("# Title\n\nFirst *para*.\nSame para.\n\n```\ncode\n```\n\nSecond.[^n]\n\n[^n]: Note.\n", &media);
        assert!(errs.is_empty());
        assert_eq!(s.paragraphs, "First para. Same para. Second.");
        assert_eq!(s.reading_minutes, 1);
    }
}
