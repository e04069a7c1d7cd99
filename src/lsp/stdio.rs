//! A guard in front of the protocol reader: it re-frames standard input and replaces a
//! message whose body is not JSON by a `lectern/invalidMessage` notification.
//!
//! Why: tower-lsp-server's reader (tokio-util's `FramedRead`) stops reading for good after the
//! first undecodable frame, so one garbled message would end the session. With this guard the
//! server logs the bad message and keeps serving.

use serde::Deserialize;
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

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

fn usable_id(id: &Value) -> bool {
    id.is_string() || id.is_i64() || id.is_u64()
}

/// Copies framed messages from `input` to `output` until `input` ends or `output` closes.
pub async fn guard(input: impl AsyncRead + Unpin, mut output: impl AsyncWrite + Unpin) {
    let mut r = BufReader::with_capacity(64 * 1024, input);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        // Headers: up to an empty line.
        let mut len: Option<usize> = None;
        let mut saw_header = false;
        loop {
            line.clear();
            match r.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if saw_header {
                    break;
                }
                continue;
            }
            saw_header = true;
            if let Some((k, v)) = l.split_once(':') {
                if k.trim().eq_ignore_ascii_case("content-length") {
                    len = v.trim().parse().ok();
                }
            }
        }
        let Some(len) = len else {
            eprintln!("lectern: a message without a valid Content-Length header was skipped");
            continue;
        };
        body.clear();
        body.resize(len, 0);
        if r.read_exact(&mut body).await.is_err() {
            return;
        }
        let replaced;
        let out: &[u8] = match check(&body) {
            Ok(()) => &body,
            Err((error, id)) => {
                let msg = match id {
                    Some(id) => {
                        serde_json::json!({"jsonrpc": "2.0", "id": id, "method": INVALID_REQUEST, "params": {"error": error}})
                    }
                    None => {
                        serde_json::json!({"jsonrpc": "2.0", "method": INVALID_MESSAGE, "params": {"error": error}})
                    }
                };
                replaced = msg.to_string().into_bytes();
                &replaced
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", out.len());
        if output.write_all(header.as_bytes()).await.is_err() || output.write_all(out).await.is_err() {
            return;
        }
        if output.flush().await.is_err() {
            return;
        }
    }
}
