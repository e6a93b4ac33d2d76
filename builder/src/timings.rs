//! Where a build's wall time goes, stage by stage, for `broadsheet build --timings FILE`
//! (read by `cargo xtask bench`). The search index is built in three places: articles are
//! tokenized inside the parallel article stage, then added to the index in order (on one
//! thread, each wave beside the rendering of the next), then scored and written. The first is summed over the threads, so the search's share of
//! the wall time can be estimated as `add + write + tokenize / threads`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Stage names that the search estimate reads.
pub const SEARCH_ADD: &str = "search: add in order";
pub const SEARCH_WRITE: &str = "search: score, encode, write";

/// What one build spent, in wall time per stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    /// Stages in the order they ran, each with its wall time.
    pub stages: Vec<(&'static str, Duration)>,
    /// Tokenizing for the search index inside the article stage, summed over threads.
    pub search_tokenize: Duration,
    /// Threads of the parallel stages.
    pub threads: usize,
    /// The whole build, from start to the swap of the output folder.
    pub total: Duration,
}

impl Timings {
    pub fn stage(&self, name: &str) -> Duration {
        self.stages
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, d)| *d)
            .sum()
    }

    /// The wall time the search index costs: its sequential stages plus its share of
    /// the parallel article stage.
    pub fn search_wall(&self) -> Duration {
        self.stage(SEARCH_ADD)
            + self.stage(SEARCH_WRITE)
            + self.search_tokenize / self.threads.max(1) as u32
    }

    /// The timings as JSON (seconds), for `--timings FILE`.
    pub fn to_json(&self) -> String {
        let stages: Vec<serde_json::Value> = self
            .stages
            .iter()
            .map(|(name, d)| serde_json::json!({"name": name, "seconds": d.as_secs_f64()}))
            .collect();
        let value = serde_json::json!({
            "total_seconds": self.total.as_secs_f64(),
            "threads": self.threads,
            "stages": stages,
            "search": {
                "tokenize_thread_seconds": self.search_tokenize.as_secs_f64(),
                "add_seconds": self.stage(SEARCH_ADD).as_secs_f64(),
                "write_seconds": self.stage(SEARCH_WRITE).as_secs_f64(),
                "wall_seconds": self.search_wall().as_secs_f64(),
            },
        });
        format!("{value:#}\n")
    }

    /// One line for the progress output.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {:.2} s", d.as_secs_f64()))
            .collect();
        format!(
            "timings: {}; search ≈ {:.2} s of {:.2} s (tokenizing {:.2} s over {} threads)",
            parts.join(", "),
            self.search_wall().as_secs_f64(),
            self.total.as_secs_f64(),
            self.search_tokenize.as_secs_f64(),
            self.threads
        )
    }
}

/// Records stage times while a build runs; shared by the parallel stages.
pub struct Recorder {
    start: Instant,
    stages: Mutex<Vec<(&'static str, Duration)>>,
    tokenize_nanos: AtomicU64,
}

impl Default for Recorder {
    fn default() -> Self {
        Recorder {
            start: Instant::now(),
            stages: Mutex::new(Vec::new()),
            tokenize_nanos: AtomicU64::new(0),
        }
    }
}

impl Recorder {
    /// Runs `f` as the stage `name`.
    pub fn time<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.record(name, started.elapsed());
        out
    }

    pub fn record(&self, name: &'static str, took: Duration) {
        if let Ok(mut stages) = self.stages.lock() {
            stages.push((name, took));
        }
    }

    /// Adds time a thread spent tokenizing for the search index.
    pub fn add_search_tokenize(&self, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        self.tokenize_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    pub fn finish(self) -> Timings {
        Timings {
            total: self.start.elapsed(),
            stages: self.stages.into_inner().unwrap_or_default(),
            search_tokenize: Duration::from_nanos(self.tokenize_nanos.into_inner()),
            threads: rayon::current_num_threads(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_estimate_counts_sequential_stages_whole_and_tokenizing_per_thread() {
        let t = Timings {
            stages: vec![
                ("articles", Duration::from_secs(10)),
                (SEARCH_ADD, Duration::from_secs(1)),
                (SEARCH_WRITE, Duration::from_secs(2)),
            ],
            search_tokenize: Duration::from_secs(4),
            threads: 2,
            total: Duration::from_secs(20),
        };
        assert_eq!(t.search_wall(), Duration::from_secs(5));
        let json: serde_json::Value = serde_json::from_str(&t.to_json()).unwrap();
        assert_eq!(json["search"]["wall_seconds"], 5.0);
        assert_eq!(json["stages"][0]["name"], "articles");
    }

    #[test]
    fn a_recorder_keeps_stages_in_order_and_sums_thread_time() {
        let r = Recorder::default();
        r.time("one", || ());
        r.record("two", Duration::from_millis(5));
        r.add_search_tokenize(Duration::from_millis(3));
        r.add_search_tokenize(Duration::from_millis(4));
        let t = r.finish();
        let names: Vec<&str> = t.stages.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["one", "two"]);
        assert_eq!(t.search_tokenize, Duration::from_millis(7));
    }
}
