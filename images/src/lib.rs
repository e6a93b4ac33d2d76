//! Broadsheet's image pipeline: one raster source (JPEG, PNG, WebP, GIF) in,
//! responsive variants out — upright, sRGB, stripped of all metadata, lossy
//! WebP plus a JPEG/PNG fallback at each width (and, when asked, at each width of
//! the source cut to a shape), named by content and cached between builds.
//! Animated GIF and WebP pass through, minus their metadata.
//!
//! ```no_run
//! use broadsheet_images::{process_all, Cache, Settings};
//! # fn main() -> std::io::Result<()> {
//! let cache = Cache::open(".cache/images")?;
//! let sources = ["content/media/front.jpg"];
//! let results = process_all(&sources, &Settings::default(), &cache, "out/media/_v".as_ref(), || {});
//! for result in &results {
//!     match result {
//!         Ok(done) => println!("{} variants", done.files().count()),
//!         Err(e) => eprintln!("{e}"),
//!     }
//! }
//! cache.prune_unused()?; // after a successful build
//! # Ok(()) }
//! ```

mod build;
mod cache;
mod colour;
mod container;
mod decode;
mod encode;
mod error;
mod format;
mod gif;
mod jpeg;
mod manifest;
mod naming;
mod pipeline;
mod pixels;
mod processed;
mod publish;
mod resize;
mod riff;
mod settings;
mod webp;

pub use cache::{Cache, CacheStats, Pruned};
pub use error::{ImageError, Warning};
pub use format::Format;
pub use pipeline::process;
pub use processed::{Processed, Variant};
pub use publish::{process_all, process_file, publish};
pub use settings::{Limits, Settings};
