//! A guard in front of the protocol reader: it re-frames standard input and replaces a
//! message whose body is not JSON by a `lectern/invalidMessage` notification.
//!
//! Why: tower-lsp-server's reader (tokio-util's `FramedRead`) stops reading for good after the
//! first undecodable frame, so one garbled message would end the session. With this guard the
//! server logs the bad message and keeps serving.

use serde::Deserialize;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream, ReadBuf};

/// The notification a garbled message is replaced by.
pub const INVALID_MESSAGE: &str = "lectern/invalidMessage";
/// The request a malformed message with a usable `id` is replaced by (answered with an error).
pub const INVALID_REQUEST: &str = "lectern/invalidRequest";

/// Just enough of a JSON-RPC message to know that the protocol reader will accept it; the
/// rest (params, result) is skipped without being built.
#[derive(Deserialize)]
struct Shape {
    jsonrpc: String,
    #[serde(default)]
    method: Option<Value>,
    #[serde(default)]
    id: Option<Value>,
}

/// `Ok(())` when the reader will accept `body`; else the error and the message's id when it
/// has a usable one.
fn check(body: &[u8]) -> Result<(), (String, Option<Value>)> {
    let shape: Shape = match serde_json::from_slice(body) {
        Ok(s) => s,
        Err(e) => {
            // Perhaps an object with a bad member: recover the id if there is one.
            let id = serde_json::from_slice::<Value>(body).ok().and_then(|v| v.get("id").cloned());
            return Err((format!("not a JSON-RPC message: {e}"), id.filter(usable_id)));
        }
    };
    // Skipped members are not fully validated by the shape check; a `\uD8xx`-`\uDFxx` escape may
    // be a lone surrogate, which the protocol reader would refuse (ending the session). Rare,
    // so only then is the whole body parsed.
    if has_surrogate_escape(body) {
        if let Err(e) = serde_json::from_slice::<Value>(body) {
            return Err((format!("not a JSON-RPC message: {e}"), shape.id.filter(usable_id)));
        }
    }
    let id_ok = shape.id.as_ref().is_none_or(|id| usable_id(id) || id.is_null());
    let method_ok = shape.method.as_ref().is_none_or(Value::is_string);
    if shape.jsonrpc == "2.0" && id_ok && method_ok {
        Ok(())
    } else {
        Err(("not a JSON-RPC 2.0 message".to_string(), shape.id.filter(usable_id)))
    }
}

