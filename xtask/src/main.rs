//! `cargo xtask`: Broadsheet's automation, in Rust instead of shell scripts.
//!
//! - `setup`: install what is missing (wasm target, Trunk, wasm-bindgen-cli, wasm-opt, Chromium,
//!   the end-to-end suite's npm packages). The other commands run the part they need first.
//! - `build`: Trunk bundle, then `broadsheet build` pre-renders the site into `dist/`.
//! - `serve`: build, serve `dist/` locally, rebuild on change.
//! - `test`: every check, in order, stopping at the first failure.
//! - `e2e`: only the end-to-end journeys, against the `dist/` already built.
//! - `import`: `broadsheet import ARGS` (feeds → articles), built in release mode.
//! - `bench`: every benchmark, one table, BENCHMARKS.md (`--quick`: the smoke run `test` does).

mod bench;
mod build;
mod cmd;
mod fallback;
mod fuzz;
mod links;
mod redeploy;
mod security;
mod serve;
mod setup;
mod static_server;
mod test;
mod tidy;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Broadsheet's build, serve and test automation"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install the tools that are missing (idempotent; the other commands run it first).
    Setup,
    /// Build the production site into `dist/` (Trunk bundle + pre-rendered pages and JSON API).
    Build(build::BuildArgs),
    /// Build, serve `dist/` at http://127.0.0.1:PORT and rebuild when sources change.
    Serve {
        /// Port to listen on (127.0.0.1 only).
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Run every check: fmt, clippy, native tests, wasm tests in Chromium, build, end to end.
    Test,
    /// Every benchmark (bundle, Lighthouse, navigation, build vs. Hugo, payload, long
    /// session, images): prints one table and writes BENCHMARKS.md. `--quick`: the smoke run.
    Bench(bench::BenchArgs),
    /// Only the end-to-end journeys, against the `dist/` already built (no rebuild).
    E2e,
    /// The real XSS vector collections (../shared/realdata/xss) through the importer and the
    /// builder; every page opened in Chromium with JavaScript on and off (needs a built bundle).
    Xss {
        /// At most this many vectors per collection (default: all of them).
        #[arg(long)]
        per_set: Option<usize>,
    },
    /// Run every fuzz target in fuzz/ (cargo-fuzz, libFuzzer) for N seconds each; a crash
    /// fails and its input stays in fuzz/artifacts/ (add it to fuzz/regressions/).
    Fuzz {
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
    /// Import RSS/Atom/JSON Feed files as articles: runs `broadsheet import ARGS`
    /// in the current folder, e.g. `cargo xtask import feed.xml --section city`.
    Import {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() {
    let cli = Cli::parse();
    if let Err(err) = run(cli) {
        eprintln!("\nxtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<()> {
    let root = project_root();
    let here = std::env::current_dir()?;
    std::env::set_current_dir(&root)?;
    match cli.command {
        Command::Setup => setup::run(&root, setup::Needs::everything()),
        Command::Build(args) => {
            setup::run(&root, setup::Needs::build())?;
            build::run(&root, &args)
        }
        Command::Serve { port } => serve::run(&root, port),
        Command::Test => test::run(&root),
        Command::Bench(args) => bench::run(&root, &args),
        Command::E2e => {
            setup::run(&root, setup::Needs::everything())?;
            test::end_to_end(&root)
        }
        Command::Xss { per_set } => {
            setup::run(&root, setup::Needs::everything())?;
            security::xss(&root, per_set)
        }
        Command::Fuzz { seconds } => fuzz::run(&root, seconds),
        Command::Import { args } => cmd::run(
            build::broadsheet(&root)
                .arg("import")
                .args(&args)
                .current_dir(here),
        ),
    }
}

/// The workspace root: the parent of this crate's folder.
fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
