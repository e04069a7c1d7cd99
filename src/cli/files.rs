//! Finding, reading and safely rewriting files.
//!
//! `--fix` writes a file the way a careful editor saves it:
//! - the new text goes to a temporary file beside the draft (named
//!   `.<draft>.lectern-<pid>-<random>.tmp`), which is flushed to disk first;
//! - the owner, group and permissions are copied to it, and it is renamed over the draft;
//! - when that would change the file's identity — a draft with hard links, or an owner or group
//!   that cannot be copied — the text is copied back into the draft itself instead, so that the
//!   links, owner, group and mode stay as they were;
//! - a draft that changed after it was read (size, modification time or inode) is not written;
//! - a read-only draft is not written unless `--force`; a symbolic link is never written through;
//! - temporary files are removed on SIGINT, SIGTERM and SIGHUP ([`install_signal_cleanup`]), and
//!   those that an earlier, killed run left are removed on start-up ([`remove_stale_temps`]).

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use std::sync::Mutex;

use crate::analysis::Locale;

/// Where a draft comes from.
#[derive(Clone, Debug)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text", "docx"];

/// What a path expanded to: the drafts, and notes about what was skipped (printed, not errors).
#[derive(Debug, Default)]
pub struct Found {
    pub inputs: Vec<Input>,
    pub notes: Vec<String>,
}

fn has_draft_extension(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    ext.is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// Expands a path: `-` is standard input, a file is itself, a folder is every draft in it
/// (recursively, sorted, hidden folders and `target`/`node_modules` skipped). A folder walk does
/// not follow symbolic links (so it cannot loop): each linked draft or folder it meets is named in
/// a note. A path that is neither a regular file nor a folder (a FIFO, a device, a socket) is an
/// error saying so.
pub fn discover(path: &Path, locale: Locale) -> Result<Found, String> {
    if path == Path::new("-") {
        return Ok(Found { inputs: vec![Input::Stdin], notes: Vec::new() });
    }
    let meta = fs::metadata(path).map_err(|e| format!("{}: {}", path.display(), io_msg(&e, locale)))?;
    if meta.is_file() {
        return Ok(Found { inputs: vec![Input::File(path.to_path_buf())], notes: Vec::new() });
    }
    if !meta.is_dir() {
        return Err(format!("{}: {}", path.display(), not_regular(&meta, locale)));
    }
    let mut out = Vec::new();
    let mut notes = Vec::new();
    walk(path, &mut out, &mut notes, locale).map_err(|e| format!("{}: {}", path.display(), io_msg(&e, locale)))?;
    out.sort();
    Ok(Found { inputs: out.into_iter().map(Input::File).collect(), notes })
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, notes: &mut Vec<String>, locale: Locale) -> std::io::Result<()> {
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
            walk(&path, out, notes, locale)?;
        } else if ft.is_file() {
            // `~$讲话稿.docx` is the lock file Word keeps beside an open document, not a draft.
            if has_draft_extension(&path) && !name.starts_with("~$") {
                out.push(path);
            }
        } else if ft.is_symlink() {
            let to_dir = fs::metadata(&path).is_ok_and(|m| m.is_dir());
            if (to_dir && !name.starts_with('.')) || has_draft_extension(&path) {
                notes.push(format!(
                    "{}: {}",
                    path.display(),
                    locale.pick(
                        "符号链接，检查文件夹时不跟随（以免循环）；要检查它，请直接给出这个路径",
                        "a symbolic link: folder walks do not follow links (so they cannot loop); name it to check it",
                    )
                ));
            }
        } else if has_draft_extension(&path) {
            if let Ok(m) = entry.metadata() {
                notes.push(format!("{}: {}", path.display(), not_regular(&m, locale)));
            }
        }
    }
    Ok(())
}

/// Why a path that is not a regular file is not read.
fn not_regular(meta: &fs::Metadata, locale: Locale) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let ft = meta.file_type();
        let (zh, en) = if ft.is_fifo() {
            ("命名管道（FIFO）", "a named pipe (FIFO)")
        } else if ft.is_char_device() || ft.is_block_device() {
            ("设备文件", "a device")
        } else if ft.is_socket() {
            ("套接字", "a socket")
        } else {
            ("特殊文件", "a special file")
        };
        locale.pick(format!("是{zh}，不是普通文件，未读取"), format!("is {en}, not a regular file; not read"))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        locale.pick("不是普通文件，未读取", "not a regular file; not read").to_string()
    }
}

