//! Metadata written by hand: EXIF with orientation and GPS, XMP, ICC,
//! comments, in JPEG segments and PNG chunks.

use super::make::CANARY;

/// An EXIF APP1 payload ("Exif\0\0" + big-endian TIFF) with IFD0 holding the
/// orientation and a GPS IFD holding latitude 51°30'N and the canary.
pub fn exif(orientation: u16) -> Vec<u8> {
    const IFD0: u32 = 8;
    const GPS_IFD: u32 = IFD0 + 2 + 2 * 12 + 4; // 38
    const LATITUDE: u32 = GPS_IFD + 2 + 3 * 12 + 4; // 80
    const METHOD: u32 = LATITUDE + 24;
    let mut tiff = b"MM\x00\x2a".to_vec();
    tiff.extend(IFD0.to_be_bytes());
    // IFD0: Orientation (SHORT), GPSInfo pointer (LONG).
    tiff.extend(2u16.to_be_bytes());
    tiff.extend(entry(0x0112, 3, 1, u32::from(orientation) << 16));
    tiff.extend(entry(0x8825, 4, 1, GPS_IFD));
    tiff.extend(0u32.to_be_bytes());
    // GPS IFD: LatitudeRef "N", Latitude (3 RATIONAL), ProcessingMethod (canary).
    tiff.extend(3u16.to_be_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_be_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, 5, 3, LATITUDE));
    tiff.extend(entry(0x001B, 7, CANARY.len() as u32, METHOD));
    tiff.extend(0u32.to_be_bytes());
    for (num, den) in [(51u32, 1u32), (30, 1), (0, 1)] {
        tiff.extend(num.to_be_bytes());
        tiff.extend(den.to_be_bytes());
    }
    tiff.extend_from_slice(CANARY);
    [b"Exif\0\0".as_slice(), &tiff].concat()
}

fn entry(tag: u16, kind: u16, count: u32, value: u32) -> Vec<u8> {
    [
        &tag.to_be_bytes()[..],
        &kind.to_be_bytes(),
        &count.to_be_bytes(),
        &value.to_be_bytes(),
    ]
    .concat()
}

/// An XMP packet (as in an APP1 segment) naming the canary.
pub fn xmp() -> Vec<u8> {
    let packet = format!(
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description photoshop:City=\"{}\"/></rdf:RDF></x:xmpmeta>",
        String::from_utf8_lossy(CANARY)
    );
    [
        b"http://ns.adobe.com/xap/1.0/\0".as_slice(),
        packet.as_bytes(),
    ]
    .concat()
}

/// `jpeg` with a segment (`marker`, `payload`) inserted right after SOI.
pub fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let len = (payload.len() + 2) as u16;
    let segment = [&[0xFF, marker][..], &len.to_be_bytes(), payload].concat();
    [&jpeg[..2], &segment, &jpeg[2..]].concat()
}

/// A JPEG carrying everything: EXIF (orientation, GPS), XMP, an ICC profile, a comment.
pub fn jpeg_full_of_metadata(jpeg: &[u8], orientation: u16, icc: &[u8]) -> Vec<u8> {
    let icc_payload = [b"ICC_PROFILE\0\x01\x01".as_slice(), icc].concat();
    let with_icc = with_segment(jpeg, 0xE2, &icc_payload);
    let with_comment = with_segment(&with_icc, 0xFE, CANARY);
    let with_xmp = with_segment(&with_comment, 0xE1, &xmp());
    with_segment(&with_xmp, 0xE1, &exif(orientation))
}

/// `png` with a chunk inserted right after IHDR.
pub fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let after_ihdr = 8 + 8 + 13 + 4;
    let chunk = png_chunk(kind, data);
    [&png[..after_ihdr], &chunk, &png[after_ihdr..]].concat()
}

/// A PNG with eXIf (orientation, GPS), tEXt and iTXt (XMP) chunks.
pub fn png_full_of_metadata(png: &[u8], orientation: u16) -> Vec<u8> {
    let exif_tiff = &exif(orientation)[6..]; // eXIf holds the TIFF without "Exif\0\0"
    let text = [b"Comment\0".as_slice(), CANARY].concat();
    let itxt = [b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), &xmp()[29..]].concat();
    let png = with_chunk(png, b"tEXt", &text);
    let png = with_chunk(&png, b"iTXt", &itxt);
    with_chunk(&png, b"eXIf", exif_tiff)
}

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let body = [kind.as_slice(), data].concat();
    [
        &(data.len() as u32).to_be_bytes()[..],
        &body,
        &crc32(&body).to_be_bytes(),
    ]
    .concat()
}

/// CRC-32 (IEEE), bit by bit: slow and short, enough for a few chunks.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
