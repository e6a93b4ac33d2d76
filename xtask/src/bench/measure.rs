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
    measure_capped(command, log, None)
}

/// [`measure`], but the child is killed as soon as its resident memory passes `cap` bytes
/// (polled every 50 ms), so a tool that would need more than a shared machine can give
/// fails on its own instead of pushing other people's processes out.
pub fn measure_capped(command: &mut Command, log: &Path, cap: Option<u64>) -> Result<Usage> {
    let line = cmd::display(command);
    println!("$ {line}");
    let out = File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone()?;
    forget_own_peak();
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
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = cap.map(|cap| {
        let done = done.clone();
        std::thread::spawn(move || watch_memory(pid, cap, &done))
    });
    // Wait for the end without reaping first: until wait4 below, the pid stays the child's
    // (a zombie), so the watchdog can never signal a process that reused it.
    // SAFETY: siginfo_t is plain data that waitid fills.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    unsafe {
        libc::waitid(
            libc::P_PID,
            pid as libc::id_t,
            &mut info,
            libc::WEXITED | libc::WNOWAIT,
        )
    };
    let wall = start.elapsed();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let killed = watchdog.is_some_and(|w| w.join().unwrap_or(false));
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    if killed {
        return Err(OverCap(cap.unwrap_or(0)).into());
    }
    if reaped != pid {
        bail!("waiting for `{line}`: {}", std::io::Error::last_os_error());
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        let tail = std::fs::read_to_string(log).unwrap_or_default();
        let tail: String = tail.lines().rev().take(15).collect::<Vec<_>>().join("\n  ");
        bail!("`{line}` failed (wait status {status}); last lines of its output:\n  {tail}");
    }
    Ok(Usage {
        wall,
        cpu: cpu_time(&usage),
        // Linux reports ru_maxrss in KiB.
        max_rss_bytes: usage.ru_maxrss as u64 * 1024,
    })
}

/// The CPU time, user and kernel, that `usage` reports.
pub fn cpu_time(usage: &libc::rusage) -> Duration {
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// Lowers this process's peak resident memory to what it holds now. A child's peak
/// (`ru_maxrss`) starts from the memory it was started from: spawned with `vfork`, as std
/// does, that is the bench's own peak so far, so a bench that once held a large output in
/// memory would report it in every build it measures afterwards. Linux only; elsewhere, or
/// refused, the figures stay as they were.
fn forget_own_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// A measured process was stopped because its memory passed the cap (bytes).
#[derive(Debug)]
pub struct OverCap(pub u64);

impl std::fmt::Display for OverCap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stopped when its resident memory passed {} (the cap the bench sets on this shared machine)",
            mib(self.0)
        )
    }
}

impl std::error::Error for OverCap {}

/// Polls the resident memory of `pid` until `done`; kills it above `cap` bytes. Returns
/// whether it did.
fn watch_memory(pid: libc::pid_t, cap: u64, done: &std::sync::atomic::AtomicBool) -> bool {
    let status = format!("/proc/{pid}/status");
    while !done.load(std::sync::atomic::Ordering::SeqCst) {
        let rss_kib: u64 = std::fs::read_to_string(&status)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0);
        if rss_kib * 1024 > cap {
            // SAFETY: `pid` is our own child, not yet reaped (wait4 is still waiting for it).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
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

/// The largest pre-rendered page (`**/index.html`) and the largest API document
/// (`api/v1/**/*.json`, the search index left out: its shards are measured by the search
/// bench) below a built site, each as (bytes, path relative to `site`).
pub fn largest_files(site: &Path) -> Result<[(u64, String); 2]> {
    let mut best = [(0, String::new()), (0, String::new())];
    let search = site.join("api/v1/search");
    let mut stack = vec![site.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                if path != search {
                    stack.push(path);
                }
                continue;
            }
            let rel = path.strip_prefix(site).unwrap_or(&path);
            let kind = if rel.file_name().is_some_and(|n| n == "index.html") {
                0
            } else if rel.starts_with("api/v1") && rel.extension().is_some_and(|e| e == "json") {
                1
            } else {
                continue;
            };
            let len = entry.metadata()?.len();
            if len > best[kind].0 {
                best[kind] = (len, rel.display().to_string());
            }
        }
    }
    Ok(best)
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
/// files, 9 for pages and JSON. The compressed size.
pub fn brotli(bytes: &[u8], quality: i32) -> usize {
    brotli_bytes(bytes, quality).map_or(usize::MAX, |b| b.len())
}

/// The brotli copy of `bytes`, as `--precompress` writes it (window 22).
pub fn brotli_bytes(bytes: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Writes `<path>.br` (quality 9, as `--precompress` writes pages, JSON and the search
/// index) beside `path`; returns its size.
pub fn write_brotli_copy(path: &Path) -> Result<u64> {
    let out = brotli_bytes(&std::fs::read(path)?, 9)?;
    let mut name = path.as_os_str().to_owned();
    name.push(".br");
    std::fs::write(std::path::PathBuf::from(name), &out)?;
    Ok(out.len() as u64)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_childs_peak_memory_is_its_own_not_what_the_bench_once_held() {
        let held: Vec<u8> = vec![1; 512 << 20];
        std::hint::black_box(&held);
        drop(held);
        let dir = tempfile::tempdir().unwrap();
        let usage = measure(&mut Command::new("true"), &dir.path().join("log")).unwrap();
        assert!(
            usage.max_rss_bytes < 256 << 20,
            "`true` peaked at {}",
            mib(usage.max_rss_bytes)
        );
    }

    #[test]
    fn a_measured_process_reports_its_time_and_memory() {
        let dir = tempfile::tempdir().unwrap();
        let mut run = Command::new("sh");
        run.args(["-c", "exec sleep 0.2"]);
        let usage = measure_capped(&mut run, &dir.path().join("log"), Some(1 << 30)).unwrap();
        assert!(usage.wall >= Duration::from_millis(200) && usage.max_rss_bytes > 0);
    }

    #[test]
    fn a_process_over_the_memory_cap_is_stopped_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        // 256 MiB touched page by page, then a pause: well over a 64 MiB cap.
        let mut run = Command::new("perl");
        run.args(["-e", "my $x = 'a' x (256 * 1024 * 1024); sleep 5;"]);
        let err = measure_capped(&mut run, &dir.path().join("log"), Some(64 << 20)).unwrap_err();
        assert!(err.downcast_ref::<OverCap>().is_some(), "{err:#}");
    }
}
