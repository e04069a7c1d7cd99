//! A small stdio LSP client for tests: starts the real `lectern lsp` binary, frames messages
//! with Content-Length, answers the server's requests (`workspace/configuration` with the
//! settings the test set), and waits for answers and notifications with a timeout per wait.
//! Anything on the server's stdout that is not a well-formed frame is recorded as a protocol
//! error.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub mod check;

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct TestServer {
    child: Child,
    stdin: Arc<Mutex<ChildStdin>>,
    rx: Receiver<Value>,
    /// Messages received but not yet consumed by a wait.
    inbox: VecDeque<Value>,
    next_id: i64,
    /// What the client answers to `workspace/configuration` (the `lectern` section).
    pub settings: Arc<Mutex<Value>>,
    pub protocol_errors: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<String>>,
}

fn write_frame(w: &mut impl Write, msg: &Value) {
    let body = serde_json::to_string(msg).expect("serialise");
    write!(w, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write to server");
    w.flush().expect("flush");
}

fn read_frame(r: &mut impl BufRead) -> Result<Option<Value>, String> {
    let mut len: Option<usize> = None;
    loop {
        let mut line = String::new();
        let n = r.read_line(&mut line).map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
        }
        if line == "\r\n" {
            break;
        }
        let Some(v) = line.strip_suffix("\r\n") else { return Err(format!("header without CRLF: {line:?}")) };
        let Some((k, v)) = v.split_once(": ") else { return Err(format!("not a header: {line:?}")) };
        if k.eq_ignore_ascii_case("content-length") {
            len = Some(v.parse().map_err(|_| format!("bad length {v:?}"))?);
        }
    }
    let len = len.ok_or("no Content-Length")?;
    let mut body = vec![0; len];
    r.read_exact(&mut body).map_err(|e| e.to_string())?;
    serde_json::from_slice(&body).map(Some).map_err(|e| format!("bad JSON body: {e}"))
}

impl TestServer {
    pub fn start() -> TestServer {
        Self::start_with_env(&[])
    }

