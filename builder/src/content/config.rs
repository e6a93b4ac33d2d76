//! `site.toml`: the site's configuration, checked and turned into the API's [`Site`].

use std::path::{Path, PathBuf};

use super::portal::{LabelsToml, LicencesToml};
use broadsheet_app::model::{Image, Link, Publisher, Section, Site};
use broadsheet_app::route::RESERVED_SLUGS;
use broadsheet_images::Settings;
use jiff::tz::TimeZone;
use serde::Deserialize;
use toml::Spanned;

use crate::content::colour::HexColour;
use crate::content::media::{self, Media, MediaRef, Naming};
use crate::error::{line_of, Problem};
use broadsheet_app::slug;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteToml {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Spanned<String>,
    language: String,
    time_zone: Spanned<String>,
    #[serde(default = "default_page_size")]
    page_size: Spanned<u32>,
    #[serde(default)]
    copyright: String,
    publisher: Publisher,
    #[serde(default)]
    sections: Vec<SectionToml>,
    #[serde(default)]
    social: Vec<Link>,
    #[serde(default)]
    logo: Option<LogoToml>,
    #[serde(default)]
    licences: LicencesToml,
    #[serde(default)]
    labels: LabelsToml,
    #[serde(default)]
    app: AppToml,
    images: Option<ImagesToml>,
}

/// `[app]`: the site as an installed app and for offline reading.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AppToml {
    /// Offline reading (service worker, saved articles) and installing; `false` writes a
    /// worker that switches it off for readers who have it.
    #[serde(default = "yes")]
    offline: bool,
    #[serde(default)]
    short_name: Option<String>,
    #[serde(default = "default_theme")]
    theme_color: Spanned<String>,
    #[serde(default = "default_background")]
    background_color: Spanned<String>,
    /// A square SVG for the app icons; the logo when absent.
    #[serde(default)]
    icon: Option<Spanned<String>>,
}

impl Default for AppToml {
    fn default() -> AppToml {
        AppToml {
            offline: true,
            short_name: None,
            theme_color: default_theme(),
            background_color: default_background(),
            icon: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// The stylesheet's accent and paper colours.
fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "#a3161a".into())
}

fn default_background() -> Spanned<String> {
    Spanned::new(0..0, "#fdfcf9".into())
}

/// What the builder needs to make the site an installable app that reads offline.
#[derive(Clone, Debug)]
pub struct AppConfig {
    pub offline: bool,
    pub short_name: Option<String>,
    pub theme_color: HexColour,
    pub background_color: HexColour,
    /// The SVG the icons are drawn from (`[app] icon`, else the logo), below media/.
    pub icon: Option<PathBuf>,
}

/// `[images]`: how photos are published (docs/content.md, "Images").
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImagesToml {
    webp_quality: Option<Spanned<f32>>,
    jpeg_quality: Option<Spanned<i64>>,
    widths: Option<Spanned<Vec<i64>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionToml {
    slug: Spanned<String>,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LogoToml {
    src: Spanned<String>,
    #[serde(default)]
    alt: String,
}

fn default_page_size() -> Spanned<u32> {
    Spanned::new(0..0, 10)
}

/// The loaded configuration: the API's `Site` plus what the build needs beside it.
#[derive(Clone, Debug)]
pub struct Config {
    pub site: Site,
    pub tz: TimeZone,
    pub app: AppConfig,
    /// What the image stage makes of each photo.
    pub images: Settings,
    /// Where site.toml names the logo, when it is a local file.
    pub logo_ref: Option<MediaRef>,
}

/// The photo widths the layout needs (style/main.css): 320–480 for cards and phones at
/// 1×, 720 for the article column (42rem) and phones at 2×, 1080 for phones at 3×,
/// 1440 for the column at 2×, 1920 for the widest screens.
pub const IMAGE_WIDTHS: [u32; 6] = [320, 480, 720, 1080, 1440, 1920];

/// Parses `text` (the contents of `path`), reporting every problem found.
/// `base_url` overrides the file's `base_url` (for sub-path builds).
pub fn parse(
    path: &Path,
    text: &str,
    base_url: Option<&str>,
    media: &Media,
) -> Result<Config, Vec<Problem>> {
    let raw: SiteToml = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        vec![Problem::new(
            path,
            line,
            format!("{}; fix the TOML (see docs/content.md)", e.message().trim()),
        )]
    })?;
    let mut problems = Vec::new();
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);

    let tz = match TimeZone::get(raw.time_zone.get_ref()) {
        Ok(tz) => Some(tz),
        Err(_) => {
            problems.push(Problem::new(
                path,
                at(raw.time_zone.span()),
                format!(
                    "unknown time zone `{}`: use an IANA name such as \"Asia/Shanghai\" or \"UTC\"",
                    raw.time_zone.get_ref()
                ),
            ));
            None
        }
    };