/// Whether `body` holds a `\uD800`-`\uDFFF` escape (a surrogate, paired or not).
fn has_surrogate_escape(body: &[u8]) -> bool {
    memchr::memchr_iter(b'\\', body).any(|i| {
        matches!(body.get(i + 1..i + 4), Some([b'u', b'd' | b'D', c]) if matches!(c, b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F'))
    })
}

/// `frame` is a header and, from `at`, a body: replaces the frame by an `INVALID_*` message
/// when the body is not a JSON-RPC message the protocol reader will accept.
fn replace_if_malformed(frame: &mut Vec<u8>, at: usize) {
    if let Err((error, id)) = check(frame.get(at..).unwrap_or_default()) {
        let msg = match id {
            Some(id) => {
                serde_json::json!({"jsonrpc": "2.0", "id": id, "method": INVALID_REQUEST, "params": {"error": error}})
            }
            None => serde_json::json!({"jsonrpc": "2.0", "method": INVALID_MESSAGE, "params": {"error": error}}),
        };
        let msg = msg.to_string();
        frame.clear();
        frame.extend_from_slice(format!("Content-Length: {}\r\n\r\n{msg}", msg.len()).as_bytes());
    }
}

/// Bodies from this size up have their document texts diverted (see [`divert_texts`]).
const DIVERT_FROM: usize = 64 * 1024;

/// Texts taken out of `didOpen`/`didChange` messages, by token, until their handler takes them
/// (token, text, when diverted).
type Diverted = Vec<(String, String, std::time::Instant)>;
static DIVERTED: std::sync::Mutex<Diverted> = std::sync::Mutex::new(Vec::new());

/// How long a diverted text waits for its handler. A message the protocol reader rejects never
/// reaches its handler, so its text is dropped after this; a handler that runs is never that
/// late (messages are handled in order, a burst of large changes included).
const DIVERTED_KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(300);

/// Checks a frame (header, body from `at`) and prepares it for the protocol reader: a
/// malformed body is replaced (see [`replace_if_malformed`]); a large `didOpen`/`didChange`
/// has its document texts diverted.
fn process_frame(frame: &mut Vec<u8>, at: usize) {
    if frame.len().saturating_sub(at) >= DIVERT_FROM && divert_texts(frame, at) {
        return;
    }
    replace_if_malformed(frame, at);
}

/// A large document text is parsed once, here, into the `String` the document is built from.
/// The protocol reader would otherwise keep the whole frame in its buffer (which never shrinks
/// again: megabytes for the session), build a `serde_json::Value` tree of it and then the
/// parameters. Instead the text is kept aside under a token and the frame is rewritten with the
/// token in its place; the handler swaps the text back in ([`take_diverted`]), in message order.
/// Returns `false` (frame untouched) when the body is not such a message.
fn divert_texts(frame: &mut Vec<u8>, at: usize) -> bool {
    let Ok(mut msg) = serde_json::from_slice::<Value>(frame.get(at..).unwrap_or_default()) else { return false };
    let method = msg.get("method").and_then(Value::as_str).unwrap_or_default().to_string();
    let params = msg.get_mut("params");
    let texts: Vec<&mut Value> = match (method.as_str(), params) {
        ("textDocument/didOpen", Some(p)) => p.pointer_mut("/textDocument/text").into_iter().collect(),
        ("textDocument/didChange", Some(p)) => match p.get_mut("contentChanges").and_then(Value::as_array_mut) {
            Some(changes) => changes.iter_mut().filter_map(|c| c.get_mut("text")).collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    let mut diverted = Vec::new();
    let now = std::time::Instant::now();
    for t in texts {
        if let Value::String(text) = t {
            if text.len() >= DIVERT_FROM / 2 {
                let token = next_token();
                diverted.push((token.clone(), std::mem::replace(text, token), now));
            }
        }
    }
    if diverted.is_empty() {
        return false;
    }
    let Ok(body) = serde_json::to_vec(&msg) else { return false };
    drop(msg);
    {
        let mut slot = DIVERTED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.retain(|e| now.duration_since(e.2) < DIVERTED_KEPT_FOR);
        slot.extend(diverted);
    }
    frame.clear();
    frame.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    frame.extend_from_slice(&body);
    true
}

/// A token no document text will hold: a private-use character, the process id and a counter.
fn next_token() -> String {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}{n}", token_prefix())
}

fn token_prefix() -> String {
    format!("\u{F8FF}lectern-diverted-text:{}:", std::process::id())
}

/// Swaps a diverted text back into `text` when `text` is the token it was diverted under.
pub fn take_diverted(text: &mut String) {
    if !text.starts_with('\u{F8FF}') || text.len() > 80 {
        return;
    }
    let mut slot = DIVERTED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(i) = slot.iter().position(|(t, ..)| t == text) {
        let (_, t, _) = slot.remove(i);
        *text = t;
    } else if text.starts_with(&token_prefix()) {
        eprintln!("lectern: internal error: the text of a large message was lost (token {text})");
    }
}

/// Frees a frame buffer that grew for a large message, so that one big `didOpen` does not
/// keep megabytes for the rest of the session.
fn release_if_large(frame: &mut Vec<u8>) {
    if frame.capacity() > 1 << 20 {
        *frame = Vec::new();
    }
}

/// A message's header block, read one line at a time (the same for both readers below).
#[derive(Default)]
struct Headers {
    len: Option<usize>,
    seen: bool,
}

impl Headers {
    /// Takes one line (with its line end). When it ends the block (an empty line after at
    /// least one header; empty lines before the first are skipped), gives the block's
    /// `Content-Length`: `Some(None)` when it had no valid one. Other headers are ignored.
    fn line(&mut self, line: &str) -> Option<Option<usize>> {
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            return self.seen.then_some(self.len);
        }
        self.seen = true;
        if let Some((k, v)) = l.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                self.len = v.trim().parse().ok();
            }
        }
        None
    }
}

