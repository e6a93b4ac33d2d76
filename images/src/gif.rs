//! GIF structure: counts the frames without decoding them, and drops the
//! metadata blocks (comments, XMP, ICC, any application block but the loop
//! count) while copying every frame byte for byte.

use crate::container::{WalkError, Walked};

const TRAILER: u8 = 0x3B;
const IMAGE: u8 = 0x2C;
const EXTENSION: u8 = 0x21;
const GRAPHIC_CONTROL: u8 = 0xF9;
const PLAIN_TEXT: u8 = 0x01;
const APPLICATION: u8 = 0xFF;

/// Walks the blocks of a GIF (whose magic was already checked).
pub(crate) fn inspect(bytes: &[u8]) -> Result<Walked, WalkError> {
    let screen = bytes.get(..13).ok_or(WalkError::Truncated)?;
    let width = u32::from(u16::from_le_bytes([screen[6], screen[7]]));
    let height = u32::from(u16::from_le_bytes([screen[8], screen[9]]));
    let mut at = 13 + colour_table_len(screen[10]);
    let mut stripped = bytes.get(..at).ok_or(WalkError::Truncated)?.to_vec();
    let mut frames = 0;
    loop {
        let block = *bytes.get(at).ok_or(WalkError::Truncated)?;
        let end = match block {
            TRAILER => {
                stripped.push(TRAILER);
                return Ok(Walked {
                    width,
                    height,
                    animated: frames > 1,
                    stripped,
                });
            }
            IMAGE => {
                frames += 1;
                image_block_end(bytes, at)?
            }
            EXTENSION => sub_blocks_end(bytes, at + 2)?,
            other => {
                return Err(WalkError::Damaged(format!(
                    "unknown block type 0x{other:02x}"
                )))
            }
        };
        if block == IMAGE || is_kept_extension(&bytes[at..end]) {
            stripped.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
}

/// Bytes of the colour table announced by a packed-fields byte.
fn colour_table_len(packed: u8) -> usize {
    if packed & 0x80 == 0 {
        0
    } else {
        3 << ((packed & 0x07) + 1)
    }
}

/// The end of an image block: descriptor, local colour table, LZW code size, data.
fn image_block_end(bytes: &[u8], at: usize) -> Result<usize, WalkError> {
    let packed = *bytes.get(at + 9).ok_or(WalkError::Truncated)?;
    let data = at + 10 + colour_table_len(packed) + 1;
    sub_blocks_end(bytes, data)
}

/// The offset past a chain of length-prefixed sub-blocks ending with a zero length.
fn sub_blocks_end(bytes: &[u8], mut at: usize) -> Result<usize, WalkError> {
    loop {
        let len = usize::from(*bytes.get(at).ok_or(WalkError::Truncated)?);
        at += 1 + len;
        if len == 0 {
            return Ok(at);
        }
        if at > bytes.len() {
            return Err(WalkError::Truncated);
        }
    }
}

/// Extensions that change what is shown: frame timing, drawn text, loop count.
fn is_kept_extension(block: &[u8]) -> bool {
    match block[1] {
        GRAPHIC_CONTROL | PLAIN_TEXT => true,
        APPLICATION => {
            let id = block.get(3..14).unwrap_or_default();
            id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0"
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 1×1 GIF: header, screen without colour table, `blocks`, trailer.
    fn gif(blocks: &[&[u8]]) -> Vec<u8> {
        let mut out = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
        for block in blocks {
            out.extend_from_slice(block);
        }
        out.push(TRAILER);
        out
    }

    const FRAME: &[u8] = b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0";
    const COMMENT: &[u8] = b"\x21\xfe\x05hello\0";
    const LOOP: &[u8] = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\0\0\0";
    const XMP: &[u8] = b"\x21\xff\x0bXMP DataXMP\x03abc\0";

    #[test]
    fn frames_are_counted_and_metadata_dropped() {
        let info = inspect(&gif(&[LOOP, COMMENT, FRAME, XMP, FRAME])).unwrap();
        assert_eq!((info.width, info.height, info.animated), (1, 1, true));
        assert!(!inspect(&gif(&[FRAME])).unwrap().animated);
        assert_eq!(info.stripped, gif(&[LOOP, FRAME, FRAME]));
    }

    #[test]
    fn a_clean_file_is_kept_byte_for_byte() {
        let clean = gif(&[LOOP, FRAME, FRAME]);
        assert_eq!(inspect(&clean).unwrap().stripped, clean);
    }

    #[test]
    fn cut_files_are_truncated_and_garbage_is_damaged() {
        let whole = gif(&[FRAME, FRAME]);
        for cut in [5, 13, 20, whole.len() - 1] {
            assert_eq!(
                inspect(&whole[..cut]).unwrap_err(),
                WalkError::Truncated,
                "{cut}"
            );
        }
        assert!(matches!(
            inspect(&gif(&[b"\x99"])),
            Err(WalkError::Damaged(_))
        ));
    }
}
