//! Why an offline or install file could not be made: each names what was wrong and with what.

/// Why an offline or install file could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    #[error("{path:?} is not a path below the base path (no leading '/', no '..', no query)")]
    PrecachePath { path: String },
    #[error("the precache list lacks the offline page {0:?}")]
    MissingOfflinePage(String),
    #[error(transparent)]
    Colour(#[from] crate::content::colour::ColourError),
    #[error("the icon background {0:?} must be opaque: launchers show maskable icons without transparency")]
    TranslucentBackground(String),
    #[error("the logo is not a usable SVG: {0}")]
    Svg(String),
    #[error("the logo has no size of its own: give its <svg> a viewBox (or width and height in absolute units)")]
    SvgWithoutSize,
    #[error("the logo uses <text>, which icons render without fonts: convert the text to paths")]
    SvgText,
    #[error("could not encode the {0} icon as PNG")]
    Png(String),
}
