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

/// What a hostile `lectern.toml` is made of: a FIFO, or a symlink to `/dev/stdin` or to
/// `/dev/zero` (symlinks can be committed to a repository; opening the clone is enough).
#[cfg(unix)]
fn plant(kind: &str, at: &std::path::Path) {
    match kind {
        "fifo" => {
            let st = std::process::Command::new("mkfifo").arg(at).status().expect("mkfifo");
            assert!(st.success());
        }
        "stdin" => std::os::unix::fs::symlink("/dev/stdin", at).unwrap(),
        "zero" => std::os::unix::fs::symlink("/dev/zero", at).unwrap(),
        "dir" => std::fs::create_dir(at).unwrap(),
        _ => unreachable!(),
    }
}

/// Waits for a `window/logMessage` containing all of `parts`.
fn logged(s: &mut TestServer, parts: &[&str]) -> String {
    let m = s.wait_for(&format!("a log with {parts:?}"), |m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"].as_str().is_some_and(|l| parts.iter().all(|p| l.contains(p)))
    });
    m["params"]["message"].as_str().unwrap_or_default().to_string()
}

fn code_action(s: &mut TestServer, uri: &str, d: &Value) -> Vec<Value> {
    let acts = s
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": d["range"], "context": {"diagnostics": [d], "only": ["quickfix"]}}),
        )
        .expect("code actions");
    acts.as_array().cloned().unwrap_or_default()
}

fn project_actions(acts: &[Value]) -> Vec<&Value> {
    acts.iter()
        .filter(|a| a["title"].as_str().is_some_and(|t| t.contains("lectern.toml") || t.contains("项目")))
        .collect()
}

/// Issue 20, defect 4: a workspace whose lectern.toml is a FIFO, a symlink to /dev/stdin or
/// to /dev/zero (or a folder). `initialize` and `codeAction` are answered (the test's wait is
/// a generous 20 s, to detect a hang, not to time anything), the file is reported as ignored,
/// and the defaults apply.
#[cfg(unix)]
#[test]
fn issue_20_a_lectern_toml_that_is_not_a_regular_file_is_ignored_and_reported() {
    for kind in ["fifo", "stdin", "zero", "dir"] {
        let dir = tempfile::tempdir().unwrap();
        let toml = dir.path().join("lectern.toml");
        plant(kind, &toml);
        let draft = dir.path().join("draft.txt");
        let uri = file_uri(&draft);
        let t = std::time::Instant::now();
        let mut s = start_in(dir.path(), json!({}));
        let init = t.elapsed();
        let line = logged(&mut s, &["settings file in force", "not a regular file"]);
        assert!(line.contains("lectern.toml") && line.contains("defaults"), "{kind}: {line}");
        s.open(&uri, 1, DRAFT);
        let d = s.diagnostics(&uri, Some(1));
        assert_eq!(d.len(), 2, "{kind}: the defaults apply: {d:#?}");
        let t = std::time::Instant::now();
        let acts = code_action(&mut s, &uri, &d[0]);
        // Printed, not asserted (tests are not timing-based): the evidence for the issue's 1 s.
        eprintln!("{kind}: initialize answered in {init:?}, codeAction in {:?}", t.elapsed());
        assert!(project_actions(&acts).is_empty(), "{kind}: {acts:#?}");
        logged(&mut s, &["lectern.toml", "not a regular file", "no “in this project” actions"]);
        assert!(s.shutdown_and_exit().success(), "{kind}");
    }
}

/// Issue 20, defect 5: with no workspace root, a FIFO lectern.toml next to the document; code
/// actions are answered every time (before, each one blocked forever, and after four the
/// server answered nothing).
#[cfg(unix)]
#[test]
fn issue_20_without_a_root_a_fifo_beside_the_document_blocks_no_code_action() {
    let dir = tempfile::tempdir().unwrap();
    plant("fifo", &dir.path().join("lectern.toml"));
    let uri = file_uri(&dir.path().join("draft.txt"));
    let mut s = TestServer::start();
    s.initialize(&["utf-16"], json!({}));
    s.open(&uri, 1, DRAFT);
    let d = s.diagnostics(&uri, Some(1));
    for _ in 0..6 {
        let acts = code_action(&mut s, &uri, &d[0]);
        assert!(project_actions(&acts).is_empty(), "{acts:#?}");
    }
    logged(&mut s, &["lectern.toml", "ignored: not a regular file (a FIFO)"]);
    assert!(s.shutdown_and_exit().success());
}

