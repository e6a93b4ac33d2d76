//! The image pipeline's integration tests, one binary (the two memory tests have their
//! own, since each measures its process's peak): variants, metadata, colour, hostile
//! input, the cache, and the real photographs beside the project.

mod common;

mod cache;
mod colour;
mod hostile;
mod metadata;
mod real_photos;
mod variants;
