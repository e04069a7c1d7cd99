//! Protocol abuse against the real binary: malformed frames and JSON, unopened documents,
//! unknown methods, version gaps, requests after shutdown, huge and degenerate documents,
//! NUL bytes and lone surrogates. Each gets an error answer or a logged and ignored
//! notification; the server stays up and its next answers are correct.

mod support;

use serde_json::{json, Value};
use support::TestServer;

const URI: &str = "file:///tmp/abuse.txt";

fn started() -> TestServer {
    let mut s = TestServer::start();
    s.initialize(&["utf-16"], json!({}));
    s
}

/// The server still answers and analyses: a fresh document gets its diagnostics.
fn still_alive(s: &mut TestServer, tag: &str) {
    let uri = format!("file:///tmp/alive-{tag}.txt");
    s.open(&uri, 1, "人口占总人口的%。\n");
    let d = s.diagnostics(&uri, Some(1));
    assert!(d.iter().any(|x| x["code"] == "LEC102"), "{tag}: {d:?}");
}

#[test]
fn invalid_json_and_wrong_lengths_are_survived() {
    let mut s = started();
    // valid framing, invalid JSON
    s.send_raw(b"Content-Length: 12\r\n\r\n{not json!!}");
    // a JSON value that is not a JSON-RPC message
    s.send_raw(b"Content-Length: 7\r\n\r\n[1,2,3]");
    still_alive(&mut s, "json");
    // NUL bytes inside a string are legal JSON and legal text
    s.open(URI, 1, "共有\u{0}个民族\u{0}\n占%");
    let d = s.diagnostics(URI, Some(1));
    assert!(!d.is_empty());
    // a lone surrogate escape is invalid JSON text for a Rust string: rejected, not a crash
    let body = r#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/sur.txt","languageId":"plaintext","version":1,"text":"\ud800占%"}}}"#;
    s.send_raw(format!("Content-Length: {}\r\n\r\n{}", body.len(), body).as_bytes());
    still_alive(&mut s, "surrogate");
    let status = s.shutdown_and_exit();
    assert!(status.success());
}

#[test]
fn unknown_methods_unopened_documents_and_bad_params_get_errors() {
    let mut s = started();
    let e = s.request("lectern/noSuchMethod", json!({})).expect_err("unknown method is an error");
    assert_eq!(e["code"], -32601);
    s.notify("lectern/noSuchNotification", json!({"x": 1}));
    let r = s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///tmp/never-opened.txt"}}));
    match r {
        Ok(v) => assert!(v.is_null() || v.as_array().is_some_and(Vec::is_empty), "{v}"),
        Err(e) => assert!(e["code"].as_i64().is_some()),
    }
    let e = s.request("textDocument/hover", json!({"textDocument": 5})).expect_err("invalid params");
    assert_eq!(e["code"], -32602);
    // a change to a document that was never opened is ignored
    s.change("file:///tmp/never-opened.txt", 2, json!([{"text": "占%"}]));
    still_alive(&mut s, "unknown");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn version_gaps_apply_and_older_versions_are_ignored() {
    let mut s = started();
    s.open(URI, 1, "一、甲\n");
    s.diagnostics(URI, Some(1));
    s.change(URI, 5, json!([{"text": "一、甲\n三、乙\n"}]));
    let d = s.diagnostics(URI, Some(5));
    assert!(d.iter().any(|x| x["code"] == "LEC201"), "{d:?}");
    // older version: ignored, no publish for it, the text stays as at version 5
    s.change(URI, 3, json!([{"text": "占%"}]));
    s.change(
        URI,
        6,
        json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "占%"}]),
    );
    let d = s.diagnostics(URI, Some(6));
    assert!(d.iter().any(|x| x["code"] == "LEC201") && d.iter().any(|x| x["code"] == "LEC102"), "{d:?}");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn requests_after_shutdown_are_refused() {
    let mut s = started();
    s.request("shutdown", Value::Null).expect("shutdown");
    let e =
        s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).expect_err("after shutdown");
    assert_eq!(e["code"], -32600);
    s.notify("exit", Value::Null);
    assert!(s.wait_exit().success());
}

#[test]
fn huge_and_degenerate_documents() {
    let mut s = started();
    // one line of a million characters, with a blank at its end
    let mut long = "全年地区生产总值稳步增长，".repeat(1_000_000 / 13);
    long.push_str("占总人口的%。");
    s.open("file:///tmp/long-line.txt", 1, &long);
    let d = s.diagnostics("file:///tmp/long-line.txt", Some(1));
    assert!(d.iter().any(|x| x["code"] == "LEC102"));
    // 200,000 empty lines
    let empty = "\n".repeat(200_000);
    s.open("file:///tmp/empty-lines.txt", 1, &empty);
    assert!(s.diagnostics("file:///tmp/empty-lines.txt", Some(1)).is_empty());
    // 20 MB: above the default maximum, one information diagnostic instead of analysis
    let big = "占总人口的%。\n".repeat(20_000_000 / 20);
    s.open("file:///tmp/big.txt", 1, &big);
    let d = s.diagnostics("file:///tmp/big.txt", Some(1));
    assert_eq!(d.len(), 1, "{:?}", d.first());
    assert_eq!(d[0]["severity"], 3);
    still_alive(&mut s, "huge");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn truncated_frame_then_end_of_input_exits_cleanly() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_lectern"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lectern lsp");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\"").expect("write");
    drop(stdin);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(st) = child.try_wait().expect("try_wait") {
            break st;
        }
        assert!(std::time::Instant::now() < deadline, "server did not exit after its input closed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.code().is_some(), "killed by a signal: {status:?}");
}