/// Issue 20, defect 12: the actions that write lectern.toml exist only for local `file:`
/// documents, and only for a lectern.toml in the document's workspace folder.
#[test]
fn issue_20_project_file_actions_only_for_local_documents_inside_the_workspace() {
    // no root: an http: document, a file: URI on another host
    let mut s = TestServer::start();
    s.initialize(&["utf-16"], json!({}));
    for uri in ["http://example.com/a.txt", "file://otherhost/etc/x.txt", "untitled:Untitled-1"] {
        s.open(uri, 1, DRAFT);
        let d = s.diagnostics(uri, Some(1));
        let acts = code_action(&mut s, uri, &d[0]);
        assert!(project_actions(&acts).is_empty(), "{uri}: {acts:#?}");
    }
    // file://localhost/ is local: its folder's lectern.toml
    let dir = tempfile::tempdir().unwrap();
    let local = format!("file://localhost{}", dir.path().join("d.txt").display());
    s.open(&local, 1, DRAFT);
    let d = s.diagnostics(&local, Some(1));
    let acts = code_action(&mut s, &local, &d[0]);
    let p = project_actions(&acts);
    assert!(!p.is_empty(), "{acts:#?}");
    let want = file_uri(&dir.path().join("lectern.toml"));
    assert!(p.iter().all(|a| a.to_string().contains(&want)), "{p:#?}");
    assert!(s.shutdown_and_exit().success());

    // a root: a document outside it gets no project actions (not its parent's lectern.toml)
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let mut s = start_in(root.path(), json!({}));
    let out_uri = file_uri(&outside.path().join("d.txt"));
    s.open(&out_uri, 1, DRAFT);
    let d = s.diagnostics(&out_uri, Some(1));
    assert!(project_actions(&code_action(&mut s, &out_uri, &d[0])).is_empty());
    let in_uri = file_uri(&root.path().join("sub").join("d.txt"));
    s.open(&in_uri, 1, DRAFT);
    let d = s.diagnostics(&in_uri, Some(1));
    let acts = code_action(&mut s, &in_uri, &d[0]);
    let want = file_uri(&root.path().join("lectern.toml"));
    let p = project_actions(&acts);
    assert!(!p.is_empty() && p.iter().all(|a| a.to_string().contains(&want)), "{acts:#?}");
    assert!(s.shutdown_and_exit().success());
}

/// Issue 20, defect 12: with no root, a watched-files event cannot make an arbitrary file the
/// project file; the lectern.toml beside an open document can.
#[test]
fn issue_20_a_watched_file_event_cannot_adopt_an_arbitrary_file() {
    let dir = tempfile::tempdir().unwrap();
    let other = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "locale = \"en\"\n").unwrap();
    std::fs::write(other.path().join("lectern.toml"), "locale = \"en\"\n").unwrap();
    let uri = file_uri(&dir.path().join("draft.txt"));
    let mut s = TestServer::start();
    s.initialize(&["utf-16"], json!({}));
    s.open(&uri, 1, DRAFT);
    s.diagnostics(&uri, Some(1));
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&notes), "type": 2}, {"uri": file_uri(&other.path().join("lectern.toml")), "type": 1}]}),
    );
    s.change(&uri, 2, json!([{"text": DRAFT}]));
    let d = s.diagnostics(&uri, Some(2));
    let english = |d: &[Value]| d.iter().any(|x| x["message"].as_str().is_some_and(|m| m.contains("percent sign")));
    assert!(!d.is_empty() && !english(&d), "still Chinese: {d:#?}");
    // the lectern.toml beside the document, created: adopted
    let toml = dir.path().join("lectern.toml");
    std::fs::write(&toml, "locale = \"en\"\n").unwrap();
    s.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": file_uri(&toml), "type": 1}]}));
    s.change(&uri, 3, json!([{"text": DRAFT}]));
    let d = s.diagnostics(&uri, Some(3));
    assert!(english(&d), "English now: {d:#?}");
    assert!(s.shutdown_and_exit().success());
}