    let (base_text, base_line) = match base_url {
        Some(b) => (b.to_string(), 0),
        None => (raw.base_url.get_ref().clone(), at(raw.base_url.span())),
    };
    let base = normalise_base_url(&base_text);
    if base.is_none() {
        let what = if base_line == 0 {
            "--base-url"
        } else {
            "base_url"
        };
        problems.push(Problem::new(
            path,
            base_line,
            format!("{what} `{base_text}` is not an absolute http(s) URL: write e.g. \"https://example.org/\" or \"https://example.org/news/\""),
        ));
    }

    if *raw.page_size.get_ref() == 0 {
        problems.push(Problem::new(
            path,
            at(raw.page_size.span()),
            "page_size must be at least 1: write e.g. page_size = 10",
        ));
    }

    let mut sections: Vec<Section> = Vec::new();
    for s in &raw.sections {
        let slug = s.slug.get_ref();
        let line = at(s.slug.span());
        if !slug::is_valid(slug) {
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "section slug `{slug}` is not [a-z0-9-]+: use e.g. \"{}\"",
                    suggestion(slug)
                ),
            ));
        } else if RESERVED_SLUGS.contains(&slug.as_str()) {
            problems.push(Problem::new(path, line, format!("section slug `{slug}` is reserved for the site's own URLs ({}): choose another slug", RESERVED_SLUGS.join(", "))));
        } else if sections.iter().any(|x| &x.slug == slug) {
            problems.push(Problem::new(
                path,
                line,
                format!("section `{slug}` is listed twice: remove one of them"),
            ));
        } else {
            sections.push(Section {
                slug: slug.clone(),
                name: s.name.clone(),
            });
        }
    }

    for link in &raw.social {
        // Links are shown as they are written: only web and mail links may be.
        if broadsheet_app::links::safe_href(&link.url) == "#" && link.url.trim() != "#" {
            let line = text.find(link.url.as_str()).map_or(1, |i| line_of(text, i));
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "social link `{}` is not an http(s), mailto or site-relative URL: write e.g. \"https://example.social/@news\"",
                    link.url
                ),
            ));
        }
    }
    let logo = raw
        .logo
        .as_ref()
        .and_then(|l| match media.image(l.src.get_ref(), &l.alt) {
            Ok(img) => Some(img),
            Err(msg) => {
                problems.push(Problem::new(path, at(l.src.span()), format!("logo: {msg}")));
                None
            }
        });
    let logo_ref = raw.logo.as_ref().zip(logo.as_ref()).and_then(|(l, img)| {
        (!media::is_remote(&img.src)).then(|| MediaRef {
            rel: img.src.clone(),
            path: path.to_path_buf(),
            line: at(l.src.span()),
            what: Naming::Logo,
        })
    });
    let images = image_settings(raw.images.as_ref(), path, text, &mut problems);

    let app = app_config(
        &raw.app,
        raw.logo.as_ref(),
        media,
        path,
        text,
        &mut problems,
    );

    match (tz, base) {
        (Some(tz), Some(base_url)) if problems.is_empty() => Ok(Config {
            app,
            site: Site {
                title: raw.title,
                description: raw.description,
                base_url,
                language: raw.language,
                time_zone: raw.time_zone.into_inner(),
                timestamps_in_zone: true,
                sections,
                page_size: raw.page_size.into_inner(),
                publisher: raw.publisher,
                copyright: raw.copyright,
                social: raw.social,
                logo: logo.map(|i: Image| i),
                licences: raw.licences.into_model(),
                labels: raw.labels.into_model(),
            },
            tz,
            images,
            logo_ref,
        }),
        _ => Err(problems),
    }
}