fn io_msg(e: &std::io::Error, locale: Locale) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => locale.pick("文件或文件夹不存在", "no such file or folder").to_string(),
        std::io::ErrorKind::PermissionDenied => locale.pick("没有权限", "permission denied").to_string(),
        _ => e.to_string(),
    }
}

/// What a file looked like when it was read; compared again just before a fix is written, so
/// that a draft changed in between (appended to, saved by an editor, replaced) is not
/// overwritten.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    dev: u64,
    ino: u64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0, 0);
        Stamp { len: meta.len(), modified: meta.modified().ok(), dev, ino }
    }
}

/// A draft as read.
#[derive(Debug)]
pub struct Draft {
    pub display: String,
    /// The text, without a byte-order mark.
    pub text: String,
    pub bom: bool,
    /// The file's state when it was read (`None` for standard input).
    pub stamp: Option<Stamp>,
    /// The encoding the file was stored in (and is written back in).
    pub encoding: &'static Encoding,
}

/// The outcome of reading an input.
#[derive(Debug)]
pub enum Loaded {
    Draft(Draft),
    /// Larger than `max_document_size`: not read (files) or not analysed (standard input,
    /// whose bytes are kept in `raw` so that `--fix` can pass them through unchanged).
    TooLarge {
        display: String,
        bytes: u64,
        raw: Vec<u8>,
    },
}

/// Reads a draft. A file larger than `max` bytes is not read; a path that is not a regular file
/// is an error saying what it is (it is never opened, so a FIFO cannot block); invalid UTF-8 is
/// an error naming the file and the first bad byte.
pub fn read(input: &Input, max: usize, locale: Locale) -> Result<Loaded, String> {
    let (display, bytes, stamp) = match input {
        Input::Stdin => ("-".to_string(), super::read_stdin().map_err(|e| format!("-: {e}"))?, None),
        Input::File(p) => {
            let d = p.display().to_string();
            let meta = fs::metadata(p).map_err(|e| format!("{d}: {}", io_msg(&e, locale)))?;
            if !meta.is_file() {
                return Err(format!("{d}: {}", not_regular(&meta, locale)));
            }
            if meta.len() > max as u64 {
                return Ok(Loaded::TooLarge { display: d, bytes: meta.len(), raw: Vec::new() });
            }
            let (bytes, stamp) = read_regular(p).map_err(|e| format!("{d}: {}", io_msg(&e, locale)))?;
            (d, bytes, Some(stamp))
        }
    };
    if bytes.len() > max {
        return Ok(Loaded::TooLarge { display, bytes: bytes.len() as u64, raw: bytes });
    }
    let (text, bom, encoding) = decode(&display, bytes, locale)?;
    Ok(Loaded::Draft(Draft { display, text, bom, stamp, encoding }))
}

/// Opens a regular file without blocking (should it have been replaced by a FIFO since it was
/// looked at), checks that it is still one, and reads it. The stamp is taken before reading, so
/// a write during the read shows as a change.
fn read_regular(path: &Path) -> std::io::Result<(Vec<u8>, Stamp)> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let stamp = Stamp::of(&meta);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok((bytes, stamp))
}

/// The text of a draft's bytes (without a byte-order mark) and whether it had one.
/// Decodes a draft's bytes. UTF-8 (with or without a byte-order mark) is taken as it is.
/// Anything else is detected with `chardetng` among the encodings Chinese tools write:
/// GBK and GB18030 (read as GB18030, its superset) and Big5; the bytes must decode without a
/// single replacement, so that writing the text back loses nothing.
fn decode(display: &str, bytes: Vec<u8>, locale: Locale) -> Result<(String, bool, &'static Encoding), String> {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            return Ok(match text.strip_prefix('\u{feff}') {
                Some(rest) => (rest.to_string(), true, encoding_rs::UTF_8),
                None => (text, false, encoding_rs::UTF_8),
            })
        }
        Err(e) => e,
    };
    let at = bytes.utf8_error().valid_up_to();
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
    Err(locale.pick(
        format!("{display}：无法读取：既不是 UTF-8，也不是 GB18030/GBK 或 Big5 编码（第 {at} 字节起无效）；请将文件另存为 UTF-8"),
        format!("{display}: cannot read: neither UTF-8 nor GB18030/GBK or Big5 (invalid bytes from offset {at}); save the file as UTF-8"),
    ))
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