/// Starts `frame` for a body of `len` bytes: the header, then `len` zero bytes to read the
/// body into. Gives where the body starts, or `None` (the message is skipped, with a log line)
/// when the header block had no valid `Content-Length`.
fn start_frame(frame: &mut Vec<u8>, len: Option<usize>) -> Option<usize> {
    let Some(len) = len else {
        eprintln!("lectern: a message without a valid Content-Length header was skipped");
        return None;
    };
    frame.clear();
    frame.extend_from_slice(format!("Content-Length: {len}\r\n\r\n").as_bytes());
    let at = frame.len();
    frame.resize(at + len, 0);
    Some(at)
}

/// The same guard as [`guard`], as a task on the protocol's own runtime thread reading a
/// non-blocking standard input: a message reaches the protocol reader with no thread switch.
pub async fn guard_async(input: impl AsyncRead + Unpin, mut output: DuplexStream) {
    let mut r = tokio::io::BufReader::with_capacity(64 * 1024, input);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let mut headers = Headers::default();
        let len = loop {
            line.clear();
            match r.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if let Some(len) = headers.line(&line) {
                break len;
            }
        };
        let Some(at) = start_frame(&mut body, len) else { continue };
        let Some(slot) = body.get_mut(at..) else { return };
        if r.read_exact(slot).await.is_err() {
            return;
        }
        process_frame(&mut body, at);
        if output.write_all(&body).await.is_err() || output.flush().await.is_err() {
            return;
        }
        release_if_large(&mut body);
    }
}

/// Standard input as a non-blocking, epoll-driven reader (Linux, when standard input is a
/// pipe, as editors start servers; `None` otherwise: a terminal or a file is read by a thread).
#[cfg(target_os = "linux")]
pub struct AsyncStdin(tokio::io::unix::AsyncFd<std::os::fd::RawFd>);

#[cfg(target_os = "linux")]
impl AsyncStdin {
    pub fn new() -> Option<AsyncStdin> {
        // Only a pipe: its read end is ours alone, so making it non-blocking affects no other
        // process (a terminal's file description is shared with the shell).
        // SAFETY: fstat writes into the zeroed struct we pass; fcntl takes integer arguments.
        let is_pipe = unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            libc::fstat(0, &mut st) == 0 && (st.st_mode & libc::S_IFMT) == libc::S_IFIFO
        };
        if !is_pipe {
            return None;
        }
        // SAFETY: fcntl on our own standard input with integer arguments.
        let ok = unsafe {
            let flags = libc::fcntl(0, libc::F_GETFL);
            flags >= 0 && libc::fcntl(0, libc::F_SETFL, flags | libc::O_NONBLOCK) >= 0
        };
        if !ok {
            return None;
        }
        // SAFETY: descriptor 0 is open for the whole life of the process (nothing closes it)
        // and always refers to the same standard input.
        let registered = unsafe { tokio::io::unix::AsyncFd::register_with_interest(0, tokio::io::Interest::READABLE) };
        match registered {
            Ok(fd) => Some(AsyncStdin(fd)),
            Err(_) => {
                // Not pollable: back to blocking mode for the thread reader.
                // SAFETY: as above.
                unsafe {
                    let flags = libc::fcntl(0, libc::F_GETFL);
                    libc::fcntl(0, libc::F_SETFL, flags & !libc::O_NONBLOCK);
                }
                None
            }
        }
    }
}

