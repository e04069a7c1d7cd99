//! The language server as a client sees it: the real `lectern lsp` binary over stdio.

mod support;

use std::time::{Duration, Instant};

use lectern::analysis::{Category, Rule};
use serde_json::{json, Value};
use support::{apply_edits, offset, position, TestServer};

/// The category of a published diagnostic (by its code).
fn category_of(d: &Value) -> Option<Category> {
    d["code"].as_str().and_then(Rule::find).map(Rule::category)
}

const EXAMPLE: &str = include_str!("../examples/scraped-speech.txt");
const URI: &str = "file:///tmp/lectern-test/speech.txt";

fn started(enc: &str, init: Value) -> TestServer {
    let mut s = TestServer::start();
    let r = s.initialize(&[enc], init);
    assert_eq!(r["capabilities"]["positionEncoding"], enc);
    s
}

fn find<'a>(diags: &'a [Value], code: &str, line: u64) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code && d["range"]["start"]["line"] == line).collect()
}

fn range(l1: u64, c1: u64, l2: u64, c2: u64) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// Diagnostics without what differs between two uris (related locations name their uri).
fn comparable(diags: &[Value]) -> Vec<Value> {
    diags
        .iter()
        .map(|d| {
            json!([
                d["range"],
                d["code"],
                d["severity"],
                d["message"],
                d["relatedInformation"]
                    .as_array()
                    .map(|r| r.iter().map(|x| json!([x["location"]["range"], x["message"]])).collect::<Vec<_>>())
            ])
        })
        .collect()
}

fn example_positions(enc: &str) {
    let mut s = started(enc, json!({}));
    s.open(URI, 1, EXAMPLE);
    let d = s.diagnostics(URI, Some(1));
    let utf8 = enc == "utf-8";
    for x in &d {
        assert_eq!(x["source"], "lectern");
        let code = x["code"].as_str().expect("code");
        assert!(x["codeDescription"]["href"].as_str().expect("href").ends_with(&format!("{code}.md")));
        assert!(x["severity"].as_u64().is_some());
    }
    // LEC102: "…占总人口的%" on line 12: a zero-width slot before the %.
    let c = if utf8 { 142 } else { 50 };
    let hit = find(&d, "LEC102", 11);
    assert_eq!(hit.first().expect("LEC102 on line 12")["range"], range(11, c, 11, c));
    // LEC101: the first "*" of line 12 (a figure placeholder); LEC106: the "**" of line 6 (a name).
    let c = if utf8 { 319 } else { 113 };
    assert!(find(&d, "LEC101", 11).iter().any(|x| x["range"] == range(11, c, 11, c + 1)), "{d:#?}");
    let c = if utf8 { 317 } else { 109 };
    assert!(find(&d, "LEC106", 5).iter().any(|x| x["range"] == range(5, c, 5, c + 2)), "{d:#?}");
    // LEC301: the "上一篇:" line after its indentation.
    let end = if utf8 { 68 } else { 26 };
    assert_eq!(find(&d, "LEC301", 71).first().expect("LEC301 on line 72")["range"], range(71, 4, 71, end));
    // LEC201: 三、 after 一、 (indented by four spaces: same column in every encoding).
    let skip = find(&d, "LEC201", 65);
    let skip = skip.first().expect("LEC201 on line 66");
    assert_eq!(skip["range"]["start"]["character"], 4);
    assert_eq!(skip["range"]["end"]["character"], if utf8 { 10 } else { 6 });
    for cat in ["LEC1", "LEC2", "LEC3"] {
        assert!(d.iter().any(|x| x["code"].as_str().is_some_and(|c| c.starts_with(cat))), "no {cat}xx finding");
    }
    s.assert_clean_protocol();
}

#[test]
fn example_diagnostics_at_exact_utf16_positions() {
    example_positions("utf-16");
}

#[test]
fn example_diagnostics_at_exact_utf8_positions() {
    example_positions("utf-8");
}

