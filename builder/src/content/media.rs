//! Images below `content/media/`: resolving their paths, reading their sizes, and
//! (once the image stage made them) the photos' responsive variants.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use broadsheet_app::model::Image;
use broadsheet_images::{Format, Limits};
use serde::{Deserialize, Serialize};

use super::svg;

/// Where the image stage publishes variants, below the site (so no content folder may
/// be called this): every file there is named by its content, so hosts may cache it
/// forever (see `outputs/host`).
pub const VARIANTS_DIR: &str = "media/_v";

/// The content's media folder.
#[derive(Clone, Debug)]
pub struct Media {
    dir: PathBuf,
    /// Processed photos by site-relative path (`media/x.jpg`), without alt text: empty
    /// until the image stage ran.
    processed: Arc<HashMap<String, Image>>,
}

/// A local image named by the content, and where: the file and line a problem with the
/// image is reported at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRef {
    /// Site-relative: `media/x.jpg`.
    pub rel: String,
    pub path: PathBuf,
    pub line: usize,
    pub what: Naming,
}

/// What names an image, as messages say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Naming {
    Lead,
    Logo,
    /// An image in an article's body.
    Body,
}

impl std::fmt::Display for Naming {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Naming::Lead => "lead image",
            Naming::Logo => "logo",
            Naming::Body => "image",
        })
    }
}

impl Media {
    pub fn new(dir: &Path) -> Media {
        Media {
            dir: dir.to_path_buf(),
            processed: Arc::default(),
        }
    }

