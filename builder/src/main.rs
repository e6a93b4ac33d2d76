//! The `broadsheet` command line: build, check, new, import, views import.

use std::path::PathBuf;

use broadsheet::{BuildError, BuildOptions, Progress};
use clap::{Parser, Subcommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Broadsheet turns a content folder (site.toml + Markdown articles + media) into a
/// static news site: the JSON API the app reads and, given the app's Trunk bundle, a
/// pre-rendered HTML page for every route.
#[derive(Parser)]
#[command(
    name = "broadsheet",
    version,
    after_help = "Content format: docs/content.md. API contract: docs/json-api.md.\n\nExamples:\n  broadsheet check\n  broadsheet build --bundle target/trunk --out dist\n  broadsheet build --base-url https://example.org/news/ --out dist-news\n  broadsheet new \"Ferry line opens\" --section city\n  broadsheet import feed.xml --section city\n  broadsheet views import analytics-export.csv"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content and write the site into --out, replacing it atomically.
    ///
    /// Every problem is reported as `file:line: what is wrong, and what to do`; if
    /// there is any, nothing is written and the previous output stays as it was.
    Build {
        /// The content folder: site.toml, articles/**/*.md, media/.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The output folder. It is replaced as a whole, so it must be empty, missing
        /// or an earlier build. Over an earlier build, only files whose bytes change are
        /// written (the others keep their modification time); the written and removed
        /// files are listed in <out>.changes.json beside it, and <out>.spare is kept for
        /// the next build to start from. See docs/deploy.md.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Trunk's output folder (with index.html). Its files are copied into the
        /// site and every route gets a pre-rendered page. Without it, only the JSON
        /// API and the media are written.
        #[arg(long)]
        bundle: Option<PathBuf>,
        /// The site's absolute URL, overriding base_url in site.toml — for builds
        /// served below a sub-path, e.g. https://example.org/news/.
        #[arg(long)]
        base_url: Option<String>,
        /// Also write a .br and a .gz copy beside every HTML, JS, CSS, wasm, JSON,
        /// XML and SVG file, for hosts that serve precompressed files (nginx
        /// gzip_static / brotli_static). See docs/deploy.md.
        #[arg(long)]
        precompress: bool,
        /// Write the wall time of each stage, and the search index's share of the
        /// build, as JSON into this file (and a summary line on stderr).
        #[arg(long, value_name = "FILE")]
        timings: Option<PathBuf>,
        /// The image cache: photos' variants are kept there between builds, so a build
        /// with unchanged photos encodes nothing. Default: <out>.cache beside the
        /// output (dist.cache), on the same disk, so variants are hard-linked into the
        /// site rather than copied. Never inside --out or the content folder.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Publish photos as they are, without variants, srcset or WebP — only to
        /// compare: the originals keep their metadata (EXIF, GPS).
        #[arg(long)]
        original_images: bool,
    },
    /// Check the content and report every problem; writes nothing.
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Start a new article: a draft file in articles/<section>/<slug>.md, dated now.
    New {
        /// The headline.
        title: String,
        /// The section's slug, as listed in site.toml.
        #[arg(long)]
        section: String,
        /// The URL slug; defaults to the slugged title (required for titles
        /// without ASCII letters).
        #[arg(long)]
        slug: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Import RSS 0.9x/1.0/2.0, Atom and JSON Feed files as articles in
    /// articles/imported/<section>/. Items already imported (same source_id) are
    /// skipped; every item not imported is listed with the reason.
    Import {
        /// Feed files, in any encoding their XML declaration names; a feed that names
        /// none and is not UTF-8 is read in the encoding guessed from its bytes.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The section's slug, as listed in site.toml; defaults to the first section.
        #[arg(long)]
        section: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// View counts from analytics, kept in the content folder's views.csv.
    Views {
        #[command(subcommand)]
        command: ViewsCommand,
    },
}

#[derive(Subcommand)]
enum ViewsCommand {
    /// Read an analytics tool's CSV export (Google Analytics, Plausible, Matomo, Umami,
    /// Baidu Tongji, or any page,views file) into views.csv, whose counts the build
    /// shows instead of the articles' `views`.
    ///
    /// A page may be a full URL, a path with or without the site's base path, or an
    /// article's slug; rows of one article are added up, pages that are no article are
    /// ignored. The counts replace those of the articles the export names and keep the
    /// others. On any problem nothing is written.
    #[command(
        after_help = "Examples:\n  broadsheet views import ga4-pages.csv\n  broadsheet views import plausible-pages.csv --content content"
    )]
    Import {
        /// The CSV export: a header naming the page column (page, path, url, 页面…) and
        /// the count column (views, pageviews, 浏览量, PV…), or page and count as the
        /// first two columns.
        file: PathBuf,
        /// The content folder (with site.toml); views.csv is written there.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

fn main() {
    let code = match run(Cli::parse()) {
        Ok(()) => 0,
        Err(e) => {
            let problems = e.problems();
            for p in &problems {
                eprintln!("{p}");
            }
            if matches!(e, BuildError::Invalid(_)) {
                eprintln!(
                    "broadsheet: {} problem(s); nothing was written",
                    problems.len()
                );
            }
            1
        }
    };
    quit(code)
}

/// Ends the process with `code` once standard output and error are flushed, without the
/// exit handlers: the allocator's would walk every page the main thread used, to free
/// memory the kernel takes back at once anyway (3–7 ms of a 1,000-article build's 150 on
/// tmpfs, measured in turns; one core works while the other waits). Every file the command
/// wrote is closed by then.
fn quit(code: i32) -> ! {
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    #[cfg(unix)]
    // SAFETY: `_exit` takes no pointers and does not return.
    unsafe {
        libc::_exit(code)
    }
    #[cfg(not(unix))]
    std::process::exit(code)
}

fn run(cli: Cli) -> Result<(), BuildError> {
    match cli.command {
        Command::Build {
            content,
            out,
            bundle,
            base_url,
            precompress,
            timings,
            cache,
            original_images,
        } => {
            let progress = Progress::auto();
            let started = std::time::Instant::now();
            let opts = BuildOptions {
                content,
                out,
                bundle,
                base_url,
                precompress,
                cache,
                original_images,
            };
            let report = broadsheet::build(&opts, &progress)?;
            progress.note(&format!(
                "built {} articles ({} drafts skipped): {} documents, {} pages into {} in {:.1?}",
                report.articles,
                report.drafts,
                report.written.documents,
                report.written.pages,
                opts.out.display(),
                started.elapsed()
            ));
            progress.note(&format!(
                "published: {} (list: {})",
                report.changes.summary(),
                broadsheet::outputs::staging::Staging::changes_file(&opts.out).display()
            ));
            if let Some(file) = timings {
                progress.note(&report.timings.summary());
                std::fs::write(&file, report.timings.to_json())
                    .map_err(|e| BuildError::io(&file, e))?;
            }
        }
        Command::Check { content } => {
            let report = broadsheet::check(&content, None)?;
            eprintln!(
                "{}: {} articles and {} drafts, no problems",
                content.display(),
                report.articles,
                report.drafts
            );
        }
        Command::New {
            title,
            section,
            slug,
            content,
        } => {
            let path = broadsheet::content::scaffold::new_article(
                &content,
                &title,
                &section,
                slug.as_deref(),
            )?;
            println!("{}", path.display());
        }
        Command::Import {
            files,
            section,
            content,
        } => {
            let report = broadsheet::import::run(&content, &files, section.as_deref())?;
            for path in &report.written {
                println!("{}", path.display());
            }
            for message in &report.messages {
                eprintln!("{message}");
            }
            eprintln!("{}", report.summary());
            if !report.succeeded() {
                return Err(BuildError::Refused(
                    "broadsheet import: a feed could not be read, or no item could be imported"
                        .into(),
                ));
            }
        }
        Command::Views {
            command: ViewsCommand::Import { file, content },
        } => {
            let report = broadsheet::views_import::run(&content, &file)?;
            if let Some(warning) = report.warning() {
                eprintln!("{warning}");
            }
            eprintln!("{}", report.summary());
        }
    }
    Ok(())
}
