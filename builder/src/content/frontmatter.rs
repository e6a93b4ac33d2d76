//! Front matter: the TOML between the `+++` lines at the top of an article.

use broadsheet_app::model::Credits;
use serde::Deserialize;
use toml::Spanned;

/// The fields an article may set (docs/content.md). Spans are byte ranges in the TOML.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    /// A TOML date-time or a string; see [`crate::content::dates::parse_in`].
    pub date: Option<Spanned<toml::Value>>,
    pub updated: Option<Spanned<toml::Value>>,
    pub section: Option<Spanned<String>>,
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    pub summary: Option<String>,
    pub language: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub views: Option<u64>,
    #[serde(default)]
    pub credits: Credits,
    /// Another name for `credits.writers`.
    #[serde(default)]
    pub authors: Vec<String>,
    pub lead: Option<LeadMatter>,
    /// The feed item an imported article came from (`broadsheet import`), so a second
    /// import skips it. Not published.
    pub source_id: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct LeadMatter {
    pub src: Spanned<String>,
    #[serde(default)]
    pub alt: String,
    pub caption: Option<String>,
    /// Only needed for remote images, whose size cannot be read.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// An article file split in two.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML text.
    pub toml: &'a str,
    /// 1-based line of the first TOML line in the file.
    pub toml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// A problem at `line` of the article file.
#[derive(Debug, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: String,
}

/// Splits `text` at its `+++` lines.
pub fn split(text: &str) -> Result<Split<'_>, LineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "+++" {
        return Err(LineError {
            line: 1,
            message: "the file does not start with front matter: put a `+++` line, the TOML fields (title, date, section) and another `+++` line at the top".into(),
        });
    }
    let mut offset = first_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == "+++" {
            return Ok(Split {
                toml: &text[first_end..offset],
                toml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(LineError {
        line: 1,
        message: "the front matter is never closed: add a `+++` line after its last field".into(),
    })
}

/// Parses the TOML of `split`, with the error's line counted in the whole file.
pub fn parse(split: &Split<'_>) -> Result<FrontMatter, LineError> {
    toml::from_str(split.toml).map_err(|e| LineError {
        line: split.toml_line - 1
            + e.span()
                .map_or(1, |s| crate::error::line_of(split.toml, s.start)),
        message: format!("broken front matter: {}; fix the TOML", e.message().trim()),
    })
}

/// The file line of a span inside the front matter.
pub fn line(split: &Split<'_>, span: std::ops::Range<usize>) -> usize {
    split.toml_line - 1 + crate::error::line_of(split.toml, span.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "+++\ntitle = \"Ferry\"\ndate = 2026-11-28T09:30:00+08:00\nsection = \"city\"\ntags = [\"a\", \"b\"]\n\n[credits]\nwriters = [\"Lin\"]\n+++\n\nBody *here*.\n";

    #[test]
    fn split_finds_toml_and_body_with_their_lines() {
        let s = split(ARTICLE).unwrap();
        assert!(s.toml.starts_with("title"));
        assert_eq!(s.body, "\nBody *here*.\n");
        assert_eq!(s.body_line, 10);
    }

    #[test]
    fn front_matter_fields_parse_with_spans() {
        let s = split(ARTICLE).unwrap();
        let fm = parse(&s).unwrap();
        assert_eq!(fm.title.unwrap().into_inner(), "Ferry");
        let section = fm.section.unwrap();
        assert_eq!(line(&s, section.span()), 4);
        assert_eq!(fm.tags.len(), 2);
        assert_eq!(fm.credits.writers, vec!["Lin"]);
        assert!(matches!(
            fm.date.unwrap().into_inner(),
            toml::Value::Datetime(_)
        ));
    }

    #[test]
    fn broken_toml_reports_the_line_in_the_file() {
        let text = "+++\ntitle = \"x\"\ndate = \n+++\n";
        let e = parse(&split(text).unwrap()).unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
        assert!(e.message.starts_with("broken front matter"));
    }

    #[test]
    fn unknown_fields_are_reported_on_their_line() {
        let text = "+++\ntitle = \"x\"\n\ntittle = \"y\"\n+++\n";
        let e = parse(&split(text).unwrap()).unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.message.contains("tittle"));
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_an_error_on_line_one() {
        assert_eq!(split("# Just markdown\n").unwrap_err().line, 1);
        assert!(split("+++\ntitle = \"x\"\n")
            .unwrap_err()
            .message
            .contains("never closed"));
        assert!(split("").is_err());
    }

    #[test]
    fn a_byte_order_mark_and_crlf_are_accepted() {
        let s = split("\u{feff}+++\r\ntitle = \"x\"\r\n+++\r\nbody").unwrap();
        assert_eq!(s.body, "body");
    }
}
