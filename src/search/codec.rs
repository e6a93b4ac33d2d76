//! Byte-level pieces shared by the index files: FNV-1a, LEB128 varints and the
//! common header/trailer of every binary file.
//!
//! Binary file = `magic u8, version u8, build u32 LE, number varint, body…,
//! checksum u32 LE` where the checksum is FNV-1a 32 of all bytes before it.

/// Version of the binary files and of `index.txt`.
pub const FORMAT_VERSION: u32 = 2;
/// Version of the tokenizer; an index built by another version is not read (2: English
/// plurals folded; 3: and the `e` of `-sses`, `-ches`, `-shes`, `-xes`, `-zzes`).
pub const TOKENIZER_VERSION: u32 = 3;

pub const MAGIC_TERMS: u8 = b'T';
pub const MAGIC_POSITIONS: u8 = b'P';
pub const MAGIC_FILTER: u8 = b'F';

/// FNV-1a 32 of `bytes` continuing from `hash` (start with [`FNV_START`]).
pub fn fnv1a_from(mut hash: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    hash
}

/// FNV-1a 32 offset basis.
pub const FNV_START: u32 = 0x811C_9DC5;

/// FNV-1a 32 of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u32 {
    fnv1a_from(FNV_START, bytes)
}

/// A reading position in untrusted bytes: every read is checked.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }

    /// LEB128, at most 5 bytes, rejecting values above `u32::MAX`.
    pub fn varint(&mut self) -> Option<u32> {
        let mut value: u32 = 0;
        for shift in [0, 7, 14, 21, 28] {
            let b = self.byte()?;
            let part = u32::from(b & 0x7F);
            if shift == 28 && part > 0x0F {
                return None;
            }
            value |= part << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    pub fn u32_le(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([
            *b.first()?,
            *b.get(1)?,
            *b.get(2)?,
            *b.get(3)?,
        ]))
    }
}

/// Header fields of a binary index file.
pub struct Header {
    pub build: u32,
    pub number: u32,
}

/// Checks the magic, version and checksum of a binary file; returns its
/// header and a cursor over its body (trailer excluded).
pub fn open(bytes: &[u8], magic: u8) -> Option<(Header, Cursor<'_>)> {
    let body_end = bytes.len().checked_sub(4)?;
    let (content, trailer) = (bytes.get(..body_end)?, bytes.get(body_end..)?);
    if Cursor::new(trailer).u32_le()? != fnv1a(content) {
        return None;
    }
    let mut c = Cursor::new(content);
    if c.byte()? != magic || u32::from(c.byte()?) != FORMAT_VERSION {
        return None;
    }
    let build = c.u32_le()?;
    let number = c.varint()?;
    Some((Header { build, number }, c))
}
