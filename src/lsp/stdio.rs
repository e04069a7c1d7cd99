//! A guard in front of the protocol reader: it re-frames standard input and replaces a
//! message whose body is not JSON by a `lectern/invalidMessage` notification.
//!
//! Why: tower-lsp-server's reader (tokio-util's `FramedRead`) stops reading for good after the
//! first undecodable frame, so one garbled message would end the session. With this guard the
//! server logs the bad message and keeps serving.

use serde::Deserialize;
use serde_json::Value;
use std::io::{Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream, ReadBuf};

use super::framer::{self, Event, Framer};

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
    if nests_deeper_than(body, MAX_NESTING) {
        return Err((format!("JSON nested deeper than {MAX_NESTING} levels"), shape.id.filter(usable_id)));
    }
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

/// The message a malformed body is replaced by: an `INVALID_REQUEST` (answered with an error)
/// when it has a usable id, else an `INVALID_MESSAGE` (logged).
fn invalid(error: &str, id: Option<Value>) -> Vec<u8> {
    let msg = match id {
        Some(id) => {
            serde_json::json!({"jsonrpc": "2.0", "id": id, "method": INVALID_REQUEST, "params": {"error": error}})
        }
        None => serde_json::json!({"jsonrpc": "2.0", "method": INVALID_MESSAGE, "params": {"error": error}}),
    };
    msg.to_string().into_bytes()
}

/// The deepest nesting of arrays and objects a message may have. The protocol reader's JSON
/// parser refuses 128 levels, and a refused message would end the session; no real message
/// comes near this.
pub const MAX_NESTING: usize = 100;