/// The bytes to write for `text` in the encoding the draft was read in. `Err` when the
/// encoding cannot represent a character of the text (never for UTF-8 and GB18030).
pub fn encode<'t>(text: &'t str, bom: bool, encoding: &'static Encoding) -> Result<std::borrow::Cow<'t, [u8]>, char> {
    if encoding == encoding_rs::UTF_8 {
        if !bom {
            // the text's own bytes: a large draft is not copied
            return Ok(std::borrow::Cow::Borrowed(text.as_bytes()));
        }
        let mut out = Vec::with_capacity(text.len() + 3);
        if bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        return Ok(std::borrow::Cow::Owned(out));
    }
    let (bytes, _, had_errors) = encoding.encode(text);
    if had_errors {
        let bad = text.chars().find(|c| {
            let mut b = [0u8; 4];
            encoding.encode(c.encode_utf8(&mut b)).2
        });
        return Err(bad.unwrap_or('\u{fffd}'));
    }
    Ok(std::borrow::Cow::Owned(bytes.into_owned()))
}

/// The temporary files this process has open, removed by the signal handler. Creating a
/// temporary file and putting it in place both happen under this lock, so a signal never
/// interrupts either half-way: the handler waits for the lock, removes what is listed, and exits.
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temps() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    TEMPS.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

const TEMP_MARK: &str = ".lectern-";
const TEMP_SUFFIX: &str = ".tmp";

/// Removes this process's temporary files when it is interrupted (SIGINT, SIGTERM, SIGHUP),
/// then exits with 128 + the signal's number. Call once, before writing any file.
pub fn install_signal_cleanup() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
        let _ = std::thread::Builder::new().name("lectern-signals".into()).spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let list = temps();
                for p in list.iter() {
                    let _ = fs::remove_file(p);
                }
                // Exit while holding the lock: no other thread can start putting a file in place.
                std::process::exit(128 + sig);
            }
        });
    }
}

/// The process id in a temporary file's name (`.<draft>.lectern-<pid>-<random>.tmp`).
fn temp_pid(name: &str) -> Option<u32> {
    if !name.starts_with('.') || !name.ends_with(TEMP_SUFFIX) {
        return None;
    }
    let at = name.rfind(TEMP_MARK)?;
    let rest = name.get(at + TEMP_MARK.len()..)?;
    let (pid, random) = rest.split_once('-')?;
    if random.len() <= TEMP_SUFFIX.len() {
        return None;
    }
    pid.parse().ok()
}

fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Elsewhere no cheap check: assume alive (never remove another run's file).
        true
    }
}

/// Removes temporary files that an earlier lectern run, killed while writing, left in `dir`
/// (`.<draft>.lectern-<pid>-<random>.tmp` whose process is gone). Returns the removed paths.
pub fn remove_stale_temps(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else { return removed };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else { continue };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        let regular = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if regular && fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed
}

/// Whether the draft may not be written: no write permission bit at all, or (Linux) this user
/// may not write it.
fn read_only(path: &Path, meta: &fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return true;
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        if let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) {
            // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
            return unsafe { libc::access(c.as_ptr(), libc::W_OK) } != 0;
        }
    }
    let _ = path;
    false
}