#[test]
fn utf8_is_preferred_when_offered() {
    let mut s = TestServer::start();
    let r = s.initialize(&["utf-16", "utf-32", "utf-8"], json!({}));
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(r["capabilities"]["textDocumentSync"]["change"], 2);
}

#[test]
fn astral_characters_before_blanks_in_every_encoding() {
    let text = "标题\r\n😀𠀀共有个民族，占总人口的%，其中*%\n";
    // (encoding, column of the %, column of the *)
    for (enc, pct, star, star_end) in [("utf-16", 15, 19, 20), ("utf-8", 41, 51, 52), ("utf-32", 13, 17, 18)] {
        let mut s = started(enc, json!({}));
        s.open(URI, 1, text);
        let d = s.diagnostics(URI, Some(1));
        assert_eq!(find(&d, "LEC102", 1).first().expect("LEC102")["range"], range(1, pct, 1, pct), "{enc}");
        assert_eq!(find(&d, "LEC101", 1).first().expect("LEC101")["range"], range(1, star, 1, star_end), "{enc}");
        // Typing before the emoji moves the findings by the typed units.
        s.change(URI, 2, json!([{"range": range(1, 0, 1, 0), "text": "𠀀"}]));
        let d = s.diagnostics(URI, Some(2));
        let w = if enc == "utf-8" {
            4
        } else if enc == "utf-16" {
            2
        } else {
            1
        };
        assert_eq!(find(&d, "LEC102", 1).first().expect("LEC102")["range"], range(1, pct + w, 1, pct + w), "{enc}");
    }
}

/// A tiny deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn random_edits_match_fresh_open(enc: &str, edits: usize, seed: u64) {
    const PIECES: &[&str] = &[
        "",
        "一、",
        "三、",
        "（二）",
        "2.",
        "%",
        "占%",
        "*",
        "**",
        "😀",
        "𠀀",
        "共有个民族",
        "，",
        "。",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "上一篇:",
        "标题:",
        "X",
        "同志们：",
        "省略",
        "http://a.cn ",
        "民族团结进步",
    ];
    let mut rng = Rng(seed);
    let mut s = started(enc, json!({}));
    let mut text = format!("😀𠀀共有个民族，占%\r\n{EXAMPLE}");
    s.open(URI, 1, &text);
    let mut version = 1;
    for _ in 0..edits {
        let mut changes = Vec::new();
        for _ in 0..1 + rng.below(3) / 2 {
            let a = char_boundary(&text, rng.below(text.len() + 1));
            let len = if rng.below(3) == 0 { 0 } else { rng.below(24) };
            let b = char_boundary(&text, (a + len).min(text.len()));
            let insert: String = (0..rng.below(3)).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            let (pa, pb) = (position(&text, a, enc), position(&text, b, enc));
            // What the positions mean (a position inside a CRLF means the line's end).
            let (oa, ob) = (offset(&text, &pa, enc), offset(&text, &pb, enc));
            text.replace_range(oa..ob, &insert);
            changes.push(json!({"range": {"start": pa, "end": pb}, "text": insert}));
        }
        version += 1;
        s.change(URI, version, Value::Array(changes));
    }
    let edited = s.diagnostics(URI, Some(version));
    let fresh_uri = "file:///tmp/lectern-test/fresh.txt";
    s.open(fresh_uri, 1, &text);
    let fresh = s.diagnostics(fresh_uri, Some(1));
    assert_eq!(comparable(&edited), comparable(&fresh), "after {edits} edits in {enc}");
    assert!(!fresh.is_empty());
    let sym =
        |s: &mut TestServer, uri: &str| s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    assert_eq!(sym(&mut s, URI).expect("symbols"), sym(&mut s, fresh_uri).expect("symbols"));
    s.assert_clean_protocol();
}

#[test]
fn thousand_random_utf16_edits_match_a_fresh_open() {
    random_edits_match_fresh_open("utf-16", 1000, 0x5eed_1234_abcd_0001);
}

