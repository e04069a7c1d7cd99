//! Finding, reading and safely rewriting files.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a draft comes from.
#[derive(Clone, Debug)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "docx"];

/// Expands a path: `-` is standard input, a file is itself, a folder is every draft in it
/// (recursively, sorted, hidden folders and `target`/`node_modules` skipped).
pub fn discover(path: &Path) -> Result<Vec<Input>, String> {
    if path == Path::new("-") {
        return Ok(vec![Input::Stdin]);
    }
    let meta = fs::metadata(path).map_err(|e| format!("{}: {}", path.display(), io_msg(&e)))?;
    if meta.is_file() {
        return Ok(vec![Input::File(path.to_path_buf())]);
    }
    let mut out = Vec::new();
    walk(path, &mut out).map_err(|e| format!("{}: {}", path.display(), io_msg(&e)))?;
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

fn io_msg(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Reads a draft: returns its display name, its text (without a byte-order mark) and whether
/// it had one. Invalid UTF-8 is an error naming the file and the first bad byte.
pub fn read(input: &Input) -> Result<(String, String, bool), String> {
    let (display, bytes) = match input {
        Input::Stdin => ("-".to_string(), super::read_stdin().map_err(|e| format!("-: {e}"))?),
        Input::File(p) => {
            let d = p.display().to_string();
            let b = fs::read(p).map_err(|e| format!("{d}: {}", io_msg(&e)))?;
            (d, b)
        }
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{display}: not valid UTF-8 (first invalid byte at offset {}); save the file as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    match text.strip_prefix('\u{feff}') {
        Some(rest) => Ok((display, rest.to_string(), true)),
        None => Ok((display, text, false)),
    }
}

/// Replaces a file's contents atomically: writes a temporary file beside it, copies the
/// permissions, then renames it over the original. On any failure the original is untouched.
/// Refuses to write through a symbolic link.
pub fn write_atomic(path: &Path, text: &str, bom: bool) -> std::io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if meta.file_type().is_symlink() {
        return Err(std::io::Error::other("is a symbolic link; not rewritten"));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    if bom {
        tmp.write_all("\u{feff}".as_bytes())?;
    }
    tmp.write_all(text.as_bytes())?;
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