/// `[app]` checked: colours are CSS hex, the icon an SVG below media/.
fn app_config(
    app: &AppToml,
    logo: Option<&LogoToml>,
    media: &Media,
    path: &Path,
    text: &str,
    problems: &mut Vec<Problem>,
) -> AppConfig {
    let at = |span: std::ops::Range<usize>| line_of(text, span.start);
    let mut colour = |field: &'static str, value: &Spanned<String>| {
        HexColour::parse(field, value.get_ref()).unwrap_or_else(|e| {
            problems.push(Problem::new(
                path,
                at(value.span()),
                format!("[app] {e}: write e.g. \"#a3161a\""),
            ));
            HexColour::parse(field, "#000").unwrap_or(HexColour {
                red: 0,
                green: 0,
                blue: 0,
                alpha: 255,
            })
        })
    };
    let theme_color = colour("theme_color", &app.theme_color);
    let background_color = colour("background_color", &app.background_color);
    if !background_color.is_opaque() {
        problems.push(Problem::new(path, at(app.background_color.span()), "[app] background_color must be opaque: launchers show icons on it without transparency"));
    }
    let source = app
        .icon
        .as_ref()
        .map(|s| (s.get_ref().as_str(), s.span()))
        .or_else(|| logo.map(|l| (l.src.get_ref().as_str(), l.src.span())));
    let icon = source.and_then(|(src, span)| {
        let is_svg = src.to_ascii_lowercase().ends_with(".svg");
        match crate::content::media::site_relative(src) {
            Ok(rel) if is_svg => Some(media.dir().join(rel.trim_start_matches("media/"))),
            Ok(_) => {
                if app.icon.is_some() {
                    problems.push(Problem::new(path, at(span), format!("[app] icon `{src}` is not an SVG: draw the icon as an SVG (a square one fits best)")));
                }
                None
            }
            Err(msg) => {
                problems.push(Problem::new(path, at(span), format!("[app] icon: {msg}")));
                None
            }
        }
    });
    AppConfig {
        offline: app.offline,
        short_name: app.short_name.clone(),
        theme_color,
        background_color,
        icon,
    }
}

