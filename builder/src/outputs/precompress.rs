//! `--precompress`: a `.br` and a `.gz` copy beside every text-like file (HTML, JS,
//! CSS, wasm, JSON, XML, SVG) and the search index's `.bin` shards (brotli takes about
//! 30% off a shard, and every query fetches some; `base-df.bin`, read by the next build
//! only, gets none), for hosts that serve precompressed files (nginx's
//! `gzip_static` / `brotli_static`, S3 with Content-Encoding metadata). The output is
//! deterministic: fixed levels, no file names or times in the gzip header.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::BuildError;
use crate::outputs::files::write_file;
use crate::outputs::{publish, search};

/// The extensions that get compressed copies.
pub const EXTENSIONS: &[&str] = &["html", "js", "css", "wasm", "json", "xml", "svg", "bin"];

/// Compresses every eligible file below `dir`; returns how many files were compressed.
pub fn tree(dir: &Path) -> Result<usize, BuildError> {
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            BuildError::io(&path, e.into())
        })?;
        let eligible = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
            // Read by the next build only, never served to a reader.
            && entry.file_name() != search::BASE_DF_PATH;
        if entry.file_type().is_file() && eligible {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(|f| file(f))?;
    Ok(files.len())
}

/// Writes `<path>.gz` and `<path>.br`; when `path` kept its bytes from the previous
/// output, that output's compressed copies are kept instead of compressed again.
pub fn file(path: &Path) -> Result<(), BuildError> {
    let unchanged = publish::is_unchanged(path);
    let with = |ext: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    let gz_path = with(".gz");
    let br_path = with(".br");
    if unchanged && publish::keep_previous(&gz_path) && publish::keep_previous(&br_path) {
        return Ok(());
    }
    let bytes = fs::read(path).map_err(|e| BuildError::io(path, e))?;
    let gz = gzip(&bytes).map_err(|e| BuildError::io(&gz_path, e))?;
    write_file(&gz_path, &gz)?;
    // The bundle's few hashed files get the slowest, smallest setting; the many
    // pages a fast one (quality 11 runs at about 1 MB/s).
    let hashed = path
        .file_name()
        .is_some_and(|n| crate::outputs::files::is_hashed(&n.to_string_lossy()));
    let quality = if hashed { 11 } else { 9 };
    let br = brotli(&bytes, quality).map_err(|e| BuildError::io(&br_path, e))?;
    write_file(&br_path, &br)
}

pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    // GzBuilder writes mtime 0 and no file name unless told otherwise.
    let mut enc = flate2::GzBuilder::new().write(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    enc.finish()
}

pub fn brotli(bytes: &[u8], quality: i32) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn both_encodings_round_trip_and_repeat_byte_for_byte() {
        let text = "<p>澜港日报 harbour news</p>".repeat(50);
        let gz = gzip(text.as_bytes()).unwrap();
        assert_eq!(gz, gzip(text.as_bytes()).unwrap());
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let br = brotli(text.as_bytes(), 11).unwrap();
        assert_eq!(br, brotli(text.as_bytes(), 11).unwrap());
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
        assert!(br.len() < text.len() / 5 && gz.len() < text.len() / 5);
    }

    #[test]
    fn only_text_like_files_get_compressed_copies() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "<p>x</p>").unwrap();
        fs::write(dir.path().join("photo.jpg"), "jpg").unwrap();
        fs::write(dir.path().join("shard.bin"), "T1").unwrap();
        assert_eq!(tree(dir.path()).unwrap(), 2);
        assert!(dir.path().join("shard.bin.br").is_file());
        assert!(dir.path().join("index.html.br").is_file());
        assert!(dir.path().join("index.html.gz").is_file());
        assert!(!dir.path().join("photo.jpg.gz").exists());
    }
}
