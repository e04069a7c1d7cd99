//! Finding, reading and safely rewriting files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::analysis::Locale;

/// Where a draft comes from.
#[derive(Clone, Debug)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "docx"];

/// Expands a path: `-` is standard input, a file is itself, a folder is every draft in it
/// (recursively, sorted, hidden folders and `target`/`node_modules` skipped).
pub fn discover(path: &Path, locale: Locale) -> Result<Vec<Input>, String> {
    if path == Path::new("-") {
        return Ok(vec![Input::Stdin]);
    }
    let meta = fs::metadata(path).map_err(|e| format!("{}: {}", path.display(), io_msg(&e, locale)))?;
    if meta.is_file() {
        return Ok(vec![Input::File(path.to_path_buf())]);
    }
    let mut out = Vec::new();
    walk(path, &mut out).map_err(|e| format!("{}: {}", path.display(), io_msg(&e, locale)))?;
    out.sort();
    Ok(out.into_iter().map(Input::File).collect())
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ft = entry.file_type()?;
        if ft.is_dir() {
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            walk(&path, out)?;
        } else if ft.is_file() {
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            // `~$讲话稿.docx` is the lock file Word keeps beside an open document, not a draft.
            if ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str())) && !name.starts_with("~$") {
                out.push(path);
            }
        }
    }
    Ok(())
}

fn io_msg(e: &std::io::Error, locale: Locale) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => locale.pick("找不到该文件或文件夹", "no such file or folder").to_string(),
        std::io::ErrorKind::PermissionDenied => locale.pick("没有读写权限", "permission denied").to_string(),
        _ => e.to_string(),
    }
}

/// A draft as read: its display name, its text (without a byte-order mark), whether it had a
/// UTF-8 byte-order mark, and the encoding it was stored in (and is written back in).
pub struct Draft {
    pub display: String,
    pub text: String,
    pub bom: bool,
    pub encoding: &'static Encoding,
}

/// The name of an encoding as reported to people and in JSON: `utf-8`, `gb18030`, `big5`.
pub fn encoding_name(e: &'static Encoding) -> &'static str {
    if e == encoding_rs::UTF_8 {
        "utf-8"
    } else if e == encoding_rs::BIG5 {
        "big5"
    } else {
        "gb18030"
    }
}

/// Decodes a draft's bytes. UTF-8 (with or without a byte-order mark) is taken as it is.
/// Anything else is detected with `chardetng` among the encodings Chinese tools write:
/// GBK and GB18030 (read as GB18030, its superset) and Big5; the bytes must decode without a
/// single replacement, so that writing the text back loses nothing. `Err` carries the offset
/// of the first byte that is not UTF-8.
pub fn decode(bytes: Vec<u8>) -> Result<(String, bool, &'static Encoding), usize> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(match text.strip_prefix('\u{feff}') {
                Some(rest) => (rest.to_string(), true, encoding_rs::UTF_8),
                None => (text, false, encoding_rs::UTF_8),
            })
        }
        Err(e) => e,
    };
    let bad_at = bytes.utf8_error().valid_up_to();
    let bytes = bytes.into_bytes();
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let candidates: &[&'static Encoding] =
        if guess == encoding_rs::BIG5 { &[encoding_rs::BIG5, encoding_rs::GB18030] } else { &[encoding_rs::GB18030] };
    for &enc in candidates {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(&bytes) {
            return Ok((text.into_owned(), false, enc));
        }
    }
    Err(bad_at)
}

/// The bytes to write for `text` in the encoding the draft was read in. `Err` when the
/// encoding cannot represent a character of the text (never for UTF-8 and GB18030).
pub fn encode(text: &str, bom: bool, encoding: &'static Encoding) -> Result<Vec<u8>, char> {
    if encoding == encoding_rs::UTF_8 {
        let mut out = Vec::with_capacity(text.len() + 3);
        if bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        return Ok(out);
    }
    let (bytes, _, had_errors) = encoding.encode(text);
    if had_errors {
        let bad = text.chars().find(|c| {
            let mut b = [0u8; 4];
            encoding.encode(c.encode_utf8(&mut b)).2
        });
        return Err(bad.unwrap_or('\u{fffd}'));
    }
    Ok(bytes.into_owned())
}

/// Reads a draft in UTF-8, GB18030/GBK or Big5 (see [`decode`]). An undecodable file is an
/// error naming the file and the first bad byte, in the locale's language.
pub fn read(input: &Input, locale: Locale) -> Result<Draft, String> {
    let (display, bytes) = match input {
        Input::Stdin => ("-".to_string(), super::read_stdin().map_err(|e| format!("-: {e}"))?),
        Input::File(p) => {
            let d = p.display().to_string();
            let b = fs::read(p).map_err(|e| format!("{d}: {}", io_msg(&e, locale)))?;
            (d, b)
        }
    };
    match decode(bytes) {
        Ok((text, bom, encoding)) => Ok(Draft { display, text, bom, encoding }),
        Err(at) => Err(match locale {
            Locale::ZhCn => format!(
                "{display}：无法读取：既不是 UTF-8，也不是 GB18030/GBK 或 Big5 编码（第 {at} 字节起无效）；请将文件另存为 UTF-8"
            ),
            Locale::En => format!(
                "{display}: cannot read: neither UTF-8 nor GB18030/GBK or Big5 (invalid bytes from offset {at}); save the file as UTF-8"
            ),
        }),
    }
}

/// Replaces a file's contents atomically: writes a temporary file beside it, copies the
/// permissions, then renames it over the original. On any failure the original is untouched.
/// Refuses to write through a symbolic link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other("is a symbolic link; not rewritten"));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    fs::set_permissions(tmp.path(), meta.permissions())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Whether a file found under `root` passes the include/exclude globs (matched against the
/// path relative to `root`, and against the bare path).
pub fn selected(file: &Path, root: &Path, include: &[String], exclude: &[String]) -> bool {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let matches = |globs: &[String]| {
        globs.iter().filter_map(|g| globset::Glob::new(g).ok()).any(|g| {
            let m = g.compile_matcher();
            m.is_match(rel) || m.is_match(file)
        })
    };
    (include.is_empty() || matches(include)) && !matches(exclude)
}
