//! A path below a staging folder, relative to it: looked up half a million times by a
//! publish into 100,000 articles, so compared as bytes where that gives what
//! `Path::strip_prefix` gives.

#[cfg(unix)]
use std::ffi::OsStr;
use std::path::Path;

/// `path` relative to `dir`, when it lies below it. Paths the build joins to the staging
/// folder start with its bytes: compared as bytes first (`Path::strip_prefix` parses
/// every component, a few percent of a publish with half a million lookups).
pub(super) fn relative<'a>(path: &'a Path, dir: &Path) -> Option<&'a Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let rest = (path.as_os_str().as_bytes()).strip_prefix(dir.as_os_str().as_bytes());
        // As `strip_prefix` would give it: no empty or `.` component to normalise.
        let plain = |rest: &[u8]| (rest.split(|b| *b == b'/')).all(|c| !c.is_empty() && c != b".");
        if let Some([b'/', rest @ ..]) = rest {
            if plain(rest) {
                return Some(Path::new(OsStr::from_bytes(rest)));
            }
        }
    }
    path.strip_prefix(dir).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_below_the_folder_is_relative_to_it_byte_for_byte_as_strip_prefix_says() {
        let dir = Path::new("/tmp/out.tmp");
        for path in [
            "/tmp/out.tmp",
            "/tmp/out.tmp/a",
            "/tmp/out.tmp/api/v1/articles/x.json",
            "/tmp/out.tmp//a",
            "/tmp/out.tmp/a//b",
            "/tmp/out.tmp/./a",
            "/tmp/out.tmp/a/./b",
            "/tmp/out.tmp/a/",
            "/tmp/out.tmp2/a",
            "/tmp/out.tm",
            "/tmp/other/a",
            "relative/a",
        ] {
            let path = Path::new(path);
            // As bytes: the build's maps are keyed by them (`Path`'s `==` compares
            // components).
            let bytes = |p: Option<&Path>| p.map(|p| p.as_os_str().to_owned());
            assert_eq!(
                bytes(relative(path, dir)),
                bytes(path.strip_prefix(dir).ok()),
                "{path:?}"
            );
        }
    }
}
