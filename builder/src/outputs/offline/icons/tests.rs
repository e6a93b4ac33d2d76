//! Tests of the icons: sizes, layouts on the background, refusals of unusable logos.

use super::*;

/// The site's favicon: a red rounded square with white lines, 32×32 by its viewBox.
const LOGO: &[u8] = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a3161a"/><path d="M8 9h16v3H8zm0 6h16v2H8zm0 5h11v2H8z" fill="#fff"/></svg>"##;
const RED: [u8; 4] = [0xa3, 0x16, 0x1a, 255];

fn background() -> HexColour {
    HexColour::parse("background_color", "#123456").unwrap()
}

struct Decoded {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Decoded {
    fn decode(png_bytes: &[u8]) -> Decoded {
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("PNG header");
        let mut rgba = vec![0; reader.output_buffer_size().expect("buffer size")];
        let info = reader.next_frame(&mut rgba).expect("PNG data");
        assert_eq!(info.color_type, png::ColorType::Rgba);
        Decoded {
            width: info.width,
            height: info.height,
            rgba,
        }
    }

    fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        let i = ((y * self.width + x) * 4) as usize;
        self.rgba[i..i + 4].try_into().unwrap()
    }
}

fn rendered() -> Vec<(String, Decoded)> {
    icons(LOGO, background())
        .unwrap()
        .into_iter()
        .map(|(name, png)| (name, Decoded::decode(&png)))
        .collect()
}

#[test]
fn every_icon_is_a_png_of_its_size() {
    let sizes: Vec<(String, u32, u32)> = rendered()
        .into_iter()
        .map(|(name, image)| (name, image.width, image.height))
        .collect();
    let expected = [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("icon-maskable-512.png", 512),
        ("apple-touch-icon.png", 180),
    ];
    let expected: Vec<(String, u32, u32)> = expected
        .iter()
        .map(|(n, s)| (n.to_string(), *s, *s))
        .collect();
    assert_eq!(sizes, expected);
}

#[test]
fn plain_icons_fill_the_square_and_keep_the_logos_transparency() {
    let icons = rendered();
    let full = &icons[1].1;
    assert_eq!(full.pixel(0, 0)[3], 0, "rounded corner stays transparent");
    assert_eq!(full.pixel(40, 40), RED, "the logo reaches near the edge");
}

#[test]
fn the_maskable_icon_has_the_background_at_its_corners_and_the_logo_in_the_safe_zone() {
    let icons = rendered();
    let maskable = &icons[2].1;
    let bg = [0x12, 0x34, 0x56, 255];
    for (x, y) in [(0, 0), (511, 0), (0, 511), (511, 511)] {
        assert_eq!(maskable.pixel(x, y), bg, "corner {x},{y}");
    }
    // The logo's 32-unit box is scaled to fit the safe circle (diameter 0.8 × 512):
    // side 289.6 px around the centre, so 100 px in from the edge is background and
    // the logo's own red margin starts past 111 px.
    assert_eq!(maskable.pixel(100, 256), bg);
    assert_eq!(maskable.pixel(130, 256), RED);
    // Everything outside the safe circle (radius 204.8 px) is background.
    let outside = (0..512u32)
        .flat_map(|y| (0..512u32).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            let (dx, dy) = (x as f32 + 0.5 - 256.0, y as f32 + 0.5 - 256.0);
            dx.hypot(dy) > 205.0
        });
    assert!(outside.into_iter().all(|(x, y)| maskable.pixel(x, y) == bg));
}

#[test]
fn the_touch_icon_is_opaque() {
    let icons = rendered();
    let touch = &icons[3].1;
    assert!(touch.rgba.chunks(4).all(|p| p[3] == 255));
}

#[test]
fn broken_or_unusable_logos_are_clear_errors() {
    let cases: [(&[u8], &str); 9] = [
        (b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect", "not a usable SVG"),
        (b"\xff\xfe<svg/>", "not UTF-8"),
        (b"<html xmlns=\"http://www.w3.org/1999/xhtml\"/>", "root element is <html>"),
        (br#"<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>"#, "no size of its own"),
        (br#"<svg xmlns="http://www.w3.org/2000/svg" width="50%" height="10"><rect width="10" height="10"/></svg>"#, "no size of its own"),
        (br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 0 10"><rect width="10" height="10"/></svg>"#, "no size of its own"),
        (br#"<svg xmlns="http://www.w3.org/2000/svg" width="0" height="10"><rect width="10" height="10"/></svg>"#, "no size of its own"),
        (br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>B</text></svg>"#, "<text>"),
        (br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>"#, "draws nothing"),
    ];
    for (svg, message) in cases {
        let svg_text = String::from_utf8_lossy(svg);
        match icons(svg, background()) {
            Ok(_) => panic!("accepted: {svg_text}"),
            Err(err) => assert!(err.to_string().contains(message), "{svg_text}: {err}"),
        }
    }
}

#[test]
fn absolute_width_and_height_are_a_size() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="32"><rect width="64" height="32" fill="black"/></svg>"#;
    let icons = icons(svg, background()).unwrap();
    let full = Decoded::decode(&icons[0].1);
    assert_eq!(
        full.pixel(96, 20)[3],
        0,
        "a wide logo is centred with space above"
    );
    assert_eq!(full.pixel(96, 96), [0, 0, 0, 255]);
}

#[test]
fn a_translucent_background_is_refused() {
    let bg = HexColour::parse("background_color", "#12345680").unwrap();
    assert_eq!(
        icons(LOGO, bg).unwrap_err(),
        Error::TranslucentBackground("#12345680".into())
    );
}

#[test]
fn files_are_not_read_through_image_links() {
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><rect width="10" height="10"/><image width="10" height="10" xlink:href="/etc/passwd"/></svg>"#;
    assert!(icons(svg, background()).is_ok());
}

#[test]
fn rendering_is_deterministic() {
    assert_eq!(
        icons(LOGO, background()).unwrap(),
        icons(LOGO, background()).unwrap()
    );
}
