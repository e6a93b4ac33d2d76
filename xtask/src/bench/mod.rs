//! `cargo xtask bench [--quick]`: every benchmark on this machine, one table, BENCHMARKS.md.
//!
//! 1. bundle: bytes of the wasm, JS, CSS and first HTML a first visit downloads, and the
//!    wasm by crate (twiggy, `wasm_crates.rs`; in the full bench, which installs twiggy);
//! 2. lighthouse: mobile Lighthouse on one page of every type and the article's script-less
//!    copy, precompressed, then the same pages uncompressed;
//! 3. navigation: click → painted, for articles and "next page", in Chromium;
//! 4. build: `broadsheet build` at 1,000 / 10,000 / 100,000 synthetic articles, and Hugo on
//!    the same Markdown in the same run;
//! 5. payload: JSON bytes per view at 1,000 and 100,000 articles;
//! 6. session: 500 client-side navigations, JS heap and DOM nodes at start and end, and
//!    the service worker's caches after them;
//! 7. search: what it adds to the app's wasm + JS (the bundle built without the `search`
//!    feature beside it); at every scale the index's size and share of the build time, data
//!    bytes per cold and warm query and recall in Chromium, for queries cut from real
//!    articles mixed into the corpus, and Pagefind on the same site with the same queries;
//! 8. offline: a first visit's requests and bytes with the service worker and without;
//! 9. images: the image stage cold and warm, and the image bytes of home and a photo article
//!    on a 360 px phone at DPR 2 and a 1280 px desktop, original files against variants;
//! 10. publish: at every scale, one article added to the built site and one edited (three
//!     of each, one at a time), each rebuilt over the previous output: the median wall time
//!     and its spread, files written and removed, and their kinds.
//!
//! Part 4 runs Broadsheet and Hugo in turns, three times each per scale, and at 1,000
//! articles the file system's floor beside them (`builds.rs`, `floor.rs`);
//! `--builds` runs only that comparison and rewrites the Builds section of BENCHMARKS.md.
//!
//! `--search` runs only the builds and part 7 at 1,000 and 10,000 articles and rewrites the
//! Search section of BENCHMARKS.md (`search_only.rs`).
//!
//! `--publish` runs only the builds, part 10 and Hugo's build of the same corpus, and rewrites
//! the Publishing section of BENCHMARKS.md (`publish.rs`).
//!
//! `--quick` (run by `cargo xtask test`) uses 200 articles, a handful of navigations and
//! queries, no Lighthouse and no Hugo at scale, writes target/bench/BENCHMARKS.quick.md and fails when a
//! figure is missing or a build fails. Goals missed are reported, not failures.

mod browser;
mod builds;
mod corpus;
mod floor;
mod hugo;
mod images;
mod measure;
mod offline;
mod pagefind;
mod publish;
mod queries;
mod realdata;
mod report;
mod rng;
mod scale;
mod search;
mod search_cost;
mod search_index;
mod search_only;
mod sizes;
mod wasm_crates;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::cmd::{self, note, step};
use crate::setup;
use report::Report;

#[derive(clap::Args, Clone, Debug)]
pub struct BenchArgs {
    /// Smoke mode: 200 articles, a few navigations, no Lighthouse, no Hugo at scale (~2 min).
    #[arg(long)]
    pub quick: bool,
    /// Only the search benchmark: builds at 1,000, 10,000 and 100,000 articles, Broadsheet's
    /// index and Pagefind side by side up to 10,000; rewrites the Search section of BENCHMARKS.md
    /// (with `--quick`: 200 articles, target/bench/SEARCH.quick.md).
    #[arg(long)]
    pub search: bool,
    /// Only the builds against Hugo: three interleaved runs of each at 1,000, 10,000 and
    /// 100,000 articles; rewrites the Builds section of BENCHMARKS.md (with `--quick`: 200
    /// articles, target/bench/BUILDS.quick.md).
    #[arg(long)]
    pub builds: bool,
    /// Only the publish benchmark: builds at 1,000 and 10,000 articles (100,000 with
    /// `--publish-at 100000`), then one article added and one edited (three of each),
    /// beside Hugo's build; rewrites its section of BENCHMARKS.md (with `--quick`: 200
    /// articles, target/bench/PUBLISH.quick.md).
    #[arg(long)]
    pub publish: bool,
    /// With `--publish`: the scales to run instead of 1,000 and 10,000.
    #[arg(long, value_delimiter = ',')]
    pub publish_at: Vec<usize>,
}