#[test]
fn random_utf8_edits_match_a_fresh_open() {
    random_edits_match_fresh_open("utf-8", 300, 0x0ddb_a11c_0ffe_e002);
}

#[test]
fn every_edit_gets_exactly_one_publish_with_its_version() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    assert!(!s.diagnostics(URI, Some(1)).is_empty());
    for v in 2..40 {
        s.change(URI, v, json!([{"range": range(11, 0, 11, 0), "text": "占%"}]));
        let d = s.diagnostics(URI, Some(v));
        assert_eq!(find(&d, "LEC102", 11).len(), (v as usize - 1) + 2);
    }
    // Nothing more arrives: a version is published once.
    std::thread::sleep(Duration::from_millis(100));
    let extra: Vec<Value> =
        s.drain().into_iter().filter(|m| m["method"] == "textDocument/publishDiagnostics").collect();
    assert!(extra.is_empty(), "unexpected publishes: {extra:#?}");
    let r = s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}));
    assert!(r.is_ok());
    s.change(URI, 40, json!([{"range": range(0, 0, 0, 0), "text": ""}]));
    s.diagnostics(URI, Some(40));
}

#[test]
fn stale_versions_are_ignored_and_close_clears() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 5, EXAMPLE);
    let before = s.diagnostics(URI, Some(5));
    // A change from the past (version 3) would empty the document: it is ignored.
    s.change(URI, 3, json!([{"text": ""}]));
    s.change(URI, 6, json!([{"range": range(0, 0, 0, 0), "text": "\n"}]));
    let after = s.diagnostics(URI, Some(6));
    assert_eq!(after.len(), before.len());
    s.notify("textDocument/didSave", json!({"textDocument": {"uri": URI}}));
    s.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    let cleared = s.diagnostics(URI, None);
    assert!(cleared.is_empty());
}

fn symbols(s: &mut TestServer) -> Vec<Value> {
    s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}}))
        .expect("symbols")
        .as_array()
        .cloned()
        .expect("array")
}

fn by_prefix<'a>(items: &'a [Value], prefix: &str) -> &'a Value {
    items
        .iter()
        .find(|x| x["name"].as_str().is_some_and(|n| n.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no symbol starting with {prefix:?} in {items:#?}"))
}

fn children(v: &Value) -> Vec<Value> {
    v["children"].as_array().cloned().unwrap_or_default()
}

#[test]
fn outline_nests_headings_and_folds_sections() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let roots = symbols(&mut s);
    let one = by_prefix(&roots, "一、提高政治站位");
    let three = by_prefix(&roots, "三、强化组织保障");
    assert_eq!(three["selectionRange"]["start"]["line"], 65);
    let kids = children(one);
    by_prefix(&kids, "(一)民族团结进步");
    let two = by_prefix(&kids, "(二)创新工作载体");
    by_prefix(&children(two), "1.深化“结对认亲”");
    by_prefix(&children(three), "(一)加强党的领导");
    let folds = s
        .request("textDocument/foldingRange", json!({"textDocument": {"uri": URI}}))
        .expect("folding")
        .as_array()
        .cloned()
        .expect("array");
    assert!(folds.iter().any(|f| f["startLine"] == 7 && f["endLine"].as_u64().is_some_and(|e| e >= 60)), "{folds:#?}");
    assert!(folds.iter().all(|f| f["endLine"].as_u64() > f["startLine"].as_u64()));
}

fn actions(s: &mut TestServer, r: Value, only: Option<Vec<&str>>) -> Vec<Value> {
    let mut ctx = json!({"diagnostics": []});
    if let Some(only) = only {
        ctx["only"] = json!(only);
    }
    s.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": r, "context": ctx}))
        .expect("code actions")
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn edits_of(action: &Value) -> Vec<Value> {
    action["edit"]["changes"][URI].as_array().cloned().expect("edits for the uri")
}

#[test]
fn quick_fix_applied_makes_its_diagnostic_disappear() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    let d = s.diagnostics(URI, Some(1));
    let target = find(&d, "LEC301", 71)[0].clone();
    let acts = actions(&mut s, target["range"].clone(), Some(vec!["quickfix"]));
    let fix = acts
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0] == target)
        .unwrap_or_else(|| panic!("no quick fix for {target:#} in {acts:#?}"));
    assert_eq!(fix["isPreferred"], true);
    let edits = edits_of(fix);
    let fixed = apply_edits(EXAMPLE, &edits, "utf-16");
    assert!(!fixed.contains("上一篇"));
    // Apply it as an editor does: the edits, as incremental changes, last first.
    let mut sorted = edits.clone();
    sorted.sort_by_key(|e| {
        std::cmp::Reverse((e["range"]["start"]["line"].as_u64(), e["range"]["start"]["character"].as_u64()))
    });
    let changes: Vec<Value> = sorted.iter().map(|e| json!({"range": e["range"], "text": e["newText"]})).collect();
    s.change(URI, 2, Value::Array(changes));
    let after = s.diagnostics(URI, Some(2));
    assert_eq!(after.len(), d.len() - 1);
    assert!(!after.iter().any(|x| x["message"] == target["message"] && x["range"] == target["range"]));
    // Placeholders have no fix: the only quick fixes on them silence the finding in the
    // project's lectern.toml; none edits the draft.
    let star = find(&d, "LEC101", 11)[0].clone();
    let acts = actions(&mut s, star["range"].clone(), Some(vec!["quickfix"]));
    assert!(!acts.is_empty());
    for a in &acts {
        let changes =
            a["edit"]["changes"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
        assert!(!changes.iter().any(|k| k == URI), "an action edits the draft: {a:#}");
    }
}

