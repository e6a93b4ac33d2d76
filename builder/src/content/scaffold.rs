//! `broadsheet new`: a draft article file to start writing in.

use std::path::{Path, PathBuf};

use crate::content::dates;
use crate::error::{BuildError, Problem};
use broadsheet_app::slug;

/// Creates `<content>/articles/<section>/<slug>.md` as a draft dated now (in the
/// site's time zone). `slug` defaults to the slugged title. Never overwrites.
pub fn new_article(
    content: &Path,
    title: &str,
    section: &str,
    slug: Option<&str>,
) -> Result<PathBuf, BuildError> {
    let site_path = content.join("site.toml");
    let config = super::site_config(content)?;
    if config.site.section(section).is_none() {
        let known: Vec<&str> = config
            .site
            .sections
            .iter()
            .map(|s| s.slug.as_str())
            .collect();
        return Err(BuildError::Refused(format!(
            "unknown section `{section}`: use one of {} or add it to {}",
            known.join(", "),
            site_path.display()
        )));
    }
    let title = title.trim();
    if title.is_empty() {
        return Err(BuildError::Refused("the title is empty: pass the headline, e.g. broadsheet new \"Ferry line opens\" --section city".into()));
    }
    let slug = match slug {
        Some(s) if slug::is_valid(s) => s.to_string(),
        Some(s) => {
            return Err(BuildError::Refused(format!(
                "--slug `{s}` is not [a-z0-9-]+: try --slug {}",
                slug::slugify(s)
            )))
        }
        None => {
            let s = super::title_slug(title);
            if s.is_empty() {
                return Err(BuildError::Refused("the title has no letters to make a slug from: pass --slug, e.g. --slug ferry-line-opens".into()));
            }
            s
        }
    };
    let dir = content.join("articles").join(section);
    let path = dir.join(format!("{slug}.md"));
    if path.exists() {
        return Err(BuildError::Invalid(vec![Problem::new(
            &path,
            1,
            "the file already exists: edit it, or pass another title or --slug",
        )]));
    }
    std::fs::create_dir_all(&dir).map_err(|e| BuildError::io(&dir, e))?;
    let body = template(title, &slug, section, &dates::now_in(&config.tz));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| BuildError::io(&path, e))?;
    std::io::Write::write_all(&mut file, body.as_bytes()).map_err(|e| BuildError::io(&path, e))?;
    Ok(path)
}

fn template(title: &str, slug: &str, section: &str, date: &str) -> String {
    let title = toml::Value::String(title.to_string()).to_string();
    format!(
        "+++\ntitle = {title}\nslug = \"{slug}\"\ndate = {date}\nsection = \"{section}\"\ntags = []\ndraft = true          # set to false (or delete this line) to publish\n\n[credits]\nwriters = []\n+++\n\nWrite the first paragraph here: it becomes the summary unless you set summary = \"…\".\n\n## A sub-heading\n\nMore text. Put images in content/media/ and write `![what it shows](media/file.svg)`.\n"
    )
}