    pub fn start_with_env(env: &[(&str, &str)]) -> TestServer {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_lectern"));
        cmd.arg("lsp").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start lectern lsp");
        let stdin = Arc::new(Mutex::new(child.stdin.take().expect("stdin")));
        let stdout = child.stdout.take().expect("stdout");
        let stderr_pipe = child.stderr.take().expect("stderr");
        let settings = Arc::new(Mutex::new(Value::Null));
        let protocol_errors = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = channel();
        {
            let stdin = stdin.clone();
            let settings = settings.clone();
            let errors = protocol_errors.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(stdout);
                loop {
                    match read_frame(&mut r) {
                        Ok(Some(msg)) => {
                            // Server-to-client requests are answered here, at once.
                            if let (Some(id), Some(method)) = (msg.get("id"), msg.get("method").and_then(Value::as_str))
                            {
                                let result = match method {
                                    "workspace/configuration" => {
                                        let n = msg["params"]["items"].as_array().map_or(1, Vec::len);
                                        let s = settings.lock().expect("settings").clone();
                                        Value::Array(vec![s; n])
                                    }
                                    _ => Value::Null,
                                };
                                let reply = json!({"jsonrpc": "2.0", "id": id, "result": result});
                                if let Ok(mut w) = stdin.lock() {
                                    write_frame(&mut *w, &reply);
                                }
                            }
                            if tx.send(msg).is_err() {
                                return;
                            }
                        }
                        Ok(None) => return,
                        Err(e) => {
                            errors.lock().expect("errors").push(e);
                            return;
                        }
                    }
                }
            });
        }
        {
            let stderr = stderr.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(stderr_pipe);
                let mut line = String::new();
                while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                    stderr.lock().expect("stderr").push_str(&line);
                    line.clear();
                }
            });
        }
        TestServer { child, stdin, rx, inbox: VecDeque::new(), next_id: 1, settings, protocol_errors, stderr }
    }

    /// initialize + initialized, offering `encodings` in `general.positionEncodings`.
    pub fn initialize(&mut self, encodings: &[&str], init_options: Value) -> Value {
        let caps = json!({
            "general": {"positionEncodings": encodings},
            "workspace": {"configuration": true, "didChangeConfiguration": {"dynamicRegistration": false}},
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true, "codeDescriptionSupport": true},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}},
                "documentSymbol": {"hierarchicalDocumentSymbolSupport": true}
            }
        });
        let result = self
            .request(
                "initialize",
                json!({"processId": null, "capabilities": caps, "initializationOptions": init_options}),
            )
            .expect("initialize succeeds");
        self.notify("initialized", json!({}));
        result
    }

    pub fn send(&mut self, msg: &Value) {
        let mut w = self.stdin.lock().expect("stdin");
        write_frame(&mut *w, msg);
    }

    /// Writes raw bytes (for malformed input).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let mut w = self.stdin.lock().expect("stdin");
        w.write_all(bytes).expect("write");
        w.flush().expect("flush");
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its answer: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }

    pub fn response(&mut self, id: i64) -> Result<Value, Value> {
        let msg = self.wait_for(&format!("response to request {id}"), |m| {
            m.get("method").is_none() && m.get("id").and_then(Value::as_i64) == Some(id)
        });
        match msg.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(msg.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// Waits (at most [`TIMEOUT`]) for the first message matching `pred`, keeping the others.
    pub fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.inbox.iter().position(&pred) {
            return self.inbox.remove(i).expect("present");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => self.inbox.push_back(m),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "timed out waiting for {what}; stderr:\n{}",
                    self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
                ),
                Err(RecvTimeoutError::Disconnected) => panic!(
                    "server closed its output while waiting for {what}; stderr:\n{}",
                    self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
                ),
            }
        }
    }

    /// Waits for the `publishDiagnostics` of `uri` carrying `version` (any version when
    /// `None`), dropping older publishes of that uri. Asserts that publishes of the uri never
    /// go back in version. Returns the diagnostics.
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let mut last_seen: Option<i64> = None;
        loop {
            let msg = self.wait_for(&format!("publishDiagnostics for {uri} version {version:?}"), |m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let v = msg["params"]["version"].as_i64();
            if let (Some(prev), Some(v)) = (last_seen, v) {
                assert!(v >= prev, "publish went back from version {prev} to {v}");
            }
            last_seen = v.or(last_seen);
            if version.is_none() || v == version {
                return msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
            if let (Some(want), Some(v)) = (version, v) {
                assert!(v < want, "saw version {v} while waiting for {want}");
            }
        }
    }

    /// Everything received and not yet consumed, without waiting.
    pub fn drain(&mut self) -> Vec<Value> {
        while let Ok(m) = self.rx.try_recv() {
            self.inbox.push_back(m);
        }
        self.inbox.drain(..).collect()
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// shutdown + exit; returns the exit status (waiting at most [`TIMEOUT`]).
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        self.request("shutdown", Value::Null).expect("shutdown succeeds");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "server did not exit within {TIMEOUT:?}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A line of the server's `/proc/<pid>/status` in KiB (`VmHWM`: peak resident memory,
    /// `VmRSS`: resident memory now). Linux only.
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("read /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in {status}"))
    }

    pub fn assert_clean_protocol(&self) {
        let errors = self.protocol_errors.lock().expect("errors");
        assert!(errors.is_empty(), "non-protocol output on stdout: {errors:?}");
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Applies LSP text edits (positions in `enc`: "utf-8", "utf-16" or "utf-32") to `text`,
/// as a client would (edits refer to the original text; applied from the end).
pub fn apply_edits(text: &str, edits: &[Value], enc: &str) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let s = offset(text, &e["range"]["start"], enc);
            let t = offset(text, &e["range"]["end"], enc);
            (s, t, e["newText"].as_str().expect("newText").to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    let mut out = text.to_string();
    for (s, t, new) in spans {
        out.replace_range(s..t, &new);
    }
    out
}

/// Line starts of `text` (line ends: \n, \r\n, \r).
pub fn line_starts(text: &str) -> Vec<(usize, usize)> {
    // (start, content_end)
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                out.push((start, i));
                i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push((start, b.len()));
    out
}

/// Byte offset of an LSP position (clamped like the protocol says).
pub fn offset(text: &str, pos: &Value, enc: &str) -> usize {
    let lines = line_starts(text);
    let line = pos["line"].as_u64().expect("line") as usize;
    let col = pos["character"].as_u64().expect("character") as usize;
    let Some(&(start, end)) = lines.get(line) else { return text.len() };
    let content = &text[start..end];
    let mut units = 0;
    for (i, c) in content.char_indices() {
        if units >= col {
            return start + i;
        }
        units += match enc {
            "utf-8" => c.len_utf8(),
            "utf-32" => 1,
            _ => c.len_utf16(),
        };
    }
    end
}

/// The LSP position of a byte offset.
pub fn position(text: &str, byte: usize, enc: &str) -> Value {
    let lines = line_starts(text);
    let line = lines.iter().rposition(|&(s, _)| s <= byte).unwrap_or(0);
    let (start, end) = lines[line];
    let prefix = &text[start..byte.min(end)];
    let col: usize = match enc {
        "utf-8" => prefix.len(),
        "utf-32" => prefix.chars().count(),
        _ => prefix.chars().map(char::len_utf16).sum(),
    };
    json!({"line": line, "character": col})
}
