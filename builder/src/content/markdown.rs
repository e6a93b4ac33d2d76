//! Markdown bodies: rendering to sanitised HTML, and reading their text and images.

use broadsheet_app::images::{self, Loading, Place};
use broadsheet_app::links::BasePath;
use broadsheet_app::model::Image;
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
    /// Local images (site-relative paths) with the byte offset that names each.
    pub images: Vec<(String, usize)>,
}

/// Reads the body's text; checks that every local image exists.
pub fn scan(body: &str, media: &Media) -> (Scan, Vec<BodyError>) {
    let mut all = String::new();
    let mut raw_html = String::new();
    let mut paragraphs = String::new();
    let mut errors = Vec::new();
    let mut images = Vec::new();
    let (mut in_paragraph, mut in_footnote, mut in_image) = (false, 0, false);
    let mut soft_break = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let after_break = std::mem::take(&mut soft_break);
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
                match local_image(&dest_url, media) {
                    Ok(Some((rel, _))) => images.push((rel, range.start)),
                    Ok(None) => {}
                    Err(message) => errors.push(BodyError {
                        offset: range.start,
                        message,
                    }),
                }
            }
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(t) | Event::Code(t) if !in_image => {
                all.push_str(&t);
                all.push(' ');
                if in_paragraph && in_footnote == 0 && paragraphs.len() < 4096 {
                    if after_break && joins_across_lines(paragraphs.trim_end().chars().last(), &t) {
                        paragraphs.pop();
                    }
                    paragraphs.push_str(&t);
                }
            }
            Event::SoftBreak if in_paragraph => {
                paragraphs.push(' ');
                soft_break = true;
            }
            Event::HardBreak if in_paragraph => paragraphs.push(' '),
            // Raw HTML (imported articles are one HTML block) still takes time to read:
            // its text is read at the end, all of it at once.
            Event::Html(html) | Event::InlineHtml(html) => raw_html.push_str(&html),
            _ => {}
        }
    }
    all.push(' ');
    summary::push_html_text(&mut all, &raw_html);
    let scan = Scan {
        paragraphs: paragraphs.trim().to_string(),
        reading_minutes: summary::reading_minutes(&all),
        images,
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

/// The body as sanitised HTML: headings get ids (in the content's namespace, like every
/// id of a body: [`sanitize::ID_PREFIX`]), local images become absolute paths
/// under `base_path` with their width, height and `loading="lazy"` (photos with variants a
/// `<picture>`), task list boxes become ☐/☑ characters.
pub fn render(body: &str, base_path: &str, media: &Media) -> Result<String, Vec<BodyError>> {
    let mut errors = Vec::new();
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut pictures = Pictures::new();
    let mut events = Parser::new_ext(body, options()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let alt = collect_text(&mut events, |e| matches!(e, Event::End(TagEnd::Image)));
                let photo = match media::is_remote(&dest_url) {
                    true => None,
                    false => media::site_relative(&dest_url)
                        .ok()
                        .and_then(|rel| media.processed(&rel)),
                };
                let html = match photo {
                    Some(photo) => Ok(pictures.add(picture_html(photo, &title, &alt, base_path))),
                    None => image_html(&dest_url, &title, &alt, base_path, media),
                };
                match html {
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
                // Made unique, and moved into the content's namespace, by the sanitiser.
                let id = id.map_or_else(|| heading_id(&text), |i| i.to_string());
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
    pulldown_cmark::html::push_html(&mut html, join_chinese_lines(out).into_iter());
    Ok(pictures.insert(sanitize::clean(&html)))
}

/// Whether a line ending in `before` and the next starting with `after` join without a
/// space: Chinese and Japanese wrap anywhere and write no spaces between words, so an
/// editor's line break between two such characters is no space (Korean, which spaces its
/// words, keeps it).
fn joins_across_lines(before: Option<char>, after: &str) -> bool {
    let closed = |c: char| summary::is_cjk(c) && !matches!(c as u32, 0xAC00..=0xD7AF);
    before.is_some_and(closed) && after.chars().next().is_some_and(closed)
}

/// Drops the soft line breaks between Chinese or Japanese characters, which a browser
/// would show as a space (`相同，⏎三個月` reads `相同，三個月`).
fn join_chinese_lines(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    while let Some(e) = events.next() {
        if matches!(e, Event::SoftBreak) {
            let before = match out.last() {
                Some(Event::Text(t)) => t.chars().last(),
                _ => None,
            };
            if matches!(events.peek(), Some(Event::Text(t)) if joins_across_lines(before, t)) {
                continue;
            }
        }
        out.push(e);
    }
    out
}

/// `<picture>` markup for photos, put in after sanitising: the sanitiser's rules stay
/// without `srcset` and `<source>` (no content can bring in a URL through them), and the
/// markup is the builder's own, every value escaped. Until then each picture is a
/// placeholder word no content can contain: it holds a random number drawn for this body.
struct Pictures {
    nonce: u64,
    html: Vec<String>,
}

impl Pictures {
    fn new() -> Pictures {
        use std::hash::BuildHasher;
        Pictures {
            nonce: std::collections::hash_map::RandomState::new().hash_one(0x5eed_u32),
            html: Vec::new(),
        }
    }

    fn placeholder(&self, n: usize) -> String {
        format!("bs-picture-{:016x}-{n}-", self.nonce)
    }

    /// Keeps `html` and returns its placeholder (plain text, kept by the sanitiser).
    fn add(&mut self, html: String) -> String {
        self.html.push(html);
        self.placeholder(self.html.len() - 1)
    }

    /// `clean` (sanitised HTML) with each placeholder replaced by its picture. A
    /// placeholder the sanitiser dropped (inside a removed element) stays dropped.
    fn insert(self, mut clean: String) -> String {
        for (n, html) in self.html.iter().enumerate() {
            clean = clean.replacen(&self.placeholder(n), html, 1);
        }
        clean
    }
}

/// A photo with variants as `<picture>`, in the app's markup (`images::picture_inner`):
/// a `<source>` per preferred format, the `<img>` with the fallback's `srcset`, the
/// article column's `sizes`, its size, alt and title, loaded lazily.
fn picture_html(photo: &Image, title: &str, alt: &str, base_path: &str) -> String {
    let image = Image {
        alt: alt.to_string(),
        ..photo.clone()
    };
    let base = BasePath::new(base_path);
    let inner = images::picture_inner(&image, title, Place::Column, Loading::Lazy, &base);
    format!("<picture>{inner}</picture>")
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
    fn a_line_break_between_chinese_characters_is_no_space_but_english_and_korean_keep_it() {
        let out = html("票價與白天相同，\n三個月後再決定。\nThe ferry\nruns late.\n한국어\n문장\n");
        assert!(out.contains("相同，三個月後再決定。"), "{out}");
        assert!(out.contains("The ferry\nruns late."), "{out}");
        assert!(out.contains("한국어\n문장"), "{out}");
        let (scan, _) = scan(
            "港灣城的夜間渡輪，\n最後一班船。\nThe ferry\nruns.",
            &Media::new(Path::new("/x")),
        );
        assert_eq!(
            scan.paragraphs.trim(),
            "港灣城的夜間渡輪，最後一班船。 The ferry runs."
        );
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
            out.contains(r##"<sup class="footnote-reference"><a href="#c-1""##),
            "{out}"
        );
        assert!(
            out.contains(r#"<div class="footnote-definition" id="c-1">"#),
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
    fn headings_get_unique_prefixed_ids_in_any_script() {
        let out = html("## The Harbour\n\n## The Harbour\n\n## 港口 新闻\n\n## Custom {#mine}\n");
        assert!(out.contains(r#"<h2 id="c-the-harbour">"#), "{out}");
        assert!(out.contains(r#"<h2 id="c-the-harbour-1">"#), "{out}");
        assert!(out.contains(r#"<h2 id="c-港口-新闻">"#), "{out}");
        assert!(out.contains(r#"<h2 id="c-mine">"#), "{out}");
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
            "#c-n",
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

    /// A media folder whose `media/p.jpg` is a processed photo with variants.
    fn media_with_photo() -> Media {
        let photo = Image {
            src: "media/_v/p-1a2b3c4d-640.jpg".into(),
            alt: String::new(),
            width: 640,
            height: 427,
            variants: Some(broadsheet_app::model::Variants {
                path: "media/_v/p-1a2b3c4d".into(),
                widths: vec![320, 640],
                formats: vec!["webp".into(), "jpg".into()],
            }),
            card: None,
        };
        Media::new(Path::new("/nonexistent")).with_processed(std::collections::HashMap::from([(
            "media/p.jpg".into(),
            photo,
        )]))
    }

    #[test]
    fn a_photo_becomes_a_picture_with_escaped_alt_and_title() {
        let out = render(
            "![A <b>\"x\"](media/p.jpg \"T & U\")",
            "/news/",
            &media_with_photo(),
        )
        .unwrap();
        assert_eq!(
            out,
            "<p><picture><source type=\"image/webp\" srcset=\"/news/media/_v/p-1a2b3c4d-320.webp 320w, /news/media/_v/p-1a2b3c4d-640.webp 640w\" sizes=\"(min-width: 44rem) 42rem, calc(100vw - 2rem)\"><img src=\"/news/media/_v/p-1a2b3c4d-640.jpg\" srcset=\"/news/media/_v/p-1a2b3c4d-320.jpg 320w, /news/media/_v/p-1a2b3c4d-640.jpg 640w\" sizes=\"(min-width: 44rem) 42rem, calc(100vw - 2rem)\" width=\"640\" height=\"427\" alt=\"A &quot;x&quot;\" title=\"T &amp; U\" loading=\"lazy\" decoding=\"async\"></picture></p>\n"
        );
    }

    #[test]
    fn srcset_and_source_from_content_never_survive() {
        let media = media_with_photo();
        let hostile = [
            r#"<img src="media/a.png" srcset="javascript:alert(1) 1x">"#,
            r#"<img srcset="https://evil.example/x.png 2x, data:image/svg+xml,<svg/onload=alert(1)> 1x">"#,
            r#"<picture><source srcset="data:text/html,<script>alert(1)</script>" type="image/webp"><img src="x.png"></picture>"#,
            r#"<picture><source srcset="JaVaScRiPt:alert(1)"></picture>"#,
            r#"<video><source src="javascript:alert(1)"></video>"#,
            r#"<img src=x sizes="100vw" srcset=" vbscript:msgbox(1) 100w">"#,
        ];
        for html in hostile {
            for md in [
                format!("{html}\n"),
                format!("Text {html} inline.\n\n![p](media/p.jpg)\n"),
            ] {
                let out = render(&md, "/", &media).unwrap();
                let lower = out.to_lowercase();
                for bad in [
                    "javascript",
                    "vbscript",
                    "data:",
                    "evil.example",
                    "onload",
                    "<video",
                ] {
                    assert!(!lower.contains(bad), "`{bad}` survived {html}: {out}");
                }
                // The one srcset left is the builder's own, for its own photo.
                let own = out.matches("srcset=").count();
                let expected = if md.contains("media/p.jpg") { 2 } else { 0 };
                assert_eq!(own, expected, "{html}: {out}");
            }
        }
    }

    #[test]
    fn a_placeholder_written_in_content_stays_text() {
        let media = media_with_photo();
        // Content may spell out anything, but not this body's random number.
        let md = "bs-picture-0000000000000000-0- <span>bs-picture-ffffffffffffffff-0-</span>\n\n![p](media/p.jpg)\n";
        let out = render(md, "/", &media).unwrap();
        assert!(out.contains("bs-picture-0000000000000000-0-"), "{out}");
        assert_eq!(out.matches("<picture>").count(), 1, "{out}");
        assert!(!out.contains("bs-picture-") || out.matches("bs-picture-").count() == 2);
    }

    #[test]
    fn a_photo_inside_a_removed_element_is_dropped_with_it() {
        let out = render(
            "<script>![p](media/p.jpg)</script> after",
            "/",
            &media_with_photo(),
        )
        .unwrap();
        assert!(
            !out.contains("<picture>") && !out.contains("bs-picture-"),
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
