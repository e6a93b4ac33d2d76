//! The static fallback beyond the root build: links of the built site, the site built for a
//! sub-path (`/news/`) and served there, and two sites built into the same bundle: hostile
//! content (tests/e2e/fixtures/hostile-site) and Traditional Chinese (traditional-site). `cargo xtask test` runs these after the
//! end-to-end journeys, since the sub-path build replaces Trunk's bundle.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::build::{self, BuildArgs, BUNDLE_DIR, CONTENT_DIR};
use crate::cmd;
use crate::links;
use crate::setup::CHROMIUM;
use crate::static_server::StaticServer;

/// Where the sub-path site is served on the test server.
pub const MOUNT: &str = "/news/";
const SUBPATH_OUT: &str = "target/fallback/news";
const HOSTILE_CONTENT: &str = "tests/e2e/fixtures/hostile-site";
const HOSTILE_OUT: &str = "target/fallback/hostile";
const TRADITIONAL_CONTENT: &str = "tests/e2e/fixtures/traditional-site";
const TRADITIONAL_OUT: &str = "target/fallback/traditional";
/// The sub-path site as served for the update journey, its next deploy, and the bundle
/// of that next deploy.
const DEPLOY_SERVED: &str = "target/fallback/deploy";
const DEPLOY_NEXT: &str = "target/fallback/deploy-next";
const DEPLOY_BUNDLE: &str = "target/fallback/bundle-next";
/// The journeys that need these sites: `*.mjs` files not named like tests, so that
/// `node --test tests/e2e/` leaves them out; they are passed by name.
const JOURNEYS: &str = "tests/e2e/subpath";

/// Every internal link of `dist/` (built for content/site.toml's `base_url`) resolves.
pub fn check_dist_links(root: &Path) -> Result<()> {
    let site_toml = root.join(CONTENT_DIR).join("site.toml");
    let text = std::fs::read_to_string(&site_toml)
        .with_context(|| format!("reading {}", site_toml.display()))?;
    let table: toml::Table = toml::from_str(&text).context("parsing content/site.toml")?;
    let base_url = table
        .get("base_url")
        .and_then(|v| v.as_str())
        .context("content/site.toml has no base_url")?;
    let checked = links::check(&root.join("dist"), base_url)?;
    cmd::note(&format!("dist/: {checked} links resolve"));
    Ok(())
}

/// Build for `/news/`, serve at `/news/`, check its links, build the hostile site into the
/// same bundle, and run the journeys in tests/e2e/subpath/ against both.
pub fn subpath_and_hostile(root: &Path) -> Result<()> {
    let news_dir = root.join(SUBPATH_OUT);
    let hostile_dir = root.join(HOSTILE_OUT);
    let traditional_dir = root.join(TRADITIONAL_OUT);
    for dir in [&news_dir, &hostile_dir, &traditional_dir] {
        std::fs::create_dir_all(dir)?;
    }
    // The servers start first: the base URLs name their ports.
    let deploy_dir = root.join(DEPLOY_SERVED);
    std::fs::create_dir_all(&deploy_dir)?;
    let news = StaticServer::quiet_at(news_dir.clone(), MOUNT)?;
    let hostile = StaticServer::quiet_at(hostile_dir.clone(), MOUNT)?;
    let traditional = StaticServer::quiet_at(traditional_dir.clone(), MOUNT)?;
    let deploy = StaticServer::quiet_at(deploy_dir.clone(), MOUNT)?;
    let news_url = format!("http://127.0.0.1:{}{MOUNT}", news.port());
    let hostile_url = format!("http://127.0.0.1:{}{MOUNT}", hostile.port());
    let traditional_url = format!("http://127.0.0.1:{}{MOUNT}", traditional.port());
    let deploy_url = format!("http://127.0.0.1:{}{MOUNT}", deploy.port());

    let args = BuildArgs {
        base_url: Some(news_url.clone()),
        out: PathBuf::from(SUBPATH_OUT),
    };
    build::run(root, &args)?;
    let checked = links::check(&news_dir, &news_url)?;
    cmd::note(&format!(
        "{SUBPATH_OUT}: {checked} links resolve below {MOUNT}"
    ));

    for (what, content, out, base) in [
        (
            "hostile-content",
            HOSTILE_CONTENT,
            HOSTILE_OUT,
            &hostile_url,
        ),
        (
            "Traditional Chinese",
            TRADITIONAL_CONTENT,
            TRADITIONAL_OUT,
            &traditional_url,
        ),
    ] {
        cmd::step(&format!("build: the {what} site (same bundle)"));
        cmd::run(
            crate::build::broadsheet(root)
                .args(["build", "--content", content, "--bundle", BUNDLE_DIR])
                .arg("--out")
                .arg(out)
                .args(["--base-url", base])
                .current_dir(root),
        )
        .with_context(|| format!("building the {what} fixture site"))?;
        links::check(&root.join(out), base)?;
    }

    cmd::step("build: two deploys of the sub-path site, for the update journey");
    crate::redeploy::renamed_bundle(&root.join(BUNDLE_DIR), &root.join(DEPLOY_BUNDLE))?;
    for (bundle, out) in [(BUNDLE_DIR, DEPLOY_SERVED), (DEPLOY_BUNDLE, DEPLOY_NEXT)] {
        cmd::run(
            crate::build::broadsheet(root)
                .args(["build", "--content", CONTENT_DIR, "--bundle", bundle])
                .arg("--out")
                .arg(out)
                .args(["--base-url", &deploy_url])
                .current_dir(root),
        )
        .with_context(|| format!("building {out}"))?;
    }

    cmd::note(&format!(
        "serving {SUBPATH_OUT} at {news_url}, {HOSTILE_OUT} at {hostile_url}"
    ));
    let journeys = journeys(root)?;
    let result = cmd::run(
        Command::new("node")
            .arg("--test")
            .args(&journeys)
            .current_dir(root)
            .env("BASE_URL", &news_url)
            .env("HOSTILE_URL", &hostile_url)
            .env("TRADITIONAL_URL", &traditional_url)
            .env("DEPLOY_URL", &deploy_url)
            .env("DEPLOY_SERVED", &deploy_dir)
            .env("DEPLOY_NEXT", root.join(DEPLOY_NEXT))
            .env("CHROMIUM", CHROMIUM),
    );
    news.stop();
    hostile.stop();
    traditional.stop();
    deploy.stop();
    result
}

fn journeys(root: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join(JOURNEYS))
        .with_context(|| format!("listing {JOURNEYS}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "mjs"))
        .collect();
    files.sort();
    anyhow::ensure!(!files.is_empty(), "{JOURNEYS} holds no journey");
    Ok(files)
}
