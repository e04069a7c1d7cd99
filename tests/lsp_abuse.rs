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

/// Peak resident memory allowed for a server that went through a hostile frame.
const PEAK_KIB: u64 = 100 * 1024;

/// After a hostile frame: a request is answered, a fresh document is analysed, the
/// corruption was logged, and the peak resident memory stayed under [`PEAK_KIB`].
fn answered_after(s: &mut TestServer, tag: &str, logged: &str) {
    let r = s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///tmp/never-opened.txt"}}));
    assert!(r.is_ok(), "{tag}: {r:?}");
    let plain: String = tag.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    still_alive(s, &plain);
    s.wait_for(&format!("{tag}: a log containing {logged:?}"), |m| {
        m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|l| l.contains(logged))
    });
    let peak = s.memory_kib("VmHWM");
    eprintln!("{tag}: peak resident memory {peak} KiB");
    assert!(peak < PEAK_KIB, "{tag}: peak resident memory {peak} KiB");
}

#[test]
fn issue_20_huge_declared_lengths_allocate_nothing_and_the_next_request_is_answered() {
    let cases: &[(&str, &[u8])] = &[
        ("2^40", b"Content-Length: 1099511627776\r\n\r\n{\"jsonrpc\":"),
        ("2^63", b"Content-Length: 9223372036854775808\r\n\r\n{\"a\""),
        ("2^64 and more", b"Content-Length: 184467440737095516160\r\n\r\n{}"),
        ("3e9 with a 10-byte body", b"Content-Length: 3000000000\r\n\r\n0123456789"),
    ];
    for (tag, bytes) in cases {
        let mut s = started();
        s.send_raw(bytes);
        answered_after(&mut s, tag, "above the limit");
        assert!(s.shutdown_and_exit().success(), "{tag}");
    }
}

#[test]
fn issue_20_a_non_utf8_header_is_skipped_and_the_next_request_is_answered() {
    let mut s = started();
    s.send_raw(b"Content-Length: 5\xff\xfe\r\n\r\n{\"a\"}");
    answered_after(&mut s, "non-UTF-8 header", "invalid Content-Length");
    // a header line that is not a header at all, with bytes that are not UTF-8
    s.send_raw(b"\xff\xfe\x00garbage\r\n\r\n");
    answered_after(&mut s, "binary header", "not a header line");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn issue_20_deep_nesting_gets_an_error_answer_not_an_exit() {
    let mut s = started();
    for depth in [127, 128, 1000, 100_000] {
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let id = 1000 + depth;
        let body = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/hover","params":{nested}}}"#);
        s.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        let e = s.response(id as i64).expect_err("an error answer");
        assert_eq!(e["code"], -32600, "{e}");
        assert!(e["message"].as_str().unwrap_or_default().contains("nested"), "{e}");
        // the same as a notification: logged
        let body = format!(r#"{{"jsonrpc":"2.0","method":"textDocument/didSave","params":{nested}}}"#);
        s.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        answered_after(&mut s, &format!("depth {depth}"), "nested deeper");
    }
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn issue_20_negative_non_numeric_missing_and_short_lengths_resynchronise() {
    let valid_notification = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("negative", format!("Content-Length: -5\r\n\r\n{valid_notification}").into_bytes(), "invalid Content-Length"),
        (
            "non-numeric",
            format!("Content-Length: ten\r\n\r\n{valid_notification}").into_bytes(),
            "invalid Content-Length",
        ),
        (
            "missing",
            format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{valid_notification}").into_bytes(),
            "without a Content-Length",
        ),
        ("too short", format!("Content-Length: 5\r\n\r\n{valid_notification}").into_bytes(), "not a header line"),
        // declares more than it sends (under the frame limit): the body never fully arrives
        ("too long", format!("Content-Length: 60000000\r\n\r\n{valid_notification}").into_bytes(), "cut short"),
    ];
    for (tag, bytes, logged) in cases {
        let mut s = started();
        s.send_raw(&bytes);
        answered_after(&mut s, tag, logged);
        // and again, the garbage and the next message in one write
        let mut both = bytes.clone();
        let body = r#"{"jsonrpc":"2.0","id":77,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///tmp/x.txt"}}}"#;
        both.extend_from_slice(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        s.send_raw(&both);
        assert!(s.response(77).is_ok(), "{tag}");
        assert!(s.shutdown_and_exit().success(), "{tag}");
    }
}

#[test]
fn issue_20_large_texts_of_refused_opens_are_freed() {
    let mut s = started();
    let text = "全年地区生产总值稳步增长。\n".repeat(10_000_000 / 40);
    for i in 0..12 {
        // an invalid version: the protocol layer would refuse these parameters
        let msg = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": format!("file:///tmp/refused-{i}.txt"), "languageId": "plaintext", "version": "x", "text": text}}});
        s.send(&msg);
    }
    still_alive(&mut s, "after-refused-opens");
    for _ in 0..12 {
        s.wait_for("a log of the refused open", |m| {
            m["method"] == "window/logMessage"
                && m["params"]["message"]
                    .as_str()
                    .is_some_and(|l| l.contains("invalid params for textDocument/didOpen"))
        });
    }
    // 12 texts of 10 MB each would be 120 MB if they were kept
    let now = s.memory_kib("VmRSS");
    eprintln!("after 12 refused 10 MB opens: resident {now} KiB, peak {} KiB", s.memory_kib("VmHWM"));
    assert!(now < PEAK_KIB, "resident memory {now} KiB after the refused opens");
    assert!(s.shutdown_and_exit().success());
}
