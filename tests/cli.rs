//! The command line, run as a user runs it: the real binary on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn lectern() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lectern"))
}

fn run(args: &[&str]) -> Output {
    lectern().args(args).output().expect("run lectern")
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scraped-speech.txt")
}

fn json_of(out: &Output) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON value");
    v.as_array().expect("a JSON array").clone()
}

/// The text a finding's 1-based, char-counted, end-exclusive span covers (single-line spans).
fn covered(text: &str, f: &Value) -> String {
    let line = f["line"].as_u64().unwrap() as usize;
    let (c, ec) = (f["column"].as_u64().unwrap() as usize, f["end_column"].as_u64().unwrap() as usize);
    let row = text.split('\n').nth(line - 1).unwrap_or("");
    row.chars().skip(c - 1).take(ec.saturating_sub(c)).collect()
}

#[test]
fn json_reports_all_three_categories_on_the_example_with_exact_spans() {
    let out = run(&["check", "--format", "json", example().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let findings = json_of(&out);
    let text = std::fs::read_to_string(example()).unwrap();
    for cat in ["blank", "numbering", "boilerplate"] {
        assert!(findings.iter().any(|f| f["category"] == cat), "no {cat} finding");
    }
    for f in &findings {
        for key in
            ["path", "line", "column", "end_line", "end_column", "code", "category", "severity", "message", "fix"]
        {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
    }
    // every `*%` placeholder is reported, and its span covers exactly the placeholder
    let stars = text.lines().map(|l| l.matches("*%").count()).sum::<usize>();
    let star_hits = findings.iter().filter(|f| f["category"] == "blank" && covered(&text, f).starts_with('*')).count();
    assert!(star_hits >= stars, "{star_hits} < {stars}");
    // boilerplate on lines 13, 72 and 73
    for line in [13, 72, 73] {
        assert!(
            findings.iter().any(|f| f["category"] == "boilerplate" && f["line"] == line),
            "no boilerplate on line {line}"
        );
    }
    // the skipped 二、: 三、 on line 66
    let skip = findings.iter().find(|f| f["category"] == "numbering" && f["line"] == 66).expect("三、 reported");
    assert!(covered(&text, skip).contains('三'), "{skip}");
    // sorted by position
    let pos: Vec<(u64, u64)> =
        findings.iter().map(|f| (f["line"].as_u64().unwrap(), f["column"].as_u64().unwrap())).collect();
    let mut sorted = pos.clone();
    sorted.sort();
    assert_eq!(pos, sorted);
}

#[test]
fn clean_official_prose_yields_nothing_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("clean.txt");
    std::fs::write(
        &p,
        "全年地区生产总值增长5.2%，新增就业1.2万人，建成学校3所。\n\
         一、主要工作回顾\n\
         过去一年，全县一般公共预算收入完成226.85亿元，同比增长8.1%；城镇居民人均可支配收入达到4.2万元。\n\
         二、今年工作安排\n\
         今年是“十四五”规划的关键一年，要坚持稳中求进工作总基调，确保粮食产量稳定在50万吨以上。\n",
    )
    .unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(json_of(&out), Vec::<Value>::new(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn text_output_has_location_source_line_and_marker() {
    let out = run(&["check", example().to_str().unwrap()]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("scraped-speech.txt:66:"), "{s}");
    assert!(s.contains(" | "), "{s}");
    assert!(s.contains('^'));
    assert!(s.contains("已检查 1 个文件"), "{s}");
    let en = run(&["check", "--locale", "en", example().to_str().unwrap()]);
    assert!(String::from_utf8(en.stdout).unwrap().contains("Checked 1 file(s)"));
}

#[test]
fn unreadable_and_invalid_files_exit_two_but_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\xff\xfe\x00abc").unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "占总人口的%。\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let out =
        run(&["check", "--format", "json", bad.to_str().unwrap(), missing.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("bad.txt") && err.contains("UTF-8"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    let findings = json_of(&out);
    assert!(findings.iter().any(|f| f["path"].as_str().unwrap().ends_with("good.txt")));
}

#[test]
fn folders_are_walked_for_drafts_and_stdin_works() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/a.md"), "占%\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "占%\n").unwrap();
    std::fs::write(dir.path().join("c.rs"), "占%\n").unwrap();
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let paths: Vec<String> = json_of(&out).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("b.txt") && paths[1].ends_with("a.md"), "{paths:?}");

    let mut child = lectern()
        .args(["check", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all("人口占*%\n".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let f = json_of(&out);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["path"], "-");
    assert_eq!((f[0]["line"].as_u64(), f[0]["column"].as_u64()), (Some(1), Some(4)));
}

#[test]
fn fix_rewrites_in_place_keeping_permissions_and_the_speech() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("draft.txt");
    std::fs::copy(example(), &p).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let out = run(&["check", "--fix", "--format", "json", p.to_str().unwrap()]);
    assert!(matches!(out.status.code(), Some(0 | 1)));
    assert!(String::from_utf8_lossy(&out.stderr).contains("已修复"));
    let after = std::fs::read_to_string(&p).unwrap();
    assert!(!after.contains("上一篇"), "{after}");
    assert!(after.contains("三、强化组织保障"));
    // no site text is left; renumbering next to the (now deleted) truncation notes was not
    // applied in the same run, because it was unsafe while the notes showed text was lost
    let left = json_of(&out);
    assert!(left.iter().all(|f| f["category"] != "boilerplate"), "{left:?}");
    assert!(after.contains("2.加强宣传引导"), "{after}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }
}

#[test]
fn project_settings_apply_and_bad_keys_are_errors_naming_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("draft.txt");
    std::fs::write(&p, "人口占*%，总人口的%。\n").unwrap();
    std::fs::write(dir.path().join("lectern.toml"), "locale = \"en\"\n[rules.figure-placeholder]\nenabled = false\n")
        .unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    let f = json_of(&out);
    assert!(f.iter().all(|f| f["code"] != "LEC101"), "{f:?}");
    assert!(f.iter().any(|f| f["message"].as_str().unwrap().contains("missing figure")), "{f:?}");

    std::fs::write(dir.path().join("lectern.toml"), "locale = \"en\"\nspeling_rate = 3\n").unwrap();
    let out = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(err.contains("lectern.toml:2:1") && err.contains("speling_rate"), "{err}");
    // the valid key still applied
    assert!(json_of(&out).iter().any(|f| f["message"].as_str().unwrap().contains("missing figure")));

    let shown = run(&["config", dir.path().to_str().unwrap()]);
    let s = String::from_utf8(shown.stdout).unwrap();
    assert!(s.contains("locale = \"en\"") && s.contains("lectern.toml"), "{s}");
}

#[test]
fn version_and_help() {
    let v = run(&["--version"]);
    assert_eq!(v.status.code(), Some(0));
    assert!(String::from_utf8(v.stdout).unwrap().starts_with("lectern "));
    let h = run(&["--help"]);
    assert!(String::from_utf8(h.stdout).unwrap().contains("check"));
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
}

#[test]
fn ci_report_formats_and_stats() {
    let ex = example();
    let ex = ex.to_str().unwrap();
    let sarif: Value = serde_json::from_slice(&run(&["check", "--format", "sarif", ex]).stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());
    let gh = String::from_utf8(run(&["check", "--format", "github", ex]).stdout).unwrap();
    assert!(gh.lines().all(|l| l.starts_with("::")), "{gh}");
    assert!(gh.contains("line=66"));
    let rd: Value = serde_json::from_slice(&run(&["check", "--format", "rdjson", ex]).stdout).unwrap();
    assert!(!rd["diagnostics"].as_array().unwrap().is_empty());

    let out = run(&["stats", "--format", "json", ex]);
    assert_eq!(out.status.code(), Some(0));
    let st: Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &st[0];
    let sum: u64 = first["sections"].as_array().unwrap().iter().map(|s| s["chars"].as_u64().unwrap()).sum();
    assert_eq!(sum, first["chars"].as_u64().unwrap());
    assert_eq!(first["rate"], 240);
    let text = String::from_utf8(run(&["stats", "--rate", "120", ex]).stdout).unwrap();
    assert!(text.contains("全文") && text.contains("三、强化组织保障"), "{text}");
}

#[cfg(unix)]
#[test]
fn fix_never_writes_through_a_symbolic_link_and_leaves_the_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    std::fs::write(&target, "上一篇:在全市会议上的讲话\n正文。\n").unwrap();
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(&["check", "--fix", link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("是符号链接"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(&["check", "--fix", "--locale", "en", link.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "上一篇:在全市会议上的讲话\n正文。\n");
    // walking a folder does not follow links at all
    let out = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let paths: Vec<String> = json_of(&out).iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
    assert!(paths.iter().all(|p| p.ends_with("real.txt")), "{paths:?}");
}