    /// The same folder, with the image stage's photos.
    pub fn with_processed(&self, processed: HashMap<String, Image>) -> Media {
        Media {
            dir: self.dir.clone(),
            processed: Arc::new(processed),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `media/…` (a site-relative path from [`site_relative`]).
    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.join(rel.strip_prefix("media/").unwrap_or(rel))
    }

    /// The processed photo at `media/…`, if the image stage made one.
    pub fn processed(&self, rel: &str) -> Option<&Image> {
        self.processed.get(rel)
    }

    /// The image at `src` (`media/x.svg` or an absolute `https:` URL) with its size.
    /// Remote images cannot be measured, so they need `size`.
    pub fn image(&self, src: &str, alt: &str) -> Result<Image, String> {
        self.image_sized(src, alt, None)
    }

    pub fn image_sized(
        &self,
        src: &str,
        alt: &str,
        size: Option<(u32, u32)>,
    ) -> Result<Image, String> {
        let (src, (width, height)) = if is_remote(src) {
            if !src.starts_with("https://") && !src.starts_with("http://") {
                return Err(format!(
                    "`{src}` is neither a file below content/media/ nor an https: URL"
                ));
            }
            let size = size.ok_or_else(|| {
                format!("`{src}` is a remote image whose size the builder cannot read: add width = … and height = … beside src")
            })?;
            (src.to_string(), size)
        } else {
            let rel = site_relative(src)?;
            let measured = self.size_of(&rel)?;
            (rel, size.unwrap_or(measured))
        };
        Ok(Image {
            src,
            alt: alt.to_string(),
            width,
            height,
            variants: None,
            card: None,
        })
    }

    /// Width and height of `media/…` (a site-relative path from [`site_relative`]).
    pub fn size_of(&self, rel: &str) -> Result<(u32, u32), String> {
        let file = self.file(rel);
        if !file.is_file() {
            return Err(format!(
                "image `{rel}` does not exist: put the file at {} or fix the path",
                file.display()
            ));
        }
        if let (Ok(real), Ok(dir)) = (file.canonicalize(), self.dir.canonicalize()) {
            if !real.starts_with(&dir) {
                return Err(format!(
                    "image `{rel}` is a link that leads outside the content folder (to {}): copy the image into content/media/",
                    real.display()
                ));
            }
        }
        measure(&file).map_err(|e| format!("image `{rel}`: {e}"))
    }
}

/// Whether `src` points off-site (has a URL scheme or is protocol-relative).
pub fn is_remote(src: &str) -> bool {
    src.starts_with("//")
        || src.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// `media/x.svg`, `./media/x.svg` or `/media/x.svg` → `media/x.svg`; refuses paths
/// outside `media/` or climbing with `..`.
pub fn site_relative(src: &str) -> Result<String, String> {
    let trimmed = src.trim_start_matches("./").trim_start_matches('/');
    let path = Path::new(trimmed);
    let clean = path.components().all(|c| matches!(c, Component::Normal(_)));
    if !clean || !trimmed.starts_with("media/") || trimmed.len() <= "media/".len() {
        return Err(format!(
            "image `{src}` is not below media/: put images in content/media/ and write media/<file>"
        ));
    }
    Ok(trimmed.to_string())
}

fn measure(file: &Path) -> Result<(u32, u32), String> {
    let is_svg = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
        return svg::size(&text).ok_or_else(|| {
            "the SVG has neither width/height nor a viewBox: add viewBox=\"0 0 W H\"".to_string()
        });
    }
    // The image stage's limits, checked here from the header too, so `broadsheet check`
    // reports an oversized file or a decompression bomb without decoding anything.
    let limits = Limits::default();
    let bytes = std::fs::metadata(file).map_err(|e| e.to_string())?.len();
    if bytes > limits.max_file_bytes {
        return Err(format!(
            "the file is {bytes} bytes, more than the limit of {} bytes: resize or recompress it before adding it",
            limits.max_file_bytes
        ));
    }
    let size = imagesize::size(file).map_err(|e| {
        // Say what the file is instead when it is not an image at all.
        let mut start = [0u8; 64];
        let read =
            std::fs::File::open(file).and_then(|mut f| std::io::Read::read(&mut f, &mut start));
        match read.map(|n| Format::sniff(&start[..n])) {
            Ok(Err(not_an_image)) => not_an_image.to_string(),
            _ => e.to_string(),
        }
    })?;
    let w = u32::try_from(size.width).map_err(|e| e.to_string())?;
    let h = u32::try_from(size.height).map_err(|e| e.to_string())?;
    limits.check(w, h).map_err(|e| e.to_string())?;
    Ok((w, h))
}

/// Whether `rel` names a raster image (by its extension), which the image stage turns
/// into variants instead of copying it.
pub fn is_raster(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    ["jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif"]
        .iter()
        .any(|r| ext.eq_ignore_ascii_case(r))
}

/// Every SVG below `dir` that could run code, as a problem naming the file.
pub fn unsafe_svgs(dir: &Path) -> Vec<crate::error::Problem> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path()
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("svg"))
        })
        .filter_map(|e| {
            let (line, hazard) = match std::fs::read_to_string(e.path()) {
                Ok(text) => svg::hazard(&text)?,
                Err(err) => (1, format!("text that cannot be read as UTF-8 ({err})")),
            };
            Some(crate::error::Problem::new(
                e.path(),
                line as usize,
                format!("the SVG contains {hazard}: images must not run code; remove it or export the drawing again"),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_svg_in_the_media_folder_is_checked_even_unused_ones() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("ok.svg"), "<svg viewBox=\"0 0 1 1\"/>").unwrap();
        std::fs::write(dir.path().join("sub/bad.SVG"), "<svg\n onload=\"x()\"/>").unwrap();
        std::fs::write(dir.path().join("utf16.svg"), [0xff, 0xfe, b'<', 0]).unwrap();
        let mut problems = unsafe_svgs(dir.path());
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].path.ends_with("sub/bad.SVG"));
        assert_eq!(problems[0].line, 2);
        assert!(
            problems[0].message.contains("event-handler"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[1].message.contains("UTF-8"),
            "{}",
            problems[1].message
        );
    }

    #[test]
    fn site_relative_paths_stay_inside_media() {
        assert_eq!(site_relative("/media/a.svg").unwrap(), "media/a.svg");
        assert_eq!(site_relative("./media/x/a.png").unwrap(), "media/x/a.png");
        assert!(site_relative("media/../site.toml").is_err());
        assert!(site_relative("images/a.png").is_err());
        assert!(site_relative("media/").is_err());
    }

    #[test]
    fn remote_means_a_scheme_or_protocol_relative() {
        assert!(is_remote("https://x.org/a.png"));
        assert!(is_remote("//x.org/a.png"));
        assert!(is_remote("javascript:alert(1)"));
        assert!(!is_remote("media/a.png"));
    }

    #[test]
    fn remote_images_need_an_explicit_size() {
        let m = Media::new(Path::new("/nonexistent"));
        assert!(m
            .image("https://x.org/a.png", "a")
            .unwrap_err()
            .contains("width"));
        let img = m
            .image_sized("https://x.org/a.png", "a", Some((4, 3)))
            .unwrap();
        assert_eq!((img.width, img.height), (4, 3));
        assert!(m.image("javascript:alert(1)", "a").is_err());
    }
}
