//! Files built to hurt: decompression bombs and truncations.

use super::make;
use super::metadata::png_chunk;

pub const HUGE: u32 = 50_000;

/// A valid PNG (good CRCs) declaring `HUGE`×`HUGE` RGB pixels, with an empty
/// zlib stream for data: 2.5 gigapixels, 7.5 GB decoded, in 67 bytes.
pub fn png_bomb() -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend(HUGE.to_be_bytes());
    ihdr.extend(HUGE.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no interlace
                                  // zlib header, one empty stored block, Adler-32 of nothing.
    let empty_zlib = [
        0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01,
    ];
    [
        b"\x89PNG\r\n\x1a\n".as_slice(),
        &png_chunk(b"IHDR", &ihdr),
        &png_chunk(b"IDAT", &empty_zlib),
        &png_chunk(b"IEND", &[]),
    ]
    .concat()
}

/// A small baseline JPEG whose SOF0 was patched to declare `HUGE`×`HUGE`.
pub fn jpeg_bomb() -> Vec<u8> {
    let mut jpeg = make::jpeg(&make::gradient(16, 16), 80);
    let sof = jpeg
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("baseline SOF0");
    let huge = (HUGE as u16).to_be_bytes();
    // FF C0, length (2), precision (1), height (2), width (2)
    jpeg[sof + 5..sof + 7].copy_from_slice(&huge);
    jpeg[sof + 7..sof + 9].copy_from_slice(&huge);
    jpeg
}

/// An extended WebP (VP8X) declaring a `HUGE`×`HUGE` canvas and no image data.
pub fn webp_bomb() -> Vec<u8> {
    let mut vp8x = vec![0u8; 4]; // no flags
    let side = (HUGE - 1).to_le_bytes();
    vp8x.extend_from_slice(&side[..3]);
    vp8x.extend_from_slice(&side[..3]);
    let vp8 = [b"VP8 ".as_slice(), &10u32.to_le_bytes(), &[0u8; 10]].concat();
    let body = [
        b"WEBP".as_slice(),
        b"VP8X",
        &10u32.to_le_bytes(),
        &vp8x,
        &vp8,
    ]
    .concat();
    [
        b"RIFF".as_slice(),
        &(body.len() as u32).to_le_bytes(),
        &body,
    ]
    .concat()
}

/// An animated GIF whose logical screen claims 65535×65535.
pub fn gif_bomb() -> Vec<u8> {
    let mut gif = make::animated_gif(4, 4, 2);
    gif[6..10].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
    gif
}

/// The first `percent` % of `bytes`.
pub fn cut(bytes: &[u8], percent: usize) -> Vec<u8> {
    bytes[..bytes.len() * percent / 100].to_vec()
}
