//! Test images built in code: ordinary ones, ones full of metadata, hostile ones.

use std::io::Cursor;

use image::codecs::gif::{GifEncoder, Repeat};
use image::codecs::png::PngEncoder;
use image::{DynamicImage, Frame, ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};
use jpeg_encoder::{ColorType, Encoder};

/// Text planted in metadata; no output may contain it.
pub const CANARY: &[u8] = b"BROADSHEET-CANARY-51.5N";

/// A smooth photo-like gradient with some texture.
pub fn gradient(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let r = (x * 255 / width.max(1)) as u8;
        let g = (y * 255 / height.max(1)) as u8;
        let b = ((x / 7 + y / 5) % 64 * 3) as u8;
        Rgb([r, g, b])
    })
}

/// Red in the top-left third, blue elsewhere: shows where the corner went.
pub fn corner_marked(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        if x < width / 3 && y < height / 3 {
            Rgb([230, 20, 20])
        } else {
            Rgb([20, 20, 230])
        }
    })
}

pub fn jpeg(image: &RgbImage, quality: u8) -> Vec<u8> {
    encode_jpeg(
        image.as_raw(),
        image.width(),
        image.height(),
        ColorType::Rgb,
        quality,
    )
}

pub fn grey_jpeg(width: u32, height: u32) -> Vec<u8> {
    let grey: Vec<u8> = (0..width * height)
        .map(|i| (i % width * 255 / width) as u8)
        .collect();
    encode_jpeg(&grey, width, height, ColorType::Luma, 85)
}

/// A CMYK JPEG (Adobe APP14), pure cyan + magenta = blue.
pub fn cmyk_jpeg(width: u32, height: u32) -> Vec<u8> {
    let cmyk: Vec<u8> = (0..width * height).flat_map(|_| [255, 255, 0, 0]).collect();
    encode_jpeg(&cmyk, width, height, ColorType::Cmyk, 90)
}

fn encode_jpeg(pixels: &[u8], width: u32, height: u32, colour: ColorType, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    Encoder::new(&mut out, quality)
        .encode(pixels, width as u16, height as u16, colour)
        .unwrap();
    out
}

pub fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A PNG carrying `icc` in an iCCP chunk.
pub fn png_with_icc(image: &RgbImage, icc: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = PngEncoder::new(&mut out);
    encoder.set_icc_profile(icc).unwrap();
    encoder
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// An RGBA image: opaque gradient with a transparent hole in the middle.
pub fn with_hole(width: u32, height: u32) -> RgbaImage {
    let base = gradient(width, height);
    RgbaImage::from_fn(width, height, |x, y| {
        let inside = x > width / 4 && x < width * 3 / 4 && y > height / 4 && y < height * 3 / 4;
        let Rgb([r, g, b]) = *base.get_pixel(x, y);
        Rgba([r, g, b, if inside { 0 } else { 255 }])
    })
}

/// A 16-bit-per-channel RGB PNG.
pub fn png16(width: u32, height: u32) -> Vec<u8> {
    let deep = image::ImageBuffer::from_fn(width, height, |x, y| {
        Rgb([
            (x * 65535 / width) as u16,
            (y * 65535 / height) as u16,
            40000u16,
        ])
    });
    png(&DynamicImage::ImageRgb16(deep))
}

/// An animated GIF of `frames` frames.
pub fn animated_gif(width: u32, height: u32, frames: u32) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new(&mut out);
        encoder.set_repeat(Repeat::Infinite).unwrap();
        for i in 0..frames {
            let shade = (i * 255 / frames.max(1)) as u8;
            let frame = RgbaImage::from_pixel(width, height, Rgba([shade, 90, 200, 255]));
            encoder.encode_frame(Frame::new(frame)).unwrap();
        }
    }
    out
}

/// `gif` with a comment block holding the canary, right after the colour table.
pub fn gif_with_comment(gif: &[u8]) -> Vec<u8> {
    let packed = gif[10];
    let table = if packed & 0x80 != 0 {
        3 << ((packed & 7) + 1)
    } else {
        0
    };
    let at = 13 + table;
    let mut comment = vec![0x21, 0xFE, CANARY.len() as u8];
    comment.extend_from_slice(CANARY);
    comment.push(0);
    [&gif[..at], &comment, &gif[at..]].concat()
}

/// A two-frame animated WebP (canvas `width`×`height`) built around `still`, a
/// simple lossy WebP of that size, with an EXIF chunk holding the canary.
pub fn animated_webp(still: &[u8], width: u32, height: u32) -> Vec<u8> {
    let frame_chunk = &still[12..]; // the "VP8 " chunk
    let u24 = |n: u32| n.to_le_bytes()[..3].to_vec();
    let chunk = |fourcc: &[u8], data: &[u8]| {
        let pad = vec![0u8; data.len() % 2];
        [fourcc, &(data.len() as u32).to_le_bytes(), data, &pad].concat()
    };
    let canvas = [u24(width - 1), u24(height - 1)].concat();
    let vp8x = chunk(b"VP8X", &[&[0x02 | 0x08, 0, 0, 0][..], &canvas].concat());
    let anim = chunk(b"ANIM", &[255, 255, 255, 255, 0, 0]);
    let frame_header = [u24(0), u24(0), canvas.clone(), u24(100), vec![0]].concat();
    let anmf = chunk(b"ANMF", &[&frame_header[..], frame_chunk].concat());
    let exif = chunk(b"EXIF", &[b"Exif\0\0".as_slice(), CANARY].concat());
    let body = [b"WEBP".as_slice(), &vp8x, &anim, &anmf, &anmf, &exif].concat();
    [
        b"RIFF".as_slice(),
        &(body.len() as u32).to_le_bytes(),
        &body,
    ]
    .concat()
}
