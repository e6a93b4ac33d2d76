//! A [`Draft`] as an article file: its slug, its front matter and body.

use std::collections::HashSet;

use broadsheet_app::route::RESERVED_SLUGS;

use super::item::Draft;
use super::media::Picked;
use broadsheet_app::slug;

/// Longest slug made from a title, leaving room for a `-N` suffix within `slug::MAX_LEN`.
pub const MAX_SLUG: usize = slug::MAX_LEN - 6;

/// The slug for `draft`: the title's in ASCII (pinyin for Han, base letters for accented
/// ones), else the last segment of its link's path, else a hash of its id; cut to [`MAX_SLUG`], and made
/// unique against `taken` with a numeric suffix.
pub fn choose_slug(draft: &Draft, taken: &HashSet<String>) -> String {
    let from_link = || {
        draft
            .link
            .as_ref()
            .and_then(|l| l.path_segments()?.rev().find(|s| !s.is_empty()))
            .map(|s| slug::slugify(s.rsplit_once('.').map_or(s, |(stem, _)| stem)))
            .filter(|s| s.bytes().any(|b| b.is_ascii_alphabetic()))
    };
    let base = Some(crate::content::title_slug(&draft.title))
        .filter(|s| !s.is_empty())
        .or_else(from_link)
        .unwrap_or_else(|| format!("item-{:08x}", slug::fnv1a(&draft.source_id)));
    let base = cut(&base, MAX_SLUG);
    let free = |s: &str| !taken.contains(s) && !RESERVED_SLUGS.contains(&s);
    if free(&base) {
        return base;
    }
    (2u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| free(s))
        .unwrap_or(base)
}

fn cut(s: &str, max: usize) -> String {
    // Slugs are ASCII, so byte and character boundaries agree.
    let s = if s.len() > max { &s[..max] } else { s };
    s.trim_end_matches('-').to_string()
}

/// The article file: TOML front matter (every value escaped by the toml crate) and
/// the sanitised HTML as one raw HTML block, then the source line.
pub fn article(draft: &Draft, slug: &str, section: &str, site_language: &str) -> String {
    let s = |v: &str| toml::Value::String(v.to_string()).to_string();
    let list = |vs: &[String]| {
        toml::Value::Array(vs.iter().cloned().map(toml::Value::String).collect()).to_string()
    };
    let mut out = String::from("+++\n");
    out += &format!("title = {}\nslug = {}\n", s(&draft.title), s(slug));
    out += &format!("date = {}\n", draft.date);
    if let Some(u) = &draft.updated {
        out += &format!("updated = {u}\n");
    }
    out += &format!("section = {}\n", s(section));
    if !draft.tags.is_empty() {
        out += &format!("tags = {}\n", list(&draft.tags));
    }
    if let Some(summary) = &draft.summary {
        out += &format!("summary = {}\n", s(summary));
    }
    if let Some(lang) = draft
        .language
        .as_deref()
        .filter(|l| !same_language(l, site_language))
    {
        out += &format!("language = {}\n", s(lang));
    }
    out += &format!("source_id = {}\n", s(&draft.source_id));
    if !draft.writers.is_empty() || !draft.photographers.is_empty() {
        out += "\n[credits]\n";
        if !draft.writers.is_empty() {
            out += &format!("writers = {}\n", list(&draft.writers));
        }
        if !draft.photographers.is_empty() {
            out += &format!("photographers = {}\n", list(&draft.photographers));
        }
    }
    if let Picked::Lead(lead) = &draft.lead {
        out += &format!(
            "\n[lead]\nsrc = {}\nalt = {}\nwidth = {}\nheight = {}\n",
            s(&lead.src),
            s(&lead.alt),
            lead.width,
            lead.height
        );
    }
    out += "+++\n\n";
    if !draft.html.trim().is_empty() {
        // One line, so no blank line can end the HTML block early; `&#10;` is the
        // same newline to an HTML parser (ammonia left no raw-text elements).
        let html = draft
            .html
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\n', "&#10;");
        out += &format!("<div>\n{html}\n</div>\n\n");
    }
    if let Some(link) = &draft.link {
        let label = if site_language.starts_with("zh") {
            "来源："
        } else {
            "Source: "
        };
        let host = link.host_str().unwrap_or("link");
        out += &format!("{label}[{host}](<{link}>)\n");
    }
    out
}

fn same_language(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str) -> Draft {
        Draft {
            source_id: "urn:x:1".into(),
            title: title.into(),
            date: "2024-05-01T08:00:00Z".into(),
            updated: None,
            writers: vec![],
            tags: vec![],
            summary: None,
            html: String::new(),
            link: None,
            language: None,
            dated_by_feed: false,
            lead: Picked::None,
            photographers: vec![],
        }
    }

    #[test]
    fn slugs_come_from_the_slugger_and_are_capped() {
        let taken = HashSet::new();
        assert_eq!(choose_slug(&draft("../../x"), &taken), "x");
        let long = choose_slug(&draft(&"word ".repeat(1000)), &taken);
        assert!(long.len() <= MAX_SLUG && slug::is_valid(&long), "{long}");
    }

    #[test]
    fn taken_and_reserved_slugs_get_a_numeric_suffix() {
        let taken = HashSet::from(["ferry".to_string(), "ferry-2".to_string()]);
        assert_eq!(choose_slug(&draft("Ferry"), &taken), "ferry-3");
        assert_eq!(choose_slug(&draft("Page"), &HashSet::new()), "page-2");
    }

    #[test]
    fn titles_in_any_script_get_readable_ascii_slugs() {
        let none = HashSet::new();
        assert_eq!(choose_slug(&draft("港城新闻"), &none), "gang-cheng-xin-wen");
        assert_eq!(choose_slug(&draft("港城新聞"), &none), "gang-cheng-xin-wen");
        assert_eq!(
            choose_slug(&draft("Verlängerung der Fähre"), &none),
            "verlangerung-der-fahre"
        );
        assert_eq!(choose_slug(&draft("Ελλάδα"), &none), "ellada");
        // Stable: the same title gives the same slug; a taken one gets a suffix.
        let taken: HashSet<String> = ["gang-cheng-xin-wen".to_string()].into();
        assert_eq!(
            choose_slug(&draft("港城新闻"), &taken),
            "gang-cheng-xin-wen-2"
        );
    }

    #[test]
    fn titles_with_nothing_to_spell_use_the_link_or_a_hash() {
        let mut d = draft("！？…");
        let s = choose_slug(&d, &HashSet::new());
        assert!(s.starts_with("item-") && slug::is_valid(&s), "{s}");
        d.link = url::Url::parse("https://n.example/2024/harbour-news.html").ok();
        assert_eq!(choose_slug(&d, &HashSet::new()), "harbour-news");
    }

    #[test]
    fn the_article_keeps_html_on_one_line_and_escapes_toml() {
        let mut d = draft("A \"quoted\" title\\");
        d.html = "<pre>a\n\nb</pre>".into();
        d.link = url::Url::parse("https://n.example/a").ok();
        let text = article(&d, "a", "city", "en");
        assert!(
            text.contains("<div>\n<pre>a&#10;&#10;b</pre>\n</div>"),
            "{text}"
        );
        assert!(
            text.contains("Source: [n.example](<https://n.example/a>)"),
            "{text}"
        );
        let split = crate::content::frontmatter::split(&text).unwrap();
        let fm = crate::content::frontmatter::parse(&split).unwrap();
        assert_eq!(fm.title.unwrap().into_inner(), "A \"quoted\" title\\");
        assert_eq!(fm.source_id.as_deref(), Some("urn:x:1"));
    }
}
