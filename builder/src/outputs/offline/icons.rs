//! App icons rasterised from the site's SVG logo at build time (resvg: pure Rust, no
//! system libraries, no fonts).

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, ImageHrefResolver, Options, Tree};

use super::error::Error;
use crate::content::colour::HexColour;

/// File names below the base path.
pub const ICON_192: &str = "icon-192.png";
pub const ICON_512: &str = "icon-512.png";
pub const ICON_MASKABLE_512: &str = "icon-maskable-512.png";
pub const APPLE_TOUCH_ICON: &str = "apple-touch-icon.png";

/// Where the logo goes in a square icon.
#[derive(Clone, Copy)]
enum Layout {
    /// As large as fits, on transparency: launchers show "any" icons as they are.
    Full,
    /// Within the central square of this share of the side, on the background: iOS
    /// rounds the corners of touch icons and shows transparency as black.
    Inset(f32),
    /// Within the safe zone of a maskable icon, on the background: the circle of 40% of
    /// the side around the centre, which every mask shape contains. The logo's box fits
    /// the circle (its diagonal is the circle's diameter), so no mask cuts into it.
    SafeZone,
}

/// The icons for `svg` (a logo with a `viewBox` or an absolute width and height):
/// `(file name, PNG)` for 192 and 512 px, a 512 px maskable one and a 180 px Apple
/// touch icon, the last two on `background` (which must be opaque).
pub fn icons(svg: &[u8], background: HexColour) -> Result<Vec<(String, Vec<u8>)>, Error> {
    if !background.is_opaque() {
        return Err(Error::TranslucentBackground(background.to_css()));
    }
    let logo = parse(svg)?;
    let icons = [
        (ICON_192, 192, Layout::Full),
        (ICON_512, 512, Layout::Full),
        (ICON_MASKABLE_512, 512, Layout::SafeZone),
        (APPLE_TOUCH_ICON, 180, Layout::Inset(0.8)),
    ];
    let mut out = Vec::with_capacity(icons.len());
    for (name, size, layout) in icons {
        let pixmap = render(&logo, size, layout, background);
        if matches!(layout, Layout::Full) && pixmap.pixels().iter().all(|p| p.alpha() == 0) {
            return Err(Error::Svg("it draws nothing visible".into()));
        }
        let png = pixmap
            .encode_png()
            .map_err(|_| Error::Png(name.to_string()))?;
        out.push((name.to_string(), png));
    }
    Ok(out)
}

/// Parses the logo, refusing what would not render as drawn: not SVG, text (no fonts
/// here), or no size of its own ([`has_own_size`]).
fn parse(svg: &[u8]) -> Result<Tree, Error> {
    let text = std::str::from_utf8(svg).map_err(|_| Error::Svg("not UTF-8 text".into()))?;
    let xml = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, xml)
        .map_err(|e| Error::Svg(e.to_string()))?;
    let root = doc.root_element().tag_name().name();
    if root != "svg" {
        return Err(Error::Svg(format!(
            "its root element is <{root}>, not <svg>"
        )));
    }
    if doc.descendants().any(|n| n.has_tag_name("text")) {
        return Err(Error::SvgText);
    }
    if !has_own_size(doc.root_element()) {
        return Err(Error::SvgWithoutSize);
    }
    tree(text)
}

/// A positive `viewBox`, or `width` and `height` both in absolute units. Without
/// either, browsers draw the logo at 300×150 and usvg at its content's bounding box:
/// neither is a size the designer chose.
fn has_own_size(svg: roxmltree::Node) -> bool {
    let view_box = svg.attribute("viewBox").is_some_and(|v| {
        let numbers: Vec<f64> = v
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        numbers.len() == 4 && numbers[2] > 0.0 && numbers[3] > 0.0
    });
    let absolute = |name| {
        svg.attribute(name)
            .is_some_and(|v: &str| !v.trim().ends_with('%'))
    };
    view_box || (absolute("width") && absolute("height"))
}

fn tree(text: &str) -> Result<Tree, Error> {
    let options = Options {
        // Embedded (data:) images only: a logo must not read files from the build machine.
        image_href_resolver: ImageHrefResolver {
            resolve_data: ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Options::default()
    };
    Tree::from_str(text, &options).map_err(|e| match e {
        usvg::Error::InvalidSize => Error::SvgWithoutSize,
        e => Error::Svg(e.to_string()),
    })
}

fn render(logo: &Tree, side: u32, layout: Layout, background: HexColour) -> Pixmap {
    let mut pixmap = Pixmap::new(side, side).expect("icon sizes are not zero");
    let side = side as f32;
    let (width, height) = (logo.size().width(), logo.size().height());
    let scale = match layout {
        Layout::Full => (side / width).min(side / height),
        Layout::Inset(share) => (share * side / width).min(share * side / height),
        Layout::SafeZone => 0.8 * side / width.hypot(height),
    };
    if !matches!(layout, Layout::Full) {
        let HexColour {
            red, green, blue, ..
        } = background;
        pixmap.fill(Color::from_rgba8(red, green, blue, 255));
    }
    let x = (side - width * scale) / 2.0;
    let y = (side - height * scale) / 2.0;
    let transform = Transform::from_row(scale, 0.0, 0.0, scale, x, y);
    resvg::render(logo, transform, &mut pixmap.as_mut());
    pixmap
}

#[cfg(test)]
mod tests;
