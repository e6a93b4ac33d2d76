//! What a walk through a file's structure (GIF blocks, WebP chunks) finds,
//! without decoding pixels: whether it is animated, and a copy without its
//! metadata. Animations are published that way, as they are: re-encoding
//! them is out of scope, but they must not carry an author's EXIF, XMP or
//! comments to the public.

/// The outcome of a walk.
#[derive(Debug)]
pub(crate) struct Walked {
    /// The canvas size (0×0 when a still WebP does not state it up front).
    pub width: u32,
    pub height: u32,
    pub animated: bool,
    /// The file minus its metadata blocks; every frame byte for byte.
    pub stripped: Vec<u8>,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum WalkError {
    Truncated,
    Damaged(String),
}