/// `[images]` as the image stage's settings, each value checked against its line.
fn image_settings(
    raw: Option<&ImagesToml>,
    path: &Path,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Settings {
    let mut settings = Settings {
        widths: IMAGE_WIDTHS.to_vec(),
        ..Settings::default()
    };
    let Some(raw) = raw else {
        return settings;
    };
    let mut problem = |span: std::ops::Range<usize>, message: &str| {
        problems.push(Problem::new(path, line_of(text, span.start), message))
    };
    if let Some(q) = &raw.webp_quality {
        match *q.get_ref() {
            v if (0.0..=100.0).contains(&v) => settings.webp_quality = v,
            _ => problem(
                q.span(),
                "webp_quality is 0–100: write e.g. webp_quality = 78",
            ),
        }
    }
    if let Some(q) = &raw.jpeg_quality {
        match u8::try_from(*q.get_ref()) {
            Ok(v) if (1..=100).contains(&v) => settings.jpeg_quality = v,
            _ => problem(
                q.span(),
                "jpeg_quality is 1–100: write e.g. jpeg_quality = 80",
            ),
        }
    }
    if let Some(w) = &raw.widths {
        let widths: Vec<u32> = w
            .get_ref()
            .iter()
            .filter_map(|&v| u32::try_from(v).ok().filter(|v| (16..=16_383).contains(v)))
            .collect();
        if widths.is_empty() || widths.len() != w.get_ref().len() {
            problem(
                w.span(),
                "widths lists pixel widths of 16–16383: write e.g. widths = [320, 720, 1440]",
            );
        } else {
            settings.widths = widths;
        }
    }
    settings
}

fn suggestion(s: &str) -> String {
    let s = slug::slugify(s);
    if s.is_empty() {
        "city".into()
    } else {
        s
    }
}

/// `https://example.org/news` → `https://example.org/news/`; `None` unless http(s) with a host.
fn normalise_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || url.contains(['?', '#', ' ']) {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
title = "Harbour City Daily"
description = "News"
base_url = "https://example.org/news"
language = "en"
time_zone = "Asia/Shanghai"
page_size = 5
copyright = "©"

[publisher]
name = "P"
address = "A"
contact = "C"

[[sections]]
slug = "city"
name = "City"
"#;

    fn media() -> Media {
        Media::new(Path::new("/nonexistent/media"))
    }

    #[test]
    fn a_good_site_toml_becomes_the_site() {
        let c = parse(Path::new("site.toml"), GOOD, None, &media()).unwrap();
        assert_eq!(c.site.base_url, "https://example.org/news/");
        assert_eq!(c.site.base_path().as_str(), "/news/");
        assert_eq!(c.site.sections.len(), 1);
        assert_eq!(c.site.page_size, 5);
    }

    #[test]
    fn licences_and_labels_are_optional_trimmed_and_their_keys_checked() {
        let c = parse(Path::new("site.toml"), GOOD, None, &media()).unwrap();
        assert!(c.site.licences.is_empty());
        let text = format!(
            "{GOOD}\n[licences]\nicp = \" 沪ICP备12345678号-1 \"\npublic_security = \"沪公网安备 31010402000001号\"\n"
        );
        let c = parse(Path::new("site.toml"), &text, None, &media()).unwrap();
        assert_eq!(c.site.licences.icp, "沪ICP备12345678号-1");
        assert_eq!(
            c.site.licences.public_security_href(),
            "https://beian.mps.gov.cn/#/query/webSearch?code=31010402000001"
        );
        let labels =
            format!("{GOOD}\n[labels]\nyou_are_here = \" 你的位置 \"\nviews = \"点击 {{}} 次\"\n");
        let c = parse(Path::new("site.toml"), &labels, None, &media()).unwrap();
        assert_eq!(
            (
                c.site.labels.you_are_here.as_str(),
                c.site.labels.views.as_str()
            ),
            ("你的位置", "点击 {} 次")
        );
        let typo = format!("{GOOD}\n[labels]\nwriter = \"采写\"\n");
        let errs = parse(Path::new("site.toml"), &typo, None, &media()).unwrap_err();
        assert!(errs[0].message.contains("writer"), "{}", errs[0]);
        let typo = format!("{GOOD}\n[licences]\nicp_number = \"x\"\n");
        let errs = parse(Path::new("site.toml"), &typo, None, &media()).unwrap_err();
        assert!(errs[0].message.contains("icp_number"), "{}", errs[0]);
        assert_eq!(errs[0].line, GOOD.lines().count() + 3, "{}", errs[0]);
    }

    #[test]
    fn base_url_flag_overrides_the_file() {
        let c = parse(
            Path::new("site.toml"),
            GOOD,
            Some("http://localhost:8080/sub"),
            &media(),
        )
        .unwrap();
        assert_eq!(c.site.base_path().as_str(), "/sub/");
    }

    #[test]
    fn script_social_links_are_refused_with_their_line() {
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let text = format!("{GOOD}\n[[social]]\nlabel = \"x\"\nurl = \"{bad}\"\n");
            let errs = parse(Path::new("site.toml"), &text, None, &media()).unwrap_err();
            assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
            assert!(errs[0].message.contains("social link"), "{}", errs[0]);
            assert_eq!(errs[0].line, 21, "{bad}");
        }
        let ok =
            format!("{GOOD}\n[[social]]\nlabel = \"m\"\nurl = \"https://example.social/@x\"\n");
        assert!(parse(Path::new("site.toml"), &ok, None, &media()).is_ok());
    }

    #[test]
    fn reserved_and_malformed_section_slugs_are_reported_with_their_lines() {
        let text = GOOD.replace(
            "slug = \"city\"",
            "slug = \"tag\"\nname = \"T\"\n[[sections]]\nslug = \"Bad Slug\"",
        );
        let errs = parse(Path::new("site.toml"), &text, None, &media()).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs[0].message.contains("reserved"), "{}", errs[0]);
        assert_eq!(errs[0].line, 16);
        assert!(errs[1].message.contains("[a-z0-9-]+"), "{}", errs[1]);
        assert_eq!(errs[1].line, 19);
    }

    #[test]
    fn images_settings_come_from_site_toml_and_bad_values_name_their_line() {
        let c = parse(Path::new("site.toml"), GOOD, None, &media()).unwrap();
        assert_eq!(c.images.widths, IMAGE_WIDTHS.to_vec(), "the defaults");
        let text = format!(
            "{GOOD}\n[images]\nwebp_quality = 60\njpeg_quality = 70\nwidths = [400, 800]\n"
        );
        let c = parse(Path::new("site.toml"), &text, None, &media()).unwrap();
        assert_eq!(
            (
                c.images.webp_quality,
                c.images.jpeg_quality,
                c.images.widths
            ),
            (60.0, 70, vec![400, 800])
        );
        let text = format!("{GOOD}\n[images]\nwebp_quality = 101\njpeg_quality = 0\n");
        let errs = parse(Path::new("site.toml"), &text, None, &media()).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(
            errs[0].message.contains("webp_quality is 0–100"),
            "{}",
            errs[0]
        );
        assert_eq!((errs[0].line, errs[1].line), (20, 21), "{errs:?}");
    }

    #[test]
    fn broken_toml_names_the_line() {
        let text = GOOD.replace("page_size = 5", "page_size = = 5");
        let errs = parse(Path::new("site.toml"), &text, None, &media()).unwrap_err();
        assert_eq!(errs[0].line, 7, "{}", errs[0]);
    }

    #[test]
    fn unknown_time_zones_are_reported() {
        let text = GOOD.replace("Asia/Shanghai", "Mars/Olympus");
        let errs = parse(Path::new("site.toml"), &text, None, &media()).unwrap_err();
        assert!(
            errs[0]
                .to_string()
                .contains("site.toml:6: unknown time zone"),
            "{}",
            errs[0]
        );
    }
}