/// Replaces a file's contents with `bytes` (the final bytes: byte-order mark and encoding
/// already applied) the way an editor saves (see the module documentation). `stamp` is the
/// file's state when it was read; a file changed since then is not written. A read-only file is
/// written only when `force`. On any failure the original is untouched and the message says why,
/// in `locale` (an in-place copy that fails half-way keeps the fixed text in `<draft>.lectern-fixed`
/// and says so).
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    stamp: Option<&Stamp>,
    force: bool,
    locale: Locale,
) -> Result<(), String> {
    let d = path.display();
    let io = |e: std::io::Error| format!("{d}: {}", io_msg(&e, locale));
    let meta = fs::symlink_metadata(path).map_err(io)?;
    if meta.file_type().is_symlink() {
        return Err(format!("{d}: {}", locale.pick("是符号链接，未改写", "is a symbolic link; not rewritten")));
    }
    if !meta.is_file() {
        return Err(format!("{d}: {}", not_regular(&meta, locale)));
    }
    if stamp.is_some_and(|s| *s != Stamp::of(&meta)) {
        return Err(changed(path, locale));
    }
    if !force && read_only(path, &meta) {
        return Err(format!(
            "{d}: {}",
            locale.pick(
                "文件是只读的，未写入修复（确需改写请加 --force）",
                "the file is read-only; fixes not written (add --force to write it anyway)",
            )
        ));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prefix = format!(".{name}{TEMP_MARK}{}-", std::process::id());
    let tmp = {
        let mut list = temps();
        let tmp = tempfile::Builder::new().prefix(&prefix).suffix(TEMP_SUFFIX).tempfile_in(dir).map_err(io)?;
        list.push(tmp.path().to_path_buf());
        tmp
    };
    let tmp_path = tmp.path().to_path_buf();
    let outcome = commit(tmp, path, bytes, &meta, locale);
    temps().retain(|x| *x != tmp_path);
    outcome
}

/// Fills the temporary file and puts the text in place (a rename, or a copy into the draft).
fn commit(
    mut tmp: tempfile::NamedTempFile,
    path: &Path,
    bytes: &[u8],
    meta: &fs::Metadata,
    locale: Locale,
) -> Result<(), String> {
    let d = path.display();
    let io = |e: std::io::Error| format!("{d}: {}", io_msg(&e, locale));
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    let in_place = !same_owner_and_mode(tmp.as_file(), meta);
    pause_for_tests();
    // From here on a signal waits until the draft is whole again.
    let _lock = temps();
    let now = fs::symlink_metadata(path).map_err(io)?;
    if Stamp::of(&now) != Stamp::of(meta) {
        return Err(changed(path, locale));
    }
    if !in_place {
        return tmp.persist(path).map(drop).map_err(|e| io(e.error));
    }
    match copy_back(path, bytes, meta) {
        Ok(()) => Ok(()),
        Err(e) => {
            // The draft may be half-written: keep the full fixed text where the user can find it.
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let keep = path.with_file_name(format!("{name}.lectern-fixed"));
            let kept = tmp.persist_noclobber(&keep).is_ok();
            let (zh, en) = if kept {
                (
                    format!("；修复后的全文已保存为 {}", keep.display()),
                    format!("; the fixed text is in {}", keep.display()),
                )
            } else {
                (String::new(), String::new())
            };
            Err(format!("{}{}", io(e), locale.pick(zh, en)))
        }
    }
}

fn changed(path: &Path, locale: Locale) -> String {
    format!(
        "{}: {}",
        path.display(),
        locale.pick(
            "读取后文件被修改过（大小、修改时间或 inode 变了），未写入修复；请重新运行",
            "the file changed after lectern read it (size, modification time or inode); fixes not written, run again",
        )
    )
}

/// Gives the temporary file the draft's owner, group and permissions. `false` when they cannot
/// be copied, or when the draft has other hard links: then a rename would change what the
/// draft's names point to, and the text is copied back into the draft instead.
fn same_owner_and_mode(tmp: &fs::File, meta: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return false;
        }
        let Ok(now) = tmp.metadata() else { return false };
        if (now.uid(), now.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::fchown(tmp, Some(meta.uid()), Some(meta.gid())).is_err()
        {
            return false;
        }
    }
    // After the owner: changing the owner clears set-user-id bits.
    tmp.set_permissions(meta.permissions()).is_ok()
}

/// Writes `bytes` into the draft itself (same inode: links, owner, group and mode stay), after
/// checking that it is still the file that was read.
fn copy_back(path: &Path, bytes: &[u8], meta: &fs::Metadata) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    if Stamp::of(&file.metadata()?) != Stamp::of(meta) {
        return Err(std::io::Error::other("the file changed while it was being fixed"));
    }
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Tests only (debug builds): waits `LECTERN_TEST_PAUSE_BEFORE_COMMIT` milliseconds with the
/// temporary file written, so that a test can interrupt the process or change the draft then.
fn pause_for_tests() {
    if cfg!(debug_assertions) {
        if let Some(ms) = std::env::var("LECTERN_TEST_PAUSE_BEFORE_COMMIT").ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_carry_the_process_id() {
        assert_eq!(temp_pid(".讲话.txt.lectern-4242-a1B2c3.tmp"), Some(4242));
        assert_eq!(temp_pid(".a.lectern-notes.txt.lectern-7-xyzxyz.tmp"), Some(7));
        assert_eq!(temp_pid("a.lectern-1-abc.tmp"), None);
        assert_eq!(temp_pid(".a.lectern-x-abc.tmp"), None);
        assert_eq!(temp_pid(".a.lectern-1-.tmp"), None);
        assert_eq!(temp_pid(".a.txt"), None);
    }
}
