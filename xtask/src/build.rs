//! `cargo xtask build`: the Trunk bundle, then the builder pours content into it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result};

use crate::cmd::{self, step};

/// Where Trunk writes the bundle (Trunk.toml's `dist`).
pub const BUNDLE_DIR: &str = "target/bundle";
pub const CONTENT_DIR: &str = "content";

#[derive(clap::Args, Clone, Debug)]
pub struct BuildArgs {
    /// Absolute URL the site will be served from, e.g. https://example.org/news/
    /// (default: `base_url` in content/site.toml). A path in it becomes Trunk's --public-url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Output folder for the finished site.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
}

pub fn run(root: &Path, args: &BuildArgs) -> Result<()> {
    bundle(root, args.base_url.as_deref())?;
    site(root, args)
}

/// Trunk's release bundle into Trunk.toml's `dist`.
pub fn bundle(root: &Path, base_url: Option<&str>) -> Result<()> {
    step("build: browser bundle (Trunk)");
    let mut trunk_cmd = trunk_build(root)?;
    if let Some(path) = base_url.map(base_path).transpose()? {
        if path != "/" {
            trunk_cmd.args(["--public-url", &path]);
        }
    }
    cmd::run(&mut trunk_cmd).context("building the browser bundle with Trunk")
}

/// `trunk build --release --offline` in `root`, with wasm-opt from tools/ on PATH: the one
/// way xtask runs Trunk (the build and the bench add their own arguments).
pub fn trunk_build(root: &Path) -> Result<Command> {
    let trunk = cmd::find_tool(root, "trunk").unwrap_or_else(|| PathBuf::from("trunk"));
    let mut command = Command::new(trunk);
    command
        .args(["build", "--release", "--offline"])
        .current_dir(root)
        .env("PATH", cmd::tool_path(root)?);
    Ok(command)
}

/// `broadsheet build`: JSON API and pre-rendered pages from content/ into the output folder.
/// `cargo run` of the optimised (`--profile native`) `broadsheet` CLI of the workspace at `root`, ready for its
/// arguments; it works from any current folder.
pub fn broadsheet(root: &Path) -> Command {
    let mut command = Command::new("cargo");
    command
        .args([
            "run",
            "--profile",
            "native",
            "--quiet",
            "-p",
            "broadsheet",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .arg("--");
    command
}

pub fn site(root: &Path, args: &BuildArgs) -> Result<()> {
    step("build: pre-render the site (broadsheet build)");
    let mut builder = broadsheet(root);
    builder
        .arg("build")
        .args(["--content", CONTENT_DIR, "--bundle", BUNDLE_DIR, "--out"])
        .arg(&args.out)
        .current_dir(root);
    if let Some(url) = &args.base_url {
        builder.args(["--base-url", url]);
    }
    cmd::run(&mut builder).context("pre-rendering the site with the builder")
}

/// The path part of an absolute base URL, always ending in `/`:
/// `https://example.org/news` → `/news/`, `http://127.0.0.1:8080` → `/`.
pub fn base_path(url: &str) -> Result<String> {
    let (_, rest) = url.split_once("://").with_context(|| {
        format!("base URL `{url}` is not absolute (want e.g. https://example.org/)")
    })?;
    let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    Ok(if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    })
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_path_is_the_url_path_with_a_trailing_slash() {
        assert_eq!(base_path("https://example.org/").unwrap(), "/");
        assert_eq!(base_path("http://127.0.0.1:8080").unwrap(), "/");
        assert_eq!(base_path("https://example.org/news").unwrap(), "/news/");
        assert_eq!(base_path("https://example.org/a/b/?x=1").unwrap(), "/a/b/");
    }

    #[test]
    fn base_path_rejects_relative_urls() {
        assert!(base_path("/news/").is_err());
    }
}
