//! An analytics tool's CSV export → `(page, count)` rows with their lines.
//!
//! Google Analytics (comment lines first, a totals row), Plausible, Matomo, Umami,
//! Baidu Tongji and hand-made files: a header names the page column and the count
//! column (in English or Chinese, any case); without one, the first column is the page
//! and the second the count. The delimiter is a comma, a tab or a semicolon, whichever
//! the first row has most of; the bytes are UTF-8 (with or without a byte order mark),
//! UTF-16 with one, or else a legacy encoding guessed from them (a GBK export from a
//! Chinese spreadsheet).

use std::path::Path;

use encoding_rs::Encoding;

use crate::error::{BuildError, Problem};
use crate::import::decode;

/// Exports larger than this are refused rather than read into memory.
const MAX_EXPORT_BYTES: u64 = 256 * 1024 * 1024;

/// Header names of the page column, best first (compared lower-cased, without a
/// bracketed note such as `(PV)`).
const PAGE_NAMES: &[&str] = &[
    "page path and screen class",
    "page path + query string",
    "page path",
    "page",
    "path",
    "pathname",
    "url",
    "page url",
    "page location",
    "slug",
    "name",
    "label",
    "x",
    "页面路径",
    "页面",
    "受访页面",
    "页面地址",
    "网址",
];

/// Header names of the count column, best first: page views before visits.
const COUNT_NAMES: &[&str] = &[
    "views",
    "pageviews",
    "page views",
    "浏览量",
    "浏览次数",
    "pv",
    "点击",
    "点击量",
    "nb_hits",
    "hits",
    "count",
    "y",
    "visits",
    "访问次数",
];

/// Page cells of a totals row.
const TOTALS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "总计",
    "合计",
    "總計",
    "合計",
];

/// One row of the export that names a page and its count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// 1-based line in the export.
    pub line: usize,
    pub page: String,
    pub count: u64,
}

/// Reads the export at `path`; every bad row is a problem at its line.
pub fn read(path: &Path) -> Result<Vec<Row>, BuildError> {
    let size = std::fs::metadata(path)
        .map_err(|e| BuildError::io(path, e))?
        .len();
    if size > MAX_EXPORT_BYTES {
        return Err(BuildError::Refused(format!(
            "{}: the file is {size} bytes, more than the {MAX_EXPORT_BYTES} an export may have: export fewer rows",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| BuildError::io(path, e))?;
    parse(path, &bytes).map_err(BuildError::Invalid)
}

/// Parses the bytes of an export; `path` only names it in problems.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Row>, Vec<Problem>> {
    let text = text_of(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut columns = None;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| p.line() as usize);
                problems.push(Problem::new(path, line, format!("{e}: fix the file")));
                continue;
            }
        };
        let line = record.position().map_or(1, |p| p.line() as usize);
        let cells: Vec<&str> = record.iter().map(str::trim).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let first = columns.is_none();
        let (page_at, count_at) = match columns {
            Some(found) => found,
            None => match header(&cells) {
                Header::Names(page, count) => {
                    columns = Some((page, count));
                    continue;
                }
                Header::Missing(what) => {
                    problems.push(Problem::new(path, line, what));
                    return Err(problems);
                }
                Header::None => *columns.insert((0, 1)),
            },
        };
        let page = cells.get(page_at).copied().unwrap_or("");
        if page.is_empty() || TOTALS.contains(&page.to_lowercase().as_str()) {
            continue;
        }
        let cell = cells.get(count_at).copied().unwrap_or("");
        match count(cell) {
            Some(count) => rows.push(Row {
                line,
                page: page.to_string(),
                count,
            }),
            None => problems.push(Problem::new(
                path,
                line,
                format!(
                    "`{cell}` is not a view count of `{page}` (a whole number such as 1234 or 1,234){}",
                    match first {
                        true => ": if this row is the header, name its columns page and views",
                        false => ": fix the export or remove the row",
                    }
                ),
            )),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// What the first row says about the columns.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    /// A header: the page column's and the count column's index.
    Names(usize, usize),
    /// A header that names one of the two columns but not the other.
    Missing(String),
    /// A row of data.
    None,
}

fn header(cells: &[&str]) -> Header {
    let rank = |names: &[&str], cell: &str| {
        let name = column_name(cell);
        names.iter().position(|n| *n == name)
    };
    let best = |names: &[&str], except: Option<usize>| {
        (0..cells.len())
            .filter(|i| Some(*i) != except)
            .filter_map(|i| rank(names, cells[i]).map(|r| (r, i)))
            .min()
            .map(|(_, i)| i)
    };
    let page = best(PAGE_NAMES, None);
    let views = best(COUNT_NAMES, page);
    let data = cells.get(1).is_some_and(|c| count(c).is_some());
    match (page, views) {
        (Some(page), Some(views)) => Header::Names(page, views),
        _ if data => Header::None,
        (Some(_), None) => Header::Missing(format!(
            "the header names no column of view counts: call the column with the counts `views` (or one of: {})",
            COUNT_NAMES.join(", ")
        )),
        (None, Some(_)) => Header::Missing(format!(
            "the header names no column of pages: call the column with the pages `page` (or one of: {})",
            PAGE_NAMES.join(", ")
        )),
        (None, None) => Header::None,
    }
}

/// A header cell as compared: lower-cased, single-spaced, without a bracketed note
/// (`浏览量(PV)` → `浏览量`).
fn column_name(cell: &str) -> String {
    let cut = cell.find(['(', '（']).unwrap_or(cell.len());
    let words: Vec<&str> = cell[..cut].split_whitespace().collect();
    words.join(" ").to_lowercase()
}

/// A count cell: digits, maybe grouped by thousands (`1,234`, `1 234`), maybe with a
/// decimal part of zeros (`1234.0`).
fn count(cell: &str) -> Option<u64> {
    let (whole, decimals) = cell.split_once('.').unwrap_or((cell, ""));
    if !decimals.chars().all(|c| c == '0') {
        return None;
    }
    let groups: Vec<&str> = whole.split([',', ' ', '\u{a0}', '\u{202f}']).collect();
    let grouped = groups.len() > 1;
    let fits = |i: usize, g: &str| match (grouped, i) {
        (false, _) => !g.is_empty(),
        (true, 0) => (1..=3).contains(&g.len()),
        (true, _) => g.len() == 3,
    };
    let ok = groups
        .iter()
        .enumerate()
        .all(|(i, g)| fits(i, g) && g.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| groups.concat().parse().ok()).flatten()
}

/// The export as text: a byte order mark decides, then UTF-8, then a guess.
fn text_of(bytes: &[u8]) -> String {
    let encoding = match Encoding::for_bom(bytes) {
        Some((enc, _)) => enc,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => decode::guess(bytes),
    };
    encoding.decode_with_bom_removal(bytes).0.into_owned()
}

/// Comma, tab or semicolon: whichever the first row that is no comment has most of.
fn delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let mut best = b',';
    let mut most = first.matches(',').count();
    for d in [b'\t', b';'] {
        let n = first.bytes().filter(|b| *b == d).count();
        if n > most {
            (best, most) = (d, n);
        }
    }
    best
}

#[cfg(test)]
mod tests;