#[cfg(target_os = "linux")]
impl AsyncRead for AsyncStdin {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        loop {
            let mut ready = match self.0.poll_read_ready(cx) {
                Poll::Ready(Ok(g)) => g,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            let unfilled = buf.initialize_unfilled();
            let r = ready.try_io(|fd| {
                // SAFETY: reads at most `unfilled.len()` bytes into memory we own.
                let n = unsafe { libc::read(*fd.get_ref(), unfilled.as_mut_ptr().cast(), unfilled.len()) };
                usize::try_from(n).map_err(|_| std::io::Error::last_os_error())
            });
            match r {
                Ok(Ok(n)) => {
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Ok(Err(e)) => return Poll::Ready(Err(e)),
                Err(_would_block) => continue,
            }
        }
    }
}

fn usable_id(id: &Value) -> bool {
    id.is_string() || id.is_i64() || id.is_u64()
}

/// Reads framed messages from `input` (standard input, on its own thread: blocking reads
/// cost no task hop) and passes them to `output` (the protocol reader's pipe) until `input`
/// ends or `output` closes.
pub fn guard(input: impl Read, mut output: DuplexStream, runtime: tokio::runtime::Handle) {
    let mut r = BufReader::with_capacity(64 * 1024, input);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let mut headers = Headers::default();
        let len = loop {
            line.clear();
            match r.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            if let Some(len) = headers.line(&line) {
                break len;
            }
        };
        let Some(at) = start_frame(&mut body, len) else { continue };
        let Some(slot) = body.get_mut(at..) else { return };
        if r.read_exact(slot).is_err() {
            return;
        }
        process_frame(&mut body, at);
        let sent = runtime.block_on(async {
            output.write_all(&body).await?;
            output.flush().await
        });
        if sent.is_err() {
            return;
        }
        release_if_large(&mut body);
    }
}

/// Standard output written synchronously: no blocking-pool hop per message. Writes block only
/// when the client stops reading, and then nothing else could be sent anyway.
pub struct SyncStdout(pub std::io::Stdout);

impl AsyncWrite for SyncStdout {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        // Whole buffers (whole frames) under the lock, so that frames written directly by
        // `write_notification` never interleave with the framework's.
        Poll::Ready(self.0.lock().write_all(buf).map(|()| buf.len()))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.0.lock().flush())
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.0.lock().flush())
    }
}

/// Writes a notification straight to standard output, serialised once (the framework's
/// client would first build a `serde_json::Value` tree of the params, then serialise that).
/// Used for `publishDiagnostics`, the one message sent on every keystroke.
pub fn write_notification<P: serde::Serialize>(method: &str, params: &P) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Notification<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    thread_local! {
        // Reused between publishes: a 1M-character draft's publish is ~0.5 MB.
        static BODY: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BODY.with(|body| {
        let mut body = body.borrow_mut();
        body.clear();
        serde_json::to_writer(&mut *body, &Notification { jsonrpc: "2.0", method, params })
            .map_err(std::io::Error::other)?;
        let out = std::io::stdout();
        let mut lock = out.lock();
        write!(lock, "Content-Length: {}\r\n\r\n", body.len())?;
        lock.write_all(&body)?;
        lock.flush()
    })
}

/// Writes a notification whose parameters are already serialised JSON straight to standard
/// output (see [`write_notification`]).
pub fn write_raw_notification(method: &str, params_json: &str) -> std::io::Result<()> {
    let mut head = String::from("{\"jsonrpc\":\"2.0\",\"method\":");
    head.push_str(&serde_json::to_string(method).map_err(std::io::Error::other)?);
    head.push_str(",\"params\":");
    let len = head.len() + params_json.len() + 1;
    let out = std::io::stdout();
    let mut lock = out.lock();
    write!(lock, "Content-Length: {len}\r\n\r\n{head}")?;
    lock.write_all(params_json.as_bytes())?;
    lock.write_all(b"}")?;
    lock.flush()
}

/// Enlarges the standard input and output pipes to 1 MiB (Linux; elsewhere, or when they are
/// not pipes, nothing happens). A 2.7 MB `didOpen` then crosses in a few large reads, and a
/// 0.5 MB publish is written without waiting for the client to drain 64 KiB at a time.
pub fn enlarge_pipes() {
    #[cfg(target_os = "linux")]
    for fd in [0, 1] {
        // SAFETY: `fcntl(F_SETPIPE_SZ)` on our own standard descriptors takes an integer
        // argument and touches no memory of ours; a failure (not a pipe, limit) is harmless.
        unsafe {
            libc::fcntl(fd, libc::F_SETPIPE_SZ, 1 << 20);
        }
    }
}