#[test]
fn fix_all_leaves_no_boilerplate_and_is_not_offered_when_nothing_to_fix() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let acts = actions(&mut s, range(0, 0, 0, 0), Some(vec!["source.fixAll"]));
    assert_eq!(acts.len(), 1, "{acts:#?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.lectern");
    let fixed = apply_edits(EXAMPLE, &edits_of(&acts[0]), "utf-16");
    // The other file-wide action removes the same boilerplate.
    let all = actions(&mut s, range(0, 0, 0, 0), None);
    let rm = all.iter().find(|a| a["kind"] == "source.removeBoilerplate.lectern").expect("remove boilerplate");
    assert!(!apply_edits(EXAMPLE, &edits_of(rm), "utf-16").contains("上一篇"));
    // Apply fix-all as a full-text change.
    s.change(URI, 2, json!([{"text": fixed}]));
    let after = s.diagnostics(URI, Some(2));
    assert!(!after.iter().any(|x| category_of(x) == Some(Category::Boilerplate)), "{after:#?}");
    assert!(after.iter().any(|x| x["code"] == "LEC102"));
    // The truncation notes became marked holes, so renumbering 2. to 1. stays unsafe: one
    // fix-all leaves nothing safe to fix (issue 17).
    assert!(actions(&mut s, range(0, 0, 0, 0), Some(vec!["source.fixAll"])).is_empty());
    // A clean draft: nothing offered.
    s.change(URI, 4, json!([{"text": "全年地区生产总值增长5.2%，新增就业1.2万人。\n"}]));
    assert!(s.diagnostics(URI, Some(4)).is_empty());
    assert!(actions(&mut s, range(0, 0, 0, 0), Some(vec!["source.fixAll"])).is_empty());
}

