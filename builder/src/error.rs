//! Errors: every content problem is a [`Problem`] naming the file and line; a build
//! collects all of them before failing, so an author fixes everything in one pass.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with the content: `path:line: what is wrong, and what to do`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line number inside `path`.
    pub line: usize,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: usize, message: impl Into<String>) -> Problem {
        Problem {
            path: path.to_path_buf(),
            line: line.max(1),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has problems; nothing was written.
    #[error("{}", list(.0))]
    Invalid(Vec<Problem>),
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The command was asked to do something it refuses to do (e.g. overwrite a file).
    #[error("{0}")]
    Refused(String),
}

impl BuildError {
    pub fn io(path: &Path, source: std::io::Error) -> BuildError {
        BuildError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// Every problem this error stands for (one for I/O and refusals).
    pub fn problems(&self) -> Vec<String> {
        match self {
            BuildError::Invalid(problems) => problems.iter().map(|p| p.to_string()).collect(),
            other => vec![other.to_string()],
        }
    }
}

fn list(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    lines.join("\n")
}

/// 1-based line number of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_reads_as_path_line_message() {
        let p = Problem::new(Path::new("articles/a.md"), 3, "no title: add title = \"…\"");
        assert_eq!(
            p.to_string(),
            "articles/a.md:3: no title: add title = \"…\""
        );
    }

    #[test]
    fn line_of_counts_newlines_before_the_offset() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
