//! Looking inside output files: their structure, and any metadata left.

use super::make::CANARY;

/// Byte strings that betray metadata in any of our formats.
const BETRAYERS: [&[u8]; 6] = [
    CANARY,
    b"Exif\0\0",
    b"http://ns.adobe.com/xap",
    b"<x:xmpmeta",
    b"ICC_PROFILE",
    b"XML:com.adobe.xmp",
];

/// Panics if `bytes` (a `label` file) holds metadata in any form we know.
pub fn assert_no_metadata(bytes: &[u8], label: &str) {
    for needle in BETRAYERS {
        assert!(
            !contains(bytes, needle),
            "{label} still contains {:?}",
            String::from_utf8_lossy(needle)
        );
    }
    match &bytes[..4] {
        [0xFF, 0xD8, ..] => assert_plain_jpeg(bytes, label),
        b"\x89PNG" => assert_plain_png(bytes, label),
        b"RIFF" => assert_plain_webp(bytes, label),
        b"GIF8" => {}
        other => panic!("{label}: unexpected format {other:?}"),
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The markers of a JPEG's segments up to the first scan.
pub fn jpeg_markers(jpeg: &[u8]) -> Vec<u8> {
    let mut markers = Vec::new();
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        markers.push(marker);
        if marker == 0xDA {
            break;
        }
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    markers
}

/// Only JFIF (APP0) may precede the frame: no APP1–APP15, no COM.
fn assert_plain_jpeg(jpeg: &[u8], label: &str) {
    for marker in jpeg_markers(jpeg) {
        let app_or_comment = (0xE1..=0xEF).contains(&marker) || marker == 0xFE;
        assert!(!app_or_comment, "{label}: metadata segment FF{marker:02X}");
    }
}

/// The chunk types of a PNG, in order.
pub fn png_chunks(png: &[u8]) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&png[at + 4..at + 8]).into_owned());
        at += 12 + len;
    }
    chunks
}

fn assert_plain_png(png: &[u8], label: &str) {
    for chunk in png_chunks(png) {
        let allowed = ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"].contains(&chunk.as_str());
        assert!(allowed, "{label}: metadata chunk {chunk}");
    }
}

/// The chunk FourCCs of a WebP, in order.
pub fn webp_chunks(webp: &[u8]) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut at = 12;
    while at + 8 <= webp.len() {
        let len = u32::from_le_bytes(webp[at + 4..at + 8].try_into().unwrap()) as usize;
        chunks.push(String::from_utf8_lossy(&webp[at..at + 4]).into_owned());
        at += 8 + len + (len & 1);
    }
    chunks
}

/// Lossy (a "VP8 " chunk, not VP8L), and no ICCP/EXIF/XMP chunk or flag.
fn assert_plain_webp(webp: &[u8], label: &str) {
    let chunks = webp_chunks(webp);
    assert!(
        chunks.iter().any(|c| c == "VP8 "),
        "{label}: not lossy: {chunks:?}"
    );
    for chunk in &chunks {
        assert!(
            ["VP8 ", "VP8X", "ALPH"].contains(&chunk.as_str()),
            "{label}: chunk {chunk}"
        );
    }
    if chunks[0] == "VP8X" {
        let flags = webp[20];
        assert_eq!(
            flags & 0b0010_1100,
            0,
            "{label}: VP8X announces ICC/EXIF/XMP"
        );
    }
}

/// Decodes an output file (any format `image` reads).
pub fn decode(bytes: &[u8]) -> image::DynamicImage {
    image::load_from_memory(bytes).expect("output decodes")
}
