//! A JPEG completeness check. The decoder (zune-jpeg) is lenient: it fills the
//! missing part of a truncated file with grey and reports success, so a cut-off
//! upload would be published half grey. This walk finds out first.

const SOS: u8 = 0xDA;
const EOI: u8 = 0xD9;

/// Whether the JPEG has image data (a start-of-scan) followed by an end-of-image
/// marker. Inside entropy-coded data every 0xFF byte is followed by 0x00 or a
/// restart marker, so an `FF D9` after the first scan can only be the real end.
pub(crate) fn is_complete(bytes: &[u8]) -> bool {
    match first_scan(bytes) {
        Some(scan) => bytes[scan..].windows(2).any(|pair| pair == [0xFF, EOI]),
        None => false,
    }
}

/// The offset just past the first SOS marker, walking the segments before it.
fn first_scan(bytes: &[u8]) -> Option<usize> {
    let mut at = 2; // past SOI
    loop {
        // Markers may be preceded by any number of 0xFF fill bytes.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        at += 2;
        match marker {
            SOS => return Some(at),
            EOI => return None,
            // Standalone markers carry no length.
            0x01 | 0xD0..=0xD7 => {}
            _ => {
                let len = u16::from_be_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]);
                at += usize::from(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(scan_and_end: &[u8]) -> Vec<u8> {
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
        jpeg.extend_from_slice(&[0xFF, SOS, 0x00, 0x02]);
        jpeg.extend_from_slice(scan_and_end);
        jpeg
    }

    #[test]
    fn a_scan_followed_by_the_end_marker_is_complete() {
        assert!(is_complete(&minimal(&[0x12, 0xFF, 0x00, 0x34, 0xFF, EOI])));
    }

    #[test]
    fn a_file_cut_inside_the_scan_is_not() {
        assert!(!is_complete(&minimal(&[0x12, 0xFF, 0x00, 0x34])));
        assert!(!is_complete(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]));
        assert!(!is_complete(&[0xFF, 0xD8]));
    }

    #[test]
    fn an_end_marker_inside_an_app_segment_does_not_count() {
        // An embedded EXIF thumbnail ends with FF D9 long before the scan.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x04, 0xFF, EOI];
        jpeg.extend_from_slice(&[0xFF, SOS, 0x00, 0x02, 0x55]);
        assert!(!is_complete(&jpeg));
    }
}