struct Plan {
    scales: &'static [usize],
    hugo_scales: &'static [usize],
    navigations: usize,
    session: usize,
    lighthouse_runs: usize,
    /// Search queries of each kind.
    queries: usize,
    /// Scales at which Pagefind runs beside Broadsheet's search.
    pagefind_scales: &'static [usize],
    /// Runs and waits of the builds against Hugo (and of Hugo's rebuild in `--publish`).
    builds: builds::Plan,
}

const FULL: Plan = Plan {
    scales: &[1_000, 10_000, 100_000],
    hugo_scales: &[1_000, 10_000, 100_000],
    navigations: 50,
    session: 500,
    lighthouse_runs: 3,
    queries: 50,
    pagefind_scales: &[1_000, 10_000, 100_000],
    builds: builds::FULL,
};

/// `--search`: Broadsheet's index at these scales, Pagefind beside it up to
/// [`search_only::PAGEFIND_UP_TO`] articles.
const SEARCH_SCALES: &[usize] = &[1_000, 10_000, 100_000];
/// `--search`: queries of each kind (half the full run's, so both engines at both scales
/// fit in about half an hour on two shared cores).
const SEARCH_QUERIES: usize = 25;

const QUICK: Plan = Plan {
    scales: &[200],
    hugo_scales: &[],
    navigations: 5,
    session: 20,
    lighthouse_runs: 0,
    // The search bench stalled in the quick run once the sites had a service worker: it
    // runs in the full bench and `--search` only, until that is understood.
    queries: 0,
    pagefind_scales: &[],
    builds: builds::QUICK,
};