#[test]
fn settings_change_locale_severity_and_rules() {
    let mut s = started("utf-16", json!({"locale": "zh-CN", "rules": {"LEC101": {"severity": "hint"}}}));
    s.open(URI, 1, EXAMPLE);
    let d = s.diagnostics(URI, None);
    let pct = find(&d, "LEC102", 11)[0].clone();
    assert!(pct["message"].as_str().expect("msg").contains("缺少"));
    assert!(d.iter().filter(|x| x["code"] == "LEC101").all(|x| x["severity"] == 4));

    *s.settings.lock().expect("settings") = json!({"locale": "en"});
    s.notify("workspace/didChangeConfiguration", json!({"settings": {"lectern": {"locale": "en"}}}));
    let d = s.diagnostics(URI, Some(1));
    let d = if d.iter().any(|x| x["message"].as_str().is_some_and(|m| m.contains("缺少"))) {
        s.diagnostics(URI, Some(1))
    } else {
        d
    };
    assert!(find(&d, "LEC102", 11)[0]["message"].as_str().expect("msg").starts_with("missing figure"), "{d:#?}");

    *s.settings.lock().expect("settings") = json!({"locale": "en", "rules": {"missing-percent-figure": false}});
    s.notify("workspace/didChangeConfiguration", json!({"settings": null}));
    let d = s.diagnostics(URI, Some(1));
    assert!(!d.iter().any(|x| x["code"] == "LEC102"), "{d:#?}");
    assert!(d.iter().any(|x| x["code"] == "LEC101"));
}

#[test]
fn hover_explains_findings_and_heading_positions() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let hover = |s: &mut TestServer, line: u64, ch: u64| {
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": ch}}),
        )
        .expect("hover")
    };
    let h = hover(&mut s, 11, 50);
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("LEC102") && text.contains("百分号前缺少数字"), "{text}");
    let h = hover(&mut s, 65, 5);
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("LEC201"), "{text}");
    // The heading marker of （二） on line 46: level and outline path.
    let h = hover(&mut s, 45, 5);
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("二级标题") && text.contains("一、提高政治站位") && text.contains("(二)创新工作载体"),
        "{text}"
    );
    assert_eq!(hover(&mut s, 2, 0), Value::Null);
}

#[test]
fn malformed_requests_get_errors_and_the_server_keeps_serving() {
    let mut s = TestServer::start_with_env(&[("LECTERN_LSP_TEST_HOOKS", "1")]);
    s.initialize(&["utf-16"], json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let e = s.request("lectern/noSuchMethod", json!({})).expect_err("unknown method");
    assert_eq!(e["code"], -32601);
    let e = s
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 100000, "character": 0}}),
        )
        .expect_err("position past the end");
    assert_eq!(e["code"], -32602);
    let e = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": range(0, 0, 9999, 0), "context": {"diagnostics": []}}),
        )
        .expect_err("range past the end");
    assert_eq!(e["code"], -32602);
    let e = s.request("textDocument/codeAction", json!({"textDocument": {"uri": 7}})).expect_err("invalid params");
    assert_eq!(e["code"], -32602);
    let e = s.request("lectern/debugPanic", Value::Null).expect_err("a panic is an error answer");
    assert_eq!(e["code"], -32603);
    // A column past the end of a line is clamped (the protocol says so), not an error.
    assert!(s
        .request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 999}}))
        .is_ok());
    // Notifications with nonsense are survived too.
    s.change(URI, 2, json!([{"range": range(5000, 3, 9000, 0), "text": "占%"}]));
    s.change("file:///not/open.txt", 2, json!([{"text": "x"}]));
    s.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    let bad = br#"{"jsonrpc":"1.0","id":99,"method":"textDocument/hover"}"#;
    s.send_raw(format!("Content-Length: {}\r\n\r\n", bad.len()).as_bytes());
    s.send_raw(bad);
    assert_eq!(s.response(99).expect_err("malformed request answered")["code"], -32600);
    let d = s.diagnostics(URI, Some(2));
    assert!(!d.is_empty());
    assert!(s.request("textDocument/documentSymbol", json!({"textDocument": {"uri": URI}})).is_ok());
    s.assert_clean_protocol();
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn oversized_documents_get_one_information_diagnostic() {
    let mut s = started("utf-16", json!({"maxDocumentSize": 1000}));
    s.open(URI, 1, EXAMPLE);
    let d = s.diagnostics(URI, Some(1));
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["severity"], 3);
    // Shrinking it below the limit brings the findings back.
    s.change(URI, 2, json!([{"text": "其中蒙古族人口占*%"}]));
    let d = s.diagnostics(URI, Some(2));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["code"], "LEC101");
}

