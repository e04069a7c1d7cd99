//! Settings in the running server: defaults < lectern.toml < editor settings, a hot reload of
//! lectern.toml, an invalid file reported on the file while the last good settings stay, and
//! the "ignore in project" / "disable in project" / Markdown "disable for this line" actions.

mod support;

use lectern::analysis::{Category, Rule};
use serde_json::{json, Value};
use support::TestServer;

fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

fn start_in(root: &std::path::Path, init: Value) -> TestServer {
    let mut s = TestServer::start();
    let caps = json!({
        "general": {"positionEncodings": ["utf-16"]},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}},
        "textDocument": {"publishDiagnostics": {"versionSupport": true}}
    });
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": file_uri(root), "capabilities": caps, "initializationOptions": init}),
    )
    .expect("initialize");
    s.notify("initialized", json!({}));
    s
}

fn codes(d: &[Value]) -> Vec<(String, u64)> {
    d.iter().map(|x| (x["code"].as_str().unwrap_or("").to_string(), x["severity"].as_u64().unwrap_or(0))).collect()
}

const DRAFT: &str = "人口占*%，总人口的%。\n";

#[test]
fn editor_settings_override_the_project_file_which_overrides_defaults() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lectern.toml"),
        "locale = \"en\"\n[rules.LEC101]\nenabled = false\n[rules.LEC102]\nseverity = \"hint\"\n",
    )
    .unwrap();
    let draft = dir.path().join("draft.txt");
    let uri = file_uri(&draft);
    // no editor settings: the file applies
    let mut s = start_in(dir.path(), json!({}));
    s.open(&uri, 1, DRAFT);
    let d = s.diagnostics(&uri, Some(1));
    assert_eq!(codes(&d), [("LEC102".to_string(), 4)], "{d:#?}");
    assert!(d[0]["message"].as_str().unwrap().contains("missing"), "{d:#?}");
    assert!(s.shutdown_and_exit().success());
    // editor settings win over the file, key by key
    let mut s = start_in(dir.path(), json!({"locale": "zh-CN", "rules": {"LEC102": "warning"}}));
    s.open(&uri, 1, DRAFT);
    let d = s.diagnostics(&uri, Some(1));
    assert_eq!(codes(&d), [("LEC102".to_string(), 2)], "{d:#?}");
    assert!(d[0]["message"].as_str().unwrap().contains("缺少"), "{d:#?}");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn editing_the_project_file_reloads_and_an_invalid_edit_keeps_the_last_good_settings() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("lectern.toml");
    std::fs::write(&toml, "# 设置\n").unwrap();
    let draft = dir.path().join("draft.txt");
    let uri = file_uri(&draft);
    let mut s = start_in(dir.path(), json!({}));
    s.open(&uri, 1, DRAFT);
    assert_eq!(s.diagnostics(&uri, Some(1)).len(), 2);
    // hot reload: LEC101 off
    std::fs::write(&toml, "# 设置\n[rules.LEC101]\nenabled = false\n").unwrap();
    s.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}));
    let d = s.wait_for("a publish without LEC101", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|a| a.len() == 1)
    });
    assert_eq!(d["params"]["diagnostics"][0]["code"], "LEC102");
    // an invalid edit: reported on the file; LEC101 stays off
    std::fs::write(&toml, "# 设置\n[rules.LEC101]\nenabled = false\ncolour = 3\n").unwrap();
    s.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}));
    let on_file = s.wait_for("diagnostics on lectern.toml", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == file_uri(&toml).as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|a| !a.is_empty())
    });
    let diag = &on_file["params"]["diagnostics"][0];
    assert_eq!(diag["range"]["start"]["line"], 3, "{diag:#}");
    assert!(diag["message"].as_str().unwrap().contains("colour"));
    s.change(&uri, 2, json!([{"text": DRAFT}]));
    let d = s.diagnostics(&uri, Some(2));
    assert_eq!(codes(&d).iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["LEC102"], "{d:#?}");
    assert!(s.shutdown_and_exit().success());
}

#[test]
fn ignore_in_project_keeps_every_byte_of_a_commented_file_and_markdown_can_disable_a_line() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("lectern.toml");
    let original =
        "# 本单位设置（请勿删除注释）\nlocale = \"zh-CN\"  # 中文\n\n[ignore]\nphrases = [\"千村示范\"] # 口号\n";
    std::fs::write(&toml, original).unwrap();
    let draft = dir.path().join("draft.md");
    let uri = file_uri(&draft);
    let mut s = start_in(dir.path(), json!({}));
    let text = "其中人口占*%。\n";
    s.open(&uri, 1, text);
    let d = s.diagnostics(&uri, Some(1));
    let blank = d
        .iter()
        .find(|x| x["code"].as_str().and_then(Rule::find).is_some_and(|r| r.category() == Category::Blank))
        .expect("a blank")
        .clone();
    let acts = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": blank["range"], "context": {"diagnostics": [blank], "only": ["quickfix"]}}),
        )
        .expect("actions");
    let acts = acts.as_array().unwrap();
    let ignore = acts.iter().find(|a| a["title"].as_str().unwrap().contains("忽略")).expect("ignore action");
    let edits = ignore["edit"]["changes"][file_uri(&toml)].as_array().expect("an edit of lectern.toml").clone();
    let new = support::apply_edits(original, &edits, "utf-16");
    // byte for byte apart from the added entry
    let phrase =
        new.split("\"千村示范\", \"").nth(1).and_then(|r| r.split('"').next()).expect("phrase added").to_string();
    assert_eq!(new, original.replace("[\"千村示范\"]", &format!("[\"千村示范\", \"{phrase}\"]")));
    assert!(text.contains(&phrase));
    // Markdown: a comment that disables the rule for the next line
    let md = acts.iter().find(|a| a["title"].as_str().unwrap().contains("此行")).expect("markdown action");
    let edits = md["edit"]["changes"][&uri].as_array().unwrap().clone();
    let with_comment = support::apply_edits(text, &edits, "utf-16");
    assert!(with_comment.starts_with("<!-- lectern-disable-next-line LEC1"), "{with_comment}");
    s.change(&uri, 2, json!([{"text": with_comment}]));
    let d = s.diagnostics(&uri, Some(2));
    assert!(!d.iter().any(|x| x["code"] == blank["code"]), "{d:#?}");
    // the project file written, reloaded: the phrase is ignored in every draft
    std::fs::write(&toml, &new).unwrap();
    s.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&toml), "type": 2}]}));
    s.change(&uri, 3, json!([{"text": text}]));
    let d = s.diagnostics(&uri, Some(3));
    assert!(!d.iter().any(|x| x["code"] == blank["code"]), "{d:#?}");
    assert!(s.shutdown_and_exit().success());
}
