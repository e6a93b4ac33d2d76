//! WebP container (RIFF) structure: finds an animation and drops the metadata
//! chunks (ICCP, EXIF, XMP) and their VP8X flags, copying the rest verbatim.
//! Also catches a file cut short before the decoder sees it.

use crate::container::{WalkError, Walked};

const ANIMATION_FLAG: u8 = 0x02;
/// VP8X flags announcing an ICC profile, EXIF and XMP.
const METADATA_FLAGS: u8 = 0x20 | 0x08 | 0x04;
const METADATA_CHUNKS: [&[u8; 4]; 3] = [b"ICCP", b"EXIF", b"XMP "];

/// Walks the chunks of a WebP (whose magic was already checked).
pub(crate) fn inspect(bytes: &[u8]) -> Result<Walked, WalkError> {
    let header = bytes.get(..12).ok_or(WalkError::Truncated)?;
    let riff_end = 8 + le(&header[4..8]);
    let body = bytes.get(..riff_end).ok_or(WalkError::Truncated)?;
    let mut walked = Walked {
        width: 0,
        height: 0,
        animated: false,
        stripped: header.to_vec(),
    };
    let mut at = 12;
    while at < body.len() {
        let chunk_header = body.get(at..at + 8).ok_or(WalkError::Truncated)?;
        let data_end = at + 8 + le(&chunk_header[4..8]);
        let data = body.get(at + 8..data_end).ok_or(WalkError::Truncated)?;
        if &chunk_header[..4] == b"VP8X" {
            read_vp8x(data, &mut walked)?;
        }
        let end = (data_end + data_end % 2).min(body.len()); // chunks are padded to even
        if !METADATA_CHUNKS.contains(&chunk_header[..4].try_into().unwrap()) {
            walked.stripped.extend_from_slice(&body[at..end]);
        }
        at = end;
    }
    finish(&mut walked.stripped);
    Ok(walked)
}

fn read_vp8x(data: &[u8], walked: &mut Walked) -> Result<(), WalkError> {
    let fields = data
        .get(..10)
        .ok_or_else(|| WalkError::Damaged("VP8X chunk too short".into()))?;
    walked.animated = fields[0] & ANIMATION_FLAG != 0;
    walked.width = 1 + le(&fields[4..7]) as u32;
    walked.height = 1 + le(&fields[7..10]) as u32;
    Ok(())
}

/// Clears the metadata flags and sets the RIFF size to what is left.
fn finish(stripped: &mut [u8]) {
    if stripped.get(12..16) == Some(b"VP8X") && stripped.len() > 20 {
        stripped[20] &= !METADATA_FLAGS;
    }
    let size = (stripped.len() - 8) as u32;
    stripped[4..8].copy_from_slice(&size.to_le_bytes());
}

/// A little-endian number of up to 4 bytes.
fn le(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .rev()
        .fold(0, |n, &b| (n << 8) | usize::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let pad = if data.len() % 2 == 1 { &[0u8][..] } else { &[] };
        [&fourcc[..], &(data.len() as u32).to_le_bytes(), data, pad].concat()
    }

    fn riff(chunks: &[Vec<u8>]) -> Vec<u8> {
        let body = [b"WEBP".to_vec(), chunks.concat()].concat();
        [
            b"RIFF".to_vec(),
            (body.len() as u32).to_le_bytes().to_vec(),
            body,
        ]
        .concat()
    }

    fn vp8x(flags: u8) -> Vec<u8> {
        // canvas 300×200, stored minus one in 24 bits
        chunk(b"VP8X", &[flags, 0, 0, 0, 43, 1, 0, 199, 0, 0])
    }

    #[test]
    fn metadata_chunks_and_flags_go_frames_stay() {
        let frames = [
            chunk(b"ANIM", &[0; 6]),
            chunk(b"ANMF", b"frame-1"),
            chunk(b"ANMF", b"frame-2"),
        ];
        let exif = chunk(b"EXIF", b"Exif\0\0secret");
        let source = riff(&[vec![vp8x(0x02 | 0x08)], frames.to_vec(), vec![exif]].concat());
        let walked = inspect(&source).unwrap();
        assert_eq!(
            (walked.width, walked.height, walked.animated),
            (300, 200, true)
        );
        let expected = riff(&[vec![vp8x(0x02)], frames.to_vec()].concat());
        assert_eq!(walked.stripped, expected);
    }

    #[test]
    fn a_simple_still_is_kept_as_it_is() {
        let still = riff(&[chunk(b"VP8 ", b"0123456789")]);
        let walked = inspect(&still).unwrap();
        assert!(!walked.animated);
        assert_eq!(walked.stripped, still);
    }

    #[test]
    fn cut_files_are_truncated() {
        let still = riff(&[vp8x(0), chunk(b"VP8 ", b"0123456789")]);
        for cut in [3, 11, 20, still.len() - 4] {
            assert_eq!(
                inspect(&still[..cut]).unwrap_err(),
                WalkError::Truncated,
                "{cut}"
            );
        }
    }
}
