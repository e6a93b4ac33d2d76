//! The record of one cache entry: what each cached file is and its SHA-256, so
//! a damaged entry is recognised and rebuilt rather than published.
//!
//! Plain text, one item a line:
//! ```text
//! broadsheet-images-manifest 1
//! source jpeg 1411 940 passthrough=false
//! file webp 320 213 10423 <sha256> 320.webp
//! file fallback 320 213 15870 <sha256> 320.jpg
//! file cropped-webp 320 180 9120 <sha256> c320.webp
//! file cropped-fallback 320 180 13544 <sha256> c320.jpg
//! warning <text>
//! end
//! ```
//! The closing `end` line tells a complete manifest from a cut one.

use crate::Format;

const HEADER: &str = "broadsheet-images-manifest 1";

/// Which list a cached file belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    WebP,
    Fallback,
    /// The same two formats, of the source cut to `Settings::crop`.
    CroppedWebP,
    CroppedFallback,
}

impl Role {
    const ALL: [(Role, &'static str); 4] = [
        (Role::WebP, "webp"),
        (Role::Fallback, "fallback"),
        (Role::CroppedWebP, "cropped-webp"),
        (Role::CroppedFallback, "cropped-fallback"),
    ];

    /// A file of the source cut to `Settings::crop`.
    pub(crate) fn is_cropped(self) -> bool {
        matches!(self, Role::CroppedWebP | Role::CroppedFallback)
    }

    fn name(self) -> &'static str {
        Role::ALL
            .iter()
            .find(|(r, _)| *r == self)
            .map_or("", |(_, n)| n)
    }

    fn from_name(name: &str) -> Option<Role> {
        Role::ALL.iter().find(|(_, n)| *n == name).map(|(r, _)| *r)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileRecord {
    pub role: Role,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub sha256: String,
    /// Name inside the entry's folder.
    pub file: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Manifest {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub passthrough: bool,
    pub files: Vec<FileRecord>,
    /// Decode-time warnings, kept so a cache hit reports them too.
    pub warnings: Vec<String>,
}

impl Manifest {
    pub(crate) fn to_text(&self) -> String {
        let mut text = format!(
            "{HEADER}\nsource {} {} {} passthrough={}\n",
            self.format.extension(),
            self.width,
            self.height,
            self.passthrough
        );
        for f in &self.files {
            text += &format!(
                "file {} {} {} {} {} {} {}\n",
                f.role.name(),
                f.format.extension(),
                f.width,
                f.height,
                f.bytes,
                f.sha256,
                f.file
            );
        }
        for warning in &self.warnings {
            text += &format!("warning {}\n", warning.replace('\n', " "));
        }
        text + "end\n"
    }

    /// `None` for anything but a well-formed manifest of this version.
    pub(crate) fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let source: Vec<&str> = lines.next()?.split(' ').collect();
        let ["source", format, width, height, passthrough] = source[..] else {
            return None;
        };
        let mut manifest = Manifest {
            format: format_from(format)?,
            width: width.parse().ok()?,
            height: height.parse().ok()?,
            passthrough: passthrough.strip_prefix("passthrough=")?.parse().ok()?,
            files: Vec::new(),
            warnings: Vec::new(),
        };
        for line in lines {
            match line.split_once(' ') {
                Some(("file", rest)) => manifest.files.push(parse_file(rest)?),
                Some(("warning", text)) => manifest.warnings.push(text.to_string()),
                None if line == "end" => return Some(manifest),
                _ => return None,
            }
        }
        None // no `end` line: cut short
    }
}

fn parse_file(rest: &str) -> Option<FileRecord> {
    let fields: Vec<&str> = rest.split(' ').collect();
    let [role, format, width, height, bytes, sha256, file] = fields[..] else {
        return None;
    };
    let role = Role::from_name(role)?;
    let safe_name = !file.is_empty() && file.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    if !safe_name || file.starts_with('.') || sha256.len() != 64 {
        return None;
    }
    Some(FileRecord {
        role,
        format: format_from(format)?,
        width: width.parse().ok()?,
        height: height.parse().ok()?,
        bytes: bytes.parse().ok()?,
        sha256: sha256.to_string(),
        file: file.to_string(),
    })
}

fn format_from(extension: &str) -> Option<Format> {
    [Format::Jpeg, Format::Png, Format::WebP, Format::Gif]
        .into_iter()
        .find(|f| f.extension() == extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Manifest {
        Manifest {
            format: Format::Jpeg,
            width: 1411,
            height: 940,
            passthrough: false,
            files: vec![
                FileRecord {
                    role: Role::WebP,
                    format: Format::WebP,
                    width: 320,
                    height: 213,
                    bytes: 10423,
                    sha256: "a".repeat(64),
                    file: "320.webp".into(),
                },
                FileRecord {
                    role: Role::CroppedFallback,
                    format: Format::Jpeg,
                    width: 320,
                    height: 180,
                    bytes: 13544,
                    sha256: "b".repeat(64),
                    file: "c320.jpg".into(),
                },
            ],
            warnings: vec!["the colour profile was not applied".into()],
        }
    }

    #[test]
    fn round_trips() {
        assert_eq!(Manifest::parse(&sample().to_text()), Some(sample()));
    }

    #[test]
    fn anything_damaged_is_refused() {
        let text = sample().to_text();
        for cut in 0..text.len() - 1 {
            assert_eq!(Manifest::parse(&text[..cut]), None, "{cut}");
        }
        assert_eq!(Manifest::parse(&text.replace("320.webp", "../x")), None);
        assert_eq!(Manifest::parse(&text.replace("cropped-", "cut-")), None);
        assert_eq!(
            Manifest::parse(&text.replace("manifest 1", "manifest 2")),
            None
        );
        assert_eq!(Manifest::parse(""), None);
    }
}