#[test]
fn shutdown_then_exit_ends_promptly_with_status_0() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let t = Instant::now();
    let status = s.shutdown_and_exit();
    assert!(status.success(), "{status:?}");
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let mut s = started("utf-16", json!({}));
    s.notify("exit", Value::Null);
    assert_eq!(s.wait_exit().code(), Some(1));
}

#[test]
fn debounce_setting_analyses_only_the_last_of_quick_changes() {
    let mut s = started("utf-16", json!({"debounceMs": 150}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let t = Instant::now();
    for v in 2..=6 {
        s.change(URI, v, json!([{"range": range(0, 0, 0, 0), "text": "占%\n"}]));
    }
    // Waiting for version 6 drops older publishes; with the debounce there are none to drop.
    let msg = s.wait_for("publish", |m| m["method"] == "textDocument/publishDiagnostics");
    assert!(t.elapsed() >= Duration::from_millis(140), "published after {:?}", t.elapsed());
    assert_eq!(msg["params"]["version"], 6);
    let d = msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
    assert_eq!((0..5).filter(|l| !find(&d, "LEC102", *l).is_empty()).count(), 5);
}

/// The robustness issue's differential check: ten thousand random incremental edits (Chinese,
/// emoji, astral characters, CRLF and lone CR) in UTF-32 columns, then the published
/// diagnostics equal those of a fresh open of the same text.
#[test]
fn ten_thousand_random_utf32_edits_match_a_fresh_open() {
    random_edits_match_fresh_open("utf-32", 10_000, 0x1e55_0000_beef_0003);
}

/// Length and speaking time: a code lens on the title line with the whole speech's count (the
/// same as `lectern stats`), one on each level-1 heading, and the count in their hover.
#[test]
fn code_lens_and_heading_hover_show_length_and_speaking_time() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let lenses = s.request("textDocument/codeLens", json!({"textDocument": {"uri": URI}})).expect("code lens");
    let lenses = lenses.as_array().expect("lenses").clone();
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_lectern"))
        .args(["stats", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("stdin").write_all(EXAMPLE.as_bytes())?;
            c.wait_with_output()
        })
        .expect("lectern stats");
    let out = String::from_utf8(cli.stdout).expect("utf-8");
    let summary = out.lines().nth(1).expect("summary line");
    assert_eq!(lenses[0]["command"]["title"], summary, "{lenses:#?}");
    assert!(summary.starts_with("全文 ") && summary.contains(" 字 · 约 "), "{summary}");
    // 一、 (line 8) and 三、 (line 66) each get their own lens
    let lines: Vec<u64> = lenses.iter().filter_map(|l| l["range"]["start"]["line"].as_u64()).collect();
    assert!(lines.contains(&7) && lines.contains(&65), "{lines:?}");
    let h = s
        .request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 7, "character": 0}}))
        .expect("hover");
    let text = h["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains(" 字 · 约 "), "{text}");
}

/// Findings of the engine run directly on `text`, as (line, code, message), to compare with a
/// publish (which must carry the same findings in the same order).
fn engine_findings(text: &str) -> Vec<Value> {
    let a = lectern::analysis::analyze(text, &lectern::analysis::Config::default());
    a.diagnostics.iter().map(|f| json!([f.span.start.line, f.rule.code(), f.message])).collect()
}

fn published(diags: &[Value]) -> Vec<Value> {
    diags.iter().map(|d| json!([d["range"]["start"]["line"], d["code"], d["message"]])).collect()
}