pub fn run(root: &Path, args: &BenchArgs) -> Result<()> {
    let started = Instant::now();
    let plan = if args.quick { QUICK } else { FULL };
    setup::run(root, setup::Needs::everything())?;
    // Hugo runs beside Broadsheet in the full bench, `--builds` and `--publish`; twiggy
    // (the wasm by crate) in the full bench.
    let alone = args.builds || args.publish || args.search;
    let full = !args.quick && !alone;
    setup::bench_tools(root, !args.quick && !args.search, full)?;
    let machine = report::machine();
    let work = root.join("target").join("bench");
    std::fs::create_dir_all(&work)?;
    let mut report = Report {
        root_prefix: format!("{}/", root.display()),
        ..Report::default()
    };

    step("bench: tools and bundle");
    let bundle = bundle(root, &work.join("bundle"), &[], &mut report)?;
    // Before the bundle without search is built: it replaces the release wasm read here.
    if !alone {
        wasm_crates::breakdown(root, &work, &mut report);
    }
    if full || args.search {
        let result = search_cost(root, &work, &bundle, &mut report);
        report.attempt("what search adds to the app", result);
    }
    let broadsheet = builder(root, &mut report)?;
    let builder = scale::Builder {
        root,
        work: &work,
        broadsheet,
        bundle,
        realdata: realdata::dir(root),
        mix: if args.quick {
            realdata::QUICK_MIX
        } else {
            realdata::FULL_MIX
        },
    };
    // What `--builds`, `--publish` and `--search` write: a section of BENCHMARKS.md, or in
    // `--quick` a file of its own in the bench's folder.
    let section_file = |quick: &str| match args.quick {
        true => work.join(quick),
        false => root.join("BENCHMARKS.md"),
    };
    if args.builds {
        let target = section_file("BUILDS.quick.md");
        return builds::run_alone(
            &builder,
            plan.scales,
            plan.builds,
            &target,
            &machine,
            &mut report,
        );
    }
    if args.publish {
        // The scales of `--publish-at`.
        let at = match (&args.publish_at[..], args.quick) {
            ([], true) => QUICK.scales.to_vec(),
            ([], false) => vec![1_000, 10_000],
            (chosen, _) => chosen.to_vec(),
        };
        let target = section_file("PUBLISH.quick.md");
        return publish::alone(&builder, &at, plan.builds, &target, &machine, &mut report);
    }
    if args.search {
        let (scales, queries): (&[usize], _) = if args.quick {
            (QUICK.scales, 10)
        } else {
            (SEARCH_SCALES, SEARCH_QUERIES)
        };
        let target = section_file("SEARCH.quick.md");
        return search_only::run(&builder, scales, queries, &target, &machine, &mut report);
    }

    step("bench: the sample site (bundle sizes, Lighthouse)");
    let sample = work.join("site-sample");
    let sites = images::Sites {
        root,
        work: &work,
        broadsheet: &builder.broadsheet,
        bundle: &builder.bundle,
        after: &sample,
    };
    let mut build = images::sample_build(&sites, &sample);
    build.arg("--precompress");
    report.command(&build);
    cmd::run(&mut build).context("building the sample site")?;
    let pages = sizes::pick_pages(&sample)?;
    sizes::bundle(&sample, &pages, &mut report)?;
    step("bench: what the service worker adds to a first visit");
    let result = offline::first_visit(root, &work, &sample, &pages.article, &mut report);
    report.attempt("offline", result);

    step("bench: images (build time, bytes on a phone and a desktop)");
    let result = images::run(&sites, &mut report);
    report.attempt("images", result);

    if plan.lighthouse_runs > 0 {
        step("bench: Lighthouse, precompressed and uncompressed");
        let plain = browser::write_static_copy(&sample, &pages.article)?;
        let list = sizes::lighthouse_pages(&pages, Some(plain));
        let runs = plan.lighthouse_runs;
        let result = browser::lighthouse(root, &work, &sample, &list, runs, false, &mut report);
        report.attempt("Lighthouse", result);
        // The same site as a host without compression serves it.
        let uncompressed = work.join("site-sample-uncompressed");
        let mut build = images::sample_build(&sites, &uncompressed);
        report.command(&build);
        cmd::run(&mut build).context("building the sample site uncompressed")?;
        let list = sizes::lighthouse_pages(&pages, None);
        let result =
            browser::lighthouse(root, &work, &uncompressed, &list, runs, true, &mut report);
        report.attempt("Lighthouse, uncompressed", result);
    } else {
        report.missing("Lighthouse: skipped in --quick mode");
    }

    let mut payloads = Vec::new();
    let mut bundle_reported = false;
    let mut largest = Vec::new();
    for &articles in plan.scales {
        let built = if plan.hugo_scales.contains(&articles) || args.quick {
            let mut leftovers = Vec::new();
            let built =
                builds::compare(&builder, articles, plan.builds, &mut leftovers, &mut report)?;
            for output in &leftovers {
                scale::remove_output(output)?;
            }
            built
        } else {
            step(&format!("bench: build {articles} articles"));
            builder.build(articles, &mut report)?
        };
        largest.push((articles, built.largest));
        // Publishing first: the search bench adds to the site (Pagefind's index, the
        // search files' .br copies), which a build over a copy of it would then remove.
        step(&format!("bench: publishing one article into {articles}"));
        let result = publish::run(&builder, &built, articles, &mut report);
        report.attempt(&format!("publishing at {articles} articles"), result);
        if plan.queries > 0 {
            step(&format!("bench: search at {articles} articles"));
            let searching = search::SearchBench {
                root,
                work: &work,
                per_kind: plan.queries,
                pagefind: plan.pagefind_scales.contains(&articles),
            };
            let result = searching.run(&built, articles, &mut bundle_reported, &mut report);
            report.attempt(&format!("search at {articles} articles"), result);
        } else {
            report.missing(format!(
                "search at {articles} articles: not in --quick mode"
            ));
        }
        if articles == plan.scales[0] || articles == 100_000 {
            payloads.push(sizes::payload(&built.site, articles, &mut report)?);
        }
        if articles == plan.scales[0] {
            let sections = sizes::sections(&built.site)?;
            step("bench: navigation timings");
            let result = browser::navigation(
                root,
                &work,
                &built.site,
                &sections,
                plan.navigations,
                &mut report,
            );
            report.attempt("navigation", result);
            step("bench: long session");
            let result = browser::session(
                root,
                &work,
                &built.site,
                &sections,
                plan.session,
                &mut report,
            );
            report.attempt("session", result);
        }
        if articles >= 10_000 {
            scale::remove_output(&built.site)?;
        }
    }
    if let (Some(first), Some(last)) = (largest.first(), largest.last()) {
        if largest.len() > 1 {
            scale::largest_goal(*first, *last, &mut report);
        }
    }
    if let [small, large] = &payloads[..] {
        let flat = |a: usize, b: usize| b as f64 <= a as f64 * 1.25;
        report.goal(
            "payload",
            "listing / article brotli, 1,000 → 100,000 articles",
            format!(
                "{:.2}× / {:.2}×",
                large.listing_br as f64 / small.listing_br as f64,
                large.article_br as f64 / small.article_br as f64
            ),
            "flat (≤ 1.25×)",
            flat(small.listing_br, large.listing_br) && flat(small.article_br, large.article_br),
        );
    }

    step("bench: results");
    print!("{}", report.text_table());
    for line in &report.missing {
        note(&format!("not measured: {line}"));
    }
    let target = if args.quick {
        work.join("BENCHMARKS.quick.md")
    } else {
        root.join("BENCHMARKS.md")
    };
    report::write_markdown(root, &target, &report, &machine, args.quick)?;
    note(&format!(
        "wrote {} in {}s",
        target.display(),
        started.elapsed().as_secs()
    ));
    if !report.failed.is_empty() {
        bail!(
            "parts of the bench failed:\n  {}",
            report.failed.join("\n  ")
        );
    }
    sanity(&report, plan.scales.len(), plan.queries > 0)
}

