//! Progress on stderr: a bar when stderr is a terminal, a few plain lines otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Bar,
    Lines,
    Quiet,
}

/// Reports the build's stages.
#[derive(Clone, Copy, Debug)]
pub struct Progress {
    mode: Mode,
}

impl Progress {
    /// A bar on a terminal, plain lines when stderr is redirected.
    pub fn auto() -> Progress {
        let mode = if std::io::stderr().is_terminal() {
            Mode::Bar
        } else {
            Mode::Lines
        };
        Progress { mode }
    }

    pub fn quiet() -> Progress {
        Progress { mode: Mode::Quiet }
    }

    pub fn note(&self, line: &str) {
        if self.mode != Mode::Quiet {
            eprintln!("{line}");
        }
    }

    /// A stage of `total` steps.
    pub fn stage(&self, what: &str, total: u64) -> Stage {
        let bar = match self.mode {
            Mode::Bar => {
                let bar = ProgressBar::new(total);
                if let Ok(style) =
                    ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} {elapsed}")
                {
                    bar.set_style(style.progress_chars("=> "));
                }
                bar.set_message(what.to_string());
                Some(bar)
            }
            Mode::Lines => {
                eprintln!("{what}: {total}…");
                None
            }
            Mode::Quiet => None,
        };
        Stage { bar }
    }
}

pub struct Stage {
    bar: Option<ProgressBar>,
}

impl Stage {
    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