/// Large texts (a `didOpen`, a full-document `didChange`) take the server's diverted path (the
/// text is parsed once by the input guard and handed to the handler); they must arrive whole,
/// escapes included, and a later incremental edit must apply to them.
#[test]
fn large_opens_and_full_changes_arrive_whole() {
    let mut big = String::from("“引号\"与\\反斜杠\t制表😀\r\n");
    while big.len() < 300_000 {
        big.push_str(EXAMPLE);
        big.push_str("\r\n投入资金万元。\n");
    }
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, &big);
    let d = s.diagnostics(URI, Some(1));
    assert!(d.len() > 100);
    assert_eq!(published(&d), engine_findings(&big));
    let mut other = big.replace("投入资金万元", "投入资金100万元");
    other.push_str("\n占总人口的%。");
    s.change(URI, 2, json!([{"text": other}]));
    let d = s.diagnostics(URI, Some(2));
    assert_eq!(published(&d), engine_findings(&other));
    // An incremental edit after the full change: applies to the diverted text.
    s.change(URI, 3, json!([{"range": range(0, 0, 0, 0), "text": "共有个民族\n"}]));
    other.insert_str(0, "共有个民族\n");
    let d = s.diagnostics(URI, Some(3));
    assert_eq!(published(&d), engine_findings(&other));
    // A small document that looks like a diversion token is taken as it is.
    let lookalike = format!("\u{F8FF}lectern-diverted-text:{}:0", 1);
    s.open("file:///tmp/lectern-test/token.txt", 1, &lookalike);
    s.diagnostics("file:///tmp/lectern-test/token.txt", Some(1));
    let r = s
        .request("textDocument/documentSymbol", json!({"textDocument": {"uri": "file:///tmp/lectern-test/token.txt"}}));
    assert!(r.is_ok());
    s.assert_clean_protocol();
}

/// A burst of large full-document changes sent without waiting: every one is applied in
/// order (none of their diverted texts is lost), and the last one is what is published.
#[test]
fn a_burst_of_large_full_changes_ends_on_the_last_text() {
    let mut s = started("utf-16", json!({}));
    let mut base = String::new();
    while base.len() < 120_000 {
        base.push_str(EXAMPLE);
        base.push('\n');
    }
    s.open(URI, 1, &base);
    s.diagnostics(URI, Some(1));
    let mut last = String::new();
    for v in 2..=16 {
        last = format!("{}\n占总人口的%。\n", base.replace("同志们", &"同".repeat(v as usize)));
        s.change(URI, v, json!([{"text": last}]));
    }
    let d = s.diagnostics(URI, Some(16));
    assert_eq!(published(&d), engine_findings(&last));
    s.assert_clean_protocol();
}

#[test]
fn issue_17_fix_all_three_times_keeps_the_lost_section_visible() {
    let mut s = started("utf-16", json!({}));
    s.open(URI, 1, EXAMPLE);
    s.diagnostics(URI, Some(1));
    let mut text = EXAMPLE.to_string();
    let mut d = Vec::new();
    for round in 0..3 {
        let acts = actions(&mut s, range(0, 0, 0, 0), Some(vec!["source.fixAll"]));
        assert_eq!(acts.len(), usize::from(round == 0), "round {round}: {acts:#?}");
        if let Some(a) = acts.first() {
            text = apply_edits(&text, &edits_of(a), "utf-16");
        }
        s.change(URI, round + 2, json!([{"text": text}]));
        d = s.diagnostics(URI, Some(round + 2));
    }
    assert!(text.contains("    三、强化组织保障") && !text.contains("二、强化组织保障"), "{text}");
    let holes: Vec<&Value> = d.iter().filter(|x| x["code"] == "LEC108").collect();
    assert_eq!(holes.len(), 2, "{d:#?}");
    assert!(holes.iter().all(|h| h["severity"] == 1), "holes are errors: {holes:#?}");
    assert_eq!(text.matches("〔此处原文缺失约").count(), 2);
    let skip = d.iter().find(|x| x["code"] == "LEC201").expect("the skipped 二、 is still reported");
    let line = skip["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
    assert!(text.lines().nth(line).is_some_and(|l| l.contains("三、")), "{skip:#}");
}