/// The smoke check: every part produced its figures.
fn sanity(report: &Report, scales: usize, searched: bool) -> Result<()> {
    let count = |bench: &str| report.rows.iter().filter(|r| r.bench == bench).count();
    for (bench, least) in [
        ("bundle", 5),
        ("images", 6),
        ("build", 4 * scales),
        ("payload", 3),
        ("navigation", 5),
        ("session", 4),
        ("offline", 4),
        ("publish", 6 * scales),
        // Per scale: share, index size (2), cold (4), warm, stuck, recall, cross-check; the
        // app's bytes once. Pagefind: index (2) and cold (3) rows, at one scale at least
        // (at 100,000 it may pass the bench's memory cap).
        ("search", 11 * scales + 1),
        ("pagefind", 5),
    ] {
        if !searched && (bench == "search" || bench == "pagefind") {
            continue;
        }
        if count(bench) < least {
            bail!(
                "the {bench} benchmark gave {} figures, expected at least {least}",
                count(bench)
            );
        }
    }
    if let Some(row) = report
        .rows
        .iter()
        .find(|r| r.value.is_empty() || r.value.contains("NaN"))
    {
        bail!("{}: {} has no value", row.bench, row.what);
    }
    Ok(())
}

/// Build the Trunk bundle into the bench's own folder (`trunk build --dist`), so it neither
/// waits for nor changes the shared target/bundle that other builds take the lock for
/// (`cargo xtask test` may itself run under `flock /tmp/broadsheet-build.lock`).
/// Trunk's release bundle into `dist`, with `extra` arguments (`--no-default-features`).
fn bundle(root: &Path, dist: &Path, extra: &[&str], report: &mut Report) -> Result<PathBuf> {
    let mut trunk_cmd = crate::build::trunk_build(root)?;
    trunk_cmd.arg("--dist").arg(dist).args(extra);
    report.command(&trunk_cmd);
    cmd::run(&mut trunk_cmd).context("building the browser bundle with Trunk")?;
    Ok(dist.to_path_buf())
}

/// What search adds to the app: the bundle built again without the app's `search` feature.
fn search_cost(root: &Path, work: &Path, with: &Path, report: &mut Report) -> Result<()> {
    let without = work.join("bundle-without-search");
    bundle(root, &without, &["--no-default-features"], report)?;
    search_cost::rows(with, &without, report)
}

/// `cargo build --profile native -p broadsheet`: the builder binary the bench runs directly.
fn builder(root: &Path, report: &mut Report) -> Result<PathBuf> {
    let mut cargo = Command::new("cargo");
    cargo
        .args(["build", "--profile=native", "--quiet", "-p", "broadsheet"])
        .current_dir(root);
    report.command(&cargo);
    cmd::run(&mut cargo)?;
    let bin = root.join("target").join("native").join("broadsheet");
    if !bin.is_file() {
        bail!("{} is missing after cargo build", bin.display());
    }
    Ok(bin)
}
