//! Measuring tools: a child's wall/CPU time and peak memory (wait4), folder sizes, and the
//! compression a server would apply.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::cmd;

/// What one process cost: wall time, CPU time and peak resident memory.
#[derive(Clone, Copy, Debug)]
pub struct Usage {
    pub wall: Duration,
    pub cpu: Duration,
    pub max_rss_bytes: u64,
}

/// Run `command` to completion (stdout and stderr into `log`) and measure it with wait4,
/// which reports the child's own rusage. Fails when it exits unsuccessfully.
pub fn measure(command: &mut Command, log: &Path) -> Result<Usage> {
    let line = cmd::display(command);
    println!("$ {line}");
    let out = File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone()?;
    let start = Instant::now();
    let child = command
        .stdout(out)
        .stderr(err)
        .spawn()
        .with_context(|| format!("could not start `{line}`"))?;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child, which std never reaped.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    if reaped != pid {
        bail!("waiting for `{line}`: {}", std::io::Error::last_os_error());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let tail = std::fs::read_to_string(log).unwrap_or_default();
        let tail: String = tail.lines().rev().take(15).collect::<Vec<_>>().join("\n  ");
        bail!("`{line}` failed (wait status {status}); last lines of its output:\n  {tail}");
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Ok(Usage {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        max_rss_bytes: usage.ru_maxrss as u64 * 1024,
    })
}

/// Total bytes and number of files below `dir`.
pub fn tree_size(dir: &Path) -> Result<(u64, u64)> {
    let mut bytes = 0;
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let entry = entry?;
            let kind = entry.file_type()?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                bytes += entry.metadata()?.len();
                files += 1;
            }
        }
    }
    Ok((bytes, files))
}

/// Number of `index.html` pages below `dir`.
pub fn count_pages(dir: &Path) -> Result<u64> {
    let mut pages = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            } else if entry.file_name() == "index.html" {
                pages += 1;
            }
        }
    }
    Ok(pages)
}

/// Brotli at the quality `broadsheet build --precompress` uses: 11 for the hashed bundle
/// files, 9 for pages and JSON.
pub fn brotli(bytes: &[u8], quality: i32) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => out.len(),
        Err(_) => usize::MAX,
    }
}

/// gzip -9, as `--precompress` writes it.
pub fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    match enc.write_all(bytes).and_then(|_| enc.finish()) {
        Ok(out) => out.len(),
        Err(_) => usize::MAX,
    }
}

pub fn kib(bytes: u64) -> String {
    format!("{:.1} KiB", bytes as f64 / 1024.0)
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
