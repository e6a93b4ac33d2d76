//! The counts file `content/views.csv` (`slug,views`, one row per article, sorted by
//! slug): written by `broadsheet views import`, read by every build and check. A count
//! here wins over an article's front matter `views`.

use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use broadsheet_app::slug;

use crate::error::Problem;

/// The counts file's name in the content folder.
pub const FILE: &str = "views.csv";

/// Its header row.
const HEADER: [&str; 2] = ["slug", "views"];

/// View counts by article slug.
pub type Counts = BTreeMap<String, u64>;

/// Reads the counts file at `path`; `Ok(None)` when there is none. Every malformed row
/// is a problem at its line.
pub fn read(path: &Path) -> Result<Option<Counts>, Vec<Problem>> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(vec![Problem::new(
                path,
                1,
                format!("cannot read the view counts ({e}): check its permissions"),
            )])
        }
    };
    parse(path, &bytes).map(Some)
}

/// Parses the bytes of a counts file; `path` only names it in problems.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Counts, Vec<Problem>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut counts = Counts::new();
    let mut first_lines = BTreeMap::new();
    let mut problems = Vec::new();
    let mut header_seen = false;
    let redo = "fix the row, or import the counts again with broadsheet views import";
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                problems.push(Problem::new(path, line, format!("{e}: {redo}")));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if !header_seen {
            header_seen = true;
            if cells != HEADER {
                problems.push(Problem::new(
                    path,
                    line,
                    format!(
                        "the first row is `{}`, not the header `slug,views`: add it",
                        cells.join(",")
                    ),
                ));
            }
            continue;
        }
        let [name, count] = cells[..] else {
            problems.push(Problem::new(
                path,
                line,
                format!(
                    "a row has {} cells, not two (slug,views): {redo}",
                    cells.len()
                ),
            ));
            continue;
        };
        if !slug::is_valid(name) {
            problems.push(Problem::new(
                path,
                line,
                format!("`{name}` is not an article slug ([a-z0-9-]+): {redo}"),
            ));
            continue;
        }
        let Ok(count) = count.parse::<u64>() else {
            problems.push(Problem::new(
                path,
                line,
                format!("`{count}` is not a view count (a whole number of 0 or more): {redo}"),
            ));
            continue;
        };
        if let Some(first) = first_lines.insert(name.to_string(), line) {
            problems.push(Problem::new(
                path,
                line,
                format!("`{name}` has a count on line {first} already: keep one of the rows"),
            ));
        }
        counts.insert(name.to_string(), count);
    }
    if problems.is_empty() {
        Ok(counts)
    } else {
        Err(problems)
    }
}

/// The counts file's text: the header, then one `slug,views` row per article by slug.
pub fn to_text(counts: &Counts) -> String {
    let mut text = format!("{}\n", HEADER.join(","));
    for (name, count) in counts {
        text.push_str(&format!("{name},{count}\n"));
    }
    text
}

/// Writes `counts` to `path` through a temporary file in the same folder and a rename:
/// a reader (or a crash) sees the previous file or the whole new one, never a part.
pub fn write(path: &Path, counts: &Counts) -> io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or(FILE);
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(to_text(counts).as_bytes())?;
            file.sync_all()
        })
        .and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Counts, Vec<String>> {
        parse(Path::new("views.csv"), text.as_bytes())
            .map_err(|ps| ps.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn a_counts_file_reads_as_counts_by_slug() {
        let counts = parsed("slug,views\nferry,1234\nmarket,0\n").unwrap();
        assert_eq!(counts.get("ferry"), Some(&1234));
        assert_eq!(counts.get("market"), Some(&0));
    }

    #[test]
    fn written_text_is_sorted_by_slug_and_reads_back_the_same() {
        let counts = Counts::from([("b".to_string(), 2), ("a".to_string(), 10)]);
        let text = to_text(&counts);
        assert_eq!(text, "slug,views\na,10\nb,2\n");
        assert_eq!(parsed(&text).unwrap(), counts);
    }

    #[test]
    fn every_malformed_row_is_reported_at_its_line() {
        let errors =
            parsed("slug,views\nferry,12\nFerry!,3\nmarket,-4\nferry,5\nonly-one\n").unwrap_err();
        assert_eq!(errors.len(), 4, "{errors:?}");
        assert!(errors[0].starts_with("views.csv:3: `Ferry!`"), "{errors:?}");
        assert!(errors[1].starts_with("views.csv:4: `-4`"), "{errors:?}");
        assert!(errors[2].contains(":5:") && errors[2].contains("line 2"));
        assert!(errors[3].starts_with("views.csv:6:"), "{errors:?}");
    }

    #[test]
    fn a_file_without_its_header_is_reported_on_line_one() {
        let errors = parsed("ferry,12\n").unwrap_err();
        assert!(errors[0].starts_with("views.csv:1:"), "{errors:?}");
        assert!(errors[0].contains("slug,views"), "{errors:?}");
    }

    #[test]
    fn a_missing_file_is_no_counts_and_writing_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE);
        assert_eq!(read(&path), Ok(None));
        write(&path, &Counts::from([("a".to_string(), 1)])).unwrap();
        write(&path, &Counts::from([("b".to_string(), 2)])).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "slug,views\nb,2\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");
    }
}