/// Whether `body` nests arrays and objects deeper than `limit` (strings are skipped; the
/// body need not be valid JSON). One pass, no allocation.
fn nests_deeper_than(body: &[u8], limit: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Bodies from this size up have their document texts diverted (see [`divert_texts`]).
const DIVERT_FROM: usize = 64 * 1024;

/// Texts taken out of `didOpen`/`didChange` messages, by token, until their handler takes them
/// (token, text, when diverted).
type Diverted = Vec<(String, String, std::time::Instant)>;
static DIVERTED: std::sync::Mutex<Diverted> = std::sync::Mutex::new(Vec::new());

/// How long a diverted text waits for its handler. A message whose parameters the protocol
/// layer would refuse, or that comes before `initialize` or after `shutdown`, is never
/// diverted (see [`Guard`]), so every diverted text has a handler that takes it; this is a
/// last resort for anything unforeseen. A handler that runs is never that late (messages are
/// handled in order, a burst of large changes included).
const DIVERTED_KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(300);

/// The largest frame body the guard accepts (see [`set_max_document_size`]).
static MAX_FRAME: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(framer::DEFAULT_MAX_FRAME);

/// Sets the frame limit from the largest document the settings allow: twice its size (JSON
/// escapes) plus 1 MiB, never below [`framer::DEFAULT_MAX_FRAME`].
pub fn set_max_document_size(max_document_size: usize) {
    let limit = max_document_size.saturating_mul(2).saturating_add(1 << 20).max(framer::DEFAULT_MAX_FRAME);
    MAX_FRAME.store(limit, std::sync::atomic::Ordering::Relaxed);
}

fn max_frame() -> usize {
    MAX_FRAME.load(std::sync::atomic::Ordering::Relaxed)
}

/// The state the guard keeps between messages: the framer, and whether `initialize` and
/// `shutdown` have gone by (the protocol layer drops document notifications before the one
/// and after the other, so their texts must not be diverted to wait for a handler).
struct Guard {
    framer: Framer,
    initialized: bool,
    shut_down: bool,
}

impl Guard {
    fn new() -> Guard {
        Guard { framer: Framer::new(max_frame()), initialized: false, shut_down: false }
    }

    fn push(&mut self, bytes: &[u8]) {
        self.framer.set_max_frame(max_frame());
        self.framer.push(bytes);
    }

    /// The next message to pass on (a body), when the input so far holds one.
    fn next(&mut self) -> Option<Vec<u8>> {
        match self.framer.next_event()? {
            Event::Message(body) => Some(self.process(body)),
            Event::Corrupt(reason) => {
                let error = format!("corrupt input: {reason}; skipped to the next Content-Length header");
                eprintln!("lectern: {error}");
                Some(invalid(&error, None))
            }
        }
    }

    /// Checks a body and prepares it for the protocol reader: a malformed body is replaced
    /// (see [`invalid`]); a large `didOpen`/`didChange` has its document texts diverted.
    fn process(&mut self, body: Vec<u8>) -> Vec<u8> {
        if body.len() >= DIVERT_FROM && self.initialized && !self.shut_down {
            match divert_texts(&body) {
                Divert::Done(b) | Divert::Refused(b) => return b,
                Divert::NotApplicable => {}
            }
        }
        if let Err((error, id)) = check(&body) {
            return invalid(&error, id);
        }
        // `initialize` may be large (an editor's capabilities); `shutdown` is small.
        if !self.initialized || (!self.shut_down && body.len() < 4096) {
            self.note_lifecycle(&body);
        }
        body
    }

    fn note_lifecycle(&mut self, body: &[u8]) {
        #[derive(Deserialize)]
        struct Method {
            #[serde(default)]
            method: Option<String>,
            #[serde(default)]
            id: Option<serde::de::IgnoredAny>,
        }
        if let Ok(Method { method: Some(m), id: Some(_) }) = serde_json::from_slice::<Method>(body) {
            match m.as_str() {
                "initialize" => self.initialized = true,
                "shutdown" => self.shut_down = true,
                _ => {}
            }
        }
    }
}

enum Divert {
    /// The body with its texts diverted.
    Done(Vec<u8>),
    /// The message's parameters are invalid: it is replaced by an `INVALID_MESSAGE`, and its
    /// texts are freed at once.
    Refused(Vec<u8>),
    /// Not such a message: the body goes on as it is.
    NotApplicable,
}

/// A large document text is parsed once, here, into the `String` the document is built from.
/// The protocol reader would otherwise keep the whole frame in its buffer (which never shrinks
/// again: megabytes for the session), build a `serde_json::Value` tree of it and then the
/// parameters. Instead the text is kept aside under a token and the body is rewritten with the
/// token in its place; the handler swaps the text back in ([`take_diverted`]), in message order.
/// A message whose parameters would not decode never reaches a handler: it is refused here.
fn divert_texts(body: &[u8]) -> Divert {
    use tower_lsp_server::ls_types::{DidChangeTextDocumentParams, DidOpenTextDocumentParams};
    if nests_deeper_than(body, MAX_NESTING) {
        return Divert::NotApplicable;
    }
    let Ok(mut msg) = serde_json::from_slice::<Value>(body) else { return Divert::NotApplicable };
    if msg.get("id").is_some() || msg.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Divert::NotApplicable;
    }
    let method = msg.get("method").and_then(Value::as_str).unwrap_or_default().to_string();
    let params = msg.get_mut("params");
    let texts: Vec<&mut Value> = match (method.as_str(), params) {
        ("textDocument/didOpen", Some(p)) => p.pointer_mut("/textDocument/text").into_iter().collect(),
        ("textDocument/didChange", Some(p)) => match p.get_mut("contentChanges").and_then(Value::as_array_mut) {
            Some(changes) => changes.iter_mut().filter_map(|c| c.get_mut("text")).collect(),
            None => Vec::new(),
        },
        _ => return Divert::NotApplicable,
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
    // The parameters, as their handler will decode them (the texts are tokens now: cheap).
    let params = msg.get("params").cloned().unwrap_or(Value::Null);
    let decoded = match method.as_str() {
        "textDocument/didOpen" => serde_json::from_value::<DidOpenTextDocumentParams>(params).map(drop),
        _ => serde_json::from_value::<DidChangeTextDocumentParams>(params).map(drop),
    };
    if let Err(e) = decoded {
        // `diverted` (the texts) is dropped here, with the message.
        return Divert::Refused(invalid(&format!("invalid params for {method}: {e}"), None));
    }
    if diverted.is_empty() {
        return Divert::NotApplicable;
    }
    let Ok(body) = serde_json::to_vec(&msg) else { return Divert::NotApplicable };
    drop(msg);
    {
        let mut slot = DIVERTED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.retain(|e| now.duration_since(e.2) < DIVERTED_KEPT_FOR);
        slot.extend(diverted);
    }
    Divert::Done(body)
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

/// How many diverted texts wait for their handler, and their bytes (for tests and logs).
pub fn diverted_held() -> (usize, usize) {
    let slot = DIVERTED.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    (slot.len(), slot.iter().map(|e| e.1.len()).sum())
}

/// The bytes of a frame's header for a body of `len` bytes.
fn header(len: usize) -> String {
    format!("Content-Length: {len}\r\n\r\n")
}

/// The size of the reads from standard input.
const READ_SIZE: usize = 64 * 1024;

/// The same guard as [`guard`], as a task on the protocol's own runtime thread reading a
/// non-blocking standard input: a message reaches the protocol reader with no thread switch.
pub async fn guard_async(mut input: impl AsyncRead + Unpin, mut output: DuplexStream) {
    let mut guard = Guard::new();
    let mut buf = vec![0u8; READ_SIZE];
    loop {
        let n = match input.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        guard.push(buf.get(..n).unwrap_or_default());
        while let Some(body) = guard.next() {
            let sent = async {
                output.write_all(header(body.len()).as_bytes()).await?;
                output.write_all(&body).await?;
                output.flush().await
            };
            if sent.await.is_err() {
                return;
            }
        }
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
pub fn guard(mut input: impl Read, mut output: DuplexStream, runtime: tokio::runtime::Handle) {
    let mut guard = Guard::new();
    let mut buf = vec![0u8; READ_SIZE];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        };
        guard.push(buf.get(..n).unwrap_or_default());
        while let Some(body) = guard.next() {
            let sent = runtime.block_on(async {
                output.write_all(header(body.len()).as_bytes()).await?;
                output.write_all(&body).await?;
                output.flush().await
            });
            if sent.is_err() {
                return;
            }
        }
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
